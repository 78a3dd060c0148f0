/**
 * Scenes of the runtime cases (./ops/validate_cases_runtime.ts): the `asyncio` logger used
 * directly and with no handler, the loop's current handle in and out of debug mode, and
 * the loop's scheduling methods replaced on the instance, which the library's own
 * scheduling must honour as CPython's does. Each has a Python twin in
 * python-reference/asyncio_ts_harness.py.
 *
 * Session 17 added scenes for the `runtime 17: ` cases: a custom exception handler that raises, `call_soon`
 * replaced on the instance, a ready-queue handle kept after it ran, the logger's only handler
 * removed, a timer's `_scheduled` flag, and four outside calls (../ops/outside_cases.ts):
 * `asyncio.run` shutdown reports
 * (leftover tasks, an async generator whose `finally` raises), a stale stop callback after a
 * SystemExit, and the timer heap's rebuild edges.
 *
 * @example
 * ```ts
 * callLaterThroughCallAt(loop); // [[true, 2], true]
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Harness } from "./harness.ts";
import type { Json } from "./trace_format.ts";

/**
 * `loop.call_at` replaced on the instance: `call_later(2.5, f, 1, 2)` goes through it
 * (CPython's call_later calls `self.call_at`) and returns the timer it made.
 */
export function callLaterThroughCallAt(loop: asyncio.BaseEventLoop): Json {
  const seen: Json[] = [];
  const made: asyncio.TimerHandle[] = [];
  const original = loop.callAt;
  const slot = loop as unknown as { callAt?: (when: number, callback: () => void, ...args: unknown[]) => asyncio.TimerHandle };
  slot.callAt = (when, callback, ...args) => {
    seen.push([when === loop.time() + 2.5, args.length]);
    const timer = original.call(loop, when, callback);
    made.push(timer);
    return timer;
  };
  try {
    const got = (loop.callLater as (delay: number, callback: () => void, ...args: number[]) => unknown).call(loop, 2.5, () => {}, 1, 2);
    seen.push(got === made[0]);
  } finally {
    delete slot.callAt;
    for (const timer of made) timer.cancel();
  }
  return seen;
}

/**
 * The loop's current handle, which the default exception handler reads to add a
 * `handle_traceback`: a callback reporting through `default_exception_handler` while it
 * runs in debug mode, then one made in debug mode but run after it was switched off.
 */
export function* currentHandleTraceback(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const report = (tag: string): void => loop.defaultExceptionHandler({ message: tag });
  loop.setDebug(true);
  try {
    loop.callSoon(report, "run in debug mode");
    yield* asyncio.sleep(0);
    loop.callSoon(report, "made in debug mode, run after");
  } finally {
    loop.setDebug(false);
  }
  yield* asyncio.sleep(0);
  return null;
}



/**
 * The `asyncio` logger used directly: levels let through or dropped (default, INFO,
 * DEBUG, a level without a name), %-formatting, a handler added twice, handlers removed.
 */
export function loggerCalls(): Json {
  const logger = asyncio.logger;
  const seen: Json[] = [];
  const a: asyncio.LogHandler = (r) => void seen.push(["a", r.name, r.levelname, r.getMessage()]);
  const b: asyncio.LogHandler = (r) => void seen.push(["b", r.levelname, r.getMessage()]);
  logger.addHandler(a);
  logger.addHandler(a);
  logger.addHandler(b);
  try {
    logger.debug("debug at the default level");
    logger.info("info at the default level");
    logger.warning("warning %s|%r|%d|%d|%.2f|%.12f|%%", ["s", "r", 3.7, -3.7, 2.5, 0.125]);
    logger.warning("100%% without arguments");
    logger.setLevel(asyncio.LOG_LEVELS.INFO);
    logger.debug("debug at INFO");
    logger.info("info at INFO: %s", [null]);
    logger.setLevel(asyncio.LOG_LEVELS.DEBUG);
    logger.debug("debug at DEBUG");
    logger.log(25, "level %d", [25]);
    logger.error("error");
    logger.critical("critical");
    logger.removeHandler(() => {});
    logger.warning("after removing a handler never added");
    logger.removeHandler(b);
    logger.warning("after removing b");
  } finally {
    logger.setLevel(asyncio.LOG_LEVELS.NOTSET);
    logger.removeHandler(a);
    logger.removeHandler(b);
  }
  return seen;
}

