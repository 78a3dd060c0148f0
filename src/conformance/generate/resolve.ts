/**
 * Resolution: turns a raw program (./raw.ts) into a valid IR program, mapping each raw
 * number onto what is visible at that point (modulo the count) and degrading a statement
 * that has nothing to refer to (an `await` with nothing to await becomes a `sleep`). Each
 * operation resolves itself (`generate.resolve` in ../ops/) with the {@link Resolver}'s
 * helpers; this module is the driver.
 *
 * @example
 * ```ts
 * const program = resolveProgram(raw, "3.11");
 * checkProgram(program); // []
 * ```
 * @module
 */
import { pythonMinor, type PythonVersion } from "../../asyncio/version.ts";
import type { Program, Stmt } from "../ir/types.ts";
import { FEATURE_SINCE } from "../ops/features.ts";
import { EXCEPTIONS } from "../ops/control.ts";
import type { OtherKind } from "../ir/check.ts";
import { OPS, opOf } from "../ops/index.ts";
import { delaySeconds, type Delay, type Value } from "../ir/schema_kit.ts";
import type { Parameter, ParameterKind } from "../ops/params.ts";
import { generatedPrimitiveKind, PREFIX, PRIMITIVE_KINDS, type PrimitiveKind } from "../ops/primitives.ts";
import type { QueueKind } from "../ops/queues.ts";
import type { Awaitable, CallRef, FutureRef } from "../ops/refs.ts";
import type { Spawn } from "../ops/spawn.ts";
import { convoy, type ConvoyKind, CONVOY_KINDS } from "./convoys.ts";
import { versionPattern } from "./patterns.ts";
import { RUN_LOOP_FACTORY_SINCE, RUNNER_SINCE, type Entry, type OutsideCalls } from "../entry.ts";
import { MAX_OUTSIDE_CALLS, outsideCasesFor, type OutsideCaseName } from "../ops/outside_cases.ts";
import { SHARED_KINDS, type SharedKind, type SharedObject } from "../ops/shared_objects.ts";
import { delayTable, type DelayMix, type RawProgram, type RawStmt } from "./raw.ts";

/** Strings whose Python repr is not just the text in single quotes (one per raw value 0-9). */
const AWKWARD_STRINGS = [
  "it's",
  'say "hi"',
  "both ' and \"",
  "back\\slash",
  "",
  " ",
  "a name long enough for reprlib to cut it",
  "100%",
  "{}",
  "v0",
] as const;

