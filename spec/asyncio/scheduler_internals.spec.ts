/**
 * The scheduler's fast paths keep CPython's behaviour where a program or a test can look:
 * gather finds repeated arguments among thousands (its map is split into small ones), the
 * loop's task registry keeps creation order, the ready queue shows the handles CPython
 * would hold (never a handle the loop recycles), and an error in a recycled handle is
 * reported with a handle that stays as it was.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import type { _GatheringFuture } from "../../src/asyncio/tasks.ts";

const { asyncDef } = asyncio;

const value = asyncDef(function* value(i: number): asyncio.Coroutine<number> {
  return i;
});

describe("gather with repeated arguments", () => {
  it("wraps a coroutine passed twice once, also when thousands of arguments separate them", () => {
    const run = asyncDef(function* main(): asyncio.Coroutine<[number[], boolean, number]> {
      const loop = asyncio.getRunningLoop();
      const first = value(-1);
      const fut = loop.createFuture<number>();
      loop.callSoon(() => fut.setResult(-2));
      const args: asyncio.Awaitable<number>[] = [first, fut];
      for (let i = 0; i < 9000; i++) args.push(value(i));
      args.push(first, fut); // repeats, after two chunks of the argument map
      const before = asyncio.allTasks().size;
      const gathered = asyncio.gather(args);
      const created = asyncio.allTasks().size - before;
      const results = yield* gathered;
      const children = (gathered as _GatheringFuture<number[]>)._children;
      return [results, children[0] === children[9002], created];
    });
    const [results, sameTask, created] = asyncio.run(run());
    expect(created).toBe(9001); // one task per distinct coroutine
    expect(sameTask).toBe(true);
    expect(results.slice(0, 2)).toEqual([-1, -2]);
    expect(results.slice(-2)).toEqual([-1, -2]);
    expect(results.slice(2, -2)).toEqual(Array.from({ length: 9000 }, (_, i) => i));
  });
  it("finds a repeated coroutine that cannot take properties (frozen), through its identity map", () => {
    const run = asyncDef(function* main(): asyncio.Coroutine<[number[], number]> {
      const frozen = Object.freeze(value(7));
      const before = asyncio.allTasks().size;
      const gathered = asyncio.gather([frozen, value(8), frozen]);
      const created = asyncio.allTasks().size - before;
      return [yield* gathered, created];
    });
    expect(asyncio.run(run())).toEqual([[7, 8, 7], 2]);
  });

  it("does not take a coroutine seen by an earlier gather for a repeat: it gets a new task", () => {
    // CPython keys `arg_to_fut` per call, so the second gather wraps the coroutine again.
    const run = asyncDef(function* main(): asyncio.Coroutine<[boolean, number]> {
      const once = value(3);
      const first = asyncio.gather([once]);
      const firstChild = (first as unknown as _GatheringFuture<number[]>)._children[0];
      yield* first;
      const before = asyncio.allTasks().size;
      const second = asyncio.gather([once]);
      const created = asyncio.allTasks().size - before;
      const sameChild = (second as unknown as _GatheringFuture<number[]>)._children[0] === firstChild;
      yield* second;
      return [sameChild, created];
    });
    expect(asyncio.run(run())).toEqual([false, 1]);
  });
});

describe("the loop's task registry", () => {
  it("lists pending tasks in creation order and forgets finished ones", () => {
    const sleeper = asyncDef(function* sleeper(d: number): asyncio.Coroutine<number> {
      yield* asyncio.sleep(d);
      return d;
    });
    const run = asyncDef(function* main(): asyncio.Coroutine<string[][]> {
      const names: string[][] = [];
      const snapshot = () => [...asyncio.allTasks()].map((t) => t.getName()).filter((n) => n !== "main");
      const tasks = [3, 1, 2].map((d) => asyncio.createTask(sleeper(d), { name: `t${d}` }));
      names.push(snapshot());
      yield* asyncio.sleep(1.5);
      names.push(snapshot());
      yield* asyncio.gather(tasks);
      names.push(snapshot());
      return names;
    });
    const loop = asyncio.newEventLoop();
    const main = loop.createTask(run(), { name: "main" });
    expect(loop.runUntilComplete(main)).toEqual([["t3", "t1", "t2"], ["t3", "t2"], []]);
    expect(loop._tasks.size).toBe(0);
    loop.close();
  });
});

/**
 * A loop whose `callSoon` is replaced makes Task and Future schedule through it, with a
 * plain Handle per call: the way the loop worked before its own handles were recycled,
 * and what the fast path must look like.
 */
