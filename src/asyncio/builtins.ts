/**
 * Python's built-in exception classes, with Python's names, class relations, `args` and
 * `str()`. The library throws them wherever CPython raises them (a `TypeError` for a
 * non-coroutine given to `Task`, an `IndexError` from an empty deque, ...), and programs
 * translated from Python raise and catch them by the same names.
 *
 * The class tree is CPython 3.11's (`TimeoutError` is an `OSError`, `ExceptionGroup`
 * exists). What differs in older releases is applied where an `except` clause is decided
 * ({@link exceptMatch}, {@link except}, {@link isException}), under the running loop's
 * target: `CancelledError` is an `Exception` on 3.7, and before 3.11 the `TimeoutError`
 * asyncio raises is its own class, not an `OSError` (`e instanceof asyncio.TimeoutError`
 * still holds for it, as `except asyncio.TimeoutError` catches it in every release).
 *
 * `TypeError` shadows JavaScript's global of that name when imported by name;
 * `import * as asyncio` keeps the two apart (`asyncio.TypeError`).
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * try {
 *   throw new asyncio.KeyError("user");
 * } catch (e) {
 *   asyncio.except(e, asyncio.LookupError); // rethrows anything `except LookupError` would not catch
 *   console.log(asyncio.pyStr(e));          // 'user'
 * }
 * ```
 * @module
 */
import { _isDeclaredCoroutine, isCoroutine } from "./coroutines.ts";
import { _targetPython } from "./events.ts";
import { pyRepr, pyStr } from "./format_helpers.ts";
import { isPlainObject } from "./operator.ts";
import { pythonMinor } from "./version.ts";

const NativeTypeError = globalThis.TypeError;

/**
 * Root of the Python exception hierarchy. `args` keeps the constructor arguments, as
 * Python's `BaseException.args` does; `message` (JavaScript's) is Python's `str(exc)`,
 * which `pyStr` prints.
 *
 * @example
 * ```ts
 * const e = new asyncio.ValueError("bad", 3);
 * e.args;    // ["bad", 3]
 * e.message; // "('bad', 3)"
 * ```
 */
export class BaseException extends Error {
  /** The constructor arguments, in order. */
  readonly args!: readonly unknown[];
  /**
   * Python's `__context__`: the exception being handled when this one was raised. The
   * library sets it wherever asyncio's own code raises while handling an exception
   * (`wait_for` and `timeout` turning a cancellation into `TimeoutError`, a task group's
   * errors, the saved cancellation of 3.9–3.10, 3.13's inserted `TimeoutError`); a program
   * sets it with `asyncio.withContext`, since JavaScript has no implicit chaining. `null`
   * when unset.
   */
  contextException: unknown = null;

  constructor(...args: unknown[]) {
    if (stacklessDepth > 0) return stacklessException(new.target, args);
    super(strOfArgs(args));
    this.args = args;
    this.name = new.target.name;
  }

  /**
   * Python's `str(exc)`: `""` without arguments, `str(arg)` for one, the tuple's repr
   * for several.
   *
   * @example
   * ```ts
   * new asyncio.RuntimeError("boom").__str__(); // "boom"
   * ```
   */
  __str__(): string {
    return strOfArgs(this.args);
  }
}

// Errors the loop raises from its own machinery (a cancellation thrown into a task, gather's
// placeholder for a cancelled child) carry no JavaScript stack: it would hold only the
// scheduler's frames. V8's Error constructor costs about 300 ns even with
// `Error.stackTraceLimit = 0`, a third of a cancelled sleep, so such errors are made without
// it: an object with the class's prototype and the fields the constructor sets, whose
// `message` and `stack` come from the accessors below and read as a stackless Error's do.
let stacklessDepth = 0;

function stacklessException(cls: abstract new (...args: never[]) => BaseException, args: unknown[]): BaseException {
  const self = Object.create(cls.prototype as object) as { -readonly [K in keyof BaseException]: BaseException[K] };
  self.args = args;
  self.contextException = null;
  self.name = cls.name;
  return self as BaseException;
}

/**
 * @internal Starts a stretch in which exceptions are made without a stack (see above);
 * pair with `_leaveStackless`. The loop's `_loopError` family goes through it.
 */
