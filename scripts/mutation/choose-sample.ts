/**
 * Child process of `npm run mutation -- --choose-sample`: replays every corpus program on
 * our loop under V8's precise block coverage, takes the blocks of src/asyncio/ each program
 * executed, and chooses the mutation sample from them (src/conformance/corpus/mutation_sample.ts),
 * writing corpus/mutation-sample.json. Prints one progress line per 1,000 programs on stderr
 * and the stored file's block counts on stdout.
 *
 * A block is a range V8's coverage reports inside a function of src/asyncio (a branch, a
 * loop body, a `catch`, the code after a `return`), or the function itself. A program reaches
 * a block when the function ran and no range around the block had a count of zero. Coverage
 * must start before src/asyncio is compiled, hence a process of its own that imports the
 * library only after starting it.
 *
 * Run without TurboFan and Maglev (scripts/mutation.ts passes `--no-opt --no-maglev`): calls
 * inlined into optimised code go uncounted, at moments background compilation decides, which
 * made the choice differ from run to run.
 *
 * Usage: node --no-opt --no-maglev --import tsx scripts/mutation/choose-sample.ts [--per-block K] [--per-call K]
 * @module
 */
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as ReplayModule from "../../src/conformance/corpus/replay.ts";
import type * as SampleModule from "../../src/conformance/corpus/mutation_sample.ts";
import type * as StoreModule from "../../src/conformance/corpus/store.ts";
import type * as KnownModule from "../../src/conformance/corpus/known.ts";
import type * as VersionModule from "../../src/asyncio/version.ts";

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: CoverageRange[] }[];
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const perBlockFlag = process.argv.indexOf("--per-block");
const PER_BLOCK = perBlockFlag >= 0 ? Number(process.argv[perBlockFlag + 1]) : 10;
if (!Number.isInteger(PER_BLOCK) || PER_BLOCK < 1) {
  console.error(`choose-sample: --per-block must be a positive integer, got ${process.argv[perBlockFlag + 1]}`);
  process.exit(2);
}

const perCallFlag = process.argv.indexOf("--per-call");
const PER_CALL = perCallFlag >= 0 ? Number(process.argv[perCallFlag + 1]) : 3;
if (!Number.isInteger(PER_CALL) || PER_CALL < 1) {
  console.error(`choose-sample: --per-call must be a positive integer, got ${process.argv[perCallFlag + 1]}`);
  process.exit(2);
}

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });

const load = <T>(file: string): Promise<T> => import(pathToFileURL(join(ROOT, file)).href) as Promise<T>;
const store = await load<typeof StoreModule>("src/conformance/corpus/store.ts");
const replay = await load<typeof ReplayModule>("src/conformance/corpus/replay.ts");
const known = await load<typeof KnownModule>("src/conformance/corpus/known.ts");
const sampling = await load<typeof SampleModule>("src/conformance/corpus/mutation_sample.ts");
const { PYTHON_VERSIONS } = await load<typeof VersionModule>("src/asyncio/version.ts");

const LIBRARY = pathToFileURL(join(ROOT, "src", "asyncio")).href + "/";

/** What one program executed: per function (url + range), the ranges that ran zero times. */
type Reached = Map<string, CoverageRange[]>;

// One string per function key, whichever program reported it (12,000 programs' maps hold them).
const keys = new Map<string, string>();
const intern = (key: string) => keys.get(key) ?? (keys.set(key, key), key);

async function takeReached(): Promise<Reached> {
  const { result } = (await session.post("Profiler.takePreciseCoverage")) as { result: ScriptCoverage[] };
  const reached: Reached = new Map();
  for (const script of result) {
    if (!script.url.startsWith(LIBRARY)) continue;
    const file = script.url.slice(LIBRARY.length);
    for (const fn of script.functions) {
      const [whole, ...inner] = fn.ranges;
      if (whole === undefined || whole.count === 0) continue;
      reached.set(intern(`${file}@${whole.startOffset}-${whole.endOffset}`), inner.filter((r) => r.count === 0));
    }
  }
  return reached;
}

const dir = join(ROOT, "corpus");
const corpus = store.readCorpus(dir);
const entries = replay.replayableEntries(corpus, known.readKnownDivergences(dir));
await takeReached(); // what loading the modules ran
const perProgram: Reached[] = [];
for (const [i, entry] of entries.entries()) {
  for (const release of PYTHON_VERSIONS) if (entry.traces[release] !== undefined) replay.replayOne(corpus, entry, release);
  perProgram.push(await takeReached());
  if ((i + 1) % 1000 === 0) console.error(`choose-sample: ${i + 1} of ${entries.length} programs replayed`);
}
await session.post("Profiler.stopPreciseCoverage");

