/**
 * Lock and Semaphore contention on asyncio-ts: what `async with lock:` does, written out as
 * the Lock documentation's first form, `yield* lock.acquire(); try { ... } finally {
 * lock.release(); }`, around one sleep(0). (locks/asyncio_ts_async_with.ts is the same
 * with `asyncWith` and a body closure per entry.)
 */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

export default defineBench({
  run(params) {
    const tasks = num(params, "tasks");
    const rounds = num(params, "rounds");
    const permits = num(params, "permits");
    let entered = 0;
    const locker = asyncio.asyncDef(function* locker(lock: asyncio.Lock | asyncio.Semaphore): asyncio.Coroutine<void> {
      for (let r = 0; r < rounds; r++) {
        yield* lock.acquire();
        try {
          entered++;
          yield* asyncio.sleep(0);
        } finally {
          lock.release();
        }
      }
    });
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
      const lock = new asyncio.Lock();
      const lockers = [];
      for (let t = 0; t < tasks; t++) lockers.push(locker(lock));
      yield* asyncio.gather(lockers);
      const sem = new asyncio.Semaphore(permits);
      const holders = [];
      for (let t = 0; t < tasks; t++) holders.push(locker(sem));
      yield* asyncio.gather(holders);
    });
    const finished = params.clock === "real" ? asyncio.run(main(), { clock: "real" }) : asyncio.run(main());
    return Promise.resolve(finished).then(() => entered);
  },
});
