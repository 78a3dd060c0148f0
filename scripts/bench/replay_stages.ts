/**
 * CPU of the steps of one corpus replay thread (half the corpus, as each of two threads
 * reads it): decompressing and splitting the files, validating the programs, replaying.
 *
 * Usage: `npx tsx scripts/bench/replay_stages.ts [--sample N]` (N programs replayed, default 1000)
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { readCorpus } from "../../src/conformance/corpus/store.ts";
import { replayCorpus } from "../../src/conformance/corpus/replay.ts";

const { values } = parseArgs({ options: { sample: { type: "string" } } });
const sample = Number(values.sample ?? 1000);
const dir = fileURLToPath(new URL("../../corpus/", import.meta.url));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = cpu();
const corpus = readCorpus(dir, { only: (i) => i % 2 === 0 });
const read = cpu() - t;
console.log(`read half the corpus (${corpus.entries.length} programs): ${read.toFixed(0)} ms CPU, ${(read / corpus.entries.length).toFixed(3)} ms/program`);
const part = { ...corpus, entries: corpus.entries.slice(0, sample) };
t = cpu();
const result = replayCorpus(part);
const replay = cpu() - t;
console.log(`replay ${part.entries.length} programs: ${result.programRuns} program-runs, ${replay.toFixed(0)} ms CPU, ${(replay / result.programRuns).toFixed(3)} ms/program-run, ${result.mismatches.length} mismatches`);
