/**
 * Port of CPython's `asyncio/tasks.py` (with the observable behaviour of the C
 * `_asyncio.Task` that every CPython build uses): `Task`, `createTask`, `ensureFuture`,
 * `currentTask`, `allTasks`, `sleep`, `gather`, `wait` and `shield`.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const worker = asyncio.asyncDef(function* worker(name: string, delay: number): asyncio.Coroutine<string> {
 *   yield* asyncio.sleep(delay);
 *   return `${name} done`;
 * });
 *
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<string[]> {
 *   const a = asyncio.createTask(worker("a", 2));
 *   const b = asyncio.createTask(worker("b", 1));
 *   return yield* asyncio.gather([a, b]);
 * });
 *
 * asyncio.run(main()); // ["a done", "b done"] at virtual time 2
 * ```
 * @module
 */
import { keepConstructorsFast } from "./fast_constructors.ts";
import { asyncWith, type AsyncIteratorLike } from "./async_statements.ts";
import type { BaseEventLoop, TaskFactory } from "./base_events.ts";
import {
  _AWAIT,
  _AwaitingCoroutine,
  _isDeclaredCoroutine,
  _nameCoroutineClass,
  asyncDef,
  formatCoroutine,
  isCoroutine,
  type Coroutine,
  type Yielded,
} from "./coroutines.ts";
import { _targetPython, getEventLoop, getRunningLoop, type TimerHandle } from "./events.ts";
import {
  AssertionError,
  BaseException,
  CancelledError,
  InvalidStateError,
  KeyboardInterrupt,
  RuntimeError,
  SystemExit,
  TypeError,
  ValueError,
  _awaitHandling,
  _handlingIn,
  _timeoutError,
} from "./exceptions.ts";
import { AttributeError, NameError, _notComparable, _pyFalsy, _pyIterable, pyTypeName } from "./builtins.ts";
import { partial, pyRepr, pyStr, pyStrRepr, qualname } from "./format_helpers.ts";
import { isPlainObject } from "./operator.ts";
import {
  FLAG_CORO_FINISHED,
  FLAG_MUST_CANCEL,
  FLAG_STATE,
  FLAG_WAKEUP_QUEUED,
  Future,
  FutureState,
  _getLoop,
  _loopCancelled,
  _loopCancelledError,
  _loopError,
  _setResultUnlessCancelled,
  isFuture,
} from "./futures.ts";
import { Queue } from "./queues.ts";
import { timeout as timeoutScope } from "./timeouts.ts";
import { DeprecationWarning, warn } from "./warnings.ts";
import { FeatureUnavailableError, pythonMinor } from "./version.ts";

/**
 * A custom awaitable: an object whose `[Symbol.iterator]` is a generator method that
 * awaits with `yield*` and returns the result, as a Python class with `__await__`.
 * `yield*` awaits it, and `ensureFuture`, `gather`, `shield` and `waitFor` wrap it in a
 * Task as CPython does.
 *
 * @example
 * ```ts
 * class Delayed<T> implements asyncio.CustomAwaitable<T> {
 *   constructor(private readonly value: T) {}
 *   *[Symbol.iterator](): asyncio.Coroutine<T> {
 *     yield* asyncio.sleep(1);
 *     return this.value;
 *   }
 * }
 * const [a, b] = yield* asyncio.gather([new Delayed(1), new Delayed("x")]); // [1, "x"]
 * ```
 */
export interface CustomAwaitable<T> {
  [Symbol.iterator](): Generator<Yielded, T, unknown>;
}

/**
 * Something a coroutine can await with `yield*`: a future, a task, a coroutine or a
 * {@link CustomAwaitable}.
 *
 * @example
 * ```ts
 * function twice<T>(aw: asyncio.Awaitable<T>): asyncio.Coroutine<[T, T]> { ... }
 * ```
 */
export type Awaitable<T> = Future<T> | Coroutine<T> | CustomAwaitable<T>;

/**
 * The value `yield*` on an awaitable produces.
 *
 * @example
 * ```ts
 * type N = asyncio.AwaitedResult<asyncio.Task<number>>; // number
 * ```
 */
export type AwaitedResult<A> = A extends Future<infer R>
  ? R
  : A extends Coroutine<infer R>
    ? R
    : A extends CustomAwaitable<infer R>
      ? R
      : never;

/**
 * Options of the {@link Task} constructor and `createTask`.
 *
 * @example
 * ```ts
 * asyncio.createTask(worker(), { name: "worker-1" });
 * new asyncio.Task(worker(), { loop, eagerStart: true }); // 3.12+
 * ```
 */
export interface TaskOptions {
  /** The task's name (Python 3.8+); `Task-N` from the process-wide counter when omitted. */
  name?: string;
  /** The loop to run on; defaults to `getEventLoop()`. */
  loop?: BaseEventLoop;
  /**
   * Python 3.12+: run the coroutine's first step at once, inside the constructor, when the
   * loop is running (`Task(..., eager_start=True)`); it joins the loop only if it suspends.
   */
  eagerStart?: boolean;
}

// CPython's process-wide `_task_name_counter` (an itertools.count starting at 1).
let taskNameCounter = 0;

/**
 * @internal The tasks of a loop that are not done (CPython's `_scheduled_tasks`), in the
 * order they were registered. An array whose slots a task remembers: unregistering blanks
 * the slot, and the array is compacted once more than half of it is blank. (A JavaScript
 * Set of thousands of objects costs hundreds of nanoseconds per insertion here; a list
 * threaded through the tasks costs two fields per task and writes into older tasks.) It
 * offers the part of the `Set` API the loop uses; iteration walks a snapshot.
 */
export class _TaskRegistry implements Iterable<Task<unknown>> {
  private slots: (Task<unknown> | null)[] = [];
  private blanks = 0;

  /** Number of tasks registered. */
  get size(): number {
    return this.slots.length - this.blanks;
  }

  /** Registers a task (a no-op if it is registered). */
  add(task: Task<unknown>): this {
    if (task._registrySlot >= 0) return this;
    task._registrySlot = this.slots.length;
    this.slots.push(task);
    return this;
  }

  /** Unregisters a task; false if it was not registered. */
  delete(task: Task<unknown>): boolean {
    const slot = task._registrySlot;
    if (slot < 0) return false;
    this.slots[slot] = null;
    task._registrySlot = -1;
    if (++this.blanks > 32 && this.blanks * 2 > this.slots.length) this.compact();
    return true;
  }

  /** True if the task is registered. */
  has(task: Task<unknown>): boolean {
    return task._registrySlot >= 0;
  }

