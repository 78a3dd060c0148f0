"""Reprs, loop error reports and warnings, on the release that runs this script: the
Python side of spec/asyncio/text_scenarios.ts (spec/asyncio/text_versions.spec.ts runs
both and compares what they log).

- repr_*: the repr of tasks, futures, handles, timer handles, every lock, queues,
  Timeout and TaskGroup, in the states each can be in.
- errors_*: what a program-defined exception handler receives when callbacks,
  done-callbacks and exception handlers raise, and what the default handler logs
  through the ``asyncio`` logger (its message and exception; tracebacks are not logged).
- warnings_*: the warnings asyncio emits deterministically (``loop=`` arguments,
  coroutines passed to ``wait()``, ``get_event_loop()`` without a loop), recorded with
  ``catch_warnings`` and ``simplefilter("always")``.

The lines go through spec/support/normalise.ts, which drops addresses and source
locations. Runs on CPython 3.7 and newer.
"""
import asyncio
import logging
import warnings

from scenario_support import V, log, main, plain, scenario


def cb(*args):
    pass


def other(*args):
    pass


def named(coro, name):
    loop = asyncio.get_running_loop()
    if V >= (3, 8):
        return loop.create_task(coro, name=name)
    return loop.create_task(coro)


async def sleeper(delay=10):
    await asyncio.sleep(delay)


async def returns(value):
    return value


async def fails():
    raise ValueError("boom")


async def waiter(fut):
    return await fut


async def awaiter(task):
    return await task


async def self_repr():
    log("itself", repr(asyncio.current_task()))


async def holds(primitive, delay=1):
    async with primitive:
        await asyncio.sleep(delay)


async def acquires(primitive):
    await primitive.acquire()


async def waits(primitive):
    await primitive.wait()


async def notified(condition):
    async with condition:
        await condition.wait()


# -- reprs --------------------------------------------------------------------------------


@scenario
async def repr_tasks():
    loop = asyncio.get_running_loop()
    t = named(sleeper(), "t")
    log("created", repr(t))
    t.add_done_callback(cb)
    t.add_done_callback(other)
    log("two callbacks", repr(t))
    await asyncio.sleep(0)
    log("sleeping", repr(t))
    t.cancel()
    log("cancel requested", repr(t))
    await asyncio.sleep(0)
    log("cancelled", repr(t))
    u = named(sleeper(), "u")
    u.cancel()
    log("cancelled before it started", repr(u))
    await asyncio.sleep(0)
    log("then", repr(u))
    r = named(returns([1, 2, 3, 4, 5, 6, 7]), "r")
    await r
    log("finished", repr(r))
    s = named(returns("x" * 50), "s")
    await s
    log("long result", repr(s))
    one = named(returns((1,)), "one")
    await one
    log("tuple result", repr(one))
    deep = (1,)
    for _ in range(7):
        deep = (deep, 2)
    nested = named(returns(deep), "nested")
    await nested
    log("nested tuple result", repr(nested))
    f = named(fails(), "f")
    await asyncio.sleep(0)
    log("failed", repr(f))
    f.exception()
    fut = loop.create_future()
    w = named(waiter(fut), "w")
    await asyncio.sleep(0)
    log("waiting", repr(w))
    log("its future", repr(fut))
    fut.set_result(None)
    log("future done, task not woken", repr(w))
    await w
    a = named(sleeper(1), "a")
    b = named(awaiter(a), "b")
    await asyncio.sleep(0)
    log("awaiting a task", repr(b))
    await b
    log("both done", repr(a), repr(b))
    await named(self_repr(), "me")


