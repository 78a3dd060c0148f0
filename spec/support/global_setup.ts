/**
 * Runs once before the suite: says which CPython interpreters the specs will compare
 * against, and which releases have none, so a CI log shows what was skipped and why.
 */
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { defaultInterpreter, interpretersByRelease, PYTHON_ENV_VAR } from "../../src/conformance/interpreters.ts";

export default async function announceInterpreters(): Promise<void> {
  const main = await defaultInterpreter({ pyodide: false });
  const releases = await interpretersByRelease();
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
