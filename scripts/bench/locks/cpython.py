"""Lock and Semaphore contention on CPython asyncio: `tasks` tasks each enter
`async with lock` `rounds` times, holding it across one `sleep(0)`, then the same with a
Semaphore(`permits`). Checksum: the number of times the critical sections were entered."""
import asyncio


def run(params):
    tasks, rounds, permits = params["tasks"], params["rounds"], params["permits"]
    entered = [0]

    async def locker(lock):
        for _ in range(rounds):
            async with lock:
                entered[0] += 1
                await asyncio.sleep(0)

    async def main():
        lock = asyncio.Lock()
        await asyncio.gather(*[locker(lock) for _ in range(tasks)])
        sem = asyncio.Semaphore(permits)
        await asyncio.gather(*[locker(sem) for _ in range(tasks)])

    asyncio.run(main())
    return entered[0]
