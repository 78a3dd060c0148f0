/**
 * The reference worker pool against the local CPython: batches run concurrently; a worker
 * that dies (SIGKILL), hangs (a program that never ends, or SIGSTOP), or prints garbage is
 * replaced and its job retried once on a fresh worker, so it costs nothing; a program that
 * fails the same way twice is the program's fault (kind `program`), quoting only the
 * stderr it caused. No timing is asserted: timeouts are generous and start-up has its own.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { parseProgram } from "../../src/conformance/ir/index.ts";
import { ReferencePool, type ReferenceResult } from "../../src/conformance/reference/pool.ts";
import { Trace } from "../../src/conformance/trace.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

/** A program that sleeps `delay` seconds (virtual time) then returns `value`. */
function sleepThenReturn(delay: number, value: number): string {
  const py = python3 as NonNullable<typeof python3>;
  const program = parseProgram({
    schema: 1,
    exceptions: [],
    coroutines: { job: [{ op: "sleep", delay: delay / 2 }, { op: "return", value: value + 1 }] },
    main: [
      { op: "sleep", delay },
      { op: "spawn", bind: "t1", target: { coroutine: "job" } },
      { op: "await", target: { task: "t1" } },
      { op: "return", value },
    ],
  });
  return emitPython(program, { python: py.python });
}

function expectReturned(result: ReferenceResult, value: number): void {
  if (!result.ok) throw new Error(`expected a trace, got ${result.kind}: ${result.error}`);
  expect(Trace.safeParse(result.trace).success).toBe(true);
  expect(result.trace.outcome).toEqual({ kind: "returned", value });
  expect(result.python).toBe(python3?.version);
}

/**
 * A job for a worker the test kills as it is dispatched: it blocks for real seconds, so it
 * is still running when the kill lands even if this process is descheduled between
 * sending the job and killing the worker (a fast job could answer first).
 */
const BLOCKS_FOR_SECONDS = "import time\nasync def main():\n    time.sleep(3)\n";

/** A program that never ends on its own: only the job timeout stops it. */
const HANGS = "import time\nasync def main():\n    time.sleep(600)\n";

