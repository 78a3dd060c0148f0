/**
 * The task an entry program's main may start first (generate/resolve.ts `failingAtExit`):
 * it sleeps past the program's end and turns the cancellation the entry's shutdown gives it
 * into `AlphaError('at exit')`, which `asyncio.run` and `Runner.close` report through the
 * loop's exception handler. Entry campaigns make it on every release and other programs
 * never do; such a program, emitted as standalone Python, prints the interpreter's trace
 * (the shutdown's report included) on every local CPython.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { pythonMinor } from "../../src/asyncio/version.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { focusOn, programArbitrary } from "../../src/conformance/generate/index.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { parseProgram, type Program } from "../../src/conformance/ir/index.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { releases } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "spec", "conformance", ".emitted-failing-at-exit");

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** Whether main starts with the failing task. */
const failsAtExit = (p: Program): boolean => {
  const first = JSON.stringify(p.main[0] ?? null);
  return first.includes('"op":"catch_cancel"') && first.includes('"arg":"at exit"');
};

/** Main starts the failing task, then a task of its own, and returns before either ends. */
const program = (entry: object): Program =>
  parseProgram({
    schema: 1,
    exceptions: ["AlphaError"],
    coroutines: {},
    main: [
      { op: "spawn", bind: "t1", target: { body: [{ op: "catch_cancel", body: [{ op: "sleep", delay: 30 }], cleanup: [{ op: "raise", exception: "AlphaError", arg: "at exit" }] }] } },
      { op: "spawn", bind: "t2", target: { body: [{ op: "sleep", delay: 5 }] } },
      { op: "sleep", delay: 0.5 },
      { op: "log", text: "m" },
    ],
    entry,
  });

describe("the task that fails at exit", () => {
  it("entry campaigns start it on every release; programs without an entry never do", () => {
    for (const python of ["3.7", "3.11", "3.14"] as const) {
      const entries = fc.sample(programArbitrary(focusOn("entry", python)), { seed: 20261203, numRuns: 200 });
      expect(entries.filter(failsAtExit).length, python).toBeGreaterThan(40);
      const plain = fc.sample(programArbitrary({ python }), { seed: 20261203, numRuns: 200 }).filter((p) => p.entry === undefined);
      expect(plain.filter(failsAtExit), python).toEqual([]);
    }
  });

  it("our loop reports it at shutdown, under asyncio.run and a Runner", () => {
    const report = "loop exception unhandled exception during asyncio.run() shutdown";
    expect(traceLines(interpret(program({ kind: "run" }), { python: "3.9" })).join("\n")).toContain(report);
    expect(traceLines(interpret(program({ kind: "runner", runs: [] }), { python: "3.12" })).join("\n")).toContain(report);
  });

  it.each([...releases.entries()])("standalone Python %s prints the interpreter's trace", async (python, interpreter) => {
    mkdirSync(WORK, { recursive: true });
    const entries = pythonMinor(python) >= 11 ? [{ kind: "run" }, { kind: "runner", runs: [] }] : [{ kind: "run" }];
    for (const [i, entry] of entries.entries()) {
      const p = program(entry);
      const file = join(WORK, `p${i}_${python}.py`);
      writeFileSync(file, emitPython(p, { python, standalone: true }));
      const { stdout } = await execa(interpreter.path, [file], { env: { PYTHONHASHSEED: "0" }, timeout: 120_000 });
      expect(stdout.split("\n"), `${entry.kind} on ${python}`).toEqual(traceLines(interpret(p, { python })));
    }
  }, 180_000);
});
