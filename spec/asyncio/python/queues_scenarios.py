"""Small programs over asyncio's queues (Queue, PriorityQueue, LifoQueue). Each runs on
CPython's own loop with a virtual clock (python-reference/virtual_time.py) and logs
lines; spec/asyncio/queues_versions.spec.ts holds the same programs in TypeScript and
compares the two on every CPython release found.

stdin: a JSON list of scenario names. stdout: {"version": "3.X.Y", "results": {name: [line, ...]}}
Runs unchanged on CPython 3.7 and newer (standard library only).
"""
import asyncio

from scenario_support import V, log, main, plain as plain_scenario, scenario


def now():
    return repr(asyncio.get_event_loop().time())


def describe(e):
    """An exception for the log; a task's repr (which carries its Task-N name) is left out."""
    msg = str(e)
    if "attached to a different loop" in msg:
        return type(e).__name__ + ": ... attached to a different loop"
    return repr(e)


def named_task(coro, name):
    loop = asyncio.get_event_loop()
    if V >= (3, 8):
        return loop.create_task(coro, name=name)
    return loop.create_task(coro)


async def settle(n=5):
    for _ in range(n):
        await asyncio.sleep(0)


@scenario
async def producers_maxsize():
    for maxsize in (1, 2, 0):
        q = asyncio.Queue(maxsize)
        log("maxsize", q.maxsize)

        async def producer(name):
            for i in range(2):
                await q.put(name + str(i))
                log("put", name + str(i), "qsize", q.qsize(), "full", q.full())

        tasks = [asyncio.ensure_future(producer(n)) for n in "ABC"]
        await asyncio.sleep(0)
        log(str(q))
        got = []
        for _ in range(6):
            got.append(await q.get())
            log("got", got[-1], str(q))
        log(" ".join(got))
        await asyncio.gather(*tasks)


@scenario
async def consumers_and_timing():
    q = asyncio.Queue(2)
    loop = asyncio.get_event_loop()

    async def producer():
        for i in range(6):
            await q.put(i)
            log("produced", i, "at", now())
            await asyncio.sleep(0.5)

    async def consumer(name, delay):
        while True:
            item = await q.get()
            log(name, "took", item, "at", now())
            await asyncio.sleep(delay)
            q.task_done()

    consumers = [asyncio.ensure_future(consumer("c1", 1)), asyncio.ensure_future(consumer("c2", 2))]
    await producer()
    await q.join()
    log("joined at", now(), str(q))
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    loop.call_soon(log, "after cancel", str(q))
    await asyncio.sleep(0)


@scenario
async def get_cancellation():
    q = asyncio.Queue()

    async def getter(name):
        try:
            item = await q.get()
        except asyncio.CancelledError:
            log(name, "cancelled")
            raise
        log(name, "got", item)
        return item

    ts = [asyncio.ensure_future(getter(n)) for n in "abc"]
    await asyncio.sleep(0)
    log(str(q))
    q.put_nowait(1)
    q.put_nowait(2)
    log("after two puts", str(q))
    ts[0].cancel()  # woken by the first put, cancelled before it ran
    await settle()
    log("after settle", str(q), [t.cancelled() for t in ts])
    await asyncio.gather(*ts, return_exceptions=True)

    # A getter cancelled while still waiting is removed at once; the item goes to the next.
    t1 = asyncio.ensure_future(getter("d"))
    t2 = asyncio.ensure_future(getter("e"))
    await asyncio.sleep(0)
    t1.cancel()
    await asyncio.sleep(0)
    log("d done", t1.done(), str(q))
    await q.put("a")
    await asyncio.sleep(0)
    log("e returned", await t2)

    # A get that times out through asyncio.wait and is then cancelled leaves no getter.
    t3 = asyncio.ensure_future(getter("f"))
    done, pending = await asyncio.wait([t3], timeout=0.5)
    log("f pending at", now(), len(pending), str(q))
    t3.cancel()
    await asyncio.gather(t3, return_exceptions=True)
    log("after f", str(q))

    # Two items, three readers, the first cancelled after the puts.
    readers = [asyncio.ensure_future(getter(n)) for n in "ghi"]
    await asyncio.sleep(0)
    q.put_nowait(10)
    q.put_nowait(20)
    readers[0].cancel()
    await settle()
    log("readers", [r.cancelled() for r in readers], str(q))
    for r in readers[1:]:
        if not r.done():
            r.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    log("end", str(q))


