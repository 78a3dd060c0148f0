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
import { installLoopFaults, type LoopFaults } from "./faults.ts";
import { _namePlainGenerator } from "../asyncio/coroutines.ts";
import { _getEventLoopFactory, _resetEventLoopPolicy, _setEventLoopFactory } from "../asyncio/events.ts";
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { ExceptionState, type Clause } from "./exception_state.ts";
import {
  conditionCancelledTwice,
  groupScene,
  queueShutdownEdge,
  semaphoreBurst,
  wakeThenCancel,
  wokenRepr,
  type GroupSceneKind,
  type WakeKind,
  type WokenKind,
} from "./harness_groups.ts";
import { agenCloseAwaitable, agenSteps, agenThrowThenSend, drainPriority, makeCatchingAgen, makeItemsAgen, makeStubbornAgen, sendByHand, twice, type AgenStep, type CloseAwaitableThen } from "./harness_agens.ts";
import * as textScenes from "./harness_text.ts";
import * as primsScenes from "./harness_prims.ts";
import * as miscScenes from "./harness_misc.ts";
import * as taskScenes from "./harness_tasks.ts";
import * as runtimeScenes from "./harness_runtime.ts";
import * as futureScenes from "./harness_futures.ts";
import { barrierStates, cancelledTimers, cancelledWaiters, conditionNotify, coroRepr, debugCall, fromCallback, futureBlockedTwice, groupEagerFailure, groupOrphan, groupTaskNumbers, handleArgs, handlerScene, pendingCallbacks, queueReprs, readyReprs, secondWaiterCancelled, selfCancel, throwIntoAcquire, timeoutReschedule, timeoutStates, timerReprs, withOtherLoop } from "./harness_loop.ts";
import { agenAwaiting, agenCloseByHand, agenFunction, agenHooks, agenReprs, agenRunning, agenSelf, agenThrowByHand, coroutineFunction, plainFunction, type AwaitingThen, type RunningOp } from "./harness_protocols.ts";
import { lockArgument, pythonNone } from "./python_none.ts";
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
    if (options.faults) installLoopFaults(this, options.faults);
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

const isGcMessage = (message: unknown): boolean =>
  typeof message === "string" && GC_MESSAGES.some((m) => message.includes(m));

/**
 * A repr or message as it enters a trace, by the same rules as the Python harness's
 * `normalise`: no object addresses (` at 0x7f...`), no source locations (`running at
 * <program 3>:12`, `defined at`, `created at`, a callback's ` at file.py:12`), no
 * traceback frames (`  File "...", line N, in f` and the source lines under them;
 * `[<FrameSummary ...>]` lists become `[]`), and `'Task-N'` for the numbers of unnamed
 * tasks (the counter is global to the process). Our own reprs have none of these but task
 * numbers; the rules apply anyway, identically. (Reprs that reprlib cuts to 30 characters
 * are cut after addresses and locations are taken out: the Python harness makes CPython's
 * reprlib do that, and our loop prints neither.)
 *
 * @example
 * ```ts
 * normaliseText("<Task pending name='Task-7' coro=<main() running at <program 1>:3>>");
 * // "<Task pending name='Task-N' coro=<main() running>>"
 * ```
 */
export function normaliseText(text: string): string {
  const flat = text
    .replace(/ at 0x[0-9a-fA-F]+/g, "")
    .replace(/ at (?:<[^<>\n]*>|[^<>\n]*?\.py):\d+/g, "")
    .replace(/\[<FrameSummary [^\n]*?>\]/g, "[]")
    .replace(/'Task-\d+'/g, "'Task-N'");
  const kept: string[] = [];
  let inFrame = false;
  for (const line of flat.split("\n")) {
    if (line.startsWith("  File ")) inFrame = true;
    else if (!(inFrame && line.startsWith("    "))) {
      inFrame = false;
      kept.push(line);
    }
  }
  return kept.join("\n");
}

/**
 * What a program-defined exception handler does after recording its context: nothing
 * (`record`), pass it to the default handler (`chain`), or raise (`raise`).
 *
 * @example
 * ```ts
 * loop.setExceptionHandler(trace.exceptionHandler("chain"));
 * ```
 */
export type HandlerMode = "record" | "chain" | "raise";

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

/** The body of {@link Harness.cancelsItself}'s task. */
const cancelsItselfBody = asyncio.asyncDef(function* cancels_itself_body(loop: asyncio.BaseEventLoop, wait: boolean): asyncio.Coroutine<string> {
  asyncio.currentTask()?.cancel();
  if (wait) yield* loop.createFuture();
  return "went on";
});

/** What {@link Harness.awaitsItself} runs. */
const awaitsItselfBody = asyncio.asyncDef(function* awaits_itself_body(harness: Harness): asyncio.Coroutine<Json> {
  try {
    yield* asyncio.currentTask() as asyncio.Task<unknown>;
  } catch (e) {
    if (e instanceof asyncio.RuntimeError) return harness.excText(e);
    throw e;
  }
  return "awaited";
});

/** A task group child that fails at once (see {@link Harness.groupShuttingDown}). */
const childFails = asyncio.asyncDef(function* child_fails(): asyncio.Coroutine<never> {
  throw new asyncio.ValueError("child failed");
});

/** What {@link Harness.leftover} runs. */
/** What {@link Harness.inNewLoop} runs: whether `getEventLoop()` gives the running loop. */
const getsRunningLoop = asyncio.asyncDef(function* gets_running_loop(): asyncio.Coroutine<boolean> {
  return asyncio.getEventLoop() === asyncio.getRunningLoop();
});

/**
 * Python's TypeError for a keyword argument the target lacks, where our library throws
 * `FeatureUnavailableError` for `name(keyword=...)` (e.g. `asyncio.run(loop_factory=...)`
 * before 3.12); anything else as it is.
 */
function pythonKeywordError(e: unknown): unknown {
  if (!(e instanceof asyncio.FeatureUnavailableError)) return e;
  const match = /^(?:\w+\.)*(\w+)\((\w+)=\.\.\.\) needs Python /.exec(e.message);
  if (match === null) return e;
  return new asyncio.TypeError(`${match[1]}() got an unexpected keyword argument '${match[2]}'`);
}

