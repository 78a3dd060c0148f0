/**
 * The expectations file: a campaign fails on a divergence it does not expect, passes once
 * `--update-expectations` recorded it, and fails again when an expected failure's program
 * agrees (here: when the deliberate fault that caused it is switched off).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { Expectations } from "../../src/conformance/expectations.ts";
import { python3, pythonMissing } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-expect-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const campaign = (...args: string[]) =>
  execa(
    process.execPath,
    ["--import", "tsx", "scripts/conformance.ts", "--runs", "60", "--seed", "4242", "--no-shrink", "--python", python3!.path,
      "--report-root", join(scratch, "reports"), "--expectations", join(scratch, "expectations.json"), ...args],
    { cwd: ROOT, reject: false },
  );

describe.skipIf(python3 === null)(`expectations (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("fails on the unexpected, records it on request, and notices when it is fixed", async () => {
    const file = join(scratch, "expectations.json");
    const first = await campaign("--fault", "sameIterationWakeups");
    expect(first.exitCode, first.stdout).toBe(1);
    expect(first.stdout).toContain("UNEXPECTED divergence");

    const update = await campaign("--fault", "sameIterationWakeups", "--update-expectations");
    expect(update.stdout).toContain(`updated ${file}`);
    const recorded = Expectations.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(recorded.bugs.length).toBeGreaterThan(0);
    // The shrunk failures keep their minimal program; every recorded program exists.
    expect(recorded.bugs.some((b) => b.program !== null)).toBe(true);
    expect(recorded.bugs.every((b) => b.program === null || existsSync(b.program))).toBe(true);

    const expected = await campaign("--fault", "sameIterationWakeups");
    expect(expected.exitCode, expected.stdout).toBe(0);
    expect(expected.stdout).toContain("expected divergence (bugs)");
    expect(expected.stdout).not.toContain("UNEXPECTED");

    const fixed = await campaign();
    expect(fixed.exitCode, fixed.stdout).toBe(1);
    expect(fixed.stdout).toContain("expected failure now passes");
  });

  it("rejects a malformed expectations file with the path of the problem", async () => {
    const bad = join(scratch, "bad.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(bad, JSON.stringify({ bugs: [{ key: "k", cause: "", versions: ["2.7"], issue: null, program: null }], known: [] }));
    const result = await execa(
      process.execPath,
      ["--import", "tsx", "scripts/conformance.ts", "--runs", "2", "--seed", "1", "--python", python3!.path,
        "--report-root", join(scratch, "r2"), "--expectations", bad],
      { cwd: ROOT, reject: false },
    );
    expect(result.stderr + result.stdout).toMatch(/bad\.json is not a valid expectations file: at bugs\.0\.cause/);
  });
});
