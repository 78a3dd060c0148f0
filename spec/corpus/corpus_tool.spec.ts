/**
 * The corpus as a tool: replay works with every Python hidden, a mismatch names the
 * program, the release, the first divergent event and the command that shows it, an
 * unchanged re-recording rewrites identical bytes, a program that no longer parses fails
 * loudly naming the migration to write, and the corpus stays small and balanced.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync } from "node:zlib";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { FEATURE_AREAS } from "../../src/conformance/generate/index.ts";
import { CORPUS_PLAN, batchName } from "../../src/conformance/corpus/plan.ts";
import { readKnownDivergences } from "../../src/conformance/corpus/known.ts";
import { recordCorpus } from "../../src/conformance/corpus/record.ts";
import { replayCorpus } from "../../src/conformance/corpus/replay.ts";
import { CORPUS_DIR, CorpusError, encodeCorpus, entryLine, readCorpus, storedCorpusText, writeCorpus } from "../../src/conformance/corpus/store.ts";

const dir = fileURLToPath(CORPUS_DIR);
const corpus = readCorpus(dir);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const temporary: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "asyncio-ts-corpus-"));
  temporary.push(d);
  return d;
};
afterAll(() => temporary.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("npm run corpus -- replay", () => {
  it("checks all eight releases with every Python hidden from PATH", async () => {
    // A PATH holding node alone (the directory node lives in may hold python3 too).
    const bin = tempDir();
    symlinkSync(process.execPath, join(bin, "node"));
    const env = { PATH: bin, PYENV_ROOT: join(tmpdir(), "no-pyenv-here"), HOME: tmpdir() };
    const which = await execa("/bin/sh", ["-c", "command -v python3 || command -v python || command -v pyenv || echo none"], { env, extendEnv: false, reject: false });
    expect(which.stdout.trim()).toBe("none");
    const result = await execa(process.execPath, ["--import", "tsx", "scripts/corpus.ts", "replay"], {
      cwd: ROOT,
      env,
      extendEnv: false,
      reject: false,
      timeout: 1_500_000,
    });
    expect(result.stderr).toBe("");
    const last = result.stdout.trim().split("\n").at(-1) ?? "";
    expect(last).toMatch(/^\d+ program-runs agree \(\d+\/s\)$/);
    // Every program-run replayed: those that agree, and the listed known divergences.
    const known = readKnownDivergences(dir).reduce((n, k) => n + k.releases.length, 0);
    expect(Number(last.split(" ")[0])).toBe(corpus.manifest.programRuns - known);
    expect(result.exitCode).toBe(0);
    // Hang guards only: the whole corpus replays in about a minute on an idle machine and
    // takes many times that beside other work.
  }, 1_800_000);

  it("a mismatch names the program, the release, the first divergent event and the command that shows it", () => {
    const result = replayCorpus(corpus, { releases: ["3.12"], faults: { fifoTimers: true }, slice: { index: 0, count: 10 } });
    expect(result.mismatches.length).toBeGreaterThan(0);
    const first = result.mismatches[0];
    expect(first?.release).toBe("3.12");
    expect(first?.divergence?.python.length).toBeGreaterThan(0);
    expect(first?.repro).toBe(`npm run corpus -- replay --id ${first?.id} --release 3.12`);
  });
});

describe("the corpus files", () => {
  it("are at most 10 MB, with at least 5,000 programs", () => {
    const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(bytes).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(corpus.entries.length).toBeGreaterThanOrEqual(5000);
  });

  it("name every planned batch differently (a name is its programs' id prefix)", () => {
    const names = CORPUS_PLAN.map(batchName);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("plan at least 300 programs for every feature area", () => {
    for (const area of FEATURE_AREAS) {
      const planned = CORPUS_PLAN.filter((b) => b.generator === area).reduce((n, b) => n + b.count, 0);
      expect(planned, area).toBeGreaterThanOrEqual(300);
    }
  });

  // Every area, those added since the last recording included: adding an area means
  // recording its batches (`npm run corpus -- record --missing`).
  for (const area of FEATURE_AREAS) {
    it(`hold at least 300 programs of area ${area}`, () => expect(corpus.manifest.areas[area] ?? 0, area).toBeGreaterThanOrEqual(300));
  }

  it("store each distinct trace once", () => {
    const used = new Set(corpus.entries.flatMap((e) => Object.values(e.traces)));
    expect(used.size).toBe(corpus.traces.size);
    expect(corpus.manifest.distinctTraces).toBe(corpus.traces.size);
  });

  const recordedBatches = new Set(corpus.entries.map((e) => e.id.split("/")[0]));
  it("record every planned batch", () => {
    expect(CORPUS_PLAN.filter((b) => !recordedBatches.has(batchName(b))).map(batchName)).toEqual([]);
  });

  it("re-recording the recorded batches with no interpreter keeps every byte", async () => {
    const plan = CORPUS_PLAN.filter((b) => recordedBatches.has(batchName(b)));
    const { corpus: again, changes } = await recordCorpus({ previous: corpus, interpreters: new Map(), plan });
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.kept.length).toBe(8);
    // The files' text before compression: Brotli at fixed settings turns equal text into
    // equal bytes (writing 180 MB at quality 11 would take minutes here).
    const stored = storedCorpusText(dir);
    const encoded = encodeCorpus(again);
    for (const file of ["programs", "traces", "manifest"] as const) expect(encoded[file] === stored[file], file).toBe(true);
  }, 1_800_000);

  it("writes the same bytes twice, and reads back what it wrote", () => {
    const small = { ...corpus, entries: corpus.entries.slice(0, 40) };
    const [a, b] = [tempDir(), tempDir()];
    writeCorpus(a, small);
    writeCorpus(b, readCorpus(a));
    for (const file of ["programs.jsonl.br", "traces.jsonl.br", "manifest.json"]) {
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    }
    expect(readCorpus(b).entries.map((e) => e.id)).toEqual(small.entries.map((e) => e.id));
  });

  it("a stored program that no longer parses fails loudly and names the migration to write", () => {
    const out = tempDir();
    const [first, ...rest] = corpus.entries.slice(0, 20);
    writeCorpus(out, { ...corpus, entries: [first as NonNullable<typeof first>, ...rest] });
    const broken = entryLine(first as NonNullable<typeof first>).replace('"op":"', '"op":"renamed_');
    writeFileSync(join(out, "programs.jsonl.br"), brotliCompressSync([broken, ...rest.map(entryLine)].join("\n") + "\n"));
    expect(() => readCorpus(out)).toThrow(CorpusError);
    expect(() => readCorpus(out)).toThrow(/line 1: the stored program is not a valid program: at .*op.*write a migration in src\/conformance\/corpus\/migrations\.ts/);
  });
});
