"""Small programs about the API a translated program meets: argument checks of wait() and
as_completed() (futures, coroutines, generators), Task-N numbering around a rejected
eager_start, which `except` clauses catch what, exception groups, builtin exception
strings, callback names in loop error messages, float times in reprs, custom awaitables,
StopAsyncIteration and the loop's iteration count. spec/asyncio/api_scenarios.ts holds
the same programs in TypeScript; they run there under the process-wide default target
(asyncio.setDefaultPython), never an explicit one.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio
import re

from scenario_support import V, log, main, plain, scenario


def number(task):
    """A task's Task-N number (3.8+)."""
    return int(task.get_name()[5:])


async def returns(value):
    return value


def describe(e):
    return "%s %r" % (type(e).__name__, e)


@scenario
async def as_completed_arguments():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result(1)

    def attempt(label, make):
        try:
            it = make()
        except TypeError as e:
            log(label, "raised when called:", describe(e))
            return
        log(label, "accepted when called")
        try:
            for f in it:
                log(label, "first item is awaitable:", hasattr(f, "__await__"))
                break
        except TypeError as e:
            log(label, "raised at the first item:", describe(e))

    attempt("future", lambda: asyncio.as_completed(fut))
    coro = returns(1)
    attempt("coroutine", lambda: asyncio.as_completed(coro))
    coro.close()
    attempt("generator", lambda: asyncio.as_completed(f for f in [fut]))
    attempt("list", lambda: asyncio.as_completed([fut]))


@scenario
async def as_completed_generator_results():
    loop = asyncio.get_running_loop()
    futs = [loop.create_future() for _ in range(3)]
    for i, f in enumerate(futs):
        loop.call_later(3 - i, f.set_result, i)
    try:
        for f in asyncio.as_completed(f for f in futs):
            log("result", await f)
    except TypeError as e:
        log(describe(e))


@scenario
async def wait_arguments():
    loop = asyncio.get_running_loop()
    done_fut = loop.create_future()
    done_fut.set_result("r")
    task = asyncio.ensure_future(returns("t"))

    async def attempt(label, fs):
        try:
            done, pending = await asyncio.wait(fs, timeout=1)
            log(label, "done", sorted(f.result() for f in done), "pending", len(pending))
        except (TypeError, ValueError, AssertionError) as e:
            log(label, describe(e))

    await attempt("future", done_fut)
    await attempt("task", task)
    coro = returns(3)
    await attempt("coroutine", coro)
    coro.close()
    await attempt("generator", (f for f in [done_fut, task]))
    await attempt("empty generator", (f for f in []))
    await attempt("empty list", [])
    await attempt("set", {done_fut})


@scenario
async def eager_start_numbering():
    if V < (3, 8):
        log("no task names")
        return
    base = number(asyncio.current_task())
    coro = returns(1)
    try:
        t = asyncio.Task(coro, loop=asyncio.get_running_loop(), eager_start=True)
        log("eager_start accepted; done at once:", t.done(), "number", number(t) - base)
    except TypeError:
        coro.close()
        log("eager_start rejected")
    log("next task number", number(asyncio.ensure_future(returns(2))) - base)
    await asyncio.sleep(0)


@scenario
async def except_clauses():
    async def slow():
        await asyncio.sleep(10)

    try:
        await asyncio.wait_for(slow(), 1)
    except BaseException as e:
        log("wait_for raises", type(e).__name__)
        log("  except asyncio.TimeoutError:", isinstance(e, asyncio.TimeoutError))
        log("  except OSError:", isinstance(e, OSError))
        log("  except Exception:", isinstance(e, Exception))
    if V >= (3, 11):
        try:
            async with asyncio.timeout(1):
                await slow()
        except BaseException as e:
            log("timeout() raises", type(e).__name__, "OSError:", isinstance(e, OSError))

    t = asyncio.ensure_future(slow())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except BaseException as e:
        log("cancellation: except Exception:", isinstance(e, Exception))
    for e in [KeyError("k"), IndexError(0), ZeroDivisionError("division by zero"), OSError("os"),
              AssertionError(), StopAsyncIteration(), TypeError("t"), NotImplementedError()]:
        log(type(e).__name__, "LookupError:", isinstance(e, LookupError), "ArithmeticError:",
            isinstance(e, ArithmeticError), "RuntimeError:", isinstance(e, RuntimeError),
            "Exception:", isinstance(e, Exception))


@scenario
async def exception_strings():
    for e in [KeyError("user"), KeyError("a", "b"), KeyError(), ValueError("bad", 3), ValueError(None),
              RuntimeError("boom"), ZeroDivisionError("division by zero"), OSError("disk")]:
        log(type(e).__name__, "str:", str(e), "repr:", repr(e), "args:", e.args)


@scenario
async def exception_groups():
    if V < (3, 11):
        log("no exception groups")
        return
    eg = ExceptionGroup("m", [ValueError(1), TypeError(2), ExceptionGroup("n", [ValueError(3), KeyError(4)])])
    log("message", eg.message, "str", str(eg), "args", eg.args)
    log("exceptions", eg.exceptions)
    log("split ValueError", eg.split(ValueError))
    log("split (KeyError, TypeError)", eg.split((KeyError, TypeError)))
    log("split OSError", eg.split(OSError))
    log("subgroup predicate", repr(eg.subgroup(lambda e: isinstance(e, ValueError))))
    log("subgroup ExceptionGroup is eg", eg.subgroup(ExceptionGroup) is eg)
    log("derive", repr(eg.derive([ValueError(9)])))
    log("BaseExceptionGroup of ordinary", type(BaseExceptionGroup("b", [ValueError()])).__name__)
    log("BaseExceptionGroup split", BaseExceptionGroup("b", [ValueError(1), KeyboardInterrupt()]).split(ValueError))
    log("isinstance Exception", isinstance(eg, Exception))
    for make in [lambda: ExceptionGroup("m", []), lambda: ExceptionGroup("m", [KeyboardInterrupt()]),
                 lambda: ExceptionGroup(1, [ValueError()]), lambda: eg.split(1)]:
        try:
            make()
        except (TypeError, ValueError) as e:
            log(describe(e))

    class Boom(Exception):
        pass

    async def fails(n):
        await asyncio.sleep(n)
        raise Boom(n)

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails(1))
            tg.create_task(fails(2))
    except BaseExceptionGroup as e:
        log("task group:", type(e).__name__, e.message, len(e.exceptions))
        match, rest = e.split(Boom)
        log("split Boom", repr(match), rest)


