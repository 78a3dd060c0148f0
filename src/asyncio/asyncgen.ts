/**
 * Async generators: Python's `async def` with `yield` (PEP 525), with `asend`, `athrow`,
 * `aclose`, `async for`, the `anext`/`aiter` builtins (3.10+), and the hooks through
 * which a running loop learns of every async generator so that `loop.shutdownAsyncgens()`
 * (run by `asyncio.run` at exit) can close them.
 *
 * Coroutines are already generator functions here, so an async generator needs a form of
 * its own: declare the generator function with {@link asyncGen}; inside it, `yield*` awaits
 * (as in a coroutine) and `yield* asyncio.ayield(value)` yields a value to the consumer
 * (Python's `yield value`), returning what `asend` sent.
 *
 * | Python | TypeScript |
 * |---|---|
 * | `async def ticks(n):` ... `yield i` | `const ticks = asyncio.asyncGen(function* ticks(n: number) { ... yield* asyncio.ayield(i); })` |
 * | `sent = yield i` | `const sent = yield* asyncio.ayield(i)` |
 * | `async for x in ticks(3):` | `yield* asyncio.asyncFor(ticks(3), function* (x) { ... })` |
 * | `await agen.__anext__()`, `await anext(agen)` | `yield* agen.anext()`, `yield* asyncio.anext(agen)` |
 * | `await anext(agen, default)` | `yield* asyncio.anext(agen, fallback)` |
 * | `await agen.asend(v)`, `agen.athrow(exc)`, `agen.aclose()` | `yield* agen.asend(v)`, `yield* agen.athrow(exc)`, `yield* agen.aclose()` |
 * | `sys.set_asyncgen_hooks(firstiter=f)` | `asyncio.setAsyncgenHooks({ firstiter: f })` |
 *
 * The state machine follows CPython's `async_generator_asend` and `async_generator_athrow`
 * objects release by release: "already running" errors from 3.8, "cannot reuse" errors,
 * `ag_closed`, "async generator ignored GeneratorExit", and 3.13's checks in `throw()`.
 *
 * @example
 * ```ts
 * const ticks = asyncio.asyncGen(function* ticks(n: number) {
 *   for (let i = 0; i < n; i++) {
 *     yield* asyncio.sleep(1);
 *     yield* asyncio.ayield(i);
 *   }
 * });
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number[]> {
 *   const seen: number[] = [];
 *   yield* asyncio.asyncFor(ticks(3), function* (i) { seen.push(i); });
 *   return seen; // [0, 1, 2] at virtual time 3
 * });
 * ```
 * @module
 */
import { GeneratorExit, RuntimeError, StopAsyncIteration, StopIteration, TypeError, ValueError, pyTypeName } from "./builtins.ts";
import { _nameCoroutineClass, type Yielded } from "./coroutines.ts";
import { _getRunningLoop, _targetPython } from "./events.ts";
import { pyRepr } from "./format_helpers.ts";
import { FeatureUnavailableError, pythonMinor } from "./version.ts";

/**
 * What `yield* asyncio.ayield(value)` hands to the async generator's driver: a value for
 * the consumer, not a future to wait for (CPython's `_PyAsyncGenWrappedValue`).
 *
 * @example
 * ```ts
 * const marker = asyncio.ayield(3).next().value; // an AsyncGenYield holding 3
 * ```
 */
export class AsyncGenYield<Y> {
  constructor(readonly value: Y) {}

  /** Python's repr of the wrapped value, for error messages. */
  toString(): string {
    return `<async_generator_wrapped_value ${pyRepr(this.value)}>`;
  }
}

/**
 * The body of an async generator function: it awaits with `yield*` and yields values with
 * `yield* asyncio.ayield(value)`; it returns nothing (a Python async generator cannot
 * return a value).
 *
 * @example
 * ```ts
 * function* body(): asyncio.AsyncGenBody<string> {
 *   yield* asyncio.sleep(0.5);
 *   yield* asyncio.ayield("tick");
 * }
 * ```
 */
