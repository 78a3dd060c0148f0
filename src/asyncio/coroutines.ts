/**
 * Coroutines are generator objects. A generator function (`function*`) plays the role of
 * `async def`, and `yield*` the role of `await`: calling the function returns a lazy
 * coroutine object that runs only when awaited (`yield*`) or wrapped in a Task, exactly
 * like calling an `async def` in Python.
 *
 * Inside a coroutine, `yield* fut` awaits a future or task, `yield* other()` awaits
 * another coroutine inline (no loop iteration, as in Python), and a bare `yield` gives up
 * control for one loop iteration (what `asyncio.sleep(0)` does).
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const add = asyncio.asyncDef(function* add(a: number, b: number): asyncio.Coroutine<number> {
 *   yield* asyncio.sleep(0.1);
 *   return a + b;
 * });
 * asyncio.run(add(1, 2)); // 3
 * ```
 * @module
 */
import type { Future } from "./futures.ts";

/**
 * What a coroutine may yield to the Task driving it: a future it waits for (through
 * `yield* future`, never a plain `yield future`), or nothing for a bare `yield`.
 *
 * @example
 * ```ts
 * function* manual(fut: asyncio.Future<number>): Generator<asyncio.Yielded, number, unknown> {
 *   yield; // one loop iteration
 *   return yield* fut;
 * }
 * ```
 */
export type Yielded = Future<unknown> | undefined | null;

/**
 * A coroutine returning `T`: the generator object made by calling a coroutine function.
 *
 * @example
 * ```ts
 * function* fetchCount(): Coroutine<number> {
 *   yield* asyncio.sleep(1);
 *   return 42;
 * }
 * ```
 */
export type Coroutine<T = unknown> = Generator<Yielded, T, unknown>;

/**
 * A coroutine function: what `async def` declares.
 *
 * @example
 * ```ts
 * const fn: CoroutineFunction<[number], string> = function* (n) { return String(n); };
 * ```
 */
export type CoroutineFunction<A extends unknown[] = unknown[], T = unknown> = (...args: A) => Coroutine<T>;

const names = new WeakMap<object, string>();
/** Names of plain generator functions' objects: printed, but not declared coroutines. */
const plainNames = new WeakMap<object, string>();
/** Prototypes of coroutine classes that stand for CPython's built-in awaitables (no code object). */
const builtinClasses = new WeakSet<object>();

/**
 * Declares a generator function as a coroutine function and records its name, so that
 * reprs print `<coroutine object name>` and tasks print `coro=<name() running>`, as
 * CPython does. Returns the same function: calling it costs nothing extra.
 *
 * A generator function not passed through `asyncDef` still works everywhere; only its
 * repr falls back to the JavaScript function name when it can be found.
 *
 * @example
 * ```ts
 * const execute = asyncDef(function* execute(x: number): Coroutine<void> {
 *   console.log("x = ", x);
 * });
 * pyRepr(execute(1)); // "<coroutine object execute>"
 * ```
 */
export function asyncDef<F extends (...args: never[]) => Coroutine<unknown>>(fn: F, name?: string): F {
  const proto = (fn as unknown as { prototype?: object }).prototype;
  if (proto) names.set(proto, name ?? fn.name);
  return fn;
}

/**
 * @internal Names the coroutine objects made by a hand-written coroutine class (one that
 * implements the generator protocol itself, such as the `sleep(0)` fast path). `builtin`:
 * the class stands for a CPython awaitable written in C, which task reprs print by name
 * only (`coro=<<async_generator_asend without __name__>()>`).
 */
export function _nameCoroutineClass(proto: object, name: string, builtin = false): void {
  names.set(proto, name);
  if (builtin) builtinClasses.add(proto);
}

/**
 * @internal Names the objects of a plain generator function (not declared with
 * `asyncDef`, so still a plain generator where asyncio takes an iterable of futures) for
 * reprs: CPython before 3.12 runs such a generator as a coroutine, and a task over it
 * prints the function's qualified name (`coro=<Harness.plain() running>`).
 */
export function _namePlainGenerator(fn: (...args: never[]) => Generator<unknown, unknown, unknown>, name: string): void {
  const proto = (fn as unknown as { prototype?: object }).prototype;
  if (proto) plainNames.set(proto, name);
}


/**
 * @internal True for a coroutine object whose function was declared with `asyncDef` (or a
 * library coroutine class): what Python types as `coroutine`. Other generator objects may
 * be plain generators, which CPython stops treating as coroutines in 3.12.
 */
export function _isDeclaredCoroutine(value: object): boolean {
  let proto: object | null = Object.getPrototypeOf(value);
  for (let depth = 0; proto && depth < 2; depth++) {
    if (names.has(proto)) return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}


/**
 * True when `value` is a coroutine object (a generator object), like
 * `asyncio.iscoroutine`.
 *
 * @example
 * ```ts
 * isCoroutine((function* () {})()); // true
 * isCoroutine(Promise.resolve());   // false
 * ```
 */
export function isCoroutine(value: unknown): value is Coroutine<unknown> {
  // `Object.prototype.toString.call(value) === "[object Generator]"`, which holds exactly
  // when the object's `Symbol.toStringTag` is "Generator", read directly (much faster).
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "Generator"
  );
}

