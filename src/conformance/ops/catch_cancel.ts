/**
 * `catch_cancel`: the cleanup idiom of asyncio code,
 *
 * ```python
 * try:
 *     <body>
 * except asyncio.CancelledError as e:
 *     trace.record("catch_cancel", e)
 *     <cleanup>
 *     raise
 * ```
 *
 * The cancellation is observed, the cleanup runs, and the cancellation goes on. Under an
 * `asyncio.run` or `Runner` entry this is what a task left pending at exit does when
 * CPython cancels it; the cleanup then holds only statements whose effects stay in the
 * task (log, sleep, repeat), since CPython cancels leftover tasks in set order.
 *
 * @example
 * ```ts
 * { op: "catch_cancel", body: [{ op: "sleep", delay: 5 }], cleanup: [{ op: "log", text: "m1" }] }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Stmt } from "./index.ts";
import { defineOp, type Edit } from "./op.ts";

/** Runs a body; on a cancellation records it, runs a cleanup and re-raises it. */
export interface CatchCancelStmt {
  op: "catch_cancel";
  body: Stmt[];
  cleanup: Stmt[];
}

/** The `catch_cancel` operation. */
export const catchCancel = defineOp<CatchCancelStmt>({
  op: "catch_cancel",
  summary: "Runs a body; on CancelledError records `catch_cancel` with it, runs a cleanup body and re-raises it.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("catch_cancel"), body: k.body(), cleanup: k.body() }),
  nested: (s) => [
    [["body"], s.body],
    [["cleanup"], s.cleanup, { blocks: 2 }],
  ],
  check(s, c, scope, at, flags) {
    c.walk(s.body, scope.child(), [...at, "body"], flags);
    c.walk(s.cleanup, scope.child(), [...at, "cleanup"], flags);
  },
  describe: () => "catch_cancel",
  *run(s, rt, env) {
    try {
      return yield* rt.runBody(s.body, env.child());
    } catch (e) {
      if (!(e instanceof asyncio.CancelledError)) throw e;
      rt.trace.record("catch_cancel", e);
      const r = yield* rt.runBody(s.cleanup, env.child());
      if (r !== undefined) return r;
      throw e;
    }
  },
  python(s, w, indent) {
    w.line(indent, "try:");
    w.block(s.body, indent + 1);
    w.line(indent, "except asyncio.CancelledError as e:");
    w.record(indent + 1, "catch_cancel", "e");
    w.block(s.cleanup, indent + 1);
    w.line(indent + 1, "raise");
  },
  typescript(s, w, indent) {
    w.line(indent, "try {");
    w.block(s.body, indent + 1);
    w.line(indent, "} catch (e) {");
    w.line(indent + 1, "if (!(e instanceof asyncio.CancelledError)) throw e;");
    w.record(indent + 1, "catch_cancel", "e");
    w.block(s.cleanup, indent + 1);
    w.line(indent + 1, "throw e;");
    w.line(indent, "}");
  },
  simplify(s) {
    const edits: Edit[] = [(x) => (x as CatchCancelStmt).body];
    if (s.cleanup.length > 0) edits.push((x) => [{ ...(x as CatchCancelStmt), cleanup: [] }]);
    return edits;
  },
  generate: {
    weight: 0,
    compound: (k) =>
      k.fc.record({
        kind: k.fc.constant("catch_cancel" as const),
        ...k.fields,
        body: k.body,
        final: k.fc.option(k.fc.array(k.stmt, { maxLength: 2 }), { nil: undefined }),
      }),
    resolve(r, ctx, g) {
      // A task group's child must not observe its own cancellation (see Context.quiet).
      if (ctx.quiet) return g.resolveBody(r.body ?? [], ctx);
      const inner = { ...ctx, depth: ctx.depth + 1 };
      return [
        {
          op: "catch_cancel",
          body: g.resolveBody(r.body ?? [], inner),
          cleanup: g.resolveBody(r.final ?? [], { ...inner, cleanup: true }),
        },
      ];
    },
  },
});
