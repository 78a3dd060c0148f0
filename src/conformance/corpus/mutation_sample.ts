/**
 * The corpus programs a mutation run replays, chosen by what they reach in our loop.
 *
 * A mutant only counts as tested if a sample program executes its code, and a kill that
 * rests on one program is luck. So the sample is chosen greedily from the whole corpus by
 * block coverage of src/asyncio (measured by `npm run mutation -- --choose-sample`, which
 * replays every program under V8's precise coverage): each block any corpus program
 * reaches is reached by at least `perBlock` sample programs, or by every program that
 * reaches it when fewer do. What is left of the sample's size goes to the stratified
 * sample (an equal share of every generator batch), so the sample keeps the spread of
 * orders and timings that block coverage cannot see. The choice is stored in
 * `corpus/mutation-sample.json`; without that file (or when it names programs the corpus
 * no longer holds) mutation runs use the stratified sample alone.
 *
 * @example
 * ```ts
 * const chosen = coverSample([[0, 1], [1], [2]], { size: 2, perBlock: 1, fill: [0, 1, 2] });
 * chosen.picked; // [0, 2]: blocks 0, 1 and 2 each reached once
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { CorpusEntry } from "./format.ts";

/** The file in the corpus directory that holds the chosen sample. */
export const MUTATION_SAMPLE_FILE = "mutation-sample.json";

/** Options of {@link coverSample}. */
export interface CoverOptions {
  /** How many programs to choose in all. */
  size: number;
  /** Sample programs each block should be reached by (or all that reach it, if fewer). */
  perBlock: number;
  /** Program indexes in the order the rest of the sample is filled from. */
  fill: readonly number[];
  /** Blocks with a quota of their own instead of `perBlock` (the `validate` calls' pseudo-blocks). */
  quotaOf?: ReadonlyMap<number, number>;
}

/** What {@link coverSample} chose. */
export interface CoverResult {
  /** Chosen program indexes, ascending. */
  picked: number[];
  /** How many of them the greedy cover chose (the rest came from `fill`). */
  byCoverage: number;
}

/**
 * Chooses `size` programs: first greedily, each time the program that brings the most
 * blocks closer to their quota (`perBlock`, capped at how many programs reach the block),
 * ties to the lower index; then from `fill` in order. `blocks[p]` lists the block ids
 * program `p` reaches.
 *
 * @example
 * ```ts
 * coverSample([[0], [0], [1]], { size: 3, perBlock: 2, fill: [] }).picked; // [0, 1, 2]
 * ```
 */
export function coverSample(blocks: readonly (readonly number[])[], options: CoverOptions): CoverResult {
  const reach = blockReach(blocks, blocks.keys());
  const covered = new Map<number, number>();
  const gain = (p: number) => {
    let g = 0;
    for (const b of blocks[p] ?? []) if ((covered.get(b) ?? 0) < Math.min(options.quotaOf?.get(b) ?? options.perBlock, reach.get(b) ?? 0)) g++;
    return g;
  };
  // Lazy greedy: a program's gain only falls as others are chosen, so a stale bound that
  // still beats every other bound, once refreshed, is the true maximum.
  const bounds = blocks.map((_, p) => ({ p, bound: gain(p) })).filter((x) => x.bound > 0);
  const taken = new Set<number>();
  const byBound = (a: { p: number; bound: number }, b: { p: number; bound: number }) => b.bound - a.bound || a.p - b.p;
  bounds.sort(byBound);
  while (taken.size < options.size && bounds.length > 0) {
    const top = bounds[0] as { p: number; bound: number };
    top.bound = gain(top.p);
    if (top.bound === 0) {
      bounds.shift();
      continue;
    }
    const next = bounds[1];
    if (next !== undefined && byBound(top, next) > 0) {
      // Refreshed below the next bound: move it down to its place.
      bounds.shift();
      let i = 0;
      while (i < bounds.length && byBound(bounds[i] as { p: number; bound: number }, top) < 0) i++;
      bounds.splice(i, 0, top);
      continue;
    }
    bounds.shift();
    taken.add(top.p);
    for (const b of blocks[top.p] ?? []) covered.set(b, (covered.get(b) ?? 0) + 1);
  }
  const byCoverage = taken.size;
  for (const p of options.fill) {
    if (taken.size >= options.size) break;
    taken.add(p);
  }
  return { picked: [...taken].sort((a, b) => a - b), byCoverage };
}