export function _enterStackless(): void {
  stacklessDepth++;
}

/** @internal Ends what `_enterStackless` started. */
export function _leaveStackless(): void {
  stacklessDepth--;
}

/** Defines `name` as an own, writable, non-enumerable data property, as Error's own fields are. */
function defineOwn(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
}

// An Error-constructed exception has `message` and `stack` of its own, which hide these; a
// stackless one reads `message` as Python's str() of its args and `stack` as V8's first
// line (`Name: message`, or the name alone when the message is empty).
Object.defineProperties(BaseException.prototype, {
  message: {
    get(this: BaseException): string {
      return strOfArgs(this.args);
    },
    set(this: BaseException, value: unknown) {
      defineOwn(this, "message", value);
    },
    configurable: true,
  },
  stack: {
    get(this: BaseException): string {
      return Error.prototype.toString.call(this);
    },
    set(this: BaseException, value: unknown) {
      defineOwn(this, "stack", value);
    },
    configurable: true,
  },
  // Object.prototype.toString (and so Node's inspect) treats a stackless one as an Error too.
  [Symbol.toStringTag]: { value: "Error", configurable: true },
});

/**
 * Python's `Exception`: the base of ordinary errors, what `except Exception:` catches.
 * `ExceptionGroup`, which Python derives from both `BaseExceptionGroup` and `Exception`,
 * is an `instanceof Exception` too.
 *
 * @example
 * ```ts
 * class AppError extends asyncio.Exception {}
 * ```
 */
export class Exception extends BaseException {
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === Exception && value instanceof ExceptionGroup;
  }
}

/**
 * Python's `GeneratorExit`: a `BaseException`.
 *
 * @example
 * ```ts
 * new asyncio.GeneratorExit() instanceof asyncio.Exception; // false
 * ```
 */
export class GeneratorExit extends BaseException {}

/**
 * Python's `KeyboardInterrupt`: a `BaseException` that the loop lets escape.
 *
 * @example
 * ```ts
 * loop.callSoon(() => { throw new asyncio.KeyboardInterrupt(); }); // ends runForever()
 * ```
 */
export class KeyboardInterrupt extends BaseException {}

/**
 * Python's `SystemExit`: a `BaseException` that the loop lets escape.
 *
 * @example
 * ```ts
 * throw new asyncio.SystemExit(2);
 * ```
 */
export class SystemExit extends BaseException {}

/**
 * Python's `ArithmeticError`.
 *
 * @example
 * ```ts
 * new asyncio.ZeroDivisionError() instanceof asyncio.ArithmeticError; // true
 * ```
 */
export class ArithmeticError extends Exception {}

/**
 * Python's `ZeroDivisionError`. JavaScript's `1 / 0` is `Infinity`; a translated
 * `x / y` that must fail as Python's does throws it explicitly.
 *
 * @example
 * ```ts
 * if (y === 0) throw new asyncio.ZeroDivisionError("division by zero");
 * ```
 */
export class ZeroDivisionError extends ArithmeticError {}

/**
 * Python's `OverflowError`.
 *
 * @example
 * ```ts
 * throw new asyncio.OverflowError("timestamp out of range");
 * ```
 */
export class OverflowError extends ArithmeticError {}

/**
 * Python's `AssertionError`, what a failed `assert` raises.
 *
 * @example
 * ```ts
 * if (!(count > 0)) throw new asyncio.AssertionError();
 * ```
 */
export class AssertionError extends Exception {}

/**
 * Python's `AttributeError`.
 *
 * @example
 * ```ts
 * throw new asyncio.AttributeError("'Job' object has no attribute 'stop'");
 * ```
 */
export class AttributeError extends Exception {}

/**
 * Python's `EOFError`.
 *
 * @example
 * ```ts
 * throw new asyncio.EOFError();
 * ```
 */
export class EOFError extends Exception {}

/**
 * Python's `LookupError`: the base of `KeyError` and `IndexError`.
 *
 * @example
 * ```ts
 * asyncio.exceptMatch(new asyncio.KeyError("k"), asyncio.LookupError); // true
 * ```
 */
export class LookupError extends Exception {}

