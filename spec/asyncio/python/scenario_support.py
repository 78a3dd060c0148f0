"""What the version scenario scripts share: a log, a registry of scenarios, and the main
loop that runs the requested scenarios on CPython's own loop with a virtual clock
(python-reference/virtual_time.py) and prints their lines as JSON.

A scenario script defines its programs with ``@scenario`` (an ``async def`` run under
``asyncio.run``) or ``@plain`` (a plain function that runs loops itself) and ends with
``main(...)``. stdin: a JSON list of scenario names; stdout:
{"version": "3.X.Y", "results": {name: [line, ...]}}. Runs on CPython 3.7 and newer.
"""
import asyncio
import json
import sys

from virtual_time import install

V = sys.version_info[:2]
LOG = []
SCENARIOS = {}
PLAIN = set()


def log(*parts):
    LOG.append(" ".join(str(p) for p in parts))


def scenario(fn):
    """Register an ``async def`` scenario, run under ``asyncio.run``."""
    SCENARIOS[fn.__name__] = fn
    return fn


def plain(fn):
    """Register a plain scenario, which runs its own loops."""
    SCENARIOS[fn.__name__] = fn
    PLAIN.add(fn.__name__)
    return fn


def cancel(fut, msg=None):
    """cancel(msg) where the release has it (3.9+), cancel() before."""
    if V >= (3, 9):
        return fut.cancel(msg)
    return fut.cancel()


def _run(name, failure_label, describe):
    del LOG[:]
    try:
        if name in PLAIN:
            SCENARIOS[name]()
        else:
            asyncio.run(SCENARIOS[name]())
    except BaseException as e:  # noqa: B902 - the scenario's outcome is part of its output
        log(failure_label, describe(e))
    return list(LOG)


def main(failure_label="asyncio.run raised", describe=repr):
    """Run the scenarios named on stdin and print their lines as JSON."""
    install()
    names = json.load(sys.stdin)
    json.dump(
        {"version": "%d.%d.%d" % sys.version_info[:3], "results": {n: _run(n, failure_label, describe) for n in names}},
        sys.stdout,
    )