/** What is visible, and what is allowed, where a raw statement is resolved. */
export interface Context {
  tasks: string[];
  futures: string[];
  /** Named coroutines this scope may call or spawn (keeps the call graph acyclic). */
  callable: string[];
  inRepeat: boolean;
  depth: number;
  /** Inside a timeout, task_group or with block (no `return` there). */
  inWith?: boolean;
  /** Inside an `except` block of a `try_inspect` or `try_star` (where a bare `raise` may go). */
  inHandler?: boolean;
  /**
   * In the body of a task group's child. CPython cancels a group's children in set order,
   * which varies between runs, so a child must neither observe its own cancellation nor
   * pass it on to anything that could: it awaits only sleeps, its siblings and "quiet"
   * named coroutines, and uses no try, timeout, wait_for, gather, wait, shield or group.
   */
  quiet?: boolean;
  /** The task group's children, which a quiet child may await. */
  siblings?: string[];
  /** Tasks whose completion order may vary (task group children): no done-callbacks on them. */
  unordered?: Set<string>;
  /** Synchronisation primitives and queues bound so far. */
  primitives: { name: string; kind: PrimitiveKind }[];
  /** Queues bound so far (`maxsize` where this scope made the queue). */
  queues: { name: string; kind: QueueKind; maxsize?: number }[];
  /** Other bound objects `repr` may show (handles, timeouts, task groups). */
  others?: { name: string; kind: OtherKind }[];
  /**
   * Async generators bound so far in this coroutine. A task it spawns does not see them:
   * two tasks driving one generator race for it (and corrupt it on 3.7).
   */
  agens?: string[];
  /**
   * Those of {@link agens} whose body (`body`) or `finally` (`cleanup`) sleeps past the
   * 0.05 s timeout an `agen_op` may run under, so that a cancellation lands inside the
   * generator: in a step of its body (`__anext__`, `asend`) or in its cleanup (`aclose`,
   * `athrow`).
   */
  sleepyAgens?: { name: string; sleeps: "body" | "cleanup" }[];
  /** In an async generator's body (not in a task spawned there): `ayield` may appear, `return` may not. */
  inAgen?: boolean;
  /**
   * The program's entry is `asyncio.run` or a `Runner`, which at exit cancel the tasks
   * still pending in set order. Whatever can run after a cancellation must then not depend
   * on that order: no handler catches a cancellation (CancelledError, BaseException, and
   * Exception on 3.7), so a cancelled task never goes on, and every `finally` (and
   * `catch_cancel` cleanup) is a cleanup body that never suspends (no `sleep`). A task can
   * be cancelled twice there, by the shutdown and by whoever awaits it (`wait_for` and
   * `gather` cancel what they wrap): a second cancellation that comes after the first has
   * been delivered interrupts a cleanup's sleep, one that comes before merges with it, and
   * which comes first is the set's order (seen on 3.7, 3.8 and 3.11). Nor does a
   * repr scene (ops/reprs.ts) catch a cancellation there (a task that did went on to
   * cancel another, which was done or not by the set's order, on 3.13).
   */
  shutdown?: boolean;
  /** A cleanup body: only `log`, `sleep` (not with a shutdown), `repeat` (and `ayield` in a generator), whose effects stay in the task. */
  cleanup?: boolean;
}

/** What a cleanup body (`Context.cleanup`) may hold. */
const CLEANUP_KINDS: ReadonlySet<string> = new Set(["log", "sleep", "repeat", "ayield"]);

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** How parameters of each kind are named: `lk_a1` (the first parameter of `co_a`, a lock), `q_w2`, `t_b1`. */
const PARAMETER_PREFIX: Record<ParameterKind, string> = { ...PREFIX, queue: "q", task: "t", future: "f" };

/** What else a {@link Resolver} is told about the programs to make. */
export interface ResolveOptions {
  /** Which primitives `primitive` statements make (default: all). */
  primitives?: readonly PrimitiveKind[] | undefined;
  /** Which delays raw numbers index (default: the default mix). */
  delays?: DelayMix | undefined;
  /** What convoys form on (default: every primitive the target has, and queues). */
  convoys?: readonly ConvoyKind[] | undefined;
  /** Whether repr scenes reach the edges of repr formatting (the `reprs` area; default false). */
  reprEdges?: boolean | undefined;
  /** Prefixes of the `validate` case names programs draw from (default: every case). */
  validateCases?: readonly string[] | undefined;
}

/** One program's resolution: fresh-name counters and the helpers operations resolve with. */
export class Resolver {
  readonly minor: number;
  /** Which primitives `primitive` statements make. */
  readonly primitiveKinds: readonly PrimitiveKind[];
  /** The delays raw `delay` numbers index. */
  readonly delays: readonly Delay[];
  /** What convoys form on (see ./convoys.ts). */
  readonly convoyKinds: readonly ConvoyKind[];
  /** Whether delays include degenerate ones (the `degenerate_times` area). */
  readonly degenerate: boolean;
  /** Whether repr scenes reach the edges of repr formatting (the `reprs` area, see ../ops/reprs.ts). */
  readonly reprEdges: boolean;
  /** Prefixes of the `validate` case names to draw from; undefined: every case. */
  readonly validateCases: readonly string[] | undefined;
  /** Named coroutines a task group child may call (see `Context.quiet`). */
  readonly quietSafe = new Set<string>();
  /** The parameters of the named coroutines that take any. */
  readonly parameters = new Map<string, Parameter[]>();
  /** Named coroutines made while resolving (a convoy's worker), in order. */
  readonly madeCoroutines: [string, Stmt[]][] = [];
  private readonly counters = { task: 0, future: 0, label: 0, text: 0, object: 0, coroutine: 0 };