export type AsyncGenBody<Y> = Generator<Yielded | AsyncGenYield<Y>, void, unknown>;

/**
 * Python's `yield value` inside an async generator: hands `value` to the consumer and
 * returns what the consumer sends next (`undefined` for `anext()`, the argument of
 * `asend`). Use it with `yield*`, inside a function declared with {@link asyncGen}.
 *
 * @example
 * ```ts
 * const echo = asyncio.asyncGen(function* echo() {
 *   let reply: unknown = "ready";
 *   for (;;) reply = yield* asyncio.ayield(reply);
 * });
 * ```
 */
export function* ayield<Y, S = unknown>(value: Y): Generator<AsyncGenYield<Y>, S, unknown> {
  return (yield new AsyncGenYield(value)) as S;
}

/**
 * The hooks a running loop installs (`sys.set_asyncgen_hooks`): `firstiter` runs when an
 * async generator is first iterated (its first `anext`, `asend`, `athrow` or `aclose`
 * call), `finalizer` is what Python calls when an unfinished generator is garbage
 * collected. This library never collects garbage observably, so it never calls
 * `finalizer` itself; it is kept for programs that do.
 *
 * @example
 * ```ts
 * const hooks: asyncio.AsyncGenHooks = asyncio.getAsyncgenHooks();
 * ```
 */
export interface AsyncGenHooks {
  firstiter: ((agen: AsyncGen<unknown, never>) => void) | null;
  finalizer: ((agen: AsyncGen<unknown, never>) => void) | null;
}

const NO_HOOKS: AsyncGenHooks = Object.freeze({ firstiter: null, finalizer: null });

/** Hooks set by `setAsyncgenHooks`; null: those of the running loop, if any. */
let hooksOverride: AsyncGenHooks | null = null;

/** @internal What a loop provides as its hooks while it runs. */
export interface AsyncGenHookOwner {
  _asyncgenHooks(): AsyncGenHooks;
}

/**
 * The current async generator hooks (`sys.get_asyncgen_hooks()`): those a running loop
 * installed (its `_asyncgen_firstiter_hook` and `_asyncgen_finalizer_hook`), or those set
 * with {@link setAsyncgenHooks}.
 *
 * @example
 * ```ts
 * asyncio.getAsyncgenHooks().firstiter !== null; // true inside a running loop
 * ```
 */
export function getAsyncgenHooks(): AsyncGenHooks {
  if (hooksOverride !== null) return hooksOverride;
  const loop = _getRunningLoop() as (AsyncGenHookOwner & object) | null;
  return loop === null ? NO_HOOKS : loop._asyncgenHooks();
}

/**
 * Replaces the async generator hooks (`sys.set_asyncgen_hooks`): a field left out keeps
 * its current value, null clears it. A loop restores the previous hooks when it stops.
 *
 * @example
 * ```ts
 * asyncio.setAsyncgenHooks({ firstiter: (agen) => console.log("first use of", String(agen)) });
 * ```
 */
export function setAsyncgenHooks(hooks: Partial<AsyncGenHooks>): void {
  const refused = (key: keyof AsyncGenHooks): boolean => {
    const hook = hooks[key];
    return hook !== undefined && hook !== null && typeof hook !== "function";
  };
  // CPython checks the finalizer first, and names the type of what it refuses; 3.7-3.12
  // set a good finalizer before they refuse a bad firstiter (3.13 checks both first).
  if (refused("finalizer")) throw new TypeError(`callable finalizer expected, got ${typeName(hooks.finalizer)}`);
  if (refused("firstiter")) {
    if (targetMinor() < 13 && hooks.finalizer !== undefined) replaceHooks({ finalizer: hooks.finalizer });
    throw new TypeError(`callable firstiter expected, got ${typeName(hooks.firstiter)}`);
  }
  replaceHooks(hooks);
}

function replaceHooks(hooks: Partial<AsyncGenHooks>): void {
  const current = getAsyncgenHooks();
  hooksOverride = {
    firstiter: hooks.firstiter === undefined ? current.firstiter : hooks.firstiter,
    finalizer: hooks.finalizer === undefined ? current.finalizer : hooks.finalizer,
  };
}

