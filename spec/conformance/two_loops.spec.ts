/**
 * Primitives and queues made outside the running loop (an entry's `shared` objects) and
 * coroutines run again on a second loop (`again`; ops/shared_objects.ts): their IR rules;
 * a program that contends a module-level lock and queue in `asyncio.run(main())` and then
 * runs main again in a second `asyncio.run` prints the interpreter's trace when emitted as
 * standalone Python (on every local CPython found, whose releases disagree: 3.7-3.9 fail
 * with "attached to a different loop", 3.10+ with "is bound to a different event loop")
 * and as TypeScript; the shrinker drops them; and entry campaigns make them.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { PythonVersion } from "../../src/asyncio/version.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { focusOn, programArbitrary } from "../../src/conformance/generate/index.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { checkProgramForTarget, parseProgram } from "../../src/conformance/ir/index.ts";
import { reduceProgram } from "../../src/conformance/shrink.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { problemOf } from "../support/programs.ts";
import { releases } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "spec", "conformance", ".emitted-two-loops");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** A lock and a queue made at module level, both contended by main; main runs again. */
const program = (entry: object): unknown => ({
  schema: 1,
  exceptions: [],
  coroutines: { co_a: [{ op: "queue_op", target: "q2", action: "get" }, { op: "return", value: 1 }] },
  main: [
    { op: "spawn", bind: "t1", target: { body: [{ op: "with", target: "lk1", body: [{ op: "sleep", delay: 1 }] }] } },
    { op: "spawn", bind: "t2", target: { coroutine: "co_a" } },
    { op: "sleep", delay: 0 },
    { op: "queue_op", target: "q2", action: "put", value: 5 },
    { op: "with", target: "lk1", body: [{ op: "log", text: "m" }] },
    { op: "await", target: { task: "t2" } },
  ],
  entry,
});

const shared = [{ bind: "lk1", kind: "lock" }, { bind: "q2", kind: "queue", value: 2 }];

describe("the IR of module-level objects and second-loop runs", () => {
  it("accepts them, and main and named coroutines see the objects", () => {
    expect(() => parseProgram(program({ kind: "run", shared, again: ["main", "co_a"] }))).not.toThrow();
    expect(() => parseProgram(program({ kind: "runner", runs: ["co_a"], shared, again: ["co_a"] }))).not.toThrow();
  });

  it("names what is wrong and where", () => {
    expect(problemOf(program({ kind: "run" }))).toMatch(/lk1|q2/);
    expect(problemOf(program({ kind: "run", shared: [...shared, { bind: "ev3", kind: "event", value: 2 }] }))).toMatch(/entry\.shared\.2\.value: an? event takes no value/);
    expect(problemOf(program({ kind: "run", shared: [...shared, { bind: "lk1", kind: "lock" }] }))).toMatch(/entry\.shared\.2\.bind: 'lk1' is bound twice/);
    expect(problemOf(program({ kind: "run", shared, again: ["co_z"] }))).toMatch(/entry\.again\.0: coroutine 'co_z' is not defined/);
    expect(problemOf(program({ kind: "run", shared, again: ["main", "main", "main"] }))).toMatch(/entry\.again/);
    expect(problemOf(program({ kind: "run", shared: [{ bind: "x1", kind: "pipe" }] }))).toMatch(/entry\.shared\.0\.kind/);
  });

  it("refuses a shared barrier before 3.11", () => {
    const barrier = parseProgram(program({ kind: "run", shared: [...shared, { bind: "br3", kind: "barrier", value: 2 }] }));
    expect(checkProgramForTarget(barrier, "3.11")).toEqual([]);
    expect(checkProgramForTarget(barrier, "3.10")).toEqual([{ path: ["entry", "shared", 2], message: "a shared barrier needs Python 3.11+" }]);
  });

  it("the shrinker drops a second-loop run, and a shared object with its uses", async () => {
    const start = parseProgram(program({ kind: "run", shared, again: ["main", "co_a"] }));
    const { program: kept } = await reduceProgram(start, async (p) => (p.entry?.again ?? []).includes("co_a"));
    expect(kept.entry?.again).toEqual(["co_a"]);
    expect(kept.entry?.shared).toEqual([{ bind: "q2", kind: "queue", value: 2 }]);
  });

  it("entry campaigns make them on every release, and runs on a second loop", () => {
    for (const python of ["3.7", "3.10", "3.14"] as const) {
      const sample = fc.sample(programArbitrary(focusOn("entry", python)), { seed: 20261203, numRuns: 200 });
      const made = sample.filter((p) => (p.entry?.shared ?? []).length > 0);
      expect(made.length, python).toBeGreaterThan(40);
      expect(made.filter((p) => (p.entry?.again ?? []).length > 0).length, python).toBeGreaterThan(30);
    }
  });
});

