"""A virtual-time asyncio event loop for CPython 3.7 and newer (standard library only).

The loop is CPython's own ``BaseEventLoop``: only the clock and the selector are
replaced. ``time()`` returns a virtual clock that starts at 0.0, and the selector's
``select(timeout)`` never sleeps: when the loop would wait, the clock jumps to the
deadline of the earliest timer (the head of ``_scheduled``; using ``now + timeout``
could be off by one ulp). When the loop would wait forever (nothing ready, no timer),
``select`` raises ``Deadlock``. Scheduling, heap order and cancellation are CPython's,
untouched.

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

__all__ = ["Deadlock", "VirtualTimeLoop", "VirtualTimePolicy", "install"]


class Deadlock(RuntimeError):
    """Nothing is ready and no timer is scheduled: the program can never finish."""


class _VirtualSelector:
    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:
            raise Deadlock(
                "nothing is ready and no timer is scheduled at virtual time %r"
                % (self._loop._virtual_now,)
            )
        if timeout > 0:
            self._loop._virtual_now = self._loop._scheduled[0]._when
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
