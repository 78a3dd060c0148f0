/**
 * Scenes of the protocols `validate` cases (./ops/validate_cases_protocols.ts): async
 * generators stepped while a step of them is pending, generators whose handlers await,
 * and the async generator hooks. Their Python twins are the `Harness` methods after
 * `# -- scenes of the protocols cases` in python-reference/asyncio_ts_harness.py.
 *
 * @example
 * ```ts
 * yield* agenRunning(trace, "close"); // records `agen close`: aclose(): ... already running
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Harness } from "./harness.ts";
import type { Json } from "./trace_format.ts";

/** What `agenRunning` does while the first step is pending. */
export type RunningOp = "none" | "next" | "close" | "throw" | "throw by hand next" | "throw by hand close";

/** What `agenAwaiting`'s handler does after its await (`yield now`: yields without awaiting). */
export type AwaitingThen = "return" | "raise" | "reraise" | "yield" | "yield now";

const sleeper = asyncio.asyncGen(function* sleeper() {
  yield* asyncio.sleep(0);
  yield* asyncio.ayield<unknown>(1);
  yield* asyncio.ayield<unknown>(2);
}, "Harness.agen_running.<locals>.sleeper");

const awaitingAgen = asyncio.asyncGen(function* awaiting_agen(then: AwaitingThen) {
  try {
    yield* asyncio.ayield<unknown>(1);
  } catch (e) {
    if (then !== "yield now") yield* asyncio.sleep(0);
    if (then === "yield" || then === "yield now") yield* asyncio.ayield<unknown>("late");
    else if (then === "raise") throw new asyncio.KeyError("k");
    else if (then === "reraise") throw e;
    else return;
  }
  yield* asyncio.ayield<unknown>("after");
}, "Harness.agen_awaiting.<locals>.awaiting_agen");

/** A plain async generator function, for `isAsyncGenFunction`. */
export const agenFunction = asyncio.asyncGen(function* agen_function() {
  yield* asyncio.ayield<unknown>(1);
});

/** A coroutine function, for `isAsyncGenFunction`. */
export const coroutineFunction = asyncio.asyncDef(function* coroutine_function(): asyncio.Coroutine<void> {});

/** A plain function, for `isAsyncGenFunction`. */
export function plainFunction(): void {}

/** Awaits `aw`, recording `what` with its value or the exception. */
function* recordOutcome(trace: Harness, what: string, aw: asyncio.Awaitable<unknown>): asyncio.Coroutine<void> {
  try {
    trace.record(what, { value: trace.value(yield* aw) });
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    trace.record(what, { raised: trace.excText(e) });
  }
}

/** Calls `f`, recording `what` with its value or the exception. */
function recordCall(trace: Harness, what: string, f: () => unknown): void {
  try {
    trace.record(what, { value: trace.value(f()) });
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    trace.record(what, { raised: trace.excText(e) });
  }
}

/** Closes `agen` quietly, twice. */
function* closeQuietly(trace: Harness, agen: asyncio.AsyncGen<unknown>): asyncio.Coroutine<void> {
  for (let i = 0; i < 2; i++) {
    try {
      yield* agen.aclose();
    } catch (e) {
      if (!asyncio.isException(e, trace.python)) throw e;
    }
  }
}

/**
 * A generator whose body sleeps before its first yield: its first `anext()` runs in a
 * task; records `ag_running` before, while that step is pending, and after it, and does
 * `op` to the generator while the step is pending.
 */
export function* agenRunning(trace: Harness, op: RunningOp): asyncio.Coroutine<Json> {
  const agen = sleeper() as asyncio.AsyncGen<unknown>;
  trace.record("ag_running before", agen.agRunning);
  const task = asyncio.ensureFuture(agen.anext());
  yield* asyncio.sleep(0);
  trace.record("ag_running pending", agen.agRunning);
  switch (op) {
    case "none":
      break;
    case "next":
      yield* recordOutcome(trace, "agen next", agen.anext());
      break;
    case "close":
      yield* recordOutcome(trace, "agen close", agen.aclose());
      break;
    case "throw":
      yield* recordOutcome(trace, "agen throw", agen.athrow(new asyncio.ValueError("x")));
      break;
    case "throw by hand next":
      recordCall(trace, "agen throw by hand", () => agen.anext().throw(new asyncio.ValueError("x")));
      break;
    case "throw by hand close":
      recordCall(trace, "agen throw by hand", () => agen.aclose().throw(new asyncio.ValueError("x")));
      break;
  }
  const first = yield* task;
  trace.record("ag_running after", agen.agRunning);
  yield* closeQuietly(trace, agen);
  return trace.value(first);
}

