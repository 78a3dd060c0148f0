/**
 * What the Python and TypeScript emitters share: whether a coroutine body needs the
 * running loop (`loop = asyncio.get_running_loop()`).
 *
 * @example
 * ```ts
 * usesLoop([{ op: "call_soon", label: "cb1" }]); // true
 * ```
 * @module
 */
import { nestedBodies, opOf } from "./ops/index.ts";
import type { Stmt } from "./ir/types.ts";

export { PRIMITIVE_CLASSES } from "./ops/primitives.ts";
export { QUEUE_CLASSES } from "./ops/queues.ts";

/** Does this body (not counting nested coroutines) use the running loop? */
export function usesLoop(body: Stmt[]): boolean {
  return body.some(
    (s) =>
      opOf(s).usesLoop === true ||
      // An inline task body (a spawn's, or a task group or as_completed child's) is a coroutine of its own.
      nestedBodies(s).some(([, nested, how]) => how?.coroutine !== true && usesLoop(nested)),
  );
}