  /** The registered tasks, oldest first. */
  values(): IterableIterator<Task<unknown>> {
    const tasks: Task<unknown>[] = [];
    for (const task of this.slots) if (task !== null) tasks.push(task);
    return tasks[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<Task<unknown>> {
    return this.values();
  }

  /** Drops the blank slots, keeping the order. */
  private compact(): void {
    const slots = this.slots;
    let kept = 0;
    for (let i = 0; i < slots.length; i++) {
      const task = slots[i] as Task<unknown> | null;
      if (task === null) continue;
      task._registrySlot = kept;
      slots[kept++] = task;
    }
    slots.length = kept;
    this.blanks = 0;
  }
}

/**
 * A coroutine wrapped in a Future and driven by the loop: each step resumes the
 * coroutine until it yields a future to wait for, and the future's completion schedules
 * the next step (CPython's `Task.__step` and `__wakeup`).
 *
 * Cancellation follows CPython exactly: `cancel()` cancels the future the task waits on
 * or, if there is none, marks the task so that its next step throws `CancelledError` into
 * the coroutine, which may catch it.
 *
 * @example
 * ```ts
 * const task = loop.createTask(worker());
 * task.cancel("no longer needed");
 * loop.runUntilComplete(asyncio.wait([task]));
 * task.cancelled(); // true unless worker() caught the CancelledError
 * ```
 */
export class Task<T = unknown> extends Future<T> {
  // Declared, assigned in the constructor: see `Future`.
  /** @internal Null once a task finished by its eager first step dropped it (3.12+). */
  declare _coro: Coroutine<T> | null;
  /**
   * @internal The name; a number N stands for `Task-N`, which is spelled out when first
   * read (as CPython 3.13 does), so that most tasks never build their name string.
   */
  declare _nameOrNumber: string | number | null;
  /** @internal The future this task waits on. */
  declare _futWaiter: Future<unknown> | null;
  /** @internal Python 3.11+ `cancelling()` count. */
  declare _numCancelsRequested: number;
  /** @internal A task in the loop's ready queue stands for its step handle, never cancelled. */
  declare readonly _cancelled: false;
  /** @internal This task's slot in the loop's {@link _TaskRegistry}; -1 while not in it. */
  declare _registrySlot: number;

  constructor(coro: Coroutine<T>, options: TaskOptions = {}) {
    super(options);
    this._coro = null;
    this._nameOrNumber = null;
    this._futWaiter = null;
    this._numCancelsRequested = 0;
    this._registrySlot = -1;
    if (!isCoroutine(coro)) {
      throw new TypeError(`a coroutine was expected, got ${pyRepr(coro)}`);
    }
    const loop = this._loop;
    // Before 3.12 `eager_start` is an unknown argument: CPython rejects the call before
    // the task takes a Task-N number.
    if (options.eagerStart && loop._minor < 12) throw new FeatureUnavailableError("eager task start", "3.12", loop.python);
    if (loop._minor >= 8) {
      this._nameOrNumber = options.name === undefined || options.name === null ? ++taskNameCounter : pyStr(options.name);
    } else if (options.name !== undefined) {
      throw new FeatureUnavailableError("task names", "3.8", loop.python);
    }
    this._coro = coro;
    if (options.eagerStart && loop.isRunning()) {
      this._eagerStart();
    } else {
      loop._callSoonStep(this);
      loop._tasks.add(this as Task<unknown>);
    }
  }

  /** @internal The coroutine has returned or raised (CPython: its frame is gone). */
  get _coroFinished(): boolean {
    return (this._flags & FLAG_CORO_FINISHED) !== 0;
  }

  /** @internal */
  set _coroFinished(on: boolean) {
    this._setFlag(FLAG_CORO_FINISHED, on);
  }

  /** @internal CPython's `_must_cancel`. */
  get _mustCancel(): boolean {
    return (this._flags & FLAG_MUST_CANCEL) !== 0;
  }

  /** @internal */
  set _mustCancel(on: boolean) {
    this._setFlag(FLAG_MUST_CANCEL, on);
  }

  /** @internal Null on Python 3.7, which has no task names. */
  get _name(): string | null {
    const name = this._nameOrNumber;
    if (typeof name !== "number") return name;
    const spelled = `Task-${name}`;
    this._nameOrNumber = spelled;
    return spelled;
  }

  /** @internal */
  set _name(value: string | null) {
    this._nameOrNumber = value;
  }

  /**
   * @internal Runs the step this task stands for in the loop's ready queue: what
   * `Handle._run` does for `call_soon(task.__step)`, errors reported the same way.
   */
  _run(): void {
    if ((this._flags & FLAG_WAKEUP_QUEUED) !== 0) {
      this._runWakeup();
      return;
    }
    try {
      this._step(undefined, false);
    } catch (exc) {
      const handle = this._loop._stepHandle(this as Task<unknown>);
      handle._reportError(exc, handle._callback, []);
    }
  }

  /**
   * @internal Runs the wakeup this task stands for in the ready queue (see
   * `BaseEventLoop._callSoonWakeup`): what `Handle._run` does for
   * `call_soon(task.__wakeup, future)`.
   */
  _runWakeup(): void {
    const future = this._futWaiter as Future<unknown>;
    this._flags &= ~FLAG_WAKEUP_QUEUED;
    try {
      this._wakeup(future);
    } catch (exc) {
      const handle = this._loop._wakeupHandle(this as Task<unknown>, future);
      handle._reportError(exc, handle._callback, [future]);
    }
  }

  /** @internal A step callback for a `callSoon` that is not the loop's own (CPython's `TaskStepMethWrapper`). */
  _stepFunction(): () => void {
    return qualname(() => this._step(undefined, false), this._loop._stepCallback.__qualname__);
  }

  /** @internal A step callback that throws `exc` into the coroutine. */
  _stepThrowFunction(): (exc: unknown) => void {
    return qualname((exc: unknown) => this._step(exc, true), this._loop._stepCallback.__qualname__);
  }

  /** @internal The wakeup as a done-callback, for a future-like object or a `callSoon` that is not the loop's own. */
  _wakeupFunction(): (future: Future<unknown>) => void {
    return qualname((future: Future<unknown>) => this._wakeup(future), this._loop._wakeupCallback.__qualname__);
  }

  /** @internal CPython's `Task.__eager_start` (3.12+): the first step runs now. */
  _eagerStart(): void {
    const loop = this._loop;
    const previous = loop._currentTask;
    loop._currentTask = this as Task<unknown>;
    loop._tasks.add(this as Task<unknown>);
    try {
      this._stepRunAndHandleResult(undefined, false);
    } finally {
      loop._currentTask = previous;
      if (this.done()) this._coro = null;
    }
  }

  /**
   * The wrapped coroutine (`Task.get_coro`, Python 3.8+); null for a task that finished
   * during its eager first step (3.12+), which lets go of it as CPython does.
   *
   * @example
   * ```ts
   * asyncio.coroutineName(asyncio.createTask(job()).getCoro()!); // "job"
   * ```
   */
  getCoro(): Coroutine<T> | null {
    if (this._loop._minor < 8) throw new FeatureUnavailableError("Task.getCoro()", "3.8", this._loop.python);
    return this._coro;
  }

  /**
   * The task's name (`Task.get_name`, Python 3.8+).
   *
   * @example
   * ```ts
   * loop.createTask(job(), { name: "job" }).getName(); // "job"
   * ```
   */
  getName(): string {
    if (this._name === null) throw new FeatureUnavailableError("Task.getName()", "3.8", this._loop.python);
    return this._name;
  }

  /** Renames the task (`Task.set_name`, Python 3.8+). */
  setName(value: unknown): void {
    if (this._name === null) throw new FeatureUnavailableError("Task.setName()", "3.8", this._loop.python);
    this._name = pyStr(value);
  }

  /** Always throws: a task's result comes from its coroutine. */
  override setResult(_result: T): never {
    throw new RuntimeError("Task does not support set_result operation");
  }

  /** Always throws: a task's exception comes from its coroutine. */
  override setException(_exception: unknown): never {
    throw new RuntimeError("Task does not support set_exception operation");
  }

  /**
   * Requests cancellation: the awaited future is cancelled, or the next step throws
   * `CancelledError` into the coroutine. False if the task is already done
   * (`Task.cancel`). The message needs Python 3.9+.
   *
   * @example
   * ```ts
   * task.cancel();      // true
   * task.cancelled();   // still false: the coroutine has not seen it yet
   * ```
   */
  override cancel(msg?: unknown): boolean {
    this._checkCancelMessage(msg);
    if (this._state !== FutureState.Pending) return false;
    const minor = this._loop._minor;
    if (minor >= 11) this._numCancelsRequested++;
    if (this._futWaiter !== null) {
      // Leave _futWaiter set: it may be a task that swallows the cancellation.
      if (this._futWaiter.cancel(minor >= 9 ? msg : undefined)) return true;
    }
    this._mustCancel = true;
    if (minor >= 9) this._cancelMessage = msg ?? null;
    return true;
  }

  /**
   * The number of pending cancellation requests (`Task.cancelling`, Python 3.11+).
   *
   * @example
   * ```ts
   * task.cancel();
   * task.cancelling(); // 1
   * ```
   */
  cancelling(): number {
    if (this._loop._minor < 11) throw new FeatureUnavailableError("Task.cancelling()", "3.11", this._loop.python);
    return this._numCancelsRequested;
  }

  /**
   * Withdraws one cancellation request and returns how many remain (`Task.uncancel`,
   * Python 3.11+). From 3.13, reaching zero also clears a pending cancellation.
   *
   * @example
   * ```ts
   * task.cancel();
   * task.uncancel(); // 0
   * ```
   */
  uncancel(): number {
    if (this._loop._minor < 11) throw new FeatureUnavailableError("Task.uncancel()", "3.11", this._loop.python);
    if (this._numCancelsRequested > 0) {
      this._numCancelsRequested--;
      if (this._numCancelsRequested === 0 && this._loop._minor >= 13) this._mustCancel = false;
    }
    return this._numCancelsRequested;
  }

  /** @internal CPython's `Task.__step`. */
  _step(exc: unknown, hasExc: boolean): void {
    // One read of the flags for both checks (the pending state, then _must_cancel).
    const flags = this._flags;
    if ((flags & FLAG_STATE) !== FutureState.Pending) {
      throw new InvalidStateError(`_step(): already done: ${this}, ${hasExc ? pyRepr(exc) : "None"}`);
    }
    if ((flags & FLAG_MUST_CANCEL) !== 0) {
      if (!(hasExc && exc instanceof CancelledError)) {
        exc = stepCancelledError(this as Task<unknown>);
        hasExc = true;
      }
      this._mustCancel = false;
    }
    this._futWaiter = null;
    const loop = this._loop;
    // CPython's `_enter_task` and `_leave_task`, written out.
    if (loop._currentTask !== null) enterTask(loop, this as Task<unknown>);
    loop._currentTask = this as Task<unknown>;
    try {
      this._stepRunAndHandleResult(exc, hasExc);
    } finally {
      if (loop._currentTask !== (this as Task<unknown>)) leaveTask(loop, this as Task<unknown>);
      loop._currentTask = null;
    }
  }

  /** @internal CPython's `__step_run_and_handle_result`. */
  _stepRunAndHandleResult(exc: unknown, hasExc: boolean): void {
    const loop = this._loop;
    let outcome: IteratorResult<Yielded, T>;
    try {
      const coro = this._coro as Coroutine<T>;
      outcome = hasExc ? coro.throw(exc) : coro.next();
    } catch (error) {
      this._coroFinished = true;
      loop._tasks.delete(this as Task<unknown>);
      if (error instanceof CancelledError) {
        // Keep the coroutine's CancelledError for chaining (3.9+), then cancel the future.
        if (loop._minor >= 9) this._cancelledExc = error;
        this._futureCancel(null);
      } else if (error instanceof KeyboardInterrupt || error instanceof SystemExit) {
        super.setException(error);
        throw error;
      } else {
        super.setException(
          error === undefined || error === null ? new TypeError("exceptions must derive from BaseException") : error,
        );
      }
      return;
    }

    if (outcome.done) {
      this._coroFinished = true;
      loop._tasks.delete(this as Task<unknown>);
      if (this._mustCancel) {
        // The task was cancelled right before its coroutine returned.
        this._mustCancel = false;
        if (loop._minor < 8) super.setException(_loopError(() => new CancelledError()));
        else this._futureCancel(loop._minor >= 9 ? this._cancelMessage : null);
      } else {
        super.setResult(outcome.value);
      }
      return;
    }

    const result = outcome.value as unknown;
    if (result === undefined || result === null) {
      // A bare `yield` gives up control for exactly one loop iteration.
      loop._callSoonStep(this);
      return;
    }
    const blocking = (result as { _asyncioFutureBlocking?: unknown })._asyncioFutureBlocking;
    if (blocking !== undefined && blocking !== null) {
      const fut = result as Future<unknown>;
      if (_getLoop(fut) !== loop) {
        loop.callSoon(this._stepThrowFunction(), new RuntimeError(`Task ${this} got Future ${fut} attached to a different loop`));
      } else if (blocking) {
        if (fut === (this as Future<unknown>)) {
          loop.callSoon(this._stepThrowFunction(), new RuntimeError(`Task cannot await on itself: ${this}`));
        } else {
          fut._asyncioFutureBlocking = false;
          // A Future (or Task) of ours takes the task itself as its wakeup callback; a
          // subclass that overrides addDoneCallback, or a future-like object, gets a function.
          if (fut.addDoneCallback === futureAddDoneCallback) fut._addTaskWaiter(this as Task<unknown>);
          else fut.addDoneCallback(this._wakeupFunction());
          this._futWaiter = fut;
          if (this._mustCancel) {
            if (fut.cancel(loop._minor >= 9 ? this._cancelMessage : undefined)) this._mustCancel = false;
          }
        }
      } else {
        loop.callSoon(
          this._stepThrowFunction(),
          new RuntimeError(`yield was used instead of yield* in task ${this} with ${fut}`),
        );
      }
    } else if (isCoroutine(result)) {
      loop.callSoon(
        this._stepThrowFunction(),
        new RuntimeError(`yield was used instead of yield* for generator in task ${this} with ${pyRepr(result)}`),
      );
    } else {
      loop.callSoon(this._stepThrowFunction(), new RuntimeError(`Task got bad yield: ${pyRepr(result)}`));
    }
  }

  /** @internal CPython's `Task.__wakeup`. */
  _wakeup(future: Future<unknown>): void {
    if (future._state === FutureState.Cancelled && future.result === futureResult) {
      // A future of ours that was cancelled: the error `result()` makes is the loop's own.
      this._step(_loopCancelledError(future, false), true);
      return;
    }
    try {
      future.result();
    } catch (exc) {
      // This may also be a cancellation.
      this._step(exc, true);
      return;
    }
    this._step(undefined, false);
  }

  /** @internal CPython's `_task_repr_info`. */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    const minor = this._loop._minor;
    const cancelling = minor >= 11 ? this._numCancelsRequested > 0 && !this.done() : this._mustCancel;
    if (cancelling) info[0] = "cancelling";
    let at = 1;
    if (this._name !== null) info.splice(at++, 0, `name=${pyStrRepr(this._name)}`);
    if (this._coro !== null) info.splice(at++, 0, `coro=<${formatCoroutine(this._coro, this._coroFinished)}>`);
    if (this._futWaiter !== null) info.splice(at, 0, `wait_for=${this._futWaiter}`);
    return info;
  }
}

const futureAddDoneCallback = Future.prototype.addDoneCallback;
const futureResult = Future.prototype.result;
Object.defineProperty(Task.prototype, "_cancelled", { value: false });

/**
 * The CancelledError a step of a task marked for cancellation throws into its coroutine.
 * A function of its own: a closure in `_step` would make V8 allocate a context for `this`
 * at every step.
 */
function stepCancelledError(task: Task<unknown>): CancelledError {
  return _loopError(() => (task._loop._minor >= 9 ? task._makeCancelledError() : new CancelledError()));
}

/** A cancelled gather child's error for the gather (see `stepCancelledError` for why a function). */
function childCancelledError(fut: Future<unknown>, minor: number): CancelledError {
  return _loopError(() => (minor >= 9 ? fut._makeCancelledError() : new CancelledError()));
}

/** @internal CPython's `_enter_task` when another task is current: the error. */
function enterTask(loop: BaseEventLoop, task: Task<unknown>): never {
  throw new RuntimeError(`Cannot enter into task ${task} while another task ${loop._currentTask} is being executed.`);
}

/** @internal CPython's `_leave_task` when the task is not the current one: the error. */
function leaveTask(loop: BaseEventLoop, task: Task<unknown>): never {
  throw new RuntimeError(`Leaving task ${task} does not match the current task ${loop._currentTask}.`);
}

/**
 * Wraps `coro` in a Task on the running loop (`asyncio.create_task`). Must be called from
 * a coroutine or callback running on a loop.
 *
 * @example
 * ```ts
 * function* main(): Coroutine<void> {
 *   const t = asyncio.createTask(worker(), { name: "w" });
 *   yield* t;
 * }
 * ```
 */
export function createTask<T>(coro: Coroutine<T>, options: { name?: string } = {}): Task<T> {
  const loop = getRunningLoop();
  const minor = loop._minor;
  if (options.name !== undefined && options.name !== null && minor >= 8 && minor <= 12) {
    // 3.8 to 3.12 create the task unnamed (taking a Task-N number), then rename it
    // (`if name is not None: task.set_name(name)`).
    const task = loop.createTask(coro);
    task.setName(options.name);
    return task;
  }
  return loop.createTask(coro, options);
}

/**
 * The task running on the loop (the running loop by default), or null
 * (`asyncio.current_task`).
 *
 * @example
 * ```ts
 * function* main(): Coroutine<void> {
 *   console.log(asyncio.currentTask()?.getName());
 * }
 * ```
 */
export function currentTask(loop?: BaseEventLoop): Task<unknown> | null {
  return (loop ?? getRunningLoop())._currentTask;
}

/**
 * The tasks of the loop (the running loop by default) that are not done
 * (`asyncio.all_tasks`). CPython returns an unordered set; this one iterates in creation
 * order.
 *
 * @example
 * ```ts
 * asyncio.allTasks().size; // how many tasks are still pending
 * ```
 */
export function allTasks(loop?: BaseEventLoop): Set<Task<unknown>> {
  const target = loop ?? getRunningLoop();
  const pending = new Set<Task<unknown>>();
  for (const task of target._tasks) if (!task.done()) pending.add(task);
  return pending;
}

/** @internal A generator function: what this library's coroutine functions are (`asyncio.iscoroutinefunction`). */
export function isGeneratorFunction(fn: unknown): boolean {
  return typeof fn === "function" && fn.constructor?.name === "GeneratorFunction";
}

/**
 * True for an object that can be awaited with `yield*` without being a future or a
 * coroutine: an object whose `[Symbol.iterator]` is a generator method (CPython's
 * objects with `__await__`).
 */
function isAwaitableObject(value: unknown): value is Iterable<Yielded> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    isGeneratorFunction((value as { [Symbol.iterator]?: unknown })[Symbol.iterator])
  );
}

