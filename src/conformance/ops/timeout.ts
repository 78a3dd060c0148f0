/**
 * `timeout`: `async with asyncio.timeout(delay) as cm:` around a body (3.11+), then
 * records `timeout exit` with `cm.expired()`.
 *
 * @example
 * ```ts
 * { op: "timeout", delay: 0.5, body: [{ op: "sleep", delay: 1 }] }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp, type Edit } from "./op.ts";

/** Runs a body under `asyncio.timeout(delay)` (None: no deadline). */
export interface TimeoutStmt {
  op: "timeout";
  delay: number | null;
  body: import("./index.ts").Stmt[];
}

/** The `timeout` operation. */
export const timeout = defineOp<TimeoutStmt>({
  op: "timeout",
  summary: "Runs a body inside `async with asyncio.timeout(delay)` and records whether it expired.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("timeout"), delay: k.Delay.nullable(), body: k.body() }),
  nested: (s) => [[["body"], s.body]],
  check: (s, c, scope, at, flags) => c.walk(s.body, scope.child(), [...at, "body"], { ...flags, inWith: true }),
  requires: () => ({ name: "asyncio.timeout()", since: FEATURE_SINCE.timeout }),
  describe: () => "timeout exit",
  *run(s, rt, env) {
    const cm = asyncio.timeout(s.delay);
    yield* rt.asyncWith(cm, function* () {
      yield* rt.runBody(s.body, env.child());
    });
    rt.record(s, cm.expired());
    return undefined;
  },
  python(s, w, indent) {
    const cm = w.fresh("_cm");
    w.line(indent, `async with asyncio.timeout(${s.delay === null ? "None" : w.delay(s.delay)}) as ${cm}:`);
    w.block(s.body, indent + 1);
    w.record(indent, s, `${cm}.expired()`);
  },
  typescript(s, w, indent) {
    const cm = w.fresh("_cm");
    w.line(indent, `{`);
    w.line(indent + 1, `const ${cm} = asyncio.timeout(${s.delay === null ? "null" : s.delay});`);
    w.line(indent + 1, `yield* ${w.asyncWith}(${cm}, function* () {`);
    w.block(s.body, indent + 2);
    w.line(indent + 1, `});`);
    w.record(indent + 1, s, `${cm}.expired()`);
    w.line(indent, `}`);
  },
  simplify(s) {
    const edits: Edit[] = [(x) => (x as TimeoutStmt).body];
    if (s.delay !== null) edits.push((x) => [{ ...(x as TimeoutStmt), delay: null }]);
    return edits;
  },
  generate: {
    weight: 3,
    since: FEATURE_SINCE.timeout,
    compound: (k) => k.fc.record({ kind: k.fc.constant("timeout" as const), ...k.fields, body: k.body }),
    resolve(r, ctx, g) {
      if (ctx.quiet) return g.resolveBody(r.body ?? [], ctx);
      const delay = r.b % 5 === 0 ? null : g.delayOf(r);
      return [{ op: "timeout", delay, body: g.resolveBody(r.body ?? [], { ...ctx, inWith: true, depth: ctx.depth + 1 }) }];
    },
  },
});
