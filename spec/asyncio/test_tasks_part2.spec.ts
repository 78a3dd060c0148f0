/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_tasks.py, second half: from
 * `BaseTaskTests.test_sleep` (line 1752) to the end of the file. The first half lives in
 * another spec. Cases that are not ported are listed, with the reason, in
 * not_ported/test_tasks_part2.md.
 *
 * CPython's `test_utils.TestCase.set_event_loop` (used by `new_test_loop`) sets the
 * policy's current loop to None so that the loop is passed explicitly; the fixtures below
 * do the same with `asyncio.setEventLoop(null)` after `newTestLoop()`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { closeTestLoop, newTestLoop, runBriefly, ZeroDivisionError } from "./support.ts";

// ---------------------------------------------------------------------------------------
// Helpers

type Coro<T> = asyncio.Coroutine<T>;

/** Loops to close after each case (CPython's `addCleanup(loop.close)` / `close_loop`). */
let loopsToClose: asyncio.BaseEventLoop[] = [];

afterEach(() => {
  for (const loop of loopsToClose) closeTestLoop(loop);
  loopsToClose = [];
  asyncio.setEventLoop(null); // test_utils.TestCase.tearDown
});

/** `self.new_test_loop()`: a virtual-clock loop, with no current loop set. */
function testLoop(): asyncio.VirtualEventLoop {
  const loop = newTestLoop();
  asyncio.setEventLoop(null);
  loopsToClose.push(loop);
  return loop;
}

/** `asyncio.new_event_loop()` in a case that closes it afterwards. */
function plainLoop(): asyncio.VirtualEventLoop {
  const loop = asyncio.newEventLoop();
  loopsToClose.push(loop);
  return loop;
}

/**
 * `BaseTaskTests.new_task(loop, coro)`. CPython's setUp also installs it as the task
 * factory only to pick the C or the Python Task class; this library has one Task class,
 * so no factory is installed.
 */
function newTask<T>(loop: asyncio.BaseEventLoop, coro: Coro<T>): asyncio.Task<T> {
  return new asyncio.Task(coro, { loop, name: "TestTask" });
}

/** `self.new_future(loop)`. */
function newFuture<T = unknown>(loop: asyncio.BaseEventLoop): asyncio.Future<T> {
  return new asyncio.Future<T>({ loop });
}

/** `assertRaises(cls)` / `assertRaisesRegex(cls, pattern)`: returns the exception. */
function expectRaises<E>(cls: abstract new (...args: never[]) => E, fn: () => unknown, pattern?: RegExp): E {
  let threw = false;
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    threw = true;
    caught = error;
  }
  expect(threw, `expected ${cls.name} to be raised`).toBe(true);
  expect(caught).toBeInstanceOf(cls);
  if (pattern !== undefined) expect((caught as Error).message).toMatch(pattern);
  return caught as E;
}

/** `assertEqual(list, expected)` where items are compared by identity (exceptions). */
function expectSameItems(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((item, i) => expect(actual[i], `item ${i}`).toBe(item));
}

/** `test_utils.MockCallback`, checked with `assert_called_once_with(fut)`. */
function expectCalledOnceWith(cb: ReturnType<typeof vi.fn>, fut: unknown): void {
  expect(cb).toHaveBeenCalledTimes(1);
  expect(cb.mock.calls[0]).toHaveLength(1);
  expect(cb.mock.calls[0]?.[0]).toBe(fut);
}

/** The module-level `async def coroutine_function(): pass`. */
const coroutineFunction = asyncio.asyncDef(function* coroutine_function(): Coro<void> {});

/** The test module's `get_innermost_context`, following `contextException` (`__context__`). */
function getInnermostContext(exc: asyncio.BaseException): [unknown, readonly unknown[], number] {
  let depth = 0;
  let current: unknown = exc;
  for (;;) {
    const context = (current as asyncio.BaseException).contextException ?? null;
    if (context === null) break;
    current = context;
    depth++;
  }
  return [(current as object).constructor, (current as asyncio.BaseException).args, depth];
}

/**
 * The test module's `CoroLikeObject`: not a generator, but an object with the coroutine
 * protocol (`next`/`throw`/`return`, tagged as a generator the way `asyncio.isCoroutine`
 * recognises coroutines) whose first `next()` finishes with 42 (`send` raising
 * `StopIteration(42)`).
 */
class CoroLikeObject implements asyncio.Coroutine<number> {
  next(): IteratorResult<asyncio.Yielded, number> {
    return { done: true, value: 42 };
  }
  throw(): IteratorResult<asyncio.Yielded, number> {
    return { done: false, value: undefined };
  }
  return(value: number): IteratorResult<asyncio.Yielded, number> {
    return { done: true, value };
  }
  [Symbol.iterator](): this {
    return this;
  }
  get [Symbol.toStringTag](): string {
    return "Generator";
  }
}

// ---------------------------------------------------------------------------------------
// BaseTaskTests (from test_sleep on)

