/**
 * Scenes of the misc cases (./ops/validate_cases_misc.ts), called from the `Harness`
 * methods of the same names (twins in python-reference/asyncio_ts_harness.py): PriorityQueue
 * drains that may be refused, Timeout reprs at odd deadlines, a CancelledError subclass
 * leaving an expired Timeout, and the reprs of a TaskGroup's child and of its parent.
 *
 * @example
 * ```ts
 * drainEach([[[0, new Set([1]), "b"], [0, new Set([1]), "a"]]], (e) => String(e)); // ["[[0, {1}, 'a'], [0, {1}, 'b']]"]
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import { drainPriority } from "./harness_agens.ts";
import type { Json } from "./trace.ts";

/** Each group of items put into a PriorityQueue and taken out again: the repr of what came out, or the exception. */
export function drainEach(groups: readonly unknown[][], exc: (e: unknown) => Json): Json[] {
  return groups.map((items) => {
    try {
      return asyncio.pyRepr(drainPriority(items));
    } catch (e) {
      return exc(e);
    }
  });
}

/** `repr()` of a Timeout entered at each deadline (loop time), taken inside its `async with`. */
export function* timeoutReprs(whens: readonly number[]): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  for (const when of whens) {
    const cm = asyncio.timeoutAt(when);
    yield* asyncio.asyncWith(cm, function* () {
      out.push(String(cm));
    });
  }
  return out;
}

/** A CancelledError of the program's own. */
export class MiscCancelled extends asyncio.CancelledError {}

/**
 * `async with timeout(0)` around `sleep(1)` whose body answers the cancellation by raising
 * a `MiscCancelled('mine')`: what leaves the `async with` (TimeoutError from 3.13, the
 * subclass itself before), and the task's cancelling() count after.
 */
export function* timeoutCancelSubclass(exc: (e: unknown) => Json): asyncio.Coroutine<Json> {
  let left: Json = null;
  try {
    yield* asyncio.asyncWith(asyncio.timeout(0), function* () {
      try {
        yield* asyncio.sleep(1);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) throw new MiscCancelled("mine");
        throw e;
      }
    });
  } catch (e) {
    left = exc(e);
  }
  return [left, (asyncio.currentTask() as asyncio.Task<unknown>).cancelling()];
}

const groupChild = asyncio.asyncDef(function* child(): asyncio.Coroutine<null> {
  yield* asyncio.sleep(0);
  return null;
}, "Harness.misc_group_reprs.<locals>.child");

/**
 * A task named 'parent' runs a TaskGroup with one child named 'child': the child's repr
 * just after it is made (its done-callback list shows the group's), and the parent's repr
 * from a done-callback of the child added after the group's, when the group has just set
 * the result of the future its `__aexit__` waits on.
 */
export function* groupReprs(repr: (obj: unknown) => string): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const loop = asyncio.getRunningLoop();
  const seen = loop.createFuture();
  const parentBody = asyncio.asyncDef(function* parent(): asyncio.Coroutine<null> {
    const me = asyncio.currentTask() as asyncio.Task<unknown>;
    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg: asyncio.TaskGroup) {
      const t = tg.createTask(groupChild(), { name: "child" });
      out.push(repr(t));
      t.addDoneCallback(
        asyncio.qualname(() => {
          out.push(repr(me));
          seen.setResult(null);
        }, "Harness.misc_group_reprs.<locals>.parent.<locals>.<lambda>"),
      );
    });
    return null;
  }, "Harness.misc_group_reprs.<locals>.parent");
  const parent = asyncio.createTask(parentBody(), { name: "parent" });
  yield* seen;
  yield* parent;
  return out;
}

/**
 * Timers at 0.5 (x), 3 (a), 1 (b) and 2 (c) seconds and 97 more at 10, then x and the 97
 * cancelled: over half of more than 100 timers are cancelled, so the loop rebuilds its heap
 * from the live ones (c, b, a, the sleep's) before it waits. The order the callbacks ran in.
 */
