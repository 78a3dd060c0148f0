/**
 * The embedded reference worker: CPython compiled to WebAssembly (the `pyodide` npm
 * package, loaded from node_modules with no network access) running
 * `python-reference/worker.py` itself, so it speaks exactly that worker's JSON-lines
 * protocol on stdin and stdout: a ready line `{"ready": true, "python": "3.14.x"}`, then
 * one response per request line, a fresh namespace per program, garbage collected
 * between programs, the programs' own prints on stderr.
 *
 * How: the three files of `python-reference/` are written into Pyodide's virtual file
 * system, Python's stdin, stdout and stderr are wired to this process's file descriptors
 * 0, 1 and 2 with blocking reads and writes, Pyodide's WebLoop and its event loop policy
 * are put aside (the virtual-time loop must be the only running loop, and
 * `get_event_loop()` must behave as on CPython), and `worker.main()` serves until stdin
 * ends. The whole session is one synchronous Python call.
 *
 * `ReferencePool` starts it for an interpreter whose source is `"pyodide"`:
 *
 * @example
 * ```sh
 * node --import tsx src/conformance/reference/pyodide_worker.ts
 * # {"ready": true, "python": "3.14.2"}
 * ```
 * @module
 */
import { readFileSync, readSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

/** `python-reference/` on the real file system. */
const REFERENCE_DIR = fileURLToPath(new URL("../../../python-reference/", import.meta.url));
/** Where the reference files go in Pyodide's file system. */
const VFS_DIR = "/asyncio_ts_reference";
const FILES = ["virtual_time.py", "asyncio_ts_harness.py", "worker.py", "coverage_tracer.py"] as const;
/** worker.py's own flags (`--coverage`, `--pure-python`), passed through from this script's arguments. */
const WORKER_FLAGS: string[] = process.argv.slice(2);

/** A one-cell buffer to sleep on while a non-blocking descriptor has nothing for us. */
const nap = new Int32Array(new SharedArrayBuffer(4));

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** Reads what `fd` has (blocking; 0 at end of file). */
function readFd(fd: number, buffer: Uint8Array): number {
  for (;;) {
    try {
      return readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = errorCode(error);
      if (code === "EAGAIN") {
        Atomics.wait(nap, 0, 0, 2);
        continue;
      }
      if (code === "EOF") return 0;
      throw error;
    }
  }
}

/** Writes all of `buffer` to `fd` (blocking). */
function writeFd(fd: number, buffer: Uint8Array): number {
  let done = 0;
  while (done < buffer.length) {
    try {
      done += writeSync(fd, buffer, done, buffer.length - done);
    } catch (error) {
      if (errorCode(error) !== "EAGAIN") throw error;
      Atomics.wait(nap, 0, 0, 2);
    }
  }
  return buffer.length;
}

const encoder = new TextEncoder();
/** Text for this process's stderr, never its stdout (which carries the protocol only). */
function toStderr(text: string): void {
  writeFd(2, encoder.encode(text.endsWith("\n") ? text : `${text}\n`));
}

// A Ctrl-C at the terminal reaches the whole process group; the pool, not this worker,
// decides what it means (worker.py ignores it the same way).
process.on("SIGINT", () => {});

// Nothing but the protocol goes to stdout, whatever Pyodide or a library logs.
console.log = console.info = console.debug = (...args: unknown[]) => toStderr(args.map(String).join(" "));

const SERVE = `
import sys

sys.path.insert(0, ${JSON.stringify(VFS_DIR)})
# worker.py reads its flags from sys.argv and must see them before asyncio is imported.
sys.argv = ["worker.py"] + ${JSON.stringify(WORKER_FLAGS)}
import worker

import asyncio.events
import warnings

# Pyodide makes its WebLoop the running loop at start-up, and its event loop policy
# creates (and runs) another WebLoop whenever get_event_loop() finds none. CPython's loop
# refuses to run while another one is running, and on CPython 3.14 get_event_loop() with
# no loop set raises RuntimeError: back to CPython's own policy, no running loop.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    getattr(asyncio.events, "_set_event_loop_policy", asyncio.set_event_loop_policy)(None)
asyncio.events._set_running_loop(None)

_handle = worker.handle


def handle(request):
    # Every program starts as on CPython: no running loop left by anything before it.
    asyncio.events._set_running_loop(None)
    return _handle(request)


worker.handle = handle
worker.main()
`;

async function main(): Promise<void> {
  const pyodide = await loadPyodide({
    env: { PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1", HOME: "/home/pyodide" },
    // Whatever Python prints while starting goes to stderr.
    stdout: toStderr,
    stderr: toStderr,
    // Given, so that Pyodide does not open process.stdin, which would make descriptor 0
    // non-blocking; it is replaced by the blocking reader below.
    stdin: () => null,
  });
  pyodide.FS.mkdirTree(VFS_DIR);
  for (const file of FILES) {
    pyodide.FS.writeFile(`${VFS_DIR}/${file}`, readFileSync(`${REFERENCE_DIR}${file}`, "utf8"));
  }
  pyodide.setStdin({ read: (buffer) => readFd(0, buffer) });
  pyodide.setStdout({ write: (buffer) => writeFd(1, buffer) });
  pyodide.setStderr({ write: (buffer) => writeFd(2, buffer) });
  pyodide.runPython(SERVE);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    toStderr(`pyodide reference worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