  constructor(
    readonly python: PythonVersion,
    options: ResolveOptions = {},
  ) {
    this.minor = pythonMinor(python);
    this.primitiveKinds = options.primitives ?? PRIMITIVE_KINDS;
    this.delays = delayTable(options.delays);
    this.degenerate = options.delays === "degenerate";
    this.reprEdges = options.reprEdges === true;
    this.validateCases = options.validateCases;
    this.convoyKinds = (options.convoys ?? CONVOY_KINDS).filter((k) => k !== "barrier" || this.minor >= FEATURE_SINCE.barrier);
  }

  nextTask(): string {
    return `t${++this.counters.task}`;
  }
  nextFuture(): string {
    return `f${++this.counters.future}`;
  }
  nextLabel(): string {
    return `cb${++this.counters.label}`;
  }
  nextText(): string {
    return `m${++this.counters.text}`;
  }
  /** The next number for a primitive or queue name. */
  nextObject(): number {
    return ++this.counters.object;
  }
  /** The name of a parameter of the coroutine `owner` (`a` for `co_a`, `w3` for `co_w3`). */
  parameterName(kind: ParameterKind, owner: string, k: number): string {
    return `${PARAMETER_PREFIX[kind]}_${owner}${k}`;
  }
  /**
   * Adds a named coroutine made while resolving (a convoy's worker), `co_w1`, `co_w2`, ...:
   * `make` gets its name's suffix and returns its parameters and body.
   */
  makeCoroutine(make: (suffix: string) => { params: Parameter[]; body: Stmt[] }): string {
    const suffix = `w${++this.counters.coroutine}`;
    const name = `co_${suffix}`;
    const { params, body } = make(suffix);
    if (params.length > 0) this.parameters.set(name, params);
    this.madeCoroutines.push([name, body]);
    return name;
  }

  /** The `n`th element of `list`, modulo its length (undefined when empty). */
  pick<T>(list: readonly T[], n: number): T | undefined {
    return pick(list, n);
  }
  /** The delay a raw number picks (see raw.ts `delayTable`). */
  delayOf(r: Pick<RawStmt, "delay">): Delay {
    return this.delays[r.delay % this.delays.length] as Delay;
  }
  /** The delay a raw number picks, in seconds. */
  secondsOf(r: Pick<RawStmt, "delay">): number {
    return delaySeconds(this.delayOf(r));
  }
  /**
   * A literal value: a number or a short name (`v3`) most of the time; one in eight of the
   * names is an awkward string instead (quotes, a backslash, empty, long enough for
   * reprlib to cut), and one in eight of the numbers a short list, so that reprs, `str()`
   * of exception arguments and traces meet what Python's `repr` escapes and truncates.
   */
  valueOf(r: RawStmt): Value {
    const odd = (r.items[r.items.length - 1] ?? 0) % 8 === 0;
    if (r.flag) return odd ? [r.value, `v${r.value}`] : r.value;
    return odd ? (AWKWARD_STRINGS[r.value] as string) : `v${r.value}`;
  }
  exceptionOf(n: number): string {
    return EXCEPTIONS[n % EXCEPTIONS.length] as string;
  }

