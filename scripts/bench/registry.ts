/**
 * The benchmark's registry: every workload, its sizes, and the implementations that run
 * it. Each implementation is one module in the workload's folder (`ring/asyncio_ts.ts`,
 * `ring/cpython.py`, ...). To add a row (say, the conformance kit's interpreter on a
 * workload), write the module and list it in that workload's `implementations` with
 * {@link node}; `npm run bench` runs and reports it like the others.
 *
 * @example
 * ```ts
 * implementations: [OURS, OURS_REAL, NATIVE, node("kit", "conformance kit", "kit.ts", { role: "extra" }), CPYTHON],
 * ```
 * @module
 */
import type { Params } from "./types.ts";

/**
 * What a row is compared as: `ours` (asyncio-ts on its default virtual clock, the
 * reference of every ratio), `native` (Node async/await), `peer` (another library),
 * `cpython` (run once per CPython release found), or `extra` (shown with ratios, compared
 * with nothing).
 */
export type Role = "ours" | "native" | "peer" | "cpython" | "extra";

/** One implementation of a workload. */
export interface Implementation {
  /** Short stable id, used by `--skip` and as the key of `seconds` in the JSON. */
  id: string;
  /** What the tables call it. */
  label: string;
  role: Role;
  kind: "node" | "python";
  /** The module's file name in the workload's folder. */
  file: string;
  /** Extra parameters for this implementation (e.g. `{ clock: "real" }`). */
  options?: Params;
  /** At most this many measured runs and warm-ups (for very slow peers). */
  maxRuns?: number;
  maxWarmup?: number;
}

/** A workload: what it does, its default sizes, and its implementations. */
export interface Workload {
  /** The JSON name and the folder under scripts/bench/. */
  name: string;
  folder: string;
  title: string;
  /** One paragraph for reports/BENCH.md. */
  description: string;
  params: Record<string, number>;
  /** The parameters `--scale` multiplies (counts of tasks, rounds, items). */
  scaled: readonly string[];
  /** The unit of work, to print a time per unit. */
  unit: { name: string; count: (params: Record<string, number>) => number };
  implementations: readonly Implementation[];
  /** Why a peer or native row is missing, for the report. */
  notes?: readonly string[];
}

/** A Node implementation row. */
export function node(id: string, label: string, file: string, extra: Partial<Implementation> = {}): Implementation {
  return { id, label, role: "extra", kind: "node", file, ...extra };
}

/** asyncio-ts on the virtual clock (`asyncio.run(main())`): the reference of every ratio. */
export const OURS = node("asyncio-ts", "asyncio-ts (virtual clock)", "asyncio_ts.ts", { role: "ours" });
/** The same module on the real clock (`asyncio.run(main(), { clock: "real" })`). */
export const OURS_REAL = node("asyncio-ts-real", "asyncio-ts (real clock)", "asyncio_ts.ts", { options: { clock: "real" } });
/** Native Node async/await. */
export const NATIVE = node("native", "native Node async/await", "native.ts", { role: "native" });
/** Effection 4, generator-based structured concurrency. Slow on these sizes: fewer runs. */
export const EFFECTION = node("effection", "Effection 4", "effection.ts", { role: "peer", maxRuns: 3, maxWarmup: 1 });
/** CPython asyncio, one row per release found. */
export const CPYTHON: Implementation = { id: "cpython", label: "CPython asyncio", role: "cpython", kind: "python", file: "cpython.py" };

const NO_EFFECTION_PRIMITIVE = (what: string) =>
  `Effection 4 has no ${what}, so it has no row here (its \`createQueue\` is unbounded with one reader; there are no locks).`;

