/**
 * `validate` calls that reach tasks (src/asyncio/tasks.ts): Task, gather, wait, wait_for, as_completed, shield, sleep, ensure_future, run_coroutine_threadsafe and the task registry, written from the mutation survivors of session 15
 * (see ./validate_case.ts for how a case is written, and ./validate_cases.ts for the main
 * table this one is merged into). Scenes of more than one step are the harness's (marker
 * "scenes of the tasks cases" in ../harness.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(TASK_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { SINCE_11, c, scene, type ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const TASK_CASES = {
  // uncancel() with no cancellation requested stays at 0.
  "tasks: Task.uncancel() twice, nothing requested": c("call", "(lambda t: [t.uncancel(), t.uncancel(), t.cancelling()])(asyncio.create_task(trace.returns(1)))", "((t: asyncio.Task<unknown>) => [t.uncancel(), t.uncancel(), t.cancelling()])(asyncio.createTask(trace.returns(1)))", (t) => ((task: asyncio.Task<unknown>) => [task.uncancel(), task.uncancel(), task.cancelling()])(asyncio.createTask(t.returns(1))), SINCE_11),
  // get_coro() from 3.8; until 3.11, since under a program's eager task factory CPython 3.12.1
  // crashes (SIGSEGV) on get_coro() of a task that finished eagerly (fixed in 3.12.2).
  "tasks: Task.get_coro() is the coroutine": c("call", "(lambda c: asyncio.create_task(c).get_coro() is c)(trace.returns(1))", "((c: asyncio.Coroutine<unknown>) => asyncio.createTask(c).getCoro() === c)(trace.returns(1))", (t) => ((coro: asyncio.Coroutine<unknown>) => asyncio.createTask(coro).getCoro() === coro)(t.returns(1)), { since: 8, until: 11 }),
  // The task ensure_future makes for an object with __await__: its coroutine's qualified name.
  "tasks: repr(ensure_future(awaitable))": c("call", "trace.repr(asyncio.ensure_future(trace.awaitable(1)))", "trace.repr(asyncio.ensureFuture(trace.awaitable(1)))", (t) => t.repr(asyncio.ensureFuture(t.awaitable(1)))),
  // Timers cancelled once a call is over.
  "tasks: wait([future], timeout=7.25) cancelled leaves no live timer": scene("await", "timersLeft", ["wait"]),
  "tasks: as_completed([], timeout=7.25) schedules no timer": scene("await", "timersLeft", ["as_completed"]),
  "tasks: sleep(7.25) closed by hand cancels its timer": scene("await", "timersLeft", ["sleep_closed"]),
  // A task cancelled with a message: waiting on a future, not started yet, held by a gather.
  "tasks: task waiting on a future cancelled with 'm'": scene("await", "cancelMessage", ["waiting"], { since: 9 }),
  "tasks: unstarted task cancelled with 'm'": scene("await", "cancelMessage", ["unstarted"], { since: 9 }),
  "tasks: gather(unstarted task cancelled with 'm')": scene("await", "cancelMessage", ["gather"], { since: 9 }),
  // 3.14 adds an awaited-by callback to shield's inner future only when a task is current.
  "tasks: shield(future) from a loop callback: repr(future)": c("await", "trace.from_callback(lambda: (lambda f: (asyncio.shield(f), trace.repr(f))[1])(loop.create_future()))", "trace.fromCallback(() => ((f: asyncio.Future<unknown>) => (asyncio.shield(f), trace.repr(f)))(loop.createFuture()))", (t, loop) => t.fromCallback(() => ((f: asyncio.Future<unknown>) => (asyncio.shield(f), t.repr(f)))(loop.createFuture()))),
  // An awaitable yielding what a task cannot wait on: the task fails with RuntimeError.
  "tasks: awaitable yielding a future without yield from": scene("await", "badYield", ["future"]),
  "tasks: awaitable yielding a duck future with blocking None": scene("await", "badYield", ["duck"]),
  // wait_for(aw, 0) waits for the cancelled task to finish (3.8+), and lets go of it when cancelled itself.
  "tasks: wait_for(stubborn task, 0) cancelled while the task finishes": scene("await", "cancelAndWaitLeft", [], { since: 8 }),
  // An exception other than CancelledError thrown into a waiting wait_for leaves its future alone.
  "tasks: ValueError thrown by hand into a waiting wait_for(fut, 5)": scene("call", "throwIntoWaitFor", []),
  // A task wakes up through the awaited future's own result(), even when that future is cancelled.
  "tasks: cancelled Future subclass whose result() raises ValueError": scene("await", "subclassResult", []),
  // gather's done-callback on a pending child (its qualified name differs on 3.9), and a child cancelled with a message among the results.
  "tasks: repr(future) held by gather(future)": c("call", "(lambda f: (asyncio.gather(f), trace.repr(f))[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (asyncio.gather([f]), trace.repr(f)))(loop.createFuture())", (t, loop) => ((f: asyncio.Future<unknown>) => (asyncio.gather([f]), t.repr(f)))(loop.createFuture())),
  "tasks: gather(future cancelled with 'm', return_exceptions=True)": c("await", "(lambda f: (f.cancel('m'), asyncio.gather(f, return_exceptions=True))[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.cancel(\"m\"), asyncio.gather([f], { returnExceptions: true })))(loop.createFuture())", (_t, loop) => ((f: asyncio.Future<unknown>) => (f.cancel("m"), asyncio.gather([f], { returnExceptions: true })))(loop.createFuture()), { since: 9 }),
  // An API used on a release that lacks it: CPython's AttributeError or TypeError (our FeatureUnavailableError, read back by the feature it names).
  "tasks 17: Task.get_coro() on 3.7": scene("await", "missingApi", ["get_coro"], { until: 7 }),
  "tasks 17: Task.get_name() on 3.7": scene("await", "missingApi", ["get_name"], { until: 7 }),
  "tasks 17: Task.set_name('x') on 3.7": scene("await", "missingApi", ["set_name"], { until: 7 }),
  "tasks 17: Task(coro, name='x') on 3.7": scene("await", "missingApi", ["name"], { until: 7 }),
  "tasks 17: asyncio.create_task(coro, name='x') on 3.7": scene("await", "missingApi", ["create_task"], { until: 7 }),
  "tasks 17: Task.cancelling() before 3.11": scene("await", "missingApi", ["cancelling"], { until: 10 }),
  "tasks 17: Task.uncancel() before 3.11": scene("await", "missingApi", ["uncancel"], { until: 10 }),
  "tasks 17: Task(coro, eager_start=True) before 3.12": scene("await", "missingApi", ["eager_start"], { until: 11 }),
  "tasks 17: asyncio.eager_task_factory before 3.12": scene("await", "missingApi", ["eager_task_factory"], { until: 11 }),
  "tasks 17: async for over as_completed() before 3.13": scene("await", "missingApi", ["async for"], { until: 12 }),
  // A sleep(0) coroutine sent to once and closed by hand closes quietly.
  "tasks 17: sleep(0) sent to and closed by hand": scene("call", "sleepClosed", [false]),
  // An awaitable yielding a plain generator: CPython's 'yield was used instead of yield from for generator'.
  "tasks 17: awaitable yielding a plain generator": scene("await", "badYield", ["generator"]),
  // A Future subclass's own add_done_callback registers the wakeup of a task awaiting it.
  "tasks 17: task awaiting a Future subclass with its own add_done_callback": scene("await", "subclassCallback", []),
  // A task that cancels itself spends the request on the task it then awaits.
  "tasks 17: task cancels itself, then awaits a task that swallows it": scene("await", "cancelSelfAwaiting", []),
  // A task that cancels itself with a message, then returns: the message reaches whoever awaits it.
  "tasks 17: task cancels itself with 'm', then returns": scene("await", "cancelsSelfWithMessage", ["returns"], { since: 9 }),
  // The timeout callback as_completed schedules: a closure before 3.13, a method of its iterator after.
  "tasks 17: as_completed([future], timeout=7.25): its timer's callback": scene("call", "asCompletedTimer", []),
  // The same coroutine given twice to gather: one task, its result twice.
  "tasks 17: gather(coro, coro) with the same coroutine": c("await", "(lambda c: asyncio.gather(c, c))(trace.returns(1))", "((c: asyncio.Coroutine<unknown>) => asyncio.gather([c, c]))(trace.returns(1))", (t) => ((coro: asyncio.Coroutine<unknown>) => asyncio.gather([coro, coro]))(t.returns(1))),
  // A future of another loop: wait_for and as_completed hand it to ensure_future with the running loop.
  // (3.12+ wait_for passes no loop, and then waits for ever on the other loop's callbacks.)
  "tasks 17: wait_for(future of another loop, 0)": scene("await", "foreignFuture", ["wait_for"], { until: 11 }),
  "tasks 17: wait_for(future of another loop, 5)": scene("await", "foreignFuture", ["wait_for_5"], { until: 11 }),
  // (until 3.13: Pyodide's 3.14 answers otherwise, not pinned down.)
  "tasks 17: as_completed([future of another loop])": scene("await", "foreignFuture", ["as_completed"], { until: 13 }),
} satisfies Record<string, ValidateCase>;
