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
import json
import logging
import math
import re
import reprlib
import sys
import warnings

from virtual_time import Deadlock, VirtualTimeLoop

__all__ = ["Budget", "Harness", "run_program"]

_MISSING = object()

# Messages the loop reports when an object is garbage-collected; their timing depends on
# reference counts, so they never enter a trace.
_GC_MESSAGES = ("was never retrieved", "Task was destroyed but it is pending")
_SOURCE_LOCATION = re.compile(r" at [^\s<>\[\]]+\.py:\d+")

# What reprs and messages lose before they enter a trace (the TypeScript harness applies
# the same rules): object addresses; source locations (`running at <program 3>:12`,
# `defined at`, `created at`, a callback's ` at file.py:12`); traceback frames (`  File
# "...", line N, in f` and the source lines under them, and `[<FrameSummary ...>]` lists,
# which become `[]`); the numbers of unnamed tasks (`'Task-12'` becomes `'Task-N'`: the
# counter is global to the process).
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_LOCATION = re.compile(r" at (?:<[^<>\n]*>|[^<>\n]*?\.py):\d+")
_FRAME_SUMMARIES = re.compile(r"\[<FrameSummary [^\n]*?>\]")
_TASK_NUMBER = re.compile(r"'Task-\d+'")


def _without_addresses(text):
    """The text without object addresses and source locations (our loop prints neither)."""
    return _LOCATION.sub("", _ADDRESS.sub("", text))


def normalise(text):
    """A repr or message without addresses, source locations and traceback frames."""
    text = _without_addresses(text)
    text = _TASK_NUMBER.sub("'Task-N'", _FRAME_SUMMARIES.sub("[]", text))
    kept, in_frame = [], False
    for line in text.split("\n"):
        if line.startswith("  File "):
            in_frame = True
        elif not (in_frame and line.startswith("    ")):
            in_frame = False
            kept.append(line)
    return "\n".join(kept)


def _reprlib_cut_after_normalising(x, level):
    """``reprlib.Repr.repr_instance`` on a repr without addresses and source locations.

    asyncio prints futures' results and callbacks' arguments through ``reprlib.repr``, which
    cuts a repr longer than 30 characters to its first 13 and last 14. When the repr holds an
    address (``<TaskWakeupMethWrapper object at 0x7f...>``) or a location (a debug-mode
    future's ``created at file.py:12``), the cut keeps an arbitrary piece of it that no
    normalisation can take out afterwards. So the reference takes addresses and locations
    out first, then lets reprlib cut what is left (its limits, its cut): the TypeScript
    loop prints no addresses or locations, and cuts its reprs the same way.
    """
    try:
        text = _without_addresses(builtins.repr(x))
    except Exception:
        return _reprlib_instance(x, level)
    return _reprlib_instance(_ReprOf(text), level)


