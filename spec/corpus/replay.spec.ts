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
import { replayCorpus } from "../../src/conformance/corpus/replay.ts";
import { CORPUS_DIR, readCorpus } from "../../src/conformance/corpus/store.ts";

const corpus = readCorpus(fileURLToPath(CORPUS_DIR));

describe("the recorded corpus", () => {
  it("was recorded on all eight releases", () => {
    expect(Object.keys(corpus.manifest.builds).sort()).toEqual([...PYTHON_VERSIONS].sort());
    for (const release of PYTHON_VERSIONS) {
      expect(corpus.entries.filter((e) => e.traces[release] !== undefined).length).toBeGreaterThan(1000);
    }
  });

  it.each(PYTHON_VERSIONS.map((v) => [v]))("replays on our loop exactly as CPython %s ran it", (release) => {
    const result = replayCorpus(corpus, { releases: [release] });
    const report = result.mismatches
      .slice(0, 3)
      .map((m) => `${m.id} on ${m.release}:\n${m.divergence ? formatDivergence(m.divergence) : m.error}\nreproduce: ${m.repro}`)
      .join("\n\n");
    expect(result.mismatches.length, `${result.mismatches.length} mismatches; the first:\n${report}`).toBe(0);
    expect(result.programRuns).toBe(corpus.entries.filter((e) => e.traces[release] !== undefined).length);
  });
});
