/**
 * `spawn`: `t = asyncio.create_task(coro(), name="t")`, running a named coroutine or an
 * inline body, then records `spawn <t>`. The same shape ({@link Spawn}) is a child of a
 * task group or of as_completed, and the helpers here serve them too.
 *
 * @example
 * ```ts
 * { op: "spawn", bind: "t1", target: { coroutine: "co_a" } }
 * { op: "spawn", bind: "t2", target: { body: [{ op: "sleep", delay: 1 }] } }
 * { op: "spawn", bind: "t3", target: { coroutine: "co_w1", args: ["lk3"] } }
 * ```
 * @module
 */
import type { Stmt } from "./index.ts";
import { defineOp, type Edit, type NestedBody } from "./op.ts";
import { callText } from "./params.ts";

/** A task to create: its name in the program, and a named coroutine (with its arguments) or an inline body. */
export interface Spawn {
  bind: string;
  target: { coroutine: string; args?: string[] | undefined } | { body: Stmt[] };
}

/** Starts a task. */
export interface SpawnStmt extends Spawn {
  op: "spawn";
}

/** The inline bodies of tasks to create, with their paths (`children.K.target.body` when `under` is given). */
export function spawnBodies(spawns: Spawn[], under?: string): NestedBody[] {
  return spawns.flatMap((c, k): NestedBody[] =>
    "body" in c.target ? [[under === undefined ? ["target", "body"] : [under, k, "target", "body"], c.target.body, { coroutine: true }]] : [],
  );
}

/** The named coroutines tasks to create run. */
export function spawnCalls(spawns: Spawn[]): string[] {
  return spawns.flatMap((c) => ("coroutine" in c.target ? [c.target.coroutine] : []));
}

/** The bound names tasks to create pass to their named coroutines. */
export function spawnArgs(spawns: Spawn[]): string[] {
  return spawns.flatMap((c) => ("coroutine" in c.target ? (c.target.args ?? []) : []));
}

/** The coroutine call a task to create starts, as written in code: `co_a()`, `co_w1(lk3)`, `t2_body()`. */
export function spawnCallText(spawn: Spawn): string {
  return "coroutine" in spawn.target ? callText(spawn.target.coroutine, spawn.target.args) : `${spawn.bind}_body()`;
}

/** Edits that drop one child of a statement with `children` (a task group or as_completed). */
export function dropChildEdits<S extends Stmt & { children: Spawn[] }>(stmt: S): Edit[] {
  return stmt.children.map((_, k) => (s: Stmt) => [{ ...(s as S), children: (s as S).children.filter((__, j) => j !== k) }]);
}

/** The `spawn` operation. */
export const spawn = defineOp<SpawnStmt>({
  op: "spawn",
  summary: "Creates a task running a named coroutine or an inline body, binds its name, records `spawn <name>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("spawn"), ...k.spawn }),
  nested: (s) => spawnBodies([s]),
  check: (s, c, scope, at, flags) => c.spawn(s, scope, at, flags),
  calls: (s) => spawnCalls([s]),
  binds: (s) => [s.bind],
  refs: (s) => [s.bind, ...spawnArgs([s])],
  describe: (s) => `spawn ${s.bind}`,
  exec: (s, rt, env) => {
    rt.startTask(s, env);
  },
  python: (s, w, indent) => w.spawnTask(s, "asyncio.create_task", indent),
  typescript: (s, w, indent) => w.spawnTask(s, "asyncio.createTask", indent),
  simplify(s, _program, k) {
    // Run the task's statements in the spawner instead.
    if (!("body" in s.target) || k.returns(s.target.body)) return [];
    const body = s.target.body;
    return [() => structuredClone(body)];
  },
  generate: {
    weight: 8,
    quiet: "safe",
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const bind = g.nextTask();
      const target = g.spawnTarget(r, { ...ctx, quiet: false });
      ctx.tasks.push(bind);
      return [{ op: "spawn", bind, target }];
    },
  },
});