export function* timerRebuild(): asyncio.Coroutine<Json> {
  const loop = asyncio.getRunningLoop();
  const order: string[] = [];
  const add = (name: string): void => {
    order.push(name);
  };
  const cancelled = [loop.callLater(0.5, add, "x")];
  for (const [name, delay] of [["a", 3], ["b", 1], ["c", 2]] as const) loop.callLater(delay, add, name);
  for (let i = 0; i < 97; i++) cancelled.push(loop.callLater(10, add, "filler"));
  for (const h of cancelled) h.cancel();
  yield* asyncio.sleep(4);
  return order;
}

const failsFirst = asyncio.asyncDef(function* fails(): asyncio.Coroutine<never> {
  throw new asyncio.ValueError(1);
}, "Harness.misc_group_cancelled_from_outside.<locals>.fails");

const cancelledParent = asyncio.asyncDef(function* parent(): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  try {
    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg: asyncio.TaskGroup) {
      tg.createTask(failsFirst());
      yield* asyncio.sleep(1);
    });
  } catch (e) {
    out.push((e as Error).name);
  }
  out.push((asyncio.currentTask() as asyncio.Task<unknown>).cancelling());
  try {
    yield* asyncio.sleep(0);
    out.push("slept");
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    out.push("cancelled");
  }
  return out;
}, "Harness.misc_group_cancelled_from_outside.<locals>.parent");

/**
 * A task runs a TaskGroup whose child fails at its first step; the group cancels the task,
 * and the task is cancelled from outside too before it wakes. What the task caught, its
 * cancelling() count after, and whether its next sleep(0) is cancelled (3.13 keeps the
 * outside cancellation by cancelling the task again).
 */
export function* groupCancelledFromOutside(): asyncio.Coroutine<Json> {
  const task = asyncio.createTask(cancelledParent());
  for (let i = 0; i < 3; i++) yield* asyncio.sleep(0);
  task.cancel();
  return yield* task;
}

/**
 * What `catch_warnings().__enter__()` gives (None), and how many warnings the list that
 * `catch_warnings(record=True).__enter__()` gives holds after one warning under 'always'.
 */
export function catchWarningsEnter(): Json {
  const plain = asyncio.warnings.catchWarnings();
  const got = plain.enter();
  plain.exit();
  const recording = asyncio.warnings.catchWarnings({ record: true });
  const log = recording.enter();
  try {
    asyncio.warnings.simplefilter("always");
    asyncio.warnings.warn("inside", asyncio.warnings.RuntimeWarning);
    return [got === null ? null : got.length, log === null ? null : log.length];
  } finally {
    recording.exit();
  }
}

/**
 * A task waits in `wait_for(fut, 10)`; in one iteration `fut` fails and the task is
 * cancelled. What awaiting the task gives: "cancelled", or the exception in detail (3.8-3.11
 * return `fut.result()` from inside `except CancelledError`, so the failure carries the
 * cancellation as its context); then the InvalidStateError of a pending future's result(),
 * in detail (chained to nothing).
 */
export function* waitForCancelledAfterFailure(detail: (e: unknown) => Json): asyncio.Coroutine<Json> {
  const fut = asyncio.getRunningLoop().createFuture<unknown>();
  const task = asyncio.ensureFuture(asyncio.waitFor(fut, 10));
  yield* asyncio.sleep(0);
  fut.setException(new asyncio.ValueError("v"));
  task.cancel();
  let first: Json = "returned";
  try {
    yield* task;
  } catch (e) {
    first = e instanceof asyncio.CancelledError ? "cancelled" : detail(e);
  }
  let later: Json = null;
  try {
    asyncio.getRunningLoop().createFuture<unknown>().result();
  } catch (e) {
    later = detail(e);
  }
  return [first, later];
}

