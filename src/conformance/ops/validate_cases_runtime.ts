/**
 * `validate` calls that reach the loop, its logging and the runners (src/asyncio/base_events.ts, log.ts, runners.ts), written from the mutation survivors of session 15
 * (see ./validate_case.ts for how a case is written, and ./validate_cases.ts for the main
 * table this one is merged into). Scenes of more than one step are the harness's (marker
 * "scenes of the runtime cases" in ../harness.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(RUNTIME_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { c, never, scene, type ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const RUNTIME_CASES = {
  // The asyncio logger called directly (logging's levels, %-formatting, handlers), and with no handler at all.
  "runtime: asyncio logger: levels, formatting, handlers": scene("call", "loggerCalls", []),
  "runtime: asyncio logger: no handler (lastResort)": scene("call", "loggerLastResort", []),
  // The loop's call_at replaced on the instance: call_later goes through it.
  "runtime: loop.call_at replaced: call_later(2.5, f, 1, 2)": scene("call", "callLaterThroughCallAt", []),
  // The loop's current handle in and out of debug mode, as the default handler reports it.
  "runtime: default_exception_handler from a callback, in debug mode and after": scene("await", "currentHandleTraceback", []),
  // Non-callable callbacks outside debug mode: accepted (only debug mode checks them), then cancelled.
  "runtime: loop.call_soon_threadsafe(1), cancelled": c("call", "(lambda h: (h.cancel(), trace.repr(h))[1])(loop.call_soon_threadsafe(1))", "((h: asyncio.Handle) => (h.cancel(), trace.repr(h)))(loop.callSoonThreadsafe(1 as never))", (t, loop) => ((h: asyncio.Handle) => (h.cancel(), t.repr(h)))(loop.callSoonThreadsafe(never(1)))),
  "runtime: loop.call_at(0.5, 1), cancelled": c("call", "(lambda h: (h.cancel(), trace.repr(h))[1])(loop.call_at(0.5, 1))", "((h: asyncio.TimerHandle) => (h.cancel(), trace.repr(h)))(loop.callAt(0.5, 1 as never))", (t, loop) => ((h: asyncio.TimerHandle) => (h.cancel(), t.repr(h)))(loop.callAt(0.5, never(1)))),
  // The loop's async generator finalizer hook called by hand: the generator is closed in a task.
  "runtime: loop's asyncgen finalizer hook called by hand": scene("await", "agenFinalizedByHand", []),
  // A task made for a closed loop.
  "runtime: Task(coroutine, loop=closed loop)": c("call", "trace.with_other_loop(lambda other: (other.close(), asyncio.Task(trace.returns(1), loop=other))[1])", "trace.withOtherLoop((other) => (other.close(), new asyncio.Task(trace.returns(1), { loop: other })))", (t) => t.withOtherLoop((other) => (other.close(), new asyncio.Task(t.returns(1), { loop: other })))),
} satisfies Record<string, ValidateCase>;
