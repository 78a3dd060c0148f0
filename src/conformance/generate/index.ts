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
import {
  nestedBodies,
  FEATURE_SINCE,
  ACTIONS_OF,
  PRIMITIVE_KINDS,
  QUEUE_KINDS,
  type Awaitable,
  type Catch,
  type FutureRef,
  type PrimitiveKind,
  type Program,
  type QueueAction,
  type QueueKind,
  type StatementKind,
  type Stmt,
  type SyncAction,
} from "../ir/index.ts";

/** Delays in seconds: exactly representable, with deliberate repeats. */
export const DELAY_GRID = [0, 0.25, 0.5, 0.5, 1, 1, 1.5, 2] as const;

/** Relative weights of statement kinds and of version patterns (0 disables one). */
export type Weights = Partial<Record<RawKind, number>>;

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
  wait_for: 3,
  timeout: 3,
  task_group: 3,
  primitive: 3,
  sync: 5,
  with: 3,
  set_later: 1,
  queue: 2,
  queue_op: 5,
  as_completed: 2,
  pattern: 2,
};

const PRIMITIVE_PREFIX: Record<PrimitiveKind, string> = {
  lock: "lk",
  event: "ev",
  condition: "cv",
  semaphore: "sm",
  bounded_semaphore: "bs",
  barrier: "br",
};
/** Queue actions, weighted by repetition: mostly put and get. */
const QUEUE_ACTION_MIX: QueueAction[] = ["put", "get", "put", "get", "put_nowait", "get_nowait", "task_done", "join", "qsize", "shutdown"];

/** Statement kinds that need a newer release than 3.7, with the minor that added them. */
const KIND_SINCE: Partial<Record<StatementKind, number>> = { timeout: FEATURE_SINCE.timeout, task_group: FEATURE_SINCE.taskGroup };

/** Feature areas a campaign can focus on (`--feature`). */
export const FEATURE_AREAS = [
  "combinators", "timeouts", "task_groups", "locks", "conditions", "semaphores", "barriers", "queues", "callbacks",
  "cancellation",
] as const;
export type FeatureArea = (typeof FEATURE_AREAS)[number];

/** What focusing on an area means: extra weight for its statements, and which primitives to make. */
export const AREA_FOCUS: Record<FeatureArea, { weights: Weights; primitives?: PrimitiveKind[]; since?: number }> = {
  combinators: { weights: { gather: 10, wait: 8, wait_for: 8, shield: 6, as_completed: 6 } },
  timeouts: { weights: { timeout: 14, wait_for: 6 }, since: FEATURE_SINCE.timeout },
  task_groups: { weights: { task_group: 14, raise: 4 }, since: FEATURE_SINCE.taskGroup },
  locks: { weights: { primitive: 6, sync: 10, with: 8 }, primitives: ["lock"] },
  conditions: { weights: { primitive: 6, sync: 10, with: 8, pattern: 3 }, primitives: ["condition"] },
  semaphores: { weights: { primitive: 6, sync: 10, with: 8, pattern: 3 }, primitives: ["semaphore", "bounded_semaphore"] },
  barriers: { weights: { primitive: 6, sync: 10, with: 6 }, primitives: ["barrier"], since: FEATURE_SINCE.barrier },
  queues: { weights: { queue: 6, queue_op: 16 } },
  callbacks: { weights: { call_soon: 8, call_later: 8, add_done_callback: 8, set_later: 4, resolve_later: 6 } },
  cancellation: { weights: { cancel: 16, try: 8, shield: 6 } },
};

/**
 * The feature areas the program uses (the statements, or primitives, that define each), in
 * {@link FEATURE_AREAS} order. Walks the program once: prefer it to calling
 * {@link usesArea} for each area.
 *
 * @example
 * ```ts
 * areasUsed(program).has("queues"); // true when it makes a queue and operates on it
 * ```
 */
