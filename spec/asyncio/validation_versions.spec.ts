/**
 * Bad arguments to asyncio's combinators and primitives against every CPython release
 * found: for each call, whether it raises when called, when awaited or at the first item
 * taken, with which exception and message, or what it gives when the argument is
 * accepted (non-iterables, None, coroutines and plain generators where futures are
 * expected, empty collections, negative, zero, None and infinite timeouts, semaphore
 * values, queue sizes, barrier parties). Each scenario of validation_scenarios.ts runs
 * under the process-wide default target and, as python/validation_scenarios.py, on that
 * release's interpreter with a virtual clock.
 *
 * `timeout_misuse` follows CPython 3.11.3 and later: 3.11.0 to 3.11.2 asserted in
 * `Timeout.reschedule` and let a timeout be entered twice. On those builds it is skipped,
 * and the skip says so.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { normalise } from "../support/normalise.ts";
import { releases, runPythonJson } from "../support/python.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./validation_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/validation_scenarios.py", import.meta.url));
const PATCH_SENSITIVE = "timeout_misuse";

describeScenarioMatrix(
  "Argument validation scenarios",
  SCRIPT,
  NAMES.filter((n) => n !== PATCH_SENSITIVE),
  runScenario,
);

describe.each(PYTHON_VERSIONS.map((v) => [v]))("timeout misuse on CPython %s", (version) => {
  const interpreter = releases.get(version);
  const early = interpreter !== undefined && /^3\.11\.[0-2]$/.test(interpreter.version);
  const title = interpreter === undefined
    ? "agrees (no interpreter found)"
    : early
      ? `agrees (skipped: ${interpreter.version} predates 3.11.3's Timeout state checks, which asyncio-ts follows)`
      : `agrees with ${interpreter.version} at ${interpreter.path}`;
  it.skipIf(interpreter === undefined || early)(title, async () => {
    const expected = await runPythonJson<{ version: string; results: Record<string, string[]> }>(interpreter!, SCRIPT, [PATCH_SENSITIVE]);
    const theirs = (expected.results[PATCH_SENSITIVE] ?? []).map(normalise);
    expect(theirs.length).toBeGreaterThan(0);
    expect(runScenario(PATCH_SENSITIVE, version)).toEqual(theirs);
  });
});

describe("the validation scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["gather_arguments", "wait_bad_arguments", "wait_for_arguments", "shield_and_task_arguments", "as_completed_bad_arguments", "primitive_arguments"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});
