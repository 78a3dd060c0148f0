/**
 * Port of CPython's `asyncio/runners.py`: `run(main)` and, from Python 3.11, `Runner`.
 * Each follows its release's sequence exactly. `run` creates a loop and runs `main` to
 * completion (3.11+ through a `Runner`, which wraps `main` in a Task itself); at exit it
 * cancels every task still pending and runs them until they finish (reporting any that
 * end with an error other than a cancellation), closes the async generators
 * (`shutdownAsyncgens`), shuts down the default executor (3.9+), and closes the loop. Each
 * of these steps is a `runUntilComplete` of its own, as in CPython, and so costs the same
 * iterations and `Task-N` numbers.
 *
 * CPython cancels the leftover tasks in the iteration order of a set, which varies from
 * run to run; this library cancels them in creation order, one of the orders CPython can
 * take.
 *
 * One story for both clocks: `run` returns what the clock allows. The virtual clock (the
 * default) runs synchronously, so `run` returns the result itself; the real clock has to
 * wait for Node's timers, so `run(main, { clock: "real" })` returns a Promise. TypeScript
 * knows which from the `clock` option, and `await` works on both, so code meant for
 * either clock awaits. `runSync` is the virtual clock only: it never returns a Promise, and
 * asking it for the real clock is a compile error. A `Runner` follows its clock the same
 * way.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number> {
 *   yield* asyncio.sleep(1);
 *   return 42;
 * });
 * asyncio.runSync(main());                              // 42, at once (virtual clock)
 * await asyncio.run(main(), { clock: "real" });         // 42, after one second
 * const n: number = asyncio.run(main(), { clock: "real" }); // compile error: a Promise
 * ```
 * @module
 */
import type { BaseEventLoop, LoopOptions } from "./base_events.ts";
import { asyncDef, isCoroutine, type Coroutine, type Yielded } from "./coroutines.ts";
import { _getRunningLoop, _targetPython, newEventLoop, setEventLoop, type EventLoop } from "./events.ts";
import { RuntimeError, TypeError, ValueError } from "./exceptions.ts";
import { pyRepr } from "./format_helpers.ts";
import { isFuture, type Future } from "./futures.ts";
import { RealTimeEventLoop } from "./real_loop.ts";
import { allTasks, gather, type Task } from "./tasks.ts";
import { FeatureUnavailableError, parsePythonVersion, pythonMinor, type PythonVersion } from "./version.ts";

/**
 * Which clock a loop runs on: `"virtual"` (time jumps to the next timer; everything runs
 * synchronously) or `"real"` (Node's clock and timers; run methods return Promises).
 *
 * @example
 * ```ts
 * const clock: asyncio.Clock = process.env.REAL ? "real" : "virtual";
 * await asyncio.run(main(), { clock }); // T | Promise<T>: await covers both
 * ```
 */
export type Clock = "virtual" | "real";

/**
 * Options of {@link run}.
 *
 * @example
 * ```ts
 * const options: asyncio.RunOptions = { python: "3.11", clock: "real" };
 * ```
 */
export interface RunOptions extends LoopOptions {
  /** `"virtual"` (default): synchronous, time jumps to the next timer. `"real"`: Node timers, returns a Promise. */
  clock?: Clock;
  /**
   * Python 3.12+ (`loop_factory`): makes the loop instead of `newEventLoop`; its clock must
   * be the `clock` option's. The loop is then not set as the current loop.
   */
  loopFactory?: () => EventLoop;
}

/**
 * Options of a {@link Runner} (Python 3.11+).
 *
 * @example
 * ```ts
 * const runner = new asyncio.Runner({ debug: true, python: "3.12" });
 * ```
 */
export interface RunnerOptions<C extends Clock = Clock> {
  /** The CPython release to follow (default: `getDefaultPython()`); ignored with `loopFactory`. */
  python?: PythonVersion;
  /** `loop.setDebug(debug)` on the loop, when given (`Runner(debug=...)`). */
  debug?: boolean;
  /** `"virtual"` (default) or `"real"`: what `run` and `close` return follows it. */
  clock?: C;
  /** Makes the loop instead of `newEventLoop` (`loop_factory`); its clock must be `clock`. */
  loopFactory?: () => EventLoop;
  /** Virtual clock: the loop's livelock limit (see {@link LoopOptions}); ignored with `loopFactory`. */
  livelockIterations?: number;
}

