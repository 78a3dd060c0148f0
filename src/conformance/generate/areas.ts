/**
 * Feature areas: what a campaign can focus on (`--feature`), and which areas a program
 * uses (summaries count agreement per area).
 *
 * @example
 * ```ts
 * areasUsed(program).has("queues"); // true when it makes a queue and operates on it
 * const arbitrary = programArbitrary(focusOn("queues", "3.13"));
 * ```
 * @module
 */
import { pythonMinor, type PythonVersion } from "../../asyncio/version.ts";
import type { Program, Stmt } from "../ir/types.ts";
import { FEATURE_SINCE } from "../ops/features.ts";
import { nestedBodies } from "../ops/index.ts";
import { isIntrospection } from "../ops/introspect.ts";
import type { PrimitiveKind } from "../ops/primitives.ts";
import { hasConvoy, hasDegenerateTime } from "./shapes.ts";
import type { ConvoyKind } from "./convoys.ts";
import type { DelayMix, GenerateOptions, Weights } from "./raw.ts";

/** Feature areas a campaign can focus on (`--feature`). */
export const FEATURE_AREAS = [
  "combinators", "timeouts", "task_groups", "locks", "conditions", "semaphores", "barriers", "queues", "callbacks",
  "cancellation", "loop_errors", "reprs", "warnings", "introspection", "validation", "exceptions", "exception_groups", "entry", "async_generators", "convoys", "degenerate_times",
  "lifecycle",
] as const;
export type FeatureArea = (typeof FEATURE_AREAS)[number];

/**
 * What focusing on an area means: extra weight for its statements, and which primitives to
 * make, what convoys form on, which delays to draw. `uses`, when given, says which statements count as using the area (else its
 * weighted statements, or its primitives with `sync`/`with`).
 */
export const AREA_FOCUS: Record<
  FeatureArea,
  {
    weights: Weights;
    primitives?: PrimitiveKind[];
    since?: number;
    uses?: (stmt: Stmt) => boolean;
    /** How often focused programs enter through `asyncio.run` or a `Runner` (0 to 1). */
    entry?: number;
    /** How often those entries also call functions outside the running loop (0 to 1; see raw.ts). */
    outside?: number;
    /** How often those entries also make objects at module level and run coroutines again (0 to 1; see raw.ts). */
    loops?: number;
    /** What convoys form on (see raw.ts). */
    convoys?: ConvoyKind[];
    /** Which delays to draw (see raw.ts). */
    delays?: DelayMix;
    /** Make the repr scenes at the edges of repr formatting (see ../ops/reprs.ts). */
    reprEdges?: true;
  }
