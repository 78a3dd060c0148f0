"""Runs timer plans and sleeping-task programs on CPython's own event loop under a
virtual clock, and prints what fired when, as JSON. Used by spec/asyncio/timer_order.spec.ts.

stdin: {"plans": [TimerPlan...], "programs": [[[delay, ...], ...], ...]}
stdout: {"plans": [[[id, time], ...], ...], "programs": [[[task, step, time], ...], ...]}
"""
import asyncio
import json
import sys

from virtual_time import VirtualTimeLoop


def run_plan(plan):
    loop = VirtualTimeLoop()
    fired = []
    handles = []

    def fire(ident):
        fired.append([ident, loop.time()])
        action = plan["onFire"].get(str(ident))
        if action:
            for victim in action["cancel"]:
                handles[victim].cancel()
            for offset in action["add"]:
                handles.append(loop.call_later(offset, fire, len(handles)))

    for when in plan["timers"]:
        handles.append(loop.call_at(when, fire, len(handles)))
    for victim in plan["cancelBefore"]:
        handles[victim].cancel()
    loop.call_at(1000.0, loop.stop)
    loop.run_forever()
    loop.close()
    return fired


def run_program(program):
    loop = VirtualTimeLoop()
    log = []

    async def sleeper(index, delays):
        for step, delay in enumerate(delays):
            await asyncio.sleep(delay)
            log.append([index, step, loop.time()])

    async def main():
        tasks = [loop.create_task(sleeper(i, delays)) for i, delays in enumerate(program)]
        await asyncio.wait(tasks)

    loop.run_until_complete(main())
    loop.close()
    return log


request = json.load(sys.stdin)
json.dump(
    {
        "plans": [run_plan(p) for p in request["plans"]],
        "programs": [run_program(p) for p in request["programs"]],
    },
    sys.stdout,
)
