/**
 * Port of CPython 3.13.0's Lib/test/test_asyncio/test_locks.py (see PORTING.md). Every
 * test method is ported here (an `it()` titled `Class.test_name`) or listed, with the
 * reason, in NOT_PORTED.md; porting_accounting.spec.ts checks that against the CPython
 * source when a 3.13 interpreter with its test suite is on the machine.
 *
 * `IsolatedAsyncioTestCase` runs each `async def test_*` as a task on a fresh loop in debug
 * mode (`runAsync` below); its plain `def test_*` methods run outside the loop, with the
 * loop set as the current one.
 *
 * Translations that change the letter of a test, not its assertions:
 * - `STR_RGX_REPR` matches reprs without the object address (`<asyncio.locks.Lock object
 *   [unlocked]>`), the only normalisation the README allows;
 * - `mock.Mock()` waiters appended to `_waiters` are plain futures;
 * - `await lock` is `yield* lock`, cast past the type checker: a primitive is not
 *   iterable, so the TypeError is JavaScript's "... is not iterable" and CPython's message
 *   ("object Lock can't be used in 'await' expression") is not compared;
 * - `async with asyncio.timeout(t)` / `async with asyncio.TaskGroup() as tg` are
 *   `asyncWith(timeout(t), ...)` / `asyncWith(new TaskGroup(), function* (tg) { ... })`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { Deque } from "../../src/asyncio/collections.ts";
import { closeTestLoop, newTestLoop } from "./support.ts";

type Co<T = void> = asyncio.Coroutine<T>;
const { asyncDef, asyncWith, sleep, createTask, gather, timeout, waitFor } = asyncio;

const STR_RGX_REPR =
  "^<(?<class>.*?) object " +
  "\\[(?<extras>" +
  "(set|unset|locked|unlocked|filling|draining|resetting|broken)" +
  "(, value:\\d)?" +
  "(, waiters:\\d+)?" +
  "(, waiters:\\d+\\/\\d+)?" + // barrier
  ")\\]>$";
const RGX_REPR = new RegExp(STR_RGX_REPR);

// ---------------------------------------------------------------------------------------
// Fixtures

let loop: asyncio.VirtualEventLoop;
let cleanups: (() => void)[] = [];

beforeEach(() => {
  loop = newTestLoop();
  loop.setDebug(true);
});

afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
  closeTestLoop(loop);
});

/** An `async def test_*` of IsolatedAsyncioTestCase: run as a task on the test's loop. */
function runAsync(body: () => Co<void>): void {
  loop.runUntilComplete(loop.createTask(asyncDef(body)()));
}

/** `with self.assertRaises(cls)` / `assertRaisesRegex` around an await. */
function* raises<E>(
  cls: abstract new (...args: never[]) => E,
  body: () => Co<unknown> | asyncio.Future<unknown>,
  pattern?: RegExp,
): Co<E> {
  try {
    yield* body();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    if (pattern !== undefined) expect((e as Error).message).toMatch(pattern);
    return e as E;
  }
  throw new Error(`${cls.name} not raised`);
}

/** Python's truth value of a `_waiters` deque (None or empty is false). */
function truthy(waiters: { readonly length: number } | null): boolean {
  return waiters !== null && waiters.length > 0;
}

/** A stand-in for `mock.Mock()` in `_waiters`: a future nobody completes. */
function mockWaiter(): asyncio.Future<boolean> {
  return loop.createFuture<boolean>();
}

// ---------------------------------------------------------------------------------------
// LockTests

