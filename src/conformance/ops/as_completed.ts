/**
 * `as_completed`: creates its children, then `for f in asyncio.as_completed([...]):
 * value = await f` (or, 3.13+, `async for t in asyncio.as_completed(...)`), recording
 * `as_completed` for each value (or each task's name).
 *
 * Generated children start with a sleep, so that none is done when as_completed sets up
 * (CPython would register done ones in set order).
 *
 * @example
 * ```ts
 * { op: "as_completed", children: [{ bind: "t1", target: { body: [{ op: "sleep", delay: 1 }] } }], timeout: null, async: false }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Stmt } from "./index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp, type Edit } from "./op.ts";
import { dropChildEdits, spawnArgs, spawnBodies, spawnCalls, type Spawn } from "./spawn.ts";

/** Creates tasks and takes their results in completion order. */
export interface AsCompletedStmt {
  op: "as_completed";
  children: Spawn[];
  timeout: Delay | null;
  async: boolean;
}

/** The `as_completed` operation. */
export const asCompleted = defineOp<AsCompletedStmt>({
  op: "as_completed",
  summary: "Creates tasks and iterates `asyncio.as_completed` over them, recording each result in completion order.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("as_completed"),
      children: k.z.array(k.z.strictObject(k.spawn)).min(1).max(8),
      timeout: k.Delay.nullable(),
      async: k.z.boolean(),
    }),
  nested: (s) => spawnBodies(s.children, "children"),
  // The children are visible after the statement, in the enclosing block.
  check: (s, c, scope, at, flags) => c.children(s.children, scope, at, flags),
  requires: (s) => (s.async ? { name: "async iteration of as_completed()", since: FEATURE_SINCE.asyncAsCompleted } : undefined),
  calls: (s) => spawnCalls(s.children),
  binds: (s) => s.children.map((c) => c.bind),
  refs: (s) => spawnArgs(s.children),
  withoutName(s, name) {
    const children = s.children.filter((c) => c.bind !== name && !spawnArgs([c]).includes(name));
    return children.length === 0 ? null : { ...s, children };
  },
  describe: () => "as_completed",
  *run(s, rt, env) {
    const tasks = s.children.map((child) => rt.startTask(child, env));
    const iterator = asyncio.asCompleted(tasks, { timeout: s.timeout === null ? null : delaySeconds(s.timeout) });
    if (s.async) {
      yield* asyncio.asyncFor(iterator, function* (fut) {
        rt.record(s, rt.trace.name(fut));
      });
    } else {
      for (const next of iterator) rt.record(s, yield* next);
    }
    return undefined;
  },
  python(s, w, indent) {
    for (const child of s.children) w.spawnTask(child, "asyncio.create_task", indent);
    const tasks = `[${s.children.map((c) => c.bind).join(", ")}]`;
    const timeout = s.timeout === null ? "" : `, timeout=${w.delay(s.timeout)}`;
    if (s.async) {
      w.line(indent, `async for _t in asyncio.as_completed(${tasks}${timeout}):`);
      w.record(indent + 1, s, "trace.name(_t)");
    } else {
      w.line(indent, `for _next in asyncio.as_completed(${tasks}${timeout}):`);
      w.line(indent + 1, "value = await _next");
      w.record(indent + 1, s, "value");
    }
  },
  typescript(s, w, indent) {
    for (const child of s.children) w.spawnTask(child, "asyncio.createTask", indent);
    const tasks = `[${s.children.map((c) => c.bind).join(", ")}]`;
    const options = s.timeout === null ? "" : `, { timeout: ${w.delay(s.timeout)} }`;
    if (s.async) {
      w.line(indent, `yield* asyncio.asyncFor(asyncio.asCompleted(${tasks}${options}), function* (t) {`);
      w.record(indent + 1, s, "trace.name(t)");
      w.line(indent, `});`);
    } else {
      w.line(indent, `for (const next of asyncio.asCompleted(${tasks}${options})) {`);
      w.record(indent + 1, s, "yield* next");
      w.line(indent, `}`);
    }
  },
  simplify(s) {
    const edits: Edit[] = s.children.length > 1 ? dropChildEdits(s) : [];
    if (s.timeout !== null) edits.push((x) => [{ ...(x as AsCompletedStmt), timeout: null }]);
    return edits;
  },
  generate: {
    weight: 2,
    quiet: "degrade",
    compound: (k) =>
      k.fc.record({ kind: k.fc.constant("as_completed" as const), ...k.fields, group: k.fc.array(k.child, { minLength: 1, maxLength: 3 }) }),
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const children = (r.group ?? []).map((raw) => {
        const bind = g.nextTask();
        const body = g.resolveBody(raw.body ?? [raw], { ...ctx, quiet: false, inWith: false, inRepeat: false, inHandler: false, inAgen: false, agens: [], depth: ctx.depth + 1 });
        return { bind, target: { body: [{ op: "sleep", delay: g.delayOf(raw) } as Stmt, ...body] } };
      });
      for (const child of children) ctx.tasks.push(child.bind);
      return [{ op: "as_completed", children, timeout: r.flag ? g.delayOf(r) : null, async: g.minor >= FEATURE_SINCE.asyncAsCompleted && r.b % 2 === 1 }];
    },
  },
});
