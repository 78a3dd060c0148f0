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
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { ExceptionState, type Clause } from "./exception_state.ts";
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
  /**
   * Emulate Python's implicit exception context (see exception_state.ts): for programs
   * whose trace records exceptions in detail ({@link Harness.detail}).
   */
  contexts?: boolean;
}

/** How deep {@link Harness.detail} follows causes, contexts and group members. */
const DETAIL_DEPTH = 4;

/**
 * An `except*` clause of {@link Harness.tryStar}: the classes, and the handler (which
 * receives the matching part of the group).
 *
 * @example
 * ```ts
 * const clause: StarClause = [asyncio.ValueError, function* (eg) { trace.record("except* ValueError", trace.detail(eg)); }];
 * ```
 */
export type StarClause = readonly [asyncio.ExceptionClass | readonly asyncio.ExceptionClass[], (eg: asyncio.BaseExceptionGroup) => asyncio.Coroutine<unknown>];

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
  /** Python's handled exceptions, when the program's trace records contexts. */
  private readonly exceptionState: ExceptionState | null;

  constructor(options: HarnessOptions) {
    this.python = options.python;
    this.maxIterations = options.maxIterations ?? 20_000;
    this.faults = options.faults;
    this.exceptionState = options.contexts === true ? new ExceptionState(pythonMinor(options.python)) : null;
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

  /**
   * An exception in detail: class, Python's MRO under the target (without `object`), the
   * arguments (for a group its message and members, each in detail), and the cause and
   * context, in detail, down to a depth of four ("..." below).
   */
  detail(e: unknown, depth = 0): Json {
    if (e === null || e === undefined) return null;
    if (depth > DETAIL_DEPTH) return "...";
    const out: { [key: string]: Json } = { exc: (e as Error).name ?? "?", mro: asyncio.pyMro(e, this.python) };
    if (e instanceof asyncio.BaseExceptionGroup) {
      out.message = e.message;
      out.exceptions = e.exceptions.map((x) => this.detail(x, depth + 1));
    } else {
      out.args = e instanceof asyncio.BaseException ? e.args.map((a) => this.value(a)) : (this.exc(e) as { args: Json[] }).args;
    }
    const cause = (e as Error).cause;
    out.cause = cause === undefined ? null : this.detail(cause, depth + 1);
    out.context = e instanceof asyncio.BaseException ? this.detail(e.contextException, depth + 1) : null;
    return out;
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
    this.exceptionState?.regained();
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
    this.exceptionState?.regained();
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

  // -- exception contexts (programs whose trace records exceptions in detail) ------------

  private get contexts(): ExceptionState {
    if (this.exceptionState === null) throw new Error("this harness was made without { contexts: true }");
    return this.exceptionState;
  }

  /** Runs `body()` as a coroutine frame of the program (see exception_state.ts). */
  frame<R>(body: () => asyncio.Coroutine<R>): asyncio.Coroutine<R> {
    return this.contexts.frame(body);
  }

  /** `raise exc`: chained to the exception being handled here, as Python does. */
  raised<E>(exc: E): E {
    return this.contexts.raised(exc);
  }

  /** What a bare `raise` raises: the exception being handled (or Python's RuntimeError when there is none). */
  reraise(): unknown {
    return this.contexts.reraising();
  }

  /** `try`/`except`/`finally` with Python's handled exceptions (a defined value from a block is a `return`). */
  tryExcept<R>(
    body: () => asyncio.Coroutine<R | undefined>,
    clauses: readonly Clause<R>[],
    final?: () => asyncio.Coroutine<R | undefined>,
  ): asyncio.Coroutine<R | undefined> {
    return this.contexts.tryExcept(body, clauses, final);
  }

  /** `try`/`except*`/`finally` (3.11+), through `asyncio.exceptStar`, with Python's handled exceptions. */
  tryStar<R>(
    body: () => asyncio.Coroutine<R | undefined>,
    clauses: readonly StarClause[],
    final?: () => asyncio.Coroutine<R | undefined>,
  ): asyncio.Coroutine<R | undefined> {
    const state = this.contexts;
    const star = function* (e: unknown): asyncio.Coroutine<R | undefined> {
      yield* asyncio.exceptStar(
        e,
        // An except* block cannot `return`: what its body gives back is dropped.
        ...clauses.map(([classes, handler]): asyncio.ExceptStarClause => [
          classes,
          function* (eg) {
            yield* state.handling(eg, () => handler(eg));
          },
        ]),
      );
      return undefined;
    };
    return state.tryExcept(body, [[() => true, star]], final);
  }

  /** `async with manager as value: body`, the body's exception handled while `aexit` runs. */
  *asyncWith<T, R>(manager: asyncio.AsyncContextManager<T, boolean>, body: (value: T) => asyncio.Coroutine<R>): asyncio.Coroutine<R | undefined> {
    const state = this.contexts;
    const value = yield* manager.aenter();
    let result: R;
    try {
      result = yield* body(value);
    } catch (exception) {
      state.emerge(exception);
      if (yield* state.handling(exception, () => manager.aexit({ exception }))) return undefined;
      throw exception;
    }
    yield* manager.aexit(null);
    return result;
  }

  // -- running --------------------------------------------------------------------------

  /** Runs `main()` on a fresh virtual-time loop and returns the trace. */
  run(main: () => asyncio.Coroutine<unknown>): Trace {
    const loop = new KitLoop({ python: this.python, maxIterations: this.maxIterations, faults: this.faults });
    this.loopOrNull = loop;
    asyncio.setEventLoop(loop);
    loop.setExceptionHandler(this.onLoopException);
    this.exceptionState?.install();
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
      this.exceptionState?.uninstall();
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