/**
 * Python's `IndexError`.
 *
 * @example
 * ```ts
 * throw new asyncio.IndexError("pop from an empty deque");
 * ```
 */
export class IndexError extends LookupError {}

/**
 * Python's `KeyError`; as in Python, `str()` of a one-argument `KeyError` is the key's
 * repr.
 *
 * @example
 * ```ts
 * asyncio.pyStr(new asyncio.KeyError("user")); // "'user'"
 * ```
 */
export class KeyError extends LookupError {
  constructor(...args: unknown[]) {
    super(...args);
    this.message = this.__str__();
  }

  override __str__(): string {
    return this.args.length === 1 ? pyRepr(this.args[0]) : super.__str__();
  }
}

/**
 * Python's `NameError`.
 *
 * @example
 * ```ts
 * throw new asyncio.NameError("name 'x' is not defined");
 * ```
 */
export class NameError extends Exception {}

/**
 * Python's `OSError`: the base of the I/O errors and, from Python 3.11, of the
 * `TimeoutError` asyncio raises.
 *
 * @example
 * ```ts
 * throw new asyncio.OSError("getaddrinfo() returned empty list");
 * ```
 */
export class OSError extends Exception {}

/**
 * Python's `ConnectionError`.
 *
 * @example
 * ```ts
 * throw new asyncio.ConnectionError("Connection closed by peer");
 * ```
 */
export class ConnectionError extends OSError {}

/**
 * Python's `BrokenPipeError`.
 *
 * @example
 * ```ts
 * new asyncio.BrokenPipeError() instanceof asyncio.ConnectionError; // true
 * ```
 */
export class BrokenPipeError extends ConnectionError {}

/**
 * Python's `ConnectionAbortedError`.
 *
 * @example
 * ```ts
 * new asyncio.ConnectionAbortedError() instanceof asyncio.OSError; // true
 * ```
 */
export class ConnectionAbortedError extends ConnectionError {}

/**
 * Python's `ConnectionRefusedError`.
 *
 * @example
 * ```ts
 * throw new asyncio.ConnectionRefusedError(111, "Connection refused");
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {}

/**
 * Python's `ConnectionResetError`.
 *
 * @example
 * ```ts
 * throw new asyncio.ConnectionResetError();
 * ```
 */
export class ConnectionResetError extends ConnectionError {}

/**
 * Python's `FileNotFoundError`.
 *
 * @example
 * ```ts
 * throw new asyncio.FileNotFoundError(2, "No such file or directory");
 * ```
 */
export class FileNotFoundError extends OSError {}

/**
 * Python's `PermissionError`.
 *
 * @example
 * ```ts
 * throw new asyncio.PermissionError(13, "Permission denied");
 * ```
 */
export class PermissionError extends OSError {}

/** Marks the `TimeoutError` that asyncio raised before 3.11 (a class of its own then). */
const ASYNCIO_TIMEOUT = Symbol("asyncio.TimeoutError before 3.11");

/**
 * Python's built-in `TimeoutError` (an `OSError`), which is also `asyncio.TimeoutError`
 * from Python 3.11 on. Before 3.11 asyncio raised a class of its own (an `Exception`, not
 * an `OSError`); the library throws that one under those targets, and `instanceof
 * asyncio.TimeoutError` is true for both, as `except asyncio.TimeoutError:` catches it in
 * every release.
 *
 * @example
 * ```ts
 * try {
 *   yield* asyncio.waitFor(slow(), 1);
 * } catch (e) {
 *   if (!(e instanceof asyncio.TimeoutError)) throw e;
 * }
 * ```
 */
export class TimeoutError extends OSError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === TimeoutError && typeof value === "object" && value !== null && ASYNCIO_TIMEOUT in value;
  }
}

/**
 * @internal `asyncio.TimeoutError` of Python 3.7 to 3.10: an `Exception` that is not an
 * `OSError`. Its name is `TimeoutError`, as `type(e).__name__` is in those releases.
 */
export class _AsyncioTimeoutError extends Exception {
  readonly [ASYNCIO_TIMEOUT] = true;
  constructor(...args: unknown[]) {
    super(...args);
    this.name = "TimeoutError";
  }
}

