/**
 * Scenes of the futures cases (./ops/validate_cases_futures.ts): a future's `__await__()`
 * iterator driven past its end, done-callbacks removed and added while pending, future-like
 * objects given to ensure_future, a Queue's get() closed by hand, timers cancelled often,
 * library coroutines awaited again or re-entered, non-callable done-callbacks, a cancelled
 * task's result() while another error is handled. Each has a Python twin
 * in python-reference/asyncio_ts_harness.py (same name in snake_case).
 *
 * @example
 * ```ts
 * futureIterPastEnd(trace, loop); // [["yield", true], ["stop", 5], ["stop", null], ...]
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import { _handlingIn } from "../asyncio/exceptions.ts";
import type { Harness } from "./harness.ts";
import type { Json } from "./trace_format.ts";

/** One step of an iterator, as Python sees it: what it yielded, what StopIteration carried, or what it raised. */
function step(trace: Harness, fut: unknown, go: () => IteratorResult<unknown, unknown>): Json {
  try {
    const r = go();
    if (r.done === true) return ["stop", (r.value ?? null) as Json];
    return ["yield", r.value === fut];
  } catch (e) {
    if (!(e instanceof asyncio.BaseException)) throw e;
    return ["raise", e.name, trace.text(e)];
  }
}

/**
 * `__await__()` iterators stepped by hand past their end: a pending future's (stepped, given
 * the result 5, stepped twice more), a done future's (result 7, stepped twice), and a pending
 * one's with ValueError('x') thrown in, then stepped; and a pending one's stepped twice (the
 * second refused: still marked blocking), given the result 9, stepped again.
 */
export function futureIterPastEnd(trace: Harness, loop: asyncio.BaseEventLoop): Json {
  const out: Json[] = [];
  const a = loop.createFuture<number>();
  const ia = a[Symbol.iterator]();
  out.push(step(trace, a, () => ia.next()));
  a.setResult(5);
  out.push(step(trace, a, () => ia.next()), step(trace, a, () => ia.next()));
  const b = loop.createFuture<number>();
  b.setResult(7);
  const ib = b[Symbol.iterator]();
  out.push(step(trace, b, () => ib.next()), step(trace, b, () => ib.next()));
  const c = loop.createFuture<number>();
  const ic = c[Symbol.iterator]();
  out.push(step(trace, c, () => ic.next()));
  out.push(step(trace, c, () => ic.throw(new asyncio.ValueError("x"))), step(trace, c, () => ic.next()));
  c.cancel();
  const d = loop.createFuture<number>();
  const id = d[Symbol.iterator]();
  out.push(step(trace, d, () => id.next()), step(trace, d, () => id.next()));
  d.setResult(9);
  out.push(step(trace, d, () => id.next()));
  return out;
}

/**
 * A pending future given callbacks a, b, c (its repr), then a removed and d added (the count
 * removed, its repr), then its result set: the order the callbacks ran in.
 */
export function* callbacksAfterRemove(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = loop.createFuture<number>();
  const called: string[] = [];
  const make = (name: string) => asyncio.qualname((_f: asyncio.Future<number>) => void called.push(name), name);
  const [a, b, c, d] = ["a", "b", "c", "d"].map(make);
  fut.addDoneCallback(a);
  fut.addDoneCallback(b);
  fut.addDoneCallback(c);
  const first = trace.repr(fut);
  const removed = fut.removeDoneCallback(a);
  fut.addDoneCallback(d);
  const second = trace.repr(fut);
  fut.setResult(1);
  yield* asyncio.sleep(0);
  return [first, removed, second, called];
}

/**
 * ensure_future(x, loop=loop) of two future-like objects that are no Futures: one with a
 * get_loop() that gives the loop (and `_loop` None), one with only a `_loop` field: whether
 * each came back as itself, or what was raised.
 */
export function duckFutureLoop(trace: Harness, loop: asyncio.BaseEventLoop): Json {
  const withGetLoop = { _asyncioFutureBlocking: false, _loop: null, getLoop: () => loop };
  const withField = { _asyncioFutureBlocking: false, _loop: loop };
  return [withGetLoop, withField].map((duck) => {
    try {
      return asyncio.ensureFuture(duck as never, { loop }) === (duck as unknown);
    } catch (e) {
      if (!(e instanceof asyncio.BaseException)) throw e;
      return [e.name, trace.text(e)];
    }
  });
}

type Closable = Generator<unknown, unknown, unknown>;

