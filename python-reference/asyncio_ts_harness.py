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
import gc
import json
import re
import sys
import warnings

from virtual_time import Deadlock, VirtualTimeLoop

__all__ = ["Budget", "Harness", "run_program"]

_MISSING = object()

# Messages the loop reports when an object is garbage-collected; their timing depends on
# reference counts, so they never enter a trace.
_GC_MESSAGES = ("was never retrieved", "Task was destroyed but it is pending")


class Budget(RuntimeError):
    """The program ran more loop iterations than its budget allows."""


class KitLoop(VirtualTimeLoop):
    """A virtual-time loop that counts iterations and stops a runaway program. With a
    harness attached (programs whose entry is asyncio.run or a Runner), it also tells the
    harness when a run_until_complete starts (the shutdown begins at the first one that
    does not run a program coroutine) and names the tasks made while it is not running
    (the entry's main tasks) by their coroutine."""

    def __init__(self, max_iterations, harness=None):
        super().__init__()
        self._max_iterations = max_iterations
        self.iterations = 0
        self._harness = harness

    def _run_once(self):
        self.iterations += 1
        if self.iterations > self._max_iterations:
            raise Budget("more than %d loop iterations" % self._max_iterations)
        super()._run_once()

    def run_until_complete(self, future):
        if self._harness is not None:
            self._harness.entering_run(future)
        return super().run_until_complete(future)

    def create_task(self, coro, **kwargs):
        task = super().create_task(coro, **kwargs)
        if self._harness is not None and not self.is_running():
            self._harness.name_entry_task(task, coro)
        return task


def _coroutine_of(future):
    """The coroutine a run_until_complete runs: the argument, or the task's coroutine."""
    if asyncio.iscoroutine(future):
        return future
    get_coro = getattr(future, "get_coro", None)
    if get_coro is not None:
        return get_coro()
    return getattr(future, "_coro", None)


def _is_shutdown_step(future):
    """True for what asyncio.run and Runner.close run after the program: the gather of the
    cancelled tasks, shutdown_asyncgens() and shutdown_default_executor()."""
    coro = _coroutine_of(future)
    if coro is None:
        return True
    return getattr(coro, "__qualname__", "").startswith("BaseEventLoop.")


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_ASYNCGEN_CLOSING = "an error occurred during closing of asynchronous generator"


class Harness:
    def __init__(self, loop):
        self.loop = loop
        self.events = []
        self.tracked = []  # (name, task or future), in creation order
        self._names = {}  # id(object) -> name; objects stay alive in self.tracked
        self.finished = False
        self.kept = []  # async generators, kept alive so that none is garbage collected
        self.shutdown_at = None  # index of the "shutdown" event, once the shutdown began

    # -- naming -------------------------------------------------------------------------

    def track(self, obj, name):
        self.tracked.append((name, obj))
        self._names[id(obj)] = name
        return obj

    def name(self, obj):
        if obj is None:
            return None
        return self._names.get(id(obj), "?")

    def agen(self, agen, name):
        """Names an async generator and keeps it alive until the end of the run, so that
        only an explicit aclose() or the loop's shutdown_asyncgens() closes it."""
        self.kept.append(agen)
        self._names[id(agen)] = name
        return agen

    def name_entry_task(self, task, coro):
        if id(task) not in self._names:
            self.kept.append(task)
            self._names[id(task)] = getattr(coro, "__qualname__", "?")

    def entering_run(self, future):
        if self.shutdown_at is None and _is_shutdown_step(future):
            self.record("shutdown")
            self.shutdown_at = len(self.events)

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
        if message.startswith(_ASYNCGEN_CLOSING):
            # The generator's repr holds its qualified name and address: name it as the program does.
            message = "%s %s" % (_ASYNCGEN_CLOSING, self.name(context.get("asyncgen")))
        exc = context.get("exception")
        self.record("loop exception " + message, None if exc is None else self.exc(exc))

    def ordered_events(self):
        """The events, with those of the shutdown sorted (by task, time, then canonical form):
        CPython cancels leftover tasks and closes async generators in set order, so only
        the multiset of each task's shutdown events is compared."""
        if self.shutdown_at is None:
            return self.events
        head = self.events[: self.shutdown_at]
        tail = sorted(self.events[self.shutdown_at:], key=lambda e: (e["task"] or "", e["t"], json.dumps(e, sort_keys=True)))
        return head + tail


def _outcome_of(h, call):
    try:
        return {"kind": "returned", "value": h.value(call())}
    except Deadlock:
        return {"kind": "deadlock"}
    except Budget:
        return {"kind": "budget"}
    except asyncio.CancelledError:
        return {"kind": "cancelled"}
    except BaseException as e:  # noqa: B902 - the program's own exception is its outcome
        return {"kind": "raised", "value": h.exc(e)}


_BasePolicy = getattr(asyncio.events, "BaseDefaultEventLoopPolicy", None) or asyncio.events._BaseDefaultEventLoopPolicy
_get_policy = getattr(asyncio.events, "_get_event_loop_policy", None) or asyncio.get_event_loop_policy
_set_policy = getattr(asyncio.events, "_set_event_loop_policy", None) or asyncio.set_event_loop_policy


class _EntryPolicy(_BasePolicy):
    """The policy while an entry runs: new_event_loop() gives the harness's loop."""

    def __init__(self, make_loop):
        super().__init__()
        self._make_loop = make_loop

    def new_event_loop(self):
        return self._make_loop()


def _run_entry(namespace, h, max_iterations):
    """A program whose ``entry()`` calls asyncio.run or uses a Runner: its event loop comes
    from the policy, as a KitLoop attached to the harness."""

    def make_loop():
        if h.loop is not None:
            raise RuntimeError("the program made a second event loop")
        loop = KitLoop(max_iterations, h)
        loop.set_exception_handler(h.on_loop_exception)
        h.loop = loop
        return loop

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old_policy = _get_policy()
        _set_policy(_EntryPolicy(make_loop))
    try:
        outcome = _outcome_of(h, namespace["entry"])
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            _set_policy(old_policy)
    h.finished = True
    final = [{"name": name, "state": h.state(obj)} for name, obj in h.tracked]
    loop = h.loop
    return {"events": h.ordered_events(), "outcome": outcome, "final": final, "iterations": 0 if loop is None else loop.iterations}


def run_program(namespace, max_iterations=20000):
    """Run the program whose functions are in ``namespace`` (its ``main`` coroutine
    function) on a fresh virtual-time loop, with the harness bound to the name ``trace``
    there, and return the trace as a dict. A program that defines ``entry()`` (asyncio.run
    or a Runner) runs through it instead."""
    if "entry" in namespace:
        h = Harness(None)
        namespace["trace"] = h
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return _run_entry(namespace, h, max_iterations)
        finally:
            h.finished = True
            asyncio.set_event_loop(None)
            if h.loop is not None and not h.loop.is_closed():
                h.loop.close()
            if gc_was_enabled:
                gc.enable()
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
