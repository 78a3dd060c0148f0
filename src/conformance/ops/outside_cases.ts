/**
 * Calls made outside the running loop, before a program's entry (its prologue) or after
 * it (its epilogue): what `asyncio.get_event_loop()`, `get_running_loop()`,
 * `set_event_loop()`, `asyncio.run` and `Runner` do when no loop runs, and what current
 * loop an `asyncio.run` or a `Runner` leaves behind. Each is written three times, as
 * ./validate_cases.ts writes its calls (Python text, TypeScript text, the same call on
 * our loop), and recorded by the harness's `outside` (`trace.outside(name, make)`) as
 * `outside <name>` with what it gave or raised (`{"at": "call", "value": ...}` or
 * `{"at": "call", "raised": {"exc", "args"}}`) and, when the call warned, the warnings
 * (`"warnings": [[category, message], ...]`).
 *
 * The calls share the process's event loop state with the entry: a prologue's
 * `get_event_loop()` makes a current loop (3.7-3.13; 3.12 and 3.13 warn, 3.14 raises), an
 * `asyncio.run` or a `Runner` (without `loop_factory`) sets its loop as the current one
 * and clears it at exit, a `Runner` with `loop_factory` never touches it. Loops they make
 * are the harness's virtual-time loops, but not the entry's: nothing they run is traced.
 *
 * Scenes of more than one step are the harness's helpers, written twice
 * (python-reference/asyncio_ts_harness.py and src/conformance/harness.ts):
 * `trace.run_with_factory()` (`asyncio.run(coro, loop_factory=asyncio.new_event_loop)`;
 * before 3.12 the TypeError of an unknown keyword, which our library reports as
 * `FeatureUnavailableError` and the TypeScript harness translates),
 * `trace.with_runner(use, factory)` (`with asyncio.Runner(...) as runner: return
 * use(runner)`) and `trace.in_new_loop()` (`get_event_loop() is get_running_loop()` inside
 * a new loop nobody set as current).
 *
 * @example
 * ```ts
 * OUTSIDE_CASES["get_event_loop()"].py; // "asyncio.get_event_loop() is asyncio.get_event_loop()"
 * outsideCasesFor(7).includes("Runner().get_loop().get_debug()"); // false: Runner is 3.11+
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Harness } from "../harness.ts";

/** One call made outside the running loop, written for Python, TypeScript and our interpreter. */
export interface OutsideCase {
  /** The Python expression. */
  py: string;
  /** The TypeScript expression. */
  ts: string;
  /** The same call on our library. */
  make(trace: Harness): unknown;
  /** The first minor release that has the API. */
  since?: number;
}

function c(py: string, ts: string, make: OutsideCase["make"], since?: number): OutsideCase {
  return since === undefined ? { py, ts, make } : { py, ts, make, since };
}

const never = (x: unknown): never => x as never;

