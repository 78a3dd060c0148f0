/**
 * Exception semantics against every CPython release found: the class hierarchy of each
 * release (`pyMro`), which `except` clauses catch asyncio's and the built-in
 * `TimeoutError`, the `__cause__`/`__context__` chains asyncio sets itself (`wait_for`,
 * `timeout`, cancellation, `gather`, task groups) and `except*` (`exceptStar`). Each
 * scenario of exception_scenarios.ts runs under the process-wide default target and, as
 * python/exception_scenarios.py, on that release's interpreter with a virtual clock.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { releases } from "../support/python.ts";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { NAMES, runScenario } from "./exception_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/exception_scenarios.py", import.meta.url));

// The patch level matters once: 3.11.0-3.11.2 raise the timeout's TimeoutError without a
// cause (see withTimeout in exception_scenarios.ts).
describeScenarioMatrix("exception scenarios", SCRIPT, NAMES, (name, version) =>
  runScenario(name, version, Number(releases.get(version)?.version.split(".")[2] ?? Infinity)),
);

describe("the exception scenarios tell releases apart", () => {
  it("each scenario about a per-release difference logs differently on some pair of targets", () => {
    for (const name of ["hierarchy", "except_timeout_clauses", "wait_for_chains", "timeout_chains", "except_star"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
