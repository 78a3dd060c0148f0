/**
 * `shield`: `value = await asyncio.shield(x)`, then records `shield <x>` with the value.
 *
 * @example
 * ```ts
 * { op: "shield", target: { task: "t1" } }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { awaitEdits } from "./await.ts";
import { defineOp } from "./op.ts";
import { refCalls, refNames, refText, type Awaitable } from "./refs.ts";

/** Awaits a task, future or coroutine call through `asyncio.shield`. */
export interface ShieldStmt {
  op: "shield";
  target: Awaitable;
}

/** The `shield` operation. */
export const shield = defineOp<ShieldStmt>({
  op: "shield",
  summary: "Awaits `asyncio.shield` of a task, future or coroutine call, and records the value.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("shield"), target: k.Awaitable }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
  calls: (s) => refCalls(s.target),
  refs: (s) => refNames([s.target]),
  describe: (s) => `shield ${refText(s.target)}`,
  *run(s, rt, env) {
    const value = yield* asyncio.shield(rt.awaitable(s.target, env));
    rt.record(s, value);
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `value = await asyncio.shield(${refText(s.target)})`);
    w.record(indent, s, "value");
  },
  typescript(s, w, indent) {
    w.line(indent, `{`);
    w.line(indent + 1, `const value = yield* asyncio.shield(${refText(s.target)});`);
    w.record(indent + 1, s, "value");
    w.line(indent, `}`);
  },
  simplify: (s, program, k) => awaitEdits(s.target, program, k.returns),
  generate: {
    weight: 2,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const target = g.awaitableRef(r.a, ctx);
      return target === undefined ? g.sleepInstead(r) : [{ op: "shield", target }];
    },
  },
});
