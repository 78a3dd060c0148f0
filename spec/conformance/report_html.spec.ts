/**
 * The HTML report shows a person what went wrong. A campaign with a deliberate loop fault
 * (FIFO timer ties) writes `index.html` next to `summary.json`; opened from disk in
 * headless Chromium (Debian's, driven by playwright-core), the page shows the summary
 * numbers, the failure's minimal program in Python and TypeScript, both traces with the
 * first divergent line marked, and a timeline with one lane per task and the divergent
 * event highlighted, loads nothing from anywhere else and logs no error. Without a
 * browser, the page's escaping and its handling of an unfinished run are still checked.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCampaign, type CampaignFailure } from "../../src/conformance/campaign.ts";
import type { Divergence } from "../../src/conformance/diff.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { escapeHtml, renderReport, writeHtmlReport } from "../../src/conformance/html_report.ts";
import type { CampaignSummary } from "../../src/conformance/report.ts";
import type { Trace } from "../../src/conformance/trace.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-report-html-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const missing =
  python3 === null
    ? `no python3: ${pythonMissing}`
    : !existsSync(CHROMIUM)
      ? `no ${CHROMIUM} (apt-get install chromium)`
      : null;

describe.skipIf(missing !== null)(
  `the HTML report of a campaign with an injected fault, in headless Chromium (${missing ?? `python3 ${python3?.version}, ${CHROMIUM}`})`,
  () => {
    let summary: CampaignSummary;
    let failure: CampaignFailure;
    let divergence: Divergence;
    let pythonTrace: Trace;
    let runDir: string;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];

    beforeAll(async () => {
      const result = await runCampaign({
        runs: 2000,
        seed: 4242,
        interpreter: python3!,
        workers: 2,
        faults: { fifoTimers: true },
        stopOnFailure: true,
        maxShrunk: 1,
        reportRoot: scratch,
        runId: "fifo-timers",
      });
      summary = result.summary;
      failure = result.failures[0]!;
      expect(failure.minimalResult.status).toBe("diverge");
      divergence = failure.minimalResult.divergence!;
      const reference = failure.minimalResult.reference;
      if (!reference.ok) throw new Error(`the reference failed on the minimal program: ${reference.error}`);
      pythonTrace = reference.trace;
      runDir = result.runDir!;

      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(String(error)));
      page.on("request", (request) => {
        if (!request.url().startsWith("file://")) foreignRequests.push(request.url());
      });
      await page.goto(pathToFileURL(join(runDir, "index.html")).href, { waitUntil: "load" });
    }, 900_000);

    afterAll(async () => {
      await browser?.close();
    });

    it("is written by the campaign next to summary.json", () => {
      expect(existsSync(join(runDir, "summary.json"))).toBe(true);
      expect(readFileSync(join(runDir, "index.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
    });

    it("shows the summary numbers", async () => {
      const value = (stat: string) => page.locator(`[data-stat="${stat}"] .value`).textContent();
      expect(await value("completed")).toBe(String(summary.completed));
      expect(await value("agree")).toBe(String(summary.agree));
      expect(await value("diverge")).toBe(String(summary.diverge));
      expect(await value("referenceErrors")).toBe(String(summary.referenceErrors));
      expect(await value("seed")).toBe("4242");
      expect(await value("target")).toBe(summary.target);
      expect(await value("interpreter")).toBe(`CPython ${summary.interpreter.version}`);
      expect(await value("programsPerSecond")).toBe(String(summary.programsPerSecond));
      expect(await value("faults")).toBe("fifoTimers");
      expect(await page.locator("#verdict").textContent()).toContain(`${summary.diverge} program`);
      // What the programs exercised: every statement kind with its count.
      const kinds = Object.entries(summary.exercised.statements);
      expect(await page.locator("table.statements tr[data-kind]").count()).toBe(kinds.length);
      for (const [kind, n] of kinds.slice(0, 5)) {
        expect(await page.locator(`table.statements tr[data-kind="${kind}"] td.num`).textContent()).toBe(String(n));
      }
      expect(await page.locator('tr[data-spread="tasksPerProgram"]').textContent()).toContain(
        String(summary.exercised.tasksPerProgram.max),
      );
    });

    it("shows the minimal program in Python and TypeScript side by side, with the repro command", async () => {
      const python = await page.locator("#failure-1-python code").textContent();
      const typescript = await page.locator("#failure-1-typescript code").textContent();
      expect(python).toBe(emitPython(failure.minimal, { python: summary.target }).trimEnd());
      expect(typescript).toBe(emitTs(failure.minimal, { python: summary.target }).trimEnd());
      const left = await page.locator("#failure-1-python").boundingBox();
      const right = await page.locator("#failure-1-typescript").boundingBox();
      expect(left && right && right.x > left.x + left.width - 1 && Math.abs(right.y - left.y) < 2).toBe(true);
      expect(await page.locator("#failure-1-repro").textContent()).toContain(failure.repro);
    });

    it("marks the first divergent line in both traces", async () => {
      const marked = page.locator("#failure-1 tr.divergence");
      expect(await marked.count()).toBe(1);
      const row = page.locator("#failure-1-divergence");
      expect(await row.getAttribute("class")).toContain("divergence");
      expect(await row.getAttribute("data-line")).toBe(String(divergence.index + 1));
      expect(await row.locator("td.python").textContent()).toBe(divergence.python[0]);
      expect(await row.locator("td.ours").textContent()).toBe(divergence.ours[0]);
      expect(await row.isVisible()).toBe(true);
    });

    it("draws a timeline with one lane per task and the divergent event highlighted", async () => {
      const timeline = page.locator("#failure-1-timeline");
      expect(await timeline.isVisible()).toBe(true);
      const tasks = 1 + pythonTrace.events.filter((e) => e.what.startsWith("spawn ")).length;
      const lanes = await timeline.locator("g.lane").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-lane")));
      expect(lanes).toHaveLength(tasks + 1);
      expect(lanes[0]).toBe("main");
      expect(lanes.at(-1)).toBe("(callbacks)");
      expect(await timeline.locator("g.mark.python.event").count()).toBe(pythonTrace.events.length);

      const mark = page.locator("#failure-1-mark-python");
      expect(await mark.getAttribute("class")).toContain("divergent");
      const event = JSON.parse(divergence.python[0]!) as { what: string; task: string | null };
      expect(await mark.locator("title").textContent()).toContain(`${event.task ?? "(callbacks)"}: ${event.what}`);
      expect(await mark.getAttribute("data-lane")).toBe(event.task ?? "(callbacks)");
      // Runs in the page (this project's TypeScript has no DOM types).
      type Window = { getComputedStyle(element: unknown): { stroke: string } };
      const stroke = await mark
        .locator("circle:not(.halo)")
        .evaluate((c) => (globalThis as unknown as Window).getComputedStyle(c).stroke);
      expect(stroke).toBe("rgb(198, 40, 40)");
      expect(await page.locator("#failure-1-mark-ours").getAttribute("class")).toContain("divergent");
    });

    it("loads nothing from elsewhere and logs no error", () => {
      expect(consoleErrors).toEqual([]);
      expect(foreignRequests).toEqual([]);
    });

    it("renders to a screenshot", async () => {
      const path = join(scratch, "report.png");
      await page.screenshot({ path, fullPage: true });
      const png = readFileSync(path);
      expect(png.length).toBeGreaterThan(10_000);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    });
  },
);

describe("the HTML report without a browser", () => {
  it("escapes what it shows", () => {
    expect(escapeHtml(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    const dir = join(scratch, "hostile");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "summary.json"), JSON.stringify({ runId: "<script>alert(1)</script>", warnings: ["<img src=x>"] }));
    const html = renderReport(dir);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("does not match the current summary schema");
  });

  it("renders an unfinished run (no summary.json) with the failures written so far", () => {
    const dir = join(scratch, "unfinished");
    mkdirSync(join(dir, "failures", "1"), { recursive: true });
    const path = writeHtmlReport(dir);
    const html = readFileSync(path, "utf8");
    expect(html).toContain("summary.json is missing");
    expect(html).toContain('id="failure-1"');
    expect(html).toContain("program.json is missing");
  });
});
