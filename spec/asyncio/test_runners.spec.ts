/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_runners.py (`asyncio.run`,
 * `asyncio.Runner`), under the default target 3.13. CPython's `BaseTest` installs a policy
 * whose loops record that `shutdown_asyncgens` ran and checks at tear-down that the loop
 * was closed; here each case checks the same on the loop it can reach. Cases left out
 * (SIGINT handling, contextvars, event loop policies and mocks of them) are listed, with
 * their reasons, in NOT_PORTED.md.
 */
import { describe, expect, it, vi } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { assertRaisesSync, defined } from "./support.ts";

type Coro<T = void> = asyncio.Coroutine<T>;

describe("test_runners.py", () => {
  describe("RunTests", () => {
    it("RunTests.test_asyncio_run_return", () => {
      const main = asyncio.asyncDef(function* main(): Coro<number> {
        yield* asyncio.sleep(0);
        return 42;
      });
      expect(asyncio.run(main())).toBe(42);
    });

    it("RunTests.test_asyncio_run_raises", () => {
      const main = asyncio.asyncDef(function* main(): Coro {
        yield* asyncio.sleep(0);
        throw new asyncio.ValueError("spam");
      });
      assertRaisesSync(asyncio.ValueError, () => asyncio.run(main()), /spam/);
    });

    it("RunTests.test_asyncio_run_only_coro", () => {
      for (const o of [1, () => null]) {
        assertRaisesSync(asyncio.ValueError, () => asyncio.run(o as never), /a coroutine was expected/);
      }
    });

    it("RunTests.test_asyncio_run_debug", () => {
      const main = asyncio.asyncDef(function* main(expected: boolean): Coro {
        expect(asyncio.getEventLoop().getDebug()).toBe(expected);
      });
      asyncio.run(main(false), { debug: false });
      asyncio.run(main(true), { debug: true });
      // CPython's default comes from the environment (PYTHONASYNCIODEBUG); ours is off.
      asyncio.run(main(false));
    });

    it("RunTests.test_asyncio_run_from_running_loop", () => {
      const main = asyncio.asyncDef(function* main(): Coro {
        asyncio.run(main());
      });
      assertRaisesSync(asyncio.RuntimeError, () => asyncio.run(main()), /cannot be called from a running/);
    });

    it("RunTests.test_asyncio_run_cancels_hanging_tasks", () => {
      let loTask: asyncio.Task<void> | null = null;
      const leftover = asyncio.asyncDef(function* leftover(): Coro {
        yield* asyncio.sleep(0.1);
      });
      const main = asyncio.asyncDef(function* main(): Coro<number> {
        loTask = asyncio.createTask(leftover());
        return 123;
      });
      expect(asyncio.run(main())).toBe(123);
      expect(defined<asyncio.Task<void>>(loTask).done()).toBe(true);
    });

    it("RunTests.test_asyncio_run_reports_hanging_tasks_errors", () => {
      let loTask: asyncio.Task<void> | null = null;
      const calls: asyncio.ExceptionContext[] = [];
      const leftover = asyncio.asyncDef(function* leftover(): Coro {
        try {
          yield* asyncio.sleep(0.1);
        } catch (e) {
          if (e instanceof asyncio.CancelledError) throw new asyncio.ZeroDivisionError("division by zero");
          throw e;
        }
      });
      const main = asyncio.asyncDef(function* main(): Coro<number> {
        const loop = asyncio.getRunningLoop();
        loop.callExceptionHandler = (context) => void calls.push(context);
        loTask = asyncio.createTask(leftover());
        return 123;
      });
      expect(asyncio.run(main())).toBe(123);
      const task = defined<asyncio.Task<void>>(loTask);
      expect(task.done()).toBe(true);
      const last = defined(calls.at(-1));
      expect(Object.keys(last).sort()).toEqual(["exception", "message", "task"]);
      expect(last.message).toMatch(/asyncio.run.*shutdown/);
      expect(last.task).toBe(task);
      expect(last.exception).toBeInstanceOf(asyncio.ZeroDivisionError);
    });

    it("RunTests.test_asyncio_run_closes_gens_after_hanging_tasks_errors", () => {
      let spinner: asyncio.AsyncGen<number, never> | null = null;
      let lazyboy: asyncio.Task<void> | null = null;
      class FancyExit extends asyncio.Exception {}
      const fidget = asyncio.asyncGen(function* fidget(): asyncio.AsyncGenBody<number> {
        for (;;) {
          yield* asyncio.ayield(1);
          yield* asyncio.sleep(1);
        }
      });
      const spin = asyncio.asyncDef(function* spin(): Coro {
        spinner = fidget();
        try {
          yield* asyncio.asyncFor(spinner, function* () {});
        } catch (e) {
          if (e instanceof asyncio.CancelledError) throw new asyncio.ZeroDivisionError("division by zero");
          throw e;
        }
      });
      const main = asyncio.asyncDef(function* main(): Coro {
        const loop = asyncio.getRunningLoop();
        loop.callExceptionHandler = vi.fn();
        lazyboy = asyncio.createTask(spin());
        throw new FancyExit();
      });
      assertRaisesSync(FancyExit, () => asyncio.run(main()));
      expect(defined<asyncio.Task<void>>(lazyboy).done()).toBe(true);
      const gen = defined<asyncio.AsyncGen<number, never>>(spinner);
      expect(gen._finished).toBe(true); // CPython: `spinner.ag_frame is None`
      expect(gen.agRunning).toBe(false);
    });

    it("RunTests.test_asyncio_run_set_event_loop", () => {
      // CPython checks that the policy's set_event_loop was called; here the observable
      // effect: inside main the current loop is the running one, and afterwards it is unset.
      const main = asyncio.asyncDef(function* main(): Coro<boolean> {
        yield* asyncio.sleep(0);
        return asyncio.getEventLoop() === asyncio.getRunningLoop();
      });
      expect(asyncio.run(main())).toBe(true);
      assertRaisesSync(asyncio.RuntimeError, () => asyncio.getEventLoop());
      asyncio.setEventLoop(asyncio.newEventLoop()); // as a fresh interpreter would have
    });

    it("RunTests.test_asyncio_run_loop_factory", () => {
      const loop = asyncio.newEventLoop();
      const factory = vi.fn(() => loop);
      const main = asyncio.asyncDef(function* main(): Coro {
        expect(asyncio.getRunningLoop()).toBe(loop);
      });
      asyncio.run(main(), { loopFactory: factory });
      expect(factory).toHaveBeenCalledTimes(1);
      expect(factory).toHaveBeenCalledWith();
      expect(loop.isClosed()).toBe(true);
    });

    it("RunTests.test_loop_factory_default_event_loop", () => {
      const main = asyncio.asyncDef(function* main(): Coro {
        expect(asyncio.getRunningLoop()).toBeInstanceOf(asyncio.VirtualEventLoop);
      });
      asyncio.run(main(), { loopFactory: () => new asyncio.VirtualEventLoop() });
    });
  });

  describe("RunnerTests", () => {
    it("RunnerTests.test_non_debug", () => {
      const runner = new asyncio.Runner({ debug: false });
      try {
        expect(runner.getLoop().getDebug()).toBe(false);
      } finally {
        runner.close();
      }
    });

    it("RunnerTests.test_debug", () => {
      const runner = new asyncio.Runner({ debug: true });
      try {
        expect(runner.getLoop().getDebug()).toBe(true);
      } finally {
        runner.close();
      }
    });

    it("RunnerTests.test_custom_factory", () => {
      const loop = asyncio.newEventLoop();
      const runner = new asyncio.Runner({ loopFactory: () => loop });
      try {
        expect(runner.getLoop()).toBe(loop);
      } finally {
        runner.close();
      }
    });

    it("RunnerTests.test_run", () => {
      const f = asyncio.asyncDef(function* f(): Coro<string> {
        yield* asyncio.sleep(0);
        return "done";
      });
      const runner = new asyncio.Runner();
      let loop: asyncio.EventLoop;
      try {
        expect(runner.run(f())).toBe("done");
        loop = runner.getLoop();
      } finally {
        runner.close();
      }
      assertRaisesSync(asyncio.RuntimeError, () => runner.getLoop(), /Runner is closed/);
      expect(loop.isClosed()).toBe(true);
    });

    it("RunnerTests.test_run_non_coro", () => {
      const runner = new asyncio.Runner();
      try {
        assertRaisesSync(asyncio.ValueError, () => runner.run(123 as never), /a coroutine was expected/);
      } finally {
        runner.close();
      }
    });

    it("RunnerTests.test_run_future", () => {
      const runner = new asyncio.Runner();
      try {
        assertRaisesSync(asyncio.ValueError, () => runner.run(runner.getLoop().createFuture() as never), /a coroutine was expected/);
      } finally {
        runner.close();
      }
    });

    it("RunnerTests.test_explicit_close", () => {
      const runner = new asyncio.Runner();
      const loop = runner.getLoop();
      runner.close();
      assertRaisesSync(asyncio.RuntimeError, () => runner.getLoop(), /Runner is closed/);
      expect(loop.isClosed()).toBe(true);
    });

    it("RunnerTests.test_double_close", () => {
      const runner = new asyncio.Runner();
      const loop = runner.getLoop();
      runner.close();
      expect(loop.isClosed()).toBe(true);
      runner.close(); // the second call is a no-op
      expect(loop.isClosed()).toBe(true);
    });

    it("RunnerTests.test_second_with_block_raises", () => {
      const ret: number[] = [];
      const f = asyncio.asyncDef(function* f(arg: number): Coro {
        ret.push(arg);
      });
      const runner = new asyncio.Runner();
      try {
        runner._lazyInit(); // `with runner:` enters through _lazy_init
        runner.run(f(1));
      } finally {
        runner.close();
      }
      assertRaisesSync(asyncio.RuntimeError, () => {
        runner._lazyInit(); // the second `with runner:` fails on entry
        try {
          runner.run(f(2));
        } finally {
          runner.close();
        }
      }, /Runner is closed/);
      expect(ret).toEqual([1]);
    });

    it("RunnerTests.test_recursive_run", () => {
      const g = asyncio.asyncDef(function* g(): Coro {});
      const runner = new asyncio.Runner();
      const f = asyncio.asyncDef(function* f(): Coro {
        runner.run(g());
      });
      try {
        // CPython also warns that g() was never awaited (garbage collection: not modelled).
        assertRaisesSync(asyncio.RuntimeError, () => runner.run(f()), /Runner\.run\(\) cannot be called from a running event loop/);
      } finally {
        runner.close();
      }
    });

    it("RunnerTests.test_set_event_loop_called_once", () => {
      // CPython counts the policy's set_event_loop calls (one for two runs); here the
      // observable effect: the runner's loop stays the current loop across runs.
      const coro = asyncio.asyncDef(function* coro(): Coro {});
      const runner = new asyncio.Runner();
      runner.run(coro());
      const loop = runner.getLoop();
      runner.run(coro());
      expect(asyncio.getEventLoop()).toBe(loop);
      runner.close();
      asyncio.setEventLoop(asyncio.newEventLoop());
    });

    it("RunnerTests.test_no_repr_is_call_on_the_task_result", () => {
      let reprCount = 0;
      class MyResult {
        toString(): string {
          reprCount += 1;
          return "<MyResult>";
        }
      }
      const coro = asyncio.asyncDef(function* coro(): Coro<MyResult> {
        return new MyResult();
      });
      const runner = new asyncio.Runner();
      let result: MyResult;
      try {
        result = runner.run(coro());
      } finally {
        runner.close();
      }
      expect(result).toBeInstanceOf(MyResult);
      expect(reprCount).toBe(0);
    });
  });
});
