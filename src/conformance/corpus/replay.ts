/**
 * Replaying the corpus: every stored program on our loop under every release it has a
 * CPython trace for, compared event by event. No Python is involved. One program on one
 * target is one program-run.
 *
 * @example
 * ```ts
 * const result = replayCorpus(readCorpus("corpus"));
 * result.mismatches.length; // 0 when our loop agrees with every recorded trace
 * ```
 * @module
 */
import { PYTHON_VERSIONS, type PythonVersion } from "../../asyncio/version.ts";
import { diffTraces, type Divergence } from "../diff.ts";
import { interpret } from "../interpret.ts";
import type { LoopFaults } from "../faults.ts";
import { asTrace, type CorpusEntry } from "./format.ts";
import type { KnownDivergence } from "./known.ts";
import { programsHash, type SampleFile } from "./mutation_sample.ts";
import { traceOf, type Corpus } from "./store.ts";

/** A stored trace our loop no longer reproduces. */
export interface Mismatch {
  id: string;
  release: PythonVersion;
  /** The first divergent event, or our side's error. */
  divergence: Divergence | null;
  error?: string;
  /** The command that shows it in full. */
  repro: string;
}

/** Options of {@link replayCorpus}. */
export interface ReplayOptions {
  /** Only these releases (default: all). */
  releases?: readonly PythonVersion[];
  /** Only entries whose id matches. */
  ids?: (id: string) => boolean;
  /** Only every `count`-th entry starting at `index` (0-based), to split a replay. */
  slice?: { index: number; count: number };
  /** Test-only loop faults (mutation testing and fault specs). */
  faults?: LoopFaults;
  /** Keep going after a mismatch (default true). */
  all?: boolean;
}

/** What a replay found. */
export interface ReplayResult {
  programRuns: number;
  mismatches: Mismatch[];
  seconds: number;
}

/** How many corpus programs a mutation run replays against each mutant. */
export const MUTATION_SAMPLE = 1000;

/**
 * `n` entries spread evenly over the corpus (every batch is represented), in corpus
 * order.
 *
 * @example
 * ```ts
 * evenSample(corpus.entries, 100).length; // 100 (or fewer when the corpus is smaller)
 * ```
 */
export function evenSample(entries: readonly CorpusEntry[], n: number): CorpusEntry[] {
  if (entries.length <= n) return [...entries];
  const step = entries.length / n;
  return Array.from({ length: n }, (_, k) => entries[Math.floor(k * step)] as CorpusEntry);
}

/**
 * The fixed sample mutation runs replay: `n` entries with an equal share for every
 * generator (`origin.generator`: the default batch and each feature's), spread evenly
 * over each generator's programs (so over its releases too), in corpus order. A share a
 * small generator cannot fill goes to the others. Equal shares keep a feature's code
 * reached by dozens of programs, where a sample in proportion to the corpus would give
 * the default generator most of it.
 *
 * @example
 * ```ts
 * stratifiedSample(corpus.entries, MUTATION_SAMPLE).length; // 1000
 * ```
 */
export function stratifiedSample(entries: readonly CorpusEntry[], n: number): CorpusEntry[] {
  if (entries.length <= n) return [...entries];
  const groups = new Map<string, CorpusEntry[]>();
  for (const e of entries) groups.set(e.origin.generator, [...(groups.get(e.origin.generator) ?? []), e]);
  const sizes = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => ({ name, list, take: 0 }));
  let left = n;
  // Fill equal shares, smallest generators first, so what one cannot use goes to the rest.
  const bySize = [...sizes].sort((a, b) => a.list.length - b.list.length || a.name.localeCompare(b.name));
  bySize.forEach((g, i) => {
    g.take = Math.min(g.list.length, Math.floor(left / (bySize.length - i)));
    left -= g.take;
  });
  const chosen = new Set(sizes.flatMap((g) => evenSample(g.list, g.take)));
  return entries.filter((e) => chosen.has(e));
}

/**
 * The corpus entries a mutation sample may hold: all but those the known list names (our
 * unmutated loop already traces them differently, so they would "kill" every mutant).
 *
 * @example
 * ```ts
 * replayableEntries(readCorpus("corpus"), readKnownDivergences("corpus")).length; // 12,230 less the listed
 * ```
 */
export function replayableEntries(corpus: Corpus, known: readonly KnownDivergence[]): CorpusEntry[] {
  const listed = new Set(known.map((k) => k.id));
  return corpus.entries.filter((e) => !listed.has(e.id));
}

/**
 * The programs a mutation run replays against every mutant: the sample stored with the
 * corpus (`chosen`, see mutation_sample.ts) when every program it names is still there
 * unchanged (same ids, same programs: {@link programsHash}),
 * else {@link MUTATION_SAMPLE} of them stratified by generator; either way drawn from
 * {@link replayableEntries}.
 *
 * @example
 * ```ts
 * mutationSample(readCorpus("corpus"), readKnownDivergences("corpus"), readSampleFile("corpus")).length; // 1000
 * ```
 */
export function mutationSample(
  corpus: Corpus,
  known: readonly KnownDivergence[],
  chosen?: Pick<SampleFile, "ids" | "programsHash"> | null,
): CorpusEntry[] {
  const usable = replayableEntries(corpus, known);
  if (chosen) {
    const ids = new Set(chosen.ids);
    const picked = usable.filter((e) => ids.has(e.id));
    if (picked.length === ids.size && programsHash(picked) === chosen.programsHash) return picked;
  }
  return stratifiedSample(usable, MUTATION_SAMPLE);
}

/** The command that replays one program on one release and prints the divergence. */
export function replayCommand(id: string, release: PythonVersion): string {
  return `npm run corpus -- replay --id ${id} --release ${release}`;
}

/** Replays one entry on one release: null when our trace equals the stored one. */
export function replayOne(corpus: Corpus, entry: CorpusEntry, release: PythonVersion, faults?: LoopFaults): Mismatch | null {
  const hash = entry.traces[release];
  if (hash === undefined) return null;
  const stored = asTrace(traceOf(corpus, hash));
  try {
    const ours = interpret(entry.program, { python: release, ...(faults ? { faults } : {}) });
    const divergence = diffTraces(stored, ours);
    return divergence === null ? null : { id: entry.id, release, divergence, repro: replayCommand(entry.id, release) };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { id: entry.id, release, divergence: null, error: text, repro: replayCommand(entry.id, release) };
  }
}

/** Replays the corpus (see the module comment). */
export function replayCorpus(corpus: Corpus, options: ReplayOptions = {}): ReplayResult {
  const started = performance.now();
  const releases = options.releases ?? PYTHON_VERSIONS;
  const mismatches: Mismatch[] = [];
  let programRuns = 0;
  corpus.entries.forEach((entry, k) => {
    if (options.slice && k % options.slice.count !== options.slice.index) return;
    if (options.ids && !options.ids(entry.id)) return;
    if (options.all === false && mismatches.length > 0) return;
    for (const release of releases) {
      if (entry.traces[release] === undefined) continue;
      programRuns++;
      const mismatch = replayOne(corpus, entry, release, options.faults);
      if (mismatch !== null) mismatches.push(mismatch);
    }
  });
  return { programRuns, mismatches, seconds: (performance.now() - started) / 1000 };
}
