/**
 * A pool of persistent CPython reference workers (`python-reference/worker.py`): each is a
 * long-lived `python -u worker.py` process speaking JSON lines, so running a program on
 * CPython costs one request, not one interpreter start. For the embedded Pyodide (an
 * interpreter whose source is `"pyodide"`) each worker is a Node process running
 * `pyodide_worker.ts`, which runs the same worker.py inside Pyodide. Jobs queue and go to
 * idle workers, one job per worker at a time. A worker that misbehaves (hangs, dies,
 * prints something that is not its answer) is killed and replaced, and the job it was
 * running is retried once on a fresh worker (one that has run nothing yet): only a second
 * failure is an error, and when both attempts failed the same way the program itself is
 * at fault (kind `program`). Every other job carries on. A worker's stderr is quoted per
 * job: only what it wrote while running the failed program.
 *
 * @example
 * ```ts
 * const py = await defaultInterpreter();
 * if ("reason" in py) throw new Error(py.reason);
 * const pool = await ReferencePool.start({ interpreter: py, workers: 4 });
 * try {
 *   const result = await pool.run(emitPython(program, { python: py.python }));
 *   if (result.ok) console.log(result.trace.outcome);
 *   else console.error(result.kind, result.error);
 * } finally {
 *   await pool.close();
 * }
 * ```
 * @module
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execa } from "execa";
import { z } from "zod";
import { workerFlags, type CoverageLines, type ReferenceMode } from "../coverage/lines.ts";
import { PYTHON_ENV_VAR, type Interpreter } from "../interpreters.ts";
import { plainOkAnswer, Response } from "./answer.ts";
import type { Trace } from "../trace.ts";

/**
 * The reference worker script the pool runs.
 *
 * @example
 * ```ts
 * await execa("python3", ["-u", WORKER_SCRIPT]); // what each worker runs
 * ```
 */
const WORKER_SCRIPT: string = fileURLToPath(new URL("../../../python-reference/worker.py", import.meta.url));

/**
 * The worker script for the embedded Pyodide (source `"pyodide"`), run with Node and tsx.
 *
 * @example
 * ```ts
 * await execa(process.execPath, ["--import", "tsx", PYODIDE_WORKER_SCRIPT]); // what each Pyodide worker runs
 * ```
 */
// Run from the repository this module is TypeScript (under tsx); from the compiled package it is JavaScript.
const COMPILED = import.meta.url.endsWith(".js");
const PYODIDE_WORKER_SCRIPT: string = fileURLToPath(new URL(COMPILED ? "./pyodide_worker.js" : "./pyodide_worker.ts", import.meta.url));

/** tsx's loader, by URL, so that the Pyodide worker starts whatever the current directory. */
function tsxLoader(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  } catch {
    return "tsx";
  }
}

/** The line worker.py writes to stderr before each job: what follows is that job's. */
const JOB_MARKER = /\x1easyncio-ts job (\d+)\n/;
const MARKER_START = "\x1e";

/** How much of each worker's stderr is kept (the tail), in characters. */
const STDERR_TAIL = 4096;
/** A stdout line longer than this (without its newline) is garbage: the worker is killed. */
const MAX_LINE = 64 * 1024 * 1024;
/** How much of an offending line an error message quotes. */
const SHOWN_LINE = 300;
/** How long `close` waits for an idle worker to exit after its stdin ends. */
const CLOSE_GRACE_MS = 2_000;
/**
 * How long a worker may take to write its ready line unless told otherwise: starting
 * CPython takes a fraction of a second on an idle machine and many times that on a loaded
 * one; loading the WebAssembly CPython (Pyodide) about 4 s on an idle core.
 */
const DEFAULT_START_MS = 60_000;
/** How long one job may take unless told otherwise. */
const DEFAULT_JOB_MS = 10_000;

/**
 * Options of {@link ReferencePool.start}.
 *
 * @example
 * ```ts
 * const options: ReferencePoolOptions = { interpreter: py, workers: 2, timeoutMs: 5_000 };
 * ```
 */