/**
 * Python's `RuntimeError`.
 *
 * @example
 * ```ts
 * throw new asyncio.RuntimeError("Event loop is closed");
 * ```
 */
export class RuntimeError extends Exception {}

/**
 * Python's `NotImplementedError`.
 *
 * @example
 * ```ts
 * class Base { run(): void { throw new asyncio.NotImplementedError(); } }
 * ```
 */
export class NotImplementedError extends RuntimeError {}

/**
 * Python's `RecursionError`.
 *
 * @example
 * ```ts
 * new asyncio.RecursionError() instanceof asyncio.RuntimeError; // true
 * ```
 */
export class RecursionError extends RuntimeError {}

/**
 * Python's `StopIteration`.
 *
 * @example
 * ```ts
 * throw new asyncio.StopIteration(42); // a generator's return value rides in args[0]
 * ```
 */
export class StopIteration extends Exception {}

/**
 * Python's `StopAsyncIteration`: an async iterator's `anext()` may throw it to end the
 * iteration, as `__anext__` does; `asyncFor` then stops as `async for` does.
 *
 * @example
 * ```ts
 * const ticks = { n: 0, *anext(): asyncio.Coroutine<IteratorResult<number, undefined>> {
 *   if (this.n === 3) throw new asyncio.StopAsyncIteration();
 *   return { value: this.n++, done: false };
 * } };
 * ```
 */
export class StopAsyncIteration extends Exception {}

/**
 * Python's `TypeError`. The library throws it where CPython raises `TypeError`; JavaScript's
 * own `TypeError` (from the engine) is a different class, which {@link exceptMatch} and
 * {@link except} also treat as a Python `TypeError`.
 *
 * @example
 * ```ts
 * try { new asyncio.Task(42 as never); } catch (e) { e instanceof asyncio.TypeError; } // true
 * ```
 */
export class TypeError extends Exception {}

/**
 * Python's `ValueError`.
 *
 * @example
 * ```ts
 * throw new asyncio.ValueError("Semaphore initial value must be >= 0");
 * ```
 */
export class ValueError extends Exception {}

/**
 * Python's `UnicodeError`.
 *
 * @example
 * ```ts
 * new asyncio.UnicodeError() instanceof asyncio.ValueError; // true
 * ```
 */
export class UnicodeError extends ValueError {}

// ---------------------------------------------------------------------------------------
// Exception groups (Python 3.11+)

/**
 * What `split` and `subgroup` accept: a class, several classes, or a predicate.
 *
 * @example
 * ```ts
 * const isTimeout: asyncio.ExceptionGroupCondition = [asyncio.TimeoutError, asyncio.CancelledError];
 * group.split(isTimeout);
 * ```
 */
export type ExceptionGroupCondition =
  | (abstract new (...args: never[]) => unknown)
  | readonly (abstract new (...args: never[]) => unknown)[]
  | ((exception: unknown) => boolean);

/** Python's `isinstance(e, Exception)` for a group member (3.11+, where ExceptionGroup exists). */
function isOrdinary(e: unknown): boolean {
  return !(e instanceof BaseException) || e instanceof Exception;
}

function isExceptionClass(value: unknown): value is abstract new (...args: never[]) => unknown {
  return typeof value === "function" && (value === Error || value.prototype instanceof Error);
}

/** The condition as a predicate; Python's TypeError for anything else. */
function predicateOf(condition: ExceptionGroupCondition): (e: unknown) => boolean {
  if (isExceptionClass(condition)) return (e) => e instanceof condition;
  if (Array.isArray(condition) && condition.every(isExceptionClass)) {
    return (e) => condition.some((cls) => e instanceof cls);
  }
  if (typeof condition === "function" && !isExceptionClass(condition)) {
    // Python tests the predicate's result for truth: an empty list or tuple does not match.
    const predicate = condition as (e: unknown) => unknown;
    return (e) => !_pyFalsy(predicate(e));
  }
  throw new TypeError(
    pythonMinor(_targetPython()) >= 13
      ? "expected an exception type, a tuple of exception types, or a callable (other than a class)"
      : "expected a function, exception type or tuple of exception types",
  );
}

