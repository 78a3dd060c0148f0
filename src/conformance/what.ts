/**
 * The `what` text of the event a statement records when it completes. One definition per
 * operation (`describe` in ../ops/), used by the interpreter and both emitters, so that
 * every side names events alike.
 *
 * @example
 * ```ts
 * describe({ op: "await", target: { task: "t1" } }); // "await t1"
 * ```
 * @module
 */
import { opOf } from "./ops/index.ts";
import type { Stmt } from "./ir/types.ts";

export { refText } from "./ops/refs.ts";

/** The event text of `stmt` (empty for statements that record nothing themselves). */
export function describe(stmt: Stmt): string {
  return opOf(stmt).describe(stmt);
}
