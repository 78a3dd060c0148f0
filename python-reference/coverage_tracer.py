"""Line coverage of the interpreter's own ``asyncio`` package, for the conformance kit's
``--coverage`` (src/conformance/coverage/). Standard library only; runs on CPython 3.7 and
newer and in Pyodide. No coverage.py.

What is recorded: the lines of every *function* of the asyncio package that ran (methods,
nested functions, lambdas, comprehensions), keyed by module and the function's qualified
name. Module and class bodies are left out: they run at import, whatever a program does.
The tracer is ``sys.monitoring`` where it exists (3.12+: a function's lines are switched on
at its first start and each line reports once) and ``sys.settrace`` before (only frames of
asyncio functions get a line tracer).

Three uses:

* The reference worker (``worker.py --coverage [--pure-python]``) calls :func:`configure`
  before anything imports asyncio. With ``--pure-python`` the ``_asyncio`` accelerator is
  blocked, so ``Task``, ``Future`` and the task bookkeeping functions are the Python
  definitions of tasks.py, futures.py and events.py (as CPython's tests do with
  ``import_fresh_module(..., blocked=['_asyncio'])``). After each program the worker
  sends the lines first reached since its previous answer (:meth:`LineRecorder.take`).
* ``python coverage_tracer.py identity --tests test_tasks,...`` prints the build identity
  the kit keys its cached baseline on (interpreter build, asyncio and test sources, this
  file, the test list).
* ``python coverage_tracer.py baseline --tests test_tasks,... --out FILE`` runs those
  modules of ``test.test_asyncio`` under the same tracer, offline (network resources
  disabled as regrtest does by default), and writes the lines they reached to FILE.
"""
import hashlib
import json
import os
import sys
import time

__all__ = ["LineRecorder", "configure", "block_accelerator", "identity", "run_baseline"]

# Bumped when what is recorded changes, so that cached baselines are recomputed.
FORMAT = "asyncio-ts coverage 1"

_CO_NEWLOCALS = 0x0002
_UNKNOWN = object()


def block_accelerator():
    """Make ``import _asyncio`` fail, so asyncio uses its pure-Python Task, Future and
    task bookkeeping. Must run before anything imports asyncio."""
    # Pyodide imports asyncio while it starts (for its WebLoop): asyncio is then imported
    # afresh, as CPython's own tests do with import_fresh_module(blocked=['_asyncio']).
    for name in [n for n in sys.modules if n == "asyncio" or n.startswith("asyncio.")]:
        del sys.modules[name]
    sys.modules["_asyncio"] = None


def check_pure_python():
    """Raise unless asyncio really runs on its Python classes (after block_accelerator)."""
    import asyncio
    import asyncio.futures
    import asyncio.tasks

    if asyncio.Task is not asyncio.tasks._PyTask or asyncio.Future is not asyncio.futures._PyFuture:
        raise RuntimeError("the pure-Python pass still has the C Task or Future")


