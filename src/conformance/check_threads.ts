/**
 * A campaign's TypeScript side on worker threads. Each thread (./check_thread.ts)
 * generates its programs (fast-check's run `index` of the seed, so program i is the same
 * whichever thread makes it), emits their Python, runs them on our loop and diffs the
 * traces; the main thread keeps only the reference pool (one pipe per CPython worker,
 * retries, timeouts, interrupts), the tally and the report. A program's source goes from
 * its thread to the main thread, the pool's answer back, and the finished comparison
 * (with the program) to the main thread again.
 *
 * The split (measured on the 2-core machine, see the README's kit section): one reference
 * worker process per core, and one checking thread fewer than cores (at least one). The
 * TypeScript side of a program (generation about half of it, our loop, emit, diff) costs
 * about twice the CPU of its CPython run (2.7 ms of CPU per program with 3.11), so the
 * checking is bound by CPU, not by waiting: a second thread adds its start-up (about 1.6 s
 * of loading the kit under tsx) and the copying of programs and traces between threads,
 * and on 2 cores it ran no faster than one (2,000 programs: 136/s with two threads, 163/s
 * with one, 137/s on the main thread alone, load average 2.3-3.9), while one thread
 * frees the main thread for the pool's pipes, so that CPython never waits for it.
 *
 * @example
 * ```ts
 * const threads = await CheckerThreads.start(2, { python: "3.11", seed: 1, generate: { python: "3.11" }, neighbours: [] });
 * threads.attach(pool);
 * const { program, result } = await threads.check(57);
 * await threads.close();
 * ```
 * @module
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { LoopFaults } from "./faults.ts";
import type { PythonVersion } from "../asyncio/version.ts";
import type { CompareResult } from "./compare.ts";
import type { GenerateOptions } from "./generate/index.ts";
import type { Program } from "./ir/index.ts";
import type { ProgramFacts } from "./program_facts.ts";
import type { ReferencePool } from "./reference/pool.ts";
import { PROGRAM_BLOCK } from "./program_source.ts";
import { startThread } from "./threads.ts";

/**
 * How many checking threads `npm run conformance` (and the bench's kit rows) start unless
 * told otherwise (`--threads`): one fewer than cores, at least one, beside one reference
 * worker per core (see the module comment for why).
 *
 * @example
 * ```ts
 * runCampaign({ ...options, threads: defaultCheckThreads() });
 * ```
 */
export function defaultCheckThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** What every checking thread is started with. */
export interface ThreadSetup {
  /** The release both sides follow. */
  python: PythonVersion;
  /** The campaign's seed: program `index` is fast-check's run `index` of it. */
  seed: number;
  /** The generator's options, or null when every job carries its program. */
  generate: GenerateOptions | null;
  faults?: LoopFaults;
  /** Releases to interpret each program under as well (see `versionSensitivity`). */
  neighbours: PythonVersion[];
}

/** One program to check: by index (the thread generates it) or whole. */
export interface CheckJob {
  id: number;
  index: number;
  program?: Program;
}

/**
 * What a thread posts to the main thread. A finished program comes back as the tally's
 * facts of it; the program (unless the main thread gave it) and both traces come only
 * when it did not agree: copying them between threads cost more than the rest of the
 * main thread's share of a program.
 */
export type ThreadMessage =
  | { type: "run"; id: number; source: string }
  | {
      type: "done";
      id: number;
      status: CompareResult["status"];
      facts: ProgramFacts;
      sensitive: PythonVersion[];
      failed: { program: Program | null; result: CompareResult } | null;
    }
  | { type: "failed"; id: number; error: string };

/**
 * A checked program: how it went, the tally's facts of it, the neighbour releases it is
 * sensitive to, and, when it did not agree, the program and both sides compared.
 */
export interface Checked {
  status: CompareResult["status"];
  facts: ProgramFacts;
  sensitive: PythonVersion[];
  /** The program and the comparison, for every status but "agree" (null then). */
  failed: { program: Program; result: CompareResult } | null;
}

interface Pending {
  program: Program | undefined;
  thread: number;
  resolve: (checked: Checked) => void;
  reject: (error: Error) => void;
}