/**
 * The `asyncio` logger with no handler: what Python's `logging.lastResort` writes to
 * stderr (the message, then the exception's last line; traceback lines left out). The
 * harness's own handler is taken off for the call and put back.
 */
export function loggerLastResort(): Json {
  const handlers = (asyncio.logger as unknown as { handlers: asyncio.LogHandler[] }).handlers;
  const saved = handlers.splice(0);
  const written: string[] = [];
  const consoleError = console.error;
  console.error = (...parts: unknown[]): void => void written.push(parts.map(String).join(" ") + "\n");
  try {
    asyncio.logger.info("info, dropped");
    asyncio.logger.warning("no handler: %s", ["plain"]);
    asyncio.logger.error("no handler, with an exception", [], { exception: new asyncio.ValueError("x") });
  } finally {
    console.error = consoleError;
    handlers.push(...saved);
  }
  return written.join("").split("\n").filter((line) => line !== "" && !/^\s/.test(line) && !line.startsWith("Traceback"));
}

const finalizedAgen = asyncio.asyncGen(function* finalized_agen(seen: Json[]) {
  try {
    yield* asyncio.ayield(1);
    yield* asyncio.ayield(2);
  } finally {
    seen.push("finally");
  }
}, "Harness.agen_finalized_by_hand.<locals>.finalized_agen");

/**
 * The loop's async generator finalizer hook (what CPython calls when an unfinished
 * generator is garbage-collected) called by hand on a generator stopped at its first
 * item: the loop schedules its `aclose()` in a task of its own (the handle that will
 * make the task is shown as the private ready queue holds it).
 */
export function* agenFinalizedByHand(trace: Harness): asyncio.Coroutine<Json> {
  const seen: Json[] = [];
  const agen = finalizedAgen(seen);
  seen.push(trace.value(yield* agen.anext()));
  const finalizer = asyncio.getAsyncgenHooks().finalizer;
  if (finalizer === null) return "no finalizer";
  finalizer(agen as unknown as asyncio.AsyncGen<unknown, never>);
  seen.push(trace.repr([...trace.loop._ready].at(-1)));
  for (let n = 1; n <= 3; n++) {
    yield* asyncio.sleep(0);
    seen.push(n);
  }
  return seen;
}

/**
 * A custom exception handler that raises CancelledError (a BaseException from 3.8):
 * `call_exception_handler` reports it through the default handler ("Unhandled error in
 * exception handler") instead of letting it out; the harness's handler is put back.
 */
export function customHandlerRaisesCancelled(loop: asyncio.BaseEventLoop): Json {
  const saved = loop.getExceptionHandler();
  loop.setExceptionHandler(() => {
    throw new asyncio.CancelledError("h");
  });
  try {
    loop.callExceptionHandler({ message: "m" });
    return "returned";
  } finally {
    loop.setExceptionHandler(saved);
  }
}

/**
 * `asyncio.run(main())` (an outside call) where main leaves two tasks waiting: one that
 * swallows the shutdown's cancellation and returns, one that raises ValueError instead;
 * main's exception handler records what the shutdown reports (only the ValueError), and a
 * callback that reschedules itself counts the loop iterations the exit steps take
 * (3.9+ add shutdown_default_executor).
 */
export function shutdownLeftovers(): Json {
  const reports: Json[] = [];
  let ticks = 0;
  function* stubborn(): asyncio.Coroutine<string> {
    try {
      yield* asyncio.sleep(10);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) return "swallowed";
      throw e;
    }
    return "slept";
  }
  function* failing(): asyncio.Coroutine<string> {
    try {
      yield* asyncio.sleep(10);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) throw new asyncio.ValueError("v");
      throw e;
    }
    return "slept";
  }
  function* main(): asyncio.Coroutine<null> {
    const loop = asyncio.getRunningLoop();
    loop.setExceptionHandler((_loop, context) => {
      const exc = context.exception as { constructor: { name: string } } | null | undefined;
      reports.push([String(context.message), exc === null || exc === undefined ? null : exc.constructor.name]);
    });
    const tick = (): void => {
      ticks++;
      if (ticks < 50) loop.callSoon(tick);
    };
    asyncio.ensureFuture(stubborn());
    asyncio.ensureFuture(failing());
    yield* asyncio.sleep(0);
    loop.callSoon(tick);
    return null;
  }
  asyncio.run(main());
  return [reports, ticks];
}

