/**
 * Budgets (src/conformance/ir/budget.ts): a program file that CPython could not compile,
 * that nests absurdly deep, or that would run away is refused by `parseProgram` with one
 * clear problem; and the interpreter's step budget ends a runaway program that bypassed
 * validation, instead of hanging the process.
 */
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { MAX_STATIC_BLOCKS, MAX_WORK, ProgramError, checkBudgets, parseProgram, staticWork, type Program, type Stmt } from "../../src/conformance/ir/index.ts";
import { releases } from "../support/python.ts";

const program = (main: Stmt[]): Program => ({ schema: 1, exceptions: ["AlphaError"], coroutines: {}, main });

/** `depth` nested statements made by `wrap`, around a log. */
function nest(depth: number, wrap: (inner: Stmt[], level: number) => Stmt): Stmt[] {
  let body: Stmt[] = [{ op: "log", text: "inner" }];
  for (let level = depth; level > 0; level--) body = [wrap(body, level)];
  return body;
}

const repeatNest = (depth: number, times = 1) => nest(depth, (body) => ({ op: "repeat", times, body }));

/** Blocks of every kind the emitters write, at most MAX_STATIC_BLOCKS deep in one coroutine. */
function mixedAtTheLimit(): Program {
  const kinds: ((body: Stmt[]) => Stmt)[] = [
    (body) => ({ op: "repeat", times: 1, body }),
    (body) => ({ op: "try", body, handlers: [], finally: [] }),
    (body) => ({ op: "with", target: "lk1", body }),
    (body) => ({ op: "timeout", delay: null, body }),
  ];
  const body = nest(MAX_STATIC_BLOCKS, (inner, level) => (kinds[level % kinds.length] as (b: Stmt[]) => Stmt)(inner));
  return program([{ op: "primitive", bind: "lk1", kind: "lock" }, ...body]);
}

function refusal(json: unknown): ProgramError {
  try {
    parseProgram(json);
  } catch (error) {
    if (error instanceof ProgramError) return error;
    throw error;
  }
  throw new Error("the program was accepted");
}

describe("parseProgram refuses what cannot run", () => {
  it("25 nested repeats: too many static blocks, named with the path", () => {
    const error = refusal(program(repeatNest(25)));
    expect(error.message).toMatch(/statically nested blocks/);
    expect(error.message).toMatch(/at main\.0(\.body\.0)+/);
  });

  it("an except handler counts two blocks, as CPython counts it", () => {
    const handlerNest = (depth: number) =>
      nest(depth, (body) => ({ op: "try", body: [], handlers: [{ catch: "AlphaError", body }] }));
    expect(checkBudgets(program(handlerNest(MAX_STATIC_BLOCKS / 2)))).toEqual([]);
    expect(checkBudgets(program(handlerNest(MAX_STATIC_BLOCKS / 2 + 1)))[0]?.message).toMatch(/statically nested blocks/);
  });

  it("inline task bodies start a new coroutine (their blocks count afresh), but depth still counts", () => {
    const spawns = nest(30, (body, level) => ({ op: "spawn", bind: `t${level}`, target: { body } }));
    expect(checkBudgets(program(spawns))).toEqual([]);
    const deep = nest(70, (body, level) => ({ op: "spawn", bind: `t${level}`, target: { body } }));
    expect(refusal(program(deep)).message).toMatch(/nested more than 64 levels deep/);
  });

  it("2,000 levels of nesting: one line, no stack overflow", () => {
    const error = refusal(program(repeatNest(2000)));
    expect(error.message).toMatch(/^program is not a valid program: at \(top level\): nested more than \d+ levels deep$/);
  });

  it("12 nested `repeat x5`: refused for the work it would do, before anything runs", () => {
    const runaway = program(repeatNest(12, 5));
    expect(staticWork(runaway)).toBeGreaterThan(MAX_WORK);
    expect(refusal(runaway).message).toMatch(/may execute more than 100000 statements/);
  });

  it("counts calls of named coroutines in full", () => {
    const calls = (n: number): Stmt[] => Array.from({ length: n }, () => ({ op: "await", target: { call: "job" } }) as Stmt);
    const p: Program = { ...program(calls(3)), coroutines: { job: repeatNest(2, 5) } };
    // Each await (1) runs job in full: the outer repeat (1) and 5 times the inner one (1 + 5 logs).
    expect(staticWork(p)).toBe(3 * (1 + (1 + 5 * (1 + 5))));
  });
});

describe("the step budget of the interpreter", () => {
  it("ends a runaway program that bypassed validation with the outcome budget", () => {
    const trace = interpret(program(repeatNest(12, 5)), { python: "3.12", maxSteps: 50_000 });
    expect(trace.outcome).toEqual({ kind: "budget" });
    expect(trace.events.length).toBeLessThanOrEqual(50_000);
  });
});

describe.each([...releases.entries()])("the limit against CPython %s", (release, interpreter) => {
  const compiles = async (p: Program) =>
    execa(interpreter.path, ["-c", "import sys; compile(sys.stdin.read(), 'program.py', 'exec')"], {
      input: emitPython(p, { python: release }),
      reject: false,
      timeout: 900_000,
    });

  it(`a program at the limit compiles (${interpreter.version})`, async () => {
    const p = mixedAtTheLimit();
    expect(checkBudgets(p)).toEqual([]);
    const result = await compiles(p);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  it(`21 nested loops do not (${interpreter.version}), and parseProgram refuses them first`, async () => {
    const p = program(repeatNest(21));
    const result = await compiles(p);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/too many statically nested blocks/);
    expect(refusal(p).message).toMatch(/statically nested blocks/);
  });
});
