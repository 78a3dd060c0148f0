/**
 * The trace harness on our loop: what an interpreted or emitted TypeScript program calls
 * to record what it observes. It is the twin of python-reference/asyncio_ts_harness.py and
 * must produce the same trace for the same program, event for event.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 * import { Harness } from "asyncio-ts/conformance/harness";
 *
 * const trace = new Harness({ python: "3.12" });
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<unknown> {
 *   trace.record("log hello");
 *   yield* asyncio.sleep(1);
 *   return null;
 * });
 * trace.print(trace.run(main));
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { LoopFaults } from "../asyncio/base_events.ts";
import { _getEventLoopFactory, _setEventLoopFactory } from "../asyncio/events.ts";
import type { PythonVersion } from "../asyncio/version.ts";
import { stableJson, traceLines, type FinalState, type Json, type Outcome, type Trace, type TraceEvent } from "./trace_format.ts";

/**
 * Thrown when a program runs more loop iterations than its budget.
 *
 * @example
 * ```ts
 * const trace = new Harness({ python: "3.12", maxIterations: 100 }).run(main);
 * trace.outcome; // { kind: "budget" } when main needs more than 100 iterations
 * ```
 */
export class Budget extends Error {
  constructor(max: number, message?: string) {
    super(message ?? `more than ${max} loop iterations`);
    this.name = "Budget";
  }
}

/**
 * A virtual-time loop that counts iterations and stops a runaway program.
 *
 * @example
 * ```ts
 * const loop = new KitLoop({ python: "3.12", maxIterations: 1000 });
 * loop.runUntilComplete(main());
 * loop.count; // iterations run
 * ```
 */
export class KitLoop extends asyncio.VirtualEventLoop {
  /** @internal */ readonly maxIterations: number;
  /** Iterations run so far. */
  count = 0;
  /** Set when the program broke another budget (the interpreter's step budget): the loop stops at the end of this iteration. */
  exceeded: string | null = null;
  /**
   * @internal The harness of a program whose entry is `asyncio.run` or a `Runner`: told when
   * a `runUntilComplete` starts (the shutdown begins at the first that runs no program
   * coroutine) and of the tasks made while the loop is not running (the entry's main tasks).
   */
  _entryHarness: Harness | null = null;

  constructor(options: { python: PythonVersion; maxIterations: number; faults?: LoopFaults | undefined }) {
    super({ python: options.python });
    this.maxIterations = options.maxIterations;
    if (options.faults) this._faults = options.faults;
  }

  override runOnce(): void {
    this.count++;
    if (this.count > this.maxIterations) throw new Budget(this.maxIterations);
    super.runOnce();
    if (this.exceeded !== null) throw new Budget(this.maxIterations, this.exceeded);
  }

  override runUntilComplete<T>(future: asyncio.Future<T> | asyncio.Coroutine<T>): T {
    this._entryHarness?._enteringRun(future as asyncio.Future<unknown> | asyncio.Coroutine<unknown>);
    return super.runUntilComplete(future);
  }

  override createTask<T>(coro: asyncio.Coroutine<T>, options: Omit<asyncio.TaskOptions, "loop"> = {}): asyncio.Task<T> {
    const task = super.createTask(coro, options);
    if (this._entryHarness !== null && !this.isRunning()) this._entryHarness._nameEntryTask(task, coro);
    return task;
  }
}

/**
 * True for what `asyncio.run` and `Runner.close` run after the program: the gather of the
 * cancelled tasks, `shutdownAsyncgens()` and `shutdownDefaultExecutor()`.
 */
function isShutdownStep(future: asyncio.Future<unknown> | asyncio.Coroutine<unknown>): boolean {
  const coro = asyncio.isCoroutine(future) ? future : future instanceof asyncio.Task ? future.getCoro() : null;
  return coro === null || asyncio.coroutineName(coro).startsWith("BaseEventLoop.");
}

const ASYNCGEN_CLOSING = "an error occurred during closing of asynchronous generator";

// Messages the loop reports when an object is garbage-collected in CPython; never traced.
const GC_MESSAGES = ["was never retrieved", "Task was destroyed but it is pending"];

/**
 * Options of a {@link Harness}.
 *
 * @example
 * ```ts
 * const trace = new Harness({ python: "3.11", maxIterations: 5_000 });
 * ```
 */
export interface HarnessOptions {
  python: PythonVersion;
  /** Iteration budget (default 20,000, as the Python worker's). */
  maxIterations?: number;
  /** Test-only deliberate faults in the loop, to show the kit catches them. */
  faults?: LoopFaults;
}

/**
 * Records a program's trace; one harness runs one program.
 *
 * @example
 * ```ts
 * const trace = new Harness({ python: "3.12" });
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<unknown> {
 *   const t = trace.track(asyncio.createTask(asyncio.sleep(1, "x"), { name: "t1" }), "t1");
 *   trace.record("awaited", yield* t);
 *   return null;
 * });
 * trace.print(trace.run(main));
 * ```
 */
