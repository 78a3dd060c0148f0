"""When does CPython say "exception was never retrieved"? The measuring side of
scripts/unretrieved.ts: runs emitted programs as the reference worker does, except that the
harness holds the program's tasks and futures weakly (so they die when the program lets go
of them, as in a real program) and records the loop's garbage-collection messages ("Task
exception was never retrieved", "Future exception was never retrieved", "Task was destroyed
but it is pending!") instead of dropping them: which object, and where in the trace (after
how many events, in which loop iteration) the message came, or "at exit" when it only came
from the collection after the run.

Usage: python probe.py {refcount|gc}. stdin: JSON lines {"id": N, "source": "..."}; stdout:
one JSON line per program, {"id": N, "ok": true, "messages": [...], "events": E, "trace":
hash of the events} or
{"id": N, "ok": false, "error": "..."}. "refcount" disables the cycle collector while a
program runs (as the reference worker does); "gc" leaves it on with its default thresholds.
Garbage is collected before and after every program. Standard library only; CPython 3.7+.
"""
import gc
import hashlib
import io
import json
import os
import sys
import traceback
import warnings
import weakref

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python-reference"))

import asyncio  # noqa: E402

import asyncio_ts_harness as harness  # noqa: E402
from virtual_time import Deadlock  # noqa: E402


class WeakHarness(harness.Harness):
    """The trace harness, holding the program's tasks and futures weakly and keeping the
    garbage-collection messages with where they came."""

    def __init__(self, loop):
        super().__init__(loop)
        self.messages = []
        self.phase = "run"
        self._dead = {}  # id -> name of an object whose weak reference was cleared

    def track(self, obj, name):
        key = id(obj)
        self._names[key] = name

        def gone(_ref, key=key, name=name):
            self._dead[key] = name
            if self._names.get(key) == name:
                del self._names[key]

        self.tracked.append((name, weakref.ref(obj, gone)))
        return obj

    def on_loop_exception(self, loop, context):
        message = context.get("message", "")
        if not any(m in message for m in harness._GC_MESSAGES):
            return super().on_loop_exception(loop, context)
        obj = context.get("future", context.get("task"))
        key = id(obj)
        name = self._names.get(key) or self._dead.pop(key, None) or "?"
        where = "at exit" if self.phase == "exit" else "events %d, iteration %d" % (len(self.events), loop.iterations)
        self.messages.append({"message": message, "name": name, "where": where})


def run(source, mode, number):
    namespace = {"__name__": "asyncio_ts_program"}
    exec(compile(source, "<program %d>" % number, "exec"), namespace)
    gc.collect()
    loop = harness.KitLoop(20000)
    h = WeakHarness(loop)
    namespace["trace"] = h
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(h.on_loop_exception)
    if mode == "refcount":
        gc.disable()
    else:
        gc.enable()
    try:
        main_task = loop.create_task(namespace["main"]())
        h._names[id(main_task)] = "main"
        try:
            loop.run_until_complete(main_task)
        except (Deadlock, harness.Budget, asyncio.CancelledError):
            pass
        except BaseException:  # noqa: B902 - the program's own exception is its outcome
            pass
        h.finished = True
        del main_task
    finally:
        asyncio.set_event_loop(None)
        loop.close()
        gc.enable()
    events = len(h.events)
    trace = hashlib.sha1(json.dumps(h.events, sort_keys=True).encode()).hexdigest()
    namespace.clear()
    h.phase = "exit"
    gc.collect()
    return {"messages": h.messages, "events": events, "trace": trace}


def main():
    warnings.simplefilter("ignore")
    mode = sys.argv[1] if len(sys.argv) > 1 else "refcount"
    if mode not in ("refcount", "gc"):
        sys.exit("usage: probe.py {refcount|gc}")
    requests = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    sys.stdout = sys.stderr
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            response = dict(run(request["source"], mode, request["id"]), id=request["id"], ok=True)
        except BaseException:  # noqa: B902 - report and go on
            response = {"id": request["id"], "ok": False, "error": traceback.format_exc()}
        gc.collect()
        out.write(json.dumps(response) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
