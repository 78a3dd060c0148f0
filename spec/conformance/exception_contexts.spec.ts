/**
 * Python's implicit exception context, program by program: hand-written programs for each
 * rule our handled-exception state follows (src/conformance/exception_state.ts), run on
 * our loop and on every CPython release found that has their features; each must agree.
 * Some rules differ between releases (chaining on throws from 3.9, Timeout's inserted
 * TimeoutError in 3.13): those programs must also trace differently on some two releases,
 * so that they really tell the releases apart.
 */
import { afterAll, describe, expect, it } from "vitest";
import { PYTHON_VERSIONS, type PythonVersion } from "../../src/asyncio/version.ts";
import { compareProgram } from "../../src/conformance/compare.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { discoverInterpreters, pickPerRelease, type Interpreter } from "../../src/conformance/interpreters.ts";
import { checkProgram, checkProgramForTarget } from "../../src/conformance/ir/index.ts";
import type { Program, Stmt } from "../../src/conformance/ir/types.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { traceLines } from "../../src/conformance/trace.ts";

/**
 * The newest patch release of each CPython release found (as `--matrix` and the corpus
 * pick): some of these rules changed within a release (3.11.4 stopped wrapping a lone
 * exception raised by an except* block in a new group).
 */
const newest = discoverInterpreters({ pyodide: false }).then(({ found }) => pickPerRelease(found, { prefer: "newest" }));

const raise = (exception: string, arg: number): Stmt => ({ op: "raise", exception, arg });
const inspect = (body: Stmt[], handlers: { catch: string; body?: Stmt[] }[], final?: Stmt[]): Stmt => ({
  op: "try_inspect",
  body,
  handlers: handlers.map((h) => ({ catch: h.catch, body: h.body ?? [] })),
  ...(final ? { finally: final } : {}),
});
const program = (main: Stmt[], coroutines: Record<string, Stmt[]> = {}, extra: Partial<Program> = {}): Program => ({
  schema: 1,
  exceptions: ["AlphaError", "BetaError"],
  coroutines,
  main,
  ...extra,
});
/** Spawns `body` as task t1, lets it start, cancels it, and records what awaiting it raises. */
const cancelled = (body: Stmt[]): Stmt[] => [
  { op: "spawn", bind: "t1", target: { body } },
  { op: "sleep", delay: 0.5 },
  { op: "cancel", target: { task: "t1" } },
  inspect([{ op: "await", target: { task: "t1" } }], [{ catch: "BaseException" }]),
];

