/**
 * Issue 10, item 2: results are never lost to an unwritable or full report directory. The
 * run directory is checked before the first program (one line, exit 2, nothing run); the
 * summary is printed before any file is written; a report that cannot be written is
 * removed whole (no partial directory, no temporary file), said so in one line, and the
 * campaign exits 3.
 *
 * The file systems are real. The specs run as root, for whom permissions do not make a
 * directory unwritable, so they use: a report root whose parent is a file (ENOTDIR); a
 * read-only tmpfs and a 256 KiB tmpfs filled up while the campaign runs (EROFS, ENOSPC;
 * both need `mount`, and are skipped, saying why, where it is not permitted); and a file
 * size limit (`ulimit -f`, EFBIG), which works everywhere.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ReportWriteError, writeFileAtomic, writeReportAtomically } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";
import { waitFor } from "./processes.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-reportwrite-"));

/** Mounts a tmpfs at `dir` with `options`; returns null, or why it could not. */
async function mountTmpfs(dir: string, options: string): Promise<string | null> {
  mkdirSync(dir, { recursive: true });
  const result = await execa("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { reject: false });
  if (result.exitCode === 0) return null;
  const why = String(result.stderr || result.message || "").split("\n")[0] ?? "";
  return `mount -t tmpfs -o ${options} is not permitted here (${why}); it needs root with CAP_SYS_ADMIN`;
}

const READ_ONLY = join(scratch, "ro");
const SMALL = join(scratch, "small");
let readOnlyMissing: string | null = "not tried yet";
let smallMissing: string | null = "not tried yet";
beforeAll(async () => {
  readOnlyMissing = await mountTmpfs(READ_ONLY, "ro,size=64k");
  smallMissing = await mountTmpfs(SMALL, "size=256k");
});
afterAll(async () => {
  for (const dir of [READ_ONLY, SMALL]) await execa("umount", ["-l", dir], { reject: false });
  rmSync(scratch, { recursive: true, force: true });
});

const campaignArgs = (root: string, ...args: string[]) => [
  "--import", "tsx", "scripts/conformance.ts", "--seed", "4242", "--workers", "2", "--python", python3!.path, "--report-root", root, ...args,
];

function expectNothingRun(result: { exitCode?: number; stdout: string; stderr: string }, flagLine: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(flagLine);
  expect(result.stdout).toBe("");
}

describe.skipIf(python3 === null)(`report directories that cannot be written (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("a report root under a file is refused before the first program, in one line", async () => {
    writeFileSync(join(scratch, "a-file"), "not a directory\n");
    const result = await execa(process.execPath, campaignArgs(join(scratch, "a-file", "reports"), "--runs", "50"), { cwd: ROOT, reject: false });
    expectNothingRun(result, /^--report-root .*a-file\/reports: cannot create the report directory .*: ENOTDIR: not a directory.*nothing was run$/);
  });

  it("a read-only file system is refused before the first program, in one line", async (context) => {
    if (readOnlyMissing !== null) context.skip(readOnlyMissing);
    const result = await execa(process.execPath, campaignArgs(join(READ_ONLY, "reports"), "--runs", "50"), { cwd: ROOT, reject: false });
    expectNothingRun(result, /^--report-root .*: cannot create the report directory .*: EROFS: read-only file system.*nothing was run$/);
  });

  it("a disk that fills up during the campaign: summary printed first, one line, exit 3, nothing partial left", async (context) => {
    if (smallMissing !== null) context.skip(smallMissing);
    const root = join(SMALL, "reports");
    const proc = execa(process.execPath, campaignArgs(root, "--runs", "150", "--fault", "sameIterationWakeups", "--max-shrunk", "1"), {
      cwd: ROOT,
      reject: false,
    });
    let err = "";
    proc.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    // The run directory has passed its check once the campaign announces itself: now fill the disk.
    await waitFor(() => err.includes("campaign: "), "the campaign to start", 600_000);
    const filler = await execa("dd", ["if=/dev/zero", `of=${join(SMALL, "filler")}`, "bs=4k"], { reject: false });
    expect(filler.stderr).toContain("No space left on device");
    const result = await proc;
    expect(result.exitCode, result.stdout + err).toBe(3);
    const agree = result.stdout.indexOf("programs agree with CPython");
    const notWritten = result.stdout.indexOf("REPORT NOT WRITTEN");
    expect(agree).toBeGreaterThanOrEqual(0);
    expect(notWritten).toBeGreaterThan(agree);
    expect(result.stdout).toMatch(/REPORT NOT WRITTEN: could not write the report .*: ENOSPC: no space left on device[^\n]*\n?$/);
    expect(result.stdout).toContain("=== divergence in program"); // the failure itself reached the console
    // Neither the run directory, nor a staging directory, nor a temporary file remains.
    expect(readdirSync(root)).toEqual([]);
  });

  it("a file size limit (ulimit -f) hit while writing the report: the same, on any machine", async () => {
    const root = join(scratch, "limited");
    // 12 KiB per file: the 8 KiB writability check passes, a report's index.html (its style
    // sheet alone is larger) does not fit.
    const script = `trap '' XFSZ; ulimit -f 12; exec "$0" "$@"`;
    const result = await execa("bash", ["-c", script, process.execPath, ...campaignArgs(root, "--runs", "40")], { cwd: ROOT, reject: false });
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toContain("40 of 40 programs agree with CPython");
    expect(result.stdout).toMatch(/REPORT NOT WRITTEN: could not write the report .*: EFBIG: file too large/);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("atomic writes in-process", () => {
  it("a failed write leaves neither the file nor a temporary file; a failed report leaves nothing", () => {
    const dir = join(scratch, "inprocess");
    mkdirSync(dir, { recursive: true });
    // A target that is a directory: the rename fails after the data was written.
    mkdirSync(join(dir, "taken"));
    writeFileSync(join(dir, "taken", "x"), "");
    expect(() => writeFileAtomic(join(dir, "taken"), "data")).toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);

    const runDir = join(dir, "run");
    expect(() =>
      writeReportAtomically(runDir, (staging) => {
        writeFileAtomic(join(staging, "summary.json"), "{}");
        throw new Error("ENOSPC: no space left on device, write");
      }),
    ).toThrow(ReportWriteError);
    expect(existsSync(runDir)).toBe(false);
    expect(readdirSync(dir)).toEqual(["taken"]);
  });
});