@scenario
async def repr_futures():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    log("pending", repr(f))
    f.add_done_callback(cb)
    log("one callback", repr(f))
    f.add_done_callback(other)
    log("two callbacks", repr(f))
    f.add_done_callback(cb)
    log("three callbacks", repr(f))
    f.add_done_callback(other)
    log("four callbacks", repr(f))
    log("removed", f.remove_done_callback(cb), repr(f))
    f.set_result(None)
    log("result None", repr(f))
    for value in (1, -7, "text", "y" * 40, [1, 2, 3, 4, 5, 6, 7], [[1, [2, [3, [4]]]]], True, 2.5, {"k": 1}):
        g = loop.create_future()
        g.set_result(value)
        log("result", repr(g))
    # reprlib sorts the keys of a dict and the items of a set when it can (at most 4 and 6).
    for value in ({5, 3, 1, 9, 7, 2, 8}, set(), {(2, "b"), (1, "a")}, {"b": 1, "a": 2},
                  {"e": 5, "d": 4, "c": 3, "b": 2, "a": 1}, {3: "c", 1: "a"}, {"b": 1, 2: "x"}):
        g = loop.create_future()
        g.set_result(value)
        log("result", repr(g))
    e = loop.create_future()
    e.set_exception(ValueError("bad", 2))
    log("exception", repr(e))
    e.exception()
    c = loop.create_future()
    c.cancel()
    log("cancelled", repr(c))
    gathered = asyncio.gather(named(returns(1), "g1"), named(returns(2), "g2"))
    log("gather", repr(gathered))
    await gathered
    log("gather done", repr(gathered))
    sh = asyncio.shield(named(sleeper(1), "sh"))
    log("shield", repr(sh))
    await sh


@plain
def repr_handles():
    for debug in (False, True):
        loop = asyncio.new_event_loop()
        loop.set_debug(debug)
        loop.slow_callback_duration = 1e9
        h = loop.call_soon(cb, 1, "two", None)
        log("debug" if debug else "normal", repr(h))
        h2 = loop.call_soon(other)
        log("no arguments", repr(h2))
        h.cancel()
        log("cancelled", repr(h))
        t = loop.call_later(1.5, cb, [1, 2])
        log("timer", repr(t))
        t2 = loop.call_at(7.25, other)
        log("timer at", repr(t2))
        t.cancel()
        log("timer cancelled", repr(t))
        t3 = loop.call_later(0.1 + 0.2, cb, "x" * 40)
        log("long argument", repr(t3))
        loop.call_soon(loop.stop)
        loop.run_forever()
        log("after running", repr(h2), repr(t3))
        loop.close()


@scenario
async def repr_locks():
    lock = asyncio.Lock()
    log("lock", repr(lock))
    await lock.acquire()
    log("lock", repr(lock))
    waiters = [named(acquires(lock), "l%d" % i) for i in range(2)]
    await asyncio.sleep(0)
    log("lock", repr(lock))
    lock.release()
    log("lock", repr(lock))
    await asyncio.sleep(0)
    lock.release()
    await asyncio.sleep(0)
    lock.release()
    await asyncio.gather(*waiters)
    log("lock", repr(lock))

    event = asyncio.Event()
    log("event", repr(event))
    ws = [named(waits(event), "e%d" % i) for i in range(3)]
    await asyncio.sleep(0)
    log("event", repr(event))
    event.set()
    log("event", repr(event))
    await asyncio.gather(*ws)
    log("event", repr(event))
    event.clear()
    log("event", repr(event))

    cond = asyncio.Condition()
    log("condition", repr(cond))
    cs = [named(notified(cond), "c%d" % i) for i in range(2)]
    await asyncio.sleep(0)
    log("condition", repr(cond))
    async with cond:
        log("condition", repr(cond))
        cond.notify(1)
        log("condition", repr(cond))
    await asyncio.sleep(0)
    log("condition", repr(cond))
    async with cond:
        cond.notify_all()
    await asyncio.gather(*cs)
    log("condition", repr(cond))

    for cls in (asyncio.Semaphore, asyncio.BoundedSemaphore):
        sem = cls(2)
        log(cls.__name__, repr(sem))
        await sem.acquire()
        log(cls.__name__, repr(sem))
        await sem.acquire()
        log(cls.__name__, repr(sem))
        ss = [named(acquires(sem), "s%d" % i) for i in range(2)]
        await asyncio.sleep(0)
        log(cls.__name__, repr(sem))
        sem.release()
        log(cls.__name__, repr(sem))
        await asyncio.sleep(0)
        log(cls.__name__, repr(sem))
        sem.release()
        sem.release()
        sem.release()
        await asyncio.gather(*ss)
        log(cls.__name__, repr(sem))


