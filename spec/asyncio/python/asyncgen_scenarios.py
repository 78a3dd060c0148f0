"""Async generators on each release: anext/asend/athrow/aclose results and errors, the
awaitables' "cannot reuse" and "already running" rules, ag_closed, "ignored
GeneratorExit", StopAsyncIteration raised in a body, tasks and gather over the
awaitables, async for with break, the aiter/anext builtins (3.10+), the loop's hooks and
shutdown_asyncgens under asyncio.run. spec/asyncio/asyncgen_scenarios.ts holds the same
programs in TypeScript.

Every async generator a scenario makes is kept in KEEP until the scenario ends, so that
none is finalized by garbage collection (whose aclose task would change the schedule).

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio
import builtins
import sys
import types

from scenario_support import V, log, main, plain, scenario

KEEP = []


def keep(agen):
    KEEP.append(agen)
    return agen


async def close_all():
    """Close the scenario's generators in creation order (not in the set order of the
    loop's shutdown), logging what each aclose() gives."""
    agens = list(KEEP)
    del KEEP[:]
    for k, agen in enumerate(agens):
        try:
            await agen.aclose()
        except BaseException as e:  # noqa: B902
            log("closing", k, "raised", ex(e))


def ex(e):
    return "%s %s" % (type(e).__name__, e)


async def step(label, aw):
    try:
        r = await aw
        log(label, "->", repr(r))
    except BaseException as e:  # noqa: B902 - the outcome is the output
        log(label, "raised", ex(e))


def call(label, f):
    try:
        r = f()
        log(label, "->", repr(r))
    except BaseException as e:  # noqa: B902
        log(label, "raised", ex(e))


class MyExc(Exception):
    pass


async def gen(name):
    try:
        log(name, "start")
        v = yield 1
        log(name, "got", v)
        await asyncio.sleep(1)
        v = yield 2
        log(name, "got", v)
    except GeneratorExit:
        log(name, "GeneratorExit")
        raise
    except BaseException as e:  # noqa: B902
        log(name, "caught", ex(e))
        yield 99
    finally:
        log(name, "finally")


@scenario
async def basics():
    loop = asyncio.get_running_loop()
    g = keep(gen("g"))
    await step("anext", g.__anext__())
    await step("asend x", g.asend("x"))
    await step("asend y", g.asend("y"))
    await step("anext end", g.__anext__())
    await step("aclose done", g.aclose())
    g2 = keep(gen("g2"))
    await step("asend nonnone", g2.asend(5))
    await step("anext g2", g2.__anext__())
    g3 = keep(gen("g3"))
    a = g3.__anext__()
    await step("first", a)
    await step("reuse", a)
    g4 = keep(gen("g4"))
    await step("athrow fresh", g4.athrow(ValueError("v")))
    await step("anext g4 after", g4.__anext__())
    g5 = keep(gen("g5"))
    await step("aclose fresh", g5.aclose())
    await step("anext g5 after", g5.__anext__())
    g6 = keep(gen("g6"))
    await step("g6 anext", g6.__anext__())
    await step("g6 athrow", g6.athrow(KeyError("k")))
    await step("g6 anext", g6.__anext__())
    await step("g6 athrow closed", g6.athrow(KeyError("k2")))
    await step("g6 aclose closed", g6.aclose())
    g13 = keep(gen("g13"))
    await step("g13 anext", g13.__anext__())
    await step("g13 athrow class", g13.athrow(KeyError))
    log("ag_running", g13.ag_running)
    g14 = keep(gen("g14"))
    await step("g14 anext", g14.__anext__())
    await step("g14 athrow cancel", g14.athrow(asyncio.CancelledError()))
    await step("g14 anext", g14.__anext__())
    g15 = keep(gen("g15"))
    await step("g15 anext", g15.__anext__())
    await step("g15 athrow list", g15.athrow([1]))
    await step("g15 athrow str", g15.athrow("v1"))
    await step("g15 athrow int class", g15.athrow(int))
    await step("g15 anext", g15.__anext__())
    log("time", loop.time())
    await close_all()