/**
 * The name CPython would print for a coroutine object (its function's name).
 *
 * @example
 * ```ts
 * coroutineName(execute(1)); // "execute"
 * ```
 */
export function coroutineName(coro: object): string {
  let proto: object | null = Object.getPrototypeOf(coro);
  // A generator method's instances inherit from the method's prototype object, which
  // `asyncDef` registered. Walk one level further for subclassed prototypes.
  for (let depth = 0; proto && depth < 2; depth++) {
    const name = names.get(proto) ?? plainNames.get(proto);
    if (name !== undefined) return name;
    proto = Object.getPrototypeOf(proto);
  }
  return "coroutine";
}

/**
 * CPython's `_format_coroutine` without the source location: `name() running` while the
 * coroutine can still run, `name() done, defined` once it has finished.
 *
 * @example
 * ```ts
 * formatCoroutine(execute(1), false); // "execute() running"
 * ```
 */
export function formatCoroutine(coro: object, finished: boolean): string {
  // A built-in awaitable (an async generator's `asend` object, say) has no code object:
  // CPython prints its name alone.
  if (builtinClasses.has(Object.getPrototypeOf(coro) as object)) return `${coroutineName(coro)}()`;
  return `${coroutineName(coro)}() ${finished ? "done, defined" : "running"}`;
}

// ---------------------------------------------------------------------------------------
// Library coroutines written by hand

/**
 * @internal `yield* coro`, with every resume of `coro` made through `around` (told whether
 * it throws in), so that a driver can keep state around each step: what asyncio's own
 * `except` blocks handle while they await, or the conformance kit's frames. Closing this
 * generator while it is suspended (`return()`) closes `coro`.
 */
export function* _delegateSteps<T>(
  coro: Coroutine<T>,
  around: (resume: () => IteratorResult<Yielded, T>, thrown: boolean) => IteratorResult<Yielded, T>,
): Coroutine<T> {
  let input: unknown = undefined;
  let thrown = false;
  let finished = false;
  try {
    for (;;) {
      let step: IteratorResult<Yielded, T>;
      try {
        step = around(thrown ? () => coro.throw(input) : () => coro.next(input), thrown);
      } catch (error) {
        finished = true;
        throw error;
      }
      if (step.done === true) {
        finished = true;
        return step.value;
      }
      try {
        input = yield step.value;
        thrown = false;
      } catch (error) {
        input = error;
        thrown = true;
      }
    }
  } finally {
    if (!finished) coro.return(undefined as T);
  }
}

/** @internal What the steps of an {@link _AwaitingCoroutine} return to say "await now". */
export const _AWAIT: unique symbol = Symbol("asyncio-ts await");

const DONE_UNDEFINED: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

type Step<R> = R | typeof _AWAIT;
type Delegate = Iterator<Yielded, unknown, unknown> & { [_RETHROWS]?: () => void };

/**
 * @internal An iterator whose `throw(e)` does nothing but close it and throw `e` back (a
 * future's `yield*` iterator) has this method, which only closes it: the coroutines below
 * then skip throwing and catching `e` once more, which costs V8 more than the rest of a
 * cancellation's delivery.
 */
export const _RETHROWS: unique symbol = Symbol("asyncio-ts rethrows");

/**
 * @internal A library coroutine written as a state machine instead of a generator
 * (`Lock.acquire`, `Semaphore.acquire`, `Queue.put`, `Queue.get`): such a coroutine
 * usually returns without ever suspending, and otherwise suspends in one `yield* x` at a
 * time. A generator would cost an object per call and a `yield*` layer per resume on the
 * task's hottest path. The subclass supplies the code between the awaits:
 *
 * - `_start()`: the code up to the first decision: the result, or {@link _AWAIT};
 * - `_awaitable()`: the code just before `yield* x` (make and register the future): `x`;
 * - `_resume(value)`: the code after `yield* x` gave `value`: the result, or `_AWAIT` again;
 * - `_fail(error)`: the `except`/`finally` clauses around the await, when it threw `error`:
 *   returns the error to raise on (`error` itself, or what a clause raised instead);
 * - `_close()`: the `finally` clauses around the await, when the coroutine is closed there.
 *
 * The delegation to `x` follows `yield*` to the letter (results passed through as they
 * are, `throw` and `return` forwarded), and the rest is what a generator does: nothing
 * runs before the first `next()`, `throw`/`return` before it close the coroutine, a
 * re-entrant call throws, and `isCoroutine` holds (each subclass registers its name with
 * `_nameCoroutineClass`).
 *
 * The loop makes one per call, so this class and its subclasses declare their fields
 * (`declare`) and assign them in the constructor: V8 (Node 20) builds an object whose class
 * defines its fields as ES2022 class fields about 2.5 times slower, which was a third of a
 * queue put/get's time (`npm run bench -- --workload bounded_queue`). Under esbuild's
 * `keepNames` (tsx) that gain needs `keepConstructorsFast` on the leaf classes (see
 * fast_constructors.ts): without it the same classes were 5 times slower.
 */