/**
 * @internal Sets the hooks override and returns the previous one: a loop clears it when it
 * starts (so its own hooks apply) and puts the old one back when it stops.
 */
export function _swapAsyncgenHooks(next: AsyncGenHooks | null): AsyncGenHooks | null {
  const previous = hooksOverride;
  hooksOverride = next;
  return previous;
}

const names = new WeakMap<object, string>();

/**
 * Declares a generator function as an async generator function (Python's `async def` with
 * `yield`): calling the returned function makes an {@link AsyncGen} whose body runs only
 * as it is iterated. `name` is what reprs print (default: the function's name).
 *
 * @example
 * ```ts
 * const countdown = asyncio.asyncGen(function* countdown(n: number) {
 *   while (n > 0) {
 *     yield* asyncio.sleep(1);
 *     yield* asyncio.ayield(n--);
 *   }
 * });
 * const agen = countdown(3); // AsyncGen<number>; nothing ran yet
 * ```
 */
export function asyncGen<A extends unknown[], Y, S = unknown>(
  fn: (...args: A) => AsyncGenBody<Y>,
  name?: string,
): (...args: A) => AsyncGen<Y, S> {
  const qualname = name ?? (fn.name || "<lambda>");
  const make = function (this: unknown, ...args: A): AsyncGen<Y, S> {
    return new AsyncGen<Y, S>(fn.apply(this, args), qualname);
  };
  names.set(make, qualname);
  Object.defineProperty(make, "name", { value: fn.name });
  return make;
}

/**
 * True for a function made by {@link asyncGen} (`inspect.isasyncgenfunction`).
 *
 * @example
 * ```ts
 * asyncio.isAsyncGenFunction(ticks);             // true
 * asyncio.isAsyncGenFunction(function* () {});   // false
 * ```
 */
export function isAsyncGenFunction(fn: unknown): boolean {
  return typeof fn === "function" && names.has(fn);
}

/** The minor release whose rules an async generator operation follows. */
function targetMinor(): number {
  return pythonMinor(_targetPython());
}

/**
 * An async generator object (Python's `async_generator`): made by calling a function
 * declared with {@link asyncGen}. It is its own async iterator (`aiter()` returns it), and
 * each of `anext`, `asend`, `athrow` and `aclose` returns an awaitable to `yield*`.
 *
 * @example
 * ```ts
 * const agen = ticks(2);
 * const first = yield* agen.anext();        // 0
 * const second = yield* agen.asend("hi");   // 1 (the body received "hi")
 * yield* agen.aclose();                     // runs its finally blocks
 * ```
 */
export class AsyncGen<Y = unknown, S = unknown> {
  /** @internal The body generator (CPython's frame). */
  readonly _body: AsyncGenBody<Y>;
  /** @internal The name reprs print (`__qualname__`). */
  readonly _name: string;
  /** @internal CPython's `ag_running_async` (3.8+): an awaitable of this generator is in progress. */
  _runningAsync = false;
  /** @internal CPython's `gi_running`: the body is executing right now. */
  _runningSync = false;
  /** @internal CPython's `ag_closed`. */
  _closed = false;
  /** @internal The body returned or raised: its frame is gone. */
  _finished = false;
  /** @internal The body has begun (CPython: `f_lasti != -1`). */
  _started = false;
  /** @internal CPython's `ag_hooks_inited`. */
  _hooksInited = false;
  /** @internal The finalizer hook captured at first iteration. */
  _finalizer: AsyncGenHooks["finalizer"] = null;

  constructor(body: AsyncGenBody<Y>, name: string) {
    this._body = body;
    this._name = name;
  }

  /** The generator itself (`__aiter__`). */
  aiter(): this {
    return this;
  }

  /**
   * An awaitable of the next value (`__anext__`); it throws `StopAsyncIteration` once the
   * body has finished.
   */
  anext(): AsyncGenASend<Y> {
    this._initHooks();
    return new AsyncGenASend<Y>(this as AsyncGen<Y, unknown>, undefined);
  }