class _ReprOf:
    """An object whose repr is the given text: hands reprlib a repr to cut its own way."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


_reprlib_instance = reprlib.aRepr.repr_instance
reprlib.aRepr.repr_instance = _reprlib_cut_after_normalising


def _is_gc_message(message):
    return any(m in (message or "") for m in _GC_MESSAGES)


class _LogCapture(logging.Handler):
    """Records what the ``asyncio`` logger reports (WARNING and above) as trace events."""

    def __init__(self, harness):
        super().__init__(logging.WARNING)
        self.harness = harness

    def emit(self, record):
        message = record.getMessage()
        if _is_gc_message(message):
            return
        exc = record.exc_info[1] if record.exc_info else None
        self.harness.record(
            "log " + record.levelname,
            {"message": normalise(message), "exception": None if exc is None else self.harness.exc(exc)},
        )


# Exception groups exist from 3.11.
_GROUP = getattr(builtins, "BaseExceptionGroup", ())

# How deep Harness.detail follows causes, contexts and group members.
_DETAIL_DEPTH = 4


class Budget(RuntimeError):
    """The program ran more loop iterations than its budget allows."""


# CPython 3.13.0 names an unnamed task made through a task factory 'None' (see KitLoop.create_task).
_RENAMES_FACTORY_TASKS = sys.version_info[:3] == (3, 13, 0)


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
        factory = self.get_task_factory()
        if _RENAMES_FACTORY_TASKS and factory is not None and kwargs.get("name") is None:
            # CPython 3.13.0 hands name=None on to set_name(), renaming a task its factory
            # made 'None'; 3.13.1 (which asyncio-ts follows) leaves the name alone.
            self._check_closed()
            context = kwargs.get("context")
            task = factory(self, coro) if context is None else factory(self, coro, context=context)
        else:
            task = super().create_task(coro, **kwargs)
        if self._harness is not None and not self.is_running():
            self._harness.name_entry_task(task, coro)
        return task


def _waiting_on(fut, kind, timeout):
    """wait_for(fut, timeout), wait([fut], timeout=timeout) or the first of as_completed([fut], timeout=timeout)."""
    if kind == "wait_for":
        return asyncio.wait_for(fut, timeout)
    if kind == "wait":
        return asyncio.wait([fut], timeout=timeout)

    async def first():
        for f in asyncio.as_completed([fut], timeout=timeout):
            return await f

    return first()


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


# The coroutines of the lifecycle scenes (module-level, so that a task's repr names them
# as harness.ts does).


async def cancels_itself_body(loop, wait):
    asyncio.current_task().cancel()
    if wait:
        await loop.create_future()
    return "went on"


async def awaits_itself_body(harness):
    try:
        await asyncio.current_task()
    except RuntimeError as e:
        return harness.exc_text(e)
    return "awaited"


async def child_fails():
    raise ValueError("child failed")


async def fails_when_cancelled():
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        raise ValueError("leftover cancelled")


class _Awaitable:
    """What Harness.awaitable makes: an awaitable that is neither a coroutine nor a future."""

    def __init__(self, value):
        self._value = value

    def __await__(self):
        yield from asyncio.sleep(0).__await__()
        return self._value


# Its repr names this module also where the harness runs as __main__ (a standalone repro).
_Awaitable.__module__ = "asyncio_ts_harness"


class _AiterGives:
    """What Harness.aiter_gives makes: ``__aiter__`` returns the value it was given."""

    def __init__(self, value):
        self._value = value

    def __aiter__(self):
        return self._value


_AiterGives.__module__ = "asyncio_ts_harness"


class _BadAwaitable:
    """What Harness.bad_awaitable makes: its ``__await__`` yields 1 (not a future), or
    yields bare, then gives "after"."""

    def __init__(self, kind):
        self._kind = kind

    def __await__(self):
        if self._kind == "int":
            yield 1
        else:
            yield
        return "after"


_BadAwaitable.__module__ = "asyncio_ts_harness"


async def condition_waiter(cv):
    """``async with cv: await cv.wait()``, then "woken" (Harness.condition_cancelled_twice
    and Harness.woken_repr)."""
    async with cv:
        await cv.wait()
    return "woken"


async def _outcome(task):
    """What awaiting task gives: its result, or ["cancelled", the cancellation's arguments]."""
    try:
        return await task
    except asyncio.CancelledError as e:
        return ["cancelled", [str(a) for a in e.args]]


def _done_outcome(task):
    """A done task's outcome as the scenes show it: its result, "cancelled", or the name and
    args of what it raised."""
    if task.cancelled():
        return "cancelled"
    exc = task.exception()
    if exc is None:
        return task.result()
    return [type(exc).__name__, list(exc.args)]


async def gets_running_loop():
    """What Harness.in_new_loop runs: whether get_event_loop() gives the running loop."""
    return asyncio.get_event_loop() is asyncio.get_running_loop()


class Harness:
    def __init__(self, loop):
        self.loop = loop
        self.events = []
        self.tracked = []  # (name, task or future), in creation order
        self._names = {}  # id(object) -> name; objects stay alive in self.tracked
        self.finished = False
        self.kept = []  # async generators, kept alive so that none is garbage collected
        self.shutdown_at = None  # index of the "shutdown" event, once the shutdown began
        self.epilogue_at = None  # index of the first event after the entry (its epilogue)
        self.outside_loops = []  # loops the outside calls made (closed at the end)
        self.making_outside = False  # while an outside call runs: its loops are not the entry's
        self.await_in_program = None  # see _program_awaiter
        self._done_callbacks = {}  # label -> its done-callback, so remove_done_callback finds it
        self.making_again = False  # while an `again` run starts: its loop is traced, replacing the entry's
        self.again_shutdown_at = None  # index of the "shutdown" event of the running `again` run
        self.again_spans = []  # (start, end) of the `again` runs' shutdowns, sorted like the entry's
        self.normalise_messages = False  # objects made outside the loop (`shared`): messages normalised

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
        if self.epilogue_at is not None:
            # An `again` run's shutdown.
            if self.again_shutdown_at is None and _is_shutdown_step(future):
                self.record("shutdown")
                self.again_shutdown_at = len(self.events)
            return
        if self.shutdown_at is None and _is_shutdown_step(future):
            self.record("shutdown")
            self.shutdown_at = len(self.events)

    def names(self, objs):
        return sorted(self.name(o) for o in objs)

    # -- values -------------------------------------------------------------------------

    def exc(self, e):
        if self.normalise_messages:
            return {"exc": type(e).__name__, "args": [normalise(a) if isinstance(a, str) else self.value(a) for a in e.args]}
        return {"exc": type(e).__name__, "args": [self.value(a) for a in e.args]}

    def exc_text(self, e):
        """Like exc, with string arguments normalised as reprs are (a message may quote one)."""
        out = self.exc(e)
        out["args"] = [normalise(a) if isinstance(a, str) else a for a in out["args"]]
        return out

    def value(self, v):
        if isinstance(v, BaseException):
            return self.exc(v)
        if isinstance(v, (list, tuple)):
            return [self.value(x) for x in v]
        if v is None or isinstance(v, (bool, int, str)):
            return v
        # A whole float is an int (JSON has one kind of number); inf and nan stay reprs.
        if isinstance(v, float) and math.isfinite(v) and v == int(v):
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

    def text(self, e):
        """``str(e)`` of a caught exception, normalised as reprs are."""
        return normalise(str(e))

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

    def record_outside(self, what, value):
        """Records an event outside the running loop (an entry's prologue or epilogue)."""
        if self.finished:
            return
        self.events.append({"t": 0.0 if self.loop is None else self.loop.time(), "task": None, "what": what, "value": value})

    def outside(self, what, make):
        """An outside call (ops/outside_cases.ts): calls make() with no loop running and
        records ``outside <what>`` with what it gave or raised, and the warnings it gave."""
        self.making_outside = True
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                event = {"at": "call", "value": self.value(make())}
            except Exception as e:
                event = {"at": "call", "raised": self.exc_text(e)}
            finally:
                self.making_outside = False
        shown = [
            [w.category.__name__, normalise(str(w.message))]
            for w in caught
            if not issubclass(w.category, ResourceWarning) and "was never awaited" not in str(w.message)
        ]
        if shown:
            event["warnings"] = shown
        self.record_outside("outside " + what, event)

    def epilogue(self):
        """The entry returned or raised: the events from here on keep their order."""
        if self.epilogue_at is None:
            self.epilogue_at = len(self.events)

    def shared(self, what, make):
        """A module-level object of the entry (ops/shared_objects.ts): made with no loop
        running (a loop its construction asks the policy for is an outside one), recorded
        as ``shared <what>`` with its repr or what its construction raised (then None).
        From here on exception messages are recorded normalised (they quote reprs with
        addresses)."""
        self.normalise_messages = True
        self.making_outside = True
        made = None
        try:
            made = make()
            event = {"at": "call", "value": normalise(repr(made))}
        except Exception as e:
            event = {"at": "call", "raised": self.exc_text(e)}
        finally:
            self.making_outside = False
        self.record_outside("shared " + what, event)
        return made

    def again(self, what, run):
        """A named coroutine run again after the entry (``run`` is its asyncio.run): on a
        new traced loop, which from then on times the events; recorded as ``again <what>``
        with its value or the exception it raised. Its shutdown's events are sorted as
        the entry's."""
        self.making_again = True
        self.again_shutdown_at = None
        try:
            event = {"at": "call", "value": self.value(run())}
        except (Deadlock, Budget):
            raise
        except Exception as e:
            event = {"at": "call", "raised": self.exc_text(e)}
        finally:
            self.making_again = False
            if self.again_shutdown_at is not None:
                self.again_spans.append((self.again_shutdown_at, len(self.events)))
            self.again_shutdown_at = None
        self.record_outside("again " + what, event)

    def run_with_factory(self):
        """asyncio.run(coro, loop_factory=asyncio.new_event_loop), the coroutine closed
        when the call refuses it."""
        coro = self.returns(1)
        try:
            return asyncio.run(coro, loop_factory=asyncio.new_event_loop)
        finally:
            coro.close()

    def with_runner(self, use, factory):
        """``with asyncio.Runner() as runner: return use(runner)`` (factory:
        ``loop_factory=asyncio.new_event_loop``)."""
        runner = asyncio.Runner(loop_factory=asyncio.new_event_loop) if factory else asyncio.Runner()
        with runner:
            return use(runner)

    def in_new_loop(self):
        """Runs gets_running_loop() on a new loop nobody set as current, then closes it."""
        loop = asyncio.new_event_loop()
        try:
            return loop.run_until_complete(gets_running_loop())
        finally:
            loop.close()

    def callback(self, label):
        self.record("callback " + label)

    def done_callback(self, label):
        """The done-callback of ``label`` (one function per label: remove_done_callback
        removes what add_done_callback added under it)."""
        if label in self._done_callbacks:
            return self._done_callbacks[label]

        def on_done(fut):
            self.record("done_callback %s %s" % (label, self.name(fut)), self.state(fut))

        self._done_callbacks[label] = on_done
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

    def raising(self, label, exc):
        """A loop callback that records ``callback <label>``, then raises ``exc``."""
        self.record("callback " + label)
        raise exc

    def raising_done_callback(self, label, exc):
        """A done-callback that records the future's state, then raises ``exc``."""

        def on_done(fut):
            self.record("done_callback %s %s" % (label, self.name(fut)), self.state(fut))
            raise exc

        return on_done

    def repr(self, obj):
        """``repr(obj)``, normalised."""
        return normalise(repr(obj))

    def context(self, context):
        """An exception handler's context: message, exception, its keys, and the reprs of
        the other entries (traceback entries as ``<traceback>``)."""
        exc = context.get("exception")
        reprs = []
        for key in sorted(context):
            if key in ("message", "exception"):
                continue
            tb = key in ("source_traceback", "handle_traceback")
            reprs.append([key, "<traceback>" if tb else normalise(repr(context[key]))])
        message = context.get("message")
        return {
            "message": None if message is None else normalise(message),
            "exception": None if exc is None else self.exc(exc),
            "keys": sorted(context),
            "reprs": reprs,
        }

    def exception_handler(self, mode, exc=None):
        """A program-defined exception handler: records ``handler called`` with the context
        it receives; then `chain` passes the context to the default handler, `raise`
        raises ``exc``. Contexts about garbage collection are not recorded."""

        def handler(loop, context):
            if _is_gc_message(context.get("message")):
                return
            self.record("handler called", self.context(context))
            if mode == "chain":
                loop.default_exception_handler(context)
            elif mode == "raise":
                raise exc

        return handler

    def on_warning(self, message, category, filename, lineno, file=None, line=None):
        """The ``warnings.showwarning`` hook while a program runs: records ``warning
        <Category>`` with the text, except the warnings garbage collection emits."""
        text = str(message)
        if issubclass(category, ResourceWarning) or "was never awaited" in text:
            return
        self.record("warning " + category.__name__, normalise(text))

    # -- introspection, task factories, argument checks (ops/introspect.ts, task_factory.ts, validate.ts)

    def introspect(self, what, task=None):
        """Record `introspect <what>` with what all_tasks() (sorted names), current_task()
        or task.get_coro() (its coroutine's name, or None) gives; also a loop callback."""
        if what == "get_coro":
            self.record("introspect get_coro " + self.name(task), self.coro_name(task))
        elif what == "all_tasks":
            self.record("introspect all_tasks", self.names(asyncio.all_tasks(self.loop)))
        else:
            self.record("introspect current_task", self.name(asyncio.current_task(self.loop)))

    def coro_name(self, task):
        # CPython 3.12.1's C Task crashes in get_coro() once an eagerly started task has
        # finished and let go of its coroutine; its _coro says so safely (later releases
        # return None there).
        if getattr(task, "_coro", True) is None:
            return None
        coro = task.get_coro()
        return None if coro is None else coro.__name__

    def recording_factory(self, loop, coro, **kwargs):
        """A task factory that records `task_factory <coroutine>` with its keywords."""
        self.record("task_factory " + coro.__name__, sorted(k for k, v in kwargs.items() if v is not None))
        return asyncio.Task(coro, loop=loop, **kwargs)

    def recording_task(self, coro, **kwargs):
        """A task constructor for create_eager_task_factory that records its keywords."""
        self.record("task_constructor " + coro.__name__, sorted(k for k, v in kwargs.items() if v is not None))
        return asyncio.Task(coro, **kwargs)

    async def attempt(self, what, make, follow):
        """Call make() and follow what it returns (await it, take its first item, or keep
        the returned value); record where it ended and what it raised or gave."""
        try:
            obj = make()
        except Exception as e:
            self.record(what, {"at": "call", "raised": self.exc_text(e)})
            return
        if follow in ("call", "construct"):
            self.record(what, {"at": "call", "value": self.value(obj) if follow == "call" else None})
            return
        at = "iterate" if follow == "iterate" else "await"
        try:
            awaitable = obj
            if follow == "iterate":
                try:
                    awaitable = next(iter(obj))
                except StopIteration:
                    self.record(what, {"at": at, "empty": True})
                    return
                at = "await"
            result = await (awaitable if self.await_in_program is None else self.await_in_program(awaitable))
        except Exception as e:
            self.record(what, {"at": at, "raised": self.exc_text(e)})
            return
        if follow == "wait":
            result = [len(result[0]), len(result[1])]
        self.record(what, {"at": at, "value": self.value(result)})

    def done(self, value):
        """A future already done with value."""
        fut = self.loop.create_future()
        fut.set_result(value)
        return fut

    def slow(self):
        """A task that sleeps one second and returns "slow"."""
        return asyncio.ensure_future(asyncio.sleep(1, "slow"))

    async def returns(self, value):
        return value

    def plain(self, *items):
        """A plain generator (not a coroutine function) over items."""
        yield from items

    async def timed(self, cm):
        async with cm:
            await asyncio.sleep(1)
        return cm.expired()

    def countdown(self, n):
        """A Condition.wait_for predicate, false until its nth call, then n."""
        calls = [0]

        def predicate():
            calls[0] += 1
            return calls[0] >= n and calls[0]

        return predicate

    # -- async generators driven by validate cases (twins in harness.ts) ------------------

    def items_agen(self, *items):
        """An async generator over items (kept alive), recording `agen sent` for each value
        sent into it other than None."""

        async def items_agen(*items):
            for item in items:
                sent = yield item
                if sent is not None:
                    self.record("agen sent", self.value(sent))

        return self.keep(items_agen(*items))

    def catching_agen(self, handler):
        """An async generator yielding 1 that catches a ValueError thrown in at that yield,
        records it, then does what handler says: yield "caught", return, or raise KeyError."""

        async def catching_agen():
            try:
                yield 1
            except ValueError as e:
                self.record("agen caught", self.exc(e))
                if handler == "yield":
                    yield "caught"
                elif handler == "raise":
                    raise KeyError("k")

        return self.keep(catching_agen())

    def stubborn_agen(self):
        """An async generator that yields 1, and yields 2 in its finally block (so that
        aclose() fails once)."""

        async def stubborn_agen():
            try:
                yield 1
            finally:
                yield 2

        return self.keep(stubborn_agen())

    def keep(self, agen):
        self.kept.append(agen)
        return agen

    async def agen_steps(self, agen, *ops):
        """Awaits one method of agen per op ("next", "close", "throw" a ValueError, "throw
        class" ValueError itself, "throw stop" a StopAsyncIteration, or a number to asend),
        recording `agen <op>` with its value or exception (GeneratorExit included: a
        generator whose finally yielded re-raises it); then closes it quietly."""
        for op in ops:
            if op == "next":
                aw = agen.__anext__()
            elif op == "close":
                aw = agen.aclose()
            elif op == "throw":
                aw = agen.athrow(ValueError("x"))
            elif op == "throw class":
                aw = agen.athrow(ValueError)
            elif op == "throw stop":
                aw = agen.athrow(StopAsyncIteration("s"))
            else:
                aw = agen.asend(op)
            await self._record_outcome("agen " + str(op), aw, (Exception, GeneratorExit))
        for _ in range(2):
            try:
                await agen.aclose()
            except Exception:
                pass

    async def twice(self, aw):
        """Awaits aw, recording `twice first` with its value or exception, and then awaits
        it again."""
        await self._record_outcome("twice first", aw, Exception)
        return await aw

    async def _record_outcome(self, what, aw, caught):
        """Awaits aw, recording `what` with its value or the exception (of the classes
        `caught`)."""
        try:
            self.record(what, {"value": self.value(await aw)})
        except caught as e:
            self.record(what, {"raised": self.exc_text(e)})

    def send_by_hand(self, it, value):
        """One send() into an awaitable driven by hand: ["yield", what it yielded] or
        ["stop", the StopIteration's value]."""
        try:
            return ["yield", self.value(it.send(value))]
        except StopIteration as e:
            return ["stop", self.value(e.value)]

    def bad_awaitable(self, kind):
        """An awaitable whose ``__await__`` yields 1 (kind "int") or yields bare (kind
        "bare"), then gives "after"."""
        return _BadAwaitable(kind)

    async def abandoned_acquire(self, kind):
        """Takes a Lock (kind "lock") or a Semaphore(1), starts a second acquire() by hand so
        that it waits, closes that coroutine, and gives the primitive's repr (normalised)
        and, after a release and a third acquire(), whether it is locked."""
        prim = asyncio.Lock() if kind == "lock" else asyncio.Semaphore(1)
        await prim.acquire()
        waiting = prim.acquire()
        waiting.send(None)
        waiting.close()
        text = self.repr(prim)
        prim.release()
        await prim.acquire()
        return [text, prim.locked()]

    async def group_scene(self, kind):
        """A task running a TaskGroup (3.11+), cancelled from outside once ("outside
        cancel") or again while the group waits ("outside cancel twice"), or whose
        children ("two children fail") or child and body ("child and body fail") fail
        close together: [what the task gave or its cancellation's arguments,
        task.cancelling()]."""

        async def fails(delay):
            if delay is not None:
                await asyncio.sleep(delay)
            raise ValueError("child")

        async def body():
            try:
                async with asyncio.TaskGroup() as tg:
                    if kind.startswith("outside cancel"):
                        tg.create_task(asyncio.sleep(10))
                        await asyncio.sleep(10)
                    elif kind == "two children fail":
                        tg.create_task(fails(0))
                        tg.create_task(fails(0))
                        await asyncio.sleep(1)
                    else:
                        tg.create_task(fails(None))
                        await asyncio.sleep(0)
                        raise KeyError("body")
            except BaseExceptionGroup as eg:  # noqa: F821 (3.11+)
                await asyncio.sleep(0)
                return ["group", [type(e).__name__ for e in eg.exceptions], asyncio.current_task().cancelling()]
            return "returned"

        task = asyncio.ensure_future(body())
        await asyncio.sleep(0)
        if kind.startswith("outside cancel"):
            task.cancel("first")
            if kind == "outside cancel twice":
                await asyncio.sleep(0)
                task.cancel("second")
        return [await _outcome(task), task.cancelling()]

    async def wake_then_cancel(self, kind):
        """Two tasks wait on a held Lock, a Semaphore(0) or an empty Queue; one step wakes
        the first (release / put_nowait) and cancels it: [the first cancelled, what the
        second gave (False while it waits), the lock's locked() or the queue's qsize()]."""
        if kind == "lock":
            prim = asyncio.Lock()
            await prim.acquire()
            take = prim.acquire
        elif kind == "semaphore":
            prim = asyncio.Semaphore(0)
            take = prim.acquire
        else:
            prim = asyncio.Queue()
            take = prim.get
        first = asyncio.ensure_future(take())
        second = asyncio.ensure_future(take())
        await asyncio.sleep(0)
        if kind == "queue":
            prim.put_nowait("item")
        else:
            prim.release()
        first.cancel()
        for _ in range(3):
            await asyncio.sleep(0)
        state = prim.qsize() if kind == "queue" else prim.locked()
        return [first.cancelled(), self.value(second.result()) if second.done() else False, state]

    async def condition_cancelled_twice(self):
        """A task waits in Condition.wait(); the holder notifies it and cancels it, and
        cancels it again while it waits to take the lock back: [how the task ended, the
        condition's locked()]."""
        cv = asyncio.Condition()
        task = asyncio.ensure_future(condition_waiter(cv))
        await asyncio.sleep(0)
        async with cv:
            cv.notify()
            task.cancel()
            await asyncio.sleep(0)
            task.cancel()
        return [await _outcome(task), cv.locked()]

    def warning_filters(self, scene):
        """Inside catch_warnings(): sets filters as the scene says and gives the ones it
        set, as [action, message pattern, category, module pattern]: "append", two filters
        appended twice (the last two of the list); "front", a message/module filter and a
        category filter inserted, the latter twice (the first two); "reset",
        resetwarnings() and one filter (the whole list). The filters a run starts with
        depend on where it runs (a reference worker ignores every warning of its own), so
        no scene shows them."""
        with warnings.catch_warnings():
            if scene == "append":
                for _ in range(2):
                    warnings.simplefilter("ignore", UserWarning, append=True)
                    warnings.filterwarnings("error", message="x", category=RuntimeWarning, module="m", append=True)
                shown = warnings.filters[-2:]
            elif scene == "front":
                warnings.filterwarnings("always", message="loop", category=DeprecationWarning, module="asyncio")
                warnings.simplefilter("error", RuntimeWarning)
                warnings.simplefilter("error", RuntimeWarning)
                shown = warnings.filters[:2]
            else:
                warnings.resetwarnings()
                warnings.simplefilter("default")
                shown = warnings.filters
            pattern = lambda p: None if p is None else p if isinstance(p, str) else p.pattern
            return [[f[0], pattern(f[1]), f[2].__name__, pattern(f[3])] for f in shown]

    async def async_for_over(self, iterable):
        """``async for`` over iterable: the items it gave."""
        items = []
        async for item in iterable:
            items.append(self.value(item))
        return items

    def aiter_gives(self, value):
        """An object whose ``__aiter__`` returns value."""
        return _AiterGives(value)

    def future_iter_by_hand(self):
        """Steps a pending future's ``__await__()`` iterator twice by hand: [whether the
        first step gave the future itself, the class and text of what the second raised]."""
        fut = self.loop.create_future()
        it = fut.__await__()
        first = next(it)
        try:
            next(it)
        except RuntimeError as e:
            return [first is fut, type(e).__name__, self.text(e)]
        return [first is fut, None, None]

    async def woken_repr(self, kind):
        """A task waits on a held Lock, an Event, a Semaphore(0) or a Condition; right
        after the call that wakes it, its repr (normalised) and, three steps later,
        whether it is done."""
        if kind == "condition":
            prim = asyncio.Condition()
            task = asyncio.ensure_future(condition_waiter(prim))
            await asyncio.sleep(0)
            async with prim:
                prim.notify()
                text = self.repr(task)
        else:
            if kind == "lock":
                prim = asyncio.Lock()
                await prim.acquire()
                task = asyncio.ensure_future(prim.acquire())
            elif kind == "event":
                prim = asyncio.Event()
                task = asyncio.ensure_future(prim.wait())
            else:
                prim = asyncio.Semaphore(0)
                task = asyncio.ensure_future(prim.acquire())
            await asyncio.sleep(0)
            if kind == "event":
                prim.set()
            else:
                prim.release()
            text = self.repr(task)
        for _ in range(3):
            await asyncio.sleep(0)
        return [text, task.done()]

    async def semaphore_burst(self):
        """Two tasks wait on a Semaphore(0); four release() calls in one step, then two
        newcomers: [the order they acquired in, locked() after each of five steps]."""
        sem = asyncio.Semaphore(0)
        order = []

        async def take(name):
            await sem.acquire()
            order.append(name)

        for name in ("w1", "w2"):
            asyncio.ensure_future(take(name))
        await asyncio.sleep(0)
        for _ in range(4):
            sem.release()
        for name in ("n1", "n2"):
            asyncio.ensure_future(take(name))
        states = [sem.locked()]
        for _ in range(4):
            await asyncio.sleep(0)
            states.append(sem.locked())
        return [order, states]

    async def queue_shutdown_edge(self, which):
        """3.13+: a Queue holding two items is shut down after task_done() ran ahead of
        get() ("task_done first", immediately) or with an item gotten but not done
        ("gotten, not done"); then [qsize(), whether a join() started then is done a step
        later]."""
        q = asyncio.Queue()
        q.put_nowait(1)
        q.put_nowait(2)
        if which == "task_done first":
            q.task_done()
            q.shutdown(immediate=True)
        else:
            q.get_nowait()
            q.shutdown()
        join = asyncio.ensure_future(q.join())
        await asyncio.sleep(0)
        return [q.qsize(), join.done()]

    def drain_priority(self, *items):
        """Puts items into a PriorityQueue and takes them all out again, in its order."""
        q = asyncio.PriorityQueue()
        for item in items:
            q.put_nowait(item)
        return [q.get_nowait() for _ in items]

    # -- scenes of the agens cases (src/conformance/ops/validate_cases_agens.ts; twins in harness.ts) --

    def _by_hand17(self, step, close=False):
        """One by-hand call on an awaitable: ["stop", value] (StopIteration), ["yield"] or
        ["raised", exception]; close gives ["closed"]."""
        try:
            step()
            return ["closed"] if close else ["yield"]
        except StopIteration as e:
            return ["stop", self.value(e.value)]
        except Exception as e:
            return ["raised", self.exc_text(e)]

    async def agen_close_awaitable(self, then):
        """Takes the 1 of a generator that catches GeneratorExit at that yield, then close()s
        by hand a fresh __anext__() awaitable (3.13+ throws GeneratorExit in; the generator
        then yields "g", returns, raises KeyError or re-raises, as then says), or ("awaited
        next"/"awaited close") an __anext__()/aclose() awaitable already awaited; records
        the close, ag_running and the next __anext__(), then closes the generator."""

        async def exit_agen():
            try:
                yield 1
            except GeneratorExit:
                if then == "yield":
                    yield "g"
                elif then == "raise":
                    raise KeyError("k")
                elif then == "return":
                    return
                else:
                    raise
            yield 2

        ag = exit_agen()
        seen = [self.value(await ag.__anext__())]
        if then in ("awaited next", "awaited close"):
            aw = ag.__anext__() if then == "awaited next" else ag.aclose()
            seen.append(self.value(await aw))
        else:
            aw = ag.__anext__()
        seen += [self._by_hand17(aw.close, True), ag.ag_running]
        try:
            seen.append(self.value(await ag.__anext__()))
        except Exception as e:
            seen.append(self.exc_text(e))
        await self._close_quietly(ag)
        return seen

    async def agen_throw_then_send(self, then):
        """Takes the 1 of a generator whose handler of ValueError sleeps, and drives an
        athrow(ValueError) awaitable by hand: send(None) (the handler's sleep yields), then
        throw(KeyError) into that sleep (the generator yields "k", or lets the KeyError out,
        as then says), then send(None) again (3.13+: the awaitable is closed by then);
        records each step and ag_running, then closes the generator."""

        async def handler_agen():
            try:
                yield 1
            except ValueError:
                try:
                    await asyncio.sleep(0)
                except KeyError:
                    if then == "raise":
                        raise
                    yield "k"
            yield "after"

        ag = handler_agen()
        await ag.__anext__()
        aw = ag.athrow(ValueError("x"))
        seen = [self._by_hand17(lambda: aw.send(None))]
        seen += [self._by_hand17(lambda: aw.throw(KeyError("t"))), ag.ag_running]
        seen += [self._by_hand17(lambda: aw.send(None)), ag.ag_running]
        await self._close_quietly(ag)
        return seen

    # -- end of the scenes of the agens cases --

    # -- scenes of the protocols cases (src/conformance/ops/validate_cases_protocols.ts; twins in harness.ts) --

    async def agen_running(self, op):
        """A generator whose body sleeps before its first yield: its first __anext__() runs
        in a task; records ag_running before, while that step is pending, and after it, and
        does op to the generator while the step is pending."""

        async def sleeper():
            await asyncio.sleep(0)
            yield 1
            yield 2

        ag = sleeper()
        self.record("ag_running before", ag.ag_running)
        task = asyncio.ensure_future(ag.__anext__())
        await asyncio.sleep(0)
        self.record("ag_running pending", ag.ag_running)
        if op == "next":
            await self._record_outcome("agen next", ag.__anext__(), Exception)
        elif op == "close":
            await self._record_outcome("agen close", ag.aclose(), Exception)
        elif op == "throw":
            await self._record_outcome("agen throw", ag.athrow(ValueError("x")), Exception)
        elif op in ("throw by hand next", "throw by hand close"):
            aw = ag.__anext__() if op == "throw by hand next" else ag.aclose()
            try:
                self.record("agen throw by hand", {"value": self.value(aw.throw(ValueError("x")))})
            except Exception as e:
                self.record("agen throw by hand", {"raised": self.exc_text(e)})
        first = await task
        self.record("ag_running after", ag.ag_running)
        await self._close_quietly(ag)
        return self.value(first)

    async def _close_quietly(self, ag):
        for _ in range(2):
            try:
                await ag.aclose()
            except Exception:
                pass

    async def agen_awaiting(self, then, op):
        """A generator that yields 1 and whose handler (of anything thrown in there) sleeps,
        then returns, raises KeyError, re-raises, or yields "late" (then; "yield now":
        without the sleep), and after the handler "after". Takes the 1, then
        records `agen <op>` (close, or throw a ValueError; twice: that awaitable awaited
        again), ag_running, and the next __anext__()."""

        async def awaiting_agen():
            try:
                yield 1
            except BaseException:
                if then != "yield now":
                    await asyncio.sleep(0)
                if then in ("yield", "yield now"):
                    yield "late"
                elif then == "raise":
                    raise KeyError("k")
                elif then == "reraise":
                    raise
                else:
                    return
            yield "after"

        ag = awaiting_agen()
        first = await ag.__anext__()
        aw = ag.aclose() if op.startswith("close") else ag.athrow(ValueError("x"))
        await self._record_outcome("agen " + op, aw, Exception)
        if op.endswith("twice"):
            await self._record_outcome("agen " + op, aw, Exception)
        self.record("ag_running", ag.ag_running)
        await self._record_outcome("agen next", ag.__anext__(), Exception)
        await self._close_quietly(ag)
        return self.value(first)

    async def agen_hooks(self):
        """Replaces the firstiter hook with one that records `firstiter` (the generator's
        repr) and records which hooks are then in place, clears it, puts the old hooks back,
        and tries a good finalizer with a bad firstiter (then puts the old hooks back
        again)."""

        async def agen_function():
            yield 1

        agen_function.__qualname__ = "agen_function"
        old = sys.get_asyncgen_hooks()

        def hook(agen):
            self.record("firstiter", self.repr(agen))

        sys.set_asyncgen_hooks(firstiter=hook)
        now = sys.get_asyncgen_hooks()
        seen = [now.firstiter is hook, now.finalizer is old.finalizer]
        ag = agen_function()
        seen.append(self.value(await ag.__anext__()))
        await self._close_quietly(ag)
        sys.set_asyncgen_hooks(firstiter=None)
        cleared = sys.get_asyncgen_hooks()
        seen += [cleared.firstiter is None, cleared.finalizer is old.finalizer]
        unhooked = agen_function()
        seen.append(self.value(await unhooked.__anext__()))
        await self._close_quietly(unhooked)
        sys.set_asyncgen_hooks(*old)
        back = sys.get_asyncgen_hooks()
        seen += [back.firstiter is old.firstiter, back.finalizer is old.finalizer]
        # A good finalizer with a bad firstiter: 3.7-3.12 set the finalizer before refusing.
        try:
            sys.set_asyncgen_hooks(firstiter=1, finalizer=hook)
        except Exception as e:
            seen.append(self.exc_text(e))
        seen.append(sys.get_asyncgen_hooks().finalizer is hook)
        sys.set_asyncgen_hooks(*old)
        return seen

    def _step_by_hand(self, step):
        try:
            step()
            return ["yield"]
        except StopIteration as e:
            return ["stop", self.value(e.value)]
        except Exception as e:
            return ["raised", self.exc_text(e)]

    async def agen_throw_by_hand(self, which):
        """Takes the 1 of a generator whose handler awaits then returns, then drives a fresh
        awaitable of it (next: __anext__(), close: aclose(), throw: athrow(KeyError)) by
        hand: throw(ValueError) first, then send(None), with ag_running after each."""

        async def awaiting_agen():
            try:
                yield 1
            except BaseException:
                await asyncio.sleep(0)

        ag = awaiting_agen()
        await ag.__anext__()
        aw = ag.__anext__() if which == "next" else ag.aclose() if which == "close" else ag.athrow(KeyError("t"))
        seen = [self._step_by_hand(lambda: aw.throw(ValueError("x"))), ag.ag_running]
        seen += [self._step_by_hand(lambda: aw.send(None)), ag.ag_running]
        await self._close_quietly(ag)
        return seen

    async def agen_close_by_hand(self, which):
        """Takes the 1 of a generator whose handler awaits then returns, then closes a fresh
        awaitable of it by hand (next: __anext__(), close: aclose(), throw:
        athrow(KeyError), anext: anext(ag, "d")): close(), ag_running, then send(None),
        throw(ValueError) and ag_running again."""

        async def awaiting_agen():
            try:
                yield 1
            except BaseException:
                await asyncio.sleep(0)

        ag = awaiting_agen()
        await ag.__anext__()
        if which == "next":
            aw = ag.__anext__()
        elif which == "close":
            aw = ag.aclose()
        elif which == "throw":
            aw = ag.athrow(KeyError("t"))
        else:
            aw = anext(ag, "d")
        try:
            aw.close()
            closed = ["closed"]
        except Exception as e:
            closed = ["raised", self.exc_text(e)]
        seen = [closed, ag.ag_running]
        seen += [self._step_by_hand(lambda: aw.send(None)), self._step_by_hand(lambda: aw.throw(ValueError("x"))), ag.ag_running]
        await self._close_quietly(ag)
        return seen

    async def agen_reprs(self, with_anext):
        """The reprs (and iscoroutine) of a generator and of its awaitables (__anext__(),
        athrow(), aclose(), and with with_anext anext(ag, "d")), each awaited after its
        repr is taken (3.13 warns about an awaitable that is never awaited)."""

        async def repr_agen():
            yield 1
            yield 2

        ag = repr_agen()
        seen = [self.repr(ag), asyncio.iscoroutine(ag)]
        awaitables = [ag.__anext__(), ag.athrow(ValueError), ag.aclose()]
        if with_anext:
            awaitables.append(anext(ag, "d"))
        for aw in awaitables:
            seen += [self.repr(aw), asyncio.iscoroutine(aw)]
            try:
                seen.append(self.value(await aw))
            except Exception as e:
                seen.append(self.exc_text(e))
        return seen

    async def agen_self(self):
        """A generator that yields its own ag_running, then awaits its own __anext__():
        records both steps."""

        async def self_probe(box):
            yield box[0].ag_running
            yield await box[0].__anext__()

        box = []
        ag = self_probe(box)
        box.append(ag)
        await self._record_outcome("agen next", ag.__anext__(), Exception)
        await self._record_outcome("agen next", ag.__anext__(), Exception)
        self.record("ag_running", ag.ag_running)
        await self._record_outcome("agen next", ag.__anext__(), Exception)
        return None

    def agen_function_kinds(self):
        """inspect.isasyncgenfunction of an async generator function, a coroutine function,
        a plain function and 1."""
        import inspect

        async def agen_function():
            yield 1

        async def coroutine_function():
            pass

        def plain_function():
            pass

        return [inspect.isasyncgenfunction(f) for f in (agen_function, coroutine_function, plain_function, 1)]

    # -- scenes of the text cases (src/conformance/ops/validate_cases_text.ts; twins in harness.ts) --

    _TEXT_EXCEPT_STAR = (
        "def f(classes):\n"
        "    out = []\n"
        "    try:\n"
        "        raise ValueError(1)\n"
        "    except* classes as eg:\n"
        "        out.append([type(eg).__name__, eg.message, len(eg.exceptions)])\n"
        "    return out\n"
    )

    class _TextRank:
        """Ordered through ``__lt__``, ``__gt__`` and ``__eq__`` only, against ranks and numbers."""

        def __init__(self, v):
            self.v = v

        def _of(self, other):
            return other.v if isinstance(other, Harness._TextRank) else other

        def __eq__(self, other):
            return self.v == self._of(other)

        def __lt__(self, other):
            return self.v < self._of(other)

        def __gt__(self, other):
            return self.v > self._of(other)

        __hash__ = None

        def __repr__(self):
            return "Rank(%r)" % self.v

    def text_caught_by(self, exc, classes):
        """``try: raise exc`` / ``except classes as e: return repr(e)``."""
        try:
            raise exc
        except classes as e:
            return repr(e)

    async def text_raising(self, exc):
        """A coroutine that raises ``exc``."""
        raise exc

    async def text_attempt(self, body, classes):
        """``try: v = await body`` / ``except classes``: ``["ok", v]`` or ``["caught", e]``."""
        try:
            v = await body
        except classes as e:
            return ["caught", self.value(e)]
        return ["ok", self.value(v)]

    async def text_except_star(self, classes):
        """``except* classes:`` around ``raise ValueError(1)`` (compiled at run time: 3.11+ syntax)."""
        ns = {}
        exec(self._TEXT_EXCEPT_STAR, ns)
        return ns["f"](classes)

    _TEXT_EXCEPT_STAR_GROUP = (
        "def f(classes, action):\n"
        "    out = []\n"
        "    try:\n"
        "        raise ExceptionGroup('m', [ValueError(1), KeyError(2), ExceptionGroup('n', [ValueError(3)])])\n"
        "    except* classes as eg:\n"
        "        out.append([type(eg).__name__, eg.message, len(eg.exceptions)])\n"
        "        if action == 'raise':\n"
        "            raise\n"
        "        if action == 'raise new':\n"
        "            raise KeyError('new')\n"
        "    return out\n"
    )

    async def text_except_star_group(self, classes, action):
        """``except* classes:`` around a nested group; the handler passes, raises again bare, or raises ``KeyError('new')``."""
        ns = {}
        exec(self._TEXT_EXCEPT_STAR_GROUP, ns)
        return ns["f"](classes, action)

    async def text_cancelled_inside(self, msg):
        """A task cancelled (with msg unless None) while it sleeps: str() of the CancelledError
        it catches, and the first line of a traceback's text for it (harness_text.ts gives
        the error's JavaScript `message` and `stack`)."""

        async def inner():
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError as e:
                text = str(e)
                return [text, "CancelledError: " + text if text else "CancelledError"]

        task = asyncio.ensure_future(inner())
        await asyncio.sleep(0)
        if msg is None:
            task.cancel()
        else:
            task.cancel(msg)
        return await task

    async def text_wait_for_values(self, *values):
        """``Condition.wait_for`` over a predicate giving ``values`` in turn: ``[calls, result]``."""
        cond = asyncio.Condition()
        calls = []
        done = []

        def predicate():
            calls.append(None)
            return values[len(calls) - 1]

        async def notifier():
            while not done:
                await asyncio.sleep(0)
                async with cond:
                    cond.notify_all()

        task = asyncio.ensure_future(notifier())
        async with cond:
            result = await cond.wait_for(predicate)
        done.append(True)
        await task
        return [len(calls), self.value(result)]

    def text_catch_warnings_misuse(self, record):
        """A ``catch_warnings`` exited before it is entered, entered twice, exited twice, entered again."""
        scope = warnings.catch_warnings(record=record)
        out = []
        for name, run in (("exit", lambda: scope.__exit__(None, None, None)), ("enter", scope.__enter__), ("enter", scope.__enter__),
                          ("exit", lambda: scope.__exit__(None, None, None)), ("exit", lambda: scope.__exit__(None, None, None)),
                          ("enter", scope.__enter__)):
            try:
                run()
                out.append([name, None])
            except RuntimeError as e:
                out.append([name, type(e).__name__, str(e)])
        return out

    def text_message_filters(self, action):
        """Message filters and warnings given as text or instances (see harness_text.ts)."""
        with warnings.catch_warnings(record=True) as log:
            warnings.resetwarnings()
            warnings.simplefilter(action)
            warnings.filterwarnings("error", module="zzz")
            warnings.filterwarnings("error", message="boom")
            warnings.filterwarnings("ignore", message="quiet", append=True)
            warnings.filterwarnings("ignore", message="quiet", append=True)
            warnings.filterwarnings("ignore", message="calm", append=True)
            warnings.filterwarnings("ignore", message="calm", module="zzz", append=True)
            warnings.filterwarnings("error", message="calm", append=True)
            warnings.filterwarnings("ignore", message="hush", category=UserWarning)
            out = [len(warnings.filters)]
            for message in ["Boom here", "a boom", RuntimeWarning("boom 2"), UserWarning("hush now"), RuntimeWarning("hush too"), "quiet", "quiet"]:
                before = len(log)
                try:
                    warnings.warn(message)
                except Warning as e:
                    out.append(["raised", type(e).__name__, str(e)])
                    continue
                out.append(["shown", [[m.category.__name__, str(m.message)] for m in log[before:]]])
            return out

    def text_filter_action(self, how, action):
        """``simplefilter(action)`` or ``filterwarnings(action)`` inside ``catch_warnings()``."""
        with warnings.catch_warnings():
            warnings.resetwarnings()
            getattr(warnings, how)(action)
            return len(warnings.filters)

    def text_rank(self, v):
        """An object ordered by its own ``__lt__``, ``__gt__`` and ``__eq__``."""
        return self._TextRank(v)

    # -- scenes of the loop cases (src/conformance/ops/validate_cases_loop.ts; twins in harness.ts) --

    def coro_repr(self, coro):
        """repr(coro), normalised; the coroutine is then closed unstarted."""
        try:
            return self.repr(coro)
        finally:
            coro.close()

    def with_other_loop(self, use):
        """use(other) on a second virtual-time loop (never run), closed afterwards."""
        other = VirtualTimeLoop()
        try:
            return use(other)
        finally:
            other.close()

    def debug_call(self, call):
        """call() with the running loop in debug mode (its callback checks), back to normal afterwards."""
        self.loop.set_debug(True)
        try:
            return call()
        finally:
            self.loop.set_debug(False)

    def future_blocked_twice(self):
        """A fresh future's __await__ stepped once, then a second one: the future is still marked blocking."""
        fut = self.loop.create_future()
        next(fut.__await__())
        try:
            next(fut.__await__())
            return "stepped"
        except RuntimeError as e:
            return str(e)
        finally:
            fut.cancel()

    def from_callback(self, call):
        """A future of what call() gives or raises when a loop callback (outside any task) makes it."""
        fut = self.loop.create_future()

        def run():
            try:
                fut.set_result(call())
            except Exception as e:
                fut.set_exception(e)

        self.loop.call_soon(run)
        return fut

    async def timeout_states(self, body):
        """async with timeout(0) around sleep(1): the timeout's state while the cancellation is
        caught inside and after the exit; the context chain of what the scope raised."""
        cm = asyncio.timeout(0)
        seen = []

        def state():
            seen.extend([cm.expired(), repr(cm)])
            try:
                cm.reschedule(None)
                seen.append("rescheduled")
            except RuntimeError as e:
                seen.append(str(e))

        try:
            async with cm:
                swallowed = False
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError:
                    state()
                    if body == "reraise":
                        raise
                    if body == "nested":
                        try:
                            raise KeyError("k")
                        except KeyError:
                            raise ValueError("v")
                    swallowed = True
                if swallowed:
                    raise ValueError("v")
        except Exception as e:
            chain = []
            while e is not None:
                chain.append(type(e).__name__)
                e = e.__context__
            seen.append(chain)
        state()
        return seen

    def throw_into_acquire(self, kind):
        """A Lock or Semaphore held, a second acquire() stepped by hand until it waits, then
        ValueError thrown in: what it raised and the primitive's repr."""
        prim = asyncio.Lock() if kind == "lock" else asyncio.Semaphore(1)
        try:
            prim.acquire().send(None)
        except StopIteration:
            pass
        coro = prim.acquire()
        coro.send(None)
        got = "no error"
        try:
            coro.throw(ValueError("x"))
        except ValueError as e:
            got = repr(e)
        return [got, self.repr(prim)]

    async def handle_args(self):
        """Callbacks given 0 to 3 arguments by call_soon, and 3 by call_later and call_at."""
        got = []

        def keep(*args):
            got.append(list(args))

        for n in range(4):
            self.loop.call_soon(keep, *[0, 1, 2][:n])
        self.loop.call_later(0, keep, 7, 8, 9)
        self.loop.call_at(self.loop.time(), keep, 4, 5, 6)
        await asyncio.sleep(0.5)
        return got

    def handler_scene(self, handler, bad):
        """loop.call_exception_handler(context) with the loop's handler replaced for the call:
        none (the default one) or one that raises KeyError('h'). With bad the context holds an
        object whose repr raises ValueError('bad repr'), so that the default handler fails."""

        class BadRepr:
            def __repr__(self):
                raise ValueError("bad repr")

        def raising(loop, context):
            raise KeyError("h")

        loop = self.loop
        old = loop.get_exception_handler()
        context = {"message": "m"}
        if bad:
            context["bad"] = BadRepr()
        loop.set_exception_handler(None if handler == "none" else raising)
        try:
            loop.call_exception_handler(context)
        finally:
            loop.set_exception_handler(old)

    async def pending_callbacks(self, kind):
        """The repr of a pending future while a combinator waits on it (its done-callbacks, by
        name): wait_for(fut, 5), wait([fut], timeout=5) or as_completed([fut], timeout=5) in a
        task, or a shield(fut) cancelled (the future then fails with ValueError, retrieved)."""
        fut = self.loop.create_future()
        if kind == "shield":
            outer = asyncio.shield(fut)
            outer.cancel()
            await asyncio.sleep(0)
            shown = self.repr(fut)
            fut.set_exception(ValueError("x"))
            await asyncio.sleep(0)
            fut.exception()
            return shown
        task = asyncio.ensure_future(_waiting_on(fut, kind, 5))
        await asyncio.sleep(0)
        shown = self.repr(fut)
        fut.set_result(1)
        await task
        return shown

    async def group_orphan(self):
        """A task enters a TaskGroup by hand, starts a child that fails a step later, and
        returns without leaving the group: the child's error goes to the loop's exception handler."""
        tg = asyncio.TaskGroup()

        async def child():
            await asyncio.sleep(0)
            raise ValueError("late")

        async def parent():
            await tg.__aenter__()
            tg.create_task(child(), name="child")
            return "left"

        result = await self.loop.create_task(parent(), name="parent")
        await asyncio.sleep(0.5)
        return result

    async def cancelled_waiters(self, kind):
        """lock: a Lock released while its only waiter is cancelled (its task not yet resumed),
        then acquired at once; semaphore: a Semaphore(0) released while both its waiters are
        cancelled. Reprs, locked() and the waiting tasks' states along the way."""
        if kind == "lock":
            lock = asyncio.Lock()
            await lock.acquire()
            task = asyncio.ensure_future(lock.acquire())
            await asyncio.sleep(0)
            task.cancel()
            lock.release()
            shown = [self.repr(lock)]
            shown.append(await lock.acquire())
            shown += [task.done(), self.repr(lock)]
            await asyncio.sleep(0)
            shown += [task.cancelled(), self.repr(lock)]
            lock.release()
            return shown
        sem = asyncio.Semaphore(0)
        tasks = [asyncio.ensure_future(sem.acquire()), asyncio.ensure_future(sem.acquire())]
        await asyncio.sleep(0)
        for t in tasks:
            t.cancel()
        sem.release()
        shown = [sem.locked(), self.repr(sem)]
        await asyncio.sleep(0)
        shown += [sem.locked(), self.repr(sem), [t.cancelled() for t in tasks]]
        return shown

    async def ready_reprs(self):
        """The reprs of the loop's last three ready handles: a task's wakeup (its future just got
        a result), a call_soon of four arguments, a new task's first step; then again once the
        call_soon handle is cancelled."""
        fut = self.loop.create_future()
        waiter = asyncio.ensure_future(asyncio.wait_for(fut, None))
        await asyncio.sleep(0)
        fut.set_result(1)
        handle = self.loop.call_soon(1, 2, 3, 4)
        task = asyncio.ensure_future(self.returns(1))

        def last():
            return [self.repr(h) for h in list(self.loop._ready)[-3:]]

        shown = [last()]
        handle.cancel()
        shown.append(last())
        await task
        await waiter
        return shown

    async def queue_reprs(self):
        """The reprs of a Queue(1) along a small scene: empty, with a getter waiting, with an
        item and unfinished tasks, with a putter and a join() waiting, drained, and (3.13+)
        shut down."""
        q = asyncio.Queue(1)
        shown = [self.repr(q)]
        g = asyncio.ensure_future(q.get())
        await asyncio.sleep(0)
        shown.append(self.repr(q))
        q.put_nowait(1)
        shown.append(self.repr(q))
        shown.append(await g)
        shown.append(self.repr(q))
        q.put_nowait(2)
        p = asyncio.ensure_future(q.put(3))
        j = asyncio.ensure_future(q.join())
        await asyncio.sleep(0)
        shown.append(self.repr(q))
        q.task_done()
        shown.append(q.get_nowait())
        shown.append(self.repr(q))
        await p
        shown.append(self.repr(q))
        q.task_done()
        q.get_nowait()
        q.task_done()
        shown.append([j.done(), self.repr(q)])
        await j
        if sys.version_info >= (3, 13):
            q.shutdown()
            shown.append(self.repr(q))
        return shown

    async def barrier_states(self):
        """A Barrier(3) through its states: empty, two tasks waiting (filling), reset while
        they wait (resetting; they get BrokenBarrierError), refilled, aborted (broken), waited
        on once broken. Each step shows repr, n_waiting and broken."""

        b = asyncio.Barrier(3)
        shown = []

        def look():
            shown.append([self.repr(b), b.n_waiting, b.broken])

        look()
        ts = [asyncio.ensure_future(b.wait()), asyncio.ensure_future(b.wait())]
        await asyncio.sleep(0)
        look()
        r = asyncio.ensure_future(b.reset())
        await asyncio.sleep(0)
        look()
        await r
        await asyncio.sleep(0)
        look()
        shown.append([_done_outcome(t) for t in ts])
        t2 = asyncio.ensure_future(b.wait())
        await asyncio.sleep(0)
        look()
        await b.abort()
        look()
        await asyncio.sleep(0)
        shown.append(_done_outcome(t2))
        try:
            await b.wait()
        except asyncio.BrokenBarrierError as e:
            shown.append(["BrokenBarrierError", list(e.args)])
        look()
        return shown

    async def group_task_numbers(self):
        """Three tasks made in a TaskGroup, the middle one named: how far apart the outer
        ones' Task-N numbers are."""
        async with asyncio.TaskGroup() as tg:
            a = tg.create_task(self.returns(1))
            tg.create_task(self.returns(2), name="x")
            c = tg.create_task(self.returns(3))
            gap = int(c.get_name()[5:]) - int(a.get_name()[5:])
        return gap

    async def group_eager_failure(self):
        """With the eager task factory, a TaskGroup child that fails at once, then a second
        child: refused (3.12-3.13 handle the failure at once) or made (3.14 schedules it).
        Then what the group raised."""

        async def fails():
            raise ValueError("eager")

        loop = self.loop
        old = loop.get_task_factory()
        loop.set_task_factory(asyncio.eager_task_factory)
        shown = []
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fails())
                try:
                    tg.create_task(self.returns(2))
                    shown.append("created")
                except RuntimeError as e:
                    shown.append(str(e))
                await asyncio.sleep(0)
        except BaseExceptionGroup as e:
            shown.append([type(e).__name__, e.args[0], [repr(x) for x in e.exceptions]])
        finally:
            loop.set_task_factory(old)
        return shown

    async def cancelled_timers(self):
        """200 timers (10 s to 209 s away), the last 100 cancelled (one of them twice): the
        loop keeps them (half cancelled is not more than half); one more cancelled: the next
        iteration drops the cancelled ones; then all cancelled. How many timers the loop
        holds after each step, less those it held before."""
        base = len(self.loop._scheduled)
        hs = [self.loop.call_later(10 + i, print) for i in range(200)]
        for h in hs[100:]:
            h.cancel()
        hs[150].cancel()
        await asyncio.sleep(0)
        shown = [len(self.loop._scheduled) - base]
        hs[99].cancel()
        await asyncio.sleep(0)
        shown.append(len(self.loop._scheduled) - base)
        for h in hs:
            h.cancel()
        await asyncio.sleep(0)
        shown.append(len(self.loop._scheduled) - base)
        return shown

    async def self_cancel(self, msg):
        """A task that cancels itself (with msg when given) and returns at once: cancelled,
        with what message; one that cancels itself, then awaits a future: the future is
        cancelled, and the task, catching that, returns."""

        def cancel_me():
            if msg is None:
                asyncio.current_task().cancel()
            else:
                asyncio.current_task().cancel(msg)

        async def body():
            cancel_me()
            return 1

        async def body2():
            fut = self.loop.create_future()
            cancel_me()
            try:
                await fut
            except asyncio.CancelledError as e:
                return [list(e.args), fut.cancelled()]

        shown = []
        first = self.loop.create_task(body())
        try:
            shown.append(await first)
        except asyncio.CancelledError as e:
            shown.append(["CancelledError", list(e.args)])
        shown.append(first.cancelled())
        second = self.loop.create_task(body2())
        shown += [await second, second.cancelled()]
        return shown

    async def timer_reprs(self, kind):
        """The reprs of the timer handles due 7.25 s from now that a call schedules: async with
        timeout(7.25), or, in a task, sleep(7.25), wait_for(fut, 7.25), wait([fut],
        timeout=7.25), as_completed([fut], timeout=7.25) (the task is then cancelled)."""
        at = self.loop.time() + 7.25

        def shown():
            return [self.repr(h) for h in self.loop._scheduled if h.when() == at and not h.cancelled()]

        if kind == "timeout":
            async with asyncio.timeout(7.25):
                return shown()
        fut = self.loop.create_future()
        task = asyncio.ensure_future(asyncio.sleep(7.25) if kind == "sleep" else _waiting_on(fut, kind, 7.25))
        await asyncio.sleep(0)
        out = shown()
        fut.set_result(1)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        return out

    async def second_waiter_cancelled(self, kind):
        """Three tasks wait on a Lock (held), a Semaphore(0), an Event or a Queue; the second
        is cancelled and leaves; then one release (set, put): the primitive's repr, and which
        of the first and third were served. The rest are cancelled."""
        if kind == "lock":
            prim = asyncio.Lock()
            await prim.acquire()
            wait, release = prim.acquire, prim.release
        elif kind == "semaphore":
            prim = asyncio.Semaphore(0)
            wait, release = prim.acquire, prim.release
        elif kind == "event":
            prim = asyncio.Event()
            wait, release = prim.wait, prim.set
        else:
            prim = asyncio.Queue()
            wait, release = prim.get, lambda: prim.put_nowait(1)
        a, b, c = [asyncio.ensure_future(wait()) for _ in range(3)]
        await asyncio.sleep(0)
        b.cancel()
        await asyncio.sleep(0)
        shown = [self.repr(prim)]
        release()
        await asyncio.sleep(0)
        shown += [[a.done(), c.done()], self.repr(prim)]
        for t in (a, c):
            if not t.done():
                t.cancel()
        await asyncio.sleep(0)
        return shown

    async def condition_notify(self):
        """Three tasks wait on a Condition; the second is cancelled (its waiter still listed);
        notify(1), then notify_all(): the condition's repr after each, and the tasks' states
        and outcomes."""

        cond = asyncio.Condition()

        async def waiter():
            async with cond:
                await cond.wait()
            return "woken"

        ts = [asyncio.ensure_future(waiter()) for _ in range(3)]
        await asyncio.sleep(0)
        ts[1].cancel()
        shown = []
        async with cond:
            cond.notify(1)
            shown.append(self.repr(cond))
        for _ in range(3):
            await asyncio.sleep(0)
        shown += [[t.done() for t in ts], self.repr(cond)]
        async with cond:
            cond.notify_all()
            shown.append(self.repr(cond))
        for _ in range(3):
            await asyncio.sleep(0)
        shown += [[_done_outcome(t) for t in ts], self.repr(cond)]
        return shown

    async def timeout_reschedule(self):
        """A timeout(5) rescheduled while active: to 1.5 s from now, to never (then sleep(2)
        runs out), and a second scope moved into the past (it expires at the next
        iteration). Reprs and expired() along the way, with times relative to the start."""
        loop = self.loop
        start = loop.time()
        shown = []
        cm = asyncio.timeout(5)
        async with cm:
            shown.append(cm.when() - start)
            cm.reschedule(start + 1.5)
            shown += [cm.when() - start, cm.expired()]
            cm.reschedule(None)
            shown.append(self.repr(cm))
            await asyncio.sleep(2)
        shown += [cm.expired(), self.repr(cm)]
        late = asyncio.timeout(5)
        try:
            async with late:
                late.reschedule(loop.time() - 1)
                await asyncio.sleep(1)
        except TimeoutError:
            shown.append("TimeoutError")
        shown += [late.expired(), self.repr(late), loop.time() - start]
        return shown

    # -- scenes of the tasks cases (src/conformance/ops/validate_cases_tasks.ts; twins in harness.ts) --

    async def timers_left(self, kind):
        """What a call gives, and how many timers due 7.25 s from now are still live (not
        cancelled) afterwards: a task awaiting wait([future], timeout=7.25) cancelled
        ("cancelled"), list(as_completed([], timeout=7.25)) (its length), or a sleep(7.25) coroutine
        sent to once by hand and closed (None)."""
        loop = self.loop
        at = loop.time() + 7.25
        out = None
        if kind == "wait":
            task = asyncio.ensure_future(asyncio.wait([loop.create_future()], timeout=7.25))
            await asyncio.sleep(0)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                out = "cancelled"
        elif kind == "as_completed":
            out = len(list(asyncio.as_completed([], timeout=7.25)))
        else:
            coro = asyncio.sleep(7.25)
            coro.send(None)
            coro.close()
        return [out, len([h for h in loop._scheduled if h.when() == at and not h.cancelled()])]

    async def cancel_message(self, kind):
        """A task awaiting a future is cancelled with the message 'm': after its first step
        ("waiting"), before it ("unstarted"), or before it while a gather holds it ("gather").
        What awaiting the task (or the gather) raises: the CancelledError's args, and those of
        its __context__ (None when there is none)."""
        loop = self.loop
        fut = loop.create_future()

        async def waits(fut):
            return await fut

        task = loop.create_task(waits(fut))
        if kind == "waiting":
            await asyncio.sleep(0)
        aw = asyncio.gather(task) if kind == "gather" else task
        task.cancel("m")
        try:
            await aw
            return "finished"
        except asyncio.CancelledError as e:
            context = e.__context__
            return [list(e.args), None if context is None else list(context.args)]

    async def bad_yield(self, kind):
        """A task over an awaitable whose __await__ yields something a task cannot wait on: a
        pending future without yield from ("future"), an object whose
        _asyncio_future_blocking is None ("duck"), or a plain generator ("generator"). After three loop iterations: whether the
        task is done, its exception's type, and the first four words of its message (CPython
        says "yield from" where asyncio-ts says "yield*")."""
        loop = self.loop
        fut = loop.create_future()

        class Duck:
            _asyncio_future_blocking = None

        item = fut if kind == "future" else Duck() if kind == "duck" else (x for x in ())

        class Yields:
            def __await__(self):
                yield item
                return None

        task = asyncio.ensure_future(Yields())
        for _ in range(3):
            await asyncio.sleep(0)
        fut.cancel()
        if not task.done():
            task.cancel()
            return [False, None, None]
        exc = task.exception()
        return [True, type(exc).__name__, " ".join(str(exc).split(" ")[:4])]

    async def cancel_and_wait_left(self):
        """wait_for(task, 0) cancels a task that catches the cancellation and sleeps on, and
        waits for it (_cancel_and_wait); the task running wait_for is cancelled meanwhile. The
        stubborn task's repr afterwards (no callback of wait_for's left on it), and whether the
        wait_for task was cancelled."""
        loop = self.loop

        async def stubborn():
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                await asyncio.sleep(1)
            return "late"

        inner = loop.create_task(stubborn())
        await asyncio.sleep(0)
        outer = asyncio.ensure_future(asyncio.wait_for(inner, 0))
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        outer.cancel()
        try:
            await outer
        except asyncio.CancelledError:
            pass
        shown = self.repr(inner)
        inner.cancel()
        try:
            await inner
        except asyncio.CancelledError:
            pass
        return [shown, outer.cancelled()]

    def throw_into_wait_for(self):
        """A wait_for(fut, 5) coroutine driven by hand: sent to once (it waits), then a
        ValueError thrown in. What the throw gives (the error's type, or "yielded" if the
        coroutine goes on waiting), and whether fut was cancelled."""
        fut = self.loop.create_future()
        coro = asyncio.wait_for(fut, 5)
        coro.send(None)
        try:
            coro.throw(ValueError("x"))
            outcome = "yielded"
            coro.close()
        except BaseException as e:
            outcome = type(e).__name__
        cancelled = fut.cancelled()
        fut.cancel()
        return [outcome, cancelled]

    async def subclass_result(self):
        """A task awaits a Future subclass whose result() always raises ValueError, and the
        future is cancelled: the task wakes up through the subclass's result(), so what
        awaiting the task raises is that ValueError, not a CancelledError."""
        loop = self.loop

        class MineFuture(asyncio.Future):
            def result(self):
                raise ValueError("mine")

        fut = MineFuture(loop=loop)

        async def waits(fut):
            return await fut

        task = loop.create_task(waits(fut))
        await asyncio.sleep(0)
        fut.cancel()
        try:
            await task
            return "returned"
        except (ValueError, asyncio.CancelledError) as e:
            return [type(e).__name__, list(e.args)]
    async def missing_api(self, what):
        """An API used on a release that lacks it: a Task method (get_coro, get_name, set_name,
        cancelling, uncancel), a Task keyword (name, eager_start), create_task's name keyword
        ("create_task"), asyncio.eager_task_factory, or async for over as_completed(). What is
        given: [error type, the missing attribute or keyword], or "present" when the call
        works."""
        loop = self.loop
        fut = loop.create_future()
        fut.set_result(1)

        async def job():
            return 1

        coro = job()
        task = None
        out = "present"
        try:
            if what == "name":
                task = asyncio.Task(coro, name="x")
            elif what == "create_task":
                task = asyncio.create_task(coro, name="x")
            elif what == "eager_start":
                task = asyncio.Task(coro, eager_start=True)
            elif what == "eager_task_factory":
                task = asyncio.eager_task_factory(loop, coro)
            elif what == "async for":
                async for _ in asyncio.as_completed([fut]):
                    pass
            else:
                task = loop.create_task(coro)
                if what == "set_name":
                    task.set_name("x")
                else:
                    getattr(task, what)()
        except (AttributeError, TypeError) as e:
            out = [type(e).__name__, "name" if what == "create_task" else what]
        if task is not None:
            await task
        else:
            coro.close()
        return out

    def sleep_closed(self, with_result):
        """A sleep(0) coroutine (or sleep(0, 'v')) sent to once by hand, then closed: "closed",
        or "ignored" if closing it made it yield again (RuntimeError 'coroutine ignored
        GeneratorExit')."""
        coro = asyncio.sleep(0, "v") if with_result else asyncio.sleep(0)
        coro.send(None)
        try:
            coro.close()
            return "closed"
        except RuntimeError:
            return "ignored"

    async def subclass_callback(self):
        """A task awaits a Future subclass that overrides add_done_callback: the task registers
        its wakeup through the override. How many times the override was called while the task
        waited, and what the task returns once the future has the result 5."""
        loop = self.loop

        class CountingFuture(asyncio.Future):
            calls = 0

            def add_done_callback(self, fn, *, context=None):
                self.calls += 1
                super().add_done_callback(fn, context=context)

        fut = CountingFuture(loop=loop)

        async def waits(fut):
            return await fut

        task = loop.create_task(waits(fut))
        await asyncio.sleep(0)
        calls = fut.calls
        fut.set_result(5)
        return [calls, await task]

    async def cancel_self_awaiting(self):
        """A task cancels itself, then awaits a task that swallows the cancellation passed on
        to it and returns: the request is spent on the awaited task, so the outer task returns
        what the inner one did. What awaiting the outer task gives ("cancelled" if it raises
        CancelledError)."""
        loop = self.loop

        async def swallows(fut):
            try:
                await fut
            except asyncio.CancelledError:
                return "swallowed"
            return "finished"

        async def outer(inner):
            asyncio.current_task().cancel()
            return await inner

        fut = loop.create_future()
        inner = loop.create_task(swallows(fut))
        await asyncio.sleep(0)
        outer_task = loop.create_task(outer(inner))
        try:
            return [await outer_task, fut.cancelled()]
        except asyncio.CancelledError:
            return ["cancelled", fut.cancelled()]

    async def cancels_self_with_message(self, kind):
        """A task cancels itself with the message 'm', then returns ("returns") or sleeps(0)
        ("sleeps"): what awaiting it raises (the CancelledError's args), and whether it is
        cancelled."""
        async def body(kind):
            asyncio.current_task().cancel("m")
            if kind == "sleeps":
                await asyncio.sleep(0)
            return "returned"

        task = self.loop.create_task(body(kind))
        try:
            return [await task, task.cancelled()]
        except asyncio.CancelledError as e:
            return [list(e.args), task.cancelled()]

    def as_completed_timer(self):
        """as_completed([future], timeout=7.25) asked for its first awaitable (which is closed
        unawaited): the qualified names of the live timers it scheduled, due 7.25 s on (its
        timeout callback). The timers are cancelled afterwards; the future stays pending."""
        loop = self.loop
        at = loop.time() + 7.25
        fut = loop.create_future()
        first = next(iter(asyncio.as_completed([fut], timeout=7.25)), None)
        if first is not None:
            first.close()
        timers = [h for h in loop._scheduled if h.when() == at and not h.cancelled()]
        names = [getattr(h._callback, "__qualname__", None) for h in timers]
        for h in timers:
            h.cancel()
        return names

    async def foreign_future(self, kind):
        """A future of another (new, not running) loop given to wait_for(fut, 0) ("wait_for"),
        wait_for(fut, 5) ("wait_for_5", whose timer left behind is then cancelled) or to
        as_completed([fut]), asked for its first awaitable ("as_completed"): both hand it
        to ensure_future with the running loop, which refuses it. What is raised: [type,
        message]."""
        loop = self.loop
        other = asyncio.new_event_loop()
        at = loop.time() + 5
        try:
            fut = other.create_future()
            try:
                if kind == "wait_for":
                    await asyncio.wait_for(fut, 0)
                elif kind == "wait_for_5":
                    await asyncio.wait_for(fut, 5)
                else:
                    first = next(iter(asyncio.as_completed([fut])), None)
                    if first is not None:
                        first.close()
                return "no error"
            except ValueError as e:
                return ["ValueError", str(e)]
        finally:
            # wait_for(fut, 5) has scheduled its timeout before it refuses the future.
            for h in loop._scheduled:
                if h.when() == at:
                    h.cancel()
            other.close()
    # -- end of the scenes of the tasks cases --

    # -- scenes of the futures cases (src/conformance/ops/validate_cases_futures.ts; twins in harness.ts) --

    def _iter_step(self, fut, go):
        """One step of an iterator: what it yielded, what StopIteration carried, or what it raised."""
        try:
            got = go()
        except StopIteration as e:
            return ["stop", e.value]
        except Exception as e:
            return ["raise", type(e).__name__, self.text(e)]
        return ["yield", got is fut]

    def future_iter_past_end(self):
        """``__await__()`` iterators stepped by hand past their end: a pending future's
        (stepped, given the result 5, stepped twice more), a done future's (result 7, stepped
        twice), a pending one's with ValueError('x') thrown in, then stepped; and a pending
        one's stepped twice (the second refused: still marked blocking), given the result 9,
        stepped again."""
        loop = self.loop
        out = []
        a = loop.create_future()
        ia = a.__await__()
        out.append(self._iter_step(a, lambda: next(ia)))
        a.set_result(5)
        out += [self._iter_step(a, lambda: next(ia)), self._iter_step(a, lambda: next(ia))]
        b = loop.create_future()
        b.set_result(7)
        ib = b.__await__()
        out += [self._iter_step(b, lambda: next(ib)), self._iter_step(b, lambda: next(ib))]
        c = loop.create_future()
        ic = c.__await__()
        out.append(self._iter_step(c, lambda: next(ic)))
        out += [self._iter_step(c, lambda: ic.throw(ValueError("x"))), self._iter_step(c, lambda: next(ic))]
        c.cancel()
        d = loop.create_future()
        i_d = d.__await__()
        out += [self._iter_step(d, lambda: next(i_d)), self._iter_step(d, lambda: next(i_d))]
        d.set_result(9)
        out.append(self._iter_step(d, lambda: next(i_d)))
        return out

    async def callbacks_after_remove(self):
        """A pending future given callbacks a, b, c (its repr), then a removed and d added
        (the count removed, its repr), then its result set: the order the callbacks ran in."""
        fut = self.loop.create_future()
        called = []

        def make(name):
            def cb(f):
                called.append(name)

            cb.__qualname__ = name
            return cb

        a, b, c, d = map(make, ["a", "b", "c", "d"])
        fut.add_done_callback(a)
        fut.add_done_callback(b)
        fut.add_done_callback(c)
        first = self.repr(fut)
        removed = fut.remove_done_callback(a)
        fut.add_done_callback(d)
        second = self.repr(fut)
        fut.set_result(1)
        await asyncio.sleep(0)
        return [first, removed, second, called]

    def duck_future_loop(self):
        """ensure_future(x, loop=loop) of two future-like objects that are no Futures: one
        with a get_loop() that gives the loop (and ``_loop`` None), one with only a ``_loop``
        field: whether each came back as itself, or what was raised."""
        loop = self.loop

        class WithGetLoop:
            _asyncio_future_blocking = False
            _loop = None

            def get_loop(self):
                return loop

        class WithField:
            _asyncio_future_blocking = False

            def __init__(self):
                self._loop = loop

        out = []
        for duck in (WithGetLoop(), WithField()):
            try:
                out.append(asyncio.ensure_future(duck, loop=loop) is duck)
            except Exception as e:
                out.append([type(e).__name__, self.text(e)])
        return out

    def _close_by_hand(self, coro):
        """``coro.close()``: "closed", or what it raised."""
        try:
            coro.close()
        except Exception as e:
            return ["raise", type(e).__name__, self.text(e)]
        return "closed"

    def close_queue_get(self):
        """An empty Queue's get() closed by hand before it started, then another stepped
        once (it waits) and closed twice: what each close gave, and the queue's repr while
        it waited and afterwards."""
        queue = asyncio.Queue()
        out = [self._close_by_hand(queue.get())]
        coro = queue.get()
        coro.send(None)
        out += [self.repr(queue), self._close_by_hand(coro), self._close_by_hand(coro), self.repr(queue)]
        return out

    async def timer_cancelled_often(self):
        """102 timers due at the same moment, the first one cancelled 60 times (only its
        first cancel counts towards the loop's rebuild of its timer heap): the order the
        other 101 ran in; then 102 more, 60 of them cancelled once each (the heap is
        rebuilt): the order the other 42 ran in."""
        loop = self.loop
        order = []
        at = loop.time() + 1
        handles = [loop.call_at(at, order.append, i) for i in range(102)]
        for _ in range(60):
            handles[0].cancel()
        await asyncio.sleep(2)
        later = []
        at2 = loop.time() + 1
        others = [loop.call_at(at2, later.append, i) for i in range(102)]
        for k in range(60):
            others[int(k * 1.5 + 1)].cancel()
        await asyncio.sleep(2)
        return [order, later]

    async def await_yields_done(self):
        """An awaitable whose ``__await__`` marks a done future (result 3) blocking and
        yields it: what awaiting it gives, and whether the future is still marked blocking
        afterwards."""
        fut = self.loop.create_future()
        fut.set_result(3)

        class YieldsDone:
            def __await__(self):
                fut._asyncio_future_blocking = True
                yield fut
                return fut.result()

        got = await YieldsDone()
        return [got, fut._asyncio_future_blocking]

    async def cancelled_result_twice(self, kind):
        """A task waiting on a future (alone, or inside a gather that is then awaited),
        cancelled with 'm' and left to finish: what awaiting the gather raised, then what
        result(), result() again and exception() raise (args, and the class and args of the
        context)."""
        fut = self.loop.create_future()

        async def waits(fut):
            return await fut

        task = self.loop.create_task(waits(fut))
        gathered = asyncio.gather(task) if kind == "gathered" else None
        await asyncio.sleep(0)
        task.cancel("m")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        out = []
        if gathered is not None:
            try:
                await gathered
                out.append("no error")
            except asyncio.CancelledError as e:
                ctx = e.__context__
                out.append([list(e.args), None if ctx is None else [type(ctx).__name__, list(ctx.args)]])
        for get in (task.result, task.result, task.exception):
            try:
                get()
                out.append("no error")
            except asyncio.CancelledError as e:
                ctx = e.__context__
                out.append([list(e.args), None if ctx is None else [type(ctx).__name__, list(ctx.args)]])
        return out
    async def reawait_finished(self):
        """Library coroutines awaited a second time after they finished (CPython refuses:
        "cannot reuse already awaited coroutine", which the scene swallows): a free Lock's
        acquire() (awaited, the lock released, awaited again: whether the lock is held
        afterwards), and a Queue's get() over 1 and 2 (the first await's value, the size
        after the second await)."""
        lock = asyncio.Lock()
        acquiring = lock.acquire()
        await acquiring
        lock.release()
        try:
            await acquiring
        except RuntimeError:
            pass
        queue = asyncio.Queue()
        queue.put_nowait(1)
        queue.put_nowait(2)
        getting = queue.get()
        got = await getting
        try:
            await getting
        except RuntimeError:
            pass
        return [lock.locked(), got, queue.qsize()]
    def reenter_put(self):
        """A PriorityQueue's put(item) stepped by hand, where the item's ``__lt__`` (run by
        the heap push inside that step) steps the same coroutine again, throws ValueError('x')
        into it and closes it: each refused ("already executing"; whether the error raised is
        the one thrown in), then the put's own outcome and whether the item went in."""
        queue = asyncio.PriorityQueue()
        queue.put_nowait(5)
        out = []
        thrown = ValueError("x")

        class Item:
            def __lt__(self, other):
                if not out:
                    for go in (lambda: coro.send(None), lambda: coro.throw(thrown), lambda: coro.close()):
                        try:
                            go()
                            out.append("no error")
                        except Exception as e:
                            out.append(["raise", e is thrown])
                return True

        item = Item()
        coro = queue.put(item)
        try:
            coro.send(None)
            out.append("yield")
        except StopIteration as e:
            out.append(["stop", e.value])
        out.append(queue.get_nowait() is item)
        return out
    async def callbacks_not_callable(self):
        """A pending future given the done-callbacks 1, a, 2, 1 (non-callables around a
        function): its repr, how many ``remove_done_callback(1)`` removed, its repr again;
        then its result set with an exception handler of the scene's own (put back
        afterwards): the callbacks that ran, and the message and exception class each
        failure reached the handler with."""
        loop = self.loop
        fut = loop.create_future()
        called = []

        def a(f):
            called.append("a")

        for cb in (1, a, 2, 1):
            fut.add_done_callback(cb)
        first = self.repr(fut)
        removed = fut.remove_done_callback(1)
        second = self.repr(fut)
        seen = []
        old = loop.get_exception_handler()

        def handler(loop, context):
            exc = context.get("exception")
            seen.append([context["message"], None if exc is None else type(exc).__name__])

        loop.set_exception_handler(handler)
        try:
            fut.set_result(7)
            await asyncio.sleep(0)
        finally:
            loop.set_exception_handler(old)
        return [first, removed, second, called, seen]
    async def cancelled_result_handling(self):
        """A task cancelled while it waits on a future, left to finish; then, each inside
        ``except ValueError:`` (a ValueError('v') being handled), its result(), exception()
        and result() again: the chain of contexts of each CancelledError (3.9/3.10 chain the
        task's saved cancellation instead of the ValueError)."""
        fut = self.loop.create_future()

        async def waits(fut):
            return await fut

        def chain(e):
            out = []
            while e is not None and len(out) < 4:
                out.append([type(e).__name__, list(e.args)])
                e = e.__context__
            return out

        task = asyncio.ensure_future(waits(fut))
        await asyncio.sleep(0)
        task.cancel()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        out = []
        for get in (task.result, task.exception, task.result):
            try:
                raise ValueError("v")
            except ValueError:
                try:
                    get()
                except asyncio.CancelledError as e:
                    out.append(chain(e))
        return out
    def done_iter_thrice(self):
        """A done future's (result 7) ``__await__()`` iterator stepped three times:
        StopIteration(7), then StopIteration(None) before 3.14 (the iterator dropped its
        future), 7 again on 3.14."""
        fut = self.loop.create_future()
        fut.set_result(7)
        it = fut.__await__()
        return [self._iter_step(fut, lambda: next(it)) for _ in range(3)]
    # -- end of the scenes of the futures cases --

    # -- scenes of the runtime cases (src/conformance/ops/validate_cases_runtime.ts; twins in harness.ts) --
    def call_later_through_call_at(self):
        """loop.call_at replaced on the instance: call_later(2.5, f, 1, 2) goes through it and
        returns the timer it made."""
        loop = self.loop
        seen = []
        made = []
        original = loop.call_at

        def replaced(when, callback, *args, **kwargs):
            seen.append([when == loop.time() + 2.5, len(args)])
            timer = original(when, callback)
            made.append(timer)
            return timer

        loop.call_at = replaced
        try:
            seen.append(loop.call_later(2.5, print, 1, 2) is made[0])
        finally:
            del loop.call_at
            for timer in made:
                timer.cancel()
        return seen

    def logger_calls(self):
        """The ``asyncio`` logger used directly: levels, %-formatting, handlers added twice and removed."""
        logger = logging.getLogger("asyncio")
        seen = []

        class _Seen(logging.Handler):
            def __init__(self, label):
                super().__init__()
                self.label = label

            def emit(self, record):
                if self.label == "a":
                    seen.append(["a", record.name, record.levelname, record.getMessage()])
                else:
                    seen.append(["b", record.levelname, record.getMessage()])

        a, b = _Seen("a"), _Seen("b")
        logger.addHandler(a)
        logger.addHandler(a)
        logger.addHandler(b)
        try:
            logger.debug("debug at the default level")
            logger.info("info at the default level")
            logger.warning("warning %s|%r|%d|%d|%.2f|%.12f|%%", "s", "r", 3.7, -3.7, 2.5, 0.125)
            logger.warning("100%% without arguments")
            logger.setLevel(logging.INFO)
            logger.debug("debug at INFO")
            logger.info("info at INFO: %s", None)
            logger.setLevel(logging.DEBUG)
            logger.debug("debug at DEBUG")
            logger.log(25, "level %d", 25)
            logger.error("error")
            logger.critical("critical")
            logger.removeHandler(logging.Handler())
            logger.warning("after removing a handler never added")
            logger.removeHandler(b)
            logger.warning("after removing b")
        finally:
            logger.setLevel(logging.NOTSET)
            logger.removeHandler(a)
            logger.removeHandler(b)
        return seen

    def logger_last_resort(self):
        """The ``asyncio`` logger with no handler: what ``logging.lastResort`` writes to stderr
        (the message, then the exception's last line; traceback lines left out)."""
        import contextlib
        import io

        logger = logging.getLogger("asyncio")
        saved = list(logger.handlers)
        for handler in saved:
            logger.removeHandler(handler)
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err):
                logger.info("info, dropped")
                logger.warning("no handler: %s", "plain")
                logger.error("no handler, with an exception", exc_info=ValueError("x"))
        finally:
            for handler in saved:
                logger.addHandler(handler)
        return [
            line for line in err.getvalue().split("\n")
            if line != "" and not line[:1].isspace() and not line.startswith("Traceback")
        ]

    async def current_handle_traceback(self):
        """A callback reporting through default_exception_handler while it runs in debug mode
        (the loop's current handle adds a handle_traceback), then one made in debug mode but
        run after it was switched off."""
        loop = self.loop

        def report(tag):
            loop.default_exception_handler({"message": tag})

        loop.set_debug(True)
        try:
            loop.call_soon(report, "run in debug mode")
            await asyncio.sleep(0)
            loop.call_soon(report, "made in debug mode, run after")
        finally:
            loop.set_debug(False)
        await asyncio.sleep(0)

    async def agen_finalized_by_hand(self):
        """The loop's async generator finalizer hook (what CPython calls when an unfinished
        generator is garbage-collected) called by hand on a generator stopped at its first
        item: the loop schedules its aclose() in a task of its own (the handle that will make
        the task is shown as the private ready queue holds it)."""
        seen = []

        async def finalized_agen(seen):
            try:
                yield 1
                yield 2
            finally:
                seen.append("finally")

        finalized_agen.__qualname__ = "Harness.agen_finalized_by_hand.<locals>.finalized_agen"
        agen = finalized_agen(seen)
        seen.append(self.value(await agen.__anext__()))
        finalizer = sys.get_asyncgen_hooks().finalizer
        if finalizer is None:
            return "no finalizer"
        finalizer(agen)
        seen.append(self.repr(list(self.loop._ready)[-1]))
        for n in range(1, 4):
            await asyncio.sleep(0)
            seen.append(n)
        return seen

    def custom_handler_raises_cancelled(self):
        """A custom exception handler that raises CancelledError (a BaseException from 3.8):
        call_exception_handler reports it through the default handler ("Unhandled error in
        exception handler") instead of letting it out; the harness's handler is put back."""
        loop = self.loop
        saved = loop.get_exception_handler()

        def handler(loop, context):
            raise asyncio.CancelledError("h")

        loop.set_exception_handler(handler)
        try:
            loop.call_exception_handler({"message": "m"})
            return "returned"
        finally:
            loop.set_exception_handler(saved)

    def shutdown_leftovers(self):
        """asyncio.run(main()) (an outside call) where main leaves two tasks waiting: one that
        swallows the shutdown's cancellation and returns, one that raises ValueError instead;
        main's exception handler records what the shutdown reports (only the ValueError), and
        a callback that reschedules itself counts the loop iterations the exit steps take
        (3.9+ add shutdown_default_executor)."""
        reports = []
        ticks = [0]

        async def stubborn():
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                return "swallowed"
            return "slept"

        async def failing():
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                raise ValueError("v")
            return "slept"

        async def main():
            loop = asyncio.get_running_loop()

            def handler(_loop, context):
                exc = context.get("exception")
                reports.append([str(context.get("message")), None if exc is None else type(exc).__name__])

            loop.set_exception_handler(handler)

            def tick():
                ticks[0] += 1
                if ticks[0] < 50:
                    loop.call_soon(tick)

            asyncio.ensure_future(stubborn())
            asyncio.ensure_future(failing())
            await asyncio.sleep(0)
            loop.call_soon(tick)

        asyncio.run(main())
        return [reports, ticks[0]]

    def stale_stop_callback(self):
        """A new loop (an outside call) whose run_until_complete ends with a task's SystemExit:
        the loop's stop callback for that task is still queued, and does not stop the next
        run_until_complete (of a coroutine that takes two steps); then a run_until_complete
        of a pending future with loop.stop queued before it: RuntimeError. The loop is closed."""
        loop = asyncio.new_event_loop()
        seen = []

        async def exits():
            raise SystemExit(3)

        async def two_steps():
            await asyncio.sleep(0)
            return 2

        def stopped_future():
            loop.call_soon(loop.stop)
            return loop.create_future()

        try:
            for make in (exits, two_steps, stopped_future):
                try:
                    seen.append(loop.run_until_complete(make()))
                except SystemExit:
                    seen.append("SystemExit")
                except RuntimeError as e:
                    seen.append(["RuntimeError", str(e)])
        finally:
            loop.close()
        return seen

    async def call_soon_replaced(self):
        """loop.call_soon replaced on the instance: a future's done-callback, the wakeup of a
        task waiting on a future and a new task's first step all go through it. Each call is
        recorded as [the callback is the done-callback, how many arguments, the argument is
        the future set] while the three are made synchronously; the replacement is then
        removed and both tasks awaited."""
        loop = self.loop
        seen = []
        fut = loop.create_future()
        awaited = loop.create_future()

        async def waiter():
            return await awaited

        async def returns():
            return 3

        def on_done(_f):
            pass

        waiting = loop.create_task(waiter())
        await asyncio.sleep(0)
        original = loop.call_soon

        def replaced(callback, *args, **kwargs):
            seen.append([callback is on_done, len(args), bool(args) and (args[0] is fut or args[0] is awaited)])
            return original(callback, *args, **kwargs)

        loop.call_soon = replaced
        try:
            fut.add_done_callback(on_done)
            fut.set_result(1)
            awaited.set_result(2)
            second = loop.create_task(returns())
        finally:
            del loop.call_soon
        seen.append(await waiting)
        seen.append(await second)
        return seen

    async def ready_handle_kept(self):
        """A done-callback's handle taken from the private ready queue and kept after it ran,
        while another future's done-callback is scheduled: the kept handle still names the
        callback it ran (_callback before and after)."""
        loop = self.loop

        def first(_f):
            pass

        def second(_f):
            pass

        a = loop.create_future()
        a.add_done_callback(first)
        a.set_result(1)
        kept = list(loop._ready)[-1]
        seen = [kept._callback is first]
        await asyncio.sleep(0)
        b = loop.create_future()
        b.add_done_callback(second)
        b.set_result(2)
        seen.append(kept._callback is first)
        await asyncio.sleep(0)
        return seen

    def shutdown_agen_raises(self):
        """asyncio.run(main()) (an outside call) where main leaves an async generator
        suspended (kept alive outside) whose finally raises: shutdown_asyncgens reports the
        error to main's exception handler (the message up to the generator's repr, the
        exception's class, and whether the context names the generator)."""
        reports = []
        keep = []

        async def raising_agen():
            try:
                yield 1
            finally:
                raise ValueError("in finally")

        raising_agen.__qualname__ = "Harness.shutdown_agen_raises.<locals>.raising_agen"

        async def main():
            loop = asyncio.get_running_loop()

            def handler(_loop, context):
                exc = context.get("exception")
                reports.append([str(context.get("message", "")).split(" <")[0], None if exc is None else type(exc).__name__, context.get("asyncgen") is keep[0]])

            loop.set_exception_handler(handler)
            g = raising_agen()
            keep.append(g)
            await g.__anext__()

        asyncio.run(main())
        return reports

    def logger_only_handler_removed(self):
        """The asyncio logger with one handler of the scene's own as its only (first) one: a
        warning, the handler removed, another warning. The harness's handlers are taken off
        for the call and put back."""
        import contextlib
        import io

        logger = logging.getLogger("asyncio")
        saved = list(logger.handlers)
        for handler in saved:
            logger.removeHandler(handler)
        seen = []

        class _Only(logging.Handler):
            def emit(self, record):
                seen.append(record.getMessage())

        only = _Only()
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                logger.addHandler(only)
                logger.warning("with the handler")
                logger.removeHandler(only)
                logger.warning("after removing it")
        finally:
            logger.removeHandler(only)
            for handler in saved:
                logger.addHandler(handler)
        return seen

    def timer_heap_edges(self):
        """Timers with one deadline on a new loop (an outside call), about half of them
        cancelled, then run: the order the others fire in shows whether the loop rebuilt its
        timer heap (CPython rebuilds when more than 100 timers are scheduled and more than
        half of them are cancelled). Two edges: 102 timers with exactly 51 cancelled (run
        until a sleep(2) ends), and 99 with 51 cancelled plus a timer that stops the loop
        (100 timers)."""
        out = []
        for total, cancelled in ((102, 51), (99, 51)):
            loop = asyncio.new_event_loop()
            try:
                order = []
                handles = [loop.call_later(1, order.append, i) for i in range(total)]
                for k in range(cancelled):
                    handles[2 * k + 1 if k < 49 else 2 * (k - 49) + 2].cancel()
                if total == 102:
                    loop.run_until_complete(asyncio.sleep(2))
                else:
                    loop.call_later(2, loop.stop)
                    loop.run_forever()
                out.append(order)
            finally:
                loop.close()
        return out

    async def timer_scheduled_flag(self):
        """A timer's private _scheduled flag: set while it sits in the loop's timer heap,
        still set once cancelled, cleared when the loop drops it (popped off the heap's head),
        then for 102 timers cancelled at once (dropped by a heap rebuild, or popped when other
        timers keep the loop from rebuilding: cleared either way)."""
        loop = self.loop

        def noop():
            pass

        one = loop.call_later(0.5, noop)
        seen = [one._scheduled]
        one.cancel()
        seen.append(one._scheduled)
        await asyncio.sleep(1)
        seen.append(one._scheduled)
        many = [loop.call_later(0.5, noop) for _ in range(102)]
        for timer in many:
            timer.cancel()
        await asyncio.sleep(1)
        seen.append(any(timer._scheduled for timer in many))
        return seen

    # -- end of the scenes of the runtime cases --

    # -- scenes of the prims cases (src/conformance/ops/validate_cases_prims.ts; twins in harness.ts) --

    @staticmethod
    async def _prims_steps(n):
        for _ in range(n):
            await asyncio.sleep(0)

    async def queue_shutdown_waiting(self):
        """3.13+: shutdown(immediate=True) while a join() waits, on a queue of three items
        after two task_done() calls ran ahead of get() ("ahead"), and on one with an item
        gotten but not done ("not done"): [qsize(), join done] for each; then shutdown() of
        an empty Queue and a full Queue(1) whose waiting get() and put() tasks were
        cancelled in the same step: the tasks' outcomes and the second queue's qsize()."""
        ahead = asyncio.Queue()
        for i in range(3):
            ahead.put_nowait(i)
        not_done = asyncio.Queue()
        not_done.put_nowait(1)
        not_done.put_nowait(2)
        not_done.get_nowait()
        joins = [asyncio.ensure_future(ahead.join()), asyncio.ensure_future(not_done.join())]
        await asyncio.sleep(0)
        ahead.task_done()
        ahead.task_done()
        ahead.shutdown(immediate=True)
        not_done.shutdown(immediate=True)
        await self._prims_steps(2)
        shown = [[ahead.qsize(), joins[0].done()], [not_done.qsize(), joins[1].done()]]
        for join in joins:
            join.cancel()
        await self._prims_steps(2)
        shown.append([_done_outcome(j) for j in joins])
        empty = asyncio.Queue()
        full = asyncio.Queue(1)
        full.put_nowait(0)
        waiters = [asyncio.ensure_future(empty.get()), asyncio.ensure_future(full.put(1))]
        await asyncio.sleep(0)
        for waiter in waiters:
            waiter.cancel()
        empty.shutdown()
        full.shutdown()
        await self._prims_steps(2)
        shown.append([_done_outcome(w) for w in waiters])
        shown.append(full.qsize())
        return shown

    async def queue_woken_reblocked(self, which):
        """Three tasks wait in get() on an empty Queue ("get") or in put() on a full
        Queue(1) ("put"); one step wakes the first (put_nowait / get_nowait), cancels it and
        blocks the queue again (get_nowait / put_nowait); later wake-ups then show which
        waiter is first in line: [what each waiter got or put, in order, the first
        waiter's outcome]."""
        order = []
        queue = asyncio.Queue(0 if which == "get" else 1)
        names = ["w1", "w2", "w3"]
        if which == "get":
            async def take(name):
                order.append([name, await queue.get()])

            tasks = [asyncio.ensure_future(take(name)) for name in names]
            await asyncio.sleep(0)
            queue.put_nowait("a")
            tasks[0].cancel()
            queue.get_nowait()
            await self._prims_steps(2)
            for item in ["b", "c"]:
                queue.put_nowait(item)
                await self._prims_steps(2)
        else:
            queue.put_nowait("x")

            async def give(name):
                await queue.put(name)

            tasks = [asyncio.ensure_future(give(name)) for name in names]
            await asyncio.sleep(0)
            order.append(queue.get_nowait())
            tasks[0].cancel()
            queue.put_nowait("y")
            await self._prims_steps(2)
            for _ in range(3):
                order.append(queue.get_nowait())
                await self._prims_steps(2)
        return [order, _done_outcome(tasks[0])]
    async def condition_reacquire_cancelled(self):
        """Two tasks wait in Condition.wait(); the holder notifies the first, lets it wake
        (it now waits to take the lock back) and cancels it: [the first done while the lock
        is held, how the first ended, whether the second was woken, cv.locked()]. 3.13
        passes the notification on to the second."""
        cv = asyncio.Condition()

        async def waiter():
            async with cv:
                await cv.wait()
            return "woken"

        first = asyncio.ensure_future(waiter())
        second = asyncio.ensure_future(waiter())
        await asyncio.sleep(0)
        async with cv:
            cv.notify()
            await asyncio.sleep(0)
            first.cancel()
            await asyncio.sleep(0)
            held = first.done()
        await self._prims_steps(3)
        shown = [held, _done_outcome(first), second.done()]
        second.cancel()
        await self._prims_steps(2)
        shown.append(cv.locked())
        return shown

    def agen_hooks_one_at_a_time(self):
        """Inside the running loop, sys.set_asyncgen_hooks(finalizer=f) alone: whether
        firstiter is still the loop's and the finalizer is f; then
        set_asyncgen_hooks(firstiter=None) alone: whether the finalizer is still f. The
        loop's hooks are put back afterwards."""
        old = sys.get_asyncgen_hooks()

        def fin(agen):
            pass

        try:
            sys.set_asyncgen_hooks(finalizer=fin)
            now = sys.get_asyncgen_hooks()
            shown = [now.firstiter is old.firstiter, now.finalizer is fin]
            sys.set_asyncgen_hooks(firstiter=None)
            then = sys.get_asyncgen_hooks()
            shown += [then.firstiter is None, then.finalizer is fin]
            return shown
        finally:
            sys.set_asyncgen_hooks(*old)

    async def semaphore_woken_reblocked(self):
        """3.7/3.8: three tasks wait on a Semaphore(0); one step releases it (waking the
        first), cancels the first and takes the permit itself (free at once on these
        releases); two more releases then show which waiter is first in line: [who
        acquired, in order, the first waiter's outcome, locked()]."""
        sem = asyncio.Semaphore(0)
        order = []

        async def take(name):
            await sem.acquire()
            order.append(name)

        tasks = [asyncio.ensure_future(take(name)) for name in ["w1", "w2", "w3"]]
        await asyncio.sleep(0)
        sem.release()
        tasks[0].cancel()
        await sem.acquire()
        order.append("main")
        await self._prims_steps(2)
        for _ in range(2):
            sem.release()
            await self._prims_steps(2)
        return [order, _done_outcome(tasks[0]), sem.locked()]

    async def agen_step_pending(self, op):
        """3.8+: a generator that yields 1 and whose handler sleeps, then re-raises
        ("athrow", "aclose"), or sleeps 10 s and returns when that sleep is cancelled
        ("... cancelled"); after taking the 1, its athrow(ValueError('x')) or aclose() runs
        in a task and is left pending in the handler (the "cancelled" scenes then cancel
        that task): [ag_running then, the task's outcome (cancelled scenes), ag_running
        then, what awaiting __anext__() then gives, the task's outcome]."""

        async def handler_sleeps():
            try:
                yield 1
            except BaseException:
                await asyncio.sleep(0)
                raise

        async def handler_swallows():
            try:
                yield 1
            except BaseException:
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    return

        def done_task(task):
            if not task.done():
                return "pending"
            if task.cancelled():
                return "cancelled"
            if task.exception() is None:
                return ["returned", task.result()]
            e = task.exception()
            return [type(e).__name__, list(e.args)]

        cancelled = op.endswith("cancelled")
        ag = handler_swallows() if cancelled else handler_sleeps()
        await ag.__anext__()
        task = asyncio.ensure_future(ag.athrow(ValueError("x")) if op.startswith("athrow") else ag.aclose())
        await asyncio.sleep(0)
        shown = [ag.ag_running]
        if cancelled:
            task.cancel()
            await self._prims_steps(2)
            shown += [done_task(task), ag.ag_running]
        try:
            shown.append(["returned", await ag.__anext__()])
        except BaseException as e:  # noqa: B902 - what the step raises is the point
            shown.append([type(e).__name__, list(e.args)])
        await self._prims_steps(2)
        shown.append(done_task(task))
        return shown

    async def queue_sixteen_getters(self, cancelled):
        """Sixteen tasks wait in get() on an empty Queue; the one at `cancelled` is
        cancelled and leaves the line; then fifteen items are put: [which waiter got which
        item, in order, the cancelled one's outcome]."""
        order = []
        queue = asyncio.Queue()

        async def take(i):
            order.append([i, await queue.get()])

        tasks = [asyncio.ensure_future(take(i)) for i in range(16)]
        await asyncio.sleep(0)
        tasks[cancelled].cancel()
        await self._prims_steps(2)
        for i in range(15):
            queue.put_nowait(i)
        await self._prims_steps(2)
        shown = [order, _done_outcome(tasks[cancelled])]
        for task in tasks:
            task.cancel()
        await self._prims_steps(2)
        return shown

    def coroutine_names(self):
        """3.11+: the reprs of coroutine objects of Barrier.reset(), Barrier.__aenter__(),
        Barrier.__aexit__() and Condition.wait_for(), each closed unstarted."""
        barrier = asyncio.Barrier(1)
        cv = asyncio.Condition()
        coros = [barrier.reset(), barrier.__aenter__(), barrier.__aexit__(None, None, None), cv.wait_for(lambda: True)]
        shown = []
        for coro in coros:
            shown.append(self.repr(coro))
            coro.close()
        return shown

    async def semaphore_two_freed(self):
        """A Semaphore(0) waiter "a" is woken by one release(); a second release() finds no
        one to wake; "c" and "d" start waiting before "a" resumes, and "a" is cancelled: its
        permit goes back, so two are free at once. After each of three steps: [who
        acquired so far, repr(sem)], then how "a" ended."""
        sem = asyncio.Semaphore(0)
        order = []

        async def take(name):
            await sem.acquire()
            order.append(name)

        a = asyncio.ensure_future(take("a"))
        await asyncio.sleep(0)
        others = [asyncio.ensure_future(take("c")), asyncio.ensure_future(take("d"))]
        sem.release()
        sem.release()
        a.cancel()
        shown = []
        for _ in range(3):
            await asyncio.sleep(0)
            shown.append([list(order), self.repr(sem)])
        shown.append(_done_outcome(a))
        for task in others:
            task.cancel()
        await self._prims_steps(2)
        return shown

    async def condition_throw_while_reacquiring(self):
        """A Condition.wait() stepped by hand: notified while the holder has the lock
        again, it waits to take the lock back; ValueError thrown in there leaves wait() at
        once (only cancellations are retried): [what the throw raised, cv.locked()]."""
        cv = asyncio.Condition()
        await cv.acquire()
        w = cv.wait()
        w.send(None)
        await cv.acquire()
        cv.notify()
        w.send(None)
        got = "no error"
        try:
            w.throw(ValueError("x"))
        except ValueError as e:
            got = repr(e)
        w.close()
        locked = cv.locked()
        cv.release()
        return [got, locked]

    def queue_repr_in_init(self):
        """A Queue subclass whose _init reprs the queue before the storage exists, then the
        repr once an item is in: [repr inside _init, repr after put_nowait(1)]."""
        seen = []
        trace = self

        class Q(asyncio.Queue):
            def _init(self, maxsize):
                seen.append(trace.repr(self))
                super()._init(maxsize)

        q = Q()
        q.put_nowait(1)
        seen.append(self.repr(q))
        return seen

    async def timeout_subclass_check(self):
        """The TimeoutError that wait_for(sleep(1), 0) raises, tested against a subclass of
        asyncio.TimeoutError (which it is not an instance of) and asyncio.TimeoutError."""

        class Sub(asyncio.TimeoutError):
            pass

        try:
            await asyncio.wait_for(asyncio.sleep(1), 0)
        except BaseException as e:  # noqa: B902 - what wait_for raises is the point
            return [isinstance(e, Sub), isinstance(e, asyncio.TimeoutError)]
        return "no timeout"

    async def timer_rebuild_two_live(self):
        """101 timers cancelled and one kept, so that the loop rebuilds its timer heap with
        two live timers (the kept one and this scene's own sleep): what ran."""
        loop = asyncio.get_running_loop()
        order = []
        loop.call_later(2, order.append, "kept")
        cancelled = [loop.call_later(5, order.append, "cancelled") for _ in range(101)]
        for h in cancelled:
            h.cancel()
        await asyncio.sleep(3)
        return order

    # -- end of the scenes of the prims cases --

    # -- scenes of the misc cases (src/conformance/ops/validate_cases_misc.ts; twins in harness.ts) --

    def misc_drain_each(self, *groups):
        """Each group of items through a PriorityQueue: the repr of what came out, or the exception."""
        out = []
        for items in groups:
            try:
                out.append(repr(self.drain_priority(*items)))
            except Exception as e:
                out.append(self.exc(e))
        return out

    async def misc_timeout_reprs(self, *whens):
        """``repr()`` of a Timeout entered at each deadline (loop time), inside its ``async with``."""
        out = []
        for when in whens:
            async with asyncio.timeout_at(when) as cm:
                out.append(repr(cm))
        return out

    class MiscCancelled(asyncio.CancelledError):
        """A CancelledError of the program's own."""

    async def misc_timeout_cancel_subclass(self):
        """``async with timeout(0)`` around ``sleep(1)``, the body raising ``MiscCancelled('mine')``
        for the cancellation: what leaves the ``async with``, and cancelling() after."""
        left = None
        try:
            async with asyncio.timeout(0):
                try:
                    await asyncio.sleep(1)
                except asyncio.CancelledError:
                    raise self.MiscCancelled("mine")
        except BaseException as e:
            left = self.exc(e)
        return [left, asyncio.current_task().cancelling()]

    async def misc_group_reprs(self):
        """The repr of a TaskGroup's new child, and of its parent from a later done-callback of
        the child, once the group has set the result of the future its ``__aexit__`` waits on."""
        out = []
        seen = asyncio.get_running_loop().create_future()

        async def child():
            await asyncio.sleep(0)

        async def parent():
            me = asyncio.current_task()
            async with asyncio.TaskGroup() as tg:
                t = tg.create_task(child(), name="child")
                out.append(self.repr(t))

                def look(_):
                    out.append(self.repr(me))
                    seen.set_result(None)

                t.add_done_callback(look)

        task = asyncio.create_task(parent(), name="parent")
        await seen
        await task
        return out

    async def misc_timer_rebuild(self):
        """Timers at 0.5 (x), 3 (a), 1 (b) and 2 (c) seconds and 97 more at 10, x and the 97
        cancelled, so that the loop rebuilds its heap before it waits: the order the rest ran in."""
        loop = asyncio.get_running_loop()
        order = []
        cancelled = [loop.call_later(0.5, order.append, "x")]
        for name, delay in (("a", 3), ("b", 1), ("c", 2)):
            loop.call_later(delay, order.append, name)
        cancelled += [loop.call_later(10, order.append, "filler") for _ in range(97)]
        for h in cancelled:
            h.cancel()
        await asyncio.sleep(4)
        return order

    async def misc_group_cancelled_from_outside(self):
        """A task runs a TaskGroup whose child fails at its first step; the group cancels the
        task, and the task is cancelled from outside too before it wakes: what it caught, its
        cancelling() count after, and whether its next sleep(0) is cancelled."""

        async def fails():
            raise ValueError(1)

        async def parent():
            out = []
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(fails())
                    await asyncio.sleep(1)
            except BaseException as e:
                out.append(type(e).__name__)
            out.append(asyncio.current_task().cancelling())
            try:
                await asyncio.sleep(0)
                out.append("slept")
            except asyncio.CancelledError:
                out.append("cancelled")
            return out

        task = asyncio.create_task(parent())
        for _ in range(3):
            await asyncio.sleep(0)
        task.cancel()
        return await task

    def misc_catch_warnings_enter(self):
        """What ``catch_warnings().__enter__()`` gives (None), and how many warnings the list
        ``catch_warnings(record=True).__enter__()`` gives holds after one warning under 'always'."""
        plain = warnings.catch_warnings()
        got = plain.__enter__()
        plain.__exit__(None, None, None)
        recording = warnings.catch_warnings(record=True)
        log = recording.__enter__()
        try:
            warnings.simplefilter("always")
            warnings.warn("inside", RuntimeWarning)
            return [None if got is None else len(got), None if log is None else len(log)]
        finally:
            recording.__exit__(None, None, None)

    async def misc_wait_for_cancelled_after_failure(self):
        """A task waits in ``wait_for(fut, 10)``; in one iteration ``fut`` fails and the task is
        cancelled: "cancelled", or what awaiting the task raised, in detail; then the
        InvalidStateError of a pending future's result(), in detail."""
        fut = asyncio.get_running_loop().create_future()
        task = asyncio.ensure_future(asyncio.wait_for(fut, 10))
        await asyncio.sleep(0)
        fut.set_exception(ValueError("v"))
        task.cancel()
        first = "returned"
        try:
            await task
        except asyncio.CancelledError:
            first = "cancelled"
        except Exception as e:
            first = self.detail(e)
        later = None
        try:
            asyncio.get_running_loop().create_future().result()
        except asyncio.InvalidStateError as e:
            later = self.detail(e)
        return [first, later]

    async def misc_group_aexit_by_hand(self):
        """``await tg.__aexit__(CancelledError, exc, None)`` of a group with no children, then
        a group with a sleeping child whose ``__aexit__`` coroutine is stepped once by hand and
        has a ValueError thrown in; whether a second ``__aexit__`` stepped once waits on the
        same future; the child is then cancelled."""
        out = []
        first = asyncio.TaskGroup()
        await first.__aenter__()
        exc = asyncio.CancelledError("body")
        try:
            out.append(["returned", await first.__aexit__(type(exc), exc, None)])
        except asyncio.CancelledError as e:
            out.append(["raised", e is exc])
        second = asyncio.TaskGroup()
        await second.__aenter__()
        child = second.create_task(asyncio.sleep(1))
        coro = second.__aexit__(None, None, None)
        waited = coro.send(None)
        out.append(type(waited).__name__)
        try:
            coro.throw(ValueError("x"))
            out.append("yielded")
        except StopIteration:
            out.append("finished")
        except ValueError as e:
            out.append(["raised", str(e)])
        rerun = second.__aexit__(None, None, None)
        out.append(rerun.send(None) is waited)
        rerun.close()
        child.cancel()
        try:
            await child
        except asyncio.CancelledError:
            out.append("child cancelled")
        return out

    async def misc_group_base_errors_by_hand(self):
        """A TaskGroup's ``__aexit__`` awaited directly twice, with SystemExit(1), then with
        KeyboardInterrupt(2): the class and arguments of what each call raised."""
        out = []
        tg = asyncio.TaskGroup()
        await tg.__aenter__()
        for error in (SystemExit(1), KeyboardInterrupt(2)):
            try:
                await tg.__aexit__(type(error), error, None)
                out.append("returned")
            except BaseException as e:
                out.append(self.exc(e))
        return out

    async def misc_group_factory_done(self):
        """In a TaskGroup, a child made through a task factory returning a future already failed
        with ValueError('done'); then the factory is put back and a second child asked for;
        then the body sleeps: what happened, and what the group raised."""
        loop = asyncio.get_running_loop()
        old = loop.get_task_factory()
        out = []

        def failed(loop, coro):
            coro.close()
            fut = loop.create_future()
            fut.set_exception(ValueError("done"))
            return fut

        async def child():
            await asyncio.sleep(0)

        async def second():
            await asyncio.sleep(0)
            return 2

        try:
            async with asyncio.TaskGroup() as tg:
                loop.set_task_factory(failed)
                try:
                    tg.create_task(child())
                finally:
                    loop.set_task_factory(old)
                try:
                    tg.create_task(second())
                    out.append("second made")
                except RuntimeError:
                    out.append("second refused")
                await asyncio.sleep(0)
                out.append("slept")
        except BaseException as e:
            out += [type(e).__name__, len(e.exceptions) if isinstance(e, BaseExceptionGroup) else None]
        return out

    async def misc_timeout_aexit_unentered(self):
        """``await t.__aexit__(None, None, None)`` on a Timeout never entered, then on the same
        one after an ``async with`` over it: what each call gave and the repr after."""
        out = []
        t = asyncio.timeout(1)

        async def exit_by_hand():
            try:
                out.append(await t.__aexit__(None, None, None))
            except BaseException as e:
                out.append(type(e).__name__)
            out.append(repr(t))

        await exit_by_hand()
        async with t:
            pass
        await exit_by_hand()
        return out

    def misc_set_heap(self):
        """Two sets put into a PriorityQueue, ``{1}`` then another ``{1}``, the second grown to
        ``{1, 2}`` while queued: the reprs in the order they come out."""
        x, y = {1}, {1}
        q = asyncio.PriorityQueue()
        q.put_nowait(x)
        q.put_nowait(y)
        y.add(2)
        return [repr(q.get_nowait()), repr(q.get_nowait())]

    async def misc_group_refused_coro_closed(self):
        """A coroutine stepped by hand to its ``await asyncio.sleep(0)`` inside try/finally,
        handed to a TaskGroup never entered: the order of its ``finally``, the refusal, and
        the step after (3.13 closes the refused coroutine)."""
        out = []

        async def child():
            try:
                await asyncio.sleep(0)
            finally:
                out.append("finally")

        coro = child()
        coro.send(None)
        try:
            asyncio.TaskGroup().create_task(coro)
        except RuntimeError:
            out.append("refused")
        out.append("after")
        coro.close()
        await asyncio.sleep(0)
        return out

    async def misc_group_child_adds_child(self):
        """A TaskGroup whose body only starts a child; the child, run while ``__aexit__``
        waits, sleeps once and then starts a second child through the group."""
        out = []

        async def late():
            out.append("late ran")

        async def first(tg):
            await asyncio.sleep(0)
            tg.create_task(late())
            out.append("added")

        async with asyncio.TaskGroup() as tg:
            tg.create_task(first(tg))
        return out

    async def misc_timeout_outside_task(self):
        """``asyncio.timeout(1).__aenter__()`` stepped by hand in a ``call_soon`` callback,
        outside any task: the class and text of what it raised."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()

        def step():
            coro = asyncio.timeout(1).__aenter__()
            try:
                coro.send(None)
                fut.set_result("entered")
            except BaseException as e:
                fut.set_result([type(e).__name__, str(e)])

        loop.call_soon(step)
        return await fut

    def misc_context_cycle_cut(self):
        """``raise a`` inside ``except`` blocks for c, within one for b, within one for a:
        the class names of the three contexts after (None for none)."""
        a, b, c = ValueError("a"), KeyError("b"), RuntimeError("c")
        try:
            try:
                raise a
            except ValueError:
                try:
                    raise b
                except KeyError:
                    try:
                        raise c
                    except RuntimeError:
                        raise a
        except ValueError:
            pass
        name = lambda e: None if e.__context__ is None else type(e.__context__).__name__
        return [name(a), name(b), name(c)]

    def misc_equal_str_heap(self):
        """'a', 'b', 'b', 'x', 'y' put into a PriorityQueue and one item taken: its heap after."""
        q = asyncio.PriorityQueue()
        for item in ("a", "b", "b", "x", "y"):
            q.put_nowait(item)
        q.get_nowait()
        return list(q._queue)

    _MISC_EXCEPT_STAR_CLAUSES = (
        "def f(exc):\n"
        "    out = []\n"
        "    try:\n"
        "        try:\n"
        "            raise ExceptionGroup('m', [ValueError(1), KeyError(2), ExceptionGroup('n', [ValueError(3)]), ZeroDivisionError(4)])\n"
        "        except* (ValueError, IndexError) as eg:\n"
        "            out.append(['V', len(eg.exceptions)])\n"
        "            raise\n"
        "        except* KeyError as eg:\n"
        "            out.append(['K', len(eg.exceptions)])\n"
        "            raise IndexError('k')\n"
        "        except* ZeroDivisionError as eg:\n"
        "            out.append(['Z', len(eg.exceptions)])\n"
        "        except* BaseException as eg:\n"
        "            out.append(['B', len(eg.exceptions)])\n"
        "    except BaseException as e:\n"
        "        out.append(exc(e))\n"
        "    return out\n"
    )

    async def misc_except_star_clauses(self):
        """Four ``except*`` clauses around a nested group (compiled at run time: 3.11+ syntax):
        the first raises its part again, the second raises IndexError('k'), the third passes,
        the last is left nothing; what each handler saw, and what the statement raised."""
        ns = {}
        exec(self._MISC_EXCEPT_STAR_CLAUSES, ns)
        return ns["f"](self.exc)

    def misc_warn_twice(self, action):
        """Inside ``catch_warnings(record=True)``, ``simplefilter(action)`` and the same
        UserWarning warned twice: how many were recorded."""
        with warnings.catch_warnings(record=True) as log:
            warnings.simplefilter(action)
            for _ in range(2):  # one line: the registry keys a warning by its line
                warnings.warn("misc 17: twice", UserWarning)
            return len(log)

    _MISC_EXCEPT_STAR_NEW_GROUP = (
        "def f(exc):\n"
        "    try:\n"
        "        try:\n"
        "            raise ExceptionGroup('m', [ValueError(1), KeyError(2)])\n"
        "        except* ValueError:\n"
        "            try:\n"
        "                raise ExceptionGroup('new', [KeyError(9)])\n"
        "            except ExceptionGroup as fresh:\n"
        "                fresh.__context__ = None\n"
        "                raise\n"
        "    except BaseException as e:\n"
        "        return exc(e)\n"
        "    return None\n"
    )

    async def misc_except_star_new_group(self):
        """``except* ValueError`` around ``ExceptionGroup('m', [ValueError(1), KeyError(2)])``,
        whose handler raises a new group with its context cleared (compiled at run time:
        3.11+ syntax): what the statement raised."""
        ns = {}
        exec(self._MISC_EXCEPT_STAR_NEW_GROUP, ns)
        return ns["f"](self.exc)

    async def misc_timeout_reschedule_none(self):
        """Inside ``async with timeout(10) as cm``, ``cm.reschedule(None)``: whether
        ``cm._timeout_handler`` is None then."""
        async with asyncio.timeout(10) as cm:
            cm.reschedule(None)
            cleared = cm._timeout_handler is None
        return cleared
    # -- end of the scenes of the misc cases --

    # -- lifecycle scenes (the `lifecycle` operation; twins in harness.ts) ----------------

    def _helper_task(self, coro, name):
        """A task of a lifecycle scene, named (3.8+): CPython 3.13.0 names a task made
        through a task factory without a name 'None' (see the README)."""
        if sys.version_info >= (3, 8):
            return self.loop.create_task(coro, name=name)
        return self.loop.create_task(coro)

    def awaitable(self, value):
        """An object with ``__await__`` (not a coroutine or future) that yields once and gives value."""
        return _Awaitable(value)

    async def reenter(self, cm):
        """``async with cm:`` twice, the second inside the first."""
        async with cm:
            async with cm:
                pass

    async def after(self, cm, then):
        """``async with cm: await sleep(0)``, then what ``then(cm)`` gives."""
        async with cm:
            await asyncio.sleep(0)
        return then(cm)

    async def cancels_itself(self, wait):
        """A task that cancels itself, then returns at once, or (wait) awaits a new future;
        gives the task's final state once it is done."""
        task = self._helper_task(cancels_itself_body(self.loop, wait), "cancels_itself")
        await asyncio.wait([task])
        return self.state(task)

    async def awaits_itself(self):
        """A new task that awaits itself once: gives what that raised. (Only a new task: a
        task that awaited itself keeps its future-blocking flag, so the C Task refuses any
        later await of it, which the pure-Python Task of the coverage pass does not.)"""
        task = self._helper_task(awaits_itself_body(self), "awaits_itself")
        # Polled rather than awaited, so that its repr in the message shows no callback
        # (the C and pure-Python Tasks name their wakeup differently).
        while not task.done():
            await asyncio.sleep(0)
        return task.result()

    async def group_shutting_down(self):
        """A task group whose child fails at once; a done-callback on that child, run just
        after the group's own, asks the aborting group for another child. Gives what that
        raised; the group's ExceptionGroup is dropped."""
        answer = []
        try:
            async with asyncio.TaskGroup() as group:

                def on_done(_):
                    coro = self.returns(1)
                    try:
                        group.create_task(coro)
                        answer.append("created")
                    except RuntimeError as e:
                        coro.close()
                        answer.append(self.exc_text(e))

                group.create_task(child_fails()).add_done_callback(on_done)
                await asyncio.sleep(1)
        except Exception:  # noqa: B902 - the group's ExceptionGroup of the child's ValueError
            pass
        return answer

    async def group_base_error(self):
        """A task group whose body raises SystemExit while a child sleeps: the group cancels
        the child, waits for it, and raises the SystemExit itself. Gives what it raised."""
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(asyncio.sleep(1))
                await asyncio.sleep(0)
                raise SystemExit(3)
        except SystemExit as e:
            return self.exc(e)

    async def queue_putter(self, shutdown):
        """A full queue with a putter waiting: its str(), then (shutdown, 3.13+) its str()
        once shut down, else after a get; and the putter's final state."""
        q = asyncio.Queue(1)
        q.put_nowait(1)
        putter = self._helper_task(q.put(2), "putter")
        await asyncio.sleep(0)
        out = [str(q)]
        if shutdown:
            q.shutdown()
        else:
            q.get_nowait()
        out.append(str(q))
        await asyncio.wait([putter])
        out.append(self.state(putter))
        return out

    def leftover(self):
        """A task that sleeps an hour and, if it is cancelled, raises ValueError instead: left
        pending when an asyncio.run or Runner entry shuts down, it is reported to the
        exception handler as an unhandled exception during shutdown."""
        return self._helper_task(fails_when_cancelled(), "leftover")

    def on_loop_exception(self, loop, context):
        # A callback's source location (" at /path/tasks.py:691") is dropped: a JavaScript
        # function has none.
        message = _SOURCE_LOCATION.sub("", context.get("message", ""))
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
        spans = list(self.again_spans)
        if self.shutdown_at is not None:
            end = len(self.events) if self.epilogue_at is None else max(self.epilogue_at, self.shutdown_at)
            spans.insert(0, (self.shutdown_at, end))
        events = list(self.events)
        for start, end in spans:
            events[start:end] = sorted(events[start:end], key=lambda e: (e["task"] or "", e["t"], json.dumps(e, sort_keys=True)))
        return events


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
    """The policy while an entry runs: new_event_loop() gives the harness's loop (through
    the policy's own new_event_loop, which calls its loop factory)."""

    def __init__(self, make_loop):
        super().__init__()
        self._loop_factory = make_loop


