/**
 * `sleep`: `await asyncio.sleep(delay)`, then records `sleep <delay>`.
 *
 * @example
 * ```ts
 * { op: "sleep", delay: 0.5 } // Python: await asyncio.sleep(0.5)
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp } from "./op.ts";

/** Suspends the task for `delay` seconds. */
export interface SleepStmt {
  op: "sleep";
  delay: Delay;
}

/** The `sleep` operation. */
export const sleep = defineOp<SleepStmt>({
  op: "sleep",
  summary: "Awaits `asyncio.sleep(delay)`, then records `sleep <delay>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("sleep"), delay: k.Delay }),
  describe: (s) => `sleep ${s.delay}`,
  *run(s, rt) {
    yield* asyncio.sleep(delaySeconds(s.delay));
    rt.record(s);
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `await asyncio.sleep(${w.delay(s.delay)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `yield* asyncio.sleep(${w.delay(s.delay)});`);
    w.record(indent, s);
  },
  simplify: (s) => (s.delay !== 0 ? [(x) => [{ ...x, delay: 0 } as SleepStmt]] : []),
  generate: { weight: 8, quiet: "safe", resolve: (r, _ctx, g) => g.sleepInstead(r) },
});
