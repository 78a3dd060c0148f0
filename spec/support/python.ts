/**
 * Running real CPython from specs: the interpreter `npm test` compares against (the
 * `ASYNCIO_TS_PYTHON` variable, else `python3` on PATH), every release found for version
 * matrices, and a helper that runs a script with JSON in and JSON out.
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { inject } from "vitest";
import { pyodideInterpreter, type Interpreter } from "../../src/conformance/interpreters.ts";
import { PYTHON_VERSIONS, type PythonVersion } from "../../src/asyncio/version.ts";

/** `python-reference/`, importable by the scripts the specs run. */
export const REFERENCE_DIR = fileURLToPath(new URL("../../python-reference/", import.meta.url));

// spec/support/global_setup.ts finds the interpreters once per run and provides them.

/** The interpreter specs compare against, or null (then `pythonMissing` says why). */
export const python3: Interpreter | null = inject("python3");

/** Why no interpreter is available, for skip messages. */
export const pythonMissing: string | null = inject("pythonMissing");

/** One interpreter per CPython release on this machine (pyenv, PATH, ASYNCIO_TS_PYTHON). */
export const releases: Map<PythonVersion, Interpreter> = new Map(inject("releases"));

/**
 * Runs `script` (a file path) with `input` as JSON on stdin and parses stdout as JSON.
 * `python-reference/` is on the module path. Fails with the interpreter's stderr.
 */
export async function runPythonJson<T>(interpreter: Interpreter, script: string, input: unknown): Promise<T> {
  const result = await execa(interpreter.path, ["-X", "utf8", script], {
    input: JSON.stringify(input),
    env: { PYTHONPATH: REFERENCE_DIR, PYTHONHASHSEED: "0", PYTHONWARNINGS: "ignore" },
    reject: false,
    timeout: 900_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`${interpreter.path} ${script} exited with ${result.exitCode}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}

/**
 * The releases a spec checks against: every CPython found (one per release, as `releases`),
 * and 3.14 through Pyodide when no CPython 3.14 was found and Pyodide loads.
 */
export async function everyReleaseFound(): Promise<[PythonVersion, Interpreter][]> {
  const found: [PythonVersion, Interpreter][] = PYTHON_VERSIONS.flatMap((v) => {
    const interpreter = releases.get(v);
    return interpreter === undefined ? [] : [[v, interpreter] as [PythonVersion, Interpreter]];
  });
  if (!releases.has("3.14")) {
    const pyodide = await pyodideInterpreter();
    if (!("reason" in pyodide)) found.push(["3.14", pyodide]);
  }
  return found;
}