function* awaitAwaitable<T>(awaitable: Iterable<Yielded>): Coroutine<T> {
  return (yield* awaitable as unknown as Generator<Yielded, T, unknown>) as T;
}

/** CPython's `_wrap_awaitable`: module-level up to 3.11, nested in `ensure_future` from 3.12. */
const wrapAwaitable = asyncDef(function* _wrap_awaitable<T>(awaitable: Iterable<Yielded>): Coroutine<T> {
  return yield* awaitAwaitable<T>(awaitable);
}, "_wrap_awaitable");
const wrapAwaitableNested = asyncDef(function* _wrap_awaitable<T>(awaitable: Iterable<Yielded>): Coroutine<T> {
  return yield* awaitAwaitable<T>(awaitable);
}, "ensure_future.<locals>._wrap_awaitable");

/**
 * Returns a future unchanged and wraps a coroutine (or an awaitable object) in a Task
 * (`asyncio.ensure_future`).
 *
 * @example
 * ```ts
 * const task = asyncio.ensureFuture(job());     // a new Task
 * asyncio.ensureFuture(task) === task;          // true
 * ```
 */
export function ensureFuture<T>(coroOrFuture: Awaitable<T>, options: { loop?: BaseEventLoop } = {}): Future<T> {
  return ensureFutureOn(coroOrFuture, options.loop);
}

