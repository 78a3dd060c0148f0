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
import { gzipSync } from "node:zlib";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { FEATURE_AREAS } from "../../src/conformance/generate/index.ts";
import { CORPUS_PLAN } from "../../src/conformance/corpus/plan.ts";
import { recordCorpus } from "../../src/conformance/corpus/record.ts";
import { replayCorpus } from "../../src/conformance/corpus/replay.ts";
import { CORPUS_DIR, CorpusError, entryLine, readCorpus, writeCorpus } from "../../src/conformance/corpus/store.ts";

const dir = fileURLToPath(CORPUS_DIR);
const corpus = readCorpus(dir);
/**
 * Areas whose batches are planned (corpus/plan.ts) but not recorded yet: the lead records
 * new batches (`npm run corpus -- record`) once every work package is in; remove an area
 * from this list when its batches are stored.
 */
const NOT_YET_RECORDED: readonly string[] = ["entry", "async_generators"];
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
      timeout: 600_000,
    });
    expect(result.stderr).toBe("");
    const last = result.stdout.trim().split("\n").at(-1) ?? "";
    expect(last).toMatch(/^\d+ program-runs agree \(\d+\/s\)$/);
    expect(Number(last.split(" ")[0])).toBe(corpus.manifest.programRuns);
    expect(result.exitCode).toBe(0);
  }, 900_000);

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
  it("are at most 10 MB, and every feature area has at least 300 programs", () => {
    const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(bytes).toBeLessThanOrEqual(10 * 1024 * 1024);
    for (const area of FEATURE_AREAS.filter((a) => !NOT_YET_RECORDED.includes(a))) {
      expect(corpus.manifest.areas[area] ?? 0, area).toBeGreaterThanOrEqual(300);
    }
    expect(corpus.entries.length).toBeGreaterThanOrEqual(5000);
  });

  it("store each distinct trace once", () => {
    const used = new Set(corpus.entries.flatMap((e) => Object.values(e.traces)));
    expect(used.size).toBe(corpus.traces.size);
    expect(corpus.manifest.distinctTraces).toBe(corpus.traces.size);
  });

  it("re-recording with no interpreter keeps every byte", async () => {
    const out = tempDir();
    const plan = CORPUS_PLAN.filter((batch) => !NOT_YET_RECORDED.includes(batch.generator));
    const { corpus: again, changes } = await recordCorpus({ previous: corpus, interpreters: new Map(), plan });
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.kept.length).toBe(8);
    writeCorpus(out, { ...again, manifest: { ...again.manifest } });
    for (const file of ["programs.jsonl.gz", "traces.jsonl.gz", "manifest.json"]) {
      expect(readFileSync(join(out, file)).equals(readFileSync(join(dir, file))), file).toBe(true);
    }
  });

  it("a stored program that no longer parses fails loudly and names the migration to write", () => {
    const out = tempDir();
    writeCorpus(out, corpus);
    const [first, ...rest] = corpus.entries;
    const broken = entryLine(first as NonNullable<typeof first>).replace('"op":"', '"op":"renamed_');
    writeFileSync(join(out, "programs.jsonl.gz"), gzipSync([broken, ...rest.map(entryLine)].join("\n") + "\n"));
    expect(() => readCorpus(out)).toThrow(CorpusError);
    expect(() => readCorpus(out)).toThrow(/line 1: the stored program is not a valid program: at .*op.*write a migration in src\/conformance\/corpus\/migrations\.ts/);
  });
});
