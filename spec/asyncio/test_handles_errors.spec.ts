/**
 * Cases ported from CPython 3.13.0's test_events.py (HandleTests, TimerTests) and
 * test_base_events.py (the exception handler tests of BaseEventLoopTests): handle and
 * timer reprs with and without debug mode, errors in callbacks, custom and broken
 * exception handlers, and what the default handler logs. Those two files are mostly about
 * sockets, subprocesses and signals, which are not modelled, so they are not in
 * porting_accounting.spec.ts; these are the cases about what this library models.
 *
 * CPython's assertions keep their meaning with two translations: reprs lose the source
 * locations (`noop() at file.py:12` is `noop()`, `created at file.py:34` is `created`),
 * and `mock.patch('asyncio.base_events.logger')` is a handler on `asyncio.logger`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { partial } from "../../src/asyncio/format_helpers.ts";
import { closeTestLoop, newTestLoop } from "./support.ts";

function noop(..._args: unknown[]): void {}

/** A `mock.patch('asyncio.base_events.logger')`: the records `asyncio.logger` receives meanwhile. */
function patchLogger(body: () => void): asyncio.LogRecord[] {
  const records: asyncio.LogRecord[] = [];
  const handler = (r: asyncio.LogRecord) => void records.push(r);
  asyncio.logger.addHandler(handler);
  try {
    body();
  } finally {
    asyncio.logger.removeHandler(handler);
  }
  return records;
}

describe("HandleTests and TimerTests (test_events.py)", () => {
  let loop: asyncio.VirtualEventLoop;
  beforeEach(() => {
    loop = newTestLoop();
  });
  afterEach(() => closeTestLoop(loop));

  it("HandleTests.test_handle", () => {
    const callback = (...args: unknown[]) => args;
    const args: unknown[] = [];
    const h = new asyncio.Handle(callback, args, loop);
    expect(h._callback).toBe(callback);
    expect(h._args).toBe(args);
    expect(h.cancelled()).toBe(false);
    h.cancel();
    expect(h.cancelled()).toBe(true);
  });

  it("HandleTests.test_callback_with_exception", () => {
    loop.setDebug(true);
    const contexts: asyncio.ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => void contexts.push(context));
    const h = new asyncio.Handle(() => {
      throw new asyncio.ValueError();
    }, [], loop);
    h._run();
    expect(contexts).toHaveLength(1);
    const context = contexts[0] as asyncio.ExceptionContext;
    expect(Object.keys(context).sort()).toEqual(["exception", "handle", "message", "source_traceback"]);
    expect(context.message).toMatch(/^Exception in callback/);
    expect(context.exception).toBeInstanceOf(asyncio.ValueError);
    expect(context.handle).toBe(h);
    expect(context.source_traceback).toBe(h._sourceTraceback);
  });

  it("HandleTests.test_handle_repr", () => {
    loop.setDebug(false);
    // simple function (3.13 hides the arguments outside debug mode)
    let h = new asyncio.Handle(noop, [1, 2], loop);
    expect(String(h)).toBe("<Handle noop()>");
    // cancelled handle
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled>");
    // partial function: `functools.partial(noop, 1, 2)` with (3,)
    h = new asyncio.Handle(partialOf(noop, [1, 2]), [3], loop);
    expect(String(h)).toBe("<Handle noop()()>");
  });

  it("HandleTests.test_handle_repr_debug", () => {
    loop.setDebug(true);
    // simple function
    const h = new asyncio.Handle(noop, [1, 2], loop);
    expect(String(h)).toBe("<Handle noop(1, 2) created>");
    // cancelled handle
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled noop(1, 2) created>");
    // double cancellation won't overwrite _repr
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled noop(1, 2) created>");
    // partial function
    const p = new asyncio.Handle(partialOf(noop, [1, 2]), [3], loop);
    expect(String(p)).toBe("<Handle noop(1, 2)(3) created>");
  });

  it("TimerTests.test_when", () => {
    const when = loop.time() + 3.5;
    const h = new asyncio.TimerHandle(when, () => false, [], loop);
    expect(h.when()).toBe(when);
  });

  it("TimerTests.test_timer", () => {
    const callback = (...args: unknown[]) => args;
    const args = [1, 2, 3];
    const h = new asyncio.TimerHandle(loop.time(), callback, args, loop);
    expect(h._callback).toBe(callback);
    expect(h._args).toBe(args);
    expect(h.cancelled()).toBe(false);
    h.cancel();
    expect(h.cancelled()).toBe(true);
    expect(h._callback).toBeNull();
    expect(h._args).toBeNull();
  });

  it("TimerTests.test_timer_repr", () => {
    loop.setDebug(false);
    // `when=123` is an int in CPython; a JavaScript number prints as a Python float.
    const h = new asyncio.TimerHandle(123.5, noop, [], loop);
    expect(String(h)).toBe("<TimerHandle when=123.5 noop()>");
    h.cancel();
    expect(String(h)).toBe("<TimerHandle cancelled when=123.5>");
  });

  it("TimerTests.test_timer_repr_debug", () => {
    loop.setDebug(true);
    const h = new asyncio.TimerHandle(123.5, noop, [], loop);
    expect(String(h)).toBe("<TimerHandle when=123.5 noop() created>");
    h.cancel();
    expect(String(h)).toBe("<TimerHandle cancelled when=123.5 noop() created>");
  });
});

