/**
 * Recording the corpus from real interpreters: every program runs on each release's CPython
 * (one interpreter per release, the newest patch level found; 3.14 through Pyodide)
 * wherever the program's features exist in that release.
 *
 * Stored programs are kept as they are (the corpus is a fixed set of tests, like test262's),
 * even after the generator changes; only batches of the plan (./plan.ts) that the corpus
 * does not hold yet are generated, and batches no longer planned are removed.
 * `regenerate: true` makes every batch afresh with today's generator. Entries whose
 * program and traces did not change keep their exact stored line; what changed is listed.
 * Releases with no interpreter on this machine keep the traces recorded before.
 *
 * @example
 * ```ts
 * const { corpus, changes } = await recordCorpus({ previous: readCorpus("corpus"), interpreters });
 * writeCorpus("corpus", corpus);
 * ```
 * @module
 */
import { execa } from "execa";
import { PYTHON_VERSIONS, type PythonVersion } from "../../asyncio/version.ts";
import { areasUsed } from "../generate/index.ts";
import type { Interpreter } from "../interpreters.ts";
import { checkProgramForTarget, IR_SCHEMA_VERSION } from "../ir/index.ts";
import { CORPUS_FORMAT, storedBody, traceHash, type Build, type CorpusEntry, type StoredTraceBody } from "./format.ts";
import { CORPUS_PLAN, batchName, plannedEntries, type Batch, type PlannedEntry } from "./plan.ts";
import { runOnRelease } from "./reference_runs.ts";
import { entryLine, type Corpus } from "./store.ts";

/** Options of {@link recordCorpus}. */
export interface RecordOptions {
  /** One interpreter per release to record with. */
  interpreters: Map<PythonVersion, Interpreter>;
  /** The corpus recorded before (its traces are kept for releases not recorded now). */
  previous: Corpus | null;
  plan?: readonly Batch[];
  /** Generate every batch afresh instead of keeping the stored programs. */
  regenerate?: boolean;
  /** Run only the program-runs that have no stored trace yet (new batches, new releases). */
  missingOnly?: boolean;
  /**
   * Re-record only these stored programs (after a change to the trace's normalisation, say):
   * every other entry keeps its traces, and each release keeps its stored build.
   */
  ids?: ReadonlySet<string>;
  workers?: number;
  onProgress?: (release: PythonVersion, done: number, total: number) => void;
}

/** What a recording changed. */
export interface RecordChanges {
  added: string[];
  removed: string[];
  /** `id release` pairs whose trace changed. */
  changedTraces: string[];
  /** Releases recorded now, and releases whose earlier traces were kept. */
  recorded: PythonVersion[];
  kept: PythonVersion[];
  /** Program-runs that failed on the reference side twice (their earlier trace, if any, is kept). */
  failures: string[];
}

/** The build string of an interpreter (`sys.version`). */
async function buildOf(interpreter: Interpreter): Promise<Build> {
  const recordedAt = new Date().toISOString();
  if (interpreter.source === "pyodide") {
    return { version: interpreter.version, build: `Pyodide ${interpreter.path.replace(/^pyodide@/, "")} (CPython ${interpreter.version}, WebAssembly)`, source: interpreter.path, recordedAt };
  }
  const probe = await execa(interpreter.path, ["-c", "import sys; print(sys.version.replace(chr(10), ' ')); print(sys.executable)"]);
  const [build = "", executable = interpreter.path] = probe.stdout.split("\n");
  return { version: interpreter.version, build, source: `${interpreter.source} ${executable}`, recordedAt };
}

/** Runs the applicable programs on one release; their trace hashes by id. */
async function recordRelease(
  release: PythonVersion,
  interpreter: Interpreter,
  planned: PlannedEntry[],
  traces: Map<string, StoredTraceBody | string>,
  options: RecordOptions,
  failures: string[],
): Promise<Map<string, string>> {
  const previous = new Map((options.previous?.entries ?? []).map((e) => [e.id, e]));
  const applicable = planned.filter(
    (p) =>
      checkProgramForTarget(p.program, release).length === 0 &&
      (options.ids === undefined || options.ids.has(p.id)) &&
      !(options.missingOnly && previous.get(p.id)?.traces[release] !== undefined && JSON.stringify(previous.get(p.id)?.program) === JSON.stringify(p.program)),
  );
  const hashes = new Map<string, string>();
  await runOnRelease(release, interpreter, applicable, {
    workers: options.workers,
    onProgress: options.onProgress,
    onResult(entry, result) {
      if (result.ok) {
        const body = storedBody(result.trace);
        const hash = traceHash(body);
        traces.set(hash, body);
        hashes.set(entry.id, hash);
      } else {
        failures.push(`${entry.id} ${release}: ${result.kind}: ${result.error.split("\n").filter(Boolean).at(-1) ?? ""}`);
      }
    },
  });
  return hashes;
}

