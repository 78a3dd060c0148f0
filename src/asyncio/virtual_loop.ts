/**
 * The virtual-clock event loop: time stands still while callbacks are ready and jumps
 * straight to the earliest timer's deadline when nothing is, the way CPython's test loop
 * and the conformance kit's Python reference advance time. It runs synchronously, so a
 * program with an hour of sleeps finishes in microseconds, and the same program always
 * produces the same schedule.
 *
 * When nothing is ready, no timer is scheduled and no wrapped Promise is pending, the
 * program can never make progress: the loop throws {@link Deadlock}, naming the pending
 * tasks and what each one waits on. A timer at an infinite deadline (`sleep(Infinity)`,
 * `callLater(Infinity, f)`) is never due, so when it is all that is left the loop throws
 * {@link Deadlock} too, rather than jump the clock to infinity and spin. (A NaN deadline
 * is due at once, as in CPython, whose `sleep(nan)` returns at once before 3.13 and raises
 * `ValueError` from 3.13.)
 *
 * When callbacks are always ready, the clock can never advance: after
 * {@link DEFAULT_LIVELOCK_ITERATIONS} iterations in a row without the clock advancing (the
 * `livelockIterations` loop option), the loop throws {@link Livelock}, naming the tasks
 * that kept running.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop(); // a VirtualEventLoop
 * loop.runUntilComplete(asyncio.sleep(3600));
 * loop.time(); // 3600
 * ```
 * @module
 */
