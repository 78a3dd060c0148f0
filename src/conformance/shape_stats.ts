/**
 * How often generated programs reach the shapes that stress fairness, order and time:
 * several tasks queued on one primitive when it wakes one of them (a convoy), a barrier's
 * second round, primitives passed to named coroutines, long task bodies, delays off the
 * 0.25 grid and deadlines within the clock resolution of each other, degenerate delays.
 *
 * Static shapes are read from the program; dynamic ones are observed while the program
 * runs on our loop (the library's classes are wrapped for the duration of
 * {@link measureShapes} only, and restored after). `npx tsx scripts/shapes.ts` prints them.
 *
 * @example
 * ```ts
 * const stats = measureShapes(programs, "3.12");
 * stats.programsWith.lock_convoy; // programs in which a Lock release found 2+ live waiters
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { PythonVersion } from "../asyncio/version.ts";
import { interpret } from "./interpret.ts";
import type { Program, Stmt } from "./ir/types.ts";
import { delaySeconds, type Delay } from "./ir/schema_kit.ts";
import { nestedBodies } from "./ops/index.ts";
import { pyStrRepr, reprlibRepr } from "../asyncio/format_helpers.ts";

/** The shapes {@link measureShapes} counts, each a yes/no per program. */
export const SHAPES = {
  lock_convoy: "a Lock released with 2+ tasks queued on it",
  semaphore_convoy: "a Semaphore released with 2+ tasks queued on it",
  condition_convoy: "notify/notify_all with 2+ tasks waiting on the Condition",
  event_convoy: "an Event set with 2+ tasks waiting on it",
  queue_getters: "an item put while 2+ getters wait on the Queue",
  queue_putters: "an item taken while 2+ putters wait on the full Queue",
  queue_shutdown_getters: "a Queue shut down while a getter waits on it (3.13+)",
  queue_shutdown_join: "an immediate Queue shutdown that drops items while a task waits in join() (3.13+)",
  pq_label_prefix: "a PriorityQueue item put beside one of equal priority whose label is a proper prefix of its own, or has it as one",
  pq_equal_numbers: "a number put into a PriorityQueue that already holds an equal number",
  barrier_round2: "a Barrier waited on again after it tripped",
  barrier_reset_rounds: "a Barrier waited on after an abort or reset",
  named_params: "a named coroutine with parameters (primitives, queues, tasks, futures)",
  named_uses_param: "a named coroutine that uses a primitive or queue it was passed",
  off_grid: "a delay off the 0.25 grid",
  sub_ms: "a delay between 0 and 1 ms",
  window_pair: "two pending deadlines less than 1e-9 apart but not equal",
  window_now: "a deadline within 1e-9 after now when it is scheduled",
  window_1ms: "a timer a 1 ms clock-resolution window would run early",
  delay_negative: "a negative delay, timeout or past call_at",
  delay_huge: "a delay of a day or more (finite)",
  delay_inf: "an infinite delay or timeout",
  delay_nan: "a NaN delay or timeout",
  timeout_zero: "a timeout of 0 (wait_for, timeout, wait, as_completed)",
  repr_deadline_small: "a Timeout repr with a deadline between 0 and 0.1 (round(when, 3) keeps 2 digits)",
  repr_deadline_tie: "a Timeout repr whose deadline lies halfway between two thousandths (ties to even)",
  repr_deadline_whole: "a Timeout repr with a whole-number deadline (when=20.0), -0.0 included",
  repr_deadline_negzero: "a Timeout repr with a deadline of -0.0",
  repr_deadline_inf: "a Timeout repr with an infinite deadline (when=inf)",
  repr_result_edge: "a future or task repr with a string result of 28 to 30 characters (around reprlib's cut)",
  repr_result_cut: "a future or task repr with a string result reprlib cuts",
  repr_result_quote_cut: "a cut string result whose quote style differs from the whole string's",
  repr_result_list_cut: "a future or task repr with a list result whose string item reprlib cuts",
  repr_timer_whole: "a TimerHandle repr or when() at a whole-number time (when=10.0)",
  repr_timer_huge: "a TimerHandle repr or when() at 1e16 or later (exponent format)",
  repr_timer_inf: "a TimerHandle repr or when() at inf or -inf",
} as const;
export type Shape = keyof typeof SHAPES;

/** What {@link measureShapes} found. */
export interface ShapeStats {
  programs: number;
  /** Programs in which each shape occurred at least once. */
  programsWith: Record<Shape, number>;
  /** Inline task bodies (spawns, task group and as_completed children): their count, and mean statements (top level, and nested included). */
  taskBodies: { count: number; meanTop: number; meanAll: number };
  /** How the programs ended on our loop. */
  endings: Record<string, number>;
}

/** Fields of statements that hold a delay or a timeout. */
const TIME_FIELDS = ["delay", "timeout", "when"] as const;

function countAll(body: Stmt[]): number {
  return body.reduce((n, s) => n + 1 + nestedBodies(s).reduce((m, [, b]) => m + countAll(b), 0), 0);
}