/** The thread's module: TypeScript in the repository, JavaScript in the compiled package. */
const THREAD = new URL(`./check_thread.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);

/** Checking threads sharing one reference pool (see the module comment). */
export class CheckerThreads {
  private readonly pending = new Map<number, Pending>();
  private readonly load: number[];
  /** Which thread makes and checks each block of programs (see program_source.ts). */
  private readonly blockThread = new Map<number, number>();
  private nextId = 1;
  private failure: Error | null = null;

  /** The reference pool, once {@link CheckerThreads.attach}ed; sources wait for it. */
  private pool: ReferencePool | null = null;
  private waitingForPool: { thread: Worker; id: number; source: string }[] = [];

  private constructor(private readonly threads: Worker[]) {
    this.load = threads.map(() => 0);
    threads.forEach((thread, k) => {
      thread.on("message", (message: ThreadMessage) => this.onMessage(thread, message));
      thread.on("error", (error) => this.fail(new Error(`campaign thread ${k + 1} failed: ${error.stack ?? error.message}`)));
      thread.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`campaign thread ${k + 1} exited with code ${code}`));
      });
    });
  }

  /**
   * Starts `count` checking threads; their programs run on CPython through the pool
   * given to {@link CheckerThreads.attach}.
   *
   * @example
   * ```ts
   * const threads = await CheckerThreads.start(2, setup);
   * threads.attach(await ReferencePool.start({ interpreter }));
   * ```
   */
  static async start(count: number, setup: ThreadSetup): Promise<CheckerThreads> {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`threads must be a positive integer, not ${count}`);
    return new CheckerThreads(await Promise.all(Array.from({ length: count }, () => startThread(THREAD, setup))));
  }

  /**
   * The reference pool the programs' Python runs on (sources that came before it wait).
   *
   * @example
   * ```ts
   * threads.attach(pool);
   * ```
   */
  attach(pool: ReferencePool): void {
    this.pool = pool;
    for (const { thread, id, source } of this.waitingForPool.splice(0)) this.runReference(thread, id, source);
  }

  /**
   * Checks program `index` (generated by the thread, or `program` when given): the programs
   * of one block go to one thread (it makes them together), each block to the thread
   * least busy when its first program comes.
   *
   * @example
   * ```ts
   * const { result } = await threads.check(3);
   * ```
   */
  check(index: number, program?: Program): Promise<Checked> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const block = Math.floor(index / PROGRAM_BLOCK);
    let thread = this.blockThread.get(block);
    if (thread === undefined) {
      thread = 0;
      for (let k = 1; k < this.load.length; k++) if ((this.load[k] as number) < (this.load[thread] as number)) thread = k;
      this.blockThread.set(block, thread);
    }
    this.load[thread] = (this.load[thread] as number) + 1;
    return new Promise<Checked>((resolve, reject) => {
      this.pending.set(id, { program, thread, resolve, reject });
      const job: CheckJob = { id, index, ...(program ? { program } : {}) };
      (this.threads[thread] as Worker).postMessage({ type: "check", job });
    });
  }

  /**
   * Stops the threads (work in flight is dropped: its promises never settle).
   *
   * @example
   * ```ts
   * await threads.close();
   * ```
   */
  async close(): Promise<void> {
    this.failure ??= new Error("campaign threads closed");
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }

  private onMessage(thread: Worker, message: ThreadMessage): void {
    if (message.type === "run") {
      this.runReference(thread, message.id, message.source);
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    this.load[pending.thread] = (this.load[pending.thread] as number) - 1;
    if (message.type === "failed") {
      pending.reject(new Error(`campaign thread could not check a program: ${message.error}`));
      return;
    }
    let failed: Checked["failed"] = null;
    if (message.failed !== null) {
      const program = message.failed.program ?? pending.program;
      if (program === undefined) {
        pending.reject(new Error("campaign thread answered without the program"));
        return;
      }
      failed = { program, result: message.failed.result };
    }
    pending.resolve({ status: message.status, facts: message.facts, sensitive: message.sensitive, failed });
  }

  private runReference(thread: Worker, id: number, source: string): void {
    if (this.pool === null) {
      this.waitingForPool.push({ thread, id, source });
      return;
    }
    void this.pool.run(source).then((result) => {
      if (this.pending.has(id)) thread.postMessage({ type: "reference", id, result });
    });
  }

  /** A thread died: every job in flight fails with why, and so does every later one. */
  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
