/**
 * Corpus replay on every core: each worker thread reads its share of the programs (every
 * `count`-th entry) and replays it; the main thread adds up the results. On this
 * 2-core machine two threads replay about twice as fast as one.
 *
 * @example
 * ```ts
 * const result = await replayCorpusParallel({ dir: "corpus" });
 * console.log(`${result.programRuns} program-runs agree (${Math.round(result.programRuns / result.seconds)}/s)`);
 * ```
 * @module
 */
import { availableParallelism } from "node:os";
import type { LoopFaults } from "../faults.ts";
import type { PythonVersion } from "../../asyncio/version.ts";
import { startThread } from "../threads.ts";
import { CorpusError } from "./store.ts";
import type { Mismatch, ReplayResult } from "./replay.ts";

/** Options of {@link replayCorpusParallel}. */
export interface ParallelReplayOptions {
  dir: string;
  releases?: readonly PythonVersion[];
  /** Only the program with this id. */
  id?: string;
  /** Worker threads (default: one per core). */
  threads?: number;
  faults?: LoopFaults;
}

/** What a replay worker thread is given. */
export interface ReplayJob extends Omit<ParallelReplayOptions, "threads"> {
  index: number;
  count: number;
}

/** The thread's module: TypeScript in the repository, JavaScript in the compiled package. */
const WORKER = new URL(`./replay_worker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);

/** Replays the corpus in `dir` on worker threads (see the module comment); `seconds` is the wall time, reading included. */
export async function replayCorpusParallel(options: ParallelReplayOptions): Promise<ReplayResult> {
  const started = performance.now();
  const count = Math.max(1, options.threads ?? availableParallelism());
  const parts = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const job: ReplayJob = { dir: options.dir, index, count, ...(options.releases ? { releases: options.releases } : {}), ...(options.id ? { id: options.id } : {}), ...(options.faults ? { faults: options.faults } : {}) };
      const worker = await startThread(WORKER, job);
      return new Promise<{ programRuns: number; mismatches: Mismatch[] }>((resolve, reject) => {
        worker.once("message", resolve);
        // A corpus that cannot be read fails the same way in every thread: report it as the CorpusError it is.
        worker.once("error", (error) => reject(error instanceof Error && error.name === "CorpusError" ? new CorpusError(error.message) : error));
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`corpus replay thread ${index + 1}/${count} exited with code ${code}`));
        });
      });
    }),
  );
  const mismatches = parts.flatMap((p) => p.mismatches).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.release < b.release ? -1 : 1));
  return { programRuns: parts.reduce((n, p) => n + p.programRuns, 0), mismatches, seconds: (performance.now() - started) / 1000 };
}