@scenario
async def repr_barrier():
    if V < (3, 11):
        log("no Barrier")
        return
    barrier = asyncio.Barrier(3)
    log("barrier", repr(barrier))
    bs = [named(barrier.wait(), "b%d" % i) for i in range(2)]
    await asyncio.sleep(0)
    log("barrier", repr(barrier))
    last = named(barrier.wait(), "b2")
    await asyncio.sleep(0)
    log("barrier", repr(barrier))
    await asyncio.gather(last, *bs)
    log("barrier", repr(barrier))
    again = [named(barrier.wait(), "r%d" % i) for i in range(2)]
    await asyncio.sleep(0)
    resetting = named(barrier.reset(), "reset")
    await asyncio.sleep(0)
    log("barrier", repr(barrier))
    await asyncio.gather(*again, resetting, return_exceptions=True)
    log("barrier", repr(barrier))
    await barrier.abort()
    log("barrier", repr(barrier))
    await barrier.reset()
    log("barrier", repr(barrier))


async def getter(q):
    return await q.get()


async def putter(q, item):
    await q.put(item)


@scenario
async def repr_queues():
    for cls in (asyncio.Queue, asyncio.LifoQueue, asyncio.PriorityQueue):
        q = cls(maxsize=2)
        name = cls.__name__
        log(name, repr(q), str(q))
        gs = [named(getter(q), "g%d" % i) for i in range(2)]
        await asyncio.sleep(0)
        log(name, repr(q))
        q.put_nowait(3)
        q.put_nowait(1)
        log(name, repr(q))
        await asyncio.gather(*gs)
        for item in (5, 2, 4, 9):
            named(putter(q, item), "p%d" % item)
        await asyncio.sleep(0)
        log(name, repr(q))
        q.get_nowait()
        q.task_done()
        log(name, repr(q))
        await asyncio.sleep(0)
        log(name, repr(q))
        if V >= (3, 13):
            q.shutdown()
            log(name, repr(q))
        while True:
            try:
                q.get_nowait()
            except (asyncio.QueueEmpty, getattr(asyncio, "QueueShutDown", asyncio.QueueEmpty)):
                break
        await asyncio.sleep(0)
        log(name, repr(q))
    log("unbounded", repr(asyncio.Queue()))


async def in_timeout(delay, inner):
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(delay)
    log("timeout", repr(cm))
    try:
        async with cm:
            log("timeout", repr(cm))
            try:
                await asyncio.sleep(inner)
            except asyncio.CancelledError:
                log("timeout", repr(cm))
                raise
            cm.reschedule(loop.time() + 0.0015)
            log("timeout", repr(cm))
            cm.reschedule(None)
            log("timeout", repr(cm))
    except TimeoutError:
        log("timed out")
    log("timeout", repr(cm))


@scenario
async def repr_timeout():
    if V < (3, 11):
        log("no timeout")
        return
    await in_timeout(1, 5)
    await in_timeout(5, 1)
    await in_timeout(2.0625, 5)
    await in_timeout(None, 0)
    at = asyncio.timeout_at(asyncio.get_running_loop().time() + 1.0625)
    async with at:
        log("timeout_at", repr(at))


async def child_fails():
    await asyncio.sleep(1)
    raise ValueError("child")


@scenario
async def repr_taskgroup():
    if V < (3, 11):
        log("no TaskGroup")
        return
    tg = asyncio.TaskGroup()
    log("task group", repr(tg))
    async with tg:
        log("task group", repr(tg))
        tg.create_task(sleeper(1))
        tg.create_task(sleeper(2))
        log("task group", repr(tg))
    log("task group", repr(tg))
    tg2 = asyncio.TaskGroup()
    try:
        async with tg2:
            tg2.create_task(child_fails())
            tg2.create_task(sleeper(5))
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                log("task group", repr(tg2))
                raise
    except BaseException as e:  # an ExceptionGroup
        log("raised", type(e).__name__)
    log("task group", repr(tg2))


