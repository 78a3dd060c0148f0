/**
 * Scenes of the `validate` cases about cancellation, twins of the methods of the same
 * names in python-reference/asyncio_ts_harness.py: a task running a TaskGroup (3.11+)
 * cancelled from outside (once, or again while the group waits for its children), or
 * whose children and body fail close together, giving what the task returned or raised
 * and its `cancelling()` count; a waiter on a Lock, Semaphore or Queue woken and
 * cancelled in one step; a Condition waiter cancelled twice while it retakes the lock.
 * These are where CPython's releases differ in their cancellation accounting.
 *
 * @example
 * ```ts
 * yield* trace.groupScene("outside cancel"); // [["cancelled", ["first"]], 1]
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Json } from "./trace_format.ts";

/** The scenes {@link groupScene} plays. */
export type GroupSceneKind = "outside cancel" | "outside cancel twice" | "two children fail" | "child and body fail";

const fails = asyncio.asyncDef(function* fails(delay: number | null): asyncio.Coroutine<never> {
  if (delay !== null) yield* asyncio.sleep(delay);
  throw new asyncio.ValueError("child");
}, "Harness.group_scene.<locals>.fails");

const body = asyncio.asyncDef(function* body(kind: GroupSceneKind): asyncio.Coroutine<Json> {
  try {
    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
      if (kind === "outside cancel" || kind === "outside cancel twice") {
        tg.createTask(asyncio.sleep(10));
        yield* asyncio.sleep(10);
      } else if (kind === "two children fail") {
        tg.createTask(fails(0));
        tg.createTask(fails(0));
        yield* asyncio.sleep(1);
      } else {
        tg.createTask(fails(null));
        yield* asyncio.sleep(0);
        throw new asyncio.KeyError("body");
      }
    });
  } catch (e) {
    if (!(e instanceof asyncio.BaseExceptionGroup)) throw e;
    yield* asyncio.sleep(0);
    return ["group", e.exceptions.map((x) => (x as Error).name), (asyncio.currentTask() as asyncio.Task<unknown>).cancelling()];
  }
  return "returned";
}, "Harness.group_scene.<locals>.body");

/** Plays one scene; gives `[what the task gave or its cancellation's arguments, task.cancelling()]`. */
export function* groupScene(kind: GroupSceneKind): asyncio.Coroutine<Json> {
  const task = asyncio.ensureFuture(body(kind)) as asyncio.Task<Json>;
  yield* asyncio.sleep(0);
  if (kind === "outside cancel" || kind === "outside cancel twice") {
    task.cancel("first");
    if (kind === "outside cancel twice") {
      yield* asyncio.sleep(0);
      task.cancel("second");
    }
  }
  return [yield* outcome(task), task.cancelling()];
}

/** What awaiting `task` gives: its result, or `["cancelled", the cancellation's arguments]`. */
function* outcome(task: asyncio.Future<Json>): asyncio.Coroutine<Json> {
  try {
    return yield* task;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    return ["cancelled", e.args.map((a) => String(a))];
  }
}

/** What {@link wakeThenCancel} waits on. */
export type WakeKind = "lock" | "semaphore" | "queue";

/**
 * Two tasks wait on a held Lock, a Semaphore(0) or an empty Queue; one step wakes the
 * first (`release()` / `putNowait()`) and cancels it: `[the first cancelled, what the
 * second gave (false while it waits), the lock's locked() or the queue's qsize()]`.
 */
export function* wakeThenCancel(kind: WakeKind, value: (v: unknown) => Json): asyncio.Coroutine<Json> {
  let take: () => asyncio.Coroutine<unknown>;
  let wake: () => void;
  let state: () => Json;
  if (kind === "queue") {
    const queue = new asyncio.Queue<string>();
    take = () => queue.get();
    wake = () => queue.putNowait("item");
    state = () => queue.qsize();
  } else {
    const prim = kind === "lock" ? new asyncio.Lock() : new asyncio.Semaphore(0);
    if (kind === "lock") yield* prim.acquire();
    take = () => prim.acquire();
    wake = () => prim.release();
    state = () => prim.locked();
  }
  const first = asyncio.ensureFuture(take());
  const second = asyncio.ensureFuture(take());
  yield* asyncio.sleep(0);
  wake();
  first.cancel();
  for (let i = 0; i < 3; i++) yield* asyncio.sleep(0);
  return [first.cancelled(), second.done() ? value(second.result()) : false, state()];
}

