/**
 * Port of CPython's `asyncio/runners.py`: `run(main)` creates a loop, runs the coroutine
 * to completion, then shuts down as `asyncio.run` does: cancel every task still pending,
 * let them clean up, run the async-generator and default-executor shutdown steps (the
 * latter from Python 3.9), and close the loop.
 *
 * One story for both clocks: `run` returns what the clock allows. The virtual clock (the
 * default) runs synchronously, so `run` returns the result itself; the real clock has to
 * wait for Node's timers, so `run(main, { clock: "real" })` returns a Promise. TypeScript
 * knows which from the `clock` option, and `await` works on both, so code meant for
 * either clock awaits. `runSync` is the virtual clock only: it never returns a Promise, and
 * asking it for the real clock is a compile error.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number> {
 *   yield* asyncio.sleep(1);
 *   return 42;
 * });
 * asyncio.runSync(main());                              // 42, at once (virtual clock)
 * await asyncio.run(main(), { clock: "real" });         // 42, after one second
 * const n: number = asyncio.run(main(), { clock: "real" }); // compile error: a Promise
 * ```
 * @module
 */
import type { BaseEventLoop, LoopOptions } from "./base_events.ts";
import { isCoroutine, type Coroutine } from "./coroutines.ts";
import { _getRunningLoop, newEventLoop, setEventLoop } from "./events.ts";
import { RuntimeError, TypeError, ValueError } from "./exceptions.ts";
import { pyRepr } from "./format_helpers.ts";
import type { RealTimeEventLoop } from "./real_loop.ts";
import { allTasks, gather, type Task } from "./tasks.ts";
import type { VirtualEventLoop } from "./virtual_loop.ts";

/**
 * Which clock a loop runs on: `"virtual"` (time jumps to the next timer; everything runs
 * synchronously) or `"real"` (Node's clock and timers; run methods return Promises).
 *
 * @example
 * ```ts
 * const clock: asyncio.Clock = process.env.REAL ? "real" : "virtual";
 * await asyncio.run(main(), { clock }); // T | Promise<T>: await covers both
 * ```
 */
export type Clock = "virtual" | "real";

/**
 * Options of {@link run}.
 *
 * @example
 * ```ts
 * const options: asyncio.RunOptions = { python: "3.11", clock: "real" };
 * ```
 */
export interface RunOptions extends LoopOptions {
  /** `"virtual"` (default): synchronous, time jumps to the next timer. `"real"`: Node timers, returns a Promise. */
  clock?: Clock;
}

/**
 * Runs `main` on a new event loop and returns its result (`asyncio.run`): the value
 * itself on the virtual clock (the default), a Promise of it on the real clock, either
 * (`T | Promise<T>`, for `await`) when the clock is only known at run time.
 *
 * @example
 * ```ts
 * asyncio.run(main(), { python: "3.11" });           // T
 * await asyncio.run(main(), { clock: "real" });      // Promise<T>
 * ```
 */
export function run<T>(main: Coroutine<T>, options: RunOptions & { clock: "real" }): Promise<T>;
export function run<T>(main: Coroutine<T>, options?: RunOptions & { clock?: "virtual" }): T;
export function run<T>(main: Coroutine<T>, options: RunOptions): T | Promise<T>;
export function run<T>(main: Coroutine<T>, options: RunOptions = {}): T | Promise<T> {
  if (_getRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  if (!isCoroutine(main)) throw new ValueError(`a coroutine was expected, got ${pyRepr(main)}`);
  const { clock, ...loopOptions } = options;
  if (clock === "real") return runReal(main, newEventLoop({ ...loopOptions, clock: "real" }));
  if (clock !== undefined && clock !== "virtual") {
    throw new ValueError(`clock must be "virtual" or "real", not ${pyRepr(clock)}`);
  }
  return runVirtual(main, newEventLoop({ ...loopOptions, clock: "virtual" }));
}

/**
 * `asyncio.run` on the virtual clock, always synchronous: returns `main`'s result or
 * throws its exception, never a Promise. It takes no `clock` option; passing one is a
 * compile error (and a `TypeError` from JavaScript).
 *
 * @example
 * ```ts
 * const n: number = asyncio.runSync(main(), { python: "3.12" });
 * asyncio.runSync(main(), { clock: "real" }); // compile error
 * ```
 */
export function runSync<T>(main: Coroutine<T>, options: LoopOptions & { clock?: never } = {}): T {
  if ((options as RunOptions).clock !== undefined && (options as RunOptions).clock !== "virtual") {
    throw new TypeError(`runSync() runs on the virtual clock only; use run(main, { clock: ${pyRepr((options as RunOptions).clock)} }) and await it`);
  }
  return run(main, { ...options, clock: "virtual" });
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