/** `ensureFuture(x, { loop })` without the options object. */
function ensureFutureOn<T>(coroOrFuture: Awaitable<T>, loop: BaseEventLoop | undefined): Future<T> {
  if (isFuture(coroOrFuture)) {
    if (loop !== undefined && loop !== _getLoop(coroOrFuture)) {
      // 3.7 words it as 3.6 did.
      throw new ValueError(
        _getLoop(coroOrFuture)._minor < 8 ? "loop argument must agree with Future" : "The future belongs to a different loop than the one specified as the loop argument",
      );
    }
    return coroOrFuture as Future<T>;
  }
  if (isCoroutine(coroOrFuture)) return (loop ?? getEventLoop()).createTask(coroOrFuture as Coroutine<T>);
  if (!isAwaitableObject(coroOrFuture)) throw new TypeError("An asyncio.Future, a coroutine or an awaitable is required");
  const target = loop ?? getEventLoop();
  return target.createTask((target._minor >= 12 ? wrapAwaitableNested : wrapAwaitable)<T>(coroOrFuture));
}

// ---------------------------------------------------------------------------------------
// sleep

/**
 * The coroutine `sleep(0)` returns: it yields once (a bare `yield`, which costs the task
 * exactly one loop iteration) and returns the result. Written by hand rather than as a
 * generator because it is the scheduler's hottest path; it behaves as the generator would
 * (`throw` and `return` included) and is a coroutine for `isCoroutine`.
 */
// The result of a bare `yield`. The iterator protocol lets a result object be shared, and
// `yield*` hands it to the task as it is, so one frozen object serves every sleep(0).
const YIELD_NOTHING: IteratorYieldResult<Yielded> = Object.freeze({ value: undefined, done: false });
const DONE_NOTHING: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

class SleepZero<R> implements Generator<Yielded, R, unknown> {
  // One field: the loop makes one of these per `sleep(0)`, so its size sets how often V8's
  // young generation fills up. A result other than undefined lives in the subclass.
  // Declared, assigned in the constructor: see `_AwaitingCoroutine`.
  private declare state: number; // 0: not started, 1: yielded, 2: finished

  constructor() {
    this.state = 0;
  }

  next(): IteratorResult<Yielded, R> {
    if (this.state === 0) {
      this.state = 1;
      return YIELD_NOTHING;
    }
    if (this.state === 1) {
      this.state = 2;
      return this.finished();
    }
    return DONE_NOTHING as IteratorReturnResult<R>;
  }

  /** What the second `next()` returns: the result. */
  protected finished(): IteratorResult<Yielded, R> {
    return DONE_NOTHING as IteratorReturnResult<R>;
  }

  throw(error: unknown): IteratorResult<Yielded, R> {
    this.state = 2;
    throw error;
  }

  return(value: R): IteratorResult<Yielded, R> {
    this.state = 2;
    return { value, done: true };
  }

  [Symbol.iterator](): Generator<Yielded, R, unknown> {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "Generator";
  }
}

/** `sleep(0, result)` with a result other than undefined. */
class SleepZeroWithResult<R> extends SleepZero<R> {
  private declare readonly result: R;

  constructor(result: R) {
    super();
    this.result = result;
  }

  protected override finished(): IteratorResult<Yielded, R> {
    return { value: this.result, done: true };
  }
}
_nameCoroutineClass(SleepZero.prototype, "sleep");

/**
 * The coroutine `sleep(delay)` returns for a positive delay (CPython's `sleep`), written as
 * a state machine (see `_AwaitingCoroutine`) because timer-heavy programs make one per
 * timer:
 *
 * ```text
 * (delay compared with 0 first: not a number fails here, when awaited)
 * 3.13+: NaN raises ValueError
 * future = loop.create_future()
 * h = loop.call_later(delay, _set_result_unless_cancelled, future, result)
 * try: return await future
 * finally: h.cancel()
 * ```
 */
class SleepTimer<R> extends _AwaitingCoroutine<R> {
  // Declared, assigned in the constructor: see `_AwaitingCoroutine`.
  private declare handle: TimerHandle | null;
  private declare readonly delay: number;
  private declare readonly result: R;

  constructor(delay: number, result: R) {
    super();
    this.delay = delay;
    this.result = result;
    this.handle = null;
  }