/** Python's `coro.close()`: "closed" when the coroutine finished, else what it raised. */
function closeByHand(trace: Harness, coro: Closable): Json {
  try {
    const r = coro.return(undefined);
    return r.done === true ? "closed" : ["raise", "RuntimeError", "coroutine ignored GeneratorExit"];
  } catch (e) {
    if (!(e instanceof asyncio.BaseException)) throw e;
    return ["raise", e.name, trace.text(e)];
  }
}

/**
 * An empty Queue's get() closed by hand before it started, then another stepped once (it
 * waits) and closed twice: what each close gave, and the queue's repr while it waited and
 * afterwards.
 */
export function closeQueueGet(trace: Harness): Json {
  const queue = new asyncio.Queue<number>();
  const out: Json[] = [closeByHand(trace, queue.get())];
  const coro = queue.get();
  coro.next();
  out.push(trace.repr(queue), closeByHand(trace, coro), closeByHand(trace, coro), trace.repr(queue));
  return out;
}

/**
 * 102 timers due at the same moment, the first one cancelled 60 times (only its first
 * cancel counts towards the loop's rebuild of its timer heap): the order the other 101 ran
 * in; then 102 more, 60 of them cancelled once each (the heap is rebuilt): the order the
 * other 42 ran in.
 */
export function* timerCancelledOften(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const order: number[] = [];
  const keep = (n: number): void => void order.push(n);
  const at = loop.time() + 1;
  const handles: asyncio.TimerHandle[] = [];
  for (let i = 0; i < 102; i++) handles.push(loop.callAt(at, keep, i));
  for (let k = 0; k < 60; k++) handles[0]?.cancel();
  yield* asyncio.sleep(2);
  const later: number[] = [];
  const keepLater = (n: number): void => void later.push(n);
  const at2 = loop.time() + 1;
  const others: asyncio.TimerHandle[] = [];
  for (let i = 0; i < 102; i++) others.push(loop.callAt(at2, keepLater, i));
  for (let k = 0; k < 60; k++) others[Math.floor(k * 1.5 + 1)]?.cancel();
  yield* asyncio.sleep(2);
  return [order, later];
}

/**
 * An awaitable whose `__await__` marks a done future (result 3) blocking and yields it: what
 * awaiting it gives, and whether the future is still marked blocking afterwards.
 */
export function* awaitYieldsDone(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = loop.createFuture<number>();
  fut.setResult(3);
  const awaitable: asyncio.CustomAwaitable<number> = {
    *[Symbol.iterator](): asyncio.Coroutine<number> {
      fut._asyncioFutureBlocking = true;
      yield fut as never;
      return fut.result();
    },
  };
  const got = yield* awaitable;
  return [got, fut._asyncioFutureBlocking];
}

const waitsOn = asyncio.asyncDef(function* waits(fut: asyncio.Future<unknown>): asyncio.Coroutine<unknown> {
  return yield* fut;
}, "Harness.cancelled_result_twice.<locals>.waits");

/** A CancelledError's args, and its `__context__`'s class and args. */
function cancelledShown(e: asyncio.CancelledError): Json {
  const context = e.contextException;
  return [e.args as Json, context instanceof asyncio.BaseException ? [context.name, context.args as Json] : null];
}

/**
 * A task waiting on a future (alone, or inside a gather that is then awaited), cancelled
 * with 'm' and left to finish: what awaiting the gather raised, then what result(), result()
 * again and exception() raise (args, and the class and args of the context).
 */
export function* cancelledResultTwice(loop: asyncio.BaseEventLoop, kind: "alone" | "gathered"): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const task = loop.createTask(waitsOn(fut));
  const gathered = kind === "gathered" ? asyncio.gather([task]) : null;
  yield* asyncio.sleep(0);
  task.cancel("m");
  yield* asyncio.sleep(0);
  yield* asyncio.sleep(0);
  const out: Json[] = [];
  if (gathered !== null) {
    try {
      yield* gathered;
      out.push("no error");
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      out.push(cancelledShown(e));
    }
  }
  for (const get of [() => task.result(), () => task.result(), () => task.exception()]) {
    try {
      get();
      out.push("no error");
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      out.push(cancelledShown(e));
    }
  }
  return out;
}

/**
 * Library coroutines awaited a second time after they finished (CPython refuses: "cannot
 * reuse already awaited coroutine", which the scene swallows; ours gives None): a free
 * Lock's acquire() (awaited, the lock released, awaited again: whether the lock is held
 * afterwards), and a Queue's get() over 1 and 2 (the first await's value, the size after
 * the second await).
 */
