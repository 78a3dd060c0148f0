/**
 * Scenes of the loop cases (./ops/validate_cases_loop.ts): coroutines shown and closed
 * unstarted, a second loop used and closed, the loop's debug-mode checks, context managers
 * entered from a loop callback (outside any task), coroutines of the primitives driven by
 * hand. Each has a Python twin in python-reference/asyncio_ts_harness.py.
 *
 * @example
 * ```ts
 * coroRepr(trace, asyncio.sleep(0)); // "<coroutine object sleep>"
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Harness } from "./harness.ts";
import type { Json } from "./trace_format.ts";

/** `repr(coro)`, normalised; the coroutine is then closed without having run. */
export function coroRepr(trace: Harness, coro: unknown): string {
  try {
    return trace.repr(coro);
  } finally {
    (coro as Generator<unknown, unknown, unknown>).return(undefined);
  }
}

/** `use(other)` on a second virtual-time loop (never run), closed afterwards. */
export function withOtherLoop(trace: Harness, use: (other: asyncio.BaseEventLoop) => unknown): unknown {
  const other = asyncio.newEventLoop({ python: trace.python }) as asyncio.BaseEventLoop;
  try {
    return use(other);
  } finally {
    other.close();
  }
}

/** `call()` with the running loop in debug mode (its callback checks), back to normal afterwards. */
export function debugCall(loop: asyncio.BaseEventLoop, call: () => unknown): unknown {
  loop.setDebug(true);
  try {
    return call();
  } finally {
    loop.setDebug(false);
  }
}

/** Steps a fresh future's `__await__` once, then a second one: the future is still marked blocking. */
export function futureBlockedTwice(loop: asyncio.BaseEventLoop): Json {
  const fut = loop.createFuture();
  fut[Symbol.iterator]().next();
  try {
    fut[Symbol.iterator]().next();
    return "stepped";
  } catch (e) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
    return String(e.args[0]);
  } finally {
    fut.cancel();
  }
}

/** A future of what `call()` gives or raises when a loop callback (outside any task) makes it. */
export function fromCallback(loop: asyncio.BaseEventLoop, call: () => unknown): asyncio.Future<unknown> {
  const fut = loop.createFuture();
  const run = asyncio.qualname((): void => {
    try {
      fut.setResult(call());
    } catch (e) {
      fut.setException(e);
    }
  }, "Harness.from_callback.<locals>.run");
  loop.callSoon(run);
  return fut;
}

/** The exception types along `exc`'s `__context__` chain. */
function contextChain(exc: unknown): Json {
  const names: Json[] = [];
  for (let e: unknown = exc; e instanceof asyncio.BaseException; e = e.contextException) names.push(e.constructor.name);
  return names;
}

/**
 * `async with timeout(0)` around `sleep(1)`: the timeout's state (expired(), repr, reschedule()) while the
 * cancellation is caught inside ("expiring"), after the exit ("expired"); then the context chain of
 * what the scope raised. With `body` "nested" the body turns the cancellation into KeyError, then
 * ValueError; with "swallowed" it drops the cancellation and raises ValueError of its own.
 */
export function* timeoutStates(body: "reraise" | "nested" | "swallowed"): asyncio.Coroutine<Json> {
  const cm = asyncio.timeout(0);
  const seen: Json[] = [];
  const state = (): void => {
    seen.push(cm.expired(), String(cm));
    try {
      cm.reschedule(null);
      seen.push("rescheduled");
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      seen.push(String(e.args[0]));
    }
  };
  try {
    yield* asyncio.asyncWith(cm, function* () {
      let swallowed = false;
      try {
        yield* asyncio.sleep(1);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        state();
        if (body === "reraise") throw e;
        if (body === "nested") {
          const k = asyncio.withContext(new asyncio.KeyError("k"), e);
          throw asyncio.withContext(new asyncio.ValueError("v"), k);
        }
        swallowed = true;
      }
      if (swallowed) throw new asyncio.ValueError("v");
    });
  } catch (e) {
    if (!(e instanceof asyncio.BaseException) || e instanceof asyncio.CancelledError) throw e;
    seen.push(contextChain(e));
  }
  state();
  return seen;
}