/** `async with cv: await cv.wait()`, then "woken" (the module-level `condition_waiter` of the Python harness). */
const conditionWaiter = asyncio.asyncDef(function* condition_waiter(cv: asyncio.Condition): asyncio.Coroutine<string> {
  yield* asyncio.asyncWith(cv, function* () {
    yield* cv.wait();
  });
  return "woken";
}, "condition_waiter");

/**
 * A task waits in `Condition.wait()`; the holder notifies it and cancels it, and cancels
 * it again while it waits to take the lock back: `[how the task ended, cv.locked()]`.
 */
export function* conditionCancelledTwice(): asyncio.Coroutine<Json> {
  const cv = new asyncio.Condition();
  const task = asyncio.ensureFuture(conditionWaiter(cv));
  yield* asyncio.sleep(0);
  yield* asyncio.asyncWith(cv, function* () {
    cv.notify();
    task.cancel();
    yield* asyncio.sleep(0);
    task.cancel();
  });
  return [yield* outcome(task), cv.locked()];
}

/** What {@link wokenRepr} waits on. */
export type WokenKind = "lock" | "event" | "semaphore" | "condition";

/**
 * A task waits on a held Lock, an Event, a Semaphore(0) or a Condition; right after the
 * call that wakes it, its repr (normalised by `repr`) and, three steps later, whether it
 * is done.
 */
export function* wokenRepr(kind: WokenKind, repr: (x: unknown) => string): asyncio.Coroutine<Json> {
  let task: asyncio.Future<unknown>;
  let text: string;
  if (kind === "condition") {
    const cv = new asyncio.Condition();
    task = asyncio.ensureFuture(conditionWaiter(cv));
    yield* asyncio.sleep(0);
    text = yield* asyncio.asyncWith(cv, function* () {
      cv.notify();
      return repr(task);
    });
  } else {
    let wake: () => void;
    if (kind === "lock") {
      const lock = new asyncio.Lock();
      yield* lock.acquire();
      task = asyncio.ensureFuture(lock.acquire());
      wake = () => lock.release();
    } else if (kind === "event") {
      const event = new asyncio.Event();
      task = asyncio.ensureFuture(event.wait());
      wake = () => event.set();
    } else {
      const sem = new asyncio.Semaphore(0);
      task = asyncio.ensureFuture(sem.acquire());
      wake = () => sem.release();
    }
    yield* asyncio.sleep(0);
    wake();
    text = repr(task);
  }
  for (let i = 0; i < 3; i++) yield* asyncio.sleep(0);
  return [text, task.done()];
}

const take = asyncio.asyncDef(function* take(sem: asyncio.Semaphore, order: string[], name: string): asyncio.Coroutine<void> {
  yield* sem.acquire();
  order.push(name);
}, "Harness.semaphore_burst.<locals>.take");

/**
 * Two tasks wait on a Semaphore(0); four `release()` calls in one step, then two
 * newcomers: `[the order they acquired in, locked() after each of five steps]`.
 */
export function* semaphoreBurst(): asyncio.Coroutine<Json> {
  const sem = new asyncio.Semaphore(0);
  const order: string[] = [];
  for (const name of ["w1", "w2"]) asyncio.ensureFuture(take(sem, order, name));
  yield* asyncio.sleep(0);
  for (let i = 0; i < 4; i++) sem.release();
  for (const name of ["n1", "n2"]) asyncio.ensureFuture(take(sem, order, name));
  const states = [sem.locked()];
  for (let i = 0; i < 4; i++) {
    yield* asyncio.sleep(0);
    states.push(sem.locked());
  }
  return [order, states];
}

/**
 * 3.13+: a Queue holding two items is shut down after `taskDone()` ran ahead of `get()`
 * ("task_done first", immediately) or with an item gotten but not done ("gotten, not
 * done"); then `[qsize(), whether a join() started then is done a step later]`.
 */
export function* queueShutdownEdge(which: "task_done first" | "gotten, not done"): asyncio.Coroutine<Json> {
  const queue = new asyncio.Queue<number>();
  queue.putNowait(1);
  queue.putNowait(2);
  if (which === "task_done first") {
    queue.taskDone();
    queue.shutdown(true);
  } else {
    queue.getNowait();
    queue.shutdown();
  }
  const join = asyncio.ensureFuture(queue.join());
  yield* asyncio.sleep(0);
  return [queue.qsize(), join.done()];
}
