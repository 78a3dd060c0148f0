/**
 * Python's `None` where a program uses an object: what a shared object (ops/shared_objects.ts)
 * is bound to when its construction raised (on 3.7-3.9 `asyncio.Lock()` with no event loop
 * left, after an outside `asyncio.run`). Python binds the name to `None`, and every later
 * use raises: `lk.acquire` an `AttributeError` naming the attribute, `async with lk` the
 * error each release's interpreter gives for a missing `__aenter__`/`__aexit__`.
 *
 * The stand-in is a proxy: reading any method or property that an asyncio primitive or
 * queue has (in its TypeScript spelling) raises the Python error; it prints as `None`.
 * A Condition given it as its lock makes its own lock, as `Condition(None)` does (see
 * {@link lockArgument}).
 *
 * @example
 * ```ts
 * const lk = pythonNone("3.9") as asyncio.Lock;
 * lk.locked(); // throws AttributeError("'NoneType' object has no attribute 'locked'")
 * isPythonNone(lk); // true
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";

const NONE_MARK = Symbol("python None");

/** The attribute names (TypeScript spelling) of every class a shared object can be. */
const ATTRIBUTES: ReadonlySet<string> = new Set(
  [asyncio.Lock, asyncio.Event, asyncio.Condition, asyncio.Semaphore, asyncio.BoundedSemaphore, asyncio.Barrier, asyncio.Queue].flatMap((cls) => {
    const names: string[] = [];
    for (let proto = cls.prototype as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      names.push(...Object.getOwnPropertyNames(proto).filter((n) => !n.startsWith("_") && !(n in Object.prototype)));
    }
    return names;
  }),
);

/** `isSet` -> `is_set`, `nWaiting` -> `n_waiting`. */
const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What `async with None` raises, per release (the first of `__aenter__`/`__aexit__` looked up). */
function asyncWithError(python: PythonVersion): Error {
  const minor = pythonMinor(python);
  if (minor <= 8) return new asyncio.AttributeError("__aexit__");
  if (minor <= 10) return new asyncio.AttributeError("__aenter__");
  const protocol = "'NoneType' object does not support the asynchronous context manager protocol";
  return new asyncio.TypeError(minor >= 14 ? `${protocol} (missed __aexit__ method)` : protocol);
}

/** A stand-in for Python's `None` bound where a primitive or queue was expected (see the module comment). */
export function pythonNone(python: PythonVersion): object {
  const target = { toString: () => "None", [NONE_MARK]: true };
  return new Proxy(target, {
    get(t, key) {
      if (key === "aenter" || key === "aexit") throw asyncWithError(python);
      if (typeof key === "string" && ATTRIBUTES.has(key)) throw new asyncio.AttributeError(`'NoneType' object has no attribute '${snakeCase(key)}'`);
      return Reflect.get(t, key);
    },
  });
}

/** Whether `value` is a {@link pythonNone} stand-in. */
export function isPythonNone(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { [NONE_MARK]?: boolean })[NONE_MARK] === true;
}

/**
 * A Condition's lock argument: `undefined` for a {@link pythonNone} stand-in, since
 * `asyncio.Condition(None)` makes its own lock.
 *
 * @example
 * ```ts
 * new asyncio.Condition(lockArgument(pythonNone("3.9") as asyncio.Lock)); // a Condition with its own Lock
 * ```
 */
export function lockArgument(lock: asyncio.Lock): asyncio.Lock | undefined {
  return isPythonNone(lock) ? undefined : lock;
}
