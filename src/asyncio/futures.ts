/**
 * Port of CPython's `asyncio/futures.py` (with the C `_asyncio.Future`'s messages): a
 * result that becomes available later, with done-callbacks scheduled on the loop.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop();
 * const fut = loop.createFuture<string>();
 * fut.addDoneCallback((f) => console.log("done:", f.result()));
 * loop.callLater(1, () => fut.setResult("hello"));
 * loop.runUntilComplete(fut); // prints "done: hello" one iteration after the result
 * ```
 * @module
 */
import type { BaseEventLoop } from "./base_events.ts";
import { _RETHROWS, type Yielded } from "./coroutines.ts";
import { getEventLoop, type LoopCallback } from "./events.ts";
import { CancelledError, InvalidStateError, RuntimeError, StopIteration, TypeError, _raise, withContext } from "./exceptions.ts";
import { _enterStackless, _leaveStackless } from "./builtins.ts";
import { formatCallback, installInspect, pyRepr, reprlibRepr } from "./format_helpers.ts";
import { FeatureUnavailableError } from "./version.ts";

/** @internal Future states (CPython's `_PENDING`, `_CANCELLED`, `_FINISHED`). */
export const FutureState = { Pending: 0, Cancelled: 1, Finished: 2 } as const;
/** @internal */
export type FutureState = (typeof FutureState)[keyof typeof FutureState];

const STATE_NAMES = ["pending", "cancelled", "finished"] as const;

// The bits of `Future._flags`: the state in the low two bits, then one bit per boolean.
// A future is small this way (the loop makes many, and their size is what V8's young
// generation copies); the fields keep their names as accessors.
/** @internal */ export const FLAG_STATE = 3;
/** @internal */ export const FLAG_HAS_EXCEPTION = 4;
/** @internal */ export const FLAG_BLOCKING = 8;
/**
 * @internal Task: queued in the loop's ready queue for its wakeup by `_futWaiter` (the
 * future it awaits), not for a step (see `BaseEventLoop._callSoonWakeup`).
 */
export const FLAG_WAKEUP_QUEUED = 16;
/** @internal Task: the coroutine has returned or raised. */ export const FLAG_CORO_FINISHED = 32;
/** @internal Task: cancel the next step. */ export const FLAG_MUST_CANCEL = 64;
/** @internal Made while the loop was in debug mode (see `_sourceTraceback`). */ export const FLAG_DEBUG_CREATED = 256;

/**
 * @internal A task waiting on a future, as its `_callbacks` hold it: instead of a wakeup
 * closure per task (CPython's C Task makes a wrapper object per await), the list holds the
 * task itself, and completion schedules `task._wakeup(future)`.
 */
export interface TaskWaiter {
  _loop: BaseEventLoop;
  _step(exc: unknown, hasExc: boolean): void;
  _wakeup(future: Future<unknown>): void;
  _stepFunction(): () => void;
  _wakeupFunction(): (future: Future<unknown>) => void;
}

/**
 * @internal A done-callback that is not a function, kept apart from task waiters so that
 * it fails when called, as it does in CPython (`'X' object is not callable`).
 */
class NotCallable {
  constructor(readonly value: unknown) {}
}

/** @internal What a future's `_callbacks` holds: functions, waiting tasks, or non-callables. */
export type CallbackEntry = DoneCallback<never> | TaskWaiter | NotCallable;

// `_callbackRest` of a future that has at most one callback: shared, frozen, replaced on
// the second add.
const NO_CALLBACKS: CallbackEntry[] = Object.freeze([]) as unknown as CallbackEntry[];

/** The function a callback entry stands for, as reprs show it. */
function shownCallback(entry: CallbackEntry): unknown {
  if (typeof entry === "function") return entry;
  if (entry instanceof NotCallable) return entry.value;
  return entry._loop._wakeupCallback;
}

// Futures whose repr is being built, for the recursion guard in `toString`.
const reprInProgress = new Set<object>();
// Futures whose result's repr is being built (3.8–3.10's guard, `_guardedResultRepr`).
const resultReprInProgress = new Set<object>();

/**
 * @internal Makes an error that the loop raises from its own machinery (a cancellation
 * delivered to a task, gather's placeholder for a cancelled child) without a JavaScript
 * stack (builtins' `_enterStackless`). Such a stack would hold only the scheduler's frames
 * (CPython's traceback instead grows through the program's frames as the error
 * propagates), and making it costs more than the rest of a cancellation.
 */
