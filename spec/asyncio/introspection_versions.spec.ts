/**
 * Introspection and task factories against every CPython release found: `all_tasks()`
 * (sorted by program name), `current_task()` inside callbacks and factories, a
 * program-defined task factory recording what it is called with (which calls reach it,
 * and with which keywords, per release), the eager task factories (3.12+), `get_coro()`,
 * `timeout_at()`/`when()`/`reschedule()`/`expired()`, Barrier's state over rounds with
 * `abort()` and `reset()`, Queue's `maxsize`/`qsize`/`empty`/`full`, `Semaphore.locked()`,
 * a Condition built on a given Lock and `Condition.wait_for()` with a predicate. Each
 * scenario of introspection_scenarios.ts runs under the process-wide default target and,
 * as python/introspection_scenarios.py, on that release's interpreter.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./introspection_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/introspection_scenarios.py", import.meta.url));

describeScenarioMatrix("Introspection scenarios", SCRIPT, NAMES, runScenario);

describe("the introspection scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["all_tasks_names", "recording_task_factory", "eager_factories", "semaphore_locked"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
