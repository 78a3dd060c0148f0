/**
 * Behaviour that differs between CPython releases, checked against every release this
 * machine has (pyenv builds, python3.X on PATH, ASYNCIO_TS_PYTHON): each scenario of
 * version_scenarios.ts runs on our loop under the matching `python` target and, as
 * python/version_scenarios.py, on that real interpreter with a virtual clock. Releases not
 * found are reported as skipped.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { normalise } from "../support/normalise.ts";
import { releases, runPythonJson } from "../support/python.ts";
import { SCENARIOS, runScenario } from "./version_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/version_scenarios.py", import.meta.url));
const NAMES = Object.keys(SCENARIOS);

describe.each(PYTHON_VERSIONS.map((v) => [v]))("CPython %s", (version) => {
  const interpreter = releases.get(version);

  it.skipIf(interpreter === undefined)(
    `agrees with ${interpreter ? `${interpreter.version} at ${interpreter.path}` : "(no interpreter found)"}`,
    async () => {
      const expected = await runPythonJson<{ version: string; results: Record<string, string[]> }>(
        interpreter!,
        SCRIPT,
        NAMES,
      );
      for (const name of NAMES) {
        const theirs = (expected.results[name] ?? []).map(normalise);
        expect(theirs.length, `${name} logged nothing on CPython`).toBeGreaterThan(0);
        expect(runScenario(name, version), `scenario ${name} on Python ${expected.version}`).toEqual(theirs);
      }
    },
  );
});

describe("the scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["cancel_messages", "self_cancel_before_return", "gather_done_children", "task_names", "wait_with_coroutines", "except_exception_catches_cancel", "reprs", "uncancel", "shutdown"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
