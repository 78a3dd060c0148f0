"""Introspection and task factories, release by release: all_tasks() (as names, sorted),
current_task() inside callbacks and task factories, a program-defined task factory that
records what it is called with, the eager task factories (3.12+), Task.get_coro(),
timeout_at()/when()/reschedule()/expired(), Barrier's parties/n_waiting/broken with
abort() and reset(), Queue's maxsize/qsize/empty/full, Semaphore.locked(), a Condition
built on a given Lock and Condition.wait_for() with a predicate.
spec/asyncio/introspection_scenarios.ts holds the same programs in TypeScript; they run
there under the process-wide default target (asyncio.setDefaultPython).

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio
import math

from scenario_support import V, log, main, scenario

NAMES = {}


def named(task, name):
    NAMES[id(task)] = (task, name)
    return task


def name_of(task):
    if task is None:
        return None
    entry = NAMES.get(id(task))
    return entry[1] if entry is not None and entry[0] is task else "?"


def all_names():
    return sorted(name_of(t) for t in asyncio.all_tasks())


async def returns(value):
    return value


async def pause(value):
    await asyncio.sleep(0)
    return value


def coro_name(task):
    """The name of task.get_coro(), or None. CPython 3.12.1's C Task crashes in get_coro()
    once an eagerly started task has finished and let go of its coroutine; its `_coro`
    attribute says so safely (later releases return None there)."""
    if getattr(task, "_coro", True) is None:
        return None
    coro = task.get_coro()
    return None if coro is None else coro.__name__


def create(coro, name):
    """create_task(coro, name=...) where the release has names (3.8+)."""
    if V >= (3, 8):
        return named(asyncio.create_task(coro, name=name), name)
    return named(asyncio.create_task(coro), name)


@scenario
async def all_tasks_names():
    named(asyncio.current_task(), "main")
    log("at start", all_names())
    a = create(pause("a"), "a")
    b = create(returns("b"), "b")
    log("after creating two", all_names())
    await asyncio.sleep(0)
    log("after one iteration", all_names())
    g = asyncio.gather(pause(1), returns(2))
    log("after gather of two coroutines", all_names())
    await g
    log("after the gather", all_names())
    await a
    log("after a", all_names(), "a done", a.done(), "b done", b.done())
    w = asyncio.ensure_future(asyncio.wait_for(pause(3), 1))
    named(w, "w")
    await asyncio.sleep(0)
    log("inside wait_for", all_names())
    await w
    log("at the end", all_names())


@scenario
async def current_task_in_callbacks():
    loop = asyncio.get_running_loop()
    named(asyncio.current_task(), "main")
    log("in main", name_of(asyncio.current_task()))
    loop.call_soon(lambda: log("in call_soon", name_of(asyncio.current_task())))
    loop.call_later(0.5, lambda: log("in call_later", name_of(asyncio.current_task())))
    t = create(pause("t"), "t")
    t.add_done_callback(lambda f: log("in a done callback", name_of(asyncio.current_task())))
    fut = loop.create_future()
    fut.add_done_callback(lambda f: log("in a future's done callback", name_of(asyncio.current_task())))

    async def setter():
        fut.set_result(1)
        log("setter sets the future in", name_of(asyncio.current_task()))

    await create(setter(), "setter")
    await t
    await asyncio.sleep(1)
    log("current_task(loop)", name_of(asyncio.current_task(loop)))


@scenario
async def recording_task_factory():
    loop = asyncio.get_running_loop()
    named(asyncio.current_task(), "main")
    calls = []

    def factory(loop_, coro, **kwargs):
        shown = sorted(k for k, v in kwargs.items() if v is not None)
        calls.append(coro.__name__)
        log("factory", coro.__name__, "kwargs", shown, "same loop", loop_ is loop,
            "called from", name_of(asyncio.current_task()))
        return asyncio.Task(coro, loop=loop_, **kwargs)

    log("factory before", loop.get_task_factory() is None)
    loop.set_task_factory(factory)
    log("factory set", loop.get_task_factory() is factory)
    t = create(returns("t"), "t")
    log("create_task gave", await t)
    f = asyncio.ensure_future(returns("ef"))
    log("ensure_future gave", await f)
    log("gather gave", await asyncio.gather(returns(1), pause(2)))
    log("shield gave", await asyncio.shield(returns("sh")))
    log("wait_for gave", await asyncio.wait_for(returns("wf"), 1))
    for fut in asyncio.as_completed([returns("ac")]):
        log("as_completed gave", await fut)
    if V >= (3, 11):
        async with asyncio.TaskGroup() as tg:
            tg.create_task(returns("tg"))
    loop.set_task_factory(None)
    log("factory reset", loop.get_task_factory() is None)
    create(returns("u"), "u")
    log("calls", len(calls))
    await asyncio.sleep(0)


@scenario
async def eager_factories():
    if V < (3, 12):
        log("no eager task factory")
        return
    loop = asyncio.get_running_loop()
    named(asyncio.current_task(), "main")
    loop.set_task_factory(asyncio.eager_task_factory)
    log("eager factory set", loop.get_task_factory() is asyncio.eager_task_factory)
    order = []

    async def step(name):
        order.append(name + " starts in " + str(name_of(asyncio.current_task())))
        await asyncio.sleep(0)
        order.append(name + " resumes")
        return name

    a = create(returns("a"), "a")
    log("a done at once", a.done(), "result", a.result(), "get_coro", coro_name(a))
    log("a in all_tasks", "a" in all_names())
    b = create(step("b"), "b")
    log("b done at once", b.done(), "order", order, "get_coro", coro_name(b))
    log("b in all_tasks", "b" in all_names())
    await b
    log("order", order)

    seen = []

    def ctor(coro, **kwargs):
        seen.append(sorted(k for k, v in kwargs.items() if v is not None))
        log("custom constructor", coro.__name__, "kwargs", seen[-1], "eager_start", kwargs.get("eager_start"))
        return asyncio.Task(coro, **kwargs)

    loop.set_task_factory(asyncio.create_eager_task_factory(ctor))
    c = create(step("c"), "c")
    log("c done at once", c.done())
    await c
    d = asyncio.ensure_future(returns("d"))
    log("d done at once", d.done(), d.result())
    loop.set_task_factory(None)
    e = create(returns("e"), "e")
    log("e done at once", e.done())
    await e


@scenario
async def get_coro():
    if V < (3, 8):
        log("no Task.get_coro")
        return
    t = create(pause("t"), "t")
    log("get_coro name", coro_name(t), "same object", t.get_coro() is t.get_coro())
    await t
    log("after done", coro_name(t))
    c = returns(1)
    u = create(c, "u")
    log("is the coroutine passed", u.get_coro() is c)
    await u


@scenario
async def timeout_when_reschedule():
    if V < (3, 11):
        log("no asyncio.timeout")
        return
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout_at(loop.time() + 2)
    log("when before entering", cm.when(), "expired", cm.expired())
    async with cm:
        log("when inside", cm.when())
        cm.reschedule(loop.time() + 5)
        log("rescheduled to", cm.when())
        await asyncio.sleep(4)
        log("time", loop.time(), "expired", cm.expired())
        cm.reschedule(None)
        log("rescheduled to None", cm.when())
        await asyncio.sleep(2)
    log("after", loop.time(), "expired", cm.expired(), "when", cm.when())
    try:
        async with asyncio.timeout(1) as cm2:
            cm2.reschedule(loop.time() + 0.5)
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                log("cancelled inside; expired", cm2.expired(), "time", loop.time())
                raise
    except asyncio.TimeoutError:
        log("TimeoutError; expired", cm2.expired())
    try:
        async with asyncio.timeout_at(loop.time()) as cm3:
            log("deadline now; expired before awaiting", cm3.expired())
            await asyncio.sleep(0)
            log("not reached")
    except asyncio.TimeoutError:
        log("deadline now: TimeoutError, expired", cm3.expired())
    try:
        async with asyncio.timeout(None) as cm4:
            cm4.reschedule(loop.time() - 1)
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                log("past deadline cancels; expired", cm4.expired())
                try:
                    cm4.reschedule(None)
                except RuntimeError as e:
                    log("reschedule while expiring:", repr(e))
                raise
    except asyncio.TimeoutError:
        log("TimeoutError, expired", cm4.expired(), "time", loop.time())


@scenario
async def barrier_state():
    if V < (3, 11):
        log("no asyncio.Barrier")
        return
    b = asyncio.Barrier(3)
    log("parties", b.parties, "n_waiting", b.n_waiting, "broken", b.broken)

    async def waiter(name):
        try:
            index = await b.wait()
            log(name, "passed with index", index)
        except asyncio.BrokenBarrierError:
            log(name, "broken")

    tasks = [create(waiter("w%d" % i), "w%d" % i) for i in range(2)]
    await asyncio.sleep(0)
    log("two waiting: n_waiting", b.n_waiting, "broken", b.broken)
    await b.reset()
    log("after reset: n_waiting", b.n_waiting, "broken", b.broken)
    await asyncio.gather(*tasks)
    tasks = [create(waiter("x%d" % i), "x%d" % i) for i in range(3)]
    await asyncio.gather(*tasks)
    log("after a full round: n_waiting", b.n_waiting, "broken", b.broken)
    tasks = [create(waiter("y%d" % i), "y%d" % i) for i in range(1)]
    await asyncio.sleep(0)
    await b.abort()
    log("after abort: n_waiting", b.n_waiting, "broken", b.broken)
    await asyncio.gather(*tasks)
    try:
        await b.wait()
    except asyncio.BrokenBarrierError as e:
        log("wait on a broken barrier:", repr(e))
    await b.reset()
    log("reset a broken barrier: broken", b.broken, "n_waiting", b.n_waiting)


@scenario
async def queue_state():
    for maxsize in [0, 2]:
        q = asyncio.Queue(maxsize)
        log("maxsize", q.maxsize, "qsize", q.qsize(), "empty", q.empty(), "full", q.full())
        for i in range(3):
            if not q.full():
                q.put_nowait(i)
            log("after put", i, "qsize", q.qsize(), "empty", q.empty(), "full", q.full())
        while not q.empty():
            q.get_nowait()
        log("drained: qsize", q.qsize(), "empty", q.empty(), "full", q.full())
    q = asyncio.Queue(1)
    getter = create(q.get(), "getter")
    await asyncio.sleep(0)
    q.put_nowait("x")
    log("put with a waiting getter: qsize", q.qsize(), "full", q.full())
    await getter
    log("getter done: qsize", q.qsize(), "empty", q.empty())


@scenario
async def semaphore_locked():
    for cls in [asyncio.Semaphore, asyncio.BoundedSemaphore]:
        s = cls(1)
        log(cls.__name__, "locked", s.locked())
        await s.acquire()
        log("acquired: locked", s.locked())
        waiter = create(s.acquire(), "waiter")
        await asyncio.sleep(0)
        s.release()
        log("released with a waiter: locked", s.locked())
        await waiter
        log("waiter acquired: locked", s.locked())
        s.release()
        log("released: locked", s.locked())
    z = asyncio.Semaphore(0)
    log("Semaphore(0) locked", z.locked())
    z.release()
    log("released once: locked", z.locked())


@scenario
async def condition_on_lock():
    lock = asyncio.Lock()
    cv = asyncio.Condition(lock)
    log("locked", lock.locked(), cv.locked())
    await lock.acquire()
    log("lock acquired: cv locked", cv.locked())
    t = create(cv.acquire(), "t")
    await asyncio.sleep(0)
    log("cv.acquire waits:", not t.done())
    lock.release()
    await t
    log("cv acquired: lock locked", lock.locked())

    async def waiter():
        async with cv:
            log("waiter waits")
            await cv.wait()
            log("waiter woken; lock locked", lock.locked())

    cv.release()
    w = create(waiter(), "w")
    await asyncio.sleep(0)
    async with lock:
        log("notify under the lock")
        cv.notify()
    await w
    log("after: locked", lock.locked(), cv.locked())


@scenario
async def condition_wait_for():
    cv = asyncio.Condition()
    calls = []

    def predicate():
        calls.append(1)
        return len(calls) >= 3 and "ready %d" % len(calls)

    async def waiter():
        async with cv:
            result = await cv.wait_for(predicate)
            log("wait_for gave", result, "after", len(calls), "calls")

    w = create(waiter(), "w")
    for i in range(3):
        await asyncio.sleep(0)
        async with cv:
            log("notify", i, "calls so far", len(calls))
            cv.notify()
    await w
    async with cv:
        log("true at once:", await cv.wait_for(lambda: "now"))

    def raises():
        raise ValueError("pred")

    async with cv:
        try:
            await cv.wait_for(raises)
        except ValueError as e:
            log("predicate raised", repr(e), "lock held", cv.locked())


main()
