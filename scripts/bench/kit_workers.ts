/**
 * The kit rows' fixed program set and the "reference worker alone" measurement: the
 * programs a default campaign with seed S would check (program i is fast-check's run i of
 * the default generator), emitted as Python, piped straight into `n` reference worker
 * processes (the same script and the same request lines the campaign's pool sends), with
 * no TypeScript work at all while they run. What the campaign adds to that is the rest of
 * the kit (generation, our interpreter, diffing, the pool's bookkeeping).
 *
 * @example
 * ```ts
 * const lines = kitRequests({ seed: 1, runs: 1000, python: "3.11" });
 * const { seconds } = await workersAlone({ python: "/usr/bin/python3", lines, workers: 2 });
 * ```
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { PythonVersion } from "../../src/asyncio/version.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { campaignGenerateOptions, programArbitrary } from "../../src/conformance/generate/index.ts";

/** The reference worker script the pool runs. */
export const WORKER_SCRIPT = fileURLToPath(new URL("../../python-reference/worker.py", import.meta.url));

/** The request lines (as the pool writes them) for the first `runs` programs of a default campaign. */
export function kitRequests(options: { seed: number; runs: number; python: PythonVersion }): string[] {
  const programs = fc.sample(programArbitrary(campaignGenerateOptions(options.python)), { seed: options.seed, numRuns: options.runs });
  return programs.map((program, i) =>
    JSON.stringify({ id: i + 1, source: emitPython(program, { python: options.python }), maxIterations: 20_000 }),
  );
}

/** What {@link workersAlone} measured. */
export interface WorkersAloneResult {
  /** From the moment every worker was ready to the last answer. */
  seconds: number;
  programs: number;
  /** Answers with `ok: false` (they count: the campaign would have waited for them too). */
  errors: number;
}

/**
 * Runs `lines` on `workers` worker processes, each fed the next line as soon as it answered
 * the previous one (as the pool does), and times it from ready to the last answer.
 */
export async function workersAlone(options: { python: string; lines: string[]; workers: number; script?: string }): Promise<WorkersAloneResult> {
  const script = options.script ?? WORKER_SCRIPT;
  const total = options.lines.length;
  let next = 0;
  let answered = 0;
  let errors = 0;
  let started = 0;
  const procs = Array.from({ length: options.workers }, () =>
    spawn(options.python, ["-u", script], { stdio: ["pipe", "pipe", "ignore"], env: { PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1" } }),
  );
  // Whether each worker has a request it has not answered yet: a worker whose stdin was
  // closed because every line was handed out exits (code 0) while others still work.
  const inFlight = new Map<(typeof procs)[number], boolean>();
  const feed = (proc: (typeof procs)[number]) => {
    inFlight.set(proc, next < total);
    if (next < total) proc.stdin.write(`${options.lines[next++]}\n`);
    else proc.stdin.end();
  };
  await new Promise<void>((resolve, reject) => {
    let ready = 0;
    for (const proc of procs) {
      let partial = "";
      let isReady = false;
      proc.on("error", reject);
      proc.on("exit", (code) => {
        if (answered < total && (inFlight.get(proc) !== false || code !== 0)) {
          reject(new Error(`a reference worker exited (code ${code}) after ${answered} of ${total} answers`));
        }
      });
      proc.stdout.setEncoding("utf8");
      proc.stdout.on("data", (chunk: string) => {
        partial += chunk;
        for (let nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
          const line = partial.slice(0, nl);
          partial = partial.slice(nl + 1);
          if (!isReady) {
            // The first line is the ready line; the clock starts when every worker is ready.
            isReady = true;
            if (++ready === procs.length) {
              started = performance.now();
              procs.forEach(feed);
            }
            continue;
          }
          if (!line.includes('"ok": true')) errors++;
          if (++answered === total) resolve();
          feed(proc);
        }
      });
    }
  });
  const seconds = (performance.now() - started) / 1000;
  for (const proc of procs) proc.stdin.end();
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once("exit", r)))));
  return { seconds, programs: total, errors };
}
