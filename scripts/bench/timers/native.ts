/**
 * Timers with native Node: `setTimeout` callbacks and `timers/promises` sleeps with an
 * AbortSignal, over the same deadlines as timers/cpython.py (Node timers have millisecond
 * resolution, so the microsecond deadlines round to 0 or 1 ms), more than half cancelled
 * (`clearTimeout`, `abort()`).
 */
import { setTimeout as sleep } from "node:timers/promises";
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
    const onTimer = () => {
      fired++;
    };
    const cancelled = (i: number) => i % 100 < cancelPercent;
    async function sleeper(ms: number, signal: AbortSignal): Promise<void> {
      try {
        await sleep(ms, undefined, { signal });
        fired++;
      } catch (error) {
        if ((error as Error).name !== "AbortError") throw error;
      }
    }
    for (let r = 0; r < rounds; r++) {
      const handles: NodeJS.Timeout[] = [];
      for (let i = 0; i < timers; i++) handles.push(setTimeout(onTimer, delayMs(i)));
      const controllers: AbortController[] = [];
      const tasks: Promise<void>[] = [];
      for (let i = 0; i < sleepers; i++) {
        const controller = new AbortController();
        controllers.push(controller);
        tasks.push(sleeper(delayMs(i), controller.signal));
      }
      await null;
      handles.forEach((handle, i) => {
        if (cancelled(i)) clearTimeout(handle);
      });
      controllers.forEach((controller, i) => {
        if (cancelled(i)) controller.abort();
      });
      await Promise.all(tasks);
      await sleep(distinct * stepMs); // past every deadline
    }
    return fired;
  },
});
