/**
 * Convoys: several tasks queued on one primitive or queue at the moment it wakes them, the
 * shape that shows whether a loop is fair and keeps CPython's order. Random programs
 * rarely line up two waiters on one object (none in 1,000 for a Lock, before convoys), so
 * the generator builds them as the raw kind `convoy`:
 *
 * - **Lock, Semaphore, BoundedSemaphore:** the spawner holds it (a semaphore all its
 *   units), starts 2 to 5 tasks that acquire it (`async with`, or acquire/release), lets
 *   them queue, then releases, sometimes trying to take it back at once (barging);
 * - **Condition:** waiters in `async with cv: await cv.wait()`, woken by `notify(n)` and
 *   then `notify_all()`;
 * - **Event:** waiters woken by one `set()` (sometimes followed by `clear()` at once);
 * - **Barrier:** tasks that wait on it for two or three rounds, sometimes one task too
 *   many, with a `reset()` or `abort()` in between;
 * - **Queue:** getters on an empty queue fed by the spawner, putters on a full one
 *   drained by it, or both at once on a queue of one slot; on 3.13+ the getters' queue is
 *   often shut down (immediately or not) while some wait, or with items left and a task in
 *   `join()`.
 *
 * Often one of the waiters is cancelled while queued, or just after it was woken and
 * before it ran. The waiters run a named coroutine made for them (`co_w1(lk_w1)`), passed
 * the object as an argument, or an inline body; either way they may go on with a few more
 * random statements. The spawner ends with `asyncio.wait` of the waiters with a timeout,
 * so that a waiter left behind (the last of an odd barrier round) cannot deadlock the
 * program.
 *
 * @example
 * ```ts
 * convoy(raw, ctx, resolver); // e.g. a lock, main holding it, four tasks queued on it, release, wait
 * ```
 * @module
 */
import type { Stmt } from "../ir/types.ts";
import type { Parameter } from "../ops/params.ts";
import { OPS } from "../ops/index.ts";
import { PREFIX } from "../ops/primitives.ts";
import { FEATURE_SINCE } from "../ops/features.ts";
import { QUEUE_KINDS, type QueueKind } from "../ops/queues.ts";
import type { RawStmt } from "./raw.ts";
import type { Context, Resolver } from "./resolve.ts";

/** What a convoy can form on. */
export const CONVOY_KINDS = ["lock", "semaphore", "bounded_semaphore", "condition", "event", "barrier", "queue"] as const;
export type ConvoyKind = (typeof CONVOY_KINDS)[number];

/** How the convoy's waiters are written: the statements each runs, given the object's name there and its index. */
type Core = (object: string, i: number) => Stmt[];

/** The object the convoy forms on: a fresh one, or (sometimes, for simple kinds) one already visible. */
function convoyObject(kind: ConvoyKind, r: RawStmt, ctx: Context, g: Resolver, maxsize: number): { name: string; setup: Stmt[] } {
  const reusable = (kind === "lock" || kind === "condition" || kind === "event" || kind === "queue") && !ctx.inWith && r.b % 3 === 0;
  if (reusable) {
    const existing = kind === "queue" ? ctx.queues.map((q) => q.name) : ctx.primitives.filter((p) => p.kind === kind).map((p) => p.name);
    const name = g.pick(existing, r.a);
    if (name !== undefined) return { name, setup: [] };
  }
  const n = g.nextObject();
  if (kind === "queue") {
    const queueKind = QUEUE_KINDS[r.a % QUEUE_KINDS.length] as QueueKind;
    ctx.queues.push({ name: `q${n}`, kind: queueKind });
    return { name: `q${n}`, setup: [{ op: "queue", bind: `q${n}`, kind: queueKind, maxsize }] };
  }
  const name = `${PREFIX[kind]}${n}`;
  ctx.primitives.push({ name, kind });
  const stmt: Stmt = { op: "primitive", bind: name, kind };
  if (kind === "semaphore" || kind === "bounded_semaphore") stmt.value = 1 + (r.value % 2);
  if (kind === "barrier") stmt.value = 2 + (r.value % 2);
  return { name, setup: [stmt] };
}

/**
 * The raw statements a waiter goes on with: the first simple ones of the convoy's raw body
 * (no convoy, pattern or block, no inline task body: each waiter gets its own copy, and
 * nesting would multiply them).
 */
