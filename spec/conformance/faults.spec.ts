/**
 * The kit catches real bugs. Each of four deliberate faults, switched on in our loop
 * through a test-only option, must make a campaign of at most 2,000 programs report a
 * divergence whose shrunk program has at most 10 statements. With the fault off, the
 * same minimal program agrees with CPython: the divergence is the fault's.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LoopFaults } from "../../src/conformance/faults.ts";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { compareProgram } from "../../src/conformance/compare.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { countStatements } from "../../src/conformance/shrink.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const FAULTS: [string, LoopFaults][] = [
  ["FIFO timer ties instead of heap order", { fifoTimers: true }],
  ["callbacks added during an iteration run in that iteration", { sameIterationCallbacks: true }],
  ["an awaiting task wakes in the iteration of the completion", { sameIterationWakeups: true }],
  ["a 1 ms clock-resolution window instead of 1e-9", { coarseClockResolution: true }],
];

describe.skipIf(python3 === null)(`deliberate faults are caught (against ${python3?.version ?? pythonMissing})`, () => {
  let pool: ReferencePool;
  beforeAll(async () => {
    pool = await ReferencePool.start({ interpreter: python3!, workers: 2 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it.each(FAULTS)("%s", async (_name, faults) => {
    const { summary, failures } = await runCampaign({
      runs: 2000,
      seed: 4242,
      interpreter: python3!,
      pool,
      faults,
      reportRoot: null,
      stopOnFailure: true,
      maxShrunk: 1,
    });
    expect(summary.diverge).toBeGreaterThan(0);
    expect(summary.completed).toBeLessThanOrEqual(2000);
    const failure = failures[0]!;
    expect(failure.minimalResult.status).toBe("diverge");
    expect(countStatements(failure.minimal)).toBeLessThanOrEqual(10);
    expect(failure.repro).toMatch(/^npm run repro -- --seed 4242 --path \d+(:\d+)* --target 3\.\d+/);

    const healthy = await compareProgram(failure.minimal, { pool, python: python3!.python });
    expect(healthy.status).toBe("agree");
  });
});
