/**
 * The recorded corpus (corpus/, src/conformance/corpus/): every stored program replays on
 * our loop with exactly CPython's trace, for each of the eight releases it was recorded on.
 * No Python is needed: the expected traces were recorded from real interpreters by
 * `npm run corpus -- record`, and manifest.json names each build.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { KNOWN_DIVERGENCES_FILE, judgeReplay, readKnownDivergences } from "../../src/conformance/corpus/known.ts";
import { replayCorpus } from "../../src/conformance/corpus/replay.ts";
import { CORPUS_DIR, readCorpus } from "../../src/conformance/corpus/store.ts";

const corpus = readCorpus(fileURLToPath(CORPUS_DIR));
const known = readKnownDivergences(fileURLToPath(CORPUS_DIR));

describe("the recorded corpus", () => {
  it("was recorded on all eight releases", () => {
    expect(Object.keys(corpus.manifest.builds).sort()).toEqual([...PYTHON_VERSIONS].sort());
    for (const release of PYTHON_VERSIONS) {
      expect(corpus.entries.filter((e) => e.traces[release] !== undefined).length).toBeGreaterThan(1000);
    }
  });

  it.each(PYTHON_VERSIONS.map((v) => [v]))("replays on our loop exactly as CPython %s ran it (known divergences aside)", (release) => {
    const result = replayCorpus(corpus, { releases: [release] });
    const verdict = judgeReplay(corpus, result.mismatches, known, [release]);
    const report = verdict.unexpected
      .slice(0, 3)
      .map((m) => `${m.id} on ${m.release}:\n${m.divergence ? formatDivergence(m.divergence) : m.error}\nreproduce: ${m.repro}`)
      .join("\n\n");
    expect(verdict.unexpected.length, `${verdict.unexpected.length} mismatches; the first:\n${report}`).toBe(0);
    const agreeing = verdict.nowAgree.map((k) => `${k.id} on ${k.release}`).join(", ");
    expect(agreeing, `listed in corpus/${KNOWN_DIVERGENCES_FILE} but agree now: take them off the list`).toBe("");
    expect(result.programRuns).toBe(corpus.entries.filter((e) => e.traces[release] !== undefined).length);
  });
});
