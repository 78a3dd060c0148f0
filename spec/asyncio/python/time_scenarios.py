"""Small programs on degenerate times and the clock resolution (asyncio/base_events.py's
_run_once, tasks.sleep, wait_for, wait, as_completed, timeouts): delays of 0, negative,
huge, inf and nan; call_at in the past; timeouts of 0, inf and nan; deadlines within the
clock resolution (1e-9) of each other. Each runs on CPython's own loop with the virtual
clock of python-reference/virtual_time.py, whose rules for an infinite deadline and for
times past the clock's precision asyncio-ts's virtual loop shares;
spec/asyncio/time_scenarios.ts holds the same programs in TypeScript.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio

from scenario_support import V, log, main, plain, scenario

INF = float("inf")
NAN = float("nan")


def now():
    return repr(asyncio.get_event_loop().time())


def describe(e):
    return "%s %r" % (type(e).__name__, e.args)


async def ticker(n):
    for i in range(n):
        log("tick", i, now())
        await asyncio.sleep(0)


@scenario
async def sleep_degenerate():
    # How many iterations each sleep costs shows in how many ticks pass meanwhile.
    for label, d in (("0", 0), ("-1", -1), ("-inf", -INF), ("1e-10", 1e-10), ("nan", NAN), ("2.5e-9", 2.5e-9)):
        t = asyncio.ensure_future(ticker(4))
        try:
            await asyncio.sleep(d)
            log("slept", label, now())
        except ValueError as e:
            log("sleep", label, "raised", describe(e))
        await t


@scenario
async def callback_order():
    loop = asyncio.get_event_loop()
    t0 = loop.time()

    def cb(label):
        log("callback", label, now())

    await asyncio.sleep(0.5)
    loop.call_at(INF, cb, "at inf")
    loop.call_later(0.001, cb, "later 0.001")
    loop.call_later(2e-9, cb, "later 2e-9")
    loop.call_later(1e-9, cb, "later 1e-9")
    loop.call_later(1e-10, cb, "later 1e-10")
    loop.call_at(t0, cb, "at the start (past)")
    loop.call_later(NAN, cb, "later nan")
    loop.call_at(NAN, cb, "at nan")
    loop.call_at(-INF, cb, "at -inf")
    loop.call_later(-1, cb, "later -1")
    loop.call_later(0, cb, "later 0")
    loop.call_soon(cb, "soon")
    loop.call_later(0.25, cb, "later 0.25")
    log("scheduled", now())
    await asyncio.sleep(0)
    log("main after one iteration", now())
    await asyncio.sleep(1)
    log("main", now())


@scenario
async def resolution_window():
    async def two_steps():
        await asyncio.sleep(0.1)
        await asyncio.sleep(0.2)
        log("0.1 + 0.2 woke", now())

    async def one_step():
        await asyncio.sleep(0.3)
        log("0.3 woke", now())

    a = asyncio.ensure_future(two_steps())
    b = asyncio.ensure_future(one_step())
    await asyncio.gather(a, b)
    # A timer under the resolution is due in the iteration that runs next, even with work ready.
    t = asyncio.ensure_future(ticker(3))
    asyncio.get_event_loop().call_later(5e-10, log, "5e-10 timer")
    asyncio.get_event_loop().call_later(1e-9, log, "1e-9 timer")
    await t
    await asyncio.sleep(0.01)


@scenario
async def huge_delays():
    loop = asyncio.get_event_loop()
    for label, d in (("86400", 86400), ("86401.5", 86401.5), ("1e9", 1e9), ("1e-10", 1e-10), ("0.25", 0.25), ("1e300", 1e300), ("0", 0), ("1e-300", 1e-300)):
        await asyncio.sleep(d)
        log("slept", label, now())
    loop.call_later(0.5, log, "callback 0.5")
    loop.call_later(1e-9, log, "callback 1e-9")
    await asyncio.sleep(1)
    log("end", now())


@plain
def infinite_deadlines():
    for label in ("sleep", "call_later", "wait_for"):
        loop = asyncio.new_event_loop()

        async def body():
            if label == "sleep":
                t = asyncio.ensure_future(asyncio.sleep(INF))
                await asyncio.sleep(1)
                await t
            elif label == "call_later":
                fut = loop.create_future()
                loop.call_later(INF, fut.set_result, 1)
                await fut
            else:
                await asyncio.wait_for(loop.create_future(), INF)

        try:
            loop.run_until_complete(body())
            log(label, "returned")
        except Exception as e:  # noqa: B902 - the virtual clock's Deadlock is what this shows
            log(label, type(e).__name__, "at", repr(loop.time()))
        finally:
            for task in asyncio.all_tasks(loop):
                task._log_destroy_pending = False
            loop.close()


async def slow(value, delay):
    await asyncio.sleep(delay)
    return value


@scenario
async def wait_for_degenerate():
    loop = asyncio.get_event_loop()
    for label, timeout in (("0", 0), ("-1", -1), ("inf", INF), ("nan", NAN), ("1e-10", 1e-10)):
        try:
            r = await asyncio.wait_for(slow("x", 0.5), timeout)
            log("wait_for", label, "returned", r, now())
        except asyncio.TimeoutError as e:
            log("wait_for", label, "timed out", type(e).__name__, now())
        done = loop.create_future()
        done.set_result("done")
        try:
            log("wait_for done future", label, await asyncio.wait_for(done, timeout), now())
        except asyncio.TimeoutError:
            log("wait_for done future", label, "timed out", now())


@scenario
async def wait_and_as_completed_degenerate():
    for label, timeout in (("0", 0), ("-1", -1), ("inf", INF), ("nan", NAN)):
        tasks = [asyncio.ensure_future(slow(i, 0.25 * (i + 1))) for i in range(2)]
        done, pending = await asyncio.wait(tasks, timeout=timeout)
        log("wait", label, "done", sorted(t.result() for t in done), "pending", len(pending), now())
        await asyncio.wait(tasks)
        tasks = [asyncio.ensure_future(slow(i, 0.25 * (i + 1))) for i in range(2)]
        try:
            for f in asyncio.as_completed(tasks, timeout=timeout):
                log("as_completed", label, await f, now())
        except asyncio.TimeoutError as e:
            log("as_completed", label, type(e).__name__, now())
        await asyncio.wait(tasks)


@scenario
async def timeout_degenerate():
    if V < (3, 11):
        log("no asyncio.timeout")
        return
    loop = asyncio.get_event_loop()
    cases = [("timeout", label, d) for label, d in (("0", 0), ("-1", -1), ("inf", INF), ("nan", NAN), ("1e-10", 1e-10))]
    cases += [("timeout_at", label, w) for label, w in (("0", 0.0), ("-inf", -INF), ("inf", INF), ("nan", NAN))]
    for kind, label, value in cases:
        cm = asyncio.timeout(value) if kind == "timeout" else asyncio.timeout_at(value)
        try:
            async with cm:
                await asyncio.sleep(0.5)
                log(kind, label, "body finished", now())
        except TimeoutError:
            log(kind, label, "expired", now())
        log(kind, label, "expired()", cm.expired(), "when", repr(cm.when()))
    loop.call_soon(log, "end")
    await asyncio.sleep(0)


if __name__ == "__main__":
    main(describe=describe)