/**
 * TaskGroups driven by hand: `await tg.__aexit__(CancelledError, exc, None)` of a group
 * with no children (raises that same exc), then a group with a sleeping child whose
 * `__aexit__` coroutine is stepped once by hand (it yields the future it waits on) and has
 * a ValueError thrown in (which leaves it); whether a second `__aexit__` stepped once waits
 * on the same future; the child is then cancelled.
 */
export function* groupAexitByHand(): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const first = new asyncio.TaskGroup();
  yield* first.aenter();
  const exc = new asyncio.CancelledError("body");
  try {
    const r = yield* first.aexit({ exception: exc });
    out.push(["returned", r ?? null]);
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    out.push(["raised", e === exc]);
  }
  const second = new asyncio.TaskGroup();
  yield* second.aenter();
  const child = second.createTask(asyncio.sleep(1));
  const coro = second.aexit(null);
  const step = coro.next();
  out.push(step.done ? "finished" : (step.value as object).constructor.name);
  try {
    const again = coro.throw(new asyncio.ValueError("x"));
    out.push(again.done ? "finished" : "yielded");
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    out.push(["raised", asyncio.pyStr(e)]);
  }
  const rerun = second.aexit(null);
  const waits = rerun.next();
  out.push(!waits.done && waits.value === step.value);
  rerun.return(undefined as never);
  child.cancel();
  try {
    yield* child;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    out.push("child cancelled");
  }
  return out;
}

/**
 * A TaskGroup's `__aexit__` awaited directly twice, with SystemExit(1), then with
 * KeyboardInterrupt(2): the class and arguments of what each call raised.
 */
export function* groupBaseErrorsByHand(exc: (e: unknown) => Json): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const tg = new asyncio.TaskGroup();
  yield* tg.aenter();
  for (const error of [new asyncio.SystemExit(1), new asyncio.KeyboardInterrupt(2)]) {
    try {
      yield* tg.aexit({ exception: error });
      out.push("returned");
    } catch (e) {
      if (!(e instanceof asyncio.BaseException)) throw e;
      out.push(exc(e));
    }
  }
  return out;
}

const secondChild = asyncio.asyncDef(function* second(): asyncio.Coroutine<number> {
  yield* asyncio.sleep(0);
  return 2;
}, "Harness.misc_group_factory_done.<locals>.second");

/**
 * In a TaskGroup, a child made through a task factory that closes the coroutine and returns
 * a future already failed with ValueError('done'); then the factory is put back and a second
 * child is asked for: made (3.11 and 3.14 handle the failure in a later callback) or refused
 * (3.12-3.13 handle a child done at creation at once). Then the body sleeps; what the group raised.
 */
export function* groupFactoryDone(): asyncio.Coroutine<Json> {
  const loop = asyncio.getRunningLoop();
  const old = loop.getTaskFactory();
  const out: Json[] = [];
  const failed: asyncio.TaskFactory = (l, coro) => {
    coro.return(undefined as never);
    const fut = l.createFuture<unknown>();
    fut.setException(new asyncio.ValueError("done"));
    return fut as never;
  };
  try {
    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg: asyncio.TaskGroup) {
      loop.setTaskFactory(failed);
      try {
        tg.createTask(groupChild());
      } finally {
        loop.setTaskFactory(old);
      }
      try {
        tg.createTask(secondChild());
        out.push("second made");
      } catch (e) {
        if (!(e instanceof asyncio.RuntimeError)) throw e;
        out.push("second refused");
      }
      yield* asyncio.sleep(0);
      out.push("slept");
    });
  } catch (e) {
    out.push((e as Error).name, e instanceof asyncio.BaseExceptionGroup ? e.exceptions.length : null);
  }
  return out;
}

/**
 * `await t.__aexit__(None, None, None)` on a Timeout never entered, then on the same one
 * after an `async with` over it: what each call gave (the exception's class) and the repr after.
 */
