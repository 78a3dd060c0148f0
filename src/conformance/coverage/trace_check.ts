/**
 * Does the pure-Python pass run the same program the same way? The coverage pass runs each
 * program a second time with the `_asyncio` accelerator blocked, and its trace is compared
 * with the normal pass's trace (the one our loop is compared with). Only then do its lines
 * describe the run the campaign checked.
 *
 * The C and Python classes word some error messages differently; those are the known
 * differences below, each allowed only for its exception type and both wordings, and
 * counted. Anything else is an unexplained difference: counted, its first lines kept, and
 * reported as a warning of the campaign (the lines of such a program are still recorded,
 * since they did run).
 *
 * @example
 * ```ts
 * const check = compareReferenceTraces(cTrace, pureTrace);
 * check.kind; // "identical" | "known" | "different"
 * ```
 * @module
 */
import type { Json, Trace } from "../trace.ts";
import { traceLines } from "../trace.ts";

/**
 * One known wording difference between `_asyncio` (C) and futures.py/tasks.py (Python).
 *
 * @example
 * ```ts
 * KNOWN_DIFFERENCES[0]?.id; // "result-not-ready"
 * ```
 */
export interface KnownDifference {
  id: string;
  exc: string;
  /** The C accelerator's message. */
  c: string;
  /** The Python classes' message. */
  pure: RegExp;
  why: string;
}

/**
 * The known differences (CPython 3.7 to 3.14).
 *
 * @example
 * ```ts
 * KNOWN_DIFFERENCES.map((d) => d.id); // ["result-not-ready", "invalid-state"]
 * ```
 */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: "result-not-ready",
    exc: "InvalidStateError",
    c: "Result is not set.",
    pure: /^Result is not ready\.$/,
    why: "Future.result() of a pending future: the C Future says 'Result is not set.', futures.py 'Result is not ready.'",
  },
  {
    id: "invalid-state",
    exc: "InvalidStateError",
    c: "invalid state",
    pure: /^(PENDING|CANCELLED|FINISHED): <[^]*>$/,
    why: "set_result()/set_exception() on a done future: the C Future says 'invalid state', futures.py '<STATE>: <repr of the future>'",
  },
];

const isObject = (v: Json | undefined): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Which known difference (if any) makes two exception values equal. */
function knownPair(c: Json | undefined, pure: Json | undefined): KnownDifference | null {
  if (!isObject(c) || !isObject(pure) || c.exc !== pure.exc) return null;
  const ca = c.args;
  const pa = pure.args;
  if (!Array.isArray(ca) || !Array.isArray(pa) || ca.length !== 1 || pa.length !== 1) return null;
  const [cm] = ca;
  const [pm] = pa;
  if (typeof cm !== "string" || typeof pm !== "string") return null;
  return KNOWN_DIFFERENCES.find((d) => d.exc === c.exc && d.c === cm && d.pure.test(pm)) ?? null;
}

/**
 * Known difference of exception chaining: the pure-Python `Task` throws a cancellation, or
 * the exception of the future it awaited, into the coroutine from inside an `except` block
 * of `__step`/`__wakeup`. Until the coroutine next suspends, an exception it raises outside
 * a handler of its own gets that exception as `__context__`; the C `Task` leaves the
 * context as it was (README, "Exception details").
 */
export const CONTEXT_DIFFERENCE = "pure-task-context";

/**
 * An exception whose context, in the pure-Python pass, is a `CancelledError` where the C
 * pass has something else (nothing, or what the coroutine had been handling), or any
 * exception where the C pass has none.
 */
function isExtraContext(c: Record<string, Json>, pure: Record<string, Json>): boolean {
  const cancelled = (v: Json | undefined) => isObject(v) && v.exc === "CancelledError";
  if (typeof c.exc !== "string" || c.exc !== pure.exc) return false;
  return cancelled(pure.context) ? !cancelled(c.context) : isObject(pure.context) && c.context === null;
}

/**
 * The same difference in a scene that prints an exception's context chain as class names
 * (`["ValueError"]` against `["ValueError", "CancelledError"]`): the pure-Python chain is
 * the C one with a `CancelledError` at its end.
 */
function isExtraContextChain(c: Json[], pure: Json[]): boolean {
  const names = (v: Json[]) => v.every((x) => typeof x === "string" && /^[A-Z]\w*(Error|Exception|Group|Exit|Interrupt)$/.test(x));
  return c.length > 0 && pure.length === c.length + 1 && pure[c.length] === "CancelledError" && names(pure) && c.every((x, i) => x === pure[i]);
}

