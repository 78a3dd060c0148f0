/**
 * Issue 10, item 1: an interrupted campaign keeps what it finished. Real campaign
 * processes get real signals, sent to the whole process group as a terminal's Ctrl-C is:
 * the first SIGINT (or SIGTERM) stops dispatching, lets the programs in flight finish or
 * abandons them after --grace, prints the summary and writes a report marked interrupted;
 * a second one exits at once; no worker process is left behind, not even after the
 * campaign itself is killed with SIGKILL. Nothing here depends on timing: the specs wait
 * for what the campaign prints, and stop the workers (SIGSTOP) where a program must still
 * be in flight when the signal lands.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";
import { aliveChildren, isGone, waitFor } from "./processes.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The specs find the campaign's workers in /proc, and rely on Linux's parent-death signal. */
const notLinux = process.platform === "linux" ? null : `needs Linux (/proc, PR_SET_PDEATHSIG), not ${process.platform}`;
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-interrupt-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Running {
  proc: ResultPromise<{ cwd: string; reject: false; detached: true }>;
  stderr: () => string;
  root: string;
}

/** Starts a long campaign in its own process group, as a shell starts a foreground job. */
function startCampaign(name: string, ...args: string[]): Running {
  const root = join(scratch, name);
  const proc = execa(
    process.execPath,
    ["--import", "tsx", "scripts/conformance.ts", "--runs", "3000", "--seed", "3", "--workers", "2", "--python", python3!.path,
      "--report-root", root, ...args],
    { cwd: ROOT, reject: false, detached: true },
  );
  let err = "";
  proc.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return { proc, stderr: () => err, root };
}

/** Waits until the campaign reports that some programs are done, and returns its workers' pids. */
async function runningWorkers(run: Running): Promise<number[]> {
  await waitFor(() => /progress: [1-9]\d*\/3000/.test(run.stderr()), "a progress line with programs done", 600_000);
  const workers = await aliveChildren(run.proc.pid!);
  expect(workers.length).toBeGreaterThanOrEqual(2);
  return workers;
}

function readReport(root: string): { dir: string; summary: CampaignSummary } {
  const runs = readdirSync(root).filter((name) => !name.startsWith("."));
  expect(runs).toHaveLength(1);
  const dir = join(root, runs[0] as string);
  return { dir, summary: CampaignSummary.parse(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"))) };
}

describe.skipIf(python3 === null || notLinux !== null)(`interrupting a campaign (python3 ${python3?.version ?? pythonMissing}${notLinux ? `; skipped: ${notLinux}` : ""})`, () => {
  it("SIGINT to the process group once: in-flight programs finish, the summary and an interrupted report are kept, exit 130", async () => {
    const run = startCampaign("once");
    const workers = await runningWorkers(run);
    process.kill(-run.proc.pid!, "SIGINT"); // what Ctrl-C at a terminal does (the workers have their own group)
    const result = await run.proc;
    expect(result.exitCode, result.stdout + run.stderr()).toBe(130);
    expect(run.stderr()).toContain("interrupted (SIGINT): no new programs start");
    const { dir, summary } = readReport(run.root);
    expect(summary.interrupted).toBe(true);
    expect(summary.completed).toBeGreaterThan(0);
    expect(summary.completed).toBeLessThan(3000);
    // The workers answered the programs in flight: no program was lost to the interrupt.
    expect(summary.referenceErrors).toBe(0);
    expect(summary.agree).toBe(summary.completed);
    expect(result.stdout).toContain(`INTERRUPTED after ${summary.completed} of 3000 programs`);
    expect(result.stdout).toContain(`${summary.agree} of ${summary.completed} programs agree`);
    expect(result.stdout).toContain(`report: ${dir}/summary.json`);
    expect(readFileSync(join(dir, "index.html"), "utf8")).toContain("Interrupted");
    for (const pid of workers) await waitFor(() => isGone(pid), `worker ${pid} to be gone`, 30_000);
  });

  it("SIGTERM with hung workers: the programs in flight are abandoned after --grace, the report is kept, exit 143", async () => {
    const run = startCampaign("term", "--grace", "1");
    const workers = await runningWorkers(run);
    for (const pid of workers) process.kill(pid, "SIGSTOP"); // in flight for good
    process.kill(run.proc.pid!, "SIGTERM");
    const result = await run.proc;
    expect(result.exitCode, result.stdout + run.stderr()).toBe(143);
    const { summary } = readReport(run.root);
    expect(summary.interrupted).toBe(true);
    expect(summary.completed).toBeGreaterThan(0);
    expect(summary.referenceErrors).toBe(0); // abandoned programs are not counted as errors
    for (const pid of workers) await waitFor(() => isGone(pid), `stopped worker ${pid} to be killed`, 30_000);
  });

  it("a second SIGINT exits at once: no report, no temporary files, no worker left", async () => {
    const run = startCampaign("twice", "--grace", "600");
    const workers = await runningWorkers(run);
    for (const pid of workers) process.kill(pid, "SIGSTOP"); // the first SIGINT would wait 600 s for them
    process.kill(-run.proc.pid!, "SIGINT");
    await waitFor(() => run.stderr().includes("interrupted (SIGINT)"), "the first interrupt to be noticed", 60_000);
    process.kill(-run.proc.pid!, "SIGINT");
    const result = await run.proc;
    expect(result.exitCode).toBe(130);
    expect(run.stderr()).toContain("interrupted again (SIGINT): exiting now, without a report");
    // The reserved run directory was empty and is gone; no staging or temporary files remain.
    expect(existsSync(run.root) ? readdirSync(run.root) : []).toEqual([]);
    for (const pid of workers) await waitFor(() => isGone(pid), `worker ${pid} to be gone`, 30_000);
  });

  it("a campaign killed with SIGKILL takes its workers with it, even a stopped one", async () => {
    const run = startCampaign("killed");
    const workers = await runningWorkers(run);
    // A stopped worker never reads the end of its stdin: only the kernel's parent-death
    // signal can end it.
    process.kill(workers[0]!, "SIGSTOP");
    process.kill(run.proc.pid!, "SIGKILL");
    const result = await run.proc;
    expect(result.signal).toBe("SIGKILL");
    // The workers die with their parent (PR_SET_PDEATHSIG on Linux; elsewhere when stdin ends).
    for (const pid of workers) await waitFor(() => isGone(pid), `worker ${pid} to die with its parent`, 30_000);
  });
});