@scenario
async def callback_names():
    loop = asyncio.get_running_loop()
    messages = []
    loop.set_exception_handler(lambda loop, context: messages.append(context["message"]))

    class Worker:
        def on_done(self, fut):
            raise ValueError("worker")

    loop.call_soon(lambda: 1 / 0)
    loop.call_soon(lambda x: 1 / 0, 5)
    f = loop.create_future()
    f.add_done_callback(Worker().on_done)
    f.set_result(None)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    for m in messages:
        log(m)


@scenario
async def float_reprs():
    loop = asyncio.get_running_loop()

    def cb():
        pass

    await asyncio.sleep(3)
    h = loop.call_later(3, cb)
    log(repr(h))
    h.cancel()
    log("time", repr(loop.time()))
    if V >= (3, 11):
        async with asyncio.timeout(6) as cm:
            log(repr(cm))
            log("when", repr(cm.when()))


@scenario
async def custom_awaitables():
    class Delayed:
        def __init__(self, value):
            self.value = value

        def __await__(self):
            yield from asyncio.sleep(1).__await__()
            return self.value

    log("await", await Delayed("direct"))
    log("gather", await asyncio.gather(Delayed(1), Delayed(2)))
    t = asyncio.ensure_future(Delayed(3))
    log("ensure_future gives a Task:", isinstance(t, asyncio.Task))
    log("running", re.search(r"coro=<([^(]*)\(", repr(t)).group(1))
    log("its result", await t)
    log("shield", await asyncio.shield(Delayed(4)))


@scenario
async def self_await():
    # A task that awaits itself gets RuntimeError at once, but keeps its future-blocking
    # mark: the C FutureIter then refuses every later await of it, its own and others'.
    me = asyncio.current_task()
    for attempt in range(2):
        try:
            await me
        except RuntimeError as e:
            log("attempt", attempt, str(e).split(":")[0])

    async def other():
        try:
            await me
        except RuntimeError as e:
            return str(e)

    o = asyncio.ensure_future(other())
    await asyncio.sleep(0)
    log("another task:", o.result())


@scenario
async def future_set_exception():
    # An exception class is instantiated; a StopIteration is refused (up to 3.12) or
    # replaced by a RuntimeError caused by it (3.13+).
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_exception(ValueError)
    log("class:", repr(f.exception()))
    f = loop.create_future()
    try:
        f.set_exception(StopIteration(5))
        e = f.exception()
        log("StopIteration became", type(e).__name__, e.args, "cause", repr(e.__cause__), "context", repr(e.__context__))
    except TypeError as e:
        log("StopIteration refused:", e)
    log("future done:", f.done())
    # A subclass: stored as it is up to 3.12 (`type(exc) is StopIteration`), replaced from 3.13.

    class Stop(StopIteration):
        pass

    f = loop.create_future()
    f.set_exception(Stop(6))
    e = f.exception()
    log("subclass became", type(e).__name__, e.args, "cause", repr(e.__cause__))


@scenario
async def debug_callback_checks():
    # In debug mode the loop refuses coroutines and what cannot be called, naming the method.
    loop = asyncio.get_running_loop()
    loop.set_debug(True)

    async def coro_fn():
        pass

    c = coro_fn()
    calls = [
        ("call_soon 1", lambda: loop.call_soon(1)),
        ("call_soon coroutine function", lambda: loop.call_soon(coro_fn)),
        ("call_later coroutine", lambda: loop.call_later(1, c)),
        ("call_at None", lambda: loop.call_at(loop.time() + 1, None)),
        ("call_soon_threadsafe 1", lambda: loop.call_soon_threadsafe(1)),
        ("call_soon_threadsafe coroutine", lambda: loop.call_soon_threadsafe(c)),
    ]
    for name, call in calls:
        try:
            call()
            log(name, "accepted")
        except TypeError as e:
            log(name, "TypeError:", e)
    c.close()
    loop.set_debug(False)


@scenario
async def stop_async_iteration():
    class Countdown:
        def __init__(self, n):
            self.n = n

        def __aiter__(self):
            return self

        async def __anext__(self):
            await asyncio.sleep(0)
            if self.n == 0:
                raise StopAsyncIteration
            self.n -= 1
            return self.n

    async for i in Countdown(3):
        log("item", i)
    log("after the loop")


@plain
def iteration_count():
    loop = asyncio.new_event_loop()
    count = [0]
    original = loop._run_once

    def counting():
        count[0] += 1
        original()

    loop._run_once = counting

    async def child():
        log("child starts in iteration", count[0])
        await asyncio.sleep(0)
        log("child resumes in iteration", count[0])

    async def main_coro():
        log("main starts in iteration", count[0])
        loop.call_soon(lambda: log("callback in iteration", count[0]))
        t = asyncio.ensure_future(child())
        await asyncio.sleep(1)
        log("main after sleep in iteration", count[0])
        await t

    loop.run_until_complete(main_coro())
    log("after run_until_complete", count[0])
    loop.close()


if __name__ == "__main__":
    main()
