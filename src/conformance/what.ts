/**
 * The `what` text of the event a statement records when it completes. One definition,
 * used by the interpreter and both emitters, so that every side names events alike.
 *
 * @example
 * ```ts
 * describe({ op: "await", target: { task: "t1" } }); // "await t1"
 * ```
 * @module
 */
import type { Awaitable, FutureRef, Stmt } from "./ir/index.ts";

/** How a reference prints in an event, and is written in emitted code: `t1`, `f2`, or `job()`. */
export function refText(ref: Awaitable | FutureRef): string {
  if ("call" in ref) return `${ref.call}()`;
  return "task" in ref ? ref.task : ref.future;
}

/** The event text of `stmt` (empty for statements that record nothing themselves). */
export function describe(stmt: Stmt): string {
  switch (stmt.op) {
    case "log":
      return `log ${stmt.text}`;
    case "sleep":
      return `sleep ${stmt.delay}`;
    case "spawn":
      return `spawn ${stmt.bind}`;
    case "await":
      return `await ${refText(stmt.target)}`;
    case "future":
      return `future ${stmt.bind}`;
    case "set_result":
    case "set_exception":
    case "resolve_later":
      return `${stmt.op} ${stmt.future}`;
    case "gather":
      return `gather ${stmt.items.map(refText).join(" ")}`;
    case "wait":
      return `wait ${stmt.items.map(refText).join(" ")}`;
    case "shield":
      return `shield ${refText(stmt.target)}`;
    case "cancel":
      return `cancel ${refText(stmt.target)}`;
    case "call_soon":
    case "call_later":
      return `${stmt.op} ${stmt.label}`;
    case "add_done_callback":
      return `add_done_callback ${stmt.label} ${refText(stmt.target)}`;
    case "probe":
      return `probe ${refText(stmt.target)}.${stmt.what}`;
    case "wait_for":
      return `wait_for ${refText(stmt.target)}`;
    case "timeout":
      return "timeout exit";
    case "task_group":
      return "task_group exit";
    case "primitive":
    case "queue":
      return `${stmt.kind} ${stmt.bind}`;
    case "sync":
      return `${stmt.action} ${stmt.target}${stmt.n === undefined ? "" : ` ${stmt.n}`}`;
    case "with":
      return `with ${stmt.target}`;
    case "set_later":
      return `set_later ${stmt.target}`;
    case "queue_op":
      return `${stmt.action} ${stmt.target}`;
    case "as_completed":
      return "as_completed";
    case "raise":
    case "try":
    case "return":
    case "repeat":
      return "";
  }
}