  /** Resumes the body with `value` as the result of its pending `ayield` (`asend`). */
  asend(value: S): AsyncGenASend<Y> {
    this._initHooks();
    return new AsyncGenASend<Y>(this as AsyncGen<Y, unknown>, value);
  }

  /**
   * Throws `exc` (an exception, or a class to instantiate) into the body at its pending
   * `ayield` (`athrow`); the awaitable gives the next value the body yields.
   */
  athrow(exc: unknown): AsyncGenAThrow<Y> {
    this._initHooks();
    return new AsyncGenAThrow<Y>(this as AsyncGen<Y, unknown>, { exc });
  }

  /** Throws `GeneratorExit` into the body so that its `finally` blocks run (`aclose`). */
  aclose(): AsyncGenAThrow<undefined> {
    this._initHooks();
    return new AsyncGenAThrow<undefined>(this as AsyncGen<unknown, unknown>, null);
  }

  /** Python's `ag_running`: true while the body runs (3.8+: while an awaitable of it is in progress). */
  get agRunning(): boolean {
    return targetMinor() >= 8 ? this._runningAsync : this._runningSync;
  }

  /** Python's repr without the address: `<async_generator object ticks>`. */
  toString(): string {
    return `<async_generator object ${this._name}>`;
  }

  /** @internal CPython's `async_gen_init_hooks`: the first method call captures the hooks. */
  _initHooks(): void {
    if (this._hooksInited) return;
    this._hooksInited = true;
    const hooks = getAsyncgenHooks();
    this._finalizer = hooks.finalizer;
    if (hooks.firstiter !== null) hooks.firstiter(this as unknown as AsyncGen<unknown, never>);
  }

  /**
   * @internal CPython's `gen_send_ex` on the body: resumes it with a value or an
   * exception. A body that returns raises `StopAsyncIteration`; one that raises
   * `StopAsyncIteration` or `StopIteration` itself raises `RuntimeError` instead (from
   * 3.12 not when it was thrown into a body that had not begun).
   */
  _resume(throwing: boolean, arg: unknown): Yielded | AsyncGenYield<Y> {
    if (this._runningSync) throw new ValueError("async generator already executing");
    if (!throwing && !this._started && !this._finished && arg !== undefined && arg !== null) {
      throw new TypeError("can't send non-None value to a just-started async generator");
    }
    const wasFinished = this._finished;
    // From 3.12 the conversion below is a handler inside the body, which an exception
    // thrown in before the body began never reaches.
    const converts = !wasFinished && (this._started || !throwing || targetMinor() < 12);
    this._started = true;
    this._runningSync = true;
    let result: IteratorResult<Yielded | AsyncGenYield<Y>, void>;
    try {
      result = throwing ? this._body.throw(arg) : this._body.next(arg);
    } catch (error) {
      this._finished = true;
      if (converts && (error instanceof StopAsyncIteration || error instanceof StopIteration)) {
        const replaced = new RuntimeError(`async generator raised ${error.name}`);
        replaced.cause = error;
        throw replaced;
      }
      throw error;
    } finally {
      this._runningSync = false;
    }
    if (result.done) {
      this._finished = true;
      throw new StopAsyncIteration();
    }
    return result.value;
  }

  /** @internal The part of CPython's `async_gen_unwrap_value` that handles an error. */
  _unwrapError(error: unknown, minor: number): void {
    if (error instanceof StopAsyncIteration || error instanceof GeneratorExit) this._closed = true;
    if (minor >= 8) this._runningAsync = false;
  }
}

const INIT = 0;
const ITER = 1;
const CLOSED = 2;

const done = <T>(value: T): IteratorReturnResult<T> => ({ value, done: true });

/**
 * The awaitable `anext()` and `asend()` return (CPython's `async_generator_asend`): it
 * gives the next value the body yields, or throws `StopAsyncIteration`. It can be awaited
 * once; it is a coroutine for `createTask` and `ensureFuture`, as in CPython.
 *
 * @example
 * ```ts
 * const next: asyncio.AsyncGenASend<number> = agen.anext();
 * const value = yield* next;
 * ```
 */