  /** A task or future visible here. */
  futureRef(n: number, ctx: Context): FutureRef | undefined {
    return pick([...ctx.tasks.map((task) => ({ task })), ...ctx.futures.map((future) => ({ future }))], n);
  }
  /** Named coroutines callable here (only quiet ones in a quiet context). */
  callableIn(ctx: Context): string[] {
    return ctx.quiet ? ctx.callable.filter((c) => this.quietSafe.has(c)) : ctx.callable;
  }
  /** The names visible here that can stand for a parameter of this kind. */
  candidates(kind: ParameterKind, ctx: Context): string[] {
    switch (kind) {
      case "task":
        // A group's children finish in an order CPython does not fix: never pass them on.
        return ctx.tasks.filter((task) => !ctx.unordered?.has(task));
      case "future":
        return ctx.futures;
      case "queue":
        return ctx.queues.map((q) => q.name);
      default:
        return ctx.primitives.filter((p) => p.kind === kind).map((p) => p.name);
    }
  }
  /**
   * The arguments of a call of `name` here: for each parameter the `n`th name of its kind
   * (the next one for a second parameter of the same kind); undefined when a parameter
   * has none.
   */
  argumentsFor(name: string, ctx: Context, n: number): string[] | undefined {
    const params = this.parameters.get(name) ?? [];
    const args: string[] = [];
    const used = new Map<ParameterKind, number>();
    for (const param of params) {
      const k = used.get(param.kind) ?? 0;
      used.set(param.kind, k + 1);
      const arg = pick(this.candidates(param.kind, ctx), n + k);
      if (arg === undefined) return undefined;
      args.push(arg);
    }
    return args;
  }
  /** Calls of the named coroutines callable here whose parameters can all be given. */
  callsIn(ctx: Context, n: number): CallRef[] {
    return this.callableIn(ctx).flatMap((call) => {
      const args = this.argumentsFor(call, ctx, n);
      if (args === undefined) return [];
      return [args.length === 0 ? { call } : { call, args }];
    });
  }
  /** Something awaitable here: a task or future whose completion order is fixed, or a coroutine call. */
  awaitableRef(n: number, ctx: Context): Awaitable | undefined {
    const all: Awaitable[] = ctx.quiet
      ? [...(ctx.siblings ?? []).map((task) => ({ task })), ...this.callsIn(ctx, n)]
      : [
          // A group's children finish in an order CPython does not fix: never wait on them.
          ...ctx.tasks.filter((task) => !ctx.unordered?.has(task)).map((task) => ({ task })),
          ...ctx.futures.map((future) => ({ future })),
          ...this.callsIn(ctx, n),
        ];
    return pick(all, n);
  }
  /** A task or future `wait` may take here. */
  waitableRef(n: number, ctx: Context): FutureRef | undefined {
    return pick(
      [...ctx.tasks.filter((task) => !ctx.unordered?.has(task)).map((task) => ({ task })), ...ctx.futures.map((future) => ({ future }))],
      n,
    );
  }

  logInstead(): Stmt[] {
    return [{ op: "log", text: this.nextText() }];
  }
  sleepInstead(r: RawStmt): Stmt[] {
    return [{ op: "sleep", delay: this.delayOf(r) }];
  }

  /** A spawn's target: a named coroutine (with its arguments) or an inline body. */
  spawnTarget(r: RawStmt, ctx: Context): Spawn["target"] {
    const named = pick(this.callsIn(ctx, r.b), r.a);
    if (named !== undefined && (r.body === undefined || ctx.depth >= 2)) {
      return named.args === undefined ? { coroutine: named.call } : { coroutine: named.call, args: named.args };
    }
    const rawBody = r.body ?? [{ ...r, kind: "sleep" }];
    // A spawned task is a new task: `return` is allowed again, but a quiet task stays quiet.
    // It does not drive the spawner's async generators.
    return { body: this.resolveBody(rawBody, { ...ctx, depth: ctx.depth + 1, inWith: false, inRepeat: false, inHandler: false, inAgen: false, agens: [] }) };
  }

  /** A context whose bindings are copies (so that a block's bindings stay in the block). */
  copyScope(ctx: Context): Context {
    return {
      ...ctx,
      tasks: [...ctx.tasks],
      futures: [...ctx.futures],
      primitives: [...ctx.primitives],
      queues: [...ctx.queues],
      others: [...(ctx.others ?? [])],
      agens: [...(ctx.agens ?? [])],
      sleepyAgens: [...(ctx.sleepyAgens ?? [])],
    };
  }

  /** Resolves a block: bindings made in it are visible to its later statements only. */
  resolveBody(body: RawStmt[], ctx: Context): Stmt[] {
    const out: Stmt[] = [];
    const local = this.copyScope(ctx);
    for (const stmt of body) out.push(...this.resolveStmt(stmt, local));
    return out;
  }

