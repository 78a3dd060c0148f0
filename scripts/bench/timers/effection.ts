/**
 * Timers on Effection 4: a callback after a delay is a spawned task that sleeps and then
 * calls it, a cancellation is `halt()`. Same deadlines as timers/cpython.py (Effection's
 * `sleep` is a Node `setTimeout`, millisecond resolution).
 */
import { run, sleep, spawn, type Task } from "effection";
import { defineBench, num } from "../types.ts";

export default defineBench({
  async run(params) {
    const rounds = num(params, "rounds");
    const timers = num(params, "timers");
    const sleepers = num(params, "sleepers");
    const distinct = num(params, "distinct");
    const equal = num(params, "equal");
    const cancelPercent = num(params, "cancel_percent");
    const stepMs = num(params, "step_us") / 1000;
    let fired = 0;
    const delayMs = (i: number) => (i % equal === 0 ? Math.floor(distinct / 2) * stepMs : (i % distinct) * stepMs);
    const cancelled = (i: number) => i % 100 < cancelPercent;
    function* later(ms: number) {
      yield* sleep(ms);
      fired++;
    }
    await run(function* main() {
      for (let r = 0; r < rounds; r++) {
        const handles: Task<void>[] = [];
        for (let i = 0; i < timers; i++) handles.push(yield* spawn(() => later(delayMs(i))));
        const tasks: Task<void>[] = [];
        for (let i = 0; i < sleepers; i++) tasks.push(yield* spawn(() => later(delayMs(i))));
        for (let i = 0; i < timers; i++) if (cancelled(i)) yield* (handles[i] as Task<void>).halt();
        for (let i = 0; i < sleepers; i++) if (cancelled(i)) yield* (tasks[i] as Task<void>).halt();
        for (let i = 0; i < sleepers; i++) if (!cancelled(i)) yield* tasks[i] as Task<void>;
        yield* sleep(distinct * stepMs); // past every deadline
      }
    });
    return fired;
  },
});
