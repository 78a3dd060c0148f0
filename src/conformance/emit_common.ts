/**
 * What the Python and TypeScript emitters share: whether a coroutine body needs the
 * running loop (`loop = asyncio.get_running_loop()`), whether a program needs Python's
 * `import warnings`.
 *
 * @example
 * ```ts
 * usesLoop([{ op: "call_soon", label: "cb1" }]); // true
 * ```
 * @module
 */
import { nestedBodies, opOf } from "./ops/index.ts";
import type { Program, Stmt } from "./ir/types.ts";

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

/** Operations whose Python calls the `warnings` module (the program then imports it). */
const WARNINGS_OPS: ReadonlySet<string> = new Set(["warnings_filter", "warn"]);

/** Does any body of the program (nested ones included) call Python's `warnings` module? */
export function usesWarnings(program: Program): boolean {
  const inBody = (body: Stmt[]): boolean => body.some((s) => WARNINGS_OPS.has(s.op) || nestedBodies(s).some(([, nested]) => inBody(nested)));
  return inBody(program.main) || Object.values(program.coroutines).some(inBody);
}
