/**
 * The bad (and borderline) calls a `validate` statement can make, each written three
 * times: as the Python expression the emitted program evaluates, as the TypeScript
 * expression the emitted repro evaluates (a cast stands for what Python's dynamic typing
 * lets through), and as the same call on our loop. Each says how its result is followed
 * (awaited, iterated, or kept) and which releases it is meaningful on.
 *
 * The calls use only the harness's helpers (`trace.done(v)`: a finished future,
 * `trace.slow()`: a task sleeping one second, `trace.returns(v)`: a coroutine,
 * `trace.plain(...)`: a plain generator, `trace.timed(cm)`: `async with cm: sleep(1)`,
 * `trace.repr(x)`: a normalised repr; the multi-step scenes of ../harness_agens.ts and
 * ../harness_groups.ts: async generators driven step by step, twice or by hand, task
 * group and waiter cancellations; `trace.drain_priority(...)`, `trace.warning_filters(s)`)
 * and `loop`, so a statement needs nothing bound in the program.
 *
 * @example
 * ```ts
 * VALIDATE_CASES["wait(1)"].py; // "asyncio.wait(1)"
 * casesFor(12).includes("gather(plain generator)"); // false: refused from 3.12, a coroutine in TypeScript
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { NAME_NONE, PLAIN_UNTIL, SINCE_10, SINCE_11, SINCE_13, c, scene, inf, never, type ValidateCase } from "./validate_case.ts";
import { LOOP_CASES } from "./validate_cases_loop.ts";
import { PROTOCOL_CASES } from "./validate_cases_protocols.ts";
import { TEXT_CASES } from "./validate_cases_text.ts";
import { TASK_CASES } from "./validate_cases_tasks.ts";
import { FUTURE_CASES } from "./validate_cases_futures.ts";
import { RUNTIME_CASES } from "./validate_cases_runtime.ts";
import { PRIMITIVE_CASES } from "./validate_cases_prims.ts";
import { MISC_CASES } from "./validate_cases_misc.ts";
import { AGEN_CASES } from "./validate_cases_agens.ts";

export type { ValidateCase } from "./validate_case.ts";

/** Every case by its name (the Python call, as the event names it). */
export const VALIDATE_CASES = {
  // gather(*aws): awaitables one by one, each made a future when called.
  "gather()": c("await", "asyncio.gather()", "asyncio.gather([])", () => asyncio.gather([])),
  "gather(1)": c("await", "asyncio.gather(1)", "asyncio.gather([1 as never])", () => asyncio.gather([never(1)])),
  "gather(None)": c("await", "asyncio.gather(None)", "asyncio.gather([null as never])", () => asyncio.gather([never(null)])),
  "gather(coroutine)": c("await", "asyncio.gather(trace.returns(1))", "asyncio.gather([trace.returns(1)])", (t) => asyncio.gather([t.returns(1)])),
  "gather(plain generator)": c("await", "asyncio.gather(trace.plain())", "asyncio.gather([trace.plain() as never])", (t) => asyncio.gather([never(t.plain())]), PLAIN_UNTIL),
  "gather([future])": c("await", "asyncio.gather([trace.done(1)])", "asyncio.gather([[trace.done(1)] as never])", (t) => asyncio.gather([never([t.done(1)])])),
  "gather(future, 1)": c("await", "asyncio.gather(trace.done(1), 1)", "asyncio.gather([trace.done(1), 1 as never])", (t) => asyncio.gather([t.done(1), never(1)])),
  // wait(fs): a coroutine; everything is checked when it is awaited.
  "wait(1)": c("wait", "asyncio.wait(1)", "asyncio.wait(1 as never)", () => asyncio.wait(never(1))),
  "wait(None)": c("wait", "asyncio.wait(None)", "asyncio.wait(null as never)", () => asyncio.wait(never(null))),
  "wait(set())": c("wait", "asyncio.wait(set())", "asyncio.wait(new Set<asyncio.Future<unknown>>())", () => asyncio.wait(new Set<asyncio.Future<unknown>>())),
  "wait([])": c("wait", "asyncio.wait([])", "asyncio.wait([])", () => asyncio.wait([])),
  "wait([1])": c("wait", "asyncio.wait([1])", "asyncio.wait([1 as never])", () => asyncio.wait([never(1)])),
  "wait([None])": c("wait", "asyncio.wait([None])", "asyncio.wait([null as never])", () => asyncio.wait([never(null)])),
  "wait([coroutine])": c("wait", "asyncio.wait([trace.returns(1)])", "asyncio.wait([trace.returns(1)])", (t) => asyncio.wait([t.returns(1)])),
  "wait([plain generator])": c("wait", "asyncio.wait([trace.plain()])", "asyncio.wait([trace.plain() as never])", (t) => asyncio.wait([never(t.plain())])),
  "wait(future)": c("wait", "asyncio.wait(trace.done(1))", "asyncio.wait(trace.done(1) as never)", (t) => asyncio.wait(never(t.done(1)))),
  "wait(coroutine)": c("wait", "asyncio.wait(trace.returns(1))", "asyncio.wait(trace.returns(1) as never)", (t) => asyncio.wait(never(t.returns(1)))),
  "wait(generator of futures)": c("wait", "asyncio.wait(trace.plain(trace.done(1)))", "asyncio.wait(trace.plain(trace.done(1)) as never)", (t) => asyncio.wait(never(t.plain(t.done(1))))),
  "wait(return_when='bad')": c("wait", "asyncio.wait([trace.done(1)], return_when='bad')", "asyncio.wait([trace.done(1)], { returnWhen: \"bad\" as never })", (t) => asyncio.wait([t.done(1)], { returnWhen: never("bad") })),
  "wait(timeout=-1)": c("wait", "asyncio.wait([trace.slow()], timeout=-1)", "asyncio.wait([trace.slow()], { timeout: -1 })", (t) => asyncio.wait([t.slow()], { timeout: -1 })),
  "wait(timeout=0)": c("wait", "asyncio.wait([trace.slow()], timeout=0)", "asyncio.wait([trace.slow()], { timeout: 0 })", (t) => asyncio.wait([t.slow()], { timeout: 0 })),
  "wait(timeout=None)": c("wait", "asyncio.wait([trace.slow()], timeout=None)", "asyncio.wait([trace.slow()], { timeout: null })", (t) => asyncio.wait([t.slow()], { timeout: null })),
  "wait(timeout=inf)": c("wait", "asyncio.wait([trace.slow()], timeout=float('inf'))", "asyncio.wait([trace.slow()], { timeout: Infinity })", (t) => asyncio.wait([t.slow()], { timeout: inf })),
  // wait_for(aw, timeout): a coroutine.
  "wait_for(1, 1)": c("await", "asyncio.wait_for(1, 1)", "asyncio.waitFor(1 as never, 1)", () => asyncio.waitFor(never(1), 1)),
  "wait_for(1, None)": c("await", "asyncio.wait_for(1, None)", "asyncio.waitFor(1 as never, null)", () => asyncio.waitFor(never(1), null)),
  "wait_for(1, 0)": c("await", "asyncio.wait_for(1, 0)", "asyncio.waitFor(1 as never, 0)", () => asyncio.waitFor(never(1), 0)),
  "wait_for(None, 1)": c("await", "asyncio.wait_for(None, 1)", "asyncio.waitFor(null as never, 1)", () => asyncio.waitFor(never(null), 1)),
  "wait_for(plain generator, 1)": c("await", "asyncio.wait_for(trace.plain(), 1)", "asyncio.waitFor(trace.plain() as never, 1)", (t) => asyncio.waitFor(never(t.plain()), 1), PLAIN_UNTIL),
  "wait_for(future, 0)": c("await", "asyncio.wait_for(trace.done(1), 0)", "asyncio.waitFor(trace.done(1), 0)", (t) => asyncio.waitFor(t.done(1), 0)),
  "wait_for(coroutine, 0)": c("await", "asyncio.wait_for(trace.returns(1), 0)", "asyncio.waitFor(trace.returns(1), 0)", (t) => asyncio.waitFor(t.returns(1), 0)),
  "wait_for(slow, -1)": c("await", "asyncio.wait_for(trace.slow(), -1)", "asyncio.waitFor(trace.slow(), -1)", (t) => asyncio.waitFor(t.slow(), -1)),
  "wait_for(slow, 0)": c("await", "asyncio.wait_for(trace.slow(), 0)", "asyncio.waitFor(trace.slow(), 0)", (t) => asyncio.waitFor(t.slow(), 0)),
  "wait_for(slow, None)": c("await", "asyncio.wait_for(trace.slow(), None)", "asyncio.waitFor(trace.slow(), null)", (t) => asyncio.waitFor(t.slow(), null)),
  "wait_for(slow, inf)": c("await", "asyncio.wait_for(trace.slow(), float('inf'))", "asyncio.waitFor(trace.slow(), Infinity)", (t) => asyncio.waitFor(t.slow(), inf)),
  // shield, ensure_future, create_task: checked when called.
  "shield(1)": c("await", "asyncio.shield(1)", "asyncio.shield(1 as never)", () => asyncio.shield(never(1))),
  "shield(None)": c("await", "asyncio.shield(None)", "asyncio.shield(null as never)", () => asyncio.shield(never(null))),
  "shield(coroutine)": c("await", "asyncio.shield(trace.returns(1))", "asyncio.shield(trace.returns(1))", (t) => asyncio.shield(t.returns(1))),
  "shield(plain generator)": c("await", "asyncio.shield(trace.plain())", "asyncio.shield(trace.plain() as never)", (t) => asyncio.shield(never(t.plain())), PLAIN_UNTIL),
  "shield([future])": c("await", "asyncio.shield([trace.done(1)])", "asyncio.shield([trace.done(1)] as never)", (t) => asyncio.shield(never([t.done(1)]))),
  "ensure_future(1)": c("await", "asyncio.ensure_future(1)", "asyncio.ensureFuture(1 as never)", () => asyncio.ensureFuture(never(1))),
  "ensure_future(None)": c("await", "asyncio.ensure_future(None)", "asyncio.ensureFuture(null as never)", () => asyncio.ensureFuture(never(null))),
  "ensure_future(plain generator)": c("await", "asyncio.ensure_future(trace.plain())", "asyncio.ensureFuture(trace.plain() as never)", (t) => asyncio.ensureFuture(never(t.plain())), PLAIN_UNTIL),
  "ensure_future([future])": c("await", "asyncio.ensure_future([trace.done(1)])", "asyncio.ensureFuture([trace.done(1)] as never)", (t) => asyncio.ensureFuture(never([t.done(1)]))),
  "create_task(1)": c("await", "asyncio.create_task(1)", "asyncio.createTask(1 as never)", () => asyncio.createTask(never(1))),
  "create_task(None)": c("await", "asyncio.create_task(None)", "asyncio.createTask(null as never)", () => asyncio.createTask(never(null))),
  "create_task(future)": c("await", "asyncio.create_task(trace.done(1))", "asyncio.createTask(trace.done(1) as never)", (t) => asyncio.createTask(never(t.done(1)))),
  "create_task(plain generator)": c("await", "asyncio.create_task(trace.plain())", "asyncio.createTask(trace.plain() as never)", (t) => asyncio.createTask(never(t.plain())), PLAIN_UNTIL),
  "create_task([future])": c("await", "asyncio.create_task([trace.done(1)])", "asyncio.createTask([trace.done(1)] as never)", (t) => asyncio.createTask(never([t.done(1)]))),
  // as_completed(fs): a generator before 3.13 (checked at the first item), set up when called from 3.13.
  "as_completed(1)": c("iterate", "asyncio.as_completed(1)", "asyncio.asCompleted(1 as never)", () => asyncio.asCompleted(never(1))),
  "as_completed(None)": c("iterate", "asyncio.as_completed(None)", "asyncio.asCompleted(null as never)", () => asyncio.asCompleted(never(null))),
  "as_completed([])": c("iterate", "asyncio.as_completed([])", "asyncio.asCompleted([])", () => asyncio.asCompleted([])),
  "as_completed(set())": c("iterate", "asyncio.as_completed(set())", "asyncio.asCompleted(new Set<asyncio.Future<unknown>>())", () => asyncio.asCompleted(new Set<asyncio.Future<unknown>>())),
  "as_completed([1])": c("iterate", "asyncio.as_completed([1])", "asyncio.asCompleted([1 as never])", () => asyncio.asCompleted([never(1)])),
  "as_completed(future)": c("iterate", "asyncio.as_completed(trace.done(1))", "asyncio.asCompleted(trace.done(1) as never)", (t) => asyncio.asCompleted(never(t.done(1)))),
  "as_completed(timeout=-1)": c("iterate", "asyncio.as_completed([trace.slow()], timeout=-1)", "asyncio.asCompleted([trace.slow()], { timeout: -1 })", (t) => asyncio.asCompleted([t.slow()], { timeout: -1 })),
  "as_completed(timeout=0)": c("iterate", "asyncio.as_completed([trace.slow()], timeout=0)", "asyncio.asCompleted([trace.slow()], { timeout: 0 })", (t) => asyncio.asCompleted([t.slow()], { timeout: 0 })),
  "as_completed(timeout=None)": c("iterate", "asyncio.as_completed([trace.slow()], timeout=None)", "asyncio.asCompleted([trace.slow()], { timeout: null })", (t) => asyncio.asCompleted([t.slow()], { timeout: null })),
  "as_completed(timeout=inf)": c("iterate", "asyncio.as_completed([trace.slow()], timeout=float('inf'))", "asyncio.asCompleted([trace.slow()], { timeout: Infinity })", (t) => asyncio.asCompleted([t.slow()], { timeout: inf })),
  // sleep(delay): a coroutine.
  "sleep(None)": c("await", "asyncio.sleep(None)", "asyncio.sleep(null as never)", () => asyncio.sleep(never(null))),
  "sleep(-1)": c("await", "asyncio.sleep(-1, 'negative')", "asyncio.sleep(-1, \"negative\")", () => asyncio.sleep(-1, "negative")),
  // timeout(delay), timeout_at(when) (3.11+): a scope around sleep(1).
  "timeout(-1)": c("await", "trace.timed(asyncio.timeout(-1))", "trace.timed(asyncio.timeout(-1))", (t) => t.timed(asyncio.timeout(-1)), SINCE_11),
  "timeout(0)": c("await", "trace.timed(asyncio.timeout(0))", "trace.timed(asyncio.timeout(0))", (t) => t.timed(asyncio.timeout(0)), SINCE_11),
  "timeout(None)": c("await", "trace.timed(asyncio.timeout(None))", "trace.timed(asyncio.timeout(null))", (t) => t.timed(asyncio.timeout(null)), SINCE_11),
  "timeout(inf)": c("await", "trace.timed(asyncio.timeout(float('inf')))", "trace.timed(asyncio.timeout(Infinity))", (t) => t.timed(asyncio.timeout(inf)), SINCE_11),
  "timeout_at(past)": c("await", "trace.timed(asyncio.timeout_at(loop.time() - 1))", "trace.timed(asyncio.timeoutAt(loop.time() - 1))", (t, loop) => t.timed(asyncio.timeoutAt(loop.time() - 1)), SINCE_11),
  "timeout_at(None)": c("await", "trace.timed(asyncio.timeout_at(None))", "trace.timed(asyncio.timeoutAt(null))", (t) => t.timed(asyncio.timeoutAt(null)), SINCE_11),
  // Locks, semaphores, conditions, barriers.
  "Semaphore(-1)": c("construct", "asyncio.Semaphore(-1)", "new asyncio.Semaphore(-1)", () => new asyncio.Semaphore(-1)),
  "Semaphore(None)": c("construct", "asyncio.Semaphore(None)", "new asyncio.Semaphore(null as never)", () => new asyncio.Semaphore(never(null))),
  "Semaphore(0).locked()": c("call", "asyncio.Semaphore(0).locked()", "new asyncio.Semaphore(0).locked()", () => new asyncio.Semaphore(0).locked()),
  "BoundedSemaphore(-1)": c("construct", "asyncio.BoundedSemaphore(-1)", "new asyncio.BoundedSemaphore(-1)", () => new asyncio.BoundedSemaphore(-1)),
  "BoundedSemaphore(1).release()": c("call", "asyncio.BoundedSemaphore(1).release()", "new asyncio.BoundedSemaphore(1).release()", () => new asyncio.BoundedSemaphore(1).release()),
  "Lock().release()": c("call", "asyncio.Lock().release()", "new asyncio.Lock().release()", () => new asyncio.Lock().release()),
  "Condition().release()": c("call", "asyncio.Condition().release()", "new asyncio.Condition().release()", () => new asyncio.Condition().release()),
  "Condition().notify()": c("call", "asyncio.Condition().notify()", "new asyncio.Condition().notify()", () => new asyncio.Condition().notify()),
  "Condition().notify_all()": c("call", "asyncio.Condition().notify_all()", "new asyncio.Condition().notifyAll()", () => new asyncio.Condition().notifyAll()),
  "Condition().wait()": c("await", "asyncio.Condition().wait()", "new asyncio.Condition().wait()", () => new asyncio.Condition().wait()),
  "Condition().wait_for(true)": c("await", "asyncio.Condition().wait_for(lambda: 'yes')", "new asyncio.Condition().waitFor(() => \"yes\")", () => new asyncio.Condition().waitFor(() => "yes")),
  "Barrier(0)": c("construct", "asyncio.Barrier(0)", "new asyncio.Barrier(0)", () => new asyncio.Barrier(0), SINCE_11),
  "Barrier(-1)": c("construct", "asyncio.Barrier(-1)", "new asyncio.Barrier(-1)", () => new asyncio.Barrier(-1), SINCE_11),
  "Barrier(None)": c("construct", "asyncio.Barrier(None)", "new asyncio.Barrier(null as never)", () => new asyncio.Barrier(never(null)), SINCE_11),
  "Barrier(1).wait()": c("await", "asyncio.Barrier(1).wait()", "new asyncio.Barrier(1).wait()", () => new asyncio.Barrier(1).wait(), SINCE_11),
  // Queues.
  "Queue(0).full()": c("call", "asyncio.Queue(0).full()", "new asyncio.Queue(0).full()", () => new asyncio.Queue(0).full()),
  "Queue(-1).full()": c("call", "asyncio.Queue(-1).full()", "new asyncio.Queue(-1).full()", () => new asyncio.Queue(-1).full()),
  "Queue(None).full()": c("call", "asyncio.Queue(None).full()", "new asyncio.Queue(null as never).full()", () => new asyncio.Queue(never(null)).full()),
  "Queue(None).put_nowait(1)": c("call", "asyncio.Queue(None).put_nowait(1)", "new asyncio.Queue(null as never).putNowait(1)", () => new asyncio.Queue(never(null)).putNowait(1)),
  "Queue().task_done()": c("call", "asyncio.Queue().task_done()", "new asyncio.Queue().taskDone()", () => new asyncio.Queue().taskDone()),
  "Queue().get_nowait()": c("call", "asyncio.Queue().get_nowait()", "new asyncio.Queue().getNowait()", () => new asyncio.Queue().getNowait()),
  // The async iteration builtins (3.10+): the argument is checked at the call.
  "anext(1)": c("call", "anext(1)", "asyncio.anext(1 as never)", () => asyncio.anext(never(1)), SINCE_10),
  "anext(None, 0)": c("call", "anext(None, 0)", "asyncio.anext(null as never, 0)", () => asyncio.anext(never(null), 0), SINCE_10),
  "aiter(1)": c("call", "aiter(1)", "asyncio.aiter(1 as never)", () => asyncio.aiter(never(1)), SINCE_10),
  "aiter('v1')": c("call", "aiter('v1')", "asyncio.aiter(\"v1\" as never)", () => asyncio.aiter(never("v1")), SINCE_10),
  "aiter([1])": c("call", "aiter([1])", "asyncio.aiter([1] as never)", () => asyncio.aiter(never([1])), SINCE_10),
  // Async generators: awaitables reused, driven by hand, thrown into with odd values
  // (python-reference/asyncio_ts_harness.py's generator scenes, twins in ../harness_agens.ts).
  "await ag.__anext__() twice": c("await", "trace.twice(trace.items_agen(1, 2).__anext__())", "trace.twice(trace.itemsAgen(1, 2).anext())", (t) => t.twice(t.itemsAgen(1, 2).anext())),
  "await ag.asend(None) twice": c("await", "trace.twice(trace.items_agen(1).asend(None))", "trace.twice(trace.itemsAgen(1).asend(null))", (t) => t.twice(t.itemsAgen(1).asend(null))),
  "await ag.aclose() twice": c("await", "trace.twice(trace.items_agen(1).aclose())", "trace.twice(trace.itemsAgen(1).aclose())", (t) => t.twice(t.itemsAgen(1).aclose())),
  "await ag.athrow(exc) twice": c("await", "trace.twice(trace.items_agen(1).athrow(ValueError('x')))", "trace.twice(trace.itemsAgen(1).athrow(new asyncio.ValueError(\"x\")))", (t) => t.twice(t.itemsAgen(1).athrow(new asyncio.ValueError("x")))),
  "ag.asend(1) first": c("await", "trace.items_agen(1).asend(1)", "trace.itemsAgen(1).asend(1)", (t) => t.itemsAgen(1).asend(1)),
  "ag.athrow(ValueError) first": c("await", "trace.items_agen(1).athrow(ValueError)", "trace.itemsAgen(1).athrow(asyncio.ValueError)", (t) => t.itemsAgen(1).athrow(asyncio.ValueError)),
  "ag.athrow(StopAsyncIteration) first": c("await", "trace.items_agen(1).athrow(StopAsyncIteration)", "trace.itemsAgen(1).athrow(asyncio.StopAsyncIteration)", (t) => t.itemsAgen(1).athrow(asyncio.StopAsyncIteration)),
  "ag.athrow(StopIteration('v')) first": c("await", "trace.items_agen(1).athrow(StopIteration('v'))", "trace.itemsAgen(1).athrow(new asyncio.StopIteration(\"v\"))", (t) => t.itemsAgen(1).athrow(new asyncio.StopIteration("v"))),
  "ag.athrow(1)": c("await", "trace.items_agen(1).athrow(1)", "trace.itemsAgen(1).athrow(1)", (t) => t.itemsAgen(1).athrow(1)),
  "ag.athrow(None)": c("await", "trace.items_agen(1).athrow(None)", "trace.itemsAgen(1).athrow(null)", (t) => t.itemsAgen(1).athrow(null)),
  "ag.athrow(int)": c("await", "trace.items_agen(1).athrow(int)", "trace.itemsAgen(1).athrow(Number)", (t) => t.itemsAgen(1).athrow(Number)),
  "ag steps: next, asend 5, next, next": c("await", "trace.agen_steps(trace.items_agen(1, 2), 'next', 5, 'next', 'next')", "trace.agenSteps(trace.itemsAgen(1, 2), \"next\", 5, \"next\", \"next\")", (t) => t.agenSteps(t.itemsAgen(1, 2), "next", 5, "next", "next")),
  "ag steps: close, next, throw, asend 5": c("await", "trace.agen_steps(trace.items_agen(1), 'close', 'next', 'throw', 5)", "trace.agenSteps(trace.itemsAgen(1), \"close\", \"next\", \"throw\", 5)", (t) => t.agenSteps(t.itemsAgen(1), "close", "next", "throw", 5)),
  "ag steps: next, throw stop, next": c("await", "trace.agen_steps(trace.items_agen(1, 2), 'next', 'throw stop', 'next')", "trace.agenSteps(trace.itemsAgen(1, 2), \"next\", \"throw stop\", \"next\")", (t) => t.agenSteps(t.itemsAgen(1, 2), "next", "throw stop", "next")),
  "catching ag steps (yield): next, throw, next": c("await", "trace.agen_steps(trace.catching_agen('yield'), 'next', 'throw', 'next')", "trace.agenSteps(trace.catchingAgen(\"yield\"), \"next\", \"throw\", \"next\")", (t) => t.agenSteps(t.catchingAgen("yield"), "next", "throw", "next")),
  "catching ag steps (yield): next, throw class, close": c("await", "trace.agen_steps(trace.catching_agen('yield'), 'next', 'throw class', 'close')", "trace.agenSteps(trace.catchingAgen(\"yield\"), \"next\", \"throw class\", \"close\")", (t) => t.agenSteps(t.catchingAgen("yield"), "next", "throw class", "close")),
  "catching ag steps (return): next, throw, throw": c("await", "trace.agen_steps(trace.catching_agen('return'), 'next', 'throw', 'throw')", "trace.agenSteps(trace.catchingAgen(\"return\"), \"next\", \"throw\", \"throw\")", (t) => t.agenSteps(t.catchingAgen("return"), "next", "throw", "throw")),
  "catching ag steps (raise): next, throw, next": c("await", "trace.agen_steps(trace.catching_agen('raise'), 'next', 'throw', 'next')", "trace.agenSteps(trace.catchingAgen(\"raise\"), \"next\", \"throw\", \"next\")", (t) => t.agenSteps(t.catchingAgen("raise"), "next", "throw", "next")),
  "stubborn ag steps: next, close, close, next": c("await", "trace.agen_steps(trace.stubborn_agen(), 'next', 'close', 'close', 'next')", "trace.agenSteps(trace.stubbornAgen(), \"next\", \"close\", \"close\", \"next\")", (t) => t.agenSteps(t.stubbornAgen(), "next", "close", "close", "next")),
  "stubborn ag steps: next, close, throw, next": c("await", "trace.agen_steps(trace.stubborn_agen(), 'next', 'close', 'throw', 'next')", "trace.agenSteps(trace.stubbornAgen(), \"next\", \"close\", \"throw\", \"next\")", (t) => t.agenSteps(t.stubbornAgen(), "next", "close", "throw", "next")),
  "stubborn ag steps: next, close, next, next": c("await", "trace.agen_steps(trace.stubborn_agen(), 'next', 'close', 'next', 'next')", "trace.agenSteps(trace.stubbornAgen(), \"next\", \"close\", \"next\", \"next\")", (t) => t.agenSteps(t.stubbornAgen(), "next", "close", "next", "next")),
  "ag.__anext__().send(None) by hand": c("call", "trace.send_by_hand(trace.items_agen(1).__anext__(), None)", "trace.sendByHand(trace.itemsAgen(1).anext(), null)", (t) => t.sendByHand(t.itemsAgen(1).anext(), null)),
  "ag.asend(None).send(2) by hand": c("call", "trace.send_by_hand(trace.items_agen(1).asend(None), 2)", "trace.sendByHand(trace.itemsAgen(1).asend(null), 2)", (t) => t.sendByHand(t.itemsAgen(1).asend(null), 2)),
  "ag.aclose().send(1) by hand": c("call", "trace.send_by_hand(trace.items_agen(1).aclose(), 1)", "trace.sendByHand(trace.itemsAgen(1).aclose(), 1)", (t) => t.sendByHand(t.itemsAgen(1).aclose(), 1)),
  "ag.aclose().send(None) by hand": c("call", "trace.send_by_hand(trace.items_agen(1).aclose(), None)", "trace.sendByHand(trace.itemsAgen(1).aclose(), null)", (t) => t.sendByHand(t.itemsAgen(1).aclose(), null)),
  "ag.athrow(exc).send(None) by hand": c("call", "trace.send_by_hand(trace.items_agen(1).athrow(ValueError('x')), None)", "trace.sendByHand(trace.itemsAgen(1).athrow(new asyncio.ValueError(\"x\")), null)", (t) => t.sendByHand(t.itemsAgen(1).athrow(new asyncio.ValueError("x")), null)),
  "aiter(None)": c("call", "aiter(None)", "asyncio.aiter(null as never)", () => asyncio.aiter(never(null)), SINCE_10),
  "aiter(1.5)": c("call", "aiter(1.5)", "asyncio.aiter(1.5 as never)", () => asyncio.aiter(never(1.5)), SINCE_10),
  "aiter(True)": c("call", "aiter(True)", "asyncio.aiter(true as never)", () => asyncio.aiter(never(true)), SINCE_10),
  "aiter({})": c("call", "aiter({})", "asyncio.aiter({} as never)", () => asyncio.aiter(never({})), SINCE_10),
  "aiter(ag) is ag": c("call", "(lambda ag: aiter(ag) is ag)(trace.items_agen(1))", "((ag: asyncio.AsyncGen<unknown>) => asyncio.aiter(ag) === ag)(trace.itemsAgen(1))", (t) => ((ag: asyncio.AsyncGen<unknown>) => asyncio.aiter(ag) === ag)(t.itemsAgen(1)), SINCE_10),
  "anext(ag, 1, 2)": c("await", "anext(trace.items_agen(1), 1, 2)", "(asyncio.anext as (...args: unknown[]) => asyncio.Awaitable<unknown>)(trace.itemsAgen(1), 1, 2)", (t) => (asyncio.anext as (...args: unknown[]) => asyncio.Awaitable<unknown>)(t.itemsAgen(1), 1, 2), SINCE_10),
  "anext(ended ag)": c("await", "anext(trace.items_agen())", "asyncio.anext(trace.itemsAgen())", (t) => asyncio.anext(t.itemsAgen()), SINCE_10),
  "anext(ended ag, 'd')": c("await", "anext(trace.items_agen(), 'd')", "asyncio.anext(trace.itemsAgen(), \"d\")", (t) => asyncio.anext(t.itemsAgen(), "d"), SINCE_10),
  "anext(1.5)": c("call", "anext(1.5)", "asyncio.anext(1.5 as never)", () => asyncio.anext(never(1.5)), SINCE_10),
  // The loop's own methods.
  "loop.call_later(None, f)": c("call", "loop.call_later(None, trace.done)", "loop.callLater(null as never, () => {})", (_t, loop) => loop.callLater(never(null), () => {})),
  "loop.call_at(None, f)": c("call", "loop.call_at(None, trace.done)", "loop.callAt(null as never, () => {})", (_t, loop) => loop.callAt(never(null), () => {}), SINCE_11),
  "loop.set_exception_handler(1)": c("call", "loop.set_exception_handler(1)", "loop.setExceptionHandler(1 as never)", (_t, loop) => loop.setExceptionHandler(never(1))),
  "loop.run_until_complete(done future)": c("call", "loop.run_until_complete(trace.done(1))", "(loop as asyncio.VirtualEventLoop).runUntilComplete(trace.done(1))", (t, loop) => (loop as asyncio.VirtualEventLoop).runUntilComplete(t.done(1))),
  "loop.close()": c("call", "loop.close()", "loop.close()", (_t, loop) => loop.close()),
  "loop.is_closed()": c("call", "loop.is_closed()", "loop.isClosed()", (_t, loop) => loop.isClosed()),
  // Futures and tasks misused.
  "Future().set_exception(None)": c("call", "loop.create_future().set_exception(None)", "loop.createFuture().setException(null)", (_t, loop) => loop.createFuture().setException(null)),
  "Future().cancel('m')": c("call", "loop.create_future().cancel('m')", "loop.createFuture().cancel(\"m\")", (_t, loop) => loop.createFuture().cancel("m"), { since: 9 }),
  "Future().remove_done_callback(1)": c("call", "loop.create_future().remove_done_callback(1)", "loop.createFuture().removeDoneCallback(1 as never)", (_t, loop) => loop.createFuture().removeDoneCallback(never(1))),
  "ensure_future({})": c("await", "asyncio.ensure_future({})", "asyncio.ensureFuture({} as never)", () => asyncio.ensureFuture(never({}))),
  "ensure_future({future})": c("await", "asyncio.ensure_future({trace.done(1)})", "asyncio.ensureFuture(new Set([trace.done(1)]) as never)", (t) => asyncio.ensureFuture(never(new Set([t.done(1)])))),
  "wait_for({}, 1)": c("await", "asyncio.wait_for({}, 1)", "asyncio.waitFor({} as never, 1)", () => asyncio.waitFor(never({}), 1)),
  "gather({future})": c("await", "asyncio.gather({trace.done(1)})", "asyncio.gather([new Set([trace.done(1)]) as never])", (t) => asyncio.gather([never(new Set([t.done(1)]))])),
  "gather({})": c("await", "asyncio.gather({})", "asyncio.gather([{} as never])", () => asyncio.gather([never({})])),
  "wait({future, future})": c("wait", "asyncio.wait({trace.done(1), trace.done(2)})", "asyncio.wait(new Set([trace.done(1), trace.done(2)]))", (t) => asyncio.wait(new Set([t.done(1), t.done(2)]))),
  "wait(empty plain generator)": c("wait", "asyncio.wait(trace.plain())", "asyncio.wait(trace.plain() as never)", (t) => asyncio.wait(never(t.plain()))),
  "create_task(coroutine, name=None) named Task-N": c("call", "asyncio.create_task(trace.returns(1), name=None).get_name().startswith('Task-')", "asyncio.createTask(trace.returns(1), { name: null as never }).getName().startsWith(\"Task-\")", (t) => asyncio.createTask(t.returns(1), { name: never(null) }).getName().startsWith("Task-"), NAME_NONE),
  "Condition().wait_for(0)": c("await", "asyncio.Condition().wait_for(lambda: 0)", "new asyncio.Condition().waitFor(() => 0)", () => new asyncio.Condition().waitFor(() => 0)),
  "Condition().wait_for('')": c("await", "asyncio.Condition().wait_for(lambda: '')", "new asyncio.Condition().waitFor(() => \"\")", () => new asyncio.Condition().waitFor(() => "")),
  "Condition().wait_for(None)": c("await", "asyncio.Condition().wait_for(lambda: None)", "new asyncio.Condition().waitFor(() => null)", () => new asyncio.Condition().waitFor(() => null)),
  "Semaphore(-1, loop=loop)": c("construct", "asyncio.Semaphore(-1, loop=loop)", "new asyncio.Semaphore(-1, { loop })", (_t, loop) => new asyncio.Semaphore(-1, { loop })),
  "Semaphore(None, loop=loop)": c("construct", "asyncio.Semaphore(None, loop=loop)", "new asyncio.Semaphore(null as never, { loop })", (_t, loop) => new asyncio.Semaphore(never(null), { loop })),
  "Future().add_done_callback(1) pending": c("call", "(lambda f: (f.add_done_callback(1), trace.repr(f))[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.addDoneCallback(1 as never), trace.repr(f)))(loop.createFuture())", (t, loop) => ((f: asyncio.Future<unknown>) => (f.addDoneCallback(never(1)), t.repr(f)))(loop.createFuture())),
  "Future().add_done_callback(1) then set_result(2)": c("call", "(lambda f: (f.add_done_callback(1), f.set_result(2), trace.repr(f))[2])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.addDoneCallback(1 as never), f.setResult(2), trace.repr(f)))(loop.createFuture())", (t, loop) => ((f: asyncio.Future<unknown>) => (f.addDoneCallback(never(1)), f.setResult(2), t.repr(f)))(loop.createFuture())),
  "loop.call_soon(1)": c("call", "trace.repr(loop.call_soon(1))", "trace.repr(loop.callSoon(1 as never))", (t, loop) => t.repr(loop.callSoon(never(1)))),
  "ensure_future(awaitable yielding 1)": c("await", "asyncio.ensure_future(trace.bad_awaitable('int'))", "asyncio.ensureFuture(trace.badAwaitable(\"int\"))", (t) => asyncio.ensureFuture(t.badAwaitable("int"))),
  "ensure_future(awaitable yielding bare)": c("await", "asyncio.ensure_future(trace.bad_awaitable('bare'))", "asyncio.ensureFuture(trace.badAwaitable(\"bare\"))", (t) => asyncio.ensureFuture(t.badAwaitable("bare"))),
  "Lock: acquire() closed while waiting": scene("await", "abandonedAcquire", ["lock"]),
  "Semaphore: acquire() closed while waiting": scene("await", "abandonedAcquire", ["semaphore"]),
  "TaskGroup: outside cancel": scene("await", "groupScene", ["outside cancel"], SINCE_11),
  "TaskGroup: outside cancel twice": scene("await", "groupScene", ["outside cancel twice"], SINCE_11),
  "TaskGroup: two children fail": scene("await", "groupScene", ["two children fail"], SINCE_11),
  "TaskGroup: child and body fail": scene("await", "groupScene", ["child and body fail"], SINCE_11),
  "Lock: first waiter woken and cancelled": scene("await", "wakeThenCancel", ["lock"]),
  "Semaphore: first waiter woken and cancelled": scene("await", "wakeThenCancel", ["semaphore"]),
  "Queue: first waiter woken and cancelled": scene("await", "wakeThenCancel", ["queue"]),
  "Condition: waiter cancelled twice": scene("await", "conditionCancelledTwice", []),
  "warnings.filters (append)": scene("call", "warningFilters", ["append"]),
  "warnings.filters (front)": scene("call", "warningFilters", ["front"]),
  "warnings.filters (reset)": scene("call", "warningFilters", ["reset"]),
  "async for over 1": scene("await", "asyncForOver", [1]),
  "async for over None": scene("await", "asyncForOver", [null]),
  "async for over an ag": c("await", "trace.async_for_over(trace.items_agen(1, 'v1'))", "trace.asyncForOver(trace.itemsAgen(1, \"v1\"))", (t) => t.asyncForOver(t.itemsAgen(1, "v1"))),
  "async for: __aiter__ gives 1": c("await", "trace.async_for_over(trace.aiter_gives(1))", "trace.asyncForOver(trace.aiterGives(1))", (t) => t.asyncForOver(t.aiterGives(1))),
  "async for: __aiter__ gives None": c("await", "trace.async_for_over(trace.aiter_gives(None))", "trace.asyncForOver(trace.aiterGives(null))", (t) => t.asyncForOver(t.aiterGives(null))),
  "future __await__ stepped twice by hand": scene("call", "futureIterByHand", []),
  "repr(task over ag.__anext__())": c("call", "trace.repr(asyncio.ensure_future(trace.items_agen(1).__anext__()))", "trace.repr(asyncio.ensureFuture(trace.itemsAgen(1).anext()))", (t) => t.repr(asyncio.ensureFuture(t.itemsAgen(1).anext()))),
  "repr(task over ag.aclose())": c("call", "trace.repr(asyncio.ensure_future(trace.items_agen(1).aclose()))", "trace.repr(asyncio.ensureFuture(trace.itemsAgen(1).aclose()))", (t) => t.repr(asyncio.ensureFuture(t.itemsAgen(1).aclose()))),
  "repr(task over ag.athrow(exc))": c("call", "trace.repr(asyncio.ensure_future(trace.items_agen(1).athrow(ValueError('x'))))", "trace.repr(asyncio.ensureFuture(trace.itemsAgen(1).athrow(new asyncio.ValueError(\"x\"))))", (t) => t.repr(asyncio.ensureFuture(t.itemsAgen(1).athrow(new asyncio.ValueError("x"))))),
  "repr(task over sleep(1))": c("call", "trace.repr(asyncio.ensure_future(asyncio.sleep(1)))", "trace.repr(asyncio.ensureFuture(asyncio.sleep(1)))", (t) => t.repr(asyncio.ensureFuture(asyncio.sleep(1)))),
  "repr(task over sleep(0))": c("call", "trace.repr(asyncio.ensure_future(asyncio.sleep(0)))", "trace.repr(asyncio.ensureFuture(asyncio.sleep(0)))", (t) => t.repr(asyncio.ensureFuture(asyncio.sleep(0)))),
  "repr(task over Lock().acquire())": c("call", "trace.repr(asyncio.ensure_future(asyncio.Lock().acquire()))", "trace.repr(asyncio.ensureFuture(new asyncio.Lock().acquire()))", (t) => t.repr(asyncio.ensureFuture(new asyncio.Lock().acquire()))),
  "repr(task over Semaphore(0).acquire())": c("call", "trace.repr(asyncio.ensure_future(asyncio.Semaphore(0).acquire()))", "trace.repr(asyncio.ensureFuture(new asyncio.Semaphore(0).acquire()))", (t) => t.repr(asyncio.ensureFuture(new asyncio.Semaphore(0).acquire()))),
  "repr(task over Queue().get())": c("call", "trace.repr(asyncio.ensure_future(asyncio.Queue().get()))", "trace.repr(asyncio.ensureFuture(new asyncio.Queue().get()))", (t) => t.repr(asyncio.ensureFuture(new asyncio.Queue().get()))),
  "repr(task over Event().wait())": c("call", "trace.repr(asyncio.ensure_future(asyncio.Event().wait()))", "trace.repr(asyncio.ensureFuture(new asyncio.Event().wait()))", (t) => t.repr(asyncio.ensureFuture(new asyncio.Event().wait()))),
  "repr(task over plain generator)": c("call", "trace.repr(asyncio.ensure_future(trace.plain()))", "trace.repr(asyncio.ensureFuture(trace.plain() as never))", (t) => t.repr(asyncio.ensureFuture(never(t.plain()))), PLAIN_UNTIL),
  "Lock: repr of a waiter just woken": scene("await", "wokenRepr", ["lock"]),
  "Event: repr of a waiter just woken": scene("await", "wokenRepr", ["event"]),
  "Semaphore: repr of a waiter just woken": scene("await", "wokenRepr", ["semaphore"]),
  "Condition: repr of a waiter just woken": scene("await", "wokenRepr", ["condition"]),
  "Semaphore: four permits freed while two wait": scene("await", "semaphoreBurst", []),
  "Queue: shut down after task_done() ran ahead": scene("await", "queueShutdownEdge", ["task_done first"], SINCE_13),
  "Queue: shut down with an item not done": scene("await", "queueShutdownEdge", ["gotten, not done"], SINCE_13),
  // PriorityQueue items that tie, so that later elements (None, tuples, dicts, sets) decide.
  "PriorityQueue: None and tuples": c("call", "trace.drain_priority((1, None, 2), (1, None), (0, (1, 'a'), 3), (0, (1, 'a')), (0, (1, 'b')))", "trace.drainPriority([1, null, 2], [1, null], [0, [1, \"a\"], 3], [0, [1, \"a\"]], [0, [1, \"b\"]])", (t) => t.drainPriority([1, null, 2], [1, null], [0, [1, "a"], 3], [0, [1, "a"]], [0, [1, "b"]])),
  "PriorityQueue: equal dicts and sets": c("call", "trace.drain_priority((2, {'k': 1}, 0), (2, {'k': 1}), (3, {1, 2}, 1), (3, {1, 2}), (3, {1}))", "trace.drainPriority([2, { k: 1 }, 0], [2, { k: 1 }], [3, new Set([1, 2]), 1], [3, new Set([1, 2])], [3, new Set([1])])", (t) => t.drainPriority([2, { k: 1 }, 0], [2, { k: 1 }], [3, new Set([1, 2]), 1], [3, new Set([1, 2])], [3, new Set([1])])),
  "PriorityQueue: numbers of three kinds": c("call", "trace.drain_priority((7, True), (7, 0.5), (7, 1), (7, 1.0, 'x'), (7, False))", "trace.drainPriority([7, true], [7, 0.5], [7, 1], [7, 1.0, \"x\"], [7, false])", (t) => t.drainPriority([7, true], [7, 0.5], [7, 1], [7, 1.0, "x"], [7, false])),
  "PriorityQueue: str against int": c("call", "trace.drain_priority((4, 1), (4, '1'))", "trace.drainPriority([4, 1], [4, \"1\"])", (t) => t.drainPriority([4, 1], [4, "1"])),
  "PriorityQueue: dict against dict": c("call", "trace.drain_priority((5, {'a': 1}), (5, {'b': 2}))", "trace.drainPriority([5, { a: 1 }], [5, { b: 2 }])", (t) => t.drainPriority([5, { a: 1 }], [5, { b: 2 }])),
  "PriorityQueue: None against int": c("call", "trace.drain_priority((6, 1), (6, None))", "trace.drainPriority([6, 1], [6, null])", (t) => t.drainPriority([6, 1], [6, null])),
  // Reprs of results and exceptions beyond the IR's values (reprlib's cuts and orders,
  // float forms, str() of exceptions), and Timeout deadlines that round on an exact tie.
  "repr(future of a dict)": c("call", "trace.repr(trace.done({'k': 1, 'j': [2, 3], 'a': 'x'}))", "trace.repr(trace.done({ k: 1, j: [2, 3], a: \"x\" }))", (t) => t.repr(t.done({ k: 1, j: [2, 3], a: "x" }))),
  "repr(future of a dict of 6 keys)": c("call", "trace.repr(trace.done({'f': 6, 'e': 5, 'd': 4, 'c': 3, 'b': 2, 'a': 1}))", "trace.repr(trace.done({ f: 6, e: 5, d: 4, c: 3, b: 2, a: 1 }))", (t) => t.repr(t.done({ f: 6, e: 5, d: 4, c: 3, b: 2, a: 1 }))),
  "repr(future of a dict with int keys)": c("call", "trace.repr(trace.done({2: 'b', 1: 'a', 3: [1]}))", "trace.repr(trace.done(new Map<unknown, unknown>([[2, \"b\"], [1, \"a\"], [3, [1]]])))", (t) => t.repr(t.done(new Map<unknown, unknown>([[2, "b"], [1, "a"], [3, [1]]])))),
  "repr(future of a dict with mixed keys)": c("call", "trace.repr(trace.done({'b': 2, 1: 'a'}))", "trace.repr(trace.done(new Map<unknown, unknown>([[\"b\", 2], [1, \"a\"]])))", (t) => t.repr(t.done(new Map<unknown, unknown>([["b", 2], [1, "a"]])))),
  "repr(future of a set)": c("call", "trace.repr(trace.done({3, 1, 2}))", "trace.repr(trace.done(new Set([3, 1, 2])))", (t) => t.repr(t.done(new Set([3, 1, 2])))),
  "repr(future of a set of 8)": c("call", "trace.repr(trace.done({7, 6, 5, 4, 3, 2, 1, 0}))", "trace.repr(trace.done(new Set([7, 6, 5, 4, 3, 2, 1, 0])))", (t) => t.repr(t.done(new Set([7, 6, 5, 4, 3, 2, 1, 0])))),
  "repr(future of empty containers)": c("call", "trace.repr(trace.done([[], {}, set(), '']))", "trace.repr(trace.done([[], {}, new Set(), \"\"]))", (t) => t.repr(t.done([[], {}, new Set(), ""]))),
  "repr(future of a deep list)": c("call", "trace.repr(trace.done([[[[[[[1]]]]]], {'k': [[[[[2]]]]]}]))", "trace.repr(trace.done([[[[[[[1]]]]]], { k: [[[[[2]]]]] }]))", (t) => t.repr(t.done([[[[[[[1]]]]]], { k: [[[[[2]]]]] }]))),
  "repr(future of a long list)": c("call", "trace.repr(trace.done(list(range(10))))", "trace.repr(trace.done([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))", (t) => t.repr(t.done([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))),
  "repr(future of a long string)": c("call", "trace.repr(trace.done('abcdefghij' * 4))", "trace.repr(trace.done(\"abcdefghij\".repeat(4)))", (t) => t.repr(t.done("abcdefghij".repeat(4)))),
  "repr(future of floats)": c("call", "trace.repr(trace.done([0.1 + 0.2, 1.5e-07, -0.5, 1e-05, 123.456, float('inf'), float('-inf'), float('nan')]))", "trace.repr(trace.done([0.1 + 0.2, 1.5e-7, -0.5, 1e-5, 123.456, Infinity, -Infinity, NaN]))", (t) => t.repr(t.done([0.1 + 0.2, 1.5e-7, -0.5, 1e-5, 123.456, inf, -inf, Number.NaN]))),
  "repr(future of big ints)": c("call", "trace.repr(trace.done([10 ** 20, -(10 ** 50)]))", "trace.repr(trace.done([10n ** 20n, -(10n ** 50n)]))", (t) => t.repr(t.done([10n ** 20n, -(10n ** 50n)]))),
  "str(ValueError(1, 'a'))": c("call", "str(ValueError(1, 'a'))", "asyncio.pyStr(new asyncio.ValueError(1, \"a\"))", () => asyncio.pyStr(new asyncio.ValueError(1, "a"))),
  "str(ValueError())": c("call", "str(ValueError())", "asyncio.pyStr(new asyncio.ValueError())", () => asyncio.pyStr(new asyncio.ValueError())),
  "str(KeyError('k'))": c("call", "str(KeyError('k'))", "asyncio.pyStr(new asyncio.KeyError(\"k\"))", () => asyncio.pyStr(new asyncio.KeyError("k"))),
  "str(ExceptionGroup)": c("call", "str(ExceptionGroup('m', [ValueError(1), KeyError('k')]))", "asyncio.pyStr(new asyncio.ExceptionGroup(\"m\", [new asyncio.ValueError(1), new asyncio.KeyError(\"k\")]))", () => asyncio.pyStr(new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.KeyError("k")])), SINCE_11),
  "repr(ExceptionGroup)": c("call", "repr(ExceptionGroup('m', [ValueError(1)]))", "asyncio.pyRepr(new asyncio.ExceptionGroup(\"m\", [new asyncio.ValueError(1)]))", () => asyncio.pyRepr(new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1)])), SINCE_11),
  "repr(timeout_at(0.0625))": c("call", "trace.repr(asyncio.timeout_at(0.0625))", "trace.repr(asyncio.timeoutAt(0.0625))", (t) => t.repr(asyncio.timeoutAt(0.0625)), SINCE_11),
  "repr(timeout_at(0.1875))": c("call", "trace.repr(asyncio.timeout_at(0.1875))", "trace.repr(asyncio.timeoutAt(0.1875))", (t) => t.repr(asyncio.timeoutAt(0.1875)), SINCE_11),
  "repr(timeout_at(2.675))": c("call", "trace.repr(asyncio.timeout_at(2.675))", "trace.repr(asyncio.timeoutAt(2.675))", (t) => t.repr(asyncio.timeoutAt(2.675)), SINCE_11),
  "repr(timeout_at(-0.0005))": c("call", "trace.repr(asyncio.timeout_at(-0.0005))", "trace.repr(asyncio.timeoutAt(-0.0005))", (t) => t.repr(asyncio.timeoutAt(-0.0005)), SINCE_11),
  "repr(timeout_at(1e16))": c("call", "trace.repr(asyncio.timeout_at(1e16))", "trace.repr(asyncio.timeoutAt(1e16))", (t) => t.repr(asyncio.timeoutAt(1e16)), SINCE_11),
  "repr(timeout_at(1e21))": c("call", "trace.repr(asyncio.timeout_at(1e21))", "trace.repr(asyncio.timeoutAt(1e21))", (t) => t.repr(asyncio.timeoutAt(1e21)), SINCE_11),
  "repr(timeout(nan))": c("call", "trace.repr(asyncio.timeout(float('nan')))", "trace.repr(asyncio.timeout(NaN))", (t) => t.repr(asyncio.timeout(Number.NaN)), SINCE_11),
  // The task factory.
  "set_task_factory(1)": c("call", "loop.set_task_factory(1)", "loop.setTaskFactory(1 as never)", (_t, loop) => loop.setTaskFactory(never(1))),
  // The per-area tables, after this one so that the order of the older calls stays.
  ...PROTOCOL_CASES,
  ...TEXT_CASES,
  ...LOOP_CASES,
  ...TASK_CASES,
  ...FUTURE_CASES,
  ...RUNTIME_CASES,
  ...PRIMITIVE_CASES,
  ...MISC_CASES,
  ...AGEN_CASES,
} satisfies Record<string, ValidateCase>;

/** A case's name. */
export type ValidateCaseName = keyof typeof VALIDATE_CASES;

/** Every case name, in table order. */
export const VALIDATE_CASE_NAMES = Object.keys(VALIDATE_CASES) as ValidateCaseName[];

/** The cases that mean the same on both sides under minor release `minor`. */
export function casesFor(minor: number): ValidateCaseName[] {
  return VALIDATE_CASE_NAMES.filter((name) => {
    const entry: ValidateCase = VALIDATE_CASES[name];
    return (entry.since === undefined || minor >= entry.since) && (entry.until === undefined || minor <= entry.until);
  });
}
