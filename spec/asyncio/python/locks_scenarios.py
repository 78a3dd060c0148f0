"""Small programs on asyncio's synchronisation primitives (asyncio/locks.py) whose output
shows what differs between CPython releases: semaphore fairness and locked(), a cancelled
Condition waiter's notification, Lock FIFO order, Event set/clear, Condition notify order,
BoundedSemaphore, Barrier (3.11+) and loop binding.
Each runs under asyncio.run on CPython's own loop with a virtual clock
(python-reference/virtual_time.py) and logs lines; spec/asyncio/locks_versions.spec.ts
holds the same programs in TypeScript.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio

from scenario_support import V, cancel, log, main, plain, scenario


def outcome(task):
    if not task.done():
        return "pending"
    if task.cancelled():
        return "cancelled"
    if task.exception() is not None:
        return "raised " + repr(task.exception())
    return "result " + repr(task.result())


@scenario
async def lock_fifo():
    lock = asyncio.Lock()
    order = []

    async def worker(name, hold):
        await lock.acquire()
        order.append(name)
        try:
            await asyncio.sleep(hold)
        finally:
            lock.release()

    log("fresh", repr(lock), lock.locked())
    await lock.acquire()
    tasks = [asyncio.ensure_future(worker(n, 0.1)) for n in ("a", "b", "c", "d")]
    await asyncio.sleep(0)
    log("four waiting", repr(lock))
    tasks[1].cancel()
    await asyncio.sleep(0)
    log("b cancelled", repr(lock))
    # Release and try to take it back at once: the head of the queue has it first.
    lock.release()
    log("released", lock.locked(), repr(lock))
    again = asyncio.ensure_future(lock.acquire())
    await asyncio.sleep(0)
    log("releaser's re-acquire", outcome(again), repr(lock))
    await asyncio.gather(*tasks, return_exceptions=True)
    log("order", order, "re-acquire", outcome(again), "at", asyncio.get_event_loop().time())
    try:
        asyncio.Lock().release()
    except RuntimeError as e:
        log("release unlocked:", repr(e))
    lock.release()


@scenario
async def lock_cancel_race():
    lock = asyncio.Lock()
    got = []

    async def lockit(name):
        await lock.acquire()
        got.append(name)
        await asyncio.sleep(0)
        lock.release()

    await lock.acquire()
    ts = [asyncio.ensure_future(lockit(n)) for n in ("t1", "t2", "t3")]
    await asyncio.sleep(0)

    def trigger():
        ts[0].cancel()
        lock.release()

    asyncio.get_event_loop().call_soon(trigger)
    await asyncio.gather(*ts, return_exceptions=True)
    log("acquired by", got, [outcome(t) for t in ts], repr(lock))
    # A waiter woken and cancelled before it runs passes the lock on.
    await lock.acquire()
    tb = asyncio.ensure_future(lock.acquire())
    await asyncio.sleep(0)
    tc = asyncio.ensure_future(lock.acquire())
    tb.cancel()
    lock.release()
    await asyncio.sleep(0)
    log("after cancel+release", lock.locked(), outcome(tb), outcome(tc), repr(lock))
    await asyncio.sleep(0)
    log("then", lock.locked(), outcome(tb), outcome(tc), repr(lock))


@scenario
async def semaphore_release_reacquire():
    sem = asyncio.Semaphore(1)
    order = []

    async def other(name):
        await sem.acquire()
        order.append(name)
        await asyncio.sleep(0)
        sem.release()

    async def releaser():
        await sem.acquire()
        order.append("r1")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        log("before release", sem.locked(), repr(sem))
        sem.release()
        log("locked() right after release", sem.locked(), repr(sem))
        await sem.acquire()
        order.append("r2")
        sem.release()

    t = asyncio.ensure_future(releaser())
    await asyncio.sleep(0)
    o = asyncio.ensure_future(other("o"))
    await asyncio.gather(t, o)
    log("order", order, repr(sem))


@scenario
async def semaphore_fifo():
    sem = asyncio.Semaphore(1)
    result = []

    async def coro(tag):
        await sem.acquire()
        result.append(tag + "_1")
        await asyncio.sleep(0.01)
        sem.release()
        await sem.acquire()
        result.append(tag + "_2")
        await asyncio.sleep(0.01)
        sem.release()

    await asyncio.gather(coro("c1"), coro("c2"), coro("c3"))
    log("sleeping holders", result)

    sem = asyncio.Semaphore(1)
    result = []

    async def c1():
        await sem.acquire()
        result.append(1)

    async def c2():
        await sem.acquire()
        result.append(2)
        sem.release()
        await sem.acquire()
        result.append(4)

    async def c3():
        await sem.acquire()
        result.append(3)

    ts = [asyncio.ensure_future(c()) for c in (c1, c2, c3)]
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    log("released twice", sem._value, sem.locked(), repr(sem))
    await asyncio.gather(*ts)
    log("release and re-acquire", result, repr(sem))


@scenario
async def semaphore_multi_wake():
    # One acquire() that succeeds wakes every waiter the value allows (3.13), or one (3.10
    # to 3.12), the others being woken in a chain.
    sem = asyncio.Semaphore(0)
    result = []

    async def c1():
        await sem.acquire()
        log("c1 acquired", sem._value, repr(sem))
        result.append(1)

    async def c2():
        sem.release()
        sem.release()
        sem.release()
        log("c2 released three times", sem._value, sem.locked(), repr(sem))
        await sem.acquire()
        log("c2 acquired", sem._value, repr(sem))
        result.append(2)

    async def c3():
        await sem.acquire()
        log("c3 acquired", sem._value, repr(sem))
        result.append(3)

    ts = [asyncio.ensure_future(c()) for c in (c1, c2, c3)]
    await asyncio.sleep(0)
    log("after one step", sem._value, repr(sem))
    for i in range(3):
        await asyncio.sleep(0)
        log("step", i, result, repr(sem))
    await asyncio.gather(*ts)
    log("order", result, repr(sem))


@scenario
async def semaphore_woken_pending():
    sem = asyncio.Semaphore(0)
    t = asyncio.ensure_future(sem.acquire())
    await asyncio.sleep(0)
    log("waiting", sem.locked(), repr(sem))
    sem.release()
    log("woken, not yet run", sem.locked(), repr(sem))
    late = asyncio.ensure_future(sem.acquire())
    await asyncio.sleep(0)
    log("after one step", sem.locked(), outcome(t), outcome(late), repr(sem))
    await asyncio.sleep(0)
    log("after two steps", sem.locked(), outcome(t), outcome(late), repr(sem))
    late.cancel()
    await asyncio.sleep(0)
    log("late cancelled", sem.locked(), outcome(late), repr(sem))


@scenario
async def semaphore_cancel():
    sem = asyncio.Semaphore(0)
    ts = [asyncio.ensure_future(sem.acquire()) for _ in range(4)]
    await asyncio.sleep(0)
    ts[0].cancel()
    ts[1].cancel()
    sem.release()
    log("cancelled two, released one", sem.locked(), repr(sem))
    await asyncio.sleep(0)
    log("step 1", [outcome(t) for t in ts], sem.locked(), repr(sem))
    await asyncio.sleep(0)
    log("step 2", [outcome(t) for t in ts], sem.locked(), repr(sem))
    for t in ts:
        t.cancel()
    await asyncio.sleep(0)
    log("all cancelled", [outcome(t) for t in ts], repr(sem))

    # A waiter woken by release() and cancelled before it runs.
    sem = asyncio.Semaphore(0)
    a = asyncio.ensure_future(sem.acquire())
    b = asyncio.ensure_future(sem.acquire())
    await asyncio.sleep(0)
    sem.release()
    a.cancel()
    log("woken then cancelled", sem.locked(), repr(sem))
    await asyncio.sleep(0)
    log("a", outcome(a), "b", outcome(b), repr(sem))
    await asyncio.sleep(0)
    log("a", outcome(a), "b", outcome(b), repr(sem))
    b.cancel()
    await asyncio.sleep(0)


@scenario
async def bounded_semaphore():
    sem = asyncio.BoundedSemaphore(2)
    log(repr(sem), sem.locked())
    await sem.acquire()
    async with sem:
        log("inside", repr(sem), sem.locked())
    sem.release()
    try:
        sem.release()
    except ValueError as e:
        log("too many:", repr(e))
    log(repr(sem))
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        log("negative:", repr(e))
    zero = asyncio.Semaphore(0)
    log("zero", repr(zero), zero.locked())


@scenario
async def event_set_clear():
    ev = asyncio.Event()
    woke = []

    async def waiter(name):
        r = await ev.wait()
        woke.append([name, r, ev.is_set()])

    ts = [asyncio.ensure_future(waiter(n)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    log("waiting", repr(ev))
    ev.set()
    ev.clear()
    log("set then clear", ev.is_set(), repr(ev))
    late = asyncio.ensure_future(waiter("late"))
    await asyncio.sleep(0)
    log("woke", woke, outcome(late), repr(ev))
    ev.set()
    log("set", repr(ev))
    await asyncio.sleep(0)
    log("woke", woke, repr(ev))
    log("wait on set", await ev.wait())
    t = asyncio.ensure_future(asyncio.Event().wait())
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    log("cancelled wait", outcome(t), *[outcome(x) for x in ts])


@scenario
async def condition_notify_order():
    cond = asyncio.Condition()
    result = []

    async def c(name):
        async with cond:
            r = await cond.wait()
            result.append([name, r])

    ts = [asyncio.ensure_future(c(n)) for n in ("c1", "c2", "c3", "c4")]
    await asyncio.sleep(0)
    log("waiting", repr(cond))
    async with cond:
        cond.notify()
        log("notified one", repr(cond))
    await asyncio.sleep(0)
    log("after notify()", result, repr(cond))
    async with cond:
        cond.notify(2)
        await asyncio.sleep(0)
        log("notify(2) while holding", result, repr(cond))
    await asyncio.sleep(0)
    log("after release", result)
    await asyncio.sleep(0)
    log("after release", result, repr(cond))
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ts)
    log("all", result, repr(cond))
    flag = []

    async def wait_for():
        async with cond:
            v = await cond.wait_for(lambda: flag and flag[-1])
            result.append(["wait_for", v])

    w = asyncio.ensure_future(wait_for())
    await asyncio.sleep(0)
    for value in (0, "", "yes"):
        async with cond:
            flag.append(value)
            cond.notify()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    log("wait_for", outcome(w), result[-1])
    try:
        cond.notify()
    except RuntimeError as e:
        log("notify unlocked:", repr(e))
    try:
        await cond.wait()
    except RuntimeError as e:
        log("wait unlocked:", repr(e))


@scenario
async def condition_cancel_notified():
    cond = asyncio.Condition()
    woke = []

    async def consumer(name):
        try:
            async with cond:
                await cond.wait()
                woke.append(name)
        except asyncio.CancelledError:
            woke.append(name + " cancelled")
            raise

    a = asyncio.ensure_future(consumer("a"))
    b = asyncio.ensure_future(consumer("b"))
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        a.cancel()
        log("notified a, cancelled a", repr(cond))
    for _ in range(4):
        await asyncio.sleep(0)
    log("woke", woke, outcome(a), outcome(b), repr(cond))
    b.cancel()
    await asyncio.gather(b, return_exceptions=True)

    # Cancelled while re-acquiring the lock after a notify.
    woke.clear()
    a = asyncio.ensure_future(consumer("a"))
    b = asyncio.ensure_future(consumer("b"))
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        await asyncio.sleep(0)
        a.cancel()
        log("a re-acquiring, cancelled", repr(cond))
    for _ in range(4):
        await asyncio.sleep(0)
    log("woke", woke, outcome(a), outcome(b), repr(cond))
    b.cancel()
    await asyncio.gather(b, return_exceptions=True)


@scenario
async def condition_cancel_message():
    cond = asyncio.Condition()
    seen = []

    async def func():
        async with cond:
            try:
                await cond.wait()
            except asyncio.CancelledError as e:
                seen.append(e)
                raise

    # Cancelled while waiting for the notification.
    t = asyncio.ensure_future(func())
    await asyncio.sleep(0)
    cancel(t, "during wait")
    try:
        await t
    except asyncio.CancelledError as e:
        log("waiting:", repr(seen[-1]), "task raised", repr(e))
    # Cancelled while re-acquiring the lock.
    t = asyncio.ensure_future(func())
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)
    cancel(t, "during re-acquire")
    cond.release()
    try:
        await t
    except asyncio.CancelledError as e:
        log("re-acquiring:", repr(seen[-1]), "task raised", repr(e))
    log(repr(cond))


@scenario
async def condition_explicit_lock():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    async with lock:
        log("lock held", cond.locked(), repr(cond))
    async with cond:
        log("cond held", lock.locked(), repr(lock))
    log("after", lock.locked(), cond.locked())


@scenario
async def barrier():
    if V < (3, 11):
        log("no Barrier")
        return
    b = asyncio.Barrier(3)
    log(repr(b), b.parties, b.n_waiting, b.broken)
    out = []

    async def party(name):
        i = await b.wait()
        out.append([name, i])

    ts = [asyncio.ensure_future(party(n)) for n in ("a", "b")]
    await asyncio.sleep(0)
    log("two waiting", repr(b), b.n_waiting)
    ts.append(asyncio.ensure_future(party("c")))
    await asyncio.sleep(0)
    log("tripped", repr(b), out)
    await asyncio.gather(*ts)
    log("drained", repr(b), out)
    one = asyncio.Barrier(1)
    async with one as i:
        log("async with Barrier(1) as", i, repr(one))


@scenario
async def barrier_reset_abort():
    if V < (3, 11):
        log("no Barrier")
        return
    b = asyncio.Barrier(3)
    errs = []

    async def party(name):
        try:
            await b.wait()
            errs.append([name, "passed"])
        except asyncio.BrokenBarrierError as e:
            errs.append([name, repr(e)])

    ts = [asyncio.ensure_future(party(n)) for n in ("a", "b")]
    await asyncio.sleep(0)
    await b.reset()
    log("reset", repr(b))
    await asyncio.gather(*ts)
    log("after reset", errs, repr(b))
    errs.clear()
    ts = [asyncio.ensure_future(party(n)) for n in ("c", "d")]
    await asyncio.sleep(0)
    await b.abort()
    log("abort", repr(b), b.broken, b.n_waiting)
    await asyncio.gather(*ts)
    ts = [asyncio.ensure_future(party("e"))]
    await asyncio.gather(*ts)
    log("after abort", errs, repr(b))
    await b.reset()
    log("reset again", repr(b), b.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        log(repr(e))


@plain
def loop_binding():
    # A lock made outside any running loop (get_event_loop() is a fresh loop), then used
    # under asyncio.run: 3.7 to 3.9 bind it to get_event_loop() at construction, so a
    # waiter's future belongs to another loop. 3.10+ bind it to the first running loop
    # that needs one, and refuse any other loop afterwards.
    asyncio.set_event_loop(asyncio.new_event_loop())
    lock = asyncio.Lock()

    def report(where, task):
        if task.cancelled():
            log(where, "cancelled")
        elif task.exception() is None:
            log(where, "result", task.result())
        else:
            e = task.exception()
            log(where, "raised", type(e).__name__,
                "attached to a different loop" in str(e),
                "bound to a different event loop" in str(e))

    async def first():
        await lock.acquire()
        t = asyncio.ensure_future(lock.acquire())
        await asyncio.sleep(0)
        lock.release()
        await asyncio.gather(t, return_exceptions=True)
        report("first run, waiter", t)
        log("locked", lock.locked())

    async def second():
        log("second run, locked", lock.locked())
        if not lock.locked():
            await lock.acquire()
        t = asyncio.ensure_future(lock.acquire())
        await asyncio.gather(t, return_exceptions=True)
        report("second run, waiter", t)

    asyncio.run(first())
    asyncio.run(second())

    # 3.7 to 3.9: a Condition and its lock must be bound to the same loop.
    asyncio.set_event_loop(asyncio.new_event_loop())
    other = asyncio.Lock()
    asyncio.set_event_loop(asyncio.new_event_loop())
    try:
        asyncio.Condition(other)
        log("Condition over a lock made under another current loop: accepted")
    except ValueError as e:
        log("Condition over a lock made under another current loop:", repr(e))
    asyncio.set_event_loop(None)


@scenario
async def coroutine_names():
    lock = asyncio.Lock()
    sem = asyncio.Semaphore(0)
    ev = asyncio.Event()
    cond = asyncio.Condition()
    await lock.acquire()
    await cond.acquire()
    coros = [lock.acquire(), sem.acquire(), ev.wait(), cond.wait(), cond.acquire(),
             cond.wait_for(lambda: True), lock.__aenter__(), cond.__aexit__(None, None, None)]
    for c in coros:
        log(repr(c))
        c.close()
    if V >= (3, 11):
        b = asyncio.Barrier(1)
        for c in (b.wait(), b.reset(), b.abort(), b.__aenter__(), b.__aexit__(None, None, None)):
            log(repr(c))
            c.close()
    cond.release()
    lock.release()


main(describe=lambda e: type(e).__name__)
