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
import { keepConstructorsFast } from "./fast_constructors.ts";
import { _swapAsyncgenHooks, type AsyncGen, type AsyncGenHooks } from "./asyncgen.ts";
import { Deque } from "./collections.ts";
import { asyncDef, isCoroutine, type Coroutine } from "./coroutines.ts";
import {
  HANDLE_CALLBACK,
  HANDLE_STEP,
  HANDLE_WAKEUP,
  Handle,
  TimerHandle,
  _PooledHandle,
  _ThreadSafeHandle,
  _getRunningLoop,
  _setRunningLoop,
  type LoopCallback,
  type SteppableTask,
} from "./events.ts";
import { KeyboardInterrupt, RuntimeError, SystemExit, TypeError, isException } from "./exceptions.ts";
import { pyRepr, qualname } from "./format_helpers.ts";
import { logger } from "./log.ts";
import { FLAG_WAKEUP_QUEUED, Future, _getLoop, isFuture } from "./futures.ts";
import { timerHeapify, timerHeappop, timerHeappush } from "./heapq.ts";
import { Task, _TaskRegistry, ensureFuture, gather, isGeneratorFunction, type TaskOptions } from "./tasks.ts";
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

/** `createTask`'s options when none are given: one shared object, not one per task. */
const NO_TASK_OPTIONS: Omit<TaskOptions, "loop"> = Object.freeze({});

/**
 * How many recycled handles a loop keeps for reuse (see `_acquireHandle`): enough for a
 * `gather` of 10,000 tasks, whose done-callbacks are all scheduled in one iteration (at
 * most about 1.5 MB, kept while the loop lives, instead of 10,000 new handles a round for
 * V8's young generation to copy).
 */
const HANDLE_POOL_SIZE = 16384;

// The callbacks a task's step and wakeup handles show in reprs and error messages: one
// shared function each, with the name CPython prints for its per-call wrapper objects.
/** @internal A callback with the name CPython's repr prints for it. */
export type NamedCallback = LoopCallback & { readonly __qualname__: string };
const named = (name: string): NamedCallback => qualname(() => {}, name) as NamedCallback;
const STEP_CALLBACK = named("<TaskStepMethWrapper object>");
const STEP_CALLBACK_312 = named("<_asyncio.TaskStepMethWrapper object>");
const WAKEUP_CALLBACK = named("<TaskWakeupMethWrapper object>");
const WAKEUP_CALLBACK_310 = named("Task.task_wakeup");

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
  /**
   * Virtual clock only: how many iterations in a row may pass without the clock advancing
   * (callbacks always ready, or due at once) before the loop throws `Livelock`, naming the
   * tasks involved. Default 1,000,000; `Infinity` turns the check off.
   */
  livelockIterations?: number;
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

/** What the ready queue holds: handles, and tasks whose next step is due. */
type ReadyItem = Handle | Task<unknown>;

/**
 * @internal The loop's ready queue. A task's step is queued as the task itself (no handle
 * to allocate per step), and wakeups and done-callbacks as handles the loop recycles once
 * they have run. Looked at from outside (`at`, iteration), such an entry shows as a copy of
 * the `Handle` CPython would hold there, so nothing outside the loop keeps a recycled one.
 */
export class ReadyQueue extends Deque<ReadyItem> {
  constructor(private readonly loop: BaseEventLoop) {
    super();
  }

  override at(index: number): Handle | undefined {
    const item = super.at(index);
    if (item instanceof Task) return this.loop._queuedTaskHandle(item);
    if (item instanceof _PooledHandle) return item._copy();
    return item;
  }

  override *[Symbol.iterator](): IterableIterator<Handle> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Handle;
  }
}

/**
 * The heart of `_run_once`: runs the first `ntodo` entries of the ready queue, skipping
 * cancelled handles. A function of its own because V8 compiles a long batch's loop while
 * it runs (on-stack replacement): code after the loop in the same function would have no
 * type feedback yet, and leaving the loop would throw the compiled code away every time.
 */
