/**
 * reports/BENCH.md, written from a benchmark's results: the summary of ratios, one table
 * per workload, memory, and the environment they were measured in.
 *
 * @example
 * ```ts
 * writeFileSync("reports/BENCH.md", benchMarkdown(env, results, memory));
 * ```
 * @module
 */
import type { ProfileSummary } from "./profile.ts";
import type { Environment, MemoryResult, Row, WorkloadResult } from "./results.ts";
import { oursRow, ratio, workloadJson } from "./results.ts";

const ms = (seconds: number) => `${(seconds * 1000).toFixed(seconds < 0.1 ? 1 : 0)} ms`;
const x = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${value.toFixed(2)}x`);
const pct = (share: number | undefined) => (share === undefined ? "–" : `${(share * 100).toFixed(0)}%`);

function perUnit(row: Row, count: number): string {
  const ns = (row.best / count) * 1e9;
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}

function environmentLines(env: Environment): string[] {
  const releases = Object.entries(env.cpython).map(([, v]) => v);
  return [
    `Measured ${env.date} on ${env.cores} x ${env.cpu} (${env.memoryGiB} GiB), Node ${env.node}, ` +
      `Effection ${env.effection ?? "not installed"}, CPython ${releases.join(", ") || "none found"}.`,
    `Load average (1, 5, 15 min): ${env.loadAverage.start.map((l) => l.toFixed(2)).join(", ")} at the start, ` +
      `${env.loadAverage.end.map((l) => l.toFixed(2)).join(", ")} at the end. The machine is shared: compare ratios, ` +
      "not absolute times.",
    `Method: every implementation of a workload runs in a process of its own: ${env.warmup} warm-up run(s), not ` +
      `measured, then ${env.runs} measured runs (Effection 4 at most 1 and 3: one of its runs takes tens of seconds). ` +
      "Ratios divide best times (the least disturbed by other load); medians are in the tables. " +
      (env.scale === 1 ? "" : `Sizes scaled by ${env.scale}. `) +
      "GC share: garbage-collection pauses (PerformanceObserver 'gc' entries) over the measured time.",
  ];
}

function summaryTable(results: WorkloadResult[]): string[] {
  const releases = [...new Set(results.flatMap((r) => r.rows.flatMap((row) => (row.release ? [row.release] : []))))].sort(
    (a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]),
  );
  const lines = [
    `| workload | ${releases.map((r) => `vs CPython ${r}`).join(" | ")} | vs native | vs Effection | GC share (ours) |`,
    `|---|${releases.map(() => "---|").join("")}---|---|---|`,
  ];
  for (const result of results) {
    const json = workloadJson(result);
    const ours = oursRow(result);
    lines.push(
      `| ${result.workload.title} | ${releases.map((r) => x(json.vsCPython[r])).join(" | ")} | ${x(json.vsNative)} | ` +
        `${x(json.vsEffection)} | ${pct(ours?.gcShare)} |`,
    );
  }
  return lines;
}

function workloadSection(result: WorkloadResult): string[] {
  const { workload } = result;
  const ours = oursRow(result);
  const count = workload.unit.count(result.params);
  const params = Object.entries(result.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const lines = [
    `### ${workload.title} (\`${workload.name}\`)`,
    "",
    workload.description,
    "",
    `Sizes: ${params} (${count.toLocaleString("en")} ${workload.unit.name}s a run). Module per implementation: ` +
      `\`scripts/bench/${workload.folder}/\`.`,
    "",
    `| implementation | best | median | per ${workload.unit.name} | this time / asyncio-ts | GC share |`,
    "|---|---|---|---|---|---|",
  ];
  for (const row of result.rows) {
    lines.push(
      `| ${row.label} | ${ms(row.best)} | ${ms(row.median)} | ${perUnit(row, count)} | ` +
        `${ours === undefined ? "–" : x(ratio(row, ours))} | ${pct(row.gcShare)} |`,
    );
  }
  for (const skip of result.skipped) lines.push(`| ${skip.label} | not run: ${skip.reason} | | | | |`);
  if (workload.notes?.length) lines.push("", ...workload.notes);
  if (result.profile !== undefined) lines.push("", ...profileLines(result.profile));
  lines.push("");
  return lines;
}

/** Where asyncio-ts's time went in this workload (see scripts/bench/profile.ts). */
function profileLines(profile: ProfileSummary): string[] {
  const list = (shares: ProfileSummary["parts"]) => shares.filter((s) => s.share >= 0.005).map((s) => `${s.name} ${pct(s.share)}`);
  return [
    `Where asyncio-ts's time goes (self time in a V8 CPU profile of its measured runs, ${profile.busyMs.toFixed(0)} ms ` +
      `sampled every ${profile.intervalUs} µs; a function V8 inlined counts as its caller's): ${list(profile.parts).join(", ")}. ` +
      `Top functions: ${list(profile.top).join(", ")}.`,
  ];
}

function memorySection(memory: MemoryResult): string[] {
  const lines = [
    "## Memory",
    "",
    "Heap bytes per pending task (100,000 tasks parked on one Future, each after its first step) and per pending " +
      "timer (100,000 `call_later`), the list holding them included. asyncio-ts: growth of " +
      "`process.memoryUsage().heapUsed` between full collections in a child `node --expose-gc` " +
      "(`scripts/bench/memory/asyncio_ts.ts`); CPython: `tracemalloc` (`scripts/bench/memory/cpython.py`).",
    "",
    "| | bytes per pending task | bytes per pending timer |",
    "|---|---|---|",
    `| asyncio-ts | ${memory.ours.bytesPerTask.toFixed(0)} | ${memory.ours.bytesPerTimer.toFixed(0)} |`,
  ];
  for (const { release, figures } of memory.cpython) {
    lines.push(`| CPython ${figures.version ?? release} | ${figures.bytesPerTask.toFixed(0)} | ${figures.bytesPerTimer.toFixed(0)} |`);
  }
  for (const skip of memory.skipped) lines.push(`| ${skip.label} | not run: ${skip.reason} | |`);
  lines.push("");
  return lines;
}

/** The whole report. */
export function benchMarkdown(env: Environment, results: WorkloadResult[], memory: MemoryResult | null): string {
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench.ts; `npm run bench -- --help` lists the options). Each workload is " +
      "written idiomatically for asyncio-ts, CPython asyncio (run under every CPython release found), native Node " +
      "async/await and, where it can express it, Effection 4. A ratio is the other implementation's time divided by " +
      "asyncio-ts's (virtual clock): above 1, asyncio-ts is faster.",
    "",
    ...environmentLines(env),
    "",
    "## Summary",
    "",
    ...summaryTable(results),
    "",
    "## Workloads",
    "",
    ...results.flatMap(workloadSection),
    ...(memory === null ? [] : memorySection(memory)),
  ].join("\n");
}
