/**
 * The embedded reference, CPython 3.14 in WebAssembly (the `pyodide` npm package): it is
 * discovered without a system Python, its workers speak worker.py's protocol and return
 * the traces our loop produces under target 3.14, and with no Python on PATH a campaign
 * runs on it and agrees. Starting Pyodide takes a few seconds, so one pool (one worker)
 * serves every pool test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import {
  defaultInterpreter,
  discoverInterpreters,
  interpretersByRelease,
  PYODIDE_ENV_VAR,
  pyodideInterpreter,
  type Interpreter,
} from "../../src/conformance/interpreters.ts";
import { parseProgram, type Program } from "../../src/conformance/ir/index.ts";
import { ReferencePool, type ReferenceResult } from "../../src/conformance/reference/pool.ts";
import { Trace } from "../../src/conformance/trace.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-pyodide-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const found = await pyodideInterpreter();
const embedded: Interpreter | null = "version" in found ? found : null;
const missing = "reason" in found ? found.reason : null;

/** Programs over what 3.14 schedules: tasks, sleeps, cancellation, groups, timeouts, primitives, queues. */
const PROGRAMS: Program[] = [
  {
    schema: 1,
    exceptions: [],
    coroutines: { job: [{ op: "sleep", delay: 0.5 }, { op: "return", value: 4 }] },
    main: [
      { op: "sleep", delay: 1 },
      { op: "spawn", bind: "t1", target: { coroutine: "job" } },
      { op: "await", target: { task: "t1" } },
      { op: "return", value: 3 },
    ],
  },
  {
    schema: 1,
    exceptions: ["AlphaError"],
    coroutines: {
      fails: [{ op: "sleep", delay: 0.25 }, { op: "raise", exception: "AlphaError", arg: "boom" }],
      slow: [{ op: "sleep", delay: 2 }, { op: "return", value: "late" }],
    },
    main: [
      { op: "spawn", bind: "t1", target: { coroutine: "fails" } },
      { op: "spawn", bind: "t2", target: { coroutine: "slow" } },
      { op: "gather", items: [{ task: "t1" }, { task: "t2" }, { call: "slow" }], returnExceptions: true },
      { op: "spawn", bind: "t3", target: { coroutine: "slow" } },
      { op: "sleep", delay: 0 },
      { op: "cancel", target: { task: "t3" }, msg: "stop" },
      {
        op: "try",
        body: [{ op: "await", target: { task: "t3" } }],
        handlers: [{ catch: "CancelledError", body: [{ op: "probe", target: { task: "t3" }, what: "cancelled" }] }],
      },
      {
        op: "try",
        body: [{ op: "wait_for", target: { call: "slow" }, timeout: 0.5 }],
        handlers: [{ catch: "TimeoutError", body: [{ op: "log", text: "timed out" }] }],
      },
    ],
  },
  {
    schema: 1,
    exceptions: [],
    coroutines: { tick: [{ op: "sleep", delay: 0.5 }, { op: "log", text: "tick" }] },
    main: [
      { op: "future", bind: "f1" },
      { op: "add_done_callback", target: { future: "f1" }, label: "on_f1" },
      { op: "resolve_later", future: "f1", delay: 1, value: 9 },
      { op: "call_soon", label: "soon" },
      { op: "call_later", delay: 0.25, label: "later" },
      {
        op: "task_group",
        children: [
          { bind: "c1", target: { coroutine: "tick" } },
          { bind: "c2", target: { body: [{ op: "sleep", delay: 1.5 }, { op: "return", value: 2 }] } },
        ],
        body: [{ op: "log", text: "in group" }],
      },
      { op: "await", target: { future: "f1" } },
      { op: "timeout", delay: 0.25, body: [{ op: "sleep", delay: 1 }] },
    ],
  },
  {
    schema: 1,
    exceptions: [],
    coroutines: {},
    main: [
      { op: "primitive", bind: "l1", kind: "lock" },
      { op: "queue", bind: "q1", kind: "fifo", maxsize: 1 },
      ...["t1", "t2"].map((bind) => ({
        op: "spawn",
        bind,
        target: {
          body: [
            { op: "queue_op", target: "q1", action: "get" },
            { op: "queue_op", target: "q1", action: "task_done" },
            { op: "with", target: "l1", body: [{ op: "sleep", delay: 0.5 }] },
          ],
        },
      })),
      { op: "queue_op", target: "q1", action: "put", value: 1 },
      { op: "queue_op", target: "q1", action: "put", value: 2 },
      { op: "queue_op", target: "q1", action: "join" },
      { op: "sync", target: "l1", action: "acquire" },
      { op: "sync", target: "l1", action: "locked" },
      { op: "sync", target: "l1", action: "release" },
      { op: "await", target: { task: "t2" } },
    ],
  },
].map((json) => parseProgram(json));

function traceOf(result: ReferenceResult): Trace {
  if (!result.ok) throw new Error(`expected a trace, got ${result.kind}: ${result.error}`);
  expect(Trace.safeParse(result.trace).success).toBe(true);
  return result.trace;
}

