"""Memory per pending task and per pending timer on CPython asyncio, measured with
tracemalloc: `tasks` tasks parked on one future (each has taken its first step and
waits), then `timers` pending call_later timers; each figure is the traced memory's
growth divided by the count (the list holding them included, as on the Node side).
Prints {"bytesPerTask": N, "bytesPerTimer": N, "version": "3.X.Y"}.

Usage: python cpython.py '{"tasks": 100000, "timers": 100000}'"""
import asyncio
import gc
import json
import sys
import tracemalloc


def main():
    params = json.loads(sys.argv[1])
    tasks, timers = params["tasks"], params["timers"]
    result = {}

    async def waiter(fut):
        return await fut

    def on_timer():
        pass

    async def measure():
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        parked = [loop.create_task(waiter(fut)) for _ in range(tasks)]
        await asyncio.sleep(0)  # every task takes its first step and parks on fut
        gc.collect()
        result["bytesPerTask"] = (tracemalloc.get_traced_memory()[0] - before) / tasks
        before = tracemalloc.get_traced_memory()[0]
        handles = [loop.call_later(1000 + i, on_timer) for i in range(timers)]
        gc.collect()
        result["bytesPerTimer"] = (tracemalloc.get_traced_memory()[0] - before) / timers
        tracemalloc.stop()
        if any(t.done() for t in parked):
            raise SystemExit("a task finished before the measurement")
        fut.set_result(1)
        for handle in handles:
            handle.cancel()
        await asyncio.gather(*parked)

    asyncio.run(measure())
    result["version"] = sys.version.split()[0]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