/** What a run step hands to `runUntilComplete`, on which loop. */
type Step = readonly [loop: EventLoop, target: Future<unknown> | Coroutine<unknown>];

/** The value of a run or close: itself on the virtual clock, a Promise of it on the real one. */
type ClockResult<C extends Clock, T> = C extends "real" ? Promise<T> : C extends "virtual" ? T : T | Promise<T>;

/**
 * Runs `steps`: each step is a `runUntilComplete` on the loop it names, whose result (or
 * exception) goes back into the generator. Synchronous while the loops are virtual; from
 * the first real-clock step on, it continues asynchronously and returns a Promise.
 */
function drive<T>(steps: Generator<Step, T, unknown>): T | Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const [loop, target] = next.value;
    if (loop instanceof RealTimeEventLoop) return driveAsync(steps, loop.runUntilComplete(target));
    let value: unknown;
    try {
      value = loop.runUntilComplete(target);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(value);
  }
  return next.value;
}

async function driveAsync<T>(steps: Generator<Step, T, unknown>, first: Promise<unknown>): Promise<T> {
  let pending: Promise<unknown> = first;
  for (;;) {
    let next: IteratorResult<Step, T>;
    let value: unknown;
    let failed = false;
    try {
      value = await pending;
    } catch (error) {
      failed = true;
      value = error;
    }
    next = failed ? steps.throw(value) : steps.next(value);
    if (next.done) return next.value;
    const [loop, target] = next.value;
    pending = Promise.resolve().then(() => loop.runUntilComplete(target));
  }
}

/** The target a call follows before its loop exists: the one given, else the running loop's, else the default. */
function targetOf(python: PythonVersion | undefined): PythonVersion {
  return python === undefined ? _targetPython() : parsePythonVersion(python);
}

function checkClock(clock: unknown): Clock {
  if (clock === undefined || clock === "virtual") return "virtual";
  if (clock === "real") return "real";
  throw new ValueError(`clock must be "virtual" or "real", not ${pyRepr(clock)}`);
}

/** A loop made by a loop factory must run on the clock asked for. */
function checkFactoryLoop(loop: EventLoop, clock: Clock): EventLoop {
  if ((loop instanceof RealTimeEventLoop) !== (clock === "real")) {
    throw new TypeError(`the loop factory made a ${loop instanceof RealTimeEventLoop ? "real" : "virtual"}-clock loop, but the clock is "${clock}"`);
  }
  return loop;
}

/**
 * Runs `main` on a new event loop and returns its result (`asyncio.run`): the value
 * itself on the virtual clock (the default), a Promise of it on the real clock, either
 * (`T | Promise<T>`, for `await`) when the clock is only known at run time.
 *
 * @example
 * ```ts
 * asyncio.run(main(), { python: "3.11" });           // T
 * await asyncio.run(main(), { clock: "real" });      // Promise<T>
 * ```
 */