/** Each program, and whether some two releases must trace it differently. */
const PROGRAMS: Record<string, { program: Program; differs: boolean }> = {
  // A cancellation thrown into a task suspended in an except block: chained to it from 3.9.
  "throw into a handler": {
    program: program(
      cancelled([
        inspect([raise("AlphaError", 1)], [
          { catch: "AlphaError", body: [inspect([{ op: "sleep", delay: 1 }], [{ catch: "CancelledError", body: [{ op: "reraise" }] }])] },
        ]),
      ]),
    ),
    differs: true,
  },
  // After a throw, a frame awaited inline sees only its own handled exceptions (its caller's
  // are not linked); what it raises is chained to the caller's when it comes out (3.9+).
  "raise after a throw in a frame awaited inline": {
    program: program(
      cancelled([inspect([raise("AlphaError", 1)], [{ catch: "AlphaError", body: [{ op: "await", target: { call: "co_b" } }] }], [])]),
      { co_b: [inspect([{ op: "sleep", delay: 1 }], [{ catch: "CancelledError" }]), raise("BetaError", 2)] },
    ),
    differs: true,
  },
  // The same without a throw: the caller's handler is linked, on every release.
  "raise in a frame awaited inline from a handler": {
    program: program(
      [inspect([inspect([raise("AlphaError", 1)], [{ catch: "AlphaError", body: [{ op: "await", target: { call: "co_b" } }] }])], [{ catch: "BaseException" }])],
      { co_b: [{ op: "sleep", delay: 1 }, raise("BetaError", 2)] },
    ),
    differs: false,
  },
  // `finally` handles what is in flight; a bare raise there re-raises it.
  "finally with an exception in flight": {
    program: program([
      inspect([{ op: "try", body: [raise("AlphaError", 1)], handlers: [], finally: [{ op: "sleep", delay: 0 }, raise("BetaError", 2)] }], [{ catch: "Exception" }]),
      inspect([inspect([raise("AlphaError", 3)], [{ catch: "AlphaError", body: [{ op: "try", body: [], handlers: [], finally: [{ op: "reraise" }] }] }])], [
        { catch: "BaseException" },
      ]),
    ]),
    differs: false,
  },
  // Awaiting a task that already failed re-raises its exception in the awaiting frame,
  // which chains it to the handler there (and keeps it so for the next observer).
  "await a failed task in a handler": {
    program: program([
      { op: "spawn", bind: "t1", target: { body: [{ op: "sleep", delay: 0 }, raise("BetaError", 1)] } },
      { op: "sleep", delay: 1 },
      inspect([inspect([raise("AlphaError", 2)], [{ catch: "AlphaError", body: [{ op: "await", target: { task: "t1" } }] }])], [{ catch: "BaseException" }]),
      inspect([{ op: "await", target: { task: "t1" } }], [{ catch: "BaseException" }]),
      inspect([raise("AlphaError", 3)], [{ catch: "AlphaError", body: [{ op: "probe", target: { task: "t1" }, what: "result" }] }]),
      inspect([{ op: "await", target: { task: "t1" } }], [{ catch: "BaseException" }]),
    ]),
    differs: false,
  },
  // wait_for's TimeoutError from each release's machinery, awaited inside a handler.
  "wait_for timing out in a handler": {
    program: program(
      [inspect([inspect([raise("AlphaError", 1)], [{ catch: "AlphaError", body: [{ op: "wait_for", target: { call: "co_b" }, timeout: 0.5 }] }])], [{ catch: "BaseException" }])],
      { co_b: [{ op: "sleep", delay: 1 }] },
    ),
    differs: true,
  },
  // 3.11+: the body turns the timeout's cancellation into another error; 3.13 inserts a TimeoutError.
  "timeout whose body raises on cancellation": {
    program: program([
      inspect(
        [{ op: "timeout", delay: 0.5, body: [inspect([{ op: "sleep", delay: 1 }], [{ catch: "CancelledError", body: [raise("AlphaError", 1)] }])] }],
        [{ catch: "BaseException" }],
      ),
    ]),
    differs: true,
  },
  // 3.11+: a task group's errors, chained to the body's exception, and except* over them.
  "task group errors and except*": {
    program: program([
      {
        op: "try_star",
        body: [
          {
            op: "task_group",
            children: [
              { bind: "t1", target: { body: [{ op: "sleep", delay: 1 }, raise("AlphaError", 1)] } },
              { bind: "t2", target: { body: [{ op: "sleep", delay: 1 }, raise("BetaError", 2)] } },
            ],
            body: [{ op: "sleep", delay: 0.5 }, raise("AlphaError", 3)],
          },
        ],
        handlers: [
          { catch: "BetaError", body: [{ op: "reraise" }] },
          { catch: "AlphaError", body: [raise("BetaError", 4)] },
        ],
      },
    ]),
    differs: false,
  },
  // 3.11+: split and subgroup of a nested group raised from a cause (GAPS item 6): both
  // parts keep the cause, and the context of the handler the group was raised in.
  "split of a nested group with a cause": {
    program: program([
      inspect([raise("BetaError", 0)], [
        {
          catch: "BetaError",
          body: [
            ...(["split", "subgroup"] as const).map(
              (how): Stmt => ({
                op: "try_inspect",
                body: [
                  {
                    op: "raise_group",
                    message: "outer",
                    members: [{ exception: "AlphaError", arg: 1 }],
                    inner: { message: "inner", members: [{ exception: "BetaError", arg: 2 }, { exception: "AlphaError", arg: 3 }] },
                    cause: { exception: "BetaError", arg: "c" },
                  },
                ],
                handlers: [{ catch: "ExceptionGroup", split: { how, catch: "AlphaError" }, body: [] }],
              }),
            ),
          ],
        },
      ]),
    ]),
    differs: false,
  },
  // 3.11+: BaseExceptionGroup of ordinary and base members stays a BaseExceptionGroup (GAPS
  // item 7); of ordinary members only, it is an ExceptionGroup.
  "base exception groups": {
    program: program(
      [
        { base: true, members: [{ exception: "AlphaError", arg: 1 }, { exception: "CancelledError", arg: 2 }] },
        { base: true, members: [{ exception: "AlphaError", arg: 1 }, { exception: "OSError", arg: 2 }] },
      ].map(
        (g): Stmt => ({
          op: "try_inspect",
          body: [{ op: "raise_group", message: "m", ...(g as { base: true; members: { exception: string; arg: number }[] }) }],
          handlers: [{ catch: "BaseExceptionGroup", split: { how: "split", catch: "CancelledError" }, body: [] }],
        }),
      ),
    ),
    differs: false,
  },
  // 3.11+: ExceptionGroup given a CancelledError raises TypeError at construction, chained
  // to the exception being handled.
  "an ExceptionGroup refusing a BaseException": {
    program: program([
      inspect([raise("AlphaError", 0)], [
        {
          catch: "AlphaError",
          body: [
            {
              op: "try_inspect",
              body: [{ op: "raise_group", message: "m", members: [{ exception: "BetaError", arg: 1 }, { exception: "CancelledError", arg: 2 }] }],
              handlers: [{ catch: "Exception", body: [] }],
            },
          ],
        },
      ]),
    ]),
    differs: false,
  },
  // 3.12+: an eager task's first step runs inside its creator's handler, and sees it.
  "eager task created in a handler": {
    program: program(
      [
        inspect([raise("AlphaError", 1)], [
          {
            catch: "AlphaError",
            // t1's first step raises and records it before main goes on.
            body: [{ op: "spawn", bind: "t1", target: { body: [inspect([raise("BetaError", 2)], [{ catch: "BetaError" }])] } }],
          },
        ]),
      ],
      {},
      { taskFactory: "eager" },
    ),
    differs: false,
  },
};