@scenario
async def closing():
    loop = asyncio.get_running_loop()

    async def stubborn():
        try:
            yield 1
        except GeneratorExit:
            log("stubborn exit")
            yield 2

    g7 = keep(stubborn())
    await step("g7 anext", g7.__anext__())
    await step("g7 aclose", g7.aclose())
    await step("g7 anext", g7.__anext__())

    async def bad():
        yield 1
        raise StopAsyncIteration("x")

    g8 = keep(bad())
    await step("g8 anext", g8.__anext__())
    await step("g8 anext", g8.__anext__())
    await step("g8 anext", g8.__anext__())

    async def bad2():
        raise StopIteration("y")
        yield 1

    await step("g9 anext", keep(bad2()).__anext__())

    async def slowclose():
        try:
            yield 1
        finally:
            log("slowclose finally at", loop.time())
            await asyncio.sleep(2)
            log("slowclose finally done at", loop.time())

    g11 = keep(slowclose())
    await step("g11 anext", g11.__anext__())
    await step("g11 aclose", g11.aclose())

    async def raising():
        try:
            yield 1
        finally:
            raise ValueError("in finally")

    g12 = keep(raising())
    await step("g12 anext", g12.__anext__())
    await step("g12 aclose", g12.aclose())
    log(repr(g12).split(" at ")[0] + ">")
    for aw in (g12.__anext__(), g12.aclose(), g12.athrow(ValueError)):
        log(repr(aw).split(" at ")[0] + ">")
        aw.close()
    await close_all()


async def it2():
    try:
        yield 1
        yield 2
    finally:
        log("it2 finally")


@scenario
async def awaitable_rules():
    it = keep(it2())
    nxt = it.aclose()
    await step("aclose1", nxt)
    await step("aclose reuse", nxt)
    it = keep(it2())
    nxt = it.aclose()
    call("throw GE 1", lambda: nxt.throw(GeneratorExit))
    call("throw GE 2", lambda: nxt.throw(GeneratorExit))
    it = keep(it2())
    nxt = it.aclose()
    call("throw My 1", lambda: nxt.throw(MyExc))
    call("throw My 2", lambda: nxt.throw(MyExc))
    it = keep(it2())
    nxt = it.athrow(MyExc)
    call("athrow throw My 1", lambda: nxt.throw(MyExc))
    call("athrow throw My 2", lambda: nxt.throw(MyExc))
    it = keep(it2())
    await step("aclose a", it.aclose())
    await step("aclose b", it.aclose())
    it = keep(it2())
    async for _ in it:
        pass
    await step("aclose after exhaustion", it.aclose())
    await step("athrow after exhaustion", it.athrow(MyExc))
    await step("asend after exhaustion", it.asend(None))
    it = keep(it2())
    await step("n", it.__anext__())
    await step("athrow prop", it.athrow(MyExc("m")))
    await step("athrow after prop", it.athrow(MyExc("m2")))
    await step("aclose after prop", it.aclose())
    it = keep(it2())
    await step("n", it.__anext__())
    a = it.athrow(MyExc("x"))
    await step("athrow1", a)
    await step("athrow reuse", a)
    it = keep(it2())
    t = asyncio.ensure_future(it.__anext__())
    t.cancel()
    await step("cancelled anext task", t)
    await step("after cancelled anext task", it.__anext__())
    it = keep(it2())
    await step("n", it.__anext__())
    t = asyncio.ensure_future(it.aclose())
    t.cancel()
    await step("cancelled aclose task", t)
    await step("after cancelled aclose", it.__anext__())
    it = keep(it2())
    a = it.__anext__()
    call("send None", lambda: a.send(None))
    call("send again", lambda: a.send(None))
    it = keep(it2())
    a = it.asend(None)
    call("asend throw INIT", lambda: a.throw(MyExc("i")))
    call("asend throw INIT again", lambda: a.throw(MyExc("i2")))
    call("anext after", lambda: it.__anext__().send(None))
    it = keep(it2())
    a = it.__anext__()
    a.close()
    call("send after close", lambda: a.send(None))
    it = keep(it2())
    a = it.athrow(MyExc)
    call("athrow send 1", lambda: a.send(1))
    a.close()
    it = keep(it2())
    a = it.aclose()
    call("aclose send 1", lambda: a.send(1))
    a.close()

    async def selfish():
        yield 1
        await step("self anext", g.__anext__())
        yield 2

    g = keep(selfish())
    await step("s1", g.__anext__())
    await step("s2", g.__anext__())
    await close_all()


@types.coroutine
def _async_yield(v):
    return (yield v)


async def agenfn():
    while True:
        try:
            await _async_yield(None)
        except MyExc:
            log("agen caught MyExc")
            yield "after-catch"
    yield


