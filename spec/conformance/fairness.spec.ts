/**
 * The IR's parameters of named coroutines and its non-finite delays, and the generator's
 * reach into fairness and time (issue 8, section 3): every kind of parameter runs alike on
 * our loop and on python3; the rules name the argument that is wrong; the emitters write
 * `float('inf')`/`Infinity` and typed signatures; and generated programs reach convoys,
 * barrier rounds, fine and degenerate delays often enough (counted on fixed seeds, so
 * these numbers change only when the generator does).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareProgram } from "../../src/conformance/compare.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { focusOn, programArbitrary, type FeatureArea } from "../../src/conformance/generate/index.ts";
import { ProgramError, parseProgram, type Program, type Stmt } from "../../src/conformance/ir/index.ts";
import { renameNames } from "../../src/conformance/ops/await.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { measureShapes, type Shape } from "../../src/conformance/shape_stats.ts";
import type { PythonVersion } from "../../src/asyncio/version.ts";
import { problemOf } from "../support/programs.ts";
import { python3, pythonMissing } from "../support/python.ts";

const base = { schema: 1 as const, exceptions: ["AlphaError"] };

/** A worker coroutine passed a lock, a queue and a future; main starts two of them. */
const workers: Program = {
  ...base,
  coroutines: {
    co_w1: [
      { op: "with", target: "lk_w1", body: [{ op: "sleep", delay: 0.1 }, { op: "queue_op", target: "q_w1", action: "put", value: 1 }] },
      { op: "set_result", future: "f_w1", value: 2 },
    ],
  },
  parameters: {
    co_w1: [
      { name: "lk_w1", kind: "lock" },
      { name: "q_w1", kind: "queue" },
      { name: "f_w1", kind: "future" },
    ],
  },
  main: [
    { op: "primitive", bind: "lk1", kind: "lock" },
    { op: "queue", bind: "q1", kind: "fifo", maxsize: 0 },
    { op: "future", bind: "f1" },
    { op: "future", bind: "f2" },
    { op: "spawn", bind: "t1", target: { coroutine: "co_w1", args: ["lk1", "q1", "f1"] } },
    { op: "spawn", bind: "t2", target: { coroutine: "co_w1", args: ["lk1", "q1", "f2"] } },
    { op: "await", target: { task: "t2" } },
    { op: "queue_op", target: "q1", action: "get" },
  ],
};

describe("parameters of named coroutines in the IR", () => {
  it("accepts a program whose calls pass one argument of the right kind per parameter", () => {
    expect(parseProgram(workers)).toEqual(workers);
  });

  it("names the argument that is missing, unbound or of the wrong kind", () => {
    const spawnWith = (args: string[]): Program => ({ ...workers, main: [...workers.main.slice(0, 4), { op: "spawn", bind: "t1", target: { coroutine: "co_w1", args } }] });
    expect(problemOf(spawnWith(["lk1", "q1"]))).toContain("at main.4.target.args: coroutine 'co_w1' takes 3 arguments, not 2");
    expect(problemOf(spawnWith(["lk1", "q1", "f9"]))).toContain("at main.4.target.args.2: 'f9' is not bound here");
    expect(problemOf(spawnWith(["q1", "q1", "f1"]))).toContain("at main.4.target.args.0: 'q1' is a queue, but parameter 'lk_w1' of 'co_w1' is a lock");
    const call: Stmt = { op: "await", target: { call: "co_w1" } };
    expect(problemOf({ ...workers, main: [...workers.main.slice(0, 4), call] })).toContain("at main.4.target.args: coroutine 'co_w1' takes 3 arguments, not 0");
  });

  it("refuses parameters of an unknown coroutine and a parameter name bound elsewhere", () => {
    expect(problemOf({ ...workers, parameters: { ...workers.parameters, co_x: [] } })).toContain("at parameters.co_x: parameters of 'co_x', which is not a coroutine");
    const clash = { ...workers, parameters: { co_w1: [{ name: "lk1", kind: "lock" }, ...(workers.parameters?.co_w1 ?? []).slice(1)] } };
    let problems: string[] = [];
    try {
      parseProgram(clash);
    } catch (error) {
      problems = (error as ProgramError).problems.map((p) => `at ${p.path.join(".")}: ${p.message}`);
    }
    expect(problems).toContain("at main.0.bind: 'lk1' is bound twice (first at parameters.co_w1.0.name)");
  });

  it("a parameter is visible only in its coroutine, as what it stands for", () => {
    const misuse: Program = { ...workers, coroutines: { co_w1: [{ op: "sync", target: "q_w1", action: "acquire" }] } };
    expect(problemOf(misuse)).toContain("a queue: use queue_op");
    const outside: Program = { ...workers, main: [{ op: "sync", target: "lk_w1", action: "release" }] };
    expect(problemOf(outside)).toContain("at main.0.target: 'lk_w1' is not bound here");
  });

  it("inlining a call renames the parameters to the arguments", () => {
    const body = renameNames(structuredClone(workers.coroutines.co_w1 as Stmt[]), new Map([["lk_w1", "lk1"], ["q_w1", "q1"], ["f_w1", "f1"]]));
    expect(JSON.stringify(body)).not.toMatch(/_w1/);
    expect(body[1]).toEqual({ op: "set_result", future: "f1", value: 2 });
  });
});

