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

  constructor(options: { python: PythonVersion; maxIterations: number; faults?: LoopFaults | undefined }) {
    super({ python: options.python });
    if (options.faults?.coarseClockResolution) this._clockResolution = 1e-3;
    this.maxIterations = options.maxIterations;
    if (options.faults) this._faults = options.faults;
  }

  override runOnce(): void {
    this.count++;
    if (this.count > this.maxIterations) throw new Budget(this.maxIterations);
    super.runOnce();
    if (this.exceeded !== null) throw new Budget(this.maxIterations, this.exceeded);
  }
}

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
    const message = context.message ?? "";
    if (GC_MESSAGES.some((m) => message.includes(m))) return;
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
      let outcome: Outcome;
      try {
        outcome = { kind: "returned", value: this.value(loop.runUntilComplete(mainTask)) };
      } catch (e) {
        if (e instanceof asyncio.Deadlock) outcome = { kind: "deadlock" };
        else if (e instanceof Budget) outcome = { kind: "budget" };
        else if (e instanceof asyncio.CancelledError) outcome = { kind: "cancelled" };
        else outcome = { kind: "raised", value: this.exc(e) };
      }
      this.finished = true;
      const final: FinalState[] = this.tracked.map(([name, fut]) => ({ name, state: this.state(fut) }));
      return { events: this.events, outcome, final, iterations: loop.count };
    } finally {
      this.finished = true;
      asyncio.setEventLoop(null);
      if (!loop.isRunning()) loop.close();
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
