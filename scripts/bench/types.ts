/**
 * What a benchmark implementation module exports, and the parameters it receives.
 *
 * @example
 * ```ts
 * export default defineBench({
 *   run(params) {
 *     return work(params.tasks); // the checksum: equal across implementations
 *   },
 * });
 * ```
 * @module
 */

/** A workload's sizes (numbers) and an implementation's options (strings). */
export type Params = Readonly<Record<string, number | string>>;

/** One implementation of one workload. */
export interface BenchModule {
  /**
   * Runs the workload once and returns a checksum (a count or a sum) that every
   * implementation of the workload must return too: proof that they did the same work.
   */
  run(params: Params): number | Promise<number>;
}

/** Declares a benchmark module (an identity function that gives the object its type). */
export function defineBench(module: BenchModule): BenchModule {
  return module;
}

/** A numeric parameter, with a clear error when the registry did not provide it. */
export function num(params: Params, name: string): number {
  const value = params[name];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`benchmark parameter '${name}' must be a number, got ${JSON.stringify(value)}`);
  }
  return value;
}
