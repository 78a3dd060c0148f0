/**
 * The API a translated program meets, against every CPython release found: the argument
 * checks of `wait()` and `as_completed()` (futures, coroutines, plain generators, with each
 * release's message and timing), the Task-N number around a rejected `eager_start`,
 * which `except` clauses catch what (3.7's cancellation, asyncio's TimeoutError before and
 * after 3.11), exception groups, builtin exception strings, callback names in the loop's
 * error messages, float times in reprs, custom awaitables, `StopAsyncIteration` and the
 * loop's iteration count. Each scenario of api_scenarios.ts runs under the process-wide
 * default target (no explicit `python` option) and, as python/api_scenarios.py, on that
 * release's interpreter with a virtual clock.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./api_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/api_scenarios.py", import.meta.url));

describeScenarioMatrix("API scenarios", SCRIPT, NAMES, runScenario);

describe("the API scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["as_completed_arguments", "as_completed_generator_results", "wait_arguments", "eager_start_numbering", "except_clauses", "exception_groups", "float_reprs"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
