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
export function* badYield(loop: asyncio.BaseEventLoop, kind: "future" | "duck" | "generator"): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const item: unknown = kind === "future" ? fut : kind === "duck" ? { _asyncioFutureBlocking: null } : (function* gen() {})();
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

/** The Python error of an API a release lacks, by the feature our library's FeatureUnavailableError names. */
const MISSING_API: Record<string, [string, string]> = {
  "Task.getCoro()": ["AttributeError", "get_coro"],
  "Task.getName()": ["AttributeError", "get_name"],
  "Task.setName()": ["AttributeError", "set_name"],
  "Task.cancelling()": ["AttributeError", "cancelling"],
  "Task.uncancel()": ["AttributeError", "uncancel"],
  "task names": ["TypeError", "name"],
  "eager task start": ["TypeError", "eager_start"],
  "the eager task factory": ["AttributeError", "eager_task_factory"],
  "async iteration of as_completed()": ["TypeError", "async for"],
};

const returnsOne = asyncio.asyncDef(function* job(): asyncio.Coroutine<number> {
  return 1;
}, "Harness.missing_api.<locals>.job");

/**
 * An API used on a release that lacks it: a Task method (get_coro, get_name, set_name,
 * cancelling, uncancel), a Task keyword (name, eager_start), create_task's name keyword
 * ("create_task"), asyncio.eager_task_factory, or `async for` over as_completed(). CPython
 * raises AttributeError or TypeError; our library throws FeatureUnavailableError, read back
 * here as the Python error it stands for (by the feature it names, when the release it says
 * the feature needs is a later one than the loop's). What is given: [error
 * type, the missing attribute or keyword], or "present" when the call works.
 */
export function* missingApi(loop: asyncio.BaseEventLoop, what: string): asyncio.Coroutine<Json> {
  const fut = loop.createFuture<number>();
  fut.setResult(1);
  const coro = returnsOne();
  let task: asyncio.Task<number> | null = null;
  let out: Json = "present";
  try {
    if (what === "name") task = new asyncio.Task(coro, { name: "x" });
    else if (what === "create_task") task = asyncio.createTask(coro, { name: "x" });
    else if (what === "eager_start") task = new asyncio.Task(coro, { eagerStart: true });
    else if (what === "eager_task_factory") task = asyncio.eagerTaskFactory(loop, coro, {}) as asyncio.Task<number>;
    else if (what === "async for") yield* asyncio.asyncFor(asyncio.asCompleted([fut]), function* () {});
    else {
      task = loop.createTask(coro);
      if (what === "get_coro") task.getCoro();
      else if (what === "get_name") task.getName();
      else if (what === "set_name") task.setName("x");
      else if (what === "cancelling") task.cancelling();
      else task.uncancel();
    }
  } catch (e) {
    if (!(e instanceof asyncio.FeatureUnavailableError)) throw e;
    // Only an error about a feature Python has and that comes in a later release than the loop's.
    const known = MISSING_API[e.message.slice(0, e.message.indexOf(" needs Python "))];
    const since = /^3\.(\d+)$/.exec(String(e.since));
    if (known === undefined || since === null || Number(since[1]) <= loop._minor) throw e;
    out = known;
  }
  if (task !== null) yield* task;
  else coro.return(1);
  return out;
}

/**
 * A `sleep(0)` coroutine (or `sleep(0, 'v')`) sent to once by hand, then closed: "closed",
 * or "ignored" if closing it made it yield again (CPython's RuntimeError 'coroutine ignored
 * GeneratorExit').
 */
export function sleepClosed(withResult: boolean): Json {
  const coro: asyncio.Coroutine<unknown> = withResult ? asyncio.sleep(0, "v") : asyncio.sleep(0);
  coro.next();
  return coro.return(undefined).done === true ? "closed" : "ignored";
}

/** A Future subclass that counts the calls of its own add_done_callback. */
class CountingFuture extends asyncio.Future<unknown> {
  calls = 0;
  override addDoneCallback(fn: asyncio.DoneCallback<this>): void {
    this.calls++;
    super.addDoneCallback(fn);
  }
}

const awaitsCounting = asyncio.asyncDef(function* waits(fut: asyncio.Future<unknown>): asyncio.Coroutine<unknown> {
  return yield* fut;
}, "Harness.subclass_callback.<locals>.waits");

/**
 * A task awaits a Future subclass that overrides add_done_callback: the task registers its
 * wakeup through the override. How many times the override was called while the task
 * waited, and what the task returns once the future has the result 5.
 */
