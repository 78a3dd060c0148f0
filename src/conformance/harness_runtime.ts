/**
 * Scenes of the runtime cases (./ops/validate_cases_runtime.ts): the `asyncio` logger used
 * directly and with no handler, the loop's current handle in and out of debug mode, and
 * the loop's scheduling methods replaced on the instance, which the library's own
 * scheduling must honour as CPython's does. Each has a Python twin in
 * python-reference/asyncio_ts_harness.py.
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
