/**
 * Reprs, loop error reports and warnings against every CPython release found: the reprs
 * of tasks, futures, handles, timer handles, every lock, queues, Timeout and TaskGroup in
 * their states (with debug mode and asyncio's own callbacks), what exception handlers
 * receive and what the default handler logs through the `asyncio` logger, which
 * `BaseException`s the loop lets through, and the warnings asyncio emits (`loop`
 * arguments, coroutines passed to `wait()`, `getEventLoop()` without a loop) with the
 * warnings machinery itself. Each scenario of text_scenarios.ts runs under the default
 * target, and as python/text_scenarios.py on that release's interpreter; CPython's lines
 * lose only addresses and source locations (spec/support/normalise.ts).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./text_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/text_scenarios.py", import.meta.url));

describeScenarioMatrix("Text scenarios (reprs, loop errors, warnings)", SCRIPT, NAMES, runScenario);

describe("the text scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["repr_tasks", "repr_handles", "repr_callbacks", "errors_handler", "errors_base_exception", "warnings_loop_argument", "warnings_wait_coroutines", "warnings_get_event_loop"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