/** Every outside call by its name (as the event names it). */
export const OUTSIDE_CASES = {
  // The current loop: made on first use (3.7-3.13; 3.12+ warn), refused on 3.14 and once
  // set_event_loop was called (asyncio.run and Runner call it).
  "get_event_loop()": c(
    "asyncio.get_event_loop() is asyncio.get_event_loop()",
    "asyncio.getEventLoop() === asyncio.getEventLoop()",
    () => asyncio.getEventLoop() === asyncio.getEventLoop(),
  ),
  "get_running_loop()": c("asyncio.get_running_loop().is_running()", "asyncio.getRunningLoop().isRunning()", () => asyncio.getRunningLoop().isRunning()),
  "set_event_loop(None)": c("asyncio.set_event_loop(None)", "asyncio.setEventLoop(null)", () => asyncio.setEventLoop(null)),
  // Inside a new loop that is not the current one: the running loop, never the policy's.
  "get_event_loop() in a new loop": c("trace.in_new_loop()", "trace.inNewLoop()", (t) => t.inNewLoop()),
  // Entry points given what they refuse (3.14: any awaitable is run).
  "asyncio.run(1)": c("asyncio.run(1)", "asyncio.run(1 as never)", () => asyncio.run(never(1))),
  "asyncio.run(awaitable)": c("asyncio.run(trace.awaitable(3))", "asyncio.run(trace.awaitable(3) as never)", (t) => asyncio.run(never(t.awaitable(3)))),
  "asyncio.run('abc')": c("asyncio.run('abc')", "asyncio.run(\"abc\" as never)", () => asyncio.run(never("abc"))),
  "asyncio.run([1])": c("asyncio.run([1])", "asyncio.run([1] as never)", () => asyncio.run(never([1]))),
  "asyncio.run(None)": c("asyncio.run(None)", "asyncio.run(null as never)", () => asyncio.run(never(null))),
  "asyncio.run({})": c("asyncio.run({})", "asyncio.run({} as never)", () => asyncio.run(never({}))),
  // 3.12+: a loop from the factory, not set as current; before, TypeError.
  "asyncio.run(loop_factory=new_event_loop)": c("trace.run_with_factory()", "trace.runWithFactory()", (t) => t.runWithFactory()),
  "Runner().run(1)": c(
    "trace.with_runner(lambda runner: runner.run(1), False)",
    "trace.withRunner((runner) => runner.run(1 as never), false)",
    (t) => t.withRunner((runner) => runner.run(never(1)), false),
    11,
  ),
  "Runner().run('abc')": c(
    "trace.with_runner(lambda runner: runner.run('abc'), False)",
    "trace.withRunner((runner) => runner.run(\"abc\" as never), false)",
    (t) => t.withRunner((runner) => runner.run(never("abc")), false),
    11,
  ),
  "Runner().run(None)": c(
    "trace.with_runner(lambda runner: runner.run(None), False)",
    "trace.withRunner((runner) => runner.run(null as never), false)",
    (t) => t.withRunner((runner) => runner.run(never(null)), false),
    11,
  ),
  "Runner().run(awaitable)": c(
    "trace.with_runner(lambda runner: runner.run(trace.awaitable(4)), False)",
    "trace.withRunner((runner) => runner.run(trace.awaitable(4) as never), false)",
    (t) => t.withRunner((runner) => runner.run(never(t.awaitable(4))), false),
    11,
  ),
  "Runner().get_loop().get_debug()": c(
    "trace.with_runner(lambda runner: runner.get_loop().get_debug(), False)",
    "trace.withRunner((runner) => runner.getLoop().getDebug(), false)",
    (t) => t.withRunner((runner) => runner.getLoop().getDebug(), false),
    11,
  ),
  // A Runner sets its loop as the current one, unless a loop factory made it.
  "Runner().get_loop() is get_event_loop()": c(
    "trace.with_runner(lambda runner: runner.get_loop() is asyncio.get_event_loop(), False)",
    "trace.withRunner((runner) => runner.getLoop() === asyncio.getEventLoop(), false)",
    (t) => t.withRunner((runner) => runner.getLoop() === asyncio.getEventLoop(), false),
    11,
  ),
  "Runner(loop_factory).get_loop() is get_event_loop()": c(
    "trace.with_runner(lambda runner: runner.get_loop() is asyncio.get_event_loop(), True)",
    "trace.withRunner((runner) => runner.getLoop() === asyncio.getEventLoop(), true)",
    (t) => t.withRunner((runner) => runner.getLoop() === asyncio.getEventLoop(), true),
    11,
  ),
  // Session 17: asyncio.run leaving a task that swallows the shutdown's cancellation and one that raises instead.
  "runtime 17: asyncio.run(main) leaving tasks that end otherwise than cancelled": c("trace.shutdown_leftovers()", "trace.shutdownLeftovers()", (t) => t.shutdownLeftovers()),
  // A new loop's stop callback left queued by a SystemExit, then a loop stopped before its future is done.
  "runtime 17: new loop: run_until_complete after SystemExit, then stopped early": c("trace.stale_stop_callback()", "trace.staleStopCallback()", (t) => t.staleStopCallback()),
  // asyncio.run leaving an async generator whose finally raises: shutdown_asyncgens reports it.
  "runtime 17: asyncio.run(main) leaving an async generator whose finally raises": c("trace.shutdown_agen_raises()", "trace.shutdownAgenRaises()", (t) => t.shutdownAgenRaises()),
  // Timers with one deadline, about half cancelled, on a new loop: the timer heap's rebuild edges.
  "runtime 17: new loop: timers with one deadline, half cancelled": c("trace.timer_heap_edges()", "trace.timerHeapEdges()", (t) => t.timerHeapEdges()),
} satisfies Record<string, OutsideCase>;

/** The most outside calls an entry makes before it, and after it. */
export const MAX_OUTSIDE_CALLS = 4;

/** An outside call's name. */
export type OutsideCaseName = keyof typeof OUTSIDE_CASES;

/** Every outside call's name, in table order. */
export const OUTSIDE_CASE_NAMES = Object.keys(OUTSIDE_CASES) as OutsideCaseName[];

/** The outside calls the target `3.<minor>` has. */
export function outsideCasesFor(minor: number): OutsideCaseName[] {
  return OUTSIDE_CASE_NAMES.filter((name) => {
    const since: number | undefined = (OUTSIDE_CASES[name] as OutsideCase).since;
    return since === undefined || minor >= since;
  });
}
