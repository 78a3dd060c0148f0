/** The sleep(0) ring with native async/await: `await null` is one scheduling step. */
import { defineBench, num } from "../types.ts";

export default defineBench({
  async run(params) {
    const tasks = num(params, "tasks");
    const steps = num(params, "steps");
    let done = 0;
    async function worker(): Promise<void> {
      for (let i = 0; i < steps; i++) await null;
      done += steps;
    }
    const all: Promise<void>[] = [];
    for (let i = 0; i < tasks; i++) all.push(worker());
    await Promise.all(all);
    return done;
  },
});