@scenario
async def repr_callbacks():
    """The callbacks asyncio's own combinators put on the futures they watch."""
    loop = asyncio.get_running_loop()
    t = named(sleeper(1), "t")
    w = named(asyncio.wait_for(t, 5), "w")
    await asyncio.sleep(0)
    if V >= (3, 10):
        # Before 3.10 the partial's argument shows a task wakeup's address, cut by reprlib.
        log("wait_for", repr(t))
    await w
    t = named(sleeper(1), "t2")
    w = named(asyncio.wait([t], timeout=5), "w2")
    await asyncio.sleep(0)
    log("wait", repr(t))
    await w
    t = named(sleeper(1), "t3")
    s = asyncio.shield(t)
    log("shield inner", repr(t))
    log("shield outer", repr(s))
    await s
    f = loop.create_future()
    a = named(first_of(asyncio.as_completed([f])), "a")
    await asyncio.sleep(0)
    log("as_completed", repr(f))
    f.set_result(1)
    await a
    if V >= (3, 11):
        async with asyncio.TaskGroup() as tg:
            c = tg.create_task(sleeper(1))
            log("task group child", repr(c).replace(c.get_name(), "N"))
            await asyncio.sleep(0)
            log("task group child", repr(c).replace(c.get_name(), "N"))


async def first_of(iterator):
    for f in iterator:
        return await f


@plain
def repr_debug():
    loop = asyncio.new_event_loop()
    loop.set_debug(True)
    loop.slow_callback_duration = 1e9

    async def body():
        f = loop.create_future()
        log("future", repr(f))
        t = named(sleeper(1), "t")
        log("task", repr(t))
        await asyncio.sleep(0)
        log("task", repr(t))
        t.cancel()
        f.cancel()
        log("future", repr(f))

    loop.run_until_complete(body())
    loop.close()
    if V >= (3, 12):
        loop = asyncio.new_event_loop()
        loop.set_task_factory(asyncio.eager_task_factory)

        async def eager():
            t = named(returns(5), "eager")
            log("eager done at once", repr(t))
            t = named(sleeper(1), "eager2")
            log("eager suspended", repr(t))
            t.cancel()

        loop.run_until_complete(eager())
        loop.close()


# -- errors outside tasks -------------------------------------------------------------------


