/**
 * The kit's mutation sample (src/conformance/corpus/mutation_sample.ts): the greedy block
 * cover, the stored file's validation, and the stored sample of the committed corpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { readKnownDivergences } from "../../src/conformance/corpus/known.ts";
import { MUTATION_SAMPLE_FILE, coverSample, programsHash, readSampleFile } from "../../src/conformance/corpus/mutation_sample.ts";
import { MUTATION_SAMPLE, mutationSample, stratifiedSample } from "../../src/conformance/corpus/replay.ts";
import { CORPUS_DIR, readCorpus } from "../../src/conformance/corpus/store.ts";

describe("coverSample", () => {
  it("first reaches every block, then each up to its quota, then fills in the given order", () => {
    // Block 0 is reached by programs 0-3, block 1 only by program 4, block 2 by 1 and 5.
    const blocks = [[0], [0, 2], [0], [0], [1], [2]];
    const once = coverSample(blocks, { size: 6, perBlock: 1, fill: [3, 2, 0] });
    expect(once.byCoverage).toBe(2); // program 1 (blocks 0 and 2), then program 4 (block 1)
    expect(once.picked).toEqual([0, 1, 2, 3, 4]);
    const twice = coverSample(blocks, { size: 4, perBlock: 2, fill: [] });
    // Quotas: block 0 two programs, block 1 its only one, block 2 both of its programs.
    expect(twice.picked).toEqual([0, 1, 4, 5]);
    expect(twice.byCoverage).toBe(4);
  });

  it("gives the blocks in quotaOf their own quota (the validate calls' pseudo-blocks)", () => {
    // Block 0 (quota 1) is reached by programs 0-2; block 9 (quota 3) by programs 1, 2 and 3.
    const blocks = [[0], [0, 9], [0, 9], [9]];
    const chosen = coverSample(blocks, { size: 4, perBlock: 1, fill: [], quotaOf: new Map([[9, 3]]) });
    expect(chosen.picked).toEqual([1, 2, 3]);
    // Without its own quota, block 9 is done with one program.
    expect(coverSample(blocks, { size: 4, perBlock: 1, fill: [] }).picked).toEqual([1]);
  });

  it("never takes more than the size, and stops covering when nothing more is gained", () => {
    const blocks = [[0, 1], [2], [3], [4]];
    expect(coverSample(blocks, { size: 2, perBlock: 1, fill: [] }).picked).toEqual([0, 1]);
    expect(coverSample([[0], [0], []], { size: 3, perBlock: 1, fill: [] })).toEqual({ picked: [0], byCoverage: 1 });
  });
});

describe("the stored sample file", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is optional, and a malformed one names the file and the path", () => {
    dir = mkdtempSync(join(tmpdir(), "sample-"));
    expect(readSampleFile(dir)).toBeNull();
    writeFileSync(join(dir, MUTATION_SAMPLE_FILE), JSON.stringify({ format: 1, ids: "x" }));
    expect(() => readSampleFile(dir)).toThrow(new RegExp(`${MUTATION_SAMPLE_FILE}: .+`));
    writeFileSync(join(dir, MUTATION_SAMPLE_FILE), "{");
    expect(() => readSampleFile(dir)).toThrow(/not JSON/);
  });
});

describe("mutationSample", () => {
  const dir = fileURLToPath(CORPUS_DIR);
  const corpus = readCorpus(dir);
  const known = readKnownDivergences(dir);

  it("uses the stored ids when the corpus holds all of them unchanged, else the stratified sample", () => {
    const entries = corpus.entries.slice(0, 3);
    const ids = entries.map((e) => e.id);
    expect(mutationSample(corpus, known, { ids, programsHash: programsHash(entries) }).map((e) => e.id)).toEqual(ids);
    const listed = new Set(known.map((k) => k.id));
    const fallback = stratifiedSample(corpus.entries.filter((e) => !listed.has(e.id)), MUTATION_SAMPLE).map((e) => e.id);
    // An id the corpus no longer holds, or the same ids naming other programs (a regenerated batch).
    expect(mutationSample(corpus, known, { ids: [...ids, "no-such-batch/0"], programsHash: programsHash(entries) }).map((e) => e.id)).toEqual(fallback);
    expect(mutationSample(corpus, known, { ids, programsHash: programsHash(corpus.entries.slice(1, 4)) }).map((e) => e.id)).toEqual(fallback);
  });

  it("the committed choice names corpus programs only, none of them a known divergence", () => {
    const stored = readSampleFile(dir);
    expect(stored, "corpus/mutation-sample.json: npm run mutation -- --choose-sample writes it").not.toBeNull();
    const ids = new Set(corpus.entries.map((e) => e.id));
    const listed = new Set(known.map((k) => k.id));
    expect(stored?.ids.filter((id) => !ids.has(id) || listed.has(id))).toEqual([]);
    expect(stored?.ids.length).toBe(MUTATION_SAMPLE);
    // The stored hash matches the programs: the sample is the one mutation runs use.
    expect(mutationSample(corpus, known, stored).map((e) => e.id)).toEqual(stored?.ids);
  });
});