/** The static shapes of one program, and its task bodies' sizes. */
function staticShapes(program: Program, found: Set<Shape>, bodies: { top: number; all: number }[]): void {
  const params = Object.values(program.parameters ?? {}).flat();
  if (params.length > 0) found.add("named_params");
  const passed = new Set(params.map((p) => p.name));
  const usesPassed = (body: Stmt[]): boolean =>
    body.some(
      (s) => ((s.op === "sync" || s.op === "with" || s.op === "queue_op") && passed.has(s.target)) || nestedBodies(s).some(([, b]) => usesPassed(b)),
    );
  if (Object.values(program.coroutines).some(usesPassed)) found.add("named_uses_param");
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      for (const field of TIME_FIELDS) {
        const raw = (stmt as unknown as Record<string, unknown>)[field];
        if (raw === undefined || raw === null || typeof raw === "boolean") continue;
        const d = delaySeconds(raw as Delay);
        if (Number.isNaN(d)) found.add("delay_nan");
        else if (d === Infinity) found.add("delay_inf");
        else if (d < 0 || d === -Infinity) found.add("delay_negative");
        else if (d >= 86_400) found.add("delay_huge");
        if (Number.isFinite(d) && d > 0 && d < 0.001) found.add("sub_ms");
        if (Number.isFinite(d) && !Number.isInteger(d * 4)) found.add("off_grid");
        if (d === 0 && field === "timeout") found.add("timeout_zero");
        if (d === 0 && field === "delay" && stmt.op === "timeout") found.add("timeout_zero");
      }
      for (const [, nested, how] of nestedBodies(stmt)) {
        if (how?.coroutine === true) bodies.push({ top: nested.length, all: countAll(nested) });
        visit(nested);
      }
    }
  };
  Object.values(program.coroutines).forEach(visit);
  visit(program.main);
}

type Method = (...args: never[]) => unknown;

