/**
 * `--coverage` end to end: a small campaign on the local python3 measures the asyncio lines
 * its programs reach (pure-Python pass) against a baseline of two of CPython's test modules
 * (kept small so the spec stays quick), and reports them in summary.json (validated by its
 * schema), on the console, in CONFORMANCE.md and in index.html (opened in headless
 * Chromium when there is one). The numbers are checked against each other and against the
 * line sets the summary carries. Shards merge to what one campaign measures. On Pyodide
 * the report says there is no baseline.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCampaign } from "../../src/conformance/campaign.ts";
import {
  coverageText,
  fromRanges,
  LineUnion,
  measureCoverage,
  mergeCoverage,
  remeasureCoverage,
  resolveScope,
  type CoverageSummary,
} from "../../src/conformance/coverage/index.ts";
import { renderReport } from "../../src/conformance/html_report.ts";
import { pyodideInterpreter, type Interpreter } from "../../src/conformance/interpreters.ts";
import { renderConformanceMarkdown, runMatrix } from "../../src/conformance/matrix.ts";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3 } from "../support/python.ts";

const CHROMIUM = "/usr/bin/chromium";
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-coverage-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const BASELINE_TESTS = ["test_locks", "test_queues"];

describe.skipIf(python3 === null)(`--coverage on a small campaign (CPython ${python3?.version})`, () => {
  let summary: CampaignSummary;
  let coverage: CoverageSummary;
  let runDir: string;

  beforeAll(async () => {
    const result = await runCampaign({
      runs: 40,
      seed: 11,
      interpreter: python3 as Interpreter,
      workers: 2,
      reportRoot: scratch,
      runId: "coverage",
      coverage: { tests: BASELINE_TESTS, cacheDir: join(scratch, "cache") },
    });
    runDir = result.runDir as string;
    summary = CampaignSummary.parse(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")));
    coverage = summary.coverage as CoverageSummary;
  }, 900_000);

  it("writes a coverage section that its schema validates, with a baseline of the tests asked for", () => {
    expect(coverage).toBeDefined();
    expect(coverage.python).toBe(summary.interpreter.version);
    expect(coverage.pass).toBe("pure-python");
    expect(coverage.programs).toBe(summary.completed);
    expect(coverage.baseline.available).toBe(true);
    if (coverage.baseline.available) expect(Object.keys(coverage.baseline.tests).sort()).toEqual(BASELINE_TESTS);
    expect(coverage.traceCheck.compared).toBe(summary.completed);
    expect(coverage.traceCheck.unexplained).toBe(0);
    expect(coverage.workerSeconds.pure).toBeGreaterThan(0);
    expect(coverage.workerSeconds.normal).toBeGreaterThan(0);
    expect(summary.warnings).toEqual([]);
  });

  it("measures every module consistently with the line sets it carries", () => {
    const tasks = coverage.modules.find((m) => m.module === "tasks");
    const locks = coverage.modules.find((m) => m.module === "locks");
    expect(tasks?.campaign).toBeGreaterThan(0);
    expect(locks?.suite).toBeGreaterThan(0);
    expect(locks?.target).toBe(0.95);
    let suiteTotal = 0;
    let reachedTotal = 0;
    for (const m of coverage.modules) {
      const suite = new Set<number>();
      const reached = new Set<number>();
      for (const f of m.functions) {
        const campaignLines = new Set(fromRanges(f.campaignLines));
        const excluded = new Set(fromRanges(f.excluded));
        const suiteIn = fromRanges(f.suiteLines ?? "").filter((l) => !excluded.has(l));
        expect(f.suite, `${m.module} ${f.function}`).toBe(suiteIn.length);
        expect(f.reached).toBe(suiteIn.filter((l) => campaignLines.has(l)).length);
        expect(fromRanges(f.missed ?? "")).toEqual(suiteIn.filter((l) => !campaignLines.has(l)));
        if (f.outOfScope !== null) expect(f.suite).toBe(0);
        suiteIn.forEach((l) => suite.add(l));
        suiteIn.filter((l) => campaignLines.has(l)).forEach((l) => reached.add(l));
      }
      expect(m.suite, m.module).toBe(suite.size);
      expect(m.reached, m.module).toBe(reached.size);
      expect(m.ratio).toBe(suite.size === 0 ? null : Math.round((reached.size / suite.size) * 10_000) / 10_000);
      if (m.outOfScope !== null) expect(m.suite).toBe(0);
      suiteTotal += suite.size;
      reachedTotal += reached.size;
    }
    expect(coverage.totals.suite).toBe(suiteTotal);
    expect(coverage.totals.reached).toBe(reachedTotal);
    // Functions the suite enters and no program does: listed, in scope, with no campaign line.
    for (const u of coverage.unentered) {
      const f = coverage.modules.find((m) => m.module === u.module)?.functions.find((x) => x.function === u.function);
      expect(f?.campaignLines).toBe("");
      expect(f?.outOfScope).toBeNull();
      expect(f?.suite).toBe(u.suite);
    }
  });

  it("prints the table on the console and in CONFORMANCE.md", () => {
    const text = coverageText(coverage);
    const locks = coverage.modules.find((m) => m.module === "locks");
    expect(text).toMatch(new RegExp(`\\n  locks +${locks?.campaign} +${locks?.suite} +${locks?.reached} +${((locks?.ratio ?? 0) * 100).toFixed(1)}%`));
    expect(text).toContain("pure-Python vs C traces");
    const markdown = renderConformanceMarkdown(
      [{ python: summary.target, interpreter: python3 as Interpreter, summary }],
      [],
      { seed: 11, runs: 40, runId: "coverage" },
    );
    expect(markdown).toContain("## Reference coverage");
    expect(markdown).toContain(`| locks | 95% | ${locks?.reached}/${locks?.suite} (${((locks?.ratio ?? 0) * 100).toFixed(1)}%) |`);
    const without = renderConformanceMarkdown(
      [{ python: summary.target, interpreter: python3 as Interpreter, summary: { ...summary, coverage: undefined } }],
      [],
      { seed: 11, runs: 40, runId: "coverage" },
    );
    expect(without).not.toContain("Reference coverage");
  });

  it("shows the section in index.html", () => {
    const html = renderReport(runDir);
    expect(html).toContain('<section id="coverage">');
    expect(html).toContain('data-module="tasks"');
    expect(readFileSync(join(runDir, "index.html"), "utf8")).toContain('<section id="coverage">');
  });

  it.skipIf(!existsSync(CHROMIUM))("index.html in headless Chromium: the module table and the function lists", { timeout: 900_000 }, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(join(runDir, "index.html")).href, { waitUntil: "load" });
      const inScope = coverage.modules.filter((m) => m.outOfScope === null);
      expect(await page.locator("table.coverage tr.coverage-module").count()).toBe(inScope.length);
      const locks = inScope.find((m) => m.module === "locks");
      const row = page.locator('table.coverage tr[data-module="locks"]');
      expect(await row.isVisible()).toBe(true);
      expect(await row.locator("td.ratio").textContent()).toBe(`${((locks?.ratio ?? 0) * 100).toFixed(1)}%`);
      expect(await page.locator('details[data-functions="locks"] tr[data-function]').count()).toBe(
        locks?.functions.filter((f) => f.outOfScope === null && ((f.suite ?? 0) > 0 || f.campaign > 0)).length,
      );
      if (coverage.unentered.length > 0) expect(await page.locator("#coverage-unentered li").count()).toBe(coverage.unentered.length);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(python3 === null)("--matrix --coverage", () => {
  it("measures coverage in each release's campaign and puts the table in CONFORMANCE.md", { timeout: 900_000 }, async () => {
    const { rows, labelled } = await runMatrix({
      runs: 5,
      seed: 3,
      interpreters: [python3 as Interpreter],
      workers: 1,
      reportRoot: null,
      coverage: { tests: BASELINE_TESTS, cacheDir: join(scratch, "cache") },
    });
    const coverage = rows[0]?.summary.coverage;
    expect(coverage?.programs).toBe(5);
    const markdown = renderConformanceMarkdown(rows, labelled, { seed: 3, runs: 5, runId: "m" });
    expect(markdown).toContain(`| module | target | ${python3?.python} |`);
    expect(markdown).toContain(`- ${python3?.python} (CPython ${python3?.version}, 5 programs)`);
  });
});

describe("merging the coverage of shards", () => {
  it("measures the union of the shards' lines, as one campaign would", () => {
    const scope = resolveScope(
      { modules: [{ module: "streams", reason: "I/O: streams over sockets" }], functions: [{ module: "tasks", functions: ["run_coroutine_threadsafe"], reason: "threads: another thread's loop" }], branches: [], statements: [], lines: [] },
      { release: "3.12", readSource: () => null },
    );
    const suite = LineUnion.of({ tasks: { sleep: [1, 2, 3, 4], gather: [10, 11], run_coroutine_threadsafe: [20] }, streams: { f: [5] } });
    const a = LineUnion.of({ tasks: { sleep: [1, 2] }, streams: { f: [5] } });
    const b = LineUnion.of({ tasks: { sleep: [2, 3], gather: [10, 12] } });
    const section = (campaign: LineUnion): CoverageSummary => ({
      python: "3.12.1",
      release: "3.12",
      pass: "pure-python",
      tracer: "sys.monitoring",
      programs: 1,
      referenceErrors: 0,
      workerSeconds: { normal: 1, pure: 2 },
      traceCheck: { compared: 1, identical: 1, knownDifferences: {}, unexplained: 0, examples: [], pureOnlyErrors: 0, firstPureOnlyError: null },
      baseline: { available: true, build: "b", cache: "c", reused: true, tests: {}, missingTests: [], seconds: 1 },
      scope: { file: "f", rules: 2, notApplied: [] },
      ...measureCoverage({ campaign, suite, scope }),
    });
    const both = new LineUnion();
    both.add(a.toJSON());
    both.add(b.toJSON());
    const merged = mergeCoverage([section(a), section(b)]) as CoverageSummary;
    const whole = section(both);
    expect(merged.modules).toEqual(whole.modules);
    expect(merged.totals).toEqual({ suite: 6, campaign: 5, reached: 4, ratio: 0.6667 });
    expect(merged.unentered).toEqual([]);
    expect(merged.programs).toBe(2);
    expect(mergeCoverage([undefined, undefined])).toBeUndefined();
    expect(() => mergeCoverage([section(a), undefined])).toThrow(/some shards measured coverage/);

    // Measured again under other rules, without the programs: gather left out too.
    expect(remeasureCoverage(whole, scope, "f").modules).toEqual(whole.modules);
    const narrower = resolveScope(
      { modules: [], functions: [{ module: "tasks", functions: ["gather", "run_coroutine_threadsafe"], reason: "left out for this check" }], branches: [], statements: [], lines: [] },
      { release: "3.12", readSource: () => null },
    );
    const again = remeasureCoverage(whole, narrower, "edited.json");
    expect(again.scope.file).toBe("edited.json");
    expect(again.modules.find((m) => m.module === "tasks")).toMatchObject({ suite: 4, reached: 3, ratio: 0.75 });
    expect(again.modules.find((m) => m.module === "streams")).toMatchObject({ outOfScope: null, suite: 1, reached: 1 });
  });
});

describe("--coverage on Pyodide", () => {
  it("reports the lines with no baseline, and says why", { timeout: 900_000 }, async () => {
    const pyodide = await pyodideInterpreter();
    if ("reason" in pyodide) return;
    const { summary } = await runCampaign({ runs: 3, seed: 2, interpreter: pyodide, workers: 1, reportRoot: null, coverage: {} });
    const coverage = summary.coverage as CoverageSummary;
    expect(coverage.baseline).toEqual({ available: false, reason: expect.stringMatching(/Pyodide has no test package/) });
    expect(coverage.modules.find((m) => m.module === "tasks")?.campaign).toBeGreaterThan(0);
    expect(coverage.modules.every((m) => m.ratio === null && m.suite === null)).toBe(true);
    expect(coverage.unentered).toEqual([]);
    expect(coverageText(coverage)).toContain("no baseline: Pyodide has no test package");
    expect(coverage.traceCheck.unexplained).toBe(0);
  });
});

describe("where --help and the README say the baseline is cached", () => {
  it("both name ~/.cache/asyncio-ts/coverage/<build hash>.json and the variable that moves it", { timeout: 900_000 }, async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const { stdout } = await execa(process.execPath, ["--import", "tsx", "scripts/conformance.ts", "--help"], { cwd: root });
    const readme = readFileSync(join(root, "README.md"), "utf8").replace(/\s+/g, " ");
    for (const text of ["--coverage", "~/.cache/asyncio-ts/coverage/<build hash>.json", "ASYNCIO_TS_COVERAGE_CACHE", "coverage.out-of-scope.json"]) {
      expect(stdout).toContain(text);
      expect(readme).toContain(text);
    }
  });
});
