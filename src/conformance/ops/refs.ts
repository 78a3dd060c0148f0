/**
 * References a statement makes: to a bound task or future (`{ task: "t1" }`,
 * `{ future: "f2" }`) or to a call of a named coroutine (`{ call: "co_a" }`, with `args`
 * when it takes parameters: `{ call: "co_w1", args: ["lk3"] }`).
 *
 * @example
 * ```ts
 * refText({ call: "co_a" }); // "co_a()"
 * refText({ call: "co_w1", args: ["lk3"] }); // "co_w1(lk3)"
 * refName({ task: "t1" }); // "t1"
 * ```
 * @module
 */
import { callText } from "./params.ts";

/** A bound task or future. */
export type FutureRef = { task: string } | { future: string };

/** A call of a named coroutine, with the bound names it passes (one per parameter). */
export interface CallRef {
  call: string;
  args?: string[] | undefined;
}

/** Something a statement can await: a bound task or future, or a call of a named coroutine. */
export type Awaitable = FutureRef | CallRef;

/** How a reference prints in an event, and is written in emitted code: `t1`, `f2`, `co_a()` or `co_w1(lk3)`. */
export function refText(ref: Awaitable): string {
  if ("call" in ref) return callText(ref.call, ref.args);
  return "task" in ref ? ref.task : ref.future;
}

/** The bound name a reference uses, or undefined for a coroutine call. */
export function refName(ref: Awaitable): string | undefined {
  if ("call" in ref) return undefined;
  return "task" in ref ? ref.task : ref.future;
}

/** The coroutine a reference calls, as a list (empty unless it is a call). */
export function refCalls(ref: Awaitable): string[] {
  return "call" in ref ? [ref.call] : [];
}

/** The bound names among `refs`, the arguments of calls included. */
export function refNames(refs: Awaitable[]): string[] {
  return refs.flatMap((r) => ("call" in r ? (r.args ?? []) : [refName(r) as string]));
}