// Blocks: every function, and every range some program did not execute (inside a function
// that ran), keyed by function and offsets.
const blockIds = new Map<string, number>();
const blocksOfFunction = new Map<string, { id: number; start: number; end: number }[]>();
const idOf = (key: string) => blockIds.get(key) ?? (blockIds.set(key, blockIds.size), blockIds.size - 1);
for (const reached of perProgram) {
  for (const [fn, zeros] of reached) {
    idOf(fn);
    const list = blocksOfFunction.get(fn) ?? [];
    for (const z of zeros) {
      const key = `${fn}#${z.startOffset}-${z.endOffset}`;
      if (!blockIds.has(key)) list.push({ id: idOf(key), start: z.startOffset, end: z.endOffset });
    }
    blocksOfFunction.set(fn, list);
  }
}
const blocks: number[][] = perProgram.map((reached) => {
  const ids: number[] = [];
  for (const [fn, zeros] of reached) {
    ids.push(blockIds.get(fn) as number);
    for (const b of blocksOfFunction.get(fn) ?? []) {
      if (!zeros.some((z) => z.startOffset <= b.start && b.end <= z.endOffset)) ids.push(b.id);
    }
  }
  return ids;
});

// Each `validate` call a program makes is a pseudo-block of its own, with quota PER_CALL:
// calls mostly run the same error paths of the library with different values, so block
// coverage alone leaves most calls out of the sample, and a mutant only one call observes
// survives there while the corpus would kill it.
const callIds = new Map<string, number>();
const callsOf = (program: unknown): string[] => {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.op === "validate" && typeof o.call === "string") found.push(o.call);
      Object.values(o).forEach(walk);
    }
  };
  walk(program);
  return [...new Set(found)];
};
const callBlocks: number[][] = entries.map((e) =>
  callsOf(e.program).map((call) => callIds.get(call) ?? (callIds.set(call, blockIds.size + callIds.size), blockIds.size + callIds.size - 1)),
);
const quotaOf = new Map([...callIds.values()].map((id) => [id, PER_CALL]));
const withCalls = blocks.map((ids, p) => [...ids, ...(callBlocks[p] ?? [])]);

const index = new Map(entries.map((e, i) => [e.id, i]));
const stratified = replay.stratifiedSample(entries, replay.MUTATION_SAMPLE).map((e) => index.get(e.id) as number);
const chosen = sampling.coverSample(withCalls, { size: replay.MUTATION_SAMPLE, perBlock: PER_BLOCK, fill: stratified, quotaOf });
const callReach = sampling.blockReach(callBlocks, callBlocks.keys());
const callsChosen = sampling.blockCoverage(callBlocks, chosen.picked, PER_CALL, callReach);

const corpusReach = sampling.blockReach(blocks, blocks.keys());
const before = sampling.blockCoverage(blocks, stratified, PER_BLOCK, corpusReach);
const after = sampling.blockCoverage(blocks, chosen.picked, PER_BLOCK, corpusReach);
const sample = {
  format: 1 as const,
  method: `npm run mutation -- --choose-sample: every block of src/asyncio that a corpus program reaches (V8 precise block coverage) is reached by at least ${PER_BLOCK} chosen programs, or by all that reach it, and every validate call a corpus program makes is made by at least ${PER_CALL} chosen programs, or by all that make it; the rest is the stratified sample`,
  perBlock: PER_BLOCK,
  perCall: PER_CALL,
  calls: { corpus: callReach.size, chosen: callsChosen.once, chosenAtQuota: callsChosen.atQuota },
  size: chosen.picked.length,
  byCoverage: chosen.byCoverage,
  blocks: { corpus: corpusReach.size, stratified: before.once, stratifiedAtQuota: before.atQuota, chosen: after.once, chosenAtQuota: after.atQuota },
  ids: chosen.picked.map((p) => (entries[p] as { id: string }).id),
  programsHash: sampling.programsHash(chosen.picked.map((p) => entries[p] as (typeof entries)[number])),
};
sampling.writeSampleFile(dir, sample);
process.stdout.write(`${JSON.stringify({ ...sample, ids: sample.ids.length })}\n`);
