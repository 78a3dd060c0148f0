/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_eager_task_factory.py
 * (`asyncio.create_eager_task_factory`, `asyncio.eager_task_factory`, `Task(...,
 * eager_start=True)`). Cases left out are listed, with their reasons, in
 * `not_ported/test_eager_task_factory.md`.
 *
 * CPython runs the mixins for the Python and the C Task classes (`_PyTask`, `_CTask`,
 * `asyncio.Task`); this library has one Task class, so each case is ported once, under
 * the mixin's name. The task-counting cases run for the non-eager and the eager factory
 * (`BaseNonEagerTaskFactoryTests`, `BaseEagerTaskFactoryTests`).
 *
 * As `test_utils.TestCase.set_event_loop` does, the fixtures leave no current event loop:
 * the loop is passed explicitly.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { closeTestLoop, defined } from "./support.ts";

type Coro<T> = asyncio.Coroutine<T>;

let loopsToClose: asyncio.BaseEventLoop[] = [];

afterEach(() => {
  for (const loop of loopsToClose) closeTestLoop(loop);
  loopsToClose = [];
  asyncio.setEventLoop(null);
});

/** `asyncio.new_event_loop()` + `self.set_event_loop(loop)` (which sets no current loop). */
function newLoop(): asyncio.VirtualEventLoop {
  const loop = asyncio.newEventLoop();
  asyncio.setEventLoop(null);
  loopsToClose.push(loop);
  return loop;
}

// ---------------------------------------------------------------------------------------
// EagerTaskFactoryLoopTests

/** `EagerTaskFactoryLoopTests.setUp`, with `Task = asyncio.Task`. */
function eagerFixture(): { loop: asyncio.VirtualEventLoop; eagerTaskFactory: asyncio.TaskFactory } {
  const loop = newLoop();
  const eagerTaskFactory = asyncio.createEagerTaskFactory((coro, options) => new asyncio.Task(coro, options));
  loop.setTaskFactory(eagerTaskFactory);
  return { loop, eagerTaskFactory };
}

/**
 * `EagerTaskFactoryLoopTests.run_coro`: `self.loop.run_until_complete(coro)` (the
 * `coro_runner` it defines is unused in CPython).
 */
function runCoro<T>(loop: asyncio.VirtualEventLoop, coro: Coro<T>): T {
  return loop.runUntilComplete(coro);
}

