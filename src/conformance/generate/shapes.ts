/**
 * Static tests of two shapes that define feature areas: a convoy (several tasks started in
 * one block that use the same primitive or queue) and a degenerate time (a delay, timeout
 * or `call_at` time that is negative, a day or more, or not finite, or a `timeout_at`).
 *
 * @example
 * ```ts
 * hasConvoy(program); // true when two tasks started side by side share a lock, a queue, ...
 * hasDegenerateTime(program); // true for e.g. sleep(float('inf')) or wait_for(x, -1)
 * ```
 * @module
 */
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import type { Program, Stmt } from "../ir/types.ts";
import { nestedBodies } from "../ops/index.ts";
import type { Spawn } from "../ops/spawn.ts";

/** The primitives and queues a statement list uses (targets of sync, with and queue_op, arguments of calls and spawns), nested ones included. */
function objectsUsed(body: Stmt[], into: Set<string>): Set<string> {
  for (const stmt of body) {
    if (stmt.op === "sync" || stmt.op === "with" || stmt.op === "queue_op") into.add(stmt.target);
    for (const spawn of spawnsOf(stmt)) if ("coroutine" in spawn.target) for (const arg of spawn.target.args ?? []) into.add(arg);
    for (const ref of refsOf(stmt)) if ("call" in ref) for (const arg of ref.args ?? []) into.add(arg);
    for (const [, nested] of nestedBodies(stmt)) objectsUsed(nested, into);
  }
  return into;
}

/** The tasks a statement creates (spawn, task group and as_completed children). */
function spawnsOf(stmt: Stmt): Spawn[] {
  if (stmt.op === "spawn") return [stmt];
  if (stmt.op === "task_group" || stmt.op === "as_completed") return stmt.children;
  return [];
}

/** The awaitables a statement refers to directly. */
function refsOf(stmt: Stmt): ({ call: string; args?: string[] | undefined } | object)[] {
  if (stmt.op === "await" || stmt.op === "shield" || stmt.op === "wait_for") return [stmt.target];
  if (stmt.op === "gather") return stmt.items;
  return [];
}

/** What a task to create uses: its arguments, or what its inline body uses. */
function spawnUses(spawn: Spawn): Set<string> {
  return "coroutine" in spawn.target ? new Set(spawn.target.args ?? []) : objectsUsed(spawn.target.body, new Set());
}

/**
 * True when, in some block, two or more tasks started there use the same primitive or
 * queue (passed as an argument, or used by their inline bodies).
 *
 * @example
 * ```ts
 * hasConvoy(program); // true for a lock and three tasks of `co_w1(lk3)`
 * ```
 */
export function hasConvoy(program: Program): boolean {
  const inBlock = (body: Stmt[]): boolean => {
    const users = new Map<string, number>();
    for (const stmt of body) {
      for (const spawn of spawnsOf(stmt)) {
        for (const name of spawnUses(spawn)) {
          const n = (users.get(name) ?? 0) + 1;
          if (n >= 2) return true;
          users.set(name, n);
        }
      }
    }
    return body.some((stmt) => nestedBodies(stmt).some(([, nested]) => inBlock(nested)));
  };
  return Object.values(program.coroutines).some(inBlock) || inBlock(program.main);
}

/** Whether a delay, timeout or loop time is degenerate: negative, a day or more, or not finite. */
export function isDegenerate(d: Delay): boolean {
  const seconds = delaySeconds(d);
  return !(seconds >= 0 && seconds < 86_400);
}

/**
 * True when a delay, timeout or `call_at` time of the program is degenerate (see
 * {@link isDegenerate}), or it has a `timeout_at`.
 *
 * @example
 * ```ts
 * hasDegenerateTime(program); // true for e.g. loop.call_later(float('nan'), ...)
 * ```
 */
export function hasDegenerateTime(program: Program): boolean {
  const degenerate = (stmt: Stmt): boolean => {
    switch (stmt.op) {
      case "sleep":
      case "call_later":
      case "set_later":
      case "resolve_later":
        return isDegenerate(stmt.delay);
      case "call_at":
        return isDegenerate(stmt.when);
      case "timeout":
        return stmt.absolute === true || (stmt.delay !== null && isDegenerate(stmt.delay));
      case "wait_for":
      case "as_completed":
        return stmt.timeout !== null && isDegenerate(stmt.timeout);
      case "wait":
        return stmt.timeout !== undefined && isDegenerate(stmt.timeout);
      default:
        return false;
    }
  };
  const visit = (body: Stmt[]): boolean => body.some((stmt) => degenerate(stmt) || nestedBodies(stmt).some(([, nested]) => visit(nested)));
  return Object.values(program.coroutines).some(visit) || visit(program.main);
}
