/** A bounded asyncio.Queue on asyncio-ts: producers put numbers, consumers get them until a null sentinel. */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

type Q = asyncio.Queue<number | null>;

const producer = asyncio.asyncDef(function* producer(q: Q, base: number, items: number): asyncio.Coroutine<void> {
  for (let i = 0; i < items; i++) yield* q.put(base + i);
});

const consumer = asyncio.asyncDef(function* consumer(q: Q): asyncio.Coroutine<number> {
  let total = 0;
  for (;;) {
    const item = yield* q.get();
    if (item === null) return total;
    total += item;
  }
});

const main = asyncio.asyncDef(function* main(
  producers: number,
  consumers: number,
  items: number,
  maxsize: number,
): asyncio.Coroutine<number> {
  const q: Q = new asyncio.Queue(maxsize);
  const readers = [];
  for (let c = 0; c < consumers; c++) readers.push(asyncio.ensureFuture(consumer(q)));
  const writers = [];
  for (let p = 0; p < producers; p++) writers.push(producer(q, p * items, items));
  yield* asyncio.gather(writers);
  for (let c = 0; c < consumers; c++) yield* q.put(null);
  let total = 0;
  for (const sum of yield* asyncio.gather(readers)) total += sum;
  return total;
});

export default defineBench({
  run(params) {
    const coro = main(num(params, "producers"), num(params, "consumers"), num(params, "items"), num(params, "maxsize"));
    return params.clock === "real" ? asyncio.run(coro, { clock: "real" }) : asyncio.run(coro);
  },
});
