/**
 * Checking the stored traces against the interpreters this machine has: every stored
 * program runs again on each release found, and any stored trace that CPython no longer
 * produces is reported (a different patch level, or a corpus recorded wrongly).
 *
 * @example
 * ```ts
 * const stale = await checkCorpus(readCorpus("corpus"), interpreters);
 * stale.length; // 0 when every stored trace is still what CPython produces
 * ```
 * @module
 */
import { PYTHON_VERSIONS, type PythonVersion } from "../../asyncio/version.ts";
import { diffTraces, type Divergence } from "../diff.ts";
import type { Interpreter } from "../interpreters.ts";
import { runOnRelease } from "./reference_runs.ts";
import { asTrace } from "./format.ts";
import { traceOf, type Corpus } from "./store.ts";

/** A stored trace that CPython no longer produces, or could not produce. */
export interface StaleTrace {
  id: string;
  release: PythonVersion;
  interpreter: string;
  divergence: Divergence | null;
  error?: string;
}

/** Re-runs the stored programs on `interpreters` (see the module comment). */
export async function checkCorpus(
  corpus: Corpus,
  interpreters: Map<PythonVersion, Interpreter>,
  options: { workers?: number; onProgress?: (release: PythonVersion, done: number, total: number) => void } = {},
): Promise<{ stale: StaleTrace[]; programRuns: number }> {
  const stale: StaleTrace[] = [];
  let programRuns = 0;
  for (const release of PYTHON_VERSIONS) {
    const interpreter = interpreters.get(release);
    if (interpreter === undefined) continue;
    const entries = corpus.entries.filter((e) => e.traces[release] !== undefined);
    await runOnRelease(release, interpreter, entries, {
      workers: options.workers,
      onProgress: options.onProgress,
      onResult(entry, result) {
        programRuns++;
        if (!result.ok) {
          stale.push({ id: entry.id, release, interpreter: interpreter.path, divergence: null, error: `${result.kind}: ${result.error}` });
          return;
        }
        const divergence = diffTraces(asTrace(traceOf(corpus, entry.traces[release] as string)), result.trace);
        if (divergence !== null) stale.push({ id: entry.id, release, interpreter: interpreter.path, divergence });
      },
    });
  }
  return { stale, programRuns };
}
