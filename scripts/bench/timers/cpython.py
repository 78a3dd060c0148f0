"""Timers on CPython asyncio. Each of `rounds` rounds schedules `timers` call_later
callbacks over `distinct` distinct deadlines with every `equal`-th one on a shared
deadline, starts `sleepers` tasks in sleep(d) over the same deadlines, then cancels
`cancel_percent`% of the callbacks and of the sleepers (more than half of over 100 timers:
the loop rebuilds its heap) and waits for the rest. Deadlines are microseconds apart, so
real waiting is negligible. Checksum: callbacks fired plus sleeps completed."""
import asyncio


def run(params):
    rounds, timers, sleepers = params["rounds"], params["timers"], params["sleepers"]
    distinct, equal, cancel_percent = params["distinct"], params["equal"], params["cancel_percent"]
    step = params["step_us"] * 1e-6
    fired = [0]

    def delay(i):
        return (distinct // 2) * step if i % equal == 0 else (i % distinct) * step

    def on_timer():
        fired[0] += 1

    def cancelled(i):
        return i % 100 < cancel_percent

    async def sleeper(d):
        await asyncio.sleep(d)
        fired[0] += 1

    async def one_round(loop):
        handles = [loop.call_later(delay(i), on_timer) for i in range(timers)]
        tasks = [loop.create_task(sleeper(delay(i))) for i in range(sleepers)]
        await asyncio.sleep(0)  # the sleepers start and schedule their timers
        for i, handle in enumerate(handles):
            if cancelled(i):
                handle.cancel()
        for i, task in enumerate(tasks):
            if cancelled(i):
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.sleep(distinct * step)  # past every deadline

    async def main():
        loop = asyncio.get_running_loop()
        for _ in range(rounds):
            await one_round(loop)

    asyncio.run(main())
    return fired[0]
