/**
 * References a statement makes: to a bound task or future (`{ task: "t1" }`,
 * `{ future: "f2" }`) or to a call of a named coroutine (`{ call: "co_a" }`).
 *
 * @example
 * ```ts
 * refText({ call: "co_a" }); // "co_a()"
 * refName({ task: "t1" }); // "t1"
 * ```
 * @module
 */

/** A bound task or future. */
export type FutureRef = { task: string } | { future: string };

/** Something a statement can await: a bound task or future, or a call of a named coroutine. */
export type Awaitable = FutureRef | { call: string };

/** How a reference prints in an event, and is written in emitted code: `t1`, `f2`, or `co_a()`. */
export function refText(ref: Awaitable): string {
  if ("call" in ref) return `${ref.call}()`;
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

/** The bound names among `refs`. */
export function refNames(refs: Awaitable[]): string[] {
  return refs.flatMap((r) => refName(r) ?? []);
}
