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
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp, type Edit } from "./op.ts";

/**
 * Runs a body under `asyncio.timeout(delay)` (None: no deadline), or, with `absolute`,
 * under `asyncio.timeout_at(delay)`: the delay read as a loop time (maybe past or non-finite).
 */
export interface TimeoutStmt {
  op: "timeout";
  delay: Delay | null;
  absolute?: true | undefined;
  body: import("./index.ts").Stmt[];
}

/** The `timeout` operation. */
export const timeout = defineOp<TimeoutStmt>({
  op: "timeout",
  summary: "Runs a body inside `async with asyncio.timeout(delay)` and records whether it expired.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("timeout"), delay: k.Delay.nullable(), absolute: k.z.literal(true).optional(), body: k.body() }),
  nested: (s) => [[["body"], s.body]],
  check: (s, c, scope, at, flags) => c.walk(s.body, scope.child(), [...at, "body"], { ...flags, inWith: true }),
  requires: () => ({ name: "asyncio.timeout()", since: FEATURE_SINCE.timeout }),
  describe: () => "timeout exit",
  *run(s, rt, env) {
    const seconds = s.delay === null ? null : delaySeconds(s.delay);
    const cm = s.absolute ? asyncio.timeoutAt(seconds) : asyncio.timeout(seconds);
    yield* asyncio.asyncWith(cm, function* () {
      yield* rt.runBody(s.body, env.child());
    });
    rt.record(s, cm.expired());
    return undefined;
  },
  python(s, w, indent) {
    const cm = w.fresh("_cm");
    w.line(indent, `async with asyncio.${s.absolute ? "timeout_at" : "timeout"}(${s.delay === null ? "None" : w.delay(s.delay)}) as ${cm}:`);
    w.block(s.body, indent + 1);
    w.record(indent, s, `${cm}.expired()`);
  },
  typescript(s, w, indent) {
    const cm = w.fresh("_cm");
    w.line(indent, `{`);
    w.line(indent + 1, `const ${cm} = asyncio.${s.absolute ? "timeoutAt" : "timeout"}(${s.delay === null ? "null" : w.delay(s.delay)});`);
    w.line(indent + 1, `yield* asyncio.asyncWith(${cm}, function* () {`);
    w.block(s.body, indent + 2);
    w.line(indent + 1, `});`);
    w.record(indent + 1, s, `${cm}.expired()`);
    w.line(indent, `}`);
  },
  simplify(s) {
    const edits: Edit[] = [(x) => (x as TimeoutStmt).body];
    if (s.delay !== null) edits.push((x) => [{ ...(x as TimeoutStmt), delay: null, absolute: undefined }]);
    if (s.absolute) edits.push((x) => [{ ...(x as TimeoutStmt), absolute: undefined }]);
    return edits;
  },
  generate: {
    weight: 3,
    since: FEATURE_SINCE.timeout,
    compound: (k) => k.fc.record({ kind: k.fc.constant("timeout" as const), ...k.fields, body: k.body }),
    resolve(r, ctx, g) {
      if (ctx.quiet) return g.resolveBody(r.body ?? [], ctx);
      const delay = r.b % 5 === 0 ? null : g.delayOf(r);
      const stmt: TimeoutStmt = { op: "timeout", delay, body: g.resolveBody(r.body ?? [], { ...ctx, inWith: true, depth: ctx.depth + 1 }) };
      // With degenerate delays, a timeout is sometimes `timeout_at` a loop time (mostly past, or non-finite).
      if (delay !== null && g.degenerate && r.value % 3 === 0) stmt.absolute = true;
      return [stmt];
    },
  },
});
