/**
 * `cancel`: `value = x.cancel()` (or `x.cancel(msg)` from 3.9) on a task or future, then
 * records `cancel <x>` with what `cancel` returned.
 *
 * @example
 * ```ts
 * { op: "cancel", target: { task: "t1" }, msg: "c3" }
 * ```
 * @module
 */
import { FEATURE_SINCE } from "./features.ts";
import { defineOp } from "./op.ts";
import { refNames, refText, type FutureRef } from "./refs.ts";

/** Cancels a task or future, with an optional message. */
export interface CancelStmt {
  op: "cancel";
  target: FutureRef;
  msg?: string | undefined;
}

/** The `cancel` operation. */
export const cancel = defineOp<CancelStmt>({
  op: "cancel",
  summary: "Cancels a task or future (with a message from 3.9) and records what `cancel()` returned.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("cancel"), target: k.FutureRef, msg: k.Text.optional() }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
  requires: (s) => (s.msg === undefined ? undefined : { name: "cancel(msg)", since: FEATURE_SINCE.cancelMsg }),
  refs: (s) => refNames([s.target]),
  describe: (s) => `cancel ${refText(s.target)}`,
  exec(s, rt, env) {
    const target = rt.future(s.target, env);
    rt.record(s, s.msg === undefined ? target.cancel() : target.cancel(s.msg));
  },
  python(s, w, indent) {
    w.line(indent, `value = ${refText(s.target)}.cancel(${s.msg === undefined ? "" : w.str(s.msg)})`);
    w.record(indent, s, "value");
  },
  typescript(s, w, indent) {
    w.line(indent, `{`);
    w.line(indent + 1, `const value = ${refText(s.target)}.cancel(${s.msg === undefined ? "" : w.str(s.msg)});`);
    w.record(indent + 1, s, "value");
    w.line(indent, `}`);
  },
  simplify: (s) => (s.msg === undefined ? [] : [(x) => [{ ...(x as CancelStmt), msg: undefined }]]),
  generate: {
    weight: 5,
    quiet: "safe",
    resolve(r, ctx, g) {
      const target = g.futureRef(r.a, ctx);
      if (target === undefined) return g.sleepInstead(r);
      const stmt: CancelStmt = { op: "cancel", target };
      if (g.minor >= FEATURE_SINCE.cancelMsg && r.b % 2 === 1) stmt.msg = `c${r.value}`;
      return [stmt];
    },
  },
});