  protected _start(): typeof _AWAIT {
    // Python compares the delay with 0 first: None or a string fails there, when awaited.
    if (typeof this.delay !== "number") throw _notComparable("<=", this.delay);
    return _AWAIT;
  }

  protected _awaitable(): Future<R> {
    const loop = getRunningLoop();
    if (Number.isNaN(this.delay) && loop._minor >= 13) throw new ValueError("Invalid delay: NaN (not a number)");
    const future = loop.createFuture<R>();
    this.handle = loop.callLater(this.delay, setResultUnlessCancelled, future, this.result);
    return future;
  }

  protected _resume(value: unknown): R {
    (this.handle as TimerHandle).cancel();
    return value as R;
  }

  protected _fail(error: unknown): unknown {
    (this.handle as TimerHandle).cancel();
    return error;
  }

  protected _close(): void {
    (this.handle as TimerHandle).cancel();
  }
}
_nameCoroutineClass(SleepTimer.prototype, "sleep");

/**
 * Suspends the calling coroutine for `delay` seconds and returns `result`
 * (`asyncio.sleep`). `sleep(0)` (or a negative delay) costs exactly one loop iteration and
 * schedules no timer; a positive delay costs two (the timer fires, then the task wakes).
 *
 * @example
 * ```ts
 * const v = yield* asyncio.sleep(1.5, "late"); // "late", 1.5 seconds on
 * yield* asyncio.sleep(0);                     // let other tasks run once
 * ```
 */
export function sleep(delay: number): Coroutine<undefined>;
export function sleep<R>(delay: number, result: R): Coroutine<R>;
export function sleep<R>(delay: number, result?: R): Coroutine<R | undefined> {
  if (delay <= 0 && delay !== null) return result === undefined ? new SleepZero<R | undefined>() : new SleepZeroWithResult(result);
  return new SleepTimer(delay, result as R | undefined);
}
const setResultUnlessCancelled = qualname(
  <R>(fut: Future<R>, result: R) => _setResultUnlessCancelled(fut, result),
  "_set_result_unless_cancelled",
);

// ---------------------------------------------------------------------------------------
// gather

/**
 * The future `gather` returns. Cancelling it cancels every child that is not done
 * (CPython's `_GatheringFuture`).
 */
export class _GatheringFuture<T> extends Future<T> {
  /** @internal */ readonly _children: Future<unknown>[];
  /** @internal */ _cancelRequested = false;

  constructor(children: Future<unknown>[], loop: BaseEventLoop) {
    super({ loop });
    this._children = children;
  }

  /** Cancels the children; true if any of them accepted the cancellation. */
  override cancel(msg?: unknown): boolean {
    this._checkCancelMessage(msg);
    if (this.done()) return false;
    let ret = false;
    for (const child of this._children) if (child.cancel(msg)) ret = true;
    // If any child was actually cancelled, propagate the cancellation regardless of
    // returnExceptions (bpo-32684).
    if (ret) this._cancelRequested = true;
    return ret;
  }
}

/**
 * A map keyed by object identity that stays fast when large: a V8 Map becomes several
 * times slower per operation once it holds more than 4,096 entries (its table then lives
 * in large-object space; measured on Node 20), so this one is a list of Maps of at most
 * 4,096 entries.
 */
class IdentityMap<V> {
  private readonly maps: Map<unknown, V>[] = [new Map()];
  private static readonly CHUNK = 4096;

  get(key: unknown): V | undefined {
    const maps = this.maps;
    for (let i = maps.length - 1; i >= 0; i--) {
      const value = (maps[i] as Map<unknown, V>).get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  set(key: unknown, value: V): void {
    let last = this.maps[this.maps.length - 1] as Map<unknown, V>;
    if (last.size >= IdentityMap.CHUNK) {
      last = new Map();
      this.maps.push(last);
    }
    last.set(key, value);
  }
}

// The two slots `gather` writes on a coroutine argument: the token of the gather call that
// saw it, and the future made for it. Symbol keys, so they stay out of `Object.keys` and
// JSON; a stale token (an earlier gather's) never matches.
const GATHER_TOKEN = Symbol("asyncio-ts gather token");
const GATHER_FUTURE = Symbol("asyncio-ts gather future");

interface GatherSlots {
  [GATHER_TOKEN]?: object;
  [GATHER_FUTURE]?: Future<unknown>;
}

/**
 * The argument-to-future table of one `gather` call (CPython's `arg_to_fut`), which finds
 * an argument given twice. A coroutine, the usual argument, carries its entry in two
 * symbol-keyed slots (a few nanoseconds, against tens for a Map entry among 10,000); any
 * other argument, and a coroutine that cannot take properties, goes in an identity map.
 */
class GatherArguments {
  private readonly token: object = {};
  private others: IdentityMap<Future<unknown>> | null = null;

  get(arg: unknown): Future<unknown> | undefined {
    if (isCoroutine(arg) && Object.isExtensible(arg)) {
      const slots = arg as GatherSlots;
      return slots[GATHER_TOKEN] === this.token ? slots[GATHER_FUTURE] : undefined;
    }
    return this.others === null ? undefined : this.others.get(arg);
  }

  set(arg: unknown, fut: Future<unknown>): void {
    if (isCoroutine(arg) && Object.isExtensible(arg)) {
      const slots = arg as GatherSlots;
      slots[GATHER_TOKEN] = this.token;
      slots[GATHER_FUTURE] = fut;
      return;
    }
    (this.others ??= new IdentityMap()).set(arg, fut);
  }
}

/**
 * Options of {@link gather}.
 *
 * @example
 * ```ts
 * const results = yield* asyncio.gather([ok(), fails()], { returnExceptions: true });
 * ```
 */
export interface GatherOptions {
  /** Put children's exceptions in the result list instead of failing the gather. */
  returnExceptions?: boolean;
}

/**
 * Results of `gather` over a tuple of awaitables, element by element.
 *
 * @example
 * ```ts
 * type R = asyncio.GatherResults<[asyncio.Task<number>, asyncio.Coroutine<string>]>; // [number, string]
 * ```
 */
export type GatherResults<A extends readonly unknown[]> = { -readonly [K in keyof A]: AwaitedResult<A[K]> };

/**
 * Results of `gather(..., { returnExceptions: true })`: each a value or an exception.
 *
 * @example
 * ```ts
 * type R = asyncio.GatherResultsOrErrors<[asyncio.Task<number>]>; // [number | BaseException | Error]
 * ```
 */
export type GatherResultsOrErrors<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: AwaitedResult<A[K]> | BaseException | Error;
};

/**
 * Runs the awaitables concurrently and returns a future of their results in argument
 * order (`asyncio.gather(*aws, return_exceptions=...)`). Coroutines are wrapped in tasks;
 * the first exception fails the gather without cancelling the others, unless
 * `returnExceptions` puts it in the list. From Python 3.12 a gather whose children are all
 * done completes at once.
 *
 * @example
 * ```ts
 * const [a, b] = yield* asyncio.gather([fetchA(), fetchB()]);
 * const mixed = yield* asyncio.gather([ok(), fails()], { returnExceptions: true });
 * ```
 */
export function gather<const A extends readonly Awaitable<unknown>[]>(
  aws: A,
  options?: GatherOptions & { returnExceptions?: false },
): Future<GatherResults<A>>;
export function gather<const A extends readonly Awaitable<unknown>[]>(
  aws: A,
  options: GatherOptions & { returnExceptions: true },
): Future<GatherResultsOrErrors<A>>;
export function gather<const A extends readonly Awaitable<unknown>[]>(
  aws: A,
  options?: GatherOptions,
): Future<GatherResults<A> | GatherResultsOrErrors<A>>;
export function gather(aws: readonly Awaitable<unknown>[], options: GatherOptions = {}): Future<unknown[]> {
  const returnExceptions = options.returnExceptions ?? false;
  if (aws.length === 0) {
    const outer = getEventLoop().createFuture<unknown[]>();
    outer.setResult([]);
    return outer;
  }

  let loop: BaseEventLoop | undefined;
  let outer: _GatheringFuture<unknown[]> | null = null;
  const children: Future<unknown>[] = [];
  const argToFut = new GatherArguments();
  const doneFuts: Future<unknown>[] = [];
  let nfuts = 0;
  let nfinished = 0;

  let minor = 13;
  const doneCallback = (fut: Future<unknown>): void => {
    nfinished++;
    if (outer === null || outer.done()) {
      // 3.7 and 3.8 read `outer` before it exists when a later argument was refused.
      if (outer === null && minor < 9) throw new NameError("free variable 'outer' referenced before assignment in enclosing scope");
      if (!fut.cancelled()) fut.exception(); // mark the exception retrieved
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.setException(childCancelledError(fut, minor));
        return;
      }
      const exc = fut.exception();
      if (exc !== null) {
        outer.setException(exc);
        return;
      }
    }
    if (nfinished === nfuts) {
      const results: unknown[] = [];
      for (const child of children) {
        if (child.cancelled()) {
          results.push(_loopCancelled(minor >= 9, child._cancelMessage === null ? "" : child._cancelMessage));
        } else {
          const exc = child.exception();
          results.push(exc !== null ? exc : child.result());
        }
      }
      if (outer._cancelRequested) {
        // CPython reuses the loop variable here: the error comes from the last child.
        const last = children[children.length - 1] as Future<unknown>;
        outer.setException(childCancelledError(last, minor));
      } else {
        outer.setResult(results);
      }
    }
  };

