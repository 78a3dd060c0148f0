/**
 * `npx tsx scripts/check-cases.ts [--match REGEX] [--python PATH]... [--no-standalone]`
 *
 * Checks the `validate` table (src/conformance/ops/validate_cases.ts) against every CPython
 * found (pyenv's, `python3`, and Pyodide for 3.14; or only those given with `--python`):
 * per interpreter, one program making every call the release offers (those whose name
 * matches `--match`), run on our loop and in a reference worker, and, for interpreters that
 * are executables, also as a standalone Python file (worker and standalone differ in
 * process set-up, such as the warning filters). Prints one line per interpreter and mode,
 * and the first differing call with both sides' events. Exits 1 when any side differs.
 *
 * Use it after adding or changing a case, before recording the corpus.
 *
 * @example
 * ```sh
 * npx tsx scripts/check-cases.ts --match "^repr\\("
 * ```
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { compareProgram } from "../src/conformance/compare.ts";
import { formatDivergence } from "../src/conformance/diff.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { interpret } from "../src/conformance/interpret.ts";
import { discoverInterpreters, isPyodideName, type Interpreter } from "../src/conformance/interpreters.ts";
import { parseProgram, type Program } from "../src/conformance/ir/index.ts";
import { casesFor } from "../src/conformance/ops/validate_cases.ts";
import { ReferencePool } from "../src/conformance/reference/pool.ts";
import { traceLines } from "../src/conformance/trace.ts";

const HELP = `usage: npx tsx scripts/check-cases.ts [--match REGEX] [--python PATH]... [--no-standalone]
  --match REGEX     only the validate calls whose name matches (default: all)
  --python PATH     an interpreter to check against (repeatable; default: every one found)
  --no-standalone   skip the standalone-file run of each executable interpreter`;

const { values } = parseArgs({
  options: {
    match: { type: "string" },
    python: { type: "string", multiple: true, default: [] },
    "no-standalone": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
let pattern: RegExp | null = null;
try {
  pattern = values.match === undefined ? null : new RegExp(values.match);
} catch (error) {
  console.error(`--match: ${(error as Error).message}`);
  process.exit(2);
}

const { found, skipped } = await discoverInterpreters(values.python.length > 0 ? { explicit: values.python, pyenv: false, pyodide: false } : {});
for (const s of skipped) console.error(`skipped ${s.path}: ${s.reason}`);
const seen = new Set<string>();
const interpreters = found.filter((i) => !seen.has(i.version) && seen.add(i.version));
if (interpreters.length === 0) {
  console.error("no CPython found: give one with --python PATH");
  process.exit(2);
}

function programFor(minor: number): Program | null {
  const calls = casesFor(minor).filter((name) => pattern === null || pattern.test(name));
  if (calls.length === 0) return null;
  return parseProgram({ schema: 1, exceptions: [], coroutines: {}, main: calls.map((call) => ({ op: "validate", call })) });
}

/** The worker run: our loop against a reference worker, as a campaign compares. */
async function checkWorker(py: Interpreter, program: Program): Promise<string | null> {
  const pool = await ReferencePool.start({ interpreter: py, workers: 1 });
  try {
    const result = await compareProgram(program, { pool, python: py.python });
    if (result.status === "agree") return null;
    if (result.status === "diverge" && result.divergence) return formatDivergence(result.divergence, { width: 160 });
    if (result.status === "ours-error") return `our side failed:\n${result.oursError}`;
    return `CPython side failed:\n${result.reference.ok ? "" : result.reference.error}`;
  } finally {
    await pool.close();
  }
}

/** The standalone run: the emitted file's printed trace against the interpreter's. */
async function checkStandalone(py: Interpreter, program: Program, dir: string): Promise<string | null> {
  const file = join(dir, `cases_${py.python}.py`);
  writeFileSync(file, emitPython(program, { python: py.python, standalone: true }));
  const expected = traceLines(interpret(program, { python: py.python }));
  const { stdout, stderr, exitCode } = await execa(py.path, [file], { env: { PYTHONHASHSEED: "0" }, reject: false, timeout: 600_000 });
  const printed = stdout.split("\n");
  for (let i = 0; i < Math.max(printed.length, expected.length); i++) {
    if (printed[i] !== expected[i]) {
      return `line ${i + 1}\n  ours:    ${expected[i] ?? "(end)"}\n  CPython: ${printed[i] ?? "(end)"}${exitCode !== 0 ? `\n${stderr.split("\n").slice(-5).join("\n")}` : ""}`;
    }
  }
  return null;
}

const dir = mkdtempSync(join(tmpdir(), "check-cases-"));
let failed = false;
try {
  for (const py of interpreters) {
    const program = programFor(Number(py.python.split(".")[1]));
    if (program === null) {
      console.log(`${py.version}: no matching call on ${py.python}`);
      continue;
    }
    const calls = program.main.length;
    const worker = await checkWorker(py, program);
    console.log(`${py.version} worker: ${worker === null ? `${calls} calls agree` : "DIFFERS"}`);
    if (worker !== null) console.log(worker);
    failed ||= worker !== null;
    if (values["no-standalone"] || isPyodideName(py.path)) continue;
    const standalone = await checkStandalone(py, program, dir);
    console.log(`${py.version} standalone: ${standalone === null ? `${calls} calls agree` : "DIFFERS"}`);
    if (standalone !== null) console.log(standalone);
    failed ||= standalone !== null;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