describe("delays that JSON cannot hold", () => {
  const sleeps = (...delays: unknown[]) => ({ ...base, coroutines: {}, main: delays.map((delay) => ({ op: "sleep", delay })) });

  it("accepts negative numbers and the spellings inf, -inf and nan; refuses other strings", () => {
    expect(() => parseProgram(sleeps(-1, "inf", "-inf", "nan", 1e300))).not.toThrow();
    expect(problemOf(sleeps("infinity"))).toMatch(/at main\.0\.delay/);
  });

  it("are written as float('inf') in Python and Infinity in TypeScript", () => {
    const program = parseProgram({ ...sleeps("inf", "nan", -0.5), main: [...sleeps("inf", "nan", -0.5).main, { op: "call_at", when: "-inf", label: "cb1" }] });
    const py = emitPython(program, { python: "3.12" });
    expect(py).toContain("await asyncio.sleep(float('inf'))");
    expect(py).toContain("await asyncio.sleep(float('nan'))");
    expect(py).toContain("await asyncio.sleep(-0.5)");
    expect(py).toContain("loop.call_at(float('-inf'), trace.callback, 'cb1')");
    const ts = emitTs(program, { python: "3.12" });
    expect(ts).toContain("yield* asyncio.sleep(Infinity);");
    expect(ts).toContain("yield* asyncio.sleep(NaN);");
    expect(ts).toContain("loop.callAt(-Infinity, trace.callback, \"cb1\");");
  });

  it("named coroutines get a signature in both languages, typed in TypeScript", () => {
    expect(emitPython(workers, { python: "3.12" })).toContain("async def co_w1(lk_w1, q_w1, f_w1):");
    expect(emitPython(workers, { python: "3.12" })).toContain("t1 = asyncio.create_task(co_w1(lk1, q1, f1), name='t1')");
    expect(emitTs(workers, { python: "3.12" })).toContain(
      "function* co_w1(lk_w1: asyncio.Lock, q_w1: asyncio.Queue<unknown>, f_w1: asyncio.Future<unknown>): asyncio.Coroutine<unknown>",
    );
  });
});

