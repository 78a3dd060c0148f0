/**
 * `asyncio.run` and `asyncio.Runner` against every CPython release found: each scenario of
 * runners_scenarios.ts runs on our loop under the matching default target and, as
 * python/runners_scenarios.py, on that release's interpreter with a virtual clock. They
 * cover results and errors, a main that raises or is cancelled, debug, the shutdown's
 * reports, the iterations and Task-N numbers the shutdown costs (3.9 adds the executor
 * step), a Runner run several times, closed, used after close, and loop factories.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./runners_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/runners_scenarios.py", import.meta.url));

describeScenarioMatrix("asyncio.run and Runner scenarios", SCRIPT, NAMES, runScenario);

describe("the runner scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["run_shutdown_costs", "runner_basics", "loop_factories"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
