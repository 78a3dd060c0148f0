/**
 * Exact comparison of two traces, and a side-by-side view of the first divergence: a few
 * agreeing events for context, then both sides from the first difference on.
 *
 * @example
 * ```ts
 * const divergence = diffTraces(pythonTrace, ourTrace);
 * if (divergence) console.log(formatDivergence(divergence));
 * ```
 * @module
 */
import { pyFloatRepr } from "../asyncio/format_helpers.ts";
import { traceLines, type Trace } from "./trace.ts";

/** Where two traces first differ. */
export interface Divergence {
  /** Index of the first differing line (events first, then the outcome, then the final states). */
  index: number;
  /** Which part of the trace differs first. */
  section: "events" | "outcome" | "final";
  /** Up to `context` agreeing lines before the divergence. */
  context: string[];
  /** CPython's lines from the divergence on (at most `after`). */
  python: string[];
  /** Our lines from the divergence on (at most `after`). */
  ours: string[];
  /**
   * The shape of the first divergent line on both sides, without times, values and
   * program names, so that the same bug found in different programs gets the same key.
   */
  key: string;
}

/** Options of {@link diffTraces}. */
export interface DiffOptions {
  /** Agreeing lines shown before the divergence (default 4). */
  context?: number;
  /** Lines shown from the divergence on, per side (default 12). */
  after?: number;
}

/** The shape of a trace line for divergence keys: what happened, not when or to whom. */
function shape(line: string | undefined): string {
  if (line === undefined) return "<end>";
  try {
    const parsed = JSON.parse(line) as { what?: string; outcome?: { kind: string }; final?: unknown };
    if (parsed.outcome) return `outcome:${parsed.outcome.kind}`;
    if (parsed.final) return "final";
    return (parsed.what ?? "?").replace(/\b(t|f|cb|m|c|v)\d+\b/g, "$1#").replace(/\d+(\.\d+)?/g, "#");
  } catch {
    return "?";
  }
}

/**
 * The first difference between CPython's trace and ours, or null when they are equal.
 *
 * @example
 * ```ts
 * diffTraces(a, a); // null
 * ```
 */
export function diffTraces(python: Trace, ours: Trace, options: DiffOptions = {}): Divergence | null {
  if (tracesEqual(python, ours)) return null;
  const context = options.context ?? 4;
  const after = options.after ?? 12;
  const theirs = traceLines(python);
  const mine = traceLines(ours);
  let index = 0;
  while (index < theirs.length && index < mine.length && theirs[index] === mine[index]) index++;
  if (index === theirs.length && index === mine.length) return null;
  const section = lineSection(theirs[index] ?? mine[index]);
  return {
    index,
    section,
    context: theirs.slice(Math.max(0, index - context), index),
    python: theirs.slice(index, index + after),
    ours: mine.slice(index, index + after),
    key: `${section}|${shape(theirs[index])}|${shape(mine[index])}`,
  };
}

/**
 * True when the two traces print the same lines (events, outcome, final states; the
 * iteration count is not compared), decided without printing them: the common case of a
 * campaign and of a corpus replay.
 */
export function tracesEqual(a: Trace, b: Trace): boolean {
  return sameJson(a.events, b.events) && sameJson(a.outcome, b.outcome) && sameJson(a.final, b.final);
}

/** Equality of JSON data as `stableJson` prints it: key order and `undefined` members do not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    // Numbers print alike exactly when they are equal (-0 and 0 both print 0); NaN never occurs in a trace.
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key in ra) {
    if (ra[key] === undefined) continue;
    count++;
    if (!sameJson(ra[key], rb[key])) return false;
  }
  for (const key in rb) if (rb[key] !== undefined) count--;
  return count === 0;
}

function lineSection(line: string | undefined): Divergence["section"] {
  if (line?.startsWith('{"outcome"')) return "outcome";
  if (line?.startsWith('{"final"')) return "final";
  return "events";
}

/** Shortens a trace line for the side-by-side view. */
function compact(line: string): string {
  try {
    const e = JSON.parse(line) as { t?: number; task?: string | null; what?: string; value?: unknown };
    if (e.what === undefined) return line;
    const value = e.value === undefined ? "" : ` = ${JSON.stringify(e.value)}`;
    return `${e.t === undefined ? "" : pyFloatRepr(e.t)} ${e.task ?? "(callback)"}: ${e.what}${value}`;
  } catch {
    return line;
  }
}

/**
 * Both sides of a divergence, side by side, for a terminal `width` columns wide.
 *
 * @example
 * ```ts
 * console.log(formatDivergence(divergence, { width: 120 }));
 * ```
 */
export function formatDivergence(divergence: Divergence, options: { width?: number } = {}): string {
  const width = Math.max(60, options.width ?? 120);
  const col = Math.floor((width - 3) / 2);
  const fit = (s: string) => (s.length > col ? s.slice(0, col - 1) + "…" : s.padEnd(col));
  const lines = [`first divergence at trace line ${divergence.index + 1} (${divergence.section})`, ""];
  for (const line of divergence.context) lines.push(`  ${compact(line)}`);
  lines.push("", `${fit("CPython")} | ${fit("asyncio-ts")}`, `${"-".repeat(col)}-+-${"-".repeat(col)}`);
  const rows = Math.max(divergence.python.length, divergence.ours.length);
  for (let i = 0; i < rows; i++) {
    const left = divergence.python[i];
    const right = divergence.ours[i];
    const mark = left === right ? " " : "≠";
    lines.push(`${fit(left === undefined ? "" : compact(left))} ${mark} ${fit(right === undefined ? "" : compact(right))}`);
  }
  return lines.join("\n");
}