export abstract class _AwaitingCoroutine<R> implements Generator<Yielded, R, unknown> {
  /** 0: not started; 1: running; 2: suspended in `yield* x`; 3: finished. */
  private declare _state: number;
  private declare _delegate: Delegate | null;

  constructor() {
    this._state = 0;
    this._delegate = null;
  }

  protected abstract _start(): Step<R>;
  protected abstract _awaitable(): Iterable<Yielded>;
  protected abstract _resume(value: unknown): Step<R>;
  protected abstract _fail(error: unknown): unknown;
  protected abstract _close(): void;

  next(value?: unknown): IteratorResult<Yielded, R> {
    const state = this._state;
    if (state === 2) return this._forward(0, value);
    if (state === 0) {
      this._state = 1;
      let step: Step<R>;
      try {
        step = this._start();
      } catch (error) {
        this._state = 3;
        throw error;
      }
      return this._proceed(step);
    }
    if (state === 1) throw new TypeError("Generator is already running");
    return DONE_UNDEFINED as IteratorReturnResult<R>;
  }

  throw(error: unknown): IteratorResult<Yielded, R> {
    if (this._state === 2) return this._forward(1, error);
    if (this._state === 1) throw new TypeError("Generator is already running");
    this._state = 3;
    throw error;
  }

  return(value: R): IteratorResult<Yielded, R> {
    if (this._state === 2) return this._forward(2, value);
    if (this._state === 1) throw new TypeError("Generator is already running");
    this._state = 3;
    return { value, done: true };
  }

  [Symbol.iterator](): Generator<Yielded, R, unknown> {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "Generator";
  }

  /** Runs steps until one returns a result or `yield* x` suspends. */
  private _proceed(first: Step<R>): IteratorResult<Yielded, R> {
    let step = first;
    while (step === _AWAIT) {
      let delegate: Delegate;
      try {
        delegate = this._awaitable()[Symbol.iterator]() as Delegate;
      } catch (error) {
        this._state = 3;
        throw error;
      }
      let outcome: IteratorResult<Yielded, unknown>;
      try {
        outcome = delegate.next(undefined);
      } catch (error) {
        this._failed(error);
      }
      if (outcome.done !== true) {
        this._delegate = delegate;
        this._state = 2;
        return outcome as IteratorYieldResult<Yielded>;
      }
      try {
        step = this._resume(outcome.value);
      } catch (error) {
        this._state = 3;
        throw error;
      }
    }
    this._state = 3;
    return step === undefined ? (DONE_UNDEFINED as IteratorReturnResult<R>) : { value: step, done: true };
  }

  /** `yield*` resumed by next (0), throw (1) or return (2) with `arg`. */
  private _forward(mode: 0 | 1 | 2, arg: unknown): IteratorResult<Yielded, R> {
    const delegate = this._delegate as Delegate;
    this._state = 1;
    if (mode === 1) {
      const rethrows = delegate[_RETHROWS];
      if (rethrows !== undefined) {
        rethrows.call(delegate);
        return this._failed(arg);
      }
    } else if (mode === 2 && typeof delegate.return !== "function") {
      return this._closed(arg as R);
    }
    let outcome: IteratorResult<Yielded, unknown>;
    try {
      if (mode === 0) {
        outcome = delegate.next(arg);
      } else if (mode === 1) {
        if (typeof delegate.throw !== "function") {
          if (typeof delegate.return === "function") delegate.return();
          throw new TypeError("The iterator does not provide a 'throw' method");
        }
        outcome = delegate.throw(arg);
      } else {
        outcome = (delegate as Required<Delegate>).return(arg);
      }
    } catch (error) {
      this._failed(error);
    }
    if (outcome.done !== true) {
      this._state = 2;
      return outcome as IteratorYieldResult<Yielded>;
    }
    // `return` went through the awaited iterator: the coroutine returns its value.
    if (mode === 2) return this._closed(outcome.value as R);
    this._delegate = null;
    let step: Step<R>;
    try {
      step = this._resume(outcome.value);
    } catch (error) {
      this._state = 3;
      throw error;
    }
    return this._proceed(step);
  }

  /** The await threw `error`: the clauses around it run, and the coroutine ends. */
  private _failed(error: unknown): never {
    this._delegate = null;
    // No try/finally: V8 would catch and throw the error once more.
    let raised: unknown;
    try {
      raised = this._fail(error);
    } catch (other) {
      this._state = 3;
      throw other;
    }
    this._state = 3;
    throw raised;
  }

  /** `return value` at the await: the `finally` clauses run, and the coroutine ends. */
  private _closed(value: R): IteratorResult<Yielded, R> {
    this._delegate = null;
    try {
      this._close();
    } catch (other) {
      this._state = 3;
      throw other;
    }
    this._state = 3;
    return { value, done: true };
  }
}