describe("LockTests", () => {
  it("LockTests.test_repr", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();
      expect(String(lock).endsWith("[unlocked]>")).toBe(true);
      expect(String(lock)).toMatch(RGX_REPR);

      yield* lock.acquire();
      expect(String(lock).endsWith("[locked]>")).toBe(true);
      expect(String(lock)).toMatch(RGX_REPR);
    }));

  it("LockTests.test_lock", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();

      // CPython: "object Lock can't be used in 'await' expression"; here JavaScript's
      // "is not iterable" (see the header).
      yield* raises(TypeError, function* () {
        yield* lock as unknown as Co;
      });

      expect(lock.locked()).toBe(false);
    }));

  it("LockTests.test_lock_by_with_statement", () =>
    runAsync(function* () {
      const primitives = [new asyncio.Lock(), new asyncio.Condition(), new asyncio.Semaphore(), new asyncio.BoundedSemaphore()];

      for (const lock of primitives) {
        yield* sleep(0.01);
        expect(lock.locked()).toBe(false);
        // with await lock: pass
        yield* raises(TypeError, function* () {
          yield* lock as unknown as Co;
        });
        expect(lock.locked()).toBe(false);
      }
    }));

  it("LockTests.test_acquire", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();
      const result: number[] = [];

      expect(yield* lock.acquire()).toBe(true);

      const c1 = function* (result: number[]): Co<boolean> {
        if (yield* lock.acquire()) result.push(1);
        return true;
      };
      const c2 = function* (result: number[]): Co<boolean> {
        if (yield* lock.acquire()) result.push(2);
        return true;
      };
      const c3 = function* (result: number[]): Co<boolean> {
        if (yield* lock.acquire()) result.push(3);
        return true;
      };

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));

      yield* sleep(0);
      expect(result).toEqual([]);

      lock.release();
      yield* sleep(0);
      expect(result).toEqual([1]);

      yield* sleep(0);
      expect(result).toEqual([1]);

      const t3 = createTask(c3(result));

      lock.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2]);

      lock.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2, 3]);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(t2.result()).toBe(true);
      expect(t3.done()).toBe(true);
      expect(t3.result()).toBe(true);
    }));

  it("LockTests.test_acquire_cancel", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();
      expect(yield* lock.acquire()).toBe(true);

      const task = createTask(lock.acquire());
      asyncio.getRunningLoop().callSoon(() => task.cancel());
      yield* raises(asyncio.CancelledError, () => task);
      expect(truthy(lock._waiters)).toBe(false);
    }));

  it("LockTests.test_cancel_race", () =>
    runAsync(function* () {
      // Several tasks:
      // - A acquires the lock
      // - B is blocked in acquire()
      // - C is blocked in acquire()
      //
      // Now, concurrently:
      // - B is cancelled
      // - A releases the lock
      //
      // If B's waiter is marked cancelled but not yet removed from _waiters, A's
      // release() call will crash when trying to set B's waiter; instead, it should
      // move on to C's waiter.

      // Setup: A has the lock, b and c are waiting.
      const lock = new asyncio.Lock();

      const lockit = function* (_name: string, blocker: asyncio.Future<unknown> | null): Co {
        yield* lock.acquire();
        try {
          if (blocker !== null) yield* blocker;
        } finally {
          lock.release();
        }
      };

      const fa = asyncio.getRunningLoop().createFuture();
      const ta = createTask(lockit("A", fa));
      yield* sleep(0);
      expect(lock.locked()).toBe(true);
      const tb = createTask(lockit("B", null));
      yield* sleep(0);
      expect(lock._waiters?.length).toBe(1);
      const tc = createTask(lockit("C", null));
      yield* sleep(0);
      expect(lock._waiters?.length).toBe(2);

      // Create the race and check.
      // Without the fix this failed at the last assert.
      fa.setResult(undefined);
      tb.cancel();
      expect(lock._waiters?.at(0)?.cancelled()).toBe(true);
      yield* sleep(0);
      expect(lock.locked()).toBe(false);
      expect(ta.done()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      yield* tc;
    }));

  it("LockTests.test_cancel_release_race", () =>
    runAsync(function* () {
      // Issue 32734
      // Acquire 4 locks, cancel second, release first
      // and 2 locks are taken at once.
      const running = asyncio.getRunningLoop();
      const lock = new asyncio.Lock();
      let lock_count = 0;
      let call_count = 0;

      const lockit = function* (): Co {
        call_count += 1;
        yield* lock.acquire();
        lock_count += 1;
      };

      const trigger = () => {
        t1.cancel();
        lock.release();
      };

      yield* lock.acquire();

      const t1 = createTask(lockit());
      const t2 = createTask(lockit());
      const t3 = createTask(lockit());

      // Start scheduled tasks
      yield* sleep(0);

      running.callSoon(trigger);
      // Wait for cancellation
      yield* raises(asyncio.CancelledError, () => t1);

      // Make sure only one lock was taken
      expect(lock_count).toBe(1);
      // While 3 calls were made to lockit()
      expect(call_count).toBe(3);
      expect(t1.cancelled() && t2.done()).toBe(true);

      // Cleanup the task that is stuck on acquire.
      t3.cancel();
      yield* sleep(0);
      expect(t3.cancelled()).toBe(true);
    }));

  it("LockTests.test_finished_waiter_cancelled", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();

      yield* lock.acquire();
      expect(lock.locked()).toBe(true);

      const tb = createTask(lock.acquire());
      yield* sleep(0);
      expect(lock._waiters?.length).toBe(1);

      // Create a second waiter, wake up the first, and cancel it.
      // Without the fix, the second was not woken up.
      const tc = createTask(lock.acquire());
      tb.cancel();
      lock.release();
      yield* sleep(0);

      expect(lock.locked()).toBe(true);
      expect(tb.cancelled()).toBe(true);

      // Cleanup
      yield* tc;
    }));

  it("LockTests.test_release_not_acquired", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();

      expect(() => lock.release()).toThrow(asyncio.RuntimeError);
    }));

  it("LockTests.test_release_no_waiters", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();
      yield* lock.acquire();
      expect(lock.locked()).toBe(true);

      lock.release();
      expect(lock.locked()).toBe(false);
    }));

  it("LockTests.test_context_manager", () =>
    runAsync(function* () {
      const lock = new asyncio.Lock();
      expect(lock.locked()).toBe(false);

      yield* asyncWith(lock, function* () {
        expect(lock.locked()).toBe(true);
      });

      expect(lock.locked()).toBe(false);
    }));
});

// ---------------------------------------------------------------------------------------
// EventTests

describe("EventTests", () => {
  it("EventTests.test_repr", () => {
    const ev = new asyncio.Event();
    expect(String(ev).endsWith("[unset]>")).toBe(true);
    const match = RGX_REPR.exec(String(ev));
    expect(match?.groups?.extras).toBe("unset");

    ev.set();
    expect(String(ev).endsWith("[set]>")).toBe(true);
    expect(String(ev)).toMatch(RGX_REPR);

    ev._waiters.append(mockWaiter());
    expect(String(ev).includes("waiters:1")).toBe(true);
    expect(String(ev)).toMatch(RGX_REPR);
  });

  it("EventTests.test_wait", () =>
    runAsync(function* () {
      const ev = new asyncio.Event();
      expect(ev.isSet()).toBe(false);

      const result: number[] = [];

      const c1 = function* (result: number[]): Co {
        if (yield* ev.wait()) result.push(1);
      };
      const c2 = function* (result: number[]): Co {
        if (yield* ev.wait()) result.push(2);
      };
      const c3 = function* (result: number[]): Co {
        if (yield* ev.wait()) result.push(3);
      };

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));

      yield* sleep(0);
      expect(result).toEqual([]);

      const t3 = createTask(c3(result));

      ev.set();
      yield* sleep(0);
      expect(result).toEqual([3, 1, 2]);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBeUndefined();
      expect(t2.done()).toBe(true);
      expect(t2.result()).toBeUndefined();
      expect(t3.done()).toBe(true);
      expect(t3.result()).toBeUndefined();
    }));

  it("EventTests.test_wait_on_set", () =>
    runAsync(function* () {
      const ev = new asyncio.Event();
      ev.set();

      const res = yield* ev.wait();
      expect(res).toBe(true);
    }));

  it("EventTests.test_wait_cancel", () =>
    runAsync(function* () {
      const ev = new asyncio.Event();

      const wait = createTask(ev.wait());
      asyncio.getRunningLoop().callSoon(() => wait.cancel());
      yield* raises(asyncio.CancelledError, () => wait);
      expect(truthy(ev._waiters)).toBe(false);
    }));

  it("EventTests.test_clear", () =>
    runAsync(function* () {
      const ev = new asyncio.Event();
      expect(ev.isSet()).toBe(false);

      ev.set();
      expect(ev.isSet()).toBe(true);

      ev.clear();
      expect(ev.isSet()).toBe(false);
    }));

  it("EventTests.test_clear_with_waiters", () =>
    runAsync(function* () {
      const ev = new asyncio.Event();
      const result: number[] = [];

      const c1 = function* (result: number[]): Co<boolean> {
        if (yield* ev.wait()) result.push(1);
        return true;
      };

      const t = createTask(c1(result));
      yield* sleep(0);
      expect(result).toEqual([]);

      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);

      ev.set();
      ev.set();
      expect(ev._waiters.length).toBe(1);

      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(ev._waiters.length).toBe(0);

      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));
});

