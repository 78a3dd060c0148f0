/**
 * Port of CPython's `asyncio/locks.py`: the synchronisation primitives `Lock`, `Event`,
 * `Condition`, `Semaphore`, `BoundedSemaphore` and (Python 3.11+) `Barrier`.
 *
 * Each follows the release its loop targets (the running loop's `python` option, or,
 * outside a loop, the loop it was created with):
 *
 * - loop binding: 3.7–3.9 bind a primitive to `get_event_loop()` when it is created;
 *   3.10+ bind it to the first running loop that needs one (see {@link LoopBoundMixin});
 * - `Semaphore`: 3.7–3.8 let a task that releases and re-acquires at once jump the queue;
 *   3.9 keeps FIFO order with a "wakeup scheduled" flag (and, as CPython 3.9.18 does,
 *   can leave waiters asleep with a positive value); 3.10+ count the woken waiter
 *   at once (`locked()` is true right after `release()` while someone waits); 3.13 wakes
 *   every waiter the value allows when an `acquire()` completes;
 * - `Condition.wait()`: before 3.13 a waiter cancelled after it was notified loses the
 *   notification, and a cancellation while re-acquiring the lock raises a fresh
 *   `CancelledError()`; 3.13 passes the notification to the next waiter and re-raises the
 *   cancellation it caught;
 * - `Barrier` exists from 3.11.
 *
 * Reprs are CPython's without the object address: `<asyncio.locks.Lock object [locked,
 * waiters:2]>`. Not modelled: the deprecated `with await lock` of 3.7–3.8 (a primitive
 * is not iterable on any target).
 *
 * @example
 * ```ts
 * const lock = new asyncio.Lock();
 * const worker = asyncio.asyncDef(function* worker(name: string): asyncio.Coroutine<void> {
 *   yield* asyncio.asyncWith(lock, function* () {
 *     yield* asyncio.sleep(1);
 *     console.log(name, "done");
 *   });
 * });
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
 *   yield* asyncio.gather([worker("a"), worker("b")]);
 * });
 * asyncio.run(main()); // "a done" at t=1, "b done" at t=2
 * ```
 * @module
 */
import { keepConstructorsFast } from "./fast_constructors.ts";
import type { BaseEventLoop } from "./base_events.ts";
import { asyncWith, type AsyncContextManager, type ExitInfo } from "./async_statements.ts";
import { _AWAIT, _AwaitingCoroutine, _nameCoroutineClass, asyncDef, type Coroutine, type Yielded } from "./coroutines.ts";
import { _notComparable, _pyFalsy } from "./builtins.ts";
import { Deque } from "./collections.ts";
import { BrokenBarrierError, CancelledError, RuntimeError, ValueError, _raise, withContext } from "./exceptions.ts";
import { installInspect } from "./format_helpers.ts";
import type { Future } from "./futures.ts";
import { LoopBoundMixin } from "./mixins.ts";
import { FeatureUnavailableError } from "./version.ts";
import { _warnLoopArgument } from "./warnings.ts";

// ---------------------------------------------------------------------------------------
// helpers

/** `deque.remove(x)`: removes the first occurrence, ValueError when there is none. */
function removeWaiter<T>(waiters: Deque<T>, item: T): void {
  if (!waiters.remove(item)) throw new ValueError("deque.remove(x): x not in deque");
}

/** What the coroutines' clauses return when they raised nothing. */
const NO_ERROR: unique symbol = Symbol("no error");

/** `all(w.cancelled() for w in waiters)`, without a closure. */
function allCancelled(waiters: Deque<Future<unknown>>): boolean {
  for (let i = 0; i < waiters.length; i++) if (!(waiters.at(i) as Future<unknown>).cancelled()) return false;
  return true;
}

/** `any(not w.cancelled() for w in waiters)`, without a closure. */
function anyNotCancelled(waiters: Deque<Future<unknown>> | null): boolean {
  if (waiters === null) return false;
  for (let i = 0; i < waiters.length; i++) if (!(waiters.at(i) as Future<unknown>).cancelled()) return true;
  return false;
}

const BUILTIN_CLASSES = new Set<unknown>();

/**
 * `object.__repr__` with the extra text locks.py adds, without the address:
 * `<asyncio.locks.Lock object [unlocked]>`. Subclasses defined elsewhere print their own
 * class name without a module (a JavaScript class has none).
 */
function objectRepr(obj: object, extra: string): string {
  const cls = obj.constructor;
  const module = BUILTIN_CLASSES.has(cls) ? "asyncio.locks." : "";
  return `<${module}${cls.name} object [${extra}]>`;
}

