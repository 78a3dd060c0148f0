/**
 * A campaign split into shards (`--shard K/N`) runs exactly the unsharded campaign's
 * programs, and merging the shards' summaries gives the unsharded summary (times aside),
 * failures and their counts included. `npm run report -- merge` does it from the
 * shards' report directories.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { comparableSummary, mergeSummaries } from "../../src/conformance/merge.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-shards-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(python3 === null)(`sharded campaigns (python3 ${python3?.version ?? pythonMissing})`, () => {
  let pool: ReferencePool;
  beforeAll(async () => {
    pool = await ReferencePool.start({ interpreter: python3!, workers: 2 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it("4 shards merged give the unsharded summary, divergences included", async () => {
    // A deliberate fault gives the campaign divergences of several kinds to merge.
    const common = { runs: 160, seed: 77, interpreter: python3!, pool, faults: { sameIterationWakeups: true }, shrink: false };
    const whole = await runCampaign({ ...common, reportRoot: join(scratch, "whole"), runId: "whole" });
    const shards = [];
    for (let k = 1; k <= 4; k++) {
      shards.push(
        (await runCampaign({ ...common, shard: { index: k, count: 4 }, reportRoot: join(scratch, "shards"), runId: `s${k}` }))
          .summary,
      );
    }
    expect(shards.map((s) => s.completed)).toEqual([40, 40, 40, 40]);
    expect(whole.summary.diverge).toBeGreaterThan(0);
    expect(whole.summary.failureKeys.length).toBeGreaterThan(1);
    const merged = mergeSummaries(shards, "merged");
    expect(comparableSummary(merged)).toEqual(comparableSummary(whole.summary));

    // The same through the CLI, from the shards' report directories.
    const out = join(scratch, "merged");
    const cli = await execa(
      process.execPath,
      ["--import", "tsx", "scripts/report.ts", "merge", ...[1, 2, 3, 4].map((k) => join(scratch, "shards", `s${k}`)), "--out", out],
      { cwd: ROOT, reject: false },
    );
    expect(cli.stdout).toContain(`${whole.summary.agree} of 160 programs agree`);
    // The merged report has its HTML page too, naming the merged directory.
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain(`Written by asyncio-ts from ${out}.`);
    expect(html).toContain(`${whole.summary.diverge} programs diverge`);
    const written = CampaignSummary.parse(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(comparableSummary({ ...written, failures: written.failures.map((f) => ({ ...f, dir: null })) })).toEqual(
      comparableSummary({ ...whole.summary, failures: whole.summary.failures.map((f) => ({ ...f, dir: null })) }),
    );
  });

  it("refuses to merge shards of different campaigns", async () => {
    const a = await runCampaign({ runs: 8, seed: 1, interpreter: python3!, pool, reportRoot: null, shard: { index: 1, count: 2 } });
    const b = await runCampaign({ runs: 8, seed: 2, interpreter: python3!, pool, reportRoot: null, shard: { index: 2, count: 2 } });
    expect(() => mergeSummaries([a.summary, b.summary], "x")).toThrow(/not a shard of the same campaign/);
    expect(() => mergeSummaries([a.summary, a.summary], "x")).toThrow(/a shard appears twice/);
  });
});
