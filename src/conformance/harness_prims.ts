/**
 * Scenes of the `validate` cases of the primitives (./ops/validate_cases_prims.ts), twins
 * of the methods of the same names in python-reference/asyncio_ts_harness.py: a Queue shut
 * down while a join() waits or while cancelled waiters are still in its lines, and a
 * queue waiter woken and cancelled while the queue blocks again, with others in line.
 *
 * @example
 * ```ts
 * yield* trace.queueWokenReblocked("get"); // [[["g2", "b"], ["g3", "c"]], "cancelled"]
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import { outcomeOf } from "./harness_loop.ts";
import type { Json } from "./trace_format.ts";

function* steps(n: number): asyncio.Coroutine<void> {
  for (let i = 0; i < n; i++) yield* asyncio.sleep(0);
}

/**
 * 3.13+: `shutdown(immediate=True)` while a join() waits, on a queue of three items after
 * two task_done() calls ran ahead of get() ("ahead"), and on one with an item gotten but
 * not done ("not done"): `[qsize(), join done]` for each; then `shutdown()` of an empty
 * Queue and a full Queue(1) whose waiting get() and put() tasks were cancelled in the same
 * step: the tasks' outcomes and the second queue's qsize().
 */
export function* queueShutdownWaiting(): asyncio.Coroutine<Json> {
  const ahead = new asyncio.Queue<number>();
  for (let i = 0; i < 3; i++) ahead.putNowait(i);
  const notDone = new asyncio.Queue<number>();
  notDone.putNowait(1);
  notDone.putNowait(2);
  notDone.getNowait();
  const joins = [asyncio.ensureFuture(ahead.join()), asyncio.ensureFuture(notDone.join())];
  yield* asyncio.sleep(0);
  ahead.taskDone();
  ahead.taskDone();
  ahead.shutdown(true);
  notDone.shutdown(true);
  yield* steps(2);
  const shown: Json[] = [
    [ahead.qsize(), joins[0].done()],
    [notDone.qsize(), joins[1].done()],
  ];
  for (const join of joins) join.cancel();
  yield* steps(2);
  shown.push(joins.map(outcomeOf));
  const empty = new asyncio.Queue<number>();
  const full = new asyncio.Queue<number>(1);
  full.putNowait(0);
  const waiters: asyncio.Future<unknown>[] = [asyncio.ensureFuture(empty.get()), asyncio.ensureFuture(full.put(1))];
  yield* asyncio.sleep(0);
  for (const waiter of waiters) waiter.cancel();
  empty.shutdown();
  full.shutdown();
  yield* steps(2);
  shown.push(waiters.map(outcomeOf), full.qsize());
  return shown;
}

/**
 * Three tasks wait in `get()` on an empty Queue ("get") or in `put()` on a full Queue(1)
 * ("put"); one step wakes the first (putNowait / getNowait), cancels it and blocks the
 * queue again (getNowait / putNowait); later wake-ups then show which waiter is first in
 * line: `[what each waiter got or put, in order, the first waiter's outcome]`.
 */
export function* queueWokenReblocked(which: "get" | "put"): asyncio.Coroutine<Json> {
  const order: Json[] = [];
  const queue = new asyncio.Queue<string>(which === "get" ? 0 : 1);
  const names = ["w1", "w2", "w3"];
  let tasks: asyncio.Future<unknown>[];
  if (which === "get") {
    const take = asyncio.asyncDef(function* take(name: string): asyncio.Coroutine<void> {
      order.push([name, yield* queue.get()]);
    }, "Harness.queue_woken_reblocked.<locals>.take");
    tasks = names.map((name) => asyncio.ensureFuture(take(name)));
    yield* asyncio.sleep(0);
    queue.putNowait("a");
    tasks[0].cancel();
    queue.getNowait();
    yield* steps(2);
    for (const item of ["b", "c"]) {
      queue.putNowait(item);
      yield* steps(2);
    }
  } else {
    queue.putNowait("x");
    const give = asyncio.asyncDef(function* give(name: string): asyncio.Coroutine<void> {
      yield* queue.put(name);
    }, "Harness.queue_woken_reblocked.<locals>.give");
    tasks = names.map((name) => asyncio.ensureFuture(give(name)));
    yield* asyncio.sleep(0);
    order.push(queue.getNowait());
    tasks[0].cancel();
    queue.putNowait("y");
    yield* steps(2);
    for (let i = 0; i < 3; i++) {
      order.push(queue.getNowait());
      yield* steps(2);
    }
  }
  return [order, outcomeOf(tasks[0])];
}

