/**
 * Python's `async with` and `async for` as functions, since TypeScript has no syntax for
 * them over generator coroutines. Locks, semaphores, conditions, timeouts and task groups
 * are async context managers (`aenter`/`aexit`); `asCompleted` is an async iterator
 * (`anext`).
 *
 * | Python | TypeScript |
 * |---|---|
 * | `async with lock: body` | `yield* asyncio.asyncWith(lock, function* () { body })` |
 * | `async with asyncio.timeout(1) as cm: body` | `yield* asyncio.asyncWith(asyncio.timeout(1), function* (cm) { body })` |
 * | `async for x in it: body` | `yield* asyncio.asyncFor(it, function* (x) { body })` |
 *
 * The body's return value is `asyncWith`'s; when the manager suppresses an exception
 * (a timeout, for instance), `asyncWith` returns `undefined` and the program goes on after
 * it, as after a Python `async with` block.
 *
 * @example
 * ```ts
 * const lock = new asyncio.Lock();
 * function* critical(): asyncio.Coroutine<number> {
 *   return yield* asyncio.asyncWith(lock, function* () {
 *     yield* asyncio.sleep(1);
 *     return 42;
 *   });
 * }
 * ```
 * @module
 */
import type { PyAsyncIterable } from "./asyncgen.ts";
import { StopAsyncIteration, TypeError, pyTypeName as typeName } from "./builtins.ts";
import type { Coroutine } from "./coroutines.ts";

/**
 * How the body of an `async with` ended: null when it completed, else what it threw.
 *
 * @example
 * ```ts
 * const manager: asyncio.AsyncContextManager<void, false> = {
 *   *aenter() {},
 *   *aexit(info: asyncio.ExitInfo) { if (info !== null) console.log("body raised", info.exception); },
 * };
 * ```
 */
export type ExitInfo = { exception: unknown } | null;

/**
 * An async context manager: `aenter()` runs before the body and gives it a value;
 * `aexit(info)` runs after it, and may suppress the body's exception by returning true.
 * `S` is `false` for managers that never suppress.
 *
 * @example
 * ```ts
 * class Connection implements asyncio.AsyncContextManager<Connection, false> {
 *   *aenter(): asyncio.Coroutine<Connection> { yield* asyncio.sleep(0.1); return this; }
 *   *aexit(): asyncio.Coroutine<void> { yield* asyncio.sleep(0); }
 * }
 * yield* asyncio.asyncWith(new Connection(), function* (conn) { console.log(conn); });
 * ```
 */
export interface AsyncContextManager<T, S extends boolean = boolean> {
  aenter(): Coroutine<T>;
  aexit(info: ExitInfo): Coroutine<S | void>;
}

/**
 * `async with manager as value: body` (PEP 492 semantics: `aexit` runs whether the body
 * completes, returns or throws; a true result from `aexit` suppresses the exception).
 *
 * @example
 * ```ts
 * yield* asyncio.asyncWith(semaphore, function* () { yield* work(); });
 * ```
 */
export function* asyncWith<T, R, S extends boolean>(
  manager: AsyncContextManager<T, S>,
  body: (value: T) => Coroutine<R>,
): Coroutine<S extends false ? R : R | undefined> {
  const value = yield* manager.aenter();
  let result: R;
  try {
    result = yield* body(value);
  } catch (exception) {
    if (yield* manager.aexit({ exception })) return undefined as S extends false ? R : R | undefined;
    throw exception;
  }
  yield* manager.aexit(null);
  return result as S extends false ? R : R | undefined;
}

/**
 * An async iterator: `anext()` gives the next item, or `done` at the end (`__anext__`);
 * throwing `StopAsyncIteration` ends it too, as in Python.
 *
 * @example
 * ```ts
 * const countdown: AsyncIteratorLike<number> = {
 *   n: 3,
 *   *anext() { return this.n > 0 ? { value: this.n--, done: false } : { value: undefined, done: true }; },
 * } as AsyncIteratorLike<number> & { n: number };
 * ```
 */
export interface AsyncIteratorLike<T> {
  anext(): Coroutine<IteratorResult<T, undefined>>;
}

/**
 * Returned by an `asyncFor` body to leave the loop (`break`).
 *
 * @example
 * ```ts
 * yield* asyncio.asyncFor(asyncio.asCompleted(tasks), function* (t) {
 *   if ((yield* t) === "enough") return asyncio.BREAK;
 * });
 * ```
 */
export const BREAK: unique symbol = Symbol("break");

/**
 * `async for item in iterable: body`. The body may return {@link BREAK} to stop early
 * (Python's `break`, which leaves an async generator suspended, not closed).
 *
 * Two kinds of iterable: Python's protocol (an object with `aiter()`, such as an async
 * generator made with `asyncGen`: `aiter()` gives an iterator whose `anext()` is an
 * awaitable of the next item, throwing `StopAsyncIteration` at the end), or an
 * {@link AsyncIteratorLike} whose `anext()` gives `{ value, done }` (such as `asCompleted`).
 *
 * @example
 * ```ts
 * yield* asyncio.asyncFor(asyncio.asCompleted(tasks), function* (task) {
 *   console.log(yield* task);
 * });
 * yield* asyncio.asyncFor(ticks(3), function* (n) {
 *   if (n === 1) return asyncio.BREAK;
 * });
 * ```
 */
export function* asyncFor<T>(
  iterable: AsyncIteratorLike<T> | PyAsyncIterable<T>,
  body: (item: T) => Coroutine<void | typeof BREAK>,
): Coroutine<void> {
  if (typeof (iterable as { aiter?: unknown } | null)?.aiter === "function") {
    return yield* pythonAsyncFor(iterable as PyAsyncIterable<T>, body);
  }
  if (typeof (iterable as { anext?: unknown } | null)?.anext !== "function") {
    throw new TypeError(`'async for' requires an object with __aiter__ method, got ${typeName(iterable)}`);
  }
  const iterator = iterable as AsyncIteratorLike<T>;
  for (;;) {
    let next: IteratorResult<T, undefined>;
    try {
      next = yield* iterator.anext();
    } catch (e) {
      if (e instanceof StopAsyncIteration) return;
      throw e;
    }
    if (next.done) return;
    if ((yield* body(next.value)) === BREAK) return;
  }
}

/** `async for` over Python's protocol: `aiter()` once, then `anext()` until `StopAsyncIteration`. */
function* pythonAsyncFor<T>(iterable: PyAsyncIterable<T>, body: (item: T) => Coroutine<void | typeof BREAK>): Coroutine<void> {
  const iterator = iterable.aiter();
  if (typeof (iterator as { anext?: unknown } | null)?.anext !== "function") {
    throw new TypeError(`'async for' received an object from __aiter__ that does not implement __anext__: ${typeName(iterator)}`);
  }
  for (;;) {
    let item: T;
    try {
      item = yield* iterator.anext();
    } catch (e) {
      if (e instanceof StopAsyncIteration) return;
      throw e;
    }
    if ((yield* body(item)) === BREAK) return;
  }
}