def _run_entry(namespace, h, max_iterations):
    """A program whose ``entry()`` calls asyncio.run or uses a Runner: its event loop comes
    from the policy, as a KitLoop attached to the harness."""

    def make_loop():
        if h.making_outside:
            # A loop of an outside call: a virtual-time loop the harness does not trace.
            loop = KitLoop(max_iterations)
            h.outside_loops.append(loop)
            return loop
        if h.loop is not None and not h.making_again:
            raise RuntimeError("the program made a second event loop")
        h.making_again = False
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


# Loop iterations the clean-up of a finished program may take (see _finish_leftovers).
_CLEANUP_ITERATIONS = 1000


def _finish_leftovers(loop):
    """After the trace is complete: cancel the tasks the program left pending and run the
    loop until they end, as ``asyncio.run`` does, so that no coroutine is left for the
    garbage collector to finalise once the loop is closed (which would print "Exception
    ignored in: <coroutine ...>" and make collecting expensive). Nothing is recorded any
    more. Tasks that still do not end within a bounded number of iterations get their
    coroutines closed; whatever that raises is dropped. Deterministic: no gc involved."""
    loop.iterations = 0
    loop._max_iterations = _CLEANUP_ITERATIONS
    for _ in range(3):  # a task's clean-up may start another task
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        if not pending:
            return
        for task in pending:
            task.cancel()
        try:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        except BaseException:  # noqa: B902 - Deadlock, Budget, or what a task's clean-up raised
            break
    for task in asyncio.all_tasks(loop):
        if task.done():
            continue
        coro = getattr(task, "_coro", None) or task.get_coro()
        try:
            coro.close()
        except BaseException:  # noqa: B902 - e.g. "coroutine ignored GeneratorExit"
            pass


