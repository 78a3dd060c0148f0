/**
 * Deliberate loop faults for the kit's `--fault` flag: each makes our loop diverge from
 * CPython in one known way, so that a campaign can show it catches such a porting bug.
 * They live here, not in the library: a loop without faults runs none of this code, and
 * `src/asyncio/` (which `npm run mutation` scores) carries no test-only paths.
 *
 * Each fault replaces a method of one loop instance, through the seams the loop keeps
 * for the kit and leaves out of its public types (`_pushTimer`, `_popTimer`,
 * `_heapifyTimers`, `_callSoonWakeup`, `_runReadyHandles`, `_clockResolution`).
 *
 * @example
 * ```ts
 * const loop = new asyncio.VirtualEventLoop();
 * installLoopFaults(loop, { fifoTimers: true });
 * ```
 * @module
 */
import type { BaseEventLoop } from "../asyncio/base_events.ts";
import type { SteppableTask, TimerHandle } from "../asyncio/events.ts";
import type { Future } from "../asyncio/futures.ts";
import { heapify, heappop, heappush } from "../asyncio/heapq.ts";

/**
 * The faults, each off unless set.
 *
 * @example
 * ```ts
 * new Harness({ python: "3.12", faults: { fifoTimers: true } }); // the kit must catch this bug
 * ```
 */
export interface LoopFaults {
  /** Timers with equal deadlines fire in FIFO order instead of CPython's heap order. */
  fifoTimers?: boolean;
  /** Callbacks scheduled during an iteration also run in that iteration. */
  sameIterationCallbacks?: boolean;
  /** A task awaiting a future wakes in the same iteration as the completion. */
  sameIterationWakeups?: boolean;
  /** The clock-resolution window is 1 ms instead of 1e-9 s: timers due within 1 ms run early. */
  coarseClockResolution?: boolean;
}

/**
 * Switches `faults` on in one loop.
 *
 * @example
 * ```ts
 * installLoopFaults(loop, { sameIterationWakeups: true });
 * ```
 */
export function installLoopFaults(loop: BaseEventLoop, faults: LoopFaults): void {
  if (faults.coarseClockResolution) loop._clockResolution = 1e-3;
  if (faults.fifoTimers) fifoTimers(loop);
  // Wakeups to run right after the handle that caused them (`sameIterationWakeups`).
  const immediate: (() => void)[] = [];
  if (faults.sameIterationWakeups) {
    loop._callSoonWakeup = (task: SteppableTask, future: Future<unknown>): void => {
      immediate.push(() => task._wakeup(future as never));
    };
  }
  loop._runReadyHandles = function (this: BaseEventLoop): void {
    this._readyDueTimers();
    const ready = this._ready;
    let ntodo = ready.length;
    for (let i = 0; i < ntodo; i++) {
      const handle = ready.popleft();
      if (handle._cancelled) continue;
      // As the loop's own batch does (runBatch): debug mode is read for each handle.
      if (this._debug) this._runHandleDebug(handle);
      else handle._run();
      while (immediate.length > 0) (immediate.shift() as () => void)();
      // `sameIterationCallbacks`: callbacks scheduled by this handle join the batch.
      if (faults.sameIterationCallbacks) ntodo = Math.min(i + 1 + ready.length, ntodo + 10_000);
    }
  };
}

/** Equal deadlines tie-break on creation order (the heap otherwise leaves their order to its shape). */
function fifoTimers(loop: BaseEventLoop): void {
  const order = new WeakMap<TimerHandle, number>();
  let created = 0;
  const lt = (a: TimerHandle, b: TimerHandle): boolean =>
    a._when < b._when || (a._when === b._when && (order.get(a) as number) < (order.get(b) as number));
  loop._pushTimer = function (this: BaseEventLoop, timer: TimerHandle): void {
    order.set(timer, created++);
    heappush(this._scheduled, timer, lt);
  };
  loop._popTimer = function (this: BaseEventLoop): TimerHandle {
    return heappop(this._scheduled, lt);
  };
  loop._heapifyTimers = (timers: TimerHandle[]): void => heapify(timers, lt);
}