// ---------------------------------------------------------------------------------------
// ConditionTests

describe("ConditionTests", () => {
  it("ConditionTests.test_wait", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      const result: number[] = [];

      const c = (n: number) =>
        function* (result: number[]): Co<boolean> {
          yield* cond.acquire();
          if (yield* cond.wait()) result.push(n);
          return true;
        };
      const [c1, c2, c3] = [c(1), c(2), c(3)];

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));
      const t3 = createTask(c3(result));

      yield* sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(yield* cond.acquire()).toBe(true);
      cond.notify();
      yield* sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(t2.result()).toBe(true);
      expect(t3.done()).toBe(true);
      expect(t3.result()).toBe(true);
    }));

  it("ConditionTests.test_wait_cancel", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      yield* cond.acquire();

      const wait = createTask(cond.wait());
      asyncio.getRunningLoop().callSoon(() => wait.cancel());
      yield* raises(asyncio.CancelledError, () => wait);
      expect(truthy(cond._waiters)).toBe(false);
      expect(cond.locked()).toBe(true);
    }));

  it("ConditionTests.test_wait_cancel_contested", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();

      yield* cond.acquire();
      expect(cond.locked()).toBe(true);

      const wait_task = createTask(cond.wait());
      yield* sleep(0);
      expect(cond.locked()).toBe(false);

      // Notify, but contest the lock before cancelling
      yield* cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      asyncio.getRunningLoop().callSoon(() => wait_task.cancel());
      asyncio.getRunningLoop().callSoon(() => cond.release());

      try {
        yield* wait_task;
      } catch (e) {
        // Should not happen, since no cancellation points
        if (!(e instanceof asyncio.CancelledError)) throw e;
      }

      expect(cond.locked()).toBe(true);
    }));

  it("ConditionTests.test_wait_cancel_after_notify", () =>
    runAsync(function* () {
      // See bpo-32841
      let waited = false;

      const cond = new asyncio.Condition();

      const wait_on_cond = function* (): Co {
        yield* asyncWith(cond, function* () {
          waited = true; // Make sure this area was reached
          yield* cond.wait();
        });
      };

      const waiter = createTask(wait_on_cond());
      yield* sleep(0); // Start waiting

      yield* cond.acquire();
      cond.notify();
      yield* sleep(0); // Get to acquire()
      waiter.cancel();
      yield* sleep(0); // Activate cancellation
      cond.release();
      yield* sleep(0); // Cancellation should occur

      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
    }));

  it("ConditionTests.test_wait_unacquired", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      yield* raises(asyncio.RuntimeError, () => cond.wait());
    }));

  it("ConditionTests.test_wait_for", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      let presult = false;

      const predicate = () => presult;

      const result: number[] = [];

      const c1 = function* (result: number[]): Co<boolean> {
        yield* cond.acquire();
        if (yield* cond.waitFor(predicate)) {
          result.push(1);
          cond.release();
        }
        return true;
      };

      const t = createTask(c1(result));

      yield* sleep(0);
      expect(result).toEqual([]);

      yield* cond.acquire();
      cond.notify();
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([]);

      presult = true;
      yield* cond.acquire();
      cond.notify();
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1]);

      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));

  it("ConditionTests.test_wait_for_unacquired", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();

      // predicate can return true immediately
      const res = yield* cond.waitFor(() => [1, 2, 3]);
      expect(res).toEqual([1, 2, 3]);

      yield* raises(asyncio.RuntimeError, () => cond.waitFor(() => false));
    }));

  it("ConditionTests.test_notify", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      const result: number[] = [];

      const c = (n: number) =>
        function* (result: number[]): Co<boolean> {
          yield* cond.acquire();
          if (yield* cond.wait()) {
            result.push(n);
            cond.release();
          }
          return true;
        };
      const [c1, c2, c3] = [c(1), c(2), c(3)];

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));
      const t3 = createTask(c3(result));

      yield* sleep(0);
      expect(result).toEqual([]);

      yield* cond.acquire();
      cond.notify(1);
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1]);

      yield* cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2, 3]);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(t2.result()).toBe(true);
      expect(t3.done()).toBe(true);
      expect(t3.result()).toBe(true);
    }));

  it("ConditionTests.test_notify_all", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();

      const result: number[] = [];

      const c = (n: number) =>
        function* (result: number[]): Co<boolean> {
          yield* cond.acquire();
          if (yield* cond.wait()) {
            result.push(n);
            cond.release();
          }
          return true;
        };
      const [c1, c2] = [c(1), c(2)];

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));

      yield* sleep(0);
      expect(result).toEqual([]);

      yield* cond.acquire();
      cond.notifyAll();
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2]);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(t2.result()).toBe(true);
    }));

  it("ConditionTests.test_notify_unacquired", () => {
    const cond = new asyncio.Condition();
    expect(() => cond.notify()).toThrow(asyncio.RuntimeError);
  });

  it("ConditionTests.test_notify_all_unacquired", () => {
    const cond = new asyncio.Condition();
    expect(() => cond.notifyAll()).toThrow(asyncio.RuntimeError);
  });

  it("ConditionTests.test_repr", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      expect(String(cond).includes("unlocked")).toBe(true);
      expect(String(cond)).toMatch(RGX_REPR);

      yield* cond.acquire();
      expect(String(cond).includes("locked")).toBe(true);

      cond._waiters.append(mockWaiter());
      expect(String(cond).includes("waiters:1")).toBe(true);
      expect(String(cond)).toMatch(RGX_REPR);

      cond._waiters.append(mockWaiter());
      expect(String(cond).includes("waiters:2")).toBe(true);
      expect(String(cond)).toMatch(RGX_REPR);
    }));

  it("ConditionTests.test_context_manager", () =>
    runAsync(function* () {
      const cond = new asyncio.Condition();
      expect(cond.locked()).toBe(false);
      yield* asyncWith(cond, function* () {
        expect(cond.locked()).toBe(true);
      });
      expect(cond.locked()).toBe(false);
    }));

  it("ConditionTests.test_explicit_lock", () =>
    runAsync(function* () {
      const f = function* (lock: asyncio.Lock | null = null, cond: asyncio.Condition | null = null): Co {
        if (lock === null) lock = new asyncio.Lock();
        if (cond === null) cond = new asyncio.Condition(lock);
        const l = lock;
        const c = cond;
        expect(c._lock).toBe(l);
        expect(l.locked()).toBe(false);
        expect(c.locked()).toBe(false);
        yield* asyncWith(c, function* () {
          expect(l.locked()).toBe(true);
          expect(c.locked()).toBe(true);
        });
        expect(l.locked()).toBe(false);
        expect(c.locked()).toBe(false);
        yield* asyncWith(l, function* () {
          expect(l.locked()).toBe(true);
          expect(c.locked()).toBe(true);
        });
        expect(l.locked()).toBe(false);
        expect(c.locked()).toBe(false);
      };

      // All should work in the same way.
      yield* f();
      yield* f(new asyncio.Lock());
      const lock = new asyncio.Lock();
      yield* f(lock, new asyncio.Condition(lock));
    }));

  it("ConditionTests.test_ambiguous_loops", () =>
    runAsync(function* () {
      // Not ported: `assertRaises(TypeError): asyncio.Lock(loop=loop)` and
      // `asyncio.Condition(lock, loop=loop)`, a keyword the constructors do not take (a
      // compile-time error in TypeScript).
      const other = asyncio.newEventLoop();
      cleanups.push(() => other.close());

      const wrong_loop_in_lock = function* (): Co {
        const lock = new asyncio.Lock();
        lock._loop = other; // use private API for testing
        yield* asyncWith(lock, function* () {
          // acquired immediately via the fast-path
          // without interaction with any event loop.
          const cond = new asyncio.Condition(lock);
          // cond.acquire() will trigger waiting on the lock
          // and it will discover the event loop mismatch.
          yield* raises(asyncio.RuntimeError, () => cond.acquire(), /is bound to a different event loop/);
        });
      };

      const wrong_loop_in_cond = function* (): Co {
        // Same analogy here with the condition's loop.
        const lock = new asyncio.Lock();
        yield* asyncWith(lock, function* () {
          const cond = new asyncio.Condition(lock);
          cond._loop = other;
          yield* raises(asyncio.RuntimeError, () => cond.wait(), /is bound to a different event loop/);
        });
      };

      yield* wrong_loop_in_lock();
      yield* wrong_loop_in_cond();
    }));

  it("ConditionTests.test_timeout_in_block", () =>
    runAsync(function* () {
      const condition = new asyncio.Condition();
      yield* asyncWith(condition, function* () {
        yield* raises(asyncio.TimeoutError, () => waitFor(condition.wait(), 0.5));
      });
    }));

  it("ConditionTests.test_cancelled_error_wakeup", () =>
    runAsync(function* () {
      // Test that a cancelled error, received when awaiting wakeup, will be re-raised
      // un-modified.
      const wake = false;
      let raised: unknown = null;
      const cond = new asyncio.Condition();

      const func = function* (): Co {
        yield* asyncWith(cond, function* () {
          const err = yield* raises(asyncio.CancelledError, () => cond.waitFor(() => wake));
          raised = err;
          throw raised;
        });
      };

      const task = createTask(func());
      yield* sleep(0);
      // Task is waiting on the condition, cancel it there.
      task.cancel("foo");
      const err = yield* raises(asyncio.CancelledError, () => task);
      expect(err.args).toEqual(["foo"]);
      // We should have got the _same_ exception instance as the one originally raised.
      expect(err).toBe(raised);
    }));

  it("ConditionTests.test_cancelled_error_re_aquire", () =>
    runAsync(function* () {
      // Test that a cancelled error, received when re-aquiring lock, will be re-raised
      // un-modified.
      let wake = false;
      let raised: unknown = null;
      const cond = new asyncio.Condition();

      const func = function* (): Co {
        yield* asyncWith(cond, function* () {
          const err = yield* raises(asyncio.CancelledError, () => cond.waitFor(() => wake));
          raised = err;
          throw raised;
        });
      };

      const task = createTask(func());
      yield* sleep(0);
      // Task is waiting on the condition
      yield* cond.acquire();
      wake = true;
      cond.notify();
      yield* sleep(0);
      // Task is now trying to re-acquire the lock, cancel it there.
      task.cancel("foo");
      cond.release();
      const err = yield* raises(asyncio.CancelledError, () => task);
      expect(err.args).toEqual(["foo"]);
      // We should have got the _same_ exception instance as the one originally raised.
      expect(err).toBe(raised);
    }));

  it("ConditionTests.test_cancelled_wakeup", () =>
    runAsync(function* () {
      // Test that a task cancelled at the "same" time as it is woken up as part of a
      // Condition.notify() does not result in a lost wakeup. This test simulates a
      // cancel while the target task is awaiting initial wakeup on the wakeup queue.
      const condition = new asyncio.Condition();
      let state = 0;
      const consumer = function* (): Co {
        yield* asyncWith(condition, function* () {
          for (;;) {
            yield* condition.waitFor(() => state !== 0);
            if (state < 0) return;
            state -= 1;
          }
        });
      };

      // create two consumers
      const c = [0, 1].map(() => createTask(consumer()));
      // wait for them to settle
      yield* sleep(0);
      yield* asyncWith(condition, function* () {
        // produce one item and wake up one
        state += 1;
        condition.notify(1);

        // Cancel it while it is awaiting to be run.
        // This cancellation could come from the outside
        (c[0] as asyncio.Task<void>).cancel();

        // now wait for the item to be consumed
        // if it doesn't means that our "notify" didn"t take hold.
        // because it raced with a cancel()
        try {
          yield* asyncWith(timeout(0.01), function* () {
            yield* condition.waitFor(() => state === 0);
          });
        } catch (e) {
          if (!(e instanceof asyncio.TimeoutError)) throw e;
        }
        expect(state).toBe(0);

        // clean up
        state = -1;
        condition.notifyAll();
      });
      yield* c[1] as asyncio.Task<void>;
    }));

  it("ConditionTests.test_cancelled_wakeup_relock", () =>
    runAsync(function* () {
      // Test that a task cancelled at the "same" time as it is woken up as part of a
      // Condition.notify() does not result in a lost wakeup. This test simulates a
      // cancel while the target task is acquiring the lock again.
      const condition = new asyncio.Condition();
      let state = 0;
      const consumer = function* (): Co {
        yield* asyncWith(condition, function* () {
          for (;;) {
            yield* condition.waitFor(() => state !== 0);
            if (state < 0) return;
            state -= 1;
          }
        });
      };

      // create two consumers
      const c = [0, 1].map(() => createTask(consumer()));
      // wait for them to settle
      yield* sleep(0);
      yield* asyncWith(condition, function* () {
        // produce one item and wake up one
        state += 1;
        condition.notify(1);

        // now we sleep for a bit.  This allows the target task to wake up and settle
        // on re-aquiring the lock
        yield* sleep(0);

        // Cancel it while awaiting the lock
        // This cancel could come the outside.
        (c[0] as asyncio.Task<void>).cancel();

        // now wait for the item to be consumed
        // if it doesn't means that our "notify" didn"t take hold.
        // because it raced with a cancel()
        try {
          yield* asyncWith(timeout(0.01), function* () {
            yield* condition.waitFor(() => state === 0);
          });
        } catch (e) {
          if (!(e instanceof asyncio.TimeoutError)) throw e;
        }
        expect(state).toBe(0);

        // clean up
        state = -1;
        condition.notifyAll();
      });
      yield* c[1] as asyncio.Task<void>;
    }));
});