export function _loopError<E>(make: () => E): E {
  _enterStackless();
  try {
    return make();
  } finally {
    _leaveStackless();
  }
}

/**
 * @internal `_loopError(() => fut._cancelledError(consume))` without a closure per call
 * (a task's wakeup on a cancelled future makes one per cancellation).
 */
export function _loopCancelledError(fut: Future<unknown>, consume: boolean): CancelledError {
  _enterStackless();
  try {
    return fut._cancelledError(consume);
  } finally {
    _leaveStackless();
  }
}

/**
 * @internal `_loopError(() => new CancelledError(message))`, or without arguments when
 * `withMessage` is false, without a closure per call (gather's placeholders).
 */
export function _loopCancelled(withMessage: boolean, message: unknown): CancelledError {
  _enterStackless();
  try {
    return withMessage ? new CancelledError(message) : new CancelledError();
  } finally {
    _leaveStackless();
  }
}

/**
 * A done-callback: called with the future, one loop iteration after it is done.
 *
 * @example
 * ```ts
 * const report: asyncio.DoneCallback<asyncio.Future<number>> = (f) => console.log(f.result());
 * fut.addDoneCallback(report);
 * ```
 */
export type DoneCallback<F> = (future: F) => unknown;

/**
 * Options of the {@link Future} constructor.
 *
 * @example
 * ```ts
 * const fut = new asyncio.Future<string>({ loop });
 * ```
 */
export interface FutureOptions {
  /** The loop the future belongs to; defaults to `getEventLoop()`. */
  loop?: BaseEventLoop;
}

/**
 * An eventual result: pending, then finished with a result or an exception, or
 * cancelled. `yield* fut` inside a coroutine waits for it and returns the result (or
 * throws the exception), like `await fut`.
 *
 * @example
 * ```ts
 * function* waiter(fut: Future<number>): Coroutine<number> {
 *   const value = yield* fut; // suspends the task until fut is done
 *   return value * 2;
 * }
 * ```
 */
export class Future<T = unknown> {
  // Fields are declared and assigned in the constructor, not initialized as class fields:
  // V8 (Node 20) builds an object whose class initializes ES2022 fields markedly slower
  // (see `_AwaitingCoroutine` in coroutines.ts), and the loop makes a future per task.
  /** @internal The state and the boolean fields (see `FLAG_*`). */
  declare _flags: number;
  /** @internal */ declare _result: T | undefined;
  /** @internal */ declare _exception: unknown;
  /** @internal */ declare _loop: BaseEventLoop;
  /**
   * @internal The first done-callback (CPython's C `fut_callback0`): most futures have one
   * at most, which then costs no list. Entries are functions, or tasks waiting on this
   * future (see {@link TaskWaiter}).
   */
  declare _callback0: CallbackEntry | null;
  /** @internal The done-callbacks after `_callback0`, in registration order. */
  declare _callbackRest: CallbackEntry[];
  /** @internal The message given to `cancel(msg)`; null when none (Python's None). */
  declare _cancelMessage: unknown;
  /** @internal The CancelledError a task's coroutine raised, kept for chaining (3.9+). */
  declare _cancelledExc: CancelledError | null;

  constructor(options: FutureOptions = {}) {
    const loop = options.loop ?? getEventLoop();
    this._flags = loop._debug ? FLAG_DEBUG_CREATED : 0;
    this._result = undefined;
    this._exception = null;
    this._loop = loop;
    this._callback0 = null;
    this._callbackRest = NO_CALLBACKS;
    this._cancelMessage = null;
    this._cancelledExc = null;
  }

  /** @internal Sets or clears flag bits. */
  _setFlag(bit: number, on: boolean): void {
    this._flags = on ? this._flags | bit : this._flags & ~bit;
  }

  /** @internal CPython's `_state`. */
  get _state(): FutureState {
    return (this._flags & FLAG_STATE) as FutureState;
  }

  /** @internal */
  set _state(state: FutureState) {
    this._flags = (this._flags & ~FLAG_STATE) | state;
  }

  /** @internal True when the future finished with an exception. */
  get _hasException(): boolean {
    return (this._flags & FLAG_HAS_EXCEPTION) !== 0;
  }

  /** @internal */
  set _hasException(on: boolean) {
    this._setFlag(FLAG_HAS_EXCEPTION, on);
  }

