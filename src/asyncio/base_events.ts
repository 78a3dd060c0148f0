/**
 * Port of CPython's `asyncio/base_events.py`: the event loop core shared by the
 * virtual-clock and real-clock loops.
 *
 * One iteration is CPython's `_run_once`: drop cancelled timers (rebuilding the heap when
 * more than half of over 100 timers are cancelled), wait for the select timeout (the
 * concrete loop's job), move due timers to the ready queue, then run exactly as many
 * ready handles as the queue held at that moment. Callbacks scheduled while that batch
 * runs wait for the next iteration.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop();
 * loop.callSoon(() => console.log("first"));
 * loop.callLater(1, () => { console.log("at", loop.time()); loop.stop(); });
 * loop.runForever(); // prints "first", then "at 1"
 * ```
 * @module
 */
import { Deque } from "./collections.ts";
import { asyncDef, type Coroutine } from "./coroutines.ts";
import { Handle, TimerHandle, _getRunningLoop, _setRunningLoop, type LoopCallback } from "./events.ts";
import { KeyboardInterrupt, RuntimeError, SystemExit, TypeError } from "./exceptions.ts";
import { pyRepr } from "./format_helpers.ts";
import { Future, _getLoop, isFuture } from "./futures.ts";
import { heapify, heappop, heappush } from "./heapq.ts";
import { Task, ensureFuture, type TaskOptions } from "./tasks.ts";
import { FeatureUnavailableError, getDefaultPython, parsePythonVersion, pythonMinor, type PythonVersion } from "./version.ts";

/** CPython's `_MIN_SCHEDULED_TIMER_HANDLES`. */
const MIN_SCHEDULED_TIMER_HANDLES = 100;
/** CPython's `_MIN_CANCELLED_TIMER_HANDLES_FRACTION`. */
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
/**
 * CPython's `MAXIMUM_SELECT_TIMEOUT` (one day).
 *
 * @example
 * ```ts
 * asyncio.MAXIMUM_SELECT_TIMEOUT; // 86400: a real-clock loop waits at most a day at a time
 * ```
 */
export const MAXIMUM_SELECT_TIMEOUT = 24 * 3600;

const NO_ARGS: unknown[] = [];

const timerLessThan = (a: TimerHandle, b: TimerHandle): boolean => a._when < b._when;
const fifoTimerLessThan = (a: TimerHandle, b: TimerHandle): boolean =>
  a._when < b._when || (a._when === b._when && a._seq < b._seq);

/**
 * Deliberate faults, for testing only: each makes the loop diverge from CPython in one
 * known way, so that the conformance kit can show it catches such bugs.
 *
 * @example
 * ```ts
 * import { Harness } from "asyncio-ts/conformance/harness";
 * new Harness({ python: "3.12", faults: { fifoTimers: true } }); // the kit must catch this bug
 * ```
 */
export interface LoopFaults {
  /** Timers with equal deadlines fire in FIFO order instead of CPython's heap order. */
  fifoTimers?: boolean;
  /** Callbacks scheduled during an iteration also run in that iteration. */
  sameIterationCallbacks?: boolean;
  /** A task awaiting a future wakes in the same iteration as the completion. */
  sameIterationWakeups?: boolean;
  /** The clock-resolution window is 1 ms instead of 1e-9 s: timers due within 1 ms run early. */
  coarseClockResolution?: boolean;
}

/**
 * Options shared by every event loop.
 *
 * @example
 * ```ts
 * const options: asyncio.LoopOptions = { python: "3.12", debug: true };
 * asyncio.newEventLoop(options);
 * ```
 */
export interface LoopOptions {
  /** The CPython release whose behaviour the loop reproduces. Default: `getDefaultPython()`. */
  python?: PythonVersion;
  /** asyncio debug mode (`loop.set_debug`): keeps handle reprs after cancellation. */
  debug?: boolean;
}

