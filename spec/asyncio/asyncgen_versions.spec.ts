/**
 * Async generators against every CPython release found: each scenario of
 * asyncgen_scenarios.ts runs on our loop under the matching default target and, as
 * python/asyncgen_scenarios.py, on that release's interpreter with a virtual clock. They
 * cover anext/asend/athrow/aclose, the awaitables' reuse and "already running" rules
 * (3.8, 3.13), ag_closed, "ignored GeneratorExit", async for with break, the aiter/anext
 * builtins (3.10), the loop's hooks and shutdown_asyncgens under asyncio.run.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./asyncgen_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/asyncgen_scenarios.py", import.meta.url));

describeScenarioMatrix("async generator scenarios", SCRIPT, NAMES, runScenario);

describe("the async generator scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["awaitable_rules", "throw_rules", "closed_flag", "concurrent_use", "builtins_aiter_anext"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
