/**
 * Timers on Effection 4: a callback after a delay is a spawned task that sleeps and then
 * calls it, a cancellation is `halt()`. Same deadlines as timers/cpython.py (Effection's
 * `sleep` is a Node `setTimeout`, millisecond resolution).
 */
import { run, sleep, spawn, type Operation, type Task } from "effection";
import { defineBench } from "../types.ts";
import { timerShape, type TimerShape } from "./shape.ts";

const counter = { fired: 0 };

function* later(seconds: number): Operation<void> {
  yield* sleep(seconds * 1000);
  counter.fired++;
}

function* oneRound(shape: TimerShape): Operation<void> {
  const handles: Task<void>[] = [];
  for (let i = 0; i < shape.timers; i++) handles.push(yield* spawn(() => later(shape.delay(i))));
  const tasks: Task<void>[] = [];
  for (let i = 0; i < shape.sleepers; i++) tasks.push(yield* spawn(() => later(shape.delay(i))));
  for (let i = 0; i < handles.length; i++) if (shape.cancelled(i)) yield* (handles[i] as Task<void>).halt();
  for (let i = 0; i < tasks.length; i++) if (shape.cancelled(i)) yield* (tasks[i] as Task<void>).halt();
  for (let i = 0; i < tasks.length; i++) if (!shape.cancelled(i)) yield* tasks[i] as Task<void>;
  yield* sleep(shape.pastAll * 1000);
}

function* main(shape: TimerShape): Operation<number> {
  counter.fired = 0;
  for (let r = 0; r < shape.rounds; r++) yield* oneRound(shape);
  return counter.fired;
}

export default defineBench({
  run(params) {
    return run(() => main(timerShape(params)));
  },
});