export class AsyncGenASend<Y> implements Generator<Yielded, Y, unknown> {
  private state = INIT;
  private readonly minor = targetMinor();

  constructor(
    private readonly gen: AsyncGen<Y, unknown>,
    private readonly sendval: unknown,
  ) {}

  next(arg?: unknown): IteratorResult<Yielded, Y> {
    if (this.state === CLOSED) throw new RuntimeError("cannot reuse already awaited __anext__()/asend()");
    const gen = this.gen;
    if (this.state === INIT) {
      if (this.minor >= 8 && gen._runningAsync) {
        this.state = CLOSED;
        throw new RuntimeError("anext(): asynchronous generator is already running");
      }
      if (arg === undefined || arg === null) arg = this.sendval;
      this.state = ITER;
    }
    if (this.minor >= 8) gen._runningAsync = true;
    return this.unwrap(false, arg);
  }

  throw(error: unknown): IteratorResult<Yielded, Y> {
    if (this.state === CLOSED) throw new RuntimeError("cannot reuse already awaited __anext__()/asend()");
    if (this.minor >= 13 && this.state === INIT) {
      if (this.gen._runningAsync) {
        this.state = CLOSED;
        throw new RuntimeError("anext(): asynchronous generator is already running");
      }
      this.gen._runningAsync = true;
      this.state = ITER;
    }
    return this.unwrap(true, error);
  }

  /** Python's `close()`: 3.13+ throws `GeneratorExit` in (CPython's `async_gen_asend_close`). */
  return(value?: Y): IteratorResult<Yielded, Y> {
    if (this.minor >= 13 && this.state !== CLOSED) return closeByThrow(this, value as Y);
    this.state = CLOSED;
    return done(value as Y);
  }

  /** Resumes the body; a yielded value finishes this awaitable, a future passes through. */
  private unwrap(throwing: boolean, arg: unknown): IteratorResult<Yielded, Y> {
    const gen = this.gen;
    let result: Yielded | AsyncGenYield<Y>;
    try {
      result = gen._resume(throwing, arg);
    } catch (error) {
      gen._unwrapError(error, this.minor);
      this.state = CLOSED;
      throw error;
    }
    if (result instanceof AsyncGenYield) {
      if (this.minor >= 8) gen._runningAsync = false;
      this.state = CLOSED;
      return done(result.value);
    }
    return { value: result, done: false };
  }

  [Symbol.iterator](): this {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "Generator";
  }

  /** Python's repr without the address. */
  toString(): string {
    return "<async_generator_asend object>";
  }
}
/**
 * Names a class of CPython's built-in awaitables (`async_generator_asend`, `_athrow`,
 * `anext_awaitable`). They have no code object, so a task over one prints the name alone.
 */
function nameBuiltinAwaitable(proto: object, name: string): void {
  _nameCoroutineClass(proto, name, true);
}
nameBuiltinAwaitable(AsyncGenASend.prototype, "<async_generator_asend without __name__>");

/**
 * The awaitable `athrow()` and `aclose()` return (CPython's `async_generator_athrow`).
 * `athrow` gives the next value the body yields after catching the exception; `aclose`
 * gives `undefined` once the body has finished, and throws `RuntimeError('async generator
 * ignored GeneratorExit')` if the body yields instead.
 *
 * @example
 * ```ts
 * yield* agen.aclose();
 * ```
 */
export class AsyncGenAThrow<Y> implements Generator<Yielded, Y, unknown> {
  private state = INIT;
  private readonly minor = targetMinor();

  /** `args` null: `aclose()`; else `athrow(args.exc)`. */
  constructor(
    private readonly gen: AsyncGen<unknown, unknown>,
    private readonly args: { exc: unknown } | null,
  ) {}

  private get method(): string {
    return this.args === null ? "aclose" : "athrow";
  }

