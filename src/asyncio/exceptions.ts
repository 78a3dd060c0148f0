/**
 * Port of CPython's `asyncio/exceptions.py` (`CancelledError`, `InvalidStateError`,
 * `TimeoutError`, `BrokenBarrierError`), and the way a TypeScript program writes Python's
 * `except` clauses.
 *
 * Python separates `BaseException` (cancellation, interpreter exits) from `Exception`
 * (ordinary errors); `except Exception:` does not catch a cancellation from 3.8 on.
 * JavaScript's `catch` catches everything, so a `catch` block says which exceptions it
 * handles and rethrows the rest: {@link except} does that in one line, with the rules of
 * the running loop's Python target; {@link attempt} gives `try`/`except`/`else`. Any
 * JavaScript value that is not a Python exception class (a plain `Error`, a string)
 * counts as an ordinary exception, the way Python treats its built-in errors.
 *
 * @example
 * ```ts
 * try {
 *   yield* asyncio.sleep(1);
 * } catch (e) {
 *   asyncio.except(e, asyncio.Exception); // `except Exception:` (lets CancelledError through)
 *   log("failed", e);
 * }
 * ```
 * @module
 */
import {
  _AsyncioTimeoutError,
  _isNativeTypeError,
  BaseException,
  Exception,
  RuntimeError,
  TimeoutError,
  TypeError,
} from "./builtins.ts";
import type { Coroutine, Yielded } from "./coroutines.ts";
import { _targetPython } from "./events.ts";
import { pythonMinor, type PythonVersion } from "./version.ts";

export * from "./builtins.ts";

/**
 * `asyncio.CancelledError`: raised into a task's coroutine when the task is cancelled.
 * A `BaseException`, not an `Exception` (since Python 3.8; on 3.7 it was an `Exception`,
 * which {@link isException}, {@link exceptMatch} and {@link except} take into account).
 *
 * @example
 * ```ts
 * try { yield* fut; } catch (e) { if (e instanceof asyncio.CancelledError) cleanup(); throw e; }
 * ```
 */
export class CancelledError extends BaseException {}

/**
 * `asyncio.InvalidStateError`: an operation that the future's state does not allow, such
 * as `setResult` on a finished future.
 *
 * @example
 * ```ts
 * fut.setResult(1);
 * fut.setResult(2); // throws InvalidStateError('invalid state')
 * ```
 */
export class InvalidStateError extends Exception {}

/**
 * @internal The `TimeoutError` asyncio raises under a target: the built-in one from 3.11,
 * asyncio's own class before. `raise TimeoutError() from cause` (CPython's `wait_for` and
 * `Timeout.__aexit__`) sets the cause only when given.
 */