/**
 * Two tasks wait in `Condition.wait()`; the holder notifies the first, lets it wake (it
 * now waits to take the lock back) and cancels it: `[the first done while the lock is
 * held, how the first ended, whether the second was woken, cv.locked()]`. 3.13 passes
 * the notification on to the second.
 */
export function* conditionReacquireCancelled(): asyncio.Coroutine<Json> {
  const cv = new asyncio.Condition();
  const waiter = asyncio.asyncDef(function* waiter(): asyncio.Coroutine<string> {
    yield* asyncio.asyncWith(cv, function* () {
      yield* cv.wait();
    });
    return "woken";
  }, "Harness.condition_reacquire_cancelled.<locals>.waiter");
  const first = asyncio.ensureFuture(waiter());
  const second = asyncio.ensureFuture(waiter());
  yield* asyncio.sleep(0);
  let held: Json = null;
  yield* asyncio.asyncWith(cv, function* () {
    cv.notify();
    yield* asyncio.sleep(0);
    first.cancel();
    yield* asyncio.sleep(0);
    held = first.done();
  });
  yield* steps(3);
  const shown: Json[] = [held, outcomeOf(first), second.done()];
  second.cancel();
  yield* steps(2);
  shown.push(cv.locked());
  return shown;
}

/**
 * Inside the running loop, `sys.set_asyncgen_hooks(finalizer=f)` alone: whether firstiter
 * is still the loop's and the finalizer is f; then `set_asyncgen_hooks(firstiter=None)`
 * alone: whether the finalizer is still f. The loop's hooks are put back afterwards.
 */
export function agenHooksOneAtATime(): Json {
  const old = asyncio.getAsyncgenHooks();
  const fin = (_agen: unknown): void => {};
  try {
    asyncio.setAsyncgenHooks({ finalizer: fin });
    const now = asyncio.getAsyncgenHooks();
    const shown: Json[] = [now.firstiter === old.firstiter, now.finalizer === fin];
    asyncio.setAsyncgenHooks({ firstiter: null });
    const then = asyncio.getAsyncgenHooks();
    shown.push(then.firstiter === null, then.finalizer === fin);
    return shown;
  } finally {
    asyncio.setAsyncgenHooks(old);
  }
}

/**
 * 3.7/3.8: three tasks wait on a Semaphore(0); one step releases it (waking the first),
 * cancels the first and takes the permit itself (free at once on these releases); two
 * more releases then show which waiter is first in line: `[who acquired, in order, the
 * first waiter's outcome, locked()]`.
 */
export function* semaphoreWokenReblocked(): asyncio.Coroutine<Json> {
  const sem = new asyncio.Semaphore(0);
  const order: Json[] = [];
  const take = asyncio.asyncDef(function* take(name: string): asyncio.Coroutine<void> {
    yield* sem.acquire();
    order.push(name);
  }, "Harness.semaphore_woken_reblocked.<locals>.take");
  const tasks = ["w1", "w2", "w3"].map((name) => asyncio.ensureFuture(take(name)));
  yield* asyncio.sleep(0);
  sem.release();
  tasks[0].cancel();
  yield* sem.acquire();
  order.push("main");
  yield* steps(2);
  for (let i = 0; i < 2; i++) {
    sem.release();
    yield* steps(2);
  }
  return [order, outcomeOf(tasks[0]), sem.locked()];
}