// ---------------------------------------------------------------------------------------
// SemaphoreTests

describe("SemaphoreTests", () => {
  it("SemaphoreTests.test_initial_value_zero", () => {
    const sem = new asyncio.Semaphore(0);
    expect(sem.locked()).toBe(true);
  });

  it("SemaphoreTests.test_repr", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore();
      expect(String(sem).endsWith("[unlocked, value:1]>")).toBe(true);
      expect(String(sem)).toMatch(RGX_REPR);

      yield* sem.acquire();
      expect(String(sem).endsWith("[locked]>")).toBe(true);
      expect(String(sem).includes("waiters")).toBe(false);
      expect(String(sem)).toMatch(RGX_REPR);

      const waiters = (sem._waiters ??= new Deque());
      waiters.append(mockWaiter());
      expect(String(sem).includes("waiters:1")).toBe(true);
      expect(String(sem)).toMatch(RGX_REPR);

      waiters.append(mockWaiter());
      expect(String(sem).includes("waiters:2")).toBe(true);
      expect(String(sem)).toMatch(RGX_REPR);
    }));

  it("SemaphoreTests.test_semaphore", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore();
      expect(sem._value).toBe(1);

      // CPython: "object Semaphore can't be used in 'await' expression" (see the header).
      yield* raises(TypeError, function* () {
        yield* sem as unknown as Co;
      });

      expect(sem.locked()).toBe(false);
      expect(sem._value).toBe(1);
    }));

  it("SemaphoreTests.test_semaphore_value", () => {
    expect(() => new asyncio.Semaphore(-1)).toThrow(asyncio.ValueError);
  });

  it("SemaphoreTests.test_acquire", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(3);
      const result: number[] = [];

      expect(yield* sem.acquire()).toBe(true);
      expect(yield* sem.acquire()).toBe(true);
      expect(sem.locked()).toBe(false);

      const c = (n: number) =>
        function* (result: number[]): Co<boolean> {
          yield* sem.acquire();
          result.push(n);
          return true;
        };
      const [c1, c2, c3, c4] = [c(1), c(2), c(3), c(4)];

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));
      const t3 = createTask(c3(result));

      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.length).toBe(2);
      expect(sem._value).toBe(0);

      const t4 = createTask(c4(result));

      sem.release();
      sem.release();
      expect(sem._value).toBe(0);

      yield* sleep(0);
      expect(sem._value).toBe(0);
      expect(result.length).toBe(3);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.length).toBe(1);
      expect(sem._value).toBe(0);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      const race_tasks = [t2, t3, t4];
      const done_tasks = race_tasks.filter((t) => t.done() && t.result());
      expect(done_tasks.length).toBe(2);

      // cleanup locked semaphore
      sem.release();
      yield* gather(race_tasks);
    }));

  it("SemaphoreTests.test_acquire_cancel", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore();
      yield* sem.acquire();

      const acquire = createTask(sem.acquire());
      asyncio.getRunningLoop().callSoon(() => acquire.cancel());
      yield* raises(asyncio.CancelledError, () => acquire);
      expect(!truthy(sem._waiters) || [...(sem._waiters ?? [])].every((waiter) => waiter.done())).toBe(true);
    }));

  it("SemaphoreTests.test_acquire_cancel_before_awoken", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(0);

      const t1 = createTask(sem.acquire());
      const t2 = createTask(sem.acquire());
      const t3 = createTask(sem.acquire());
      const t4 = createTask(sem.acquire());

      yield* sleep(0);

      t1.cancel();
      t2.cancel();
      sem.release();

      yield* sleep(0);
      yield* sleep(0);
      const num_done = [t3, t4].filter((t) => t.done()).length;
      expect(num_done).toBe(1);
      expect(t3.done()).toBe(true);
      expect(t4.done()).toBe(false);

      t3.cancel();
      t4.cancel();
      yield* sleep(0);
    }));

  it("SemaphoreTests.test_acquire_hang", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(0);

      const t1 = createTask(sem.acquire());
      const t2 = createTask(sem.acquire());
      yield* sleep(0);

      t1.cancel();
      sem.release();
      yield* sleep(0);
      yield* sleep(0);
      expect(sem.locked()).toBe(true);
      expect(t2.done()).toBe(true);
    }));

  it("SemaphoreTests.test_acquire_no_hang", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(1);

      const c1 = function* (): Co {
        yield* asyncWith(sem, function* () {
          yield* sleep(0);
        });
        t2.cancel();
      };

      const c2 = function* (): Co {
        yield* asyncWith(sem, function* () {
          expect(true).toBe(false);
        });
      };

      const t1 = createTask(c1());
      const t2 = createTask(c2());

      const [r1, r2] = yield* gather([t1, t2], { returnExceptions: true });
      expect(r1 === undefined).toBe(true);
      expect(r2 instanceof asyncio.CancelledError).toBe(true);

      yield* waitFor(sem.acquire(), 1.0);
    }));

  it("SemaphoreTests.test_release_not_acquired", () => {
    const sem = new asyncio.BoundedSemaphore();

    expect(() => sem.release()).toThrow(asyncio.ValueError);
  });

  it("SemaphoreTests.test_release_no_waiters", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore();
      yield* sem.acquire();
      expect(sem.locked()).toBe(true);

      sem.release();
      expect(sem.locked()).toBe(false);
    }));

  it("SemaphoreTests.test_acquire_fifo_order", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(1);
      const result: string[] = [];

      const coro = function* (tag: string): Co {
        yield* sem.acquire();
        result.push(`${tag}_1`);
        yield* sleep(0.01);
        sem.release();

        yield* sem.acquire();
        result.push(`${tag}_2`);
        yield* sleep(0.01);
        sem.release();
      };

      yield* asyncWith(new asyncio.TaskGroup(), function* (tg) {
        tg.createTask(coro("c1"));
        tg.createTask(coro("c2"));
        tg.createTask(coro("c3"));
      });

      expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
    }));

  it("SemaphoreTests.test_acquire_fifo_order_2", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(1);
      const result: number[] = [];

      const c1 = function* (result: number[]): Co<boolean> {
        yield* sem.acquire();
        result.push(1);
        return true;
      };

      const c2 = function* (result: number[]): Co<boolean> {
        yield* sem.acquire();
        result.push(2);
        sem.release();
        yield* sem.acquire();
        result.push(4);
        return true;
      };

      const c3 = function* (result: number[]): Co<boolean> {
        yield* sem.acquire();
        result.push(3);
        return true;
      };

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));
      const t3 = createTask(c3(result));

      yield* sleep(0);

      sem.release();
      sem.release();

      const tasks = [t1, t2, t3];
      yield* gather(tasks);
      expect(result).toEqual([1, 2, 3, 4]);
    }));

  it("SemaphoreTests.test_acquire_fifo_order_3", () =>
    runAsync(function* () {
      const sem = new asyncio.Semaphore(0);
      const result: number[] = [];

      const c = (n: number) =>
        function* (result: number[]): Co<boolean> {
          yield* sem.acquire();
          result.push(n);
          return true;
        };
      const [c1, c2, c3] = [c(1), c(2), c(3)];

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));
      const t3 = createTask(c3(result));

      yield* sleep(0);

      t1.cancel();

      yield* sleep(0);

      sem.release();
      sem.release();

      const tasks = [t1, t2, t3];
      yield* gather(tasks, { returnExceptions: true });
      expect(result).toEqual([2, 3]);
    }));

  it("SemaphoreTests.test_acquire_fifo_order_4", () =>
    runAsync(function* () {
      // Test that a successfule `acquire()` will wake up multiple Tasks that were
      // waiting in the Semaphore queue due to FIFO rules.
      const sem = new asyncio.Semaphore(0);
      const result: number[] = [];

      const c1 = function* (result: number[]): Co<boolean> {
        // First task immediatlly waits for semaphore.  It will be awoken by c2.
        expect(sem._value).toBe(0);
        yield* sem.acquire();
        // We should have woken up all waiting tasks now.
        expect(sem._value).toBe(0);
        // Create a fourth task.  It should run after c3, not c2.
        t4 = createTask(c4(result));
        result.push(1);
        return true;
      };

      const c2 = function* (result: number[]): Co<boolean> {
        // The second task begins by releasing semaphore three times, for c1, c2, and c3.
        sem.release();
        sem.release();
        sem.release();
        expect(sem._value).toBe(2);
        // It is locked, because c1 hasn't woken up yet.
        expect(sem.locked()).toBe(true);
        yield* sem.acquire();
        result.push(2);
        return true;
      };

      const c3 = function* (result: number[]): Co<boolean> {
        yield* sem.acquire();
        expect(sem.locked()).toBe(true);
        result.push(3);
        return true;
      };

      const c4 = function* (result: number[]): Co<boolean> {
        result.push(4);
        return true;
      };

      const t1 = createTask(c1(result));
      const t2 = createTask(c2(result));
      const t3 = createTask(c3(result));
      let t4: asyncio.Task<boolean> | null = null;

      yield* sleep(0);
      // Three tasks are in the queue, the first hasn't woken up yet.
      expect(sem._value).toBe(2);
      expect(sem._waiters?.length).toBe(3);
      yield* sleep(0);

      const tasks = [t1, t2, t3, t4 as unknown as asyncio.Task<boolean>];
      yield* gather(tasks);
      expect(result).toEqual([1, 2, 3, 4]);
    }));
});

