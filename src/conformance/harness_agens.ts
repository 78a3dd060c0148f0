/**
 * The async generator scenes of the `validate` cases (ops/validate_cases.ts), twins of the
 * methods of the same names in python-reference/asyncio_ts_harness.py: generators over
 * plain items, one that catches what `athrow()` throws in, one whose `finally` yields, and
 * the drivers that await their methods once, twice or by hand. {@link Harness} exposes
 * each as a method, so an emitted program reaches them as `trace.<name>`.
 *
 * @example
 * ```ts
 * yield* trace.agenSteps(trace.stubbornAgen(), "next", "close", "close");
 * // records `agen next` {value: 1}, `agen close` {raised: RuntimeError ...}, `agen close` {value: null}
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Harness } from "./harness.ts";
import type { Json } from "./trace_format.ts";

/** What `agenSteps` does for each op: a method by name, or `asend(n)` for a number. */
export type AgenStep = "next" | "close" | "throw" | "throw class" | "throw stop" | number;

const itemsAgen = asyncio.asyncGen(function* items_agen(trace: Harness, items: unknown[]) {
  for (const item of items) {
    const sent = yield* asyncio.ayield(item);
    if (sent !== undefined && sent !== null) trace.record("agen sent", trace.value(sent));
  }
}, "Harness.items_agen.<locals>.items_agen");

const catchingAgen = asyncio.asyncGen(function* catching_agen(trace: Harness, handler: "yield" | "return" | "raise") {
  try {
    yield* asyncio.ayield<unknown>(1);
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    trace.record("agen caught", trace.exc(e));
    if (handler === "yield") yield* asyncio.ayield<unknown>("caught");
    else if (handler === "raise") throw new asyncio.KeyError("k");
  }
}, "Harness.catching_agen.<locals>.catching_agen");

const stubbornAgen = asyncio.asyncGen(function* stubborn_agen() {
  try {
    yield* asyncio.ayield(1);
  } finally {
    yield* asyncio.ayield(2);
  }
}, "Harness.stubborn_agen.<locals>.stubborn_agen");

/** An async generator over `items`, recording `agen sent` for each value sent in other than None. */
export function makeItemsAgen(trace: Harness, items: unknown[]): asyncio.AsyncGen<unknown> {
  return itemsAgen(trace, items);
}

/**
 * An async generator yielding 1 that catches a `ValueError` thrown in there, records it,
 * then yields `"caught"`, returns, or raises `KeyError`, as `handler` says.
 */
export function makeCatchingAgen(trace: Harness, handler: "yield" | "return" | "raise"): asyncio.AsyncGen<unknown> {
  return catchingAgen(trace, handler);
}

/** An async generator that yields 1, and 2 in its `finally` (so `aclose()` fails once). */
export function makeStubbornAgen(): asyncio.AsyncGen<unknown> {
  return stubbornAgen();
}

function stepAwaitable(agen: asyncio.AsyncGen<unknown>, op: AgenStep): asyncio.Awaitable<unknown> {
  switch (op) {
    case "next":
      return agen.anext();
    case "close":
      return agen.aclose();
    case "throw":
      return agen.athrow(new asyncio.ValueError("x"));
    case "throw class":
      return agen.athrow(asyncio.ValueError);
    case "throw stop":
      return agen.athrow(new asyncio.StopAsyncIteration("s"));
    default:
      return agen.asend(op);
  }
}

/**
 * Awaits `aw`, recording `what` with its value or the exception (an `Exception`, and
 * `GeneratorExit` when `generatorExit`).
 */
function* recordOutcome(trace: Harness, what: string, aw: asyncio.Awaitable<unknown>, generatorExit: boolean): asyncio.Coroutine<void> {
  try {
    trace.record(what, { value: trace.value(yield* aw) });
  } catch (e) {
    if (!asyncio.isException(e, trace.python) && !(generatorExit && e instanceof asyncio.GeneratorExit)) throw e;
    trace.record(what, { raised: trace.excText(e) });
  }
}

/**
 * Awaits one method of `agen` per op, recording `agen <op>` with its value or exception
 * (`GeneratorExit` included: a generator whose `finally` yielded re-raises it), then
 * closes it quietly (twice, for a generator whose `finally` yields).
 */
export function* agenSteps(trace: Harness, agen: asyncio.AsyncGen<unknown>, ops: AgenStep[]): asyncio.Coroutine<void> {
  for (const op of ops) yield* recordOutcome(trace, `agen ${op}`, stepAwaitable(agen, op), true);
  for (let i = 0; i < 2; i++) {
    try {
      yield* agen.aclose();
    } catch (e) {
      if (!asyncio.isException(e, trace.python)) throw e;
    }
  }
}

/** Awaits `aw`, recording `twice first` with its value or exception, then awaits it again. */
export function* twice(trace: Harness, aw: asyncio.Awaitable<unknown>): asyncio.Coroutine<unknown> {
  yield* recordOutcome(trace, "twice first", aw, false);
  return yield* aw;
}

/** One `send()` into an awaitable driven by hand: `["yield", what it yielded]` or `["stop", its result]`. */
export function sendByHand(trace: Harness, it: asyncio.Awaitable<unknown>, value: unknown): Json {
  const step = (it as Iterator<unknown, unknown, unknown>).next(value);
  return [step.done ? "stop" : "yield", trace.value(step.value)];
}

/** Puts `items` into a PriorityQueue and takes them all out again, in its order. */
export function drainPriority(items: unknown[]): unknown[] {
  const queue = new asyncio.PriorityQueue<unknown>();
  for (const item of items) queue.putNowait(item);
  return items.map(() => queue.getNowait());
}