const handlerSleeps = asyncio.asyncGen(function* handler_sleeps() {
  try {
    yield* asyncio.ayield<unknown>(1);
  } catch (e) {
    yield* asyncio.sleep(0);
    throw e;
  }
}, "Harness.agen_step_pending.<locals>.handler_sleeps");

/** What a thrown value shows: `[its class name, its args]`. */
function raised(e: unknown): Json {
  return [(e as Error).constructor.name, (e as asyncio.BaseException).args as Json];
}

const handlerSwallows = asyncio.asyncGen(function* handler_swallows() {
  try {
    yield* asyncio.ayield<unknown>(1);
  } catch {
    try {
      yield* asyncio.sleep(10);
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      return;
    }
  }
}, "Harness.agen_step_pending.<locals>.handler_swallows");

/** What the scenes of agenStepPending do. */
export type PendingStep = "athrow" | "aclose" | "athrow cancelled" | "aclose cancelled";

/** A done task as {@link agenStepPending} shows it. */
function doneTask(task: asyncio.Future<unknown>): Json {
  if (!task.done()) return "pending";
  if (task.cancelled()) return "cancelled";
  return task.exception() === null ? ["returned", task.result() as Json] : raised(task.exception());
}

/**
 * 3.8+: a generator that yields 1 and whose handler sleeps, then re-raises ("athrow",
 * "aclose"), or sleeps 10 s and returns when that sleep is cancelled ("... cancelled");
 * after taking the 1, its `athrow(ValueError('x'))` or `aclose()` runs in a task and is
 * left pending in the handler (the "cancelled" scenes then cancel that task): `[ag_running
 * then, the task's outcome (cancelled scenes), ag_running then, what awaiting __anext__()
 * then gives, the task's outcome]`.
 */
export function* agenStepPending(op: PendingStep): asyncio.Coroutine<Json> {
  const cancelled = op.endsWith("cancelled");
  const agen = (cancelled ? handlerSwallows() : handlerSleeps()) as asyncio.AsyncGen<unknown>;
  yield* agen.anext();
  const task = asyncio.ensureFuture(op.startsWith("athrow") ? agen.athrow(new asyncio.ValueError("x")) : agen.aclose());
  yield* asyncio.sleep(0);
  const shown: Json[] = [agen.agRunning];
  if (cancelled) {
    task.cancel();
    yield* steps(2);
    shown.push(doneTask(task), agen.agRunning);
  }
  try {
    shown.push(["returned", (yield* agen.anext()) as Json]);
  } catch (e) {
    shown.push(raised(e));
  }
  yield* steps(2);
  shown.push(doneTask(task));
  return shown;
}

/**
 * Sixteen tasks wait in `get()` on an empty Queue (a full ring in our deque); the one at
 * `cancelled` is cancelled and leaves the line; then fifteen items are put: `[which
 * waiter got which item, in order, the cancelled one's outcome]`.
 */
export function* queueSixteenGetters(cancelled: number): asyncio.Coroutine<Json> {
  const order: Json[] = [];
  const queue = new asyncio.Queue<number>();
  const take = asyncio.asyncDef(function* take(i: number): asyncio.Coroutine<void> {
    order.push([i, yield* queue.get()]);
  }, "Harness.queue_sixteen_getters.<locals>.take");
  const tasks = Array.from({ length: 16 }, (_, i) => asyncio.ensureFuture(take(i)));
  yield* asyncio.sleep(0);
  tasks[cancelled].cancel();
  yield* steps(2);
  for (let i = 0; i < 15; i++) queue.putNowait(i);
  yield* steps(2);
  const shown: Json[] = [order, outcomeOf(tasks[cancelled])];
  for (const task of tasks) task.cancel();
  yield* steps(2);
  return shown;
}

/**
 * 3.11+: the reprs of coroutine objects of Barrier.reset(), Barrier.__aenter__(),
 * Barrier.__aexit__() and Condition.wait_for(), each closed unstarted.
 */
