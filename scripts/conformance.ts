/**
 * `npm run conformance -- --runs N [--seed S] [--python PATH] [--target 3.X] [--workers N]`
 *
 * Runs a campaign of N generated programs on our loop and on CPython, prints what the
 * programs exercised and every divergence (shrunk, side by side, with the command that
 * reproduces it and the minimal program in Python and TypeScript), and writes
 * reports/<run-id>/. Exits 0 when every program agreed, 1 on any divergence, reference
 * error or generator warning, 2 on bad usage or a missing interpreter.
 */
import { parseArgs } from "node:util";
import { PYTHON_VERSIONS, parsePythonVersion, type PythonVersion } from "../src/asyncio/version.ts";
import type { LoopFaults } from "../src/asyncio/base_events.ts";
import { makeRunId, runCampaign } from "../src/conformance/campaign.ts";
import { formatDivergence } from "../src/conformance/diff.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { emitTs } from "../src/conformance/emit_ts.ts";
import { FEATURE_AREAS, type FeatureArea } from "../src/conformance/generate/index.ts";
import { defaultInterpreter, discoverInterpreters, pickPerRelease } from "../src/conformance/interpreters.ts";
import { runMatrix, writeConformanceMarkdown } from "../src/conformance/matrix.ts";
import { compareProgram } from "../src/conformance/compare.ts";
import {
  EXPECTATIONS_FILE,
  judge,
  loadExpectations,
  replayable,
  saveExpectations,
  updateExpectations,
} from "../src/conformance/expectations.ts";
import { ReferencePool } from "../src/conformance/reference/pool.ts";
import { readProgramFile } from "../src/conformance/replay.ts";
import { progressReporter } from "../src/conformance/progress.ts";

const FAULTS = ["fifoTimers", "sameIterationCallbacks", "sameIterationWakeups", "coarseClockResolution"] as const;

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run conformance -- --runs N [--seed S] [--python PATH] [--target 3.X] [--workers N] [--feature AREA] [--shard K/N] [--matrix] [--no-shrink] [--report-root DIR]`,
  );
  process.exit(2);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
      runs: { type: "string", default: "200" },
      seed: { type: "string" },
      python: { type: "string", multiple: true },
      matrix: { type: "boolean", default: false },
      target: { type: "string" },
      workers: { type: "string" },
      "no-shrink": { type: "boolean", default: false },
      "report-root": { type: "string", default: "reports" },
      fault: { type: "string", multiple: true },
      feature: { type: "string" },
      shard: { type: "string" },
      expectations: { type: "string", default: EXPECTATIONS_FILE },
      "update-expectations": { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}
const values = parseCommandLine();

const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a positive integer, got ${values.runs}`);
const seed = values.seed === undefined ? (Date.now() ^ (process.pid << 8)) >>> 0 : Number(values.seed);
if (!Number.isInteger(seed)) usage(`--seed must be an integer, got ${values.seed}`);
const faults: LoopFaults = {};
for (const fault of values.fault ?? []) {
  if (!(FAULTS as readonly string[]).includes(fault)) usage(`unknown --fault ${fault} (test-only: ${FAULTS.join(", ")})`);
  faults[fault as (typeof FAULTS)[number]] = true;
}

let shard: { index: number; count: number } | undefined;
if (values.shard !== undefined) {
  const m = /^(\d+)\/(\d+)$/.exec(values.shard);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) usage(`--shard must be K/N with 1 <= K <= N, got ${values.shard}`);
  shard = { index: Number(m[1]), count: Number(m[2]) };
}
if (values.feature !== undefined && !(FEATURE_AREAS as readonly string[]).includes(values.feature)) {
  usage(`unknown --feature ${values.feature} (one of ${FEATURE_AREAS.join(", ")})`);
}

if (values.matrix) {
  await runMatrixCommand();
  process.exit(process.exitCode ?? 0);
}

