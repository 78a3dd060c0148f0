/**
 * The trace's types and its printed form, with no dependency: what the harness (and so
 * every emitted `repro.ts`) needs at run time. The zod schemas that validate traces read
 * from files and workers are in `trace.ts`, which checks that they describe exactly these
 * types.
 *
 * @example
 * ```ts
 * const trace: Trace = {
 *   events: [{ t: 0, task: "main", what: "log hello" }],
 *   outcome: { kind: "returned", value: null },
 *   final: [],
 *   iterations: 2,
 * };
 * traceLines(trace); // ['{"t": 0.0, "task": "main", "what": "log hello"}', ...]
 * ```
 * @module
 */
import { pyFloatRepr } from "../asyncio/format_helpers.ts";

/**
 * A canonical value: JSON data; exceptions are `{ exc, args }`.
 *
 * @example
 * ```ts
 * const value: Json = { exc: "ValueError", args: ["bad"] };
 * ```
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One observation: loop time, acting task (its program name; null in a callback), what,
 * and a value.
 *
 * @example
 * ```ts
 * const event: TraceEvent = { t: 1.5, task: "t1", what: "slept 1.5" };
 * ```
 */
export interface TraceEvent {
  t: number;
  task: string | null;
  what: string;
  value?: Json | undefined;
}

/**
 * How `main` ended.
 *
 * @example
 * ```ts
 * const outcome: Outcome = { kind: "raised", value: { exc: "ValueError", args: [] } };
 * ```
 */
export type Outcome =
  | { kind: "returned"; value: Json }
  | { kind: "raised"; value: Json }
  | { kind: "cancelled" }
  | { kind: "deadlock" }
  | { kind: "budget" };

/**
 * The state of a task or future the program made, when main ended.
 *
 * @example
 * ```ts
 * const state: FinalState = { name: "t1", state: "cancelled" };
 * ```
 */
export interface FinalState {
  name: string;
  state: Json;
}

/**
 * A program's trace: its events, how main ended, the final state of every task and future
 * it made (in creation order), and how many loop iterations it took (a diagnostic, not
 * compared).
 *
 * @example
 * ```ts
 * const empty: Trace = { events: [], outcome: { kind: "returned", value: null }, final: [], iterations: 1 };
 * ```
 */
export interface Trace {
  events: TraceEvent[];
  outcome: Outcome;
  final: FinalState[];
  iterations: number;
}

/**
 * The lines a standalone repro prints: each event, then the outcome, then the final
 * states.
 *
 * @example
 * ```ts
 * for (const line of traceLines(trace)) console.log(line);
 * ```
 */
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
 *
 * @example
 * ```ts
 * stableJson({ t: 1, b: [1, 2], a: "x" }); // '{"a": "x", "b": [1, 2], "t": 1.0}'
 * ```
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