  /** Resolves one raw statement. */
  resolveStmt(r: RawStmt, ctx: Context): Stmt[] {
    if (ctx.cleanup && (!CLEANUP_KINDS.has(r.kind) || (ctx.shutdown && r.kind === "sleep"))) return this.logInstead();
    // Version patterns catch cancellations, which a program with a shutdown must not.
    if (r.kind === "pattern") return ctx.inRepeat || ctx.inWith || ctx.quiet || ctx.shutdown ? quietOr(this, r, ctx) : versionPattern(r, this);
    // A convoy's waiters would be cancelled at shutdown in set order: not with an entry.
    if (r.kind === "convoy") return ctx.inRepeat || ctx.quiet || ctx.shutdown ? quietOr(this, r, ctx) : convoy(r, ctx, this);
    const generate = OPS[r.kind].generate;
    if (generate === undefined) return this.sleepInstead(r);
    if (ctx.quiet && generate.quiet === "degrade") return this.sleepInstead(r);
    return generate.resolve(r, ctx, this);
  }

  /** What a named coroutine with these parameters sees at its start (see {@link parameterScope}). */
  parameterScope(params: readonly Parameter[]): Omit<Context, "callable" | "depth"> {
    return parameterScope(params);
  }

  /** Whether a named coroutine's body keeps a task group child quiet (see `Context.quiet`). */
  isQuiet(body: Stmt[]): boolean {
    return body.every((st) => {
      const generate = opOf(st).generate;
      return generate?.quiet === "safe" && (generate.quietWhen?.(st, this) ?? true);
    });
  }
}

/**
 * The entry a raw choice number makes (0: none): bit 0 a `Runner` (3.11+) rather than
 * `asyncio.run`, bits 1-2 debug (absent, True, False, or 3: absent, and for a runner
 * `lifecycle` when bit 5 is set, else a failing last run: see {@link failingRunAllowed}),
 * bits 3-5 which named coroutines the runner runs after main; for `asyncio.run`, bit 3
 * passes `loop_factory` (3.12+).
 */
function resolveEntry(choice: number, coroutines: string[], minor: number): Entry | undefined {
  if (choice === 0) return undefined;
  const n = choice - 1;
  const debugBits = (n >> 1) & 3;
  const debug = debugBits === 1 ? { debug: true } : debugBits === 2 ? { debug: false } : {};
  if ((n & 1) === 0 || minor < RUNNER_SINCE) {
    const factory = (n & 8) !== 0 && minor >= RUN_LOOP_FACTORY_SINCE ? { loopFactory: true as const } : {};
    return { kind: "run", ...debug, ...factory };
  }
  const runs = coroutines.filter((_, k) => ((n >> 3) & (1 << k)) !== 0).slice(0, 2);
  const lifecycle = debugBits === 3 && (n & 32) !== 0;
  return { kind: "runner", ...debug, runs, ...(lifecycle ? { lifecycle: true as const } : {}) };
}

/**
 * The calls outside the running loop that raw numbers make (see `RawProgram.outside`): bit
 * 0 after the entry (else before), the other bits which call of those the target has; at
 * most {@link MAX_OUTSIDE_CALLS} each side.
 */
function resolveOutside(raw: readonly number[], minor: number): OutsideCalls {
  const cases = outsideCasesFor(minor);
  const prologue: OutsideCaseName[] = [];
  const epilogue: OutsideCaseName[] = [];
  for (const n of raw) {
    const side = (n & 1) === 0 ? prologue : epilogue;
    if (side.length < MAX_OUTSIDE_CALLS) side.push(cases[(n >> 1) % cases.length] as OutsideCaseName);
  }
  return { ...(prologue.length > 0 ? { prologue } : {}), ...(epilogue.length > 0 ? { epilogue } : {}) };
}

/**
 * Whether the runner's last run may be a coroutine that takes parameters (debug bits 3,
 * bit 5 clear; with bit 5 set the runner is a `lifecycle` one instead):
 * the run calls it with no arguments, which raises TypeError as in Python and ends the
 * program there. Other runs run only coroutines without parameters, so that most runner
 * programs go on to their later runs.
 */