/**
 * Python's `BaseExceptionGroup` (3.11+): several exceptions raised together, as a
 * TaskGroup raises its children's errors. As in Python, constructing one whose
 * exceptions are all ordinary gives an {@link ExceptionGroup}. `args` is
 * `[message, exceptions]`, `message` is the message (Python's `e.message`), and
 * `pyStr(e)` is `"message (N sub-exceptions)"`.
 *
 * @example
 * ```ts
 * const group = new asyncio.BaseExceptionGroup("errors", [new asyncio.ValueError(1)]);
 * group instanceof asyncio.ExceptionGroup; // true
 * group.exceptions;                        // [ValueError(1)]
 * group.message;                           // "errors"
 * ```
 */
export class BaseExceptionGroup extends BaseException {
  /** The grouped exceptions (Python's `exceptions` tuple): a frozen copy. */
  declare readonly exceptions: readonly unknown[];

  constructor(message: string, exceptions: readonly unknown[]) {
    if (typeof message !== "string") {
      throw new TypeError(`BaseExceptionGroup.__new__() argument 1 must be str, not ${pyTypeName(message)}`);
    }
    if (!Array.isArray(exceptions)) throw new TypeError("second argument (exceptions) must be a sequence");
    if (exceptions.length === 0) throw new ValueError("second argument (exceptions) must be a non-empty sequence");
    exceptions.forEach((e, i) => {
      // JavaScript can throw any value; only None is certainly not an exception.
      if (e === undefined || e === null) throw new ValueError(`Item ${i} of second argument (exceptions) is not an exception`);
    });
    const ordinary = exceptions.every(isOrdinary);
    if (new.target === ExceptionGroup && !ordinary) throw new TypeError("Cannot nest BaseExceptions in an ExceptionGroup");
    if (new.target === BaseExceptionGroup && ordinary) {
      // Python's BaseExceptionGroup.__new__ makes an ExceptionGroup in this case.
      return new ExceptionGroup(message, exceptions);
    }
    super(message, exceptions);
    this.exceptions = Object.freeze([...exceptions]);
    // The stack's first line shows Python's str(); `message` is Python's `e.message`.
    this.message = this.__str__();
    void this.stack;
    this.message = message;
  }

  override __str__(): string {
    const n = this.exceptions.length;
    return `${this.args[0] as string} (${n} sub-exception${n === 1 ? "" : "s"})`;
  }

  /**
   * `BaseExceptionGroup(message, exceptions)` as Python evaluates it (kept for callers of
   * earlier versions; the constructor does the same).
   *
   * @example
   * ```ts
   * asyncio.BaseExceptionGroup.of("unhandled errors in a TaskGroup", errors);
   * ```
   */
  static of(message: string, exceptions: readonly unknown[]): BaseExceptionGroup {
    return new BaseExceptionGroup(message, exceptions);
  }

  /**
   * A group like this one with other exceptions (Python's `derive`): what `split` and
   * `subgroup` build their results with. Override it in a subclass to keep the subclass,
   * as in Python; the default gives a `BaseExceptionGroup` (an `ExceptionGroup` when all
   * are ordinary) with this group's message.
   *
   * @example
   * ```ts
   * group.derive([new asyncio.KeyError("k")]); // ExceptionGroup('errors', [KeyError('k')])
   * ```
   */
  derive(exceptions: readonly unknown[]): BaseExceptionGroup {
    return new BaseExceptionGroup(this.message, exceptions);
  }

  /**
   * The exceptions that match `condition`, with the group structure kept, and the rest:
   * `[match, rest]`, each a group or null (Python's `split`). `condition` is an exception
   * class, an array of classes, or a predicate, tested on this group, then on each nested
   * group and leaf.
   *
   * @example
   * ```ts
   * const [timeouts, others] = group.split(asyncio.TimeoutError);
   * ```
   */
  split(condition: ExceptionGroupCondition): [BaseExceptionGroup | null, BaseExceptionGroup | null] {
    const [match, rest] = this._split(predicateOf(condition), true);
    return [match as BaseExceptionGroup | null, rest as BaseExceptionGroup | null];
  }

  /**
   * The exceptions that match `condition`, with the group structure kept, or null when
   * none does (Python's `subgroup`).
   *
   * @example
   * ```ts
   * group.subgroup((e) => e instanceof asyncio.ValueError);
   * ```
   */
  subgroup(condition: ExceptionGroupCondition): BaseExceptionGroup | null {
    return this._split(predicateOf(condition), false)[0] as BaseExceptionGroup | null;
  }

