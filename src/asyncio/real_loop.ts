/**
 * The real-clock event loop: `time()` is Node's monotonic clock and an iteration with
 * nothing ready waits on a Node timer, or for a wrapped Promise to settle. Its run
 * methods return Promises, so the rest of a Node program (I/O, other Promises) keeps
 * running while it waits. Scheduling order is the same as on the virtual clock.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop({ clock: "real" });
 * const text = await loop.runUntilComplete(
 *   asyncio.wrapPromise(fetch("http://127.0.0.1:8080/").then((r) => r.text()), { loop }),
 * );
 * ```
 * @module
 */
import { BaseEventLoop, type LoopOptions } from "./base_events.ts";
import type { Coroutine } from "./coroutines.ts";
import { _setRunningLoop } from "./events.ts";
import type { Future } from "./futures.ts";
import { Deadlock } from "./virtual_loop.ts";

/** After this many iterations without waiting, give Node a turn for its I/O callbacks. */
const ITERATIONS_BETWEEN_NODE_TURNS = 64;

const nodeTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * An event loop on the real clock. The global running loop is set only while a batch of
 * callbacks runs, so several real-clock loops can wait side by side in one Node process.
 *
 * @example
 * ```ts
 * const loop = new RealTimeEventLoop();
 * await loop.runUntilComplete(asyncio.sleep(0.05)); // takes about 50 ms
 * ```
 */
export class RealTimeEventLoop extends BaseEventLoop {
  private wake: (() => void) | null = null;

  constructor(options: LoopOptions = {}) {
    super(options);
  }

  /** Node's monotonic clock, in seconds. */
  time(): number {
    return performance.now() / 1000;
  }

  /** @internal Ends the current wait early: a callback was scheduled from outside. */
  override _wakeUp(): void {
    const wake = this.wake;
    if (wake !== null) {
      this.wake = null;
      wake();
    }
  }

  private waitFor(timeout: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      this.wake = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      if (timeout !== null) {
        timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, Math.ceil(timeout * 1000));
      }
    });
  }

  /**
   * Runs iterations until `stop()` is called; resolves then (`loop.run_forever`).
   *
   * @example
   * ```ts
   * loop.callLater(0.1, () => loop.stop());
   * await loop.runForever();
   * ```
   */
  async runForever(): Promise<void> {
    this._runForeverSetup();
    _setRunningLoop(null); // set again around each batch, see the class comment
    try {
      let iterationsSinceTurn = 0;
      for (;;) {
        const timeout = this._prepareIteration();
        if (timeout === null) {
          if (this._pendingForeign === 0) throw new Deadlock(this);
          await this.waitFor(null);
        } else if (timeout > 0) {
          await this.waitFor(timeout);
          iterationsSinceTurn = 0;
        } else if (++iterationsSinceTurn >= ITERATIONS_BETWEEN_NODE_TURNS) {
          iterationsSinceTurn = 0;
          await nodeTurn();
        }
        _setRunningLoop(this);
        try {
          this._runReadyHandles();
        } finally {
          _setRunningLoop(null);
        }
        if (this._stopping) break;
      }
    } finally {
      this.wake = null;
      this._runForeverCleanup();
    }
  }

  /**
   * Runs until the future (or the task wrapping the coroutine) is done; resolves with its
   * result or rejects with its exception (`loop.run_until_complete`).
   *
   * @example
   * ```ts
   * const value = await loop.runUntilComplete(main());
   * ```
   */
  async runUntilComplete<T>(future: Future<T> | Coroutine<T>): Promise<T> {
    const { fut, newTask } = this._runUntilCompleteSetup(future);
    try {
      await this.runForever();
    } catch (error) {
      this._runUntilCompleteAbort(fut, newTask);
      throw error;
    }
    return this._runUntilCompleteFinish(fut);
  }
}
