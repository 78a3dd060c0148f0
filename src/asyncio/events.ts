/**
 * Port of CPython's `asyncio/events.py`: callback handles, the running-loop registry and
 * the event loop policy functions (`getEventLoop`, `setEventLoop`, `newEventLoop`).
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop();
 * const handle = loop.callLater(5, () => console.log("late"));
 * handle.when();   // 5
 * handle.cancel();
 * ```
 * @module
 */
import { keepConstructorsFast } from "./fast_constructors.ts";
import type { BaseEventLoop, ExceptionContext, LoopOptions } from "./base_events.ts";
import { BaseException, RuntimeError, TypeError } from "./exceptions.ts";
import { pyTypeName } from "./builtins.ts";
import { formatCallback, installInspect, pyFloatRepr } from "./format_helpers.ts";
import type { RealTimeEventLoop } from "./real_loop.ts";
import { getDefaultPython, pythonMinor, type PythonVersion } from "./version.ts";
import { DeprecationWarning, warn } from "./warnings.ts";
import type { VirtualEventLoop } from "./virtual_loop.ts";

/**
 * A callback the loop can run. Arguments are type-checked where the handle is created
 * (`callSoon<A>(cb: (...args: A) => unknown, ...args: A)`); a handle stores them
 * untyped, as CPython's `Handle` does.
 *
 * @example
 * ```ts
 * const cb: asyncio.LoopCallback = (n: number) => console.log(n);
 * ```
 */
export type LoopCallback = (...args: never[]) => unknown;

type AnyCallback = (...args: unknown[]) => unknown;

/**
 * A callback scheduled with `callSoon`: `cancel()` keeps it from running.
 * Mirrors CPython's `events.Handle`.
 *
 * @example
 * ```ts
 * const h = loop.callSoon(() => console.log("never"));
 * h.cancel();
 * h.cancelled(); // true
 * ```
 */
export class Handle {
  // The loop makes a handle per callback and timer: fields are declared and assigned in
  // the constructor, which V8 runs faster than class-field definitions (see
  // `_AwaitingCoroutine`).
  /** @internal */ declare _callback: LoopCallback | null;
  /** @internal */ declare _args: unknown[] | null;
  /** @internal */ declare _cancelled: boolean;
  /** @internal */ declare readonly _loop: BaseEventLoop;
  /** @internal */ declare _repr: string | null;
  /**
   * @internal Non-null when the handle was made in debug mode (CPython's
   * `_source_traceback`; no frames are kept here).
   */
  declare _sourceTraceback: string[] | null;

  constructor(callback: LoopCallback, args: unknown[], loop: BaseEventLoop) {
    this._callback = callback;
    this._args = args;
    this._cancelled = false;
    this._loop = loop;
    this._repr = null;
    this._sourceTraceback = loop._debug ? [] : null;
  }