function waitersSuffix(waiters: { readonly length: number } | null): string {
  return waiters !== null && waiters.length > 0 ? `, waiters:${waiters.length}` : "";
}

/**
 * CPython's `_ContextManagerMixin`: `async with primitive` acquires it in `aenter` and
 * releases it in `aexit`.
 *
 * Not modelled: 3.7–3.8's deprecated `with await lock` and `with (yield from lock)`
 * (`__await__`/`__iter__`, removed in 3.9). A primitive is not iterable, so `yield* lock`
 * does not compile (and throws TypeError at run time) on every target: an iterator that
 * throws or acquires would break generic JavaScript code that iterates objects, such as
 * deep-equality checks.
 */
abstract class _ContextManagerMixin extends LoopBoundMixin implements AsyncContextManager<undefined, false> {
  abstract acquire(): Coroutine<true>;
  abstract release(): void;
  abstract locked(): boolean;

  /** `async with`: acquires. */
  *aenter(): Coroutine<undefined> {
    yield* this.acquire();
    // We have no use for the "as ..." clause in the with statement for locks.
    return undefined;
  }

  /** `async with`: releases, and never suppresses the body's exception. */
  *aexit(_info: ExitInfo): Coroutine<false | void> {
    this.release();
  }
}
asyncDef(_ContextManagerMixin.prototype.aenter, "_ContextManagerMixin.__aenter__");
asyncDef(_ContextManagerMixin.prototype.aexit, "_ContextManagerMixin.__aexit__");

/**
 * Options of the primitives' constructors.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop({ python: "3.9" });
 * const lock = new asyncio.Lock({ loop }); // Python 3.7-3.9: asyncio.Lock(loop=loop)
 * ```
 */
export interface PrimitiveOptions {
  /**
   * CPython's `loop=` argument: accepted on 3.7, deprecated on 3.8 and 3.9 (a
   * DeprecationWarning, see `warnings`), a `TypeError` from 3.10. The release is this
   * loop's.
   */
  loop?: BaseEventLoop;
  /**
   * @internal The module the `loop` deprecation is attributed to when asyncio's own code
   * makes the object (`asyncio.locks` for a Condition's Lock); default the program.
   */
  _warnModule?: string;
}

// ---------------------------------------------------------------------------------------
// Lock

/**
 * A primitive lock (`asyncio.Lock`): not owned by a task; `acquire()` waits while it is
 * locked, `release()` unlocks it and wakes the first waiter. Waiters are served strictly
 * in FIFO order: a task that releases and re-acquires at once queues behind them.
 *
 * @example
 * ```ts
 * const lock = new asyncio.Lock();
 * function* critical(): asyncio.Coroutine<void> {
 *   yield* lock.acquire();
 *   try {
 *     yield* asyncio.sleep(1);
 *   } finally {
 *     lock.release();
 *   }
 *   // or: yield* asyncio.asyncWith(lock, function* () { yield* asyncio.sleep(1); });
 * }
 * ```
 */
export class Lock extends _ContextManagerMixin {
  /** @internal The futures of the tasks waiting in `acquire()`; null until the first one. */
  _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _locked = false;

  /** `asyncio.Lock()`; see {@link PrimitiveOptions} for `loop`. */
  constructor(options: PrimitiveOptions = {}) {
    super(options.loop, options._warnModule);
  }

  /** Python's repr, e.g. `<asyncio.locks.Lock object [locked, waiters:1]>`. */
  override toString(): string {
    return objectRepr(this, `${this._locked ? "locked" : "unlocked"}${waitersSuffix(this._waiters)}`);
  }

  /**
   * True if the lock is acquired.
   *
   * @example
   * ```ts
   * new asyncio.Lock().locked(); // false
   * ```
   */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Waits until the lock is unlocked, locks it and returns true. Cancelled while
   * waiting, it passes the turn on to the next waiter.
   *
   * @example
   * ```ts
   * yield* lock.acquire(); // true
   * ```
   */
  acquire(): Coroutine<true> {
    return new LockAcquire(this);
  }

  /**
   * Unlocks the lock and wakes the first waiter; `RuntimeError('Lock is not acquired.')`
   * when it is not locked.
   *
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  release(): void {
    if (this._locked) {
      this._locked = false;
      this._wakeUpFirst();
    } else {
      throw _raise(new RuntimeError("Lock is not acquired."));
    }
  }

  /** @internal Ensures that the first waiter will wake up. */
  _wakeUpFirst(): void {
    if (this._waiters === null || this._waiters.length === 0) return;
    const fut = this._waiters.at(0) as Future<boolean>;
    // done() means that the waiter is already set to wake up.
    if (!fut.done()) fut.setResult(true);
  }
}

