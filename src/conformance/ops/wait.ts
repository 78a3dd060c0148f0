/**
 * `wait`: `done, pending = await asyncio.wait([...], return_when=..., timeout=...)`, then
 * records `wait <a> <b> ...` with both sets as sorted program names (set order is not
 * deterministic in CPython).
 *
 * @example
 * ```ts
 * { op: "wait", items: [{ task: "t1" }, { future: "f1" }], returnWhen: "FIRST_COMPLETED", timeout: 1 }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { dropItemEdits, withoutItem } from "./gather.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp, type Edit } from "./op.ts";
import { refNames, refText, type FutureRef } from "./refs.ts";

/** When `wait` returns. */
export const RETURN_WHEN = ["FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"] as const;

/** Waits for tasks and futures. */
export interface WaitStmt {
  op: "wait";
  items: FutureRef[];
  returnWhen: (typeof RETURN_WHEN)[number];
  timeout?: Delay | undefined;
}

/** The `wait` operation. */
export const wait = defineOp<WaitStmt>({
  op: "wait",
  summary: "Awaits `asyncio.wait` of tasks and futures, and records the done and pending sets by name.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("wait"),
      items: k.z.array(k.FutureRef).min(1).max(12),
      returnWhen: k.z.enum(RETURN_WHEN),
      timeout: k.Delay.optional(),
    }),
  check: (s, c, scope, at) => s.items.forEach((item, k) => c.ref(item, scope, [...at, "items", k])),
  refs: (s) => refNames(s.items),
  withoutName: withoutItem,
  describe: (s) => `wait ${s.items.map(refText).join(" ")}`,
  *run(s, rt, env) {
    const items = s.items.map((item) => rt.future(item, env));
    const [done, pending] = yield* asyncio.wait(items, {
      returnWhen: s.returnWhen,
      ...(s.timeout === undefined ? {} : { timeout: delaySeconds(s.timeout) }),
    });
    rt.record(s, { done: rt.trace.sortedNames(done), pending: rt.trace.sortedNames(pending) });
    return undefined;
  },
  python(s, w, indent) {
    const args = [`[${s.items.map(refText).join(", ")}]`];
    if (s.returnWhen !== "ALL_COMPLETED") args.push(`return_when=asyncio.${s.returnWhen}`);
    if (s.timeout !== undefined) args.push(`timeout=${w.delay(s.timeout)}`);
    w.line(indent, `done, pending = await asyncio.wait(${args.join(", ")})`);
    w.record(indent, s, `{"done": trace.names(done), "pending": trace.names(pending)}`);
  },
  typescript(s, w, indent) {
    const opts: string[] = [];
    if (s.returnWhen !== "ALL_COMPLETED") opts.push(`returnWhen: asyncio.${s.returnWhen}`);
    if (s.timeout !== undefined) opts.push(`timeout: ${w.delay(s.timeout)}`);
    const optText = opts.length > 0 ? `, { ${opts.join(", ")} }` : "";
    w.line(indent, `{`);
    w.line(indent + 1, `const [done, pending] = yield* asyncio.wait([${s.items.map(refText).join(", ")}]${optText});`);
    w.record(indent + 1, s, "{ done: trace.sortedNames(done), pending: trace.sortedNames(pending) }");
    w.line(indent, `}`);
  },
  simplify(s) {
    const edits: Edit[] = [() => [{ op: "sleep", delay: 0 }], ...dropItemEdits(s)];
    if (s.timeout !== undefined) edits.push((x) => [{ ...(x as WaitStmt), timeout: undefined }]);
    return edits;
  },
  generate: {
    weight: 3,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const items = r.items.map((n) => g.waitableRef(n, ctx)).filter((x): x is FutureRef => x !== undefined);
      if (items.length === 0) return g.sleepInstead(r);
      const returnWhen = (["ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"] as const)[r.b % 3] as WaitStmt["returnWhen"];
      const stmt: WaitStmt = { op: "wait", items, returnWhen };
      if (r.flag) stmt.timeout = g.delayOf(r);
      return [stmt];
    },
  },
});
