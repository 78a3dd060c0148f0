/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_waitfor.py (`asyncio.wait_for`).
 * Every test method of the file is ported; `not_ported/test_waitfor.md` says so.
 *
 * Both classes are `IsolatedAsyncioTestCase`s: each case runs its test coroutine as a task
 * of a fresh loop (`runAsync`). The loop runs on a virtual clock, so `SlowTask` reads
 * `loop.time()` where CPython reads `time.monotonic()` (the clock CPython's `loop.time()`
 * is).
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { assertRaises, runAsync } from "./support.ts";

type Coro<T> = asyncio.Coroutine<T>;

// The following value can be used as a very small timeout:
// it passes check "timeout > 0", but has almost
// no effect on the test performance
const _EPSILON = 0.0001;

/** `test.support.LONG_TIMEOUT` (5 minutes). */
const LONG_TIMEOUT = 5 * 60.0;

/** Task will run for this defined time, ignoring cancel requests */
class SlowTask {
  static readonly TASK_TIMEOUT = 0.2;
  exited = false;

  *run(): Coro<void> {
    const loop = asyncio.getRunningLoop();
    const exitat = loop.time() + SlowTask.TASK_TIMEOUT;

    for (;;) {
      const tosleep = exitat - loop.time();
      if (tosleep <= 0) break;

      try {
        yield* asyncio.sleep(tosleep);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
      }
    }

    this.exited = true;
  }
}
asyncio.asyncDef(SlowTask.prototype.run, "SlowTask.run");

/** `AsyncioWaitForTest._test_cancel_wait_for(timeout)`. */
function* testCancelWaitFor(timeout: number | null): Coro<void> {
  const loop = asyncio.getRunningLoop();

  const blockingCoroutine = asyncio.asyncDef(function* blocking_coroutine(): Coro<void> {
    const fut = loop.createFuture();
    // Block: fut result is never set
    yield* fut;
  });

  const task = asyncio.createTask(blockingCoroutine());

  const wait = asyncio.createTask(asyncio.waitFor(task, timeout));
  loop.callSoon(() => wait.cancel());

  yield* assertRaises(asyncio.CancelledError, () => wait);

  // Python issue #23219: cancelling the wait must also cancel the task
  expect(task.cancelled()).toBe(true);
}

