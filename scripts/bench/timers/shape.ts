/**
 * The timer workload's shape, shared by its Node implementations (timers/cpython.py
 * spells out the same): which deadline the i-th timer gets, and whether it is cancelled.
 *
 * @example
 * ```ts
 * const shape = timerShape(params);
 * shape.delay(7); // seconds
 * ```
 * @module
 */
import { num, type Params } from "../types.ts";

/** The sizes, and the deadline and fate of timer number i. */
export interface TimerShape {
  rounds: number;
  timers: number;
  sleepers: number;
  /** Seconds from now: every `equal`-th timer on one shared deadline, the others over `distinct` deadlines. */
  delay(i: number): number;
  /** The delay that passes every deadline. */
  pastAll: number;
  cancelled(i: number): boolean;
}

/** The shape for these parameters. */
export function timerShape(params: Params): TimerShape {
  const distinct = num(params, "distinct");
  const equal = num(params, "equal");
  const cancelPercent = num(params, "cancel_percent");
  const step = num(params, "step_us") * 1e-6;
  const shared = Math.floor(distinct / 2) * step;
  return {
    rounds: num(params, "rounds"),
    timers: num(params, "timers"),
    sleepers: num(params, "sleepers"),
    delay: (i) => (i % equal === 0 ? shared : (i % distinct) * step),
    pastAll: distinct * step,
    cancelled: (i) => i % 100 < cancelPercent,
  };
}