  next(arg?: unknown): IteratorResult<Yielded, Y> {
    const gen = this.gen;
    if (this.state === CLOSED) throw new RuntimeError("cannot reuse already awaited aclose()/athrow()");
    if (gen._finished) {
      this.state = CLOSED;
      return done(undefined as Y);
    }
    if (this.state === INIT) {
      if (this.minor >= 8 && gen._runningAsync) {
        this.state = CLOSED;
        throw new RuntimeError(`${this.method}(): asynchronous generator is already running`);
      }
      if (gen._closed) {
        this.state = CLOSED;
        if (this.minor >= 8) throw new StopAsyncIteration();
        return done(undefined as Y);
      }
      if (arg !== undefined && arg !== null) throw new RuntimeError("can't send non-None value to a just-started coroutine");
      const refused = this.args === null ? null : refusedThrow(this.args.exc);
      if (refused !== null) {
        this.state = CLOSED;
        throw refused;
      }
      this.state = ITER;
      if (this.minor >= 8) gen._runningAsync = true;
      if (this.args === null) gen._closed = true;
      return this.resume(true, this.args === null ? new GeneratorExit() : toException(this.args.exc), true);
    }
    return this.resume(false, arg, false);
  }

  throw(error: unknown): IteratorResult<Yielded, Y> {
    const gen = this.gen;
    // Every release refuses a throw() into a finished (or closed) awaitable.
    if (this.state === CLOSED) throw new RuntimeError("cannot reuse already awaited aclose()/athrow()");
    if (this.minor >= 13) {
      if (this.state === INIT) {
        if (gen._runningAsync) {
          this.state = CLOSED;
          throw new RuntimeError(`${this.method}(): asynchronous generator is already running`);
        }
        gen._runningAsync = true;
        this.state = ITER;
      }
    }
    let result: Yielded | AsyncGenYield<unknown>;
    try {
      result = gen._resume(true, error);
    } catch (caught) {
      if (this.minor >= 13) this.state = CLOSED;
      if (this.args !== null) {
        gen._unwrapError(caught, this.minor);
        throw caught;
      }
      // aclose(): 3.8-3.12 leave `ag_running_async` set here (fixed in 3.13).
      if (this.minor >= 13) gen._runningAsync = false;
      if (caught instanceof StopAsyncIteration || caught instanceof GeneratorExit) return done(undefined as Y);
      throw caught;
    }
    // 3.13+: a value that throw() gets from the body finishes the awaitable.
    return this.afterResult(result, this.minor >= 13);
  }

  /** Python's `close()`: 3.13+ throws `GeneratorExit` in (CPython's `async_gen_athrow_close`). */
  return(value?: Y): IteratorResult<Yielded, Y> {
    if (this.minor >= 13 && this.state !== CLOSED) return closeByThrow(this, value as Y);
    this.state = CLOSED;
    return done(value as Y);
  }

  /** One resumption of the body, with CPython's `check_error` on failure (`first`: the INIT step). */
  private resume(throwing: boolean, arg: unknown, first: boolean): IteratorResult<Yielded, Y> {
    const gen = this.gen;
    let result: Yielded | AsyncGenYield<unknown>;
    try {
      result = gen._resume(throwing, arg);
    } catch (error) {
      if (this.args !== null) gen._unwrapError(error, this.minor);
      if (!first && this.args !== null) throw error; // athrow, later steps: unwrap only
      return this.checkError(error);
    }
    // The first step's value goes through CPython's check_error, which (3.8+) finishes the
    // awaitable; a later step's only unwraps it, so awaiting it again resumes the body.
    return this.afterResult(result, first && this.minor >= 8);
  }

  /** A value from the body: athrow's result, or aclose's "ignored GeneratorExit". */
  private afterResult(result: Yielded | AsyncGenYield<unknown>, closes: boolean): IteratorResult<Yielded, Y> {
    if (!(result instanceof AsyncGenYield)) return { value: result, done: false };
    const gen = this.gen;
    if (this.args === null) {
      gen._runningAsync = false;
      this.state = CLOSED;
      throw new RuntimeError("async generator ignored GeneratorExit");
    }
    if (this.minor >= 8) gen._runningAsync = false;
    if (closes) this.state = CLOSED;
    return done(result.value as Y);
  }

