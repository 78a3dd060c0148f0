/**
 * The parts of the API that no CPython program can show: the process-wide default target
 * reaching every implicit loop, `isException` following the running loop, the clock rules
 * of `run`/`runSync` at run time (the compile-time ones are in spec/package/pack.spec.ts),
 * and the helpers' own contracts (`except` rethrows the very object, `attempt`'s forms).
 * What CPython decides (which clause catches what, messages, numbering) is checked against
 * every release by api_versions.spec.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";

const returns = asyncio.asyncDef(function* returns<T>(value: T): asyncio.Coroutine<T> {
  return value;
});

afterEach(() => {
  asyncio.setDefaultPython(asyncio.DEFAULT_PYTHON);
  asyncio.setEventLoop(null);
});

describe("the process-wide default target", () => {
  it("is used by every loop made without a python option", () => {
    expect(asyncio.setDefaultPython("3.9")).toBe(asyncio.DEFAULT_PYTHON);
    expect(asyncio.getDefaultPython()).toBe("3.9");
    expect(asyncio.newEventLoop().python).toBe("3.9");
    expect(asyncio.newEventLoop({ clock: "real" }).python).toBe("3.9");
    expect(new asyncio.VirtualEventLoop().python).toBe("3.9");
    expect(asyncio.runSync((function* () { return asyncio.getRunningLoop().python; })())).toBe("3.9");
    expect(asyncio.run((function* () { return asyncio.getRunningLoop().python; })())).toBe("3.9");
    asyncio.setEventLoop(null);
    expect(asyncio.newEventLoop({ python: "3.12" }).python).toBe("3.12");
  });

  it("reaches the loop getEventLoop() creates", () => {
    asyncio.setDefaultPython("3.8");
    // A fresh policy state: the first getEventLoop() creates the loop.
    const loop = asyncio.newEventLoop();
    asyncio.setEventLoop(loop);
    expect(asyncio.getEventLoop().python).toBe("3.8");
  });

  it("keeps the target of loops that exist", () => {
    const loop = asyncio.newEventLoop();
    asyncio.setDefaultPython("3.10");
    expect(loop.python).toBe(asyncio.DEFAULT_PYTHON);
  });

  it("rejects a release it does not model, naming the ones it does", () => {
    expect(() => asyncio.setDefaultPython("3.6" as asyncio.PythonVersion)).toThrow(/unsupported Python version "3.6": expected one of 3.7, .*3.14/);
    expect(asyncio.getDefaultPython()).toBe(asyncio.DEFAULT_PYTHON);
  });
});

describe("isException and except follow the running loop's target", () => {
  const cancelled = new asyncio.CancelledError();

  it("inside a 3.7 loop, a cancellation is an Exception; inside 3.8+, not", () => {
    const seen: boolean[] = [];
    for (const python of ["3.7", "3.8"] as const) {
      asyncio.runSync((function* () {
        seen.push(asyncio.isException(cancelled), asyncio.exceptMatch(cancelled, asyncio.Exception));
      })(), { python });
    }
    expect(seen).toEqual([true, true, false, false]);
  });

  it("outside a loop, the default target decides; an explicit one wins", () => {
    expect(asyncio.isException(cancelled)).toBe(false);
    asyncio.setDefaultPython("3.7");
    expect(asyncio.isException(cancelled)).toBe(true);
    expect(asyncio.isException(cancelled, "3.11")).toBe(false);
  });
});

describe("run and runSync on each clock", () => {
  it("runSync refuses the real clock from JavaScript, naming the call to use", () => {
    const main = returns(1);
    expect(() => asyncio.runSync(main, { clock: "real" } as never)).toThrow(asyncio.TypeError);
    expect(() => asyncio.runSync(returns(1), { clock: "real" } as never)).toThrow(/run\(main, \{ clock: 'real' \}\) and await it/);
    main.return(1);
  });

  it("run rejects an unknown clock instead of guessing", () => {
    const main = returns(1);
    expect(() => asyncio.run(main, { clock: "fast" as asyncio.Clock })).toThrow(/clock must be "virtual" or "real", not 'fast'/);
    main.return(1);
  });

  it("run gives a value on the virtual clock and a Promise on the real one", async () => {
    expect(asyncio.run(returns(5))).toBe(5);
    const real = asyncio.run(returns(6), { clock: "real" });
    expect(real).toBeInstanceOf(Promise);
    expect(await real).toBe(6);
    const clock: asyncio.Clock = "virtual";
    expect(await asyncio.run(returns(7), { clock })).toBe(7);
  });
});

describe("except and attempt", () => {
  it("except rethrows the very object it was given when the clause does not match", () => {
    const error = new asyncio.ValueError("v");
    let rethrown: unknown;
    try {
      try {
        throw error;
      } catch (e) {
        asyncio.except(e, asyncio.KeyError, asyncio.IndexError);
      }
    } catch (e) {
      rethrown = e;
    }
    expect(rethrown).toBe(error);
  });

  it("treats the engine's own TypeError as Python's", () => {
    let caught = false;
    try {
      (null as unknown as { f(): void }).f();
    } catch (e) {
      asyncio.except(e, asyncio.TypeError);
      caught = true;
    }
    expect(caught).toBe(true);
  });

  it("attempt takes an awaitable or a coroutine function, and lets other errors through", () => {
    const results = asyncio.runSync((function* () {
      const ok = yield* asyncio.attempt(returns(1), asyncio.KeyError);
      const caught = yield* asyncio.attempt(function* () {
        yield* asyncio.sleep(1);
        throw new asyncio.KeyError("k");
      }, asyncio.LookupError);
      let escaped: unknown = null;
      try {
        yield* asyncio.attempt(function* () {
          throw new asyncio.ValueError("v");
        }, asyncio.KeyError);
      } catch (e) {
        escaped = e;
      }
      return [ok, caught.ok ? null : asyncio.pyRepr(caught.error), asyncio.pyRepr(escaped)];
    })());
    expect(results).toEqual([{ ok: true, value: 1 }, "KeyError('k')", "ValueError('v')"]);
  });
});
