/**
 * Python's `repr()` and `str()` for the values asyncio prints, so that `toString()` of
 * futures, tasks and handles, and the programs written on this library, print the same
 * text as CPython.
 *
 * Differences from CPython are deliberate and few: object addresses (`at 0x7f...`) and
 * source locations (`at file.py:12`) are never printed, because a JavaScript generator has
 * neither (so where reprlib cuts a repr to 30 characters, it cuts the repr without them,
 * which is what the conformance kit's reference normalises CPython's to); numbers print as Python `int` when integral and as `float` otherwise (use
 * {@link pyFloatRepr} when a value is known to be a float, such as a loop time).
 *
 * @example
 * ```ts
 * pyRepr(["a", 1, null, 0.1 + 0.2]); // "['a', 1, None, 0.30000000000000004]"
 * pyStr("a");                        // "a"
 * ```
 * @module
 */
import { coroutineName, isCoroutine } from "./coroutines.ts";
import { isPlainObject, pyLessThan } from "./operator.ts";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/**
 * Python's `repr(value)`.
 *
 * Objects that define their own `toString()` (futures, tasks, handles, or your classes)
 * print through it, the way a Python class prints through `__repr__`. Arrays print as
 * lists, frozen arrays as tuples.
 *
 * @example
 * ```ts
 * pyRepr("it's");            // `"it's"`
 * pyRepr(Object.freeze([1])); // "(1,)"
 * pyRepr(new Map([["k", 2]])); // "{'k': 2}"
 * ```
 */
export function pyRepr(value: unknown): string {
  return reprValue(value, new Set());
}

/**
 * Python's `str(value)`: strings as they are, everything else as {@link pyRepr}, except
 * exceptions, whose `str()` is their `__str__()` (Python exceptions) or their message.
 *
 * @example
 * ```ts
 * pyStr(new Error("boom")); // "boom"
 * pyStr(null);              // "None"
 * ```
 */
export function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) {
    // Python exceptions print through their `__str__` (a KeyError's key repr, a group's count).
    const str = (value as { __str__?: unknown }).__str__;
    return typeof str === "function" ? String(str.call(value)) : value.message;
  }
  return pyRepr(value);
}

/**
 * Python's `repr()` of a `float`: the shortest digits that round-trip, with `.0` for
 * integral values and Python's exponent format (`1e-05`, `1e+16`).
 *
 * @example
 * ```ts
 * pyFloatRepr(1);     // "1.0"
 * pyFloatRepr(1e-5);  // "1e-05"
 * pyFloatRepr(1e16);  // "1e+16"
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exp < 0 ? "-" : "+";
    return `${sign}${head}e${expSign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart || "0"}`;
}

/**
 * @internal Python's `round(x, ndigits)` of a float (ndigits >= 0): the nearest value with
 * `ndigits` decimals, computed on the exact binary value, ties to even (`round(0.0625, 3)`
 * is `0.062`, where `Math.round(x * 1000) / 1000` gives `0.063`).
 */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0 || Math.abs(x) >= 1e21) return x;
  // toFixed rounds the exact binary value, but an exact tie goes away from zero.
  const text = Math.abs(x).toFixed(ndigits);
  let units = BigInt(text.replace(".", ""));
  if (isExactTie(Math.abs(x), ndigits) && units % 2n === 1n) units -= 1n;
  const digits = units.toString().padStart(ndigits + 1, "0");
  const fixed = ndigits === 0 ? digits : `${digits.slice(0, -ndigits)}.${digits.slice(-ndigits)}`;
  return Math.sign(x) * Number(fixed);
}

/** Whether `x` (positive, finite) lies exactly halfway between two `ndigits`-decimal values. */
function isExactTie(x: number, ndigits: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent = biased - 1075;
  if (biased === 0) exponent = -1074;
  else mantissa |= 1n << 52n;
  if (exponent >= 0) return false; // an integer: never halfway
  // x = mantissa * 2^exponent; a tie when 2 * x * 10^ndigits is an odd integer.
  const scaled = mantissa * 2n * 10n ** BigInt(ndigits);
  const divisor = 1n << BigInt(-exponent);
  return scaled % divisor === 0n && (scaled / divisor) % 2n === 1n;
}