describe.skipIf(python3 === null)(`parameters of every kind agree with CPython (python3 ${python3?.version ?? pythonMissing})`, () => {
  let pool: ReferencePool;
  beforeAll(async () => {
    pool = await ReferencePool.start({ interpreter: python3!, workers: 1 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it("a lock, a queue and a future passed to two workers", async () => {
    const result = await compareProgram(workers, { pool, python: python3!.python });
    expect(result.status, result.divergence ? formatDivergence(result.divergence) : (result.oursError ?? "")).toBe("agree");
  });

  it("a task, an event, a condition and a semaphore passed on", async () => {
    const program: Program = {
      ...base,
      coroutines: {
        co_a: [
          { op: "sync", target: "ev_a1", action: "wait" },
          { op: "with", target: "cv_a2", body: [{ op: "sync", target: "cv_a2", action: "notify_all" }] },
          { op: "with", target: "sm_a3", body: [{ op: "await", target: { task: "t_a4" } }] },
          { op: "return", value: "done" },
        ],
      },
      parameters: {
        co_a: [
          { name: "ev_a1", kind: "event" },
          { name: "cv_a2", kind: "condition" },
          { name: "sm_a3", kind: "semaphore" },
          { name: "t_a4", kind: "task" },
        ],
      },
      main: [
        { op: "primitive", bind: "ev1", kind: "event" },
        { op: "set_later", target: "ev1", delay: 0.3 },
        { op: "primitive", bind: "cv2", kind: "condition" },
        { op: "primitive", bind: "sm3", kind: "semaphore", value: 1 },
        { op: "spawn", bind: "t1", target: { body: [{ op: "sleep", delay: 0.1 }, { op: "return", value: 1 }] } },
        { op: "spawn", bind: "t2", target: { coroutine: "co_a", args: ["ev1", "cv2", "sm3", "t1"] } },
        { op: "gather", items: [{ task: "t2" }, { call: "co_a", args: ["ev1", "cv2", "sm3", "t1"] }], returnExceptions: false },
      ],
    };
    const result = await compareProgram(parseProgram(program), { pool, python: python3!.python });
    expect(result.status, result.divergence ? formatDivergence(result.divergence) : (result.oursError ?? "")).toBe("agree");
  });
});

describe("the generator reaches fairness and time shapes", () => {
  const sample = (python: PythonVersion, runs: number, area?: FeatureArea): Program[] =>
    fc.sample(programArbitrary(area ? focusOn(area, python) : { python }), { seed: 8, numRuns: runs });
  /** Programs of `runs` that reach each shape. */
  const reach = (programs: Program[], python: PythonVersion) => measureShapes(programs, python).programsWith;
  const atLeast = (found: Record<Shape, number>, wanted: Partial<Record<Shape, number>>) => {
    for (const [shape, n] of Object.entries(wanted)) expect(found[shape as Shape], shape).toBeGreaterThanOrEqual(n as number);
  };

  it("default programs: convoys on every primitive, named coroutines with parameters, fine delays (300 programs, 3.11)", () => {
    const found = reach(sample("3.11", 300), "3.11");
    atLeast(found, {
      lock_convoy: 5,
      semaphore_convoy: 10,
      condition_convoy: 20,
      event_convoy: 5,
      queue_getters: 3,
      queue_putters: 3,
      barrier_round2: 5,
      named_uses_param: 100,
      off_grid: 250,
      sub_ms: 200,
      window_1ms: 60,
    });
    expect(found.delay_inf + found.delay_nan).toBe(0);
  });

  it("default programs: deadlines within the clock resolution of each other (1,200 programs, 3.11)", () => {
    // About one default program in 120 has two (about 15 in 1,800 over seeds 8-10, with the
    // sixteenth-second delays or without them), too few for a sample of 300 to show reliably:
    // 4 of seed 8's first 300 before the delay table grew, 0 after. 8 in these 1,200.
    expect(reach(sample("3.11", 1200), "3.11").window_pair).toBeGreaterThanOrEqual(4);
  });

  it("the convoys area (200 programs, 3.12)", () => {
    atLeast(reach(sample("3.12", 200, "convoys"), "3.12"), {
      lock_convoy: 15,
      semaphore_convoy: 15,
      condition_convoy: 20,
      event_convoy: 10,
      queue_getters: 8,
      queue_putters: 8,
      barrier_round2: 15,
      barrier_reset_rounds: 8,
    });
  });

  it("the queues area: PriorityQueue bursts whose items tie on priority (900 programs, 3.12)", () => {
    // Seed 8 gives 9 and 14 (0 and 0 before the bursts tied on priority with prefix labels).
    // One sample of 300 is too small to rely on: seeds 8-10 give 2-7 and 3-7.
    atLeast(reach(sample("3.12", 900, "queues"), "3.12"), { pq_label_prefix: 5, pq_equal_numbers: 7 });
  });

  it("the convoys area on 3.13: queues shut down while getters wait, and immediately while a task waits in join() (400 programs)", () => {
    // Seed 8 gives 3 and 10 (2 and 0 before the queue convoy's shutdown ending).
    atLeast(reach(sample("3.13", 400, "convoys"), "3.13"), { queue_shutdown_getters: 2, queue_shutdown_join: 6 });
  });

  it("the reprs area: Timeout, result and TimerHandle reprs at the edges of Python's repr formatting (300 programs, 3.12 and 3.7)", () => {
    // Seed 8 gives, on 3.12: 6, 22, 27, 3, 18 (deadlines); 63, 57, 11, 23 (results); 75, 37, 52
    // (timers); on 3.7 (no asyncio.timeout): 55, 53, 12, 25; 88, 32, 38.
    const results = { repr_result_edge: 25, repr_result_cut: 25, repr_result_quote_cut: 5, repr_result_list_cut: 10 };
    const timers = { repr_timer_whole: 30, repr_timer_huge: 15, repr_timer_inf: 15 };
    atLeast(reach(sample("3.12", 300, "reprs"), "3.12"), {
      repr_deadline_small: 3,
      repr_deadline_tie: 10,
      repr_deadline_whole: 12,
      repr_deadline_negzero: 1,
      repr_deadline_inf: 8,
      ...results,
      ...timers,
    });
    const programs = sample("3.7", 300, "reprs");
    for (const p of programs.slice(0, 50)) expect(() => parseProgram(JSON.parse(JSON.stringify(p)))).not.toThrow();
    atLeast(reach(programs, "3.7"), { ...results, ...timers });
  });

  it("the degenerate_times area: valid programs on 3.7 and 3.13 with inf, nan, negative and huge delays", () => {
    for (const python of ["3.7", "3.13"] as const) {
      const programs = sample(python, 150, "degenerate_times");
      for (const p of programs) expect(() => parseProgram(JSON.parse(JSON.stringify(p)))).not.toThrow();
      atLeast(reach(programs, python), { delay_inf: 40, delay_nan: 30, delay_negative: 40, delay_huge: 40 });
    }
  });
});