/**
 * A generator that yields 1 and whose handler (of anything thrown in there) sleeps, then
 * does what `then` says: returns, raises KeyError, re-raises, or yields "late" (and after
 * the handler, "after"). Takes the
 * 1, then records `agen <op>` (`close` or `throw` a ValueError; `twice`: that awaitable
 * awaited again), `ag_running`, and the next `anext()`.
 */
export function* agenAwaiting(trace: Harness, then: AwaitingThen, op: "close" | "throw" | "close twice" | "throw twice"): asyncio.Coroutine<Json> {
  const agen = awaitingAgen(then) as asyncio.AsyncGen<unknown>;
  const first = yield* agen.anext();
  const aw = op.startsWith("close") ? agen.aclose() : agen.athrow(new asyncio.ValueError("x"));
  yield* recordOutcome(trace, `agen ${op}`, aw);
  if (op.endsWith("twice")) yield* recordOutcome(trace, `agen ${op}`, aw);
  trace.record("ag_running", agen.agRunning);
  yield* recordOutcome(trace, "agen next", agen.anext());
  yield* closeQuietly(trace, agen);
  return trace.value(first);
}

/**
 * Replaces the firstiter hook with one that records `firstiter` (the generator's repr)
 * and records which hooks are then in place, clears it, puts the old hooks back, and
 * tries a good finalizer with a bad firstiter (then puts the old hooks back again).
 */
export function* agenHooks(trace: Harness): asyncio.Coroutine<Json> {
  const old = asyncio.getAsyncgenHooks();
  const hook = (agen: unknown): void => trace.record("firstiter", trace.repr(agen));
  asyncio.setAsyncgenHooks({ firstiter: hook });
  const now = asyncio.getAsyncgenHooks();
  const seen: Json[] = [now.firstiter === hook, now.finalizer === old.finalizer];
  const agen = agenFunction() as asyncio.AsyncGen<unknown>;
  seen.push(trace.value(yield* agen.anext()));
  yield* closeQuietly(trace, agen);
  asyncio.setAsyncgenHooks({ firstiter: null });
  const cleared = asyncio.getAsyncgenHooks();
  seen.push(cleared.firstiter === null, cleared.finalizer === old.finalizer);
  const unhooked = agenFunction() as asyncio.AsyncGen<unknown>;
  seen.push(trace.value(yield* unhooked.anext()));
  yield* closeQuietly(trace, unhooked);
  asyncio.setAsyncgenHooks(old);
  const back = asyncio.getAsyncgenHooks();
  seen.push(back.firstiter === old.firstiter, back.finalizer === old.finalizer);
  // A good finalizer with a bad firstiter: 3.7-3.12 set the finalizer before refusing.
  try {
    asyncio.setAsyncgenHooks({ firstiter: 1 as never, finalizer: hook });
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    seen.push(trace.excText(e));
  }
  seen.push(asyncio.getAsyncgenHooks().finalizer === hook);
  asyncio.setAsyncgenHooks(old);
  return seen;
}

/** One by-hand step of an awaitable: `["yield"]`, `["stop", its value]` or `["raised", the exception]`. */
function stepByHand(trace: Harness, step: () => IteratorResult<unknown, unknown>): Json {
  try {
    const result = step();
    return result.done ? ["stop", trace.value(result.value)] : ["yield"];
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    return ["raised", trace.excText(e)];
  }
}

/**
 * Takes the 1 of a generator whose handler awaits then returns, then drives a fresh
 * awaitable of it (`next`: `anext()`, `close`: `aclose()`, `throw`: `athrow(KeyError)`)
 * by hand: `throw(ValueError)` first, then `send(None)`, with `ag_running` after each.
 */