describe("BaseEventLoopTests, exception handlers (test_base_events.py)", () => {
  let loop: asyncio.VirtualEventLoop;
  beforeEach(() => {
    loop = newTestLoop();
  });
  afterEach(() => closeTestLoop(loop));

  it("BaseEventLoopTests.test_set_debug", () => {
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
  });

  it("BaseEventLoopTests.test_default_exc_handler_callback", () => {
    const zeroError = (fut: asyncio.Future<boolean>) => {
      fut.setResult(true);
      throw new asyncio.ZeroDivisionError("division by zero");
    };
    // call_soon (events.Handle), then call_later (events.TimerHandle)
    for (const schedule of [
      (fut: asyncio.Future<boolean>) => loop.callSoon(zeroError, fut),
      (fut: asyncio.Future<boolean>) => loop.callLater(0.01, zeroError, fut),
    ]) {
      const records = patchLogger(() => {
        const fut = loop.createFuture<boolean>();
        schedule(fut);
        fut.addDoneCallback(() => loop.stop());
        loop.runForever();
      });
      const last = records.at(-1) as asyncio.LogRecord;
      expect(last.levelname).toBe("ERROR");
      expect(last.getMessage()).toMatch(/^Exception in callback.*zero/s);
      expect(last.exception).toBeInstanceOf(asyncio.ZeroDivisionError);
    }
  });

  it("BaseEventLoopTests.test_set_exc_handler_invalid", () => {
    expect(() => loop.setExceptionHandler("spam" as unknown as asyncio.ExceptionHandler)).toThrow(
      /A callable object or None is expected/,
    );
  });

  it("BaseEventLoopTests.test_set_exc_handler_custom", () => {
    const zeroError = asyncio.qualname(() => {
      throw new asyncio.ZeroDivisionError("division by zero");
    }, "zero_error");
    const runLoop = (): asyncio.Handle => {
      const handle = loop.callSoon(zeroError);
      loop.runOnce();
      return handle;
    };
    loop.setDebug(true);
    expect(loop.getExceptionHandler()).toBeNull();
    const calls: [asyncio.BaseEventLoop, asyncio.ExceptionContext][] = [];
    const handler: asyncio.ExceptionHandler = (l, context) => void calls.push([l, context]);
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    const handle = runLoop();
    const [calledLoop, context] = calls.at(-1) as [asyncio.BaseEventLoop, asyncio.ExceptionContext];
    expect(calledLoop).toBe(loop);
    expect(Object.keys(context).sort()).toEqual(["exception", "handle", "message", "source_traceback"]);
    expect(context.message).toMatch(/Exception in callback.*zero_error/);
    expect(context.handle).toBe(handle);
    expect(context.source_traceback).toBe(handle._sourceTraceback);
    calls.length = 0;

    loop.setExceptionHandler(null);
    const records = patchLogger(() => void runLoop());
    expect((records.at(-1) as asyncio.LogRecord).getMessage()).toMatch(/Exception in callback.*zero/);
    expect((records.at(-1) as asyncio.LogRecord).exception).toBeInstanceOf(asyncio.ZeroDivisionError);
    expect(calls).toHaveLength(0);
  });

  it("BaseEventLoopTests.test_set_exc_handler_broken", () => {
    loop.setExceptionHandler(() => {
      throw new asyncio.AttributeError("spam");
    });
    const records = patchLogger(() => {
      loop.callSoon(() => {
        throw new asyncio.ZeroDivisionError("division by zero");
      });
      loop.runOnce();
    });
    const last = records.at(-1) as asyncio.LogRecord;
    expect(last.getMessage()).toMatch(/^Unhandled error in exception handler/);
    expect(last.exception).toBeInstanceOf(asyncio.AttributeError);
  });

  it("BaseEventLoopTests.test_default_exc_handler_broken", () => {
    let seen: asyncio.ExceptionContext | null = null;
    class Loop extends asyncio.VirtualEventLoop {
      override defaultExceptionHandler(context: asyncio.ExceptionContext): void {
        seen = context;
        // Simulates custom buggy "default_exception_handler"
        throw new asyncio.ValueError("spam");
      }
    }
    const broken = new Loop();
    asyncio.setEventLoop(broken);
    const runLoop = () => {
      broken.callSoon(() => {
        throw new asyncio.ZeroDivisionError("division by zero");
      });
      broken.runOnce();
    };
    let records = patchLogger(runLoop);
    expect((records.at(-1) as asyncio.LogRecord).getMessage()).toBe("Exception in default exception handler");
    expect((records.at(-1) as asyncio.LogRecord).exception).toBeInstanceOf(asyncio.ValueError);

    broken.setExceptionHandler(() => {
      throw new asyncio.ValueError("ham");
    });
    seen = null;
    records = patchLogger(runLoop);
    expect((records.at(-1) as asyncio.LogRecord).getMessage()).toMatch(
      /Exception in default exception.*while handling.*in custom/,
    );
    // The original context was passed to the default exception handler.
    const context = seen as asyncio.ExceptionContext | null;
    expect(context).not.toBeNull();
    expect((context?.context as asyncio.ExceptionContext).exception).toBeInstanceOf(asyncio.ZeroDivisionError);
    broken.close();
  });
});

/** `functools.partial(fn, *bound)` as a callback, the way asyncio's own partials print. */
function partialOf(fn: (...args: unknown[]) => void, bound: unknown[]): (...args: unknown[]) => void {
  const call = (...args: unknown[]) => fn(...bound, ...args);
  return partial(call, fn.name, bound);
}
