"""Bad arguments to asyncio's combinators and primitives, release by release: for each call,
whether it raises when called or when awaited (or at the first item taken), the exception's
class and message, or what it gives when the argument is accepted. Covers non-iterables,
None, bare coroutines and plain generators where futures are expected, empty collections,
negative, zero, None and infinite timeouts, semaphore values, queue sizes and barrier
parties. spec/asyncio/validation_scenarios.ts holds the same programs in TypeScript; they
run there under the process-wide default target (asyncio.setDefaultPython).

A plain generator where one awaitable is expected (gather, shield, ensure_future,
create_task, wait_for) is tried only before 3.12: from 3.12 CPython refuses it, while in
TypeScript every generator object is a coroutine there (a JavaScript generator cannot tell
`async def` from `def ... yield`; see the README's deliberate differences).

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio
import math

from scenario_support import V, log, main, scenario


async def returns(value):
    return value


def plain(items):
    """A plain generator function (not a coroutine function)."""
    yield from items


def describe(e):
    return "%s %r" % (type(e).__name__, e)


def show(value):
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], set):
        return "done %d pending %d" % (len(value[0]), len(value[1]))
    return repr(value)


def called(label, make):
    """Calls make(); logs what it raised, or returns (True, result)."""
    try:
        return True, make()
    except Exception as e:
        log(label, "raised when called:", describe(e))
        return False, None


async def attempt(label, make):
    """Calls make() and awaits what it returns."""
    ok, aw = called(label, make)
    if not ok:
        return
    try:
        result = await aw
    except Exception as e:
        log(label, "raised when awaited:", describe(e))
        return
    log(label, "gave", show(result))


def attempt_sync(label, make):
    """Calls make() and logs what it returned."""
    ok, result = called(label, make)
    if ok:
        log(label, "returned", show(result))


async def attempt_iter(label, make):
    """Calls make(), takes the first item of what it returns, and awaits that item."""
    ok, it = called(label, make)
    if not ok:
        return
    try:
        first = next(iter(it))
    except StopIteration:
        log(label, "gave no items")
        return
    except Exception as e:
        log(label, "raised at the first item:", describe(e))
        return
    try:
        log(label, "first item gave", show(await first))
    except Exception as e:
        log(label, "first item raised:", describe(e))


def done_future(value="r"):
    fut = asyncio.get_running_loop().create_future()
    fut.set_result(value)
    return fut


def slow_task():
    return asyncio.ensure_future(asyncio.sleep(1, "slow"))


@scenario
async def gather_arguments():
    await attempt("gather()", lambda: asyncio.gather())
    await attempt("gather(1)", lambda: asyncio.gather(1))
    await attempt("gather(None)", lambda: asyncio.gather(None))
    await attempt("gather(coroutine)", lambda: asyncio.gather(returns(1)))
    if V < (3, 12):
        await attempt("gather(plain generator)", lambda: asyncio.gather(plain([])))
    await attempt("gather(list)", lambda: asyncio.gather([done_future()]))
    await attempt("gather(future, future)", lambda: asyncio.gather(done_future(1), done_future(2)))


@scenario
async def gather_refuses_a_later_argument():
    """gather() takes a finished future, then refuses 1: before 3.12 the future's callback
    still runs, and on 3.7-3.8 it reads the result future before it exists."""
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, context: log("loop error:", context["message"], describe(context["exception"])))
    await attempt("gather(future, 1)", lambda: asyncio.gather(done_future(1), 1))
    await asyncio.sleep(0)
    log("after one iteration")


@scenario
async def wait_bad_arguments():
    await attempt("wait(1)", lambda: asyncio.wait(1))
    await attempt("wait(None)", lambda: asyncio.wait(None))
    await attempt("wait(set())", lambda: asyncio.wait(set()))
    await attempt("wait([1])", lambda: asyncio.wait([1]))
    await attempt("wait([None])", lambda: asyncio.wait([None]))
    await attempt("wait([coroutine])", lambda: asyncio.wait([returns(1)]))
    await attempt("wait([plain generator])", lambda: asyncio.wait([plain([])]))
    await attempt("wait(return_when='bad')", lambda: asyncio.wait([done_future()], return_when="bad"))
    for timeout in [-1, 0, None, math.inf, 0.5]:
        await attempt("wait(timeout=%r)" % timeout, lambda: asyncio.wait([slow_task()], timeout=timeout))


@scenario
async def wait_for_arguments():
    await attempt("wait_for(1, 1)", lambda: asyncio.wait_for(1, 1))
    await attempt("wait_for(1, None)", lambda: asyncio.wait_for(1, None))
    await attempt("wait_for(1, 0)", lambda: asyncio.wait_for(1, 0))
    await attempt("wait_for(None, 1)", lambda: asyncio.wait_for(None, 1))
    if V < (3, 12):
        await attempt("wait_for(plain generator, 1)", lambda: asyncio.wait_for(plain([]), 1))
    await attempt("wait_for(done future, 0)", lambda: asyncio.wait_for(done_future(), 0))
    await attempt("wait_for(coroutine, 0)", lambda: asyncio.wait_for(returns("c"), 0))
    for timeout in [-1, 0, None, math.inf, 0.5, 2]:
        await attempt("wait_for(slow, %r)" % timeout, lambda: asyncio.wait_for(slow_task(), timeout))


@scenario
async def shield_and_task_arguments():
    for name, fn in [("shield", asyncio.shield), ("ensure_future", asyncio.ensure_future),
                     ("create_task", asyncio.create_task)]:
        await attempt(name + "(1)", lambda: fn(1))
        await attempt(name + "(None)", lambda: fn(None))
        await attempt(name + "(coroutine)", lambda: fn(returns("c")))
        if V < (3, 12):
            await attempt(name + "(plain generator)", lambda: fn(plain([])))
        await attempt(name + "(list)", lambda: fn([done_future()]))
        await attempt(name + "(done future)", lambda: fn(done_future()))


@scenario
async def as_completed_bad_arguments():
    await attempt_iter("as_completed(1)", lambda: asyncio.as_completed(1))
    await attempt_iter("as_completed(None)", lambda: asyncio.as_completed(None))
    await attempt_iter("as_completed([])", lambda: asyncio.as_completed([]))
    await attempt_iter("as_completed(set())", lambda: asyncio.as_completed(set()))
    await attempt_iter("as_completed([1])", lambda: asyncio.as_completed([1]))
    await attempt_iter("as_completed([coroutine])", lambda: asyncio.as_completed([returns("c")]))
    for timeout in [-1, 0, None, math.inf, 0.5]:
        await attempt_iter("as_completed(timeout=%r)" % timeout, lambda: asyncio.as_completed([slow_task()], timeout=timeout))


@scenario
async def sleep_arguments():
    await attempt("sleep(None)", lambda: asyncio.sleep(None))
    await attempt("sleep(-1)", lambda: asyncio.sleep(-1, "negative"))
    await attempt("sleep(0)", lambda: asyncio.sleep(0, "zero"))
    await attempt("sleep(0.5)", lambda: asyncio.sleep(0.5, "half"))
    log("time", asyncio.get_running_loop().time())


@scenario
async def timeout_arguments():
    if V < (3, 11):
        log("no asyncio.timeout")
        return
    loop = asyncio.get_running_loop()

    async def under(make, body_delay=1):
        cm = make()
        try:
            async with cm:
                await asyncio.sleep(body_delay)
        except Exception as e:
            return "%s, expired %s" % (describe(e), cm.expired())
        return "finished, expired %s, when %r" % (cm.expired(), cm.when())

    for delay in [-1, 0, None, math.inf, 0.5, 2]:
        await attempt("timeout(%r)" % delay, lambda: under(lambda: asyncio.timeout(delay)))
    await attempt("timeout_at(past)", lambda: under(lambda: asyncio.timeout_at(loop.time() - 1)))
    await attempt("timeout_at(None)", lambda: under(lambda: asyncio.timeout_at(None)))
    await attempt("timeout_at(inf)", lambda: under(lambda: asyncio.timeout_at(math.inf)))


@scenario
async def timeout_misuse():
    """Rescheduling a timeout that is not active, entering one twice (3.11.3+: CPython
    3.11.0 to 3.11.2 asserted instead, and let a timeout be entered again)."""
    if V < (3, 11):
        log("no asyncio.timeout")
        return
    attempt_sync("reschedule before entering", lambda: asyncio.timeout(1).reschedule(5))
    cm = asyncio.timeout(1)
    async with cm:
        pass
    attempt_sync("reschedule after exit", lambda: cm.reschedule(5))

    async def enter_twice():
        async with cm:
            pass

    await attempt("enter a finished timeout", enter_twice)


@scenario
async def primitive_arguments():
    attempt_sync("Semaphore(-1)", lambda: asyncio.Semaphore(-1))
    attempt_sync("Semaphore(None)", lambda: asyncio.Semaphore(None))
    attempt_sync("Semaphore(0).locked()", lambda: asyncio.Semaphore(0).locked())
    attempt_sync("BoundedSemaphore(-1)", lambda: asyncio.BoundedSemaphore(-1))
    attempt_sync("BoundedSemaphore(0).release()", lambda: asyncio.BoundedSemaphore(0).release())
    attempt_sync("BoundedSemaphore(2).release()", lambda: asyncio.BoundedSemaphore(2).release())
    attempt_sync("Semaphore(0).release()", lambda: asyncio.Semaphore(0).release())
    attempt_sync("Lock().release()", lambda: asyncio.Lock().release())
    attempt_sync("Condition().release()", lambda: asyncio.Condition().release())
    attempt_sync("Condition().notify()", lambda: asyncio.Condition().notify())
    attempt_sync("Condition().notify_all()", lambda: asyncio.Condition().notify_all())
    await attempt("Condition().wait()", lambda: asyncio.Condition().wait())
    await attempt("Condition().wait_for(true)", lambda: asyncio.Condition().wait_for(lambda: "yes"))
    attempt_sync("Condition(None).locked()", lambda: asyncio.Condition(None).locked())
    if V >= (3, 11):
        attempt_sync("Barrier(0)", lambda: asyncio.Barrier(0))
        attempt_sync("Barrier(-1)", lambda: asyncio.Barrier(-1))
        attempt_sync("Barrier(None)", lambda: asyncio.Barrier(None))
        await attempt("Barrier(1).wait()", lambda: asyncio.Barrier(1).wait())


@scenario
async def queue_arguments():
    for maxsize in [0, -1, 1]:
        q = asyncio.Queue(maxsize)
        for i in range(3):
            attempt_sync("Queue(%r).put_nowait(%d)" % (maxsize, i), lambda: q.put_nowait(i))
        log("Queue(%r)" % maxsize, "maxsize", q.maxsize, "qsize", q.qsize(), "full", q.full(), "empty", q.empty())
    q = asyncio.Queue(None)
    log("Queue(None) maxsize", q.maxsize, "qsize", q.qsize(), "empty", q.empty())
    attempt_sync("Queue(None).full()", lambda: q.full())
    attempt_sync("Queue(None).put_nowait(1)", lambda: q.put_nowait(1))
    attempt_sync("Queue().task_done()", lambda: asyncio.Queue().task_done())
    attempt_sync("Queue().get_nowait()", lambda: asyncio.Queue().get_nowait())
    attempt_sync("LifoQueue().get_nowait()", lambda: asyncio.LifoQueue().get_nowait())
    await attempt("Queue(0).join()", lambda: asyncio.Queue(0).join())


@scenario
async def task_factory_arguments():
    loop = asyncio.get_running_loop()
    attempt_sync("set_task_factory(1)", lambda: loop.set_task_factory(1))
    attempt_sync("set_task_factory(None)", lambda: loop.set_task_factory(None))
    log("get_task_factory() is None:", loop.get_task_factory() is None)



@scenario
async def odd_values():
    """Values found while measuring the kit's reach (session 13): call_later(None) before
    and after 3.11's check, a dict given to gather(), create_task(name=None), callbacks
    that are not callable, and PriorityQueue items holding sets."""
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda loop, context: log("loop error:", context["message"], describe(context["exception"])))
    attempt_sync("call_later(None)", lambda: loop.call_later(None, log))
    await attempt("gather({})", lambda: asyncio.gather({}))
    if V >= (3, 8):
        task = asyncio.create_task(returns(1), name=None)
        log("create_task(name=None) named Task-N:", task.get_name().startswith("Task-"))
        await task
    loop.call_soon(1)
    fut = loop.create_future()
    fut.add_done_callback(2.5)
    fut.set_result(3)
    await asyncio.sleep(0)
    q = asyncio.PriorityQueue()
    for item in [[3, {1, 2}, 1], [3, {1, 2}], [3, {1}], [2, {1, 2}]]:
        q.put_nowait(item)
    log("PriorityQueue of sets:", [q.get_nowait() for _ in range(4)])


main(describe=describe)
