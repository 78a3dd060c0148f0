/**
 * Port of CPython's `asyncio/queues.py`: `Queue`, `PriorityQueue`, `LifoQueue` and their
 * exceptions, for coordinating producer and consumer coroutines.
 *
 * What differs between CPython releases, selected by the loop's `python` target:
 *
 * - **Loop binding** (through {@link LoopBoundMixin}): 3.7 to 3.9 bind a queue at
 *   construction to `get_event_loop()` (or to the `loop` option), so a queue made outside
 *   `asyncio.run` and then waited on inside it fails with "attached to a different loop";
 *   3.10 and later bind to the running loop the first time a `put`/`get` has to wait, and
 *   waiting on it from another loop afterwards raises
 *   `RuntimeError('<Queue ...> is bound to a different event loop')`. `join()` waits on an
 *   internal event that binds the same way, separately.
 * - **The `loop` option** (`Queue(maxsize, *, loop=None)`): accepted on 3.7 to 3.9; 3.10
 *   throws `TypeError('As of 3.10, the *loop* parameter was removed from Queue() since it
 *   is no longer necessary')`; 3.11+ `TypeError("Queue.__init__() got an unexpected
 *   keyword argument 'loop'")`. The version is the given loop's.
 * - **Shutdown** (3.13+): `shutdown(immediate)` and {@link QueueShutDown}; a shut-down
 *   queue's repr ends in ` shutdown`. Under an older target both throw
 *   `FeatureUnavailableError` naming 3.13.
 *
 * Everything else (wakeup order, cancellation clean-up, `task_done`/`join`, reprs) is the
 * same code on every release.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<string[]> {
 *   const q = new asyncio.Queue<string>(1);
 *   const got: string[] = [];
 *   const producer = asyncio.asyncDef(function* producer(name: string): asyncio.Coroutine<void> {
 *     for (let i = 0; i < 2; i++) yield* q.put(`${name}${i}`);
 *   });
 *   for (const name of ["A", "B", "C"]) asyncio.createTask(producer(name));
 *   for (let i = 0; i < 6; i++) got.push(yield* q.get());
 *   return got;
 * });
 * asyncio.run(main()); // ["A0", "A1", "B0", "C0", "B1", "C1"], as CPython
 * ```
 * @module
 */
import { keepConstructorsFast } from "./fast_constructors.ts";
import type { BaseEventLoop } from "./base_events.ts";
import { Deque } from "./collections.ts";
import { _AWAIT, _AwaitingCoroutine, _nameCoroutineClass, asyncDef, type Coroutine } from "./coroutines.ts";
import { _getRunningLoop } from "./events.ts";
import { AttributeError, _notComparable, pyTypeName } from "./builtins.ts";
import { Exception, TypeError, ValueError, _raise } from "./exceptions.ts";
import { installInspect, pyRepr } from "./format_helpers.ts";
import type { Future } from "./futures.ts";
import { heappop, heappush, type LessThan } from "./heapq.ts";
import { Event } from "./locks.ts";
import { LoopBoundMixin } from "./mixins.ts";
import { pyLessThan } from "./operator.ts";
import { FeatureUnavailableError, getDefaultPython } from "./version.ts";

// ---------------------------------------------------------------------------------------
// Exceptions

/**
 * `asyncio.QueueEmpty`: `getNowait()` was called on an empty queue.
 *
 * @example
 * ```ts
 * try { q.getNowait(); } catch (e) { if (e instanceof asyncio.QueueEmpty) console.log("empty"); }
 * ```
 */
export class QueueEmpty extends Exception {}

/**
 * `asyncio.QueueFull`: `putNowait()` was called on a full queue.
 *
 * @example
 * ```ts
 * const q = new asyncio.Queue<number>(1);
 * q.putNowait(1);
 * q.putNowait(2); // throws QueueFull()
 * ```
 */
export class QueueFull extends Exception {}

