/** gather fan-out/fan-in on asyncio-ts: `rounds` times, gather `tasks` small coroutines. */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

export default defineBench({
  run(params) {
    const tasks = num(params, "tasks");
    const rounds = num(params, "rounds");
    const leaf = asyncio.asyncDef(function* leaf(i: number): asyncio.Coroutine<number> {
      return i + 1;
    });
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number> {
      let total = 0;
      for (let r = 0; r < rounds; r++) {
        const coros = [];
        for (let i = 0; i < tasks; i++) coros.push(leaf(i));
        const results = yield* asyncio.gather(coros);
        for (const value of results) total += value;
      }
      return total;
    });
    return params.clock === "real" ? asyncio.run(main(), { clock: "real" }) : asyncio.run(main());
  },
});