def package_dir():
    """The asyncio package's directory, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("asyncio")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("no asyncio package")
    return os.path.normcase(os.path.abspath(list(spec.submodule_search_locations)[0]))


def _qualnames_of_file(filename):
    """(first line, name) -> qualified name of every code object in a source file; for
    interpreters before 3.11, whose code objects have no co_qualname."""
    names = {}
    try:
        import tokenize

        with tokenize.open(filename) as f:
            module = compile(f.read(), filename, "exec")
    except (OSError, SyntaxError, ValueError):
        return names

    def walk(code, prefix):
        for const in code.co_consts:
            if hasattr(const, "co_code"):
                name = prefix + const.co_name
                names.setdefault((const.co_firstlineno, const.co_name), name)
                nested = ".<locals>." if const.co_flags & _CO_NEWLOCALS else "."
                walk(const, name + nested)

    walk(module, "")
    return names


class LineRecorder:
    """Records the lines of asyncio functions that run (see the module docstring)."""

    def __init__(self, tracer=None):
        self.package = package_dir()
        self.tracer = tracer or ("sys.monitoring" if hasattr(sys, "monitoring") else "settrace")
        if self.tracer not in ("sys.monitoring", "settrace"):
            raise ValueError("unknown tracer %r" % (tracer,))
        # (module, qualname) -> {line: None}; dicts keep the order lines were first seen.
        self.hits = {}
        self._reported = {}
        self._modules = {}  # co_filename -> module name, or None outside the package
        self._qualnames = {}  # co_filename -> {(first line, name): qualname}
        self._tool = None

    # -- which code is measured ----------------------------------------------------------

    def _module_of(self, filename):
        module = self._modules.get(filename, _UNKNOWN)
        if module is _UNKNOWN:
            path = os.path.normcase(os.path.abspath(filename)) if not filename.startswith("<") else ""
            if path.endswith(".py") and os.path.dirname(path) == self.package:
                module = os.path.basename(path)[:-3]
            else:
                module = None
            self._modules[filename] = module
        return module

    def _sink(self, code):
        """The line set of a function's code object, or None when it is not measured."""
        module = self._module_of(code.co_filename)
        if module is None or not code.co_flags & _CO_NEWLOCALS:
            return None
        qualname = getattr(code, "co_qualname", None)
        if qualname is None:
            names = self._qualnames.get(code.co_filename)
            if names is None:
                names = self._qualnames[code.co_filename] = _qualnames_of_file(code.co_filename)
            qualname = names.get((code.co_firstlineno, code.co_name), code.co_name)
        return self.hits.setdefault((module, qualname), {})

    # -- tracers -------------------------------------------------------------------------

    def start(self, all_threads=False):
        if self.tracer == "sys.monitoring":
            self._start_monitoring()
        else:
            self._start_settrace(all_threads)
        return self

    def _start_monitoring(self):
        mon = sys.monitoring
        events = mon.events
        tool = next((t for t in (mon.COVERAGE_ID, 3, 4) if mon.get_tool(t) is None), None)
        if tool is None:
            raise RuntimeError("no free sys.monitoring tool id for the coverage tracer")
        mon.use_tool_id(tool, "asyncio-ts coverage")
        self._tool = tool
        sinks = {}
        disable = mon.DISABLE

        def on_start(code, offset):
            if code not in sinks:
                sink = self._sink(code)
                if sink is not None:
                    sinks[code] = sink
                    mon.set_local_events(tool, code, events.LINE)
            return disable

        def on_line(code, line):
            sinks[code][line] = None
            return disable

        mon.register_callback(tool, events.PY_START, on_start)
        mon.register_callback(tool, events.LINE, on_line)
        mon.set_events(tool, events.PY_START)

    def _start_settrace(self, all_threads):
        by_code = {}  # code -> its line tracer, or 0 when the code is not measured
        modules = self._modules

        def make_local(code):
            sink = self._sink(code)
            if sink is None:
                return 0

            def local(frame, event, arg):
                if event == "line":
                    sink[frame.f_lineno] = None
                return local

            return local

        def trace(frame, event, arg):
            code = frame.f_code
            local = by_code.get(code)
            if local is None:
                module = modules.get(code.co_filename, _UNKNOWN)
                if module is _UNKNOWN:
                    module = self._module_of(code.co_filename)
                if module is None:
                    return None
                local = by_code[code] = make_local(code)
            return local or None

        self._trace = trace
        sys.settrace(trace)
        if all_threads:
            import threading

            threading.settrace(trace)

    def ensure_installed(self):
        """Put the settrace tracer back if something (a test) replaced it."""
        if self.tracer == "settrace" and sys.gettrace() is not self._trace:
            sys.settrace(self._trace)

    def stop(self):
        if self.tracer == "sys.monitoring" and self._tool is not None:
            sys.monitoring.set_events(self._tool, 0)
            sys.monitoring.free_tool_id(self._tool)
            self._tool = None
        elif self.tracer == "settrace":
            sys.settrace(None)
            import threading

            threading.settrace(None)

    # -- results -------------------------------------------------------------------------

    def take(self):
        """The lines first reached since the previous call, as
        ``{module: {qualname: [line, ...]}}`` (empty when nothing is new)."""
        out = {}
        for key, lines in list(self.hits.items()):
            n = self._reported.get(key, 0)
            if len(lines) > n:
                module, qualname = key
                out.setdefault(module, {})[qualname] = sorted(list(lines)[n:])
                self._reported[key] = len(lines)
        return out

    def everything(self):
        """Every line reached so far, as ``{module: {qualname: [line, ...]}}``."""
        out = {}
        for (module, qualname), lines in list(self.hits.items()):
            if lines:
                out.setdefault(module, {})[qualname] = sorted(lines)
        return out


def configure(argv):
    """What the reference worker calls first with its own arguments: ``--pure-python``
    blocks the accelerator, ``--coverage`` starts a recorder (returned; else None),
    ``--tracer settrace|sys.monitoring`` chooses the tracer (default: the faster one)."""
    if "--pure-python" in argv:
        block_accelerator()
    recorder = None
    if "--coverage" in argv:
        tracer = None
        if "--tracer" in argv:
            i = argv.index("--tracer")
            tracer = argv[i + 1] if i + 1 < len(argv) else None
        # Started before asyncio is imported, as the baseline's tracer is before the tests
        # import it: functions asyncio runs while it is imported count on both sides.
        recorder = LineRecorder(tracer).start()
    if "--pure-python" in argv:
        check_pure_python()
    return recorder


