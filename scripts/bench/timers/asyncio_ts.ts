/**
 * Timers on asyncio-ts: call_later callbacks and sleep(d) tasks over many distinct and
 * equal deadlines, more than half of them cancelled (the loop rebuilds its heap). See
 * timers/cpython.py for the shape.
 */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

export default defineBench({
  run(params) {
    const rounds = num(params, "rounds");
    const timers = num(params, "timers");
    const sleepers = num(params, "sleepers");
    const distinct = num(params, "distinct");
    const equal = num(params, "equal");
    const cancelPercent = num(params, "cancel_percent");
    const step = num(params, "step_us") * 1e-6;
    let fired = 0;
    const delay = (i: number) => (i % equal === 0 ? Math.floor(distinct / 2) * step : (i % distinct) * step);
    const onTimer = () => {
      fired++;
    };
    const cancelled = (i: number) => i % 100 < cancelPercent;
    const sleeper = asyncio.asyncDef(function* sleeper(d: number): asyncio.Coroutine<void> {
      yield* asyncio.sleep(d);
      fired++;
    });
    const oneRound = asyncio.asyncDef(function* one_round(loop: asyncio.BaseEventLoop): asyncio.Coroutine<void> {
      const handles = [];
      for (let i = 0; i < timers; i++) handles.push(loop.callLater(delay(i), onTimer));
      const tasks = [];
      for (let i = 0; i < sleepers; i++) tasks.push(loop.createTask(sleeper(delay(i))));
      yield* asyncio.sleep(0); // the sleepers start and schedule their timers
      handles.forEach((handle, i) => {
        if (cancelled(i)) handle.cancel();
      });
      tasks.forEach((task, i) => {
        if (cancelled(i)) task.cancel();
      });
      yield* asyncio.gather(tasks, { returnExceptions: true });
      yield* asyncio.sleep(distinct * step); // past every deadline
    });
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
      const loop = asyncio.getRunningLoop();
      for (let r = 0; r < rounds; r++) yield* oneRound(loop);
    });
    const finished = params.clock === "real" ? asyncio.run(main(), { clock: "real" }) : asyncio.run(main());
    return Promise.resolve(finished).then(() => fired);
  },
});
