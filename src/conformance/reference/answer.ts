/**
 * A reference worker's answer line, validated: the zod schema of a response, and a check
 * by hand of the common answer (an ok trace, no coverage) that accepts exactly what the
 * schema accepts, without zod's copy of every event.
 *
 * @example
 * ```ts
 * const parsed: unknown = JSON.parse(line);
 * const answer = plainOkAnswer(parsed) ?? Response.safeParse(parsed);
 * ```
 * @module
 */
import { z } from "zod";
import { CoverageLinesSchema } from "../coverage/lines.ts";
import { Trace } from "../trace.ts";

/**
 * The schema of an answer line: a trace, or why the program failed.
 *
 * @example
 * ```ts
 * Response.safeParse({ id: 1, ok: false, error: "SyntaxError", python: "3.11.7" }).success; // true
 * ```
 */
export const Response = z.discriminatedUnion("ok", [
  z.object({
    id: z.number().int(),
    ok: z.literal(true),
    trace: Trace,
    python: z.string(),
    seconds: z.number(),
    coverage: CoverageLinesSchema.optional(),
  }),
  z.object({ id: z.number().int().nullable(), ok: z.literal(false), error: z.string(), python: z.string() }),
]);

/** JSON data as the trace's `Json` schema accepts it (objects with a `__proto__` key are left to zod). */
function isJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || depth > 64) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isJson(item, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype || Object.hasOwn(value, "__proto__")) return false;
  for (const key in value) if (!isJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/** Whether `value` has exactly these own keys (`optional` ones may be missing). */
function hasKeys(value: object, required: readonly string[], optional: readonly string[] = []): boolean {
  let count = 0;
  for (const key in value) {
    if (required.includes(key) || optional.includes(key)) count++;
    else return false;
  }
  return count >= required.length && required.every((key) => Object.hasOwn(value, key));
}

const OUTCOMES_WITH_VALUE = new Set(["returned", "raised"]);
const OUTCOMES_WITHOUT_VALUE = new Set(["cancelled", "deadlock", "budget"]);

/**
 * The common answer, checked by hand: an ok response without coverage whose trace the
 * `Trace` schema accepts as it is. Anything else (or anything this is not sure of) goes
 * through zod, which also words the error; the answers it passes are exactly those zod
 * passes, without zod's copy of every event (a third of the main thread's CPU per program).
 *
 * @example
 * ```ts
 * plainOkAnswer(JSON.parse(line))?.trace.outcome; // { kind: "returned", value: null }, or null: ask zod
 * ```
 */
export function plainOkAnswer(parsed: unknown): { trace: Trace; python: string; seconds: number } | null {
  const r = parsed as { ok?: unknown; id?: unknown; trace?: unknown; python?: unknown; seconds?: unknown; coverage?: unknown };
  if (r.ok !== true || "coverage" in r || !Number.isSafeInteger(r.id) || typeof r.python !== "string") return null;
  if (typeof r.seconds !== "number" || !Number.isFinite(r.seconds)) return null;
  const trace = r.trace as Trace;
  if (typeof trace !== "object" || trace === null || Array.isArray(trace) || !hasKeys(trace, ["events", "outcome", "final", "iterations"])) return null;
  if (!Number.isSafeInteger(trace.iterations) || trace.iterations < 0) return null;
  if (!Array.isArray(trace.events) || !Array.isArray(trace.final)) return null;
  for (const e of trace.events) {
    if (typeof e !== "object" || e === null || Array.isArray(e) || !hasKeys(e, ["t", "task", "what"], ["value"])) return null;
    if (typeof e.t !== "number" || !Number.isFinite(e.t) || typeof e.what !== "string" || (e.task !== null && typeof e.task !== "string")) return null;
    if ("value" in e && !isJson(e.value)) return null;
  }
  const outcome = trace.outcome as { kind?: unknown; value?: unknown };
  if (typeof outcome !== "object" || outcome === null || Array.isArray(outcome) || typeof outcome.kind !== "string") return null;
  if (OUTCOMES_WITH_VALUE.has(outcome.kind)) {
    if (!hasKeys(outcome, ["kind", "value"]) || !isJson(outcome.value)) return null;
  } else if (!OUTCOMES_WITHOUT_VALUE.has(outcome.kind) || !hasKeys(outcome, ["kind"])) return null;
  for (const f of trace.final) {
    if (typeof f !== "object" || f === null || Array.isArray(f) || !hasKeys(f, ["name", "state"])) return null;
    if (typeof f.name !== "string" || !isJson(f.state)) return null;
  }
  return { trace, python: r.python, seconds: r.seconds };
}

