/**
 * `wait_for`: `value = await asyncio.wait_for(x, timeout)`, then records `wait_for <x>`
 * with the value. Its semantics differ between releases (see README, D2-D4).
 *
 * @example
 * ```ts
 * { op: "wait_for", target: { call: "co_a" }, timeout: 0.5 }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp, type Edit } from "./op.ts";
import { refCalls, refNames, refText, type Awaitable } from "./refs.ts";

/** Awaits a task, future or coroutine call with a timeout (None: no timeout). */
export interface WaitForStmt {
  op: "wait_for";
  target: Awaitable;
  timeout: Delay | null;
}

/** The `wait_for` operation. */
export const waitFor = defineOp<WaitForStmt>({
  op: "wait_for",
  summary: "Awaits `asyncio.wait_for` of a task, future or coroutine call with a timeout, and records the value.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("wait_for"), target: k.Awaitable, timeout: k.Delay.nullable() }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
  calls: (s) => refCalls(s.target),
  refs: (s) => refNames([s.target]),
  describe: (s) => `wait_for ${refText(s.target)}`,
  *run(s, rt, env) {
    const value = yield* asyncio.waitFor(rt.awaitable(s.target, env), s.timeout === null ? null : delaySeconds(s.timeout));
    rt.record(s, value);
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `value = await asyncio.wait_for(${refText(s.target)}, ${s.timeout === null ? "None" : w.delay(s.timeout)})`);
    w.record(indent, s, "value");
  },
  typescript(s, w, indent) {
    w.line(indent, `{`);
    w.line(indent + 1, `const value = yield* asyncio.waitFor(${refText(s.target)}, ${s.timeout === null ? "null" : w.delay(s.timeout)});`);
    w.record(indent + 1, s, "value");
    w.line(indent, `}`);
  },
  simplify(s) {
    const edits: Edit[] = [];
    if (s.timeout !== null) edits.push((x) => [{ ...(x as WaitForStmt), timeout: null }]);
    edits.push(() => [{ op: "sleep", delay: 0 }]);
    return edits;
  },
  generate: {
    weight: 3,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const target = g.awaitableRef(r.a, ctx);
      if (target === undefined) return g.sleepInstead(r);
      const timeout = r.flag ? g.delayOf(r) : r.b % 4 === 0 ? null : g.delayOf({ ...r, delay: r.b });
      return [{ op: "wait_for", target, timeout }];
    },
  },
});
