/**
 * A failure in a report reproduces with one command each: `npm run repro -- program.json`
 * runs it once and reports; `python3 repro.py` and `npx tsx repro.ts` print the trace.
 * The failure comes from a deliberate fault, so the standalone TypeScript (which runs our
 * real loop, fault-free) prints exactly what CPython prints.
 *
 * Issue 10, item 5: faults are documented test tools. The repro command a campaign prints
 * carries the fault, so it reproduces the divergence; `repro` accepts `--fault`; the
 * headers of repro.py and repro.ts and diff.txt name the fault.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository, so that repro.ts resolves `asyncio-ts` to this package.
const REPORTS = join(ROOT, "reports", `.spec-repro-${process.pid}`);
afterAll(() => rmSync(REPORTS, { recursive: true, force: true }));

describe.skipIf(python3 === null)(`reproducing a reported failure (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("takes one command per form, and the standalone files print the same trace", async () => {
    const { failures } = await runCampaign({
      runs: 500,
      seed: 4242,
      interpreter: python3!,
      workers: 2,
      faults: { sameIterationCallbacks: true },
      stopOnFailure: true,
      maxShrunk: 1,
      reportRoot: REPORTS,
      runId: "run",
    });
    const dir = failures[0]?.dir;
    expect(dir).toBeTruthy();
    for (const file of ["program.json", "repro.py", "repro.ts", "trace.python.json", "trace.ours.json", "diff.txt"]) {
      expect(existsSync(join(dir!, file)), file).toBe(true);
    }

    const repro = await execa(process.execPath, ["--import", "tsx", "scripts/repro.ts", join(dir!, "program.json"), "--python", python3!.path], {
      cwd: ROOT,
      reject: false,
    });
    // Without the fault our loop agrees with CPython on it: the repro says so, once.
    expect(repro.exitCode, repro.stdout + repro.stderr).toBe(0);
    expect(repro.stdout.match(/^agrees: /gm)).toHaveLength(1);

    // With it, the program diverges again: from the file, and from the printed command.
    const withFault = await execa(
      process.execPath,
      ["--import", "tsx", "scripts/repro.ts", join(dir!, "program.json"), "--fault", "sameIterationCallbacks", "--python", python3!.path],
      { cwd: ROOT, reject: false },
    );
    expect(withFault.exitCode, withFault.stdout + withFault.stderr).toBe(1);
    expect(withFault.stdout).toContain("first divergence");
    expect(withFault.stderr).toContain("test-only loop fault sameIterationCallbacks");
    const printed = failures[0]!.repro;
    expect(printed).toMatch(/^npm run repro -- --seed 4242 --path \d+(:\d+)* --target 3\.\d+ --fault sameIterationCallbacks --python /);
    const args = printed.replace(/^npm run repro -- /, "").split(" ");
    const fromCommand = await execa(process.execPath, ["--import", "tsx", "scripts/repro.ts", ...args], { cwd: ROOT, reject: false });
    expect(fromCommand.exitCode, fromCommand.stdout + fromCommand.stderr).toBe(1);
    expect(fromCommand.stdout).toContain("first divergence");

    // The files say so too.
    for (const file of ["repro.py", "repro.ts"]) {
      const header = readFileSync(join(dir!, file), "utf8").split("\n")[0];
      expect(header, file).toContain("test-only loop fault sameIterationCallbacks (--fault sameIterationCallbacks)");
      expect(header, file).toContain(printed);
    }
    const diff = readFileSync(join(dir!, "diff.txt"), "utf8");
    expect(diff.split("\n")[0]).toBe(`reproduce: ${printed}`);
    expect(diff).toContain("Found with the test-only loop fault sameIterationCallbacks (--fault sameIterationCallbacks)");

    const py = await execa(python3!.path, [join(dir!, "repro.py")]);
    const ts = await execa(process.execPath, ["--import", "tsx", join(dir!, "repro.ts")], { cwd: ROOT });
    const lines = py.stdout.split("\n");
    expect(lines.at(-2)).toMatch(/^\{"outcome": /);
    expect(lines.at(-1)).toMatch(/^\{"final": /);
    expect(ts.stdout).toBe(py.stdout);
  });
});
