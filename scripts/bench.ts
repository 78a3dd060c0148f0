/**
 * `npm run bench`: the scheduler's speed side by side with CPython's asyncio and with
 * native Node async/await, on the same workload: 10,000 tasks each doing 100 `sleep(0)`
 * (one million task steps). Prints the table and writes reports/BENCH.md.
 *
 * Options: --tasks N --steps M --repeats R (best of R runs is reported), --python PATH.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execa } from "execa";
import * as asyncio from "../src/asyncio/index.ts";
import { defaultInterpreter } from "../src/conformance/interpreters.ts";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "10000" },
    steps: { type: "string", default: "100" },
    repeats: { type: "string", default: "7" },
    python: { type: "string", multiple: true },
    "no-write": { type: "boolean", default: false },
  },
});
const TASKS = Number(values.tasks);
const STEPS = Number(values.steps);
const REPEATS = Number(values.repeats);

function best(run: () => void): number {
  let min = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    run();
    min = Math.min(min, (performance.now() - start) / 1000);
  }
  return min;
}

async function bestAsync(run: () => Promise<void>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await run();
    min = Math.min(min, (performance.now() - start) / 1000);
  }
  return min;
}

// -- asyncio-ts ---------------------------------------------------------------------------
const worker = asyncio.asyncDef(function* worker(): asyncio.Coroutine<void> {
  for (let i = 0; i < STEPS; i++) yield* asyncio.sleep(0);
});
const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
  const coros = [];
  for (let i = 0; i < TASKS; i++) coros.push(worker());
  yield* asyncio.gather(coros);
});

const ours = best(() => asyncio.run(main()));
const oursReal = await bestAsync(() => asyncio.run(main(), { clock: "real" }));

// -- native Node: the same shape with async functions; `await null` is one scheduling step.
async function nativeWorker(): Promise<void> {
  for (let i = 0; i < STEPS; i++) await null;
}
const native = await bestAsync(async () => {
  const all = [];
  for (let i = 0; i < TASKS; i++) all.push(nativeWorker());
  await Promise.all(all);
});

// -- CPython ------------------------------------------------------------------------------
const interpreter = await defaultInterpreter({ explicit: values.python, pyodide: false });
let python: { seconds: number; version: string } | null = null;
if ("reason" in interpreter) {
  console.error(`CPython skipped: ${interpreter.reason}`);
} else {
  const script = fileURLToPath(new URL("./bench/sleep0.py", import.meta.url));
  const { stdout } = await execa(interpreter.path, [script, String(TASKS), String(STEPS), String(REPEATS)]);
  python = JSON.parse(stdout) as { seconds: number; version: string };
}

// -- report -------------------------------------------------------------------------------
const steps = TASKS * STEPS;
const rows: [string, number][] = [
  ["asyncio-ts, virtual clock", ours],
  ["asyncio-ts, real clock", oursReal],
  ["native Node async/await", native],
];
if (python) rows.push([`CPython ${python.version} asyncio`, python.seconds]);
const fmt = (s: number) => `${(s * 1000).toFixed(0)} ms`;
const perStep = (s: number) => `${((s / steps) * 1e9).toFixed(0)} ns`;
const lines = [
  `Workload: ${TASKS.toLocaleString("en")} tasks x ${STEPS} sleep(0) = ${steps.toLocaleString("en")} task steps, best of ${REPEATS} runs each.`,
  "",
  "| implementation | time | per step | CPython time / this |",
  "|---|---|---|---|",
  ...rows.map(
    ([name, s]) => `| ${name} | ${fmt(s)} | ${perStep(s)} | ${python ? `${(python.seconds / s).toFixed(1)}x` : "n/a"} |`,
  ),
];
const summary = python
  ? `asyncio-ts (virtual clock) is ${(python.seconds / ours).toFixed(1)}x faster than CPython ${python.version}; native async/await is ${(ours / native).toFixed(1)}x faster than asyncio-ts.`
  : "CPython was not found, so no ratio.";
console.log(lines.join("\n"));
console.log(`\n${summary}`);

if (!values["no-write"]) {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const report = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench.ts). Wall-clock times on one machine; compare ratios, not",
    "absolute numbers.",
    "",
    `Machine: ${cpus().length} x ${cpu}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "## Scheduler: sleep(0) round trips",
    "",
    ...lines,
    "",
    summary,
    "",
  ].join("\n");
  writeFileSync(fileURLToPath(new URL("../reports/BENCH.md", import.meta.url)), report);
}
