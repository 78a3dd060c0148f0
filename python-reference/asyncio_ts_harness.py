"""The trace harness of the conformance kit: what an emitted program calls to record what
it observes. The TypeScript twin is src/conformance/harness.ts; both must produce the same
trace for the same program, event for event.

A trace is a list of events ``{"t": loop time, "task": program name of the acting task or
None in a callback, "what": short description, "value": canonical value (optional)}``,
then the outcome of ``main`` and the final state of every task and future the program
made. Canonical values: ints, strings, None, booleans, lists, and exceptions as
``{"exc": class name, "args": [...]}``. Nothing in a trace depends on object addresses,
``Task-N`` counters, set order or garbage collection.

Runs unchanged on CPython 3.7 and newer; standard library only.
"""
import asyncio
import builtins
import gc
import sys

from virtual_time import Deadlock, VirtualTimeLoop

__all__ = ["Budget", "Harness", "run_program"]

_MISSING = object()

# Messages the loop reports when an object is garbage-collected; their timing depends on
# reference counts, so they never enter a trace.
_GC_MESSAGES = ("was never retrieved", "Task was destroyed but it is pending")


# Exception groups exist from 3.11.
_GROUP = getattr(builtins, "BaseExceptionGroup", ())

# How deep Harness.detail follows causes, contexts and group members.
_DETAIL_DEPTH = 4


class Budget(RuntimeError):
    """The program ran more loop iterations than its budget allows."""


class KitLoop(VirtualTimeLoop):
    """A virtual-time loop that counts iterations and stops a runaway program."""

    def __init__(self, max_iterations):
        super().__init__()
        self._max_iterations = max_iterations
        self.iterations = 0

    def _run_once(self):
        self.iterations += 1
        if self.iterations > self._max_iterations:
            raise Budget("more than %d loop iterations" % self._max_iterations)
        super()._run_once()


class Harness:
    def __init__(self, loop):
        self.loop = loop
        self.events = []
        self.tracked = []  # (name, task or future), in creation order
        self._names = {}  # id(object) -> name; objects stay alive in self.tracked
        self.finished = False

    # -- naming -------------------------------------------------------------------------

    def track(self, obj, name):
        self.tracked.append((name, obj))
        self._names[id(obj)] = name
        return obj

    def name(self, obj):
        if obj is None:
            return None
        return self._names.get(id(obj), "?")

    def names(self, objs):
        return sorted(self.name(o) for o in objs)

    # -- values -------------------------------------------------------------------------

    def exc(self, e):
        return {"exc": type(e).__name__, "args": [self.value(a) for a in e.args]}

    def value(self, v):
        if isinstance(v, BaseException):
            return self.exc(v)
        if isinstance(v, (list, tuple)):
            return [self.value(x) for x in v]
        if v is None or isinstance(v, (bool, int, str)):
            return v
        if isinstance(v, float) and v == int(v):
            return int(v)
        return repr(v)

    def detail(self, e, depth=0):
        """An exception in detail: class, MRO (without object), arguments (for a group its
        message and members, each in detail), cause and context in detail, down to a
        depth of four ("..." below)."""
        if e is None:
            return None
        if depth > _DETAIL_DEPTH:
            return "..."
        out = {"exc": type(e).__name__, "mro": [c.__name__ for c in type(e).__mro__[:-1]]}
        if isinstance(e, _GROUP):
            out["message"] = e.message
            out["exceptions"] = [self.detail(x, depth + 1) for x in e.exceptions]
        else:
            out["args"] = [self.value(a) for a in e.args]
        out["cause"] = self.detail(e.__cause__, depth + 1)
        out["context"] = self.detail(e.__context__, depth + 1)
        return out

    def state(self, fut):
        """A future's state without side effects (no cancellation error is consumed)."""
        if not fut.done():
            return "pending"
        if fut.cancelled():
            return "cancelled"
        e = fut.exception()
        if e is not None:
            return {"exception": self.exc(e)}
        return {"result": self.value(fut.result())}

    # -- events -------------------------------------------------------------------------

    def record(self, what, value=_MISSING):
        if self.finished:
            return
        task = asyncio.current_task(self.loop)
        event = {"t": self.loop.time(), "task": self.name(task), "what": what}
        if value is not _MISSING:
            event["value"] = self.value(value) if not isinstance(value, dict) else value
        self.events.append(event)

    def callback(self, label):
        self.record("callback " + label)

    def done_callback(self, label):
        def on_done(fut):
            self.record("done_callback %s %s" % (label, self.name(fut)), self.state(fut))

        return on_done

    def resolve(self, fut, value):
        if fut.done():
            self.record("resolve skipped " + self.name(fut))
        else:
            fut.set_result(value)
            self.record("resolved " + self.name(fut))

    def set_event(self, event, name):
        event.set()
        self.record("set %s later" % name)

    def probe(self, fut, what):
        target = "probe %s.%s" % (self.name(fut), what)
        try:
            result = getattr(fut, what)()
        except BaseException as e:
            self.record(target, {"raised": self.exc(e)})
        else:
            self.record(target, {"value": self.value(result)})

    def on_loop_exception(self, loop, context):
        message = context.get("message", "")
        if any(m in message for m in _GC_MESSAGES):
            return
        exc = context.get("exception")
        self.record("loop exception " + message, None if exc is None else self.exc(exc))


def run_program(namespace, max_iterations=20000):
    """Run the program whose functions are in ``namespace`` (its ``main`` coroutine
    function) on a fresh virtual-time loop, with the harness bound to the name ``trace``
    there, and return the trace as a dict."""
    loop = KitLoop(max_iterations)
    h = Harness(loop)
    namespace["trace"] = h
    main = namespace["main"]
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(h.on_loop_exception)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        main_task = loop.create_task(main())
        h._names[id(main_task)] = "main"
        try:
            outcome = {"kind": "returned", "value": h.value(loop.run_until_complete(main_task))}
        except Deadlock:
            outcome = {"kind": "deadlock"}
        except Budget:
            outcome = {"kind": "budget"}
        except asyncio.CancelledError:
            outcome = {"kind": "cancelled"}
        except BaseException as e:  # noqa: B902 - the program's own exception is its outcome
            outcome = {"kind": "raised", "value": h.exc(e)}
        h.finished = True
        final = [{"name": name, "state": h.state(obj)} for name, obj in h.tracked]
        return {"events": h.events, "outcome": outcome, "final": final, "iterations": loop.iterations}
    finally:
        h.finished = True
        asyncio.set_event_loop(None)
        loop.close()
        if gc_was_enabled:
            gc.enable()


def main_entry(namespace):
    """What a standalone repro file runs: print the trace as JSON lines."""
    import json

    trace = run_program(namespace)
    for event in trace["events"]:
        print(json.dumps(event, sort_keys=True))
    print(json.dumps({"outcome": trace["outcome"]}, sort_keys=True))
    print(json.dumps({"final": trace["final"]}, sort_keys=True))
    sys.stdout.flush()
