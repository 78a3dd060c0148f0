/**
 * Runs once before the suite: finds the CPython interpreters the specs will compare
 * against, says which they are and which releases have none, so a CI log
 * shows what was skipped and why, and hands them to the spec files (`inject`, read by
 * spec/support/python.ts), which then need not look again.
 */
import type { TestProject } from "vitest/node";
import { PYTHON_VERSIONS, type PythonVersion } from "../../src/asyncio/version.ts";
import {
  defaultInterpreter,
  interpretersByRelease,
  PYTHON_ENV_VAR,
  type Interpreter,
} from "../../src/conformance/interpreters.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The interpreter specs compare against (`spec/support/python.ts`'s `python3`), or null. */
    python3: Interpreter | null;
    /** Why there is none, or null. */
    pythonMissing: string | null;
    /** One interpreter per release, as `[release, interpreter]` pairs in release order. */
    releases: [PythonVersion, Interpreter][];
  }
}

export default async function announceInterpreters(project: TestProject): Promise<void> {
  const [main, releases] = await Promise.all([
    defaultInterpreter({ pyodide: false }), // specs run scripts with an executable
    interpretersByRelease(),
  ]);
  project.provide("python3", "reason" in main ? null : main);
  project.provide("pythonMissing", "reason" in main ? main.reason : null);
  project.provide("releases", [...releases.entries()]);
  const lines = ["asyncio-ts specs: CPython interpreters on this machine"];
  lines.push(
    "reason" in main
      ? `  python3 (the specs that diff against CPython): none, ${main.reason}; specs that need an executable are skipped`
      : `  python3 (the specs that diff against CPython): CPython ${main.version} at ${main.path}`,
  );
  for (const version of PYTHON_VERSIONS) {
    const interpreter = releases.get(version);
    lines.push(
      interpreter
        ? `  ${version}: CPython ${interpreter.version} at ${interpreter.path}`
        : `  ${version}: no executable interpreter; the version-matrix rows for ${version} are skipped (point ${PYTHON_ENV_VAR} or pyenv at one)`,
    );
  }
  console.log(lines.join("\n"));
}