# -- the baseline: CPython's own tests under the same tracer ---------------------------


def _test_dir():
    import importlib.util

    spec = importlib.util.find_spec("test")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "test_asyncio")
    return path if os.path.isdir(path) else None


def identity(tests, tracer=None):
    """The build identity a cached baseline is keyed on: a hash over this interpreter's
    build, its asyncio sources, the test modules asked for (and their helpers), this file
    and the test list; plus which of the tests exist."""
    h = hashlib.sha256()

    def feed(label, data):
        h.update(("%s\0%d\0" % (label, len(data))).encode())
        h.update(data)

    feed("format", FORMAT.encode())
    feed("version", sys.version.encode())
    feed("implementation", repr((sys.implementation.name, getattr(sys.implementation, "cache_tag", None))).encode())
    feed("platform", sys.platform.encode())
    feed("tracer", (tracer or ("sys.monitoring" if hasattr(sys, "monitoring") else "settrace")).encode())
    with open(os.path.abspath(__file__), "rb") as f:
        feed("coverage_tracer.py", f.read())
    package = package_dir()
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as f:
                feed("asyncio/" + name, f.read())
    test_dir = _test_dir()
    available, missing = [], []
    feed("tests", ",".join(tests).encode())
    if test_dir is not None:
        helpers = [n for n in sorted(os.listdir(test_dir)) if n.endswith(".py") and not n.startswith("test_")]
        for name in helpers + ["%s.py" % t for t in tests]:
            path = os.path.join(test_dir, name)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    feed("test_asyncio/" + name, f.read())
                if name.startswith("test_"):
                    available.append(name[:-3])
            elif name.startswith("test_"):
                missing.append(name[:-3])
    else:
        missing = list(tests)
    return {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "build": sys.version,
        "hash": h.hexdigest()[:24],
        "hasTests": test_dir is not None,
        "tests": available,
        "missingTests": missing,
        "tracer": tracer or ("sys.monitoring" if hasattr(sys, "monitoring") else "settrace"),
        "package": package,
    }


def run_baseline(tests, out_path, tracer=None):
    """Runs the given ``test.test_asyncio`` modules under the tracer and writes
    ``{"identity", "lines", "tests", "seconds"}`` as JSON to ``out_path``."""
    import unittest

    started = time.perf_counter()
    ident = identity(tests, tracer)
    recorder = LineRecorder(tracer).start(all_threads=True)
    from test import support

    # As regrtest does by default: no resource (network, cpu, ...) is enabled, so tests
    # that need the internet are skipped and the run stays offline.
    support.use_resources = []

    class Result(unittest.TextTestResult):
        def startTest(self, test):
            recorder.ensure_installed()
            super().startTest(test)

    per_module = {}
    for name in ident["tests"]:
        module_started = time.perf_counter()
        suite = unittest.defaultTestLoader.loadTestsFromName("test.test_asyncio." + name)
        runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=0, resultclass=Result)
        result = runner.run(suite)
        per_module[name] = {
            "run": result.testsRun,
            "failures": len(result.failures),
            "errors": len(result.errors),
            "skipped": len(result.skipped),
            "seconds": round(time.perf_counter() - module_started, 3),
        }
    recorder.stop()
    data = {
        "identity": ident,
        "lines": recorder.everything(),
        "tests": per_module,
        "seconds": round(time.perf_counter() - started, 3),
    }
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, out_path)
    return data


def _main(argv):
    import argparse

    parser = argparse.ArgumentParser(prog="coverage_tracer.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["identity", "baseline"])
    parser.add_argument("--tests", required=True, help="comma-separated test_asyncio modules")
    parser.add_argument("--out", help="where baseline writes its JSON")
    parser.add_argument("--tracer", choices=["settrace", "sys.monitoring"])
    args = parser.parse_args(argv)
    tests = [t for t in args.tests.split(",") if t]
    if args.command == "identity":
        print(json.dumps(identity(tests, args.tracer)))
        return 0
    if not args.out:
        parser.error("baseline needs --out FILE")
    if _test_dir() is None:
        print("this interpreter has no test.test_asyncio package", file=sys.stderr)
        return 3
    run_baseline(tests, args.out, args.tracer)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
