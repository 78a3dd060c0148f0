"""gather fan-out/fan-in on CPython asyncio: `rounds` times, gather `tasks` small
coroutines (each wrapped in a Task by gather) and sum their results. Checksum: the sum."""
import asyncio


async def leaf(i):
    return i + 1


async def main(tasks, rounds):
    total = 0
    for _ in range(rounds):
        results = await asyncio.gather(*[leaf(i) for i in range(tasks)])
        total += sum(results)
    return total


def run(params):
    return asyncio.run(main(params["tasks"], params["rounds"]))
