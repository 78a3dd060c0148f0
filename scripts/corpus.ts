/**
 * `npm run corpus -- <command> [options]`: the recorded corpus (corpus/, see
 * src/conformance/corpus/format.ts).
 *
 *   replay   replay every stored program on our loop for every release it has a trace for
 *            (no Python needed); last line `<N> program-runs agree (<R>/s)`
 *   record   re-record the traces from real interpreters (discovery as for --matrix)
 *   check    re-run the stored programs on the interpreters found and report stale traces
 *
 * Exits 0 on success, 1 on a mismatch, a stale trace or a failed recording, 2 on bad usage.
 */
import { fileURLToPath } from "node:url";
import { PYTHON_VERSIONS, type PythonVersion } from "../src/asyncio/version.ts";
import { parseOrExit, pickSubcommand } from "../src/conformance/cli.ts";
import { corpusClis } from "../src/conformance/commands.ts";
import { checkCorpus } from "../src/conformance/corpus/check.ts";
import { KNOWN_DIVERGENCES_FILE, judgeReplay, readKnownDivergences } from "../src/conformance/corpus/known.ts";
import { replayCorpusParallel } from "../src/conformance/corpus/parallel.ts";
import { recordCorpus } from "../src/conformance/corpus/record.ts";
import { CORPUS_DIR, CorpusError, readCorpus, writeCorpus, type Corpus } from "../src/conformance/corpus/store.ts";
import { formatDivergence } from "../src/conformance/diff.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { emitTs } from "../src/conformance/emit_ts.ts";
import { discoverInterpreters, pickPerRelease, type Interpreter } from "../src/conformance/interpreters.ts";

const [command, argv] = pickSubcommand(corpusClis, process.argv.slice(2));
const parsed =
  command === "replay" ? parseOrExit(corpusClis.replay, argv) : command === "record" ? parseOrExit(corpusClis.record, argv) : parseOrExit(corpusClis.check, argv);
const values: {
  dir: string | undefined;
  id?: string | string[] | undefined;
  release?: PythonVersion[];
  threads?: number | undefined;
  python?: string[];
  workers?: number | undefined;
  missing?: boolean;
  regenerate?: boolean;
} = parsed.values;
const dir = values.dir ?? fileURLToPath(CORPUS_DIR);
const workers = values.workers;
const threads = values.threads;
const releases: PythonVersion[] | undefined = values.release?.length ? values.release : undefined;

function usage(message: string): never {
  console.error(`${message}\nusage: ${corpusClis[command].spec.usage[0]} (--help lists every flag)`);
  process.exit(2);
}

