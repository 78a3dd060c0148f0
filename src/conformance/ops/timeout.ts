/**
 * `timeout`: `async with asyncio.timeout(delay) as cm:` around a body (3.11+), then
 * records `timeout exit` with `cm.expired()`. With `at`, the scope is
 * `asyncio.timeout_at(loop.time() + delay)`; with `reschedule`, the body starts with
 * `cm.reschedule(loop.time() + reschedule)` (None: no deadline). Either records
 * `timeout when` with `cm.when()` when the body starts. With `absolute`, the scope is
 * `asyncio.timeout_at(delay)`: the delay read as a loop time (maybe past or non-finite). With `bind`, the Timeout is bound
 * to a name in the enclosing block before the `async with` (for `repr`).
 *
 * @example
 * ```ts
 * { op: "timeout", delay: 0.5, body: [{ op: "sleep", delay: 1 }] }
 * { op: "timeout", delay: 2, at: true, reschedule: 0.25, body: [{ op: "sleep", delay: 1 }] }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp, type Edit } from "./op.ts";

/** Runs a body under `asyncio.timeout(delay)` (None: no deadline). */
export interface TimeoutStmt {
  op: "timeout";
  delay: Delay | null;
  body: import("./index.ts").Stmt[];
  /** Made with `timeout_at(delay)`: the delay is a loop time. */
  absolute?: true | undefined;
  /** Made with `timeout_at(loop.time() + delay)`. */
  at?: boolean | undefined;
  /** Rescheduled when the body starts, to `loop.time() + reschedule` (null: None). */
  reschedule?: number | null | undefined;
  /** A name for the Timeout, bound in the enclosing block (for `repr`). */
  bind?: string | undefined;
}

/** Whether the statement records `timeout when`. */
const readsWhen = (s: TimeoutStmt): boolean => s.at === true || s.reschedule !== undefined;

/** The `timeout` operation. */
export const timeout = defineOp<TimeoutStmt>({
  op: "timeout",
  summary: "Runs a body inside `async with asyncio.timeout(delay)` and records whether it expired.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("timeout"),
      delay: k.Delay.nullable(),
      body: k.body(),
      at: k.z.boolean().optional(),
      reschedule: k.z.number().finite().min(-100).max(100).nullable().optional(),
      bind: k.Identifier.optional(),
      absolute: k.z.literal(true).optional(),
    }),
  nested: (s) => [[["body"], s.body]],
  check(s, c, scope, at, flags) {
    if (s.bind !== undefined) {
      c.bindHere(s.bind, at, flags);
      scope.bind(s.bind, "timeout");
    }
    c.walk(s.body, scope.child(), [...at, "body"], { ...flags, inWith: true });
  },
  requires: () => ({ name: "asyncio.timeout()", since: FEATURE_SINCE.timeout }),
  binds: (s) => (s.bind === undefined ? [] : [s.bind]),
  withoutName: (s, name) => (s.bind === name ? { ...s, bind: undefined } : s),
  describe: () => "timeout exit",
  *run(s, rt, env) {
    const loop = rt.loop();
    const seconds = s.delay === null ? null : delaySeconds(s.delay);
    const cm = s.absolute
      ? asyncio.timeoutAt(seconds)
      : s.at
        ? asyncio.timeoutAt(seconds === null ? null : loop.time() + seconds)
        : asyncio.timeout(seconds);
    if (s.bind !== undefined) env.set(s.bind, cm);
    yield* rt.asyncWith(cm, function* () {
      if (s.reschedule !== undefined) cm.reschedule(s.reschedule === null ? null : loop.time() + s.reschedule);
      if (readsWhen(s)) rt.trace.record("timeout when", cm.when());
      yield* rt.runBody(s.body, env.child());
    });
    rt.record(s, cm.expired());
    return undefined;
  },
  python(s, w, indent) {
    const now = "asyncio.get_running_loop().time()";
    const delay = s.delay === null ? "None" : s.at && !s.absolute ? `${now} + ${w.delay(s.delay)}` : w.delay(s.delay);
    const make = `asyncio.${s.at || s.absolute ? "timeout_at" : "timeout"}(${delay})`;
    let cm: string;
    if (s.bind !== undefined) {
      cm = s.bind;
      w.line(indent, `${cm} = ${make}`);
      w.line(indent, `async with ${cm}:`);
    } else {
      cm = w.fresh("_cm");
      w.line(indent, `async with ${make} as ${cm}:`);
    }
    if (s.reschedule !== undefined) w.line(indent + 1, `${cm}.reschedule(${s.reschedule === null ? "None" : `${now} + ${w.delay(s.reschedule)}`})`);
    if (readsWhen(s)) w.record(indent + 1, "timeout when", `${cm}.when()`);
    w.block(s.body, indent + 1);
    w.record(indent, s, `${cm}.expired()`);
  },
  typescript(s, w, indent) {
    const now = "asyncio.getRunningLoop().time()";
    const delay = s.delay === null ? "null" : s.at && !s.absolute ? `${now} + ${w.delay(s.delay)}` : w.delay(s.delay);
    // A bound Timeout lives in the enclosing block; an anonymous one in a block of its own.
    const inner = s.bind === undefined ? indent + 1 : indent;
    const cm = s.bind ?? w.fresh("_cm");
    if (s.bind === undefined) w.line(indent, `{`);
    w.line(inner, `const ${cm} = asyncio.${s.at || s.absolute ? "timeoutAt" : "timeout"}(${delay});`);
    w.line(inner, `yield* ${w.asyncWith}(${cm}, function* () {`);
    if (s.reschedule !== undefined) w.line(inner + 1, `${cm}.reschedule(${s.reschedule === null ? "null" : `${now} + ${s.reschedule}`});`);
    if (readsWhen(s)) w.record(inner + 1, "timeout when", `${cm}.when()`);
    w.block(s.body, inner + 1);
    w.line(inner, `});`);
    w.record(inner, s, `${cm}.expired()`);
    if (s.bind === undefined) w.line(indent, `}`);
  },
  simplify(s) {
    const edits: Edit[] = [(x) => (x as TimeoutStmt).body];
    if (s.delay !== null) edits.push((x) => [{ ...(x as TimeoutStmt), delay: null, absolute: undefined }]);
    if (s.absolute) edits.push((x) => [{ ...(x as TimeoutStmt), absolute: undefined }]);
    if (s.reschedule !== undefined) edits.push((x) => [{ ...(x as TimeoutStmt), reschedule: undefined }]);
    if (s.at !== undefined) edits.push((x) => [{ ...(x as TimeoutStmt), at: undefined }]);
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