/** Wraps methods of the library's prototypes to note dynamic shapes; returns the undo. */
function instrument(note: (shape: Shape) => void): () => void {
  const undo: (() => void)[] = [];
  const wrap = <T extends object>(proto: T, name: string, before: (self: T, args: unknown[]) => void): void => {
    const original = (proto as Record<string, Method>)[name] as Method;
    const wrapped = function (this: T, ...args: unknown[]): unknown {
      before(this, args);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.defineProperty(wrapped, "name", { value: original.name });
    (proto as Record<string, unknown>)[name] = wrapped;
    undo.push(() => {
      (proto as Record<string, unknown>)[name] = original;
    });
  };
  const live = (waiters: Iterable<asyncio.Future<unknown>> | null): number => {
    let n = 0;
    for (const w of waiters ?? []) if (!w.done()) n++;
    return n;
  };
  const conditionLocks = new WeakSet<object>();
  const barrierTrips = new WeakMap<object, number>();
  const barrierResets = new WeakSet<object>();
  const markConditionLock = (cond: asyncio.Condition): void => {
    conditionLocks.add((cond as unknown as { _lock: object })._lock);
  };
  for (const method of ["acquire", "wait", "waitFor", "notify", "notifyAll", "release"]) wrap(asyncio.Condition.prototype, method, markConditionLock);
  wrap(asyncio.Lock.prototype, "release", (lock) => {
    if (!conditionLocks.has(lock) && live(lock._waiters) >= 2) note("lock_convoy");
  });
  wrap(asyncio.Semaphore.prototype, "release", (sem) => {
    if (live(sem._waiters) >= 2) note("semaphore_convoy");
  });
  wrap(asyncio.Condition.prototype, "notify", (cond) => {
    if (live(cond._waiters) >= 2) note("condition_convoy");
  });
  wrap(asyncio.Event.prototype, "set", (ev) => {
    if (live(ev._waiters) >= 2) note("event_convoy");
  });
  wrap(asyncio.Queue.prototype, "putNowait", (q) => {
    if (live(q._getters) >= 2) note("queue_getters");
  });
  wrap(asyncio.Queue.prototype, "shutdown", (q, args) => {
    if (live(q._getters) >= 1) note("queue_shutdown_getters");
    if (args[0] === true && q.qsize() > 0 && live(q._finished._waiters) >= 1) note("queue_shutdown_join");
  });
  wrap(asyncio.Queue.prototype, "getNowait", (q) => {
    if (live(q._putters) >= 2) note("queue_putters");
  });
  wrap(asyncio.PriorityQueue.prototype, "_put", (q, args) => notePriorityTies(q._queue, args[0], note));
  wrap(asyncio.Barrier.prototype, "_release", (b) => {
    barrierTrips.set(b, (barrierTrips.get(b) ?? 0) + 1);
  });
  wrap(asyncio.Barrier.prototype, "wait", (b) => {
    if ((barrierTrips.get(b) ?? 0) > 0) note("barrier_round2");
    if (barrierResets.has(b)) note("barrier_reset_rounds");
  });
  for (const method of ["abort", "reset"]) wrap(asyncio.Barrier.prototype, method, (b) => barrierResets.add(b));
  wrap(asyncio.BaseEventLoop.prototype, "callAt", (loop, args) => {
    const when = args[0] as number;
    const now = loop.time();
    if (when > now && when < now + 1e-9) note("window_now");
    for (const timer of loop._scheduled) {
      if (!timer._cancelled && timer._when !== when && Math.abs(timer._when - when) < 1e-9) {
        note("window_pair");
        break;
      }
    }
  });
  wrap(asyncio.BaseEventLoop.prototype, "_runReadyHandles", (loop) => {
    const now = loop.time();
    for (const timer of loop._scheduled) {
      if (!timer._cancelled && timer._when >= now + 1e-9 && timer._when < now + 1e-3) {
        note("window_1ms");
        break;
      }
    }
  });
  instrumentReprs(wrap, note);
  return () => undo.reverse().forEach((f) => f());
}

/** Notes the ties a PriorityQueue's heap meets when `item` is put beside `held`. */
function notePriorityTies(held: readonly unknown[], item: unknown, note: (shape: Shape) => void): void {
  const label = (v: unknown): [unknown, string] | null => (Array.isArray(v) && v.length >= 2 && typeof v[1] === "string" ? [v[0], v[1]] : null);
  const mine = label(item);
  for (const other of held) {
    if (typeof item === "number" && other === item) note("pq_equal_numbers");
    const theirs = label(other);
    if (mine === null || theirs === null || mine[0] !== theirs[0] || mine[1] === theirs[1]) continue;
    if (mine[1].startsWith(theirs[1]) || theirs[1].startsWith(mine[1])) note("pq_label_prefix");
  }
}

type Wrap = <T extends object>(proto: T, name: string, before: (self: T, args: unknown[]) => void) => void;

/** Notes the repr shapes: what Timeout, Future/Task and TimerHandle reprs (and when()) print. */
function instrumentReprs(wrap: Wrap, note: (shape: Shape) => void): void {
  wrap(asyncio.Timeout.prototype, "toString", (cm) => {
    const when = cm._when;
    if (cm._state !== "active" || when === null) return;
    if (when === Infinity) note("repr_deadline_inf");
    if (Object.is(when, -0)) note("repr_deadline_negzero");
    if (Number.isInteger(when)) note("repr_deadline_whole");
    if (when > 0 && when < 0.1) note("repr_deadline_small");
    if (Number.isFinite(when) && Number.isInteger(when * 2000) && !Number.isInteger(when * 1000)) note("repr_deadline_tie");
  });
  wrap(asyncio.Future.prototype, "_reprInfo", (fut) => {
    if (!fut.done() || fut.cancelled() || fut.exception() !== null) return;
    const result: unknown = fut.result();
    const cut = (v: unknown): boolean => typeof v === "string" && v.length >= 29;
    if (typeof result === "string" && result.length >= 28 && result.length <= 30) note("repr_result_edge");
    if (cut(result)) note("repr_result_cut");
    if (cut(result) && pyStrRepr(result as string)[0] !== reprlibRepr(result)[0]) note("repr_result_quote_cut");
    if (Array.isArray(result) && result.some(cut)) note("repr_result_list_cut");
  });
  const timer = (h: asyncio.TimerHandle): void => {
    const when = h._when;
    if (when === Infinity || when === -Infinity) note("repr_timer_inf");
    else if (Math.abs(when) >= 1e16) note("repr_timer_huge");
    else if (Number.isInteger(when) && when !== 0) note("repr_timer_whole");
  };
  wrap(asyncio.TimerHandle.prototype, "_reprInfo", timer);
  wrap(asyncio.TimerHandle.prototype, "when", timer);
}

/**
 * Counts the shapes (see {@link SHAPES}) in `programs`, running each on our loop for
 * `python`.
 *
 * @example
 * ```ts
 * const stats = measureShapes(programs, "3.12");
 * console.log(stats.programsWith.queue_getters, "of", stats.programs);
 * ```
 */
export function measureShapes(programs: Iterable<Program>, python: PythonVersion): ShapeStats {
  const programsWith = Object.fromEntries(Object.keys(SHAPES).map((k) => [k, 0])) as Record<Shape, number>;
  const bodies: { top: number; all: number }[] = [];
  const endings: Record<string, number> = {};
  let found = new Set<Shape>();
  let count = 0;
  const restore = instrument((shape) => found.add(shape));
  try {
    for (const program of programs) {
      found = new Set<Shape>();
      staticShapes(program, found, bodies);
      const trace = interpret(program, { python });
      endings[trace.outcome.kind] = (endings[trace.outcome.kind] ?? 0) + 1;
      for (const shape of found) programsWith[shape]++;
      count++;
    }
  } finally {
    restore();
  }
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    programs: count,
    programsWith,
    taskBodies: { count: bodies.length, meanTop: mean(bodies.map((b) => b.top)), meanAll: mean(bodies.map((b) => b.all)) },
    endings,
  };
}