@plain
def throw_rules():
    agen = keep(agenfn())
    g = agen.asend(None)
    call("a0 send", lambda: g.send(None))
    call("a1 throw MyExc to running-await", lambda: g.throw(MyExc))
    g2 = agen.asend(None)
    call("a2 asend INIT throw while not running", lambda: g2.throw(MyExc))
    call("a3 g2 send", lambda: g2.send(None))
    agen = keep(agenfn())
    g = agen.asend(None)
    call("b0", lambda: g.send(None))
    g2 = agen.asend(None)
    call("b1 throw INIT while running", lambda: g2.throw(MyExc))
    call("b2 send after", lambda: g2.send(None))
    call("b3 g continue send", lambda: g.send(None))
    agen = keep(agenfn())
    g = agen.asend(None)
    call("c0", lambda: g.send(None))
    g3 = agen.athrow(MyExc)
    call("c1 athrow throw INIT running", lambda: g3.throw(MyExc))
    call("c2 send after", lambda: g3.send(None))
    agen = keep(agenfn())
    g = agen.asend(None)
    call("d0", lambda: g.send(None))
    call("d0b", lambda: g.throw(MyExc))
    g4 = agen.athrow(MyExc)
    call("d1 athrow throw INIT not running", lambda: g4.throw(MyExc))
    call("d2 anext after", lambda: agen.asend(None).send(None))
    agen = keep(agenfn())
    g = agen.asend(None)
    call("e0", lambda: g.send(None))
    call("e0b", lambda: g.throw(MyExc))
    g5 = agen.aclose()
    call("e1 aclose throw MyExc INIT", lambda: g5.throw(MyExc))
    call("e2 anext after", lambda: agen.asend(None).send(None))
    agen = keep(agenfn())
    g = agen.asend(None)
    call("f0", lambda: g.send(None))
    call("f0b", lambda: g.throw(MyExc))
    g6 = agen.athrow(MyExc)
    call("f1 athrow send", lambda: g6.send(None))
    call("f2 athrow send again", lambda: g6.send(None))
    call("f3 athrow send again", lambda: g6.send(None))
    agen = keep(agenfn())
    g = agen.asend(None)
    call("g0", lambda: g.send(None))
    call("g1 throw GeneratorExit", lambda: g.throw(GeneratorExit))
    call("g2 anext", lambda: agen.asend(None).send(None))
    del KEEP[:]


@scenario
async def closed_flag():
    async def stubborn():
        for i in range(3):
            try:
                yield i
            except GeneratorExit:
                log("exit ignored", i)
            except MyExc:
                log("myexc", i)

    g = keep(stubborn())
    await step("n", g.__anext__())
    await step("aclose ignored", g.aclose())
    await step("athrow after ignored", g.athrow(MyExc))
    await step("aclose after ignored", g.aclose())
    await step("anext after ignored", g.__anext__())
    await step("anext after ignored 2", g.__anext__())
    g = keep(stubborn())
    await step("n", g.__anext__())
    await step("athrow yields", g.athrow(MyExc))
    await step("anext", g.__anext__())
    await step("anext", g.__anext__())

    async def slow():
        try:
            yield 1
        finally:
            log("slow finally start")
            await asyncio.sleep(1)
            log("slow finally end")

    g = keep(slow())
    await step("n", g.__anext__())
    t = asyncio.ensure_future(g.aclose())
    await asyncio.sleep(0.5)
    t.cancel()
    await step("cancelled aclose mid-finally", t)
    await step("anext after", g.__anext__())
    await step("aclose after", g.aclose())
    await close_all()


async def counter(name, n):
    try:
        for i in range(n):
            await asyncio.sleep(0)
            yield i
    finally:
        log(name, "closed")


@scenario
async def concurrent_use():
    if V < (3, 8):
        log("3.7: concurrent use of an async generator is not modelled")
        return
    g = keep(gen("g10"))
    await step("g10 anext", g.__anext__())
    t = asyncio.ensure_future(step("g10 asend in task", g.asend("t")))
    await asyncio.sleep(0)
    await step("g10 anext concurrent", g.__anext__())
    await step("g10 athrow concurrent", g.athrow(ValueError()))
    await step("g10 aclose concurrent", g.aclose())
    await t
    await step("g10 anext after", g.__anext__())
    g4 = keep(counter("c4", 2))
    t = asyncio.ensure_future(g4.__anext__())
    if V >= (3, 8):
        t.set_name("anext-task")
    log(repr(t).split(" at ")[0])
    await step("gather anext", asyncio.gather(g4.__anext__(), return_exceptions=True))
    await step("task of anext", t)
    await close_all()


