/** gather fan-out/fan-in on Effection 4: `all()` over small operations (each spawned). */
import { all, run } from "effection";
import { defineBench, num } from "../types.ts";

export default defineBench({
  async run(params) {
    const tasks = num(params, "tasks");
    const rounds = num(params, "rounds");
    function* leaf(i: number) {
      return i + 1;
    }
    return await run(function* main() {
      let total = 0;
      for (let r = 0; r < rounds; r++) {
        const ops = [];
        for (let i = 0; i < tasks; i++) ops.push(leaf(i));
        for (const value of yield* all(ops)) total += value;
      }
      return total;
    });
  },
});