const interpreter = await defaultInterpreter(values.python?.length ? { explicit: [values.python[0] as string] } : {});
if ("reason" in interpreter) {
  console.error(`no CPython to compare against: ${interpreter.reason}`);
  process.exit(2);
}
let target: PythonVersion = interpreter.python;
if (values.target !== undefined) {
  try {
    target = parsePythonVersion(values.target);
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
}

console.error(
  `campaign: ${runs} programs${values.feature ? ` using ${values.feature}` : ""}, seed ${seed}, target Python ${target}, reference CPython ${interpreter.version} (${interpreter.path})`,
);
if (target !== interpreter.python) {
  console.error(`warning: the target ${target} differs from the interpreter's release ${interpreter.python}`);
}
const controller = new AbortController();
process.once("SIGINT", () => {
  console.error("\ninterrupted: finishing the programs in flight and writing the report");
  controller.abort();
});

// One pool for the campaign and for replaying the expectations, closed however the run ends.
// Without --workers (or with 0 or not a number) the pool has its default size.
const workers = Number(values.workers);
const pool = await ReferencePool.start({ interpreter, ...(workers ? { workers } : {}) });
let ok = false;
try {
  const { summary, failures, runDir } = await runCampaign({
    runs,
    seed,
    interpreter,
    target,
    pool,
    ...(Object.keys(faults).length ? { faults } : {}),
    ...(values.feature ? { feature: values.feature as FeatureArea } : {}),
    ...(shard ? { shard } : {}),
    ...(shard ? { runId: `${makeRunId(seed)}-shard${shard.index}of${shard.count}` } : {}),
    shrink: !values["no-shrink"],
    reportRoot: values["report-root"] as string,
    onProgress: progressReporter(process.stderr),
    signal: controller.signal,
  });
  if (process.stderr.isTTY) process.stderr.write("\n");

  const ex = summary.exercised;
  console.log(`\n${summary.agree} of ${summary.completed} programs agree with CPython ${summary.interpreter.version}` +
    ` (${summary.diverge} diverge, ${summary.referenceErrors} reference errors) in ${summary.seconds.toFixed(1)} s,` +
    ` ${summary.programsPerSecond} programs/s with ${summary.workers} workers.`);
  console.log(`exercised: tasks/program ${ex.tasksPerProgram.mean} (max ${ex.tasksPerProgram.max}), events/program ${ex.eventsPerProgram.mean} (max ${ex.eventsPerProgram.max}), statements/program ${ex.statementsPerProgram.mean}`);
  console.log(`endings: ${Object.entries(ex.endings).map(([k, v]) => `${k} ${v}`).join(", ")}; trivial programs: ${ex.trivialPrograms}`);
  console.log(`statements: ${Object.entries(ex.statements).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log(
    `version-specific: ${Object.entries(ex.versionSensitive).map(([v, n]) => `${n} programs would trace differently under ${v}`).join(", ") || "(no neighbouring release)"}`,
  );
  for (const warning of summary.warnings) console.log(`WARNING: ${warning}`);

  for (const failure of failures) {
    const divergence = failure.minimalResult.divergence ?? failure.result.divergence;
    console.log(`\n=== divergence in program ${failure.index} (${failure.key})`);
    if (divergence) console.log(formatDivergence(divergence, { width: process.stdout.columns ?? 140 }));
    else console.log(failure.minimalResult.oursError ?? failure.result.oursError ?? "");
    console.log(`\nreproduce: ${failure.repro}`);
    if (failure.dir) console.log(`       or: npm run repro -- ${failure.dir}/program.json`);
    console.log(`\nminimal program (Python):\n${emitPython(failure.minimal, { python: summary.target })}`);
    console.log(`minimal program (TypeScript):\n${emitTs(failure.minimal, { python: summary.target })}`);
  }
  for (const error of summary.referenceErrorList.slice(0, 5)) {
    console.log(`\nreference error in program ${error.index} (${error.kind}): ${error.error.split("\n").slice(-3).join(" | ")}`);
  }
  if (runDir) console.log(`\nreport: ${runDir}/summary.json, ${runDir}/index.html`);

  // Expectations: divergences known in advance do not fail the campaign; an expected one
  // whose program now agrees does (the entry must go).
  const expectations = loadExpectations(values.expectations as string);
  const verdict = judge(summary, expectations);
  const nowPassing: string[] = [];
  const toReplay = replayable(expectations, summary.target);
  for (const entry of toReplay) {
    const result = await compareProgram(readProgramFile(entry.program as string), {
      pool,
      python: summary.target,
      ...(Object.keys(faults).length ? { faults } : {}),
    });
    if (result.status === "agree") nowPassing.push(entry.key);
  }
  for (const e of verdict.expected) console.log(`expected divergence (${e.tier}): ${e.key}`);
  for (const key of verdict.unexpected) console.log(`UNEXPECTED divergence: ${key}`);
  for (const key of nowPassing) console.log(`expected failure now passes (remove it from ${values.expectations}): ${key}`);
  if (values["update-expectations"]) {
    saveExpectations(values.expectations as string, updateExpectations(expectations, summary, nowPassing));
    console.log(`updated ${values.expectations}`);
  }
  ok =
    verdict.unexpected.length === 0 &&
    nowPassing.length === 0 &&
    summary.referenceErrors === 0 &&
    summary.warnings.length === 0 &&
    !summary.interrupted;
} finally {
  await pool.close();
}
process.exit(ok ? 0 : 1);

/** `--matrix`: every release found, one campaign each, and reports/CONFORMANCE.md. */
async function runMatrixCommand(): Promise<void> {
  const { found, skipped } = await discoverInterpreters(values.python?.length ? { explicit: values.python } : {});
  // One interpreter per release: the newest patch level found (explicit --python paths first).
  const byRelease = pickPerRelease(found, { prefer: "newest" });
  const interpreters = PYTHON_VERSIONS.flatMap((v) => byRelease.get(v) ?? []);
  console.error("interpreters found:");
  for (const i of interpreters) console.error(`  ${i.python}: CPython ${i.version} at ${i.path} (${i.source})`);
  const duplicates = found.filter((i) => !interpreters.includes(i));
  for (const i of duplicates) console.error(`  not used (release ${i.python} already covered): ${i.version} at ${i.path}`);
  for (const s of skipped) console.error(`  skipped: ${s.path}: ${s.reason}`);
  const missing = PYTHON_VERSIONS.filter((v) => !byRelease.has(v));
  if (missing.length > 0) console.error(`releases with no interpreter: ${missing.join(", ")}`);
  if (interpreters.length === 0) {
    console.error("no interpreter to run the matrix on; point at some with --python PATH (repeatable) or ASYNCIO_TS_PYTHON");
    process.exitCode = 2;
    return;
  }
  const report = progressReporter(process.stderr);
  const { rows, labelled, runId, unavailable } = await runMatrix({
    runs,
    seed,
    interpreters,
    ...(values.workers ? { workers: Number(values.workers) } : {}),
    ...(values.feature ? { feature: values.feature as FeatureArea } : {}),
    reportRoot: values["report-root"] as string,
    onProgress: (_python, p) => report(p),
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const skippedText = [
    ...unavailable.map((u) => `${u} (could not start)`),
    ...missing.map((v) => `${v} (no interpreter found)`),
    ...skipped.map((s) => `${s.path} (${s.reason})`),
  ];
  const markdown = `${values["report-root"]}/CONFORMANCE.md`;
  writeConformanceMarkdown(markdown, rows, labelled, { seed, runs, runId, skipped: skippedText });
  for (const row of rows) {
    const s = row.summary;
    console.log(`${row.python}: ${s.agree} of ${s.completed} agree with CPython ${s.interpreter.version} (${s.diverge} diverge, ${s.referenceErrors} reference errors) in ${s.seconds.toFixed(1)} s`);
  }
  for (const f of labelled) console.log(`${f.python}: ${f.key}: ${f.label}\n  reproduce: ${f.repro}`);
  console.log(`\nreport: ${markdown}`);
  for (const u of unavailable) console.log(`could not run: ${u}`);
  const ok = unavailable.length === 0 && rows.every((r) => r.summary.diverge === 0 && r.summary.referenceErrors === 0);
  process.exitCode = ok ? 0 : 1;
}
