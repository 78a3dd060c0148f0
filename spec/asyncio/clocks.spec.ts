/**
 * The two clocks: the virtual clock jumps to the next timer and reports a program that
 * can never finish as a Deadlock; the real clock waits on Node timers and brings Node
 * Promises into the loop with wrapPromise.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";

const { asyncDef } = asyncio;

describe("virtual clock", () => {
  it("jumps time to the earliest deadline instead of sleeping", () => {
    const loop = asyncio.newEventLoop();
    const seen: number[] = [];
    loop.callLater(3600, () => seen.push(loop.time()));
    loop.callLater(7200, () => {
      seen.push(loop.time());
      loop.stop();
    });
    loop.runForever();
    expect(seen).toEqual([3600, 7200]);
    loop.close();
  });

  it("computes deadlines as time() + delay in doubles, like CPython", () => {
    const result = asyncio.run(
      asyncDef(function* main(): asyncio.Coroutine<number> {
        yield* asyncio.sleep(0.1);
        yield* asyncio.sleep(0.2);
        return asyncio.getRunningLoop().time();
      })(),
    );
    expect(result).toBe(0.1 + 0.2); // 0.30000000000000004
  });

  it("ends a program that can never finish with Deadlock, naming what each task waits on", () => {
    const waiter = asyncDef(function* waiter(fut: asyncio.Future<number>): asyncio.Coroutine<number> {
      return yield* fut;
    });
    const main = asyncDef(function* main(): asyncio.Coroutine<number> {
      const never = asyncio.getRunningLoop().createFuture<number>();
      const child = asyncio.createTask(waiter(never), { name: "child" });
      yield* asyncio.sleep(5);
      return yield* child;
    });
    let error: unknown;
    try {
      asyncio.run(main());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(asyncio.Deadlock);
    const deadlock = error as asyncio.Deadlock;
    expect(deadlock.message).toContain("Deadlock at loop time 5");
    expect(deadlock.message).toMatch(/task 'child' \(waiter\(\)\) waits on a future that nothing completes: <Future pending/);
    expect(deadlock.message).toMatch(/task 'Task-\d+' \(main\(\)\) waits on task 'child'/);
    expect(deadlock.pendingTasks.map((t) => t.getName())).toContain("child");
  });

  it("runs the pending tasks' cleanup after a Deadlock, as asyncio.run's shutdown does", () => {
    const log: string[] = [];
    const stuck = asyncDef(function* stuck(): asyncio.Coroutine<void> {
      try {
        yield* asyncio.getRunningLoop().createFuture();
      } finally {
        log.push("cleanup ran");
      }
    });
    expect(() =>
      asyncio.run(
        asyncDef(function* main(): asyncio.Coroutine<void> {
          yield* asyncio.createTask(stuck());
        })(),
      ),
    ).toThrow(asyncio.Deadlock);
    expect(log).toEqual(["cleanup ran"]);
  });

  it("says so when a deadlocked program waits on a Node Promise", () => {
    const loop = asyncio.newEventLoop();
    const fut = asyncio.wrapPromise(new Promise<number>(() => {}), { loop });
    expect(() => loop.runUntilComplete(fut)).toThrow(/wrapped Promise\(s\) are pending.*clock: "real"/s);
    loop.close();
  });
});

describe("real clock", () => {
  it("resolves a program that awaits a wrapped Node Promise", async () => {
    const main = asyncDef(function* main(): asyncio.Coroutine<string> {
      const value = yield* asyncio.wrapPromise(
        new Promise<string>((resolve) => setTimeout(() => resolve("from node"), 20)),
      );
      return `${value} after ${asyncio.currentTask()?.getName()}`;
    });
    const result = await asyncio.run(main(), { clock: "real" });
    expect(result).toMatch(/^from node after Task-\d+$/);
  });

  it("turns a rejected Promise into the awaiting coroutine's exception", async () => {
    const main = asyncDef(function* main(): asyncio.Coroutine<string> {
      try {
        yield* asyncio.wrapPromise(Promise.reject(new RangeError("nope")));
        return "no error";
      } catch (e) {
        return `caught ${asyncio.pyRepr(e)}`;
      }
    });
    expect(await asyncio.run(main(), { clock: "real" })).toBe("caught RangeError('nope')");
  });

  it("waits real time for timers, in the same order as the virtual clock", async () => {
    const program = (order: string[]) =>
      asyncDef(function* main(): asyncio.Coroutine<void> {
        const sleeper = asyncDef(function* sleeper(name: string, delay: number): asyncio.Coroutine<void> {
          yield* asyncio.sleep(delay);
          order.push(name);
        });
        yield* asyncio.gather([sleeper("b", 0.04), sleeper("a", 0.02), sleeper("c", 0.04), sleeper("z", 0)]);
      })();
    const virtualOrder: string[] = [];
    asyncio.run(program(virtualOrder));
    const realOrder: string[] = [];
    const started = performance.now();
    await asyncio.run(program(realOrder), { clock: "real" });
    // The loop really waited for its timers (a lower bound, not a speed check).
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    expect(realOrder).toEqual(virtualOrder);
    expect(realOrder).toEqual(["z", "a", "b", "c"]);
  });

  it("keeps Node responsive while it waits: other Promises settle in between", async () => {
    const loop = asyncio.newEventLoop({ clock: "real" });
    let ticks = 0;
    const interval = setInterval(() => ticks++, 5);
    await loop.runUntilComplete(asyncio.sleep(0.06));
    clearInterval(interval);
    expect(ticks).toBeGreaterThan(3);
    loop.close();
  });
});