  /** CPython's `exceptiongroup_split_recursive`. */
  private _split(matches: (e: unknown) => boolean, withRest: boolean): [unknown, unknown] {
    if (matches(this)) return [this, null];
    const matched: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof BaseExceptionGroup) {
        const [m, r] = e._split(matches, withRest);
        if (m !== null) matched.push(m);
        if (r !== null) rest.push(r);
      } else if (matches(e)) matched.push(e);
      else if (withRest) rest.push(e);
    }
    return [matched.length > 0 ? this._derived(matched) : null, withRest && rest.length > 0 ? this._derived(rest) : null];
  }

  /** `derive` plus the metadata Python copies: traceback, cause and context. */
  private _derived(exceptions: unknown[]): BaseExceptionGroup {
    const group = this.derive(exceptions);
    if (this.stack !== undefined) group.stack = this.stack;
    if (this.cause !== undefined) group.cause = this.cause;
    group.contextException = this.contextException;
    return group;
  }
}

/**
 * Python's `ExceptionGroup` (3.11+): a group of ordinary exceptions, itself ordinary
 * (`except Exception:` catches it). Nesting a `BaseException` such as a cancellation is a
 * `TypeError`.
 *
 * @example
 * ```ts
 * new asyncio.ExceptionGroup("two failures", [new asyncio.ValueError("a"), new asyncio.RuntimeError("b")]);
 * ```
 */
export class ExceptionGroup extends BaseExceptionGroup {
  constructor(message: string, exceptions: readonly unknown[]) {
    super(message, exceptions);
  }
}

// ---------------------------------------------------------------------------------------
// str() of exception arguments

/**
 * Python's `type(value).__name__` for the values a message names, with JavaScript values
 * standing for Python's: an array is a `list`, a Map or an object literal a `dict`, a Set
 * a `set`, a bigint an `int`. A generator object is a `coroutine` when its function was
 * declared with `asyncDef`, else a `generator`.
 */
export function pyTypeName(value: unknown): string {
  if (value === undefined || value === null) return "NoneType";
  if (isCoroutine(value)) return _isDeclaredCoroutine(value) ? "coroutine" : "generator";
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
    default:
      break;
  }
  if (Array.isArray(value)) return "list";
  if (value instanceof Map) return "dict";
  if (value instanceof Set) return "set";
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return "dict";
  const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "object";
}

/** Python's `str(exc)` for an exception built with `args`. */
function strOfArgs(args: readonly unknown[]): string {
  if (args.length === 0) return "";
  if (args.length === 1) return pyStr(args[0]);
  return `(${args.map((a) => pyRepr(a)).join(", ")})`;
}

/** @internal JavaScript's own TypeError, which `except TypeError` also catches. */
export function _isNativeTypeError(value: unknown): boolean {
  return value instanceof NativeTypeError;
}

/**
 * @internal Python's `iter(value)` check for an argument that must be iterable: the
 * value itself, or a `TypeError` saying `'int' object is not iterable` as CPython does.
 */
export function _pyIterable<T>(value: unknown): Iterable<T> {
  if (value === undefined || value === null || typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    throw new TypeError(`'${pyTypeName(value)}' object is not iterable`);
  }
  return value as Iterable<T>;
}

/**
 * @internal Python's `not value` (asyncio's `if not fs:`, `Condition.wait_for`'s
 * predicate): None, zero, false, empty strings and empty collections (object literals
 * as dicts too) are false;
 * everything else (`NaN` too, as a Python float) is true.
 */
export function _pyFalsy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === 0n || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Set || value instanceof Map) return value.size === 0;
  // An object literal plays a dict: empty, it is false.
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * @internal The `TypeError` of Python's `value < 0` (or `<=`) when `value` is not a
 * number: `'<' not supported between instances of 'NoneType' and 'int'`.
 */
export function _notComparable(op: "<" | "<=", value: unknown): TypeError {
  return new TypeError(`'${op}' not supported between instances of '${pyTypeName(value)}' and 'int'`);
}