/**
 * Python's `repr()` of a `str`: single quotes unless the text holds a single quote and no
 * double quote; backslash escapes for control characters.
 *
 * @example
 * ```ts
 * pyStrRepr("a\nb"); // "'a\\nb'"
 * ```
 */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code > 0x7f && /[\p{C}\p{Z}]/u.test(ch)) {
      if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, "0")}`;
      else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
      else out += `\\U${code.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

/**
 * `reprlib.repr(value)` with reprlib's default limits (strings of 30 characters, 6 list
 * items, 4 dict entries, other reprs of 30 characters). Future reprs use it for results.
 *
 * @example
 * ```ts
 * reprlibRepr("x".repeat(100)); // "'xxxxxxxxxxxx...xxxxxxxxxxxxx'"
 * reprlibRepr([1, 2, 3, 4, 5, 6, 7]); // "[1, 2, 3, 4, 5, 6, ...]"
 * ```
 */
export function reprlibRepr(value: unknown): string {
  return reprlibLevel(value, 6);
}

function truncateMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const i = Math.max(0, Math.floor((max - 3) / 2));
  const j = Math.max(0, max - 3 - i);
  return s.slice(0, i) + "..." + s.slice(s.length - j);
}

function reprlibLevel(value: unknown, level: number): string {
  if (typeof value === "string") {
    let s = pyStrRepr(value.slice(0, 30));
    if (s.length > 30) {
      const i = Math.max(0, Math.floor((30 - 3) / 2));
      const j = Math.max(0, 30 - 3 - i);
      s = pyStrRepr(value.slice(0, i) + value.slice(value.length - j));
      s = s.slice(0, i) + "..." + s.slice(s.length - j);
    }
    return s;
  }
  if (typeof value === "number" && Number.isInteger(value)) return truncateMiddle(pyRepr(value), 40);
  if (typeof value === "bigint") return truncateMiddle(value.toString(), 40);
  if (Array.isArray(value)) {
    // A frozen array is a tuple, as in pyRepr: reprlib's repr_tuple, with a one-item tuple's comma.
    const [left, right] = Object.isFrozen(value) ? ["(", value.length === 1 ? ",)" : ")"] : ["[", "]"];
    if (value.length === 0) return left + right;
    if (level <= 0) return `${left}...${right.slice(-1)}`;
    const shown = value.slice(0, 6).map((v) => reprlibLevel(v, level - 1));
    if (value.length > 6) shown.push("...");
    return `${left}${shown.join(", ")}${right}`;
  }
  if (value instanceof Set) {
    // repr_set: sorted when Python can order the items, at most 6.
    if (value.size === 0) return "set()";
    if (level <= 0) return "{...}";
    const shown = possiblySorted([...value])
      .slice(0, 6)
      .map((v) => reprlibLevel(v, level - 1));
    if (value.size > 6) shown.push("...");
    return `{${shown.join(", ")}}`;
  }
  if (value instanceof Map) return reprlibDict(value, level);
  if (isPlainObject(value)) return reprlibDict(new Map(Object.entries(value)), level);
  return truncateMiddle(pyRepr(value), 30);
}

/** reprlib's repr_dict: keys sorted when Python can order them, at most 4 pairs. */
function reprlibDict(value: Map<unknown, unknown>, level: number): string {
  if (value.size === 0) return "{}";
  if (level <= 0) return "{...}";
  const shown = possiblySorted([...value.keys()])
    .slice(0, 4)
    .map((k) => `${reprlibLevel(k, level - 1)}: ${reprlibLevel(value.get(k), level - 1)}`);
  if (value.size > 4) shown.push("...");
  return `{${shown.join(", ")}}`;
}

const giveUp = (): never => {
  throw giveUp;
};

/**
 * reprlib's `_possibly_sorted`: sorted with Python's `<` (stable), or as they come when
 * sorting raises (items Python cannot order, or an `__lt__` that throws).
 */
function possiblySorted(items: unknown[]): unknown[] {
  try {
    return [...items].sort((a, b) => (pyLessThan(a, b, giveUp) ? -1 : pyLessThan(b, a, giveUp) ? 1 : 0));
  } catch {
    return items;
  }
}

function hasOwnToString(value: object): boolean {
  const fn = (value as { toString?: unknown }).toString;
  return typeof fn === "function" && fn !== Object.prototype.toString && fn !== Error.prototype.toString;
}