function load(): Corpus {
  try {
    return readCorpus(dir);
  } catch (error) {
    if (error instanceof CorpusError) {
      console.error(`corpus: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function interpreters(): Promise<Map<PythonVersion, Interpreter>> {
  const { found, skipped } = await discoverInterpreters(values.python?.length ? { explicit: values.python } : {});
  const byRelease = pickPerRelease(found, { prefer: "newest" });
  for (const [release, i] of byRelease) console.error(`  ${release}: CPython ${i.version} at ${i.path} (${i.source})`);
  for (const s of skipped.filter((s) => s.source === "option")) usage(`--python ${s.path}: ${s.reason}`);
  return byRelease;
}

const progress = (release: PythonVersion, done: number, total: number) => {
  if (process.stderr.isTTY) {
    if (done % 50 === 0 || done === total) process.stderr.write(`\r  ${release}: ${done}/${total}`);
    if (done === total) process.stderr.write("\n");
    return;
  }
  // Not a terminal (a log file, CI): one line at each quarter.
  const quarter = (n: number) => Math.floor((4 * n) / total);
  if (done === total || quarter(done) > quarter(done - 1)) console.error(`  ${release}: ${done}/${total} program-runs`);
};

if (command === "replay") {
  const id = typeof values.id === "string" ? values.id : undefined;
  let result;
  try {
    result = await replayCorpusParallel({ dir, ...(releases ? { releases } : {}), ...(threads ? { threads } : {}), ...(id ? { id, threads: 1 } : {}) });
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    console.error(`corpus: ${error.message}`);
    process.exit(1);
  }
  if (id !== undefined && result.programRuns === 0) usage(`no program ${id} with a trace for ${(releases ?? ["any release"]).join(", ")} in ${dir}`);
  // The threads read the corpus; judging needs only the listed programs, so only they are read again.
  const known = readKnownDivergences(dir);
  const listed = new Set(known.map((k) => k.id));
  const verdict = judgeReplay(readCorpus(dir, { only: (_i, x) => listed.has(x) }), result.mismatches, known, releases ?? PYTHON_VERSIONS, (x) => id === undefined || x === id);
  for (const m of verdict.known) console.log(`known divergence ${m.id} on ${m.release} (corpus/${KNOWN_DIVERGENCES_FILE})`);
  for (const k of verdict.nowAgree) console.log(`AGREES NOW ${k.id} on ${k.release}: take it off corpus/${KNOWN_DIVERGENCES_FILE}`);
  for (const m of verdict.unexpected) {
    console.log(`MISMATCH ${m.id} on ${m.release}: ${m.divergence ? `first divergent event #${m.divergence.index} (${m.divergence.section})` : "our side threw"}`);
    if (m.divergence) console.log(formatDivergence(m.divergence, { width: process.stdout.columns ?? 140 }));
    else console.log(m.error);
    console.log(`  reproduce: ${m.repro}`);
    if (id !== undefined) {
      const entry = load().entries.find((e) => e.id === id);
      if (entry) console.log(`\nprogram (Python ${m.release}):\n${emitPython(entry.program, { python: m.release })}\nprogram (TypeScript):\n${emitTs(entry.program, { python: m.release })}`);
    }
  }
  const rate = Math.round(result.programRuns / Math.max(result.seconds, 1e-9));
  if (verdict.unexpected.length > 0 || verdict.nowAgree.length > 0) {
    console.log(`${verdict.unexpected.length} of ${result.programRuns} program-runs disagree, ${verdict.nowAgree.length} known divergences agree now (${rate}/s)`);
    process.exit(1);
  }
  if (verdict.known.length > 0) console.log(`${verdict.known.length} known divergences still diverge, as corpus/${KNOWN_DIVERGENCES_FILE} says`);
  console.log(`${result.programRuns - verdict.known.length} program-runs agree (${rate}/s)`);
} else if (command === "record") {
  let previous: Corpus | null = null;
  try {
    previous = readCorpus(dir);
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    console.error(`no usable corpus in ${dir} (${error.message}); recording from scratch`);
  }
  console.error("interpreters:");
  const found = await interpreters();
  const ids = Array.isArray(values.id) && values.id.length > 0 ? values.id : undefined;
  if (ids !== undefined) {
    if (values.regenerate === true || values.missing === true) usage("--id re-records stored programs: it goes with neither --regenerate nor --missing");
    const stored = new Set(previous?.entries.map((e) => e.id) ?? []);
    const unknown = ids.filter((id) => !stored.has(id));
    if (unknown.length > 0) usage(`--id: no stored program ${unknown.join(", ")} in ${dir}`);
  }
  const { corpus, changes } = await recordCorpus({
    previous,
    interpreters: found,
    regenerate: values.regenerate === true,
    missingOnly: values.missing === true,
    ...(ids ? { ids: new Set(ids) } : {}),
    ...(workers ? { workers } : {}),
    onProgress: progress,
  });
  writeCorpus(dir, corpus);
  console.log(`recorded ${changes.recorded.join(", ") || "no release"}; kept the earlier traces of ${changes.kept.join(", ") || "no release"}`);
  console.log(`${changes.added.length} programs added, ${changes.removed.length} removed, ${changes.changedTraces.length} traces changed`);
  for (const line of changes.changedTraces.slice(0, 50)) console.log(`  changed: ${line}`);
  for (const line of changes.failures) console.log(`  FAILED: ${line}`);
  const m = readCorpus(dir).manifest;
  console.log(`corpus: ${m.programs} programs, ${m.programRuns} program-runs, ${m.distinctTraces} distinct traces in ${dir}`);
  if (changes.failures.length > 0) process.exit(1);
} else {
  const corpus = load();
  console.error("interpreters:");
  const found = await interpreters();
  const { stale, programRuns } = await checkCorpus(corpus, found, { ...(workers ? { workers } : {}), onProgress: progress });
  for (const s of stale) {
    console.log(`STALE ${s.id} on ${s.release} (${s.interpreter}): ${s.error ?? ""}`);
    if (s.divergence) console.log(formatDivergence(s.divergence, { width: process.stdout.columns ?? 140 }));
  }
  console.log(`${programRuns - stale.length} of ${programRuns} stored traces match the interpreters found`);
  if (stale.length > 0) process.exit(1);
}