export interface ReferencePoolOptions {
  /** The CPython to run the workers with. */
  interpreter: Interpreter;
  /** How many worker processes (default: `os.availableParallelism()`). */
  workers?: number;
  /**
   * How long a worker may take to answer one job, in milliseconds (default 10 000). A
   * worker that takes longer is killed and replaced, and the job retried once.
   */
  timeoutMs?: number;
  /**
   * How long a worker may take to start (its ready line), in milliseconds (default
   * 60 000), apart from the per-job timeout so that a loaded machine does not fail the start.
   */
  startTimeoutMs?: number;
  /** The loop-iteration budget sent with every job (default 20 000). */
  maxIterations?: number;
  /** Coverage pass: pure-Python asyncio and/or the line tracer (see coverage/lines.ts). */
  mode?: ReferenceMode;
}

/**
 * Why a job has no trace: the program failed on CPython (`program`: it did not compile,
 * or raised outside the harness, and the worker stays; or it made a worker fail the same
 * way twice), the worker did not answer in time (`timeout`), the worker died or the pool
 * closed (`crash`), or the worker printed something that is not its answer to this job
 * (`garbage`). The last three are given only after a retry on a fresh worker failed too.
 *
 * @example
 * ```ts
 * const kind: ReferenceFailureKind = "timeout";
 * ```
 */
export type ReferenceFailureKind = "program" | "timeout" | "crash" | "garbage";

/**
 * What {@link ReferencePool.run} gives back: the trace (validated against the `Trace`
 * schema), or why there is none.
 *
 * @example
 * ```ts
 * const result: ReferenceResult = await pool.run(source);
 * const text = result.ok ? JSON.stringify(result.trace.outcome) : `${result.kind}: ${result.error}`;
 * ```
 */
export type ReferenceResult =
  | { ok: true; trace: Trace; python: string; seconds: number; coverage?: CoverageLines }
  | { ok: false; kind: ReferenceFailureKind; error: string; python: string };

/**
 * Counters of a pool's life.
 *
 * @example
 * ```ts
 * const { started, replaced, completed } = pool.stats; // e.g. { started: 5, replaced: 1, completed: 120 }
 * ```
 */
export interface ReferencePoolStats {
  /** Worker processes started, replacements included. */
  started: number;
  /** Workers started to replace one that was killed or died. */
  replaced: number;
  /** Jobs that got an answer from a worker (a trace, or kind `program`). */
  completed: number;
  /** Jobs retried on a fresh worker after their first worker hung, died or wrote garbage. */
  retried: number;
}

/**
 * A job as it is handed to a worker, for {@link ReferencePool.onDispatch}. Job ids are
 * 1, 2, 3, ... in the order `run` was called.
 *
 * @example
 * ```ts
 * pool.onDispatch = ({ id, pid }: DispatchedJob) => console.log(`job ${id} -> pid ${pid}`);
 * ```
 */
export interface DispatchedJob {
  id: number;
  pid: number;
}

const ReadyLine = z.object({ ready: z.literal(true), python: z.string() });

interface Job {
  id: number;
  source: string;
  resolve: (result: ReferenceResult) => void;
  /** The failure of the first attempt, once it failed (the job is then retried on a fresh worker). */
  firstFailure: { kind: ReferenceFailureKind; error: string; signature: string } | null;
}

type WorkerState = "starting" | "idle" | "busy" | "dead";

