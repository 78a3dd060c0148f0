/**
 * `log`: records `log <text>` and nothing else. The simplest observable step, and what the
 * generator puts where another statement has nothing to act on.
 *
 * @example
 * ```ts
 * { op: "log", text: "m1" } // Python: trace.record('log m1')
 * ```
 * @module
 */
import { defineOp } from "./op.ts";

/** Records an event with a fixed text. */
export interface LogStmt {
  op: "log";
  text: string;
}

/** The `log` operation. */
export const log = defineOp<LogStmt>({
  op: "log",
  summary: "Records `log <text>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("log"), text: k.Text }),
  describe: (s) => `log ${s.text}`,
  exec: (s, rt) => rt.record(s),
  python: (s, w, indent) => w.record(indent, s),
  typescript: (s, w, indent) => w.record(indent, s),
  generate: { weight: 2, quiet: "safe", resolve: (_r, _ctx, g) => g.logInstead() },
});
