"""Child process of `npm run bench` on the CPython side: runs one workload module
(a .py file defining `run(params)`, which returns a checksum) `warmup` times unmeasured,
then `runs` times measured, in this one process, and prints one JSON object:
{"times": [seconds...], "checksum": N, "version": "3.X.Y"}.

Usage: python runner.py WORKLOAD.py '{"params": {...}, "warmup": 2, "runs": 7}'
Runs on CPython 3.7 and later (stdlib only)."""
import importlib.util
import json
import sys
import time


def main():
    path, config = sys.argv[1], json.loads(sys.argv[2])
    spec = importlib.util.spec_from_file_location("bench_workload", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    params = config["params"]
    checksum = None
    for _ in range(config["warmup"]):
        checksum = module.run(params)
    times = []
    for _ in range(config["runs"]):
        start = time.perf_counter()
        result = module.run(params)
        times.append(time.perf_counter() - start)
        if checksum is not None and result != checksum:
            raise SystemExit("checksum changed between runs: %r then %r" % (checksum, result))
        checksum = result
    json.dump({"times": times, "checksum": checksum, "version": sys.version.split()[0]}, sys.stdout)


if __name__ == "__main__":
    main()
