/**
 * `validate` calls that reach futures, coroutines and handles (src/asyncio/futures.ts, coroutines.ts, events.ts), written from the mutation survivors of session 15
 * (see ./validate_case.ts for how a case is written, and ./validate_cases.ts for the main
 * table this one is merged into). Scenes of more than one step are the harness's (marker
 * "scenes of the futures cases" in ../harness.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(FUTURE_CASES); // the calls this table adds
 * ```
 * @module
 */
import type * as asyncio from "../../asyncio/index.ts";
import { c, scene, type ValidateCase } from "./validate_case.ts";

// cancel(msg) is 3.9+.
const SINCE_9 = { since: 9 };

/** The calls, by name (the Python call, as the event names it). */
export const FUTURE_CASES = {
  // Until 3.13: on 3.14 (Pyodide) the answer after a throw differs in some programs from the
  // answer alone (RuntimeError "await wasn't used with future" against StopIteration(None)).
  "futures: __await__() stepped past its end, after a throw, after a refused step": scene("call", "futureIterPastEnd", [], { until: 13 }),
  "futures: three callbacks, the first removed, one added": scene("await", "callbacksAfterRemove", []),
  "futures: ensure_future(future-like, loop=loop) with get_loop() or only _loop": scene("call", "duckFutureLoop", []),
  "futures: empty Queue's get() closed by hand, before it starts, while it waits, and again": scene("call", "closeQueueGet", []),
  "futures: 102 timers due together, the first cancelled 60 times": scene("await", "timerCancelledOften", []),
  "futures: await an awaitable yielding a done future marked blocking": scene("await", "awaitYieldsDone", []),
  "futures: task cancelled with 'm': result(), result() again, exception()": scene("await", "cancelledResultTwice", ["alone"], SINCE_9),
  "futures: task cancelled with 'm' inside an awaited gather: then result(), result() again, exception()": scene("await", "cancelledResultTwice", ["gathered"], SINCE_9),
  // 3.7 has no recursion guard (the repr recurses until the interpreter aborts); 3.8-3.10
  // guard only the result (one level more than 3.11+).
  "futures: repr(future whose result is itself)": c("call", "(lambda f: (f.set_result(f), trace.repr(f))[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.setResult(f), trace.repr(f)))(loop.createFuture())", (t, loop) => ((f: asyncio.Future<unknown>) => (f.setResult(f), t.repr(f)))(loop.createFuture()), { since: 8 }),
  "futures 17: a finished Lock.acquire() and Queue.get() awaited again": scene("await", "reawaitFinished", []),
  "futures 17: PriorityQueue put() re-entered from its item's __lt__ (step, throw, close)": scene("call", "reenterPut", []),
  "futures 17: non-callable done-callbacks: repr, remove_done_callback(1), run": scene("await", "callbacksNotCallable", []),
  "futures 17: cancelled task's result(), exception(), result() while a ValueError is handled": scene("await", "cancelledResultHandling", []),
  "futures 17: a done future's __await__() stepped three times": scene("call", "doneIterThrice", []),
} satisfies Record<string, ValidateCase>;
