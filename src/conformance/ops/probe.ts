/**
 * `probe`: calls `done()`, `cancelled()`, `result()` or `exception()` on a task or future
 * and records `probe <name>.<what>` with what it returned or raised.
 *
 * @example
 * ```ts
 * { op: "probe", target: { task: "t1" }, what: "result" }
 * ```
 * @module
 */
import { defineOp } from "./op.ts";
import { refNames, refText, type FutureRef } from "./refs.ts";

/** The future methods a probe calls. */
export const PROBES = ["done", "cancelled", "result", "exception"] as const;

/** Inspects a task or future. */
export interface ProbeStmt {
  op: "probe";
  target: FutureRef;
  what: (typeof PROBES)[number];
}

/** The `probe` operation. */
export const probe = defineOp<ProbeStmt>({
  op: "probe",
  summary: "Calls done(), cancelled(), result() or exception() on a task or future and records the outcome.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("probe"), target: k.FutureRef, what: k.z.enum(PROBES) }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
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
      return target === undefined ? g.sleepInstead(r) : [{ op: "probe", target, what: PROBES[r.b % 4] as ProbeStmt["what"] }];
    },
  },
});
