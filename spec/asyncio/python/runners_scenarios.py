"""asyncio.run and asyncio.Runner (3.11+) on each release: results and errors, a main that
raises or is cancelled, debug, the shutdown sequence (leftover tasks cancelled and run,
errors reported, async generators closed, the default executor shut down) measured by the
iterations it takes and the Task-N numbers it uses, a Runner run several times, closed,
closed twice, used after close, given a loop factory. spec/asyncio/runners_scenarios.ts
holds the same programs in TypeScript.

Each program leaves at most one task and one async generator for the shutdown, since
CPython cancels and closes them in set order.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio
import sys

from scenario_support import V, log, main, plain

KEEP = []


def ex(e):
    return "%s %s" % (type(e).__name__, e)


def number(task):
    return int(task.get_name()[5:])


def attempt(label, f):
    try:
        log(label, "->", repr(f()))
    except BaseException as e:  # noqa: B902 - the outcome is the output
        log(label, "raised", ex(e))


async def returns(value):
    return value


@plain
def run_basics():
    attempt("run returns", lambda: asyncio.run(returns(42)))

    async def raising():
        loop = asyncio.get_running_loop()

        async def leftover():
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                log("leftover cancelled at", loop.time())
                await asyncio.sleep(1)
                log("leftover cleaned up at", loop.time())
                raise

        asyncio.ensure_future(leftover())
        await asyncio.sleep(2)
        raise ValueError("main failed")

    attempt("run raises", lambda: asyncio.run(raising()))
    attempt("run of an int", lambda: asyncio.run(1))

    async def nested():
        coro = returns(1)
        try:
            asyncio.run(coro)
        except RuntimeError as e:
            log("nested run raised", ex(e))
        coro.close()

    attempt("run with a nested run", lambda: asyncio.run(nested()))

    async def self_cancelling():
        asyncio.current_task().cancel()
        await asyncio.sleep(0)

    attempt("run of a cancelled main", lambda: asyncio.run(self_cancelling()))

    async def debug_state():
        return asyncio.get_running_loop().get_debug()

    attempt("debug default", lambda: asyncio.run(debug_state()))
    attempt("debug True", lambda: asyncio.run(debug_state(), debug=True))
    attempt("debug False", lambda: asyncio.run(debug_state(), debug=False))


@plain
def run_reports_shutdown_errors():
    def handler(loop, context):
        log("handler:", context["message"], sorted(context), ex(context["exception"]))

    async def stubborn():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            raise ValueError("refused to die")

    async def swallowing():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            log("swallowed at", asyncio.get_running_loop().time())
            return "kept going"

    async def leave(coro_fn):
        asyncio.get_running_loop().set_exception_handler(handler)
        t = asyncio.ensure_future(coro_fn())
        KEEP.append(t)
        await asyncio.sleep(1)

    attempt("a task raising at shutdown", lambda: asyncio.run(leave(stubborn)))
    log("its state:", KEEP[-1].done(), ex(KEEP[-1].exception()))
    attempt("a task swallowing its cancellation", lambda: asyncio.run(leave(swallowing)))
    log("its result:", KEEP[-1].result())
    del KEEP[:]


def tick_counter(loop, ticks):
    def tick():
        ticks[0] += 1
        loop.call_soon(tick)

    loop.call_soon(tick)


@plain
def run_shutdown_costs():
    """Iterations after main returns (a call_soon chain counts them) and Task-N numbers used."""
    names = V >= (3, 8)

    async def first(leave):
        loop = asyncio.get_running_loop()
        ticks = KEEP[0]
        tick_counter(loop, ticks)
        if leave == "task":
            asyncio.ensure_future(asyncio.sleep(10))
        if leave in ("agen", "failing agen"):
            async def agen():
                try:
                    yield 1
                finally:
                    if leave == "failing agen":
                        raise ValueError("x")
            g = agen()
            KEEP.append(g)
            await g.__anext__()
        await asyncio.sleep(0)
        ticks[0] = 0
        if names:
            KEEP.append(number(asyncio.current_task()))

    async def second():
        return number(asyncio.current_task()) if names else None

    loop_handler = lambda loop, context: None  # noqa: E731
    for leave in ("nothing", "task", "agen", "failing agen"):
        KEEP[:] = [[0]]

        async def run_first(leave=leave):
            asyncio.get_running_loop().set_exception_handler(loop_handler)
            await first(leave)

        asyncio.run(run_first())
        ticks = KEEP[0][0]
        later = asyncio.run(second())
        used = later - KEEP[-1] - 1 if names else "no task names"
        log("leaving", leave + ":", "ticks after main returned", ticks, "task numbers used by the shutdown", used)
    del KEEP[:]


@plain
def runner_basics():
    if V < (3, 11):
        log("no Runner")
        return

    async def first():
        loop = asyncio.get_running_loop()

        async def background():
            for i in range(3):
                await asyncio.sleep(1)
                log("background tick", i, "at", loop.time())

        KEEP.append(asyncio.ensure_future(background()))
        await asyncio.sleep(1.5)
        return "first done at %s" % loop.time()

    async def second():
        loop = asyncio.get_running_loop()
        await asyncio.sleep(2)
        return "second done at %s" % loop.time()

    with asyncio.Runner() as runner:
        log(runner.run(first()))
        log(runner.run(second()))
        loop = runner.get_loop()
        log("background done?", KEEP[0].done())
        attempt("run of an int", lambda: runner.run(1))
        fut = loop.create_future()
        fut.set_result("f")
        attempt("run of a future", lambda: runner.run(fut))

        async def recursive():
            coro = returns(1)
            try:
                runner.run(coro)
            except RuntimeError as e:
                log("recursive run raised", ex(e))
            coro.close()

        runner.run(recursive())
    log("closed loop?", loop.is_closed())
    attempt("run after close", lambda: runner.run(returns(1)))
    attempt("close again", lambda: runner.close())
    attempt("get_loop after close", lambda: runner.get_loop())
    r = asyncio.Runner(debug=True)
    attempt("close before use", lambda: r.close())
    attempt("run after close before use", lambda: r.run(returns(2)))
    r = asyncio.Runner(debug=True)
    log("debug loop:", r.get_loop().get_debug())
    r.close()
    r = asyncio.Runner()

    async def stays():
        loop = asyncio.get_running_loop()

        async def stubborn():
            try:
                await asyncio.sleep(10)
            finally:
                log("left over until close, cancelled at", loop.time())

        KEEP.append(asyncio.ensure_future(stubborn()))
        await asyncio.sleep(1)

    r.run(stays())
    log("before close, pending:", not KEEP[-1].done())
    r.close()
    log("after close, cancelled:", KEEP[-1].cancelled())
    del KEEP[:]


@plain
def loop_factories():
    made = []

    def factory():
        loop = asyncio.new_event_loop()
        made.append(loop)
        return loop

    async def which():
        return asyncio.get_running_loop() is made[-1]

    if V >= (3, 11):
        with asyncio.Runner(loop_factory=factory) as runner:
            log("runner uses the factory's loop:", runner.run(which()))
        log("factory loop closed:", made[-1].is_closed())
    else:
        log("no Runner")
    if V >= (3, 12):
        log("run uses the factory's loop:", asyncio.run(which(), loop_factory=factory))
    else:
        try:
            asyncio.run(which(), loop_factory=factory)
        except TypeError:
            log("run takes no loop_factory")


if __name__ == "__main__":
    main(describe=ex)
