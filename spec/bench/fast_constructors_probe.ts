/**
 * Child process of fast_constructors.spec.ts, run as `node --allow-natives-syntax --import
 * tsx` so the library is transpiled as tsx transpiles it (esbuild, `keepNames`). Builds one
 * object of each hot library class and prints, per constructor name, whether V8 gives the
 * constructor fast properties (`%HasFastProperties`).
 * @module
 */
import * as asyncio from "../../src/asyncio/index.ts";

// `%` syntax does not parse as TypeScript; Function builds it at run time instead.
const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;

const loop = asyncio.newEventLoop();
const queue = new asyncio.Queue<number>();
const samples: object[] = [
  queue,
  queue.put(1),
  queue.get(),
  new asyncio.Lock().acquire(),
  new asyncio.Semaphore(1).acquire(),
  new asyncio.Condition(),
  new asyncio.Event(),
  new asyncio.BoundedSemaphore(1),
  new asyncio.Barrier(2),
  asyncio.sleep(1),
  asyncio.sleep(0, "result"),
  loop.callLater(1, () => undefined),
  loop.callSoon(() => undefined),
  loop.createTask(asyncio.sleep(0)),
  new asyncio.CancelledError(),
  loop,
];
const report: Record<string, boolean> = {};
for (const sample of samples) {
  const ctor = (Object.getPrototypeOf(sample) as { constructor: { name: string } }).constructor;
  report[ctor.name] = hasFastProperties(ctor);
}
loop.close();
process.stdout.write(JSON.stringify(report));