/** A Lock or Semaphore held, a second acquire() stepped by hand until it waits, then ValueError thrown in: what it raised and the primitive's repr. */
export function throwIntoAcquire(trace: Harness, kind: "lock" | "semaphore"): Json {
  const prim = kind === "lock" ? new asyncio.Lock() : new asyncio.Semaphore(1);
  prim.acquire().next();
  const coro = prim.acquire();
  coro.next();
  let got: Json = "no error";
  try {
    coro.throw(new asyncio.ValueError("x"));
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    got = asyncio.pyRepr(e);
  }
  return [got, trace.repr(prim)];
}

/** Callbacks given 0 to 3 arguments by call_soon, and 3 by call_later and call_at: the arguments each got. */
export function* handleArgs(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const got: Json[] = [];
  const keep = (...args: unknown[]): void => {
    got.push(args as Json);
  };
  for (let n = 0; n < 4; n++) loop.callSoon(keep, ...[0, 1, 2].slice(0, n));
  loop.callLater(0, keep, 7, 8, 9);
  loop.callAt(loop.time(), keep, 4, 5, 6);
  yield* asyncio.sleep(0.5);
  return got;
}

/**
 * `loop.call_exception_handler(context)` with the loop's handler replaced for the call: none (the
 * default one) or one that raises KeyError('h'). With `bad` the context holds an object whose repr
 * raises ValueError('bad repr'), so that the default handler itself fails.
 */
export function handlerScene(loop: asyncio.BaseEventLoop, handler: "none" | "raising", bad: boolean): null {
  const old = loop.getExceptionHandler();
  const context: asyncio.ExceptionContext = { message: "m" };
  if (bad) {
    context.bad = {
      toString(): string {
        throw new asyncio.ValueError("bad repr");
      },
    };
  }
  loop.setExceptionHandler(
    handler === "none"
      ? null
      : () => {
          throw new asyncio.KeyError("h");
        },
  );
  try {
    loop.callExceptionHandler(context);
  } finally {
    loop.setExceptionHandler(old);
  }
  return null;
}

const firstCompleted = asyncio.asyncDef(function* first(fut: asyncio.Future<unknown>, timeout: number): asyncio.Coroutine<unknown> {
  for (const f of asyncio.asCompleted([fut], { timeout })) return yield* f;
  return null;
}, "_waiting_on.<locals>.first");

/** `wait_for(fut, timeout)`, `wait([fut], timeout=timeout)` or the first of `as_completed([fut], timeout=timeout)`. */
function waitingOn(fut: asyncio.Future<unknown>, kind: "wait_for" | "wait" | "as_completed", timeout: number): asyncio.Awaitable<unknown> {
  if (kind === "wait_for") return asyncio.waitFor(fut, timeout);
  if (kind === "wait") return asyncio.wait([fut], { timeout });
  return firstCompleted(fut, timeout);
}

/**
 * The repr of a pending future while a combinator waits on it (its done-callbacks, by name):
 * `wait_for(fut, 5)`, `wait([fut], timeout=5)` or `as_completed([fut], timeout=5)` in a task,
 * or a `shield(fut)` cancelled (the future is then failed with ValueError, and its error retrieved).
 */
export function* pendingCallbacks(trace: Harness, loop: asyncio.BaseEventLoop, kind: "wait_for" | "wait" | "as_completed" | "shield"): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  if (kind === "shield") {
    const outer = asyncio.shield(fut);
    outer.cancel();
    yield* asyncio.sleep(0);
    const shown = trace.repr(fut);
    fut.setException(new asyncio.ValueError("x"));
    yield* asyncio.sleep(0);
    fut.exception();
    return shown;
  }
  const task = asyncio.ensureFuture(waitingOn(fut, kind, 5));
  yield* asyncio.sleep(0);
  const shown = trace.repr(fut);
  fut.setResult(1);
  yield* task;
  return shown;
}

