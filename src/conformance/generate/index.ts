/**
 * fast-check arbitraries of programs: only well-formed, terminating programs that rely on
 * nothing nondeterministic in CPython (set order, garbage collection).
 *
 * Generation happens in two steps. fast-check builds a *raw* program: statements whose
 * references are plain numbers ("the 3rd thing visible here"). A deterministic resolver
 * turns it into IR, mapping each number onto what is visible at that point (modulo the
 * count) and degrading a statement that has nothing to refer to (an `await` with nothing
 * to await becomes a `sleep`). Because the resolver accepts any raw program, every value
 * fast-check produces while shrinking (statements removed, numbers lowered) is still a
 * valid program.
 *
 * Where the corners are: delays come from a small grid of exactly representable values
 * with repeats, so equal deadlines are common; cancellations target tasks and futures at
 * whatever they are awaiting (sleep, task, future, gather, wait, shield), often at the same
 * deadline as their completion; children of gather and wait raise; callbacks (call_soon,
 * call_later, done-callbacks) interleave with task wake-ups.
 *
 * @example
 * ```ts
 * const [program] = fc.sample(programArbitrary({ python: "3.12" }), { seed: 1, numRuns: 1 });
 * ```
 * @module
 */
import fc from "fast-check";
import { pythonMinor, type PythonVersion } from "../../asyncio/version.ts";
import type { Awaitable, Catch, FutureRef, Program, StatementKind, Stmt } from "../ir/index.ts";

/** Delays in seconds: exactly representable, with deliberate repeats. */
export const DELAY_GRID = [0, 0.25, 0.5, 0.5, 1, 1, 1.5, 2] as const;

/** Relative weights of statement kinds (0 disables a kind). */
export type Weights = Partial<Record<StatementKind, number>>;

/** The default mix: many tasks, sleeps, awaits and cancellations. */
export const DEFAULT_WEIGHTS: Required<Weights> = {
  log: 2,
  sleep: 8,
  spawn: 8,
  await: 7,
  future: 3,
  set_result: 1,
  set_exception: 1,
  resolve_later: 1,
  gather: 4,
  wait: 3,
  shield: 2,
  cancel: 5,
  raise: 2,
  try: 4,
  return: 1,
  repeat: 2,
  call_soon: 2,
  call_later: 2,
  add_done_callback: 2,
  probe: 2,
};

/** Options of {@link programArbitrary}. */
export interface GenerateOptions {
  /** The CPython release the programs target: features it lacks are never generated. */
  python: PythonVersion;
  /** Statement weights (merged over {@link DEFAULT_WEIGHTS}). */
  weights?: Weights;
  /** Statements in main: at most this many (default 14). */
  mainLength?: number;
  /** Named coroutine definitions: at most this many (default 3). */
  coroutines?: number;
}

// -- the raw program ------------------------------------------------------------------------

/** A statement before resolution: a kind and some numbers; compound kinds have bodies. */
export interface RawStmt {
  kind: StatementKind;
  /** Generic choices (what to refer to, which variant). */
  a: number;
  b: number;
  items: number[];
  delay: number;
  value: number;
  flag: boolean;
  body?: RawStmt[] | undefined;
  handlers?: { catchIndex: number; body: RawStmt[] }[] | undefined;
  final?: RawStmt[] | undefined;
}

export interface RawProgram {
  coroutines: RawStmt[][];
  /** Tasks main starts before anything else, so that most programs are concurrent. */
  spawns: RawStmt[];
  main: RawStmt[];
}

const CATCHES: Catch[] = ["AlphaError", "BetaError", "CancelledError", "Exception", "BaseException"];
const EXCEPTIONS = ["AlphaError", "BetaError"];
const COMPOUND: StatementKind[] = ["try", "repeat"];

