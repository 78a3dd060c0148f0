/**
 * Issue 10, item 11 (and issue 6's `sleep(inf)`): the virtual clock never spins silently.
 * A timer at an infinite deadline is all that is left: `Deadlock` (CPython's virtual clock
 * would jump to inf and spin, since inf - inf is nan). A NaN delay behaves as on CPython,
 * checked against every CPython release found: `sleep(nan)` returns at once before 3.13
 * and raises ValueError from 3.13, and `call_later(nan)` fires at once. Callbacks that are
 * always ready keep the clock from advancing: `Livelock` after `livelockIterations`,
 * naming the tasks. The errors are asserted, not how long they take; the vitest timeout
 * is only a safety net.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import type { PythonVersion } from "../../src/asyncio/version.ts";
import { releases, runPythonJson } from "../support/python.ts";

const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-vclock-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const SAFETY = { timeout: 900_000 };

const forever = asyncio.asyncDef(function* forever(): asyncio.Coroutine<string> {
  yield* asyncio.sleep(Infinity);
  return "never";
});

describe("infinite deadlines", () => {
  it("sleep(Infinity) ends in Deadlock at the current time, naming the task", SAFETY, () => {
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<string> {
      yield* asyncio.sleep(2);
      return yield* asyncio.createTask(forever(), { name: "sleeper" });
    });
    const loop = asyncio.newEventLoop();
    expect(() => loop.runUntilComplete(main())).toThrow(asyncio.Deadlock);
    expect(loop.time()).toBe(2);
    try {
      loop.runUntilComplete(loop.createFuture());
    } catch (error) {
      expect(error).toBeInstanceOf(asyncio.Deadlock);
      expect((error as Error).message).toMatch(/^Deadlock at loop time 2: nothing is ready and the earliest timer is at an infinite deadline/);
      expect((error as Error).message).toContain("task 'sleeper' (forever())");
    }
  });

  it("callLater(Infinity) does not stop finite timers; once only it is left, Deadlock", SAFETY, () => {
    const loop = asyncio.newEventLoop();
    const fired: number[] = [];
    loop.callLater(Infinity, () => fired.push(-1));
    loop.callLater(3, () => fired.push(loop.time()));
    loop.callLater(1, () => fired.push(loop.time()));
    expect(() => loop.runForever()).toThrow(/infinite deadline/);
    expect(fired).toEqual([1, 3]);
    expect(loop.time()).toBe(3);
  });
});

/** What CPython does with NaN delays under the kit's virtual clock (python-reference/virtual_time.py). */
const NAN_PROBE = `
import asyncio, json, math, sys
from virtual_time import VirtualTimeLoop
out = {}
async def sleep_nan():
    await asyncio.sleep(math.nan)
    return "returned"
async def call_later_nan():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(math.nan, fut.set_result, "fired")
    loop.call_later(1, fut.set_result, "one")
    return await fut
for name, coro in [("sleep", sleep_nan), ("call_later", call_later_nan)]:
    loop = VirtualTimeLoop()
    try:
        out[name] = [loop.run_until_complete(coro()), loop.time()]
    except Exception as e:
        out[name] = ["%s: %s" % (type(e).__name__, e), loop.time()]
    loop.close()
print(json.dumps(out))
`;

function oursWithNan(python: PythonVersion): Record<string, [string, number]> {
  const out: Record<string, [string, number]> = {};
  const cases: [string, (loop: asyncio.EventLoop) => asyncio.Coroutine<string>][] = [
    ["sleep", () => (function* () {
      yield* asyncio.sleep(NaN);
      return "returned";
    })()],
    ["call_later", (loop) => (function* () {
      const fut = loop.createFuture<string>();
      loop.callLater(NaN, () => fut.setResult("fired"));
      loop.callLater(1, () => (fut.done() ? undefined : fut.setResult("one")));
      return yield* fut;
    })()],
  ];
  for (const [name, make] of cases) {
    const loop = asyncio.newEventLoop({ python });
    try {
      out[name] = [loop.runUntilComplete(make(loop)), loop.time()];
    } catch (error) {
      out[name] = [`${(error as Error).name}: ${(error as Error).message}`, loop.time()];
    }
  }
  return out;
}

describe("NaN delays behave as on CPython", () => {
  const found = [...releases.entries()];
  it.skipIf(found.length === 0)(`on every release found (${found.map(([v]) => v).join(", ") || "none"})`, SAFETY, async () => {
    const probe = join(scratch, "nan_probe.py");
    writeFileSync(probe, NAN_PROBE);
    for (const [version, interpreter] of found) {
      const cpython = await runPythonJson<Record<string, [string, number]>>(interpreter, probe, null);
      expect(oursWithNan(version), `Python ${version}`).toEqual(cpython);
    }
  });
});

describe("livelock", () => {
  const spin = asyncio.asyncDef(function* spin(delay: number): asyncio.Coroutine<void> {
    for (;;) yield* asyncio.sleep(delay);
  });

  it("two tasks looping on sleep(0) and sleep(-1) forever end in Livelock naming both, at the default limit", SAFETY, () => {
    const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
      asyncio.createTask(spin(0), { name: "zero" });
      asyncio.createTask(spin(-1), { name: "negative" });
      yield* asyncio.sleep(10);
    });
    let caught: unknown;
    try {
      asyncio.run(main());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(asyncio.Livelock);
    const livelock = caught as asyncio.Livelock;
    expect(livelock.iterations).toBe(asyncio.DEFAULT_LIVELOCK_ITERATIONS);
    expect(livelock.tasks.map((t) => t.getName()).sort()).toEqual(["negative", "zero"]);
    expect(livelock.message).toMatch(/^Livelock at loop time 0: 1000000 iterations in a row ran without the virtual clock advancing/);
    expect(livelock.message).toContain("task 'zero' (spin())");
    expect(livelock.message).toContain("task 'negative' (spin())");
    expect(livelock.message).toMatch(/Tasks waiting meanwhile:\n {2}task '[^']+' \(main\(\)\) waits on/);
    expect(livelock.message).toContain("livelockIterations");
  });

  it("a chain of callLater(0) callbacks is named by its callback", SAFETY, () => {
    const loop = asyncio.newEventLoop({ livelockIterations: 500 });
    const again = (): void => void loop.callLater(0, again);
    again();
    expect(() => loop.runForever()).toThrow(/^Livelock at loop time 0: 500 iterations[\s\S]*<TimerHandle when=0\.0 again\(\)>/);
  });

  it("livelockIterations raises the limit for a program busy on purpose", SAFETY, () => {
    const busy = asyncio.asyncDef(function* busy(steps: number): asyncio.Coroutine<number> {
      for (let i = 0; i < steps; i++) yield* asyncio.sleep(0);
      return steps;
    });
    expect(() => asyncio.run(busy(1000), { livelockIterations: 900 })).toThrow(asyncio.Livelock);
    expect(asyncio.run(busy(1000), { livelockIterations: 2000 })).toBe(1000);
    expect(() => asyncio.newEventLoop({ livelockIterations: 0 })).toThrow(RangeError);
    // Time advancing resets the count: 300 busy iterations between sleeps never reach 500.
    const paced = asyncio.asyncDef(function* paced(): asyncio.Coroutine<number> {
      for (let round = 0; round < 10; round++) {
        yield* busy(300);
        yield* asyncio.sleep(1);
      }
      return asyncio.getRunningLoop().time();
    });
    expect(asyncio.run(paced(), { livelockIterations: 500 })).toBe(10);
  });
});