> = {
  combinators: { weights: { gather: 10, wait: 8, wait_for: 8, shield: 6, as_completed: 6 } },
  timeouts: { weights: { timeout: 14, wait_for: 6 }, since: FEATURE_SINCE.timeout },
  task_groups: { weights: { task_group: 14, raise: 4 }, since: FEATURE_SINCE.taskGroup },
  locks: { weights: { primitive: 6, sync: 10, with: 8, convoy: 4 }, primitives: ["lock"], convoys: ["lock"] },
  conditions: { weights: { primitive: 6, sync: 10, with: 8, pattern: 3, convoy: 4 }, primitives: ["condition"], convoys: ["condition"] },
  semaphores: {
    weights: { primitive: 6, sync: 10, with: 8, pattern: 3, convoy: 4 },
    primitives: ["semaphore", "bounded_semaphore"],
    convoys: ["semaphore", "bounded_semaphore"],
  },
  barriers: { weights: { primitive: 6, sync: 10, with: 6, convoy: 4 }, primitives: ["barrier"], convoys: ["barrier"], since: FEATURE_SINCE.barrier },
  queues: { weights: { queue: 6, queue_op: 16, convoy: 4 }, convoys: ["queue"] },
  callbacks: { weights: { call_soon: 8, call_later: 8, add_done_callback: 8, remove_done_callback: 4, set_later: 4, resolve_later: 6 } },
  cancellation: { weights: { cancel: 16, try: 8, shield: 6 } },
  loop_errors: {
    weights: { callback_raise: 12, exception_handler: 8, set_debug: 2, add_done_callback: 4, future: 4 },
    uses: (s) => s.op === "callback_raise" || s.op === "exception_handler",
  },
  reprs: {
    weights: { repr: 14, handle: 5, handle_op: 4, set_debug: 2, primitive: 4, queue: 3, queue_op: 4, sync: 4, future: 4 },
    uses: (s) => s.op === "repr",
    reprEdges: true,
  },
  warnings: {
    weights: { loop_arg: 8, wait_coroutine: 8, warnings_filter: 6, warn: 6 },
    uses: (s) => s.op === "loop_arg" || s.op === "wait_coroutine" || s.op === "warn",
  },
  introspection: { weights: { introspect: 12, task_factory: 3, primitive: 5, queue: 3 }, uses: isIntrospection },
  validation: { weights: { validate: 14 }, uses: (s) => s.op === "validate" },
  exceptions: {
    weights: { try_inspect: 20, raise: 6, raise_builtin: 4, reraise: 3, try: 3, cancel: 4, wait_for: 3, timeout: 4, raise_group: 3 },
    uses: (s) => s.op === "try_inspect",
  },
  exception_groups: {
    weights: { try_star: 20, task_group: 8, try_inspect: 4, raise: 6, raise_builtin: 2, reraise: 3, cancel: 3, raise_group: 8 },
    since: FEATURE_SINCE.exceptStar,
    uses: (s) => s.op === "try_star" || s.op === "raise_group",
  },
  // Every program enters through asyncio.run or a Runner (3.11+), leaving tasks (and
  // async generators) for the shutdown; most also call functions outside the running loop
  // before or after it (get_event_loop(), asyncio.run(1), a Runner of their own, ...).
  // Some make primitives and queues at module level (outside any loop) that main and
  // named coroutines use, and run named coroutines again on a second loop.
  entry: { weights: { catch_cancel: 10, spawn: 10, try: 4, agen: 3, async_for: 3, agen_op: 3, sync: 4, with: 3, queue_op: 4 }, entry: 1, outside: 0.7, loops: 0.4 },
  // Some through asyncio.run, so that shutdown_asyncgens closes what is left.
  async_generators: { weights: { agen: 8, async_for: 8, agen_op: 12, ayield: 6, catch_cancel: 2 }, entry: 0.5 },
  convoys: { weights: { convoy: 12, primitive: 3, queue: 2, sync: 6, with: 4, queue_op: 6 } },
  degenerate_times: {
    weights: { sleep: 14, call_later: 8, call_at: 8, set_later: 3, resolve_later: 4, wait_for: 6, timeout: 6, wait: 5, as_completed: 4 },
    delays: "degenerate",
  },
  // Half enter through asyncio.run or a Runner, whose shutdown reports a leftover task
  // that fails when it is cancelled.
  lifecycle: { weights: { lifecycle: 24 }, uses: (s) => s.op === "lifecycle", entry: 0.5 },
};

/**
 * The feature areas the program uses (the statements, or primitives, that define each), in
 * {@link FEATURE_AREAS} order.
 *
 * @example
 * ```ts
 * areasUsed(program).has("queues"); // true when it makes a queue and operates on it
 * ```
 */
export function areasUsed(program: Program): Set<FeatureArea> {
  const ops = new Set<string>();
  const prims = new Set<string>();
  const all: Stmt[] = [];
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      ops.add(stmt.op);
      all.push(stmt);
      if (stmt.op === "primitive") prims.add(stmt.kind);
      for (const [, nested] of nestedBodies(stmt)) visit(nested);
    }
  };
  Object.values(program.coroutines).forEach(visit);
  visit(program.main);
  const uses = (area: FeatureArea): boolean => {
    const focus = AREA_FOCUS[area];
    if (focus.uses) return all.some(focus.uses);
    if (focus.primitives) return focus.primitives.some((k) => prims.has(k)) && (ops.has("sync") || ops.has("with"));
    if (area === "queues") return ops.has("queue_op");
    if (area === "entry") return program.entry !== undefined;
    if (area === "async_generators") return ops.has("agen") && (ops.has("async_for") || ops.has("agen_op"));
    if (area === "convoys") return hasConvoy(program);
    if (area === "degenerate_times") return hasDegenerateTime(program);
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
  return {
    python,
    weights: focus.weights,
    ...(focus.primitives ? { primitives: focus.primitives } : {}),
    ...(focus.entry ? { entry: focus.entry } : {}),
    ...(focus.outside !== undefined ? { outside: focus.outside } : {}),
    ...(focus.loops !== undefined ? { loops: focus.loops } : {}),
    ...(focus.convoys ? { convoys: focus.convoys } : {}),
    ...(focus.delays ? { delays: focus.delays } : {}),
    ...(focus.reprEdges ? { reprEdges: true } : {}),
  };
}

/**
 * The feature areas `python` has, in {@link FEATURE_AREAS} order (those {@link focusOn}
 * accepts for it).
 *
 * @example
 * ```ts
 * areasFor("3.7").includes("task_groups"); // false: task groups are 3.11+
 * ```
 */
export function areasFor(python: PythonVersion): FeatureArea[] {
  const minor = pythonMinor(python);
  return FEATURE_AREAS.filter((area) => (AREA_FOCUS[area].since ?? 0) <= minor);
}
