"""Small programs whose output differs between CPython releases. Each runs under
asyncio.run on CPython's own loop with a virtual clock (python-reference/virtual_time.py)
and logs lines; spec/asyncio/version_scenarios.ts holds the same programs in TypeScript.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio

from scenario_support import V, cancel, log, main, scenario


def number(task):
    """A task's Task-N number, or None (3.7 has no names)."""
    if V < (3, 8):
        return None
    name = task.get_name()
    return int(name[5:]) if name.startswith("Task-") else name


async def sleeper(delay=10):
    await asyncio.sleep(delay)


async def returns(value):
    return value


@scenario
async def cancel_messages():
    async def inner():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError as e:
            log("inner sees", repr(e))
            raise

    t = asyncio.ensure_future(inner())
    await asyncio.sleep(0)
    cancel(t, "M")
    for i in range(2):
        try:
            await t
        except asyncio.CancelledError as e:
            log("await", i, repr(e), "context", repr(e.__context__))
    try:
        t.result()
    except asyncio.CancelledError as e:
        log("result()", repr(e))
    t2 = asyncio.ensure_future(inner())
    cancel(t2, "B")
    try:
        await t2
    except asyncio.CancelledError as e:
        log("cancelled before its first step", repr(e))
    f = asyncio.get_event_loop().create_future()
    cancel(f, "F")
    try:
        f.result()
    except asyncio.CancelledError as e:
        log("future result()", repr(e))
    t3 = asyncio.ensure_future(inner())

    async def outer():
        return await t3

    o = asyncio.ensure_future(outer())
    await asyncio.sleep(0)
    cancel(t3, "C")
    try:
        await o
    except asyncio.CancelledError as e:
        log("outer awaiting it", repr(e), o.cancelled())
    t4 = asyncio.ensure_future(inner())
    await asyncio.sleep(0)
    cancel(t4, "G")
    log("gather slot", repr(await asyncio.gather(t4, return_exceptions=True)))
    t5 = asyncio.ensure_future(inner())
    await asyncio.sleep(0)
    cancel(t5, "H")
    try:
        await asyncio.gather(t5)
    except asyncio.CancelledError as e:
        log("gather raises", repr(e), "context", repr(e.__context__))


@scenario
async def self_cancel_before_return():
    async def self_cancel():
        asyncio.current_task().cancel()
        return 7

    t = asyncio.ensure_future(self_cancel())
    try:
        log("returned", await t)
    except asyncio.CancelledError as e:
        log("raised", repr(e), "cancelled()", t.cancelled())
    try:
        log("exception()", repr(t.exception()))
    except asyncio.CancelledError as e:
        log("exception() raises", repr(e))


@scenario
async def gather_done_children():
    async def ticker():
        for i in range(5):
            log("tick", i)
            await asyncio.sleep(0)

    t = asyncio.ensure_future(returns(1))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    tk = asyncio.ensure_future(ticker())
    g = asyncio.gather(t)
    log("gather(done).done() at once:", g.done())
    log("result", await g)
    f = asyncio.get_event_loop().create_future()
    f.set_exception(ValueError("x"))
    try:
        g2 = asyncio.gather(f, t)
        log("gather(failed, done).done() at once:", g2.done())
        await g2
    except ValueError as e:
        log("raised", repr(e))
    await tk


@scenario
async def task_names():
    if V < (3, 8):
        log("no task names")
        return
    base = number(asyncio.current_task())
    rel = lambda t: number(t) - base
    named = asyncio.create_task(returns(0), name="named")
    log("named", named.get_name())
    log("next unnamed after asyncio.create_task(name=...)", rel(asyncio.create_task(returns(0))))
    loop = asyncio.get_event_loop()
    loop.create_task(returns(0), name="x")
    log("next unnamed after loop.create_task(name=...)", rel(asyncio.create_task(returns(0))))
    await asyncio.gather(returns(1), returns(2))
    log("next unnamed after gather(coro, coro)", rel(asyncio.create_task(returns(0))))
    await asyncio.shield(returns(3))
    log("next unnamed after shield(coro)", rel(asyncio.create_task(returns(0))))
    if V < (3, 11):
        await asyncio.wait([returns(4)])
        log("next unnamed after wait([coro])", rel(asyncio.create_task(returns(0))))
    t = asyncio.create_task(returns(0))
    t.set_name(12)
    log("set_name(12)", repr(t.get_name()))
    await asyncio.sleep(0)


