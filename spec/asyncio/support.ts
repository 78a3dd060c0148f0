/**
 * Test helpers mirroring CPython's `test.test_asyncio.utils`, for the ported test cases.
 */
import { expect } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import type { PythonVersion } from "../../src/asyncio/version.ts";

/**
 * A fresh virtual-clock loop (the role of CPython's `TestLoop`: time advances to the next
 * timer instead of sleeping), set as the current loop like `BaseTestCase.set_event_loop`.
 */
export function newTestLoop(python?: PythonVersion): asyncio.VirtualEventLoop {
  const loop = asyncio.newEventLoop(python === undefined ? {} : { python });
  asyncio.setEventLoop(loop);
  return loop;
}

/** Closes a loop made by `newTestLoop` and clears the current loop. */
export function closeTestLoop(loop: asyncio.BaseEventLoop): void {
  if (!loop.isClosed()) loop.close();
  asyncio.setEventLoop(null);
}

const once = asyncio.asyncDef(function* once(): asyncio.Coroutine<void> {
  // Nothing: the task finishes in its first step, as in CPython's run_briefly.
});

/** CPython's `test_utils.run_briefly`: run a task whose coroutine returns at once (two iterations). */
export function runBriefly(loop: asyncio.VirtualEventLoop): void {
  loop.runUntilComplete(loop.createTask(once()));
}

/** CPython's `test_utils.run_until`: run short sleeps until `pred()` holds. */
export function runUntil(loop: asyncio.VirtualEventLoop, pred: () => boolean, timeout = 30): void {
  let delay = 0.001;
  const deadline = loop.time() + timeout;
  while (!pred()) {
    if (loop.time() > deadline) throw new asyncio.TimeoutError();
    loop.runUntilComplete(asyncio.sleep(delay));
    delay = Math.max(delay * 2, 1.0);
  }
}

/** Every CPython release the scheduler models. */
export const ALL_VERSIONS = asyncio.PYTHON_VERSIONS;

/**
 * `IsolatedAsyncioTestCase`: runs the test coroutine in a task on a fresh loop, then
 * closes the loop.
 */
export function runAsync(test: (loop: asyncio.VirtualEventLoop) => asyncio.Coroutine<void>): void {
  const loop = newTestLoop();
  try {
    loop.runUntilComplete(test(loop));
  } finally {
    closeTestLoop(loop);
  }
}

type ExceptionClass<E> = abstract new (...args: never[]) => E;

/** Judges a block that should raise `cls`: returns the exception, fails the test if nothing was raised. */
function expectRaised<E>(cls: ExceptionClass<E>, outcome: { raised: boolean; error: unknown }, pattern?: RegExp): E {
  if (outcome.raised && !(outcome.error instanceof cls)) throw outcome.error; // another class propagates, as in Python
  expect(outcome.raised, `${cls.name} not raised`).toBe(true);
  if (pattern !== undefined) expect((outcome.error as Error).message).toMatch(pattern);
  return outcome.error as E;
}

/**
 * `with self.assertRaises(cls)` (or `assertRaisesRegex(cls, pattern)`) around awaited
 * code: returns the exception. As in Python, an exception of another class propagates.
 */
export function* assertRaises<E>(
  cls: ExceptionClass<E>,
  body: () => asyncio.Awaitable<unknown>,
  pattern?: RegExp,
): asyncio.Coroutine<E> {
  try {
    yield* body();
  } catch (error) {
    return expectRaised(cls, { raised: true, error }, pattern);
  }
  return expectRaised(cls, { raised: false, error: undefined }, pattern);
}

/** `with self.assertRaises(cls)` (or `assertRaisesRegex`) around synchronous code. */
export function assertRaisesSync<E>(cls: ExceptionClass<E>, fn: () => unknown, pattern?: RegExp): E {
  try {
    fn();
  } catch (error) {
    return expectRaised(cls, { raised: true, error }, pattern);
  }
  return expectRaised(cls, { raised: false, error: undefined }, pattern);
}

/** The value, which must have been set (for variables assigned inside coroutines). */
export function defined<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error("value was never set");
  return value;
}

/** `test.test_asyncio.utils.await_without_task`: runs `coro` in a plain callback. */
export function* awaitWithoutTask(coro: asyncio.Coroutine<unknown>): asyncio.Coroutine<void> {
  let exc: unknown = null;
  let hasExc = false;
  const func = (): void => {
    try {
      while (!coro.next().done) {
        // drive the coroutine outside any task
      }
    } catch (err) {
      hasExc = true;
      exc = err;
    }
  };
  asyncio.getRunningLoop().callSoon(func);
  yield* asyncio.sleep(0);
  if (hasExc) throw exc;
}

/** Python's built-in `ZeroDivisionError` (the library exports it). */
export const ZeroDivisionError = asyncio.ZeroDivisionError;
export type ZeroDivisionError = asyncio.ZeroDivisionError;

/** `1 / 0` */
export function divideByZero(): never {
  throw new ZeroDivisionError("division by zero");
}
