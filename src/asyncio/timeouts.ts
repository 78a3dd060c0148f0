/**
 * Port of CPython's `asyncio/timeouts.py` (Python 3.11+): `timeout(delay)` and
 * `timeoutAt(when)` give a scope that cancels the task running it at the deadline and
 * turns that cancellation into `TimeoutError` when the scope exits.
 *
 * @example
 * ```ts
 * try {
 *   yield* asyncio.asyncWith(asyncio.timeout(1), function* () {
 *     yield* asyncio.sleep(10);
 *   });
 * } catch (e) {
 *   if (e instanceof asyncio.TimeoutError) console.log("gave up after one second");
 * }
 * ```
 * @module
 */
import type { AsyncContextManager, ExitInfo } from "./async_statements.ts";
import type { BaseEventLoop } from "./base_events.ts";
import type { Coroutine } from "./coroutines.ts";
import { getRunningLoop, type Handle } from "./events.ts";
import { BaseException, CancelledError, ExceptionGroup, RuntimeError, TimeoutError, _isCancelledType, _raise, _timeoutError } from "./exceptions.ts";
import { pyFloatRepr, pyRound, qualname } from "./format_helpers.ts";
import type { Task } from "./tasks.ts";
import { AssertionError } from "./builtins.ts";
import { currentTask } from "./tasks.ts";
import { FeatureUnavailableError } from "./version.ts";

type State = "created" | "active" | "expiring" | "expired" | "finished";

function requireTimeouts(loop: BaseEventLoop): void {
  if (loop._minor < 11) throw new FeatureUnavailableError("asyncio.timeout()", "3.11", loop.python);
}

/**
 * A deadline scope (`asyncio.Timeout`). Make one with {@link timeout} or {@link timeoutAt}
 * and enter it with `asyncWith`.
 *
 * @example
 * ```ts
 * yield* asyncio.asyncWith(asyncio.timeout(null), function* (cm) {
 *   cm.reschedule(asyncio.getRunningLoop().time() + 5); // decide the deadline later
 *   yield* work();
 * });
 * ```
 */
export class Timeout implements AsyncContextManager<Timeout, false> {
  /** @internal */ _state: State = "created";
  /** @internal */ _timeoutHandler: Handle | null = null;
  /** @internal */ _task: Task<unknown> | null = null;
  /** @internal */ _when: number | null;
  /** @internal */ _cancelling = 0;

  /** A timeout at loop time `when` (null: never). Prefer `timeout()`/`timeoutAt()`. */
  constructor(when: number | null) {
    this._when = when;
  }

  /** The current deadline (loop time), or null. */
  when(): number | null {
    return this._when;
  }

  /**
   * Moves the deadline (null: never). Only while the scope is active.
   *
   * @example
   * ```ts
   * cm.reschedule(asyncio.getRunningLoop().time() + 10);
   * ```
   */
  reschedule(when: number | null): void {
    if (this._state !== "active") {
      if (this._state === "created") throw _raise(new RuntimeError("Timeout has not been entered"));
      throw _raise(new RuntimeError(`Cannot change state of ${this._state} Timeout`));
    }
    this._when = when;
    if (this._timeoutHandler !== null) this._timeoutHandler.cancel();
    if (when === null) {
      this._timeoutHandler = null;
    } else {
      const loop = getRunningLoop();
      this._timeoutHandler = when <= loop.time() ? loop.callSoon(this._onTimeout) : loop.callAt(when, this._onTimeout);
    }
  }

  /** True once the deadline has passed while the scope ran. */
  expired(): boolean {
    return this._state === "expiring" || this._state === "expired";
  }

  /** Python's repr, e.g. `<Timeout [active] when=12.5>`. */
  toString(): string {
    let info = "";
    if (this._state === "active") {
      info = ` when=${this._when === null ? "None" : pyFloatRepr(pyRound(this._when, 3))}`;
    }
    return `<Timeout [${this._state}]${info}>`;
  }

  /** `__aenter__`: the scope starts; the deadline is scheduled. */
  *aenter(): Coroutine<Timeout> {
    if (this._state !== "created") throw _raise(new RuntimeError("Timeout has already been entered"));
    const task = currentTask();
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    requireTimeouts(task.getLoop());
    this._state = "active";
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
    return this;
  }

  /**
   * `__aexit__`: a cancellation caused by the deadline becomes `TimeoutError`. Called on a
   * scope that is not entered (created or finished), CPython's
   * `assert self._state in (_State.ENTERED, _State.EXPIRING)` fails: AssertionError.
   */
  *aexit(info: ExitInfo): Coroutine<false | void> {
    if (this._state !== "active" && this._state !== "expiring") throw _raise(new AssertionError());
    if (this._timeoutHandler !== null) {
      this._timeoutHandler.cancel();
      this._timeoutHandler = null;
    }
    if (this._state === "expiring") {
      this._state = "expired";
      const task = this._task as Task<unknown>;
      const minor = task.getLoop()._minor;
      if (task.uncancel() <= this._cancelling && info !== null) {
        // No new cancel requests: this cancellation is ours to handle.
        const exc = info.exception;
        if (_isCancelledType(exc, minor)) throw _timeoutError(minor, exc);
        if (minor >= 13) {
          // 3.13: the body turned the cancellation into another error; say where it came from.
          insertTimeoutError(exc);
          if (exc instanceof ExceptionGroup) for (const e of exc.exceptions) insertTimeoutError(e);
        }
      }
    } else if (this._state === "active") {
      this._state = "finished";
    }
    return undefined;
  }

  /** @internal The deadline passed: cancel the task. */
  readonly _onTimeout = qualname((): void => {
    (this._task as Task<unknown>).cancel();
    this._state = "expiring";
    this._timeoutHandler = null;
  }, "Timeout._on_timeout");
}

/**
 * CPython 3.13's `Timeout._insert_timeout_error`: puts a `TimeoutError` (caused by the
 * cancellation) between an exception and the first `CancelledError` in its context chain.
 */
function insertTimeoutError(exc: unknown): void {
  for (let e = exc; e instanceof BaseException && e.contextException !== null; e = e.contextException) {
    if (e.contextException instanceof CancelledError) {
      const te = new TimeoutError();
      te.contextException = e.contextException;
      te.cause = e.contextException;
      e.contextException = te;
      return;
    }
  }
}

/**
 * A timeout scope `delay` seconds from now (null: none) (`asyncio.timeout`, 3.11+).
 *
 * @example
 * ```ts
 * yield* asyncio.asyncWith(asyncio.timeout(2.5), function* () { yield* slow(); });
 * ```
 */
export function timeout(delay: number | null): Timeout {
  const loop = getRunningLoop();
  requireTimeouts(loop);
  return new Timeout(delay === null ? null : loop.time() + delay);
}

/**
 * A timeout scope at loop time `when` (null: none) (`asyncio.timeout_at`, 3.11+).
 *
 * @example
 * ```ts
 * const loop = asyncio.getRunningLoop();
 * yield* asyncio.asyncWith(asyncio.timeoutAt(loop.time() + 10), function* () { yield* slow(); });
 * ```
 */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(when);
}
