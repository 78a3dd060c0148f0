/**
 * `task_group`: `async with asyncio.TaskGroup() as tg:` (3.11+) creating children with
 * `tg.create_task`, then running a body; records `task_group exit` when the block ends.
 *
 * Children of a generated group are "quiet": CPython cancels a group's children in set
 * order, so they neither observe their cancellation nor pass it on (see generate/resolve.ts).
 *
 * @example
 * ```ts
 * { op: "task_group", children: [{ bind: "t1", target: { coroutine: "co_a" } }], body: [{ op: "sleep", delay: 1 }] }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Context } from "../generate/resolve.ts";
import type { Stmt } from "./index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp, type Edit } from "./op.ts";
import { dropChildEdits, spawnArgs, spawnBodies, spawnCalls, type Spawn } from "./spawn.ts";

/** A task group with children and a body. */
export interface TaskGroupStmt {
  op: "task_group";
  children: Spawn[];
  body: Stmt[];
  /** A name for the TaskGroup, bound in the enclosing block (for `repr`). */
  bind?: string | undefined;
}

/** The `task_group` operation. */
export const taskGroup = defineOp<TaskGroupStmt>({
  op: "task_group",
  summary: "Runs a body inside `async with asyncio.TaskGroup()` after creating its children.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("task_group"),
      children: k.z.array(k.z.strictObject(k.spawn)).max(8),
      body: k.body(),
      bind: k.Identifier.optional(),
    }),
  nested: (s) => [...spawnBodies(s.children, "children"), [["body"], s.body]],
  check(s, c, scope, at, flags) {
    if (s.bind !== undefined) {
      c.bindHere(s.bind, at, flags);
      scope.bind(s.bind, "task_group");
    }
    const inner = scope.child();
    c.children(s.children, inner, at, flags);
    c.walk(s.body, inner, [...at, "body"], { ...flags, inWith: true });
  },
  requires: () => ({ name: "asyncio.TaskGroup", since: FEATURE_SINCE.taskGroup }),
  calls: (s) => spawnCalls(s.children),
  binds: (s) => [...(s.bind === undefined ? [] : [s.bind]), ...s.children.map((c) => c.bind)],
  refs: (s) => spawnArgs(s.children),
  // Children that are, or pass, the name go.
  withoutName: (s, name) => ({
    ...s,
    children: s.children.filter((c) => c.bind !== name && !spawnArgs([c]).includes(name)),
    ...(s.bind === name ? { bind: undefined } : {}),
  }),
  describe: () => "task_group exit",
  *run(s, rt, env) {
    const inner = env.child();
    const group = new asyncio.TaskGroup();
    if (s.bind !== undefined) env.set(s.bind, group);
    yield* rt.asyncWith(group, function* (tg) {
      for (const child of s.children) {
        const task = tg.createTask(rt.spawnCoroutine(child, inner), { name: child.bind });
        inner.set(child.bind, rt.trace.track(task, child.bind));
        rt.trace.record(`spawn ${child.bind}`);
      }
      yield* rt.runBody(s.body, inner);
    });
    rt.record(s);
    return undefined;
  },
  python(s, w, indent) {
    const tg = s.bind ?? w.fresh("_tg");
    if (s.bind !== undefined) {
      w.line(indent, `${tg} = asyncio.TaskGroup()`);
      w.line(indent, `async with ${tg}:`);
    } else w.line(indent, `async with asyncio.TaskGroup() as ${tg}:`);
    for (const child of s.children) w.spawnTask(child, `${tg}.create_task`, indent + 1);
    w.block(s.body, indent + 1);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const tg = w.fresh("_tg");
    if (s.bind !== undefined) w.line(indent, `const ${s.bind} = new asyncio.TaskGroup();`);
    w.line(indent, `yield* ${w.asyncWith}(${s.bind ?? "new asyncio.TaskGroup()"}, function* (${tg}) {`);
    for (const child of s.children) w.spawnTask(child, `${tg}.createTask`, indent + 1);
    w.block(s.body, indent + 1);
    w.line(indent, `});`);
    w.record(indent, s);
  },
  simplify: (s): Edit[] => [...dropChildEdits(s), (x) => (x as TaskGroupStmt).body],
  generate: {
    weight: 3,
    since: FEATURE_SINCE.taskGroup,
    quiet: "degrade",
    compound: (k) =>
      k.fc.record({ kind: k.fc.constant("task_group" as const), ...k.fields, group: k.fc.array(k.child, { minLength: 1, maxLength: 3 }), body: k.fc.array(k.stmt, { maxLength: 3 }) }),
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const inner: Context = { ...g.copyScope(ctx), unordered: new Set(ctx.unordered) };
      const siblings: string[] = [];
      const children = (r.group ?? []).map((raw) => {
        const bind = g.nextTask();
        // A child may await the siblings created before it (never itself: no cycles).
        const target = g.spawnTarget(raw, { ...ctx, quiet: true, siblings: [...siblings] });
        siblings.push(bind);
        inner.tasks.push(bind);
        inner.unordered?.add(bind);
        return { bind, target };
      });
      const body = g.resolveBody(r.body ?? [], { ...inner, inWith: true, depth: ctx.depth + 1 });
      return [{ op: "task_group", children, body }];
    },
  },
});