/**
 * What `callExceptionHandler` receives, as CPython's context dict: a message and,
 * depending on the source, the exception, future, task or handle involved.
 *
 * @example
 * ```ts
 * loop.setExceptionHandler((_loop, context: asyncio.ExceptionContext) => {
 *   console.log(context.message, asyncio.pyRepr(context.exception));
 * });
 * ```
 */
export interface ExceptionContext {
  message?: string;
  exception?: unknown;
  future?: Future<unknown>;
  task?: Task<unknown>;
  handle?: Handle;
  [key: string]: unknown;
}

/**
 * A custom exception handler (`loop.set_exception_handler`).
 *
 * @example
 * ```ts
 * loop.setExceptionHandler((loop, context) => seen.push(context.message));
 * ```
 */
export type ExceptionHandler = (loop: BaseEventLoop, context: ExceptionContext) => void;

/**
 * A task factory (`loop.set_task_factory`): builds the Task for `createTask`.
 *
 * @example
 * ```ts
 * loop.setTaskFactory((loop, coro, options) => new Task(coro, { ...options, loop }));
 * ```
 */
export type TaskFactory = <T>(loop: BaseEventLoop, coro: Coroutine<T>, options: TaskOptions) => Task<T>;

/** CPython's `_run_until_complete_cb`: stop the loop once the awaited future is done. */
function _run_until_complete_cb(fut: Future<unknown>): void {
  if (!fut.cancelled()) {
    const exc = fut.exception();
    if (exc instanceof SystemExit || exc instanceof KeyboardInterrupt) return;
  }
  _getLoop(fut).stop();
}

/**
 * The loop core. Concrete loops (`VirtualEventLoop`, `RealTimeEventLoop`) supply `time()`
 * and the way an iteration waits, and expose `runForever`/`runUntilComplete`.
 *
 * @example
 * ```ts
 * function* main(): asyncio.Coroutine<void> {
 *   const loop: asyncio.BaseEventLoop = asyncio.getRunningLoop();
 *   loop.callLater(1, () => console.log("one second on:", loop.time()));
 * }
 * ```
 */
export abstract class BaseEventLoop {
  /** The CPython release this loop reproduces. */
  readonly python: PythonVersion;
  /** @internal The minor number of `python`, for fast version checks. */
  readonly _minor: number;
  /** @internal CPython's `_ready` deque. */
  _ready = new Deque<Handle>();
  /** @internal CPython's `_scheduled` heap. */
  _scheduled: TimerHandle[] = [];
  /** @internal */ _timerCancelledCount = 0;
  /** @internal */ _stopping = false;
  /** @internal */ _closed = false;
  /** @internal True between run setup and cleanup (CPython's `_thread_id is not None`). */
  _running = false;
  /** @internal */ _clockResolution = 1e-9;
  /** @internal */ _debug: boolean;
  /** @internal */ _exceptionHandler: ExceptionHandler | null = null;
  /** @internal */ _taskFactory: TaskFactory | null = null;
  /** @internal The task whose step is executing (CPython's `_current_tasks[loop]`). */
  _currentTask: Task<unknown> | null = null;
  /** @internal Tasks not yet done (CPython's `_scheduled_tasks`, without weak references). */
  _tasks = new Set<Task<unknown>>();
  /** @internal Foreign promises wrapped into futures and not yet settled. */
  _pendingForeign = 0;
  /**
   * How many iterations (CPython's `_run_once` calls) have begun: after the loop stops,
   * the number it ran; while callbacks run, the 1-based number of the iteration running
   * them, as a counter at the top of `_run_once` reads.
   */
  iterations = 0;
  /** @internal How often the timer heap was rebuilt to drop cancelled timers. */
  _heapRebuilds = 0;
  /** @internal Test-only faults (see {@link LoopFaults}); null in normal use. */
  _faults: LoopFaults | null = null;
  /** @internal With the `sameIterationWakeups` fault: wakeups to run right after the current handle. */
  _immediate: (() => void)[] = [];
  /** @internal Creation counter of timers, for the `fifoTimers` fault's tie-break. */
  _timerSeq = 0;