function failingRunAllowed(choice: number): boolean {
  return choice > 0 && (((choice - 1) >> 1) & 3) === 3 && ((choice - 1) & 32) === 0;
}

/** A pattern where none may go: a sleep in a quiet context, else a log. */
function quietOr(g: Resolver, r: RawStmt, ctx: Context): Stmt[] {
  return ctx.quiet ? g.sleepInstead(r) : g.logInstead();
}

/**
 * Turns a raw program into a valid IR program for `python` (see the module comment).
 *
 * @example
 * ```ts
 * const program = resolveProgram(raw, "3.11");
 * checkProgram(program); // []
 * ```
 */
export function resolveProgram(raw: RawProgram, python: PythonVersion, options: ResolveOptions = {}): Program {
  const g = new Resolver(python, options);
  const letters = raw.coroutines.map((_, i) => String.fromCharCode(97 + i));
  const names = letters.map((letter) => `co_${letter}`);
  const coroutines: Record<string, Stmt[]> = {};
  const entry = resolveEntry(raw.entry ?? 0, names, g.minor);
  const shared = entry === undefined ? [] : resolveShared(raw.loops?.shared ?? [], g);
  const withShared = <C extends Pick<Context, "primitives" | "queues">>(ctx: C): C => {
    for (const o of shared) {
      if (o.kind === "queue") ctx.queues.push({ name: o.bind, kind: "fifo", ...(o.value === undefined ? {} : { maxsize: o.value }) });
      else ctx.primitives.push({ name: o.bind, kind: o.kind });
    }
    return ctx;
  };
  const empty = (): Omit<Context, "callable" | "depth"> =>
    withShared({ tasks: [], futures: [], primitives: [], queues: [], inRepeat: false, ...(entry ? { shutdown: true } : {}) });
  // Parameters stand for what main makes first (so that calls in main can pass it), or for a task or future.
  const kinds: ParameterKind[] = [
    ...raw.objects.map((r): ParameterKind => (r.kind === "queue" ? "queue" : generatedPrimitiveKind(r.a, g.primitiveKinds, g.minor))),
    "future",
    "task",
  ];
  // Coroutine i may use only coroutines defined after it, so calls never cycle.
  for (let i = raw.coroutines.length - 1; i >= 0; i--) {
    const name = names[i] as string;
    const params = (raw.params?.[i] ?? []).map((n, k): Parameter => {
      const kind = kinds[n % kinds.length] as ParameterKind;
      return { name: g.parameterName(kind, letters[i] as string, k + 1), kind };
    });
    if (params.length > 0) g.parameters.set(name, params);
    const body = g.resolveBody(raw.coroutines[i] as RawStmt[], {
      ...withShared(g.parameterScope(params)),
      ...(entry ? { shutdown: true } : {}),
      callable: names.slice(i + 1),
      depth: 1,
    });
    coroutines[name] = body;
    if (g.isQuiet(body)) g.quietSafe.add(name);
  }
  // A Runner runs named coroutines with no arguments: those without parameters, and at
  // times, last, one with parameters (its call raises TypeError).
  if (entry?.kind === "runner") {
    const runs = entry.runs;
    const failing = failingRunAllowed(raw.entry ?? 0);
    entry.runs = runs.filter((name, k) => !g.parameters.has(name) || (failing && k === runs.length - 1));
  }
  const ordered: Record<string, Stmt[]> = {};
  for (const name of names) ordered[name] = coroutines[name] as Stmt[];
  const main = g.resolveBody([...raw.objects, ...raw.spawns, ...raw.main], { ...empty(), callable: names, depth: 0 });
  if (entry !== undefined && raw.main.length % 2 === 0) main.unshift(failingAtExit(g));
  for (const [name, body] of g.madeCoroutines) ordered[name] = body;
  const program: Program = { schema: 1, python, exceptions: [...EXCEPTIONS], coroutines: ordered, main };
  if (g.parameters.size > 0) {
    program.parameters = {};
    for (const name of Object.keys(ordered)) {
      const params = g.parameters.get(name);
      if (params !== undefined) program.parameters[name] = params;
    }
  }
  if (raw.eager && g.minor >= FEATURE_SINCE.eagerTaskFactory) program.taskFactory = "eager";
  if (entry !== undefined) {
    program.entry = { ...entry, ...resolveOutside(raw.outside ?? [], g.minor) };
    if (shared.length > 0) {
      program.entry.shared = shared;
      // 3.7-3.9 make them with get_event_loop(), which raises once set_event_loop(None)
      // was called: an object the program could not make would be None, not one to use.
      const prologue = program.entry.prologue?.filter((name) => g.minor >= 10 || name !== "set_event_loop(None)");
      if (prologue !== undefined && prologue.length > 0) program.entry.prologue = prologue;
      else delete program.entry.prologue;
    }
    // Runs again main, or a coroutine without parameters (a call with none would raise
    // TypeError), mostly one that uses a shared object (which main may have bound).
    const plain = names.filter((name) => !g.parameters.has(name));
    const users = plain.filter((name) => shared.some((o) => JSON.stringify(ordered[name]).includes(`"${o.bind}"`)));
    const choices = ["main", ...(users.length > 0 ? users : plain)];
    const again = (raw.loops?.again ?? []).map((n) => choices[n % choices.length] as string);
    if (shared.length > 0 && again.length > 0) program.entry.again = again;
  }
  return program;
}