export function* timeoutAexitUnentered(): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const t = asyncio.timeout(1);
  const exitByHand = function* (): asyncio.Coroutine<void> {
    try {
      out.push((yield* t.aexit(null)) ?? null);
    } catch (e) {
      out.push((e as Error).name);
    }
    out.push(String(t));
  };
  yield* exitByHand();
  yield* asyncio.asyncWith(t, function* () {});
  yield* exitByHand();
  return out;
}

/**
 * Two sets put into a PriorityQueue, `{1}` then another `{1}`, and the second grown to
 * `{1, 2}` while queued: the reprs in the order they come out (Python's `{1} < {1}` is
 * False, so the first stays in front).
 */
export function setHeap(): Json {
  const x = new Set([1]);
  const y = new Set([1]);
  const queue = new asyncio.PriorityQueue<unknown>();
  queue.putNowait(x);
  queue.putNowait(y);
  y.add(2);
  return [asyncio.pyRepr(queue.getNowait()), asyncio.pyRepr(queue.getNowait())];
}

/**
 * A coroutine stepped by hand to its `await asyncio.sleep(0)` inside try/finally, handed to
 * a TaskGroup never entered: the order of its `finally`, the refusal, and the step after
 * (3.13 closes the refused coroutine at once; before, only the scene's own close runs it).
 */
export function* groupRefusedCoroClosed(): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const child = asyncio.asyncDef(function* child(): asyncio.Coroutine<void> {
    try {
      yield* asyncio.sleep(0);
    } finally {
      out.push("finally");
    }
  }, "Harness.misc_group_refused_coro_closed.<locals>.child");
  const coro = child();
  coro.next();
  try {
    new asyncio.TaskGroup().createTask(coro);
  } catch (e) {
    if (!(e instanceof asyncio.RuntimeError)) throw e;
    out.push("refused");
  }
  out.push("after");
  coro.return(undefined as never);
  yield* asyncio.sleep(0);
  return out;
}

/**
 * A TaskGroup whose body only starts a child; the child, run while `__aexit__` waits,
 * sleeps once and then starts a second child through the group (allowed: the group still
 * has a child, itself).
 */
export function* groupChildAddsChild(): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const late = asyncio.asyncDef(function* late(): asyncio.Coroutine<void> {
    out.push("late ran");
  }, "Harness.misc_group_child_adds_child.<locals>.late");
  const first = asyncio.asyncDef(function* first(tg: asyncio.TaskGroup): asyncio.Coroutine<void> {
    yield* asyncio.sleep(0);
    tg.createTask(late());
    out.push("added");
  }, "Harness.misc_group_child_adds_child.<locals>.first");
  yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg: asyncio.TaskGroup) {
    tg.createTask(first(tg));
  });
  return out;
}

/**
 * `asyncio.timeout(1).__aenter__()` stepped by hand in a `call_soon` callback, outside any
 * task: the class and text of what it raised.
 */
export function* timeoutOutsideTask(): asyncio.Coroutine<Json> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<Json>();
  loop.callSoon(() => {
    const coro = asyncio.timeout(1).aenter();
    try {
      coro.next();
      fut.setResult("entered");
    } catch (e) {
      fut.setResult([(e as Error).name, asyncio.pyStr(e)]);
    }
  });
  return yield* fut;
}

/**
 * `raise a` inside `except` blocks for c, within one for b, within one for a: raising `a`
 * again while handling c (whose context is b, whose context is a) cuts the cycle two links
 * down, at b. The class names of the three contexts after (None for none).
 */
export function contextCycleCut(): Json {
  const a = new asyncio.ValueError("a");
  const b = new asyncio.KeyError("b");
  const c = new asyncio.RuntimeError("c");
  asyncio.withContext(b, a);
  asyncio.withContext(c, b);
  asyncio.withContext(a, c);
  const name = (e: asyncio.BaseException): Json => (e.contextException === null ? null : (e.contextException as Error).name);
  return [name(a), name(b), name(c)];
}

/**
 * 'a', 'b', 'b', 'x', 'y' put into a PriorityQueue and one item taken: its heap (`_queue`)
 * after, which shows which of two equal children heapq's sift moved up.
 */
