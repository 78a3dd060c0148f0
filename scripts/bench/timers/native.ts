/**
 * Timers with native Node: `setTimeout` callbacks and `timers/promises` sleeps with an
 * AbortSignal, over the same deadlines as timers/cpython.py (Node timers have millisecond
 * resolution, so the microsecond deadlines round to 0 or 1 ms), more than half cancelled
 * (`clearTimeout`, `abort()`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { defineBench } from "../types.ts";
import { timerShape, type TimerShape } from "./shape.ts";

const counter = { fired: 0 };

function onTimer(): void {
  counter.fired++;
}

async function sleeper(seconds: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(seconds * 1000, undefined, { signal });
    counter.fired++;
  } catch (error) {
    if ((error as Error).name !== "AbortError") throw error;
  }
}

async function oneRound(shape: TimerShape): Promise<void> {
  const handles: NodeJS.Timeout[] = [];
  for (let i = 0; i < shape.timers; i++) handles.push(setTimeout(onTimer, shape.delay(i) * 1000));
  const controllers: AbortController[] = [];
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < shape.sleepers; i++) {
    const controller = new AbortController();
    controllers.push(controller);
    tasks.push(sleeper(shape.delay(i), controller.signal));
  }
  await null;
  for (let i = 0; i < handles.length; i++) if (shape.cancelled(i)) clearTimeout(handles[i]);
  for (let i = 0; i < controllers.length; i++) if (shape.cancelled(i)) (controllers[i] as AbortController).abort();
  await Promise.all(tasks);
  await sleep(shape.pastAll * 1000);
}

export default defineBench({
  async run(params) {
    const shape = timerShape(params);
    counter.fired = 0;
    for (let r = 0; r < shape.rounds; r++) await oneRound(shape);
    return counter.fired;
  },
});
