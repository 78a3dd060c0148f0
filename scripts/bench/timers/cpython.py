"""Timers on CPython asyncio. Each of `rounds` rounds schedules `timers` call_later
callbacks over `distinct` distinct deadlines `step_us` microseconds apart, every
`equal`-th one on a shared deadline, starts `sleepers` tasks in sleep(d) over the same
deadlines, then cancels `cancel_percent`% of the callbacks and of the sleepers (more than
half of over 100 timers: the loop rebuilds its heap) and waits for the rest. Deadlines are
microseconds apart, so real waiting is negligible. Checksum: callbacks fired plus sleeps
completed."""
import asyncio

counter = [0]


def on_timer():
    counter[0] += 1


async def sleeper(d):
    await asyncio.sleep(d)
    counter[0] += 1


class Shape:
    def __init__(self, params):
        self.rounds, self.timers, self.sleepers = params["rounds"], params["timers"], params["sleepers"]
        self.distinct, self.equal = params["distinct"], params["equal"]
        self.cancel_percent, self.step = params["cancel_percent"], params["step_us"] * 1e-6
        self.shared = (self.distinct // 2) * self.step
        self.past_all = self.distinct * self.step

    def delay(self, i):
        return self.shared if i % self.equal == 0 else (i % self.distinct) * self.step

    def cancelled(self, i):
        return i % 100 < self.cancel_percent


async def one_round(loop, shape):
    handles = [loop.call_later(shape.delay(i), on_timer) for i in range(shape.timers)]
    tasks = [loop.create_task(sleeper(shape.delay(i))) for i in range(shape.sleepers)]
    await asyncio.sleep(0)  # the sleepers start and schedule their timers
    for i, handle in enumerate(handles):
        if shape.cancelled(i):
            handle.cancel()
    for i, task in enumerate(tasks):
        if shape.cancelled(i):
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(shape.past_all)


async def main(shape):
    counter[0] = 0
    loop = asyncio.get_running_loop()
    for _ in range(shape.rounds):
        await one_round(loop, shape)
    return counter[0]


def run(params):
    return asyncio.run(main(Shape(params)))
