/** The sleep(0) ring with native async/await: `await null` is one scheduling step. */
import { defineBench, num } from "../types.ts";

async function worker(steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) await null;
  return steps;
}

export default defineBench({
  async run(params) {
    const tasks = num(params, "tasks");
    const steps = num(params, "steps");
    const all: Promise<number>[] = [];
    for (let i = 0; i < tasks; i++) all.push(worker(steps));
    let done = 0;
    for (const n of await Promise.all(all)) done += n;
    return done;
  },
});