  /**
   * @internal CPython's `_asyncio_future_blocking`: set by `[Symbol.iterator]` just before
   * the future is yielded to the task, so the task can tell `yield* fut` (correct) from a
   * plain `yield fut` (an error).
   */
  get _asyncioFutureBlocking(): boolean {
    return (this._flags & FLAG_BLOCKING) !== 0;
  }

  /** @internal */
  set _asyncioFutureBlocking(on: boolean) {
    this._setFlag(FLAG_BLOCKING, on);
  }

  /**
   * @internal Non-null when made in debug mode (CPython's `_source_traceback`, without
   * frames): one flag bit, so a future made outside debug mode costs nothing more.
   */
  get _sourceTraceback(): string[] | null {
    return (this._flags & FLAG_DEBUG_CREATED) !== 0 ? [] : null;
  }

  /** The loop the future is bound to (`Future.get_loop`). */
  getLoop(): BaseEventLoop {
    return this._loop;
  }

  /**
   * @internal The CancelledError for a cancelled future, following each version's rules
   * (CPython's `Future._make_cancelled_error`): 3.7–3.8 a fresh `CancelledError()`;
   * 3.9–3.10 a fresh one carrying the message, with the saved one as its context (which
   * this call then forgets); 3.11+ the saved one itself, once, then fresh ones.
   */
  _makeCancelledError(): CancelledError {
    return this._cancelledError(true);
  }

  /**
   * @internal The error `result()`, `exception()` and `yield*` throw. On 3.9–3.10 the C
   * future chains the saved error to every one of them without forgetting it; otherwise
   * this is `_makeCancelledError()`.
   */
  _cancelledError(consume: boolean): CancelledError {
    const minor = this._loop._minor;
    if (minor < 9) return new CancelledError();
    if (minor >= 11 && this._cancelledExc !== null) {
      const saved = this._cancelledExc;
      this._cancelledExc = null;
      return saved;
    }
    const exc = this._cancelMessage === null ? new CancelledError() : new CancelledError(this._cancelMessage);
    if (minor < 11) {
      exc.contextException = this._cancelledExc;
      if (consume) this._cancelledExc = null;
    }
    return exc;
  }

  /**
   * @internal The CancelledError `result()` and `exception()` raise into the caller: chained
   * to what the caller handles; on 3.9–3.10 the C future then chains it to the saved
   * cancellation (`_PyErr_ChainStackItem`), which wins.
   */
  _raiseCancelled(): CancelledError {
    const exc = _raise(this._cancelledError(false));
    const minor = this._loop._minor;
    if (minor >= 9 && minor < 11 && this._cancelledExc !== null) withContext(exc, this._cancelledExc);
    return exc;
  }

  /** @internal Rejects `cancel(msg)` before Python 3.9. */
  _checkCancelMessage(msg: unknown): void {
    if (msg !== undefined && msg !== null && this._loop._minor < 9) {
      throw new FeatureUnavailableError("cancel(msg)", "3.9", this._loop.python);
    }
  }

  /**
   * Cancels the future and schedules its callbacks; false if it was already done
   * (`Future.cancel`). The message (Python 3.9+) becomes the CancelledError's argument.
   *
   * @example
   * ```ts
   * fut.cancel("shutting down"); // true
   * fut.cancelled();             // true
   * ```
   */
  cancel(msg?: unknown): boolean {
    this._checkCancelMessage(msg);
    return this._futureCancel(msg ?? null);
  }