export function* reawaitFinished(): asyncio.Coroutine<Json> {
  const lock = new asyncio.Lock();
  const acquiring = lock.acquire();
  yield* acquiring;
  lock.release();
  try {
    yield* acquiring;
  } catch (e) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
  }
  const queue = new asyncio.Queue<number>();
  queue.putNowait(1);
  queue.putNowait(2);
  const getting = queue.get();
  const got = yield* getting;
  try {
    yield* getting;
  } catch (e) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
  }
  return [lock.locked(), got, queue.qsize()];
}

/**
 * A PriorityQueue's put(item) stepped by hand, where the item's `__lt__` (run by the heap
 * push inside that step) steps the same coroutine again, throws ValueError('x') into it and
 * closes it: each refused ("already executing"; whether the error raised is the one thrown
 * in), then the put's own outcome and whether the item went in.
 */
export function reenterPut(): Json {
  const queue = new asyncio.PriorityQueue<unknown>();
  queue.putNowait(5);
  const out: Json[] = [];
  const thrown = new asyncio.ValueError("x");
  const item = {
    __lt__(_other: unknown): boolean {
      if (out.length === 0) {
        for (const go of [() => coro.next(), () => coro.throw(thrown), () => coro.return(undefined)]) {
          try {
            go();
            out.push("no error");
          } catch (e) {
            out.push(["raise", e === thrown]);
          }
        }
      }
      return true;
    },
  };
  const coro = queue.put(item);
  const r = coro.next();
  out.push(r.done === true ? ["stop", (r.value ?? null) as Json] : "yield");
  out.push(queue.getNowait() === item);
  return out;
}

/**
 * A pending future given the done-callbacks 1, a, 2, 1 (non-callables around a function):
 * its repr, how many `remove_done_callback(1)` removed, its repr again; then its result set
 * with an exception handler of the scene's own (put back afterwards): the callbacks that
 * ran, and the message and exception class each failure reached the handler with.
 */
export function* callbacksNotCallable(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = loop.createFuture<number>();
  const called: string[] = [];
  const a = asyncio.qualname((_f: asyncio.Future<number>) => void called.push("a"), "Harness.callbacks_not_callable.<locals>.a");
  for (const cb of [1, a, 2, 1]) fut.addDoneCallback(cb as never);
  const first = trace.repr(fut);
  const removed = fut.removeDoneCallback(1 as never);
  const second = trace.repr(fut);
  const seen: Json[] = [];
  const old = loop.getExceptionHandler();
  loop.setExceptionHandler((_loop, context) => {
    const exc = context.exception;
    seen.push([context.message ?? null, exc instanceof asyncio.BaseException ? exc.name : null]);
  });
  try {
    fut.setResult(7);
    yield* asyncio.sleep(0);
  } finally {
    loop.setExceptionHandler(old);
  }
  return [first, removed, second, called, seen];
}

const waitsAlone = asyncio.asyncDef(function* waits(fut: asyncio.Future<unknown>): asyncio.Coroutine<unknown> {
  return yield* fut;
}, "Harness.cancelled_result_handling.<locals>.waits");

/** An exception's class and args, then its `__context__`'s, and so on (four at most). */
function contextChain(e: unknown): Json {
  const out: Json[] = [];
  let at: unknown = e;
  while (at instanceof asyncio.BaseException && out.length < 4) {
    out.push([at.name, at.args as Json]);
    at = at.contextException;
  }
  return out;
}

/**
 * A task cancelled while it waits on a future, left to finish; then, each inside
 * `except ValueError:` (a ValueError('v') being handled), its result(), exception() and
 * result() again: the chain of contexts of each CancelledError (3.9/3.10 chain the task's
 * saved cancellation instead of the ValueError).
 */
export function* cancelledResultHandling(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const task = asyncio.ensureFuture(waitsAlone(fut));
  yield* asyncio.sleep(0);
  task.cancel();
  yield* asyncio.sleep(0);
  yield* asyncio.sleep(0);
  const out: Json[] = [];
  for (const get of [() => task.result(), () => task.exception(), () => task.result()]) {
    try {
      _handlingIn(new asyncio.ValueError("v"), get);
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      out.push(contextChain(e));
    }
  }
  return out;
}

/**
 * A done future's (result 7) `__await__()` iterator stepped three times: StopIteration(7),
 * then StopIteration(None) before 3.14 (the iterator dropped its future), 7 again on 3.14.
 */
export function doneIterThrice(trace: Harness, loop: asyncio.BaseEventLoop): Json {
  const fut = loop.createFuture<number>();
  fut.setResult(7);
  const it = fut[Symbol.iterator]();
  return [step(trace, fut, () => it.next()), step(trace, fut, () => it.next()), step(trace, fut, () => it.next())];
}
