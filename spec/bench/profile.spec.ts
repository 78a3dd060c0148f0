/**
 * The benchmark's CPU-profile summary (scripts/bench/profile.ts): which samples count (only
 * those inside the measured runs) and which part each one's self time goes to. The first
 * spec feeds it a profile written here, so every share is known; the second profiles a
 * small real run, and checks only what cannot depend on timing.
 */
import { describe, expect, it } from "vitest";
import { BENCH_DIR } from "../../scripts/bench/children.ts";
import { profileNode, summarizeProfile } from "../../scripts/bench/profile.ts";

const WORKLOAD = "/scripts/bench/ring/asyncio_ts.ts";
const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url } });

describe("summarizeProfile", () => {
  const profile = {
    nodes: [
      frame(1, "(garbage collector)", ""),
      frame(2, "_step", "file:///repo/src/asyncio/tasks.ts"),
      frame(3, "worker", `file:///repo${WORKLOAD}`),
      frame(4, "runBatch", "file:///repo/src/asyncio/base_events.ts"),
      frame(5, "(idle)", ""),
      frame(6, "readFileSync", "node:fs"),
    ],
    startTime: 1000,
    // Sample times: 1010 (before the runs), 1020, 1030, 1040, 1050, 1060 (between runs),
    // 1070, 1080 and 1200 (after the last run).
    samples: [6, 2, 2, 3, 1, 6, 4, 5, 2],
    timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10, 120],
  };
  const spans: [number, number][] = [
    [1015, 1055],
    [1065, 1085],
  ];

  it("counts only the samples inside the measured runs, by part and by function", () => {
    const summary = summarizeProfile(profile, spans, WORKLOAD);
    expect(summary.sampledMs).toBeCloseTo(0.06, 6); // six samples of 10 µs
    expect(summary.busyMs).toBeCloseTo(0.05, 6); // one of them idle
    expect(Object.fromEntries(summary.parts.map((p) => [p.name, p.share]))).toEqual({
      "asyncio-ts tasks.ts": 2 / 6,
      "the workload's coroutines": 1 / 6,
      "garbage collection": 1 / 6,
      "asyncio-ts base_events.ts": 1 / 6,
      idle: 1 / 6,
    });
    expect(summary.parts[0]?.name).toBe("asyncio-ts tasks.ts");
    expect(summary.top[0]).toEqual({ name: "_step (tasks.ts)", share: 2 / 6 });
  });

  it("counts nothing when no sample falls inside a run", () => {
    const summary = summarizeProfile(profile, [[2000, 3000]], WORKLOAD);
    expect(summary.sampledMs).toBe(0);
    expect(summary.parts).toEqual([]);
  });
});

describe("profileNode", () => {
  it("profiles a real run of the sleep(0) ring: busy samples, shares that add up to one, known parts", async () => {
    const summary = await profileNode(`${BENCH_DIR}ring/asyncio_ts.ts`, { params: { tasks: 1000, steps: 100 }, warmup: 1, runs: 3 });
    expect(summary.busyMs).toBeGreaterThan(0);
    expect(summary.parts.reduce((sum, p) => sum + p.share, 0)).toBeCloseTo(1, 6);
    for (const part of summary.parts) {
      expect(part.name).toMatch(/^(garbage collection|idle|the workload's coroutines|the rest \(Node, the runner\)|asyncio-ts [a-z_]+\.ts)$/);
    }
  }, 120_000);
});