@scenario
async def put_cancellation():
    q = asyncio.Queue(1)
    q.put_nowait("a")

    async def putter(item):
        try:
            await q.put(item)
        except asyncio.CancelledError:
            log("put", item, "cancelled", str(q))
            raise
        log("put", item, "done", str(q))

    ps = [asyncio.ensure_future(putter(x)) for x in "bcd"]
    await asyncio.sleep(0)
    log(str(q))
    log("get_nowait", q.get_nowait(), str(q))  # wakes the putter of b
    ps[0].cancel()  # b was woken but is cancelled before it runs: c gets the slot
    await settle()
    log("after settle", str(q), [p.cancelled() for p in ps])
    ps[2].cancel()  # d is still waiting: removed at once
    await settle()
    log("after cancelling d", str(q))
    log("get_nowait", q.get_nowait())
    await asyncio.gather(*ps, return_exceptions=True)

    # test_put_cancelled_race's schedule.
    q = asyncio.Queue(maxsize=1)
    put_a = asyncio.ensure_future(q.put("a"))
    put_b = asyncio.ensure_future(q.put("b"))
    put_c = asyncio.ensure_future(q.put("X"))
    await asyncio.sleep(0)
    log("a done", put_a.done(), "b done", put_b.done(), str(q))
    put_c.cancel()
    await asyncio.sleep(0)
    log("c done", put_c.done(), str(q))
    log(q.get_nowait())
    await asyncio.sleep(0)
    log(q.get_nowait())
    await put_b
    log("end", str(q))


@scenario
async def task_done_join():
    q = asyncio.Queue()
    await q.join()
    log("join on an empty queue returns at", now())
    for i in range(4):
        q.put_nowait(i)
    log(str(q))

    async def joiner(name):
        await q.join()
        log(name, "released at", now(), str(q))

    js = [asyncio.ensure_future(joiner("j1")), asyncio.ensure_future(joiner("j2"))]
    await asyncio.sleep(0)
    for i in range(4):
        item = q.get_nowait()
        await asyncio.sleep(1)
        q.task_done()
        log("task_done", item, "at", now(), str(q))
    await asyncio.gather(*js)
    try:
        q.task_done()
    except ValueError as e:
        log("extra task_done:", repr(e))
    q.put_nowait("again")
    j3 = asyncio.ensure_future(joiner("j3"))
    await asyncio.sleep(0)
    log("j3 waiting", not j3.done(), str(q))
    q.get_nowait()
    q.task_done()
    await j3


class Job:
    """Ordered by priority only, as @dataclass(order=True) with the name not compared."""

    def __init__(self, priority, name):
        self.priority = priority
        self.name = name

    def __lt__(self, other):
        return self.priority < other.priority

    def __repr__(self):
        return "Job(%d, %r)" % (self.priority, self.name)


