/**
 * One corpus replay thread (see ./parallel.ts): reads every `count`-th program of the
 * corpus, replays it and posts `{ programRuns, mismatches }`.
 *
 * @example
 * ```ts
 * new Worker(new URL("./replay_worker.ts", import.meta.url), { workerData: { dir: "corpus", index: 0, count: 2 } });
 * ```
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ReplayJob } from "./parallel.ts";
import { replayCorpus } from "./replay.ts";
import { readCorpus } from "./store.ts";

const job = workerData as ReplayJob;
const corpus = readCorpus(job.dir, {
  only: (i, id) => i % job.count === job.index && (job.id === undefined || id === job.id),
});
const { programRuns, mismatches } = replayCorpus(corpus, {
  ...(job.releases ? { releases: job.releases } : {}),
  ...(job.faults ? { faults: job.faults } : {}),
});
parentPort?.postMessage({ programRuns, mismatches });