export class Harness {
  readonly python: PythonVersion;
  private readonly maxIterations: number;
  private readonly faults: LoopFaults | undefined;
  private loopOrNull: KitLoop | null = null;
  readonly events: TraceEvent[] = [];
  private readonly tracked: [string, asyncio.Future<unknown>][] = [];
  private readonly names = new Map<object, string>();
  private finished = false;
  /** Index of the `shutdown` event once the shutdown of an entry program began. */
  private shutdownAt: number | null = null;

  constructor(options: HarnessOptions) {
    this.python = options.python;
    this.maxIterations = options.maxIterations ?? 20_000;
    this.faults = options.faults;
  }

  /** The loop the program runs on (available once `run` started). */
  get loop(): KitLoop {
    if (this.loopOrNull === null) throw new Error("the harness is not running a program");
    return this.loopOrNull;
  }

  // -- naming ---------------------------------------------------------------------------

  /** Gives a task or future its program name, for events and final states. */
  track<F extends asyncio.Future<unknown>>(fut: F, name: string): F {
    this.tracked.push([name, fut]);
    this.names.set(fut, name);
    return fut;
  }

  /** The program name of a task or future (null for none, "?" for one it did not make). */
  name(obj: object | null): string | null {
    if (obj === null) return null;
    return this.names.get(obj) ?? "?";
  }

  /** Program names, sorted as Python's `sorted()` sorts them. */
  sortedNames(objs: Iterable<object>): string[] {
    return [...objs].map((o) => this.name(o) as string).sort();
  }

  /**
   * Names an async generator (Python's harness also keeps it alive until the end of the
   * run, so that only an explicit `aclose()` or the loop's shutdown closes it).
   */
  agen<G extends asyncio.AsyncGen<unknown, never>>(agen: G, name: string): G {
    this.names.set(agen, name);
    return agen;
  }

  /** @internal Names a task an entry made (its main tasks) after its coroutine. */
  _nameEntryTask(task: asyncio.Task<unknown>, coro: asyncio.Coroutine<unknown>): void {
    if (!this.names.has(task)) this.names.set(task, asyncio.coroutineName(coro));
  }

  /** @internal A `runUntilComplete` starts: the first shutdown step opens the shutdown. */
  _enteringRun(future: asyncio.Future<unknown> | asyncio.Coroutine<unknown>): void {
    if (this.shutdownAt === null && isShutdownStep(future)) {
      this.record("shutdown");
      this.shutdownAt = this.events.length;
    }
  }

  /**
   * The events, with those of the shutdown sorted (by task, time, then canonical form): CPython
   * cancels leftover tasks and closes async generators in set order, so only the multiset
   * of each task's shutdown events is compared.
   */
  orderedEvents(): TraceEvent[] {
    if (this.shutdownAt === null) return this.events;
    const key = (e: TraceEvent): [string, number, string] => [e.task ?? "", e.t, stableJson(e)];
    const tail = this.events.slice(this.shutdownAt).map((e) => [key(e), e] as const);
    const order = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
    tail.sort(([a], [b]) => order(a[0], b[0]) || order(a[1], b[1]) || order(a[2], b[2]));
    return [...this.events.slice(0, this.shutdownAt), ...tail.map(([, e]) => e)];
  }

  // -- values ---------------------------------------------------------------------------

  /** An exception as `{ exc: class name, args }`. */
  exc(e: unknown): Json {
    if (e instanceof asyncio.BaseException) return { exc: e.name, args: e.args.map((a) => this.value(a)) };
    if (e instanceof Error) return { exc: e.name, args: e.message ? [e.message] : [] };
    return { exc: "?", args: [asyncio.pyRepr(e)] };
  }

