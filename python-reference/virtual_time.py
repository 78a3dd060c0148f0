"""A virtual-time asyncio event loop for CPython 3.7 and newer (standard library only).

The loop is CPython's own ``BaseEventLoop``: only the clock and the selector are
replaced. ``time()`` returns a virtual clock that starts at 0.0, and the selector's
``select(timeout)`` never sleeps: when the loop would wait, the clock jumps to the
deadline of the earliest timer (the head of ``_scheduled``; using ``now + timeout``
could be off by one ulp). When the loop would wait forever (nothing ready, no timer),
``select`` raises ``Deadlock``. Scheduling, heap order and cancellation are CPython's,
untouched.

Deadlines that are not ordinary numbers, decided alike by asyncio-ts's virtual loop:

- A timer at ``inf`` (``sleep(inf)``, ``call_later(inf)``) never comes: when it is the
  earliest one and nothing is ready, ``select`` raises ``Deadlock`` instead of moving
  the clock to ``inf`` (where ``inf - inf`` is ``nan``, every later timeout is 0, and the
  loop would spin for ever).
- A timer at ``nan`` is due at once, as in CPython (``nan >= end_time`` is false), and
  moves no clock: ``max(0, nan)`` is 0 before 3.13, and ``nan > 0`` is false after.
- Past about 2**24 seconds the clock resolution (1e-9) is less than half a float's
  spacing, so ``now + 1e-9 == now`` and a timer at ``now`` is never due: on a real clock
  time would still move on. When the loop would wait and the earliest timer is not due
  at the clock's time, the clock moves one float further (``math.nextafter``), the least
  a real clock could move.

Usage::

    import asyncio
    from virtual_time import VirtualTimeLoop, install

    loop = VirtualTimeLoop()
    loop.call_at(5.0, print, "fired at", 5.0)
    loop.call_at(6.0, loop.stop)
    loop.run_forever()            # returns at once; loop.time() == 6.0

    install()                     # asyncio.run() and new_event_loop() now use it
"""

import asyncio
import asyncio.base_events
import math
import struct

__all__ = ["Deadlock", "VirtualTimeLoop", "VirtualTimePolicy", "install"]


class Deadlock(RuntimeError):
    """Nothing is ready and no timer is scheduled: the program can never finish."""


def _next_up(x):
    """The least float above the finite, non-negative ``x`` (``math.nextafter`` from 3.9)."""
    if hasattr(math, "nextafter"):
        return math.nextafter(x, math.inf)
    if x == 0.0:
        return 5e-324
    return struct.unpack("<d", struct.pack("<q", struct.unpack("<q", struct.pack("<d", x))[0] + 1))[0]


class _VirtualSelector:
    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout=None):
        loop = self._loop
        if timeout is None:
            raise Deadlock(
                "nothing is ready and no timer is scheduled at virtual time %r"
                % (loop._virtual_now,)
            )
        if loop._ready or loop._stopping:
            return []
        # The loop would wait for its earliest timer (see the module docstring).
        when = loop._scheduled[0]._when
        if timeout > 0:
            if when == math.inf:
                raise Deadlock(
                    "nothing is ready and the earliest timer is at an infinite deadline, "
                    "which never comes (virtual time %r)" % (loop._virtual_now,)
                )
            loop._virtual_now = when
        if when >= loop._virtual_now + loop._clock_resolution:
            loop._virtual_now = _next_up(loop._virtual_now)
        return []

    def close(self):
        pass


class VirtualTimeLoop(asyncio.base_events.BaseEventLoop):
    """CPython's event loop with a virtual clock (see the module docstring)."""

    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0
        self._selector = _VirtualSelector(self)
        # As on Linux, where every reference run happens.
        self._clock_resolution = 1e-9

    def time(self):
        return self._virtual_now

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


class VirtualTimePolicy(asyncio.DefaultEventLoopPolicy):
    """An event loop policy whose new loops are ``VirtualTimeLoop``s."""

    def new_event_loop(self):
        return VirtualTimeLoop()


def install():
    """Make ``asyncio.run`` and ``asyncio.new_event_loop`` create virtual-time loops."""
    asyncio.set_event_loop_policy(VirtualTimePolicy())