class Capture(logging.Handler):
    """Logs what the ``asyncio`` logger receives: level, message (without traceback
    frames, which are source locations) and the exception."""

    def emit(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        log("logged", record.levelname, repr(without_frames(record.getMessage())), "exception", repr(exc))


def without_frames(text):
    """A traceback's frames (``  File "...", line N, in f`` and the source lines under
    them) are source locations: they are dropped."""
    kept, in_frame = [], False
    for line in text.split("\n"):
        if line.startswith("  File "):
            in_frame = True
        elif not (in_frame and line.startswith("    ")):
            in_frame = False
            kept.append(line)
    return "\n".join(kept)


def capturing():
    logger = logging.getLogger("asyncio")
    handler = Capture()
    logger.addHandler(handler)
    logger.propagate = False
    return lambda: (logger.removeHandler(handler), setattr(logger, "propagate", True))


def boom(*args):
    raise ValueError("callback", *args)


class BadRepr:
    def __repr__(self):
        raise KeyError("repr")


def recording_handler(loop, context):
    log("handler got", sorted(context), repr(context.get("message")), repr(context.get("exception")))
    for key in sorted(context):
        if key in ("source_traceback", "handle_traceback"):
            log("  ", key, "<traceback>")
        elif key not in ("message", "exception"):
            log("  ", key, repr(context[key]))


@scenario
async def errors_handler():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(recording_handler)
    log("handler is", loop.get_exception_handler() is recording_handler)
    loop.call_soon(boom, 1, "two")
    loop.call_later(0.5, boom)
    fut = loop.create_future()
    fut.add_done_callback(boom)
    fut.set_result(3)
    failed = loop.create_future()
    failed.add_done_callback(boom)
    failed.set_exception(KeyError("k"))
    failed.exception()
    await asyncio.sleep(1)
    loop.call_exception_handler({"message": "custom", "future": fut, "extra": [1, "x"]})
    loop.call_exception_handler({"exception": RuntimeError("gone")})


@scenario
async def errors_default_handler():
    loop = asyncio.get_running_loop()
    restore = capturing()
    try:
        loop.call_soon(boom, 1)
        fut = loop.create_future()
        fut.add_done_callback(boom)
        fut.set_result(None)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        loop.call_exception_handler({"message": "plain", "future": fut})
        loop.call_exception_handler({"message": ""})
        loop.default_exception_handler({"message": "called directly", "value": 5})
        loop.call_exception_handler({"message": "bad repr", "obj": BadRepr()})

        def raising_handler(loop, context):
            log("raising handler got", repr(context.get("message")))
            raise KeyError("handler")

        loop.set_exception_handler(raising_handler)
        loop.call_soon(boom)
        await asyncio.sleep(0)
        loop.call_exception_handler({"message": "bad repr again", "obj": BadRepr()})

        def chaining_handler(loop, context):
            log("chaining handler got", repr(context.get("message")))
            loop.default_exception_handler(context)

        loop.set_exception_handler(chaining_handler)
        loop.call_later(1, boom, "later")
        await asyncio.sleep(2)
        loop.set_exception_handler(None)
        log("handler is", loop.get_exception_handler())
    finally:
        restore()


@plain
def errors_debug():
    restore = capturing()
    try:
        loop = asyncio.new_event_loop()
        loop.set_debug(True)
        loop.slow_callback_duration = 1e9
        loop.set_exception_handler(recording_handler)
        loop.call_soon(boom, "debug")
        loop.run_until_complete(asyncio.sleep(0))
        loop.set_exception_handler(None)
        loop.call_soon(boom, "debug")
        loop.call_soon(loop.call_exception_handler, {"message": "from a debug callback"})
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()
    finally:
        restore()


@plain
def errors_base_exception():
    """What the loop lets through: SystemExit and KeyboardInterrupt; before 3.8 any
    BaseException that is not an Exception."""
    for exc in (GeneratorExit("out"), KeyboardInterrupt(), asyncio.CancelledError()):
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(recording_handler)

        def raiser(exc=exc):
            raise exc

        loop.call_soon(raiser)
        try:
            loop.run_until_complete(asyncio.sleep(0))
            log(type(exc).__name__, "was reported")
        except BaseException as e:
            log(type(exc).__name__, "propagated:", type(e).__name__)
        loop.close()
        loop = asyncio.new_event_loop()

        def handler_raises(loop, context, exc=exc):
            raise exc

        loop.set_exception_handler(handler_raises)
        loop.call_soon(boom)
        restore = capturing()
        try:
            loop.run_until_complete(asyncio.sleep(0))
            log(type(exc).__name__, "from the handler was reported")
        except BaseException as e:
            log(type(exc).__name__, "from the handler propagated:", type(e).__name__)
        finally:
            restore()
        loop.close()


# -- warnings -------------------------------------------------------------------------------


def recording_warnings():
    """Record every warning while the scenario runs, as the kit's harness does."""
    cw = warnings.catch_warnings()
    cw.__enter__()
    warnings.simplefilter("always")

    def show(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        if issubclass(category, ResourceWarning) or "was never awaited" in text:
            return
        log("warning", category.__name__, text)

    warnings.showwarning = show
    return lambda: cw.__exit__(None, None, None)


def outcome_of(make):
    try:
        made = make()
    except (TypeError, Warning) as e:
        return "%s: %s" % (type(e).__name__, e)
    return "made %s" % type(made).__name__


@scenario
async def warnings_loop_argument():
    loop = asyncio.get_running_loop()
    restore = recording_warnings()
    try:
        for cls in (asyncio.Lock, asyncio.Event, asyncio.Condition, asyncio.Semaphore, asyncio.BoundedSemaphore,
                    asyncio.Queue, asyncio.LifoQueue, asyncio.PriorityQueue):
            log(cls.__name__, outcome_of(lambda: cls(loop=loop)))
        if V >= (3, 11):
            log("Barrier", outcome_of(lambda: asyncio.Barrier(2, loop=loop)))
        lock = asyncio.Lock()
        log("Condition(lock)", outcome_of(lambda: asyncio.Condition(lock, loop=loop)))
        try:
            asyncio.Semaphore(-1, loop=loop)
        except (ValueError, TypeError) as e:
            log("Semaphore(-1)", type(e).__name__, e)
    finally:
        restore()


@scenario
async def warnings_once_per_module():
    # "once" and "module" keep a text back per module until the filters change (the C
    # warn); what Condition, BoundedSemaphore and Queue make inside warns from
    # asyncio.locks / asyncio.queues (3.8 and 3.9); "error" raises at the call.
    loop = asyncio.get_running_loop()
    restore = recording_warnings()
    try:
        for action in ("once", "module", "once"):
            warnings.simplefilter(action, DeprecationWarning)
            log(action)
            log("Condition", outcome_of(lambda: asyncio.Condition(loop=loop)))
            log("BoundedSemaphore", outcome_of(lambda: asyncio.BoundedSemaphore(1, loop=loop)))
            log("Queue", outcome_of(lambda: asyncio.Queue(0, loop=loop)))
            for _ in range(2):
                warnings.warn("w", DeprecationWarning)
            warnings.warn("w", UserWarning)
        warnings.simplefilter("ignore", Warning)
        warnings.simplefilter("error", DeprecationWarning)
        log("Lock", outcome_of(lambda: asyncio.Lock(loop=loop)))
        warnings.warn("quiet", UserWarning)
        log("UserWarning ignored")
    finally:
        restore()


async def returns_one():
    return 1


@scenario
async def warnings_wait_coroutines():
    restore = recording_warnings()
    try:
        t = named(returns_one(), "t")
        try:
            done, pending = await asyncio.wait([returns_one(), t])
            log("done", len(done), "pending", len(pending))
        except TypeError as e:
            log("TypeError", e)
        try:
            done, pending = await asyncio.wait([t])
            log("tasks only: done", len(done))
        except TypeError as e:
            log("TypeError", e)
    finally:
        restore()


@plain
def warnings_get_event_loop():
    restore = recording_warnings()
    try:
        asyncio.set_event_loop(None)
        try:
            asyncio.get_event_loop()
            log("no loop set: got one")
        except RuntimeError as e:
            log("no loop set: RuntimeError", e)
        from virtual_time import install

        with warnings.catch_warnings():  # 3.14 deprecates the policy functions themselves
            warnings.simplefilter("ignore")
            asyncio.set_event_loop_policy(None)
            install()
        try:
            loop = asyncio.get_event_loop()
            log("fresh policy: got one")
            loop.close()
        except RuntimeError as e:
            log("fresh policy: RuntimeError", e)
        asyncio.set_event_loop(None)
    finally:
        restore()


@plain
def warnings_filters():
    """The warnings machinery itself: filters, actions, registries, catch_warnings."""
    cw = warnings.catch_warnings()
    cw.__enter__()
    shown = []
    warnings.showwarning = lambda message, category, *rest, **kw: shown.append("%s: %s" % (category.__name__, message))
    try:
        warnings.resetwarnings()
        warnings.onceregistry.clear()
        for _ in range(2):  # "default" shows a text once per line: the same line here
            warnings.warn("first")
        warnings.warn("second", RuntimeWarning)
        log("no filters, default action:", shown)
        del shown[:]
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.warn("quiet", RuntimeWarning)
        for _ in range(2):
            warnings.warn("loud", UserWarning)
        log("ignore RuntimeWarning:", shown)
        del shown[:]
        warnings.simplefilter("always")
        warnings.warn("again")
        warnings.warn("again")
        log("always:", shown)
        del shown[:]
        warnings.simplefilter("once")
        warnings.warn("one", DeprecationWarning)
        warnings.warn("one", DeprecationWarning)
        warnings.warn("one", UserWarning)
        log("once:", shown)
        del shown[:]
        warnings.filterwarnings("error", message="fatal", category=UserWarning)
        try:
            warnings.warn("FATAL thing")
        except UserWarning as e:
            log("error action raised", type(e).__name__, e.args)
        warnings.warn("not fatal")
        warnings.warn(DeprecationWarning("an instance"))
        log("message filter:", shown)
        del shown[:]
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            warnings.warn("recorded", FutureWarning)
        log("recorded:", ["%s: %s" % (x.category.__name__, x.message) for x in w], "shown:", shown)
        warnings.resetwarnings()
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.warn("pending", PendingDeprecationWarning)
        warnings.warn("deprecated", DeprecationWarning)
        log("after reset:", shown)
        del shown[:]
        warnings.resetwarnings()
        log("filters after reset:", len(warnings.filters))
    finally:
        cw.__exit__(None, None, None)


if __name__ == "__main__":
    main()