import { keepConstructorsFast } from "./fast_constructors.ts";
import { BaseEventLoop, type LoopOptions } from "./base_events.ts";
import { coroutineName, type Coroutine } from "./coroutines.ts";
import { _PooledHandle, type Handle, type TimerHandle } from "./events.ts";
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

  /**
   * `hint` is a line added at the end; `why` replaces the first line's reason (default:
   * nothing is ready and no timer is scheduled).
   */
  constructor(loop: BaseEventLoop, hint = "", why = "nothing is ready and no timer is scheduled") {
    const pending = [...loop._tasks].filter((t) => !t.done());
    const lines = [`Deadlock at loop time ${loop.time()}: ${why}, so the program can never finish.`];
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

/**
 * How many iterations in a row a virtual-clock loop runs without its clock advancing
 * before it throws {@link Livelock} (the `livelockIterations` loop option overrides it).
 * At about two million iterations a second that is half a second of a busy loop.
 *
 * @example
 * ```ts
 * asyncio.run(main(), { livelockIterations: 10 * asyncio.DEFAULT_LIVELOCK_ITERATIONS });
 * ```
 */
export const DEFAULT_LIVELOCK_ITERATIONS = 1_000_000;

/** The last iterations before the limit, in which the loop notes which tasks and callbacks run. */
const LIVELOCK_WATCH = 100;

/**
 * Thrown by a virtual-clock loop when its clock cannot advance because callbacks are
 * always ready: `livelockIterations` iterations in a row (default
 * {@link DEFAULT_LIVELOCK_ITERATIONS}) without the clock moving, for example two tasks
 * looping on `sleep(0)` forever. `tasks` are the tasks that ran in the last iterations.
 *
 * @example
 * ```ts
 * try { asyncio.run(main()); }
 * catch (e) { if (e instanceof Livelock) console.log(e.tasks.map((t) => t.getName())); }
 * ```
 */
export class Livelock extends Error {
  /** The tasks that ran in the last iterations before the loop gave up. */
  readonly tasks: Task<unknown>[];
  /** The iterations in a row the clock did not advance. */
  readonly iterations: number;

  constructor(loop: BaseEventLoop, iterations: number, tasks: Task<unknown>[], callbacks: Map<string, number>) {
    const lines = [
      `Livelock at loop time ${loop.time()}: ${iterations} iterations in a row ran without the virtual clock advancing (callbacks were always ready or due at once), so the program may never finish.`,
    ];
    if (tasks.length > 0) {
      lines.push(`Tasks that ran in the last ${LIVELOCK_WATCH} iterations:`);
      for (const task of tasks) lines.push(`  ${describeTask(task)}`);
    }
    if (callbacks.size > 0) {
      lines.push(`Other callbacks that ran in the last ${LIVELOCK_WATCH} iterations:`);
      for (const [callback, count] of callbacks) lines.push(`  ${callback} (${count} times)`);
    }
    const waiting = [...loop._tasks].filter((t) => !t.done() && !tasks.includes(t));
    if (waiting.length > 0) {
      lines.push("Tasks waiting meanwhile:");
      for (const task of waiting.slice(0, 10)) lines.push(`  ${describeTask(task)} waits on ${describeWaiter(task._futWaiter, "not yet done")}`);
      if (waiting.length > 10) lines.push(`  ... and ${waiting.length - 10} more`);
    }
    lines.push(
      "If the program is busy on purpose, raise the limit with the loop option livelockIterations (e.g. asyncio.run(main(), { livelockIterations: 10_000_000 })), or set it to Infinity to turn the check off.",
    );
    super(lines.join("\n"));
    this.name = "Livelock";
    this.tasks = tasks;
    this.iterations = iterations;
  }
}

function describeTask(task: Task<unknown>): string {
  const name = task._name === null ? "task" : `task '${task._name}'`;
  return task._coro === null ? name : `${name} (${coroutineName(task._coro)}())`;
}

function describeWaiter(waiter: Future<unknown> | null, completes = "that nothing completes"): string {
  if (waiter === null) return "nothing (its next step is scheduled)";
  if (waiter instanceof Task) return describeTask(waiter);
  return `a future ${completes}: ${waiter}`;
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
  /** @internal How many iterations in a row may leave the clock where it is (`livelockIterations`). */
  readonly _livelockLimit: number;
  /** @internal Iterations in a row that did not advance the clock. */
  _stillIterations = 0;
  /** @internal While the limit nears: the tasks and other callbacks seen in the ready queue. */
  _livelockWatch: { tasks: Set<Task<unknown>>; callbacks: Map<string, number> } | null = null;

  constructor(options: LoopOptions = {}) {
    super(options);
    const limit = options.livelockIterations ?? DEFAULT_LIVELOCK_ITERATIONS;
    if (!(limit >= 1)) throw new RangeError(`livelockIterations must be at least 1 (or Infinity), not ${limit}`);
    this._livelockLimit = limit;
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
      if (when === Infinity) {
        // CPython's clock would jump to inf, where inf - inf = nan makes every later
        // timeout 0 and the loop spin: nothing can ever run again.
        throw new Deadlock(this, "", "nothing is ready and the earliest timer is at an infinite deadline (e.g. sleep(Infinity)), which never comes");
      }
      this._now = when;
      this._stillIterations = 0;
    } else if (++this._stillIterations >= this._livelockLimit - LIVELOCK_WATCH) {
      this._watchForLivelock();
    }
    if (this._ready.length === 0 && !this._stopping) this._passUnreachableResolution();
    this._runReadyHandles();
  }

  /** @internal Near the livelock limit: notes who is about to run, and throws at the limit. */
  _watchForLivelock(): void {
    const watch = (this._livelockWatch ??= { tasks: new Set(), callbacks: new Map() });
    // A task's own step and wakeup handles name the task they run (see _PooledHandle).
    const note = (handle: Handle): void => {
      if (handle._cancelled) return;
      const task = handle instanceof _PooledHandle ? handle._task : null;
      if (task instanceof Task) watch.tasks.add(task as Task<unknown>);
      else watch.callbacks.set(String(handle), (watch.callbacks.get(String(handle)) ?? 0) + 1);
    };
    for (let i = 0; i < this._ready.length; i++) note(this._ready.at(i) as Handle);
    const due = this.time() + this._clockResolution;
    for (const timer of this._scheduled) if (!(timer._when >= due)) note(timer);
    if (this._stillIterations >= this._livelockLimit) {
      this._livelockWatch = null;
      throw new Livelock(this, this._stillIterations, [...watch.tasks], watch.callbacks);
    }
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
    this._stillIterations = 0;
    this._livelockWatch = null;
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

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(VirtualEventLoop);