  /** Cancels the callback; a no-op if it already ran or was cancelled. */
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      if (this._loop.getDebug()) this._repr = this.toString();
      this._callback = null;
      this._args = null;
    }
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; errors go to the loop's exception handler. */
  _run(): void {
    const callback = this._callback as AnyCallback;
    const args = this._args as unknown[];
    try {
      // Fast paths for the arities the scheduler uses; spreading is slower in V8.
      if (args.length === 0) callback();
      else if (args.length === 1) callback(args[0]);
      else if (args.length === 2) callback(args[0], args[1]);
      else callback(...args);
    } catch (exc) {
      this._reportError(exc, callback, args);
    }
  }

  /** @internal What `Handle._run` does with an exception: CPython's message and context. */
  _reportError(exc: unknown, callback: unknown, args: readonly unknown[]): void {
    const loop = this._loop;
    loop._reraiseUncaught(exc);
    // Calling a non-function failed in JavaScript's words: say it in Python's.
    if (typeof callback !== "function" && !(exc instanceof BaseException)) exc = new TypeError(`'${pyTypeName(callback)}' object is not callable`);
    const context: ExceptionContext = {
      message: `Exception in callback ${formatCallback(callback, args, loop._minor < 13 || loop.getDebug())}`,
      exception: exc,
      handle: this,
    };
    if (this._sourceTraceback !== null) context.source_traceback = this._sourceTraceback;
    loop.callExceptionHandler(context);
  }

  /** @internal The class name the repr starts with. */
  _reprName(): string {
    return this.constructor.name;
  }

  /** @internal The arguments the repr shows. */
  _reprArgs(): readonly unknown[] {
    return this._args ?? [];
  }

  /** @internal CPython's `_repr_info`. */
  _reprInfo(): string[] {
    const info = [this._reprName()];
    if (this._cancelled) info.push("cancelled");
    if (this._callback !== null) {
      info.push(formatCallback(this._callback, this._reprArgs(), this._loop._minor < 13 || this._loop.getDebug()));
    }
    // CPython: `created at file:line`; the location is not known here.
    if (this._sourceTraceback !== null) info.push("created");
    return info;
  }

  /** Python's repr, e.g. `<Handle cb()>`. */
  toString(): string {
    if (this._repr !== null) return this._repr;
    return `<${this._reprInfo().join(" ")}>`;
  }
}
installInspect(Handle.prototype);

/**
 * @internal CPython 3.14's `events._ThreadSafeHandle`: the handle `call_soon_threadsafe`
 * makes (CPython adds a lock; here it differs only by its repr's class name).
 */
export class _ThreadSafeHandle extends Handle {
  override _reprName(): string {
    return "_ThreadSafeHandle";
  }
}

/**
 * A callback scheduled for a time (`callLater`, `callAt`). Mirrors CPython's
 * `events.TimerHandle`; timers are ordered by `when()` in the loop's heap.
 *
 * @example
 * ```ts
 * const t = loop.callAt(loop.time() + 2, () => {});
 * t.when(); // the absolute loop time it fires at
 * ```
 */
export class TimerHandle extends Handle {
  /** @internal */ declare readonly _when: number;
  /** @internal True while the handle sits in the loop's heap. */
  declare _scheduled: boolean;

  constructor(when: number, callback: LoopCallback, args: unknown[], loop: BaseEventLoop) {
    super(callback, args, loop);
    this._when = when;
    this._scheduled = false;
  }

  /** The absolute loop time the callback is scheduled for. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }

  override _reprInfo(): string[] {
    const info = super._reprInfo();
    info.splice(this._cancelled ? 2 : 1, 0, `when=${pyFloatRepr(this._when)}`);
    return info;
  }
}

/** @internal What a {@link _PooledHandle} runs: `task.__step()`. */
export const HANDLE_STEP = 0;
/** @internal What a {@link _PooledHandle} runs: `task.__wakeup(future)`. */
export const HANDLE_WAKEUP = 1;
/** @internal What a {@link _PooledHandle} runs: a future's done-callback, `callback(future)`. */
export const HANDLE_CALLBACK = 2;
/** @internal */
export type HandleKind = typeof HANDLE_STEP | typeof HANDLE_WAKEUP | typeof HANDLE_CALLBACK;

/** @internal The two task methods a {@link _PooledHandle} calls. */
export interface SteppableTask {
  _step(exc: unknown, hasExc: boolean): void;
  _wakeup(future: never): void;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * @internal A handle the loop schedules for itself and recycles: a task step, a task
 * wakeup, or a future's done-callback. CPython's Task and Future discard the handle
 * `call_soon` returns, so nothing outside the loop can hold one once it has run; the loop
 * takes it back then (see `BaseEventLoop._acquireHandle`). It prints as the `Handle`
 * CPython would have made: `<Handle <TaskStepMethWrapper object>()>`,
 * `<Handle Task.task_wakeup(<Future finished result=1>)>`, `<Handle cb(<Future ...>)>`.
 */
export class _PooledHandle extends Handle {
  /** @internal */ declare _kind: HandleKind;
  /** @internal The task to step or wake (null for a done-callback, and while pooled). */
  declare _task: SteppableTask | null;
  /** @internal The future passed to a wakeup or a done-callback. */
  declare _arg: unknown;

