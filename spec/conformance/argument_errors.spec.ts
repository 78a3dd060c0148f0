/**
 * Calls of named coroutines with the wrong number of arguments. The IR can write two calls
 * without arguments: a Runner's runs (`runner.run(co_b())`) and `wait_coroutine`
 * (`asyncio.wait([co_b(), ...])`). When the coroutine takes parameters, Python raises
 * TypeError at the call itself, before any coroutine object exists. The interpreter, the
 * emitted Python and the emitted TypeScript must all do that, with CPython's message:
 * checked here against every release found (3.14 through Pyodide), each comparison run on
 * real CPython. Explicit argument lists (awaits and spawns) stay checked by the IR rules.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";
import { compareProgram } from "../../src/conformance/compare.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { checkProgram, parseProgram, type Program } from "../../src/conformance/ir/index.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { everyReleaseFound } from "../support/python.ts";

// Real processes on a shared machine: generous safety nets, never measurements.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "spec", "conformance", ".argument_errors");
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** A Runner runs co_a, then co_b (two parameters: TypeError at the call), then co_a again (never). */
const RUNNER = parseProgram({
  schema: 1,
  exceptions: [],
  coroutines: { co_a: [{ op: "log", text: "a" }], co_b: [{ op: "sleep", delay: 1 }, { op: "log", text: "b" }] },
  parameters: { co_b: [{ name: "f_b1", kind: "future" }, { name: "t_b2", kind: "task" }] },
  main: [
    { op: "spawn", bind: "t1", target: { body: [{ op: "sleep", delay: 2 }, { op: "log", text: "late" }] } },
    { op: "log", text: "m" },
  ],
  entry: { kind: "runner", runs: ["co_a", "co_b", "co_a"] },
});

/** `asyncio.wait([co_b(), f1])` with co_b taking three parameters: the TypeError is caught and recorded. */
const WAIT = parseProgram({
  schema: 1,
  exceptions: [],
  coroutines: { co_a: [{ op: "log", text: "a" }], co_b: [{ op: "log", text: "b" }] },
  parameters: {
    co_b: [
      { name: "f_b1", kind: "future" },
      { name: "f_b2", kind: "future" },
      { name: "f_b3", kind: "future" },
    ],
  },
  main: [
    { op: "future", bind: "f1" },
    { op: "wait_coroutine", call: "co_b", items: [{ future: "f1" }], timeout: 1 },
    { op: "wait_coroutine", call: "co_a", items: [{ future: "f1" }], timeout: 1 },
  ],
});

const MESSAGES: [Program, string][] = [
  [RUNNER, "co_b() missing 2 required positional arguments: 'f_b1' and 't_b2'"],
  [WAIT, "co_b() missing 3 required positional arguments: 'f_b1', 'f_b2', and 'f_b3'"],
];

describe("calls of coroutines that take parameters, with no arguments", () => {
  it("pass the IR rules (the call is the behaviour under test)", () => {
    expect(checkProgram(RUNNER)).toEqual([]);
    expect(checkProgram(WAIT)).toEqual([]);
    const undefinedCall = { ...WAIT, main: [{ op: "wait_coroutine", call: "co_z", items: [] }] } as Program;
    expect(checkProgram(undefinedCall)).toEqual([{ path: ["main", 0, "call"], message: "coroutine 'co_z' is not defined" }]);
  });

  it("raise TypeError with CPython's message on our loop", () => {
    for (const [program, message] of MESSAGES) {
      const python = program === RUNNER ? "3.11" : "3.8";
      expect(JSON.stringify(interpret(program, { python }))).toContain(JSON.stringify(message));
    }
  });

  it("agree with every CPython release found", async () => {
    const found = await everyReleaseFound();
    expect(found.length).toBeGreaterThan(0);
    for (const [python, interpreter] of found) {
      const pool = await ReferencePool.start({ interpreter, workers: 1 });
      try {
        for (const [program, message] of MESSAGES) {
          if (program.entry?.kind === "runner" && pythonMinor(python) < 11) continue;
          const result = await compareProgram(program, { pool, python });
          const why = result.divergence ? formatDivergence(result.divergence) : (result.oursError ?? JSON.stringify(result.reference));
          expect(result.status, `${python}: ${why}`).toBe("agree");
          expect(JSON.stringify(result.ours), `${python}`).toContain(JSON.stringify(message));
        }
      } finally {
        await pool.close();
      }
    }
  });

  it("emitted TypeScript prints the interpreter's trace and typechecks", async () => {
    mkdirSync(WORK, { recursive: true });
    const cases: [Program, PythonVersion][] = [
      [RUNNER, "3.11"],
      [WAIT, "3.8"],
      [WAIT, "3.13"],
    ];
    const files = cases.map(([program, python], i) => {
      const file = join(WORK, `p${i}.ts`);
      writeFileSync(file, emitTs(program, { python }));
      return file;
    });
    for (const [i, [program, python]] of cases.entries()) {
      const { stdout } = await execa(join(ROOT, "node_modules", ".bin", "tsx"), [files[i] as string], { cwd: ROOT });
      expect(stdout.split("\n"), `case ${i}`).toEqual(traceLines(interpret(program, { python })));
    }
    const tsc = await execa(
      join(ROOT, "node_modules", ".bin", "tsc"),
      ["--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler",
        "--allowImportingTsExtensions", "--skipLibCheck", "--types", "node", ...files],
      { cwd: ROOT, reject: false },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
  });
});