  /** CPython's `check_error`: aclose() ends quietly when the body finished. */
  private checkError(error: unknown): IteratorResult<Yielded, Y> {
    const ending = error instanceof StopAsyncIteration || error instanceof GeneratorExit;
    if (this.minor >= 8) {
      this.gen._runningAsync = false;
      this.state = CLOSED;
    } else if (ending) {
      this.state = CLOSED;
    }
    if (ending && this.args === null) return done(undefined as Y);
    // A StopIteration that leaves an awaitable's send() ends the `await` with its value
    // (3.12+: athrow(StopIteration(v)) into a body that has not begun gives v).
    if (error instanceof StopIteration) return done((error.args.length > 0 ? error.args[0] : undefined) as Y);
    throw error;
  }

  [Symbol.iterator](): this {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "Generator";
  }

  /** Python's repr without the address. */
  toString(): string {
    return "<async_generator_athrow object>";
  }
}
nameBuiltinAwaitable(AsyncGenAThrow.prototype, "<async_generator_athrow without __name__>");

/**
 * CPython 3.13's `close()` of an `asend`/`athrow` awaitable that has not finished: throws
 * `GeneratorExit` in; ends quietly when that stops the awaitable, and raises
 * `RuntimeError('coroutine ignored GeneratorExit')` when the body goes on instead.
 */
function closeByThrow<Y>(aw: { throw(error: unknown): IteratorResult<Yielded, Y> }, value: Y): IteratorResult<Yielded, Y> {
  let result: IteratorResult<Yielded, Y>;
  try {
    result = aw.throw(new GeneratorExit());
  } catch (error) {
    if (error instanceof StopIteration || error instanceof StopAsyncIteration || error instanceof GeneratorExit) return done(value);
    throw error;
  }
  if (result.done === true) return done(value);
  throw new RuntimeError("coroutine ignored GeneratorExit");
}

/** What `athrow` throws: an exception instance, or an instance of the class given. */
function toException(exc: unknown): unknown {
  if (typeof exc !== "function") return exc;
  try {
    return new (exc as new () => unknown)();
  } catch {
    return new TypeError(`exceptions must be classes or instances deriving from BaseException, not ${pyRepr(exc)}`);
  }
}

/**
 * CPython's `_gen_throw` refusal: `athrow(x)` where `x` is neither an exception instance
 * nor an exception class raises TypeError to the caller, and the generator stays as it was.
 */
function refusedThrow(exc: unknown): TypeError | null {
  if (exc instanceof Error) return null;
  if (typeof exc === "function") {
    const proto: unknown = exc.prototype;
    return exc === Error || proto instanceof Error ? null : new TypeError("exceptions must be classes or instances deriving from BaseException, not type");
  }
  return new TypeError(`exceptions must be classes or instances deriving from BaseException, not ${typeName(exc)}`);
}

/**
 * Python's async iterator protocol: `anext()` gives an awaitable of the next item and
 * throws `StopAsyncIteration` at the end; `aiter()` gives the iterator itself. An
 * {@link AsyncGen} is one.
 *
 * @example
 * ```ts
 * class Countdown implements asyncio.PyAsyncIterator<number> {
 *   constructor(private n: number) {}
 *   aiter() { return this; }
 *   *anext(): asyncio.Coroutine<number> {
 *     if (this.n === 0) throw new asyncio.StopAsyncIteration();
 *     yield* asyncio.sleep(1);
 *     return this.n--;
 *   }
 * }
 * ```
 */
export interface PyAsyncIterator<T> extends PyAsyncIterable<T> {
  anext(): Generator<Yielded, T, unknown>;
}

/**
 * Something `async for` can iterate the Python way: `aiter()` gives a
 * {@link PyAsyncIterator}.
 *
 * @example
 * ```ts
 * const iterable: asyncio.PyAsyncIterable<number> = ticks(3);
 * ```
 */
export interface PyAsyncIterable<T> {
  aiter(): PyAsyncIterator<T>;
}