@scenario
async def async_for():
    g = keep(counter("c", 4))
    async for x in g:
        log("item", x)
        if x == 1:
            break
    log("after break")
    await step("anext after break", g.__anext__())
    async for x in g:
        log("rest", x)
    log("after exhaustion")
    g = keep(counter("d", 3))
    try:
        async for x in g:
            log("item", x)
            raise MyExc("in body")
    except MyExc as e:
        log("body raised", ex(e))
    await step("aclose after body raised", g.aclose())
    try:
        async for x in 5:
            pass
    except TypeError as e:
        log("async for over int:", ex(e))

    class BadIter:
        def __aiter__(self):
            return 5

    try:
        async for x in BadIter():
            pass
    except TypeError as e:
        log("aiter gives int:", ex(e))
    await close_all()


@scenario
async def builtins_aiter_anext():
    if not hasattr(builtins, "anext"):
        log("no aiter/anext")
        return
    g = keep(counter("b", 2))
    log(aiter(g) is g)
    await step("anext", anext(g))
    await step("anext default", anext(g, "d"))
    await step("anext default end", anext(g, "d"))
    await step("anext end", anext(g))
    call("anext(1)", lambda: anext(1))
    call("aiter(1)", lambda: aiter(1))

    class BadIter:
        def __aiter__(self):
            return 5

    call("aiter bad", lambda: aiter(BadIter()))
    g2 = keep(counter("b2", 3))
    a = anext(g2, "x")
    await step("a", a)
    await step("a again", a)

    async def raising():
        yield 1
        raise ValueError("boom")

    g3 = keep(raising())
    await step("r1", anext(g3, "d"))
    await step("r2", anext(g3, "d"))
    await step("r3", anext(g3, "d"))
    t5 = asyncio.ensure_future(anext(keep(counter("b5", 1)), 7))
    await step("task of anext default", t5)
    await close_all()


@plain
def hooks_and_shutdown():
    # CPython closes the generators left at exit in set order: each run below leaves at
    # most one whose closing is observable.
    def handler(loop, context):
        log("handler:", context["message"], sorted(context), ex(context.get("exception")))

    async def failing():
        try:
            yield 1
        finally:
            raise ValueError("closing failed")

    async def first_run():
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(handler)
        hooks = sys.get_asyncgen_hooks()
        log("hooks set", hooks.firstiter is not None, hooks.finalizer is not None)
        g = keep(counter("g", 1))
        log("asyncgens before", len(loop._asyncgens))
        a = g.__anext__()
        log("asyncgens after method call", len(loop._asyncgens))
        await a
        await step("g end", g.__anext__())
        b = keep(counter("b", 3))
        async for x in b:
            break
        done = keep(counter("done", 1))
        async for x in done:
            pass
        log("asyncgens", len(loop._asyncgens))
        log("main returns at", loop.time())
        return "r"

    async def second_run():
        asyncio.get_running_loop().set_exception_handler(handler)
        await keep(failing()).__anext__()

    async def third_run():
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(handler)
        t = asyncio.ensure_future(asyncio.sleep(10))
        c = keep(counter("c", 3))
        await c.__anext__()
        log("leaving a task and a generator at", loop.time())

    hooks = sys.get_asyncgen_hooks()
    log("hooks outside", hooks.firstiter, hooks.finalizer)
    log(asyncio.run(first_run()))
    hooks = sys.get_asyncgen_hooks()
    log("hooks after", hooks.firstiter, hooks.finalizer)
    log(asyncio.run(second_run()))
    log(asyncio.run(third_run()))
    del KEEP[:]


@plain
def custom_hooks():
    seen = []

    def firstiter(agen):
        seen.append("firstiter " + agen.__qualname__)

    old = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=firstiter)
    try:
        g = keep(counter("outside", 1))
        g.__anext__().close()
        log(seen)

        async def inside():
            h = sys.get_asyncgen_hooks()
            log("inside a loop, our hook?", h.firstiter is firstiter)
            await keep(counter("in", 1)).__anext__()
            log(seen)

        asyncio.run(inside())
        log("restored after run?", sys.get_asyncgen_hooks().firstiter is firstiter)
    finally:
        sys.set_asyncgen_hooks(*old)
        del KEEP[:]



@scenario
async def throw_before_start():
    """athrow() into generators that have not begun: 3.12 and later raise the exception as
    it is, StopAsyncIteration and StopIteration included; earlier releases turn those two
    into RuntimeError, as for a body that raises them."""
    await step("athrow StopAsyncIteration", keep(it2()).athrow(StopAsyncIteration))
    await step("athrow StopIteration", keep(it2()).athrow(StopIteration("v")))
    await step("athrow MyExc", keep(it2()).athrow(MyExc))
    started = keep(it2())
    await step("started", started.__anext__())
    await step("athrow StopAsyncIteration after start", started.athrow(StopAsyncIteration))
    await close_all()

if __name__ == "__main__":
    main(describe=ex)
