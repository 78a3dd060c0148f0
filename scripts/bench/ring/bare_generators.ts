/**
 * The floor under the sleep(0) ring: the same generators and steps with no asyncio at all.
 * `tasks` generators each do `steps` bare `yield`s, resumed round-robin from a ring-buffer
 * deque: no Task, no Future, no loop iteration, no cancellation or current-task bookkeeping.
 * What asyncio-ts's row costs above this is the price of asyncio's semantics; this row
 * itself is what V8 charges for resuming a generator.
 */
import { defineBench, num } from "../types.ts";

function* worker(steps: number): Generator<undefined, number, unknown> {
  for (let i = 0; i < steps; i++) yield;
  return steps;
}

function ring(tasks: number, steps: number): number {
  let capacity = 16;
  while (capacity < tasks) capacity *= 2;
  const mask = capacity - 1;
  const queue: (Generator<undefined, number, unknown> | undefined)[] = new Array(capacity);
  let head = 0;
  let size = 0;
  for (let i = 0; i < tasks; i++) queue[size++] = worker(steps);
  let done = 0;
  while (size > 0) {
    const gen = queue[head] as Generator<undefined, number, unknown>;
    queue[head] = undefined;
    head = (head + 1) & mask;
    size--;
    const step = gen.next();
    if (step.done) done += step.value;
    else queue[(head + size++) & mask] = gen;
  }
  return done;
}

export default defineBench({
  run(params) {
    return ring(num(params, "tasks"), num(params, "steps"));
  },
});