/** A printed CancelledError with no cause or context of its own, as a printed context. */
const PRINTED_CANCELLED_CONTEXT = /'context': \{'exc': 'CancelledError', 'mro': \['CancelledError', 'BaseException'\], 'args': \[[^\]]*\], 'cause': None, 'context': None\}/g;

/**
 * Equality of two strings that may print exceptions: a scene's value prints an exception it
 * holds inside a list as the Python repr of its description (`{'exc': ..., 'args': [...],
 * 'context': ...}`), so the known differences show there as text: a quoted message in a
 * known difference's pure-Python wording, and a `CancelledError` context the pure-Python
 * `Task` adds, are rewritten to the C pass's before comparing.
 */
function samePrinted(c: string, pure: string, used: Set<string>): boolean {
  const found = new Set<string>();
  // A quoted message the pure-Python pass words as a known difference does, where the C
  // pass's text has that difference's wording: the C wording.
  let text = pure.replace(/'([^'\\]*)'/g, (quoted, message: string) => {
    const known = KNOWN_DIFFERENCES.find((d) => d.pure.test(message) && c.includes(`'${d.c}'`));
    if (known === undefined) return quoted;
    found.add(known.id);
    return `'${known.c}'`;
  });
  const withoutContext = text.replace(PRINTED_CANCELLED_CONTEXT, "'context': None");
  if (withoutContext !== text && !c.includes("'context': {'exc': 'CancelledError'")) {
    text = withoutContext;
    found.add(CONTEXT_DIFFERENCE);
  }
  if (found.size === 0 || text !== c) return false;
  for (const id of found) used.add(id);
  return true;
}

/** Deep equality of two values, allowing the known differences (recorded in `used`). */
function sameValue(c: Json | undefined, pure: Json | undefined, used: Set<string>): boolean {
  if (c === pure) return true;
  if (typeof c === "string" && typeof pure === "string") return samePrinted(c, pure, used);
  if (Array.isArray(c) && Array.isArray(pure)) {
    if (isExtraContextChain(c, pure)) {
      used.add(CONTEXT_DIFFERENCE);
      return true;
    }
    return c.length === pure.length && c.every((x, i) => sameValue(x, pure[i], used));
  }
  if (isObject(c) && isObject(pure)) {
    const known = knownPair(c, pure);
    if (known !== null) {
      used.add(known.id);
      return true;
    }
    if (isExtraContext(c, pure)) {
      const rest = (v: Record<string, Json>) => ({ ...v, context: null });
      if (sameValue(rest(c), rest(pure), used)) {
        used.add(CONTEXT_DIFFERENCE);
        return true;
      }
    }
    const keys = Object.keys(c);
    if (keys.length !== Object.keys(pure).length) return false;
    return keys.every((k) => k in pure && sameValue(c[k], pure[k], used));
  }
  return false;
}

/**
 * Known difference of printed text: the C and Python classes print themselves and their
 * callbacks differently (`<_asyncio.TaskStepMethWrapper object>` against
 * `Task.__step()`, `Task.task_wakeup` against `Task.__wakeup`, C and Python reprs of a
 * future's callbacks), so a `repr` event, a loop exception's message, what an exception
 * handler or the logger receives may differ in wording while the run is the same.
 */
export const TEXT_DIFFERENCE = "printed-text";

/** Events that record printed text, by the start of their `what`. */
const TEXT_EVENTS = ["repr ", "loop exception", "handler called", "log "];

/** Same event at the same time in the same task, where only printed text may differ. */
function sameText(c: Json | undefined, pure: Json | undefined): boolean {
  if (!isObject(c) || !isObject(pure) || c.t !== pure.t || c.task !== pure.task) return false;
  const [cw, pw] = [c.what, pure.what];
  if (typeof cw !== "string" || typeof pw !== "string") return false;
  if (cw === pw && cw.startsWith("validate ")) return sameValidateText(c.value, pure.value);
  return TEXT_EVENTS.some((prefix) => cw.startsWith(prefix) && pw.startsWith(prefix) && (prefix !== "repr " || cw === pw));
}

