/**
 * Degenerate times and the clock resolution, against every CPython release found: each
 * scenario of time_scenarios.ts runs on our loop under the matching `python` target and,
 * as python/time_scenarios.py, on that interpreter with the reference's virtual clock.
 * Both must log the same lines. What they show:
 *
 * - `sleep(0)`, negative and `-inf` delays cost one iteration; a delay below the clock
 *   resolution (1e-10) is due in the next iteration even while other work is ready, one
 *   above it (2.5e-9) only once nothing is; `sleep(nan)` returns after two iterations
 *   before 3.13 and raises `ValueError` from 3.13.
 * - `call_at` in the past, at `-inf` and `nan` (due at once: `nan >= end_time` is false)
 *   and a `nan` deadline's place in the heap, where it breaks CPython's ordering in a way
 *   our heap must reproduce; a timer at `inf` never runs.
 * - 0.1 + 0.2 and 0.3 fall within the resolution of each other: both wake in the same
 *   iteration, at 0.3; a timer exactly 1e-9 ahead is not yet due.
 * - Past 2**24 seconds the resolution is below the clock's precision: both virtual
 *   clocks move one float further when the earliest timer is not due (1e9, 1e300).
 * - Only a timer at `inf` left: `Deadlock` on both virtual clocks, never a spin.
 * - `wait_for`, `wait`, `as_completed`, `timeout` and `timeout_at` with 0, negative,
 *   `inf` and `nan`, per release (3.7 raises `wait_for(x, 0)` at once; 3.12 moved
 *   `wait_for` onto `timeout`).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import { NAMES, runScenario } from "./time_scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/time_scenarios.py", import.meta.url));

describeScenarioMatrix("time scenarios", SCRIPT, NAMES, runScenario);

describe("degenerate times on our virtual clock", () => {
  it("sleep(nan) returns before 3.13 and raises ValueError from 3.13", () => {
    const nan = (py: "3.12" | "3.13") => runScenario("sleep_degenerate", py).find((l) => l.includes(" nan "));
    expect(nan("3.12")).toBe("slept nan 0.0");
    expect(nan("3.13")).toMatch(/^sleep nan raised ValueError/);
  });

  it("a program left with only a timer at Infinity ends in Deadlock at once, on every target", () => {
    for (const py of asyncio.PYTHON_VERSIONS) {
      expect(runScenario("infinite_deadlines", py)).toEqual(["sleep Deadlock at 1.0", "call_later Deadlock at 0.0", "wait_for Deadlock at 0.0"]);
    }
    const loop = asyncio.newEventLoop();
    expect(() => loop.runUntilComplete(asyncio.sleep(Infinity))).toThrow(asyncio.Deadlock);
    expect(loop.iterations).toBeLessThan(5);
    loop.close();
  });

  it("a timer past the clock's precision still comes: the clock moves one float further", () => {
    const loop = asyncio.newEventLoop();
    loop.runUntilComplete(asyncio.sleep(1e9));
    const at = loop.time();
    expect(at).toBeGreaterThan(1e9);
    expect(at + 1e-9).toBe(at);
    loop.runUntilComplete(asyncio.sleep(1e-10));
    expect(loop.time()).toBeGreaterThan(at);
    expect(loop.iterations).toBeLessThan(10);
    loop.close();
  });
});