function rawStatement(weights: Required<Weights>, maxBody: number): fc.Arbitrary<RawStmt> {
  const leafKinds = (Object.keys(weights) as StatementKind[]).filter((k) => weights[k] > 0 && !COMPOUND.includes(k));
  const kind = fc.oneof(...leafKinds.map((k) => ({ arbitrary: fc.constant(k), weight: weights[k] })));
  const fields = {
    a: fc.nat(64),
    b: fc.nat(64),
    items: fc.array(fc.nat(64), { minLength: 1, maxLength: 4 }),
    delay: fc.nat(DELAY_GRID.length - 1),
    value: fc.nat(9),
    flag: fc.boolean(),
  };
  const { stmt } = fc.letrec<{ stmt: RawStmt; leaf: RawStmt; compound: RawStmt }>((tie) => {
    const body = fc.array(tie("stmt"), { minLength: 1, maxLength: maxBody });
    const compoundKinds: fc.WeightedArbitrary<RawStmt>[] = [];
    if (weights.try > 0) {
      compoundKinds.push({
        weight: weights.try,
        arbitrary: fc.record({
          kind: fc.constant<StatementKind>("try"),
          ...fields,
          body,
          handlers: fc.array(fc.record({ catchIndex: fc.nat(CATCHES.length - 1), body: fc.array(tie("stmt"), { maxLength: 2 }) }), {
            maxLength: 2,
          }),
          final: fc.option(fc.array(tie("stmt"), { maxLength: 2 }), { nil: undefined }),
        }),
      });
    }
    if (weights.repeat > 0) {
      compoundKinds.push({ weight: weights.repeat, arbitrary: fc.record({ kind: fc.constant<StatementKind>("repeat"), ...fields, body }) });
    }
    // A spawn may carry an inline body (used when there is no named coroutine to spawn, or by choice).
    const leaf = fc.record({
      kind,
      ...fields,
      body: fc.option(fc.array(tie("stmt"), { minLength: 1, maxLength: maxBody }), { nil: undefined, freq: 2 }),
    });
    const leafWeight = leafKinds.reduce((sum, k) => sum + weights[k], 0);
    return {
      stmt: compoundKinds.length === 0
        ? tie("leaf")
        : fc.oneof({ depthSize: "small", maxDepth: 3, depthIdentifier: "stmt" }, { arbitrary: tie("leaf"), weight: leafWeight }, tie("compound")),
      leaf,
      compound: compoundKinds.length > 0 ? fc.oneof(...compoundKinds) : tie("leaf"),
    };
  });
  return stmt;
}

/** The raw program arbitrary (exposed for tests of the resolver). */
export function rawProgramArbitrary(options: GenerateOptions): fc.Arbitrary<RawProgram> {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const stmt = rawStatement(weights, 5);
  const spawn = stmt.map((r): RawStmt => ({ ...r, kind: "spawn", body: r.body ?? [r] }));
  return fc.record({
    coroutines: fc.array(fc.array(stmt, { minLength: 1, maxLength: 6 }), { maxLength: options.coroutines ?? 3 }),
    spawns: fc.array(spawn, { minLength: weights.spawn > 0 ? 2 : 0, maxLength: weights.spawn > 0 ? 5 : 0 }),
    main: fc.array(stmt, { minLength: 2, maxLength: options.mainLength ?? 14 }),
  });
}

// -- resolution -------------------------------------------------------------------------------

interface Counters {
  task: number;
  future: number;
  label: number;
  text: number;
}

