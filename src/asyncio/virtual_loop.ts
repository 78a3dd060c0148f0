/**
 * The virtual-clock event loop: time stands still while callbacks are ready and jumps
 * straight to the earliest timer's deadline when nothing is, the way CPython's test loop
 * and the conformance kit's Python reference advance time. It runs synchronously, so a
 * program with an hour of sleeps finishes in microseconds, and the same program always
 * produces the same schedule.
 *
 * When nothing is ready, no timer is scheduled and no wrapped Promise is pending, the
 * program can never make progress: the loop throws {@link Deadlock}, naming the pending
 * tasks and what each one waits on.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop(); // a VirtualEventLoop
 * loop.runUntilComplete(asyncio.sleep(3600));
 * loop.time(); // 3600
 * ```
 * @module
 */
import { BaseEventLoop, type LoopOptions } from "./base_events.ts";
import { coroutineName, type Coroutine } from "./coroutines.ts";
import type { TimerHandle } from "./events.ts";
import type { Future } from "./futures.ts";
import { Task } from "./tasks.ts";

/**
 * Thrown by a virtual-clock loop when the program can never finish: nothing is ready and
 * nothing is scheduled. `pendingTasks` holds the tasks that were still waiting.
 *
 * @example
 * ```ts
 * try { loop.runUntilComplete(loop.createFuture()); }
 * catch (e) { if (e instanceof Deadlock) console.log(e.message); }
 * ```
 */
export class Deadlock extends Error {
  /** Tasks not done when the loop ran out of work. */
  readonly pendingTasks: Task<unknown>[];

  constructor(loop: BaseEventLoop, hint = "") {
    const pending = [...loop._tasks].filter((t) => !t.done());
    const lines = [
      `Deadlock at loop time ${loop.time()}: nothing is ready and no timer is scheduled, so the program can never finish.`,
    ];
    if (pending.length === 0) lines.push("No task is pending (the awaited future is never completed).");
    else {
      lines.push(`${pending.length} pending task${pending.length === 1 ? "" : "s"}:`);
      for (const task of pending) lines.push(`  ${describeTask(task)} waits on ${describeWaiter(task._futWaiter)}`);
    }
    if (hint) lines.push(hint);
    super(lines.join("\n"));
    this.name = "Deadlock";
    this.pendingTasks = pending;
  }
}

function describeTask(task: Task<unknown>): string {
  const name = task._name === null ? "task" : `task '${task._name}'`;
  return task._coro === null ? name : `${name} (${coroutineName(task._coro)}())`;
}

function describeWaiter(waiter: Future<unknown> | null): string {
  if (waiter === null) return "nothing (its next step is scheduled)";
  if (waiter instanceof Task) return describeTask(waiter);
  return `a future that nothing completes: ${waiter}`;
}

const upFloat = new Float64Array(1);
const upBits = new BigInt64Array(upFloat.buffer);

/** The least float above `x`, a finite number at least 0 (Python's `math.nextafter(x, inf)`). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  upFloat[0] = x;
  upBits[0] = (upBits[0] as bigint) + 1n;
  return upFloat[0];
}

/**
 * An event loop on a virtual clock that starts at 0. `runForever` and
 * `runUntilComplete` are synchronous.
 *
 * @example
 * ```ts
 * const loop = new VirtualEventLoop({ python: "3.12" });
 * loop.callLater(5, () => loop.stop());
 * loop.runForever();
 * loop.time(); // 5
 * ```
 */
export class VirtualEventLoop extends BaseEventLoop {
  /** @internal The virtual time, in seconds. */
  _now = 0;

  constructor(options: LoopOptions = {}) {
    super(options);
  }

  /** The virtual time, in seconds since the loop was created. */
  time(): number {
    return this._now;
  }

  /**
   * One iteration of the loop (CPython's `_run_once`); the select step jumps the clock to
   * the earliest deadline instead of sleeping.
   */
  runOnce(): void {
    const timeout = this._prepareIteration();
    if (timeout === null) {
      const hint =
        this._pendingForeign > 0
          ? `${this._pendingForeign} wrapped Promise(s) are pending, but a virtual-clock loop cannot wait for Node: use { clock: "real" }.`
          : "";
      throw new Deadlock(this, hint);
    }
    if (timeout > 0) {
      const when = (this._scheduled[0] as TimerHandle)._when;
      // As on branch `robust`: jumping to inf would make every later timeout inf - inf =
      // nan and the loop spin; nothing can ever run again.
      if (when === Infinity) throw new Deadlock(this, "The earliest timer is at an infinite deadline (e.g. sleep(Infinity)), which never comes.");
      this._now = when;
    }
    if (this._ready.length === 0 && !this._stopping) this._passUnreachableResolution();
    this._runReadyHandles();
  }

  /**
   * @internal When the loop waits for its earliest timer but that timer is not due at the
   * clock's time (past about 2**24 seconds `now + 1e-9` rounds to `now`, so a timer at
   * `now` never counts as due), moves the clock one float further, the least a real clock
   * would move. python-reference/virtual_time.py does the same.
   */
  _passUnreachableResolution(): void {
    const head = this._scheduled[0];
    if (head !== undefined && head._when >= this._now + this._clockResolution) this._now = nextUp(this._now);
  }

  /**
   * Runs iterations until `stop()` is called (`loop.run_forever`).
   *
   * @example
   * ```ts
   * loop.callLater(1, () => loop.stop());
   * loop.runForever();
   * ```
   */
  runForever(): void {
    this._runForeverSetup();
    try {
      for (;;) {
        this.runOnce();
        if (this._stopping) break;
      }
    } finally {
      this._runForeverCleanup();
    }
  }

  /**
   * Runs until the future (or the task wrapping the coroutine) is done and returns its
   * result, or throws its exception (`loop.run_until_complete`).
   *
   * @example
   * ```ts
   * loop.runUntilComplete(asyncio.sleep(1, "x")); // "x"
   * ```
   */
  runUntilComplete<T>(future: Future<T> | Coroutine<T>): T {
    const { fut, newTask } = this._runUntilCompleteSetup(future);
    try {
      this.runForever();
    } catch (error) {
      this._runUntilCompleteAbort(fut, newTask);
      throw error;
    }
    return this._runUntilCompleteFinish(fut);
  }
}
