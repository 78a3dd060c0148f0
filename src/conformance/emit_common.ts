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
import { nestedBodies, type PrimitiveKind, type QueueKind, type Stmt } from "./ir/index.ts";

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

const LOOP_OPS = new Set<Stmt["op"]>(["future", "resolve_later", "call_soon", "call_later", "set_later"]);

/** Does this body (not counting nested coroutines) use the running loop? */
export function usesLoop(body: Stmt[]): boolean {
  return body.some(
    (s) =>
      LOOP_OPS.has(s.op) ||
      // A body at `target.body` (a spawn's, or a task group or as_completed child's) is a coroutine of its own.
      nestedBodies(s).some(([key, nested]) => key.at(-2) !== "target" && usesLoop(nested)),
  );
}