const orphanChild = asyncio.asyncDef(function* child(): asyncio.Coroutine<never> {
  yield* asyncio.sleep(0);
  throw new asyncio.ValueError("late");
}, "Harness.group_orphan.<locals>.child");

const orphanParent = asyncio.asyncDef(function* parent(tg: asyncio.TaskGroup): asyncio.Coroutine<string> {
  yield* tg.aenter();
  tg.createTask(orphanChild(), { name: "child" });
  return "left";
}, "Harness.group_orphan.<locals>.parent");

/**
 * A task enters a TaskGroup by hand, starts a child that fails a step later, and returns
 * without leaving the group: the child's error goes to the loop's exception handler.
 */
export function* groupOrphan(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const tg = new asyncio.TaskGroup();
  const result = yield* loop.createTask(orphanParent(tg), { name: "parent" });
  yield* asyncio.sleep(0.5);
  return result;
}

/**
 * "lock": a Lock released while its only waiter is cancelled (its task not yet resumed), then
 * acquired at once; "semaphore": a Semaphore(0) released while both its waiters are cancelled.
 * Reprs, locked() and the waiting tasks' states along the way.
 */
export function* cancelledWaiters(trace: Harness, kind: "lock" | "semaphore"): asyncio.Coroutine<Json> {
  if (kind === "lock") {
    const lock = new asyncio.Lock();
    yield* lock.acquire();
    const task = asyncio.ensureFuture(lock.acquire());
    yield* asyncio.sleep(0);
    task.cancel();
    lock.release();
    const shown: Json[] = [trace.repr(lock)];
    shown.push(yield* lock.acquire());
    shown.push(task.done(), trace.repr(lock));
    yield* asyncio.sleep(0);
    shown.push(task.cancelled(), trace.repr(lock));
    lock.release();
    return shown;
  }
  const sem = new asyncio.Semaphore(0);
  const tasks = [asyncio.ensureFuture(sem.acquire()), asyncio.ensureFuture(sem.acquire())];
  yield* asyncio.sleep(0);
  for (const t of tasks) t.cancel();
  sem.release();
  const shown: Json[] = [sem.locked(), trace.repr(sem)];
  yield* asyncio.sleep(0);
  shown.push(sem.locked(), trace.repr(sem), tasks.map((t) => t.cancelled()));
  return shown;
}

/**
 * The reprs of the loop's last three ready handles: a task's wakeup (its future just got a
 * result), a call_soon of four arguments, a new task's first step; then again once the
 * call_soon handle is cancelled.
 */
export function* readyReprs(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const fut = loop.createFuture();
  const waiter = asyncio.ensureFuture(asyncio.waitFor(fut, null));
  yield* asyncio.sleep(0);
  fut.setResult(1);
  const handle = loop.callSoon(1 as never, 2, 3, 4);
  const task = asyncio.ensureFuture(trace.returns(1));
  const last = (): Json => [...loop._ready].slice(-3).map((h) => trace.repr(h));
  const shown: Json[] = [last()];
  handle.cancel();
  shown.push(last());
  yield* task;
  yield* waiter;
  return shown;
}

/**
 * The reprs of a Queue(1) along a small scene: empty, with a getter waiting, with an item
 * and unfinished tasks, with a putter and a join() waiting, drained, and (3.13+) shut down.
 */
export function* queueReprs(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const q = new asyncio.Queue<number>(1);
  const shown: Json[] = [trace.repr(q)];
  const g = asyncio.ensureFuture(q.get());
  yield* asyncio.sleep(0);
  shown.push(trace.repr(q));
  q.putNowait(1);
  shown.push(trace.repr(q));
  shown.push(yield* g);
  shown.push(trace.repr(q));
  q.putNowait(2);
  const p = asyncio.ensureFuture(q.put(3));
  const j = asyncio.ensureFuture(q.join());
  yield* asyncio.sleep(0);
  shown.push(trace.repr(q));
  q.taskDone();
  shown.push(q.getNowait());
  shown.push(trace.repr(q));
  yield* p;
  shown.push(trace.repr(q));
  q.taskDone();
  q.getNowait();
  q.taskDone();
  shown.push([j.done(), trace.repr(q)]);
  yield* j;
  if (loop._minor >= 13) {
    q.shutdown();
    shown.push(trace.repr(q));
  }
  return shown;
}

