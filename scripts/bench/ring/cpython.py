"""The sleep(0) ring on CPython asyncio: `tasks` tasks, each awaiting `asyncio.sleep(0)`
`steps` times, gathered by main. Checksum: the number of steps taken."""
import asyncio


def run(params):
    tasks, steps = params["tasks"], params["steps"]
    done = [0]

    async def worker():
        for _ in range(steps):
            await asyncio.sleep(0)
        done[0] += steps

    async def main():
        await asyncio.gather(*[worker() for _ in range(tasks)])

    asyncio.run(main())
    return done[0]