describe("the embedded Pyodide is found without a system Python", () => {
  it.skipIf(embedded === null)("is an interpreter of source pyodide, CPython 3.14", () => {
    expect(embedded).toMatchObject({ source: "pyodide", python: "3.14", path: expect.stringMatching(/^pyodide@\d+\.\d+\.\d+$/) });
    expect(embedded!.version).toMatch(/^3\.14\.\d+$/);
  });

  it.skipIf(embedded === null)("comes last in discovery, is the fallback, and can be turned off", async () => {
    const noPython = { PATH: scratch, PYENV_ROOT: scratch };
    expect((await discoverInterpreters({ env: noPython, pyenv: false })).found).toEqual([embedded]);
    expect((await discoverInterpreters({ env: { ...noPython, [PYODIDE_ENV_VAR]: "0" } })).found).toEqual([]);
    expect((await discoverInterpreters({ env: noPython, pyodide: false })).found).toEqual([]);
    // Version matrices run scripts with an executable: Pyodide only when asked for.
    expect([...(await interpretersByRelease({ env: noPython, pyenv: false })).values()]).toEqual([]);
    expect((await interpretersByRelease({ env: noPython, pyenv: false, pyodide: true })).get("3.14")).toEqual(embedded);

    expect(await defaultInterpreter({ env: noPython })).toEqual(embedded);
    expect(await defaultInterpreter({ explicit: ["pyodide"] })).toEqual(embedded);
    expect(await defaultInterpreter({ explicit: [embedded!.path] })).toEqual(embedded);
    expect(await defaultInterpreter({ env: { ...noPython, ASYNCIO_TS_PYTHON: "pyodide" } })).toEqual(embedded);
    const wrong = await defaultInterpreter({ explicit: ["pyodide@0.0.1"] });
    expect("reason" in wrong && wrong.reason).toMatch(/^pyodide@0\.0\.1: pyodide \S+ is installed, not 0\.0\.1$/);
    const off = await defaultInterpreter({ env: { ...noPython, [PYODIDE_ENV_VAR]: "off" } });
    expect("reason" in off && off.reason).toMatch(/no python3 .*--python PATH or ASYNCIO_TS_PYTHON=PATH/);
  });
});

describe.skipIf(embedded === null)(`a ReferencePool on Pyodide${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let pool: ReferencePool;
  beforeAll(async () => {
    pool = await ReferencePool.start({ interpreter: embedded!, workers: 1 });
  }, 900_000);
  afterAll(() => pool?.close());

  it("reports the version the package declares", () => {
    expect(pool.python).toBe(embedded!.version);
  });

  it("runs emitted programs and returns the traces of our loop under target 3.14", async () => {
    for (const [i, program] of PROGRAMS.entries()) {
      const trace = traceOf(await pool.run(emitPython(program, { python: "3.14" })));
      expect(trace, `program ${i}`).toEqual(interpret(program, { python: "3.14" }));
    }
  });

  it("speaks worker.py's protocol: tracebacks, fresh namespaces, prints kept off stdout, no WebLoop", async () => {
    const bad = await pool.run("async def main(:\n    pass\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.kind).toBe("program");
      expect(bad.error).toMatch(/^Traceback \(most recent call last\):[\s\S]*SyntaxError/);
    }
    // A program's prints go to stderr: anything else on stdout would be "garbage".
    const first = await pool.run("leftover = 1\nprint('noise')\nasync def main():\n    print('more noise')\n    return leftover\n");
    expect(traceOf(first).outcome).toEqual({ kind: "returned", value: 1 });
    const second = await pool.run("async def main():\n    return leftover\n");
    expect(traceOf(second).outcome).toMatchObject({ kind: "raised", value: { exc: "NameError" } });
    // As on CPython 3.14: outside a running loop, get_event_loop() finds none (Pyodide's
    // policy would make and run a WebLoop, and every later program would fail to start).
    const outside = await pool.run(
      [
        "import asyncio",
        "try:",
        "    asyncio.get_event_loop()",
        "    FOUND = 'a loop'",
        "except RuntimeError as e:",
        "    FOUND = str(e)",
        "async def main():",
        "    await asyncio.sleep(1)",
        "    return FOUND",
        "",
      ].join("\n"),
    );
    expect(traceOf(outside).outcome).toEqual({ kind: "returned", value: "There is no current event loop in thread 'MainThread'." });
    const after = await pool.run(emitPython(PROGRAMS[0]!, { python: "3.14" }));
    expect(traceOf(after)).toEqual(interpret(PROGRAMS[0]!, { python: "3.14" }));
    expect(pool.stats.replaced).toBe(0);
  });

  it("a worker killed mid-job is replaced and the job retried on the replacement; the next job runs too", async () => {
    let kills = 0;
    pool.onDispatch = ({ pid }) => {
      if (kills++ === 0) process.kill(pid, "SIGKILL");
    };
    const retried = await pool.run(emitPython(PROGRAMS[0]!, { python: "3.14" }));
    pool.onDispatch = undefined;
    expect(traceOf(retried)).toEqual(interpret(PROGRAMS[0]!, { python: "3.14" }));
    const next = await pool.run(emitPython(PROGRAMS[1]!, { python: "3.14" }));
    expect(traceOf(next)).toEqual(interpret(PROGRAMS[1]!, { python: "3.14" }));
    expect(pool.stats).toMatchObject({ started: 2, replaced: 1, retried: 1 });
  }, 900_000);
});

describe.skipIf(embedded === null)("with no Python on PATH", () => {
  it("a campaign runs on Pyodide and every program agrees", async () => {
    const result = await execa(
      process.execPath,
      ["--import", "tsx", "scripts/conformance.ts", "--runs", "20", "--seed", "3", "--report-root", scratch],
      { cwd: ROOT, reject: false, env: { PATH: scratch, HOME: scratch }, extendEnv: false, timeout: 900_000 },
    );
    const output = `exit code ${result.exitCode}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
    expect(result.exitCode, output).toBe(0);
    expect(result.stderr, output).toContain(`reference CPython ${embedded!.version} (${embedded!.path})`);
    expect(result.stdout, output).toContain(`20 of 20 programs agree with CPython ${embedded!.version}`);
  }, 900_000);
});
