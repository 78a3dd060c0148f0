/**
 * Timers on asyncio-ts: call_later callbacks and sleep(d) tasks over many distinct and
 * equal deadlines, more than half of them cancelled (the loop rebuilds its heap). See
 * timers/cpython.py for the shape.
 */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench } from "../types.ts";
import { timerShape, type TimerShape } from "./shape.ts";

const counter = { fired: 0 };

function onTimer(): void {
  counter.fired++;
}

const sleeper = asyncio.asyncDef(function* sleeper(d: number): asyncio.Coroutine<void> {
  yield* asyncio.sleep(d);
  counter.fired++;
});

const oneRound = asyncio.asyncDef(function* one_round(loop: asyncio.BaseEventLoop, shape: TimerShape): asyncio.Coroutine<void> {
  const handles: asyncio.TimerHandle[] = [];
  for (let i = 0; i < shape.timers; i++) handles.push(loop.callLater(shape.delay(i), onTimer));
  const tasks: asyncio.Task<void>[] = [];
  for (let i = 0; i < shape.sleepers; i++) tasks.push(loop.createTask(sleeper(shape.delay(i))));
  yield* asyncio.sleep(0); // the sleepers start and schedule their timers
  for (let i = 0; i < handles.length; i++) if (shape.cancelled(i)) (handles[i] as asyncio.TimerHandle).cancel();
  for (let i = 0; i < tasks.length; i++) if (shape.cancelled(i)) (tasks[i] as asyncio.Task<void>).cancel();
  yield* asyncio.gather(tasks, { returnExceptions: true });
  yield* asyncio.sleep(shape.pastAll);
});

const main = asyncio.asyncDef(function* main(shape: TimerShape): asyncio.Coroutine<number> {
  counter.fired = 0;
  const loop = asyncio.getRunningLoop();
  for (let r = 0; r < shape.rounds; r++) yield* oneRound(loop, shape);
  return counter.fired;
});

export default defineBench({
  run(params) {
    const coro = main(timerShape(params));
    return params.clock === "real" ? asyncio.run(coro, { clock: "real" }) : asyncio.run(coro);
  },
});
