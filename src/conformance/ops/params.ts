/**
 * Parameters of named coroutines, and the arguments of the calls and spawns that run
 * them. A parameter is typed by what it stands for (a task, a future, a queue or one kind
 * of primitive); a call passes, for each parameter, a name bound at the call site that
 * stands for the same kind of thing. Programs list parameters in `parameters` (coroutine
 * name to its parameters), apart from the bodies in `coroutines`, so that a program
 * without parameters is written as before.
 *
 * @example
 * ```ts
 * // async def co_a(lk_a1): ...      await co_a(lk3)
 * const program = {
 *   coroutines: { co_a: [{ op: "with", target: "lk_a1", body: [] }] },
 *   parameters: { co_a: [{ name: "lk_a1", kind: "lock" }] },
 *   main: [{ op: "primitive", bind: "lk3", kind: "lock" }, { op: "await", target: { call: "co_a", args: ["lk3"] } }],
 * };
 * callText("co_a", ["lk3"]); // "co_a(lk3)"
 * ```
 * @module
 */
import { PRIMITIVE_CLASSES, PRIMITIVE_KINDS, type PrimitiveKind } from "./primitives.ts";

/** What a parameter (or any bound name) can stand for. */
export const PARAMETER_KINDS = ["task", "future", "queue", ...PRIMITIVE_KINDS] as const;
export type ParameterKind = "task" | "future" | "queue" | PrimitiveKind;

/** Most parameters a named coroutine may take. */
export const MAX_PARAMETERS = 4;

/** One parameter of a named coroutine. */
export interface Parameter {
  name: string;
  kind: ParameterKind;
}

/** A call of a named coroutine as written in code: `co_a()`, `co_a(lk3, q1)`. */
export function callText(name: string, args: readonly string[] | undefined): string {
  return `${name}(${(args ?? []).join(", ")})`;
}

/** The TypeScript type of a parameter of each kind (Queue covers LifoQueue and PriorityQueue). */
export function tsParameterType(kind: ParameterKind): string {
  switch (kind) {
    case "task":
      return "asyncio.Task<unknown>";
    case "future":
      return "asyncio.Future<unknown>";
    case "queue":
      return "asyncio.Queue<unknown>";
    default:
      return `asyncio.${PRIMITIVE_CLASSES[kind]}`;
  }
}