describe(`the emitted program on every local CPython (${[...releases.keys()].join(", ") || "none found"})`, () => {
  const programs = [
    parseProgram(program({ kind: "run", shared, again: ["main"] })),
    parseProgram(program({ kind: "run", shared, again: ["co_a"], prologue: ["get_event_loop()"], epilogue: ["get_event_loop()"] })),
  ];

  it("the interpreter sees the releases' rules", () => {
    const text = (python: PythonVersion): string => traceLines(interpret(programs[0]!, { python })).join("\n");
    expect(text("3.8")).toContain("got Future <Future pending> attached to a different loop");
    expect(text("3.12")).toContain("<asyncio.locks.Lock object [locked]> is bound to a different event loop");
  });

  it.each([...releases.entries()])("standalone Python %s prints the interpreter's trace", async (python, interpreter) => {
    mkdirSync(WORK, { recursive: true });
    for (const [i, p] of programs.entries()) {
      const file = join(WORK, `p${i}_${python}.py`);
      writeFileSync(file, emitPython(p, { python, standalone: true }));
      const { stdout } = await execa(interpreter.path, [file], { env: { PYTHONHASHSEED: "0" }, timeout: 120_000 });
      expect(stdout.split("\n"), `program ${i}`).toEqual(traceLines(interpret(p, { python })));
    }
  }, 180_000);

  it("standalone TypeScript prints the interpreter's trace, and typechecks", async () => {
    mkdirSync(WORK, { recursive: true });
    const files: string[] = [];
    for (const python of ["3.8", "3.12"] as const) {
      for (const [i, p] of programs.entries()) {
        const file = join(WORK, `p${i}_${python}.ts`);
        writeFileSync(file, emitTs(p, { python }));
        files.push(file);
        const { stdout } = await execa(TSX, [file], { cwd: ROOT, timeout: 120_000 });
        expect(stdout.split("\n"), `program ${i} on ${python}`).toEqual(traceLines(interpret(p, { python })));
      }
    }
    // Every kind of shared object, as a module-level `let` of its class (needs dist/: npm run build).
    const kinds = ["lock", "event", "condition", "semaphore", "bounded_semaphore", "barrier", "queue"];
    const every = parseProgram({
      schema: 1,
      exceptions: [],
      coroutines: {},
      main: [{ op: "log", text: "m" }],
      entry: { kind: "run", again: ["main"], shared: kinds.slice(0, 3).map((kind, k) => ({ bind: `x${k}`, kind })) },
    });
    const rest = parseProgram({
      schema: 1,
      exceptions: [],
      coroutines: {},
      main: [{ op: "log", text: "m" }],
      entry: { kind: "run", shared: kinds.slice(3, 6).map((kind, k) => ({ bind: `y${k}`, kind, value: 2 })) },
    });
    const queue = parseProgram({
      schema: 1,
      exceptions: [],
      coroutines: {},
      main: [{ op: "log", text: "m" }],
      entry: { kind: "run", shared: [{ bind: "z0", kind: "queue" }] },
    });
    for (const [name, p] of [["every_a", every], ["every_b", rest], ["every_c", queue]] as const) {
      const file = join(WORK, `${name}.ts`);
      writeFileSync(file, emitTs(p, { python: "3.12" }));
      files.push(file);
    }
    const tsc = join(ROOT, "node_modules", ".bin", "tsc");
    const result = await execa(
      tsc,
      ["--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler",
        "--allowImportingTsExtensions", "--skipLibCheck", "--types", "node", ...files],
      { cwd: ROOT, reject: false, timeout: 180_000 },
    );
    expect(result.stdout + result.stderr).toBe("");
  }, 300_000);
});
