/**
 * The sleep(0) ring on Effection 4. Effection has no "let the other tasks run once"
 * operation, and its `sleep(0)` is a Node `setTimeout`; the step here waits for an
 * already-resolved promise (`until`), which resumes the task through Effection's own
 * scheduler after one microtask.
 */
import { all, run, until, type Operation } from "effection";
import { defineBench, num } from "../types.ts";

function* worker(steps: number): Operation<number> {
  for (let i = 0; i < steps; i++) yield* until(Promise.resolve());
  return steps;
}

function* main(tasks: number, steps: number): Operation<number> {
  const ops = [];
  for (let i = 0; i < tasks; i++) ops.push(worker(steps));
  let done = 0;
  for (const n of yield* all(ops)) done += n;
  return done;
}

export default defineBench({
  run(params) {
    return run(() => main(num(params, "tasks"), num(params, "steps")));
  },
});
