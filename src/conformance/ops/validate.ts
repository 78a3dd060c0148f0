/**
 * `validate`: makes one bad (or borderline) call to a combinator or primitive and
 * records `validate <call>` with where it ended and how: raised when called, at the first
 * item taken, or when awaited (the exception's class and arguments), or what it gave.
 * Which calls exist is the table in ./validate_cases.ts (non-iterables, None, coroutines
 * and plain generators where futures are expected, empty collections, negative, zero,
 * None and infinite timeouts, semaphore values, queue sizes, barrier parties, ...); the
 * answers differ by release, and the recorded corpus keeps each release's.
 *
 * @example
 * ```ts
 * { op: "validate", call: "wait([coroutine])" }
 * // 3.7-3.10: {"at": "await", "value": [1, 0]}; 3.11+: {"at": "await", "raised": {"exc": "TypeError", ...}}
 * ```
 * @module
 */
import { defineOp } from "./op.ts";
import { VALIDATE_CASE_NAMES, VALIDATE_CASES, casesFor, type ValidateCase, type ValidateCaseName } from "./validate_cases.ts";

/** Makes one checked call. */
export interface ValidateStmt {
  op: "validate";
  call: ValidateCaseName;
}

const entry = (s: ValidateStmt): ValidateCase => VALIDATE_CASES[s.call];

/** The `validate` operation. */
export const validate = defineOp<ValidateStmt>({
  op: "validate",
  summary: "Makes a bad or borderline call to a combinator or primitive and records where and how it failed, or what it gave.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("validate"), call: k.z.enum(VALIDATE_CASE_NAMES) }),
  requires(s) {
    const { since, until } = entry(s);
    if (since === undefined && until === undefined) return undefined;
    return { name: s.call, since: since ?? 7, ...(until === undefined ? {} : { until }) };
  },
  usesLoop: true,
  describe: (s) => `validate ${s.call}`,
  *run(s, rt) {
    const { make, follow } = entry(s);
    const trace = rt.trace;
    const loop = rt.loop();
    yield* trace.attempt(`validate ${s.call}`, () => make(trace, loop), follow);
    return undefined;
  },
  python(s, w, indent) {
    const { py, follow } = entry(s);
    w.line(indent, `await trace.attempt(${w.str(`validate ${s.call}`)}, lambda: ${py}, ${w.str(follow)})`);
  },
  typescript(s, w, indent) {
    const { ts, follow } = entry(s);
    w.line(indent, `yield* trace.attempt(${w.str(`validate ${s.call}`)}, () => ${ts}, ${w.str(follow)});`);
  },
  simplify: () => [() => [{ op: "sleep", delay: 0 }]],
  generate: {
    weight: 0,
    quiet: "degrade",
    resolve(r, _ctx, g) {
      const all = casesFor(g.minor);
      const only = g.validateCases;
      const chosen = only === undefined ? all : all.filter((name) => only.some((prefix) => name.startsWith(prefix)));
      // A batch restricted to cases this release lacks falls back to every case.
      const cases = chosen.length > 0 ? chosen : all;
      // Two numbers pick a case, so that every case is reachable whatever the table's length.
      return [{ op: "validate", call: cases[(r.a * 65 + r.b) % cases.length] as ValidateCaseName }];
    },
  },
});