/** The programs to record: the stored ones of planned batches, and new batches generated. */
function programsToRecord(options: RecordOptions): PlannedEntry[] {
  // Re-recording chosen programs: the corpus stays exactly the stored set.
  if (options.ids !== undefined) return (options.previous?.entries ?? []).map((e) => ({ id: e.id, origin: e.origin, program: e.program }));
  const stored = new Map<string, PlannedEntry[]>();
  for (const e of options.previous?.entries ?? []) {
    const batch = e.id.split("/")[0] as string;
    stored.set(batch, [...(stored.get(batch) ?? []), { id: e.id, origin: e.origin, program: e.program }]);
  }
  return (options.plan ?? CORPUS_PLAN).flatMap((batch) => {
    const kept = stored.get(batchName(batch));
    // A batch whose size changed is made again: the same seed gives the same first programs.
    return kept !== undefined && kept.length === batch.count && options.regenerate !== true ? kept : [...plannedEntries(batch)];
  });
}

/** Records the corpus (see the module comment). */
export async function recordCorpus(options: RecordOptions): Promise<{ corpus: Corpus; changes: RecordChanges }> {
  const planned = programsToRecord(options);
  const previous = new Map((options.previous?.entries ?? []).map((e) => [e.id, e]));
  const traces = new Map<string, StoredTraceBody | string>(options.previous?.traces ?? []);
  const builds: Partial<Record<PythonVersion, Build>> = { ...(options.previous?.manifest.builds ?? {}) };
  const changes: RecordChanges = { added: [], removed: [], changedTraces: [], recorded: [], kept: [], failures: [] };
  const recorded = new Map<PythonVersion, Map<string, string>>();
  for (const release of PYTHON_VERSIONS) {
    const interpreter = options.interpreters.get(release);
    if (interpreter === undefined) {
      if (builds[release] !== undefined) changes.kept.push(release);
      continue;
    }
    const build = await buildOf(interpreter);
    const stored = builds[release];
    if (options.ids !== undefined && stored !== undefined && stored.version !== build.version) {
      throw new Error(`--id: ${release} was recorded with CPython ${stored.version}, and the interpreter found is ${build.version} (${interpreter.path}): record the whole corpus, or pass --python`);
    }
    if (options.ids === undefined || stored === undefined) builds[release] = build;
    recorded.set(release, await recordRelease(release, interpreter, planned, traces, options, changes.failures));
    changes.recorded.push(release);
  }
  const entries: CorpusEntry[] = planned.map((p) => {
    const old = previous.get(p.id);
    const sameProgram = old !== undefined && JSON.stringify(old.program) === JSON.stringify(p.program);
    const entryTraces: CorpusEntry["traces"] = {};
    for (const release of PYTHON_VERSIONS) {
      const fresh = recorded.get(release)?.get(p.id);
      const kept = sameProgram ? old.traces[release] : undefined;
      const hash = recorded.has(release) ? (fresh ?? kept) : kept;
      if (hash !== undefined) entryTraces[release] = hash;
      if (sameProgram && fresh !== undefined && kept !== undefined && fresh !== kept) changes.changedTraces.push(`${p.id} ${release}`);
    }
    if (old === undefined) changes.added.push(p.id);
    const entry: CorpusEntry = { id: p.id, origin: p.origin, areas: [...areasUsed(p.program)], program: p.program, traces: entryTraces };
    // Unchanged: keep the stored object, so its line is byte-identical.
    return old !== undefined && entryLine(old) === entryLine(entry) ? old : entry;
  });
  const plannedIds = new Set(planned.map((p) => p.id));
  changes.removed = [...previous.keys()].filter((id) => !plannedIds.has(id));
  const areas: Record<string, number> = {};
  for (const entry of entries) for (const area of entry.areas) areas[area] = (areas[area] ?? 0) + 1;
  const manifest = {
    format: CORPUS_FORMAT,
    irSchema: IR_SCHEMA_VERSION,
    builds,
    programs: entries.length,
    programRuns: entries.reduce((n, e) => n + Object.keys(e.traces).length, 0),
    distinctTraces: 0,
    areas,
  } as const;
  return { corpus: { manifest: { ...manifest }, entries, traces }, changes };
}
