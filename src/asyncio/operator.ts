/**
 * Python's `==` and `<` (the `operator` module's `eq` and `lt`) on the values programs
 * give asyncio: a PriorityQueue's items, and the dict keys and set items reprlib sorts.
 * Numbers, bigints and booleans compare numerically, strings by code point, arrays (lists
 * and tuples) element-wise, object literals and Maps as dicts, Sets by membership (`<`:
 * a proper subset), and
 * objects through their own `__eq__`/`__lt__`/`__gt__` methods. This module imports
 * nothing, so that any other may use it.
 *
 * @example
 * ```ts
 * const refuse = (): never => { throw new Error("unorderable"); };
 * pyLessThan([1, "b"], [1, "c"], refuse); // true
 * pyLessThan(1, "a", refuse);             // throws: Python raises TypeError
 * ```
 * @module
 */

/** @internal An object literal (or `Object.create(null)`), which plays a Python `dict`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNumeric(value: unknown): value is number | bigint | boolean {
  const t = typeof value;
  return t === "number" || t === "bigint" || t === "boolean";
}

type RichComparable = Record<"__lt__" | "__gt__" | "__eq__", ((other: unknown) => unknown) | undefined>;

function method(value: unknown, name: "__lt__" | "__gt__" | "__eq__"): ((other: unknown) => unknown) | null {
  if (typeof value !== "object" || value === null) return null;
  const fn = (value as Partial<RichComparable>)[name];
  return typeof fn === "function" ? fn : null;
}

/** A UTF-16 code unit remapped so that code-unit order is code-point order. */
function codePointOrder(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Python's `str < str`: lexicographic by code point (JavaScript's `<` compares UTF-16 units). */
function strLessThan(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) < codePointOrder(y);
  }
  return a.length < b.length;
}

/**
 * @internal Python's `a == b`: numbers by value, arrays element-wise, object literals and Maps as
 * dicts (same keys, equal values), Sets by membership, objects with an `__eq__` method
 * through it, anything else by identity.
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (isNumeric(a) && isNumeric(b)) return a == b; // Python's int/float/bool equality
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEquals(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!Object.hasOwn(b, k) || !pyEquals(a[k], b[k])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !pyEquals(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  const eqA = method(a, "__eq__");
  if (eqA !== null) return Boolean(eqA.call(a, b));
  const eqB = method(b, "__eq__");
  if (eqB !== null) return Boolean(eqB.call(b, a));
  return false;
}

/**
 * @internal Python's `a < b`. Where Python raises TypeError (`'<' not supported between
 * instances of ...`), calls `unorderable` with the pair that could not be ordered (the
 * innermost one, inside arrays), which throws: CPython's TypeError for a PriorityQueue,
 * a signal to give up ordering for reprlib. Arrays compare element-wise: the first pair
 * that is not `==` decides, else the shorter is smaller.
 */
export function pyLessThan(a: unknown, b: unknown, unorderable: (a: unknown, b: unknown) => never): boolean {
  if (isNumeric(a) && isNumeric(b)) return a < b;
  if (typeof a === "string" && typeof b === "string") return strLessThan(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(a[i], b[i])) return pyLessThan(a[i], b[i], unorderable);
    }
    return a.length < b.length;
  }
  if (a instanceof Set && b instanceof Set) {
    // A proper subset.
    if (a.size >= b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  const lt = method(a, "__lt__");
  if (lt !== null) return Boolean(lt.call(a, b));
  const gt = method(b, "__gt__");
  if (gt !== null) return Boolean(gt.call(b, a));
  return unorderable(a, b);
}
