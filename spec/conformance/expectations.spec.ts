/**
 * The expectations file: a campaign fails on a divergence it does not expect, passes once
 * `--update-expectations` recorded it, and fails again when an expected failure's program
 * agrees (here: when the deliberate fault that caused it is switched off). The file is
 * self-contained: recorded programs are inline, so deleting the reports changes nothing;
 * a program named by path must be committed (never under reports/) and is checked before
 * any program runs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Expectations, loadExpectations } from "../../src/conformance/expectations.ts";
import { parseProgram } from "../../src/conformance/ir/index.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-expect-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const campaign = (expectations: string, ...args: string[]) =>
  execa(
    process.execPath,
    ["--import", "tsx", "scripts/conformance.ts", ...(args.includes("--runs") ? [] : ["--runs", "60"]), "--seed", "4242", "--no-shrink", "--python", python3!.path,
      "--workers", "2", "--report-root", join(scratch, "reports"), "--expectations", expectations, ...args],
    { cwd: ROOT, reject: false },
  );

const PROGRAM = { schema: 1, exceptions: [], coroutines: {}, main: [{ op: "sleep", delay: 1 }, { op: "return", value: 1 }] };
const entry = (program: unknown) => ({ bugs: [{ key: "k", cause: "c", versions: [], issue: null, program }], known: [] });

describe.skipIf(python3 === null)(`expectations (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("fails on the unexpected, records it inline on request, survives losing the reports, and notices the fix", async () => {
    const file = join(scratch, "expectations.json");
    const first = await campaign(file, "--fault", "sameIterationWakeups");
    expect(first.exitCode, first.stdout).toBe(1);
    expect(first.stdout).toContain("UNEXPECTED divergence");
    expect(first.stdout).toMatch(/UNEXPECTED divergence: .*\n {2}reproduce: npm run repro -- --seed 4242 --path \d+ .*--fault sameIterationWakeups/);

    const update = await campaign(file, "--fault", "sameIterationWakeups", "--update-expectations");
    expect(update.stdout).toContain(`updated ${file}`);
    const recorded = Expectations.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(recorded.bugs.length).toBeGreaterThan(0);
    // Every recorded program is inline and valid: nothing points into reports/.
    expect(recorded.bugs.some((b) => b.program !== null)).toBe(true);
    for (const bug of recorded.bugs) {
      expect(typeof bug.program).not.toBe("string");
      if (bug.program !== null) parseProgram(bug.program);
    }
    expect(readFileSync(file, "utf8")).not.toContain("reports");

    // The reports go (a CI cleanup): the file still does its job.
    rmSync(join(scratch, "reports"), { recursive: true, force: true });
    const expected = await campaign(file, "--fault", "sameIterationWakeups");
    expect(expected.exitCode, expected.stdout + expected.stderr).toBe(0);
    expect(expected.stdout).toContain("expected divergence (bugs)");
    expect(expected.stdout).not.toContain("UNEXPECTED");

    const fixed = await campaign(file);
    expect(fixed.exitCode, fixed.stdout).toBe(1);
    expect(fixed.stdout).toContain("expected failure now passes");
  });

  it("refuses a malformed file, a program under reports/ and a missing program file, before any program runs", async () => {
    const bad = join(scratch, "bad.json");
    writeFileSync(bad, JSON.stringify({ bugs: [{ key: "k", cause: "", versions: ["2.7"], issue: null, program: null }], known: [] }));
    const malformed = await campaign(bad, "--runs", "2");
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toMatch(/bad\.json is not a valid expectations file: at bugs\.0\.cause/);

    mkdirSync(join(scratch, "reports", "run", "failures", "1"), { recursive: true });
    writeFileSync(join(scratch, "reports", "run", "failures", "1", "program.json"), JSON.stringify(PROGRAM));
    const intoReports = join(scratch, "into-reports.json");
    writeFileSync(intoReports, JSON.stringify(entry("reports/run/failures/1/program.json")));
    const refused = await campaign(intoReports, "--runs", "2");
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("bugs.0.program names reports/run/failures/1/program.json, but it is inside reports/");
    expect(refused.stdout).toBe(""); // nothing ran
    expect(refused.stderr).not.toContain("progress:");

    const missing = join(scratch, "missing.json");
    writeFileSync(missing, JSON.stringify(entry("spec/regressions/gone.json")));
    const gone = await campaign(missing, "--runs", "2");
    expect(gone.exitCode).toBe(2);
    expect(gone.stderr).toContain("bugs.0.program names spec/regressions/gone.json, which does not exist");
  });

  it("accepts a committed program file and an inline program, and rejects an inline program that is not valid IR", () => {
    const dir = join(scratch, "repo");
    mkdirSync(join(dir, "spec", "regressions"), { recursive: true });
    writeFileSync(join(dir, "spec", "regressions", "kept.json"), JSON.stringify(PROGRAM));
    writeFileSync(join(dir, "e.json"), JSON.stringify({ bugs: [entry("spec/regressions/kept.json").bugs[0], entry(PROGRAM).bugs[0]], known: [] }));
    const loaded = loadExpectations(join(dir, "e.json"));
    expect([...loaded.programs.values()]).toEqual([PROGRAM, PROGRAM]);

    writeFileSync(join(dir, "bad.json"), JSON.stringify(entry({ ...PROGRAM, main: [{ op: "sleep", delay: "soon" }] })));
    expect(() => loadExpectations(join(dir, "bad.json"))).toThrow(/bad\.json: bugs\.0\.program.*main\.0\.delay/);
    expect(existsSync(join(dir, "e.json"))).toBe(true);
  });
});