describe("test_waitfor.py", () => {
  describe("AsyncioWaitForTest", () => {
    it("AsyncioWaitForTest.test_asyncio_wait_for_cancelled", () =>
      runAsync(function* () {
        const t = new SlowTask();

        const waitfortask = asyncio.createTask(asyncio.waitFor(t.run(), SlowTask.TASK_TIMEOUT * 2));
        yield* asyncio.sleep(0);
        waitfortask.cancel();
        yield* asyncio.wait(new Set([waitfortask]));

        expect(t.exited).toBe(true);
      }));

    it("AsyncioWaitForTest.test_asyncio_wait_for_timeout", () =>
      runAsync(function* () {
        const t = new SlowTask();

        try {
          yield* asyncio.waitFor(t.run(), SlowTask.TASK_TIMEOUT / 2);
        } catch (e) {
          if (!(e instanceof asyncio.TimeoutError)) throw e;
        }

        expect(t.exited).toBe(true);
      }));

    it("AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done", () =>
      runAsync(function* () {
        const loop = asyncio.getRunningLoop();

        const fut = loop.createFuture<string>();
        fut.setResult("done");

        const ret = yield* asyncio.waitFor(fut, 0);

        expect(ret).toBe("done");
        expect(fut.done()).toBe(true);
      }));

    it("AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started", () =>
      runAsync(function* () {
        let fooStarted = false;

        const foo = asyncio.asyncDef(function* foo(): Coro<void> {
          fooStarted = true;
        });

        yield* assertRaises(asyncio.TimeoutError, () => asyncio.waitFor(foo(), 0));

        expect(fooStarted).toBe(false);
      }));

    it("AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0", () =>
      runAsync(function* () {
        const loop = asyncio.getRunningLoop();

        for (const timeout of [0, -1]) {
          // subTest(timeout=timeout)
          let fooRunning: boolean | null = null;
          const started = loop.createFuture();

          const foo = asyncio.asyncDef(function* foo(): Coro<string> {
            fooRunning = true;
            started.setResult(undefined);
            try {
              yield* asyncio.sleep(10);
            } finally {
              fooRunning = false;
            }
            return "done";
          });

          const fut = asyncio.createTask(foo());
          yield* started;

          yield* assertRaises(asyncio.TimeoutError, () => asyncio.waitFor(fut, timeout));

          expect(fut.done(), `timeout=${timeout}`).toBe(true);
          // it should have been cancelled due to the timeout
          expect(fut.cancelled(), `timeout=${timeout}`).toBe(true);
          expect(fooRunning, `timeout=${timeout}`).toBe(false);
        }
      }));

    it("AsyncioWaitForTest.test_wait_for", () =>
      runAsync(function* () {
        let fooRunning: boolean | null = null;

        const foo = asyncio.asyncDef(function* foo(): Coro<string> {
          fooRunning = true;
          try {
            yield* asyncio.sleep(LONG_TIMEOUT);
          } finally {
            fooRunning = false;
          }
          return "done";
        });

        const fut = asyncio.createTask(foo());

        yield* assertRaises(asyncio.TimeoutError, () => asyncio.waitFor(fut, 0.1));
        expect(fut.done()).toBe(true);
        // it should have been cancelled due to the timeout
        expect(fut.cancelled()).toBe(true);
        expect(fooRunning).toBe(false);
      }));

    it("AsyncioWaitForTest.test_wait_for_blocking", () =>
      runAsync(function* () {
        const coro = asyncio.asyncDef(function* coro(): Coro<string> {
          return "done";
        });

        const res = yield* asyncio.waitFor(coro(), null);
        expect(res).toBe("done");
      }));

    it("AsyncioWaitForTest.test_wait_for_race_condition", () =>
      runAsync(function* () {
        const loop = asyncio.getRunningLoop();

        const fut = loop.createFuture<string>();
        const task = asyncio.waitFor(fut, 0.2);
        loop.callSoon((v: string) => fut.setResult(v), "ok");
        const res = yield* task;
        expect(res).toBe("ok");
      }));

    it("AsyncioWaitForTest.test_wait_for_cancellation_race_condition", () =>
      runAsync(function* () {
        const inner = asyncio.asyncDef(function* inner(): Coro<number> {
          yield* assertRaises(asyncio.CancelledError, () => asyncio.sleep(1));
          return 1;
        });

        const result = yield* asyncio.waitFor(inner(), 0.01);
        expect(result).toBe(1);
      }));

    it("AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation", () =>
      runAsync(function* () {
        let taskDone = false;

        const inner = asyncio.asyncDef(function* inner(): Coro<void> {
          try {
            yield* asyncio.sleep(10);
          } catch (e) {
            if (e instanceof asyncio.CancelledError) yield* asyncio.sleep(_EPSILON);
            throw e;
          } finally {
            taskDone = true;
          }
        });

        const innerTask = asyncio.createTask(inner());

        const exc = yield* assertRaises(asyncio.TimeoutError, () => asyncio.waitFor(innerTask, _EPSILON));

        expect(taskDone).toBe(true);
        // CPython checks `__context__`, the CancelledError being handled when the
        // TimeoutError is raised; `raise TimeoutError from exc` also makes it the
        // `__cause__`, which is JavaScript's `cause` (JavaScript has no implicit context).
        const chained = exc.cause;
        expect((chained as object).constructor).toBe(asyncio.CancelledError);
      }));

    it("AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0", () =>
      runAsync(function* () {
        let taskDone = false;

        const foo = asyncio.asyncDef(function* foo(): Coro<void> {
          const inner = asyncio.asyncDef(function* inner(): Coro<void> {
            try {
              yield* asyncio.sleep(10);
            } catch (e) {
              if (e instanceof asyncio.CancelledError) yield* asyncio.sleep(_EPSILON);
              throw e;
            } finally {
              taskDone = true;
            }
          });

          const innerTask = asyncio.createTask(inner());
          yield* asyncio.sleep(_EPSILON);
          yield* asyncio.waitFor(innerTask, 0);
        });

        const exc = yield* assertRaises(asyncio.TimeoutError, () => foo());

        expect(taskDone).toBe(true);
        // `__context__` as in test_wait_for_waits_for_task_cancellation: the explicit cause.
        const chained = exc.cause;
        expect((chained as object).constructor).toBe(asyncio.CancelledError);
      }));

    it("AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation", () =>
      runAsync(function* () {
        class FooException extends asyncio.Exception {}

        const foo = asyncio.asyncDef(function* foo(): Coro<void> {
          const inner = asyncio.asyncDef(function* inner(): Coro<void> {
            try {
              yield* asyncio.sleep(0.2);
            } finally {
              throw new FooException();
            }
          });

          const innerTask = asyncio.createTask(inner());

          yield* asyncio.waitFor(innerTask, _EPSILON);
        });

        yield* assertRaises(FooException, () => foo());
      }));

    it("AsyncioWaitForTest.test_cancel_blocking_wait_for", () =>
      runAsync(function* () {
        yield* testCancelWaitFor(null);
      }));

    it("AsyncioWaitForTest.test_cancel_wait_for", () =>
      runAsync(function* () {
        yield* testCancelWaitFor(60.0);
      }));

    it("AsyncioWaitForTest.test_wait_for_cancel_suppressed", () =>
      runAsync(function* () {
        // GH-86296: Suppressing CancelledError is discouraged
        // but if a task suppresses CancelledError and returns a value,
        // `wait_for` should return the value instead of raising CancelledError.
        // This is the same behavior as `asyncio.timeout`.

        const return42 = asyncio.asyncDef(function* return_42(): Coro<number | undefined> {
          try {
            yield* asyncio.sleep(10);
          } catch (e) {
            if (e instanceof asyncio.CancelledError) return 42;
            throw e;
          }
          return undefined;
        });

        const res = yield* asyncio.waitFor(return42(), 0.1);
        expect(res).toBe(42);
      }));

    it("AsyncioWaitForTest.test_wait_for_issue86296", () =>
      runAsync(function* () {
        // GH-86296: The task should get cancelled and not run to completion.
        // inner completes in one cycle of the event loop so it
        // completes before the task is cancelled.

        const inner = asyncio.asyncDef(function* inner(): Coro<string> {
          return "done";
        });

        const innerTask = asyncio.createTask(inner());
        let reachedEnd = false;

        const waitForCoro = asyncio.asyncDef(function* wait_for_coro(): Coro<void> {
          yield* asyncio.waitFor(innerTask, 100);
          yield* asyncio.sleep(1);
          reachedEnd = true;
        });

        const task = asyncio.createTask(waitForCoro());
        expect(task.done()).toBe(false);
        // Run the task
        yield* asyncio.sleep(0);
        task.cancel();
        yield* assertRaises(asyncio.CancelledError, () => task);
        expect(innerTask.done()).toBe(true);
        expect(yield* innerTask).toBe("done");
        expect(reachedEnd).toBe(false);
      }));
  });

  describe("WaitForShieldTests", () => {
    it("WaitForShieldTests.test_zero_timeout", () =>
      runAsync(function* () {
        // `asyncio.shield` creates a new task which wraps the passed in
        // awaitable and shields it from cancellation so with timeout=0
        // the task returned by `asyncio.shield` aka shielded_task gets
        // cancelled immediately and the task wrapped by it is scheduled
        // to run.

        const coro = asyncio.asyncDef(function* coro(): Coro<string> {
          yield* asyncio.sleep(0.01);
          return "done";
        });

        const task = asyncio.createTask(coro());
        let shieldedTask: asyncio.Future<string> | null = null;
        yield* assertRaises(asyncio.TimeoutError, function* () {
          shieldedTask = asyncio.shield(task);
          yield* asyncio.waitFor(shieldedTask, 0);
        });

        // Task is running in background
        expect(task.done()).toBe(false);
        expect(task.cancelled()).toBe(false);
        expect((shieldedTask as asyncio.Future<string> | null)?.cancelled()).toBe(true);

        // Wait for the task to complete
        yield* asyncio.sleep(0.1);
        expect(task.done()).toBe(true);
      }));

    it("WaitForShieldTests.test_none_timeout", () =>
      runAsync(function* () {
        // With timeout=None the timeout is disabled so it
        // runs till completion.
        const coro = asyncio.asyncDef(function* coro(): Coro<string> {
          yield* asyncio.sleep(0.1);
          return "done";
        });

        const task = asyncio.createTask(coro());
        yield* asyncio.waitFor(asyncio.shield(task), null);

        expect(task.done()).toBe(true);
        expect(yield* task).toBe("done");
      }));

    it("WaitForShieldTests.test_shielded_timeout", () =>
      runAsync(function* () {
        // shield prevents the task from being cancelled.
        const coro = asyncio.asyncDef(function* coro(): Coro<string> {
          yield* asyncio.sleep(0.1);
          return "done";
        });

        const task = asyncio.createTask(coro());
        yield* assertRaises(asyncio.TimeoutError, () => asyncio.waitFor(asyncio.shield(task), 0.01));

        expect(task.done()).toBe(false);
        expect(task.cancelled()).toBe(false);
        expect(yield* task).toBe("done");
      }));
  });
});