  for (const arg of aws) {
    // CPython keys a dict by each argument: lists, sets and dicts cannot be keys.
    // (A coroutine, the usual argument, is none of them: one property read rules it out.)
    if (!isCoroutine(arg) && (Array.isArray(arg) || arg instanceof Set || arg instanceof Map || isPlainObject(arg))) {
      throw unhashable(arg, getEventLoop()._minor);
    }
    let fut = argToFut.get(arg);
    if (fut === undefined) {
      fut = ensureFutureOn(arg, loop);
      if (loop === undefined) {
        loop = _getLoop(fut);
        minor = loop._minor;
        qualname(doneCallback, minor === 9 ? "_gather.<locals>._done_callback" : "gather.<locals>._done_callback");
      }
      nfuts++;
      argToFut.set(arg, fut);
      if (minor >= 12 && fut.done()) doneFuts.push(fut);
      else fut.addDoneCallback(doneCallback);
    }
    children.push(fut);
  }

  outer = new _GatheringFuture<unknown[]>(children, loop as BaseEventLoop);
  // 3.12+: children that were already done complete the gather now, synchronously.
  for (const fut of doneFuts) doneCallback(fut);
  return outer;
}

/** CPython's error for a list, set or dict (a Map or an object literal) used as a dict key. */
function unhashable(arg: unknown, minor: number): TypeError {
  const name = Array.isArray(arg) ? "list" : arg instanceof Set ? "set" : "dict";
  const what = `unhashable type: '${name}'`;
  return new TypeError(minor >= 14 ? `cannot use '${name}' as a dict key (${what})` : what);
}

// ---------------------------------------------------------------------------------------
// wait

/**
 * `asyncio.FIRST_COMPLETED`.
 *
 * @example
 * ```ts
 * const [done] = yield* asyncio.wait(tasks, { returnWhen: asyncio.FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `asyncio.FIRST_EXCEPTION`.
 *
 * @example
 * ```ts
 * const [done, pending] = yield* asyncio.wait(tasks, { returnWhen: asyncio.FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `asyncio.ALL_COMPLETED`.
 *
 * @example
 * ```ts
 * yield* asyncio.wait(tasks, { returnWhen: asyncio.ALL_COMPLETED }); // the default
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";
/**
 * When {@link wait} returns.
 *
 * @example
 * ```ts
 * const when: asyncio.ReturnWhen = asyncio.FIRST_COMPLETED;
 * ```
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options of {@link wait}.
 *
 * @example
 * ```ts
 * yield* asyncio.wait(tasks, { timeout: 2.5, returnWhen: asyncio.FIRST_EXCEPTION });
 * ```
 */
export interface WaitOptions {
  /** Seconds to wait at most; futures still pending then are returned, not cancelled. */
  timeout?: number | null;
  /** Default `ALL_COMPLETED`. */
  returnWhen?: ReturnWhen;
}

const releaseWaiter = qualname((waiter: Future<unknown>) => {
  if (!waiter.done()) waiter.setResult(undefined);
}, "_release_waiter");

/** CPython's `functools.partial(_release_waiter, waiter)`, used as a done-callback. */
function releaseWaiterCallback(waiter: Future<unknown>): (f: Future<unknown>) => void {
  return partial((_f: Future<unknown>) => releaseWaiter(waiter), "_release_waiter", [waiter]);
}

/**
 * CPython's `futures.isfuture(fs) or coroutines.iscoroutine(fs)` check of an argument that
 * must be a collection of futures, under a target: the Python type name for the
 * `TypeError` message, or null when the argument passes. A generator object declared with
 * `asyncDef` is a `coroutine`; any other generator object is a plain `generator`, which
 * asyncio counts as a coroutine before 3.12 and iterates as futures from 3.12.
 */
function futureOrCoroutineName(value: unknown, minor: number): string | null {
  if (isFuture(value)) return value.constructor.name;
  if (!isCoroutine(value)) return null;
  if (_isDeclaredCoroutine(value)) return "coroutine";
  return minor < 12 ? "generator" : null;
}

/**
 * Waits for the futures and tasks in `fs` and returns `[done, pending]`
 * (`asyncio.wait`). Nothing is cancelled at the timeout. Passing coroutines is an error
 * from Python 3.11 (earlier versions wrap them in tasks). `fs` may be any iterable; a
 * plain generator of futures (one not declared with `asyncDef`) is accepted from 3.12, as
 * CPython accepts an iterator there, and rejected before (`not generator`).
 *
 * @example
 * ```ts
 * const [done, pending] = yield* asyncio.wait([t1, t2], { returnWhen: asyncio.FIRST_COMPLETED });
 * ```
 */
export const wait = asyncDef(function* wait<F extends Future<unknown>>(
  fs: Iterable<F | Coroutine<unknown>>,
  options: WaitOptions = {},
): Coroutine<[Set<F>, Set<F>]> {
  const timeout = options.timeout ?? null;
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  const running = getRunningLoop();
  const minor = running._minor;
  const typeName = futureOrCoroutineName(fs, minor);
  if (typeName !== null) throw new TypeError(`expect a list of futures, not ${typeName}`);
  if (_pyFalsy(fs)) {
    throw new ValueError(minor >= 11 ? "Set of Tasks/Futures is empty." : "Set of coroutines/Futures is empty.");
  }
  const given = [..._pyIterable<F | Coroutine<unknown>>(fs)];
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new ValueError(`Invalid return_when value: ${String(returnWhen)}`);
  }
  let futures: Set<F>;
  if (minor >= 11) {
    // From 3.12 a plain generator is no coroutine: it fails below as any non-future does.
    if (given.some((f) => isCoroutine(f) && (minor < 12 || _isDeclaredCoroutine(f)))) {
      throw new TypeError("Passing coroutines is forbidden, use tasks explicitly.");
    }
    futures = new Set(given as F[]);
  } else {
    if (minor >= 9 && given.some(isCoroutine)) {
      warn(
        "The explicit passing of coroutine objects to asyncio.wait() is deprecated since Python 3.8, and scheduled for removal in Python 3.11.",
        DeprecationWarning,
      );
    }
    futures = new Set([...new Set(given)].map((f) => ensureFuture(f as Awaitable<unknown>, { loop: running }) as F));
  }
  return yield* _wait(futures, timeout, returnWhen, running);
});

