/** gather fan-out/fan-in on Effection 4: `all()` over small operations (each spawned). */
import { all, run, type Operation } from "effection";
import { defineBench, num } from "../types.ts";

function* leaf(i: number): Operation<number> {
  return i + 1;
}

function* main(tasks: number, rounds: number): Operation<number> {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const ops = [];
    for (let i = 0; i < tasks; i++) ops.push(leaf(i));
    for (const value of yield* all(ops)) total += value;
  }
  return total;
}

export default defineBench({
  run(params) {
    return run(() => main(num(params, "tasks"), num(params, "rounds")));
  },
});