  constructor(options: LoopOptions = {}) {
    this.python = options.python === undefined ? getDefaultPython() : parsePythonVersion(options.python);
    this._minor = pythonMinor(this.python);
    this._debug = options.debug ?? false;
  }

  /** The loop's clock, in seconds. */
  abstract time(): number;

  // -- scheduling --------------------------------------------------------------------

  /**
   * Schedules `callback(...args)` for the next iteration, after the callbacks already
   * scheduled (`loop.call_soon`).
   *
   * @example
   * ```ts
   * loop.callSoon((x: number) => console.log(x), 1);
   * ```
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this._checkClosed();
    if (this._debug) this._checkCallback(callback, "callSoon");
    const handle = new Handle(callback as LoopCallback, args, this);
    this._ready.append(handle);
    return handle;
  }

  /**
   * @internal `callSoon(callback)` for a task step: no argument list is allocated, and the
   * task's previous step handle is reused when it has run and was not cancelled (it is
   * not visible outside the loop). Equivalent to CPython's `call_soon(task.__step)`.
   */
  _callSoonStep(callback: () => unknown, previous: Handle | null): Handle {
    // Honour a callSoon replaced on the instance or overridden by a subclass, as CPython's
    // Task honours whatever `loop.call_soon` is.
    if (this.callSoon !== BaseEventLoop.prototype.callSoon) return this.callSoon(callback);
    if (this._closed) this._checkClosed();
    let handle: Handle;
    if (previous !== null && !previous._queued && !previous._cancelled) handle = previous;
    else handle = new Handle(callback as LoopCallback, NO_ARGS, this);
    handle._queued = true;
    this._ready.append(handle);
    return handle;
  }