export function* agenThrowByHand(trace: Harness, which: "next" | "close" | "throw"): asyncio.Coroutine<Json> {
  const agen = awaitingAgen("return") as asyncio.AsyncGen<unknown>;
  yield* agen.anext();
  const aw = (which === "next" ? agen.anext() : which === "close" ? agen.aclose() : agen.athrow(new asyncio.KeyError("t"))) as Generator<unknown, unknown, unknown>;
  const seen: Json[] = [stepByHand(trace, () => aw.throw(new asyncio.ValueError("x"))), agen.agRunning];
  seen.push(stepByHand(trace, () => aw.next(null)), agen.agRunning);
  yield* closeQuietly(trace, agen);
  return seen;
}

const selfProbe = asyncio.asyncGen(function* self_probe(box: asyncio.AsyncGen<unknown>[]) {
  yield* asyncio.ayield<unknown>(box[0]!.agRunning);
  yield* asyncio.ayield<unknown>(yield* box[0]!.anext());
}, "Harness.agen_self.<locals>.self_probe");

/**
 * A generator that yields its own `ag_running`, then awaits its own `anext()`: records
 * both steps.
 */
export function* agenSelf(trace: Harness): asyncio.Coroutine<Json> {
  const box: asyncio.AsyncGen<unknown>[] = [];
  const agen = selfProbe(box) as asyncio.AsyncGen<unknown>;
  box.push(agen);
  yield* recordOutcome(trace, "agen next", agen.anext());
  yield* recordOutcome(trace, "agen next", agen.anext());
  trace.record("ag_running", agen.agRunning);
  yield* recordOutcome(trace, "agen next", agen.anext());
  return null;
}

/**
 * Takes the 1 of a generator whose handler awaits then returns, then closes a fresh
 * awaitable of it by hand (`next`: `anext()`, `close`: `aclose()`, `throw`:
 * `athrow(KeyError)`, `anext`: `anext(ag, "d")`): `close()`, `ag_running`, then
 * `send(None)`, `throw(ValueError)` and `ag_running` again.
 */
export function* agenCloseByHand(trace: Harness, which: "next" | "close" | "throw" | "anext"): asyncio.Coroutine<Json> {
  const agen = awaitingAgen("return") as asyncio.AsyncGen<unknown>;
  yield* agen.anext();
  const aw = (
    which === "next" ? agen.anext() : which === "close" ? agen.aclose() : which === "throw" ? agen.athrow(new asyncio.KeyError("t")) : asyncio.anext(agen, "d")
  ) as Generator<unknown, unknown, unknown>;
  let closed: Json;
  try {
    aw.return(undefined);
    closed = ["closed"];
  } catch (e) {
    if (!asyncio.isException(e, trace.python)) throw e;
    closed = ["raised", trace.excText(e)];
  }
  const seen: Json[] = [closed, agen.agRunning];
  seen.push(stepByHand(trace, () => aw.next(null)), stepByHand(trace, () => aw.throw(new asyncio.ValueError("x"))), agen.agRunning);
  yield* closeQuietly(trace, agen);
  return seen;
}

/**
 * The reprs (and `iscoroutine`) of a generator and of its awaitables (`anext()`,
 * `athrow()`, `aclose()`, and with `withAnext` `anext(ag, "d")`), each awaited after its
 * repr is taken (3.13 warns about an awaitable that is never awaited).
 */
export function* agenReprs(trace: Harness, withAnext: boolean): asyncio.Coroutine<Json> {
  const agen = makeReprAgen() as asyncio.AsyncGen<unknown>;
  const seen: Json[] = [trace.repr(agen), asyncio.isCoroutine(agen)];
  const awaitables: asyncio.Awaitable<unknown>[] = [agen.anext(), agen.athrow(asyncio.ValueError), agen.aclose()];
  if (withAnext) awaitables.push(asyncio.anext(agen, "d"));
  for (const aw of awaitables) {
    seen.push(trace.repr(aw), asyncio.isCoroutine(aw));
    try {
      seen.push(trace.value(yield* aw));
    } catch (e) {
      if (!asyncio.isException(e, trace.python)) throw e;
      seen.push(trace.excText(e));
    }
  }
  return seen;
}

const makeReprAgen = asyncio.asyncGen(function* repr_agen() {
  yield* asyncio.ayield<unknown>(1);
  yield* asyncio.ayield<unknown>(2);
}, "Harness.agen_reprs.<locals>.repr_agen");
