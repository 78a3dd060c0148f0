/**
 * The pure-Python pass's traces against the normal pass's (src/conformance/coverage/
 * trace_check.ts): on every CPython release found, a program that makes the C and Python
 * futures word their errors differently traces equal up to exactly the known differences;
 * a trace equal to itself is identical; any other difference is unexplained, at the line
 * where it is.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BLOCKING_ITER_DIFFERENCE, compareReferenceTraces, CONTEXT_DIFFERENCE, KNOWN_DIFFERENCES, TEXT_DIFFERENCE } from "../../src/conformance/coverage/trace_check.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import type { Json, Trace } from "../../src/conformance/trace.ts";
import { releases } from "../support/python.ts";

/**
 * Both wordings the known differences cover (result() of a pending future, set_result()
 * twice); a pending future's `__await__` stepped again while it is marked blocking, and
 * stepped past its end after a refused step; an exception raised right after the Task
 * threw the awaited task's error in, and one after a swallowed cancellation.
 */
const PROGRAM = `
import asyncio

async def main():
    fut = asyncio.get_running_loop().create_future()
    trace.track(fut, "f1")
    trace.probe(fut, "result")
    fut.set_result(1)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        trace.record("set_result again", e)
    task = asyncio.ensure_future(asyncio.sleep(0))
    trace.track(task, "t1")
    await task
    blocked = asyncio.get_running_loop().create_future()
    next(blocked.__await__())
    try:
        next(blocked.__await__())
        trace.record("stepped again", "yielded the future")
    except RuntimeError as e:
        trace.record("stepped again", e)
    # After a refused step: futures.py's generator is over, the C iterator is not.
    fresh = asyncio.get_running_loop().create_future()
    steps = fresh.__await__()
    record = [["yield", next(steps) is fresh]]
    try:
        next(steps)
    except RuntimeError as e:
        record.append(["raise", "RuntimeError", str(e)])
    fresh.set_result(7)
    try:
        next(steps)
    except StopIteration as e:
        record.append(["stop", e.value])
    trace.record("past refusal", record)
    # An exception raised, outside a handler, right after the Task threw one in.
    async def fail():
        raise KeyError("k")
    failing = asyncio.ensure_future(fail())
    try:
        try:
            await failing
        except KeyError:
            pass
        raise ValueError("v")
    except ValueError as e:
        trace.record("chained", trace.detail(e))
    # The same after a swallowed cancellation, printed as the chain's class names.
    async def swallow():
        try:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                pass
            raise ValueError("v")
        except ValueError as e:
            chain = []
            while e is not None:
                chain.append(type(e).__name__)
                e = e.__context__
            trace.record("chain", chain)
    swallower = asyncio.ensure_future(swallow())
    await asyncio.sleep(0)
    swallower.cancel()
    await swallower
`;

const pools: ReferencePool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

async function traceOn(pool: ReferencePool): Promise<Trace> {
  const result = await pool.run(PROGRAM);
  if (!result.ok) throw new Error(`${result.kind}: ${result.error}`);
  return result.trace;
}

const cpythons = [...releases.values()].filter((i) => i.source !== "pyodide");

describe.skipIf(cpythons.length === 0)("the pure-Python pass's traces against the C pass's", () => {
  for (const interpreter of cpythons) {
    it(`CPython ${interpreter.version}: equal up to the known message differences, and nothing else`, { timeout: 900_000 }, async () => {
      const c = await ReferencePool.start({ interpreter, workers: 1, timeoutMs: 60_000 });
      const pure = await ReferencePool.start({ interpreter, workers: 1, timeoutMs: 60_000, mode: { purePython: true } });
      pools.push(c, pure);
      const cTrace = await traceOn(c);
      const pureTrace = await traceOn(pure);
      expect(compareReferenceTraces(cTrace, cTrace)).toEqual({ kind: "identical" });
      expect(compareReferenceTraces(cTrace, pureTrace)).toEqual({ kind: "known", differences: [BLOCKING_ITER_DIFFERENCE, CONTEXT_DIFFERENCE, ...KNOWN_DIFFERENCES.map((d) => d.id)].sort() });
      // Each difference comes from its own events: without them, the rest is only the message differences.
      const own = ["stepped again", "past refusal", "chained", "chain"];
      const keeping = (kept: string | null) => (t: Trace): Trace => ({ ...t, events: t.events.filter((e) => e.what === kept || !own.includes(e.what)) });
      const compareKeeping = (kept: string | null) => compareReferenceTraces(keeping(kept)(cTrace), keeping(kept)(pureTrace));
      const messages = KNOWN_DIFFERENCES.map((d) => d.id).sort();
      expect(compareKeeping(null)).toEqual({ kind: "known", differences: messages });
      expect(compareKeeping("past refusal")).toEqual({ kind: "known", differences: [BLOCKING_ITER_DIFFERENCE, ...messages].sort() });
      for (const kept of ["chained", "chain"]) {
        expect(compareKeeping(kept)).toEqual({ kind: "known", differences: [CONTEXT_DIFFERENCE, ...messages].sort() });
      }

      // Anything else is unexplained, and located.
      const changed: Trace = structuredClone(pureTrace);
      const last = changed.events.length - 1;
      (changed.events[last] as { what: string }).what += " (changed)";
      const comparison = compareReferenceTraces(cTrace, changed);
      expect(comparison).toMatchObject({ kind: "different", line: last + 1 });
      const shorter: Trace = { ...structuredClone(cTrace), events: cTrace.events.slice(0, -1) };
      expect(compareReferenceTraces(cTrace, shorter)).toMatchObject({ kind: "different", line: cTrace.events.length });
    });
  }
});