def _program_awaiter(namespace):
    """An ``await`` whose frame belongs to the program's module. A coroutine asyncio warns
    from with ``stacklevel=2`` (wait() given coroutines on 3.8-3.10) names the frame that
    awaits it; awaited from Harness.attempt, that would be this module, and the "once" and
    "module" filters, which keep a text back per module, would show it again where our
    library (which attributes asyncio's warnings to the program) keeps it back."""
    scope = {}
    exec(compile("async def _asyncio_ts_await(awaitable):\n    return await awaitable\n", "<asyncio-ts await>", "exec"), namespace, scope)
    return scope["_asyncio_ts_await"]


_filters_kept = None


def _restore_filters():
    """Put the warnings filters back as they were before the first program ran. A program's
    filters end with its run (catch_warnings), but a coroutine left pending at the end (the
    coverage pass finalises leftovers after the answer) can still run a warnings_filter
    statement in its cleanup, and that would reach the next program."""
    global _filters_kept
    if _filters_kept is not None:
        _filters_kept.__exit__(None, None, None)
    _filters_kept = warnings.catch_warnings()
    _filters_kept.__enter__()


def run_program(namespace, max_iterations=20000, finish_leftovers=True):
    """Run the program whose functions are in ``namespace`` (its ``main`` coroutine
    function) on a fresh virtual-time loop, with the harness bound to the name ``trace``
    there, and return the trace as a dict. A program that defines ``entry()`` (asyncio.run
    or a Runner) runs through it instead (asyncio.run ends its own leftovers). With
    ``finish_leftovers`` (the default) the tasks a plain program left pending are ended
    before the loop closes (see _finish_leftovers)."""
    # A program may set warnings filters of its own: they end with its run (catch_warnings
    # restores the filter list and starts new registries), and so does what "once" noted.
    _restore_filters()
    warnings.onceregistry.clear()
    if "entry" in namespace:
        h = Harness(None)
        h.await_in_program = _program_awaiter(namespace)
        namespace["trace"] = h
        gc_was_enabled = gc.isenabled()
        gc.disable()
        caught = warnings.catch_warnings()
        caught.__enter__()
        try:
            return _run_entry(namespace, h, max_iterations)
        finally:
            caught.__exit__(None, None, None)
            h.finished = True
            asyncio.set_event_loop(None)
            for loop in [h.loop] + h.outside_loops:
                if loop is not None and not loop.is_closed() and not loop.is_running():
                    loop.close()
            if gc_was_enabled:
                gc.enable()
    loop = KitLoop(max_iterations)
    h = Harness(loop)
    h.await_in_program = _program_awaiter(namespace)
    namespace["trace"] = h
    main = namespace["main"]
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(h.on_loop_exception)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    asyncio_logger = logging.getLogger("asyncio")
    log_capture = _LogCapture(h)
    propagate = asyncio_logger.propagate
    asyncio_logger.addHandler(log_capture)
    asyncio_logger.propagate = False
    caught = warnings.catch_warnings()
    caught.__enter__()
    warnings.simplefilter("always")
    warnings.showwarning = h.on_warning
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
        try:
            if finish_leftovers:
                _finish_leftovers(loop)
        finally:
            caught.__exit__(None, None, None)
        asyncio_logger.removeHandler(log_capture)
        asyncio_logger.propagate = propagate
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