export function equalStrHeap(): Json {
  const queue = new asyncio.PriorityQueue<string>();
  for (const item of ["a", "b", "b", "x", "y"]) queue.putNowait(item);
  queue.getNowait();
  return [...(queue._queue as unknown as string[])];
}

/**
 * `except* (ValueError, IndexError)` (raises its part again, bare), `except* KeyError`
 * (raises IndexError('k')), `except* ZeroDivisionError` (passes) and `except* BaseException`
 * (the group is used up by then: it does not run) around `ExceptionGroup('m', [ValueError(1),
 * KeyError(2), ExceptionGroup('n', [ValueError(3)]), ZeroDivisionError(4)])`; the handlers
 * are plain functions. What each handler saw, and what the statement raised (a new group:
 * the IndexError, then what was raised again, as part of the original).
 */
export function* exceptStarClauses(exc: (e: unknown) => Json): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const group = new asyncio.ExceptionGroup("m", [
    new asyncio.ValueError(1),
    new asyncio.KeyError(2),
    new asyncio.ExceptionGroup("n", [new asyncio.ValueError(3)]),
    new asyncio.ZeroDivisionError(4),
  ]);
  try {
    yield* asyncio.exceptStar(
      group,
      [
        [asyncio.ValueError, asyncio.IndexError],
        (eg) => {
          out.push(["V", eg.exceptions.length]);
          throw eg;
        },
      ],
      [
        asyncio.KeyError,
        (eg) => {
          out.push(["K", eg.exceptions.length]);
          throw new asyncio.IndexError("k");
        },
      ],
      [asyncio.ZeroDivisionError, (eg) => void out.push(["Z", eg.exceptions.length])],
      [asyncio.BaseException, (eg) => void out.push(["B", eg.exceptions.length])],
    );
  } catch (e) {
    out.push(exc(e));
  }
  return out;
}

/**
 * Inside `catch_warnings(record=True)`, `simplefilter(action)` and the same UserWarning
 * warned twice: how many were recorded (the registry keeps 'default' and 'module' to one;
 * 'always' and 3.14's 'all' record both).
 */
export function warnTwice(action: string): Json {
  const recording = asyncio.warnings.catchWarnings({ record: true });
  const log = recording.enter();
  try {
    asyncio.warnings.simplefilter(action as asyncio.warnings.WarningAction);
    // From one line in Python, where the registry keys a warning by its line too.
    for (let i = 0; i < 2; i++) asyncio.warnings.warn("misc 17: twice", asyncio.warnings.UserWarning);
    return log === null ? null : log.length;
  } finally {
    recording.exit();
  }
}

/**
 * `except* ValueError` around `ExceptionGroup('m', [ValueError(1), KeyError(2)])`, whose
 * handler raises a new `ExceptionGroup('new', [KeyError(9)])` with its context cleared (so
 * that its context and cause are the original's; CPython tells it apart by its traceback,
 * the library by its exceptions): what the statement raised.
 */
export function* exceptStarNewGroup(exc: (e: unknown) => Json): asyncio.Coroutine<Json> {
  const group = new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.KeyError(2)]);
  try {
    yield* asyncio.exceptStar(group, [
      asyncio.ValueError,
      () => {
        const fresh = new asyncio.ExceptionGroup("new", [new asyncio.KeyError(9)]);
        fresh.contextException = null;
        throw fresh;
      },
    ]);
  } catch (e) {
    return exc(e);
  }
  return null;
}

/** Inside `async with timeout(10) as cm`, `cm.reschedule(None)`: whether `cm._timeout_handler` is None then. */
export function* timeoutRescheduleNone(): asyncio.Coroutine<Json> {
  let cleared: Json = null;
  yield* asyncio.asyncWith(asyncio.timeout(10), function* (cm: asyncio.Timeout) {
    cm.reschedule(null);
    cleared = cm._timeoutHandler === null;
  });
  return cleared;
}