describe("printed text of the C and Python classes", () => {
  const trace = (what: string, then = "sleep 1"): Trace => ({
    events: [
      { t: 0, task: null, what },
      { t: 1, task: "main", what: then },
    ],
    outcome: { kind: "returned", value: null },
    final: [],
    iterations: 2,
  });
  it("a loop exception worded differently at the same point is a known difference", () => {
    const c = trace("loop exception Exception in callback Task.task_wakeup(<Future finished result=1>)");
    const pure = trace("loop exception Exception in callback Task.__wakeup(<Future finished result=1>)");
    expect(compareReferenceTraces(c, pure)).toEqual({ kind: "known", differences: [TEXT_DIFFERENCE] });
  });
  it("an exception the pure-Python Task chains to the cancellation it threw in is a known difference", () => {
    // The shape CPython 3.11.7 gave for a RuntimeError raised in a cancelled task
    // (C pass: no context; pure-Python pass: the CancelledError).
    const error = (context: Json) => ({ exc: "RuntimeError", mro: ["RuntimeError", "Exception", "BaseException"], args: ["cannot notify on un-acquired lock"], cause: null, context });
    const cancelled = { exc: "CancelledError", mro: ["CancelledError", "BaseException"], args: [], cause: null, context: null };
    const caught = (value: Json): Trace => ({ ...trace("sleep 0"), events: [{ t: 0, task: "t1", what: "except BaseException", value }] });
    expect(compareReferenceTraces(caught(error(null)), caught(error(cancelled)))).toEqual({ kind: "known", differences: [CONTEXT_DIFFERENCE] });
    // What the coroutine was handling, as the C pass keeps it, may give way to the cancellation.
    const alpha = { exc: "AlphaError", mro: ["AlphaError", "Exception", "BaseException"], args: [6], cause: null, context: null };
    expect(compareReferenceTraces(caught(error(alpha)), caught(error(cancelled)))).toEqual({ kind: "known", differences: [CONTEXT_DIFFERENCE] });
    // Only a CancelledError on the pure-Python side.
    expect(compareReferenceTraces(caught(error(cancelled)), caught(error(null))).kind).toBe("different");
    // Any exception the Task threw in, where the C pass has no context; but never one context for another.
    expect(compareReferenceTraces(caught(error(null)), caught(error(alpha)))).toEqual({ kind: "known", differences: [CONTEXT_DIFFERENCE] });
    expect(compareReferenceTraces(caught(error(alpha)), caught(error({ ...alpha, args: [7] }))).kind).toBe("different");
    expect(compareReferenceTraces(caught(error(alpha)), caught(error(null))).kind).toBe("different");
    expect(compareReferenceTraces(caught({ ...error(null), args: ["other"] }), caught(error(cancelled))).kind).toBe("different");
  });
  it("the same differences in an exception a scene's value prints (the repr of its description) are known", () => {
    // The shape Pyodide 3.14 gave for `misc: wait_for's task cancelled as its future fails`.
    const printed = (message: string, context: string) =>
      `{'exc': 'InvalidStateError', 'mro': ['InvalidStateError', 'Exception', 'BaseException'], 'args': ['${message}'], 'cause': None, 'context': ${context}}`;
    const cancelled = "{'exc': 'CancelledError', 'mro': ['CancelledError', 'BaseException'], 'args': [], 'cause': None, 'context': None}";
    const event = (text: string): Trace => ({ ...trace("sleep 0"), events: [{ t: 1, task: null, what: "validate x", value: { at: "await", value: ["cancelled", text] } }] });
    const c = event(printed("Result is not set.", "None"));
    expect(compareReferenceTraces(c, event(printed("Result is not ready.", cancelled)))).toEqual({ kind: "known", differences: [CONTEXT_DIFFERENCE, "result-not-ready"].sort() });
    expect(compareReferenceTraces(c, event(printed("Result is not ready.", "None")))).toEqual({ kind: "known", differences: ["result-not-ready"] });
    // Any other wording, or a context on the C side too, is not.
    expect(compareReferenceTraces(c, event(printed("Result is not here.", cancelled))).kind).toBe("different");
    expect(compareReferenceTraces(event(printed("Result is not set.", cancelled)), event(printed("Result is not ready.", "None"))).kind).toBe("different");
    expect(compareReferenceTraces(event("a"), event("b")).kind).toBe("different");
  });

  it("a validate call's printed handles, the C Task's callbacks against futures.py's, are known", () => {
    // The shape CPython 3.12.1 gave for `loop: repr of the ready handles`.
    const ready = (wakeup: string, step: string): Trace => ({
      ...trace("sleep 0"),
      events: [{ t: 0.5, task: "t3", what: "validate loop: repr of the ready handles", value: { at: "await", value: [[`<Handle ${wakeup}(<Future finished result=1>)>`, "<Handle 1(2, 3, 4)>", `<Handle ${step}>`]] } }],
    });
    const c = ready("Task.task_wakeup", "<_asyncio.TaskStepMethWrapper object>()");
    expect(compareReferenceTraces(c, ready("Task.__wakeup", "Task.__step()"))).toEqual({ kind: "known", differences: [TEXT_DIFFERENCE] });
    expect(compareReferenceTraces(c, ready("Task.__wakeup", "Task.__other()")).kind).toBe("different");
  });

  it("any other event that differs is not", () => {
    const c = trace("loop exception Exception in callback cb()");
    expect(compareReferenceTraces(c, trace("loop exception Exception in callback cb()", "sleep 2")).kind).toBe("different");
    expect(compareReferenceTraces(trace("callback cb1"), trace("callback cb2")).kind).toBe("different");
  });
});