/**
 * The coroutine `Lock.acquire()` returns (CPython's `Lock.acquire`, the same on every
 * release), written as a state machine (see `_AwaitingCoroutine`):
 *
 * ```text
 * if not locked and (no waiters or all cancelled): locked = True; return True
 * waiters.append(fut)
 * try:
 *     try: await fut
 *     finally: waiters.remove(fut)
 * except CancelledError:
 *     if not locked: wake up the first waiter
 *     raise
 * locked = True; return True
 * ```
 */
class LockAcquire extends _AwaitingCoroutine<true> {
  // Declared, assigned in the constructor: see `_AwaitingCoroutine`.
  private declare fut: Future<boolean> | null;
  private declare readonly lock: Lock;

  constructor(lock: Lock) {
    super();
    this.lock = lock;
    this.fut = null;
  }

  protected _start(): true | typeof _AWAIT {
    const lock = this.lock;
    // Fair scheduling: jumping the queue is only allowed if every waiter is cancelled.
    if (!lock._locked && (lock._waiters === null || allCancelled(lock._waiters))) {
      lock._locked = true;
      return true;
    }
    return _AWAIT;
  }

  protected _awaitable(): Future<boolean> {
    const lock = this.lock;
    if (lock._waiters === null) lock._waiters = new Deque();
    const fut = lock._getLoop().createFuture<boolean>();
    lock._waiters.append(fut);
    this.fut = fut;
    return fut;
  }

  protected _resume(): true {
    const raised = this.after(undefined, false);
    if (raised !== NO_ERROR) throw raised;
    this.lock._locked = true;
    return true;
  }

  protected _fail(error: unknown): unknown {
    return this.after(error, true);
  }

  protected _close(): void {
    const raised = this.after(undefined, false);
    if (raised !== NO_ERROR) throw raised;
  }

  /**
   * The clauses after the await, which threw `error` (`failed`) or not: the error to raise
   * on, or {@link NO_ERROR}.
   */
  private after(error: unknown, failed: boolean): unknown {
    const lock = this.lock;
    try {
      removeWaiter(lock._waiters as Deque<Future<boolean>>, this.fut as Future<boolean>);
    } catch (raised) {
      error = raised;
      failed = true;
    }
    if (!failed) return NO_ERROR;
    // If the lock is not claimed (or about to be claimed by us) and a task waits,
    // make sure the one at the head runs.
    if (error instanceof CancelledError && !lock._locked) lock._wakeUpFirst();
    return error;
  }
}
_nameCoroutineClass(LockAcquire.prototype, "Lock.acquire");

// ---------------------------------------------------------------------------------------
// Event

/**
 * An event flag (`asyncio.Event`): `wait()` blocks until `set()` is called. `set()` wakes
 * every task waiting at that moment, even if `clear()` follows at once.
 *
 * @example
 * ```ts
 * const ready = new asyncio.Event();
 * function* consumer(): asyncio.Coroutine<void> {
 *   yield* ready.wait();
 *   console.log("ready");
 * }
 * // elsewhere: ready.set();
 * ```
 */
export class Event extends LoopBoundMixin {
  /** @internal */ _waiters: Deque<Future<boolean>> = new Deque();
  /** @internal */ _value = false;

  /** `asyncio.Event()`; see {@link PrimitiveOptions} for `loop`. */
  constructor(options: PrimitiveOptions = {}) {
    super(options.loop, options._warnModule);
  }

  /** Python's repr, e.g. `<asyncio.locks.Event object [unset, waiters:2]>`. */
  override toString(): string {
    return objectRepr(this, `${this._value ? "set" : "unset"}${waitersSuffix(this._waiters)}`);
  }

  /**
   * True if the flag is set (`Event.is_set`).
   *
   * @example
   * ```ts
   * event.isSet(); // false until set()
   * ```
   */
  isSet(): boolean {
    return this._value;
  }

  /**
   * Sets the flag and wakes every waiting task; later `wait()` calls return at once.
   *
   * @example
   * ```ts
   * event.set();
   * ```
   */
  set(): void {
    if (!this._value) {
      this._value = true;
      for (const fut of this._waiters) {
        if (!fut.done()) fut.setResult(true);
      }
    }
  }

  /**
   * Clears the flag: later `wait()` calls block until `set()`.
   *
   * @example
   * ```ts
   * event.clear();
   * ```
   */
  clear(): void {
    this._value = false;
  }

  /**
   * Returns true at once if the flag is set, else waits until `set()` is called.
   *
   * @example
   * ```ts
   * yield* event.wait(); // true
   * ```
   */
  *wait(): Coroutine<true> {
    if (this._value) return true;
    const fut = this._getLoop().createFuture<boolean>();
    this._waiters.append(fut);
    try {
      yield* fut;
      return true;
    } finally {
      removeWaiter(this._waiters, fut);
    }
  }
}
asyncDef(Event.prototype.wait, "Event.wait");