  constructor(loop: BaseEventLoop) {
    super(noop, NO_ARGS as unknown[], loop);
    // The loop queues pooled handles (and tasks, see ReadyQueue) only while debug mode is
    // off, so the handle CPython made had no source traceback, even when one is made here
    // later, in debug mode, for a task's first step or a copy of the ready queue.
    this._sourceTraceback = null;
    this._kind = HANDLE_STEP;
    this._task = null;
    this._arg = undefined;
  }

  override _run(): void {
    const kind = this._kind;
    const arg = this._arg;
    try {
      if (kind === HANDLE_STEP) (this._task as SteppableTask)._step(undefined, false);
      else if (kind === HANDLE_WAKEUP) (this._task as SteppableTask)._wakeup(arg as never);
      else (this._callback as AnyCallback)(arg);
    } catch (exc) {
      // Not recycled: the exception handler's context holds this handle.
      this._reportError(exc, this._callback, this._reprArgs());
      return;
    }
    this._task = null;
    this._arg = undefined;
    this._loop._releaseHandle(this);
  }

  /** @internal A copy that the loop does not recycle, for whoever looks at the ready queue. */
  _copy(): _PooledHandle {
    const copy = new _PooledHandle(this._loop);
    copy._kind = this._kind;
    copy._task = this._task;
    copy._arg = this._arg;
    copy._callback = this._callback;
    copy._cancelled = this._cancelled;
    return copy;
  }

  override _reprName(): string {
    return "Handle";
  }