function reprValue(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case "undefined":
      return "None";
    case "boolean":
      return value ? "True" : "False";
    case "number":
      if (Number.isInteger(value) && !Object.is(value, -0)) {
        // String() gives only the shortest round-trip digits beyond 2 ** 53 (2 ** 60 as
        // 1152921504606847000): an int's repr has them all.
        return Math.abs(value) <= Number.MAX_SAFE_INTEGER ? String(value) : BigInt(value).toString();
      }
      return pyFloatRepr(value);
    case "bigint":
      return value.toString();
    case "string":
      return pyStrRepr(value);
    case "symbol":
      return value.toString();
    case "function":
      return `<function ${value.name || "<lambda>"}>`;
    default:
      break;
  }
  if (value === null) return "None";
  const obj = value as object;
  if (seen.has(obj)) return Array.isArray(obj) ? "[...]" : "{...}";
  seen.add(obj);
  try {
    if (isCoroutine(obj) && !hasOwnToString(obj)) return `<coroutine object ${coroutineName(obj)}>`;
    if (obj instanceof Error) {
      const args = (obj as { args?: unknown }).args;
      const shown = Array.isArray(args) ? args : obj.message ? [obj.message] : [];
      return `${obj.name}(${shown.map((a) => reprValue(a, seen)).join(", ")})`;
    }
    if (Array.isArray(obj)) {
      const items = obj.map((v) => reprValue(v, seen));
      // A frozen array stands for a Python tuple (a group's `exceptions`, the group
      // `except*` wraps a naked exception in): `(a,)` with one item.
      if (Object.isFrozen(obj)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
      return `[${items.join(", ")}]`;
    }
    if (obj instanceof Map) {
      return `{${[...obj.entries()].map(([k, v]) => `${reprValue(k, seen)}: ${reprValue(v, seen)}`).join(", ")}}`;
    }
    if (obj instanceof Set) {
      if (obj.size === 0) return "set()";
      return `{${[...obj].map((v) => reprValue(v, seen)).join(", ")}}`;
    }
    if (hasOwnToString(obj)) return String(obj);
    const proto = Object.getPrototypeOf(obj);
    if (proto === Object.prototype || proto === null) {
      return `{${Object.entries(obj)
        .map(([k, v]) => `${pyStrRepr(k)}: ${reprValue(v, seen)}`)
        .join(", ")}}`;
    }
    return `<${proto?.constructor?.name ?? "object"} object>`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * How a callback prints inside a handle or future repr: its name followed by its
 * arguments, as CPython's `_format_callback` prints it without the source location.
 * `showArgs` is false where CPython hides arguments (3.13+ outside debug mode): then
 * `()`. A callback made with {@link partial} prints as `functools.partial` does:
 * `name(<bound arguments>)(<arguments>)`.
 *
 * @example
 * ```ts
 * formatCallback(function wake() {}, [1], true); // "wake(1)"
 * ```
 */
export function formatCallback(fn: unknown, args: readonly unknown[], showArgs: boolean): string {
  const bound = (fn as { [PARTIAL_ARGS]?: readonly unknown[] })[PARTIAL_ARGS];
  const suffix = bound === undefined ? "" : formatArgs(args, showArgs);
  const name =
    (fn as { __qualname__?: string }).__qualname__ ??
    (typeof fn === "function" ? fn.name.replace(/^bound /, "") : "") ??
    "";
  const shown = name || pyRepr(fn);
  return `${shown}${formatArgs(bound ?? args, showArgs)}${suffix}`;
}

function formatArgs(args: readonly unknown[], showArgs: boolean): string {
  return showArgs ? `(${args.map((a) => truncateMiddle(reprlibRepr(a), 1000)).join(", ")})` : "()";
}

const PARTIAL_ARGS = Symbol("asyncio-ts.partialArgs");

/**
 * @internal CPython's `functools.partial(fn, *args)` for a callback whose repr matters:
 * `call` runs it, and reprs print `name(args...)` with the bound arguments, as
 * `_format_callback` prints a partial.
 */
export function partial<F extends object>(call: F, name: string, args: readonly unknown[]): F {
  qualname(call, name);
  (call as { [PARTIAL_ARGS]?: readonly unknown[] })[PARTIAL_ARGS] = args;
  return call;
}

/**
 * Gives a callback the qualified name Python prints for it (its `__qualname__`, such as
 * `main.<locals>.<lambda>` or `Worker.on_done`) and returns the same function. Reprs of
 * handles and futures and the loop's `Exception in callback ...` messages print that
 * name; without it they print the JavaScript function's name, which an arrow function
 * often lacks.
 *
 * A method passed as a callback loses `this` in JavaScript; bind it, and name it as
 * Python names a bound method: `qualname(worker.onDone.bind(worker), "Worker.on_done")`.
 *
 * @example
 * ```ts
 * loop.callSoon(asyncio.qualname(() => { throw new asyncio.ValueError(); }, "main.<locals>.<lambda>"));
 * // the loop reports: Exception in callback main.<locals>.<lambda>()
 * ```
 */
export function qualname<F extends object>(fn: F, name: string): F {
  (fn as { __qualname__?: string }).__qualname__ = name;
  return fn;
}

/** Makes `console.log(obj)` in Node print `obj.toString()` (the Python repr). */
export function installInspect(proto: object): void {
  Object.defineProperty(proto, inspectCustom, {
    value(this: object) {
      return String(this);
    },
    configurable: true,
  });
}