  /** A value in canonical form. */
  value(v: unknown): Json {
    if (v instanceof Error) return this.exc(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v === undefined || v === null) return null;
    if (typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number" && Number.isInteger(v)) return v;
    return asyncio.pyRepr(v);
  }

  /** A future's state without side effects (no cancellation error is consumed). */
  state(fut: asyncio.Future<unknown>): Json {
    if (!fut.done()) return "pending";
    if (fut.cancelled()) return "cancelled";
    const e = fut.exception();
    if (e !== null) return { exception: this.exc(e) };
    return { result: this.value(fut.result()) };
  }

  // -- events ---------------------------------------------------------------------------

  /**
   * Records an event by the acting task (null in a callback). A value given as
   * `undefined` is recorded (as None), unlike no value at all.
   */
  record(what: string, ...value: [] | [unknown]): void {
    if (this.finished) return;
    const task = asyncio.currentTask(this.loop);
    const event: TraceEvent = { t: this.loop.time(), task: this.name(task), what };
    if (value.length > 0) event.value = isPlainObject(value[0]) ? (value[0] as Json) : this.value(value[0]);
    this.events.push(event);
  }

  /** A loop callback that records `callback <label>`. */
  readonly callback = (label: string): void => {
    this.record(`callback ${label}`);
  };

  /** A done-callback that records the future's state. */
  doneCallback(label: string): (fut: asyncio.Future<unknown>) => void {
    return (fut) => this.record(`done_callback ${label} ${this.name(fut)}`, this.state(fut));
  }

  /** A loop callback that completes `fut` unless it is already done. */
  readonly resolve = (fut: asyncio.Future<unknown>, value: unknown): void => {
    if (fut.done()) {
      this.record(`resolve skipped ${this.name(fut)}`);
    } else {
      fut.setResult(value);
      this.record(`resolved ${this.name(fut)}`);
    }
  };

  /** A loop callback that sets an event and records it. */
  readonly setEvent = (event: asyncio.Event, name: string): void => {
    event.set();
    this.record(`set ${name} later`);
  };

  /** Calls `done()`, `cancelled()`, `result()` or `exception()` and records what it gave. */
  probe(fut: asyncio.Future<unknown>, what: "done" | "cancelled" | "result" | "exception"): void {
    const target = `probe ${this.name(fut)}.${what}`;
    let result: unknown;
    try {
      result = fut[what]();
    } catch (e) {
      this.record(target, { raised: this.exc(e) });
      return;
    }
    this.record(target, { value: this.value(result) });
  }

  private onLoopException = (_loop: asyncio.BaseEventLoop, context: asyncio.ExceptionContext): void => {
    let message = context.message ?? "";
    if (GC_MESSAGES.some((m) => message.includes(m))) return;
    // The generator's repr holds its qualified name: name it as the program does.
    if (message.startsWith(ASYNCGEN_CLOSING)) message = `${ASYNCGEN_CLOSING} ${this.name(context.asyncgen as object)}`;
    const exc = context.exception;
    this.record(`loop exception ${message}`, exc === undefined || exc === null ? null : this.exc(exc));
  };

  // -- running --------------------------------------------------------------------------

  /** Runs `main()` on a fresh virtual-time loop and returns the trace. */
  run(main: () => asyncio.Coroutine<unknown>): Trace {
    const loop = new KitLoop({ python: this.python, maxIterations: this.maxIterations, faults: this.faults });
    this.loopOrNull = loop;
    asyncio.setEventLoop(loop);
    loop.setExceptionHandler(this.onLoopException);
    try {
      const mainTask = loop.createTask(main());
      this.names.set(mainTask, "main");
      const outcome = this.outcomeOf(() => loop.runUntilComplete(mainTask));
      this.finished = true;
      const final: FinalState[] = this.tracked.map(([name, fut]) => ({ name, state: this.state(fut) }));
      return { events: this.events, outcome, final, iterations: loop.count };
    } finally {
      this.finished = true;
      asyncio.setEventLoop(null);
      if (!loop.isRunning()) loop.close();
    }
  }

  /**
   * Runs a program whose entry is `asyncio.run` or a `Runner` (`entry` makes that call):
   * the loop they make is a virtual-time loop of this harness (Python's harness does the
   * same with an event loop policy), and the program follows this harness's target.
   * Events of the shutdown are compared as a multiset per task (see `orderedEvents`).
   */
  runEntry(entry: () => unknown): Trace {
    const previousFactory = _getEventLoopFactory() as Parameters<typeof _setEventLoopFactory>[0];
    const previousPython = asyncio.setDefaultPython(this.python);
    _setEventLoopFactory((options) => {
      if (options.clock === "real") throw new Error("a conformance program runs on the virtual clock");
      if (this.loopOrNull !== null) throw new Error("the program made a second event loop");
      const loop = new KitLoop({ python: this.python, maxIterations: this.maxIterations, faults: this.faults });
      loop._entryHarness = this;
      loop.setExceptionHandler(this.onLoopException);
      this.loopOrNull = loop;
      return loop;
    });
    let outcome: Outcome;
    try {
      outcome = this.outcomeOf(entry);
    } finally {
      _setEventLoopFactory(previousFactory);
      asyncio.setDefaultPython(previousPython);
      this.finished = true;
      asyncio.setEventLoop(null);
    }
    const loop = this.loopOrNull as KitLoop | null;
    if (loop !== null && !loop.isClosed() && !loop.isRunning()) loop.close();
    const final: FinalState[] = this.tracked.map(([name, fut]) => ({ name, state: this.state(fut) }));
    return { events: this.orderedEvents(), outcome, final, iterations: loop === null ? 0 : loop.count };
  }

  /** How a run ended: its value, or the error it threw as the kit classifies it. */
  private outcomeOf(call: () => unknown): Outcome {
    try {
      return { kind: "returned", value: this.value(call()) };
    } catch (e) {
      if (e instanceof asyncio.Deadlock) return { kind: "deadlock" };
      if (e instanceof Budget) return { kind: "budget" };
      if (e instanceof asyncio.CancelledError) return { kind: "cancelled" };
      return { kind: "raised", value: this.exc(e) };
    }
  }

  /** Prints a trace as the standalone Python repro prints it (one JSON object per line). */
  print(trace: Trace): void {
    for (const line of traceLines(trace)) console.log(line);
  }
}

function isPlainObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

export { stableJson };