function plainLoop(python: asyncio.PythonVersion): asyncio.VirtualEventLoop {
  const loop = asyncio.newEventLoop({ python });
  const callSoon = asyncio.BaseEventLoop.prototype.callSoon as (
    this: asyncio.BaseEventLoop,
    cb: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) => asyncio.Handle;
  loop.callSoon = function (this: asyncio.BaseEventLoop, cb: (...args: never[]) => unknown, ...args: unknown[]) {
    return callSoon.call(this, cb as (...args: unknown[]) => unknown, ...args);
  } as typeof loop.callSoon;
  return loop;
}

const waiter = asyncDef(function* waiter(f: asyncio.Future<number>): asyncio.Coroutine<number> {
  return yield* f;
});

describe.each(["3.9", "3.12", "3.13"] as const)("the ready queue as tests see it (%s)", (python) => {
  /** What `_ready` shows at each point of a small program. */
  function readyViews(loop: asyncio.VirtualEventLoop): string[][] {
    const views: string[][] = [];
    const fut = loop.createFuture<number>();
    loop.createTask(waiter(fut));
    views.push([...loop._ready].map(String));
    loop.runUntilComplete(asyncio.sleep(0)); // the task takes its first step and waits on fut
    fut.addDoneCallback(function cb() {});
    fut.setResult(7);
    views.push([...loop._ready].map(String), [String(loop._ready.at(0))]);
    loop.runUntilComplete(asyncio.sleep(0));
    loop.close();
    return views;
  }

  it("shows steps, wakeups and done-callbacks as the plain handles would", () => {
    expect(readyViews(asyncio.newEventLoop({ python }))).toEqual(readyViews(plainLoop(python)));
  });

  it("hands out copies: a handle seen in the queue does not change when the loop recycles it", () => {
    const loop = asyncio.newEventLoop({ python });
    const fut = loop.createFuture<number>();
    loop.createTask(waiter(fut));
    loop.runUntilComplete(asyncio.sleep(0));
    fut.setResult(7);
    const shown = loop._ready.at(0) as asyncio.Handle;
    const before = String(shown);
    loop.runUntilComplete(asyncio.sleep(0)); // the wakeup runs; its handle goes back to the pool
    const other = loop.createFuture<string>();
    other.addDoneCallback(function later() {});
    other.setResult("reused"); // takes the recycled handle
    expect(String(shown)).toBe(before);
    loop.close();
  });

  it("reports an error in a task's wakeup as the plain handle would", () => {
    // A task marked done from outside while it waits: its wakeup's step refuses to run.
    function failingWakeup(loop: asyncio.VirtualEventLoop): string[] {
      const contexts: asyncio.ExceptionContext[] = [];
      loop.setExceptionHandler((_loop, context) => contexts.push(context));
      const fut = loop.createFuture<number>();
      const task = loop.createTask(waiter(fut), { name: "w" });
      loop.runUntilComplete(asyncio.sleep(0));
      asyncio.Future.prototype.setResult.call(task, 0);
      fut.setResult(7);
      const queued = String(loop._ready.at(0));
      loop.runUntilComplete(asyncio.sleep(0));
      loop.close();
      return [queued, ...contexts.flatMap((c) => [String(c.message), String(c.handle), String(c.exception)])];
    }
    const fast = failingWakeup(asyncio.newEventLoop({ python }));
    expect(fast).toHaveLength(4);
    expect(fast[0]).toMatch(/wakeup/i);
    expect(fast).toEqual(failingWakeup(plainLoop(python)));
  });

  it("reports an error in a done-callback as the plain handle would, with a handle that stays as it was", () => {
    function failingRun(loop: asyncio.VirtualEventLoop): string[] {
      const contexts: asyncio.ExceptionContext[] = [];
      loop.setExceptionHandler((_loop, context) => contexts.push(context));
      const fut = loop.createFuture<number>();
      fut.addDoneCallback(function failing(): void {
        throw new asyncio.ValueError("boom");
      });
      fut.setResult(1);
      loop.runUntilComplete(asyncio.sleep(0));
      const other = loop.createFuture<number>();
      other.addDoneCallback(function fine() {});
      other.setResult(2); // would take a recycled handle
      loop.runUntilComplete(asyncio.sleep(0));
      loop.close();
      return contexts.flatMap((c) => [String(c.message), String(c.handle), String(c.exception)]);
    }
    const fast = failingRun(asyncio.newEventLoop({ python }));
    expect(fast).toHaveLength(3);
    expect(fast).toEqual(failingRun(plainLoop(python)));
  });
});