export function run<T>(main: Coroutine<T>, options: RunOptions & { clock: "real" }): Promise<T>;
export function run<T>(main: Coroutine<T>, options?: RunOptions & { clock?: "virtual" }): T;
export function run<T>(main: Coroutine<T>, options: RunOptions): T | Promise<T>;
export function run<T>(main: Coroutine<T>, options: RunOptions = {}): T | Promise<T> {
  const { clock: rawClock, loopFactory, ...loopOptions } = options;
  const python = targetOf(loopOptions.python);
  const minor = pythonMinor(python);
  // An argument the release lacks fails at the call, before the body runs.
  if (loopFactory !== undefined && minor < 12) throw new FeatureUnavailableError("asyncio.run(loop_factory=...)", "3.12", python);
  if (_getRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  const clock = checkClock(rawClock);
  if (minor >= 11) {
    const runner = new Runner<Clock>({ ...loopOptions, python, clock, ...(loopFactory === undefined ? {} : { loopFactory }) });
    return drive(runWithRunner(runner, main));
  }
  if (!isCoroutine(main)) throw new ValueError(`a coroutine was expected, got ${pyRepr(main)}`);
  const limit = loopOptions.livelockIterations;
  const loop = newEventLoop({ python, clock, ...(limit === undefined ? {} : { livelockIterations: limit }) });
  return drive(runBefore311(loop, main, loopOptions.debug));
}

/** `asyncio.run` before 3.11 (runners.py of 3.7 to 3.10). */
function* runBefore311<T>(loop: EventLoop, main: Coroutine<T>, debug: boolean | undefined): Generator<Step, T, unknown> {
  try {
    setEventLoop(loop);
    // 3.7's `run(main, debug=False)` always sets it; 3.8+ only when given.
    if (debug !== undefined || loop._minor < 8) loop.setDebug(debug ?? false);
    return (yield [loop, main]) as T;
  } finally {
    try {
      yield* shutdownSteps(loop);
    } finally {
      setEventLoop(null);
      loop.close();
    }
  }
}

/** `with Runner(...) as runner: return runner.run(main)` (3.11+). */
function* runWithRunner<T>(runner: Runner<Clock>, main: Coroutine<T>): Generator<Step, T, unknown> {
  runner._lazyInit();
  try {
    return yield* runner._runSteps(main);
  } finally {
    yield* runner._closeSteps();
  }
}

/** CPython's `_cancel_all_tasks`, then the async generator and executor shutdowns. */
function* shutdownSteps(loop: EventLoop): Generator<Step, void, unknown> {
  yield* cancelAllTasks(loop);
  yield [loop, loop.shutdownAsyncgens()];
  if (loop._minor >= 9) yield [loop, loop.shutdownDefaultExecutor(loop._minor >= 12 ? THREAD_JOIN_TIMEOUT : null)];
}

/** CPython's `constants.THREAD_JOIN_TIMEOUT`, what 3.12+ gives `shutdown_default_executor`. */
const THREAD_JOIN_TIMEOUT = 300;

/** CPython's `_cancel_all_tasks`: cancel every pending task, run them until done, report errors. */
function* cancelAllTasks(loop: EventLoop): Generator<Step, void, unknown> {
  const toCancel = [...allTasks(loop)];
  if (toCancel.length === 0) return;
  for (const task of toCancel) task.cancel();
  yield [loop, gather(toCancel, { returnExceptions: true })];
  reportShutdownErrors(loop, toCancel);
}

/** The end of `_cancel_all_tasks`: report tasks that ended with an error instead of being cancelled. */
function reportShutdownErrors(loop: BaseEventLoop, tasks: Task<unknown>[]): void {
  for (const task of tasks) {
    if (task.cancelled()) continue;
    const exc = task.exception();
    if (exc !== null) {
      loop.callExceptionHandler({
        message: "unhandled exception during asyncio.run() shutdown",
        exception: exc,
        task,
      });
    }
  }
}

/**
 * `asyncio.run` on the virtual clock, always synchronous: returns `main`'s result or
 * throws its exception, never a Promise. It takes no `clock` option; passing one is a
 * compile error (and a `TypeError` from JavaScript).
 *
 * @example
 * ```ts
 * const n: number = asyncio.runSync(main(), { python: "3.12" });
 * asyncio.runSync(main(), { clock: "real" }); // compile error
 * ```
 */
export function runSync<T>(main: Coroutine<T>, options: Omit<RunOptions, "clock"> & { clock?: never } = {}): T {
  if ((options as RunOptions).clock !== undefined && (options as RunOptions).clock !== "virtual") {
    throw new TypeError(`runSync() runs on the virtual clock only; use run(main, { clock: ${pyRepr((options as RunOptions).clock)} }) and await it`);
  }
  return run(main, { ...options, clock: "virtual" });
}

const STATE_CREATED = "created";
const STATE_INITIALIZED = "initialized";
const STATE_CLOSED = "closed";

/** True for what 3.14's `inspect.isawaitable` accepts: a future or an object with an iterator method. */
function isAwaitable(value: unknown): boolean {
  if (isFuture(value)) return true;
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function"
  );
}

const wrapAwaitable = asyncDef(function* _wrap_awaitable<T>(awaitable: Iterable<Yielded>): Coroutine<T> {
  return (yield* awaitable as unknown as Generator<Yielded, T, unknown>) as T;
}, "Runner.run.<locals>._wrap_awaitable");

/**
 * A context manager for the event loop's life (`asyncio.Runner`, Python 3.11+): its loop is
 * made on first use, `run` can be called several times on it (tasks left pending by one
 * run keep running in the next), and `close` shuts it down as `asyncio.run` does (cancel
 * leftover tasks, close async generators, shut down the default executor, close the loop).
 * Python's `with asyncio.Runner() as runner:` is `try { ... } finally { runner.close(); }`.
 * On the real clock `run` and `close` return Promises.
 *
 * SIGINT handling and `run(coro, context=...)` (contextvars) are not modelled.
 *
 * @example
 * ```ts
 * const runner = new asyncio.Runner({ python: "3.12" });
 * try {
 *   runner.run(setup());
 *   console.log(runner.run(main()));
 * } finally {
 *   runner.close();
 * }
 * ```
 */
