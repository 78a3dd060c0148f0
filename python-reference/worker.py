"""The conformance kit's reference worker: a long-lived process that runs emitted Python
programs on CPython's own event loop under a virtual clock and answers with their traces.

Protocol: JSON lines. Each request on stdin is
    {"id": <int>, "source": <Python source defining `async def main()`>, "maxIterations": <int>}
and each response on stdout is
    {"id": <int>, "ok": true, "trace": {...}, "python": "3.X.Y", "seconds": <float>}
(with "coverage": {module: {qualname: [line, ...]}} added, the asyncio lines first reached
since the previous answer, when started with --coverage; --pure-python blocks the _asyncio
accelerator; see coverage_tracer.py)
or
    {"id": <int>, "ok": false, "error": <text>, "python": "3.X.Y"}.
The first line the worker writes is {"ready": true, "python": "3.X.Y"}. Each program runs
in a fresh namespace and on a fresh loop, and the harness ends the tasks a program left
pending before its loop closes, so that nothing is left for the garbage collector to
finalise; collection is left to CPython's generation thresholds (with everything loaded at
start-up frozen out of them), never forced after each program (except in the coverage
pass, which keeps the earlier way so that its line counts do not change). Before
each request the worker writes a marker line to stderr ("\x1easyncio-ts job <id>"), so
that the pool can tell which program wrote what on stderr (stdout and stderr are separate
pipes, and one program's stderr can arrive after the next program started).

The worker's life belongs to the pool that started it: it ignores SIGINT (a Ctrl-C at the
terminal reaches the whole process group, and the pool decides what an interrupt means),
it ends when its stdin ends, and on Linux it is killed when its parent dies (even by
SIGKILL), so an interrupted or killed campaign leaves no worker behind.
Standard library only; runs on CPython 3.7 and newer.
"""
import gc
import io
import json
import os
import signal
import sys
import time
import traceback
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# --coverage / --pure-python (the kit's coverage pass): set up before asyncio is imported.
from coverage_tracer import configure as configure_coverage  # noqa: E402

COVERAGE = configure_coverage(sys.argv[1:])

from asyncio_ts_harness import run_program  # noqa: E402

VERSION = "%d.%d.%d" % sys.version_info[:3]
JOB_MARKER = "\x1easyncio-ts job %d\n"


def handle(request):
    namespace = {"__name__": "asyncio_ts_program"}
    started = time.perf_counter()
    code = compile(request["source"], "<program %s>" % request["id"], "exec")
    exec(code, namespace)
    # The coverage pass keeps the old way (leftovers finalised by a collection after the
    # answer), so that the clean-up's asyncio lines are not counted as reached by the program.
    trace = run_program(namespace, request.get("maxIterations", 20000), finish_leftovers=COVERAGE is None)
    response = {"id": request["id"], "ok": True, "trace": trace, "python": VERSION, "seconds": time.perf_counter() - started}
    if COVERAGE is not None:
        response["coverage"] = COVERAGE.take()  # the lines first reached since the last answer
    return response


def die_with_parent():
    """Linux only: ask the kernel to SIGKILL this process when its parent exits."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
    except Exception:  # noqa: BLE001 - best effort: stdin's end still stops the worker
        pass


def main():
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError, AttributeError):  # no signals here (e.g. WebAssembly)
        pass
    die_with_parent()
    warnings.simplefilter("ignore")
    # The protocol owns stdin and stdout, read and written as UTF-8 whatever the locale.
    # A program's prints go to stderr, and it reads an empty stdin.
    requests = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", line_buffering=True)
    sys.stdout = sys.stderr
    sys.stdin = open(os.devnull)
    # Everything imported so far lives as long as the worker: keep it out of every collection.
    gc.collect()
    if hasattr(gc, "freeze"):
        gc.freeze()
    out.write(json.dumps({"ready": True, "python": VERSION}) + "\n")
    out.flush()
    for line in requests:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError as e:
            response = {"id": None, "ok": False, "error": "bad request: %s" % e, "python": VERSION}
        else:
            if not isinstance(request, dict) or not isinstance(request.get("id"), int) or "source" not in request:
                response = {"id": request.get("id") if isinstance(request, dict) else None, "ok": False,
                            "error": "bad request: needs an integer id and a source", "python": VERSION}
            else:
                sys.stderr.write(JOB_MARKER % request["id"])
                sys.stderr.flush()
                try:
                    response = handle(request)
                except BaseException:  # noqa: B902 - report anything the program did, keep serving
                    response = {"id": request.get("id"), "ok": False, "error": traceback.format_exc(), "python": VERSION}
        if COVERAGE is not None:
            gc.collect()
        sys.stderr.flush()
        out.write(json.dumps(response) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