const pools = new Map<string, Promise<ReferencePool>>();
const poolFor = (interpreter: Interpreter): Promise<ReferencePool> => {
  let pool = pools.get(interpreter.path);
  if (!pool) {
    pool = ReferencePool.start({ interpreter, workers: 1 });
    pools.set(interpreter.path, pool);
  }
  return pool;
};
afterAll(async () => {
  for (const pool of pools.values()) await (await pool).close();
});

/** The releases a program can run on. */
const targets = (p: Program): PythonVersion[] => PYTHON_VERSIONS.filter((v) => checkProgramForTarget(p, v).length === 0);

describe("exception context programs", () => {
  it.each(Object.keys(PROGRAMS))("%s is a valid program", (name) => {
    expect(checkProgram(PROGRAMS[name]!.program)).toEqual([]);
  });

  const cases = Object.entries(PROGRAMS).flatMap(([name, { program: p }]) => targets(p).map((v) => [name, v] as const));
  it.each(cases)("%s agrees with CPython %s", async (name, version) => {
    const interpreter = (await newest).get(version);
    if (interpreter === undefined) return; // no interpreter for this release here (listed by the global setup)
    const result = await compareProgram(PROGRAMS[name]!.program, { pool: await poolFor(interpreter), python: version });
    expect(result.oursError ?? null).toBeNull();
    expect(result.status === "reference-error" ? result.reference : null).toBeNull();
    expect(result.divergence ? formatDivergence(result.divergence) : null).toBeNull();
  }, 900_000);

  it.each(Object.entries(PROGRAMS).filter(([, v]) => v.differs).map(([name]) => name))("%s traces differently on some two releases", (name) => {
    const p = PROGRAMS[name]!.program;
    const traces = new Set(targets(p).map((v) => traceLines(interpret(p, { python: v })).join("\n")));
    expect(traces.size).toBeGreaterThan(1);
  });
});