  override _reprArgs(): readonly unknown[] {
    return this._kind === HANDLE_STEP ? NO_ARGS : [this._arg];
  }
}

function noop(): void {}

// ---------------------------------------------------------------------------------------
// The running loop and the current loop (CPython's `_get_running_loop` and the policy).

/**
 * A concrete event loop: the virtual-clock loop, whose run methods return results, or the
 * real-clock loop, whose run methods return Promises. `await loop.runUntilComplete(x)`
 * works for both.
 *
 * @example
 * ```ts
 * const loop: asyncio.EventLoop = asyncio.getEventLoop();
 * await loop.runUntilComplete(main()); // a value or a Promise: await covers both
 * ```
 */
export type EventLoop = VirtualEventLoop | RealTimeEventLoop;

let runningLoop: BaseEventLoop | null = null;
let currentLoop: EventLoop | null = null;
let currentLoopSet = false;

type LoopFactory = (options: NewEventLoopOptions) => EventLoop;
let loopFactory: LoopFactory | null = null;

/** @internal Installed by the package entry point; keeps this module free of cycles. */
export function _setEventLoopFactory(factory: LoopFactory): void {
  loopFactory = factory;
}

/**
 * @internal The factory `newEventLoop` uses, or null: what the conformance harness puts
 * back after making `run` and `Runner` use its own loop (as Python's harness does with an
 * event loop policy).
 */
export function _getEventLoopFactory(): LoopFactory | null {
  return loopFactory;
}

/** @internal The loop currently running callbacks, or null. */
export function _getRunningLoop(): BaseEventLoop | null {
  return runningLoop;
}

/**
 * @internal The target that decides version-specific rules outside a loop's own code:
 * the running loop's, else the process-wide default.
 */
export function _targetPython(): PythonVersion {
  return runningLoop === null ? getDefaultPython() : runningLoop.python;
}

/** @internal */
export function _setRunningLoop(loop: BaseEventLoop | null): void {
  runningLoop = loop;
}

/**
 * The loop running the current callback or task; throws `RuntimeError('no running event
 * loop')` outside one, like `asyncio.get_running_loop()`.
 *
 * @example
 * ```ts
 * function* main(): Coroutine<void> {
 *   const loop = asyncio.getRunningLoop();
 *   loop.callSoon(() => console.log("soon"));
 * }
 * ```
 */
export function getRunningLoop(): BaseEventLoop {
  if (runningLoop === null) throw new RuntimeError("no running event loop");
  return runningLoop;
}

/**
 * Options of {@link newEventLoop}.
 *
 * @example
 * ```ts
 * const real = asyncio.newEventLoop({ clock: "real", python: "3.11" });
 * ```
 */
export interface NewEventLoopOptions extends LoopOptions {
  /** `"virtual"` (default): time jumps to the next timer; `"real"`: Node timers. */
  clock?: "virtual" | "real";
}

/**
 * Creates a new event loop. The virtual-clock loop (the default) runs synchronously and
 * jumps time to the next timer; the real-clock loop waits on Node timers and its run
 * methods return Promises.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop({ python: "3.11" });
 * loop.runUntilComplete(asyncio.sleep(10, "done")); // "done", instantly
 * const real = asyncio.newEventLoop({ clock: "real" });
 * await real.runUntilComplete(asyncio.sleep(0.01, "done"));
 * ```
 */
export function newEventLoop(options: NewEventLoopOptions & { clock: "real" }): RealTimeEventLoop;
export function newEventLoop(options?: NewEventLoopOptions & { clock?: "virtual" }): VirtualEventLoop;
export function newEventLoop(options?: NewEventLoopOptions): EventLoop;
export function newEventLoop(options: NewEventLoopOptions = {}): EventLoop {
  if (loopFactory === null) {
    throw new RuntimeError("no event loop implementation is loaded: import from the package entry point");
  }
  return loopFactory(options);
}

/**
 * The running loop if there is one, otherwise the current loop of the policy, created
 * (with the virtual clock) on first use, as `asyncio.get_event_loop()` does in the main
 * thread up to Python 3.13: 3.12 and 3.13 emit `DeprecationWarning('There is no current
 * event loop')` when they create it; 3.14 throws `RuntimeError` instead (the default
 * target decides). After `setEventLoop(null)` there is no current loop and it throws
 * `RuntimeError`, as CPython does.
 *
 * @example
 * ```ts
 * const loop = asyncio.getEventLoop();
 * loop.runUntilComplete(main());
 * ```
 */
export function getEventLoop(): EventLoop {
  if (runningLoop !== null) return runningLoop as EventLoop;
  if (currentLoop === null && !currentLoopSet) {
    const minor = pythonMinor(getDefaultPython());
    if (minor >= 14) throw new RuntimeError("There is no current event loop in thread 'MainThread'.");
    if (minor >= 12) warn("There is no current event loop", DeprecationWarning);
  }
  return _policyEventLoop();
}

/**
 * @internal The running loop, else the policy's current loop, made on first use without
 * any release's warning or error (what the 3.7–3.9 loop binding of primitives needs).
 */
export function _policyEventLoop(): EventLoop {
  if (runningLoop !== null) return runningLoop as EventLoop;
  if (currentLoop === null && !currentLoopSet) setEventLoop(newEventLoop());
  if (currentLoop === null) throw new RuntimeError("There is no current event loop in thread 'MainThread'.");
  return currentLoop;
}

/** @internal The policy's current loop, without making one (null: none). */
export function _currentEventLoop(): EventLoop | null {
  return currentLoop;
}

/**
 * @internal Forgets the current loop and that one was ever set, as installing a new
 * default policy does in CPython (`set_event_loop_policy(None)`); for specs.
 */
export function _resetEventLoopPolicy(): void {
  currentLoop = null;
  currentLoopSet = false;
}

/**
 * Sets (or clears, with null) the policy's current loop.
 *
 * @example
 * ```ts
 * asyncio.setEventLoop(asyncio.newEventLoop({ clock: "real" }));
 * ```
 */
export function setEventLoop(loop: EventLoop | null): void {
  currentLoopSet = true;
  currentLoop = loop;
}

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(TimerHandle, _PooledHandle);
