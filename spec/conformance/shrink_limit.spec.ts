/**
 * Issue 10, items 7 and 13: the shrink limit is a flag (`--max-shrunk`), and every
 * failure kind that was not shrunk is listed on the console and in summary.json with the
 * command that reproduces its first program, which does reproduce it. Progress says which
 * failure it is shrinking, and its first line does not pretend to know a rate.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { unshrunkKinds } from "../../src/conformance/campaign.ts";
import { progressText } from "../../src/conformance/progress.ts";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-shrinklimit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("progress lines", () => {
  it("the first line estimates instead of dividing by nothing; shrinking says which of how many", () => {
    const base = { total: 2000, diverged: 0, referenceErrors: 0 };
    expect(progressText({ ...base, done: 0, elapsedMs: 3, phase: "running" })).toBe("0/2000 estimating the rate..., 0 diverged, 0 reference errors");
    expect(progressText({ ...base, done: 3, elapsedMs: 200, phase: "running" })).toBe("3/2000 estimating the rate..., 0 diverged, 0 reference errors");
    expect(progressText({ ...base, done: 100, elapsedMs: 4000, phase: "running" })).toBe("100/2000 25 programs/s, 76s left, 0 diverged, 0 reference errors");
    expect(progressText({ ...base, done: 9, elapsedMs: 3000, phase: "running" })).toBe("9/2000 3.0 programs/s, 664s left, 0 diverged, 0 reference errors");
    expect(progressText({ ...base, done: 9, diverged: 4, elapsedMs: 3000, phase: "shrinking", shrinking: { current: 1, of: 3 } })).toBe(
      "shrinking failure 1/3 (4 diverged)...",
    );
  });
});

describe.skipIf(python3 === null)(`failure kinds not shrunk (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("--max-shrunk 1 shrinks one kind and lists every other with a repro command that reproduces it", async () => {
    const result = await execa(
      process.execPath,
      ["--import", "tsx", "scripts/conformance.ts", "--runs", "120", "--seed", "77", "--workers", "2", "--python", python3!.path,
        "--fault", "sameIterationWakeups", "--max-shrunk", "1", "--report-root", scratch],
      { cwd: ROOT, reject: false },
    );
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^progress: 0\/120 estimating the rate\.\.\./m);
    expect(result.stderr).toContain("progress: shrinking failure 1/1");

    const [run] = readdirSync(scratch);
    const summary = CampaignSummary.parse(JSON.parse(readFileSync(join(scratch, run!, "summary.json"), "utf8")));
    expect(summary.maxShrunk).toBe(1);
    expect(summary.failures).toHaveLength(1);
    const rest = unshrunkKinds(summary);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.length).toBe(summary.failureKeys.length - 1);
    expect(result.stdout).toContain(`${rest.length} failure kind${rest.length === 1 ? "" : "s"} not shrunk (--max-shrunk 1); each reproduces with its first program:`);
    for (const kind of summary.failureKeys) {
      expect(kind.repro).toBe(
        `npm run repro -- --seed 77 --path ${kind.firstIndex} --target ${summary.target} --fault sameIterationWakeups --python ${python3!.path}`,
      );
    }
    for (const kind of rest) expect(result.stdout).toContain(`  ${kind.key} (${kind.count} program${kind.count === 1 ? "" : "s"}, first ${kind.firstIndex})\n    reproduce: ${kind.repro}`);
    // The HTML report lists them too.
    const html = readFileSync(join(scratch, run!, "index.html"), "utf8");
    for (const kind of rest) expect(html).toContain(`--path ${kind.firstIndex} `);

    // The command of a kind that was not shrunk reproduces a divergence.
    const args = rest[0]!.repro.replace(/^npm run repro -- /, "").split(" ");
    const repro = await execa(process.execPath, ["--import", "tsx", "scripts/repro.ts", ...args], { cwd: ROOT, reject: false });
    expect(repro.exitCode, repro.stdout + repro.stderr).toBe(1);
    expect(repro.stdout).toContain("first divergence");
  });
});
