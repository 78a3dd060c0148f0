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
import { keepConstructorsFast } from "./fast_constructors.ts";
import {
  _AsyncioTimeoutError,
  _isNativeTypeError,
  BaseException,
  BaseExceptionGroup,
  Exception,
  ExceptionGroup,
  OSError,
  RuntimeError,
  TimeoutError,
  TypeError,
} from "./builtins.ts";
import { _delegateSteps, type Coroutine, type Yielded } from "./coroutines.ts";
import { _targetPython } from "./events.ts";
import { FeatureUnavailableError, pythonMinor, type PythonVersion } from "./version.ts";

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
 * `Timeout.__aexit__`) happens while `cause` is being handled, so it is the context too;
 * without a cause the context is what the caller handles ({@link _raise}).
 */
export function _timeoutError(minor: number, cause?: unknown): TimeoutError {
  const error = minor >= 11 ? new TimeoutError() : (new _AsyncioTimeoutError() as unknown as TimeoutError);
  if (cause === undefined) return _raise(error);
  error.cause = cause;
  return withContext(error, cause);
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
  // Before 3.11 `except asyncio.TimeoutError:` names asyncio's own class, which the
  // built-in TimeoutError (an OSError) is not.
  if (cls === TimeoutError && error instanceof OSError && pythonMinor(_targetPython()) < 11) return false;
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

// ---------------------------------------------------------------------------------------
// Implicit exception context (`__context__`)

/** @internal What the kit installs: the exception Python would be handling where the library raises now. */
type HandledProvider = () => unknown;
let handledProvider: HandledProvider | null = null;

/**
 * @internal Installs (or, with null, removes) the provider of Python's "exception being
 * handled" (`sys.exc_info()`) that {@link _raise} consults. The conformance kit installs
 * one while it runs a program whose trace records exception contexts; the library itself
 * has no notion of the program's `except` blocks.
 */
export function _setHandledProvider(provider: HandledProvider | null): HandledProvider | null {
  const previous = handledProvider;
  handledProvider = provider;
  return previous;
}

/**
 * Python's implicit chaining for `raise exc` while `handled` is being handled (inside its
 * `except` or `finally` block): sets `exc.contextException` (`__context__`) to `handled`,
 * first breaking any chain through `handled`'s contexts that would lead back to `exc`, as
 * CPython does. Nothing changes when `handled` is null or `exc` itself. Returns `exc`, so
 * that `throw asyncio.withContext(new X(), e)` is `raise X()` inside `except ... as e:`.
 *
 * @example
 * ```ts
 * try {
 *   yield* fetch(url);
 * } catch (e) {
 *   throw asyncio.withContext(new asyncio.RuntimeError("fetch failed"), e); // raise RuntimeError(...) in except
 * }
 * ```
 */
export function withContext<E>(exc: E, handled: unknown): E {
  if (!(exc instanceof BaseException) || handled === null || handled === undefined || handled === exc) return exc;
  // CPython's _PyErr_SetObject: cut a cycle through the new exception, stop at an old cycle.
  const seen = new Set<unknown>();
  for (let o: unknown = handled; o instanceof BaseException && o.contextException !== null; ) {
    const context: unknown = o.contextException;
    if (context === exc) {
      o.contextException = null;
      break;
    }
    if (seen.has(context)) break;
    seen.add(context);
    o = context;
  }
  exc.contextException = handled;
  return exc;
}

/** Exceptions asyncio's own code is handling while it calls something that may raise (innermost last). */
const libraryHandled: unknown[] = [];

/**
 * @internal Where CPython raises into the calling frame (a future's `result()`, an
 * `InvalidStateError`, ...): chains `exc` to the exception being handled there, asyncio's
 * own ({@link _handlingIn}) or, when the kit says which one, the program's. Returns `exc`
 * for `throw _raise(exc)`.
 */
export function _raise<E>(exc: E): E {
  if (libraryHandled.length > 0) return withContext(exc, libraryHandled[libraryHandled.length - 1]);
  return handledProvider === null ? exc : withContext(exc, handledProvider());
}

/**
 * @internal Runs `body` as asyncio code inside `except ... as handled:` does (CPython's
 * `except CancelledError: return fut.result()` in `wait_for`): what it raises through
 * {@link _raise} is chained to `handled`.
 */
export function _handlingIn<T>(handled: unknown, body: () => T): T {
  libraryHandled.push(handled);
  try {
    return body();
  } finally {
    libraryHandled.pop();
  }
}

/**
 * @internal `await aw` in asyncio's own code inside `except ... as handled:` (or a
 * `finally` with `handled` in flight), driven step by step:
 *
 * - while a step that resumed it normally runs below it, what raises through
 *   {@link _raise} is chained to `handled`, as {@link _handlingIn} does;
 * - from Python 3.9, what comes out of a step that threw into it (a task's cancellation)
 *   is chained to `handled` too: CPython chains an exception thrown into a coroutine to the
 *   one its frame handles at the `await` (`_PyErr_ChainStackItem` in `gen_send_ex`).
 *
 * A step that throws in does not make `handled` visible below: CPython does not link the
 * suspended frames a throw passes through.
 */
export function _awaitHandling<T>(handled: unknown, minor: number, aw: Coroutine<T>): Coroutine<T> {
  return _delegateSteps(aw, (resume, thrown) => {
    if (!thrown) return _handlingIn(handled, resume);
    try {
      return resume();
    } catch (error) {
      if (minor >= 9) withContext(error, handled);
      throw error;
    }
  });
}

// ---------------------------------------------------------------------------------------
// The class hierarchy of each release

/** Classes whose base before 3.8 was `concurrent.futures.Error` (an Exception). */
function futuresErrorBefore38(cls: unknown): boolean {
  return cls === CancelledError || cls === InvalidStateError || cls === _AsyncioTimeoutError;
}

/**
 * Python's `[c.__name__ for c in type(error).__mro__]` without `object`, under the target
 * (`python`, else the running loop's, else the default): the class relations each release
 * has. On 3.7 asyncio's `CancelledError`, `InvalidStateError` and `TimeoutError` derive
 * from `concurrent.futures`' `Error`; from 3.8 `CancelledError` is a `BaseException`;
 * before 3.11 the `TimeoutError` asyncio raises is not an `OSError`; `ExceptionGroup` is
 * also an `Exception`. A JavaScript error counts as the Python error of its name.
 *
 * @example
 * ```ts
 * asyncio.pyMro(new asyncio.CancelledError(), "3.7"); // ["CancelledError", "Error", "Exception", "BaseException"]
 * asyncio.pyMro(new asyncio.ExceptionGroup("m", [new asyncio.ValueError()]));
 * // ["ExceptionGroup", "BaseExceptionGroup", "Exception", "BaseException"]
 * ```
 */
export function pyMro(error: unknown, python?: PythonVersion): string[] {
  const minor = pythonMinor(python ?? _targetPython());
  if (!(error instanceof BaseException)) {
    const name = error instanceof Error ? error.name : "BaseException";
    return name === "BaseException" ? [name] : [name, "Exception", "BaseException"];
  }
  const names: string[] = [];
  for (let proto: unknown = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const cls = (proto as { constructor: { name: string } }).constructor;
    if (cls === Error || cls === Object) break;
    names.push(cls === _AsyncioTimeoutError ? "TimeoutError" : cls.name);
    if (minor < 8 && futuresErrorBefore38(cls)) {
      names.push("Error", "Exception", "BaseException");
      break;
    }
    if (cls === BaseExceptionGroup && error instanceof ExceptionGroup) names.push("Exception");
  }
  return names;
}

// ---------------------------------------------------------------------------------------
// except* (Python 3.11+)

/**
 * One `except*` clause for {@link exceptStar}: the class (or classes) it names, and its
 * handler, which receives the matching part of the group. A handler may not return a
 * value, as an `except*` block may not `return`; it may throw, and throwing the group it
 * was given is a bare `raise`.
 *
 * @example
 * ```ts
 * const clause: asyncio.ExceptStarClause = [asyncio.ValueError, function* (eg) { console.log(eg.exceptions); }];
 * ```
 */
export type ExceptStarClause = readonly [
  ExceptionClass | readonly ExceptionClass[],
  (group: BaseExceptionGroup) => Coroutine<void> | void,
];

function starClasses(condition: ExceptStarClause[0]): readonly ExceptionClass[] {
  const classes = Array.isArray(condition) ? (condition as readonly ExceptionClass[]) : [condition as ExceptionClass];
  for (const cls of classes) {
    if (typeof cls !== "function" || (cls !== Error && !(cls.prototype instanceof Error))) {
      throw new TypeError("catching classes that do not inherit from BaseException is not allowed");
    }
    if (cls === BaseExceptionGroup || cls.prototype instanceof BaseExceptionGroup) {
      throw new TypeError("catching ExceptionGroup with except* is not allowed. Use except instead.");
    }
  }
  return classes;
}

/** CPython's `exception_group_match`: the part of `exc` an `except*` clause takes, and the rest. */
function starMatch(exc: unknown, classes: readonly ExceptionClass[]): [BaseExceptionGroup | null, unknown] {
  const matches = (e: unknown): boolean => classes.some((cls) => matchesOne(e, cls));
  if (matches(exc)) {
    // A naked exception is wrapped in a group with no message, built from a tuple.
    return [exc instanceof BaseExceptionGroup ? exc : new BaseExceptionGroup("", Object.freeze([exc])), null];
  }
  if (exc instanceof BaseExceptionGroup) return exc.split(matches);
  return [null, exc];
}

/** The leaf exceptions of a group, at any depth. */
function leaves(group: BaseExceptionGroup, into: Set<unknown>): Set<unknown> {
  for (const e of group.exceptions) {
    if (e instanceof BaseExceptionGroup) leaves(e, into);
    else into.add(e);
  }
  return into;
}

/**
 * CPython's `is_same_exception_metadata`: whether `e` counts as the original exception
 * raised again. The original itself does; so does a part split from it (a clause's match
 * re-raised bare, or what no clause caught) as long as its context and cause are still
 * the original's. A part split off before the original's context changed (a handler that
 * raised the original object again, chaining it to the clause's match) no longer is, and
 * is thrown as a new exception. Tracebacks, which CPython compares too, are not modelled.
 */
function isReraise(e: unknown, orig: BaseExceptionGroup, origLeaves: Set<unknown>): boolean {
  if (e === orig) return true;
  if (!(e instanceof BaseExceptionGroup)) return false;
  if (e.contextException !== orig.contextException || e.cause !== orig.cause) return false;
  // In place of the traceback: a group made anew (not split from the original) is new.
  for (const leaf of leaves(e, new Set())) if (!origLeaves.has(leaf)) return false;
  return true;
}

/**
 * CPython's `_PyExc_PrepReraiseStar`: what an `except*` statement raises at its end, from
 * the original exception and, in order, what each handler raised and what no clause
 * caught. What is raised again (see {@link isReraise}) keeps its exceptions where they
 * were in the original group; exceptions raised anew come first, with that group last,
 * in a new `ExceptionGroup("")`.
 */
function prepReraiseStar(orig: unknown, outcomes: unknown[]): unknown {
  if (outcomes.length === 0) return null;
  if (!(orig instanceof BaseExceptionGroup)) return outcomes[0];
  const origLeaves = leaves(orig, new Set());
  const reraise = outcomes.map((e) => isReraise(e, orig, origLeaves));
  const raised = outcomes.filter((_, i) => !reraise[i]);
  const kept = new Set<unknown>();
  outcomes.forEach((e, i) => (reraise[i] ? leaves(e as BaseExceptionGroup, kept) : undefined));
  const reraised = kept.size === 0 ? null : orig.subgroup((e) => !(e instanceof BaseExceptionGroup) && kept.has(e));
  if (raised.length === 0) return reraised;
  if (reraised !== null) raised.push(reraised);
  return raised.length > 1 ? new BaseExceptionGroup("", raised) : raised[0];
}

/**
 * Python's `except*` clauses (3.11+) over what a `try` body threw: each clause in order
 * takes the exceptions of the (remaining) group that match its classes, with the group
 * structure kept (a lone exception is first wrapped in a group with an empty message), and
 * runs its handler on them; at the end, what no clause caught and what the handlers
 * raised are thrown together, as CPython combines them. Returns normally when nothing is
 * left. Throws `FeatureUnavailableError` under targets before 3.11.
 *
 * @example
 * ```ts
 * // try: async with asyncio.TaskGroup() as tg: ...
 * // except* ValueError as eg: log(eg.exceptions)
 * // except* (KeyError, IndexError): pass
 * try {
 *   yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) { tg.createTask(work()); });
 * } catch (e) {
 *   yield* asyncio.exceptStar(e,
 *     [asyncio.ValueError, function* (eg) { log(eg.exceptions); }],
 *     [[asyncio.KeyError, asyncio.IndexError], function* () {}],
 *   );
 * }
 * ```
 */
export function* exceptStar(error: unknown, ...clauses: ExceptStarClause[]): Coroutine<void> {
  const target = _targetPython();
  if (pythonMinor(target) < 11) throw new FeatureUnavailableError("except*", "3.11", target);
  let rest: unknown = error;
  const outcomes: unknown[] = [];
  for (const [condition, handler] of clauses) {
    const classes = starClasses(condition);
    if (rest === null) continue;
    const [match, remaining] = starMatch(rest, classes);
    rest = remaining;
    if (match === null) continue;
    try {
      const body: unknown = handler(match);
      // A generator handler runs as a coroutine; a plain function has already run.
      if (typeof (body as Iterable<unknown> | null | undefined)?.[Symbol.iterator] === "function") {
        yield* body as Generator<Yielded, void, unknown>;
      }
    } catch (raised) {
      outcomes.push(raised);
    }
  }
  if (rest !== null) outcomes.push(rest);
  const result = prepReraiseStar(error, outcomes);
  if (result !== null) throw result;
}

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(CancelledError, InvalidStateError, BrokenBarrierError);
