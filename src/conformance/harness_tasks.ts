/**
 * Scenes of the tasks cases (./ops/validate_cases_tasks.ts): the timers a combinator or
 * sleep leaves behind, and the message of a task cancelled with one. Each has a Python twin
 * in python-reference/asyncio_ts_harness.py.
 *
 * @example
 * ```ts
 * yield* timersLeft(loop, "wait"); // ["cancelled", 0]
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Harness } from "./harness.ts";
import type { Json } from "./trace_format.ts";

/**
 * What a call gives, and how many timers due 7.25 s from now are still live (not cancelled)
 * afterwards: a task awaiting `wait([future], timeout=7.25)` cancelled ("cancelled"),
 * `list(as_completed([], timeout=7.25))` (its length), or a `sleep(7.25)` coroutine sent
 * to once by hand and closed (null).
 */
export function* timersLeft(loop: asyncio.BaseEventLoop, kind: "wait" | "as_completed" | "sleep_closed"): asyncio.Coroutine<Json> {
  const at = loop.time() + 7.25;
  let out: Json = null;
  if (kind === "wait") {
    const task = asyncio.ensureFuture(asyncio.wait([loop.createFuture()], { timeout: 7.25 }));
    yield* asyncio.sleep(0);
    task.cancel();
    try {
      yield* task;
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      out = "cancelled";
    }
  } else if (kind === "as_completed") {
    out = [...asyncio.asCompleted([], { timeout: 7.25 })].length;
  } else {
    const coro = asyncio.sleep(7.25);
    coro.next();
    coro.return(undefined);
  }
  return [out, loop._scheduled.filter((h) => h.when() === at && !h.cancelled()).length];
}

const awaitsFuture = asyncio.asyncDef(function* waits(fut: asyncio.Future<unknown>): asyncio.Coroutine<unknown> {
  return yield* fut;
}, "Harness.cancel_message.<locals>.waits");

/**
 * A task awaiting a future is cancelled with the message 'm': after its first step
 * ("waiting"), before it ("unstarted"), or before it while a gather holds it ("gather").
 * What awaiting the task (or the gather) raises: the CancelledError's args, and those of
 * its __context__ (null when there is none).
 */
export function* cancelMessage(loop: asyncio.BaseEventLoop, kind: "waiting" | "unstarted" | "gather"): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const task = loop.createTask(awaitsFuture(fut));
  if (kind === "waiting") yield* asyncio.sleep(0);
  const aw: asyncio.Future<unknown> = kind === "gather" ? asyncio.gather([task]) : task;
  task.cancel("m");
  try {
    yield* aw;
    return "finished";
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    const context = e.contextException;
    return [e.args as Json, context instanceof asyncio.BaseException ? (context.args as Json) : null];
  }
}

/**
 * A task over an awaitable whose iterator yields something a task cannot wait on: a pending
 * future without `yield*` ("future"), or an object whose `_asyncio_future_blocking` is None
 * ("duck"). After three loop iterations: whether the task
 * is done, its exception's type, and the first four words of its message (CPython says
 * "yield from" where this port says "yield*").
 */
export function* badYield(loop: asyncio.BaseEventLoop, kind: "future" | "duck"): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const item: unknown = kind === "future" ? fut : { _asyncioFutureBlocking: null };
  const awaitable: asyncio.CustomAwaitable<unknown> = {
    *[Symbol.iterator](): asyncio.Coroutine<unknown> {
      yield item as never;
      return null;
    },
  };
  const task = asyncio.ensureFuture(awaitable);
  for (let i = 0; i < 3; i++) yield* asyncio.sleep(0);
  fut.cancel();
  if (!task.done()) {
    task.cancel();
    return [false, null, null];
  }
  const exc = task.exception() as asyncio.BaseException;
  return [true, exc.constructor.name, asyncio.pyStr(exc).split(" ").slice(0, 4).join(" ")];
}

const stubborn = asyncio.asyncDef(function* stubborn(): asyncio.Coroutine<string> {
  try {
    yield* asyncio.sleep(1);
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    yield* asyncio.sleep(1);
  }
  return "late";
}, "Harness.cancel_and_wait_left.<locals>.stubborn");

/**
 * `wait_for(task, 0)` cancels a task that catches the cancellation and sleeps on, and waits
 * for it (CPython's `_cancel_and_wait`); the task running wait_for is cancelled meanwhile.
 * The stubborn task's repr afterwards (no callback of wait_for's left on it), and whether the
 * wait_for task was cancelled.
 */
export function* cancelAndWaitLeft(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const inner = loop.createTask(stubborn());
  yield* asyncio.sleep(0);
  const outer = asyncio.ensureFuture(asyncio.waitFor(inner, 0));
  yield* asyncio.sleep(0);
  yield* asyncio.sleep(0);
  outer.cancel();
  try {
    yield* outer;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
  }
  const shown = trace.repr(inner);
  inner.cancel();
  try {
    yield* inner;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
  }
  return [shown, outer.cancelled()];
}

/**
 * A `wait_for(fut, 5)` coroutine driven by hand: sent to once (it waits), then a ValueError
 * thrown in. What the throw gives (the error's type, or "yielded" if the coroutine goes on
 * waiting), and whether `fut` was cancelled.
 */
export function throwIntoWaitFor(loop: asyncio.BaseEventLoop): Json {
  const fut = loop.createFuture();
  const coro = asyncio.waitFor(fut, 5);
  coro.next();
  let outcome: Json;
  try {
    coro.throw(new asyncio.ValueError("x"));
    outcome = "yielded";
    coro.return(undefined);
  } catch (e) {
    outcome = (e as Error).constructor.name;
  }
  const cancelled = fut.cancelled();
  fut.cancel();
  return [outcome, cancelled];
}

/** A Future subclass whose result() always raises ValueError('mine'). */
class MineFuture extends asyncio.Future<unknown> {
  override result(): never {
    throw new asyncio.ValueError("mine");
  }
}

const awaitsMine = asyncio.asyncDef(function* waits(fut: asyncio.Future<unknown>): asyncio.Coroutine<unknown> {
  return yield* fut;
}, "Harness.subclass_result.<locals>.waits");

/**
 * A task awaits a Future subclass whose `result()` always raises ValueError, and the future
 * is cancelled: the task wakes up through the subclass's `result()`, so what awaiting the
 * task raises is that ValueError, not a CancelledError.
 */
export function* subclassResult(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = new MineFuture({ loop });
  const task = loop.createTask(awaitsMine(fut));
  yield* asyncio.sleep(0);
  fut.cancel();
  try {
    yield* task;
    return "returned";
  } catch (e) {
    if (!(e instanceof asyncio.ValueError || e instanceof asyncio.CancelledError)) throw e;
    return [e.constructor.name, e.args as Json];
  }
}