export class Runner<C extends Clock = "virtual"> {
  /** @internal */ _state: typeof STATE_CREATED | typeof STATE_INITIALIZED | typeof STATE_CLOSED = STATE_CREATED;
  /** @internal */ _loop: EventLoop | null = null;
  /** @internal Whether this runner set its loop as the current one (and so clears it). */
  _setEventLoop = false;
  /** @internal */ readonly _python: PythonVersion;
  /** @internal */ readonly _clock: Clock;
  private readonly debug: boolean | undefined;
  private readonly loopFactory: (() => EventLoop) | null;
  private readonly livelockIterations: number | undefined;

  constructor(options: RunnerOptions<C> = {}) {
    this._python = targetOf(options.python);
    if (pythonMinor(this._python) < 11) throw new FeatureUnavailableError("asyncio.Runner", "3.11", this._python);
    this._clock = checkClock(options.clock);
    this.debug = options.debug;
    this.loopFactory = options.loopFactory ?? null;
    this.livelockIterations = options.livelockIterations;
  }

  /**
   * Runs `coro` to completion on the runner's loop, in a Task of its own, and returns its
   * result (`Runner.run`). 3.14 also accepts any awaitable.
   *
   * @example
   * ```ts
   * const value = runner.run(main());
   * ```
   */
  run<T>(coro: Coroutine<T>): ClockResult<C, T> {
    return drive(this._runSteps(coro)) as ClockResult<C, T>;
  }

  /**
   * Shuts the runner down (`Runner.close`): cancels the tasks still pending, closes the
   * async generators, shuts down the default executor and closes the loop. Does nothing
   * unless the loop was made and not yet closed.
   *
   * @example
   * ```ts
   * runner.close();
   * runner.run(main()); // RuntimeError: Runner is closed
   * ```
   */
  close(): ClockResult<C, void> {
    return drive(this._closeSteps()) as ClockResult<C, void>;
  }

  /**
   * The runner's loop, made on first use (`Runner.get_loop`).
   *
   * @example
   * ```ts
   * runner.getLoop().time();
   * ```
   */
  getLoop(): EventLoop {
    this._lazyInit();
    return this._loop as EventLoop;
  }

  /** @internal CPython's `Runner._lazy_init`. */
  _lazyInit(): void {
    if (this._state === STATE_CLOSED) throw new RuntimeError("Runner is closed");
    if (this._state === STATE_INITIALIZED) return;
    if (this.loopFactory === null) {
      const limit = this.livelockIterations;
      this._loop = newEventLoop({ python: this._python, clock: this._clock, ...(limit === undefined ? {} : { livelockIterations: limit }) });
      if (!this._setEventLoop) {
        setEventLoop(this._loop);
        this._setEventLoop = true;
      }
    } else {
      this._loop = checkFactoryLoop(this.loopFactory(), this._clock);
    }
    if (this.debug !== undefined) this._loop.setDebug(this.debug);
    this._state = STATE_INITIALIZED;
  }

  /** @internal `Runner.run` as steps. */
  *_runSteps<T>(coro: Coroutine<T>): Generator<Step, T, unknown> {
    const minor = pythonMinor(this._python);
    if (minor < 14 && !isCoroutine(coro)) throw new ValueError(`a coroutine was expected, got ${pyRepr(coro)}`);
    if (_getRunningLoop() !== null) throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    this._lazyInit();
    let main: Coroutine<T> = coro;
    if (!isCoroutine(coro)) {
      if (!isAwaitable(coro)) throw new TypeError("An asyncio.Future, a coroutine or an awaitable is required");
      main = wrapAwaitable<T>(coro as unknown as Iterable<Yielded>);
    }
    const loop = this._loop as EventLoop;
    const task = loop.createTask(main);
    return (yield [loop, task]) as T;
  }

  /** @internal `Runner.close` as steps. */
  *_closeSteps(): Generator<Step, void, unknown> {
    if (this._state !== STATE_INITIALIZED) return;
    const loop = this._loop as EventLoop;
    try {
      yield* shutdownSteps(loop);
    } finally {
      if (this._setEventLoop) setEventLoop(null);
      loop.close();
      this._loop = null;
      this._state = STATE_CLOSED;
    }
  }
}
