/** gather fan-out/fan-in with native async/await: `Promise.all` over async calls. */
import { defineBench, num } from "../types.ts";

async function leaf(i: number): Promise<number> {
  return i + 1;
}

export default defineBench({
  async run(params) {
    const tasks = num(params, "tasks");
    const rounds = num(params, "rounds");
    let total = 0;
    for (let r = 0; r < rounds; r++) {
      const calls: Promise<number>[] = [];
      for (let i = 0; i < tasks; i++) calls.push(leaf(i));
      for (const value of await Promise.all(calls)) total += value;
    }
    return total;
  },
});
