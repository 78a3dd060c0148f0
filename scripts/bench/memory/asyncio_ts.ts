/**
 * Heap bytes per pending task and per pending timer on asyncio-ts, run by `npm run bench`
 * in a child `node --expose-gc`: `tasks` tasks parked on one Future (each has taken its
 * first step and waits), then `timers` pending `callLater` timers; each figure is the
 * growth of `process.memoryUsage().heapUsed` between two full collections, divided by the
 * count. Prints `{"bytesPerTask": N, "bytesPerTimer": N}`.
 *
 * Usage: node --expose-gc --import tsx scripts/bench/memory/asyncio_ts.ts '{"tasks": 100000, "timers": 100000}'
 * @module
 */
import * as asyncio from "../../../src/asyncio/index.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error("run with node --expose-gc");
  process.exit(2);
}
const { tasks, timers } = JSON.parse(process.argv[2] ?? "{}") as { tasks: number; timers: number };

function heapAfterGc(): number {
  (gc as () => void)();
  (gc as () => void)();
  return process.memoryUsage().heapUsed;
}

const loop = asyncio.newEventLoop();
asyncio.setEventLoop(loop);
const fut = loop.createFuture<number>();
const waiter = asyncio.asyncDef(function* waiter(f: asyncio.Future<number>): asyncio.Coroutine<number> {
  return yield* f;
});
const parked: asyncio.Task<number>[] = new Array(tasks);
const handles: asyncio.TimerHandle[] = new Array(timers);
const onTimer = () => {};

const beforeTasks = heapAfterGc();
for (let i = 0; i < tasks; i++) parked[i] = loop.createTask(waiter(fut));
loop.runUntilComplete(asyncio.sleep(0)); // every task takes its first step and parks on fut
const bytesPerTask = (heapAfterGc() - beforeTasks) / tasks;

const beforeTimers = heapAfterGc();
for (let i = 0; i < timers; i++) handles[i] = loop.callLater(1000 + i, onTimer);
const bytesPerTimer = (heapAfterGc() - beforeTimers) / timers;

// Check the tasks really were parked, then let everything finish.
if (parked.some((t) => t.done()) || fut.done()) throw new Error("a task finished before the measurement");
fut.setResult(1);
for (const handle of handles) handle.cancel();
loop.runUntilComplete(asyncio.gather(parked));
process.stdout.write(JSON.stringify({ bytesPerTask, bytesPerTimer }));
