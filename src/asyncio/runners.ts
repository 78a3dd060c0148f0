/**
 * Port of CPython's `asyncio/runners.py`: `run(main)` creates a loop, runs the coroutine
 * to completion, then shuts down as `asyncio.run` does: cancel every task still pending,
 * let them clean up, run the async-generator and default-executor shutdown steps (the
 * latter from Python 3.9), and close the loop.
 *
 * With the virtual clock (the default) `run` is synchronous and returns the result; with
 * `clock: "real"` it returns a Promise.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number> {
 *   yield* asyncio.sleep(1);
 *   return 42;
 * });
 * asyncio.run(main());                                  // 42, at once
 * await asyncio.run(main(), { clock: "real" });         // 42, after one second
 * ```
 * @module
 */
import type { BaseEventLoop, LoopOptions } from "./base_events.ts";
import { isCoroutine, type Coroutine } from "./coroutines.ts";
import { _getRunningLoop, newEventLoop, setEventLoop } from "./events.ts";
import { RuntimeError, ValueError } from "./exceptions.ts";
import { pyRepr } from "./format_helpers.ts";
import type { RealTimeEventLoop } from "./real_loop.ts";
import { allTasks, gather, type Task } from "./tasks.ts";
import type { VirtualEventLoop } from "./virtual_loop.ts";

/** Options of {@link run}. */
export interface RunOptions extends LoopOptions {
  /** `"virtual"` (default): synchronous, time jumps to the next timer. `"real"`: Node timers, returns a Promise. */
  clock?: "virtual" | "real";
}

/**
 * Runs `main` on a new event loop and returns its result (`asyncio.run`).
 *
 * @example
 * ```ts
 * asyncio.run(main(), { python: "3.11" });
 * ```
 */
export function run<T>(main: Coroutine<T>, options: RunOptions & { clock: "real" }): Promise<T>;
export function run<T>(main: Coroutine<T>, options?: RunOptions & { clock?: "virtual" }): T;
export function run<T>(main: Coroutine<T>, options: RunOptions = {}): T | Promise<T> {
  if (_getRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  if (!isCoroutine(main)) throw new ValueError(`a coroutine was expected, got ${pyRepr(main)}`);
  const { clock, ...loopOptions } = options;
  if (clock === "real") return runReal(main, newEventLoop({ ...loopOptions, clock: "real" }));
  return runVirtual(main, newEventLoop({ ...loopOptions, clock: "virtual" }));
}

function runVirtual<T>(main: Coroutine<T>, loop: VirtualEventLoop): T {
  try {
    setEventLoop(loop);
    return loop.runUntilComplete(mainTaskOrCoroutine(loop, main));
  } finally {
    try {
      const toCancel = cancelAllTasks(loop);
      if (toCancel.length > 0) {
        loop.runUntilComplete(gather(toCancel, { returnExceptions: true }));
        reportShutdownErrors(loop, toCancel);
      }
      loop.runUntilComplete(loop.shutdownAsyncgens());
      if (loop._minor >= 9) loop.runUntilComplete(loop.shutdownDefaultExecutor());
    } finally {
      setEventLoop(null);
      loop.close();
    }
  }
}

async function runReal<T>(main: Coroutine<T>, loop: RealTimeEventLoop): Promise<T> {
  try {
    setEventLoop(loop);
    return await loop.runUntilComplete(mainTaskOrCoroutine(loop, main));
  } finally {
    try {
      const toCancel = cancelAllTasks(loop);
      if (toCancel.length > 0) {
        await loop.runUntilComplete(gather(toCancel, { returnExceptions: true }));
        reportShutdownErrors(loop, toCancel);
      }
      await loop.runUntilComplete(loop.shutdownAsyncgens());
      if (loop._minor >= 9) await loop.runUntilComplete(loop.shutdownDefaultExecutor());
    } finally {
      setEventLoop(null);
      loop.close();
    }
  }
}

/** 3.11+ (`Runner.run`) creates the main task itself; earlier versions let `run_until_complete` wrap it. */
function mainTaskOrCoroutine<T>(loop: BaseEventLoop, main: Coroutine<T>): Coroutine<T> | Task<T> {
  return loop._minor >= 11 ? loop.createTask(main) : main;
}

/** The first half of CPython's `_cancel_all_tasks`: cancel every pending task. */
function cancelAllTasks(loop: BaseEventLoop): Task<unknown>[] {
  const toCancel = [...allTasks(loop)];
  for (const task of toCancel) task.cancel();
  return toCancel;
}

/** The second half: report tasks that ended with an error instead of being cancelled. */
function reportShutdownErrors(loop: BaseEventLoop, tasks: Task<unknown>[]): void {
  for (const task of tasks) {
    if (task.cancelled()) continue;
    const exc = task.exception();
    if (exc !== null) {
      loop.callExceptionHandler({
        message: "unhandled exception during asyncio.run() shutdown",
        exception: exc,
        task,
      });
    }
  }
}
