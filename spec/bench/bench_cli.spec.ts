/**
 * `npm run bench` as a tool (not its timings: speed is measured by the benchmark itself,
 * never by a spec). Its `--help` is what the README documents; a tiny run prints one JSON
 * object of the documented shape, with every implementation doing the same work (the
 * checksums agree, or the command fails); bad options are refused before any work.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { python3, pythonMissing } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const bench = (...args: string[]) =>
  execa(process.execPath, ["--import", "tsx", "scripts/bench.ts", ...args], { cwd: ROOT, reject: false, timeout: 900_000 });

describe("npm run bench", () => {
  it("--help exits 0 and lists the options exactly as the README does", async () => {
    const { exitCode, stdout } = await bench("--help");
    expect(exitCode).toBe(0);
    const options = stdout.slice(stdout.indexOf("Options:\n") + "Options:\n".length).trimEnd();
    const readme = readFileSync(`${ROOT}README.md`, "utf8");
    const block = /```\nnpm run bench -- \[options\]\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(block.trimEnd()).toBe(options);
    for (const flag of ["--runs", "--warmup", "--workload", "--skip", "--python", "--scale", "--no-memory", "--no-profile", "--json", "--no-write"]) {
      expect(options).toContain(flag);
    }
  });

  it("refuses an unknown workload, a bad count and an unknown flag before running anything", async () => {
    for (const args of [["--workload", "nope"], ["--runs", "0"], ["--frobnicate"]]) {
      const { exitCode, stderr, stdout } = await bench(...args);
      expect(exitCode, args.join(" ")).toBe(2);
      expect(stderr).toMatch(/^bench: /);
      expect(stdout).toBe("");
    }
  });

  it.skipIf(python3 === null)(
    `--only kit prints the kit rows (workers alone, campaign, their ratio, corpus replay) in a "kit" object (${python3?.version ?? pythonMissing})`,
    async () => {
      const { exitCode, stdout, stderr } = await bench("--only", "kit", "--kit-runs", "20", "--python", python3!.path, "--no-write", "--json");
      expect(exitCode, stderr).toBe(0);
      const result = JSON.parse(stdout) as {
        workloads: unknown[];
        kit: { runs: number; workersAlone: { perSecond: number }; campaign: { perSecond: number; agree: number }; ratio: number; replay: { perSecond: number; programRuns: number } };
      };
      expect(result.workloads).toEqual([]);
      expect(result.kit.runs).toBe(20);
      expect(result.kit.campaign.agree).toBe(20);
      expect(result.kit.workersAlone.perSecond).toBeGreaterThan(0);
      expect(result.kit.ratio).toBeCloseTo(result.kit.campaign.perSecond / result.kit.workersAlone.perSecond, 1);
      expect(result.kit.replay.programRuns).toBeGreaterThan(0);
    },
    // A safety net for a loaded machine (it replays the whole corpus), never a measurement.
    900_000,
  );

  it.skipIf(python3 === null)(
    `a tiny run prints one JSON object with the ratios (against ${python3?.version ?? pythonMissing})`,
    async () => {
      const { exitCode, stdout, stderr } = await bench(
        ...["--workload", "sleep0_ring", "--workload", "lock_semaphore", "--scale", "0.01", "--runs", "1", "--warmup", "0"],
        ...["--skip", "effection", "--skip", "asyncio-ts-real", "--skip", "asyncio-ts-async-with"],
        ...["--python", python3!.path, "--no-write", "--json"],
      );
      expect(exitCode, stderr).toBe(0);
      const result = JSON.parse(stdout) as {
        workloads: { name: string; vsCPython: Record<string, number>; vsNative: number; checksum: number; profile: { parts: Record<string, number> } }[];
        memory: { bytesPerPendingTask: Record<string, number> };
      };
      expect(result.workloads.map((w) => w.name)).toEqual(["sleep0_ring", "lock_semaphore"]);
      for (const workload of result.workloads) {
        expect(Object.keys(workload.vsCPython)).toEqual([python3!.python]);
        expect(workload.vsCPython[python3!.python]).toBeGreaterThan(0);
        expect(workload.vsNative).toBeGreaterThan(0);
        expect(workload).not.toHaveProperty("vsEffection");
        // asyncio-ts's runs profiled again (a tiny run may catch few samples: only the shape).
        for (const share of Object.values(workload.profile.parts)) expect(share).toBeGreaterThan(0);
      }
      // 100 tasks x 100 steps, and 2 x 100 tasks x 3 rounds, whoever ran them.
      expect(result.workloads.map((w) => w.checksum)).toEqual([10_000, 600]);
      expect(result.memory.bytesPerPendingTask["asyncio-ts"]).toBeGreaterThan(0);
      expect(result.memory.bytesPerPendingTask[python3!.python]).toBeGreaterThan(0);
    },
  );
});
