/**
 * One campaign checking thread (see ./check_threads.ts): for each program it is given (by
 * its index, generated here as fast-check's run `index` of the seed, or whole), it emits
 * the Python, hands the source to the main thread (which owns the reference pool), runs
 * the program on our loop while CPython runs it, and when the reference answer comes back
 * diffs the two traces and posts the {@link CompareResult}, with the neighbour releases
 * under which our trace would differ when asked.
 *
 * @example
 * ```ts
 * startThread(new URL("./check_thread.ts", import.meta.url), { python: "3.11", seed: 1 });
 * ```
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Program } from "./ir/index.ts";
import { programArbitrary } from "./generate/index.ts";
import { ProgramSource } from "./program_source.ts";
import { finishCompare, startCompare, versionSensitivity } from "./compare.ts";
import { programFacts } from "./program_facts.ts";
import type { ReferenceResult } from "./reference/pool.ts";
import type { CheckJob, ThreadMessage, ThreadSetup } from "./check_threads.ts";

const setup = workerData as ThreadSetup;
const port = parentPort;
if (port === null) throw new Error("check_thread.ts runs as a worker thread");
const programs = setup.generate === null ? null : new ProgramSource(programArbitrary(setup.generate), setup.seed);
/** Jobs waiting for their reference answer, by job id. */
const waiting = new Map<number, (result: ReferenceResult) => void>();

const post = (message: ThreadMessage) => port.postMessage(message);

function programOf(job: CheckJob): Program {
  if (job.program !== undefined) return job.program;
  if (programs === null) throw new Error(`job ${job.id} has no program and the thread has no generator`);
  return programs.take(job.index);
}

async function check(job: CheckJob): Promise<void> {
  const program = programOf(job);
  const answer = new Promise<ReferenceResult>((resolve) => waiting.set(job.id, resolve));
  const started = startCompare(program, { python: setup.python, ...(setup.faults ? { faults: setup.faults } : {}) }, (source) =>
    post({ type: "run", id: job.id, source }),
  );
  const result = finishCompare(started, await answer);
  const sensitive = versionSensitivity(program, result, setup.neighbours, setup.faults);
  const failed = result.status === "agree" ? null : { program: job.program === undefined ? program : null, result };
  post({ type: "done", id: job.id, status: result.status, facts: programFacts(program, result), sensitive, failed });
}

port.on("message", (message: { type: "check"; job: CheckJob } | { type: "reference"; id: number; result: ReferenceResult }) => {
  if (message.type === "reference") {
    const resolve = waiting.get(message.id);
    waiting.delete(message.id);
    resolve?.(message.result);
    return;
  }
  check(message.job).catch((error: unknown) => {
    post({ type: "failed", id: message.job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
