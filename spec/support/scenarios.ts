/**
 * The release matrix the version scenario specs share: for every CPython release the
 * scheduler models, run the Python scenario script on that release's interpreter (when
 * this machine has one) and require our TypeScript twin of each scenario, under the same
 * `python` target, to log the same lines. Releases without an interpreter are reported as
 * skipped.
 */
import { describe, expect, it } from "vitest";
import { PYTHON_VERSIONS, type PythonVersion } from "../../src/asyncio/version.ts";
import { normalise } from "./normalise.ts";
import { releases, runPythonJson } from "./python.ts";

/**
 * Declares one test per release: `script` (a Python file using scenario_support.py) runs
 * `names` on CPython; `runScenario(name, version)` gives our lines.
 */
export function describeScenarioMatrix(
  title: string,
  script: string,
  names: string[],
  runScenario: (name: string, version: PythonVersion) => string[],
): void {
  describe.each(PYTHON_VERSIONS.map((v) => [v]))(`${title} on CPython %s`, (version) => {
    const interpreter = releases.get(version);
    it.skipIf(interpreter === undefined)(
      `agrees with ${interpreter ? `${interpreter.version} at ${interpreter.path}` : "(no interpreter found)"}`,
      async () => {
        const expected = await runPythonJson<{ version: string; results: Record<string, string[]> }>(
          interpreter!,
          script,
          names,
        );
        for (const name of names) {
          const theirs = (expected.results[name] ?? []).map(normalise);
          expect(theirs.length, `${name} logged nothing on CPython`).toBeGreaterThan(0);
          expect(runScenario(name, version), `scenario ${name} on Python ${expected.version}`).toEqual(theirs);
        }
      },
    );
  });
}