/** CPython's `_wait`: the futures are a non-empty set. */
const _wait = asyncDef(function* _wait<F extends Future<unknown>>(
  fs: Set<F>,
  timeout: number | null,
  returnWhen: ReturnWhen,
  loop: BaseEventLoop,
): Coroutine<[Set<F>, Set<F>]> {
  if (fs.size === 0) throw new AssertionError("Set of Futures is empty.");
  const waiter = loop.createFuture<undefined>();
  let timeoutHandle: TimerHandle | null = null;
  if (timeout !== null) timeoutHandle = loop.callLater(timeout, releaseWaiter, waiter as Future<unknown>);
  let counter = fs.size;

  const onCompletion = qualname((f: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)
    ) {
      if (timeoutHandle !== null) timeoutHandle.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  }, "_wait.<locals>._on_completion");

  for (const f of fs) {
    // 3.11+ hands the set to _wait unchecked: a non-future fails here, after the timer.
    if (!isFuture(f)) throw new AttributeError(`'${pyTypeName(f)}' object has no attribute 'add_done_callback'`);
    f.addDoneCallback(onCompletion);
  }
  try {
    yield* waiter;
  } finally {
    if (timeoutHandle !== null) timeoutHandle.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of fs) (f.done() ? done : pending).add(f);
  return [done, pending];
});

// ---------------------------------------------------------------------------------------
// wait_for

/** CPython's `_cancel_and_wait`: cancel `fut` and wait until it is done, staying cancellable. */
const cancelAndWait = asyncDef(function* _cancel_and_wait(fut: Future<unknown>, loop: BaseEventLoop): Coroutine<void> {
  const waiter = loop.createFuture<undefined>();
  const cb = releaseWaiterCallback(waiter as Future<unknown>);
  fut.addDoneCallback(cb);
  try {
    fut.cancel();
    // Wait on our own waiter, not on fut, so that this stays cancellable.
    yield* waiter;
  } finally {
    fut.removeDoneCallback(cb);
  }
});

/** Python's `await x` check: `x` itself, or the `TypeError` CPython raises for a non-awaitable. */
function awaited<T>(aw: Awaitable<T>, minor: number): Awaitable<T> {
  if (isFuture(aw) || isCoroutine(aw) || isAwaitableObject(aw)) return aw;
  const name = pyTypeName(aw);
  throw new TypeError(minor >= 14 ? `'${name}' object can't be awaited` : `object ${name} can't be used in 'await' expression`);
}

/**
 * CPython's `try: return fut.result() except CancelledError as exc: raise TimeoutError()
 * from exc`, which `wait_for` does once the timed-out awaitable is cancelled.
 */
function resultOrTimeout(fut: Future<unknown>): unknown {
  try {
    return fut.result();
  } catch (exc) {
    if (exc instanceof CancelledError) throw _timeoutError(_getLoop(fut)._minor, exc);
    throw exc;
  }
}

/**
 * Waits for `aw` with a timeout in seconds (`asyncio.wait_for`): on timeout the awaitable
 * is cancelled and `TimeoutError` raised; cancelling the caller cancels it too. Follows
 * each release: from 3.12 a coroutine runs inline in the caller's task under
 * `asyncio.timeout` (no extra Task), and a result arriving in the same iteration as the
 * timeout is lost; before 3.12 the awaitable is wrapped in a Task and such a result is
 * returned. `timeout` of 0 or less: see the per-version details in the README.
 *
 * @example
 * ```ts
 * try {
 *   const v = yield* asyncio.waitFor(fetchValue(), 1.5);
 * } catch (e) {
 *   if (e instanceof asyncio.TimeoutError) console.log("too slow");
 * }
 * ```
 */
export function waitFor<T>(aw: Awaitable<T>, timeout: number | null | undefined): Coroutine<T> {
  return waitForImpl(aw, timeout ?? null) as Coroutine<T>;
}

const waitForImpl = asyncDef(function* wait_for(aw: Awaitable<unknown>, timeout: number | null): Coroutine<unknown> {
  const loop = getRunningLoop();
  const minor = loop._minor;
  if (minor >= 12) {
    if (timeout !== null && timeout <= 0) {
      const fut = ensureFuture(aw);
      if (fut.done()) return fut.result();
      yield* cancelAndWait(fut, loop);
      return resultOrTimeout(fut);
    }
    return yield* asyncWith(timeoutScope(timeout), function* () {
      return yield* awaited(aw, minor);
    });
  }

  if (timeout === null) return yield* awaited(aw, minor);
  if (timeout <= 0) {
    const fut = ensureFuture(aw, { loop });
    if (fut.done()) return fut.result();
    if (minor < 8) {
      fut.cancel();
      throw _timeoutError(minor);
    }
    yield* cancelAndWait(fut, loop);
    const result = resultOrTimeout(fut);
    if (minor < 9) throw _timeoutError(minor);
    return result;
  }

  const waiter = loop.createFuture<undefined>();
  const timeoutHandle = loop.callLater(timeout, releaseWaiter, waiter as Future<unknown>);
  const cb = releaseWaiterCallback(waiter as Future<unknown>);
  const fut = ensureFuture(aw, { loop });
  fut.addDoneCallback(cb);
  try {
    try {
      yield* waiter;
    } catch (exc) {
      if (!(exc instanceof CancelledError)) throw exc;
      if (minor < 8) {
        fut.removeDoneCallback(cb);
        fut.cancel();
        throw exc;
      }
      if (fut.done()) return _handlingIn(exc, () => fut.result());
      fut.removeDoneCallback(cb);
      // Awaited inside `except CancelledError:`: a second cancellation is chained to exc.
      yield* _awaitHandling(exc, minor, cancelAndWait(fut, loop));
      throw exc;
    }
    if (fut.done()) return fut.result();
    fut.removeDoneCallback(cb);
    yield* cancelAndWait(fut, loop);
    if (minor < 9) throw _timeoutError(minor);
    return resultOrTimeout(fut);
  } finally {
    timeoutHandle.cancel();
  }
});

// ---------------------------------------------------------------------------------------
// as_completed

/**
 * Options of {@link asCompleted}.
 *
 * @example
 * ```ts
 * for (const next of asyncio.asCompleted(tasks, { timeout: 10 })) console.log(yield* next);
 * ```
 */
export interface AsCompletedOptions {
  /** Seconds until the remaining awaitables raise `TimeoutError` (they are not cancelled). */
  timeout?: number | null;
}

/**
 * What {@link asCompleted} returns. Plain iteration gives one coroutine per awaitable,
 * which returns (or throws) the result of the next one to finish, in completion order;
 * `asyncFor` (Python 3.13+'s `async for`) gives the finished futures themselves, the
 * original tasks and futures included.
 *
 * Before 3.13, CPython's `as_completed` is a generator: nothing is set up until the first
 * item is taken; from 3.13 it is set up when called. Both are modelled.
 *
 * @example
 * ```ts
 * const it: asyncio.AsCompleted<number> = asyncio.asCompleted([a, b]);
 * for (const next of it) console.log(yield* next);
 * ```
 */
export class AsCompleted<T> implements Iterable<Coroutine<T>>, AsyncIteratorLike<Future<T>> {
  private readonly aws: Iterable<Awaitable<T>>;
  private readonly timeout: number | null;
  private readonly loop: BaseEventLoop;
  private done: Queue<Future<T> | null> | null = null;
  private todo = new Set<Future<T>>();
  private todoLeft = 0;
  private timeoutHandle: TimerHandle | null = null;

  /** @internal Use {@link asCompleted}. */
  constructor(aws: Iterable<Awaitable<T>>, options: AsCompletedOptions, loop: BaseEventLoop) {
    this.aws = aws;
    this.timeout = options.timeout ?? null;
    this.loop = loop;
    if (this.loop._minor >= 13) this.setUp();
  }