  /** @internal `Future.cancel` itself, which `Task` calls as `super().cancel()`. */
  _futureCancel(msg: unknown): boolean {
    if (this._state !== FutureState.Pending) return false;
    this._state = FutureState.Cancelled;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /** @internal Schedules every callback with `callSoon`, in registration order. */
  _scheduleCallbacks(): void {
    const first = this._callback0;
    const rest = this._callbackRest;
    if (first === null && rest.length === 0) return;
    this._callback0 = null;
    this._callbackRest = NO_CALLBACKS;
    if (first !== null) this._scheduleCallback(first);
    for (let i = 0; i < rest.length; i++) this._scheduleCallback(rest[i] as CallbackEntry);
  }

  /** @internal `call_soon(callback, self)` for one entry. */
  _scheduleCallback(entry: CallbackEntry): void {
    const loop = this._loop;
    if (typeof entry === "function") loop._callSoonCallback(entry as LoopCallback, this as Future<unknown>);
    else if (entry instanceof NotCallable) loop.callSoon(entry.value as DoneCallback<this>, this);
    else loop._callSoonWakeup(entry, this as Future<unknown>);
  }

  /**
   * @internal Every done-callback entry in registration order (CPython's `_callbacks`);
   * a new list each time.
   */
  get _callbacks(): CallbackEntry[] {
    return this._callback0 === null ? [...this._callbackRest] : [this._callback0, ...this._callbackRest];
  }

  /** True if the future was cancelled. */
  cancelled(): boolean {
    return this._state === FutureState.Cancelled;
  }

  /** True once the future has a result or an exception, or was cancelled. */
  done(): boolean {
    return this._state !== FutureState.Pending;
  }

  /**
   * The result; throws the future's exception, `CancelledError` if it was cancelled, or
   * `InvalidStateError` while pending (`Future.result`).
   *
   * @example
   * ```ts
   * fut.setResult(5);
   * fut.result(); // 5
   * ```
   */
  result(): T {
    // _raise: CPython raises these in the caller's frame, chaining them to what it handles.
    if (this._state === FutureState.Cancelled) throw this._raiseCancelled();
    if (this._state !== FutureState.Finished) throw _raise(new InvalidStateError("Result is not set."));
    if (this._hasException) throw _raise(this._exception);
    return this._result as T;
  }

  /**
   * The exception the future finished with, or null if it has a result; throws
   * `CancelledError` if cancelled and `InvalidStateError` while pending
   * (`Future.exception`).
   *
   * @example
   * ```ts
   * fut.setException(new ValueError("bad"));
   * fut.exception(); // ValueError('bad')
   * ```
   */
  exception(): unknown {
    if (this._state === FutureState.Cancelled) throw this._raiseCancelled();
    if (this._state !== FutureState.Finished) throw _raise(new InvalidStateError("Exception is not set."));
    return this._hasException ? this._exception : null;
  }

  /**
   * Adds a callback run with the future once it is done, through `callSoon`; on a future
   * that is already done it is scheduled at once (`Future.add_done_callback`).
   *
   * @example
   * ```ts
   * fut.addDoneCallback((f) => console.log(f.result()));
   * ```
   */
  addDoneCallback(fn: DoneCallback<this>): void {
    if (this._state !== FutureState.Pending) this._loop.callSoon(fn, this);
    else this._addEntry(typeof fn === "function" ? (fn as DoneCallback<never>) : new NotCallable(fn));
  }

  /**
   * @internal `add_done_callback(task.__wakeup)`: the task waits on this future. On a
   * future that is already done the wakeup is scheduled at once, through `callSoon`.
   */
  _addTaskWaiter(task: TaskWaiter): void {
    if (this._state !== FutureState.Pending) this._loop.callSoon(task._wakeupFunction(), this as Future<unknown>);
    else this._addEntry(task);
  }

  /** @internal Appends a done-callback entry: the first one goes in `_callback0`, as in CPython's C Future. */
  _addEntry(entry: CallbackEntry): void {
    if (this._callback0 === null && this._callbackRest.length === 0) this._callback0 = entry;
    else if (this._callbackRest === NO_CALLBACKS) this._callbackRest = [entry];
    else this._callbackRest.push(entry);
  }

  /**
   * Removes every registration of `fn`; returns how many were removed
   * (`Future.remove_done_callback`).
   *
   * @example
   * ```ts
   * fut.removeDoneCallback(onDone); // 1
   * ```
   */
  removeDoneCallback(fn: DoneCallback<this>): number {
    // A task waiting on the future is not a callback anyone else can name.
    const matches = (entry: CallbackEntry) =>
      typeof entry === "function" ? entry === (fn as unknown) : entry instanceof NotCallable && entry.value === fn;
    let removed = 0;
    if (this._callback0 !== null && matches(this._callback0)) {
      this._callback0 = null;
      removed++;
    }
    const rest = this._callbackRest;
    if (rest.length > 0) {
      const kept = rest.filter((entry) => !matches(entry));
      if (kept.length < rest.length) {
        removed += rest.length - kept.length;
        this._callbackRest = kept.length === 0 ? NO_CALLBACKS : kept;
      }
    }
    return removed;
  }

  /**
   * Marks the future done with `result` and schedules its callbacks; throws
   * `InvalidStateError` if it is already done (`Future.set_result`).
   *
   * @example
   * ```ts
   * fut.setResult("ok");
   * ```
   */
  setResult(result: T): void {
    if (this._state !== FutureState.Pending) throw _raise(new InvalidStateError("invalid state"));
    this._result = result;
    this._state = FutureState.Finished;
    this._scheduleCallbacks();
  }

  /**
   * Marks the future done with an exception (an instance, or a class that is
   * instantiated without arguments) and schedules its callbacks
   * (`Future.set_exception`).
   *
   * @example
   * ```ts
   * fut.setException(new TimeoutError());
   * ```
   */
  setException(exception: unknown): void {
    if (this._state !== FutureState.Pending) throw _raise(new InvalidStateError("invalid state"));
    let exc = exception;
    if (typeof exc === "function") exc = new (exc as new () => unknown)();
    if (exc === null || exc === undefined) throw new TypeError("invalid exception object");
    // Up to 3.12 only StopIteration itself (`type(exc) is StopIteration`), from 3.13 its subclasses too.
    if (exc instanceof StopIteration && (this._loop._minor >= 13 || Object.getPrototypeOf(exc) === StopIteration.prototype)) exc = this._refuseStopIteration(exc);
    this._exception = exc;
    this._hasException = true;
    this._state = FutureState.Finished;
    this._scheduleCallbacks();
  }

  /**
   * @internal `set_exception(StopIteration())`: refused up to 3.12; from 3.13 replaced by
   * a RuntimeError caused by it.
   */
  _refuseStopIteration(exc: StopIteration): RuntimeError {
    const message = "StopIteration interacts badly with generators and cannot be raised into a Future";
    if (this._loop._minor < 13) throw _raise(new TypeError(message));
    const wrapped = new RuntimeError(message);
    wrapped.cause = exc;
    wrapped.contextException = exc;
    return wrapped;
  }

  /**
   * `await fut`: yields the future to the task driving the coroutine until it is done,
   * then returns its result or throws its exception (`Future.__await__`).
   */
  [Symbol.iterator](): Generator<Yielded, T, unknown> {
    return new FutureIter(this);
  }

  /** @internal CPython's `_future_repr_info`. */
  _reprInfo(): string[] {
    const info: string[] = [STATE_NAMES[this._state]];
    if (this._state === FutureState.Finished) {
      if (this._hasException) info.push(`exception=${pyRepr(this._exception)}`);
      else info.push(`result=${this._loop._minor < 11 ? this._guardedResultRepr() : reprlibRepr(this._result)}`);
    }
    const callbacks = this._callbacks;
    // 3.13+ formats them without debug mode, whatever the loop's: no arguments shown.
    if (callbacks.length > 0) info.push(formatCallbacks(callbacks.map(shownCallback), this._loop._minor < 13));
    // CPython: `created at file:line`; the location is not known here.
    if (this._sourceTraceback !== null) info.push("created");
    return info;
  }

  /**
   * 3.8–3.10's guard (bpo-42183, `_repr_running` in `_future_repr_info`): only the result's
   * repr is guarded, so a future whose result is itself prints one level more than 3.11+.
   */
  private _guardedResultRepr(): string {
    if (resultReprInProgress.has(this)) return "...";
    resultReprInProgress.add(this);
    try {
      return reprlibRepr(this._result);
    } finally {
      resultReprInProgress.delete(this);
    }
  }

  /**
   * Python's repr, e.g. `<Future finished result=1>`. A future whose repr contains itself
   * prints `...` there, as `reprlib.recursive_repr` makes CPython 3.11+ do (3.8–3.10 guard
   * only the result, see `_guardedResultRepr`; a task's `wait_for=` loop, which they do not
   * guard at all, still prints `...`).
   */
  toString(): string {
    if (reprInProgress.has(this)) {
      // 3.8–3.10: reached again through its own result, it prints once more.
      if (this._loop._minor >= 11 || !resultReprInProgress.has(this)) return "...";
      return `<${this.constructor.name} ${this._reprInfo().join(" ")}>`;
    }
    reprInProgress.add(this);
    try {
      return `<${this.constructor.name} ${this._reprInfo().join(" ")}>`;
    } finally {
      reprInProgress.delete(this);
    }
  }
}
installInspect(Future.prototype);

/**
 * The iterator `yield* fut` runs, written out by hand like CPython's C `FutureIter`
 * (a generator method would allocate more per await): it yields the future while it is
 * pending and not marked blocking, then returns `result()`. Like the C iterator it holds
 * nothing but the future, dropped once it returned (before 3.14), was thrown into or closed.
 */
class FutureIter<T> implements Generator<Yielded, T, unknown> {
  private future: Future<T> | null;
  constructor(future: Future<T>) {
    this.future = future;
  }

