"""Which of the API names asyncio-ts's `has()` knows exist on this CPython release: for
each feature, one line, "True" or "False", found by looking the name up or by trying the
call shape. spec/asyncio/features.spec.ts compares them with `has(feature, release)`.

stdin: a JSON list of feature names. stdout: {"version": "3.X.Y", "results": {name: [line]}}
Runs unchanged on CPython 3.7 and newer.
"""
import asyncio
import builtins
import inspect

from scenario_support import SCENARIOS, PLAIN, log, main


async def _returns(value):
    return value


def _accepts(make):
    """Whether a call shape is accepted (no TypeError from its arguments)."""
    async def probe():
        try:
            result = make()
            if asyncio.iscoroutine(result) or asyncio.isfuture(result):
                await result
            return True
        except TypeError:
            return False

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(probe())
    finally:
        loop.close()


def _compiles(source):
    """Whether this release's compiler accepts the statement."""
    try:
        compile(source, "<feature>", "exec")
        return True
    except SyntaxError:
        return False


CHECKS = {
    "TaskOptions.name": lambda: _accepts(lambda: asyncio.get_event_loop().create_task(_returns(1), name="n")),
    "Task.getName": lambda: hasattr(asyncio.Task, "get_name"),
    "Task.setName": lambda: hasattr(asyncio.Task, "set_name"),
    "Task.getCoro": lambda: hasattr(asyncio.Task, "get_coro"),
    "Future.cancel(msg)": lambda: _accepts(lambda: asyncio.get_event_loop().create_future().cancel(msg="m")),
    "BaseEventLoop.shutdownDefaultExecutor": lambda: hasattr(asyncio.BaseEventLoop, "shutdown_default_executor"),
    "wait(coroutines)": lambda: _accepts(lambda: asyncio.wait([_returns(1)])),
    "TaskGroup": lambda: hasattr(asyncio, "TaskGroup"),
    "timeout": lambda: hasattr(asyncio, "timeout"),
    "timeoutAt": lambda: hasattr(asyncio, "timeout_at"),
    "Timeout": lambda: hasattr(asyncio, "Timeout"),
    "Barrier": lambda: hasattr(asyncio, "Barrier"),
    "BrokenBarrierError": lambda: hasattr(asyncio, "BrokenBarrierError"),
    "ExceptionGroup": lambda: hasattr(builtins, "ExceptionGroup"),
    "BaseExceptionGroup": lambda: hasattr(builtins, "BaseExceptionGroup"),
    "exceptStar": lambda: _compiles("try:\n    pass\nexcept* ValueError:\n    pass\n"),
    "Task.cancelling": lambda: hasattr(asyncio.Task, "cancelling"),
    "Task.uncancel": lambda: hasattr(asyncio.Task, "uncancel"),
    "eagerTaskFactory": lambda: hasattr(asyncio, "eager_task_factory"),
    "createEagerTaskFactory": lambda: hasattr(asyncio, "create_eager_task_factory"),
    "TaskOptions.eagerStart": lambda: _accepts(lambda: asyncio.Task(_returns(1), loop=asyncio.get_event_loop(), eager_start=True)),
    "QueueShutDown": lambda: hasattr(asyncio, "QueueShutDown"),
    "Queue.shutdown": lambda: hasattr(asyncio.Queue, "shutdown"),
    "AsCompleted.anext": lambda: hasattr(asyncio.as_completed([]), "__anext__"),
    "Runner": lambda: hasattr(asyncio, "Runner"),
    "RunOptions.loopFactory": lambda: "loop_factory" in inspect.signature(asyncio.run).parameters,
    "aiter": lambda: hasattr(builtins, "aiter"),
    "anext": lambda: hasattr(builtins, "anext"),
}


def _register(name, check):
    def run():
        log(check())
    SCENARIOS[name] = run
    PLAIN.add(name)


for _name, _check in CHECKS.items():
    _register(_name, _check)

if __name__ == "__main__":
    main(describe=lambda e: "%s %r" % (type(e).__name__, e))
