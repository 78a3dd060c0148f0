/**
 * What the Python and TypeScript emitters share: the class names of primitives and queues
 * (the same in both languages) and whether a coroutine body needs the running loop.
 *
 * @example
 * ```ts
 * PRIMITIVE_CLASSES.bounded_semaphore; // "BoundedSemaphore"
 * ```
 * @module
 */
import type { PrimitiveKind, QueueKind, Stmt } from "./ir/index.ts";

/** The asyncio class of each primitive kind (Python and TypeScript alike). */
export const PRIMITIVE_CLASSES: Record<PrimitiveKind, string> = {
  lock: "Lock",
  event: "Event",
  condition: "Condition",
  semaphore: "Semaphore",
  bounded_semaphore: "BoundedSemaphore",
  barrier: "Barrier",
};

/** The asyncio class of each queue kind. */
export const QUEUE_CLASSES: Record<QueueKind, string> = { fifo: "Queue", lifo: "LifoQueue", priority: "PriorityQueue" };

/** Does this body (not counting nested coroutines) use the running loop? */
export function usesLoop(body: Stmt[]): boolean {
  return body.some((s) => {
    if (["future", "resolve_later", "call_soon", "call_later", "set_later"].includes(s.op)) return true;
    if (s.op === "try") return usesLoop(s.body) || s.handlers.some((h) => usesLoop(h.body)) || usesLoop(s.finally ?? []);
    if (s.op === "repeat" || s.op === "timeout" || s.op === "task_group" || s.op === "with") return usesLoop(s.body);
    return false;
  });
}

