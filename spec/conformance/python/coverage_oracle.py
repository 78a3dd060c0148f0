"""An independent oracle for the coverage tracer's spec: runs emitted programs the way the
reference worker does (asyncio_ts_harness.run_program, fresh namespace each) under the
plainest possible sys.settrace tracer, and prints which asyncio lines ran.

Input (stdin, JSON): {"sources": [...], "purePython": bool}. Output (stdout, JSON):
{"snapshots": [{"lines": {module: [line, ...]}, "names": {module: [co_name, ...]}}, ...]}:
after each program (before the garbage collection the worker runs between programs),
every line of an asyncio *function* (module and class bodies excluded, as the tracer
does) that ran so far, and the names of the functions that ran. Nothing here is shared
with coverage_tracer.py.
"""
import gc
import json
import os
import sys

request = json.load(sys.stdin)
if request.get("purePython"):
    sys.modules["_asyncio"] = None

import importlib.util  # noqa: E402

package = os.path.dirname(importlib.util.find_spec("asyncio").origin)
lines = {}
names = {}


def tracer(frame, event, arg):
    code = frame.f_code
    if os.path.dirname(code.co_filename) != package or not code.co_flags & 0x0002:
        return None
    module = os.path.basename(code.co_filename)[:-3]
    names.setdefault(module, set()).add(code.co_name)

    def local(frame, event, arg):
        if event == "line":
            lines.setdefault(module, set()).add(frame.f_lineno)
        return local

    return local


def snapshot():
    return {
        "lines": {m: sorted(v) for m, v in lines.items()},
        "names": {m: sorted(v) for m, v in names.items()},
    }


sys.settrace(tracer)
from asyncio_ts_harness import run_program  # noqa: E402

snapshots = []
for i, source in enumerate(request["sources"]):
    namespace = {"__name__": "asyncio_ts_program"}
    exec(compile(source, "<program %d>" % i, "exec"), namespace)
    run_program(namespace, finish_leftovers=False)  # as the worker does in the coverage pass
    snapshots.append(snapshot())  # what the worker answers with: before its gc
    del namespace
    gc.collect()  # as the worker does after each answer (a loop's __del__ runs here)
sys.settrace(None)
print(json.dumps({"snapshots": snapshots}))