function spawnWorker(interpreter: Interpreter, mode: ReferenceMode | undefined) {
  const [file, args] =
    interpreter.source === "pyodide"
      ? [process.execPath, [...(COMPILED ? [] : ["--import", tsxLoader()]), PYODIDE_WORKER_SCRIPT, ...workerFlags(mode)]]
      : [interpreter.path, ["-u", WORKER_SCRIPT, ...workerFlags(mode)]];
  return execa(file, args, {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    buffer: false,
    reject: false,
    // A process group of its own: a Ctrl-C at the terminal goes to the campaign's group,
    // and the campaign, not the worker, decides what it means (even while the worker is
    // still starting, before it could ignore SIGINT). Workers end when their stdin ends,
    // and on Linux when the campaign dies (worker.py asks for PR_SET_PDEATHSIG).
    detached: true,
    env: { PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1" },
  });
}

type Subprocess = ReturnType<typeof spawnWorker>;
type ExitResult = Awaited<Subprocess>;

/** Quotes at most {@link SHOWN_LINE} characters of a line. */
function shown(line: string): string {
  const quoted = JSON.stringify(line.length > SHOWN_LINE ? line.slice(0, SHOWN_LINE) : line);
  return line.length > SHOWN_LINE ? `${quoted}... (${line.length - SHOWN_LINE} more characters)` : quoted;
}

function describeExit(result: ExitResult): string {
  if (result.signal !== undefined) return `killed by ${result.signal}`;
  if (result.exitCode !== undefined) return `exit code ${result.exitCode}`;
  const why = result.originalMessage ?? result.shortMessage ?? "unknown reason";
  return `could not be run: ${why}`;
}

/** Requests are pure ASCII, whatever the worker's locale makes of stdin. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One worker process: its pipes, its stderr tail, its state. The pool drives it. */
class Worker {
  readonly proc: Subprocess;
  readonly pid: number;
  state: WorkerState = "starting";
  job: Job | null = null;
  jobTimer: NodeJS.Timeout | undefined;
  /** Jobs dispatched to this worker so far (0: a fresh worker). */
  jobsRun = 0;
  /** How the process ended, once it has. */
  exit: string | null = null;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<void>;
  /** The version from the ready line; rejects with the reason the worker could not start. */
  readonly ready: Promise<string>;
  private tail = "";
  /** What the worker wrote to stderr for job {@link jobTailId} (after its marker line). */
  private jobTail = "";
  /** The job whose marker line came last on stderr (see worker.py), or null. */
  private jobTailId: number | null = null;
  /** Stderr text that may end in the first part of a marker line. */
  private stderrPending = "";
  private partial = "";
  private settleReady: ((error: string | null, python?: string) => void) | null;

  constructor(
    interpreter: Interpreter,
    startMs: number,
    private readonly onLine: (worker: Worker, line: string) => void,
    private readonly onExit: (worker: Worker, before: WorkerState) => void,
    mode?: ReferenceMode,
  ) {
    this.proc = spawnWorker(interpreter, mode);
    this.pid = this.proc.pid ?? -1;
    let resolveReady: (python: string) => void = () => {};
    let rejectReady: (error: Error) => void = () => {};
    this.ready = new Promise<string>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.ready.catch(() => {}); // observed by whoever awaits it; never unhandled
    const readyTimer = setTimeout(() => {
      this.failStart(`it wrote no ready line within ${startMs} ms`);
    }, startMs);
    this.settleReady = (error, python) => {
      clearTimeout(readyTimer);
      this.settleReady = null;
      if (error === null) resolveReady(python as string);
      else rejectReady(new Error(error));
    };

    const out = new StringDecoder("utf8");
    const err = new StringDecoder("utf8");
    this.proc.stdout?.on("data", (chunk: Buffer | string) => this.receive(typeof chunk === "string" ? chunk : out.write(chunk)));
    this.proc.stderr?.on("data", (chunk: Buffer | string) => this.keepStderr(typeof chunk === "string" ? chunk : err.write(chunk)));
    this.proc.stdin?.on("error", () => {}); // EPIPE from a dead worker: its exit is handled below
    this.exited = this.proc.then(
      (result) => this.exitedWith(describeExit(result)),
      (error: unknown) => this.exitedWith(`could not be run: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** The last {@link STDERR_TAIL} characters the worker wrote to stderr. */
  stderrTail(): string {
    return this.tail;
  }

  /**
   * What the worker wrote to stderr while running job `id` (at most {@link STDERR_TAIL}
   * characters), told apart by the marker line worker.py writes before each job; "" when
   * nothing (or when the job's marker never came).
   */
  jobStderr(id: number): string {
    return this.jobTailId === id ? this.jobTail + this.stderrPending : "";
  }

  /** Hands the worker a job. */
  start(job: Job, line: string): void {
    this.state = "busy";
    this.job = job;
    this.jobsRun++;
    this.proc.stdin?.write(`${line}\n`);
  }

  kill(): void {
    if (this.exit === null) this.proc.kill("SIGKILL");
  }

  /** The worker could not start: kills it and rejects `ready` (once). */
  private failStart(reason: string): void {
    if (this.settleReady === null) return;
    this.settleReady(reason);
    this.state = "dead";
    this.kill();
  }

  private keepStderr(text: string): void {
    let pending = this.stderrPending + text;
    for (let match = JOB_MARKER.exec(pending); match !== null; match = JOB_MARKER.exec(pending)) {
      this.addStderr(pending.slice(0, match.index));
      this.jobTail = "";
      this.jobTailId = Number(match[1]);
      pending = pending.slice(match.index + match[0].length);
    }
    // Keep back what may be the start of a marker line split across chunks.
    const start = pending.lastIndexOf(MARKER_START);
    const keep = start >= 0 && !pending.includes("\n", start) && pending.length - start < 64 ? start : pending.length;
    this.addStderr(pending.slice(0, keep));
    this.stderrPending = pending.slice(keep);
  }

  private addStderr(text: string): void {
    if (text === "") return;
    this.tail = (this.tail + text).slice(-STDERR_TAIL);
    this.jobTail = (this.jobTail + text).slice(-STDERR_TAIL);
  }

  private receive(text: string): void {
    this.partial += text;
    let newline = this.partial.indexOf("\n");
    while (newline >= 0 && this.state !== "dead") {
      const line = this.partial.slice(0, newline).replace(/\r$/, "");
      this.partial = this.partial.slice(newline + 1);
      if (line.trim() !== "") this.line(line);
      newline = this.partial.indexOf("\n");
    }
    if (this.state === "dead") this.partial = "";
    else if (this.partial.length > MAX_LINE) {
      const line = this.partial;
      this.partial = "";
      this.line(line);
    }
  }

  private line(line: string): void {
    if (this.state !== "starting") {
      this.onLine(this, line);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const ready = ReadyLine.safeParse(parsed);
    if (!ready.success) {
      this.failStart(`its first line was not a ready line: ${shown(line)}`);
      return;
    }
    this.state = "idle";
    this.settleReady?.(null, ready.data.python);
  }

  private exitedWith(description: string): void {
    this.exit = description;
    if (this.state === "starting") this.failStart(`it ended (${description}) before its ready line`);
    const before = this.state;
    this.state = "dead";
    clearTimeout(this.jobTimer);
    this.onExit(this, before);
  }
}

/**
 * A reference worker could not start. The message is one line: the interpreter, why, the
 * last line of the worker's stderr, and how to point at another interpreter; `stderr`
 * holds the tail of what the worker wrote.
 *
 * @example
 * ```ts
 * try { await ReferencePool.start({ interpreter }); }
 * catch (e) { if (e instanceof WorkerStartError) console.error(e.message); }
 * ```
 */
export class WorkerStartError extends Error {
  /** The last characters the worker wrote to stderr ("" if nothing). */
  readonly stderr: string;

  constructor(message: string, stderr: string) {
    super(message);
    this.name = "WorkerStartError";
    this.stderr = stderr;
  }
}

/**
 * Persistent CPython reference workers running emitted programs. Start one with
 * {@link ReferencePool.start}, run sources with {@link ReferencePool.run}, and
 * {@link ReferencePool.close} it when done ({@link ReferencePool.terminate} when there is
 * no time to wait).
 *
 * @example
 * ```ts
 * const pool = await ReferencePool.start({ interpreter: py });
 * const results = await Promise.all(sources.map((source) => pool.run(source)));
 * await pool.close();
 * ```
 */
export class ReferencePool {
  /**
   * The exact CPython version the workers reported, e.g. `"3.11.7"`.
   *
   * @example
   * ```ts
   * console.log(`reference: CPython ${pool.python}`);
   * ```
   */
  readonly python: string;

  /**
   * How many workers the pool keeps.
   *
   * @example
   * ```ts
   * console.log(`${pool.size} workers`);
   * ```
   */
  readonly size: number;

  /**
   * Test hook: called as a job is handed to a worker, just before it is written, with the
   * job's id and the worker's pid (so a spec can kill or stop the worker with the job
   * certainly in flight). A retried job keeps its id.
   *
   * @example
   * ```ts
   * pool.onDispatch = ({ pid }) => process.kill(pid, "SIGKILL");
   * ```
   */
  onDispatch?: (job: DispatchedJob) => void;

  private readonly interpreter: Interpreter;
  private readonly timeoutMs: number;
  private readonly startMs: number;
  private readonly maxIterations: number;
  private readonly mode: ReferenceMode;
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private counters: ReferencePoolStats = { started: 0, replaced: 0, completed: 0, retried: 0 };
  /** Set when a replacement worker failed to start: every later job fails with it. */
  private broken: string | null = null;
  private closing: Promise<void> | null = null;
  /** Why jobs still running when the pool stops fail ("pool closed" or "pool terminated"). */
  private closedReason = "pool closed";

  private constructor(options: Required<ReferencePoolOptions>, python: string) {
    this.interpreter = options.interpreter;
    this.size = options.workers;
    this.timeoutMs = options.timeoutMs;
    this.startMs = options.startTimeoutMs;
    this.maxIterations = options.maxIterations;
    this.mode = options.mode;
    this.python = python;
  }

  /**
   * Starts the workers and waits for each one's ready line. Rejects with a
   * {@link WorkerStartError} naming the interpreter and quoting the worker's stderr when a
   * worker cannot start (the interpreter does not run or is too old, the script fails, or
   * no ready line comes within `startTimeoutMs`).
   *
   * @example
   * ```ts
   * const pool = await ReferencePool.start({ interpreter: py, workers: 2, timeoutMs: 5_000 });
   * ```
   */
  static async start(options: ReferencePoolOptions): Promise<ReferencePool> {
    const resolved: Required<ReferencePoolOptions> = {
      interpreter: options.interpreter,
      workers: options.workers ?? availableParallelism(),
      timeoutMs: options.timeoutMs ?? DEFAULT_JOB_MS,
      startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_MS,
      maxIterations: options.maxIterations ?? 20_000,
      mode: options.mode ?? {},
    };
    if (!Number.isInteger(resolved.workers) || resolved.workers < 1) {
      throw new RangeError(`workers must be a positive integer, not ${resolved.workers}`);
    }
    if (!(resolved.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, not ${resolved.timeoutMs}`);
    if (!(resolved.startTimeoutMs > 0)) throw new RangeError(`startTimeoutMs must be positive, not ${resolved.startTimeoutMs}`);
    // Lines and exits are routed to the pool once it exists; until then, a worker is only starting.
    let pool: ReferencePool | null = null;
    const workers: Worker[] = [];
    for (let i = 0; i < resolved.workers; i++) {
      workers.push(ReferencePool.spawn(resolved.interpreter, resolved.startTimeoutMs, () => pool, resolved.mode));
    }
    const settled = await Promise.allSettled(workers.map((worker) => worker.ready));
    const failed = settled.findIndex((s) => s.status === "rejected");
    if (failed >= 0) {
      for (const worker of workers) worker.kill();
      await Promise.all(workers.map((worker) => worker.exited));
      const reason = (settled[failed] as PromiseRejectedResult).reason;
      const worker = workers[failed] as Worker;
      throw startFailure(resolved.interpreter, reason instanceof Error ? reason.message : String(reason), worker);
    }
    const python = (settled[0] as PromiseFulfilledResult<string>).value;
    const created = new ReferencePool(resolved, python);
    for (const worker of workers) created.workers.add(worker);
    created.counters.started = workers.length;
    pool = created;
    // A worker may have died or printed garbage between its ready line and now.
    for (const worker of workers) {
      if (worker.state === "dead") created.retire(worker);
    }
    return created;
  }

  /**
   * Counters: workers started and replaced, jobs completed and retried (a snapshot).
   *
   * @example
   * ```ts
   * expect(pool.stats.replaced).toBe(0);
   * ```
   */
  get stats(): ReferencePoolStats {
    return { ...this.counters };
  }

  /**
   * The process ids of the workers the pool holds now.
   *
   * @example
   * ```ts
   * for (const pid of pool.pids) process.kill(pid, "SIGSTOP");
   * ```
   */
  get pids(): number[] {
    return [...this.workers].map((worker) => worker.pid);
  }

  /**
   * Runs one program source (from `emitPython`) on the next idle worker. Never rejects:
   * a worker problem is a result with `ok: false` and its `kind`.
   *
   * @example
   * ```ts
   * const result = await pool.run(emitPython(program, { python: "3.11" }));
   * if (!result.ok && result.kind === "program") console.error(result.error); // e.g. a SyntaxError traceback
   * ```
   */
  run(source: string): Promise<ReferenceResult> {
    const id = this.nextId++;
    return new Promise<ReferenceResult>((resolve) => {
      if (this.closing !== null) {
        resolve(this.failure("crash", this.closedReason));
        return;
      }
      if (this.broken !== null) {
        resolve(this.failure("crash", this.broken));
        return;
      }
      this.queue.push({ id, source, resolve, firstFailure: null });
      this.pump();
    });
  }

  /**
   * Ends every worker's stdin and waits for them to exit; a worker still running a job
   * gets until that job's timeout, an idle one a short grace period, then is killed. Jobs
   * still queued resolve with kind `crash` and error `"pool closed"`. Idempotent.
   *
   * @example
   * ```ts
   * await pool.close();
   * await pool.close(); // no-op
   * ```
   */
  close(): Promise<void> {
    if (this.closing === null) {
      for (const job of this.queue.splice(0)) job.resolve(this.failure("crash", this.closedReason));
      this.closing = Promise.all([...this.workers].map((worker) => this.stop(worker))).then(() => {});
    }
    return this.closing;
  }

  /**
   * Kills every worker at once (SIGKILL, synchronously) and fails every queued and running
   * job with kind `crash` and error `"pool terminated"`; the returned promise settles when
   * the processes have exited. For an interrupted campaign that cannot wait. Idempotent,
   * and may follow {@link ReferencePool.close} to cut it short.
   *
   * @example
   * ```ts
   * process.once("SIGINT", () => void pool.terminate());
   * ```
   */
  terminate(): Promise<void> {
    this.closedReason = "pool terminated";
    for (const job of this.queue.splice(0)) job.resolve(this.failure("crash", this.closedReason));
    const workers = [...this.workers];
    if (this.closing === null) this.closing = Promise.all(workers.map((worker) => worker.exited)).then(() => {});
    for (const worker of workers) {
      this.finish(worker, this.failure("crash", this.closedReason));
      worker.kill();
    }
    return Promise.all(workers.map((worker) => worker.exited)).then(() => {});
  }

  private async stop(worker: Worker): Promise<void> {
    if (worker.exit === null) worker.proc.stdin?.end();
    // A busy worker answers its job first (its job timeout still applies), then sees EOF.
    const wait = (worker.state === "busy" ? this.timeoutMs : 0) + CLOSE_GRACE_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        worker.kill();
        resolve();
      }, wait);
    });
    await Promise.race([worker.exited, deadline]);
    clearTimeout(timer);
    await worker.exited;
  }

  private failure(kind: ReferenceFailureKind, error: string): ReferenceResult {
    return { ok: false, kind, error, python: this.python };
  }

  /** Hands queued jobs to idle workers; a retried job waits for a fresh worker. */
  private pump(): void {
    if (this.broken !== null) {
      for (const job of this.queue.splice(0)) job.resolve(this.failure("crash", this.broken));
      return;
    }
    for (const worker of this.workers) {
      if (this.queue.length === 0) return;
      if (worker.state !== "idle") continue;
      const fresh = worker.jobsRun === 0;
      const index = this.queue.findIndex((job) => job.firstFailure === null || fresh);
      if (index < 0) continue;
      const [job] = this.queue.splice(index, 1);
      this.dispatch(worker, job as Job);
    }
  }

  private dispatch(worker: Worker, job: Job): void {
    worker.jobTimer = setTimeout(() => {
      if (worker.job !== job) return;
      this.fail(worker, "timeout", `no answer within ${this.timeoutMs} ms`, "timeout");
    }, this.timeoutMs);
    // The hook runs before the job is written, so that a spec that kills or stops the
    // worker there knows the worker never saw the job (however fast it would have answered).
    this.onDispatch?.({ id: job.id, pid: worker.pid });
    worker.start(job, asciiJson({ id: job.id, source: job.source, maxIterations: this.maxIterations }));
  }

  /** Resolves the worker's job (if any) with `result` and detaches it. */
  private finish(worker: Worker, result: ReferenceResult): void {
    const job = worker.job;
    worker.job = null;
    clearTimeout(worker.jobTimer);
    worker.jobTimer = undefined;
    job?.resolve(result);
  }

  /**
   * The worker failed its job (it hung, died or wrote garbage): the worker is retired, and
   * the job is retried once on a fresh worker, or, after its second failure, resolved
   * with both causes. `signature` tells failures apart: the same one twice means the
   * program is at fault.
   */
  private fail(worker: Worker, kind: ReferenceFailureKind, what: string, signature: string): void {
    const job = worker.job;
    worker.job = null;
    clearTimeout(worker.jobTimer);
    worker.jobTimer = undefined;
    const error = `${what}; the worker (pid ${worker.pid}) was killed and replaced${job === null ? "" : stderrSection(worker, job.id)}`;
    this.retire(worker);
    if (job === null) return;
    if (this.closing !== null) {
      job.resolve(this.failure("crash", this.closedReason));
      return;
    }
    if (job.firstFailure === null) {
      job.firstFailure = { kind, error, signature };
      this.counters.retried++;
      this.queue.unshift(job);
      this.pump();
      return;
    }
    const first = job.firstFailure;
    const both = `first attempt (${first.kind}): ${first.error}\nsecond attempt, on a fresh worker (${kind}): ${error}`;
    if (first.signature === signature) {
      job.resolve(this.failure("program", `the program made the worker fail the same way twice (${kind}), so the program is at fault, not the worker:\n${both}`));
    } else {
      job.resolve(this.failure(kind, `the worker failed twice, in different ways:\n${both}`));
    }
  }

  /** A line from a worker past its ready line. */
  private onLine(worker: Worker, line: string): void {
    const job = worker.job;
    const garbage = (why: string): void => {
      if (job === null) {
        this.retire(worker); // nothing of ours to answer: just replace it
        return;
      }
      this.fail(worker, "garbage", `the worker ${why}: ${shown(line)}`, "garbage");
    };
    if (job === null) {
      garbage("wrote a line while it had no job");
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      garbage("wrote a line that is not JSON");
      return;
    }
    const id = typeof parsed === "object" && parsed !== null && "id" in parsed ? parsed.id : undefined;
    if (id !== job.id) {
      garbage(`answered job ${JSON.stringify(id) ?? "(no id)"} while running job ${job.id}`);
      return;
    }
    const plain = plainOkAnswer(parsed);
    if (plain !== null) {
      this.counters.completed++;
      worker.state = "idle";
      this.finish(worker, { ok: true, ...plain });
      queueMicrotask(() => this.pump());
      return;
    }
    const response = Response.safeParse(parsed);
    if (!response.success) {
      garbage(`wrote an invalid response (${z.prettifyError(response.error).split("\n").slice(0, 4).join(" ")})`);
      return;
    }
    const answer = response.data;
    this.counters.completed++;
    worker.state = "idle";
    this.finish(
      worker,
      answer.ok
        ? {
            ok: true,
            trace: answer.trace,
            python: answer.python,
            seconds: answer.seconds,
            ...(answer.coverage ? { coverage: answer.coverage } : {}),
          }
        : { ok: false, kind: "program", error: answer.error, python: answer.python },
    );
    queueMicrotask(() => this.pump()); // after the rest of this chunk, so stray lines are not pinned on the next job
  }

  /** A worker exited. `before` is its state at the time; "dead" means the pool had already retired it. */
  private onExit(worker: Worker, before: WorkerState): void {
    if (before === "dead" || !this.workers.has(worker)) return;
    if (this.closing !== null) {
      this.finish(worker, this.failure("crash", this.closedReason));
      this.workers.delete(worker);
      return;
    }
    this.fail(worker, "crash", `the worker died while running this program (${worker.exit ?? "unknown"})`, `crash ${worker.exit}`);
  }

  /**
   * Starts a worker whose lines and exit go to `pool()`: the pool it belongs to, or null
   * while the pool is still being started (then they are dropped).
   */
  private static spawn(interpreter: Interpreter, startMs: number, pool: () => ReferencePool | null, mode: ReferenceMode): Worker {
    const start = interpreter.source === "pyodide" ? Math.max(startMs, DEFAULT_START_MS) : startMs;
    return new Worker(
      interpreter,
      start,
      (worker, line) => pool()?.onLine(worker, line),
      (worker, before) => pool()?.onExit(worker, before),
      mode,
    );
  }

  /** Kills a worker (if it still runs), drops it, and starts a replacement unless the pool is closing. */
  private retire(worker: Worker): void {
    worker.state = "dead";
    worker.kill();
    if (!this.workers.delete(worker)) return;
    if (this.closing !== null) {
      this.finish(worker, this.failure("crash", this.closedReason));
      return;
    }
    this.finish(worker, this.failure("crash", `the worker (pid ${worker.pid}) was retired`));
    const replacement = ReferencePool.spawn(this.interpreter, this.startMs, () => this, this.mode);
    this.workers.add(replacement);
    this.counters.started++;
    this.counters.replaced++;
    replacement.ready.then(
      () => this.pump(),
      (reason: unknown) => {
        this.workers.delete(replacement);
        if (this.closing !== null) return;
        const message = reason instanceof Error ? reason.message : String(reason);
        this.broken = `a replacement reference worker failed to start, so the pool is broken: ${
          startFailure(this.interpreter, message, replacement).message
        }`;
        this.pump();
      },
    );
  }
}

/** What the worker wrote to stderr while running the failed program, if anything. */
function stderrSection(worker: Worker, id: number): string {
  const tail = worker.jobStderr(id);
  return tail.trim() === "" ? "" : `\n--- worker stderr while running this program (last ${STDERR_TAIL} characters) ---\n${tail.trimEnd()}`;
}

function startFailure(interpreter: Interpreter, reason: string, worker: Worker): WorkerStartError {
  const tail = worker.stderrTail().trimEnd();
  const lastLine = tail.split("\n").at(-1)?.trim() ?? "";
  const quoted = lastLine === "" ? "it wrote nothing to stderr" : `its stderr ends with ${shown(lastLine)}`;
  return new WorkerStartError(
    `could not start the reference worker with ${interpreter.path} (Python ${interpreter.version}): ${reason.split("\n")[0]}; ${quoted}. ` +
      `Point at another interpreter with --python PATH or ${PYTHON_ENV_VAR}=PATH.`,
    tail,
  );
}