@scenario
async def wait_with_coroutines():
    try:
        done, pending = await asyncio.wait([returns(1), returns(2)])
        log("accepted:", sorted(f.result() for f in done), len(pending))
    except TypeError as e:
        log("TypeError", repr(e))
    try:
        await asyncio.wait([])
    except ValueError as e:
        log("ValueError", repr(e))


@scenario
async def except_exception_catches_cancel():
    async def swallow():
        try:
            await asyncio.sleep(10)
        except Exception as e:
            log("except Exception caught", repr(e))
            return "swallowed"
        except BaseException as e:
            log("only except BaseException caught", repr(e))
            raise

    t = asyncio.ensure_future(swallow())
    await asyncio.sleep(0)
    t.cancel()
    try:
        log("task returned", await t)
    except asyncio.CancelledError:
        log("task cancelled", t.cancelled())


def cb(*args):
    pass


@scenario
async def reprs():
    loop = asyncio.get_event_loop()

    t = loop.create_task(sleeper(), name="t") if V >= (3, 8) else loop.create_task(sleeper())
    log(repr(loop._ready[-1]))
    await asyncio.sleep(0)
    log(repr(t))
    t.cancel()
    log(repr(t))
    await asyncio.sleep(0)
    log(repr(t))
    h = loop.call_later(1.5, cb, 1, "two")
    log(repr(h))
    h.cancel()
    log(repr(h))
    log(repr(loop.call_soon(cb, None)))
    f = loop.create_future()
    f.add_done_callback(cb)
    log(repr(f))
    f.set_result("x" * 40)
    log(repr(f))
    g = asyncio.gather(asyncio.ensure_future(returns([1, 2, 3, 4, 5, 6, 7])))
    log(repr(g))
    await g
    log(repr(g))


@scenario
async def uncancel():
    if V < (3, 11):
        log("no uncancel")
        return
    t = asyncio.ensure_future(returns("ran"))
    t.cancel()
    log("cancelling()", t.cancelling(), "uncancel()", t.uncancel())
    try:
        log("result", await t)
    except asyncio.CancelledError:
        log("still cancelled", t.cancelled())
    t2 = asyncio.ensure_future(sleeper())
    await asyncio.sleep(0)
    t2.cancel()
    t2.cancel()
    log("cancelling() after two cancels", t2.cancelling())
    try:
        await t2
    except asyncio.CancelledError:
        log("cancelled", t2.cancelled())


@scenario
async def shutdown():
    loop = asyncio.get_event_loop()
    base = number(asyncio.current_task())

    def tick(n):
        log("tick", n)
        if n < 12:
            loop.call_soon(tick, n + 1)

    async def stubborn(name):
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            log(name, "cancelled at", loop.time())
            late = asyncio.ensure_future(returns(0))
            if base is not None:
                log(name, "spawned a task numbered", number(late) - base)
            await asyncio.sleep(0)
            log(name, "finished cleanup")
            raise

    # One task only: asyncio.run cancels the remaining tasks in set order, which varies.
    asyncio.ensure_future(stubborn("a"))
    await asyncio.sleep(1)
    loop.call_soon(tick, 0)
    log("main returns")


@scenario
async def recancelled_waits():
    # A task cancelled twice: in wait_for while it waits for the awaitable it cancelled
    # (3.8-3.11; from 3.12 the awaitable runs in the task itself), and in Condition.wait()
    # while it re-acquires the lock. The second cancellation's context, which 3.9+ chains
    # to the first in wait_for and every release in Condition.wait.
    async def slow_to_cancel():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            await asyncio.sleep(1)
            raise

    async def waits():
        try:
            await asyncio.wait_for(slow_to_cancel(), 5)
        except BaseException as e:
            log("wait_for raised", type(e).__name__, "context", repr(e.__context__) if V < (3, 12) else "-")

    t = asyncio.ensure_future(waits())
    for _ in range(3):
        await asyncio.sleep(0)
    t.cancel()
    for _ in range(2):
        await asyncio.sleep(0)
    log("cancelled again", t.cancel())
    await asyncio.sleep(2)

    cond = asyncio.Condition()

    async def cond_waits():
        async with cond:
            try:
                await cond.wait()
            except BaseException as e:
                log("Condition.wait raised", type(e).__name__, "context", repr(e.__context__))

    c = asyncio.ensure_future(cond_waits())
    await asyncio.sleep(0)
    async with cond:
        c.cancel()
        await asyncio.sleep(0)
        log("cancelled again", c.cancel())
        await asyncio.sleep(0)
    await c


main()
