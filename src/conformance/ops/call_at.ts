/**
 * `call_at`: `loop.call_at(when, cb)` at an absolute loop time, of a callback that records
 * `callback <label>`. The virtual clock starts at 0 and only moves on, so a `when` below
 * the time the statement runs lies in the past (the timer is due at once, and runs before
 * later deadlines), and `when` may be `inf` (never due), `-inf` or `nan` (due at once:
 * `nan >= end_time` is false in CPython's `_run_once`).
 *
 * @example
 * ```ts
 * { op: "call_at", when: 0.5, label: "cb1" } // Python: loop.call_at(0.5, trace.callback, 'cb1')
 * ```
 * @module
 */
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp } from "./op.ts";

/** Schedules a callback with `loop.call_at`. */
export interface CallAtStmt {
  op: "call_at";
  when: Delay;
  label: string;
}

/** The `call_at` operation. */
export const callAt = defineOp<CallAtStmt>({
  op: "call_at",
  summary: "Schedules `loop.call_at` (an absolute loop time, maybe past or non-finite) of a callback that records `callback <label>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("call_at"), when: k.Delay, label: k.Label }),
  usesLoop: true,
  describe: (s) => `call_at ${s.label}`,
  exec(s, rt) {
    rt.loop().callAt(delaySeconds(s.when), rt.trace.callback, s.label);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.call_at(${w.delay(s.when)}, trace.callback, ${w.str(s.label)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.callAt(${w.delay(s.when)}, trace.callback, ${w.str(s.label)});`);
    w.record(indent, s);
  },
  simplify: (s) => (s.when !== 0 ? [(x) => [{ ...x, when: 0 } as CallAtStmt]] : []),
  generate: {
    weight: 1,
    quiet: "safe",
    resolve: (r, _ctx, g) => [{ op: "call_at", when: g.delayOf(r), label: g.nextLabel() }],
  },
});
