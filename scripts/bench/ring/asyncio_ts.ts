/** The sleep(0) ring on asyncio-ts: `tasks` tasks each `yield* asyncio.sleep(0)` `steps` times. */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

const worker = asyncio.asyncDef(function* worker(steps: number): asyncio.Coroutine<number> {
  for (let i = 0; i < steps; i++) yield* asyncio.sleep(0);
  return steps;
});

const main = asyncio.asyncDef(function* main(tasks: number, steps: number): asyncio.Coroutine<number> {
  const coros = [];
  for (let i = 0; i < tasks; i++) coros.push(worker(steps));
  let done = 0;
  for (const n of yield* asyncio.gather(coros)) done += n;
  return done;
});

export default defineBench({
  run(params) {
    const coro = main(num(params, "tasks"), num(params, "steps"));
    return params.clock === "real" ? asyncio.run(coro, { clock: "real" }) : asyncio.run(coro);
  },
});
