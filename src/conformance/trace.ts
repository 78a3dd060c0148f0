/**
 * The trace's zod schemas: what validates a trace read from a file or a reference worker.
 * The types and the printed form live in `trace_format.ts` (no dependency, so the harness
 * and emitted `repro.ts` files need no zod); the checks at the end of this module make the
 * schemas and those types agree exactly.
 *
 * @example
 * ```ts
 * const parsed = Trace.safeParse(JSON.parse(text));
 * if (parsed.success) console.log(traceLines(parsed.data).join("\n"));
 * ```
 * @module
 */
import { z } from "zod";
import type * as F from "./trace_format.ts";

export { stableJson, traceLines } from "./trace_format.ts";

/** A canonical value: JSON data; exceptions are `{ exc, args }`. */
export type Json = F.Json;
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

// The schemas describe exactly the types of trace_format.ts (a compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [Same<TraceEvent, F.TraceEvent>, Same<Outcome, F.Outcome>, Same<FinalState, F.FinalState>, Same<Trace, F.Trace>] = [
  true,
  true,
  true,
  true,
];
void agree;