/** Every workload, in report order. */
export const WORKLOADS: readonly Workload[] = [
  {
    name: "sleep0_ring",
    folder: "ring",
    title: "sleep(0) ring",
    description:
      "`tasks` tasks, gathered by main, each awaiting `sleep(0)` `steps` times: one task step per loop " +
      "iteration and task, the scheduler's hottest path. Native: `await null`. Effection: " +
      "`yield* until(Promise.resolve())` (Effection has no plain yield; its `sleep(0)` is a Node timer).",
    params: { tasks: 10_000, steps: 100 },
    scaled: ["tasks"],
    unit: { name: "task step", count: (p) => (p.tasks as number) * (p.steps as number) },
    implementations: [
      OURS,
      OURS_REAL,
      NATIVE,
      EFFECTION,
      CPYTHON,
      node("bare-generators", "floor: the same generators with no asyncio (a ring-buffer deque)", "bare_generators.ts"),
    ],
  },
  {
    name: "gather_fan_out",
    folder: "gather",
    title: "gather fan-out/fan-in",
    description:
      "`rounds` times, `gather` over `tasks` small coroutines that return at once (each becomes a Task), " +
      "then sum the results. Native: `Promise.all` over async calls. Effection: `all()` over operations.",
    params: { tasks: 10_000, rounds: 10 },
    scaled: ["rounds"],
    unit: { name: "task", count: (p) => (p.tasks as number) * (p.rounds as number) },
    implementations: [OURS, OURS_REAL, NATIVE, EFFECTION, CPYTHON],
    notes: [
      "Not the same work on the native side: an async function that returns at once resolves its promise " +
        "without any scheduler, while asyncio (CPython's and ours) wraps each coroutine in a Task whose first step " +
        "waits for the next loop iteration and whose completion reaches `gather` through a done-callback one " +
        "iteration later. Every Task lives until its round ends, so V8's young generation copies all of them.",
    ],
  },
  {
    name: "bounded_queue",
    folder: "queue",
    title: "bounded Queue, producers and consumers",
    description:
      "`producers` tasks each put `items` numbers into a `Queue(maxsize)`; `consumers` tasks get them until a " +
      "sentinel. Native: a small promise-based bounded queue (Node has none).",
    params: { producers: 10, consumers: 10, items: 30_000, maxsize: 64 },
    scaled: ["items"],
    unit: { name: "item", count: (p) => (p.producers as number) * (p.items as number) },
    implementations: [OURS, OURS_REAL, NATIVE, CPYTHON],
    notes: [NO_EFFECTION_PRIMITIVE("bounded multi-consumer queue")],
  },
  {
    name: "lock_semaphore",
    folder: "locks",
    title: "Lock and Semaphore contention",
    description:
      "`tasks` tasks each enter the lock (`async with lock`) `rounds` times holding it across one `sleep(0)`, then the same " +
      "with `Semaphore(permits)`. Native: a small FIFO promise semaphore (a mutex is one of 1) and `await null`.",
    params: { tasks: 100, rounds: 300, permits: 10 },
    scaled: ["rounds"],
    unit: { name: "acquisition", count: (p) => 2 * (p.tasks as number) * (p.rounds as number) },
    implementations: [
      OURS,
      OURS_REAL,
      node("asyncio-ts-async-with", "asyncio-ts, asyncWith with a body closure per entry", "asyncio_ts_async_with.ts"),
      NATIVE,
      CPYTHON,
    ],
    notes: [
      NO_EFFECTION_PRIMITIVE("lock or semaphore"),
      "asyncio-ts's row writes `async with` out as `yield* lock.acquire(); try { ... } finally { lock.release(); }` " +
        "(the Lock documentation's first form: the same calls `async with` makes). The `asyncWith` row makes a new " +
        "generator closure for the body at every entry; V8 builds a prototype and a map the first time each new " +
        "generator function is called (microseconds), which is most of that row's time.",
    ],
  },
  {
    name: "timers",
    folder: "timers",
    title: "timers: call_later and sleep(d), many cancelled",
    description:
      "`rounds` times: `timers` call_later callbacks and `sleepers` tasks in `sleep(d)` over `distinct` distinct " +
      "deadlines `step_us` µs apart, every `equal`-th on one shared deadline; then `cancel_percent`% of both are " +
      "cancelled (more than half of over 100 timers: the loop rebuilds its heap) and the rest fire. CPython and " +
      "our real clock wait for real (under a millisecond a round); Node and Effection timers round to 1 ms.",
    params: { rounds: 10, timers: 10_000, sleepers: 2_000, distinct: 250, equal: 4, cancel_percent: 60, step_us: 4 },
    scaled: ["rounds"],
    unit: { name: "timer", count: (p) => (p.rounds as number) * ((p.timers as number) + (p.sleepers as number)) },
    implementations: [OURS, OURS_REAL, NATIVE, EFFECTION, CPYTHON],
    notes: [
      "asyncio-ts's reference row runs on its virtual clock, which jumps from deadline to deadline; CPython, our " +
        "real clock, Node and Effection wait on real time (well under a millisecond a round for CPython; Node " +
        "timers fire no sooner than 1 ms).",
    ],
  },
];

/** The memory measurement: tasks parked on one future, and pending timers. */
export const MEMORY = {
  folder: "memory",
  node: "asyncio_ts.ts",
  python: "cpython.py",
  params: { tasks: 100_000, timers: 100_000 },
} as const;