export function areasUsed(program: Program): Set<FeatureArea> {
  const ops = new Set<string>();
  const prims = new Set<string>();
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      ops.add(stmt.op);
      if (stmt.op === "primitive") prims.add(stmt.kind);
      for (const [, nested] of nestedBodies(stmt)) visit(nested);
    }
  };
  Object.values(program.coroutines).forEach(visit);
  visit(program.main);
  const uses = (area: FeatureArea): boolean => {
    const focus = AREA_FOCUS[area];
    if (focus.primitives) return focus.primitives.some((k) => prims.has(k)) && (ops.has("sync") || ops.has("with"));
    if (area === "queues") return ops.has("queue_op");
    return Object.keys(focus.weights).some((op) => op !== "raise" && op !== "pattern" && ops.has(op));
  };
  return new Set(FEATURE_AREAS.filter(uses));
}

/**
 * True when the program uses the area (the statements, or primitives, that define it).
 *
 * @example
 * ```ts
 * usesArea(program, "queues"); // true when it makes a queue and operates on it
 * ```
 */
export function usesArea(program: Program, area: FeatureArea): boolean {
  return areasUsed(program).has(area);
}

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
  /** Which primitives `primitive` statements make (default: all the target has). */
  primitives?: PrimitiveKind[];
}

// -- the raw program ------------------------------------------------------------------------

/**
 * A raw kind: a statement kind, or `pattern`, a known shape of program that exercises a
 * behaviour differing between CPython releases (see `patterns` below).
 */
export type RawKind = StatementKind | "pattern";

/** A statement before resolution: a kind and some numbers; compound kinds have bodies. */
export interface RawStmt {
  kind: RawKind;
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
  /** Task group children (each a raw spawn). */
  group?: RawStmt[] | undefined;
}

export interface RawProgram {
  /** Use the eager task factory (3.12+ targets only). */
  eager: boolean;
  coroutines: RawStmt[][];
  /** Primitives and queues main makes first, so that the tasks it starts can share them. */
  objects: RawStmt[];
  /** Tasks main starts before anything else, so that most programs are concurrent. */
  spawns: RawStmt[];
  main: RawStmt[];
}

const CATCHES: Catch[] = ["AlphaError", "BetaError", "CancelledError", "Exception", "BaseException"];
const EXCEPTIONS = ["AlphaError", "BetaError"];
const COMPOUND: StatementKind[] = ["try", "repeat", "timeout", "task_group", "with", "as_completed"];

function rawStatement(weights: Required<Weights>, maxBody: number): fc.Arbitrary<RawStmt> {
  const leafKinds = (Object.keys(weights) as RawKind[]).filter((k) => weights[k] > 0 && !COMPOUND.includes(k as StatementKind));
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
    for (const kind of ["repeat", "timeout", "with"] as const) {
      if (weights[kind] > 0) compoundKinds.push({ weight: weights[kind], arbitrary: fc.record({ kind: fc.constant<StatementKind>(kind), ...fields, body }) });
    }
    const child = fc.record({ kind: fc.constant<StatementKind>("spawn"), ...fields, body: fc.option(body, { nil: undefined, freq: 3 }) });
    if (weights.as_completed > 0) {
      compoundKinds.push({
        weight: weights.as_completed,
        arbitrary: fc.record({ kind: fc.constant<StatementKind>("as_completed"), ...fields, group: fc.array(child, { minLength: 1, maxLength: 3 }) }),
      });
    }
    if (weights.task_group > 0) {
      compoundKinds.push({
        weight: weights.task_group,
        arbitrary: fc.record({
          kind: fc.constant<StatementKind>("task_group"),
          ...fields,
          group: fc.array(child, { minLength: 1, maxLength: 3 }),
          body: fc.array(tie("stmt"), { maxLength: 3 }),
        }),
      });
    }
    // A spawn may carry an inline body (used when there is no named coroutine to spawn, or by choice).
    const leaf = fc.record({
      kind,
      ...fields,
      body: fc.option(fc.array(tie("stmt"), { minLength: 1, maxLength: maxBody }), { nil: undefined, freq: 2 }),
    });
    const leafWeight = leafKinds.reduce((sum, k) => sum + weights[k], 0);
    const compoundWeight = compoundKinds.reduce((sum, k) => sum + k.weight, 0);
    return {
      stmt: compoundKinds.length === 0
        ? tie("leaf")
        : fc.oneof(
            { depthSize: "small", maxDepth: 3, depthIdentifier: "stmt" },
            { arbitrary: tie("leaf"), weight: leafWeight },
            { arbitrary: tie("compound"), weight: compoundWeight },
          ),
      leaf,
      compound: compoundKinds.length > 0 ? fc.oneof(...compoundKinds) : tie("leaf"),
    };
  });
  return stmt;
}