  next(): IteratorResult<Yielded, T> {
    const fut = this.future;
    if (fut === null) return { value: undefined as T, done: true };
    if (fut._state === FutureState.Pending) {
      // CPython's C FutureIter: a future still marked blocking (stepped before and not
      // released by a task, or a task that awaited itself) refuses to be awaited again.
      if (fut._asyncioFutureBlocking) throw new RuntimeError("await wasn't used with future");
      fut._asyncioFutureBlocking = true;
      return { value: fut as Future<unknown>, done: false };
    }
    // 3.14's C FutureIter keeps the future: stepped again, it gives the result again.
    if (fut._loop._minor < 14) this.future = null;
    return { value: fut.result(), done: true };
  }

  throw(error: unknown): IteratorResult<Yielded, T> {
    this.future = null;
    throw error;
  }

  /** What `throw` does before it throws (see `_RETHROWS`). */
  [_RETHROWS](): void {
    this.future = null;
  }

  return(value: T): IteratorResult<Yielded, T> {
    this.future = null;
    return { value, done: true };
  }

  [Symbol.iterator](): Generator<Yielded, T, unknown> {
    return this;
  }
}

/** CPython's `_format_callbacks`: one, two, or first, `<N more>`, last. */
function formatCallbacks(callbacks: readonly unknown[], showArgs: boolean): string {
  const fmt = (cb: unknown) => formatCallback(cb, [], showArgs);
  const size = callbacks.length;
  let text = "";
  if (size === 1) text = fmt(callbacks[0]);
  else if (size === 2) text = `${fmt(callbacks[0])}, ${fmt(callbacks[1])}`;
  else if (size > 2) text = `${fmt(callbacks[0])}, <${size - 2} more>, ${fmt(callbacks[size - 1])}`;
  return `cb=[${text}]`;
}

/**
 * True for a Future, a Task, or any object that declares itself future-compatible the
 * way CPython's `isfuture` checks it (an `_asyncioFutureBlocking` field).
 *
 * @example
 * ```ts
 * isFuture(loop.createFuture()); // true
 * isFuture(Promise.resolve());   // false
 * ```
 */
export function isFuture(value: unknown): value is Future<unknown> {
  if (value instanceof Future) return true;
  if (typeof value !== "object" || value === null || !("_asyncioFutureBlocking" in value)) return false;
  const blocking = (value as { _asyncioFutureBlocking?: unknown })._asyncioFutureBlocking;
  return blocking !== undefined && blocking !== null;
}

/**
 * @internal CPython's `futures._get_loop`: a future-like object's loop, through
 * `getLoop()` when it has one, else its `_loop` field.
 */
export function _getLoop(fut: Future<unknown>): BaseEventLoop {
  const getLoop = (fut as { getLoop?: unknown }).getLoop;
  if (typeof getLoop === "function") return getLoop.call(fut) as BaseEventLoop;
  return fut._loop;
}

/** @internal CPython's `_set_result_unless_cancelled`. */
export function _setResultUnlessCancelled<T>(fut: Future<T>, result: T): void {
  if (fut.cancelled()) return;
  fut.setResult(result);
}

/**
 * Brings a Node Promise into the loop as a Future (the role `asyncio.wrap_future` plays
 * for concurrent futures). When the promise settles, the future gets its result or
 * exception in a loop callback; a loop waiting for it wakes up. Cancelling the future
 * does not cancel the promise (a Promise cannot be cancelled).
 *
 * Only a loop that can wait for Node I/O can complete such a future: the real-clock loop
 * (`newEventLoop({ clock: "real" })`, `run(main, { clock: "real" })`).
 *
 * @example
 * ```ts
 * function* main(): Coroutine<number> {
 *   const response = yield* asyncio.wrapPromise(fetch(url));
 *   return response.status;
 * }
 * await asyncio.run(main(), { clock: "real" });
 * ```
 */
export function wrapPromise<T>(promise: PromiseLike<T>, options: FutureOptions = {}): Future<T> {
  const loop = options.loop ?? getEventLoop();
  const fut = new Future<T>({ loop });
  loop._pendingForeign++;
  const settle = (apply: () => void) => {
    loop._pendingForeign--;
    if (loop.isClosed()) return;
    loop.callSoonThreadsafe(() => {
      if (!fut.cancelled()) apply();
    });
  };
  promise.then(
    (value) => settle(() => fut.setResult(value)),
    (error: unknown) =>
      settle(() => fut.setException(error ?? new RuntimeError("promise rejected with " + pyRepr(error)))),
  );
  return fut;
}
