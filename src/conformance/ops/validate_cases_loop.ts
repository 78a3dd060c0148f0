/**
 * `validate` calls for tasks, futures, the loop, runners and primitives misused or caught in odd states (see ./validate_case.ts for how a case is written, and
 * ./validate_cases.ts for the main table this one is merged into). Scenes of more than
 * one step are the harness's (../harness_loop.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(LOOP_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { SINCE_11, SINCE_13, c, scene, never, type ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const LOOP_CASES = {
  // Coroutines of the library shown unstarted (their qualified names), then closed.
  "loop: repr(Queue().put(1))": c("call", "trace.coro_repr(asyncio.Queue().put(1))", "trace.coroRepr(new asyncio.Queue().put(1))", (t) => t.coroRepr(new asyncio.Queue().put(1))),
  "loop: repr(Queue().join())": c("call", "trace.coro_repr(asyncio.Queue().join())", "trace.coroRepr(new asyncio.Queue().join())", (t) => t.coroRepr(new asyncio.Queue().join())),
  "loop: repr(Condition().wait())": c("call", "trace.coro_repr(asyncio.Condition().wait())", "trace.coroRepr(new asyncio.Condition().wait())", (t) => t.coroRepr(new asyncio.Condition().wait())),
  "loop: repr(Condition().wait_for(f))": c("call", "trace.coro_repr(asyncio.Condition().wait_for(lambda: 1))", "trace.coroRepr(new asyncio.Condition().waitFor(() => 1))", (t) => t.coroRepr(new asyncio.Condition().waitFor(() => 1))),
  "loop: repr(Lock().__aenter__())": c("call", "trace.coro_repr(asyncio.Lock().__aenter__())", "trace.coroRepr(new asyncio.Lock().aenter())", (t) => t.coroRepr(new asyncio.Lock().aenter())),
  "loop: repr(Lock().__aexit__(None, None, None))": c("call", "trace.coro_repr(asyncio.Lock().__aexit__(None, None, None))", "trace.coroRepr(new asyncio.Lock().aexit(null))", (t) => t.coroRepr(new asyncio.Lock().aexit(null))),
  "loop: repr(sleep(0))": c("call", "trace.coro_repr(asyncio.sleep(0))", "trace.coroRepr(asyncio.sleep(0))", (t) => t.coroRepr(asyncio.sleep(0))),
  "loop: repr(sleep(1))": c("call", "trace.coro_repr(asyncio.sleep(1))", "trace.coroRepr(asyncio.sleep(1))", (t) => t.coroRepr(asyncio.sleep(1))),
  "loop: repr(loop.shutdown_default_executor())": c("call", "trace.coro_repr(loop.shutdown_default_executor())", "trace.coroRepr(loop.shutdownDefaultExecutor())", (t, loop) => t.coroRepr(loop.shutdownDefaultExecutor()), { since: 9 }),
  "loop: repr(loop.shutdown_asyncgens())": c("call", "trace.coro_repr(loop.shutdown_asyncgens())", "trace.coroRepr(loop.shutdownAsyncgens())", (t, loop) => t.coroRepr(loop.shutdownAsyncgens())),
  "loop: repr(Barrier(1).wait())": c("call", "trace.coro_repr(asyncio.Barrier(1).wait())", "trace.coroRepr(new asyncio.Barrier(1).wait())", (t) => t.coroRepr(new asyncio.Barrier(1).wait()), SINCE_11),
  "loop: repr(Barrier(1).reset())": c("call", "trace.coro_repr(asyncio.Barrier(1).reset())", "trace.coroRepr(new asyncio.Barrier(1).reset())", (t) => t.coroRepr(new asyncio.Barrier(1).reset()), SINCE_11),
  "loop: repr(Barrier(1).abort())": c("call", "trace.coro_repr(asyncio.Barrier(1).abort())", "trace.coroRepr(new asyncio.Barrier(1).abort())", (t) => t.coroRepr(new asyncio.Barrier(1).abort()), SINCE_11),
  "loop: repr(Barrier(1).__aenter__())": c("call", "trace.coro_repr(asyncio.Barrier(1).__aenter__())", "trace.coroRepr(new asyncio.Barrier(1).aenter())", (t) => t.coroRepr(new asyncio.Barrier(1).aenter()), SINCE_11),
  "loop: repr(Barrier(1).__aexit__(None, None, None))": c("call", "trace.coro_repr(asyncio.Barrier(1).__aexit__(None, None, None))", "trace.coroRepr(new asyncio.Barrier(1).aexit(null))", (t) => t.coroRepr(new asyncio.Barrier(1).aexit(null)), SINCE_11),
  // Futures: a non-callable callback removed again, duck-typed futures, a future awaited while still marked blocking.
  "loop: Future().remove_done_callback(1) after add_done_callback(1)": c("call", "(lambda f: (f.add_done_callback(1), f.remove_done_callback(1))[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.addDoneCallback(1 as never), f.removeDoneCallback(1 as never)))(loop.createFuture())", (_t, loop) => ((f: asyncio.Future<unknown>) => (f.addDoneCallback(never(1)), f.removeDoneCallback(never(1))))(loop.createFuture())),
  "loop: isfuture(blocking None)": c("call", "asyncio.isfuture(type('Duck', (), {'_asyncio_future_blocking': None})())", "asyncio.isFuture({ _asyncioFutureBlocking: null })", () => asyncio.isFuture({ _asyncioFutureBlocking: null })),
  "loop: isfuture(blocking False)": c("call", "asyncio.isfuture(type('Duck', (), {'_asyncio_future_blocking': False})())", "asyncio.isFuture({ _asyncioFutureBlocking: false })", () => asyncio.isFuture({ _asyncioFutureBlocking: false })),
  "loop: future __await__ stepped while blocking": scene("call", "futureBlockedTwice", []),
  // Before 3.11 the repr recurses until the recursion limit (the harness normalises each level).
  "loop: repr(future of itself)": c("call", "(lambda f: (f.set_result(f), trace.repr(f))[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.setResult(f), trace.repr(f)))(loop.createFuture())", (t, loop) => ((f: asyncio.Future<unknown>) => (f.setResult(f), t.repr(f)))(loop.createFuture()), SINCE_11),
  // A second loop, never run, closed afterwards.
  "loop: ensure_future(future, loop=other)": c("call", "trace.with_other_loop(lambda other: asyncio.ensure_future(trace.done(1), loop=other))", "trace.withOtherLoop((other) => asyncio.ensureFuture(trace.done(1), { loop: other }))", (t) => t.withOtherLoop((other) => asyncio.ensureFuture(t.done(1), { loop: other }))),
  "loop: other.run_until_complete() inside the running loop": c("call", "trace.with_other_loop(lambda other: other.run_until_complete(other.create_future()))", "trace.withOtherLoop((other) => (other as asyncio.VirtualEventLoop).runUntilComplete(other.createFuture()))", (t) => t.withOtherLoop((other) => (other as asyncio.VirtualEventLoop).runUntilComplete(other.createFuture()))),
  "loop: closed loop call_soon()": c("call", "trace.with_other_loop(lambda other: (other.close(), other.call_soon(print))[1])", "trace.withOtherLoop((other) => (other.close(), other.callSoon(() => {})))", (t) => t.withOtherLoop((other) => (other.close(), other.callSoon(() => {})))),
  "loop: closed loop call_later()": c("call", "trace.with_other_loop(lambda other: (other.close(), other.call_later(1, print))[1])", "trace.withOtherLoop((other) => (other.close(), other.callLater(1, () => {})))", (t) => t.withOtherLoop((other) => (other.close(), other.callLater(1, () => {})))),
  "loop: closed loop run_until_complete()": c("call", "trace.with_other_loop(lambda other: (other.close(), other.run_until_complete(other.create_future()))[1])", "trace.withOtherLoop((other) => (other.close(), (other as asyncio.VirtualEventLoop).runUntilComplete(other.createFuture())))", (t) => t.withOtherLoop((other) => (other.close(), (other as asyncio.VirtualEventLoop).runUntilComplete(other.createFuture())))),
  "loop: Condition(Lock(loop=other), loop=loop)": c("construct", "trace.with_other_loop(lambda other: asyncio.Condition(asyncio.Lock(loop=other), loop=loop))", "trace.withOtherLoop((other) => new asyncio.Condition(new asyncio.Lock({ loop: other }), { loop }))", (t, loop) => t.withOtherLoop((other) => new asyncio.Condition(new asyncio.Lock({ loop: other }), { loop })), { until: 9 }),
  // The loop's callback checks in debug mode.
  "loop: debug call_soon(coroutine function)": c("call", "trace.debug_call(lambda: loop.call_soon(trace.returns))", "trace.debugCall(() => loop.callSoon(trace.returns as never))", (t, loop) => t.debugCall(() => loop.callSoon(never(t.returns)))),
  "loop: debug call_soon_threadsafe(coroutine function)": c("call", "trace.debug_call(lambda: loop.call_soon_threadsafe(trace.returns))", "trace.debugCall(() => loop.callSoonThreadsafe(trace.returns as never))", (t, loop) => t.debugCall(() => loop.callSoonThreadsafe(never(t.returns)))),
  "loop: debug call_later(1, coroutine function)": c("call", "trace.debug_call(lambda: loop.call_later(1, trace.returns))", "trace.debugCall(() => loop.callLater(1, trace.returns as never))", (t, loop) => t.debugCall(() => loop.callLater(1, never(t.returns)))),
  "loop: debug call_soon_threadsafe(1)": c("call", "trace.debug_call(lambda: loop.call_soon_threadsafe(1))", "trace.debugCall(() => loop.callSoonThreadsafe(1 as never))", (t, loop) => t.debugCall(() => loop.callSoonThreadsafe(never(1)))),
  "loop: debug call_at(0, 1)": c("call", "trace.debug_call(lambda: loop.call_at(0, 1))", "trace.debugCall(() => loop.callAt(0, 1 as never))", (t, loop) => t.debugCall(() => loop.callAt(0, never(1)))),
  // Context managers entered from a loop callback, outside any task.
  "loop: timeout(1).__aenter__() outside a task": c("await", "trace.from_callback(lambda: asyncio.timeout(1).__aenter__().send(None))", "trace.fromCallback(() => asyncio.timeout(1).aenter().next())", (t) => t.fromCallback(() => asyncio.timeout(1).aenter().next()), SINCE_11),
  // 3.11.0-3.11.3 marked the group entered before finding no parent task (its repr says so), 3.11.4+ after.
  "loop: TaskGroup().__aenter__() outside a task": c("await", "trace.from_callback(lambda: asyncio.TaskGroup().__aenter__().send(None))", "trace.fromCallback(() => new asyncio.TaskGroup().aenter().next())", (t) => t.fromCallback(() => new asyncio.TaskGroup().aenter().next()), { since: 12 }),
  "loop: current_task() outside a task": c("await", "trace.from_callback(lambda: asyncio.current_task())", "trace.fromCallback(() => asyncio.currentTask())", (t) => t.fromCallback(() => asyncio.currentTask())),
  // A timeout's states while its cancellation is caught inside the scope, and after.
  "loop: timeout(0) states, cancellation re-raised": scene("await", "timeoutStates", ["reraise"], SINCE_11),
  "loop: timeout(0) states, cancellation chained": scene("await", "timeoutStates", ["nested"], SINCE_11),
  "loop: timeout(0) states, cancellation swallowed": scene("await", "timeoutStates", ["swallowed"], SINCE_11),
  // Exceptions thrown by hand into a waiting acquire().
  "loop: Lock: ValueError thrown into a waiting acquire()": scene("call", "throwIntoAcquire", ["lock"]),
  "loop: Semaphore: ValueError thrown into a waiting acquire()": scene("call", "throwIntoAcquire", ["semaphore"]),
  // Handles of 0 to 3 arguments.
  "loop: callbacks of 0 to 3 arguments": scene("await", "handleArgs", []),
  // The loop's exception handling: the default handler called directly, and call_exception_handler
  // with no handler or a raising one, with a context whose repr may raise (logged, never raised).
  "loop: call_exception_handler, no handler, repr raises": scene("call", "handlerScene", ["none", true]),
  "loop: call_exception_handler, handler raises": scene("call", "handlerScene", ["raising", false]),
  "loop: call_exception_handler, handler raises, repr raises": scene("call", "handlerScene", ["raising", true]),
  // A pending future's done-callbacks while a combinator holds it.
  "loop: repr(future) awaited by wait_for(fut, 5)": scene("await", "pendingCallbacks", ["wait_for"]),
  "loop: repr(future) awaited by wait([fut], timeout=5)": scene("await", "pendingCallbacks", ["wait"]),
  "loop: repr(future) awaited by as_completed([fut], timeout=5)": scene("await", "pendingCallbacks", ["as_completed"]),
  "loop: repr(future) under a cancelled shield": scene("await", "pendingCallbacks", ["shield"]),
  // A TaskGroup child failing after its parent task finished without leaving the group.
  "loop: TaskGroup: child fails after its parent finished": scene("await", "groupOrphan", [], SINCE_11),
  // Primitives released while their waiters are cancelled but not yet resumed.
  "loop: Lock: released while its waiter is cancelled, acquired at once": scene("await", "cancelledWaiters", ["lock"]),
  "loop: Semaphore: released while both waiters are cancelled": scene("await", "cancelledWaiters", ["semaphore"]),
  // The CancelledErrors of a cancelled task, asked for again and again.
  // The loop's ready queue, as CPython's _ready deque shows it.
  "loop: repr of the ready handles": scene("await", "readyReprs", []),
  // A queue's repr through its states.
  "loop: Queue: reprs with getters, putters, join and shutdown": scene("await", "queueReprs", []),
  // A barrier's states.
  "loop: Barrier: filled, reset, refilled, aborted": scene("await", "barrierStates", [], SINCE_11),
  // create_task(name=...) on 3.8-3.12 makes the task unnamed first (a Task-N number is used up), then renames it.
  "loop: Task-N numbers around create_task(name='x')": c("call", "(lambda a, b, c: int(c.get_name()[5:]) - int(a.get_name()[5:]))(asyncio.create_task(trace.returns(1)), asyncio.create_task(trace.returns(2), name='x'), asyncio.create_task(trace.returns(3)))", "((a: asyncio.Task<unknown>, _b: asyncio.Task<unknown>, c: asyncio.Task<unknown>) => Number(c.getName().slice(5)) - Number(a.getName().slice(5)))(asyncio.createTask(trace.returns(1)), asyncio.createTask(trace.returns(2), { name: \"x\" }), asyncio.createTask(trace.returns(3)))", (t) => ((a: asyncio.Task<unknown>, _b: asyncio.Task<unknown>, c: asyncio.Task<unknown>) => Number(c.getName().slice(5)) - Number(a.getName().slice(5)))(asyncio.createTask(t.returns(1)), asyncio.createTask(t.returns(2), { name: "x" }), asyncio.createTask(t.returns(3))), { since: 8 }),
  "loop: Task-N numbers around loop.create_task(name='x')": c("call", "(lambda a, b, c: int(c.get_name()[5:]) - int(a.get_name()[5:]))(loop.create_task(trace.returns(1)), loop.create_task(trace.returns(2), name='x'), loop.create_task(trace.returns(3)))", "((a: asyncio.Task<unknown>, _b: asyncio.Task<unknown>, c: asyncio.Task<unknown>) => Number(c.getName().slice(5)) - Number(a.getName().slice(5)))(loop.createTask(trace.returns(1)), loop.createTask(trace.returns(2), { name: \"x\" }), loop.createTask(trace.returns(3)))", (t, loop) => ((a: asyncio.Task<unknown>, _b: asyncio.Task<unknown>, c: asyncio.Task<unknown>) => Number(c.getName().slice(5)) - Number(a.getName().slice(5)))(loop.createTask(t.returns(1)), loop.createTask(t.returns(2), { name: "x" }), loop.createTask(t.returns(3))), { since: 8 }),
  // TaskGroup.create_task: a named child on 3.11-3.12 uses up a Task-N number; an eager child failing at once.
  "loop: TaskGroup: Task-N numbers around a named child": scene("await", "groupTaskNumbers", [], SINCE_11),
  "loop: TaskGroup: eager child fails at once, then another child": scene("await", "groupEagerFailure", [], { since: 12 }),
  // Cancelled timers: kept while at most half the heap, dropped in one sweep beyond.
  "loop: 200 timers, half cancelled, then one more": scene("await", "cancelledTimers", []),
  // Tasks that cancel themselves while running.
  "loop: task cancels itself, then returns or awaits": scene("await", "selfCancel", [null]),
  "loop: task cancels itself ('m'), then returns or awaits": scene("await", "selfCancel", ["m"], { since: 9 }),
  // The timer handles the timed calls schedule, by their callbacks' names.
  "loop: timer handle of timeout(7.25)": scene("await", "timerReprs", ["timeout"], SINCE_11),
  "loop: timer handle of sleep(7.25)": scene("await", "timerReprs", ["sleep"]),
  "loop: timer handle of wait_for(fut, 7.25)": scene("await", "timerReprs", ["wait_for"]),
  "loop: timer handle of wait([fut], timeout=7.25)": scene("await", "timerReprs", ["wait"]),
  "loop: timer handle of as_completed([fut], timeout=7.25)": scene("await", "timerReprs", ["as_completed"]),
  // The running loop itself: its repr, and the handle set_debug() schedules while it runs.
  "loop: repr(loop)": c("call", "trace.repr(loop)", "trace.repr(loop)", (t, loop) => t.repr(loop)),
  "loop: set_debug(False) while running schedules a handle": c("call", "(loop.set_debug(False), trace.repr(list(loop._ready)[-1]))[1]", "(loop.setDebug(false), trace.repr([...(loop as unknown as { _ready: Iterable<unknown> })._ready].at(-1)))", (t, loop) => (loop.setDebug(false), t.repr([...loop._ready].at(-1)))),
  // 3.14: call_soon_threadsafe makes a _ThreadSafeHandle.
  "loop: repr(call_soon_threadsafe handle), cancelled": c("call", "(lambda h: (h.cancel(), trace.repr(h))[1])(loop.call_soon_threadsafe(print))", "((h: asyncio.Handle) => (h.cancel(), trace.repr(h)))(loop.callSoonThreadsafe(function print(): void {}))", (t, loop) => ((h: asyncio.Handle) => (h.cancel(), t.repr(h)))(loop.callSoonThreadsafe(function print(): void {}))),
  "loop: repr(call_at(7.5) handle), cancelled twice": c("call", "(lambda h: (h.cancel(), h.cancel(), trace.repr(h))[2])(loop.call_at(7.5, print))", "((h: asyncio.TimerHandle) => (h.cancel(), h.cancel(), trace.repr(h)))(loop.callAt(7.5, function print(): void {}))", (t, loop) => ((h: asyncio.TimerHandle) => (h.cancel(), h.cancel(), t.repr(h)))(loop.callAt(7.5, function print(): void {}))),
  // A StopIteration subclass given to set_exception: refused from 3.13 only.
  "loop: Future().set_exception(StopIteration subclass)": c("call", "(lambda f: (f.set_exception(type('S', (StopIteration,), {})()), type(f.exception()).__name__)[1])(loop.create_future())", "((f: asyncio.Future<unknown>) => (f.setException(new (class S extends asyncio.StopIteration {})()), (f.exception() as Error).constructor.name))(loop.createFuture())", (_t, loop) => ((f: asyncio.Future<unknown>) => (f.setException(new (class S extends asyncio.StopIteration {})()), (f.exception() as Error).constructor.name))(loop.createFuture())),
  // 3.12+: a task started eagerly that finishes at once lets go of its coroutine (3.12.1 crashes on
  // the repr of such a task: from 3.13 only).
  "loop: eager Task finished at once: get_coro(), repr": c("call", "(lambda t: [t.get_coro() is None, t.done(), trace.repr(t)])(asyncio.Task(trace.returns(1), loop=loop, eager_start=True))", "((t: asyncio.Task<unknown>) => [t.getCoro() === null, t.done(), trace.repr(t)])(new asyncio.Task(trace.returns(1), { loop, eagerStart: true }))", (t, loop) => ((task: asyncio.Task<unknown>) => [task.getCoro() === null, task.done(), t.repr(task)])(new asyncio.Task(t.returns(1), { loop, eagerStart: true })), SINCE_13),
  "loop: eager Task suspended: get_coro(), repr": c("call", "(lambda t: [t.get_coro() is None, t.done(), trace.repr(t)])(asyncio.Task(asyncio.sleep(0), loop=loop, eager_start=True))", "((t: asyncio.Task<unknown>) => [t.getCoro() === null, t.done(), trace.repr(t)])(new asyncio.Task(asyncio.sleep(0), { loop, eagerStart: true }))", (t, loop) => ((task: asyncio.Task<unknown>) => [task.getCoro() === null, task.done(), t.repr(task)])(new asyncio.Task(asyncio.sleep(0), { loop, eagerStart: true })), SINCE_13),
  // A closed loop's futures: scheduling their callbacks raises.
  "loop: closed loop's future with a callback: set_result()": c("call", "trace.with_other_loop(lambda other: (lambda f: (f.add_done_callback(print), other.close(), f.set_result(1))[2])(other.create_future()))", "trace.withOtherLoop((other) => ((f: asyncio.Future<unknown>) => (f.addDoneCallback(() => {}), other.close(), f.setResult(1)))(other.createFuture()))", (t) => t.withOtherLoop((other) => ((f: asyncio.Future<unknown>) => (f.addDoneCallback(() => {}), other.close(), f.setResult(1)))(other.createFuture()))),
  "loop: closed loop's done future: add_done_callback()": c("call", "trace.with_other_loop(lambda other: (lambda f: (f.set_result(1), other.close(), f.add_done_callback(print))[2])(other.create_future()))", "trace.withOtherLoop((other) => ((f: asyncio.Future<unknown>) => (f.setResult(1), other.close(), f.addDoneCallback(() => {})))(other.createFuture()))", (t) => t.withOtherLoop((other) => ((f: asyncio.Future<unknown>) => (f.setResult(1), other.close(), f.addDoneCallback(() => {})))(other.createFuture()))),
  "loop: await another loop's future": c("await", "trace.with_other_loop(lambda other: other.create_future())", "trace.withOtherLoop((other) => other.createFuture()) as asyncio.Future<unknown>", (t) => t.withOtherLoop((other) => other.createFuture()) as asyncio.Future<unknown>),
  // gather: cancelled while its children are all done already; a failed child without return_exceptions.
  "loop: gather(done future).cancel()": c("call", "asyncio.gather(trace.done(1)).cancel()", "asyncio.gather([trace.done(1)]).cancel()", (t) => asyncio.gather([t.done(1)]).cancel()),
  "loop: await gather(done future) after cancel()": c("await", "(lambda g: (g.cancel(), g)[1])(asyncio.gather(trace.done(1)))", "((g: asyncio.Future<unknown[]>) => (g.cancel(), g))(asyncio.gather([trace.done(1)]))", (t) => ((g: asyncio.Future<unknown[]>) => (g.cancel(), g))(asyncio.gather([t.done(1)]))),
  "loop: gather(failed future)": c("await", "asyncio.gather((lambda f: (f.set_exception(ValueError('x')), f)[1])(loop.create_future()))", "asyncio.gather([((f: asyncio.Future<unknown>) => (f.setException(new asyncio.ValueError(\"x\")), f))(loop.createFuture())])", (_t, loop) => asyncio.gather([((f: asyncio.Future<unknown>) => (f.setException(new asyncio.ValueError("x")), f))(loop.createFuture())])),
  // A waiter leaving from the middle of the line.
  "loop: Lock: second of three waiters cancelled, then a release": scene("await", "secondWaiterCancelled", ["lock"]),
  "loop: Semaphore: second of three waiters cancelled, then a release": scene("await", "secondWaiterCancelled", ["semaphore"]),
  "loop: Event: second of three waiters cancelled, then set()": scene("await", "secondWaiterCancelled", ["event"]),
  "loop: Queue: second of three getters cancelled, then a put": scene("await", "secondWaiterCancelled", ["queue"]),
  "loop: Condition: notify(1) past a cancelled waiter, then notify_all()": scene("await", "conditionNotify", []),
  "loop: timeout(5) rescheduled while active": scene("await", "timeoutReschedule", [], SINCE_11),
  "loop: Queue().join() with nothing unfinished": c("await", "asyncio.Queue().join()", "new asyncio.Queue().join()", () => new asyncio.Queue().join()),
  "loop: debug: repr of a handle cancelled": c("call", "trace.debug_call(lambda: (lambda h: (h.cancel(), trace.repr(h))[1])(loop.call_soon(print, 1)))", "trace.debugCall(() => ((h: asyncio.Handle) => (h.cancel(), trace.repr(h)))(loop.callSoon(function print(_x: number): void {}, 1)))", (t, loop) => t.debugCall(() => ((h: asyncio.Handle) => (h.cancel(), t.repr(h)))(loop.callSoon(function print(_x: number): void {}, 1)))),
  "loop: debug: repr of a timer handle cancelled": c("call", "trace.debug_call(lambda: (lambda h: (h.cancel(), trace.repr(h))[1])(loop.call_at(2.5, print, 1)))", "trace.debugCall(() => ((h: asyncio.TimerHandle) => (h.cancel(), trace.repr(h)))(loop.callAt(2.5, function print(_x: number): void {}, 1)))", (t, loop) => t.debugCall(() => ((h: asyncio.TimerHandle) => (h.cancel(), t.repr(h)))(loop.callAt(2.5, function print(_x: number): void {}, 1)))),
  "loop: debug: repr of a new future": c("call", "trace.debug_call(lambda: trace.repr(loop.create_future()))", "trace.debugCall(() => trace.repr(loop.createFuture()))", (t, loop) => t.debugCall(() => t.repr(loop.createFuture()))),
  "loop: debug: repr of a new task over sleep(0)": c("call", "trace.debug_call(lambda: trace.repr(asyncio.ensure_future(asyncio.sleep(0))))", "trace.debugCall(() => trace.repr(asyncio.ensureFuture(asyncio.sleep(0))))", (t) => t.debugCall(() => t.repr(asyncio.ensureFuture(asyncio.sleep(0))))),
} satisfies Record<string, ValidateCase>;