describe("test_eager_task_factory.py", () => {
  describe("EagerTaskFactoryLoopTests", () => {
    it("EagerTaskFactoryLoopTests.test_eager_task_factory_set", () => {
      const { loop, eagerTaskFactory } = eagerFixture();
      expect(eagerTaskFactory).not.toBeNull();
      expect(loop.getTaskFactory()).toBe(eagerTaskFactory);

      const noop = asyncio.asyncDef(function* noop(): Coro<void> {});

      const run = asyncio.asyncDef(function* run(): Coro<void> {
        const t = loop.createTask(noop());
        expect(t).toBeInstanceOf(asyncio.Task);
        yield* t;
      });

      runCoro(loop, run());
    });

    it("EagerTaskFactoryLoopTests.test_await_future_during_eager_step", () => {
      const { loop } = eagerFixture();

      const setResult = asyncio.asyncDef(function* set_result(fut: asyncio.Future<string>, val: string): Coro<void> {
        fut.setResult(val);
      });

      const run = asyncio.asyncDef(function* run(): Coro<string> {
        const fut = loop.createFuture<string>();
        const t = loop.createTask(setResult(fut, "my message"));
        // assert the eager step completed the task
        expect(t.done()).toBe(true);
        return yield* fut;
      });

      expect(runCoro(loop, run())).toBe("my message");
    });

    it("EagerTaskFactoryLoopTests.test_eager_completion", () => {
      const { loop } = eagerFixture();

      const coro = asyncio.asyncDef(function* coro(): Coro<string> {
        return "hello";
      });

      const run = asyncio.asyncDef(function* run(): Coro<string> {
        const t = loop.createTask(coro());
        // assert the eager step completed the task
        expect(t.done()).toBe(true);
        return yield* t;
      });

      expect(runCoro(loop, run())).toBe("hello");
    });

    it("EagerTaskFactoryLoopTests.test_block_after_eager_step", () => {
      const { loop } = eagerFixture();

      const coro = asyncio.asyncDef(function* coro(): Coro<string> {
        yield* asyncio.sleep(0.1);
        return "finished after blocking";
      });

      const run = asyncio.asyncDef(function* run(): Coro<string> {
        const t = loop.createTask(coro());
        expect(t.done()).toBe(false);
        const result = yield* t;
        expect(t.done()).toBe(true);
        return result;
      });

      expect(runCoro(loop, run())).toBe("finished after blocking");
    });

    it("EagerTaskFactoryLoopTests.test_cancellation_after_eager_completion", () => {
      const { loop } = eagerFixture();

      const coro = asyncio.asyncDef(function* coro(): Coro<string> {
        return "finished without blocking";
      });

      const run = asyncio.asyncDef(function* run(): Coro<string> {
        const t = loop.createTask(coro());
        t.cancel();
        const result = yield* t;
        // finished task can't be cancelled
        expect(t.cancelled()).toBe(false);
        return result;
      });

      expect(runCoro(loop, run())).toBe("finished without blocking");
    });

    it("EagerTaskFactoryLoopTests.test_cancellation_after_eager_step_blocks", () => {
      const { loop } = eagerFixture();

      const coro = asyncio.asyncDef(function* coro(): Coro<string> {
        yield* asyncio.sleep(0.1);
        return "finished after blocking";
      });

      const run = asyncio.asyncDef(function* run(): Coro<void> {
        const t = loop.createTask(coro());
        t.cancel("cancellation message");
        expect(t.cancelling()).toBeGreaterThan(0);
        yield* t;
      });

      let caught: unknown = null;
      try {
        runCoro(loop, run());
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(asyncio.CancelledError);

      expect((caught as asyncio.CancelledError).args[0]).toBe("cancellation message");
    });

    it("EagerTaskFactoryLoopTests.test_current_task", () => {
      const { loop } = eagerFixture();
      let capturedCurrentTask: asyncio.Task<unknown> | null = null;

      const coro = asyncio.asyncDef(function* coro(): Coro<void> {
        capturedCurrentTask = asyncio.currentTask();
        // verify the task before and after blocking is identical
        yield* asyncio.sleep(0.1);
        expect(asyncio.currentTask()).toBe(capturedCurrentTask);
      });

      const run = asyncio.asyncDef(function* run(): Coro<void> {
        const t = loop.createTask(coro());
        expect(capturedCurrentTask).toBe(t);
        yield* t;
      });

      runCoro(loop, run());
      capturedCurrentTask = null;
    });

    it("EagerTaskFactoryLoopTests.test_all_tasks_with_eager_completion", () => {
      const { loop } = eagerFixture();
      let capturedAllTasks: Set<asyncio.Task<unknown>> | null = null;

      const coro = asyncio.asyncDef(function* coro(): Coro<void> {
        capturedAllTasks = asyncio.allTasks();
      });

      const run = asyncio.asyncDef(function* run(): Coro<void> {
        const t = loop.createTask(coro());
        expect(defined<Set<asyncio.Task<unknown>>>(capturedAllTasks).has(t)).toBe(true);
        expect(asyncio.allTasks().has(t)).toBe(false);
      });

      runCoro(loop, run());
    });

    it("EagerTaskFactoryLoopTests.test_all_tasks_with_blocking", () => {
      const { loop } = eagerFixture();
      let capturedEagerAllTasks: Set<asyncio.Task<unknown>> | null = null;

      const coro = asyncio.asyncDef(function* coro(
        fut1: asyncio.Future<unknown>,
        fut2: asyncio.Future<unknown>,
      ): Coro<void> {
        capturedEagerAllTasks = asyncio.allTasks();
        yield* fut1;
        fut2.setResult(undefined);
      });

      const run = asyncio.asyncDef(function* run(): Coro<void> {
        const fut1 = loop.createFuture();
        const fut2 = loop.createFuture();
        const t = loop.createTask(coro(fut1, fut2));
        expect(defined<Set<asyncio.Task<unknown>>>(capturedEagerAllTasks).has(t)).toBe(true);
        expect(asyncio.allTasks().has(t)).toBe(true);
        fut1.setResult(undefined);
        yield* fut2;
        expect(asyncio.allTasks().has(t)).toBe(false);
      });

      runCoro(loop, run());
    });
  });

  describe("CEagerTaskFactoryLoopTests", () => {
    it("CEagerTaskFactoryLoopTests.test_issue122332", () => {
      const { loop } = eagerFixture();

      const coro = asyncio.asyncDef(function* coro(): Coro<void> {});

      const run = asyncio.asyncDef(function* run(): Coro<void> {
        const task = loop.createTask(coro());
        yield* task;
        expect(task.getCoro()).toBeNull();
      });

      runCoro(loop, run());
    });
  });

  // -------------------------------------------------------------------------------------
  // BaseTaskCountingTests

  /** `AsyncTaskCounter`: counts the tasks created without `eager_start`. */
  class AsyncTaskCounter {
    suspenseCount = 0;
    taskCount = 0;

    constructor(loop: asyncio.BaseEventLoop, eager: boolean) {
      const countingTask = <T>(coro: Coro<T>, options: asyncio.TaskOptions): asyncio.Task<T> => {
        const eagerStart = options.eagerStart ?? false;
        if (!eagerStart) this.taskCount += 1;
        return new asyncio.Task(coro, { ...options, eagerStart });
      };

      let factory: asyncio.TaskFactory;
      if (eager) {
        factory = asyncio.createEagerTaskFactory(countingTask);
      } else {
        factory = <T>(l: asyncio.BaseEventLoop, coro: Coro<T>, options: asyncio.TaskOptions) =>
          countingTask(coro, { ...options, loop: l });
      }
      loop.setTaskFactory(factory);
    }

    get(): number {
      return this.taskCount;
    }
  }

  const awaitableChain = asyncio.asyncDef(function* awaitable_chain(depth: number): Coro<number> {
    if (depth === 0) return 0;
    return 1 + (yield* awaitableChain(depth - 1));
  });

  const recursiveTaskgroups = asyncio.asyncDef(function* recursive_taskgroups(
    width: number,
    depth: number,
  ): Coro<void> {
    if (depth === 0) return;

    yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
      const futures = [];
      for (let i = 0; i < width; i++) futures.push(tg.createTask(recursiveTaskgroups(width, depth - 1)));
    });
  });

  const recursiveGather = asyncio.asyncDef(function* recursive_gather(width: number, depth: number): Coro<void> {
    if (depth === 0) return;

    const children = [];
    for (let i = 0; i < width; i++) children.push(recursiveGather(width, depth - 1));
    yield* asyncio.gather(children);
  });

  interface Variant {
    eager: boolean;
    expectedTaskCount: number;
  }
  // 1 + 5 + 5^2 + 5^3 + 5^4
  const NON_EAGER: Variant = { eager: false, expectedTaskCount: 781 };
  const EAGER: Variant = { eager: true, expectedTaskCount: 0 };

  /** `BaseTaskCountingTests.setUp`. */
  function countingFixture({ eager }: Variant): { loop: asyncio.VirtualEventLoop; counter: AsyncTaskCounter } {
    const loop = newLoop();
    const counter = new AsyncTaskCounter(loop, eager);
    return { loop, counter };
  }

  /** `BaseTaskCountingTests.test_awaitables_chain`. */
  function testAwaitablesChain(variant: Variant): void {
    const { loop, counter } = countingFixture(variant);
    const observedDepth = loop.runUntilComplete(awaitableChain(100));
    expect(observedDepth).toBe(100);
    expect(counter.get()).toBe(variant.eager ? 0 : 1);
  }

  /** `BaseTaskCountingTests.test_recursive_taskgroups`. */
  function testRecursiveTaskgroups(variant: Variant): void {
    const { loop, counter } = countingFixture(variant);
    loop.runUntilComplete(recursiveTaskgroups(5, 4));
    expect(counter.get()).toBe(variant.expectedTaskCount);
  }

  /** `BaseTaskCountingTests.test_recursive_gather`. */
  function testRecursiveGather(variant: Variant): void {
    const { loop, counter } = countingFixture(variant);
    loop.runUntilComplete(recursiveGather(5, 4));
    expect(counter.get()).toBe(variant.expectedTaskCount);
  }

  describe("BaseNonEagerTaskFactoryTests", () => {
    it("BaseNonEagerTaskFactoryTests.test_awaitables_chain", () => testAwaitablesChain(NON_EAGER));
    it("BaseNonEagerTaskFactoryTests.test_recursive_taskgroups", () => testRecursiveTaskgroups(NON_EAGER));
    it("BaseNonEagerTaskFactoryTests.test_recursive_gather", () => testRecursiveGather(NON_EAGER));
  });

  describe("BaseEagerTaskFactoryTests", () => {
    it("BaseEagerTaskFactoryTests.test_awaitables_chain", () => testAwaitablesChain(EAGER));
    it("BaseEagerTaskFactoryTests.test_recursive_taskgroups", () => testRecursiveTaskgroups(EAGER));
    it("BaseEagerTaskFactoryTests.test_recursive_gather", () => testRecursiveGather(EAGER));
  });
});
