"""Small programs about exception semantics on each release: the class hierarchy of the
exceptions asyncio raises (and of the built-ins next to them), which `except` clauses catch
them, the `__cause__`/`__context__` chains asyncio sets itself (wait_for and timeout,
cancellation, task groups), and `except*` over exception groups (3.11+).
spec/asyncio/exception_scenarios.ts holds the same programs in TypeScript, run under the
process-wide default target; where Python chains an exception implicitly (a `raise` inside
an `except` block) the TypeScript twin says so with `asyncio.withContext`.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio

from scenario_support import V, log, main, scenario


def mro(e):
    return "/".join(c.__name__ for c in type(e).__mro__[:-1])


def chain(e, depth=0):
    """An exception, its message or arguments, and (recursively) its cause and context."""
    if e is None:
        return "-"
    if depth > 4:
        return "..."
    if isinstance(e, BaseException) and hasattr(e, "exceptions"):
        text = "%s(%r, [%s])" % (type(e).__name__, e.message, ", ".join(chain(x, depth + 1) for x in e.exceptions))
    else:
        text = "%s%r" % (type(e).__name__, e.args)
    if e.__cause__ is not None:
        text += " cause=" + chain(e.__cause__, depth + 1)
    if e.__context__ is not None:
        text += " context=" + chain(e.__context__, depth + 1)
    return "{" + text + "}"


class AlphaError(Exception):
    pass


class BetaError(Exception):
    pass


async def slow():
    await asyncio.sleep(10)


async def caught(label, awaitable):
    try:
        await awaitable
    except BaseException as e:  # noqa: B902 - what is raised is the scenario's output
        log(label, chain(e))
        return e
    log(label, "returned")
    return None


@scenario
async def hierarchy():
    loop = asyncio.get_running_loop()
    e = await caught("wait_for raises", asyncio.wait_for(slow(), 1))
    log("  mro", mro(e))
    t = asyncio.ensure_future(slow())
    await asyncio.sleep(0)
    t.cancel()
    e = await caught("a cancelled task raises", t)
    log("  mro", mro(e))
    f = loop.create_future()
    f.set_result(1)
    try:
        f.set_result(2)
    except BaseException as e:  # noqa: B902
        log("set_result twice:", mro(e))
    for e in [TimeoutError("builtin"), OSError("os"), ConnectionResetError(), AlphaError(1)]:
        log(type(e).__name__, "mro", mro(e))
    if V >= (3, 11):
        log("ExceptionGroup mro", mro(ExceptionGroup("m", [AlphaError(1)])))
        log("BaseExceptionGroup mro", mro(BaseExceptionGroup("m", [KeyboardInterrupt()])))
        log("BrokenBarrierError mro", mro(asyncio.BrokenBarrierError()))
        e = await caught("timeout() raises", timed_out())
        log("  mro", mro(e))


async def timed_out():
    async with asyncio.timeout(1):
        await slow()


@scenario
async def except_timeout_clauses():
    async def raise_builtin():
        raise TimeoutError("builtin")

    for label, make in [("asyncio's", lambda: asyncio.wait_for(slow(), 1)), ("builtin", raise_builtin)]:
        for clause, cls in [("asyncio.TimeoutError", asyncio.TimeoutError), ("TimeoutError", TimeoutError),
                            ("OSError", OSError), ("Exception", Exception)]:
            try:
                await make()
            except cls:
                log(label, "caught by except", clause)
            except BaseException:  # noqa: B902
                log(label, "not caught by except", clause)


@scenario
async def wait_for_chains():
    e = await caught("timed out", asyncio.wait_for(slow(), 1))
    e = await caught("timeout 0", asyncio.wait_for(slow(), 0))

    async def swallows():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            raise AlphaError("on cancel")

    e = await caught("inner raises on cancel", asyncio.wait_for(swallows(), 1))


@scenario
async def cancellation_chains():
    async def victim(how):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            if how == "reraise":
                raise
            if how == "raise":
                raise AlphaError("instead")

    for how in ["reraise", "raise", "none"]:
        t = asyncio.ensure_future(victim(how))
        await asyncio.sleep(0)
        t.cancel()
        await caught("victim " + how + ": first await", t)
        await caught("victim " + how + ": second await", t)
    child = asyncio.ensure_future(slow())
    outer = asyncio.gather(child)
    await asyncio.sleep(0)
    child.cancel()
    await caught("gather of a cancelled child", outer)
    t = asyncio.ensure_future(victim("reraise"))
    outer = asyncio.gather(t)
    await asyncio.sleep(0)
    outer.cancel()
    await caught("cancelled gather", outer)


@scenario
async def timeout_chains():
    if V < (3, 11):
        log("no asyncio.timeout")
        return

    async def body(how):
        async with asyncio.timeout(1):
            try:
                await slow()
            except asyncio.CancelledError:
                if how == "raise":
                    raise AlphaError("instead")
                if how == "group":
                    raise ExceptionGroup("g", [AlphaError(1), BetaError(2)])
                raise

    for how in ["reraise", "raise", "group"]:
        await caught("timeout body " + how, body(how))


@scenario
async def task_group_chains():
    if V < (3, 11):
        log("no TaskGroup")
        return

    async def fails(n, delay):
        await asyncio.sleep(delay)
        raise AlphaError(n)

    async def group(body_raises):
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails(1, 1))
            tg.create_task(fails(2, 1))
            tg.create_task(slow())
            if body_raises:
                await asyncio.sleep(0.5)
                raise BetaError("body")

    await caught("children fail", group(False))
    await caught("body raises", group(True))


# except* is a syntax error before 3.11, so its scenario is compiled only where it exists.
STAR_SOURCE = """
def except_star_cases(log, chain, AlphaError, BetaError):
    def run(label, f):
        try:
            f()
        except BaseException as e:  # noqa: B902
            log(label, chain(e), repr(e))
        else:
            log(label, "nothing")

    def nested():
        return ExceptionGroup("g", [AlphaError(1), BetaError(2), ExceptionGroup("h", [AlphaError(3), KeyError(4)])])

    def handled():
        try:
            raise nested()
        except* AlphaError as eg:
            log("  handler got", chain(eg))

    def new_raise():
        try:
            raise nested()
        except* AlphaError:
            raise BetaError(9)

    def bare():
        try:
            raise ExceptionGroup("g", [AlphaError(1), BetaError(2)])
        except* AlphaError:
            raise
        except* BetaError:
            raise KeyError(5)

    def naked(how):
        def f():
            try:
                raise AlphaError(1)
            except* AlphaError:
                if how == "bare":
                    raise
                if how == "new":
                    raise BetaError(2)
            except* BetaError:
                pass
        return f

    def inside_handler():
        try:
            raise KeyError(0)
        except KeyError:
            try:
                raise ExceptionGroup("g", [AlphaError(1), BetaError(2)])
            except* AlphaError:
                raise BetaError(3)

    def by_exception():
        try:
            raise ExceptionGroup("g", [AlphaError(1), BetaError(2)])
        except* Exception as eg:
            log("  except* Exception got", chain(eg))
            raise

    def cancellation():
        try:
            raise BaseExceptionGroup("b", [asyncio.CancelledError(), AlphaError(1)])
        except* asyncio.CancelledError as eg:
            log("  cancelled part", chain(eg))

    run("handled", handled)
    run("new raise", new_raise)
    run("bare and new", bare)
    for how in ["bare", "new", "pass"]:
        run("naked " + how, naked(how))
    run("inside a handler", inside_handler)
    run("except* Exception", by_exception)
    run("cancellation", cancellation)
    for label, bad in [("ExceptionGroup", ExceptionGroup), ("a tuple with BaseExceptionGroup", (AlphaError, BaseExceptionGroup))]:
        try:
            try:
                raise AlphaError(1)
            except* bad:
                pass
        except TypeError as e:
            log("except*", label, "TypeError:", e)
"""


@scenario
async def except_star():
    if V < (3, 11):
        log("no except*")
        return
    namespace = {"asyncio": asyncio}
    exec(STAR_SOURCE, namespace)
    namespace["except_star_cases"](log, chain, AlphaError, BetaError)


main()