// ---------------------------------------------------------------------------------------
// Condition

/** What a `finally` block knows when it was entered without an exception in flight. */
const NOTHING_IN_FLIGHT: unique symbol = Symbol("nothing in flight");

/**
 * `raise exc` at the end of a `finally` block of asyncio's own: chained to the exception
 * in flight through the block when there is one (the exception Python handles there),
 * else to what the caller handles ({@link _raise}).
 */
function raisedInFinally<E>(exc: E, inflight: unknown): E {
  return inflight === NOTHING_IN_FLIGHT ? _raise(exc) : withContext(exc, inflight);
}

/**
 * A condition variable (`asyncio.Condition`) over a lock (a new `Lock` unless one is
 * given): `wait()` releases the lock, waits for `notify()`, and re-acquires it.
 *
 * @example
 * ```ts
 * const cond = new asyncio.Condition();
 * const items: number[] = [];
 * function* consumer(): asyncio.Coroutine<number> {
 *   return yield* asyncio.asyncWith(cond, function* () {
 *     yield* cond.waitFor(() => items.length > 0);
 *     return items.shift() as number;
 *   });
 * }
 * function* producer(): asyncio.Coroutine<void> {
 *   yield* asyncio.asyncWith(cond, function* () {
 *     items.push(1);
 *     cond.notify();
 *   });
 * }
 * ```
 */
export class Condition extends _ContextManagerMixin {
  /** @internal */ readonly _lock: Lock;
  /** @internal */ _waiters: Deque<Future<boolean>> = new Deque();

  /** `asyncio.Condition(lock=None)`; see {@link PrimitiveOptions} for `loop`. */
  constructor(lock?: Lock | null, options: PrimitiveOptions = {}) {
    super(options.loop, options._warnModule);
    if (lock === undefined || lock === null) {
      // CPython's Condition makes it with `Lock(loop=loop)`: its warning is asyncio.locks's.
      lock = new Lock({ ...options, _warnModule: "asyncio.locks" });
    } else if (this._minor() < 10 && lock._constructionLoop !== this._constructionLoop) {
      // 3.7–3.9: both are bound at construction and must agree.
      throw new ValueError("loop argument must agree with lock");
    }
    this._lock = lock;
  }

  /** Python's repr, e.g. `<asyncio.locks.Condition object [locked, waiters:1]>`. */
  override toString(): string {
    return objectRepr(this, `${this.locked() ? "locked" : "unlocked"}${waitersSuffix(this._waiters)}`);
  }

  /**
   * True if the underlying lock is acquired.
   *
   * @example
   * ```ts
   * cond.locked(); // false
   * ```
   */
  locked(): boolean {
    return this._lock.locked();
  }

  /**
   * Acquires the underlying lock (the lock's own `acquire`).
   *
   * @example
   * ```ts
   * yield* cond.acquire(); // true
   * ```
   */
  acquire(): Coroutine<true> {
    return this._lock.acquire();
  }

  /**
   * Releases the underlying lock.
   *
   * @example
   * ```ts
   * cond.release();
   * ```
   */
  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits until notified, re-acquires the lock and returns true.
   * `RuntimeError('cannot wait on un-acquired lock')` if the lock is not held. May return
   * spuriously (3.13): re-check the state, or use {@link waitFor}.
   *
   * @example
   * ```ts
   * yield* cond.acquire();
   * yield* cond.wait(); // true, with the lock held again
   * ```
   */
  *wait(): Coroutine<true> {
    if (!this.locked()) throw _raise(new RuntimeError("cannot wait on un-acquired lock"));
    if (this._minor() >= 13) return yield* this._wait313();
    return yield* this._waitBefore313();
  }

  /** @internal `Condition.wait` of 3.7 to 3.12. */
  *_waitBefore313(): Coroutine<true> {
    this.release();
    // The exception leaving the try, which the finally below handles (its raise is chained to it).
    let inflight: unknown = NOTHING_IN_FLIGHT;
    try {
      const fut = this._getLoop().createFuture<boolean>();
      this._waiters.append(fut);
      try {
        yield* fut;
        return true;
      } finally {
        removeWaiter(this._waiters, fut);
      }
    } catch (e) {
      inflight = e;
      throw e;
    } finally {
      // Must re-acquire the lock even if wait is cancelled.
      let cancelled = false;
      for (;;) {
        try {
          yield* this.acquire();
          break;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          cancelled = true;
        }
      }
      if (cancelled) throw raisedInFinally(new CancelledError(), inflight);
    }
  }

