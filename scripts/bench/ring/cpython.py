"""The sleep(0) ring on CPython asyncio: `tasks` tasks, each awaiting `asyncio.sleep(0)`
`steps` times, gathered by main. Checksum: the number of steps taken."""
import asyncio


async def worker(steps):
    for _ in range(steps):
        await asyncio.sleep(0)
    return steps


async def main(tasks, steps):
    return sum(await asyncio.gather(*[worker(steps) for _ in range(tasks)]))


def run(params):
    return asyncio.run(main(params["tasks"], params["steps"]))
