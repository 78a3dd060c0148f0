/**
 * The zod building blocks of the program IR that every operation's schema uses: names,
 * literal values, delays, references. Operations receive them as a {@link SchemaKit} (see
 * ops/op.ts), so that no operation module imports the schema that is built from them.
 *
 * @example
 * ```ts
 * Identifier.parse("t1"); // "t1"
 * Delay.parse("inf"); // "inf": a delay of float('inf')
 * delaySeconds("nan"); // NaN
 * delaySeconds("-0"); // -0
 * ```
 * @module
 */
import { z } from "zod";
import { MAX_PARAMETERS } from "../ops/params.ts";

const RESERVED = new Set(
  (
    "and as assert async await break case catch class const continue debugger def default del delete do elif else " +
    "enum except export extends false finally for from function global if import in instanceof is lambda let " +
    "match new nonlocal not null or pass raise return super switch this throw true try typeof var void while " +
    "with yield none asyncio trace main loop value values done pending e i range print"
  ).split(" "),
);

/** A variable or coroutine name: a lower-case identifier, valid in Python and TypeScript. */
export const Identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,30}$/, "must be a lower-case identifier (a-z, 0-9, _), at most 31 characters")
  .refine((s) => !RESERVED.has(s), "must not be a Python or TypeScript keyword or a name the harness uses")
  .refine((s) => !s.endsWith("_body"), "must not end in _body (the emitters name inline coroutines so)");

/** A program-defined exception class name, e.g. `AlphaError`. */
export const ExceptionName = z
  .string()
  .regex(/^[A-Z][A-Za-z0-9]{0,30}Error$/, "must be a capitalised class name ending in Error");

/** The spellings of the delays JSON cannot hold: `float('inf')`, `float('-inf')`, `float('nan')`. */
export const NON_FINITE_DELAYS = ["inf", "-inf", "nan"] as const;

/**
 * The spelling of `-0.0`, which JSON writes as `0` (a Timeout at `timeout_at(-0.0)` prints
 * `when=-0.0`, one at `timeout_at(0.0)` prints `when=0.0`).
 */
export const NEGATIVE_ZERO_DELAY = "-0";

/**
 * A delay, timeout or loop time in seconds: any finite number (a negative one lies in
 * the past), or one of {@link NON_FINITE_DELAYS} or {@link NEGATIVE_ZERO_DELAY}, which JSON
 * has no numbers for. The emitters write them as `float('inf')` and `Infinity`, `-0.0`
 * and `-0`, and so on.
 */
export const Delay = z
  .union([z.number(), z.enum([...NON_FINITE_DELAYS, NEGATIVE_ZERO_DELAY])])
  .meta({ id: "Delay", description: 'Seconds: a finite number, or "inf", "-inf", "nan" or "-0" (-0.0).' });
export type Delay = number | (typeof NON_FINITE_DELAYS)[number] | typeof NEGATIVE_ZERO_DELAY;

/**
 * The number a {@link Delay} stands for.
 *
 * @example
 * ```ts
 * delaySeconds(0.5); // 0.5
 * delaySeconds("-inf"); // -Infinity
 * ```
 */
export function delaySeconds(d: Delay): number {
  if (typeof d === "number") return d;
  if (d === NEGATIVE_ZERO_DELAY) return -0;
  return d === "inf" ? Infinity : d === "-inf" ? -Infinity : NaN;
}

/**
 * A {@link Delay} for a number: the number itself when finite, else its spelling.
 *
 * @example
 * ```ts
 * delayOfSeconds(Infinity); // "inf"
 * ```
 */
export function delayOfSeconds(seconds: number): Delay {
  if (Object.is(seconds, -0)) return NEGATIVE_ZERO_DELAY;
  if (Number.isFinite(seconds)) return seconds;
  return Number.isNaN(seconds) ? "nan" : seconds > 0 ? "inf" : "-inf";
}

/** A literal scalar: an integer or a short string. */
const Scalar = z
  .union([z.number().int().min(-1_000_000).max(1_000_000), z.string().max(40).regex(/^[\x20-\x7e]*$/, "must be printable ASCII")])
  .meta({ id: "Scalar", description: "An integer, or a string of at most 40 printable ASCII characters." });

/**
 * A literal value: an integer, a short string, or a short list of them (a Python `list`,
 * a JavaScript array: both compare element-wise, which is what a PriorityQueue's
 * `(priority, name)` items need; a list of an int and a str that meet at one position
 * makes CPython's `<` raise TypeError).
 */
export const Value = z
  .union([Scalar, z.array(Scalar).min(1).max(3)])
  .meta({ id: "Value", description: "A scalar, or a list of one to three scalars (a Python list, a JavaScript array)." });
export type Value = z.infer<typeof Value>;

/** The arguments of a call or spawn of a named coroutine: bound names, one per parameter. */
export const Arguments = z.array(Identifier).max(MAX_PARAMETERS);

/**
 * Something a statement can await: a bound task or future, or a call of a named coroutine
 * (with `args` when it takes parameters).
 */
export const Awaitable = z.union([
  z.strictObject({ task: Identifier }),
  z.strictObject({ future: Identifier }),
  z.strictObject({ call: Identifier, args: Arguments.optional() }),
]);

export type Awaitable = z.infer<typeof Awaitable>;

/** A task or future bound earlier. */
export const FutureRef = z.union([z.strictObject({ task: Identifier }), z.strictObject({ future: Identifier })]);
export type FutureRef = z.infer<typeof FutureRef>;

/** What an exception handler catches. */
export const Catch = z.union([ExceptionName, z.enum(["CancelledError", "TimeoutError", "Exception", "BaseException"])]);
export type Catch = z.infer<typeof Catch>;

/** A callback label. */
export const Label = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "must be a lower-case label");

/** A short printable text. */
export const Text = z.string().max(60).regex(/^[\x20-\x7e]*$/, "must be printable ASCII");

/** The schema of one statement kind: a strict object whose `op` is a literal. */
export type StmtSchema = z.ZodObject;

/** What an operation's `schema` receives. */
export interface SchemaKit {
  z: typeof z;
  Identifier: typeof Identifier;
  ExceptionName: typeof ExceptionName;
  Delay: typeof Delay;
  Value: typeof Value;
  Arguments: typeof Arguments;
  Awaitable: typeof Awaitable;
  FutureRef: typeof FutureRef;
  Catch: typeof Catch;
  Label: typeof Label;
  Text: typeof Text;
  /** A list of statements (lazy: the statement schema is built from every operation). */
  body(): z.ZodType<unknown[]>;
  /** The fields of a task to create (`bind`, `target`): a spawn, or a task group or as_completed child. */
  spawn: { bind: typeof Identifier; target: z.ZodType<unknown> };
}