  /** @internal `Condition.wait` of 3.13. */
  *_wait313(): Coroutine<true> {
    const fut = this._getLoop().createFuture<boolean>();
    this.release();
    try {
      let inflight: unknown = NOTHING_IN_FLIGHT;
      try {
        this._waiters.append(fut);
        try {
          yield* fut;
          return true;
        } finally {
          removeWaiter(this._waiters, fut);
        }
      } catch (e) {
        inflight = e;
        throw e;
      } finally {
        // Must re-acquire the lock even if wait is cancelled. Only CancelledError is
        // caught here, so that other (fatal) errors do not make us spin.
        let err: CancelledError | null = null;
        for (;;) {
          try {
            yield* this.acquire();
            break;
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            err = e;
          }
        }
        if (err !== null) throw raisedInFinally(err, inflight); // the most recent cancellation
      }
    } catch (e) {
      // Any error from here may have come after this task was notified: notify another
      // task instead (a spurious wakeup, which the protocol allows).
      this._notify(1);
      throw e;
    }
  }

  /**
   * Waits until `predicate()` is true (as Python's `bool()` sees it) and returns its
   * last value; calls `wait()` while it is false.
   *
   * @example
   * ```ts
   * const item = yield* cond.waitFor(() => queue[0]);
   * ```
   */
  *waitFor<T>(predicate: () => T): Coroutine<T> {
    let result = predicate();
    while (_pyFalsy(result)) {
      yield* this.wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` waiting tasks (default 1); they return from `wait()` once they can
   * re-acquire the lock. `RuntimeError('cannot notify on un-acquired lock')` if the lock
   * is not held.
   *
   * @example
   * ```ts
   * cond.notify(2);
   * ```
   */
  notify(n = 1): void {
    if (!this.locked()) throw _raise(new RuntimeError("cannot notify on un-acquired lock"));
    this._notify(n);
  }

  /** @internal */
  _notify(n: number): void {
    let idx = 0;
    for (const fut of this._waiters) {
      if (idx >= n) break;
      if (!fut.done()) {
        idx += 1;
        fut.setResult(false);
      }
    }
  }

  /**
   * Wakes every waiting task (`notify_all`).
   *
   * @example
   * ```ts
   * cond.notifyAll();
   * ```
   */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }
}
asyncDef(Condition.prototype.wait, "Condition.wait");
asyncDef(Condition.prototype.waitFor, "Condition.wait_for");

// ---------------------------------------------------------------------------------------
// Semaphore

/**
 * A semaphore (`asyncio.Semaphore`): a counter that `acquire()` decrements, waiting while
 * it is zero, and `release()` increments. `ValueError` for a negative initial value.
 *
 * @example
 * ```ts
 * const sem = new asyncio.Semaphore(2); // at most two at a time
 * function* job(): asyncio.Coroutine<void> {
 *   yield* asyncio.asyncWith(sem, function* () {
 *     yield* asyncio.sleep(1);
 *   });
 * }
 * ```
 */
export class Semaphore extends _ContextManagerMixin {
  /** @internal */ _value: number;
  /** @internal The futures of waiting tasks; null until the first one. */
  _waiters: Deque<Future<boolean | undefined>> | null = null;
  /** @internal 3.9: a woken waiter has not resumed yet. */
  _wakeupScheduled = false;

  /** `asyncio.Semaphore(value=1)`; see {@link PrimitiveOptions} for `loop`. */
  constructor(value = 1, options: PrimitiveOptions = {}) {
    // Before 3.10 CPython checks the value before it looks at `loop`; from 3.10 after.
    const loopFirst = options.loop !== undefined && options.loop._minor >= 10;
    if (!loopFirst) {
      if (typeof value !== "number") throw _notComparable("<", value);
      if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
    }
    super(options.loop, options._warnModule);
    if (typeof value !== "number") throw _notComparable("<", value);
    if (value < 0) throw new ValueError("Semaphore initial value must be >= 0");
    this._value = value;
  }

  /** Python's repr, e.g. `<asyncio.locks.Semaphore object [unlocked, value:2]>`. */
  override toString(): string {
    const extra = this.locked() ? "locked" : `unlocked, value:${this._value}`;
    return objectRepr(this, `${extra}${waitersSuffix(this._waiters)}`);
  }

  /**
   * True if `acquire()` would wait. From 3.10 also true while tasks wait (FIFO: they go
   * first), even if the value is above zero.
   *
   * @example
   * ```ts
   * new asyncio.Semaphore(0).locked(); // true
   * ```
   */
  locked(): boolean {
    if (this._minor() < 10) return this._value === 0;
    return this._value === 0 || anyNotCancelled(this._waiters);
  }

  /**
   * Decrements the counter, waiting while it is zero (or, from 3.10, while earlier tasks
   * wait), and returns true.
   *
   * @example
   * ```ts
   * yield* sem.acquire(); // true
   * ```
   */
  acquire(): Coroutine<true> {
    return new SemaphoreAcquire(this);
  }

  /** @internal `Semaphore.acquire` of 3.7 and 3.8. */
  *_acquire37(): Coroutine<true> {
    while (this._value <= 0) {
      const fut = this._getLoop().createFuture<boolean | undefined>();
      (this._waiters ??= new Deque()).append(fut);
      // A bare `except:` in CPython: it also runs when the coroutine is closed (GeneratorExit).
      let resumed = false;
      try {
        yield* fut;
        resumed = true;
      } finally {
        if (!resumed) {
          fut.cancel();
          if (this._value > 0 && !fut.cancelled()) this._wakeUpNext();
        }
      }
    }
    this._value -= 1;
    return true;
  }

  /** @internal `Semaphore.acquire` of 3.9. */
  *_acquire39(): Coroutine<true> {
    // _wakeupScheduled is set if *another* task is scheduled to wake up but its
    // acquire() has not resumed yet.
    while (this._wakeupScheduled || this._value <= 0) {
      const fut = this._getLoop().createFuture<boolean | undefined>();
      (this._waiters ??= new Deque()).append(fut);
      try {
        yield* fut;
        // reset _wakeupScheduled *after* waiting for a future
        this._wakeupScheduled = false;
      } catch (e) {
        if (e instanceof CancelledError) this._wakeUpNext();
        throw e;
      }
    }
    this._value -= 1;
    return true;
  }

  /**
   * Increments the counter and wakes the first waiting task.
   *
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  release(): void {
    this._value += 1;
    this._wakeUpNext();
  }

  /** @internal Wakes the first waiter that is not done; false if there was none. */
  _wakeUpNext(): boolean {
    const waiters = this._waiters;
    if (this._minor() < 10) {
      // 3.7–3.9 pop waiters off the queue as they wake them.
      while (waiters !== null && waiters.length > 0) {
        const waiter = waiters.popleft();
        if (!waiter.done()) {
          waiter.setResult(undefined);
          this._wakeupScheduled = true;
          return true;
        }
      }
      return false;
    }
    if (waiters === null || waiters.length === 0) return false;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters.at(i) as Future<boolean | undefined>;
      if (!fut.done()) {
        this._value -= 1;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }
}

/**
 * The coroutine `Semaphore.acquire()` returns, written as a state machine (see
 * `_AwaitingCoroutine`): each release's `acquire`. 3.7 to 3.9 wait in a loop, kept as the
 * generators `_acquire37`/`_acquire39` (awaited as a whole when a permit is not free at
 * once; their loops re-read only fields); 3.10 to 3.13 wait once, here:
 *
 * ```text
 * if not locked(): value -= 1; return True
 * waiters.append(fut)
 * try:                                    # 3.13 only
 *     try:
 *         try: await fut
 *         finally: waiters.remove(fut)
 *     except CancelledError:
 *         3.10-3.12: if not fut.cancelled(): value += 1; wake up next
 *         3.13:      if fut.done() and not fut.cancelled(): value += 1
 *         raise
 * finally:                                # 3.13 only
 *     while value > 0: if not wake up next: break
 * 3.10-3.12: if value > 0: wake up next
 * return True
 * ```
 */
class SemaphoreAcquire extends _AwaitingCoroutine<true> {
  // Declared, assigned in the constructor: see `_AwaitingCoroutine`.
  private declare minor: number;
  private declare fut: Future<boolean | undefined> | null;
  private declare readonly sem: Semaphore;

  constructor(sem: Semaphore) {
    super();
    this.sem = sem;
    this.minor = 0;
    this.fut = null;
  }

  protected _start(): true | typeof _AWAIT {
    const sem = this.sem;
    const minor = sem._minor();
    this.minor = minor;
    if (minor <= 8) {
      if (sem._value <= 0) return _AWAIT;
    } else if (minor === 9) {
      if (sem._wakeupScheduled || sem._value <= 0) return _AWAIT;
    } else if (sem.locked()) {
      return _AWAIT;
    }
    sem._value -= 1;
    return true;
  }

  protected _awaitable(): Iterable<Yielded> {
    const sem = this.sem;
    if (this.minor <= 8) return sem._acquire37();
    if (this.minor === 9) return sem._acquire39();
    const waiters = (sem._waiters ??= new Deque());
    const fut = sem._getLoop().createFuture<boolean | undefined>();
    waiters.append(fut);
    this.fut = fut;
    return fut;
  }

  protected _resume(value: unknown): true {
    if (this.minor <= 9) return value as true;
    const raised = this.after(undefined, false);
    if (raised !== NO_ERROR) throw raised;
    if (this.minor <= 12 && this.sem._value > 0) this.sem._wakeUpNext();
    return true;
  }

  protected _fail(error: unknown): unknown {
    if (this.minor <= 9) return error;
    return this.after(error, true);
  }

  protected _close(): void {
    if (this.minor <= 9) return;
    const raised = this.after(undefined, false);
    if (raised !== NO_ERROR) throw raised;
  }

  /**
   * The clauses after the await (3.10+), which threw `error` (`failed`) or not: the error
   * to raise on, or {@link NO_ERROR}.
   */
  private after(error: unknown, failed: boolean): unknown {
    const sem = this.sem;
    const fut = this.fut as Future<boolean | undefined>;
    try {
      removeWaiter(sem._waiters as Deque<Future<boolean | undefined>>, fut);
    } catch (raised) {
      error = raised;
      failed = true;
    }
    if (this.minor <= 12) {
      if (failed && error instanceof CancelledError && !fut.cancelled()) {
        sem._value += 1;
        sem._wakeUpNext();
      }
      return failed ? error : NO_ERROR;
    }
    // Woken by _wakeUpNext() but not acquiring after all: undo the bookkeeping.
    if (failed && error instanceof CancelledError && fut.done() && !fut.cancelled()) sem._value += 1;
    // New waiters may have arrived but had to wait due to FIFO: wake as many as allowed.
    while (sem._value > 0) {
      if (!sem._wakeUpNext()) break; // there was no one to wake up
    }
    return failed ? error : NO_ERROR;
  }
}
_nameCoroutineClass(SemaphoreAcquire.prototype, "Semaphore.acquire");

/**
 * A semaphore that refuses to be released above its initial value
 * (`asyncio.BoundedSemaphore`): `ValueError('BoundedSemaphore released too many times')`.
 *
 * @example
 * ```ts
 * const sem = new asyncio.BoundedSemaphore(1);
 * sem.release(); // throws ValueError
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal */ readonly _boundValue: number;

  /** `asyncio.BoundedSemaphore(value=1)`; see {@link PrimitiveOptions} for `loop`. */
  constructor(value = 1, options: PrimitiveOptions = {}) {
    // 3.8 and 3.9 warn here, then again in Semaphore's constructor.
    const loop = options.loop;
    if (loop !== undefined && loop._minor >= 8 && loop._minor <= 9) _warnLoopArgument(options._warnModule);
    // CPython's `super().__init__(value, loop=loop)`: that warning is asyncio.locks's.
    super(value, { ...options, _warnModule: "asyncio.locks" });
    this._boundValue = value;
  }

  /**
   * Like `Semaphore.release`, but throws `ValueError` if the counter would exceed its
   * initial value.
   *
   * @example
   * ```ts
   * yield* sem.acquire();
   * sem.release(); // fine
   * ```
   */
  override release(): void {
    if (this._value >= this._boundValue) throw _raise(new ValueError("BoundedSemaphore released too many times"));
    super.release();
  }
}

// ---------------------------------------------------------------------------------------
// Barrier

type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * A barrier for a fixed number of tasks (`asyncio.Barrier`, Python 3.11+): each
 * `wait()` blocks until `parties` tasks wait, then all are released, each with a
 * distinct index from 0 to `parties - 1`. `reset()` and `abort()` make waiting tasks
 * throw `BrokenBarrierError`. Constructing one under an older target throws
 * `FeatureUnavailableError`.
 *
 * @example
 * ```ts
 * const barrier = new asyncio.Barrier(3);
 * function* party(): asyncio.Coroutine<number> {
 *   return yield* barrier.wait(); // 0, 1 or 2, once three tasks have arrived
 * }
 * ```
 */
export class Barrier extends LoopBoundMixin implements AsyncContextManager<number, false> {
  /** @internal Notifies every task when the state changes. */
  readonly _cond: Condition;
  /** @internal */ readonly _parties: number;
  /** @internal */ _state: BarrierState = "filling";
  /** @internal Tasks in the barrier. */
  _count = 0;

  /** `asyncio.Barrier(parties)` (3.11+); `loop` is a `TypeError` there, as in CPython. */
  constructor(parties: number, options: PrimitiveOptions = {}) {
    super(options.loop);
    const loop = this._targetLoop(); // `_loop` is still unbound here
    if (loop !== null && loop._minor < 11) throw new FeatureUnavailableError("asyncio.Barrier", "3.11", loop.python);
    if (typeof parties !== "number") throw _notComparable("<", parties);
    if (parties < 1) throw new ValueError(loop !== null && loop._minor >= 14 ? "parties must be >= 1" : "parties must be > 0");
    this._cond = new Condition();
    this._parties = parties;
  }

  /** Python's repr, e.g. `<asyncio.locks.Barrier object [filling, waiters:2/3]>`. */
  override toString(): string {
    let extra: string = this._state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this.parties}`;
    return objectRepr(this, extra);
  }

  /** `async with barrier as i`: waits for the barrier and gives the task's index. */
  *aenter(): Coroutine<number> {
    return yield* this.wait();
  }

  /** `async with`: nothing to do on exit. */
  *aexit(_info: ExitInfo): Coroutine<false | void> {
    // pass
  }

  /**
   * Waits until `parties` tasks wait, then returns this task's index (0 to parties - 1).
   * Throws `BrokenBarrierError` if the barrier is broken, reset or aborted meanwhile.
   *
   * @example
   * ```ts
   * const index = yield* barrier.wait();
   * ```
   */
  *wait(): Coroutine<number> {
    const self = this;
    return yield* asyncWith(this._cond, function* () {
      yield* self._block(); // block while the barrier drains or resets
      try {
        const index = self._count;
        self._count += 1;
        if (index + 1 === self._parties) yield* self._release();
        else yield* self._wait();
        return index;
      } finally {
        self._count -= 1;
        // Wake up any tasks waiting for the barrier to drain.
        self._exit();
      }
    });
  }

  /** @internal Blocks until the barrier is ready for us; throws if it is broken. */
  *_block(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== "draining" && this._state !== "resetting");
    if (this._state === "broken") throw _raise(new BrokenBarrierError("Barrier aborted"));
  }

  /** @internal Releases the waiting tasks: enter the draining state. */
  *_release(): Coroutine<void> {
    this._state = "draining";
    this._cond.notifyAll();
  }

  /** @internal Waits until released; throws if the barrier is reset or broken. */
  *_wait(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== "filling");
    if (this._state === "broken" || this._state === "resetting") {
      throw _raise(new BrokenBarrierError("Abort or reset of barrier"));
    }
  }

  /** @internal The last task out signals the tasks waiting for the barrier to drain. */
  _exit(): void {
    if (this._count === 0) {
      if (this._state === "resetting" || this._state === "draining") this._state = "filling";
      this._cond.notifyAll();
    }
  }

  /**
   * Returns the barrier to its initial state; tasks waiting on it get
   * `BrokenBarrierError`.
   *
   * @example
   * ```ts
   * yield* barrier.reset();
   * ```
   */
  *reset(): Coroutine<void> {
    const self = this;
    yield* asyncWith(this._cond, function* () {
      if (self._count > 0) {
        if (self._state !== "resetting") self._state = "resetting"; // wake the waiting tasks
      } else {
        self._state = "filling";
      }
      self._cond.notifyAll();
    });
  }

  /**
   * Puts the barrier in the broken state: current and later `wait()` calls throw
   * `BrokenBarrierError`.
   *
   * @example
   * ```ts
   * yield* barrier.abort();
   * barrier.broken; // true
   * ```
   */
  *abort(): Coroutine<void> {
    const self = this;
    yield* asyncWith(this._cond, function* () {
      self._state = "broken";
      self._cond.notifyAll();
    });
  }

  /**
   * The number of tasks needed to trip the barrier.
   *
   * @example
   * ```ts
   * new asyncio.Barrier(3).parties; // 3
   * ```
   */
  get parties(): number {
    return this._parties;
  }

  /**
   * The number of tasks waiting while the barrier fills (`n_waiting`).
   *
   * @example
   * ```ts
   * barrier.nWaiting; // 0
   * ```
   */
  get nWaiting(): number {
    return this._state === "filling" ? this._count : 0;
  }

  /**
   * True if the barrier is broken.
   *
   * @example
   * ```ts
   * barrier.broken; // false
   * ```
   */
  get broken(): boolean {
    return this._state === "broken";
  }
}
asyncDef(Barrier.prototype.wait, "Barrier.wait");
asyncDef(Barrier.prototype.reset, "Barrier.reset");
asyncDef(Barrier.prototype.abort, "Barrier.abort");
asyncDef(Barrier.prototype.aenter, "Barrier.__aenter__");
asyncDef(Barrier.prototype.aexit, "Barrier.__aexit__");

for (const cls of [Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier]) {
  BUILTIN_CLASSES.add(cls);
  installInspect(cls.prototype);
}

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(Lock, LockAcquire, Event, Condition, Semaphore, SemaphoreAcquire, BoundedSemaphore, Barrier);
