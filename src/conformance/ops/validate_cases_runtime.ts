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
import { c, never, scene, SINCE_11, type ValidateCase } from "./validate_case.ts";

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
  // Session 17: the None checks of call_later/call_at with JavaScript's other "None" (undefined).
  "runtime 17: loop.call_later(None, f) (undefined)": c("call", "loop.call_later(None, lambda: None)", "loop.callLater(undefined as never, () => {})", (_t, loop) => loop.callLater(never(undefined), () => {})),
  "runtime 17: loop.call_at(None, f) (undefined)": c("call", "loop.call_at(None, lambda: None)", "loop.callAt(undefined as never, () => {})", (_t, loop) => loop.callAt(never(undefined), () => {}), SINCE_11),
  // The default exception handler given a context without a message, and a message that looks like a %-format.
  "runtime 17: loop.default_exception_handler({})": c("call", "loop.default_exception_handler({})", "loop.defaultExceptionHandler({})", (_t, loop) => loop.defaultExceptionHandler({})),
  "runtime 17: loop.default_exception_handler({'message': '100%s'})": c("call", "loop.default_exception_handler({'message': '100%s'})", "loop.defaultExceptionHandler({ message: \"100%s\" })", (_t, loop) => loop.defaultExceptionHandler({ message: "100%s" })),
  // A custom exception handler raising CancelledError (a BaseException from 3.8): reported by the default handler.
  "runtime 17: custom exception handler raising CancelledError": scene("call", "customHandlerRaisesCancelled", []),
  // loop.call_soon replaced on the instance: futures and tasks schedule through it.
  "runtime 17: loop.call_soon replaced: done-callback, wakeup, first step": scene("await", "callSoonReplaced", []),
  // A done-callback's handle read from the private ready queue, kept after it ran.
  "runtime 17: ready queue handle kept after it ran": scene("await", "readyHandleKept", []),
  // A closed loop's private queues: emptied by close().
  "runtime 17: other loop closed: its ready queue and timer heap": c("call", "trace.with_other_loop(lambda other: (other.call_soon(print), other.call_later(1, print), other.close(), [len(other._ready), len(other._scheduled)])[3])", "trace.withOtherLoop((other) => (other.callSoon(() => {}), other.callLater(1, () => {}), other.close(), [[...(other as unknown as { _ready: Iterable<unknown> })._ready].length, (other as unknown as { _scheduled: unknown[] })._scheduled.length]))", (t) => t.withOtherLoop((other) => (other.callSoon(() => {}), other.callLater(1, () => {}), other.close(), [[...other._ready].length, other._scheduled.length]))),
  // close() of a closed loop does nothing (its private ready queue, refilled by hand, stays).
  "runtime 17: other loop closed twice: ready queue refilled by hand in between": c("call", "trace.with_other_loop(lambda other: (other.close(), other._ready.append(None), other.close(), len(other._ready))[3])", "trace.withOtherLoop((other) => (other.close(), (other as unknown as { _ready: { append(x: unknown): void } })._ready.append(null), other.close(), (other as unknown as { _ready: { length: number } })._ready.length))", (t) => t.withOtherLoop((other) => (other.close(), other._ready.append(never(null)), other.close(), other._ready.length))),
  // The asyncio logger's only handler removed.
  "runtime 17: asyncio logger: its only handler removed": scene("call", "loggerOnlyHandlerRemoved", []),
  // The running loop's private shutdown flags: not set until asyncio.run's exit steps run.
  "runtime 17: loop._asyncgens_shutdown_called": c("call", "loop._asyncgens_shutdown_called", "(loop as unknown as { _asyncgensShutdownCalled: boolean })._asyncgensShutdownCalled", (_t, loop) => loop._asyncgensShutdownCalled),
  "runtime 17: loop._executor_shutdown_called": c("call", "loop._executor_shutdown_called", "(loop as unknown as { _executorShutdownCalled: boolean })._executorShutdownCalled", (_t, loop) => loop._executorShutdownCalled, { since: 9 }),
  // A timer's private _scheduled flag through cancellation, the heap's head and a heap rebuild.
  "runtime 17: TimerHandle._scheduled: cancelled, dropped, rebuilt": scene("await", "timerScheduledFlag", []),
} satisfies Record<string, ValidateCase>;
