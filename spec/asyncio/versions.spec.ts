/**
 * Behaviour that differs between CPython releases, checked against every release this
 * machine has (pyenv builds, python3.X on PATH, ASYNCIO_TS_PYTHON): each scenario of
 * version_scenarios.ts runs on our loop under the matching `python` target and, as
 * python/version_scenarios.py, on that real interpreter with a virtual clock. Releases not
 * found are reported as skipped.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { SCENARIOS, runScenario } from "./version_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/version_scenarios.py", import.meta.url));
const NAMES = Object.keys(SCENARIOS);

describeScenarioMatrix("scenarios", SCRIPT, NAMES, runScenario);

describe("the scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["cancel_messages", "self_cancel_before_return", "gather_done_children", "task_names", "wait_with_coroutines", "except_exception_catches_cancel", "reprs", "uncancel", "shutdown", "recancelled_waits"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