const failsWhenCancelled = asyncio.asyncDef(function* fails_when_cancelled(): asyncio.Coroutine<void> {
  try {
    yield* asyncio.sleep(3600);
  } catch (e) {
    if (e instanceof asyncio.CancelledError) throw new asyncio.ValueError("leftover cancelled");
    throw e;
  }
});

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
  private readonly doneCallbacks = new Map<string, (fut: asyncio.Future<unknown>) => void>();
  private finished = false;
  /** Python's handled exceptions, when the program's trace records contexts. */
  private readonly exceptionState: ExceptionState | null;
  /** Index of the `shutdown` event once the shutdown of an entry program began. */
  private shutdownAt: number | null = null;
  /** Index of the first event after an entry returned or raised (its epilogue). */
  private epilogueAt: number | null = null;
  /** While an outside call runs: the loops it makes are not the entry's. */
  private makingOutside = false;
  /** The loops outside calls made (closed at the end). */
  private readonly outsideLoops: KitLoop[] = [];
  /** While an `again` run starts: the next loop made is traced, replacing the entry's. */
  private makingAgain = false;
  /** Index of the `shutdown` event of the running `again` run, once its shutdown began. */
  private againShutdownAt: number | null = null;
  /** The spans of the `again` runs' shutdowns (sorted like the entry's). */
  private readonly againSpans: [number, number][] = [];
  /** The program made objects outside the loop (`shared`): exception messages are normalised. */
  private normaliseMessages = false;

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
    if (this.epilogueAt !== null) {
      // An `again` run's shutdown.
      if (this.againShutdownAt === null && isShutdownStep(future)) {
        this.record("shutdown");
        this.againShutdownAt = this.events.length;
      }
      return;
    }
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
    const spans = [...this.againSpans];
    // The epilogue (outside calls after the entry) keeps its order.
    if (this.shutdownAt !== null) spans.unshift([this.shutdownAt, this.epilogueAt === null ? this.events.length : Math.max(this.epilogueAt, this.shutdownAt)]);
    if (spans.length === 0) return this.events;
    const key = (e: TraceEvent): [string, number, string] => [e.task ?? "", e.t, stableJson(e)];
    const order = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
    const events = [...this.events];
    for (const [start, end] of spans) {
      const span = events.slice(start, end).map((e) => [key(e), e] as const);
      span.sort(([a], [b]) => order(a[0], b[0]) || order(a[1], b[1]) || order(a[2], b[2]));
      events.splice(start, end - start, ...span.map(([, e]) => e));
    }
    return events;
  }

  // -- values ---------------------------------------------------------------------------

  /** An exception as `{ exc: class name, args }`. */
  exc(e: unknown): Json {
    const text = (a: unknown): Json => (this.normaliseMessages && typeof a === "string" ? normaliseText(a) : this.value(a));
    if (e instanceof asyncio.BaseException) return { exc: e.name, args: e.args.map(text) };
    if (e instanceof Error) return { exc: e.name, args: e.message ? [text(e.message)] : [] };
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

  /**
   * Python's `str(e)` of a caught exception, normalised as reprs are (no addresses, no
   * source locations): `''` without arguments, the argument for one, the tuple's repr for
   * several, `msg (n sub-exceptions)` for a group.
   */
  text(e: unknown): string {
    return normaliseText(asyncio.pyStr(e));
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

  // Callbacks carry the qualified names the Python harness's methods have, for reprs.

  // -- outside the running loop (an entry's prologue and epilogue; ops/outside_cases.ts) -

  /** Records an event outside the running loop: no task, the entry loop's time (0 before it exists). */
  private recordOutside(what: string, value: Json): void {
    if (this.finished) return;
    this.events.push({ t: this.loopOrNull === null ? 0 : this.loopOrNull.time(), task: null, what, value });
  }

  /**
   * An outside call: calls `make()` with no loop running and records `outside <what>` with
   * what it gave or raised (an `Exception`), and the warnings it gave (as Python's
   * `catch_warnings(record=True)` sees them), when any.
   */
  outside(what: string, make: () => unknown): void {
    const caught = asyncio.warnings.catchWarnings({ record: true });
    const shown = caught.enter() ?? [];
    asyncio.warnings.simplefilter("always");
    this.makingOutside = true;
    let event: { [key: string]: Json };
    try {
      event = { at: "call", value: this.value(make()) };
    } catch (e) {
      if (!asyncio.isException(e, this.python)) throw e;
      event = { at: "call", raised: this.excText(e) };
    } finally {
      this.makingOutside = false;
      caught.exit();
    }
    const warned = shown
      .map((w) => [w.category.name, asyncio.pyStr(w.message)] as const)
      .filter(([category, text]) => category !== "ResourceWarning" && !text.includes("was never awaited"))
      .map(([category, text]): Json => [category, normaliseText(text)]);
    if (warned.length > 0) event.warnings = warned;
    this.recordOutside(`outside ${what}`, event);
  }

  /** The entry returned or raised: the events from here on keep their order. */
  epilogue(): void {
    if (this.epilogueAt === null) this.epilogueAt = this.events.length;
  }

  /**
   * A module-level object of the entry (ops/shared_objects.ts): made with no loop running
   * (a loop its construction asks the policy for is an outside one), recorded as
   * `shared <what>` with its repr or what its construction raised (then the name is bound
   * to a stand-in for Python's None, see ../python_none.ts). From here on exception
   * messages are recorded normalised (they quote reprs with addresses).
   */
  shared<T>(what: string, make: () => T): T {
    this.normaliseMessages = true;
    this.makingOutside = true;
    let made = pythonNone(this.python) as T;
    let event: { [key: string]: Json };
    try {
      made = make();
      event = { at: "call", value: normaliseText(asyncio.pyRepr(made)) };
    } catch (e) {
      if (!asyncio.isException(e, this.python)) throw e;
      event = { at: "call", raised: this.excText(e) };
    } finally {
      this.makingOutside = false;
    }
    this.recordOutside(`shared ${what}`, event);
    return made as T;
  }

  /**
   * A named coroutine run again after the entry (`run` is its `asyncio.run`): on a new
   * traced loop, which from then on times the events; recorded as `again <what>` with
   * its value or the exception it raised. Its shutdown's events are sorted as the entry's.
   */
  again(what: string, run: () => unknown): void {
    this.makingAgain = true;
    this.againShutdownAt = null;
    let event: { [key: string]: Json };
    try {
      event = { at: "call", value: this.value(run()) };
    } catch (e) {
      if (e instanceof asyncio.Deadlock || e instanceof Budget || !asyncio.isException(e, this.python)) throw e;
      event = { at: "call", raised: this.excText(e) };
    } finally {
      this.makingAgain = false;
      if (this.againShutdownAt !== null) this.againSpans.push([this.againShutdownAt, this.events.length]);
      this.againShutdownAt = null;
    }
    this.recordOutside(`again ${what}`, event);
  }

  /**
   * `asyncio.run(coro, loop_factory=asyncio.new_event_loop)`, the coroutine closed when the
   * call refuses it; before 3.12 Python's TypeError for the unknown keyword.
   */
  runWithFactory(): unknown {
    const coro = this.returns(1);
    try {
      return asyncio.run(coro, { loopFactory: () => asyncio.newEventLoop() });
    } catch (e) {
      throw pythonKeywordError(e);
    } finally {
      coro.return(undefined);
    }
  }

  /** `with asyncio.Runner() as runner: return use(runner)` (`factory`: `loop_factory=asyncio.new_event_loop`). */
  withRunner<R>(use: (runner: asyncio.Runner) => R, factory: boolean): R {
    const runner = new asyncio.Runner(factory ? { loopFactory: () => asyncio.newEventLoop() } : {});
    runner.getLoop(); // entering the `with` block makes the loop (Runner.__enter__)
    try {
      return use(runner);
    } finally {
      runner.close();
    }
  }

  /** Runs `gets_running_loop()` on a new loop nobody set as current, then closes it. */
  inNewLoop(): boolean {
    const loop = asyncio.newEventLoop();
    try {
      return loop.runUntilComplete(getsRunningLoop());
    } finally {
      loop.close();
    }
  }

  /** A loop callback that records `callback <label>`. */
  readonly callback = asyncio.qualname((label: string): void => {
    this.record(`callback ${label}`);
  }, "Harness.callback");

  /**
   * The done-callback of `label`, which records the future's state (one function per
   * label: `remove_done_callback` removes what `add_done_callback` added under it).
   */
  doneCallback(label: string): (fut: asyncio.Future<unknown>) => void {
    let made = this.doneCallbacks.get(label);
    if (made === undefined) {
      made = asyncio.qualname(
        (fut: asyncio.Future<unknown>) => this.record(`done_callback ${label} ${this.name(fut)}`, this.state(fut)),
        "Harness.done_callback.<locals>.on_done",
      );
      this.doneCallbacks.set(label, made);
    }
    return made;
  }

  /** A loop callback that completes `fut` unless it is already done. */
  readonly resolve = asyncio.qualname((fut: asyncio.Future<unknown>, value: unknown): void => {
    if (fut.done()) {
      this.record(`resolve skipped ${this.name(fut)}`);
    } else {
      fut.setResult(value);
      this.record(`resolved ${this.name(fut)}`);
    }
  }, "Harness.resolve");

  /** A loop callback that sets an event and records it. */
  readonly setEvent = asyncio.qualname((event: asyncio.Event, name: string): void => {
    event.set();
    this.record(`set ${name} later`);
  }, "Harness.set_event");

  /** A loop callback that records `callback <label>`, then throws `exc`. */
  readonly raising = asyncio.qualname((label: string, exc: unknown): void => {
    this.record(`callback ${label}`);
    throw exc;
  }, "Harness.raising");

  /** A done-callback that records the future's state, then throws `exc`. */
  raisingDoneCallback(label: string, exc: unknown): (fut: asyncio.Future<unknown>) => void {
    return asyncio.qualname((fut: asyncio.Future<unknown>) => {
      this.record(`done_callback ${label} ${this.name(fut)}`, this.state(fut));
      throw exc;
    }, "Harness.raising_done_callback.<locals>.on_done");
  }

  /** Python's `repr(obj)`, normalised ({@link normaliseText}). */
  repr(obj: unknown): string {
    return normaliseText(asyncio.pyRepr(obj));
  }

  /**
   * An exception handler's context: message, exception, its keys, and the reprs of the
   * other entries (traceback entries as `<traceback>`).
   */
  context(context: asyncio.ExceptionContext): Json {
    const keys = Object.keys(context).sort();
    const reprs: Json[] = [];
    for (const key of keys) {
      if (key === "message" || key === "exception") continue;
      const tb = key === "source_traceback" || key === "handle_traceback";
      reprs.push([key, tb ? "<traceback>" : normaliseText(asyncio.pyRepr(context[key]))]);
    }
    const exc = context.exception;
    return {
      message: context.message === undefined ? null : normaliseText(context.message),
      exception: exc === undefined || exc === null ? null : this.exc(exc),
      keys,
      reprs,
    };
  }

  /**
   * A program-defined exception handler: records `handler called` with the context it
   * receives; then `chain` passes the context to the default handler, `raise` throws
   * `exc`. Contexts about garbage collection are not recorded.
   */
  exceptionHandler(mode: HandlerMode, exc?: unknown): asyncio.ExceptionHandler {
    return (loop, context) => {
      if (isGcMessage(context.message)) return;
      this.record("handler called", this.context(context));
      if (mode === "chain") loop.defaultExceptionHandler(context);
      else if (mode === "raise") throw exc;
    };
  }

  /** Records what the `asyncio` logger reports (WARNING and above), as the Python harness does. */
  private onLog = (record: asyncio.LogRecord): void => {
    if (record.levelno < asyncio.LOG_LEVELS.WARNING) return;
    const message = record.getMessage();
    if (isGcMessage(message)) return;
    const exc = record.exception;
    this.record(`log ${record.levelname}`, { message: normaliseText(message), exception: exc === null ? null : this.exc(exc) });
  };

  /** Records a shown warning, except those garbage collection emits in CPython. */
  private onWarning = (w: asyncio.warnings.WarningMessage): void => {
    const text = asyncio.pyStr(w.message);
    if (w.message instanceof asyncio.ResourceWarning || text.includes("was never awaited")) return;
    this.record(`warning ${w.category.name}`, normaliseText(text));
  };

  /** Calls `done()`, `cancelled()`, `result()` or `exception()` and records what it gave. */
  probe(fut: asyncio.Future<unknown>, what: "done" | "cancelled" | "result" | "exception" | "cancelling" | "uncancel"): void {
    this.exceptionState?.regained();
    const target = `probe ${this.name(fut)}.${what}`;
    let result: unknown;
    try {
      result = what === "cancelling" || what === "uncancel" ? (fut as asyncio.Task<unknown>)[what]() : fut[what]();
    } catch (e) {
      this.record(target, { raised: this.exc(e) });
      return;
    }
    this.record(target, { value: this.value(result) });
  }

  // -- introspection, task factories, argument checks (ops/introspect.ts, task_factory.ts, validate.ts)

  /**
   * Records `introspect <what>` (`introspect get_coro <name>`) with what `all_tasks()`
   * (sorted program names, `?` for tasks the program did not name), `current_task()` or
   * `task.get_coro()` (its coroutine's name, or None) gives; also a loop callback.
   */
  readonly introspect = (what: IntrospectWhat, task?: asyncio.Task<unknown>): void => {
    if (what === "get_coro") {
      const coro = (task as asyncio.Task<unknown>).getCoro();
      this.record(`introspect get_coro ${this.name(task ?? null)}`, coro === null ? null : this.coroName(coro));
    } else if (what === "all_tasks") {
      this.record("introspect all_tasks", this.sortedNames(asyncio.allTasks(this.loop)));
    } else {
      this.record("introspect current_task", this.name(asyncio.currentTask(this.loop)));
    }
  };

  /** A task factory that records `task_factory <coroutine>` with the keywords it got (set ones, sorted). */
  readonly recordingFactory: asyncio.TaskFactory = (loop, coro, options) => {
    this.record(`task_factory ${this.coroName(coro)}`, pythonKeywords(options));
    return new asyncio.Task(coro, { ...options, loop });
  };

  /** A task constructor for `createEagerTaskFactory` that records `task_constructor <coroutine>` with its keywords. */
  readonly recordingTask = <T>(coro: asyncio.Coroutine<T>, options: asyncio.TaskOptions): asyncio.Task<T> => {
    this.record(`task_constructor ${this.coroName(coro)}`, pythonKeywords(options));
    return new asyncio.Task(coro, options);
  };

  /**
   * Calls `make()` and follows what it returns (awaits it, takes its first item, or keeps
   * the returned value), recording `what` with where it ended (`call`, `iterate`, `await`)
   * and what it raised (an `Exception`, as `except Exception` catches) or gave.
   */
  *attempt(what: string, make: () => unknown, follow: AttemptFollow): asyncio.Coroutine<void> {
    let obj: unknown;
    try {
      obj = make();
    } catch (e) {
      this.caught(e, what, "call");
      return;
    }
    if (follow === "call" || follow === "construct") {
      this.record(what, { at: "call", value: follow === "call" ? this.value(obj) : null });
      return;
    }
    let at: "iterate" | "await" = follow === "iterate" ? "iterate" : "await";
    let result: unknown;
    try {
      let awaitable = obj;
      if (follow === "iterate") {
        const first = (obj as Iterable<unknown>)[Symbol.iterator]().next();
        if (first.done) {
          this.record(what, { at, empty: true });
          return;
        }
        at = "await";
        awaitable = first.value;
      }
      result = yield* awaitable as asyncio.Awaitable<unknown>;
    } catch (e) {
      this.caught(e, what, at);
      return;
    }
    if (follow === "wait") {
      const [done, pending] = result as [Set<unknown>, Set<unknown>];
      result = [done.size, pending.size];
    }
    this.record(what, { at, value: this.value(result) });
  }

  private caught(e: unknown, what: string, at: string): void {
    if (!asyncio.isException(e, this.python)) throw e;
    // Messages may quote a repr (a debug-mode future's `created at ...`): normalised as reprs are.
    this.record(what, { at, raised: this.excText(e) });
  }

  /**
   * What calling the coroutine function `qualname`, whose parameters are `params` (all
   * positional, none with a default), with `given` positional arguments does in Python
   * when the count is wrong: it raises TypeError at the call, before any coroutine object
   * exists (CPython's message, the same on every release for a module-level function).
   * The emitted TypeScript calls this where the emitted Python calls such a function with
   * too few (or too many) arguments.
   */
  wrongArguments(qualname: string, params: readonly string[], given: number): never {
    const error = new asyncio.TypeError(argumentCountMessage(qualname, params, given));
    throw this.exceptionState === null ? error : this.raised(error);
  }

  /** A future already done with `value`. */
  done(value: unknown): asyncio.Future<unknown> {
    const fut = this.loop.createFuture();
    fut.setResult(value);
    return fut;
  }

  /** A task that sleeps one second and returns `"slow"`. */
  slow(): asyncio.Future<unknown> {
    return asyncio.ensureFuture(asyncio.sleep(1, "slow"));
  }

  /** A coroutine returning `value`. */
  readonly returns = asyncio.asyncDef(function* returns(value: unknown): asyncio.Coroutine<unknown> {
    return value;
  });

  /** A plain generator (not a coroutine function) over `items`. */
  *plain(...items: unknown[]): Generator<unknown, void, unknown> {
    yield* items;
  }

  /** Runs `async with cm: await sleep(1)` and gives `cm.expired()`. */
  readonly timed = asyncio.asyncDef(function* timed(cm: asyncio.Timeout): asyncio.Coroutine<boolean> {
    yield* asyncio.asyncWith(cm, function* () {
      yield* asyncio.sleep(1);
    });
    return cm.expired();
  });

  /** A `Condition.wait_for` predicate that is false until its `n`th call, then gives `n`. */
  countdown(n: number): () => number | false {
    let calls = 0;
    return () => ++calls >= n && calls;
  }

  // -- async generator scenes of the validate cases (./harness_agens.ts) ---------------

  /** An async generator over `items`, recording `agen sent` for each value sent in other than None. */
  itemsAgen(...items: unknown[]): asyncio.AsyncGen<unknown> {
    return makeItemsAgen(this, items);
  }

  /** An async generator yielding 1 that catches a `ValueError` thrown in there, then yields, returns or raises. */
  catchingAgen(handler: "yield" | "return" | "raise"): asyncio.AsyncGen<unknown> {
    return makeCatchingAgen(this, handler);
  }

  /** An async generator that yields 1, and 2 in its `finally`. */
  stubbornAgen(): asyncio.AsyncGen<unknown> {
    return makeStubbornAgen();
  }

  /** Awaits one method of `agen` per op and records each outcome (see `agenSteps`). */
  agenSteps(agen: asyncio.AsyncGen<unknown>, ...ops: AgenStep[]): asyncio.Coroutine<void> {
    return agenSteps(this, agen, ops);
  }

  /** Awaits `aw` twice, recording the first outcome. */
  twice(aw: asyncio.Awaitable<unknown>): asyncio.Coroutine<unknown> {
    return twice(this, aw);
  }

  /** One `send()` into an awaitable driven by hand. */
  sendByHand(it: asyncio.Awaitable<unknown>, value: unknown): Json {
    return sendByHand(this, it, value);
  }

  /** An awaitable whose iterator yields 1 (kind "int") or yields bare (kind "bare": `null`), then gives "after". */
  badAwaitable(kind: "int" | "bare"): asyncio.CustomAwaitable<string> {
    const awaitable = {
      *[Symbol.iterator](): asyncio.Coroutine<string> {
        yield (kind === "int" ? 1 : null) as never;
        return "after";
      },
      toString: () => "<asyncio_ts_harness._BadAwaitable object>",
    };
    return awaitable;
  }

  /**
   * Takes a Lock (kind "lock") or a Semaphore(1), starts a second `acquire()` by hand so
   * that it waits, closes that coroutine, and gives the primitive's repr (normalised) and,
   * after a release and a third `acquire()`, whether it is locked.
   */
  *abandonedAcquire(kind: "lock" | "semaphore"): asyncio.Coroutine<Json> {
    const prim = kind === "lock" ? new asyncio.Lock() : new asyncio.Semaphore(1);
    yield* prim.acquire();
    const waiting = prim.acquire();
    waiting.next();
    waiting.return(true);
    const text = this.repr(prim);
    prim.release();
    yield* prim.acquire();
    return [text, prim.locked()];
  }

  /** A task group scene (3.11+): what the task gave or raised, and its `cancelling()` count (see ./harness_groups.ts). */
  groupScene(kind: GroupSceneKind): asyncio.Coroutine<Json> {
    return groupScene(kind);
  }

  /** Two waiters on a Lock, Semaphore or Queue; the first woken and cancelled in one step (see ./harness_groups.ts). */
  wakeThenCancel(kind: WakeKind): asyncio.Coroutine<Json> {
    return wakeThenCancel(kind, (v) => this.value(v));
  }

  /** A Condition waiter notified and cancelled, then cancelled again while it retakes the lock. */
  conditionCancelledTwice(): asyncio.Coroutine<Json> {
    return conditionCancelledTwice();
  }

  /**
   * Inside `catchWarnings()`: sets filters as the scene says and gives the ones it set,
   * as `[action, message pattern, category, module pattern]`: "append", two filters
   * appended twice (the last two of the list); "front", a message/module filter and a
   * category filter inserted, the latter twice (the first two); "reset",
   * `resetwarnings()` and one filter (the whole list). The filters a run starts with
   * depend on where it runs (a reference worker ignores every warning of its own), so no
   * scene shows them.
   */
  warningFilters(scene: "append" | "front" | "reset"): Json {
    const w = asyncio.warnings;
    const scope = w.catchWarnings();
    scope.enter();
    try {
      let shown: asyncio.warnings.WarningFilter[];
      if (scene === "append") {
        for (let i = 0; i < 2; i++) {
          w.simplefilter("ignore", w.UserWarning, true);
          w.filterwarnings("error", { message: "x", category: w.RuntimeWarning, module: "m", append: true });
        }
        shown = w.filters().slice(-2);
      } else if (scene === "front") {
        w.filterwarnings("always", { message: "loop", category: w.DeprecationWarning, module: "asyncio" });
        w.simplefilter("error", w.RuntimeWarning);
        w.simplefilter("error", w.RuntimeWarning);
        shown = w.filters().slice(0, 2);
      } else {
        w.resetwarnings();
        w.simplefilter("default");
        shown = w.filters();
      }
      // Our patterns are anchored as `^(?:pattern)`; Python keeps the text it was given.
      const pattern = (p: RegExp | string | null): Json => (p === null || typeof p === "string" ? p : p.source.replace(/^\^\(\?:([\s\S]*)\)$/, "$1"));
      return shown.map((f) => [f.action, pattern(f.message), f.category.name, pattern(f.module)]);
    } finally {
      scope.exit();
    }
  }

  /** `async for` over `iterable`: the items it gave. */
  *asyncForOver(iterable: unknown): asyncio.Coroutine<Json> {
    const items: unknown[] = [];
    yield* asyncio.asyncFor(iterable as asyncio.PyAsyncIterable<unknown>, function* (item) {
      items.push(item);
    });
    return items.map((item) => this.value(item));
  }

  /** An object whose `aiter()` (Python's `__aiter__`) returns `value`. */
  aiterGives(value: unknown): object {
    return { aiter: () => value, toString: () => "<asyncio_ts_harness._AiterGives object>" };
  }

  /**
   * Steps a pending future's iterator (Python's `__await__()`) twice by hand: `[whether
   * the first step gave the future itself, the class and text of what the second raised]`.
   */
  futureIterByHand(): Json {
    const fut = this.loop.createFuture();
    const it = fut[Symbol.iterator]();
    const first = it.next().value;
    try {
      it.next();
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      return [first === fut, e.name, this.text(e)];
    }
    return [first === fut, null, null];
  }

  /** A waiter's repr right after the call that wakes it (see ./harness_groups.ts). */
  wokenRepr(kind: WokenKind): asyncio.Coroutine<Json> {
    return wokenRepr(kind, (x) => this.repr(x));
  }

  /** Four semaphore permits freed at once while two tasks wait, then two newcomers. */
  semaphoreBurst(): asyncio.Coroutine<Json> {
    return semaphoreBurst();
  }

  /** 3.13+: a Queue shut down with its task count ahead of or behind its gets. */
  queueShutdownEdge(which: "task_done first" | "gotten, not done"): asyncio.Coroutine<Json> {
    return queueShutdownEdge(which);
  }

  /** Puts `items` into a PriorityQueue and takes them all out again. */
  drainPriority(...items: unknown[]): unknown[] {
    return drainPriority(items);
  }

  // -- scenes of the agens cases (./ops/validate_cases_agens.ts; twins in asyncio_ts_harness.py) --

  /** A fresh or already awaited awaitable of a generator that catches GeneratorExit, closed by hand (see harness_agens.ts). */
  agenCloseAwaitable(then: CloseAwaitableThen): asyncio.Coroutine<Json> {
    return agenCloseAwaitable(this, then);
  }

  /** An athrow(ValueError) awaitable driven by hand: send, throw(KeyError), send (see harness_agens.ts). */
  agenThrowThenSend(then: "yield" | "raise"): asyncio.Coroutine<Json> {
    return agenThrowThenSend(this, then);
  }

  // -- end of the scenes of the agens cases --

  // -- scenes of the protocols cases (./ops/validate_cases_protocols.ts; twins in asyncio_ts_harness.py) --

  /** A generator whose first step is pending in a task: `ag_running` around it, and `op` meanwhile (see harness_protocols.ts). */
  agenRunning(op: RunningOp): asyncio.Coroutine<Json> {
    return agenRunning(this, op);
  }

  /** A generator whose handler awaits, then does `then`, closed or thrown into (see harness_protocols.ts). */
  agenAwaiting(then: AwaitingThen, op: "close" | "throw" | "close twice" | "throw twice"): asyncio.Coroutine<Json> {
    return agenAwaiting(this, then, op);
  }

  /** The async generator hooks replaced, cleared and put back (see harness_protocols.ts). */
  agenHooks(): asyncio.Coroutine<Json> {
    return agenHooks(this);
  }

  /** A fresh awaitable of a started generator driven by hand: throw(), then send(None) (see harness_protocols.ts). */
  agenThrowByHand(which: "next" | "close" | "throw"): asyncio.Coroutine<Json> {
    return agenThrowByHand(this, which);
  }

  /** A fresh awaitable of a started generator closed by hand, then sent to and thrown into (see harness_protocols.ts). */
  agenCloseByHand(which: "next" | "close" | "throw" | "anext"): asyncio.Coroutine<Json> {
    return agenCloseByHand(this, which);
  }

  /** The reprs of a generator and of its awaitables, each then awaited (see harness_protocols.ts). */
  agenReprs(withAnext: boolean): asyncio.Coroutine<Json> {
    return agenReprs(this, withAnext);
  }

  /** A generator that yields its own `ag_running`, then awaits its own `anext()` (see harness_protocols.ts). */
  agenSelf(): asyncio.Coroutine<Json> {
    return agenSelf(this);
  }

  /** `inspect.isasyncgenfunction` of an async generator function, a coroutine function, a plain function and 1. */
  agenFunctionKinds(): boolean[] {
    return [agenFunction, coroutineFunction, plainFunction, 1].map((f) => asyncio.isAsyncGenFunction(f));
  }

  // -- scenes of the text cases (./ops/validate_cases_text.ts; twins in asyncio_ts_harness.py) --

  /** `try: raise exc` / `except classes as e: return repr(e)` (see ./harness_text.ts). */
  textCaughtBy(exc: unknown, classes: readonly asyncio.ExceptionClass[]): string {
    return textScenes.caughtBy(exc, classes);
  }

  /** A coroutine that raises `exc`. */
  readonly textRaising = asyncio.asyncDef(function* text_raising(exc: unknown): asyncio.Coroutine<never> {
    throw exc;
  }, "Harness.text_raising");

  /** `asyncio.attempt(body, ...classes)`: `["ok", value]` or `["caught", exception]`. */
  textAttempt(body: asyncio.Coroutine<unknown> | (() => asyncio.Coroutine<unknown>), classes: readonly asyncio.ExceptionClass[]): asyncio.Coroutine<Json> {
    return textScenes.attemptOutcome(body, classes, (v) => this.value(v));
  }

  /** `except* classes:` around `raise ValueError(1)`. */
  textExceptStar(classes: asyncio.ExceptionClass | readonly asyncio.ExceptionClass[]): asyncio.Coroutine<Json> {
    return textScenes.exceptStarWith(classes);
  }

  /** `except* classes:` around a nested group; the handler passes, raises again bare, or raises `KeyError('new')`. */
  textExceptStarGroup(classes: asyncio.ExceptionClass | readonly asyncio.ExceptionClass[], action: "pass" | "raise" | "raise new"): asyncio.Coroutine<Json> {
    return textScenes.exceptStarGroup(classes, action);
  }

  /** A task cancelled (with `msg` unless null) while it sleeps: `message` and `stack` of the CancelledError it catches. */
  textCancelledInside(msg: string | null): asyncio.Coroutine<Json> {
    return textScenes.cancelledInside(msg);
  }

  /** `Condition.wait_for` over a predicate giving `values` in turn: `[calls, result]`. */
  textWaitForValues(...values: unknown[]): asyncio.Coroutine<Json> {
    return textScenes.waitForValues(values, (v) => this.value(v));
  }

  /** A `catch_warnings` scope misused step by step. */
  textCatchWarningsMisuse(record: boolean): Json {
    return textScenes.catchWarningsMisuse(record);
  }

  /** Message filters and warnings given as text or instances. */
  textMessageFilters(action: "always" | "all"): Json {
    return textScenes.messageFilters(action);
  }

  /** `simplefilter(action)` or `filterwarnings(action)` inside `catch_warnings()`: the number of filters it left. */
  textFilterAction(how: "simplefilter" | "filterwarnings", action: string): Json {
    return textScenes.filterAction(how, action);
  }

  /** An object ordered by its own `__lt__`, `__gt__` and `__eq__`. */
  textRank(v: number): object {
    return new textScenes.Rank(v);
  }

  // -- scenes of the loop cases (./ops/validate_cases_loop.ts; twins in asyncio_ts_harness.py) --

  /** `repr(coro)`, normalised; the coroutine is then closed unstarted. */
  coroRepr(coro: unknown): string {
    return coroRepr(this, coro);
  }

  /** `use(other)` on a second loop (never run), closed afterwards. */
  withOtherLoop(use: (other: asyncio.BaseEventLoop) => unknown): unknown {
    return withOtherLoop(this, use);
  }

  /** `call()` with the running loop in debug mode. */
  debugCall(call: () => unknown): unknown {
    return debugCall(this.loop, call);
  }

  /** A fresh future's `__await__` stepped once, then a second one. */
  futureBlockedTwice(): Json {
    return futureBlockedTwice(this.loop);
  }

  /** A future of what `call()` gives or raises in a loop callback, outside any task. */
  fromCallback(call: () => unknown): asyncio.Future<unknown> {
    return fromCallback(this.loop, call);
  }

  /** A timeout(0) scope's states while its cancellation is caught and after; the chain it raised. */
  timeoutStates(body: "reraise" | "nested" | "swallowed"): asyncio.Coroutine<Json> {
    return timeoutStates(body);
  }

  /** ValueError thrown into a waiting Lock/Semaphore acquire(). */
  throwIntoAcquire(kind: "lock" | "semaphore"): Json {
    return throwIntoAcquire(this, kind);
  }

  /** Callbacks given 0 to 3 arguments. */
  handleArgs(): asyncio.Coroutine<Json> {
    return handleArgs(this.loop);
  }

  /** call_exception_handler with no handler or a raising one, and a context whose repr may raise. */
  handlerScene(handler: "none" | "raising", bad: boolean): null {
    return handlerScene(this.loop, handler, bad);
  }

  /** The repr of a pending future while wait_for, wait, as_completed or a cancelled shield holds it. */
  pendingCallbacks(kind: "wait_for" | "wait" | "as_completed" | "shield"): asyncio.Coroutine<Json> {
    return pendingCallbacks(this, this.loop, kind);
  }

  /** A child of a TaskGroup whose parent left without exiting it fails. */
  groupOrphan(): asyncio.Coroutine<Json> {
    return groupOrphan(this.loop);
  }

  /** A Lock or Semaphore released while its waiters are cancelled but not yet resumed. */
  cancelledWaiters(kind: "lock" | "semaphore"): asyncio.Coroutine<Json> {
    return cancelledWaiters(this, kind);
  }

  /** The reprs of the loop's last three ready handles (a wakeup, a call_soon, a first step). */
  readyReprs(): asyncio.Coroutine<Json> {
    return readyReprs(this, this.loop);
  }

  /** The reprs of a Queue(1) along a small scene of getters, putters, join() and shutdown(). */
  queueReprs(): asyncio.Coroutine<Json> {
    return queueReprs(this, this.loop);
  }

  /** A Barrier(3) filled, reset, refilled and aborted: repr, n_waiting and broken at each step. */
  barrierStates(): asyncio.Coroutine<Json> {
    return barrierStates(this);
  }

  /** How far apart the Task-N numbers of two TaskGroup children are around a named one. */
  groupTaskNumbers(): asyncio.Coroutine<Json> {
    return groupTaskNumbers(this);
  }

  /** With the eager task factory, a TaskGroup child that fails at once, then another child. */
  groupEagerFailure(): asyncio.Coroutine<Json> {
    return groupEagerFailure(this, this.loop);
  }

  /** 200 timers, cancelled around the half the loop tolerates: how many it holds. */
  cancelledTimers(): asyncio.Coroutine<Json> {
    return cancelledTimers(this.loop);
  }

  /** Tasks that cancel themselves, then return at once or await a future. */
  selfCancel(msg: string | null): asyncio.Coroutine<Json> {
    return selfCancel(this.loop, msg);
  }

  /** The reprs of the timer handles a timeout, sleep, wait_for, wait or as_completed schedules. */
  timerReprs(kind: "timeout" | "sleep" | "wait_for" | "wait" | "as_completed"): asyncio.Coroutine<Json> {
    return timerReprs(this, this.loop, kind);
  }

  /** Three waiters, the second cancelled, then one release: repr and who was served. */
  secondWaiterCancelled(kind: "lock" | "semaphore" | "event" | "queue"): asyncio.Coroutine<Json> {
    return secondWaiterCancelled(this, kind);
  }

  /** Three Condition waiters, the second cancelled; notify(1), then notify_all(). */
  conditionNotify(): asyncio.Coroutine<Json> {
    return conditionNotify(this);
  }

  /** A timeout rescheduled while active: later, never, into the past. */
  timeoutReschedule(): asyncio.Coroutine<Json> {
    return timeoutReschedule(this, this.loop);
  }

  // -- scenes of the tasks cases (./ops/validate_cases_tasks.ts; twins in asyncio_ts_harness.py) --
  /** Live timers due 7.25 s on after a cancelled wait([fut], timeout=7.25), list(as_completed([], timeout=7.25)) or a sleep(7.25) closed by hand. */
  timersLeft(kind: "wait" | "as_completed" | "sleep_closed"): asyncio.Coroutine<Json> {
    return taskScenes.timersLeft(this.loop, kind);
  }

  /** A task awaiting a future, cancelled with 'm' after or before its first step, or inside a gather: what awaiting it raises. */
  cancelMessage(kind: "waiting" | "unstarted" | "gather"): asyncio.Coroutine<Json> {
    return taskScenes.cancelMessage(this.loop, kind);
  }

  /** A task over an awaitable yielding a bare future or a duck future with blocking None: done?, error type, first words. */
  badYield(kind: "future" | "duck" | "generator"): asyncio.Coroutine<Json> {
    return taskScenes.badYield(this.loop, kind);
  }

  /** wait_for(task, 0) on a task that swallows the cancellation, itself cancelled meanwhile: the task's repr after. */
  cancelAndWaitLeft(): asyncio.Coroutine<Json> {
    return taskScenes.cancelAndWaitLeft(this, this.loop);
  }

  /** A ValueError thrown by hand into a waiting wait_for(fut, 5) coroutine: what the throw gives, fut cancelled? */
  throwIntoWaitFor(): Json {
    return taskScenes.throwIntoWaitFor(this.loop);
  }

  /** A task awaiting a Future subclass whose result() raises ValueError, the future cancelled: what the task raises. */
  subclassResult(): asyncio.Coroutine<Json> {
    return taskScenes.subclassResult(this.loop);
  }

  /** An API used on a release that lacks it (a Task method or keyword, eager_task_factory, async for over as_completed): [error type, what]. */
  missingApi(what: string): asyncio.Coroutine<Json> {
    return taskScenes.missingApi(this.loop, what);
  }

  /** A sleep(0) (or sleep(0, 'v')) coroutine sent to once by hand and closed: "closed" or "ignored". */
  sleepClosed(withResult: boolean): Json {
    return taskScenes.sleepClosed(withResult);
  }

  /** A task awaiting a Future subclass that overrides add_done_callback: calls of the override, the task's result. */
  subclassCallback(): asyncio.Coroutine<Json> {
    return taskScenes.subclassCallback(this.loop);
  }

  /** A task cancels itself, then awaits a task that swallows the cancellation: what the outer task gives. */
  cancelSelfAwaiting(): asyncio.Coroutine<Json> {
    return taskScenes.cancelSelfAwaiting(this.loop);
  }

  /** A task cancels itself with 'm', then returns or sleeps(0): the CancelledError's args awaiting it, cancelled? */
  cancelsSelfWithMessage(kind: "returns" | "sleeps"): asyncio.Coroutine<Json> {
    return taskScenes.cancelsSelfWithMessage(this.loop, kind);
  }

  /** as_completed([future], timeout=7.25) asked for its first awaitable: the qualnames of its live timers. */
  asCompletedTimer(): Json {
    return taskScenes.asCompletedTimer(this.loop);
  }

  /** A future of another loop given to wait_for(fut, 0), wait_for(fut, 5) or as_completed([fut]): the ValueError. */
  foreignFuture(kind: "wait_for" | "wait_for_5" | "as_completed"): asyncio.Coroutine<Json> {
    return taskScenes.foreignFuture(this.loop, kind);
  }
  // -- end of the scenes of the tasks cases --

  // -- scenes of the futures cases (./ops/validate_cases_futures.ts; twins in asyncio_ts_harness.py) --
  /** A future's `__await__()` iterators stepped by hand past their end (after a result, on a done future, after a throw). */
  futureIterPastEnd(): Json {
    return futureScenes.futureIterPastEnd(this, this.loop);
  }

  /** A pending future's callbacks a, b, c; a removed, d added: reprs, the count removed, the order they ran in. */
  callbacksAfterRemove(): asyncio.Coroutine<Json> {
    return futureScenes.callbacksAfterRemove(this, this.loop);
  }

  /** ensure_future(x, loop=loop) of future-like objects with get_loop() or only a `_loop` field. */
  duckFutureLoop(): Json {
    return futureScenes.duckFutureLoop(this, this.loop);
  }

  /** An empty Queue's get() closed by hand: unstarted, then waiting, twice. */
  closeQueueGet(): Json {
    return futureScenes.closeQueueGet(this);
  }

  /** 102 timers due together, the first cancelled 60 times: the order the others ran in. */
  timerCancelledOften(): asyncio.Coroutine<Json> {
    return futureScenes.timerCancelledOften(this.loop);
  }

  /** An awaitable that marks a done future blocking and yields it: what awaiting it gives, the mark afterwards. */
  awaitYieldsDone(): asyncio.Coroutine<Json> {
    return futureScenes.awaitYieldsDone(this.loop);
  }

  /** A task cancelled with 'm' while waiting, alone or in an awaited gather: what result(), result() again and exception() raise, with their contexts. */
  cancelledResultTwice(kind: "alone" | "gathered"): asyncio.Coroutine<Json> {
    return futureScenes.cancelledResultTwice(this.loop, kind);
  }
  /** A finished Lock.acquire() and Queue.get() awaited again: whether the lock is held, the value got, the queue's size. */
  reawaitFinished(): asyncio.Coroutine<Json> {
    return futureScenes.reawaitFinished();
  }
  /** A PriorityQueue's put() stepped by hand, its item's `__lt__` stepping, throwing into and closing the same put: what each gave. */
  reenterPut(): Json {
    return futureScenes.reenterPut();
  }
  /** A pending future's non-callable done-callbacks: reprs, remove_done_callback(1), then what running them reports. */
  callbacksNotCallable(): asyncio.Coroutine<Json> {
    return futureScenes.callbacksNotCallable(this, this.loop);
  }
  /** A cancelled task's result(), exception(), result() inside `except ValueError:`: each CancelledError's chain of contexts. */
  cancelledResultHandling(): asyncio.Coroutine<Json> {
    return futureScenes.cancelledResultHandling(this.loop);
  }
  /** A done future's `__await__()` iterator stepped three times. */
  doneIterThrice(): Json {
    return futureScenes.doneIterThrice(this, this.loop);
  }
  // -- end of the scenes of the futures cases --

  // -- scenes of the runtime cases (./ops/validate_cases_runtime.ts; twins in asyncio_ts_harness.py) --
  /** The `asyncio` logger used directly: levels, %-formatting, handlers added twice and removed. */
  loggerCalls(): Json {
    return runtimeScenes.loggerCalls();
  }

  /** The `asyncio` logger with no handler: what `logging.lastResort` writes. */
  loggerLastResort(): Json {
    return runtimeScenes.loggerLastResort();
  }

  /** `loop.call_at` replaced on the instance: `call_later` goes through it. */
  callLaterThroughCallAt(): Json {
    return runtimeScenes.callLaterThroughCallAt(this.loop);
  }

  /** A callback reporting through the default handler, run in debug mode and after it. */
  currentHandleTraceback(): asyncio.Coroutine<Json> {
    return runtimeScenes.currentHandleTraceback(this.loop);
  }

  /** The loop's async generator finalizer hook called by hand. */
  agenFinalizedByHand(): asyncio.Coroutine<Json> {
    return runtimeScenes.agenFinalizedByHand(this);
  }

  /** A custom exception handler raising CancelledError: reported, not let out. */
  customHandlerRaisesCancelled(): Json {
    return runtimeScenes.customHandlerRaisesCancelled(this.loop);
  }

  /** An outside `asyncio.run` leaving tasks that end otherwise than cancelled: the shutdown's reports and iterations. */
  shutdownLeftovers(): Json {
    return runtimeScenes.shutdownLeftovers();
  }

  /** A new loop's stale stop callback after a SystemExit, then a loop stopped before its future is done. */
  staleStopCallback(): Json {
    return runtimeScenes.staleStopCallback();
  }

  /** `loop.call_soon` replaced on the instance: done-callbacks, wakeups and first steps go through it. */
  callSoonReplaced(): asyncio.Coroutine<Json> {
    return runtimeScenes.callSoonReplaced(this.loop);
  }

  /** A done-callback's handle taken from the ready queue and kept after it ran. */
  readyHandleKept(): asyncio.Coroutine<Json> {
    return runtimeScenes.readyHandleKept(this.loop);
  }

  /** An outside `asyncio.run` leaving an async generator whose `finally` raises: what shutdown_asyncgens reports. */
  shutdownAgenRaises(): Json {
    return runtimeScenes.shutdownAgenRaises();
  }

  /** The `asyncio` logger's only handler removed: it sees the warning before, not the one after. */
  loggerOnlyHandlerRemoved(): Json {
    return runtimeScenes.loggerOnlyHandlerRemoved();
  }

  /** Timers with one deadline, about half cancelled, on a new loop: the order the others fire in. */
  timerHeapEdges(): Json {
    return runtimeScenes.timerHeapEdges();
  }

  /** A timer's private `_scheduled` flag: in the heap, cancelled, dropped; then 102 timers cancelled at once. */
  timerScheduledFlag(): asyncio.Coroutine<Json> {
    return runtimeScenes.timerScheduledFlag(this.loop);
  }

  // -- end of the scenes of the runtime cases --

  // -- scenes of the prims cases (./ops/validate_cases_prims.ts; twins in asyncio_ts_harness.py) --

  /** 3.13+: Queue.shutdown() while a join() waits or while cancelled waiters are still in line (see ./harness_prims.ts). */
  queueShutdownWaiting(): asyncio.Coroutine<Json> {
    return primsScenes.queueShutdownWaiting();
  }

  /** A queue waiter woken, cancelled and blocked again with two more in line: who is served next (see ./harness_prims.ts). */
  queueWokenReblocked(which: "get" | "put"): asyncio.Coroutine<Json> {
    return primsScenes.queueWokenReblocked(which);
  }
  /** Two Condition waiters; the first is notified, then cancelled while it waits to retake the lock (see ./harness_prims.ts). */
  conditionReacquireCancelled(): asyncio.Coroutine<Json> {
    return primsScenes.conditionReacquireCancelled();
  }
  /** sys.set_asyncgen_hooks() given one hook at a time inside the running loop: the other is kept (see ./harness_prims.ts). */
  agenHooksOneAtATime(): Json {
    return primsScenes.agenHooksOneAtATime();
  }
  /** 3.7/3.8: a Semaphore waiter woken, cancelled and its permit taken at once, with two more in line (see ./harness_prims.ts). */
  semaphoreWokenReblocked(): asyncio.Coroutine<Json> {
    return primsScenes.semaphoreWokenReblocked();
  }
  /** 3.8+: __anext__() while an athrow()/aclose() step is pending in the generator's handler (see ./harness_prims.ts). */
  agenStepPending(op: primsScenes.PendingStep): asyncio.Coroutine<Json> {
    return primsScenes.agenStepPending(op);
  }
  /** Sixteen queue getters, one cancelled, then fifteen items: who got which (see ./harness_prims.ts). */
  queueSixteenGetters(cancelled: number): asyncio.Coroutine<Json> {
    return primsScenes.queueSixteenGetters(cancelled);
  }
  /** 3.11+: reprs of unstarted Barrier.reset/__aenter__/__aexit__ and Condition.wait_for coroutines (see ./harness_prims.ts). */
  coroutineNames(): Json {
    return primsScenes.coroutineNames((obj) => this.repr(obj));
  }
  /** A Semaphore waiter woken and cancelled while a second permit is free and two more wait (see ./harness_prims.ts). */
  semaphoreTwoFreed(): asyncio.Coroutine<Json> {
    return primsScenes.semaphoreTwoFreed((obj) => this.repr(obj));
  }
  /** A Condition.wait() stepped by hand, ValueError thrown in while it retakes the lock (see ./harness_prims.ts). */
  conditionThrowWhileReacquiring(): asyncio.Coroutine<Json> {
    return primsScenes.conditionThrowWhileReacquiring();
  }
  /** A Queue subclass whose _init reprs the queue before its storage exists (see ./harness_prims.ts). */
  queueReprInInit(): Json {
    return primsScenes.queueReprInInit((obj) => this.repr(obj));
  }
  /** wait_for's TimeoutError against a subclass of asyncio.TimeoutError and the class itself (see ./harness_prims.ts). */
  timeoutSubclassCheck(): asyncio.Coroutine<Json> {
    return primsScenes.timeoutSubclassCheck();
  }
  /** The timer heap rebuilt with two live timers left (see ./harness_prims.ts). */
  timerRebuildTwoLive(): asyncio.Coroutine<Json> {
    return primsScenes.timerRebuildTwoLive();
  }
  // -- end of the scenes of the prims cases --

  // -- scenes of the misc cases (./ops/validate_cases_misc.ts; twins in asyncio_ts_harness.py) --

  /** Each group of items through a PriorityQueue: the repr of what came out, or the exception (see ./harness_misc.ts). */
  miscDrainEach(...groups: unknown[][]): Json[] {
    return miscScenes.drainEach(groups, (e) => this.exc(e));
  }

  /** `repr()` of a Timeout entered at each deadline, inside its `async with`. */
  miscTimeoutReprs(...whens: number[]): asyncio.Coroutine<Json> {
    return miscScenes.timeoutReprs(whens);
  }

  /** An expired Timeout left with a CancelledError subclass: what leaves it, and cancelling() after. */
  miscTimeoutCancelSubclass(): asyncio.Coroutine<Json> {
    return miscScenes.timeoutCancelSubclass((e) => this.exc(e));
  }

  /** The reprs of a TaskGroup's new child and of its parent once the group's wait is over. */
  miscGroupReprs(): asyncio.Coroutine<Json> {
    return miscScenes.groupReprs((obj) => this.repr(obj));
  }

  /** Timers of which over half are cancelled, so that the loop rebuilds its heap: the order the live ones ran in. */
  miscTimerRebuild(): asyncio.Coroutine<Json> {
    return miscScenes.timerRebuild();
  }

  /** A TaskGroup's parent cancelled by the group (a child failed) and from outside: what it caught, cancelling(), its next sleep. */
  miscGroupCancelledFromOutside(): asyncio.Coroutine<Json> {
    return miscScenes.groupCancelledFromOutside();
  }

  /** What `catch_warnings().__enter__()` gives, and the length of the record list after one warning. */
  miscCatchWarningsEnter(): Json {
    return miscScenes.catchWarningsEnter();
  }

  /** `wait_for(fut, 10)`'s task cancelled as `fut` fails: "cancelled", or what it raised in detail. */
  miscWaitForCancelledAfterFailure(): asyncio.Coroutine<Json> {
    return miscScenes.waitForCancelledAfterFailure((e) => this.detail(e));
  }

  /** TaskGroup `__aexit__` awaited directly with a CancelledError, and stepped by hand with a ValueError thrown in. */
  miscGroupAexitByHand(): asyncio.Coroutine<Json> {
    return miscScenes.groupAexitByHand();
  }

  /** TaskGroup `__aexit__` awaited directly twice, with SystemExit(1) then KeyboardInterrupt(2): what each raised. */
  miscGroupBaseErrorsByHand(): asyncio.Coroutine<Json> {
    return miscScenes.groupBaseErrorsByHand((e) => this.exc(e));
  }

  /** A TaskGroup child made by a task factory returning a failed future, then a second child asked for. */
  miscGroupFactoryDone(): asyncio.Coroutine<Json> {
    return miscScenes.groupFactoryDone();
  }

  /** `Timeout.__aexit__` called by hand before the scope is entered and after it finished. */
  miscTimeoutAexitUnentered(): asyncio.Coroutine<Json> {
    return miscScenes.timeoutAexitUnentered();
  }

  /** Two equal sets through a PriorityQueue, the second grown while queued: the reprs in the order they came out. */
  miscSetHeap(): Json {
    return miscScenes.setHeap();
  }

  /** A coroutine stepped by hand, refused by a TaskGroup never entered: when its `finally` ran. */
  miscGroupRefusedCoroClosed(): asyncio.Coroutine<Json> {
    return miscScenes.groupRefusedCoroClosed();
  }

  /** A TaskGroup child that starts another child while `__aexit__` waits. */
  miscGroupChildAddsChild(): asyncio.Coroutine<Json> {
    return miscScenes.groupChildAddsChild();
  }

  /** `timeout(1).__aenter__()` stepped in a callback, outside any task: what it raised. */
  miscTimeoutOutsideTask(): asyncio.Coroutine<Json> {
    return miscScenes.timeoutOutsideTask();
  }

  /** `raise a` while handling c, whose context b has context a: the class names of the three contexts after. */
  miscContextCycleCut(): Json {
    return miscScenes.contextCycleCut();
  }

  /** A PriorityQueue of strs with two equal ones, after one get: its heap. */
  miscEqualStrHeap(): Json {
    return miscScenes.equalStrHeap();
  }

  /** Three `except*` clauses around a nested group, the first raising anew, the last left nothing: what each saw and what was raised. */
  miscExceptStarClauses(): asyncio.Coroutine<Json> {
    return miscScenes.exceptStarClauses((e) => this.exc(e));
  }

  /** The same warning twice under `simplefilter(action)`, recorded: how many were kept. */
  miscWarnTwice(action: string): Json {
    return miscScenes.warnTwice(action);
  }

  /** `except*` whose handler raises a new group with its context cleared: what the statement raised. */
  miscExceptStarNewGroup(): asyncio.Coroutine<Json> {
    return miscScenes.exceptStarNewGroup((e) => this.exc(e));
  }

  /** `cm.reschedule(None)` inside `async with timeout(10) as cm`: whether its private handle is None then. */
  miscTimeoutRescheduleNone(): asyncio.Coroutine<Json> {
    return miscScenes.timeoutRescheduleNone();
  }

  // -- end of the scenes of the misc cases --

  // -- lifecycle scenes (the `lifecycle` operation; twins in asyncio_ts_harness.py) ------

  /**
   * A task of a lifecycle scene, named (3.8+): CPython 3.13.0 names a task made through a
   * task factory without a name 'None' (see the README).
   */
  private helperTask<T>(coro: asyncio.Coroutine<T>, name: string): asyncio.Task<T> {
    return this.loop.createTask(coro, pythonMinor(this.python) >= 8 ? { name } : {});
  }

  /** An awaitable that is neither a coroutine nor a future (Python's `__await__`): yields once, gives `value`. */
  awaitable<T>(value: T): asyncio.CustomAwaitable<T> {
    const awaitable = {
      *[Symbol.iterator](): asyncio.Coroutine<T> {
        yield* asyncio.sleep(0);
        return value;
      },
      // Python's repr of the harness's class, without the address (as messages are normalised).
      toString: () => "<asyncio_ts_harness._Awaitable object>",
    };
    return awaitable;
  }

  /** `async with cm:` twice, the second inside the first. */
  *reenter(cm: asyncio.AsyncContextManager<unknown>): asyncio.Coroutine<void> {
    yield* asyncio.asyncWith(cm, function* () {
      yield* asyncio.asyncWith(cm, function* () {});
    });
  }

  /** `async with cm: await sleep(0)`, then what `then(cm)` gives. */
  *after<C extends asyncio.AsyncContextManager<unknown>, R>(cm: C, then: (cm: C) => R): asyncio.Coroutine<R> {
    yield* asyncio.asyncWith(cm, function* () {
      yield* asyncio.sleep(0);
    });
    return then(cm);
  }

  /**
   * A task that cancels itself, then returns at once, or (`wait`) awaits a new future;
   * gives the task's final state once it is done.
   */
  *cancelsItself(wait: boolean): asyncio.Coroutine<Json> {
    const task = this.helperTask(cancelsItselfBody(this.loop, wait), "cancels_itself");
    yield* asyncio.wait([task]);
    return this.state(task);
  }

  /**
   * A new task that awaits itself once: gives what that raised. (Only a new task: a task
   * that awaited itself keeps its future-blocking flag, so the C Task refuses any later
   * await of it, which the pure-Python Task of the coverage pass does not.)
   */
  *awaitsItself(): asyncio.Coroutine<Json> {
    const task = this.helperTask(awaitsItselfBody(this), "awaits_itself");
    // Polled rather than awaited, so that its repr in the message shows no callback (the C
    // and pure-Python Tasks name their wakeup differently).
    while (!task.done()) yield* asyncio.sleep(0);
    return task.result();
  }

  /**
   * A task group whose child fails at once; a done-callback on that child, run just after
   * the group's own, asks the aborting group for another child. Gives what that raised;
   * the group's ExceptionGroup is dropped.
   */
  *groupShuttingDown(): asyncio.Coroutine<Json[]> {
    const answer: Json[] = [];
    try {
      yield* asyncio.asyncWith(new asyncio.TaskGroup(), (group) => {
        const onDone = (): void => {
          const coro = this.returns(1);
          try {
            group.createTask(coro);
            answer.push("created");
          } catch (e) {
            if (!(e instanceof asyncio.RuntimeError)) throw e;
            coro.return(undefined);
            answer.push(this.excText(e));
          }
        };
        group.createTask(childFails()).addDoneCallback(onDone);
        return asyncio.sleep(1);
      });
    } catch (e) {
      if (!asyncio.isException(e, this.python)) throw e;
    }
    return answer;
  }

  /**
   * A task group whose body raises SystemExit while a child sleeps: the group cancels the
   * child, waits for it, and raises the SystemExit itself. Gives what it raised.
   */
  *groupBaseError(): asyncio.Coroutine<Json> {
    try {
      yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (group) {
        group.createTask(asyncio.sleep(1));
        yield* asyncio.sleep(0);
        throw new asyncio.SystemExit(3);
      });
    } catch (e) {
      if (e instanceof asyncio.SystemExit) return this.exc(e);
      throw e;
    }
    return null;
  }

  /**
   * A full queue with a putter waiting: its str(), then (`shutdown`, 3.13+) its str() once
   * shut down, else after a get; and the putter's final state.
   */
  *queuePutter(shutdown: boolean): asyncio.Coroutine<Json[]> {
    const q = new asyncio.Queue<number>(1);
    q.putNowait(1);
    const putter = this.helperTask(q.put(2), "putter");
    yield* asyncio.sleep(0);
    const out: Json[] = [String(q)];
    if (shutdown) q.shutdown();
    else q.getNowait();
    out.push(String(q));
    yield* asyncio.wait([putter]);
    out.push(this.state(putter));
    return out;
  }

  /**
   * A task that sleeps an hour and, if it is cancelled, raises ValueError instead: left
   * pending when an `asyncio.run` or Runner entry shuts down, it is reported to the
   * exception handler as an unhandled exception during shutdown.
   */
  leftover(): asyncio.Task<unknown> {
    return this.helperTask(failsWhenCancelled(), "leftover");
  }

  /** An exception as {@link exc} gives it, its string arguments normalised as reprs are. */
  excText(e: unknown): Json {
    const raised = this.exc(e) as { exc: string; args: unknown[] };
    return { ...raised, args: raised.args.map((a) => (typeof a === "string" ? normaliseText(a) : a)) } as Json;
  }

  /** A coroutine's `__name__` (the harness's plain generator is `plain`, as in Python). */
  private coroName(coro: object): string {
    if (Object.getPrototypeOf(coro) === Harness.prototype.plain.prototype) return "plain";
    // Python's `__name__`: the last part of the qualified name asyncDef registered.
    return asyncio.coroutineName(coro).split(".").at(-1) as string;
  }

  private onLoopException = (_loop: asyncio.BaseEventLoop, context: asyncio.ExceptionContext): void => {
    let message = context.message ?? "";
    if (GC_MESSAGES.some((m) => message.includes(m))) return;
    // The generator's repr holds its qualified name: name it as the program does.
    if (message.startsWith(ASYNCGEN_CLOSING)) message = `${ASYNCGEN_CLOSING} ${this.name(context.asyncgen as object)}`;
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

  /** A Condition's lock argument: none for a shared lock whose construction raised (`Condition(None)`). */
  lockArgument(lock: asyncio.Lock): asyncio.Lock | undefined {
    return lockArgument(lock);
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
    asyncio.logger.addHandler(this.onLog);
    // A program may set warnings filters of its own: catchWarnings ends them with the run.
    asyncio.warnings.onceregistry.clear();
    const caught = asyncio.warnings.catchWarnings();
    caught.enter();
    asyncio.warnings.simplefilter("always");
    asyncio.warnings.setShowwarning(this.onWarning);
    this.exceptionState?.install();
    try {
      const mainTask = loop.createTask(main());
      this.names.set(mainTask, "main");
      const outcome = this.outcomeOf(() => loop.runUntilComplete(mainTask));
      this.finished = true;
      const final: FinalState[] = this.tracked.map(([name, fut]) => ({ name, state: this.state(fut) }));
      return { events: this.events, outcome, final, iterations: loop.count };
    } finally {
      this.finished = true;
      this.exceptionState?.uninstall();
      caught.exit();
      asyncio.logger.removeHandler(this.onLog);
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
    // A fresh policy, as the Python harness installs one: no current loop, none ever set.
    _resetEventLoopPolicy();
    _setEventLoopFactory((options) => {
      if (options.clock === "real") throw new Error("a conformance program runs on the virtual clock");
      if (this.makingOutside) {
        // A loop of an outside call: a virtual-time loop the harness does not trace.
        const loop = new KitLoop({ python: this.python, maxIterations: this.maxIterations });
        this.outsideLoops.push(loop);
        return loop;
      }
      if (this.loopOrNull !== null && !this.makingAgain) throw new Error("the program made a second event loop");
      this.makingAgain = false;
      const loop = new KitLoop({ python: this.python, maxIterations: this.maxIterations, faults: this.faults });
      loop._entryHarness = this;
      loop.setExceptionHandler(this.onLoopException);
      this.loopOrNull = loop;
      return loop;
    });
    // Entry programs record neither the asyncio logger's records nor warnings (the Python
    // harness leaves them to CPython's stderr, which the worker drops): they go nowhere
    // here either, rather than to this process's stderr.
    const silence = (): void => {};
    asyncio.logger.addHandler(silence);
    const caught = asyncio.warnings.catchWarnings();
    caught.enter();
    asyncio.warnings.setShowwarning(silence);
    let outcome: Outcome;
    try {
      outcome = this.outcomeOf(entry);
    } finally {
      caught.exit();
      asyncio.logger.removeHandler(silence);
      _setEventLoopFactory(previousFactory);
      asyncio.setDefaultPython(previousPython);
      this.finished = true;
      asyncio.setEventLoop(null);
    }
    const loop = this.loopOrNull as KitLoop | null;
    for (const made of [loop, ...this.outsideLoops]) if (made !== null && !made.isClosed() && !made.isRunning()) made.close();
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

// A task over `plain()` (CPython before 3.12 runs a plain generator as a coroutine) prints
// its qualified name, as CPython's `coro=<Harness.plain() running>`; it stays a plain
// generator where asyncio takes an iterable of futures.
_namePlainGenerator(Harness.prototype.plain, "Harness.plain");

/**
 * CPython's message for a call of a function with `params` (positional, no defaults) given
 * `given` positional arguments (ceval's missing_arguments and too_many_positional).
 */
function argumentCountMessage(qualname: string, params: readonly string[], given: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (given > params.length) {
    return `${qualname}() takes ${plural(params.length, "positional argument")} but ${given} ${given === 1 ? "was" : "were"} given`;
  }
  const missing = params.slice(given).map((name) => `'${name}'`);
  if (missing.length === 0) throw new Error(`${qualname}() takes ${given} arguments: nothing is wrong with this call`);
  const last = missing.pop() as string;
  const names = missing.length === 0 ? last : `${missing.join(", ")}${missing.length > 1 ? "," : ""} and ${last}`;
  return `${qualname}() missing ${plural(missing.length + 1, "required positional argument")}: ${names}`;
}

/**
 * What {@link Harness.introspect} reads.
 *
 * @example
 * ```ts
 * trace.introspect("all_tasks"); // records the pending tasks' names
 * ```
 */
export type IntrospectWhat = "all_tasks" | "current_task" | "get_coro";

/**
 * How {@link Harness.attempt} follows what the call returned: awaits it, takes and awaits
 * its first item, keeps the value it returned, only notes that it returned, or awaits
 * `wait()`'s `(done, pending)` and keeps their sizes.
 *
 * @example
 * ```ts
 * yield* trace.attempt("validate wait(1)", () => asyncio.wait(1 as never), "wait");
 * ```
 */
export type AttemptFollow = "await" | "iterate" | "call" | "construct" | "wait";

/** The keyword names Python would see for task options, set ones only, sorted. */
function pythonKeywords(options: object): string[] {
  return Object.entries(options)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => (k === "eagerStart" ? "eager_start" : k))
    .sort();
}

function isPlainObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

export { stableJson };