/**
 * A new loop (an outside call) whose `run_until_complete` ends with a task's SystemExit:
 * the loop's stop callback for that task is still queued, and does not stop the next
 * `run_until_complete` (of a coroutine that takes two steps); then a `run_until_complete`
 * of a pending future with `loop.stop` queued before it: RuntimeError. The loop is closed.
 */
export function staleStopCallback(): Json {
  const loop = asyncio.newEventLoop();
  const seen: Json[] = [];
  const what = (e: unknown): Json => (e instanceof asyncio.SystemExit ? "SystemExit" : e instanceof asyncio.RuntimeError ? ["RuntimeError", asyncio.pyStr(e)] : "other");
  function* exits(): asyncio.Coroutine<never> {
    throw new asyncio.SystemExit(3);
  }
  function* twoSteps(): asyncio.Coroutine<number> {
    yield* asyncio.sleep(0);
    return 2;
  }
  try {
    for (const make of [exits, twoSteps, () => (loop.callSoon(() => loop.stop()), loop.createFuture())]) {
      try {
        seen.push(loop.runUntilComplete(make() as asyncio.Coroutine<Json>));
      } catch (e) {
        seen.push(what(e));
      }
    }
  } finally {
    loop.close();
  }
  return seen;
}

/**
 * `loop.call_soon` replaced on the instance: a future's done-callback, the wakeup of a task
 * waiting on a future and a new task's first step all go through it (CPython's Future and
 * Task call whatever `loop.call_soon` is). Each call is recorded as [the callback is the
 * done-callback, how many arguments, the argument is the future set] while the three are
 * made synchronously; the replacement is then removed and both tasks awaited.
 */
export function* callSoonReplaced(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const seen: Json[] = [];
  const fut = loop.createFuture<number>();
  const awaited = loop.createFuture<number>();
  function* waiter(): asyncio.Coroutine<number> {
    return yield* awaited;
  }
  function* returns(): asyncio.Coroutine<number> {
    return 3;
  }
  const onDone = (_f: asyncio.Future<number>): void => {};
  const waiting = loop.createTask(waiter());
  yield* asyncio.sleep(0);
  const original = loop.callSoon;
  const slot = loop as unknown as { callSoon?: (callback: () => void, ...args: unknown[]) => asyncio.Handle };
  slot.callSoon = (callback, ...args) => {
    seen.push([callback === onDone, args.length, args[0] === fut || args[0] === awaited]);
    return original.call(loop, callback, ...args);
  };
  let second: asyncio.Task<number>;
  try {
    fut.addDoneCallback(onDone);
    fut.setResult(1);
    awaited.setResult(2);
    second = loop.createTask(returns());
  } finally {
    delete slot.callSoon;
  }
  seen.push(yield* waiting, yield* second);
  return seen;
}

/**
 * A done-callback's handle taken from the private ready queue and kept after it ran, while
 * another future's done-callback is scheduled: the kept handle still names the callback it
 * ran (`_callback` before and after).
 */
export function* readyHandleKept(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const first = (_f: asyncio.Future<number>): void => {};
  const second = (_f: asyncio.Future<number>): void => {};
  const a = loop.createFuture<number>();
  a.addDoneCallback(first);
  a.setResult(1);
  const kept = [...loop._ready].at(-1) as unknown as { _callback: unknown };
  const seen: Json[] = [kept._callback === first];
  yield* asyncio.sleep(0);
  const b = loop.createFuture<number>();
  b.addDoneCallback(second);
  b.setResult(2);
  seen.push(kept._callback === first);
  yield* asyncio.sleep(0);
  return seen;
}