function waiterTail(r: RawStmt): RawStmt[] {
  const simple = (s: RawStmt): boolean => s.kind !== "convoy" && s.kind !== "pattern" && OPS[s.kind].generate?.compound === undefined;
  return (r.body ?? []).filter(simple).slice(0, 3).map((s) => ({ ...s, body: undefined }));
}

/**
 * Starts `count` waiters running `core` on `object`: tasks of one named coroutine made for
 * them (the object passed as its parameter) when `r.flag`, else of inline bodies. Each
 * goes on with a few simple statements. The waiters' names are visible afterwards.
 */
function startWaiters(kind: ConvoyKind, object: string, count: number, core: Core, r: RawStmt, ctx: Context, g: Resolver): { stmts: Stmt[]; tasks: string[] } {
  const tail = waiterTail(r);
  const stmts: Stmt[] = [];
  const tasks: string[] = [];
  let worker: string | undefined;
  if (r.flag) {
    worker = g.makeCoroutine((suffix) => {
      const params: Parameter[] = [{ name: g.parameterName(kind, suffix, 1), kind }];
      // A worker calls no named coroutine: several of them run at once, and calls would multiply the work.
      // With an entry (asyncio.run/Runner) the worker is cancelled at shutdown like any task.
      const scope = { ...g.parameterScope(params), callable: [], depth: 1, ...(ctx.shutdown ? { shutdown: true } : {}) };
      return { params, body: [...core((params[0] as Parameter).name, 0), ...g.resolveBody(tail, scope)] };
    });
  }
  for (let i = 0; i < count; i++) {
    const bind = g.nextTask();
    if (worker !== undefined) {
      stmts.push({ op: "spawn", bind, target: { coroutine: worker, args: [object] } });
    } else {
      // A new task: not inside the spawner's handler or async generator, and it does not drive the spawner's generators.
      const inner = { ...ctx, depth: ctx.depth + 1, inWith: false, inRepeat: false, inHandler: false, inAgen: false, agens: [] };
      stmts.push({ op: "spawn", bind, target: { body: [...core(object, i), ...g.resolveBody(tail, inner)] } });
    }
    ctx.tasks.push(bind);
    tasks.push(bind);
  }
  return { stmts, tasks };
}

/** The waiter a convoy cancels, and when: while queued (`before` the wake-up), just after it, or never. */
function cancellation(r: RawStmt, tasks: string[]): { before: Stmt[]; after: Stmt[] } {
  const victim = tasks[r.a % tasks.length] as string;
  const stmt: Stmt = { op: "cancel", target: { task: victim } };
  const when = r.b % 4;
  return { before: when === 1 ? [stmt] : [], after: when === 2 ? [stmt] : [] };
}

/** The spawner's last step: wait for every waiter, with a timeout. */
function waitAll(r: RawStmt, tasks: string[]): Stmt {
  return { op: "wait", items: tasks.map((task) => ({ task })), returnWhen: "ALL_COMPLETED", timeout: [2, 5, 10][r.a % 3] as number };
}

/** Lock and semaphore waiters: `async with`, acquire/sleep/release, or a look at `locked()` inside. */
function acquirer(r: RawStmt, g: Resolver): Core {
  const delay = (i: number) => g.delayOf({ delay: r.delay + (r.flag ? 0 : i) });
  switch (r.value % 3) {
    case 0:
      return (x, i) => [{ op: "with", target: x, body: [{ op: "sleep", delay: delay(i) }] }];
    case 1:
      return (x, i) => [
        { op: "sync", target: x, action: "acquire" },
        { op: "sleep", delay: delay(i) },
        { op: "sync", target: x, action: "release" },
      ];
    default:
      return (x) => [{ op: "with", target: x, body: [{ op: "sync", target: x, action: "locked" }, { op: "sleep", delay: 0 }] }];
  }
}