  /**
   * `callSoon` that also wakes a loop waiting for timers or foreign promises
   * (`loop.call_soon_threadsafe`). Used when a Node promise settles.
   *
   * @example
   * ```ts
   * promise.then((v) => loop.callSoonThreadsafe(() => fut.setResult(v)));
   * ```
   */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    const handle = this.callSoon(callback, ...args);
    this._wakeUp();
    return handle;
  }

  /**
   * Schedules `callback(...args)` to run `delay` seconds from now (`loop.call_later`).
   *
   * @example
   * ```ts
   * const h = loop.callLater(0.5, () => console.log("half a second later"));
   * ```
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    if (delay === null || delay === undefined) throw new TypeError("delay must not be None");
    return this.callAt(this.time() + delay, callback, ...args);
  }

  /**
   * Schedules `callback(...args)` at the absolute loop time `when` (`loop.call_at`).
   *
   * @example
   * ```ts
   * loop.callAt(loop.time() + 2, () => console.log("two seconds on"));
   * ```
   */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    if (when === null || when === undefined) throw new TypeError("when cannot be None");
    this._checkClosed();
    if (this._debug) this._checkCallback(callback, "callAt");
    const timer = new TimerHandle(when, callback as LoopCallback, args, this);
    timer._seq = this._timerSeq++;
    heappush(this._scheduled, timer, this._timerLt());
    timer._scheduled = true;
    return timer;
  }

  /** @internal The heap order: CPython's, or FIFO among equal deadlines under the `fifoTimers` fault. */
  _timerLt(): (a: TimerHandle, b: TimerHandle) => boolean {
    return this._faults?.fifoTimers ? fifoTimerLessThan : timerLessThan;
  }

  /** @internal Called by `TimerHandle.cancel` (CPython's `_timer_handle_cancelled`). */
  _timerHandleCancelled(handle: TimerHandle): void {
    if (handle._scheduled) this._timerCancelledCount++;
  }

  /** @internal Wakes a loop blocked in its wait; the real-clock loop overrides it. */
  _wakeUp(): void {}

  // -- one iteration (CPython's `_run_once`, split around the select) ------------------

  /**
   * @internal The part of `_run_once` before the select: drop cancelled timers and compute
   * the timeout (0 when something is ready or the loop is stopping; null when nothing is
   * ready and no timer is scheduled).
   */
  _prepareIteration(): number | null {
    this.iterations++;
    const schedCount = this._scheduled.length;
    if (
      schedCount > MIN_SCHEDULED_TIMER_HANDLES &&
      this._timerCancelledCount / schedCount > MIN_CANCELLED_TIMER_HANDLES_FRACTION
    ) {
      // Too many cancelled timers: rebuild the heap from the live ones.
      const kept: TimerHandle[] = [];
      for (const handle of this._scheduled) {
        if (handle._cancelled) handle._scheduled = false;
        else kept.push(handle);
      }
      heapify(kept, this._timerLt());
      this._scheduled = kept;
      this._timerCancelledCount = 0;
      this._heapRebuilds++;
    } else {
      // Pop cancelled timers off the head of the heap.
      const scheduled = this._scheduled;
      while (scheduled.length > 0 && (scheduled[0] as TimerHandle)._cancelled) {
        this._timerCancelledCount--;
        const handle = heappop(scheduled, this._timerLt());
        handle._scheduled = false;
      }
    }

    if (this._ready.length > 0 || this._stopping) return 0;
    if (this._scheduled.length > 0) {
      const timeout = (this._scheduled[0] as TimerHandle)._when - this.time();
      if (timeout > MAXIMUM_SELECT_TIMEOUT) return MAXIMUM_SELECT_TIMEOUT;
      return timeout < 0 ? 0 : timeout;
    }
    return null;
  }

  /**
   * @internal The part of `_run_once` after the select: move due timers to the ready
   * queue, then run the handles that were ready at this point, and only those.
   */
  _runReadyHandles(): void {
    const endTime = this.time() + this._clockResolution;
    const scheduled = this._scheduled;
    while (scheduled.length > 0) {
      const head = scheduled[0] as TimerHandle;
      if (head._when >= endTime) break;
      heappop(scheduled, this._timerLt());
      head._scheduled = false;
      this._ready.append(head);
    }
    const ready = this._ready;
    let ntodo = ready.length;
    for (let i = 0; i < ntodo; i++) {
      const handle = ready.popleft();
      handle._queued = false;
      if (handle._cancelled) continue;
      handle._run();
      if (this._faults !== null) ntodo = this._applyBatchFaults(ntodo, i);
    }
  }

  /** @internal The batch faults: wakeups run at once; new callbacks join the batch. */
  _applyBatchFaults(ntodo: number, index: number): number {
    const immediate = this._immediate;
    while (immediate.length > 0) (immediate.shift() as () => void)();
    if (this._faults?.sameIterationCallbacks) return Math.min(index + 1 + this._ready.length, ntodo + 10_000);
    return ntodo;
  }

  // -- running -------------------------------------------------------------------------

  /**
   * Asks the loop to stop after the current iteration (`loop.stop`). Callbacks already
   * scheduled for this iteration still run.
   *
   * @example
   * ```ts
   * loop.callLater(1, () => loop.stop());
   * loop.runForever();
   * ```
   */
  stop(): void {
    this._stopping = true;
  }

  /** True while `runForever`/`runUntilComplete` is running. */
  isRunning(): boolean {
    return this._running;
  }

  /** True after `close()`. */
  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Closes the loop, dropping every pending callback and timer (`loop.close`). The loop
   * must not be running.
   *
   * @example
   * ```ts
   * loop.close();
   * loop.callSoon(() => {}); // throws RuntimeError('Event loop is closed')
   * ```
   */
  close(): void {
    if (this.isRunning()) throw new RuntimeError("Cannot close a running event loop");
    if (this._closed) return;
    this._closed = true;
    this._ready.clear();
    this._scheduled = [];
  }

  /** @internal */
  _checkClosed(): void {
    if (this._closed) throw new RuntimeError("Event loop is closed");
  }

  /** @internal */
  _checkRunning(): void {
    if (this.isRunning()) throw new RuntimeError("This event loop is already running");
    if (_getRunningLoop() !== null) {
      throw new RuntimeError("Cannot run the event loop while another loop is running");
    }
  }

  /** @internal Mirrors `_check_callback` (debug mode only, as in CPython). */
  _checkCallback(callback: unknown, method: string): void {
    if (typeof callback !== "function") {
      throw new TypeError(`a callable object was expected by ${method}(), got ${pyRepr(callback)}`);
    }
  }

  /** @internal CPython's `_run_forever_setup`. */
  _runForeverSetup(): void {
    this._checkClosed();
    this._checkRunning();
    this._running = true;
    _setRunningLoop(this);
  }

  /** @internal CPython's `_run_forever_cleanup`. */
  _runForeverCleanup(): void {
    this._stopping = false;
    this._running = false;
    _setRunningLoop(null);
  }

  /** @internal First half of `run_until_complete`: wrap, and arrange to stop when done. */
  _runUntilCompleteSetup<T>(future: Future<T> | Coroutine<T>): { fut: Future<T>; newTask: boolean } {
    this._checkClosed();
    this._checkRunning();
    const newTask = !isFuture(future);
    const fut = ensureFuture(future, { loop: this });
    if (newTask) (fut as unknown as Task<T>)._logDestroyPending = false;
    fut.addDoneCallback(_run_until_complete_cb);
    return { fut, newTask };
  }

  /** @internal Second half of `run_until_complete`. */
  _runUntilCompleteFinish<T>(fut: Future<T>): T {
    fut.removeDoneCallback(_run_until_complete_cb);
    if (!fut.done()) throw new RuntimeError("Event loop stopped before Future completed.");
    return fut.result();
  }

  /** @internal What `run_until_complete` does when `run_forever` raised. */
  _runUntilCompleteAbort<T>(fut: Future<T>, newTask: boolean): void {
    fut.removeDoneCallback(_run_until_complete_cb);
    // The coroutine raised a BaseException: consume it so it is not reported again.
    if (newTask && fut.done() && !fut.cancelled()) fut.exception();
  }

  // -- futures and tasks ---------------------------------------------------------------

  /**
   * A new pending future attached to this loop (`loop.create_future`).
   *
   * @example
   * ```ts
   * const fut = loop.createFuture<number>();
   * loop.callLater(1, () => fut.setResult(42));
   * loop.runUntilComplete(fut); // 42
   * ```
   */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Wraps a coroutine in a Task scheduled on this loop (`loop.create_task`). Its first
   * step runs in the next iteration.
   *
   * @example
   * ```ts
   * const task = loop.createTask(worker(), { name: "worker-1" });
   * ```
   */
  createTask<T>(coro: Coroutine<T>, options: Omit<TaskOptions, "loop"> = {}): Task<T> {
    this._checkClosed();
    if (options.name !== undefined && this._minor < 8) {
      throw new FeatureUnavailableError("task names", "3.8", this.python);
    }
    if (this._taskFactory === null) return new Task(coro, { ...options, loop: this });
    // 3.14 hands the name to the factory.
    if (this._minor >= 14) return this._taskFactory(this, coro, options);
    // As CPython (3.8 to 3.12, and 3.13.1 on): the factory makes the task, then it is renamed.
    const task = this._taskFactory(this, coro, {});
    if (options.name !== undefined) task.setName(options.name);
    return task;
  }

  /**
   * Sets the factory `createTask` uses, or null for the default (`loop.set_task_factory`).
   *
   * @example
   * ```ts
   * loop.setTaskFactory(null);
   * ```
   */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") {
      throw new TypeError("task factory must be a callable or None");
    }
    this._taskFactory = factory;
  }

  /** The task factory, or null for the default. */
  getTaskFactory(): TaskFactory | null {
    return this._taskFactory;
  }

  /**
   * `loop.shutdown_asyncgens()`: generator-based async iterators hold no loop resources
   * here, so it finishes at once; `run()` awaits it for CPython's iteration count.
   */
  shutdownAsyncgens(): Coroutine<void> {
    return shutdownAsyncgens();
  }

  /**
   * `loop.shutdown_default_executor()` (Python 3.9+): there is no thread pool, so it
   * finishes at once; `run()` awaits it on 3.9+ as CPython does.
   */
  shutdownDefaultExecutor(): Coroutine<void> {
    if (this._minor < 9) {
      throw new FeatureUnavailableError("loop.shutdownDefaultExecutor()", "3.9", this.python);
    }
    return shutdownDefaultExecutor();
  }

  // -- debug and errors ----------------------------------------------------------------

  /** True in asyncio debug mode. */
  getDebug(): boolean {
    return this._debug;
  }

  /** Turns asyncio debug mode on or off. */
  setDebug(enabled: boolean): void {
    this._debug = enabled;
  }

  /**
   * Sets the handler for errors the loop cannot raise anywhere, such as an exception in a
   * callback (`loop.set_exception_handler`); null restores the default.
   *
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, ctx) => console.warn(ctx.message));
   * ```
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(`A callable object or None is expected, got ${pyRepr(handler)}`);
    }
    this._exceptionHandler = handler;
  }

  /** The custom exception handler, or null. */
  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  /**
   * The default handler: writes the message, the other context entries (as reprs) and the
   * exception's stack to `console.error`, as CPython logs them (`default_exception_handler`).
   *
   * @example
   * ```ts
   * loop.defaultExceptionHandler({ message: "something odd" });
   * ```
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || "Unhandled exception in event loop"];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      lines.push(`${key}: ${pyRepr(context[key])}`);
    }
    const exc = context.exception;
    if (exc !== undefined && exc !== null) {
      lines.push(exc instanceof Error && exc.stack ? exc.stack : pyRepr(exc));
    }
    console.error(lines.join("\n"));
  }

  /**
   * Passes `context` to the custom handler if one is set, otherwise to the default one
   * (`loop.call_exception_handler`). An error inside a custom handler is reported through
   * the default handler and does not propagate.
   *
   * @example
   * ```ts
   * loop.callExceptionHandler({ message: "lost result", exception: err });
   * ```
   */
  callExceptionHandler(context: ExceptionContext): void {
    if (this._exceptionHandler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (exc) {
        if (exc instanceof SystemExit || exc instanceof KeyboardInterrupt) throw exc;
        console.error("Exception in default exception handler", exc);
      }
      return;
    }
    try {
      this._exceptionHandler(this, context);
    } catch (exc) {
      if (exc instanceof SystemExit || exc instanceof KeyboardInterrupt) throw exc;
      try {
        this.defaultExceptionHandler({
          message: "Unhandled error in exception handler",
          exception: exc,
          context,
        });
      } catch (inner) {
        if (inner instanceof SystemExit || inner instanceof KeyboardInterrupt) throw inner;
        console.error(
          "Exception in default exception handler while handling an unexpected error in custom exception handler",
          inner,
        );
      }
    }
  }

  /** Python's repr, e.g. `<VirtualEventLoop running=False closed=False debug=False>`. */
  toString(): string {
    const py = (b: boolean) => (b ? "True" : "False");
    return `<${this.constructor.name} running=${py(this.isRunning())} closed=${py(this._closed)} debug=${py(this._debug)}>`;
  }
}

const shutdownAsyncgens = asyncDef(function* shutdown_asyncgens(): Coroutine<void> {
  // No async generators are tracked: nothing to close.
}, "BaseEventLoop.shutdown_asyncgens");

const shutdownDefaultExecutor = asyncDef(function* shutdown_default_executor(): Coroutine<void> {
  // No default executor exists: nothing to shut down.
}, "BaseEventLoop.shutdown_default_executor");