const pools: ReferencePool[] = [];
async function startPool(options: {
  workers: number;
  timeoutMs?: number;
  startTimeoutMs?: number;
  path?: string;
}): Promise<ReferencePool> {
  const py = python3 as NonNullable<typeof python3>;
  const pool = await ReferencePool.start({
    interpreter: options.path === undefined ? py : { ...py, path: options.path },
    workers: options.workers,
    timeoutMs: options.timeoutMs ?? 20_000,
    ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
  });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe.skipIf(python3 === null)(`ReferencePool${pythonMissing ? ` (skipped: ${pythonMissing})` : ""}`, () => {
  it("runs a concurrent batch through two workers, every trace valid and returning its value", async () => {
    const pool = await startPool({ workers: 2 });
    expect(pool.size).toBe(2);
    expect(pool.python).toBe(python3?.version);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => pool.run(sleepThenReturn((i % 7) * 0.5, i))),
    );
    results.forEach((result, i) => expectReturned(result, i));
    results.forEach((result, i) => {
      if (result.ok) expect(result.trace.events[0]?.t).toBe((i % 7) * 0.5);
    });
    expect(pool.stats).toEqual({ started: 2, replaced: 0, completed: 40, retried: 0 });
  });

  it("a worker killed mid-job (SIGKILL) is replaced and its job retried on a fresh worker: every job succeeds", async () => {
    const pool = await startPool({ workers: 2 });
    const victim = 12;
    let dispatched = 0;
    const dispatches: { id: number; pid: number }[] = [];
    pool.onDispatch = (job) => {
      dispatched++;
      dispatches.push(job);
      if (dispatched === victim) process.kill(job.pid, "SIGKILL");
    };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pool.run(i === victim - 1 ? BLOCKS_FOR_SECONDS.replace("time.sleep(3)", "time.sleep(3)\n    return 11") : sleepThenReturn(i % 3, i))),
    );
    results.forEach((result, i) => expectReturned(result, i));
    const killed = dispatches[victim - 1] as { id: number; pid: number };
    const retry = dispatches.filter((d) => d.id === killed.id);
    expect(retry).toHaveLength(2);
    // The retry went to the replacement: a worker that had run nothing before.
    expect(retry[1]?.pid).not.toBe(killed.pid);
    expect(dispatches.findIndex((d) => d.pid === retry[1]?.pid)).toBe(dispatches.indexOf(retry[1]!));
    expect(pool.stats).toMatchObject({ started: 3, replaced: 1, retried: 1 });
  });

  it("a worker stopped mid-job (SIGSTOP) times out, is replaced, and the job succeeds on a fresh worker", async () => {
    const pool = await startPool({ workers: 1, timeoutMs: 5_000 });
    let stopped = 0;
    pool.onDispatch = ({ pid }) => {
      if (stopped++ === 0) process.kill(pid, "SIGSTOP");
    };
    expectReturned(await pool.run(sleepThenReturn(1, 4)), 4);
    expect(pool.stats).toMatchObject({ replaced: 1, retried: 1 });
  });

  it("a program that hangs every time is the program's fault: kind program, naming both timeouts", async () => {
    const pool = await startPool({ workers: 1, timeoutMs: 5_000 });
    const hung = await pool.run(HANGS);
    expect(hung.ok).toBe(false);
    if (!hung.ok) {
      expect(hung.kind).toBe("program");
      expect(hung.error).toContain("fail the same way twice (timeout)");
      expect(hung.error).toMatch(/first attempt \(timeout\): no answer within 5000 ms/);
      expect(hung.error).toMatch(/second attempt, on a fresh worker \(timeout\): no answer within 5000 ms/);
    }
    expectReturned(await pool.run(sleepThenReturn(2, 7)), 7);
    expect(pool.stats).toMatchObject({ replaced: 2, retried: 1 });
  });

  it("a worker killed twice in different ways fails with both causes, quoting only that job's stderr", async () => {
    const pool = await startPool({ workers: 1, timeoutMs: 20_000 });
    // Earlier programs' stderr must not show up as the cause.
    expectReturned(await pool.run('import sys\nsys.stderr.write("STALE OUTPUT\\n")\nasync def main():\n    return 1\n'), 1);
    let n = 0;
    pool.onDispatch = ({ pid }) => process.kill(pid, n++ === 0 ? "SIGKILL" : "SIGTERM");
    const source = 'import sys, time\nsys.stderr.write("FRESH OUTPUT\\n")\nsys.stderr.flush()\nasync def main():\n    time.sleep(3)\n';
    const result = await pool.run(source);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe("crash");
      expect(result.error).toContain("failed twice, in different ways");
      expect(result.error).toContain("killed by SIGKILL");
      expect(result.error).toContain("killed by SIGTERM");
      expect(result.error).not.toContain("STALE OUTPUT");
    }
  });

  it("a program that kills its worker every time is kind program", async () => {
    const pool = await startPool({ workers: 1 });
    const result = await pool.run('import os, sys\nsys.stderr.write("about to exit\\n")\nsys.stderr.flush()\nos._exit(7)\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe("program");
      expect(result.error).toContain("exit code 7");
      expect(result.error).toContain("about to exit");
    }
    expectReturned(await pool.run(sleepThenReturn(1, 2)), 2);
  });

  it("a program that writes garbage to stdout every time is kind program, quoting the line; the next job succeeds", async () => {
    const pool = await startPool({ workers: 1 });
    const result = await pool.run('import os\nos.write(1, b"not json\\n")\nasync def main():\n    return 1\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe("program");
      expect(result.error).toContain("(garbage)");
      expect(result.error).toContain("not json");
    }
    expectReturned(await pool.run(sleepThenReturn(1, 5)), 5);
    expect(pool.stats.replaced).toBe(2);
  });

  it("start-up has its own timeout: a slow-starting worker is waited for, however short the job timeout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-pool-"));
    try {
      const slow = join(dir, "python");
      writeFileSync(slow, `#!/bin/sh\nsleep 2\nexec '${python3!.path}' "$@"\n`);
      chmodSync(slow, 0o755);
      const pool = await startPool({ workers: 1, path: slow, timeoutMs: 500, startTimeoutMs: 120_000 });
      expect(pool.python).toBe(python3!.version);
      const error = await startPool({ workers: 1, path: slow, startTimeoutMs: 300 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as Error).message).toContain("it wrote no ready line within 300 ms");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a syntax error is kind program and the worker stays", async () => {
    const pool = await startPool({ workers: 1 });
    const result = await pool.run("async def main(:\n    return 1\n");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe("program");
      expect(result.error).toContain("SyntaxError");
    }
    expectReturned(await pool.run(sleepThenReturn(1, 9)), 9);
    expect(pool.stats).toEqual({ started: 1, replaced: 0, completed: 2, retried: 0 });
  });

  it("fails to start with a nonexistent interpreter, naming it and pointing at --python", async () => {
    const path = "/nonexistent/asyncio-ts/python3";
    const error = await startPool({ workers: 2, path }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("--python");
    expect((error as Error).message).toContain("ASYNCIO_TS_PYTHON");
  });

  it("fails to start when the worker script fails, quoting its stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-pool-"));
    try {
      const fake = join(dir, "python");
      writeFileSync(fake, "#!/bin/sh\necho 'this python is broken' >&2\nexit 3\n");
      chmodSync(fake, 0o755);
      const error = await startPool({ workers: 1, path: fake }).then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as Error).message).toContain(fake);
      expect((error as Error).message).toContain("exit code 3");
      expect((error as Error).message).toContain("this python is broken");
      expect((error as Error).message.split("\n")).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a replacement that cannot start makes later jobs fail as crash, without hanging", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-pool-"));
    try {
      const marker = join(dir, "broken");
      const wrapper = join(dir, "python");
      const real = (python3 as NonNullable<typeof python3>).path;
      writeFileSync(wrapper, `#!/bin/sh\nif [ -e '${marker}' ]; then echo 'gone for good' >&2; exit 4; fi\nexec '${real}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      const pool = await startPool({ workers: 1, path: wrapper });
      expectReturned(await pool.run(sleepThenReturn(1, 1)), 1);
      writeFileSync(marker, "");
      pool.onDispatch = ({ pid }) => process.kill(pid, "SIGKILL");
      const killed = await pool.run(BLOCKS_FOR_SECONDS);
      expect(killed.ok === false && killed.kind).toBe("crash");
      const after = await Promise.all([pool.run(sleepThenReturn(1, 3)), pool.run(sleepThenReturn(1, 4))]);
      for (const result of after) {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.kind).toBe("crash");
          expect(result.error).toContain("failed to start");
          expect(result.error).toContain("gone for good");
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("close lets the running job finish, fails queued jobs with 'pool closed', and is idempotent", async () => {
    const pool = await startPool({ workers: 1 });
    const running = pool.run("import time\nasync def main():\n    time.sleep(0.3)\n    return 8\n");
    const queued = [pool.run(sleepThenReturn(1, 1)), pool.run(sleepThenReturn(1, 2))];
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = pool.close();
    expect(pool.close()).toBe(closing);
    await closing;
    expectReturned(await running, 8);
    for (const result of await Promise.all(queued)) {
      expect(result).toMatchObject({ ok: false, kind: "crash", error: "pool closed" });
    }
    expect(await pool.run(sleepThenReturn(1, 3))).toMatchObject({ ok: false, kind: "crash", error: "pool closed" });
    await pool.close();
  });
});