// ---------------------------------------------------------------------------------------
// BarrierTests

describe("BarrierTests", () => {
  let N = 5; // asyncSetUp

  beforeEach(() => {
    N = 5;
  });

  const make_tasks = <T>(n: number, coro: () => Co<T>): asyncio.Task<T>[] =>
    Array.from({ length: n }, () => createTask(coro()));

  function* gather_tasks<T>(n: number, coro: () => Co<T>): Co<[T[], asyncio.Task<T>[]]> {
    const tasks = make_tasks(n, coro);
    const res = (yield* gather(tasks)) as T[];
    return [res, tasks];
  }

  it("BarrierTests.test_barrier", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      expect(String(barrier)).toContain("filling");
      // CPython: "object Barrier can't be used in 'await' expression" (see the header).
      yield* raises(TypeError, function* () {
        yield* barrier as unknown as Co;
      });

      expect(String(barrier)).toContain("filling");
    }));

  it("BarrierTests.test_repr", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);

      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("filling");

      const waiters: asyncio.Task<void>[] = [];
      const wait = function* (barrier: asyncio.Barrier): Co {
        yield* barrier.wait();
      };

      const incr = 2;
      for (let i = 0; i < incr; i++) waiters.push(createTask(wait(barrier)));
      yield* sleep(0);

      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier).includes(`waiters:${incr}/${N}`)).toBe(true);
      expect(String(barrier)).toContain("filling");

      // create missing waiters
      for (let i = 0, n = barrier.parties - barrier.nWaiting; i < n; i++) waiters.push(createTask(wait(barrier)));
      yield* sleep(0);

      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("draining");

      // add a part of waiters
      for (let i = 0; i < incr; i++) waiters.push(createTask(wait(barrier)));
      yield* sleep(0);
      // and reset
      yield* barrier.reset();

      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("resetting");

      // add a part of waiters again
      for (let i = 0; i < incr; i++) waiters.push(createTask(wait(barrier)));
      yield* sleep(0);
      // and abort
      yield* barrier.abort();

      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("broken");
      expect(barrier.broken).toBe(true);

      // suppress unhandled exceptions
      yield* gather(waiters, { returnExceptions: true });
    }));

  it("BarrierTests.test_barrier_parties", () =>
    runAsync(function* () {
      expect(() => new asyncio.Barrier(0)).toThrow(asyncio.ValueError);
      expect(() => new asyncio.Barrier(-4)).toThrow(asyncio.ValueError);

      expect(new asyncio.Barrier(N)).toBeInstanceOf(asyncio.Barrier);
    }));

  it("BarrierTests.test_context_manager", () =>
    runAsync(function* () {
      N = 3;
      const barrier = new asyncio.Barrier(N);
      const results: number[] = [];

      const coro = function* (): Co {
        yield* asyncWith(barrier, function* (i) {
          results.push(i);
        });
      };

      yield* gather_tasks(N, coro);

      expect([...results].sort()).toEqual([...Array(N).keys()]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_filling_one_task", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(1);

      const f = function* (): Co<boolean> {
        return yield* asyncWith(barrier, function* (_i) {
          return true;
        });
      };

      const ret = yield* f();

      expect(ret).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_filling_one_task_twice", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(1);

      const t1 = createTask(barrier.wait());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(0);

      const t2 = createTask(barrier.wait());
      yield* sleep(0);

      expect(t1.result()).toBe(t2.result());
      expect(t1.done()).toBe(t2.done());

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_filling_task_by_task", () =>
    runAsync(function* () {
      N = 3;
      const barrier = new asyncio.Barrier(N);

      const t1 = createTask(barrier.wait());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(String(barrier)).toContain("filling");

      const t2 = createTask(barrier.wait());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(2);
      expect(String(barrier)).toContain("filling");

      const t3 = createTask(barrier.wait());
      yield* sleep(0);

      yield* asyncio.wait([t1, t2, t3]);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_filling_tasks_wait_twice", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results: boolean[] = [];

      const coro = function* (): Co {
        yield* asyncWith(barrier, function* () {
          results.push(true);

          yield* asyncWith(barrier, function* () {
            results.push(false);
          });
        });
      };

      yield* gather_tasks(N, coro);

      expect(results.length).toBe(N * 2);
      expect(results.filter((r) => r === true).length).toBe(N);
      expect(results.filter((r) => r === false).length).toBe(N);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_filling_tasks_check_return_value", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];

      const coro = function* (): Co<number> {
        return yield* asyncWith(barrier, function* () {
          results1.push(true);

          return yield* asyncWith(barrier, function* (i) {
            results2.push(true);
            return i;
          });
        });
      };

      const [res] = yield* gather_tasks(N, coro);

      expect(results1.length).toBe(N);
      expect(results1.every(Boolean)).toBe(true);
      expect(results2.length).toBe(N);
      expect(results2.every(Boolean)).toBe(true);
      expect([...res].sort()).toEqual([...Array(N).keys()]);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_draining_state", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results: boolean[] = [];

      const coro = function* (): Co {
        yield* asyncWith(barrier, function* () {
          // barrier state change to filling for the last task release
          results.push(String(barrier).includes("draining"));
        });
      };

      yield* gather_tasks(N, coro);

      expect(results.length).toBe(N);
      expect(results[results.length - 1]).toBe(false);
      expect(results.slice(0, N - 1).every(Boolean)).toBe(true);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_blocking_tasks_while_draining", () =>
    runAsync(function* () {
      const rewait = 2;
      const barrier = new asyncio.Barrier(N);
      const barrier_nowaiting = new asyncio.Barrier(N - rewait);
      let rewait_n = rewait;

      const coro = function* (): Co {
        // first time waiting
        yield* barrier.wait();

        // after wainting once for all tasks
        if (rewait_n > 0) {
          rewait_n -= 1;
          // wait again only for rewait tasks
          yield* barrier.wait();
        } else {
          // wait for end of draining state`
          yield* barrier_nowaiting.wait();
          // wait for other waiting tasks
          yield* barrier.wait();
        }
      };

      // a success means that barrier_nowaiting was waited for exactly N-rewait=3 times
      yield* gather_tasks(N, coro);
    }));

  it("BarrierTests.test_filling_tasks_cancel_one", () =>
    runAsync(function* () {
      N = 3;
      const barrier = new asyncio.Barrier(N);
      const results: boolean[] = [];

      const coro = function* (): Co {
        yield* barrier.wait();
        results.push(true);
      };

      const t1 = createTask(coro());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(1);

      const t2 = createTask(coro());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(2);

      t1.cancel();
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(1);
      yield* raises(asyncio.CancelledError, () => t1);
      expect(t1.cancelled()).toBe(true);

      const t3 = createTask(coro());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(2);

      const t4 = createTask(coro());
      yield* gather([t2, t3, t4]);

      expect(results.length).toBe(N);
      expect(results.every(Boolean)).toBe(true);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_reset_barrier", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(1);

      createTask(barrier.reset());
      yield* sleep(0);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_reset_barrier_while_tasks_waiting", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results: boolean[] = [];

      const coro = function* (): Co {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
          results.push(true);
        }
      };

      const coro_reset = function* (): Co {
        yield* barrier.reset();
      };

      // N-1 tasks waiting on barrier with N parties
      const tasks = make_tasks(N - 1, coro);
      yield* sleep(0);

      // reset the barrier
      createTask(coro_reset());
      yield* gather(tasks);

      expect(results.length).toBe(N - 1);
      expect(results.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_reset_barrier_when_tasks_half_draining", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const rest_of_tasks = Math.floor(N / 2);

      const coro = function* (): Co {
        let broken = false;
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
          // catch here waiting tasks
          results1.push(true);
          broken = true;
        }
        if (!broken) {
          // here drained task outside the barrier
          if (rest_of_tasks === barrier._count) {
            // tasks outside the barrier
            yield* barrier.reset();
          }
        }
      };

      yield* gather_tasks(N, coro);

      expect(results1).toEqual(Array(rest_of_tasks).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blocking_tasks = Math.floor(N / 2);
      let count = 0;

      const coro = function* (): Co {
        let broken = false;
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
          broken = true;
        }
        if (broken) {
          // here catch still waiting tasks
          results1.push(true);

          // so now waiting again to reach nb_parties
          yield* barrier.wait();
        } else {
          count += 1;
          if (count > blocking_tasks) {
            // reset now: raise asyncio.BrokenBarrierError for waiting tasks
            yield* barrier.reset();

            // so now waiting again to reach nb_parties
            yield* barrier.wait();
          } else {
            try {
              yield* barrier.wait();
            } catch (e) {
              if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
              // here no catch - blocked tasks go to wait
              results2.push(true);
            }
          }
        }
      };

      yield* gather_tasks(N, coro);

      expect(results1).toEqual(Array(blocking_tasks).fill(true));
      expect(results2).toEqual([]);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  it("BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];

      const coro1 = function* (): Co {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
          results1.push(true);
        } finally {
          yield* barrier.wait();
          results2.push(true);
        }
      };

      const coro2 = function* (): Co {
        yield* asyncWith(barrier, function* () {
          results2.push(true);
        });
      };

      const tasks = make_tasks(N - 1, coro1);

      // reset barrier, N-1 waiting tasks raise an BrokenBarrierError
      createTask(barrier.reset());
      yield* sleep(0);

      // complete waiting tasks in the `finally`
      createTask(coro2());

      yield* gather(tasks);

      expect(barrier.broken).toBe(false);
      expect(results1.length).toBe(N - 1);
      expect(results1.every(Boolean)).toBe(true);
      expect(results2.length).toBe(N);
      expect(results2.every(Boolean)).toBe(true);

      expect(barrier.nWaiting).toBe(0);
    }));

  it("BarrierTests.test_reset_barrier_while_tasks_draining", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      let count = 0;

      const coro = function* (): Co {
        yield* barrier.wait();
        count += 1;
        if (count === N) {
          // last task exited from barrier
          yield* barrier.reset();

          // wait here to reach the `parties`
          yield* barrier.wait();
        } else {
          try {
            // second waiting
            yield* barrier.wait();

            // N-1 tasks here
            results1.push(true);
          } catch (e) {
            if (!asyncio.isException(e)) throw e;
            // never goes here
            results2.push(true);
          }
        }

        // Now, pass the barrier again
        // last wait, must be completed
        yield* barrier.wait();
        results3.push(true);
      };

      yield* gather_tasks(N, coro);

      expect(barrier.broken).toBe(false);
      expect(results1.every(Boolean)).toBe(true);
      expect(results1.length).toBe(N - 1);
      expect(results2.length).toBe(0);
      expect(results3.length).toBe(N);
      expect(results3.every(Boolean)).toBe(true);

      expect(barrier.nWaiting).toBe(0);
    }));

  it("BarrierTests.test_abort_barrier", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(1);

      createTask(barrier.abort());
      yield* sleep(0);

      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(true);
    }));

  it("BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking", () =>
    runAsync(function* () {
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blocking_tasks = Math.floor(N / 2);
      let count = 0;

      const coro = function* (): Co {
        let broken = false;
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
          // here catch tasks waiting to drain
          results1.push(true);
          broken = true;
        }
        if (!broken) {
          count += 1;
          if (count > blocking_tasks) {
            // abort now: raise asyncio.BrokenBarrierError for all tasks
            yield* barrier.abort();
          } else {
            try {
              yield* barrier.wait();
            } catch (e) {
              if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
              // here catch blocked tasks (already drained)
              results2.push(true);
            }
          }
        }
      };

      yield* gather_tasks(N, coro);

      expect(barrier.broken).toBe(true);
      expect(results1).toEqual(Array(blocking_tasks).fill(true));
      expect(results2).toEqual(Array(N - blocking_tasks - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
    }));

  it("BarrierTests.test_abort_barrier_when_exception", () =>
    runAsync(function* () {
      // test from threading.Barrier: see `lock_tests.test_reset`
      const barrier = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];

      const coro = function* (): Co {
        try {
          yield* asyncWith(barrier, function* (i) {
            if (i === Math.floor(N / 2)) throw new asyncio.RuntimeError();
          });
          yield* asyncWith(barrier, function* () {
            results1.push(true);
          });
        } catch (e) {
          if (e instanceof asyncio.BrokenBarrierError) results2.push(true);
          else if (e instanceof asyncio.RuntimeError) yield* barrier.abort();
          else throw e;
        }
      };

      yield* gather_tasks(N, coro);

      expect(barrier.broken).toBe(true);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(results2.every(Boolean)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
    }));

  it("BarrierTests.test_abort_barrier_when_exception_then_resetting", () =>
    runAsync(function* () {
      // test from threading.Barrier: see `lock_tests.test_abort_and_reset``
      const barrier1 = new asyncio.Barrier(N);
      const barrier2 = new asyncio.Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];

      const coro = function* (): Co {
        try {
          const i = yield* barrier1.wait();
          if (i === Math.floor(N / 2)) throw new asyncio.RuntimeError();
          yield* barrier1.wait();
          results1.push(true);
        } catch (e) {
          if (e instanceof asyncio.BrokenBarrierError) results2.push(true);
          else if (e instanceof asyncio.RuntimeError) yield* barrier1.abort();
          else throw e;
        }

        // Synchronize and reset the barrier.  Must synchronize first so that everyone
        // has left it when we reset, and after so that no one enters it before the reset.
        const i = yield* barrier2.wait();
        if (i === Math.floor(N / 2)) yield* barrier1.reset();
        yield* barrier2.wait();
        yield* barrier1.wait();
        results3.push(true);
      };

      yield* gather_tasks(N, coro);

      expect(barrier1.broken).toBe(false);
      expect(results1.length).toBe(0);
      expect(results2.length).toBe(N - 1);
      expect(results2.every(Boolean)).toBe(true);
      expect(results3.length).toBe(N);
      expect(results3.every(Boolean)).toBe(true);

      expect(barrier1.nWaiting).toBe(0);
    }));
});
