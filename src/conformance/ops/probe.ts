/**
 * `probe`: calls `done()`, `cancelled()`, `result()` or `exception()` on a task or future,
 * or a task's `cancelling()` (3.11+: the count of cancellation requests not yet taken
 * back, which task groups and timeouts read) or `uncancel()` (takes one back; from 3.13 a
 * task whose count drops to zero before its cancellation is delivered is not cancelled),
 * and records `probe <name>.<what>` with what it returned or raised.
 *
 * @example
 * ```ts
 * { op: "probe", target: { task: "t1" }, what: "result" }
 * ```
 * @module
 */
import { FEATURE_SINCE } from "./features.ts";
import { defineOp } from "./op.ts";
import { refNames, refText, type FutureRef } from "./refs.ts";

/** The future methods a probe calls. */
export const PROBES = ["done", "cancelled", "result", "exception", "cancelling", "uncancel"] as const;

/** The probes only a Task has (3.11+). */
const taskOnly = (what: ProbeStmt["what"]): boolean => what === "cancelling" || what === "uncancel";

/** Inspects a task or future. */
export interface ProbeStmt {
  op: "probe";
  target: FutureRef;
  what: (typeof PROBES)[number];
}

/** The `probe` operation. */
export const probe = defineOp<ProbeStmt>({
  op: "probe",
  summary: "Calls done(), cancelled(), result() or exception() on a task or future, or a task's cancelling() or uncancel() (3.11+), and records the outcome.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("probe"), target: k.FutureRef, what: k.z.enum(PROBES) }),
  check(s, c, scope, at) {
    c.ref(s.target, scope, [...at, "target"]);
    if (taskOnly(s.what) && !("task" in s.target)) c.problem([...at, "what"], `only a task has ${s.what}()`);
  },
  requires: (s) => (taskOnly(s.what) ? { name: `Task.${s.what}()`, since: FEATURE_SINCE.cancelling } : undefined),
  refs: (s) => refNames([s.target]),
  describe: (s) => `probe ${refText(s.target)}.${s.what}`,
  exec(s, rt, env) {
    rt.trace.probe(rt.future(s.target, env), s.what);
  },
  python: (s, w, indent) => w.line(indent, `trace.probe(${refText(s.target)}, ${w.str(s.what)})`),
  typescript: (s, w, indent) => w.line(indent, `trace.probe(${refText(s.target)}, ${w.str(s.what)});`),
  generate: {
    weight: 2,
    quiet: "safe",
    resolve(r, ctx, g) {
      const target = g.futureRef(r.a, ctx);
      if (target === undefined) return g.sleepInstead(r);
      // One probe of a task in ten reads cancelling() where the release has it.
      const cancelling = "task" in target && g.minor >= FEATURE_SINCE.cancelling && r.value === 9;
      return [{ op: "probe", target, what: cancelling ? "cancelling" : (PROBES[r.b % 4] as ProbeStmt["what"]) }];
    },
  },
});
