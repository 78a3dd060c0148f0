/**
 * `introspect`: records what `asyncio.all_tasks()` (the pending tasks' program names,
 * sorted: CPython returns a set), `asyncio.current_task()` or `task.get_coro()` (3.8+:
 * the coroutine's name, or None once an eagerly started task has finished) gives, in the
 * running task or, with `inCallback`, from a `loop.call_soon` callback.
 *
 * Its generator is the introspection area's: besides `introspect` statements it makes the
 * reads and variants other operations own, so that the default mix stays as it was:
 * a barrier's `parties`/`n_waiting`/`broken` and `Condition.wait_for` (`sync`), a
 * queue's `maxsize`/`empty()`/`full()`/`qsize()` (`queue_op`), `locked()` of locks and
 * semaphores, a Condition built on a Lock (`primitive` with `lock`), and
 * `timeout_at`/`reschedule`/`when` (`timeout` with `at` and `reschedule`).
 *
 * @example
 * ```ts
 * { op: "introspect", what: "all_tasks" }                 // introspect all_tasks ["main", "t1"]
 * { op: "introspect", what: "current_task", inCallback: true } // introspect current_task None (task: None)
 * { op: "introspect", what: "get_coro", target: "t1" }    // introspect get_coro t1 "co_a"
 * ```
 * @module
 */
import type { Task } from "../../asyncio/index.ts";
import type { Context, Resolver } from "../generate/resolve.ts";
import type { RawStmt } from "../generate/raw.ts";
import type { Stmt } from "./index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp } from "./op.ts";
import type { PrimitiveKind, SyncAction } from "./primitives.ts";
import type { QueueAction } from "./queues.ts";
import type { TimeoutStmt } from "./timeout.ts";

/** What an `introspect` statement reads. */
export const INTROSPECTIONS = ["all_tasks", "current_task", "get_coro"] as const;
export type Introspection = (typeof INTROSPECTIONS)[number];

/** Reads the loop's tasks, the current task, or a task's coroutine. */
export interface IntrospectStmt {
  op: "introspect";
  what: Introspection;
  /** The task whose coroutine `get_coro` reads. */
  target?: string | undefined;
  /** Read from a `loop.call_soon` callback instead of the running task. */
  inCallback?: boolean | undefined;
}

/** The `introspect` operation. */
export const introspect = defineOp<IntrospectStmt>({
  op: "introspect",
  summary: "Records all_tasks() (sorted names), current_task() or a task's get_coro() name, in the task or from a callback.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("introspect"),
      what: k.z.enum(INTROSPECTIONS),
      target: k.Identifier.optional(),
      inCallback: k.z.boolean().optional(),
    }),
  check(s, c, scope, at) {
    if (s.what === "get_coro") {
      if (s.target === undefined) c.problem([...at, "target"], "get_coro needs a target task");
      else c.ref({ task: s.target }, scope, [...at, "target"]);
    } else if (s.target !== undefined) {
      c.problem([...at, "target"], `${s.what} takes no target`);
    }
  },
  requires: (s) => (s.what === "get_coro" ? { name: "Task.get_coro()", since: FEATURE_SINCE.getCoro } : undefined),
  refs: (s) => (s.target === undefined ? [] : [s.target]),
  usesLoop: true,
  describe: (s) => `introspect ${s.what}${s.target === undefined ? "" : ` ${s.target}`}`,
  exec(s, rt, env) {
    const task = s.target === undefined ? undefined : (env.lookup(s.target) as Task<unknown>);
    if (s.inCallback) rt.loop().callSoon(rt.trace.introspect, s.what, task);
    else rt.trace.introspect(s.what, task);
  },
  python(s, w, indent) {
    const args = [w.str(s.what), ...(s.target === undefined ? [] : [s.target])].join(", ");
    w.line(indent, s.inCallback ? `loop.call_soon(trace.introspect, ${args})` : `trace.introspect(${args})`);
  },
  typescript(s, w, indent) {
    const args = [w.str(s.what), ...(s.target === undefined ? [] : [s.target])].join(", ");
    w.line(indent, s.inCallback ? `loop.callSoon(trace.introspect, ${args});` : `trace.introspect(${args});`);
  },
  simplify: (s) => (s.inCallback ? [(x) => [{ ...(x as IntrospectStmt), inCallback: undefined }]] : []),
  generate: {
    weight: 0,
    // In a task group's child the set of pending tasks could depend on the group's abort order.
    quiet: "degrade",
    resolve: (r, ctx, g) => {
      const makers = introspectionMakers(r, ctx, g);
      return (makers[(r.a * 65 + r.b) % makers.length] as () => Stmt[])();
    },
  },
});