const raisingAgen = asyncio.asyncGen(function* raising_agen() {
  try {
    yield* asyncio.ayield(1);
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    throw new asyncio.ValueError("in finally");
  }
}, "Harness.shutdown_agen_raises.<locals>.raising_agen");

/**
 * `asyncio.run(main())` (an outside call) where main leaves an async generator suspended
 * (kept alive outside) whose `finally` raises: shutdown_asyncgens reports the error to
 * main's exception handler (the message up to the generator's repr, the exception's
 * class, and whether the context names the generator).
 */
export function shutdownAgenRaises(): Json {
  const reports: Json[] = [];
  const keep: unknown[] = [];
  function* main(): asyncio.Coroutine<null> {
    const loop = asyncio.getRunningLoop();
    loop.setExceptionHandler((_loop, context) => {
      const exc = context.exception as { constructor: { name: string } } | null | undefined;
      reports.push([String(context.message ?? "").split(" <")[0], exc === null || exc === undefined ? null : exc.constructor.name, context.asyncgen === keep[0]]);
    });
    const g = raisingAgen();
    keep.push(g);
    yield* g.anext();
    return null;
  }
  asyncio.run(main());
  return reports;
}

/**
 * The `asyncio` logger with one handler of the scene's own as its only (first) one: a
 * warning, the handler removed, another warning. The harness's handlers are taken off for
 * the call and put back.
 */
export function loggerOnlyHandlerRemoved(): Json {
  const handlers = (asyncio.logger as unknown as { handlers: asyncio.LogHandler[] }).handlers;
  const saved = handlers.splice(0);
  const seen: Json[] = [];
  const only: asyncio.LogHandler = (r) => void seen.push(r.getMessage());
  const consoleError = console.error;
  console.error = (): void => {};
  try {
    asyncio.logger.addHandler(only);
    asyncio.logger.warning("with the handler");
    asyncio.logger.removeHandler(only);
    asyncio.logger.warning("after removing it");
  } finally {
    asyncio.logger.removeHandler(only);
    console.error = consoleError;
    handlers.push(...saved);
  }
  return seen;
}

/**
 * Timers with one deadline on a new loop (an outside call), about half of them cancelled,
 * then run: the order the others fire in shows whether the loop rebuilt its timer heap
 * (CPython rebuilds when more than 100 timers are scheduled and more than half of them are
 * cancelled). Two edges: 102 timers with exactly 51 cancelled (run until a sleep(2)
 * ends), and 99 with 51 cancelled plus a timer that stops the loop (100 timers).
 */
export function timerHeapEdges(): Json {
  const out: Json[] = [];
  for (const [total, cancelled] of [[102, 51], [99, 51]] as const) {
    const loop = asyncio.newEventLoop();
    try {
      const order: number[] = [];
      const handles = Array.from({ length: total }, (_, i) => loop.callLater(1, (n: number) => void order.push(n), i));
      for (let k = 0; k < cancelled; k++) handles[k < 49 ? 2 * k + 1 : 2 * (k - 49) + 2].cancel();
      if (total === 102) loop.runUntilComplete(asyncio.sleep(2));
      else {
        loop.callLater(2, () => loop.stop());
        loop.runForever();
      }
      out.push(order);
    } finally {
      loop.close();
    }
  }
  return out;
}

/**
 * A timer's private `_scheduled` flag: set while it sits in the loop's timer heap, still set
 * once cancelled, cleared when the loop drops it (popped off the heap's head), then for 102
 * timers cancelled at once (dropped by a heap rebuild, or popped when other timers keep the
 * loop from rebuilding: cleared either way).
 */
export function* timerScheduledFlag(loop: asyncio.BaseEventLoop): asyncio.Coroutine<Json> {
  const noop = (): void => {};
  const one = loop.callLater(0.5, noop);
  const seen: Json[] = [one._scheduled];
  one.cancel();
  seen.push(one._scheduled);
  yield* asyncio.sleep(1);
  seen.push(one._scheduled);
  const many = Array.from({ length: 102 }, () => loop.callLater(0.5, noop));
  for (const timer of many) timer.cancel();
  yield* asyncio.sleep(1);
  seen.push(many.some((timer) => timer._scheduled));
  return seen;
}