/**
 * How many of `programs` reach each block (`blocks[p]` lists the blocks program `p` reaches).
 *
 * @example
 * ```ts
 * blockReach([[0, 1], [1]], [0, 1]); // Map { 0 => 1, 1 => 2 }
 * ```
 */
export function blockReach(blocks: readonly (readonly number[])[], programs: Iterable<number>): Map<number, number> {
  const reach = new Map<number, number>();
  for (const p of programs) for (const b of blocks[p] ?? []) reach.set(b, (reach.get(b) ?? 0) + 1);
  return reach;
}

/**
 * What a set of programs covers: the blocks it reaches at least once, and those it reaches
 * as often as {@link coverSample}'s quota asks (`perBlock`, capped by `corpusReach`, the
 * {@link blockReach} of every program).
 *
 * @example
 * ```ts
 * const blocks = [[0], [0], [1]];
 * blockCoverage(blocks, [0, 2], 2, blockReach(blocks, [0, 1, 2])); // { once: 2, atQuota: 1 }
 * ```
 */
export function blockCoverage(
  blocks: readonly (readonly number[])[],
  programs: readonly number[],
  perBlock: number,
  corpusReach: ReadonlyMap<number, number>,
): { once: number; atQuota: number } {
  let atQuota = 0;
  const got = blockReach(blocks, programs);
  for (const [b, n] of got) if (n >= Math.min(perBlock, corpusReach.get(b) ?? 0)) atQuota++;
  return { once: got.size, atQuota };
}

const sampleFileSchema = z.strictObject({
  format: z.literal(1),
  /** How the sample was chosen, in words, with the command. */
  method: z.string(),
  perBlock: z.number().int().positive(),
  /**
   * Sample programs each `validate` call the corpus makes should be in (or all that make it):
   * a call's behaviour is a value, which block coverage cannot tell apart. Absent in samples
   * chosen before it existed.
   */
  perCall: z.number().int().positive().optional(),
  /** Distinct `validate` calls: made by the corpus, by this sample, and by at least `perCall` of it (or all that make it). */
  calls: z.strictObject({ corpus: z.number().int(), chosen: z.number().int(), chosenAtQuota: z.number().int() }).optional(),
  size: z.number().int().positive(),
  byCoverage: z.number().int().nonnegative(),
  /** Block counts: reached by the corpus, by the stratified sample, by this sample (at least once, and up to quota). */
  blocks: z.strictObject({
    corpus: z.number().int(),
    stratified: z.number().int(),
    stratifiedAtQuota: z.number().int(),
    chosen: z.number().int(),
    chosenAtQuota: z.number().int(),
  }),
  ids: z.array(z.string()),
  /** {@link programsHash} of the chosen programs: a re-recorded corpus reuses ids for new programs. */
  programsHash: z.string(),
});

/**
 * A hash of the programs themselves (ids, programs and the releases they were recorded
 * on), so that a stored sample no longer matches once its batches are generated afresh.
 *
 * @example
 * ```ts
 * programsHash(corpus.entries.slice(0, 2)); // "3f2a..." (16 hex digits)
 * ```
 */
export function programsHash(entries: readonly CorpusEntry[]): string {
  const hash = createHash("sha256");
  for (const e of entries) hash.update(`${e.id}\n${JSON.stringify(e.program)}\n${Object.keys(e.traces).sort().join(",")}\n`);
  return hash.digest("hex").slice(0, 16);
}

/** The stored choice (`corpus/mutation-sample.json`). */
export type SampleFile = z.infer<typeof sampleFileSchema>;

/**
 * The stored sample of the corpus in `dir`, or null when there is none. A malformed file
 * is an error naming the file and the zod path.
 *
 * @example
 * ```ts
 * readSampleFile("corpus")?.ids.length; // 1000
 * ```
 */
export function readSampleFile(dir: string): SampleFile | null {
  const file = join(dir, MUTATION_SAMPLE_FILE);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = sampleFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue ? `${issue.path.join(".") || "(top)"}: ${issue.message}` : "invalid"}`);
  }
  return parsed.data;
}

/**
 * Writes the chosen sample next to the corpus (validated first, so a bad one is refused).
 *
 * @example
 * ```ts
 * writeSampleFile("corpus", sample);
 * ```
 */
export function writeSampleFile(dir: string, sample: SampleFile): void {
  sampleFileSchema.parse(sample);
  // Through a temporary file, so that an interrupted write leaves the old sample whole.
  const file = join(dir, MUTATION_SAMPLE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(sample, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}