export function coroutineNames(repr: (obj: unknown) => string): Json {
  const barrier = new asyncio.Barrier(1);
  const cv = new asyncio.Condition();
  const coros: asyncio.Coroutine<unknown>[] = [barrier.reset(), barrier.aenter(), barrier.aexit(undefined as never), cv.waitFor(() => true)];
  return coros.map((coro) => {
    const shown = repr(coro);
    coro.return(undefined);
    return shown;
  });
}

/**
 * A Semaphore(0) waiter "a" is woken by one release(); a second release() finds no one to
 * wake; "c" and "d" start waiting before "a" resumes, and "a" is cancelled: its permit goes
 * back, so two are free at once. After each of three steps: `[who acquired so far,
 * repr(sem)]`, then how "a" ended.
 */
export function* semaphoreTwoFreed(repr: (obj: unknown) => string): asyncio.Coroutine<Json> {
  const sem = new asyncio.Semaphore(0);
  const order: string[] = [];
  const take = asyncio.asyncDef(function* take(name: string): asyncio.Coroutine<void> {
    yield* sem.acquire();
    order.push(name);
  }, "Harness.semaphore_two_freed.<locals>.take");
  const a = asyncio.ensureFuture(take("a"));
  yield* asyncio.sleep(0);
  const others = [asyncio.ensureFuture(take("c")), asyncio.ensureFuture(take("d"))];
  sem.release();
  sem.release();
  a.cancel();
  const shown: Json[] = [];
  for (let i = 0; i < 3; i++) {
    yield* asyncio.sleep(0);
    shown.push([[...order], repr(sem)]);
  }
  shown.push(outcomeOf(a));
  for (const task of others) task.cancel();
  yield* steps(2);
  return shown;
}

/**
 * A Condition.wait() stepped by hand: notified while the holder has the lock again, it
 * waits to take the lock back; ValueError thrown in there leaves wait() at once (only
 * cancellations are retried): `[what the throw raised, cv.locked()]`.
 */
export function* conditionThrowWhileReacquiring(): asyncio.Coroutine<Json> {
  const cv = new asyncio.Condition();
  yield* cv.acquire();
  const w = cv.wait();
  w.next();
  yield* cv.acquire();
  cv.notify();
  w.next();
  let got: Json = "no error";
  try {
    w.throw(new asyncio.ValueError("x"));
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    got = asyncio.pyRepr(e);
  }
  w.return(true);
  const locked = cv.locked();
  cv.release();
  return [got, locked];
}

/**
 * A Queue subclass whose `_init` reprs the queue before the storage exists, then the
 * repr once an item is in: `[repr inside _init, repr after put_nowait(1)]`.
 */
export function queueReprInInit(repr: (obj: unknown) => string): Json {
  const seen: Json[] = [];
  class Q extends asyncio.Queue<number> {
    override _init(maxsize: number): void {
      seen.push(repr(this));
      super._init(maxsize);
    }
  }
  const q = new Q();
  q.putNowait(1);
  seen.push(repr(q));
  return seen;
}

/**
 * The TimeoutError that `wait_for(sleep(1), 0)` raises, tested against a subclass of
 * asyncio.TimeoutError (which it is not an instance of) and asyncio.TimeoutError itself.
 */
export function* timeoutSubclassCheck(): asyncio.Coroutine<Json> {
  class Sub extends asyncio.TimeoutError {}
  try {
    yield* asyncio.waitFor(asyncio.sleep(1), 0);
  } catch (e) {
    return [e instanceof Sub, e instanceof asyncio.TimeoutError];
  }
  return "no timeout";
}

/**
 * 101 timers cancelled and one kept, so that the loop rebuilds its timer heap with two
 * live timers (the kept one and this scene's own sleep): what ran.
 */
export function* timerRebuildTwoLive(): asyncio.Coroutine<Json> {
  const loop = asyncio.getRunningLoop();
  const order: string[] = [];
  const add = (name: string): void => {
    order.push(name);
  };
  loop.callLater(2, add, "kept");
  const cancelled = Array.from({ length: 101 }, () => loop.callLater(5, add, "cancelled"));
  for (const h of cancelled) h.cancel();
  yield* asyncio.sleep(3);
  return order;
}