export function* subclassCallback(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = new CountingFuture({ loop });
  const task = loop.createTask(awaitsCounting(fut));
  yield* asyncio.sleep(0);
  const calls = fut.calls;
  fut.setResult(5);
  return [calls, (yield* task) as Json];
}

const swallows = asyncio.asyncDef(function* swallows(fut: asyncio.Future<unknown>): asyncio.Coroutine<string> {
  try {
    yield* fut;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    return "swallowed";
  }
  return "finished";
}, "Harness.cancel_self_awaiting.<locals>.swallows");

const cancelsSelf = asyncio.asyncDef(function* outer(inner: asyncio.Task<string>): asyncio.Coroutine<string> {
  (asyncio.currentTask() as asyncio.Task<unknown>).cancel();
  return yield* inner;
}, "Harness.cancel_self_awaiting.<locals>.outer");

/**
 * A task cancels itself, then awaits a task that swallows the cancellation passed on to it
 * and returns: the request is spent on the awaited task, so the outer task returns what the
 * inner one did. What awaiting the outer task gives ("cancelled" if it raises CancelledError).
 */
export function* cancelSelfAwaiting(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const inner = loop.createTask(swallows(fut));
  yield* asyncio.sleep(0);
  const outer = loop.createTask(cancelsSelf(inner));
  try {
    return [yield* outer, fut.cancelled()];
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    return ["cancelled", fut.cancelled()];
  }
}

const cancelsSelfWith = asyncio.asyncDef(function* body(kind: string): asyncio.Coroutine<string> {
  (asyncio.currentTask() as asyncio.Task<unknown>).cancel("m");
  if (kind === "sleeps") yield* asyncio.sleep(0);
  return "returned";
}, "Harness.cancels_self_with_message.<locals>.body");

/**
 * A task cancels itself with the message 'm', then returns ("returns") or sleeps(0)
 * ("sleeps"): what awaiting it raises (the CancelledError's args), and whether it is cancelled.
 */
export function* cancelsSelfWithMessage(loop: asyncio.BaseEventLoop, kind: "returns" | "sleeps"): asyncio.Coroutine<Json> {
  const task = loop.createTask(cancelsSelfWith(kind));
  try {
    return [yield* task, task.cancelled()];
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    return [e.args as Json, task.cancelled()];
  }
}

/**
 * `as_completed([future], timeout=7.25)` asked for its first awaitable (which is closed
 * unawaited): the qualified names of the live timers it scheduled, due 7.25 s on (its timeout
 * callback). The timers are cancelled afterwards; the future stays pending.
 */
export function asCompletedTimer(loop: asyncio.BaseEventLoop): Json {
  const at = loop.time() + 7.25;
  const fut = loop.createFuture();
  const first = asyncio.asCompleted([fut], { timeout: 7.25 })[Symbol.iterator]().next();
  if (first.done !== true) first.value.return(undefined as never);
  const timers = loop._scheduled.filter((h) => h.when() === at && !h.cancelled());
  const names = timers.map((h) => ((h._callback as { __qualname__?: string } | null)?.__qualname__ ?? null) as Json);
  for (const h of timers) h.cancel();
  return names;
}

/**
 * A future of another (new, not running) loop given to `wait_for(fut, 0)` ("wait_for"),
 * `wait_for(fut, 5)` ("wait_for_5", whose timer left behind is then cancelled) or to
 * `as_completed([fut])`, asked for its first awaitable ("as_completed"): both hand it to
 * ensure_future with the running loop, which refuses it (wait_for only before 3.12, which
 * passes no loop and so waits for ever). What is raised: [type, message].
 */
export function* foreignFuture(loop: asyncio.BaseEventLoop, kind: "wait_for" | "wait_for_5" | "as_completed"): asyncio.Coroutine<Json> {
  const other = asyncio.newEventLoop({ python: loop.python });
  const at = loop.time() + 5;
  try {
    const fut = other.createFuture();
    try {
      if (kind === "wait_for") yield* asyncio.waitFor(fut, 0);
      else if (kind === "wait_for_5") yield* asyncio.waitFor(fut, 5);
      else {
        const first = asyncio.asCompleted([fut])[Symbol.iterator]().next();
        if (first.done !== true) first.value.return(undefined as never);
      }
      return "no error";
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      return ["ValueError", asyncio.pyStr(e)];
    }
  } finally {
    // wait_for(fut, 5) has scheduled its timeout before it refuses the future.
    for (const h of loop._scheduled) if (h.when() === at) h.cancel();
    other.close();
  }
}