/** The raw program arbitrary (exposed for tests of the resolver). */
export function rawProgramArbitrary(options: GenerateOptions): fc.Arbitrary<RawProgram> {
  const minor = pythonMinor(options.python);
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  for (const [kind, since] of Object.entries(KIND_SINCE) as [StatementKind, number][]) if (minor < since) weights[kind] = 0;
  const stmt = rawStatement(weights, 5);
  const spawn = stmt.map((r): RawStmt => ({ ...r, kind: "spawn", body: r.body ?? [r] }));
  const object = stmt.map((r): RawStmt => ({ ...r, kind: r.flag ? "primitive" : "queue", body: undefined }));
  const objects = weights.primitive + weights.queue > 0 ? fc.array(object, { maxLength: 3 }) : fc.constant<RawStmt[]>([]);
  return fc.record({
    eager: minor >= FEATURE_SINCE.eagerTaskFactory ? fc.nat(3).map((n) => n === 3) : fc.constant(false),
    coroutines: fc.array(fc.array(stmt, { minLength: 1, maxLength: 6 }), { maxLength: options.coroutines ?? 3 }),
    objects,
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
  object: number;
}

interface Context {
  tasks: string[];
  futures: string[];
  /** Named coroutines this scope may call or spawn (keeps the call graph acyclic). */
  callable: string[];
  inRepeat: boolean;
  depth: number;
  /** Inside a timeout or task_group block (no `return` there). */
  inWith?: boolean;
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
  queues: { name: string; kind: QueueKind }[];
}

/** Statements a quiet named coroutine may contain (see `Context.quiet`). */
const QUIET_OPS = new Set<string>(["log", "sleep", "spawn", "future", "set_result", "set_exception", "resolve_later",
  "cancel", "raise", "return", "call_soon", "call_later", "add_done_callback", "probe", "repeat", "await"]);
/** Raw kinds a quiet task group child gets a sleep instead of (see `Context.quiet`). */
const QUIET_DEGRADED = new Set<RawKind>(["wait_for", "gather", "wait", "shield", "task_group", "sync", "with", "queue_op", "as_completed", "pattern"]);

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
export function resolveProgram(raw: RawProgram, python: PythonVersion, primitiveKinds?: readonly PrimitiveKind[]): Program {
  const minor = pythonMinor(python);
  const counters: Counters = { task: 0, future: 0, label: 0, text: 0, object: 0 };
  const names = raw.coroutines.map((_, i) => `co_${String.fromCharCode(97 + i)}`);
  const queueActions = QUEUE_ACTION_MIX.filter((a) => a !== "shutdown" || minor >= FEATURE_SINCE.queueShutdown);

  /** Named coroutines a task group child may call (see `Context.quiet`). */
  const quietSafe = new Set<string>();
  const isQuiet = (body: Stmt[]): boolean =>
    body.every(
      (st) =>
        QUIET_OPS.has(st.op) &&
        (st.op !== "await" || ("call" in st.target && quietSafe.has(st.target.call))) &&
        (st.op !== "repeat" || isQuiet(st.body)),
    );

  const resolveBody = (body: RawStmt[], ctx: Context): Stmt[] => {
    const out: Stmt[] = [];
    // Bindings made in this block are visible to later statements of the block only.
    const local: Context = {
      ...ctx,
      tasks: [...ctx.tasks],
      futures: [...ctx.futures],
      primitives: [...ctx.primitives],
      queues: [...ctx.queues],
    };
    for (const stmt of body) out.push(...resolveStmt(stmt, local));
    return out;
  };

  const delayOf = (r: RawStmt): number => DELAY_GRID[r.delay % DELAY_GRID.length] as number;
  const valueOf = (r: RawStmt): number | string => (r.flag ? r.value : `v${r.value}`);
  const futureRef = (n: number, ctx: Context): FutureRef | undefined => {
    const all: FutureRef[] = [...ctx.tasks.map((task) => ({ task })), ...ctx.futures.map((future) => ({ future }))];
    return pick(all, n);
  };
  const callableIn = (ctx: Context): string[] => (ctx.quiet ? ctx.callable.filter((c) => quietSafe.has(c)) : ctx.callable);
  const awaitableRef = (n: number, ctx: Context): Awaitable | undefined => {
    const all: Awaitable[] = ctx.quiet
      ? [...(ctx.siblings ?? []).map((task) => ({ task })), ...callableIn(ctx).map((call) => ({ call }))]
      : [
          // A group's children finish in an order CPython does not fix: never wait on them.
          ...ctx.tasks.filter((task) => !ctx.unordered?.has(task)).map((task) => ({ task })),
          ...ctx.futures.map((future) => ({ future })),
          ...callableIn(ctx).map((call) => ({ call })),
        ];
    return pick(all, n);
  };
  const waitableRef = (n: number, ctx: Context): FutureRef | undefined => {
    const all: FutureRef[] = [
      ...ctx.tasks.filter((task) => !ctx.unordered?.has(task)).map((task) => ({ task })),
      ...ctx.futures.map((future) => ({ future })),
    ];
    return pick(all, n);
  };
  const logInstead = (): Stmt[] => [{ op: "log", text: `m${++counters.text}` }];
  /** A spawn's target: a named coroutine or an inline body. */
  const spawnTarget = (r: RawStmt, ctx: Context): Extract<Stmt, { op: "spawn" }>["target"] => {
    const named = pick(callableIn(ctx), r.a);
    if (named !== undefined && (r.body === undefined || ctx.depth >= 2)) return { coroutine: named };
    const rawBody = r.body ?? [{ ...r, kind: "sleep" }];
    // A spawned task is a new task: `return` is allowed again, but a quiet task stays quiet.
    return { body: resolveBody(rawBody, { ...ctx, depth: ctx.depth + 1, inWith: false, inRepeat: false }) };
  };
  const sleepInstead = (r: RawStmt): Stmt[] => [{ op: "sleep", delay: delayOf(r) }];

  /**
   * Shapes that exercise behaviour differing between releases, which random programs
   * reach too rarely: a semaphore released and re-acquired while another task waits (D7,
   * D11); a notified condition waiter cancelled before it runs (D8); a task group whose
   * parent is cancelled from outside while its child turns its cancellation into an error
   * (D9, 3.11+). The names are fresh, so they never clash with the rest of the program.
   */
  const pattern = (r: RawStmt): Stmt[] => {
    const t = () => `t${++counters.task}`;
    const d = delayOf(r);
    const kinds = minor >= FEATURE_SINCE.taskGroup ? 3 : 2;
    switch (r.a % kinds) {
      case 0: {
        const sm = `sm${++counters.object}`;
        const [a, b] = [t(), t()];
        return [
          { op: "primitive", bind: sm, kind: r.flag ? "semaphore" : "bounded_semaphore", value: 1 },
          {
            op: "spawn",
            bind: a,
            target: {
              body: [
                { op: "sync", target: sm, action: "acquire" },
                { op: "sleep", delay: d },
                { op: "sync", target: sm, action: "release" },
                { op: "sync", target: sm, action: "locked" },
                { op: "sync", target: sm, action: "acquire" },
                { op: "sync", target: sm, action: "locked" },
                { op: "sync", target: sm, action: "release" },
              ],
            },
          },
          {
            op: "spawn",
            bind: b,
            target: { body: [{ op: "sleep", delay: 0 }, { op: "sync", target: sm, action: "acquire" }, { op: "sync", target: sm, action: "release" }] },
          },
          { op: "wait", items: [{ task: a }, { task: b }], returnWhen: "ALL_COMPLETED", timeout: 5 },
        ];
      }
      case 1: {
        const cv = `cv${++counters.object}`;
        const [w1, w2] = [t(), t()];
        const waiter: Stmt[] = [{ op: "with", target: cv, body: [{ op: "sync", target: cv, action: "wait" }] }];
        return [
          { op: "primitive", bind: cv, kind: "condition" },
          { op: "spawn", bind: w1, target: { body: waiter } },
          { op: "spawn", bind: w2, target: { body: structuredClone(waiter) } },
          { op: "sleep", delay: 0 },
          { op: "with", target: cv, body: [{ op: "sync", target: cv, action: "notify", n: 1 }] },
          { op: "cancel", target: { task: w1 } },
          { op: "wait", items: [{ task: w1 }, { task: w2 }], returnWhen: "ALL_COMPLETED", timeout: 1 },
          { op: "with", target: cv, body: [{ op: "sync", target: cv, action: "notify_all" }] },
          { op: "wait", items: [{ task: w2 }], returnWhen: "ALL_COMPLETED", timeout: 1 },
        ];
      }
      default: {
        const [parent, child] = [t(), t()];
        return [
          {
            op: "spawn",
            bind: parent,
            target: {
              body: [
                {
                  op: "try",
                  body: [
                    {
                      op: "task_group",
                      children: [
                        {
                          bind: child,
                          target: {
                            body: [
                              {
                                op: "try",
                                body: [{ op: "sleep", delay: 2 }],
                                handlers: [{ catch: "CancelledError", body: [{ op: "raise", exception: "AlphaError", arg: "converted" }] }],
                              },
                            ],
                          },
                        },
                      ],
                      body: [{ op: "sleep", delay: 2 }],
                    },
                  ],
                  handlers: [{ catch: "Exception", body: [{ op: "log", text: `m${++counters.text}` }] }],
                },
                { op: "sleep", delay: 0 },
                { op: "log", text: `m${++counters.text}` },
              ],
            },
          },
          { op: "sleep", delay: d > 0 ? d : 0.5 },
          { op: "cancel", target: { task: parent } },
          {
            op: "try",
            body: [{ op: "await", target: { task: parent } }],
            handlers: [{ catch: "CancelledError", body: [{ op: "log", text: `m${++counters.text}` }] }],
          },
        ];
      }
    }
  };

  const resolveStmt = (r: RawStmt, ctx: Context): Stmt[] => {
    if (ctx.quiet && QUIET_DEGRADED.has(r.kind)) return sleepInstead(r);
    switch (r.kind) {
      case "log":
        return [{ op: "log", text: `m${++counters.text}` }];
      case "sleep":
        return [{ op: "sleep", delay: delayOf(r) }];
      case "spawn": {
        if (ctx.inRepeat) return logInstead();
        const bind = `t${++counters.task}`;
        const target = spawnTarget(r, { ...ctx, quiet: false });
        ctx.tasks.push(bind);
        return [{ op: "spawn", bind, target }];
      }
      case "wait_for": {
        const target = awaitableRef(r.a, ctx);
        if (target === undefined) return sleepInstead(r);
        return [{ op: "wait_for", target, timeout: r.flag ? delayOf(r) : r.b % 4 === 0 ? null : delayOf({ ...r, delay: r.b }) }];
      }
      case "timeout": {
        if (ctx.quiet) return resolveBody(r.body ?? [], ctx);
        const delay = r.b % 5 === 0 ? null : delayOf(r);
        return [{ op: "timeout", delay, body: resolveBody(r.body ?? [], { ...ctx, inWith: true, depth: ctx.depth + 1 }) }];
      }
      case "primitive": {
        if (ctx.inRepeat) return logInstead();
        const kinds = primitiveKinds ?? PRIMITIVE_KINDS;
        let kind = kinds[r.a % kinds.length] as PrimitiveKind;
        if (kind === "barrier" && minor < FEATURE_SINCE.barrier) kind = "lock";
        const name = `${PRIMITIVE_PREFIX[kind]}${++counters.object}`;
        ctx.primitives.push({ name, kind });
        const stmt: Stmt = { op: "primitive", bind: name, kind };
        if (kind === "semaphore" || kind === "bounded_semaphore") stmt.value = (r.value % 3) + 1;
        if (kind === "barrier") stmt.value = (r.value % 3) + 2;
        const out: Stmt[] = [stmt];
        // Events are mostly set by a timer, so that waiting on them rarely deadlocks.
        if (kind === "event" && r.value < 8) out.push({ op: "set_later", target: name, delay: delayOf(r) });
        return out;
      }
      case "sync": {
        const target = pick(ctx.primitives, r.a);
        if (target === undefined) return sleepInstead(r);
        const actions = ACTIONS_OF[target.kind];
        const action = actions[r.b % actions.length] as SyncAction;
        const stmt: Stmt = { op: "sync", target: target.name, action };
        if (action === "notify") stmt.n = (r.value % 3) + 1;
        return [stmt];
      }
      case "with": {
        const managers = ctx.primitives.filter((p) => p.kind !== "event");
        const target = pick(managers, r.a);
        if (target === undefined) return resolveBody(r.body ?? [], ctx);
        return [{ op: "with", target: target.name, body: resolveBody(r.body ?? [], { ...ctx, inWith: true, depth: ctx.depth + 1 }) }];
      }
      case "set_later": {
        const target = pick(ctx.primitives.filter((p) => p.kind === "event"), r.a);
        return target === undefined ? sleepInstead(r) : [{ op: "set_later", target: target.name, delay: delayOf(r) }];
      }
      case "queue": {
        if (ctx.inRepeat) return logInstead();
        const kind = QUEUE_KINDS[r.a % QUEUE_KINDS.length] as QueueKind;
        const name = `q${++counters.object}`;
        ctx.queues.push({ name, kind });
        return [{ op: "queue", bind: name, kind, maxsize: r.value % 3 }];
      }
      case "queue_op": {
        const target = pick(ctx.queues, r.a);
        if (target === undefined) return sleepInstead(r);
        const action = queueActions[r.b % queueActions.length] as QueueAction;
        const stmt: Stmt = { op: "queue_op", target: target.name, action };
        if (action === "put" || action === "put_nowait") stmt.value = target.kind === "priority" ? r.value : valueOf(r);
        if (action === "shutdown") stmt.immediate = r.flag;
        return [stmt];
      }
      case "as_completed": {
        if (ctx.inRepeat) return logInstead();
        // Children start with a sleep, so that none is done when as_completed sets up (even
        // under the eager task factory): CPython registers done ones in set order.
        const children = (r.group ?? []).map((raw) => {
          const bind = `t${++counters.task}`;
          const body = resolveBody(raw.body ?? [raw], { ...ctx, quiet: false, inWith: false, inRepeat: false, depth: ctx.depth + 1 });
          return { bind, target: { body: [{ op: "sleep", delay: delayOf(raw) } as Stmt, ...body] } };
        });
        for (const child of children) ctx.tasks.push(child.bind);
        return [{ op: "as_completed", children, timeout: r.flag ? delayOf(r) : null, async: minor >= FEATURE_SINCE.asyncAsCompleted && r.b % 2 === 1 }];
      }
      case "pattern":
        if (ctx.inRepeat || ctx.inWith) return logInstead();
        return pattern(r);
      case "task_group": {
        if (ctx.inRepeat) return logInstead();
        const inner: Context = {
          ...ctx,
          tasks: [...ctx.tasks],
          futures: [...ctx.futures],
          primitives: [...ctx.primitives],
          queues: [...ctx.queues],
          unordered: new Set(ctx.unordered),
        };
        const siblings: string[] = [];
        const children = (r.group ?? []).map((raw) => {
          const bind = `t${++counters.task}`;
          // A child may await the siblings created before it (never itself: no cycles).
          const target = spawnTarget(raw, { ...ctx, quiet: true, siblings: [...siblings] });
          siblings.push(bind);
          inner.tasks.push(bind);
          inner.unordered?.add(bind);
          return { bind, target };
        });
        const body = resolveBody(r.body ?? [], { ...inner, inWith: true, depth: ctx.depth + 1 });
        return [{ op: "task_group", children, body }];
      }
      case "await": {
        const target = awaitableRef(r.a, ctx);
        return target === undefined ? sleepInstead(r) : [{ op: "await", target }];
      }
      case "future": {
        if (ctx.inRepeat) return logInstead();
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
        const items = r.items.map((n) => waitableRef(n, ctx)).filter((x): x is FutureRef => x !== undefined);
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
        if (minor >= FEATURE_SINCE.cancelMsg && r.b % 2 === 1) cancel.msg = `c${r.value}`;
        return [cancel];
      }
      case "raise":
        // An uncaught raise at the top of main ends the program at once; keep that rare.
        if (ctx.depth === 0 && r.b % 4 !== 0) return logInstead();
        return [{ op: "raise", exception: EXCEPTIONS[r.a % 2] as string, arg: valueOf(r) }];
      case "try": {
        if (ctx.quiet) return resolveBody(r.body ?? [], ctx);
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
        if (ctx.inWith) return logInstead();
        return [{ op: "return", value: valueOf(r) }];
      case "repeat":
        return [{ op: "repeat", times: (r.value % 3) + 1, body: resolveBody(r.body ?? [], { ...ctx, inRepeat: true, depth: ctx.depth + 1 }) }];
      case "call_soon":
        return [{ op: "call_soon", label: `cb${++counters.label}` }];
      case "call_later":
        return [{ op: "call_later", delay: delayOf(r), label: `cb${++counters.label}` }];
      case "add_done_callback": {
        const target = futureRef(r.a, ctx);
        if (target !== undefined && "task" in target && ctx.unordered?.has(target.task)) return sleepInstead(r);
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
    const body = resolveBody(raw.coroutines[i] as RawStmt[], {
      tasks: [],
      futures: [],
      primitives: [],
      queues: [],
      callable: names.slice(i + 1),
      inRepeat: false,
      depth: 1,
    });
    coroutines[names[i] as string] = body;
    if (isQuiet(body)) quietSafe.add(names[i] as string);
  }
  const ordered: Record<string, Stmt[]> = {};
  for (const name of names) ordered[name] = coroutines[name] as Stmt[];
  const main = resolveBody([...raw.objects, ...raw.spawns, ...raw.main], {
    tasks: [],
    futures: [],
    primitives: [],
    queues: [],
    callable: names,
    inRepeat: false,
    depth: 0,
  });
  const program: Program = { schema: 1, python, exceptions: [...EXCEPTIONS], coroutines: ordered, main };
  if (raw.eager && minor >= FEATURE_SINCE.eagerTaskFactory) program.taskFactory = "eager";
  return program;
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
  return rawProgramArbitrary(options).map((raw) => resolveProgram(raw, options.python, options.primitives));
}

/**
 * The generator options that focus on `area` for `python`.
 *
 * @example
 * ```ts
 * const arbitrary = programArbitrary(focusOn("queues", "3.13"));
 * ```
 */
export function focusOn(area: FeatureArea, python: PythonVersion): GenerateOptions {
  const focus = AREA_FOCUS[area];
  if (focus.since !== undefined && pythonMinor(python) < focus.since) {
    throw new RangeError(`the ${area} area needs Python 3.${focus.since}+ (target ${python})`);
  }
  return { python, weights: focus.weights, ...(focus.primitives ? { primitives: focus.primitives } : {}) };
}