/**
 * True for a statement only the introspection area makes: `introspect`, `task_factory`,
 * the state reads and `wait_for` of `sync` and `queue_op`, a condition on a lock, and a
 * `timeout` with `at` or `reschedule` (what `--feature introspection` counts).
 *
 * @example
 * ```ts
 * isIntrospection({ op: "sync", target: "br1", action: "parties" }); // true
 * ```
 */
export function isIntrospection(s: Stmt): boolean {
  switch (s.op) {
    case "introspect":
    case "task_factory":
      return true;
    case "sync":
      return ["parties", "n_waiting", "broken", "wait_for"].includes(s.action);
    case "queue_op":
      return ["maxsize", "empty", "full"].includes(s.action);
    case "primitive":
      return s.lock !== undefined;
    case "timeout":
      return s.at === true || s.reschedule !== undefined;
    default:
      return false;
  }
}

/** Reads of primitives' state by kind (what `sync` records with a value). */
const PRIMITIVE_READS: Partial<Record<PrimitiveKind, readonly SyncAction[]>> = {
  lock: ["locked"],
  semaphore: ["locked"],
  bounded_semaphore: ["locked"],
  condition: ["locked"],
  barrier: ["parties", "n_waiting", "broken"],
};
const QUEUE_READS: readonly QueueAction[] = ["maxsize", "empty", "full", "qsize"];
/** Deadlines `timeout` reschedules to, relative to now: none, past, now, soon, later. */
const RESCHEDULES: readonly (number | null)[] = [null, -1, 0, 0.25, 0.5, 1, 2.5];

/** Everything the introspection area can make at this point, each as a maker of statements. */
function introspectionMakers(r: RawStmt, ctx: Context, g: Resolver): (() => Stmt[])[] {
  const makers: (() => Stmt[])[] = [
    () => [{ op: "introspect", what: "all_tasks" }],
    () => [{ op: "introspect", what: "all_tasks", inCallback: true }],
    () => [{ op: "introspect", what: "current_task", inCallback: r.flag }],
  ];
  const task = g.pick(ctx.tasks, r.value);
  if (task !== undefined && g.minor >= FEATURE_SINCE.getCoro) {
    makers.push(() => [{ op: "introspect", what: "get_coro", target: task, inCallback: r.flag && r.value % 2 === 0 }]);
  }
  for (const p of ctx.primitives) {
    for (const action of PRIMITIVE_READS[p.kind] ?? []) makers.push(() => [{ op: "sync", target: p.name, action }]);
    if (p.kind === "condition") makers.push(() => [{ op: "sync", target: p.name, action: "wait_for", n: (r.value % 3) + 1 }]);
  }
  for (const q of ctx.queues) for (const action of QUEUE_READS) makers.push(() => [{ op: "queue_op", target: q.name, action }]);
  const lock = g.pick(ctx.primitives.filter((p) => p.kind === "lock"), r.value);
  if (lock !== undefined && !ctx.inRepeat) {
    makers.push(() => {
      const name = `cv${g.nextObject()}`;
      ctx.primitives.push({ name, kind: "condition" });
      return [{ op: "primitive", bind: name, kind: "condition", lock: lock.name }];
    });
  }
  if (g.minor >= FEATURE_SINCE.timeout) makers.push(() => [timeoutVariant(r, ctx, g)]);
  return makers;
}

/** A `timeout` made with `timeout_at` and/or rescheduled when its body starts. */
function timeoutVariant(r: RawStmt, ctx: Context, g: Resolver): TimeoutStmt {
  const body = g.resolveBody(r.body ?? [{ ...r, kind: "sleep" }], { ...ctx, inWith: true, depth: ctx.depth + 1 });
  const stmt: TimeoutStmt = { op: "timeout", delay: r.b % 6 === 0 ? null : g.delayOf(r), body };
  if (r.flag) stmt.at = true;
  if (!r.flag || r.value % 2 === 0) stmt.reschedule = RESCHEDULES[r.value % RESCHEDULES.length] as number | null;
  return stmt;
}