/** The C Task's callbacks as futures.py's Task prints them (the Python names). */
const C_TO_PURE_TEXT: readonly [RegExp, string][] = [
  [/Task\.task_wakeup\(/g, "Task.__wakeup("],
  [/<_asyncio\.TaskStepMethWrapper object>\(\)/g, "Task.__step()"],
];

/**
 * A validate call whose value prints the loop's handles (the ready queue's reprs, say):
 * equal once the C Task's callback names are written as futures.py's.
 */
function sameValidateText(c: Json | undefined, pure: Json | undefined): boolean {
  const text = JSON.stringify(c ?? null);
  const asPure = C_TO_PURE_TEXT.reduce((t, [from, to]) => t.replace(from, to), text);
  return asPure !== text && asPure === JSON.stringify(pure ?? null);
}

/**
 * How two reference traces of one program compare.
 *
 * @example
 * ```ts
 * const r: ReferenceTraceComparison = { kind: "known", differences: ["result-not-ready"] };
 * ```
 */
export type ReferenceTraceComparison =
  | { kind: "identical" }
  | { kind: "known"; differences: string[] }
  | { kind: "different"; line: number; c: string; pure: string };

/**
 * Known difference of the future iterator: the C `FutureIter` refuses to step a pending
 * future already marked blocking (RuntimeError "await wasn't used with future"), while
 * futures.py's `__await__` is a generator that yields the future again. Only a program
 * that steps `__await__()` by hand sees it (the validate call "future __await__ stepped
 * while blocking"): the same event, the C pass recording that message and the
 * pure-Python pass something else (`spec/conformance/coverage_trace_check.spec.ts` shows
 * it on every CPython found). Where both refuse a step, the generator is over after it
 * and stops with no value later, while the C iterator stops with the future's result
 * ("futures: __await__() stepped past its end, after a throw, after a refused step").
 */
export const BLOCKING_ITER_DIFFERENCE = "blocking-future-iter";

const REFUSED_STEP = "await wasn't used with future";

function isBlockingIterDifference(c: Json | undefined, pure: Json | undefined): boolean {
  if (!isObject(c) || !isObject(pure) || c.what !== pure.what || c.task !== pure.task || c.t !== pure.t) return false;
  const refused = (v: Json | undefined) => JSON.stringify(v ?? null).includes(REFUSED_STEP);
  // Either only C refuses, or both do and futures.py's generator, which its refusal ended,
  // stops with no value where the C iterator, still alive, stops with the future's result.
  return refused(c.value) && (!refused(pure.value) || JSON.stringify(stopsWithoutValue(c.value ?? null)) === JSON.stringify(pure.value ?? null));
}

/** The value with every `["stop", v]` step that follows a refused step written `["stop", null]`. */
function stopsWithoutValue(value: Json): Json {
  if (!Array.isArray(value)) return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stopsWithoutValue(v)])) : value;
  let refusedYet = false;
  return value.map((step) => {
    if (Array.isArray(step) && step.includes(REFUSED_STEP)) refusedYet = true;
    if (refusedYet && Array.isArray(step) && step.length === 2 && step[0] === "stop") return ["stop", null];
    return stopsWithoutValue(step);
  });
}

/**
 * Compares the normal pass's trace (`c`) with the pure-Python pass's (`pure`).
 *
 * @example
 * ```ts
 * compareReferenceTraces(trace, trace); // { kind: "identical" }
 * ```
 */
export function compareReferenceTraces(c: Trace, pure: Trace): ReferenceTraceComparison {
  const used = new Set<string>();
  // Line by line as traceLines prints them: the events, then the outcome, then the final states.
  const parts = (t: Trace): Json[] => [...t.events, { outcome: t.outcome }, { final: t.final }] as unknown as Json[];
  const cParts = parts(c);
  const pParts = parts(pure);
  for (let i = 0; i < Math.max(cParts.length, pParts.length); i++) {
    // An event is never compared with the outcome or final line of a shorter trace.
    const comparable = i < cParts.length && i < pParts.length && (i < c.events.length) === (i < pure.events.length);
    if (comparable && sameValue(cParts[i], pParts[i], used)) continue;
    if (comparable && i < c.events.length && sameText(cParts[i], pParts[i])) {
      used.add(TEXT_DIFFERENCE);
      continue;
    }
    if (comparable && i < c.events.length && isBlockingIterDifference(cParts[i], pParts[i])) {
      used.add(BLOCKING_ITER_DIFFERENCE);
      continue;
    }
    const cl = traceLines(c);
    const pl = traceLines(pure);
    return { kind: "different", line: i + 1, c: cl[i] ?? "(end of trace)", pure: pl[i] ?? "(end of trace)" };
  }
  return used.size === 0 ? { kind: "identical" } : { kind: "known", differences: [...used].sort() };
}
