/**
 * Python's exception classes that asyncio raises, with CPython's class relations.
 *
 * Python separates `BaseException` (cancellation, interpreter exits) from `Exception`
 * (ordinary errors); `except Exception:` does not catch a cancellation from 3.8 on.
 * JavaScript's `catch` catches everything, so TypeScript code tells them apart with
 * {@link isCancelledError} or with {@link isException}, which answers "would
 * `except Exception` catch this under the loop's Python target?". Any JavaScript value that
 * is not one of these classes (a plain `Error`, a `TypeError`, a string) counts as an
 * ordinary exception, the way Python treats its built-in errors.
 *
 * @example
 * ```ts
 * try {
 *   yield* asyncio.sleep(1);
 * } catch (e) {
 *   if (!asyncio.isException(e)) throw e; // let CancelledError through, as `except Exception` does
 *   log("failed", e);
 * }
 * ```
 * @module
 */
import { pythonMinor, type PythonVersion } from "./version.ts";

/**
 * Root of the Python exception hierarchy. `args` keeps the constructor arguments, as
 * Python's `BaseException.args` does; `message` is Python's `str(exc)`.
 *
 * @example
 * ```ts
 * const e = new ValueError("bad", 3);
 * e.args;    // ["bad", 3]
 * e.message; // "('bad', 3)"
 * ```
 */
export class BaseException extends Error {
  /** The constructor arguments, in order. */
  readonly args: readonly unknown[];
  /**
   * Python's `__context__`: the exception being handled when this one was raised, where
   * asyncio sets it explicitly (the saved cancellation of 3.9 and 3.10). `null` when unset.
   */
  contextException: unknown = null;

  constructor(...args: unknown[]) {
    super(strOfArgs(args));
    this.args = args;
    this.name = new.target.name;
  }
}

/** Python's `Exception`: the base of ordinary errors. */
export class Exception extends BaseException {}

/** Python's `RuntimeError`. */
export class RuntimeError extends Exception {}

/** Python's `ValueError`. */
export class ValueError extends Exception {}

/** Python's `KeyboardInterrupt`: a `BaseException` that the loop lets escape. */
export class KeyboardInterrupt extends BaseException {}

/** Python's `SystemExit`: a `BaseException` that the loop lets escape. */
export class SystemExit extends BaseException {}

/**
 * `asyncio.CancelledError`: raised into a task's coroutine when the task is cancelled.
 * A `BaseException`, not an `Exception` (since Python 3.8; on 3.7 it was an `Exception`,
 * which {@link isException} takes into account).
 *
 * @example
 * ```ts
 * try { yield* fut; } catch (e) { if (e instanceof CancelledError) cleanup(); throw e; }
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
 * `asyncio.TimeoutError` (the built-in `TimeoutError` from Python 3.11 on).
 *
 * @example
 * ```ts
 * throw new TimeoutError();
 * ```
 */
export class TimeoutError extends Exception {}

/**
 * @internal `raise TimeoutError() from cause` (CPython's `wait_for` and
 * `Timeout.__aexit__`): the cause is set only when given.
 */
export function _timeoutError(cause?: unknown): TimeoutError {
  const error = new TimeoutError();
  if (cause !== undefined) error.cause = cause;
  return error;
}

/**
 * `asyncio.BrokenBarrierError` (Python 3.11+): a barrier was reset or aborted while
 * tasks waited on it.
 *
 * @example
 * ```ts
 * try { yield* barrier.wait(); } catch (e) { if (e instanceof BrokenBarrierError) retry(); }
 * ```
 */
export class BrokenBarrierError extends RuntimeError {}

/**
 * Python's `BaseExceptionGroup` (3.11+): several exceptions raised together, as a
 * TaskGroup raises its children's errors. Constructing one whose exceptions are all
 * ordinary gives an {@link ExceptionGroup}, as in Python. `args` is `[message, exceptions]`.
 *
 * @example
 * ```ts
 * const group = BaseExceptionGroup.of("unhandled errors in a TaskGroup", [new ValueError(1)]);
 * group instanceof ExceptionGroup; // true
 * group.exceptions;                // [ValueError(1)]
 * ```
 */
export class BaseExceptionGroup extends BaseException {
  /** The grouped exceptions. */
  readonly exceptions: readonly unknown[];

  constructor(message: string, exceptions: readonly unknown[]) {
    if (exceptions.length === 0) throw new ValueError("second argument (exceptions) must be a non-empty sequence");
    super(message, [...exceptions]);
    this.exceptions = [...exceptions];
    this.message = `${message} (${exceptions.length} sub-exception${exceptions.length === 1 ? "" : "s"})`;
  }

  /**
   * `BaseExceptionGroup(message, exceptions)` as Python evaluates it: an
   * `ExceptionGroup` when every exception is ordinary, else a `BaseExceptionGroup`.
   */
  static of(message: string, exceptions: readonly unknown[]): BaseExceptionGroup {
    return exceptions.every((e) => isException(e))
      ? new ExceptionGroup(message, exceptions)
      : new BaseExceptionGroup(message, exceptions);
  }
}

/**
 * Python's `ExceptionGroup` (3.11+): a group of ordinary exceptions, itself ordinary
 * (`isException` is true for it, as `except Exception` catches it in Python).
 *
 * @example
 * ```ts
 * new ExceptionGroup("two failures", [new ValueError("a"), new RuntimeError("b")]);
 * ```
 */
export class ExceptionGroup extends BaseExceptionGroup {
  constructor(message: string, exceptions: readonly unknown[]) {
    if (!exceptions.every((e) => isException(e))) throw new TypeError("Cannot nest BaseExceptions in an ExceptionGroup");
    super(message, exceptions);
  }
}

/**
 * True when `error` is a cancellation.
 *
 * @example
 * ```ts
 * isCancelledError(new CancelledError("stop")); // true
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
 * True when Python's `except Exception:` would catch `error` under the given target:
 * everything except `BaseException` subclasses outside `Exception` (cancellation,
 * `KeyboardInterrupt`, `SystemExit`). On 3.7 `CancelledError` is an ordinary exception.
 *
 * @example
 * ```ts
 * isException(new ValueError("x"));           // true
 * isException(new CancelledError());          // false
 * isException(new CancelledError(), "3.7");   // true
 * ```
 */
export function isException(error: unknown, python?: PythonVersion): boolean {
  if (error instanceof CancelledError) return python !== undefined && pythonMinor(python) < 8;
  if (error instanceof ExceptionGroup) return true;
  if (error instanceof BaseException) return error instanceof Exception;
  return true;
}

/** Python's `str(exc)` for an exception built with `args`. */
function strOfArgs(args: readonly unknown[]): string {
  if (args.length === 0) return "";
  if (args.length === 1) {
    const only = args[0];
    return typeof only === "string" ? only : String(only);
  }
  return `(${args.map((a) => (typeof a === "string" ? `'${a}'` : String(a))).join(", ")})`;
}
