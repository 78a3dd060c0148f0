/**
 * Lock and Semaphore contention on asyncio-ts: what `async with lock:` does, written out as
 * the Lock documentation's first form, `yield* lock.acquire(); try { ... } finally {
 * lock.release(); }`, around one sleep(0). (locks/asyncio_ts_async_with.ts is the same
 * with `asyncWith` and a body closure per entry.)
 */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

const counter = { entered: 0 };

const locker = asyncio.asyncDef(function* locker(lock: asyncio.Lock | asyncio.Semaphore, rounds: number): asyncio.Coroutine<void> {
  for (let r = 0; r < rounds; r++) {
    yield* lock.acquire();
    try {
      counter.entered++;
      yield* asyncio.sleep(0);
    } finally {
      lock.release();
    }
  }
});

const main = asyncio.asyncDef(function* main(tasks: number, rounds: number, permits: number): asyncio.Coroutine<number> {
  counter.entered = 0;
  const lock = new asyncio.Lock();
  const lockers = [];
  for (let t = 0; t < tasks; t++) lockers.push(locker(lock, rounds));
  yield* asyncio.gather(lockers);
  const sem = new asyncio.Semaphore(permits);
  const holders = [];
  for (let t = 0; t < tasks; t++) holders.push(locker(sem, rounds));
  yield* asyncio.gather(holders);
  return counter.entered;
});

export default defineBench({
  run(params) {
    const coro = main(num(params, "tasks"), num(params, "rounds"), num(params, "permits"));
    return params.clock === "real" ? asyncio.run(coro, { clock: "real" }) : asyncio.run(coro);
  },
});
