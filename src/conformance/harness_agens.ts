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

// -- scenes of the agens 17 cases (./ops/validate_cases_agens.ts) --

/** What `agenCloseAwaitable`'s generator does with the GeneratorExit thrown in at its yield, or which awaited awaitable it closes. */
export type CloseAwaitableThen = "yield" | "return" | "raise" | "reraise" | "awaited next" | "awaited close";

const exitAgen = asyncio.asyncGen(function* exit_agen(then: CloseAwaitableThen) {
  try {
    yield* asyncio.ayield<unknown>(1);
  } catch (e) {
    if (!(e instanceof asyncio.GeneratorExit)) throw e;
    if (then === "yield") yield* asyncio.ayield<unknown>("g");
    else if (then === "raise") throw new asyncio.KeyError("k");
    else if (then === "return") return;
    else throw e;
  }
  yield* asyncio.ayield<unknown>(2);
}, "Harness.agen_close_awaitable.<locals>.exit_agen");

/** One by-hand call on an awaitable: `["stop", value]` (StopIteration), `["yield"]` or `["raised", exception]`; `close` gives `["closed"]`. */
function byHand(trace: Harness, step: () => IteratorResult<unknown, unknown>, close = false): Json {
  try {
    const result = step();
    if (close) return ["closed"];
    return result.done ? ["stop", trace.value(result.value)] : ["yield"];
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    return ["raised", trace.excText(e)];
  }
}

/** Closes `agen` quietly, twice. */
function* closeTwice(trace: Harness, agen: asyncio.AsyncGen<unknown>): asyncio.Coroutine<void> {
  for (let i = 0; i < 2; i++) {
    try {
      yield* agen.aclose();
    } catch (e) {
      if (!asyncio.isException(e, trace.python)) throw e;
    }
  }
}

/**
 * Takes the 1 of a generator that catches GeneratorExit at that yield, then `close()`s
 * by hand a fresh `__anext__()` awaitable (3.13+ throws GeneratorExit in; the generator
 * then yields "g", returns, raises KeyError or re-raises, as `then` says), or (`awaited
 * next`/`awaited close`) an `__anext__()`/`aclose()` awaitable already awaited; records
 * the close, `ag_running` and the next `__anext__()`, then closes the generator.
 */
export function* agenCloseAwaitable(trace: Harness, then: CloseAwaitableThen): asyncio.Coroutine<Json> {
  const agen = exitAgen(then) as asyncio.AsyncGen<unknown>;
  const seen: Json[] = [trace.value(yield* agen.anext())];
  let aw: Generator<unknown, unknown, unknown>;
  if (then === "awaited next" || then === "awaited close") {
    aw = (then === "awaited next" ? agen.anext() : agen.aclose()) as Generator<unknown, unknown, unknown>;
    seen.push(trace.value(yield* aw as asyncio.Awaitable<unknown>));
  } else {
    aw = agen.anext() as Generator<unknown, unknown, unknown>;
  }
  seen.push(byHand(trace, () => aw.return(undefined), true), agen.agRunning);
  try {
    seen.push(trace.value(yield* agen.anext()));
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    seen.push(trace.excText(e));
  }
  yield* closeTwice(trace, agen);
  return seen;
}

const handlerAgen = asyncio.asyncGen(function* handler_agen(then: "yield" | "raise") {
  try {
    yield* asyncio.ayield<unknown>(1);
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    try {
      yield* asyncio.sleep(0);
    } catch (inner) {
      if (!(inner instanceof asyncio.KeyError) || then === "raise") throw inner;
      yield* asyncio.ayield<unknown>("k");
    }
  }
  yield* asyncio.ayield<unknown>("after");
}, "Harness.agen_throw_then_send.<locals>.handler_agen");

/**
 * Takes the 1 of a generator whose handler of ValueError sleeps, and drives an
 * `athrow(ValueError)` awaitable by hand: `send(None)` (the handler's sleep yields), then
 * `throw(KeyError)` into that sleep (the generator yields "k", or lets the KeyError out,
 * as `then` says), then `send(None)` again (3.13+: the awaitable is closed by then);
 * records each step and `ag_running`, then closes the generator.
 */
export function* agenThrowThenSend(trace: Harness, then: "yield" | "raise"): asyncio.Coroutine<Json> {
  const agen = handlerAgen(then) as asyncio.AsyncGen<unknown>;
  yield* agen.anext();
  const aw = agen.athrow(new asyncio.ValueError("x")) as Generator<unknown, unknown, unknown>;
  const seen: Json[] = [byHand(trace, () => aw.next(null))];
  seen.push(byHand(trace, () => aw.throw(new asyncio.KeyError("t"))), agen.agRunning);
  seen.push(byHand(trace, () => aw.next(null)), agen.agRunning);
  yield* closeTwice(trace, agen);
  return seen;
}