@scenario
async def priority_ties():
    q = asyncio.PriorityQueue()
    for x in [5, 1, 4, 1, 5, 9, 2, 6, True, 0.5]:
        q.put_nowait(x)
    log(str(q))
    log([q.get_nowait() for _ in range(q.qsize())])

    for p, name in zip([3, 1, 3, 2, 1, 3, 1, 2, 3, 1, 2, 2], "abcdefghijkl"):
        q.put_nowait(Job(p, name))
    log(str(q))
    log([q.get_nowait() for _ in range(q.qsize())])

    for entry in [[1, "b"], [1, "a"], [0, "z"], [1, "a", 0], [1], [2, "a"], [1, "a"]]:
        q.put_nowait(entry)
    log([q.get_nowait() for _ in range(q.qsize())])

    for s in ["b", "a", "ab", "", "\uffff", "\U0001F600", "\u00e9", "B"]:
        q.put_nowait(s)
    log([ascii(q.get_nowait()) for _ in range(q.qsize())])

    # Waiters: getters first, then items in priority order.
    q = asyncio.PriorityQueue(2)

    async def getter(name):
        log(name, "got", await q.get())

    gs = [asyncio.ensure_future(getter(n)) for n in ["g1", "g2"]]
    await asyncio.sleep(0)
    ps = [asyncio.ensure_future(q.put([p, n])) for p, n in [(3, "x"), (1, "y"), (2, "z"), (0, "w"), (1, "v")]]
    await settle()
    log(str(q))
    log([q.get_nowait() for _ in range(q.qsize())])
    await settle()
    log(str(q))
    log([q.get_nowait() for _ in range(q.qsize())])
    await asyncio.gather(*gs, *ps)

    # Items that cannot be compared: CPython's errors, and the heap it leaves.
    q = asyncio.PriorityQueue()
    q.put_nowait([1, {}])
    q.put_nowait([1, {}])  # equal dicts: the lists are equal, nothing is ordered
    q.put_nowait([0, {"k": [1, "v"]}])
    try:
        q.put_nowait([1, {"k": [1, "w"]}])
    except TypeError as e:
        log("put:", repr(e), "qsize", q.qsize(), str(q))
    try:
        q.put_nowait("text")
    except TypeError as e:
        log("put:", repr(e), str(q))
    try:
        q.put_nowait(None)
    except TypeError as e:
        log("put:", repr(e))

    q = asyncio.PriorityQueue()
    for entry in [[0, "x"], [1, {"a": 1}], [1, {"b": 2}], [5, "z"]]:
        q.put_nowait(entry)
    try:
        q.get_nowait()
    except TypeError as e:
        log("get:", repr(e), str(q))

    q = asyncio.PriorityQueue()
    for entry in [[1, {"a": 1}], [2, {"b": 2}], [2, {"c": 3}]]:
        q.put_nowait(entry)
    try:
        q.get_nowait()
    except TypeError as e:
        log("get:", repr(e), str(q))


@scenario
async def lifo():
    q = asyncio.LifoQueue()
    for i in [1, 3, 2]:
        await q.put(i)
    log(str(q))
    log([await q.get() for _ in range(3)])

    q = asyncio.LifoQueue(2)

    async def putter(x):
        await q.put(x)
        log("put", x, str(q))

    ps = [asyncio.ensure_future(putter(x)) for x in "abcd"]
    await asyncio.sleep(0)
    log(str(q))
    got = []
    while len(got) < 4:
        got.append(await q.get())
        log("got", got[-1], str(q))
    log(got)
    await asyncio.gather(*ps)


@scenario
async def shutdown():
    if V < (3, 13):
        log("no shutdown")
        return

    # Waiting getters are woken and raise QueueShutDown.
    q = asyncio.Queue()

    async def getter(name):
        try:
            log(name, "got", await q.get())
        except asyncio.QueueShutDown as e:
            log(name, "raised", repr(e), str(q))

    gs = [asyncio.ensure_future(getter(n)) for n in ["g1", "g2"]]
    await asyncio.sleep(0)
    log(str(q))
    q.shutdown()
    log(str(q))
    await asyncio.gather(*gs)

    # Non-immediate: blocked putters raise; getters drain what is left, then raise.
    q = asyncio.Queue(1)
    q.put_nowait("data")

    async def putter(x):
        try:
            await q.put(x)
            log("put", x)
        except asyncio.QueueShutDown as e:
            log("put", x, "raised", repr(e))

    async def joiner():
        await q.join()
        log("join released at", now(), str(q))

    j = asyncio.ensure_future(joiner())
    p = asyncio.ensure_future(putter("data2"))
    await asyncio.sleep(0)
    log(str(q))
    q.shutdown()
    await asyncio.sleep(0)
    log("after shutdown", str(q), "putter done", p.done())
    log("get", await q.get())
    gs = [asyncio.ensure_future(getter("g3"))]
    await settle()
    log("join done", j.done())
    try:
        q.put_nowait("late")
    except asyncio.QueueShutDown as e:
        log("put_nowait raised", repr(e))
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        log("get_nowait raised", repr(e))
    await asyncio.sleep(1)
    q.task_done()
    await asyncio.gather(j, p, *gs)

    # Immediate, with unfinished tasks.
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    j = asyncio.ensure_future(joiner())
    log("get", await q.get())
    q.shutdown(immediate=True)
    log("after immediate shutdown", str(q))
    await asyncio.sleep(0)
    log("join done", j.done())
    q.task_done()
    try:
        q.task_done()
    except ValueError as e:
        log(repr(e))
    await j

    # Getters woken by shutdown while items remain take them.
    q = asyncio.Queue()
    gs = [asyncio.ensure_future(getter(n)) for n in ["g4", "g5", "g6"]]
    await asyncio.sleep(0)
    q.put_nowait("x")
    q.shutdown()
    await asyncio.gather(*gs)

    for cls in (asyncio.LifoQueue, asyncio.PriorityQueue):
        q = cls()
        q.put_nowait(2)
        q.put_nowait(1)
        q.shutdown(immediate=True)
        log(str(q))


