/**
 * Reprs, loop error reports and warnings against every CPython release found: the reprs
 * of tasks, futures, handles, timer handles, every lock, queues, Timeout and TaskGroup in
 * their states (with debug mode and asyncio's own callbacks), what exception handlers
 * receive and what the default handler logs through the `asyncio` logger, which
 * `BaseException`s the loop lets through, and the warnings asyncio emits (`loop`
 * arguments, coroutines passed to `wait()`, `getEventLoop()` without a loop) with the
 * warnings machinery itself. Each scenario of text_scenarios.ts runs under the default
 * target, and as python/text_scenarios.py on that release's interpreter; CPython's lines
 * lose only addresses and source locations (spec/support/normalise.ts). CPython 3.14 has
 * no executable here: the script runs inside the embedded Pyodide instead (when the
 * optional `pyodide` package is installed).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pyodideInterpreter } from "../../src/conformance/interpreters.ts";
import { normalise } from "../support/normalise.ts";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { NAMES, runScenario } from "./text_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/text_scenarios.py", import.meta.url));
const FILES: [string, URL][] = [
  ["scenario_support.py", new URL("./python/scenario_support.py", import.meta.url)],
  ["text_scenarios.py", new URL("./python/text_scenarios.py", import.meta.url)],
  ["virtual_time.py", new URL("../../python-reference/virtual_time.py", import.meta.url)],
];
const embedded = await pyodideInterpreter();

describeScenarioMatrix("Text scenarios (reprs, loop errors, warnings)", SCRIPT, NAMES, runScenario);

describe("the text scenarios tell releases apart", () => {
  it("each version-specific scenario logs differently on some pair of targets", () => {
    for (const name of ["repr_tasks", "repr_handles", "repr_callbacks", "errors_handler", "errors_base_exception", "warnings_loop_argument", "warnings_once_per_module", "warnings_wait_coroutines", "warnings_get_event_loop"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });
});

describe.skipIf(!("version" in embedded))("Text scenarios on CPython 3.14 (Pyodide)", () => {
  it(`agrees with ${"version" in embedded ? embedded.version : "(no pyodide)"}`, async () => {
    const { loadPyodide } = await import("pyodide");
    const py = await loadPyodide({ env: { PYTHONHASHSEED: "0" }, stdout: () => {}, stderr: () => {} });
    py.FS.mkdirTree("/scenarios");
    for (const [name, url] of FILES) py.FS.writeFile(`/scenarios/${name}`, readFileSync(url, "utf8"));
    // As the reference worker does: CPython's own policy, no WebLoop running.
    const output = py.runPython(`
import asyncio.events, io, runpy, sys, warnings
sys.path.insert(0, "/scenarios")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    getattr(asyncio.events, "_set_event_loop_policy", asyncio.set_event_loop_policy)(None)
asyncio.events._set_running_loop(None)
sys.stdin = io.StringIO(${JSON.stringify(JSON.stringify(NAMES))})
out, sys.stdout = sys.stdout, io.StringIO()
try:
    runpy.run_path("/scenarios/text_scenarios.py", run_name="__main__")
finally:
    out, sys.stdout = sys.stdout, out
out.getvalue()
`) as string;
    const expected = JSON.parse(output) as { version: string; results: Record<string, string[]> };
    expect(expected.version).toMatch(/^3\.14\./);
    for (const name of NAMES) {
      const theirs = (expected.results[name] ?? []).map(normalise);
      expect(theirs.length, `${name} logged nothing on CPython`).toBeGreaterThan(0);
      expect(runScenario(name, "3.14"), `scenario ${name} on Python ${expected.version}`).toEqual(theirs);
    }
  }, 900_000);
});