function lockConvoy(kind: "lock" | "semaphore" | "bounded_semaphore", r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const { name, setup } = convoyObject(kind, r, ctx, g, 0);
  const units = kind === "lock" || setup.length === 0 ? 1 : ((setup[0] as { value?: number }).value ?? 1);
  const acquire: Stmt = { op: "sync", target: name, action: "acquire" };
  const release: Stmt = { op: "sync", target: name, action: "release" };
  const count = 2 + (r.value % 4);
  const { stmts, tasks } = startWaiters(kind, name, count, acquirer(r, g), r, ctx, g);
  const cancel = cancellation(r, tasks);
  // Sometimes the spawner tries to take it back at once: FIFO says it must queue behind the waiters.
  const barge: Stmt[] = r.a % 2 === 1 ? [structuredClone(acquire), structuredClone(release)] : [];
  return [
    ...setup,
    ...Array.from({ length: units }, () => structuredClone(acquire)),
    ...stmts,
    { op: "sleep", delay: 0 },
    ...cancel.before,
    ...Array.from({ length: units }, () => structuredClone(release)),
    ...cancel.after,
    ...barge,
    waitAll(r, tasks),
  ];
}

function conditionConvoy(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const { name, setup } = convoyObject("condition", r, ctx, g, 0);
  const count = 2 + (r.value % 4);
  // Sometimes each woken waiter wakes the next one itself.
  const core: Core = (x) => [
    { op: "with", target: x, body: [{ op: "sync", target: x, action: "wait" }, ...(r.a % 2 === 1 ? [{ op: "sync", target: x, action: "notify", n: 1 } as Stmt] : [])] },
  ];
  const { stmts, tasks } = startWaiters("condition", name, count, core, r, ctx, g);
  const cancel = cancellation(r, tasks);
  return [
    ...setup,
    ...stmts,
    { op: "sleep", delay: 0 },
    ...cancel.before,
    { op: "with", target: name, body: [{ op: "sync", target: name, action: "notify", n: 1 + (r.b % count) }] },
    ...cancel.after,
    { op: "sleep", delay: g.delayOf(r) },
    { op: "with", target: name, body: [{ op: "sync", target: name, action: "notify_all" }] },
    waitAll(r, tasks),
  ];
}

function eventConvoy(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const { name, setup } = convoyObject("event", r, ctx, g, 0);
  const count = 2 + (r.value % 4);
  const { stmts, tasks } = startWaiters("event", name, count, (x) => [{ op: "sync", target: x, action: "wait" }], r, ctx, g);
  const cancel = cancellation(r, tasks);
  return [
    ...setup,
    ...stmts,
    { op: "sleep", delay: 0 },
    ...cancel.before,
    { op: "sync", target: name, action: "set" },
    ...(r.a % 2 === 1 ? [{ op: "sync", target: name, action: "clear" } as Stmt] : []),
    ...cancel.after,
    waitAll(r, tasks),
  ];
}

function barrierConvoy(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const { name, setup } = convoyObject("barrier", r, ctx, g, 0);
  const parties = (setup[0] as { value?: number }).value ?? 2;
  // One or two tasks per party, sometimes one too many (left waiting at the last round).
  const count = Math.min(6, parties * (1 + (r.b % 2)) + (r.a % 4 === 0 ? 1 : 0));
  const rounds = 2 + (r.value % 2);
  // Each round: `await barrier.wait()`, or `async with barrier:` around a sleep; a broken barrier's error is caught.
  const pass = (x: string): Stmt =>
    r.a % 2 === 0 ? { op: "sync", target: x, action: "wait" } : { op: "with", target: x, body: [{ op: "sleep", delay: g.delayOf(r) }] };
  const core: Core = (x) => [{ op: "repeat", times: rounds, body: [{ op: "try", body: [pass(x)], handlers: [{ catch: "Exception", body: [] }] }] }];
  const { stmts, tasks } = startWaiters("barrier", name, count, core, r, ctx, g);
  const between: Stmt[] = [[], [{ op: "sync", target: name, action: "reset" }], [{ op: "sync", target: name, action: "abort" }]][r.b % 3] as Stmt[];
  return [...setup, ...stmts, { op: "sleep", delay: g.delayOf({ delay: r.delay + 1 }) }, ...between, waitAll(r, tasks)];
}