/**
 * `asyncio.QueueShutDown` (Python 3.13+): putting on to, or getting from, a queue that
 * was shut down. Creating one while a loop that targets an older release is running
 * throws `FeatureUnavailableError`.
 *
 * @example
 * ```ts
 * q.shutdown();
 * try { yield* q.put(1); } catch (e) { if (e instanceof asyncio.QueueShutDown) console.log("closed"); }
 * ```
 */
export class QueueShutDown extends Exception {
  constructor(...args: unknown[]) {
    super(...args);
    const running = _getRunningLoop();
    if (running !== null && running._minor < 13) {
      throw new FeatureUnavailableError("asyncio.QueueShutDown", "3.13", running.python);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Python's `<` for PriorityQueue items

/** CPython's TypeError for two items a PriorityQueue cannot order. */
function raiseUnorderable(a: unknown, b: unknown): never {
  throw _raise(new TypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`));
}

/** Python's `a < b` for priority-queue items (operator.ts), raising as CPython does. */
function pyLessThanOrRaise(a: unknown, b: unknown): boolean {
  return pyLessThan(a, b, raiseUnorderable);
}

/**
 * `heapq.heappush(heap, item)` with Python's `<`. When a comparison throws, the heap is
 * left as CPython's C heapq leaves it (heapq.ts swaps as CPython does) and the error
 * propagates.
 */
function pyHeappush<T>(heap: T[], item: T): void {
  heappush(heap, item, pyLessThanOrRaise as LessThan<T>);
}

/** `heapq.heappop(heap)` with Python's `<`; on a comparison error, as {@link pyHeappush}. */
function pyHeappop<T>(heap: T[]): T {
  return heappop(heap, pyLessThanOrRaise as LessThan<T>);
}

// ---------------------------------------------------------------------------------------
// Queue

/**
 * What a queue keeps its items in (its `_queue`): a deque for `Queue`, an array (a heap
 * for `PriorityQueue`) for the others. A subclass that overrides `_init`, `_put` and
 * `_get`, as in CPython, may keep any iterable with a length.
 *
 * @example
 * ```ts
 * const storage: QueueStorage<number> = [3, 1, 2];
 * [...storage]; // what the repr shows as `_queue=[3, 1, 2]`
 * ```
 */
export type QueueStorage<T> = Iterable<T> & { readonly length: number };

/**
 * Options of the {@link Queue} constructors.
 *
 * @example
 * ```ts
 * const loop = asyncio.newEventLoop({ python: "3.9" });
 * const q = new asyncio.Queue<number>(10, { loop }); // Python 3.7-3.9: Queue(10, loop=loop)
 * ```
 */
export interface QueueOptions {
  /**
   * CPython's `loop=` argument: Python 3.7 to 3.9 only (deprecated from 3.8); targets
   * from 3.10 throw `TypeError`, as CPython does. The target is this loop's.
   */
  loop?: BaseEventLoop;
}

/**
 * A FIFO queue for coordinating producer and consumer coroutines (`asyncio.Queue`). With
 * `maxsize` at most 0 the queue is unbounded; otherwise `yield* put()` waits while it
 * holds `maxsize` items, until `get()` removes one. Waiting getters and putters are woken
 * in arrival order, one per item, exactly as in CPython.
 *
 * @example
 * ```ts
 * const q = new asyncio.Queue<number>(2);
 * function* consumer(): asyncio.Coroutine<void> {
 *   for (;;) {
 *     const job = yield* q.get();
 *     console.log("job", job);
 *     q.taskDone();
 *   }
 * }
 * function* main(): asyncio.Coroutine<void> {
 *   const worker = asyncio.createTask(consumer());
 *   for (const job of [1, 2, 3]) yield* q.put(job);
 *   yield* q.join(); // every job was processed
 *   worker.cancel();
 * }
 * asyncio.run(main());
 * ```
 */
export class Queue<T = unknown> extends LoopBoundMixin {
  /** @internal */ _maxsize: number;
  /** @internal Futures of the coroutines waiting in `get()`. */
  _getters: Deque<Future<undefined>> = new Deque();
  /** @internal Futures of the coroutines waiting in `put()`. */
  _putters: Deque<Future<undefined>> = new Deque();
  /** @internal */ _unfinishedTasks = 0;
  /**
   * @internal The `asyncio.Event` set whenever no task is unfinished; `join()` waits on
   * it. It binds to its loop on its own, by the same rules as the queue.
   */
  _finished: Event;
  /** @internal The items; made by `_init`. */
  _queue!: QueueStorage<T>;
  /**
   * @internal Python 3.13+; set by the constructor after `_init` (until then a repr made
   * in a subclass's `_init` raises AttributeError, as CPython's `_format` does).
   */
  _isShutdown!: boolean;

  /**
   * `asyncio.Queue(maxsize=0)`.
   *
   * @example
   * ```ts
   * const unbounded = new asyncio.Queue<string>();
   * const bounded = new asyncio.Queue<string>(10);
   * ```
   */
  constructor(maxsize = 0, options: QueueOptions = {}) {
    const loop = options.loop;
    // 3.11+: CPython names `Queue.__init__` even for subclasses (the mixin would name the
    // subclass); the 3.10 error comes from the mixin, with `new.target`'s name as here.
    if (loop !== undefined && loop._minor > 10) {
      throw _raise(new TypeError("Queue.__init__() got an unexpected keyword argument 'loop'"));
    }
    super(loop);
    this._maxsize = maxsize;
    // CPython 3.7-3.9: `locks.Event(loop=loop)`.
    // Its `loop` warning is asyncio.queues's (CPython's `locks.Event(loop=loop)` there).
    this._finished = new Event(loop === undefined ? {} : { loop, _warnModule: "asyncio.queues" });
    this._finished.set();
    this._init(maxsize);
    this._isShutdown = false;
  }

  // These three are overridable in subclasses.

  /** @internal Creates the storage (`Queue._init`). */
  _init(_maxsize: number): void {
    this._queue = new Deque<T>();
  }

  /** @internal Removes the next item (`Queue._get`). */
  _get(): T {
    return (this._queue as Deque<T>).popleft();
  }

  /** @internal Stores an item (`Queue._put`). */
  _put(item: T): void {
    (this._queue as Deque<T>).append(item);
  }

  // End of the overridable methods.

  /** @internal Wakes up the next waiter (if any) that isn't cancelled. */
  _wakeupNext(waiters: Deque<Future<undefined>>): void {
    while (waiters.length > 0) {
      const waiter = waiters.popleft();
      if (!waiter.done()) {
        waiter.setResult(undefined);
        break;
      }
    }
  }

  /**
   * Python's `str(queue)` (and `repr` without the address), e.g.
   * `<Queue maxsize=0 _queue=[1, 2] tasks=2>`.
   */
  override toString(): string {
    return `<${this.constructor.name} ${this._format()}>`;
  }

  /** @internal CPython's `Queue._format`. */
  _format(): string {
    let result = `maxsize=${pyRepr(this._maxsize)}`;
    if (this._queue !== undefined && this._queue.length > 0) result += ` _queue=${pyRepr([...this._queue])}`;
    if (this._getters.length > 0) result += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) result += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks) result += ` tasks=${this._unfinishedTasks}`;
    if (this._minor() >= 13) {
      if (this._isShutdown === undefined) throw _raise(new AttributeError(`'${this.constructor.name}' object has no attribute '_is_shutdown'`));
      if (this._isShutdown) result += " shutdown";
    }
    return result;
  }

  /**
   * The number of items in the queue (`Queue.qsize`).
   *
   * @example
   * ```ts
   * q.putNowait("a");
   * q.qsize(); // 1
   * ```
   */
  qsize(): number {
    return this._queue.length;
  }

  /**
   * The number of items allowed in the queue (`Queue.maxsize`); 0 or less means no limit.
   *
   * @example
   * ```ts
   * new asyncio.Queue(3).maxsize; // 3
   * ```
   */
  get maxsize(): number {
    return this._maxsize;
  }

  /**
   * True if the queue is empty (`Queue.empty`).
   *
   * @example
   * ```ts
   * new asyncio.Queue().empty(); // true
   * ```
   */
  empty(): boolean {
    return this._queue.length === 0;
  }

  /**
   * True if the queue holds `maxsize` items (`Queue.full`); never true for an unbounded
   * queue.
   *
   * @example
   * ```ts
   * const q = new asyncio.Queue<number>(1);
   * q.putNowait(1);
   * q.full(); // true
   * ```
   */
  full(): boolean {
    if (this._maxsize <= 0) {
      // `maxsize=None` compares with 0 only to fail, as Python's `None <= 0` does.
      if ((this._maxsize as number | null) === null) throw _notComparable("<=", null);
      return false;
    }
    return this.qsize() >= this._maxsize;
  }

  /**
   * Puts an item into the queue, waiting while the queue is full (`Queue.put`). Throws
   * `QueueShutDown` if the queue is (or, while waiting, gets) shut down.
   *
   * @example
   * ```ts
   * yield* q.put("job");
   * ```
   */
  put(item: T): Coroutine<void> {
    return new QueuePut(this, item);
  }

  /**
   * Puts an item into the queue without waiting (`Queue.put_nowait`); throws `QueueFull`
   * if no free slot is available, `QueueShutDown` if the queue was shut down.
   *
   * @example
   * ```ts
   * q.putNowait(1);
   * ```
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw _raise(new QueueShutDown());
    if (this.full()) throw _raise(new QueueFull());
    this._put(item);
    this._unfinishedTasks += 1;
    this._finished.clear();
    this._wakeupNext(this._getters);
  }

  /**
   * Removes and returns an item, waiting while the queue is empty (`Queue.get`). Throws
   * `QueueShutDown` if the queue was shut down and is empty, or shut down immediately.
   *
   * @example
   * ```ts
   * const job = yield* q.get();
   * ```
   */
  get(): Coroutine<T> {
    return new QueueGet(this);
  }

  /**
   * Removes and returns an item if one is immediately available, else throws
   * `QueueEmpty` (`Queue.get_nowait`); `QueueShutDown` if the queue was shut down and is
   * empty.
   *
   * @example
   * ```ts
   * if (!q.empty()) console.log(q.getNowait());
   * ```
   */
  getNowait(): T {
    if (this.empty()) {
      if (this._isShutdown) throw _raise(new QueueShutDown());
      throw _raise(new QueueEmpty());
    }
    const item = this._get();
    this._wakeupNext(this._putters);
    return item;
  }

  /**
   * Marks one formerly enqueued item as processed (`Queue.task_done`); when every item
   * put has been marked, `join()` returns. Throws
   * `ValueError('task_done() called too many times')` when there is none left to mark.
   *
   * @example
   * ```ts
   * const job = yield* q.get();
   * process(job);
   * q.taskDone();
   * ```
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) throw _raise(new ValueError("task_done() called too many times"));
    this._unfinishedTasks -= 1;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /**
   * Waits until every item put into the queue has been gotten and marked with
   * `taskDone()` (`Queue.join`).
   *
   * @example
   * ```ts
   * yield* q.join();
   * ```
   */
  *join(): Coroutine<void> {
    if (this._unfinishedTasks > 0) yield* this._finished.wait();
  }

  /**
   * Shuts the queue down (`Queue.shutdown`, Python 3.13+): later puts throw
   * `QueueShutDown`, gets throw it once the queue is empty, and every waiting `put()` and
   * `get()` wakes up to re-check. With `immediate`, the remaining items are dropped and
   * counted as done (which may release `join()`), and gets throw at once.
   *
   * @example
   * ```ts
   * q.shutdown();     // consumers drain what is left, then get QueueShutDown
   * q.shutdown(true); // consumers get QueueShutDown now
   * ```
   */
  shutdown(immediate = false): void {
    if (this._minor() < 13) {
      // Without any loop, the default target decided (as `_minor` does).
      throw new FeatureUnavailableError("Queue.shutdown()", "3.13", this._targetLoop()?.python ?? getDefaultPython());
    }
    this._isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this._unfinishedTasks > 0) this._unfinishedTasks -= 1;
      }
      if (this._unfinishedTasks === 0) this._finished.set();
    }
    // All getters need to re-check queue-empty to raise ShutDown.
    while (this._getters.length > 0) {
      const getter = this._getters.popleft();
      if (!getter.done()) getter.setResult(undefined);
    }
    while (this._putters.length > 0) {
      const putter = this._putters.popleft();
      if (!putter.done()) putter.setResult(undefined);
    }
  }
}
installInspect(Queue.prototype);

/**
 * What `Queue.put` and `Queue.get` share: waiting in one line of waiters (putters or
 * getters) until the queue lets them go on, and, when the wait ends in an exception or a
 * close, leaving the line and passing a wake-up they could not use to the next in line.
 */
abstract class QueueWait<T, R> extends _AwaitingCoroutine<R> {
  // Declared, assigned in the constructor: see `_AwaitingCoroutine`.
  private declare waiter: Future<undefined> | null;
  protected declare readonly queue: Queue<T>;
  private declare readonly waiters: Deque<Future<undefined>>;

  constructor(queue: Queue<T>, waiters: Deque<Future<undefined>>) {
    super();
    this.queue = queue;
    this.waiters = waiters;
    this.waiter = null;
  }

  /** Whether the queue still makes this coroutine wait (full for a put, empty for a get). */
  protected abstract _blocked(): boolean;

  protected _awaitable(): Future<undefined> {
    const waiter = this.queue._getLoop().createFuture<undefined>();
    this.waiters.append(waiter);
    this.waiter = waiter;
    return waiter;
  }

  protected _resume(): R | typeof _AWAIT {
    return this._start();
  }

  protected _fail(error: unknown): unknown {
    this._close();
    return error;
  }

  protected _close(): void {
    const waiter = this.waiter as Future<undefined>;
    waiter.cancel(); // Just in case the waiter is not done yet.
    // The waiter may have left the line already (taken by the other side's *_nowait() or
    // by shutdown()).
    this.waiters.remove(waiter);
    if (!this._blocked() && !waiter.cancelled()) {
      // Woken up by the other side, but the wait ended otherwise: wake up the next in line.
      this.queue._wakeupNext(this.waiters);
    }
  }
}

/**
 * The coroutine `Queue.put(item)` returns (CPython's `Queue.put`), written as a state
 * machine (see `_AwaitingCoroutine`):
 *
 * ```text
 * while full():
 *     if shut down: raise QueueShutDown            # 3.13+ (never true before)
 *     putters.append(putter)
 *     try: await putter
 *     except:                                      # a bare except: also when closed
 *         putter.cancel()
 *         putters.remove(putter) if there
 *         if not full() and not putter.cancelled(): wake up the next putter
 *         raise
 * return put_nowait(item)
 * ```
 */
class QueuePut<T> extends QueueWait<T, void> {
  private declare readonly item: T;

  constructor(queue: Queue<T>, item: T) {
    super(queue, queue._putters);
    this.item = item;
  }

  protected _start(): void | typeof _AWAIT {
    const queue = this.queue;
    if (!queue.full()) return queue.putNowait(this.item);
    if (queue._isShutdown) throw _raise(new QueueShutDown());
    return _AWAIT;
  }

  protected _blocked(): boolean {
    return this.queue.full();
  }
}
_nameCoroutineClass(QueuePut.prototype, "Queue.put");

/**
 * The coroutine `Queue.get()` returns (CPython's `Queue.get`), as {@link QueuePut}:
 *
 * ```text
 * while empty():
 *     if shut down and empty(): raise QueueShutDown    # 3.13+
 *     getters.append(getter)
 *     try: await getter
 *     except:
 *         getter.cancel()
 *         getters.remove(getter) if there
 *         if not empty() and not getter.cancelled(): wake up the next getter
 *         raise
 * return get_nowait()
 * ```
 */
class QueueGet<T> extends QueueWait<T, T> {
  constructor(queue: Queue<T>) {
    super(queue, queue._getters);
  }

  protected _start(): T | typeof _AWAIT {
    const queue = this.queue;
    if (!queue.empty()) return queue.getNowait();
    if (queue._isShutdown && queue.empty()) throw _raise(new QueueShutDown());
    return _AWAIT;
  }

  protected _blocked(): boolean {
    return this.queue.empty();
  }
}
_nameCoroutineClass(QueueGet.prototype, "Queue.get");
asyncDef(Queue.prototype.join, "Queue.join");

/**
 * A queue that returns its smallest item first (`asyncio.PriorityQueue`), kept as a
 * binary heap with CPython's `heapq` algorithm, so items that compare equal come out in
 * CPython's order (which is not insertion order).
 *
 * Items are compared with Python's `<`, for the types programs use as priorities:
 * numbers (and bigints, booleans), strings (by code point, not UTF-16 unit), arrays
 * (Python lists or tuples, compared element-wise: the first pair that is not `==`
 * decides, so `[priority, data]` entries with equal priorities compare their data), and
 * objects that define `__lt__(other)` (or whose partner defines `__gt__`), the way a
 * Python class or a `@dataclass(order=True)` does. For the `==` step, object literals and
 * Maps are equal like dicts (same keys, equal values), Sets by membership, objects with
 * an `__eq__` method through it, other objects only to themselves. Ordering anything
 * else (two unequal plain objects, `null`, a number and a string) throws
 * `TypeError("'<' not supported between instances of 'dict' and 'dict'")` as CPython
 * does (type names: `int`, `float`, `str`, `bool`, `NoneType`, `list` for arrays, `dict`,
 * `set`, else the class name), and leaves the heap exactly as CPython's C `heapq` leaves
 * it (a pushed item stays; a popped one is lost). Not modelled: `NotImplemented`
 * results, `1 == 1.0` distinctions (JavaScript has one number type), and CPython's
 * identity shortcut for the same float object in two arrays (NaN is never equal here).
 *
 * @example
 * ```ts
 * const q = new asyncio.PriorityQueue<[number, string]>();
 * q.putNowait([2, "write"]);
 * q.putNowait([1, "read"]);
 * q.getNowait(); // [1, "read"]
 * ```
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /** @internal */ declare _queue: T[];

  /** @internal */
  override _init(_maxsize: number): void {
    this._queue = [];
  }

  /** @internal `heapq.heappush`. */
  override _put(item: T): void {
    pyHeappush(this._queue, item);
  }

  /** @internal `heapq.heappop`. */
  override _get(): T {
    return pyHeappop(this._queue);
  }
}

/**
 * A queue that returns the most recently added item first (`asyncio.LifoQueue`).
 *
 * @example
 * ```ts
 * const q = new asyncio.LifoQueue<number>();
 * q.putNowait(1);
 * q.putNowait(2);
 * q.getNowait(); // 2
 * ```
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  /** @internal */ declare _queue: T[];

  /** @internal */
  override _init(_maxsize: number): void {
    this._queue = [];
  }

  /** @internal `list.append`. */
  override _put(item: T): void {
    this._queue.push(item);
  }

  /** @internal `list.pop`. */
  override _get(): T {
    return this._queue.pop() as T;
  }
}

// Classes built on hot paths keep V8's fast constructor path under esbuild keepNames.
keepConstructorsFast(Queue, QueuePut, QueueGet, PriorityQueue, LifoQueue, QueueEmpty, QueueFull, QueueShutDown);