  private setUp(): void {
    if (this.done !== null) return;
    const minor = this.loop._minor;
    if (minor < 13) {
      // Before 3.13 as_completed is a generator: it checks its argument at the first item.
      const typeName = futureOrCoroutineName(this.aws, minor);
      if (typeName !== null) {
        throw new TypeError(`expect ${minor < 8 ? "a list" : "an iterable"} of futures, not ${typeName}`);
      }
    }
    this.done = new Queue<Future<T> | null>();
    const loop = this.loop;
    // CPython builds the set `{ensure_future(aw) for aw in set(aws)}`: duplicates count once.
    if (loop._minor < 13) {
      // Before 3.13 these are closures of the as_completed generator.
      qualname(this.handleTimeout, "as_completed.<locals>._on_timeout");
      qualname(this.handleCompletion, "as_completed.<locals>._on_completion");
    }
    for (const aw of new Set(_pyIterable<Awaitable<T>>(this.aws))) this.todo.add(ensureFuture(aw, { loop }));
    for (const f of this.todo) f.addDoneCallback(this.handleCompletion);
    if (this.todo.size > 0 && this.timeout !== null) this.timeoutHandle = loop.callLater(this.timeout, this.handleTimeout);
    this.todoLeft = this.todo.size;
  }

  private readonly handleTimeout = qualname((): void => {
    for (const f of this.todo) {
      f.removeDoneCallback(this.handleCompletion);
      (this.done as Queue<Future<T> | null>).putNowait(null); // sentinel for _waitForOne
    }
    this.todo.clear();
  }, "_AsCompletedIterator._handle_timeout");

  private readonly handleCompletion = qualname((f: Future<T>): void => {
    if (this.todo.size === 0) return; // the timeout was here first
    this.todo.delete(f);
    (this.done as Queue<Future<T> | null>).putNowait(f);
    if (this.todo.size === 0 && this.timeoutHandle !== null) this.timeoutHandle.cancel();
  }, "_AsCompletedIterator._handle_completion");

  /** @internal CPython's `_AsCompletedIterator._wait_for_one` (the shared part of both iterations). */
  *_waitForOne(): Generator<Yielded, Future<T>, unknown> {
    const f = yield* (this.done as Queue<Future<T> | null>).get();
    if (f === null) throw _timeoutError(this.loop._minor);
    return f;
  }

  /** Plain iteration: a coroutine per awaitable, giving results in completion order. */
  *[Symbol.iterator](): Generator<Coroutine<T>, void, unknown> {
    this.setUp();
    while (this.todoLeft > 0) {
      this.todoLeft--;
      yield waitForOneResult(this);
    }
  }

  /**
   * `async for` (3.13+): the next finished future, or done.
   *
   * @example
   * ```ts
   * yield* asyncio.asyncFor(asyncio.asCompleted([t1, t2]), function* (t) { console.log(t.result()); });
   * ```
   */
  *anext(): Coroutine<IteratorResult<Future<T>, undefined>> {
    if (this.loop._minor < 13) throw new FeatureUnavailableError("async iteration of as_completed()", "3.13", this.loop.python);
    if (this.todoLeft === 0) return { value: undefined, done: true };
    this.todoLeft--;
    return { value: yield* this._waitForOne(), done: false };
  }
}

const waitForOneResult = asyncDef(function* _wait_for_one<T>(iterator: AsCompleted<T>): Coroutine<T> {
  return (yield* iterator._waitForOne()).result();
});

/**
 * The awaitables' results in the order they finish (`asyncio.as_completed`).
 *
 * @example
 * ```ts
 * for (const next of asyncio.asCompleted([slow(), fast()], { timeout: 5 })) {
 *   console.log(yield* next); // fast's result, then slow's
 * }
 * ```
 */
export function asCompleted<T>(aws: Iterable<Awaitable<T>>, options: AsCompletedOptions = {}): AsCompleted<T> {
  // 3.13 checks the argument before it looks for the event loop.
  const minor = pythonMinor(_targetPython());
  if (minor >= 13) {
    const typeName = futureOrCoroutineName(aws, minor);
    if (typeName !== null) throw new TypeError(`expects an iterable of awaitables, not ${typeName}`);
  }
  return new AsCompleted(aws, options, getEventLoop());
}

// ---------------------------------------------------------------------------------------
// eager task factory (3.12+)

/**
 * A task factory that starts tasks eagerly, with `ctor` making them
 * (`asyncio.create_eager_task_factory`, Python 3.12+).
 *
 * @example
 * ```ts
 * loop.setTaskFactory(asyncio.createEagerTaskFactory((coro, options) => new asyncio.Task(coro, options)));
 * ```
 */
export function createEagerTaskFactory(
  ctor: <T>(coro: Coroutine<T>, options: TaskOptions) => Task<T>,
): TaskFactory {
  return <T>(loop: BaseEventLoop, coro: Coroutine<T>, options: TaskOptions): Task<T> => {
    if (loop._minor < 12) throw new FeatureUnavailableError("the eager task factory", "3.12", loop.python);
    return ctor(coro, { ...options, loop, eagerStart: true });
  };
}

/**
 * The eager task factory for plain tasks (`asyncio.eager_task_factory`, Python 3.12+):
 * `loop.setTaskFactory(asyncio.eagerTaskFactory)` makes every new task run its first
 * step at once.
 *
 * @example
 * ```ts
 * asyncio.getRunningLoop().setTaskFactory(asyncio.eagerTaskFactory);
 * ```
 */
export const eagerTaskFactory: TaskFactory = createEagerTaskFactory((coro, options) => new Task(coro, options));

// ---------------------------------------------------------------------------------------
// shield

/**
 * Protects an awaitable from cancellation (`asyncio.shield`): cancelling the caller
 * cancels the returned outer future, not the inner task, which runs on.
 *
 * @example
 * ```ts
 * const task = asyncio.createTask(save());
 * const result = yield* asyncio.shield(task); // if we are cancelled, save() continues
 * ```
 */
export function shield<T>(arg: Awaitable<T>): Future<T> {
  const inner = ensureFuture(arg);
  if (inner.done()) return inner; // shortcut
  const loop = _getLoop(inner);
  const outer = loop.createFuture<T>();
  const minor = loop._minor;

  // 3.14 records who awaits the inner future (for introspection) with one more callback.
  if (minor >= 14 && loop._currentTask !== null) {
    inner.addDoneCallback(qualname(() => {}, "shield.<locals>._clear_awaited_by_callback"));
  }

  const innerDoneCallback = qualname((innerFut: Future<T>): void => {
    if (outer.cancelled()) {
      // Before 3.14 the inner result is marked retrieved here.
      if (minor < 14 && !innerFut.cancelled()) innerFut.exception();
      return;
    }
    if (innerFut.cancelled()) {
      outer.cancel();
    } else {
      const exc = innerFut.exception();
      if (exc !== null) outer.setException(exc);
      else outer.setResult(innerFut.result());
    }
  }, "shield.<locals>._inner_done_callback");

  const outerDoneCallback = qualname((): void => {
    if (!inner.done()) {
      inner.removeDoneCallback(innerDoneCallback);
      if (minor >= 14) {
        // 3.14: an error of the inner future, now that nobody awaits it, is reported.
        inner.removeDoneCallback(logOnException);
        inner.addDoneCallback(logOnException);
      }
    }
  }, "shield.<locals>._outer_done_callback");

  inner.addDoneCallback(innerDoneCallback);
  outer.addDoneCallback(outerDoneCallback);
  return outer;
}

/** 3.14's `_log_on_exception`: report the error of a shielded future whose waiter left. */
const logOnException = qualname((fut: Future<unknown>): void => {
  if (fut.cancelled()) return;
  const exc = fut.exception();
  if (exc === null) return;
  const name = exc instanceof Error ? exc.name : typeof exc;
  _getLoop(fut).callExceptionHandler({ message: `${name} exception in shielded future`, exception: exc, future: fut });
}, "_log_on_exception");

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(Task, SleepZeroWithResult, SleepTimer, _GatheringFuture);
