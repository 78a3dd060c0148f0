/**
 * Reprs that reprlib cuts to 30 characters (a future's result, a callback's arguments in a
 * task's `cb=[...]` or in the loop's "Exception in callback" message). CPython's repr holds
 * an address or a source location that our loop never prints, and a cut can keep any piece
 * of it. The reference harness makes reprlib cut the repr after addresses and locations are
 * taken out, and our loop cuts its own repr the same way, so these texts are compared
 * whole. Checked against every release found (3.14 through Pyodide), each on real CPython:
 *
 * - before 3.10, a task that `wait_for` awaits prints `_release_waiter(<Future pendi...>)`,
 *   the waiter's repr cut through the address of its task-wakeup callback;
 * - in debug mode, a future made there ends in `created at file:line`, and a raising
 *   done-callback's message prints that future cut to 30 characters.
 */
import { describe, expect, it, vi } from "vitest";
import { compareProgram } from "../../src/conformance/compare.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { checkProgram, parseProgram, type Program } from "../../src/conformance/ir/index.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { everyReleaseFound } from "../support/python.ts";

// Real processes on a shared machine: generous safety nets, never measurements.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

/** t2 waits for t1 with a timeout; t1's repr (and t2's) are recorded while both are pending. */
const WAIT_FOR = parseProgram({
  schema: 1,
  exceptions: [],
  coroutines: {},
  main: [
    { op: "spawn", bind: "t1", target: { body: [{ op: "sleep", delay: 2 }, { op: "log", text: "t1 done" }] } },
    { op: "spawn", bind: "t2", target: { body: [{ op: "wait_for", target: { task: "t1" }, timeout: 5 }] } },
    { op: "sleep", delay: 0.5 },
    { op: "repr", target: "t1" },
    { op: "repr", target: "t2" },
    { op: "sleep", delay: 3 },
  ],
});

/** Debug mode on, a future made in it with a raising done-callback, then resolved. */
const DEBUG_DONE = parseProgram({
  schema: 1,
  exceptions: ["AlphaError"],
  coroutines: {},
  main: [
    { op: "set_debug", enabled: true },
    { op: "future", bind: "f1" },
    { op: "callback_raise", via: "done", future: "f1", label: "cb1", exception: "AlphaError", arg: "v1" },
    { op: "set_result", future: "f1", value: 7 },
    { op: "sleep", delay: 0 },
    { op: "set_debug", enabled: false },
  ],
});

const CASES: { name: string; program: Program }[] = [
  { name: "a task that wait_for awaits", program: WAIT_FOR },
  { name: "a raising done-callback in debug mode", program: DEBUG_DONE },
];

/** Whether a trace line holds a repr reprlib cut (`<Future pendi...er object>()]>`). */
const hasCut = (lines: string[]): boolean => lines.some((line) => /<\w+ \w{5}\.\.\.[^.]/.test(line));

describe("reprs cut by reprlib", () => {
  it("are valid programs, and our loop prints a cut repr in each on the releases that have one", () => {
    for (const { name, program } of CASES) expect(checkProgram(program), name).toEqual([]);
    expect(hasCut(traceLines(interpret(WAIT_FOR, { python: "3.9" }))), "wait_for on 3.9").toBe(true);
    expect(hasCut(traceLines(interpret(DEBUG_DONE, { python: "3.11" }))), "debug done-callback on 3.11").toBe(true);
  });

  it("agree with every CPython release found", async () => {
    const found = await everyReleaseFound();
    expect(found.length).toBeGreaterThan(0);
    for (const [python, interpreter] of found) {
      const pool = await ReferencePool.start({ interpreter, workers: 1 });
      try {
        for (const { name, program } of CASES) {
          const result = await compareProgram(program, { pool, python });
          const why = result.divergence ? formatDivergence(result.divergence) : (result.oursError ?? JSON.stringify(result.reference));
          expect(result.status, `${name} on ${python}: ${why}`).toBe("agree");
        }
      } finally {
        await pool.close();
      }
    }
  });
});
