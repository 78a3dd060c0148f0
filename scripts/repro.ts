/**
 * `npm run repro -- --seed S --path P [--target 3.X] [--feature AREA] [--fault NAME] [--python PATH]`
 * `npm run repro -- FILE.json [--target 3.X] [--fault NAME] [--python PATH] [--show]`
 * (`--help` lists every flag with its default; src/conformance/commands.ts declares them).
 *
 * Runs exactly one program, once, on our loop and on CPython, and prints the divergence
 * side by side, or says that they agree. `--fault` switches on the same deliberate loop
 * faults a campaign ran with, so its failures reproduce. Every argument is checked before
 * an interpreter starts. Exits 0 when they agree, 1 when they diverge or a side fails, 2
 * on bad input.
 */
import type { LoopFaults } from "../src/conformance/faults.ts";
import type { PythonVersion } from "../src/asyncio/version.ts";
import { featureNotApplicable } from "../src/conformance/campaign.ts";
import { parseOrExit, usageExit } from "../src/conformance/cli.ts";
import { checkReproArgs, reproCli } from "../src/conformance/commands.ts";
import { compareProgram } from "../src/conformance/compare.ts";
import { formatDivergence } from "../src/conformance/diff.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { emitTs } from "../src/conformance/emit_ts.ts";
import { defaultInterpreter } from "../src/conformance/interpreters.ts";
import { checkProgramForTarget, type Program } from "../src/conformance/ir/index.ts";
import { ReferencePool, WorkerStartError } from "../src/conformance/reference/pool.ts";
import { programAtPath, readProgramFile } from "../src/conformance/replay.ts";
import { faultNote } from "../src/conformance/report.ts";
import { countStatements } from "../src/conformance/shrink.ts";

const parsed = parseOrExit(reproCli, process.argv.slice(2));
const { values, positionals } = parsed;
try {
  checkReproArgs(parsed);
} catch (error) {
  usageExit(reproCli, error);
}
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const file = positionals[0];
const faults: LoopFaults | undefined = values.fault.length ? Object.fromEntries(values.fault.map((f) => [f, true])) : undefined;

// A program file is read and checked before any interpreter starts.
let fromFile: Program | undefined;
if (file !== undefined) {
  try {
    fromFile = readProgramFile(file);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const interpreter = await defaultInterpreter(values.python ? { explicit: [values.python] } : {});
if ("reason" in interpreter) fail(`no CPython to compare against: ${interpreter.reason}`);
const py = interpreter as Exclude<typeof interpreter, { reason: string }>;

const target: PythonVersion = values.target ?? fromFile?.python ?? py.python;
let program: Program;
if (fromFile !== undefined) {
  program = fromFile;
  const problems = checkProgramForTarget(program, target);
  if (problems.length > 0) fail(`${file} cannot run under target ${target}: ${problems[0]?.message ?? "it uses what that release lacks"}`);
} else {
  const why = values.feature ? featureNotApplicable(values.feature, target) : null;
  if (why !== null) fail(`--feature ${values.feature} is not applicable to target ${target}: ${why}`);
  try {
    program = programAtPath({
      seed: values.seed as number,
      path: values.path as string,
      python: target,
      ...(values.feature ? { feature: values.feature } : {}),
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

if (target !== py.python) console.error(`note: target Python ${target}, reference CPython ${py.version}`);
const note = faultNote(values.fault);
if (note) console.error(`note: ${note}`);
let pool: ReferencePool;
try {
  pool = await ReferencePool.start({ interpreter: py, workers: 1 });
} catch (error) {
  if (!(error instanceof WorkerStartError)) throw error;
  fail(error.message);
}
try {
  const result = await compareProgram(program!, { pool: pool!, python: target, ...(faults ? { faults } : {}) });
  console.log(`program: ${countStatements(program!)} statements, target Python ${target}, CPython ${pool!.python} at ${py.path}${faults ? `, loop faults ${values.fault.join(", ")}` : ""}`);
  if (values.show) {
    console.log(`\n--- Python\n${emitPython(program!, { python: target })}\n--- TypeScript\n${emitTs(program!, { python: target })}`);
  }
  if (result.status === "agree") {
    console.log(`agrees: ${result.ours?.events.length} events, outcome ${result.ours?.outcome.kind}`);
    process.exitCode = 0;
  } else if (result.status === "diverge" && result.divergence) {
    console.log(formatDivergence(result.divergence, { width: process.stdout.columns ?? 140 }));
    process.exitCode = 1;
  } else if (result.status === "ours-error") {
    console.log(`our side failed:\n${result.oursError}`);
    process.exitCode = 1;
  } else if (!result.reference.ok) {
    console.log(`CPython side failed (${result.reference.kind}):\n${result.reference.error}`);
    process.exitCode = 1;
  }
} finally {
  await pool!.close();
}
