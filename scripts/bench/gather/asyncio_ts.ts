/** gather fan-out/fan-in on asyncio-ts: `rounds` times, gather `tasks` small coroutines. */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

const leaf = asyncio.asyncDef(function* leaf(i: number): asyncio.Coroutine<number> {
  return i + 1;
});

const main = asyncio.asyncDef(function* main(tasks: number, rounds: number): asyncio.Coroutine<number> {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const coros = [];
    for (let i = 0; i < tasks; i++) coros.push(leaf(i));
    for (const value of yield* asyncio.gather(coros)) total += value;
  }
  return total;
});

export default defineBench({
  run(params) {
    const coro = main(num(params, "tasks"), num(params, "rounds"));
    return params.clock === "real" ? asyncio.run(coro, { clock: "real" }) : asyncio.run(coro);
  },
});
