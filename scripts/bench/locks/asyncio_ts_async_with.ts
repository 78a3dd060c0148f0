/**
 * Lock and Semaphore contention on asyncio-ts with `asyncWith(lock, function* () {...})`,
 * the README's spelling of `async with`, its body a generator closure made at each entry.
 * V8 builds a prototype and a map the first time each new generator closure is called
 * (several microseconds), which dominates this row: hoist the body out of hot loops.
 */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

const counter = { entered: 0 };

const locker = asyncio.asyncDef(function* locker(lock: asyncio.Lock | asyncio.Semaphore, rounds: number): asyncio.Coroutine<void> {
  for (let r = 0; r < rounds; r++) {
    yield* asyncio.asyncWith(lock, function* () {
      counter.entered++;
      yield* asyncio.sleep(0);
    });
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
    return asyncio.run(main(num(params, "tasks"), num(params, "rounds"), num(params, "permits")));
  },
});
