/** The sleep(0) ring on asyncio-ts: `tasks` tasks each `yield* asyncio.sleep(0)` `steps` times. */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

export default defineBench({
  run(params) {
    const tasks = num(params, "tasks");
    const steps = num(params, "steps");
    let done = 0;
    const worker = asyncio.asyncDef(function* worker(): asyncio.Coroutine<void> {
      for (let i = 0; i < steps; i++) yield* asyncio.sleep(0);
      done += steps;
    });
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
      const coros = [];
      for (let i = 0; i < tasks; i++) coros.push(worker());
      yield* asyncio.gather(coros);
    });
    const finished = params.clock === "real" ? asyncio.run(main(), { clock: "real" }) : asyncio.run(main());
    return Promise.resolve(finished).then(() => done);
  },
});