describe("BaseTaskTests", () => {
  let loop: asyncio.VirtualEventLoop;

  beforeEach(() => {
    loop = testLoop();
  });

  it("BaseTaskTests.test_sleep", () => {
    const sleeper = asyncio.asyncDef(function* sleeper(dt: number, arg: string): Coro<string> {
      yield* asyncio.sleep(dt / 2);
      const res = yield* asyncio.sleep(dt / 2, arg);
      return res;
    });

    const t = newTask(loop, sleeper(0.1, "yeah"));
    loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("yeah");
    expect(loop.time()).toBeCloseTo(0.1, 7);
  });

  it("BaseTaskTests.test_sleep_when_delay_is_nan", () => {
    const sleeper = asyncio.asyncDef(function* sleeper(): Coro<void> {
      yield* asyncio.sleep(Number.NaN);
    });

    const t = newTask(loop, sleeper());
    expectRaises(asyncio.ValueError, () => loop.runUntilComplete(t));
  });

  it("BaseTaskTests.test_sleep_cancel", () => {
    const t = newTask(loop, asyncio.sleep(10.0, "yeah"));

    let handle: asyncio.TimerHandle | null = null;
    const origCallLater = loop.callLater.bind(loop);
    loop.callLater = <A extends unknown[]>(
      delay: number,
      callback: (...args: A) => unknown,
      ...args: A
    ): asyncio.TimerHandle => {
      handle = origCallLater(delay, callback, ...args);
      return handle;
    };
    runBriefly(loop);

    expect(handle).not.toBeNull();
    expect((handle as unknown as asyncio.TimerHandle)._cancelled).toBe(false);

    t.cancel();
    runBriefly(loop);
    expect((handle as unknown as asyncio.TimerHandle)._cancelled).toBe(true);
  });

  it("BaseTaskTests.test_task_cancel_sleeping_task", () => {
    const sleep = asyncio.asyncDef(function* sleep(dt: number): Coro<void> {
      yield* asyncio.sleep(dt);
    });

    const doit = asyncio.asyncDef(function* doit(): Coro<string> {
      const sleeper = newTask(loop, sleep(5000));
      loop.callLater(0.1, () => sleeper.cancel());
      try {
        yield* sleeper;
      } catch (e) {
        if (e instanceof asyncio.CancelledError) return "cancelled";
        throw e;
      }
      return "slept in";
    });

    const doer = doit();
    expect(loop.runUntilComplete(doer)).toBe("cancelled");
    expect(loop.time()).toBeCloseTo(0.1, 7);
  });

  it("BaseTaskTests.test_task_cancel_waiter_future", () => {
    const fut = newFuture(loop);

    const coro = asyncio.asyncDef(function* coro(): Coro<void> {
      yield* fut;
    });

    const task = newTask(loop, coro());
    runBriefly(loop);
    expect(task._futWaiter).toBe(fut);

    task.cancel();
    runBriefly(loop);
    expectRaises(asyncio.CancelledError, () => loop.runUntilComplete(task));
    expect(task._futWaiter).toBeNull();
    expect(fut.cancelled()).toBe(true);
  });

  it("BaseTaskTests.test_task_set_methods", () => {
    const notmuch = asyncio.asyncDef(function* notmuch(): Coro<string> {
      return "ko";
    });

    const gen = notmuch();
    const task = newTask(loop, gen);

    expectRaises(asyncio.RuntimeError, () => task.setResult("ok"), /not support set_result/);
    expectRaises(asyncio.RuntimeError, () => task.setException(new asyncio.ValueError()), /not support set_exception/);

    expect(loop.runUntilComplete(task)).toBe("ko");
  });

  it("BaseTaskTests.test_step_result_future", () => {
    // If coroutine returns future, task waits on this future.
    class Fut<T> extends asyncio.Future<T> {
      cbAdded = false;
      override addDoneCallback(fn: asyncio.DoneCallback<this>): void {
        this.cbAdded = true;
        super.addDoneCallback(fn);
      }
    }

    const fut = new Fut<object>({ loop });
    let result: object | null = null;

    const waitForFuture = asyncio.asyncDef(function* wait_for_future(): Coro<void> {
      result = yield* fut;
    });

    const t = newTask(loop, waitForFuture());
    runBriefly(loop);
    expect(fut.cbAdded).toBe(true);

    const res = {};
    fut.setResult(res);
    runBriefly(loop);
    expect(result).toBe(res);
    expect(t.done()).toBe(true);
    expect(t.result()).toBeUndefined();
  });

  it("BaseTaskTests.test_baseexception_during_cancel", () => {
    const sleeper = asyncio.asyncDef(function* sleeper(): Coro<void> {
      yield* asyncio.sleep(10);
    });

    const baseExc = new asyncio.SystemExit();

    const notmutch = asyncio.asyncDef(function* notmutch(): Coro<void> {
      try {
        yield* sleeper();
      } catch (e) {
        if (e instanceof asyncio.CancelledError) throw baseExc;
        throw e;
      }
    });

    const task = newTask(loop, notmutch());
    runBriefly(loop);

    task.cancel();
    expect(task.done()).toBe(false);

    expectRaises(asyncio.SystemExit, () => runBriefly(loop));

    expect(task.done()).toBe(true);
    expect(task.cancelled()).toBe(false);
    expect(task.exception()).toBe(baseExc);
  });

  it("BaseTaskTests.test_coroutine_non_gen_function", () => {
    // Ported without `assertTrue(asyncio.iscoroutinefunction(func))`: the library has no
    // iscoroutinefunction.
    const func = asyncio.asyncDef(function* func(): Coro<string> {
      return "test";
    });

    const coro = func();
    expect(asyncio.isCoroutine(coro)).toBe(true);

    const res = loop.runUntilComplete(coro);
    expect(res).toBe("test");
  });

  it("BaseTaskTests.test_coroutine_non_gen_function_return_future", () => {
    const fut = newFuture<string>(loop);

    const func = asyncio.asyncDef(function* func(): Coro<asyncio.Future<string>> {
      return fut;
    });

    const coro = asyncio.asyncDef(function* coro(): Coro<void> {
      fut.setResult("test");
    });

    const t1 = newTask(loop, func());
    const t2 = newTask(loop, coro());
    const res = loop.runUntilComplete(t1);
    expect(res).toBe(fut);
    expect(t2.result()).toBeUndefined();
  });

  it("BaseTaskTests.test_current_task", () => {
    expect(asyncio.currentTask(loop)).toBeNull();

    const coro = asyncio.asyncDef(function* coro(_loop: asyncio.BaseEventLoop): Coro<void> {
      expect(asyncio.currentTask()).toBe(task);

      expect(asyncio.currentTask(undefined)).toBe(task);
      expect(asyncio.currentTask()).toBe(task);
    });

    const task: asyncio.Task<void> = newTask(loop, coro(loop));
    loop.runUntilComplete(task);
    expect(asyncio.currentTask(loop)).toBeNull();
  });

  it("BaseTaskTests.test_current_task_with_interleaving_tasks", () => {
    expect(asyncio.currentTask(loop)).toBeNull();

    const fut1 = newFuture<boolean>(loop);
    const fut2 = newFuture<boolean>(loop);

    const coro1 = asyncio.asyncDef(function* coro1(_loop: asyncio.BaseEventLoop): Coro<void> {
      expect(asyncio.currentTask() === task1).toBe(true);
      yield* fut1;
      expect(asyncio.currentTask() === task1).toBe(true);
      fut2.setResult(true);
    });

    const coro2 = asyncio.asyncDef(function* coro2(_loop: asyncio.BaseEventLoop): Coro<void> {
      expect(asyncio.currentTask() === task2).toBe(true);
      fut1.setResult(true);
      yield* fut2;
      expect(asyncio.currentTask() === task2).toBe(true);
    });

    const task1: asyncio.Task<void> = newTask(loop, coro1(loop));
    const task2: asyncio.Task<void> = newTask(loop, coro2(loop));

    loop.runUntilComplete(asyncio.wait([task1, task2]));
    expect(asyncio.currentTask(loop)).toBeNull();
    // wait() does not raise the tasks' errors: surface a failed expect() inside them.
    task1.result();
    task2.result();
  });

  // Some thorough tests for cancellation propagation through coroutines, tasks and wait().

  it("BaseTaskTests.test_yield_future_passes_cancel", () => {
    // Cancelling outer() cancels inner() cancels waiter.
    let proof = 0;
    const waiter = newFuture(loop);

    const inner = asyncio.asyncDef(function* inner(): Coro<void> {
      try {
        yield* waiter;
      } catch (e) {
        if (e instanceof asyncio.CancelledError) {
          proof += 1;
          throw e;
        }
        throw e;
      }
      expect.fail("got past sleep() in inner()");
    });

    const outer = asyncio.asyncDef(function* outer(): Coro<void> {
      try {
        yield* inner();
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        proof += 100; // Expect this path.
        return;
      }
      proof += 10;
    });

    const f = asyncio.ensureFuture(outer(), { loop });
    runBriefly(loop);
    f.cancel();
    loop.runUntilComplete(f);
    expect(proof).toBe(101);
    expect(waiter.cancelled()).toBe(true);
  });

  it("BaseTaskTests.test_yield_wait_does_not_shield_cancel", () => {
    // Cancelling outer() makes wait() return early, leaves inner() running.
    // (CPython wraps the wait() in assertWarns(DeprecationWarning), which the
    // cancellation leaves unchecked; there are no warnings here.)
    let proof = 0;
    const waiter = newFuture(loop);

    const inner = asyncio.asyncDef(function* inner(): Coro<void> {
      yield* waiter;
      proof += 1;
    });

    const outer = asyncio.asyncDef(function* outer(): Coro<void> {
      yield* asyncio.wait([asyncio.createTask(inner())]);
      proof += 100;
    });

    const f = asyncio.ensureFuture(outer(), { loop });
    runBriefly(loop);
    f.cancel();
    expectRaises(asyncio.CancelledError, () => loop.runUntilComplete(f));
    waiter.setResult(undefined);
    runBriefly(loop);
    expect(proof).toBe(1);
  });

  it("BaseTaskTests.test_shield_result", () => {
    const inner = newFuture<number>(loop);
    const outer = asyncio.shield(inner);
    inner.setResult(42);
    const res = loop.runUntilComplete(outer);
    expect(res).toBe(42);
  });

  it("BaseTaskTests.test_shield_exception", () => {
    const inner = newFuture(loop);
    const outer = asyncio.shield(inner);
    runBriefly(loop);
    const exc = new asyncio.RuntimeError("expected");
    inner.setException(exc);
    runBriefly(loop);
    expect(outer.exception()).toBe(exc);
  });

  it("BaseTaskTests.test_shield_cancel_inner", () => {
    const inner = newFuture(loop);
    const outer = asyncio.shield(inner);
    runBriefly(loop);
    inner.cancel();
    runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
  });

  it("BaseTaskTests.test_shield_cancel_outer", () => {
    const inner = newFuture(loop);
    const outer = asyncio.shield(inner);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    expect(outer._callbacks).toHaveLength(0);
  });

  it("BaseTaskTests.test_shield_shortcut", () => {
    const fut = newFuture<number>(loop);
    fut.setResult(42);
    const res = loop.runUntilComplete(asyncio.shield(fut));
    expect(res).toBe(42);
  });

  it("BaseTaskTests.test_shield_effect", () => {
    // Cancelling outer() does not affect inner().
    let proof = 0;
    const waiter = newFuture(loop);

    const inner = asyncio.asyncDef(function* inner(): Coro<void> {
      yield* waiter;
      proof += 1;
    });

    const outer = asyncio.asyncDef(function* outer(): Coro<void> {
      yield* asyncio.shield(inner());
      proof += 100;
    });

    const f = asyncio.ensureFuture(outer(), { loop });
    runBriefly(loop);
    f.cancel();
    expectRaises(asyncio.CancelledError, () => loop.runUntilComplete(f));
    waiter.setResult(undefined);
    runBriefly(loop);
    expect(proof).toBe(1);
  });

  it("BaseTaskTests.test_shield_gather", () => {
    const child1 = newFuture<number>(loop);
    const child2 = newFuture<number>(loop);
    const parent = asyncio.gather([child1, child2]);
    const outer = asyncio.shield(parent);
    runBriefly(loop);
    outer.cancel();
    runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    runBriefly(loop);
    expect(parent.result()).toEqual([1, 2]);
  });

  it("BaseTaskTests.test_gather_shield", () => {
    const child1 = newFuture<number>(loop);
    const child2 = newFuture<number>(loop);
    const inner1 = asyncio.shield(child1);
    const inner2 = asyncio.shield(child2);
    const parent = asyncio.gather([inner1, inner2]);
    runBriefly(loop);
    parent.cancel();
    // This should cancel inner1 and inner2 but bot child1 and child2.
    runBriefly(loop);
    expect(parent.exception()).toBeInstanceOf(asyncio.CancelledError);
    expect(inner1.cancelled()).toBe(true);
    expect(inner2.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    runBriefly(loop);
  });

  it("BaseTaskTests.test_shield_coroutine_without_loop", () => {
    const coro = asyncio.asyncDef(function* coro(): Coro<number> {
      return 42;
    });

    const inner = coro();
    try {
      expectRaises(asyncio.RuntimeError, () => asyncio.shield(inner), /no current event loop/);
    } finally {
      inner.return(0); // addCleanup(inner.close)
    }
  });

  it("BaseTaskTests.test_shield_coroutine_use_running_loop", () => {
    const coro = asyncio.asyncDef(function* coro(): Coro<number> {
      return 42;
    });

    const test = asyncio.asyncDef(function* test(): Coro<asyncio.Future<number>> {
      return asyncio.shield(coro());
    });
    const outer = loop.runUntilComplete(test());
    expect(outer._loop).toBe(loop);
    const res = loop.runUntilComplete(outer);
    expect(res).toBe(42);
  });

  it("BaseTaskTests.test_shield_coroutine_use_global_loop", () => {
    // Deprecated in 3.10, undeprecated in 3.12
    const coro = asyncio.asyncDef(function* coro(): Coro<number> {
      return 42;
    });

    asyncio.setEventLoop(loop);
    const outer = asyncio.shield(coro());
    expect(outer._loop).toBe(loop);
    const res = loop.runUntilComplete(outer);
    expect(res).toBe(42);
  });

  it("BaseTaskTests.test_as_completed_invalid_args", () => {
    // as_completed() expects a list of futures, not a future instance; TypeError is raised
    // either when the iterator is made or at the first item.
    const firstItem = (aws: unknown) => () => {
      const iterator = asyncio.asCompleted(aws as Iterable<asyncio.Future<unknown>>);
      iterator[Symbol.iterator]().next();
    };
    expectRaises(asyncio.TypeError, firstItem(newFuture(loop)));
    let coro = coroutineFunction();
    expectRaises(asyncio.TypeError, firstItem(coro));
    coro.return();

    // Async iterator
    const tryAsyncIterator = asyncio.asyncDef(function* try_async_iterator(aw: unknown): Coro<void> {
      yield* asyncio.asyncFor(asyncio.asCompleted(aw as Iterable<asyncio.Future<unknown>>), function* () {
        return asyncio.BREAK;
      });
    });
    expectRaises(asyncio.TypeError, () => loop.runUntilComplete(tryAsyncIterator(newFuture(loop))));
    coro = coroutineFunction();
    expectRaises(asyncio.TypeError, () => loop.runUntilComplete(tryAsyncIterator(coro)));
    coro.return();
  });

  it("BaseTaskTests.test_wait_invalid_args", () => {
    const fut = newFuture(loop);

    // wait() expects a list of futures, not a future instance
    expectRaises(asyncio.TypeError, () =>
      loop.runUntilComplete(asyncio.wait(fut as unknown as Iterable<asyncio.Future<unknown>>)),
    );
    const coro = coroutineFunction();
    expectRaises(asyncio.TypeError, () =>
      loop.runUntilComplete(asyncio.wait(coro as unknown as Iterable<asyncio.Future<unknown>>)),
    );
    coro.return();

    // wait() expects at least a future
    expectRaises(asyncio.ValueError, () => loop.runUntilComplete(asyncio.wait([])));
  });

  it("BaseTaskTests.test_cancel_gather_1", () => {
    // Ensure that a gathering future refuses to be cancelled once all children are done
    const loop = plainLoop();

    const fut = newFuture<number>(loop);
    const create = asyncio.asyncDef(function* create(): Coro<asyncio.Future<[number]>> {
      // The indirection fut->child_coro is needed since otherwise the gathering task is
      // done at the same time as the child future
      const childCoro = asyncio.asyncDef(function* child_coro(): Coro<number> {
        return yield* fut;
      });
      const gatherFuture = asyncio.gather([childCoro()]);
      return asyncio.ensureFuture(gatherFuture);
    });
    const gatherTask = loop.runUntilComplete(create());

    let cancelResult: boolean | null = null;
    const cancellingCallback = (_: unknown): void => {
      cancelResult = gatherTask.cancel();
    };
    fut.addDoneCallback(cancellingCallback);

    fut.setResult(42); // calls the cancelling_callback after fut is done()

    // At this point the task should complete.
    loop.runUntilComplete(gatherTask);

    // Python issue #26923: asyncio.gather drops cancellation
    expect(cancelResult).toBe(false);
    expect(gatherTask.cancelled()).toBe(false);
    expect(gatherTask.result()).toEqual([42]);
  });

  it("BaseTaskTests.test_cancel_gather_2", () => {
    const cases: [cancelArgs: [] | [unknown], expectedArgs: unknown[]][] = [
      [[], []],
      [[null], []],
      [["my message"], ["my message"]],
      // Non-string values should roundtrip.
      [[5], [5]],
    ];
    for (const [cancelArgs, expectedArgs] of cases) {
      const loop = plainLoop();

      const test = asyncio.asyncDef(function* test(): Coro<void> {
        let time = 0;
        for (;;) {
          time += 0.05;
          yield* asyncio.gather([asyncio.sleep(0.05)], { returnExceptions: true });
          if (time > 1) return;
        }
      });

      const main = asyncio.asyncDef(function* main(): Coro<void> {
        const qwe = newTask(loop, test());
        yield* asyncio.sleep(0.2);
        qwe.cancel(...cancelArgs);
        yield* qwe;
      });

      let caught: unknown = null;
      try {
        loop.runUntilComplete(main());
      } catch (e) {
        caught = e;
      }
      expect(
        caught,
        `cancel_args=${JSON.stringify(cancelArgs)}: gather() does not propagate CancelledError raised by inner task to the gather() caller.`,
      ).toBeInstanceOf(asyncio.CancelledError);
      const exc = caught as asyncio.CancelledError;
      expect(exc.args).toEqual(expectedArgs);
      const actual = getInnermostContext(exc);
      expect(actual).toEqual([asyncio.CancelledError, expectedArgs, 0]);
    }
  });

  it("BaseTaskTests.test_error_in_call_soon", () => {
    // Ported without the check that the destroyed pending task is logged (CPython logs it
    // from Task.__del__ when the garbage collector frees it).
    loop.callSoon = () => {
      throw new asyncio.ValueError();
    };

    const coro = asyncio.asyncDef(function* coro(): Coro<void> {});

    expectRaises(asyncio.ValueError, () => {
      const gen = coro();
      try {
        newTask(loop, gen);
      } finally {
        gen.return();
      }
    });

    expect(asyncio.allTasks(loop)).toEqual(new Set());
  });

  it("BaseTaskTests.test_create_task_with_noncoroutine", () => {
    const notACoroutine = 123 as unknown as Coro<unknown>;
    expectRaises(asyncio.TypeError, () => newTask(loop, notACoroutine), /a coroutine was expected, got 123/);

    // test it for the second time to ensure that caching in asyncio.iscoroutine()
    // doesn't break things.
    expectRaises(asyncio.TypeError, () => newTask(loop, notACoroutine), /a coroutine was expected, got 123/);
  });

  it("BaseTaskTests.test_create_task_with_async_function", () => {
    const coro = asyncio.asyncDef(function* coro(): Coro<void> {});

    let task = newTask(loop, coro());
    expect(task).toBeInstanceOf(asyncio.Task);
    loop.runUntilComplete(task);

    // test it for the second time to ensure that caching in asyncio.iscoroutine()
    // doesn't break things.
    task = newTask(loop, coro());
    expect(task).toBeInstanceOf(asyncio.Task);
    loop.runUntilComplete(task);
  });

  it("BaseTaskTests.test_create_task_with_asynclike_function", () => {
    let task = newTask(loop, new CoroLikeObject());
    expect(task).toBeInstanceOf(asyncio.Task);
    expect(loop.runUntilComplete(task)).toBe(42);

    // test it for the second time to ensure that caching in asyncio.iscoroutine()
    // doesn't break things.
    task = newTask(loop, new CoroLikeObject());
    expect(task).toBeInstanceOf(asyncio.Task);
    expect(loop.runUntilComplete(task)).toBe(42);
  });

  it("BaseTaskTests.test_bare_create_task", () => {
    const inner = asyncio.asyncDef(function* inner(): Coro<number> {
      return 1;
    });

    const coro = asyncio.asyncDef(function* coro(): Coro<void> {
      const task = asyncio.createTask(inner());
      expect(task).toBeInstanceOf(asyncio.Task);
      const ret = yield* task;
      expect(ret).toBe(1);
    });

    loop.runUntilComplete(coro());
  });

  it("BaseTaskTests.test_bare_create_named_task", () => {
    const coroNoop = asyncio.asyncDef(function* coro_noop(): Coro<void> {});

    const coro = asyncio.asyncDef(function* coro(): Coro<void> {
      const task = asyncio.createTask(coroNoop(), { name: "No-op" });
      expect(task.getName()).toBe("No-op");
      yield* task;
    });

    loop.runUntilComplete(coro());
  });

  it("BaseTaskTests.test_get_coro", () => {
    const loop = plainLoop();
    const coro = coroutineFunction();
    const task = newTask(loop, coro);
    loop.runUntilComplete(task);
    expect(task.getCoro()).toBe(coro);
  });

  it("BaseTaskTests.test_subclasses_ctask_cfuture", () => {
    // Added by add_subclass_tests() to the *_SubclassTests variants of BaseTaskTests,
    // whose Task and Future count their add_done_callback calls.
    class Future<T> extends asyncio.Future<T> {
      calls: Record<string, number> = {};
      override addDoneCallback(fn: asyncio.DoneCallback<this>): void {
        this.calls["add_done_callback"] = (this.calls["add_done_callback"] ?? 0) + 1;
        super.addDoneCallback(fn);
      }
    }
    class Task<T> extends asyncio.Task<T> {
      calls: Record<string, number> = {};
      override addDoneCallback(fn: asyncio.DoneCallback<this>): void {
        this.calls["add_done_callback"] = (this.calls["add_done_callback"] ?? 0) + 1;
        super.addDoneCallback(fn);
      }
    }

    const fut = new Future<string>({ loop });

    const func = asyncio.asyncDef(function* func(): Coro<string> {
      loop.callSoon(() => fut.setResult("spam"));
      return yield* fut;
    });

    const task = new Task(func(), { loop });

    const result = loop.runUntilComplete(task);

    expect(result).toBe("spam");

    expect(task.calls).toEqual({ add_done_callback: 1 });

    expect(fut.calls).toEqual({ add_done_callback: 1 });
  });
});

// ---------------------------------------------------------------------------------------
// SetMethodsTest (mixed into CTask_CFuture_Tests and PyTask_PyFuture_Tests)

describe("SetMethodsTest", () => {
  let loop: asyncio.VirtualEventLoop;

  beforeEach(() => {
    loop = testLoop();
  });

  it("SetMethodsTest.test_set_result_causes_invalid_state", () => {
    const excHandler = vi.fn<(context: asyncio.ExceptionContext) => void>();
    loop.callExceptionHandler = excHandler;

    const foo = asyncio.asyncDef(function* foo(): Coro<number | string> {
      yield* asyncio.sleep(0.1);
      return 10;
    });

    const coro = foo();
    const task = newTask(loop, coro);
    asyncio.Future.prototype.setResult.call(task, "spam");

    expect(loop.runUntilComplete(task)).toBe("spam");

    expect(excHandler).toHaveBeenCalledTimes(1);
    const exc = excHandler.mock.calls[0]?.[0].exception;
    expectRaises(
      asyncio.InvalidStateError,
      () => {
        throw exc;
      },
      /step\(\): already done/,
    );

    coro.return(0);
  });

  it("SetMethodsTest.test_set_exception_causes_invalid_state", () => {
    class MyExc extends asyncio.Exception {}

    const excHandler = vi.fn<(context: asyncio.ExceptionContext) => void>();
    loop.callExceptionHandler = excHandler;

    const foo = asyncio.asyncDef(function* foo(): Coro<number> {
      yield* asyncio.sleep(0.1);
      return 10;
    });

    const coro = foo();
    const task = newTask(loop, coro);
    asyncio.Future.prototype.setException.call(task, new MyExc());

    expectRaises(MyExc, () => loop.runUntilComplete(task));

    expect(excHandler).toHaveBeenCalledTimes(1);
    const exc = excHandler.mock.calls[0]?.[0].exception;
    expectRaises(
      asyncio.InvalidStateError,
      () => {
        throw exc;
      },
      /step\(\): already done/,
    );

    coro.return(0);
  });
});

// ---------------------------------------------------------------------------------------
// CTask_Future_Tests

describe("CTask_Future_Tests", () => {
  it("CTask_Future_Tests.test_foobar", () => {
    // CPython's Fut has a `get_loop` property raising AttributeError, i.e. no usable
    // get_loop, so the task falls back to `fut._loop` (futures._get_loop). Here: a Future
    // subclass whose getLoop is absent.
    class Fut<T> extends asyncio.Future<T> {}
    Object.defineProperty(Fut.prototype, "getLoop", { value: undefined });

    const coro = asyncio.asyncDef(function* coro(): Coro<string> {
      yield* fut;
      return "spam";
    });

    const loop = plainLoop();
    const fut = new Fut<number>({ loop });
    loop.callLater(0.1, (v: number) => fut.setResult(v), 1);
    const task = loop.createTask(coro());
    const res = loop.runUntilComplete(task);

    expect(res).toBe("spam");
  });
});

// ---------------------------------------------------------------------------------------
// BaseCurrentLoopTests (PyCurrentLoopTests, CCurrentLoopTests)

describe("BaseCurrentLoopTests", () => {
  let loop: asyncio.VirtualEventLoop;

  beforeEach(() => {
    loop = plainLoop();
    asyncio.setEventLoop(null); // self.set_event_loop(self.loop)
  });

  const newTaskOnLoop = <T>(coro: Coro<T>): asyncio.Task<T> => new asyncio.Task(coro, { loop });

  it("BaseCurrentLoopTests.test_current_task_no_running_loop", () => {
    expect(asyncio.currentTask(loop)).toBeNull();
  });

  it("BaseCurrentLoopTests.test_current_task_no_running_loop_implicit", () => {
    expectRaises(asyncio.RuntimeError, () => asyncio.currentTask(), /no running event loop/);
  });

  it("BaseCurrentLoopTests.test_current_task_with_implicit_loop", () => {
    const coro = asyncio.asyncDef(function* coro(): Coro<void> {
      expect(asyncio.currentTask(loop)).toBe(task);

      expect(asyncio.currentTask(undefined)).toBe(task);
      expect(asyncio.currentTask()).toBe(task);
    });

    const task: asyncio.Task<void> = newTaskOnLoop(coro());
    loop.runUntilComplete(task);
    expect(asyncio.currentTask(loop)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// GenericTaskTests

describe("GenericTaskTests", () => {
  it("GenericTaskTests.test_future_subclass", () => {
    expect(asyncio.Task.prototype).toBeInstanceOf(asyncio.Future);
  });
});

// ---------------------------------------------------------------------------------------
// GatherTestsBase, run as FutureGatherTests (futures) and CoroutineGatherTests (coroutines
// awaiting the futures), then the cases of each class.

type GatherOpts = { returnExceptions?: boolean };

interface GatherVariant {
  name: "FutureGatherTests" | "CoroutineGatherTests";
  wrapFutures(futures: asyncio.Future<unknown>[]): asyncio.Awaitable<unknown>[];
  gather(oneLoop: asyncio.VirtualEventLoop, aws: asyncio.Awaitable<unknown>[], opts?: GatherOpts): asyncio.Future<unknown[]>;
}

const futureGather: GatherVariant = {
  name: "FutureGatherTests",
  wrapFutures: (futures) => futures,
  gather: (_oneLoop, aws, opts = {}) => asyncio.gather(aws, opts),
};

const coroutineGather: GatherVariant = {
  name: "CoroutineGatherTests",
  wrapFutures: (futures) =>
    futures.map((fut) => {
      const coro = asyncio.asyncDef(function* coro(): Coro<unknown> {
        return yield* fut;
      });
      return coro();
    }),
  gather: (oneLoop, aws, opts = {}) => {
    const coro = asyncio.asyncDef(function* coro(): Coro<asyncio.Future<unknown[]>> {
      return asyncio.gather(aws, opts);
    });
    return oneLoop.runUntilComplete(coro());
  },
};

/** GatherTestsBase.setUp: two test loops, and no current loop. */
function gatherLoops(): { oneLoop: asyncio.VirtualEventLoop; otherLoop: asyncio.VirtualEventLoop } {
  const oneLoop = testLoop();
  const otherLoop = testLoop();
  asyncio.setEventLoop(null); // self.set_event_loop(self.one_loop, cleanup=False)
  return { oneLoop, otherLoop };
}

/** GatherTestsBase._run_loop. */
function runLoop(loop: asyncio.VirtualEventLoop): void {
  while (loop._ready.length > 0) runBriefly(loop);
}

for (const variant of [futureGather, coroutineGather]) {
  describe(`${variant.name} (GatherTestsBase)`, () => {
    let oneLoop: asyncio.VirtualEventLoop;

    beforeEach(() => {
      ({ oneLoop } = gatherLoops());
    });

    const checkSuccess = (opts?: GatherOpts): void => {
      const [a, b, c] = [0, 1, 2].map(() => oneLoop.createFuture<number>()) as [
        asyncio.Future<number>,
        asyncio.Future<number>,
        asyncio.Future<number>,
      ];
      const fut = variant.gather(oneLoop, variant.wrapFutures([a, b, c]), opts);
      const cb = vi.fn();
      fut.addDoneCallback(cb);
      b.setResult(1);
      a.setResult(2);
      runLoop(oneLoop);
      expect(cb).not.toHaveBeenCalled();
      expect(fut.done()).toBe(false);
      c.setResult(3);
      runLoop(oneLoop);
      expectCalledOnceWith(cb, fut);
      expect(fut.result()).toEqual([2, 1, 3]);
    };

    it(`${variant.name}.test_success`, () => {
      checkSuccess();
      checkSuccess({ returnExceptions: false });
    });

    it(`${variant.name}.test_result_exception_success`, () => {
      checkSuccess({ returnExceptions: true });
    });

    it(`${variant.name}.test_one_exception`, () => {
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => oneLoop.createFuture<number>()) as [
        asyncio.Future<number>,
        asyncio.Future<number>,
        asyncio.Future<number>,
        asyncio.Future<number>,
        asyncio.Future<number>,
      ];
      const fut = variant.gather(oneLoop, variant.wrapFutures([a, b, c, d, e]));
      const cb = vi.fn();
      fut.addDoneCallback(cb);
      const exc = new ZeroDivisionError();
      a.setResult(1);
      b.setException(exc);
      runLoop(oneLoop);
      expect(fut.done()).toBe(true);
      expectCalledOnceWith(cb, fut);
      expect(fut.exception()).toBe(exc);
      // Does nothing
      c.setResult(3);
      d.cancel();
      e.setException(new asyncio.RuntimeError());
      e.exception();
    });

    it(`${variant.name}.test_return_exceptions`, () => {
      const [a, b, c, d] = [0, 1, 2, 3].map(() => oneLoop.createFuture<number>()) as [
        asyncio.Future<number>,
        asyncio.Future<number>,
        asyncio.Future<number>,
        asyncio.Future<number>,
      ];
      const fut = variant.gather(oneLoop, variant.wrapFutures([a, b, c, d]), { returnExceptions: true });
      const cb = vi.fn();
      fut.addDoneCallback(cb);
      const exc = new ZeroDivisionError();
      const exc2 = new asyncio.RuntimeError();
      b.setResult(1);
      c.setException(exc);
      a.setResult(3);
      runLoop(oneLoop);
      expect(fut.done()).toBe(false);
      d.setException(exc2);
      runLoop(oneLoop);
      expect(fut.done()).toBe(true);
      expectCalledOnceWith(cb, fut);
      expectSameItems(fut.result(), [3, 1, exc, exc2]);
    });
  });
}

describe("FutureGatherTests", () => {
  let oneLoop: asyncio.VirtualEventLoop;
  let otherLoop: asyncio.VirtualEventLoop;

  beforeEach(() => {
    ({ oneLoop, otherLoop } = gatherLoops());
  });

  it("FutureGatherTests.test_constructor_empty_sequence_without_loop", () => {
    expectRaises(asyncio.RuntimeError, () => asyncio.gather([]), /no current event loop/);
  });

  it("FutureGatherTests.test_constructor_empty_sequence_use_running_loop", () => {
    const gather = asyncio.asyncDef(function* gather(): Coro<asyncio.Future<[]>> {
      return asyncio.gather([]);
    });
    const fut = oneLoop.runUntilComplete(gather());
    expect(fut).toBeInstanceOf(asyncio.Future);
    expect(fut._loop).toBe(oneLoop);
    runLoop(oneLoop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  it("FutureGatherTests.test_constructor_empty_sequence_use_global_loop", () => {
    // Deprecated in 3.10, undeprecated in 3.12
    asyncio.setEventLoop(oneLoop);
    const fut = asyncio.gather([]);
    expect(fut).toBeInstanceOf(asyncio.Future);
    expect(fut._loop).toBe(oneLoop);
    runLoop(oneLoop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  it("FutureGatherTests.test_constructor_heterogenous_futures", () => {
    const fut1 = oneLoop.createFuture();
    const fut2 = otherLoop.createFuture();
    expectRaises(asyncio.ValueError, () => asyncio.gather([fut1, fut2]));
  });

  it("FutureGatherTests.test_constructor_homogenous_futures", () => {
    const children = [0, 1, 2].map(() => otherLoop.createFuture());
    let fut = asyncio.gather(children);
    expect(fut._loop).toBe(otherLoop);
    runLoop(otherLoop);
    expect(fut.done()).toBe(false);
    fut = asyncio.gather(children);
    expect(fut._loop).toBe(otherLoop);
    runLoop(otherLoop);
    expect(fut.done()).toBe(false);
  });

  it("FutureGatherTests.test_one_cancellation", () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => oneLoop.createFuture<number>()) as [
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
    ];
    const fut = asyncio.gather([a, b, c, d, e]);
    const cb = vi.fn();
    fut.addDoneCallback(cb);
    a.setResult(1);
    b.cancel();
    runLoop(oneLoop);
    expect(fut.done()).toBe(true);
    expectCalledOnceWith(cb, fut);
    expect(fut.cancelled()).toBe(false);
    expect(fut.exception()).toBeInstanceOf(asyncio.CancelledError);
    // Does nothing
    c.setResult(3);
    d.cancel();
    e.setException(new asyncio.RuntimeError());
    e.exception();
  });

  it("FutureGatherTests.test_result_exception_one_cancellation", () => {
    const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(() => oneLoop.createFuture<number>()) as [
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
      asyncio.Future<number>,
    ];
    const fut = asyncio.gather([a, b, c, d, e, f], { returnExceptions: true });
    const cb = vi.fn();
    fut.addDoneCallback(cb);
    a.setResult(1);
    const zde = new ZeroDivisionError();
    b.setException(zde);
    c.cancel();
    runLoop(oneLoop);
    expect(fut.done()).toBe(false);
    d.setResult(3);
    e.cancel();
    const rte = new asyncio.RuntimeError();
    f.setException(rte);
    const res: unknown[] = oneLoop.runUntilComplete(fut);
    expect(res[2]).toBeInstanceOf(asyncio.CancelledError);
    expect(res[4]).toBeInstanceOf(asyncio.CancelledError);
    res[2] = res[4] = undefined;
    expectSameItems(res, [1, zde, undefined, 3, undefined, rte]);
    expectCalledOnceWith(cb, fut);
  });
});

describe("CoroutineGatherTests", () => {
  let oneLoop: asyncio.VirtualEventLoop;
  let otherLoop: asyncio.VirtualEventLoop;

  beforeEach(() => {
    ({ oneLoop, otherLoop } = gatherLoops());
  });

  it("CoroutineGatherTests.test_constructor_without_loop", () => {
    const coro = asyncio.asyncDef(function* coro(): Coro<string> {
      return "abc";
    });
    const gen1 = coro();
    const gen2 = coro();
    try {
      expectRaises(asyncio.RuntimeError, () => asyncio.gather([gen1, gen2]), /no current event loop/);
    } finally {
      gen1.return("");
      gen2.return("");
    }
  });

  it("CoroutineGatherTests.test_constructor_use_running_loop", () => {
    const coro = asyncio.asyncDef(function* coro(): Coro<string> {
      return "abc";
    });
    const gen1 = coro();
    const gen2 = coro();
    const gather = asyncio.asyncDef(function* gather(): Coro<asyncio.Future<[string, string]>> {
      return asyncio.gather([gen1, gen2]);
    });
    const fut = oneLoop.runUntilComplete(gather());
    expect(fut._loop).toBe(oneLoop);
    oneLoop.runUntilComplete(fut);
  });

  it("CoroutineGatherTests.test_constructor_use_global_loop", () => {
    // Deprecated in 3.10, undeprecated in 3.12
    const coro = asyncio.asyncDef(function* coro(): Coro<string> {
      return "abc";
    });
    asyncio.setEventLoop(otherLoop);
    const gen1 = coro();
    const gen2 = coro();
    const fut = asyncio.gather([gen1, gen2]);
    expect(fut._loop).toBe(otherLoop);
    otherLoop.runUntilComplete(fut);
  });

  it("CoroutineGatherTests.test_duplicate_coroutines", () => {
    const coro = asyncio.asyncDef(function* coro(s: string): Coro<string> {
      return s;
    });
    const c = coro("abc");
    const fut = coroutineGather.gather(oneLoop, [c, c, coro("def"), c]);
    runLoop(oneLoop);
    expect(fut.result()).toEqual(["abc", "abc", "def", "abc"]);
  });

  it("CoroutineGatherTests.test_cancellation_broadcast", () => {
    // Cancelling outer() cancels all children.
    let proof = 0;
    const waiter = oneLoop.createFuture();

    const inner = asyncio.asyncDef(function* inner(): Coro<void> {
      yield* waiter;
      proof += 1;
    });

    const child1 = asyncio.ensureFuture(inner(), { loop: oneLoop });
    const child2 = asyncio.ensureFuture(inner(), { loop: oneLoop });
    let gatherer: asyncio.Future<[void, void]> | null = null;

    const outer = asyncio.asyncDef(function* outer(): Coro<void> {
      gatherer = asyncio.gather([child1, child2]);
      yield* gatherer;
      proof += 100;
    });

    const f = asyncio.ensureFuture(outer(), { loop: oneLoop });
    runBriefly(oneLoop);
    expect(f.cancel()).toBe(true);
    expectRaises(asyncio.CancelledError, () => oneLoop.runUntilComplete(f));
    expect(gatherer).not.toBeNull();
    expect((gatherer as unknown as asyncio.Future<unknown>).cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    runBriefly(oneLoop);
    expect(proof).toBe(0);
  });

  it("CoroutineGatherTests.test_exception_marking", () => {
    // Test for the first line marked "Mark exception retrieved."

    const inner = asyncio.asyncDef(function* inner(f: asyncio.Future<unknown>): Coro<void> {
      yield* f;
      throw new asyncio.RuntimeError("should not be ignored");
    });

    const a = oneLoop.createFuture();
    const b = oneLoop.createFuture();

    const outer = asyncio.asyncDef(function* outer(): Coro<void> {
      yield* asyncio.gather([inner(a), inner(b)]);
    });

    const f = asyncio.ensureFuture(outer(), { loop: oneLoop });
    runBriefly(oneLoop);
    a.setResult(undefined);
    runBriefly(oneLoop);
    b.setResult(undefined);
    runBriefly(oneLoop);
    expect(f.exception()).toBeInstanceOf(asyncio.RuntimeError);
  });

  it("CoroutineGatherTests.test_issue46672", () => {
    const handler = vi.spyOn(asyncio.BaseEventLoop.prototype, "callExceptionHandler").mockImplementation(() => {});
    try {
      const coro = asyncio.asyncDef(function* coro(s: string): Coro<string> {
        return s;
      });
      const c = coro("abc");

      expectRaises(asyncio.TypeError, () =>
        coroutineGather.gather(oneLoop, [c, {} as unknown as asyncio.Awaitable<unknown>]),
      );
      runLoop(oneLoop);
      // NameError should not happen:
      expect(handler).not.toHaveBeenCalled();
    } finally {
      handler.mockRestore();
    }
  });
});

// ---------------------------------------------------------------------------------------
// SleepTests

describe("SleepTests", () => {
  it("SleepTests.test_sleep_zero", () => {
    const loop = plainLoop();
    asyncio.setEventLoop(null); // self.set_event_loop(self.loop)
    let result = 0;

    const incResult = (num: number): void => {
      result += num;
    };

    const coro = asyncio.asyncDef(function* coro(): Coro<void> {
      loop.callSoon(incResult, 1);
      expect(result).toBe(0);
      const num = yield* asyncio.sleep(0, 10);
      expect(result).toBe(1); // inc'ed by call_soon
      incResult(num); // num should be 11
    });

    loop.runUntilComplete(coro());
    expect(result).toBe(11);
  });
});
