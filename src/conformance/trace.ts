/**
 * The trace: what a program observably did, recorded the same way on our loop
 * (harness.ts) and on CPython (python-reference/asyncio_ts_harness.py). Equal traces mean
 * conformance.
 *
 * @example
 * ```ts
 * const trace: Trace = {
 *   events: [{ t: 0, task: "main", what: "log hello" }],
 *   outcome: { kind: "returned", value: null },
 *   final: [],
 *   iterations: 2,
 * };
 * ```
 * @module
 */
import { z } from "zod";
import { pyFloatRepr } from "../asyncio/format_helpers.ts";

/** A canonical value: JSON data; exceptions are `{ exc, args }`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export const Json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(Json), z.record(z.string(), Json)]),
);

/** One observation: loop time, acting task (its program name; null in a callback), what, and a value. */
export const TraceEvent = z.strictObject({
  t: z.number(),
  task: z.string().nullable(),
  what: z.string(),
  value: Json.optional(),
});
export type TraceEvent = z.infer<typeof TraceEvent>;

/** How `main` ended. */
export const Outcome = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("returned"), value: Json }),
  z.strictObject({ kind: z.literal("raised"), value: Json }),
  z.strictObject({ kind: z.literal("cancelled") }),
  z.strictObject({ kind: z.literal("deadlock") }),
  z.strictObject({ kind: z.literal("budget") }),
]);
export type Outcome = z.infer<typeof Outcome>;

/** The state of every task and future the program made, in creation order, when main ended. */
export const FinalState = z.strictObject({ name: z.string(), state: Json });
export type FinalState = z.infer<typeof FinalState>;

export const Trace = z.strictObject({
  events: z.array(TraceEvent),
  outcome: Outcome,
  final: z.array(FinalState),
  /** Loop iterations the program took (not compared: a diagnostic). */
  iterations: z.number().int().nonnegative(),
});
export type Trace = z.infer<typeof Trace>;

/** The lines a standalone repro prints: each event, then the outcome, then the final states. */
export function traceLines(trace: Trace): string[] {
  return [
    ...trace.events.map((e) => stableJson(e)),
    stableJson({ outcome: trace.outcome }),
    stableJson({ final: trace.final }),
  ];
}

/**
 * JSON as Python's `json.dumps(value, sort_keys=True)` prints it, so both languages print
 * identical lines. Event times (`t`) are Python floats (`1.0`, not `1`); every other
 * number in a trace is an int.
 */
export function stableJson(value: unknown, key = ""): string {
  if (typeof value === "number") return key === "t" ? pyFloatRepr(value) : JSON.stringify(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v)).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${stableJson(v, k)}`).join(", ")}}`;
}