@plain_scenario
def loop_binding():
    # D10: a queue made outside a running loop, then waited on inside asyncio.run.
    outside = asyncio.new_event_loop()
    asyncio.set_event_loop(outside)
    q = asyncio.Queue()

    async def first():
        loop = asyncio.get_event_loop()
        loop.call_later(0.5, q.put_nowait, "x")
        try:
            log("get:", await q.get())
        except RuntimeError as e:
            log("get:", describe(e), str(q))
        await asyncio.sleep(1)
        log("after the timer", str(q))
        if not q.empty():
            q.get_nowait()
        q.put_nowait("y")

        def consume():
            q.get_nowait()
            q.task_done()
            q.task_done()

        loop.call_later(0.5, consume)
        try:
            await q.join()
            log("join returned at", now(), str(q))
        except RuntimeError as e:
            log("join:", describe(e))
        await asyncio.sleep(1)

    try:
        asyncio.run(first())
    except BaseException as e:
        log("asyncio.run raised", describe(e))
    outside.close()

    # A queue bound (3.10+: by a blocking get) in one asyncio.run, used in another.
    holder = []

    async def second():
        q2 = asyncio.Queue()
        holder.append(q2)
        t = asyncio.ensure_future(q2.get())
        await asyncio.sleep(0)
        q2.put_nowait(1)
        log("got", await t)

    async def third():
        q2 = holder[0]
        q2.put_nowait(2)
        log("non-blocking get", await q2.get())
        try:
            asyncio.get_event_loop().call_later(0.5, q2.put_nowait, 3)
            log("blocking get", await q2.get())
        except RuntimeError as e:
            log("blocking get:", describe(e), str(q2))

    asyncio.run(second())
    asyncio.run(third())

    # CPython's loop= argument (there is no current loop here: asyncio.run cleared it).
    loop = asyncio.new_event_loop()
    for cls in (asyncio.Queue, asyncio.PriorityQueue):
        try:
            q3 = cls(loop=loop)
            log(cls.__name__, "loop= accepted", q3._loop is loop)
        except TypeError as e:
            log(cls.__name__, repr(e))
    loop.close()


@scenario
async def reprs():
    q = asyncio.Queue(maxsize=1.3)
    q.put_nowait("it's")
    q.put_nowait([1, 2.5, None, True])
    log(str(q), q.full())
    try:
        q.put_nowait(3)
    except asyncio.QueueFull as e:
        log(repr(e), "str:", repr(str(e)))
    t = named_task(q.put("w"), "putter")
    await asyncio.sleep(0)
    log(str(q))
    log(repr(t))
    log(q.get_nowait(), q.get_nowait(), str(q))
    await t
    q.get_nowait()
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        log(repr(e))
    g = named_task(q.get(), "getter")
    await asyncio.sleep(0)
    log(repr(g))
    log(str(q))
    q.put_nowait(0)
    log(str(q))
    await g
    log(str(q))
    log(repr(q.put(1)).split(" at ")[0] + ">")
    for cls in (asyncio.LifoQueue, asyncio.PriorityQueue):
        q = cls(3)
        for i in [2, 3, 1]:
            q.put_nowait(i)
        log(str(q))


main(failure_label="scenario raised", describe=describe)