/**
 * Module-level objects (see ../ops/shared_objects.ts): each raw number picks a kind among
 * those the target has (a barrier needs 3.11) and a value; named as main's objects are.
 */
function resolveShared(raw: readonly number[], g: Resolver): SharedObject[] {
  const kinds = SHARED_KINDS.filter((k) => k === "queue" || (g.primitiveKinds.includes(k) && (k !== "barrier" || g.minor >= FEATURE_SINCE.barrier)));
  return raw.map((n): SharedObject => {
    const kind = kinds[n % kinds.length] as SharedKind;
    const bind = `${kind === "queue" ? "q" : PREFIX[kind]}${g.nextObject()}`;
    const pick = (n >> 3) % 3;
    if (kind === "semaphore" || kind === "bounded_semaphore") return { bind, kind, value: pick + 1 };
    if (kind === "barrier") return { bind, kind, value: pick + 2 };
    if (kind === "queue" && pick > 0) return { bind, kind, value: pick };
    return { bind, kind };
  });
}

/**
 * A task main starts first under an entry, which sleeps past the program's end and turns
 * the cancellation the entry's shutdown gives it into an exception: the shutdown reports
 * it through the loop's exception handler ("unhandled exception during asyncio.run()
 * shutdown"). No other statement knows the task, and it raises without suspending, so the
 * order in which the shutdown cancels the leftover tasks (set order) cannot change what it
 * does.
 */
function failingAtExit(g: Resolver): Stmt {
  const body: Stmt[] = [{ op: "catch_cancel", body: [{ op: "sleep", delay: 30 }], cleanup: [{ op: "raise", exception: "AlphaError", arg: "at exit" }] }];
  return { op: "spawn", bind: g.nextTask(), target: { body } };
}

/**
 * What a named coroutine sees at its start: its parameters. The class of a queue it is
 * passed is unknown there, so it puts what a PriorityQueue takes (numbers and
 * `[priority, name]` lists; a FIFO or LIFO queue takes them as well).
 */
export function parameterScope(params: readonly Parameter[]): Omit<Context, "callable" | "depth"> {
  const scope: Omit<Context, "callable" | "depth"> = { tasks: [], futures: [], primitives: [], queues: [], inRepeat: false };
  for (const p of params) {
    if (p.kind === "task") scope.tasks.push(p.name);
    else if (p.kind === "future") scope.futures.push(p.name);
    else if (p.kind === "queue") scope.queues.push({ name: p.name, kind: "priority" });
    else scope.primitives.push({ name: p.name, kind: p.kind });
  }
  return scope;
}