interface Context {
  tasks: string[];
  futures: string[];
  /** Named coroutines this scope may call or spawn (keeps the call graph acyclic). */
  callable: string[];
  inRepeat: boolean;
  depth: number;
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/**
 * Turns a raw program into a valid IR program for `python` (see the module comment).
 *
 * @example
 * ```ts
 * const program = resolveProgram(raw, "3.11");
 * checkProgram(program); // []
 * ```
 */
export function resolveProgram(raw: RawProgram, python: PythonVersion): Program {
  const minor = pythonMinor(python);
  const counters: Counters = { task: 0, future: 0, label: 0, text: 0 };
  const names = raw.coroutines.map((_, i) => `co_${String.fromCharCode(97 + i)}`);

  const resolveBody = (body: RawStmt[], ctx: Context): Stmt[] => {
    const out: Stmt[] = [];
    // Bindings made in this block are visible to later statements of the block only.
    const local: Context = { ...ctx, tasks: [...ctx.tasks], futures: [...ctx.futures] };
    for (const stmt of body) out.push(...resolveStmt(stmt, local));
    return out;
  };

  const delayOf = (r: RawStmt): number => DELAY_GRID[r.delay % DELAY_GRID.length] as number;
  const valueOf = (r: RawStmt): number | string => (r.flag ? r.value : `v${r.value}`);
  const futureRef = (n: number, ctx: Context): FutureRef | undefined => {
    const all: FutureRef[] = [...ctx.tasks.map((task) => ({ task })), ...ctx.futures.map((future) => ({ future }))];
    return pick(all, n);
  };
  const awaitableRef = (n: number, ctx: Context): Awaitable | undefined => {
    const all: Awaitable[] = [
      ...ctx.tasks.map((task) => ({ task })),
      ...ctx.futures.map((future) => ({ future })),
      ...ctx.callable.map((call) => ({ call })),
    ];
    return pick(all, n);
  };
  const sleepInstead = (r: RawStmt): Stmt[] => [{ op: "sleep", delay: delayOf(r) }];

  const resolveStmt = (r: RawStmt, ctx: Context): Stmt[] => {
    switch (r.kind) {
      case "log":
        return [{ op: "log", text: `m${++counters.text}` }];
      case "sleep":
        return [{ op: "sleep", delay: delayOf(r) }];
      case "spawn": {
        if (ctx.inRepeat) return [{ op: "log", text: `m${++counters.text}` }];
        const bind = `t${++counters.task}`;
        const named = pick(ctx.callable, r.a);
        let target: Extract<Stmt, { op: "spawn" }>["target"];
        if (named !== undefined && (r.body === undefined || ctx.depth >= 2)) {
          target = { coroutine: named };
        } else {
          const rawBody = r.body ?? [{ ...r, kind: "sleep" }];
          target = { body: resolveBody(rawBody, { ...ctx, depth: ctx.depth + 1 }) };
        }
        ctx.tasks.push(bind);
        return [{ op: "spawn", bind, target }];
      }
      case "await": {
        const target = awaitableRef(r.a, ctx);
        return target === undefined ? sleepInstead(r) : [{ op: "await", target }];
      }
      case "future": {
        if (ctx.inRepeat) return [{ op: "log", text: `m${++counters.text}` }];
        const bind = `f${++counters.future}`;
        ctx.futures.push(bind);
        const out: Stmt[] = [{ op: "future", bind }];
        // Most futures get resolved by a timer, so that awaiting them rarely deadlocks.
        if (r.value < 8) out.push({ op: "resolve_later", future: bind, delay: delayOf(r), value: valueOf(r) });
        return out;
      }
      case "set_result": {
        const future = pick(ctx.futures, r.a);
        return future === undefined ? sleepInstead(r) : [{ op: "set_result", future, value: valueOf(r) }];
      }
      case "set_exception": {
        const future = pick(ctx.futures, r.a);
        if (future === undefined) return sleepInstead(r);
        return [{ op: "set_exception", future, exception: EXCEPTIONS[r.b % 2] as string, arg: valueOf(r) }];
      }
      case "resolve_later": {
        const future = pick(ctx.futures, r.a);
        return future === undefined ? sleepInstead(r) : [{ op: "resolve_later", future, delay: delayOf(r), value: valueOf(r) }];
      }
      case "gather": {
        const items = r.items.map((n) => awaitableRef(n, ctx)).filter((x): x is Awaitable => x !== undefined);
        return items.length === 0 ? sleepInstead(r) : [{ op: "gather", items, returnExceptions: r.flag }];
      }
      case "wait": {
        const items = r.items.map((n) => futureRef(n, ctx)).filter((x): x is FutureRef => x !== undefined);
        if (items.length === 0) return sleepInstead(r);
        const returnWhen = (["ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"] as const)[r.b % 3] as
          | "ALL_COMPLETED"
          | "FIRST_COMPLETED"
          | "FIRST_EXCEPTION";
        const wait: Stmt = { op: "wait", items, returnWhen };
        if (r.flag) wait.timeout = delayOf(r);
        return [wait];
      }
      case "shield": {
        const target = awaitableRef(r.a, ctx);
        return target === undefined ? sleepInstead(r) : [{ op: "shield", target }];
      }
      case "cancel": {
        const target = futureRef(r.a, ctx);
        if (target === undefined) return sleepInstead(r);
        const cancel: Stmt = { op: "cancel", target };
        if (minor >= 9 && r.b % 2 === 1) cancel.msg = `c${r.value}`;
        return [cancel];
      }
      case "raise":
        // An uncaught raise at the top of main ends the program at once; keep that rare.
        if (ctx.depth === 0 && r.b % 4 !== 0) return [{ op: "log", text: `m${++counters.text}` }];
        return [{ op: "raise", exception: EXCEPTIONS[r.a % 2] as string, arg: valueOf(r) }];
      case "try": {
        const inner = { ...ctx, depth: ctx.depth + 1 };
        const stmt: Stmt = {
          op: "try",
          body: resolveBody(r.body ?? [], inner),
          handlers: (r.handlers ?? []).map((h) => ({ catch: CATCHES[h.catchIndex % CATCHES.length] as Catch, body: resolveBody(h.body, inner) })),
        };
        if (r.final !== undefined) stmt.finally = resolveBody(r.final, inner);
        return [stmt];
      }
      case "return":
        return [{ op: "return", value: valueOf(r) }];
      case "repeat":
        return [{ op: "repeat", times: (r.value % 3) + 1, body: resolveBody(r.body ?? [], { ...ctx, inRepeat: true, depth: ctx.depth + 1 }) }];
      case "call_soon":
        return [{ op: "call_soon", label: `cb${++counters.label}` }];
      case "call_later":
        return [{ op: "call_later", delay: delayOf(r), label: `cb${++counters.label}` }];
      case "add_done_callback": {
        const target = futureRef(r.a, ctx);
        return target === undefined ? sleepInstead(r) : [{ op: "add_done_callback", target, label: `cb${++counters.label}` }];
      }
      case "probe": {
        const target = futureRef(r.a, ctx);
        const what = (["done", "cancelled", "result", "exception"] as const)[r.b % 4] as "done" | "cancelled" | "result" | "exception";
        return target === undefined ? sleepInstead(r) : [{ op: "probe", target, what }];
      }
    }
  };

  const coroutines: Record<string, Stmt[]> = {};
  // Coroutine i may use only coroutines defined after it, so calls never cycle.
  for (let i = raw.coroutines.length - 1; i >= 0; i--) {
    coroutines[names[i] as string] = resolveBody(raw.coroutines[i] as RawStmt[], {
      tasks: [],
      futures: [],
      callable: names.slice(i + 1),
      inRepeat: false,
      depth: 1,
    });
  }
  const ordered: Record<string, Stmt[]> = {};
  for (const name of names) ordered[name] = coroutines[name] as Stmt[];
  const main = resolveBody([...raw.spawns, ...raw.main], { tasks: [], futures: [], callable: names, inRepeat: false, depth: 0 });
  return { schema: 1, python, exceptions: [...EXCEPTIONS], coroutines: ordered, main };
}

/**
 * Programs for `options.python`: well formed, terminating, and free of nondeterminism.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(programArbitrary({ python: "3.13" }), (p) => checkProgram(p).length === 0));
 * ```
 */
export function programArbitrary(options: GenerateOptions): fc.Arbitrary<Program> {
  return rawProgramArbitrary(options).map((raw) => resolveProgram(raw, options.python));
}
