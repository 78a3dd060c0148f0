/** A bounded asyncio.Queue on asyncio-ts: producers put numbers, consumers get them until a null sentinel. */
import * as asyncio from "../../../src/asyncio/index.ts";
import { defineBench, num } from "../types.ts";

export default defineBench({
  run(params) {
    const producers = num(params, "producers");
    const consumers = num(params, "consumers");
    const items = num(params, "items");
    const maxsize = num(params, "maxsize");
    const producer = asyncio.asyncDef(function* producer(q: asyncio.Queue<number | null>, base: number): asyncio.Coroutine<void> {
      for (let i = 0; i < items; i++) yield* q.put(base + i);
    });
    const consumer = asyncio.asyncDef(function* consumer(q: asyncio.Queue<number | null>): asyncio.Coroutine<number> {
      let total = 0;
      for (;;) {
        const item = yield* q.get();
        if (item === null) return total;
        total += item;
      }
    });
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number> {
      const q = new asyncio.Queue<number | null>(maxsize);
      const readers = [];
      for (let c = 0; c < consumers; c++) readers.push(asyncio.ensureFuture(consumer(q)));
      const writers = [];
      for (let p = 0; p < producers; p++) writers.push(producer(q, p * items));
      yield* asyncio.gather(writers);
      for (let c = 0; c < consumers; c++) yield* q.put(null);
      let total = 0;
      for (const sum of yield* asyncio.gather(readers)) total += sum;
      return total;
    });
    return params.clock === "real" ? asyncio.run(main(), { clock: "real" }) : asyncio.run(main());
  },
});
