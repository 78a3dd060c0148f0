"""CPython side of `npm run bench`: N tasks each doing M `await asyncio.sleep(0)`, on
asyncio's default event loop. Prints JSON with the best wall time of the repeats."""
import asyncio
import json
import sys
import time

tasks, steps, repeats = (int(a) for a in sys.argv[1:4])


async def worker():
    for _ in range(steps):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*[worker() for _ in range(tasks)])


timings = []
for _ in range(repeats):
    start = time.perf_counter()
    asyncio.run(main())
    timings.append(time.perf_counter() - start)

json.dump({"seconds": min(timings), "all": timings, "version": sys.version.split()[0]}, sys.stdout)
