/**
 * `npm run repro -- --seed S --path P [--target 3.X] [--python PATH]`
 * `npm run repro -- FILE.json [--target 3.X] [--python PATH] [--show]`
 *
 * Runs exactly one program, once, on our loop and on CPython, and prints the divergence
 * side by side, or says that they agree. `--show` also prints the program as Python and
 * TypeScript. Exits 0 when they agree, 1 when they diverge or CPython fails, 2 on bad input.
 */
import { parseArgs } from "node:util";
import { parsePythonVersion, type PythonVersion } from "../src/asyncio/version.ts";
import { compareProgram } from "../src/conformance/compare.ts";
import { formatDivergence } from "../src/conformance/diff.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { emitTs } from "../src/conformance/emit_ts.ts";
import { FEATURE_AREAS, type FeatureArea } from "../src/conformance/generate/index.ts";
import { defaultInterpreter } from "../src/conformance/interpreters.ts";
import type { Program } from "../src/conformance/ir/index.ts";
import { ReferencePool } from "../src/conformance/reference/pool.ts";
import { programAtPath, readProgramFile } from "../src/conformance/replay.ts";
import { countStatements } from "../src/conformance/shrink.ts";

function fail(message: string): never {
  console.error(message);
  console.error("usage: npm run repro -- --seed S --path P [--target 3.X] [--python PATH]\n       npm run repro -- FILE.json [--python PATH] [--show]");
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "string" },
      path: { type: "string" },
      target: { type: "string" },
      python: { type: "string" },
      show: { type: "boolean", default: false },
      feature: { type: "string" },
    },
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = parsed;

const interpreter = await defaultInterpreter(values.python ? { explicit: [values.python] } : {});
if ("reason" in interpreter) fail(`no CPython to compare against: ${interpreter.reason}`);

let program: Program;
let target: PythonVersion;
try {
  const explicitTarget = values.target === undefined ? undefined : parsePythonVersion(values.target);
  if (positionals.length === 1 && values.seed === undefined) {
    program = readProgramFile(positionals[0] as string);
    target = explicitTarget ?? program.python ?? interpreter.python;
  } else if (positionals.length === 0 && values.seed !== undefined && values.path !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
    target = explicitTarget ?? interpreter.python;
    if (values.feature !== undefined && !(FEATURE_AREAS as readonly string[]).includes(values.feature)) {
      fail(`unknown --feature ${values.feature} (one of ${FEATURE_AREAS.join(", ")})`);
    }
    program = programAtPath({
      seed,
      path: values.path,
      python: target,
      ...(values.feature ? { feature: values.feature as FeatureArea } : {}),
    });
  } else {
    fail("give either a program file, or --seed and --path");
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

if (target !== interpreter.python) {
  console.error(`note: target Python ${target}, reference CPython ${interpreter.version}`);
}
const pool = await ReferencePool.start({ interpreter, workers: 1 });
try {
  const result = await compareProgram(program, { pool, python: target });
  console.log(`program: ${countStatements(program)} statements, target Python ${target}, CPython ${pool.python} at ${interpreter.path}`);
  if (values.show) {
    console.log(`\n--- Python\n${emitPython(program, { python: target })}\n--- TypeScript\n${emitTs(program, { python: target })}`);
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
  await pool.close();
}