export function _timeoutError(minor: number, cause?: unknown): TimeoutError {
  const error = minor >= 11 ? new TimeoutError() : (new _AsyncioTimeoutError() as unknown as TimeoutError);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/**
 * `asyncio.BrokenBarrierError` (Python 3.11+): a barrier was reset or aborted while
 * tasks waited on it.
 *
 * @example
 * ```ts
 * try { yield* barrier.wait(); } catch (e) { if (e instanceof asyncio.BrokenBarrierError) retry(); }
 * ```
 */
export class BrokenBarrierError extends RuntimeError {}

/**
 * True when `error` is a cancellation.
 *
 * @example
 * ```ts
 * asyncio.isCancelledError(new asyncio.CancelledError("stop")); // true
 * ```
 */
export function isCancelledError(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}

/**
 * @internal Whether an exception's type is `CancelledError` as `Timeout.__aexit__` and
 * `TaskGroup.__aexit__` test it: 3.11–3.12 compare types with `is`, 3.13+ use
 * `issubclass`.
 */
export function _isCancelledType(exc: unknown, minor: number): boolean {
  return minor >= 13 ? exc instanceof CancelledError : (exc as object | null)?.constructor === CancelledError;
}

/**
 * True when Python's `except Exception:` would catch `error`: everything except
 * `BaseException` subclasses outside `Exception` (cancellation, `KeyboardInterrupt`,
 * `SystemExit`, `GeneratorExit`). On 3.7 `CancelledError` is an ordinary exception. The
 * target is `python` when given, else the running loop's, else the default target
 * ({@link setDefaultPython}).
 *
 * @example
 * ```ts
 * asyncio.isException(new asyncio.ValueError("x"));         // true
 * asyncio.isException(new asyncio.CancelledError());        // false (true inside a 3.7 loop)
 * asyncio.isException(new asyncio.CancelledError(), "3.7"); // true
 * ```
 */
export function isException(error: unknown, python?: PythonVersion): boolean {
  if (error instanceof CancelledError) return pythonMinor(python ?? _targetPython()) < 8;
  if (error instanceof BaseException) return error instanceof Exception;
  return true;
}

/**
 * A Python exception class, or any class a JavaScript program throws instances of.
 *
 * @example
 * ```ts
 * const retryable: asyncio.ExceptionClass[] = [asyncio.ConnectionError, asyncio.TimeoutError];
 * if (asyncio.exceptMatch(e, ...retryable)) retry();
 * ```
 */
export type ExceptionClass = abstract new (...args: never[]) => unknown;

/**
 * The instance type of one of several exception classes.
 *
 * @example
 * ```ts
 * type E = asyncio.InstanceOf<[typeof asyncio.KeyError, typeof asyncio.IndexError]>; // KeyError | IndexError
 * ```
 */
export type InstanceOf<C extends readonly ExceptionClass[]> = InstanceType<C[number]>;

/**
 * True when `except classes:` would catch `error` under the running loop's target (else
 * the default target): `instanceof` one of the classes, with Python's rules where they differ from
 * the class tree: `Exception` follows {@link isException} (3.7's cancellation included),
 * `BaseException` catches everything, before 3.11 asyncio's `TimeoutError` is not an
 * `OSError`, and JavaScript's own `TypeError` counts as Python's.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (asyncio.exceptMatch(e, asyncio.KeyError, asyncio.IndexError)) return fallback;
 *   else if (asyncio.exceptMatch(e, asyncio.ValueError)) return null;
 *   throw e;
 * }
 * ```
 */
export function exceptMatch<C extends readonly ExceptionClass[]>(error: unknown, ...classes: C): error is InstanceOf<C> {
  return classes.some((cls) => matchesOne(error, cls));
}

function matchesOne(error: unknown, cls: ExceptionClass): boolean {
  if (cls === BaseException) return true;
  if (cls === Exception) return isException(error);
  if (cls === TypeError && _isNativeTypeError(error)) return true;
  // The class tree does the rest: before 3.11 the TimeoutError asyncio raises is an
  // Exception and (through TimeoutError's instanceof) a TimeoutError, never an OSError.
  return error instanceof cls;
}

/**
 * Python's `except classes:` as one line at the top of a `catch` block: rethrows
 * `error` unless the clause would catch it ({@link exceptMatch}), and narrows its type
 * for the rest of the block.
 *
 * @example
 * ```ts
 * // try: await fetch(url)  except (KeyError, IndexError) as err: log(err)
 * try {
 *   yield* fetch(url);
 * } catch (err) {
 *   asyncio.except(err, asyncio.KeyError, asyncio.IndexError);
 *   log(err.args);
 * }
 * ```
 */
export function except<C extends readonly ExceptionClass[]>(error: unknown, ...classes: C): asserts error is InstanceOf<C> {
  if (!exceptMatch(error, ...classes)) throw error;
}

/**
 * What {@link attempt} gives: the body's value, or the exception an `except` caught.
 *
 * @example
 * ```ts
 * const r: asyncio.Attempt<number, asyncio.KeyError> = yield* asyncio.attempt(lookup(), asyncio.KeyError);
 * if (r.ok) use(r.value); else console.log("missing", r.error.args[0]);
 * ```
 */
export type Attempt<T, E> = { ok: true; value: T; error?: undefined } | { ok: false; value?: undefined; error: E };

/**
 * Python's `try`/`except`/`else` for a coroutine body: runs `body` (an awaitable, or a
 * function returning a coroutine) and returns `{ ok: true, value }`, or `{ ok: false,
 * error }` when it raised something `except classes:` catches; anything else propagates.
 * Code after the call plays `else` and `except` without a flag; a `finally` stays
 * JavaScript's.
 *
 * @example
 * ```ts
 * // try: v = await lookup(k)
 * // except KeyError: v = default
 * // else: cache[k] = v
 * const r = yield* asyncio.attempt(lookup(k), asyncio.KeyError);
 * let v: string;
 * if (r.ok) { v = r.value; cache.set(k, v); } // else:
 * else v = fallback;                          // except KeyError:
 * ```
 */
export function* attempt<T, C extends readonly ExceptionClass[]>(
  body: { [Symbol.iterator](): Iterator<Yielded, T, unknown> } | (() => Coroutine<T>),
  ...classes: C
): Coroutine<Attempt<T, InstanceOf<C>>> {
  try {
    const awaitable = typeof body === "function" ? body() : body;
    const value = (yield* awaitable as unknown as Generator<Yielded, T, unknown>) as T;
    return { ok: true, value };
  } catch (error) {
    except(error, ...classes);
    return { ok: false, error };
  }
}