/** A done task's outcome as the scenes show it: its result, "cancelled", or the name and args of what it raised. */
export function outcomeOf(task: asyncio.Future<unknown>): Json {
  if (task.cancelled()) return "cancelled";
  const exc = task.exception();
  if (exc === null) return task.result() as Json;
  return [(exc as Error).constructor.name, (exc as asyncio.BaseException).args as Json];
}

/**
 * A Barrier(3) through its states: empty, two tasks waiting (filling), reset while they wait
 * (resetting; they get BrokenBarrierError), refilled, aborted (broken), waited on once broken.
 * Each step shows repr, n_waiting and broken.
 */
export function* barrierStates(trace: Harness): asyncio.Coroutine<Json> {
  const b = new asyncio.Barrier(3);
  const shown: Json[] = [];
  const look = (): void => {
    shown.push([trace.repr(b), b.nWaiting, b.broken]);
  };
  look();
  const ts = [asyncio.ensureFuture(b.wait()), asyncio.ensureFuture(b.wait())];
  yield* asyncio.sleep(0);
  look();
  const r = asyncio.ensureFuture(b.reset());
  yield* asyncio.sleep(0);
  look();
  yield* r;
  yield* asyncio.sleep(0);
  look();
  shown.push(ts.map(outcomeOf));
  const t2 = asyncio.ensureFuture(b.wait());
  yield* asyncio.sleep(0);
  look();
  yield* b.abort();
  look();
  yield* asyncio.sleep(0);
  shown.push(outcomeOf(t2));
  try {
    yield* b.wait();
  } catch (e) {
    if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
    shown.push(["BrokenBarrierError", e.args as Json]);
  }
  look();
  return shown;
}

/** Three tasks made in a TaskGroup, the middle one named: how far apart the outer ones' Task-N numbers are. */
export function* groupTaskNumbers(trace: Harness): asyncio.Coroutine<Json> {
  let gap = 0;
  yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg: asyncio.TaskGroup) {
    const a = tg.createTask(trace.returns(1));
    tg.createTask(trace.returns(2), { name: "x" });
    const c = tg.createTask(trace.returns(3));
    gap = Number(c.getName().slice(5)) - Number(a.getName().slice(5));
  });
  return gap;
}

const failsAtOnce = asyncio.asyncDef(function* fails(): asyncio.Coroutine<never> {
  throw new asyncio.ValueError("eager");
}, "Harness.group_eager_failure.<locals>.fails");

/**
 * With the eager task factory, a TaskGroup child that fails at once, then a second child:
 * refused (3.12-3.13 handle the failure at once) or made (3.14 schedules it). Then what the
 * group raised.
 */
export function* groupEagerFailure(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const old = loop.getTaskFactory();
  loop.setTaskFactory(asyncio.eagerTaskFactory);
  const shown: Json[] = [];
  try {
    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg: asyncio.TaskGroup) {
      tg.createTask(failsAtOnce());
      try {
        tg.createTask(trace.returns(2));
        shown.push("created");
      } catch (e) {
        if (!(e instanceof asyncio.RuntimeError)) throw e;
        shown.push(String(e.args[0]));
      }
      yield* asyncio.sleep(0);
    });
  } catch (e) {
    if (!(e instanceof asyncio.BaseExceptionGroup)) throw e;
    shown.push([e.constructor.name, e.args[0] as Json, e.exceptions.map((x) => asyncio.pyRepr(x))]);
  } finally {
    loop.setTaskFactory(old);
  }
  return shown;
}

