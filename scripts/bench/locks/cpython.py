"""Lock and Semaphore contention on CPython asyncio: `tasks` tasks each enter
`async with lock` `rounds` times, holding it across one `sleep(0)`, then the same with a
Semaphore(`permits`). Checksum: the number of times the critical sections were entered."""
import asyncio

counter = [0]


async def locker(lock, rounds):
    for _ in range(rounds):
        async with lock:
            counter[0] += 1
            await asyncio.sleep(0)


async def main(tasks, rounds, permits):
    counter[0] = 0
    lock = asyncio.Lock()
    await asyncio.gather(*[locker(lock, rounds) for _ in range(tasks)])
    sem = asyncio.Semaphore(permits)
    await asyncio.gather(*[locker(sem, rounds) for _ in range(tasks)])
    return counter[0]


def run(params):
    return asyncio.run(main(params["tasks"], params["rounds"], params["permits"]))