function runBatch(loop: BaseEventLoop, ready: ReadyQueue, ntodo: number): void {
  for (let i = 0; i < ntodo; i++) {
    const handle = ready.popleft();
    if (handle._cancelled) continue;
    // Debug mode is looked at for each handle, as CPython does: a callback that turns it
    // on or off changes how the rest of the batch runs.
    if (loop._debug) loop._runHandleDebug(handle);
    else handle._run();
  }
}

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
  /** @internal CPython's `_ready` deque (a task in it stands for its step handle). */
  _ready = new ReadyQueue(this);
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
  /** @internal The handle running, in debug mode only (CPython's `_current_handle`). */
  _currentHandle: Handle | null = null;
  /** @internal The task whose step is executing (CPython's `_current_tasks[loop]`). */
  _currentTask: Task<unknown> | null = null;
  /** @internal Tasks not yet done (CPython's `_scheduled_tasks`, without weak references). */
  _tasks = new _TaskRegistry();
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
  /** @internal Recycled internal handles (task wakeups and done-callbacks). */
  _handlePool: _PooledHandle[] = [];
  /** @internal What a task's step handle shows as its callback (by release). */
  readonly _stepCallback: NamedCallback;
  /** @internal What a task's wakeup handle shows as its callback (by release). */
  readonly _wakeupCallback: NamedCallback;
  /** @internal The options `createTask` gives `new Task` when it has none of its own. */
  readonly _taskOptions: TaskOptions;
  /**
   * @internal Async generators first iterated while this loop ran (CPython's `_asyncgens`,
   * a WeakSet there; here they stay until `shutdownAsyncgens` closes them).
   */
  _asyncgens = new Set<AsyncGen<unknown, never>>();
  /** @internal */ _asyncgensShutdownCalled = false;
  /** @internal */ _executorShutdownCalled = false;
  /** @internal The hooks in force before this loop started running. */
  _savedAsyncgenHooks: AsyncGenHooks | null = null;
  /** @internal This loop's hooks, made once. */
  private _ownAsyncgenHooks: AsyncGenHooks | null = null;

  constructor(options: LoopOptions = {}) {
    this.python = options.python === undefined ? getDefaultPython() : parsePythonVersion(options.python);
    this._minor = pythonMinor(this.python);
    this._debug = options.debug ?? false;
    this._stepCallback = this._minor >= 12 ? STEP_CALLBACK_312 : STEP_CALLBACK;
    this._wakeupCallback = this._minor >= 10 ? WAKEUP_CALLBACK_310 : WAKEUP_CALLBACK;
    this._taskOptions = Object.freeze({ loop: this });
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
    if (this._debug) this._checkCallback(callback, "call_soon");
    const handle = new Handle(callback as LoopCallback, args, this);
    this._ready.append(handle);
    return handle;
  }

  /** @internal True unless `callSoon` was replaced on the instance or overridden by a subclass. */
  _plainCallSoon(): boolean {
    return this.callSoon === baseCallSoon;
  }

  /**
   * @internal A recycled handle for the loop's own scheduling (CPython's `call_soon` from
   * inside Task and Future, whose returned handle nobody keeps).
   */
  _acquireHandle(): _PooledHandle {
    const handle = this._handlePool.pop();
    return handle === undefined ? new _PooledHandle(this) : handle;
  }

  /** @internal Takes back a pooled handle that has run. */
  _releaseHandle(handle: _PooledHandle): void {
    if (this._handlePool.length < HANDLE_POOL_SIZE) this._handlePool.push(handle);
  }

  /**
   * @internal `call_soon(task.__step)`. A `callSoon` replaced on the instance or overridden
   * by a subclass is honoured, as CPython's Task calls whatever `loop.call_soon` is.
   */
  _callSoonStep(task: SteppableTask & { _stepFunction(): () => void }): void {
    // In debug mode every handle is a real one: it carries its source traceback.
    if (this._debug || !this._plainCallSoon()) {
      this.callSoon(task._stepFunction());
      return;
    }
    if (this._closed) this._checkClosed();
    // The task itself goes in the queue: its `_run()` is the step (see ReadyQueue).
    this._ready.append(task as Task<unknown>);
  }

  /** @internal The handle `call_soon(task.__step)` would have made, for reprs and error reports. */
  _stepHandle(task: SteppableTask): _PooledHandle {
    const handle = new _PooledHandle(this);
    handle._kind = HANDLE_STEP;
    handle._task = task;
    handle._callback = this._stepCallback;
    return handle;
  }

  /**
   * @internal The handle CPython would hold where a task stands in the ready queue: its
   * wakeup's (see `_callSoonWakeup`) or its step's.
   */
  _queuedTaskHandle(task: Task<unknown>): _PooledHandle {
    if ((task._flags & FLAG_WAKEUP_QUEUED) === 0) return this._stepHandle(task);
    return this._wakeupHandle(task, task._futWaiter as Future<unknown>);
  }

  /** @internal The handle `call_soon(task.__wakeup, future)` would have made, for reprs and error reports. */
  _wakeupHandle(task: SteppableTask, future: Future<unknown>): _PooledHandle {
    const handle = new _PooledHandle(this);
    handle._kind = HANDLE_WAKEUP;
    handle._task = task;
    handle._arg = future;
    handle._callback = this._wakeupCallback;
    return handle;
  }

  /**
   * @internal `call_soon(task.__wakeup, future)`: a future the task awaits is done. A Task
   * whose `_futWaiter` is that future goes in the queue itself, marked as waking (its
   * `_run()` is then the wakeup); see ReadyQueue. The `sameIterationWakeups` test fault of
   * the conformance kit (src/conformance/faults.ts) replaces this method.
   */
  _callSoonWakeup(task: SteppableTask & { _wakeupFunction(): (future: Future<unknown>) => void }, future: Future<unknown>): void {
    if (this._debug || !this._plainCallSoon()) {
      this.callSoon(task._wakeupFunction(), future);
      return;
    }
    if (this._closed) this._checkClosed();
    if (task instanceof Task && task._futWaiter === future) {
      task._flags |= FLAG_WAKEUP_QUEUED;
      this._ready.append(task as Task<unknown>);
      return;
    }
    const handle = this._acquireHandle();
    handle._kind = HANDLE_WAKEUP;
    handle._task = task;
    handle._arg = future;
    handle._callback = this._wakeupCallback;
    this._ready.append(handle);
  }

  /** @internal `call_soon(callback, future)` for a future's done-callback. */
  _callSoonCallback(callback: LoopCallback, future: Future<unknown>): void {
    if (this._debug || !this._plainCallSoon()) {
      this.callSoon(callback as (future: Future<unknown>) => unknown, future);
      return;
    }
    if (this._closed) this._checkClosed();
    const handle = this._acquireHandle();
    handle._kind = HANDLE_CALLBACK;
    handle._arg = future;
    handle._callback = callback;
    this._ready.append(handle);
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
    this._checkClosed();
    if (this._debug) this._checkCallback(callback, "call_soon_threadsafe");
    let handle: Handle;
    if (this._minor >= 14) {
      // 3.14 makes a `_ThreadSafeHandle` of its own (not through `call_soon`).
      handle = new _ThreadSafeHandle(callback as LoopCallback, args, this);
      this._ready.append(handle);
    } else {
      handle = this.callSoon(callback, ...args);
    }
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
    if (delay === null || delay === undefined) {
      // 3.11 checks; before, `self.time() + delay` fails.
      throw new TypeError(this._minor >= 11 ? "delay must not be None" : "unsupported operand type(s) for +: 'float' and 'NoneType'");
    }
    // CPython's call_later calls self.call_at: honour a replaced or overridden callAt.
    if (this.callAt !== baseCallAt) return this.callAt(this.time() + delay, callback, ...args);
    return this._callAt(this.time() + delay, callback as LoopCallback, args);
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
    return this._callAt(when, callback as LoopCallback, args);
  }

  /** @internal `call_at` with the arguments as a list (no second copy of them for `callLater`). */
  _callAt(when: number, callback: LoopCallback, args: unknown[]): TimerHandle {
    if (when === null || when === undefined) throw new TypeError("when cannot be None");
    this._checkClosed();
    if (this._debug) this._checkCallback(callback, "call_at");
    const timer = new TimerHandle(when, callback, args, this);
    this._pushTimer(timer);
    timer._scheduled = true;
    return timer;
  }

  // The timer heap's three operations, with CPython's heapq order. The `fifoTimers` test
  // fault of the conformance kit (src/conformance/faults.ts) replaces them.

  /** @internal `heapq.heappush(self._scheduled, timer)`. */
  _pushTimer(timer: TimerHandle): void {
    timerHeappush(this._scheduled, timer);
  }

  /** @internal `heapq.heappop(self._scheduled)`. */
  _popTimer(): TimerHandle {
    return timerHeappop(this._scheduled);
  }

  /** @internal `heapq.heapify(timers)`. */
  _heapifyTimers(timers: TimerHandle[]): void {
    timerHeapify(timers);
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
      this._heapifyTimers(kept);
      this._scheduled = kept;
      this._timerCancelledCount = 0;
      this._heapRebuilds++;
    } else {
      // Pop cancelled timers off the head of the heap.
      const scheduled = this._scheduled;
      while (scheduled.length > 0 && (scheduled[0] as TimerHandle)._cancelled) {
        this._timerCancelledCount--;
        const handle = this._popTimer();
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
    this._readyDueTimers();
    runBatch(this, this._ready, this._ready.length);
  }

  /** @internal Moves the timers whose deadline has come to the ready queue. */
  _readyDueTimers(): void {
    const endTime = this.time() + this._clockResolution;
    const scheduled = this._scheduled;
    while (scheduled.length > 0) {
      const head = scheduled[0] as TimerHandle;
      if (head._when >= endTime) break;
      this._popTimer();
      head._scheduled = false;
      this._ready.append(head);
    }
  }

  /**
   * @internal One handle in debug mode: it is the loop's current handle while it runs, so
   * error reports carry its `handle_traceback`. (CPython also times it against
   * `slow_callback_duration`; time stands still during a callback on the virtual clock, and
   * slow callbacks are not reported here.)
   */
  _runHandleDebug(handle: ReadyItem): void {
    this._currentHandle = handle instanceof Task ? this._queuedTaskHandle(handle) : handle;
    try {
      handle._run();
    } finally {
      this._currentHandle = null;
    }
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

  /** @internal Mirrors `_check_callback` (debug mode only, as in CPython); `method` is CPython's name. */
  _checkCallback(callback: unknown, method: string): void {
    if (isCoroutine(callback) || isGeneratorFunction(callback)) throw new TypeError(`coroutines cannot be used with ${method}()`);
    if (typeof callback !== "function") {
      throw new TypeError(`a callable object was expected by ${method}(), got ${pyRepr(callback)}`);
    }
  }

  /** @internal CPython's `_run_forever_setup` (which also installs the loop's async generator hooks). */
  _runForeverSetup(): void {
    this._checkClosed();
    this._checkRunning();
    this._running = true;
    this._savedAsyncgenHooks = _swapAsyncgenHooks(null);
    _setRunningLoop(this);
  }

  /** @internal CPython's `_run_forever_cleanup` (which restores the previous hooks). */
  _runForeverCleanup(): void {
    this._stopping = false;
    this._running = false;
    _setRunningLoop(null);
    _swapAsyncgenHooks(this._savedAsyncgenHooks);
    this._savedAsyncgenHooks = null;
  }

  /** @internal The hooks this loop installs while it runs (`sys.set_asyncgen_hooks`). */
  _asyncgenHooks(): AsyncGenHooks {
    return (this._ownAsyncgenHooks ??= {
      firstiter: qualname((agen: AsyncGen<unknown, never>) => this._asyncgenFirstiterHook(agen), "BaseEventLoop._asyncgen_firstiter_hook"),
      finalizer: qualname((agen: AsyncGen<unknown, never>) => this._asyncgenFinalizerHook(agen), "BaseEventLoop._asyncgen_finalizer_hook"),
    });
  }

  /**
   * @internal CPython's `_asyncgen_firstiter_hook`: remember the generator, for
   * `shutdownAsyncgens`. (CPython also warns with a ResourceWarning when this comes after
   * the shutdown; warnings are not modelled.)
   */
  _asyncgenFirstiterHook(agen: AsyncGen<unknown, never>): void {
    this._asyncgens.add(agen);
  }

  /**
   * @internal CPython's `_asyncgen_finalizer_hook`, which CPython calls when an unfinished
   * generator is garbage collected: forget it and close it in a task of its own.
   */
  _asyncgenFinalizerHook(agen: AsyncGen<unknown, never>): void {
    this._asyncgens.delete(agen);
    if (!this.isClosed()) this.callSoonThreadsafe(this._boundCreateTask(), agen.aclose());
  }

  /**
   * @internal `self.create_task` as CPython's finalizer hook schedules it: a bound method,
   * named after the class that defines it (`BaseEventLoop.create_task`, or a subclass that
   * overrides it), whose only argument in the handle is the coroutine.
   */
  _boundCreateTask(): (coro: Coroutine<unknown>) => Task<unknown> {
    let owner: object | null = Object.getPrototypeOf(this) as object | null;
    while (owner !== null && !Object.prototype.hasOwnProperty.call(owner, "createTask")) owner = Object.getPrototypeOf(owner) as object | null;
    const className = owner === null ? "BaseEventLoop" : (owner as { constructor: { name: string } }).constructor.name;
    return qualname((coro: Coroutine<unknown>) => this.createTask(coro), `${className}.create_task`);
  }

  /** @internal First half of `run_until_complete`: wrap, and arrange to stop when done. */
  _runUntilCompleteSetup<T>(future: Future<T> | Coroutine<T>): { fut: Future<T>; newTask: boolean } {
    this._checkClosed();
    this._checkRunning();
    const newTask = !isFuture(future);
    const fut = ensureFuture(future, { loop: this });
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
    // The loop's shared `{ loop: this }`: no options object per future.
    return new Future<T>(this._taskOptions);
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
  createTask<T>(coro: Coroutine<T>, options: Omit<TaskOptions, "loop"> = NO_TASK_OPTIONS): Task<T> {
    this._checkClosed();
    if (options.name !== undefined && this._minor < 8) {
      throw new FeatureUnavailableError("task names", "3.8", this.python);
    }
    if (this._taskFactory === null) {
      if (options.name === undefined && options.eagerStart === undefined) return new Task(coro, this._taskOptions);
      return new Task(coro, { ...options, loop: this });
    }
    // 3.14 hands the name to the factory.
    if (this._minor >= 14) return this._taskFactory(this, coro, options === NO_TASK_OPTIONS ? {} : options);
    // As CPython (3.8 to 3.12, and 3.13.1 on): the factory makes the task, then it is renamed.
    const task = this._taskFactory(this, coro, {});
    if (options.name !== undefined && options.name !== null) task.setName(options.name);
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
   * Closes every async generator first iterated on this loop and not closed since
   * (`loop.shutdown_asyncgens()`, which `run()` awaits at exit): `aclose()` on each, run
   * together by `gather`; an exception other than a cancellation is passed to the
   * exception handler as "an error occurred during closing of asynchronous generator".
   *
   * @example
   * ```ts
   * loop.runUntilComplete(loop.shutdownAsyncgens());
   * ```
   */
  shutdownAsyncgens(): Coroutine<void> {
    return shutdownAsyncgens(this);
  }

  /**
   * `loop.shutdownDefaultExecutor()` (Python 3.9+; 3.12 added `timeout`): there is no
   * thread pool, so it finishes at once; `run()` awaits it on 3.9+ as CPython does.
   *
   * @example
   * ```ts
   * loop.runUntilComplete(loop.shutdownDefaultExecutor());
   * ```
   */
  shutdownDefaultExecutor(timeout: number | null = null): Coroutine<void> {
    if (this._minor < 9) {
      throw new FeatureUnavailableError("loop.shutdownDefaultExecutor()", "3.9", this.python);
    }
    if (timeout !== null && this._minor < 12) {
      throw new FeatureUnavailableError("loop.shutdownDefaultExecutor(timeout)", "3.12", this.python);
    }
    return shutdownDefaultExecutor(this);
  }

  // -- debug and errors ----------------------------------------------------------------

  /** True in asyncio debug mode. */
  getDebug(): boolean {
    return this._debug;
  }

  /**
   * Turns asyncio debug mode on or off (`loop.set_debug`). In debug mode, handles, futures
   * and tasks remember that they were created in it (their reprs end in `created`, where
   * CPython prints `created at file:line`, and the loop's error reports carry a
   * `source_traceback`), a cancelled handle keeps its repr, and 3.13+ reprs show callback
   * arguments. While the loop runs, CPython schedules a callback that adjusts coroutine
   * origin tracking; so does this loop (a no-op here), for the same iteration count.
   *
   * @example
   * ```ts
   * loop.setDebug(true);
   * ```
   */
  setDebug(enabled: boolean): void {
    this._debug = enabled;
    if (this.isRunning()) this.callSoonThreadsafe(setCoroutineOriginTracking, enabled);
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
   * The default handler (`loop.default_exception_handler`): logs the message and the
   * other context entries (as reprs) at ERROR level through {@link logger}, with the
   * exception, as CPython does. Without a handler on the logger, that is `console.error`.
   *
   * @example
   * ```ts
   * loop.defaultExceptionHandler({ message: "something odd" });
   * ```
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const message = context.message || "Unhandled exception in event loop";
    const exception = context.exception;
    const current = this._currentHandle;
    if (!("source_traceback" in context) && current !== null && current._sourceTraceback !== null) {
      context.handle_traceback = current._sourceTraceback;
    }
    const lines = [message];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      const value = context[key];
      if (key === "source_traceback") lines.push(`${key}: ${formatTraceback("Object", value)}`);
      else if (key === "handle_traceback") lines.push(`${key}: ${formatTraceback("Handle", value)}`);
      else lines.push(`${key}: ${pyRepr(value)}`);
    }
    logger.error(lines.join("\n"), [], { exception: exception ?? null });
  }

  /**
   * Passes `context` to the custom handler if one is set, otherwise to the default one
   * (`loop.call_exception_handler`). An error inside a custom handler is reported through
   * the default handler and does not propagate (on 3.7, only an `Exception` is caught).
   *
   * @example
   * ```ts
   * loop.callExceptionHandler({ message: "lost result", exception: err });
   * ```
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this._exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (exc) {
        this._reraiseUncaught(exc);
        logger.error("Exception in default exception handler", [], { exception: exc });
      }
      return;
    }
    try {
      handler(this, context);
    } catch (exc) {
      this._reraiseUncaught(exc);
      try {
        this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception: exc, context });
      } catch (inner) {
        this._reraiseUncaught(inner);
        logger.error(
          "Exception in default exception handler while handling an unexpected error in custom exception handler",
          [],
          { exception: inner },
        );
      }
    }
  }

  /**
   * @internal What the loop's error reporting lets through: SystemExit and
   * KeyboardInterrupt, and on 3.7 anything that is not an `Exception` (3.7 catches
   * `Exception` there; 3.8+ `BaseException`).
   */
  _reraiseUncaught(exc: unknown): void {
    if (exc instanceof SystemExit || exc instanceof KeyboardInterrupt) throw exc;
    if (this._minor < 8 && !isException(exc, this.python)) throw exc;
  }

  /** Python's repr, e.g. `<VirtualEventLoop running=False closed=False debug=False>`. */
  toString(): string {
    const py = (b: boolean) => (b ? "True" : "False");
    return `<${this.constructor.name} running=${py(this.isRunning())} closed=${py(this._closed)} debug=${py(this._debug)}>`;
  }
}

// The base class's `callSoon` and `callAt`, read once: the hot paths compare the loop's own
// with them (a replaced or overridden one is honoured, as CPython calls `self.call_soon`).
const baseCallSoon = BaseEventLoop.prototype.callSoon;
const baseCallAt = BaseEventLoop.prototype.callAt;

/** CPython's `_set_coroutine_origin_tracking` (there is no origin tracking here). */
const setCoroutineOriginTracking = qualname((_enabled: boolean): void => {}, "BaseEventLoop._set_coroutine_origin_tracking");

/** The header and frames of a `source_traceback`/`handle_traceback` entry (no frames here). */
function formatTraceback(what: "Object" | "Handle", frames: unknown): string {
  const lines = Array.isArray(frames) ? frames.map(String) : [];
  return [`${what} created at (most recent call last):`, ...lines].join("\n");
}

/** CPython's `BaseEventLoop.shutdown_asyncgens`. */
const shutdownAsyncgens = asyncDef(function* shutdown_asyncgens(loop: BaseEventLoop): Coroutine<void> {
  loop._asyncgensShutdownCalled = true;
  if (loop._asyncgens.size === 0) return;
  const closing = [...loop._asyncgens];
  loop._asyncgens.clear();
  const results = yield* gather(closing.map((agen) => agen.aclose()), { returnExceptions: true });
  results.forEach((result, k) => {
    if (result instanceof Error && isException(result, loop.python)) {
      const agen = closing[k] as AsyncGen<unknown, never>;
      loop.callExceptionHandler({
        message: `an error occurred during closing of asynchronous generator ${agen}`,
        exception: result,
        asyncgen: agen,
      });
    }
  });
}, "BaseEventLoop.shutdown_asyncgens");

/** CPython's `BaseEventLoop.shutdown_default_executor`, with no executor to shut down. */
const shutdownDefaultExecutor = asyncDef(function* shutdown_default_executor(loop: BaseEventLoop): Coroutine<void> {
  loop._executorShutdownCalled = true;
}, "BaseEventLoop.shutdown_default_executor");

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(ReadyQueue);