/**
 * 200 timers (10 s to 209 s away), the last 100 cancelled (one of them twice): the loop keeps
 * them (half cancelled is not more than half); one more cancelled: the next iteration drops
 * the cancelled ones; then all cancelled. How many timers the loop holds after each step,
 * less those it held before.
 */
export function* cancelledTimers(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const base = loop._scheduled.length;
  const hs: asyncio.TimerHandle[] = [];
  for (let i = 0; i < 200; i++) hs.push(loop.callLater(10 + i, () => {}));
  for (const h of hs.slice(100)) h.cancel();
  (hs[150] as asyncio.TimerHandle).cancel();
  yield* asyncio.sleep(0);
  const shown: Json[] = [loop._scheduled.length - base];
  (hs[99] as asyncio.TimerHandle).cancel();
  yield* asyncio.sleep(0);
  shown.push(loop._scheduled.length - base);
  for (const h of hs) h.cancel();
  yield* asyncio.sleep(0);
  shown.push(loop._scheduled.length - base);
  return shown;
}

const cancelsItselfThenReturns = asyncio.asyncDef(function* body(msg: string | null): asyncio.Coroutine<number> {
  (asyncio.currentTask() as asyncio.Task<unknown>).cancel(msg as never);
  return 1;
}, "Harness.self_cancel.<locals>.body");

const cancelsItselfThenWaits = asyncio.asyncDef(function* body2(msg: string | null): asyncio.Coroutine<Json> {
  const fut = asyncio.getRunningLoop().createFuture();
  (asyncio.currentTask() as asyncio.Task<unknown>).cancel(msg as never);
  try {
    yield* fut;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    return [e.args as Json, fut.cancelled()];
  }
  return null;
}, "Harness.self_cancel.<locals>.body2");

/**
 * A task that cancels itself (with `msg` when given) and returns at once: cancelled, with
 * what message; one that cancels itself, then awaits a future: the future is cancelled, and
 * the task, catching that, returns.
 */
export function* selfCancel(loop: asyncio.BaseEventLoop, msg: string | null): asyncio.Coroutine<Json> {
  const shown: Json[] = [];
  const first = loop.createTask(cancelsItselfThenReturns(msg));
  try {
    shown.push(yield* first);
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    shown.push(["CancelledError", e.args as Json]);
  }
  shown.push(first.cancelled());
  const second = loop.createTask(cancelsItselfThenWaits(msg));
  shown.push(yield* second, second.cancelled());
  return shown;
}

/**
 * The reprs of the timer handles due 7.25 s from now that a call schedules: `async with
 * timeout(7.25)`, or, in a task, sleep(7.25), wait_for(fut, 7.25), wait([fut], timeout=7.25),
 * as_completed([fut], timeout=7.25) (the task is then cancelled).
 */
export function* timerReprs(trace: Harness, loop: asyncio.BaseEventLoop, kind: "timeout" | "sleep" | "wait_for" | "wait" | "as_completed"): asyncio.Coroutine<Json> {
  const at = loop.time() + 7.25;
  const shown = (): Json => loop._scheduled.filter((h) => h.when() === at && !h.cancelled()).map((h) => trace.repr(h));
  if (kind === "timeout") {
    let out: Json = null;
    yield* asyncio.asyncWith(asyncio.timeout(7.25), function* () {
      out = shown();
    });
    return out;
  }
  const fut = loop.createFuture();
  const task = asyncio.ensureFuture(kind === "sleep" ? asyncio.sleep(7.25) : waitingOn(fut, kind, 7.25));
  yield* asyncio.sleep(0);
  const out = shown();
  fut.setResult(1);
  task.cancel();
  try {
    yield* task;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
  }
  return out;
}

/**
 * Three tasks wait on a Lock (held), a Semaphore(0), an Event or a Queue; the second is
 * cancelled and leaves; then one release (set, put): the primitive's repr, and which of the
 * first and third were served. The rest are cancelled.
 */
