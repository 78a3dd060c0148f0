/**
 * The bounded differential run of `npm test`: 300 generated programs on our loop and on
 * the local python3 (its own release as the target) must all agree, and the programs
 * must exercise what a campaign should (not mostly trivial, not mostly deadlocked, every
 * statement kind of the default mix present; the kinds only a feature area makes are
 * checked by that area's spec).
 */
import { describe, expect, it, vi } from "vitest";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { DEFAULT_WEIGHTS } from "../../src/conformance/generate/raw.ts";
import { STATEMENT_KINDS } from "../../src/conformance/ir/index.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

describe.skipIf(python3 === null)(`differential run against ${python3?.version ?? pythonMissing}`, () => {
  it("300 generated programs agree with CPython", async () => {
    const { summary, failures } = await runCampaign({
      runs: 300,
      seed: 20261125,
      interpreter: python3!,
      workers: 2,
      reportRoot: null,
      maxShrunk: 1,
    });
    const report = failures.map((f) => `${f.key}\n${f.repro}`).join("\n\n");
    expect(summary.completed).toBe(300);
    expect(summary.referenceErrors, JSON.stringify(summary.referenceErrorList.slice(0, 2))).toBe(0);
    expect(summary.diverge, report).toBe(0);
    expect(summary.agree).toBe(300);

    const ex = summary.exercised;
    expect(ex.trivialPrograms / 300).toBeLessThan(0.5);
    // Waits on events, conditions and queues that nothing completes end in deadlock on both
    // sides; fine, unless they crowd out everything else.
    expect((ex.endings.deadlock ?? 0) / 300).toBeLessThan(0.25);
    expect(ex.tasksPerProgram.mean).toBeGreaterThanOrEqual(3);
    expect(ex.eventsPerProgram.mean).toBeGreaterThanOrEqual(10);
    // Operations with no default weight are made only by their feature area (see areas.ts).
    for (const kind of STATEMENT_KINDS.filter((k) => DEFAULT_WEIGHTS[k] > 0)) expect(ex.statements[kind], kind).toBeGreaterThan(0);
    for (const ending of ["returned", "raised", "cancelled"]) expect(ex.endings[ending], ending).toBeGreaterThan(0);
    expect(summary.warnings).toEqual([]);
  });
});
