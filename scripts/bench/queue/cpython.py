"""A bounded asyncio.Queue on CPython: `producers` tasks each put `items` numbers into a
Queue(maxsize), `consumers` tasks get them until they receive a None sentinel.
Checksum: the sum of everything consumed."""
import asyncio


async def producer(q, base, items):
    for i in range(items):
        await q.put(base + i)


async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            return total
        total += item


async def main(producers, consumers, items, maxsize):
    q = asyncio.Queue(maxsize)
    readers = [asyncio.ensure_future(consumer(q)) for _ in range(consumers)]
    await asyncio.gather(*[producer(q, p * items, items) for p in range(producers)])
    for _ in range(consumers):
        await q.put(None)
    return sum(await asyncio.gather(*readers))


def run(params):
    return asyncio.run(main(params["producers"], params["consumers"], params["items"], params["maxsize"]))