export function* secondWaiterCancelled(trace: Harness, kind: "lock" | "semaphore" | "event" | "queue"): asyncio.Coroutine<Json> {
  let prim: object;
  let wait: () => asyncio.Coroutine<unknown>;
  let release: () => void;
  if (kind === "lock") {
    const lock = new asyncio.Lock();
    yield* lock.acquire();
    [prim, wait, release] = [lock, () => lock.acquire(), () => lock.release()];
  } else if (kind === "semaphore") {
    const sem = new asyncio.Semaphore(0);
    [prim, wait, release] = [sem, () => sem.acquire(), () => sem.release()];
  } else if (kind === "event") {
    const event = new asyncio.Event();
    [prim, wait, release] = [event, () => event.wait(), () => event.set()];
  } else {
    const q = new asyncio.Queue<number>();
    [prim, wait, release] = [q, () => q.get(), () => q.putNowait(1)];
  }
  const [a, b, c] = [asyncio.ensureFuture(wait()), asyncio.ensureFuture(wait()), asyncio.ensureFuture(wait())];
  yield* asyncio.sleep(0);
  b.cancel();
  yield* asyncio.sleep(0);
  const shown: Json[] = [trace.repr(prim)];
  release();
  yield* asyncio.sleep(0);
  shown.push([a.done(), c.done()], trace.repr(prim));
  for (const t of [a, c]) if (!t.done()) t.cancel();
  yield* asyncio.sleep(0);
  return shown;
}

const conditionWaiter = asyncio.asyncDef(function* waiter(cond: asyncio.Condition): asyncio.Coroutine<string> {
  yield* asyncio.asyncWith(cond, function* () {
    yield* cond.wait();
  });
  return "woken";
}, "Harness.condition_notify.<locals>.waiter");

/**
 * Three tasks wait on a Condition; the second is cancelled (its waiter still listed); notify(1),
 * then notify_all(): the condition's repr after each, and the tasks' states and outcomes.
 */
export function* conditionNotify(trace: Harness): asyncio.Coroutine<Json> {
  const cond = new asyncio.Condition();
  const ts = [0, 1, 2].map(() => asyncio.ensureFuture(conditionWaiter(cond)));
  yield* asyncio.sleep(0);
  (ts[1] as asyncio.Future<unknown>).cancel();
  const shown: Json[] = [];
  yield* asyncio.asyncWith(cond, function* () {
    cond.notify(1);
    shown.push(trace.repr(cond));
  });
  for (let i = 0; i < 3; i++) yield* asyncio.sleep(0);
  shown.push(ts.map((t) => t.done()), trace.repr(cond));
  yield* asyncio.asyncWith(cond, function* () {
    cond.notifyAll();
    shown.push(trace.repr(cond));
  });
  for (let i = 0; i < 3; i++) yield* asyncio.sleep(0);
  shown.push(ts.map(outcomeOf), trace.repr(cond));
  return shown;
}

/**
 * A timeout(5) rescheduled while active: to 1.5 s from now, to never (then sleep(2) runs out),
 * and a second scope moved into the past (it expires at the next iteration). Reprs and
 * expired() along the way, with times relative to the start.
 */
export function* timeoutReschedule(trace: Harness, loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const start = loop.time();
  const shown: Json[] = [];
  const cm = asyncio.timeout(5);
  yield* asyncio.asyncWith(cm, function* () {
    shown.push((cm.when() as number) - start);
    cm.reschedule(start + 1.5);
    shown.push((cm.when() as number) - start, cm.expired());
    cm.reschedule(null);
    shown.push(trace.repr(cm));
    yield* asyncio.sleep(2);
  });
  shown.push(cm.expired(), trace.repr(cm));
  const late = asyncio.timeout(5);
  try {
    yield* asyncio.asyncWith(late, function* () {
      late.reschedule(loop.time() - 1);
      yield* asyncio.sleep(1);
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    shown.push("TimeoutError");
  }
  shown.push(late.expired(), trace.repr(late), loop.time() - start);
  return shown;
}