function queueConvoy(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  // 0: getters on an empty queue; 1: putters on a full one; 2: both, on one slot.
  const variant = r.b % 3;
  const { name, setup } = convoyObject("queue", r, ctx, g, variant === 0 ? 0 : 1);
  const count = 2 + (r.value % 4);
  const put = (x: string, v: number): Stmt => ({ op: "queue_op", target: x, action: "put", value: v });
  const get = (x: string): Stmt => ({ op: "queue_op", target: x, action: "get" });
  if (variant === 2 && setup.length > 0) {
    const half = Math.min(3, count);
    const producers = startWaiters("queue", name, half, (x, i) => [put(x, i + 1)], r, ctx, g);
    const consumers = startWaiters("queue", name, half, (x) => [get(x)], { ...r, flag: !r.flag }, ctx, g);
    const tasks = [...producers.tasks, ...consumers.tasks];
    return [...setup, ...producers.stmts, ...consumers.stmts, { op: "sleep", delay: 0 }, ...cancellation(r, tasks).before, waitAll(r, tasks)];
  }
  if (variant === 1 && setup.length > 0) {
    const { stmts, tasks } = startWaiters("queue", name, count, (x, i) => [put(x, i + 1)], r, ctx, g);
    const cancel = cancellation(r, tasks);
    const gets = Array.from({ length: count + 1 }, () => get(name));
    return [...setup, put(name, 0), ...stmts, { op: "sleep", delay: 0 }, ...cancel.before, gets[0] as Stmt, ...cancel.after, ...gets.slice(1), waitAll(r, tasks)];
  }
  const done = (x: string): Stmt[] => (r.flag ? [{ op: "queue_op", target: x, action: "task_done" }] : []);
  const { stmts, tasks } = startWaiters("queue", name, count, (x) => [get(x), ...done(x)], r, ctx, g);
  if (setup.length > 0 && g.minor >= FEATURE_SINCE.queueShutdown && r.delay % 3 !== 0) return shutdownEnding(r, g, name, setup, stmts, tasks);
  const cancel = cancellation(r, tasks);
  const puts = Array.from({ length: count }, (_, i) => put(name, i + 1));
  return [...setup, ...stmts, { op: "sleep", delay: 0 }, ...cancel.before, puts[0] as Stmt, ...cancel.after, ...puts.slice(1), waitAll(r, tasks)];
}

/**
 * 3.13+: the getters' queue is shut down, and a task waits in `join()`. Without
 * `immediate`, with one item fewer than getters: one getter waits (shutdown wakes it to
 * raise QueueShutDown) or, when nothing ran first, the getters drain the items and the
 * last one raises. With `immediate`, one item more: it is dropped and counted as done,
 * which releases the joiner, and the getters raise.
 */
function shutdownEnding(r: RawStmt, g: Resolver, name: string, setup: Stmt[], getters: Stmt[], tasks: string[]): Stmt[] {
  // An immediate shutdown always finds an item left (and the joiner waiting for it); any
  // other finds one getter waiting, or (when nothing ran first) items still to drain.
  const items = r.flag ? tasks.length + 1 : tasks.length - 1;
  const puts: Stmt[] = Array.from({ length: items }, (_, i) => ({ op: "queue_op", target: name, action: "put_nowait", value: i + 1 }));
  const joiner = g.nextTask();
  const join: Stmt = { op: "spawn", bind: joiner, target: { body: [{ op: "queue_op", target: name, action: "join" }] } };
  // Before an immediate shutdown the tasks always run first: the joiner must be waiting
  // when the dropped items release it (a later join() returns at once either way).
  const settle: Stmt[] = r.flag || r.a % 3 !== 0 ? [{ op: "sleep", delay: 0 }] : [];
  const shutdown: Stmt = { op: "queue_op", target: name, action: "shutdown", immediate: r.flag };
  return [...setup, ...puts, ...getters, join, ...settle, shutdown, waitAll(r, [...tasks, joiner])];
}

/**
 * The statements of the convoy `r` selects (see the module comment), on one of the
 * resolver's convoy kinds.
 *
 * @example
 * ```ts
 * convoy(raw, ctx, resolver); // e.g. a condition, three waiters, notify(2), notify_all(), wait
 * ```
 */
export function convoy(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const kind = g.pick(g.convoyKinds, r.items[0] ?? r.a);
  switch (kind) {
    case undefined:
      return g.logInstead();
    case "lock":
    case "semaphore":
    case "bounded_semaphore":
      return lockConvoy(kind, r, ctx, g);
    case "condition":
      return conditionConvoy(r, ctx, g);
    case "event":
      return eventConvoy(r, ctx, g);
    case "barrier":
      return barrierConvoy(r, ctx, g);
    case "queue":
      return queueConvoy(r, ctx, g);
  }
}