/** Python's type name for error messages: `'int' object is not ...`. */
function typeName(value: unknown): string {
  return value instanceof AsyncGen ? "async_generator" : pyTypeName(value);
}

function requireAsyncIterBuiltins(name: string): void {
  const python = _targetPython();
  if (pythonMinor(python) < 10) throw new FeatureUnavailableError(`${name}()`, "3.10", python);
}

/**
 * The builtin `aiter(iterable)` (Python 3.10+): the async iterator of `iterable`.
 *
 * @example
 * ```ts
 * const it = asyncio.aiter(ticks(3)); // the generator itself
 * ```
 */
export function aiter<T>(iterable: PyAsyncIterable<T>): PyAsyncIterator<T> {
  requireAsyncIterBuiltins("aiter");
  const method = (iterable as { aiter?: unknown } | null | undefined)?.aiter;
  if (typeof method !== "function") throw new TypeError(`'${typeName(iterable)}' object is not an async iterable`);
  const iterator = (method as () => unknown).call(iterable) as PyAsyncIterator<T>;
  if (typeof (iterator as { anext?: unknown } | null)?.anext !== "function") {
    throw new TypeError(`aiter() returned not an async iterator of type '${typeName(iterator)}'`);
  }
  return iterator;
}

/**
 * The builtin `anext(iterator[, default])` (Python 3.10+): an awaitable of the next item;
 * with a default, the default instead of `StopAsyncIteration` at the end.
 *
 * @example
 * ```ts
 * const first = yield* asyncio.anext(agen);          // or StopAsyncIteration
 * const maybe = yield* asyncio.anext(agen, "none");  // "none" once it is exhausted
 * ```
 */
export function anext<T>(iterator: PyAsyncIterator<T>): Generator<Yielded, T, unknown>;
export function anext<T, D>(iterator: PyAsyncIterator<T>, fallback: D): Generator<Yielded, T | D, unknown>;
export function anext<T, D>(iterator: PyAsyncIterator<T>, ...fallback: [] | [D]): Generator<Yielded, T | D, unknown> {
  requireAsyncIterBuiltins("anext");
  if (fallback.length > 1) throw new TypeError(`anext expected at most 2 arguments, got ${fallback.length + 1}`);
  const method = (iterator as { anext?: unknown } | null | undefined)?.anext;
  if (typeof method !== "function") throw new TypeError(`'${typeName(iterator)}' object is not an async iterator`);
  const awaitable = (method as () => Generator<Yielded, T, unknown>).call(iterator);
  if (fallback.length === 0) return awaitable;
  return new AnextAwaitable<T, D>(awaitable, fallback[0] as D);
}

/**
 * What `anext(iterator, default)` returns (CPython's `anext_awaitable`): the next item, or
 * the default when the iterator throws `StopAsyncIteration`.
 *
 * @example
 * ```ts
 * const value = yield* asyncio.anext(agen, null);
 * ```
 */
export class AnextAwaitable<T, D> implements Generator<Yielded, T | D, unknown> {
  constructor(
    private readonly inner: Generator<Yielded, T, unknown>,
    private readonly fallback: D,
  ) {}

  next(arg?: unknown): IteratorResult<Yielded, T | D> {
    return this.step(() => this.inner.next(arg));
  }

  throw(error: unknown): IteratorResult<Yielded, T | D> {
    return this.step(() => this.inner.throw(error));
  }

  return(value?: T | D): IteratorResult<Yielded, T | D> {
    this.inner.return(undefined as T);
    return done(value as T | D);
  }

  private step(resume: () => IteratorResult<Yielded, T>): IteratorResult<Yielded, T | D> {
    try {
      return resume();
    } catch (error) {
      if (error instanceof StopAsyncIteration) return done(this.fallback);
      throw error;
    }
  }

  [Symbol.iterator](): this {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "Generator";
  }

  /** Python's repr without the address. */
  toString(): string {
    return "<anext_awaitable object>";
  }
}
nameBuiltinAwaitable(AnextAwaitable.prototype, "<anext_awaitable without __name__>");
