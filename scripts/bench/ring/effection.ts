/**
 * The sleep(0) ring on Effection 4. Effection has no "let the other tasks run once"
 * operation, and its `sleep(0)` is a Node `setTimeout`; the step here waits for an
 * already-resolved promise (`until`), which resumes the task through Effection's own
 * scheduler after one microtask.
 */
import { all, run, until } from "effection";
import { defineBench, num } from "../types.ts";

export default defineBench({
  async run(params) {
    const tasks = num(params, "tasks");
    const steps = num(params, "steps");
    let done = 0;
    function* worker() {
      for (let i = 0; i < steps; i++) yield* until(Promise.resolve());
      done += steps;
    }
    await run(function* main() {
      const ops = [];
      for (let i = 0; i < tasks; i++) ops.push(worker());
      yield* all(ops);
    });
    return done;
  },
});
