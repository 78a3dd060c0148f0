/**
 * Issue 10, item 4, from the outside: during a real campaign one worker is killed with
 * SIGKILL and another stopped with SIGSTOP; both are replaced, their programs retried on
 * fresh workers, and the campaign exits 0 with no reference error. A program that makes
 * its worker die every time (a worker wrapper that exits on one job id, retries included)
 * is reported once, as the program's fault, with its real cause (that job's stderr, none
 * of the earlier programs') and the command that reproduces it.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";
import { isGone, waitFor } from "./processes.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The specs find the campaign's workers in /proc, and rely on Linux's parent-death signal. */
const notLinux = process.platform === "linux" ? null : `needs Linux (/proc, PR_SET_PDEATHSIG), not ${process.platform}`;
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-workerfail-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function summaryIn(root: string): CampaignSummary {
  const [run] = readdirSync(root);
  return CampaignSummary.parse(JSON.parse(readFileSync(join(root, run!, "summary.json"), "utf8")));
}

describe.skipIf(python3 === null || notLinux !== null)(`workers that die or hang during a campaign (python3 ${python3?.version ?? pythonMissing}${notLinux ? `; skipped: ${notLinux}` : ""})`, () => {
  it("kill -KILL one worker and kill -STOP the other: both programs are retried, exit 0", async () => {
    // A gate in front of the real worker: the first attempt at jobs 40 and 41 says which
    // worker holds it and waits for the spec, so both workers are certainly busy when they
    // are killed, however fast or slow the machine is. Retries pass the gate.
    const dir = join(scratch, "gate");
    mkdirSync(dir, { recursive: true });
    const gate = join(scratch, "gate_worker.py");
    writeFileSync(
      gate,
      [
        "import os, sys, time",
        "sys.path.insert(0, os.path.dirname(sys.argv[1]))",
        "import worker",
        `GATE = ${JSON.stringify(dir)}`,
        "_handle = worker.handle",
        "def handle(request):",
        "    if request['id'] in (40, 41):",
        "        try:",
        "            os.close(os.open(os.path.join(GATE, 'seen-%d' % request['id']), os.O_CREAT | os.O_EXCL))",
        "        except FileExistsError:",
        "            return _handle(request)",
        "        with open(os.path.join(GATE, 'held-%d.tmp' % request['id']), 'w') as f:",
        "            f.write(str(os.getpid()))",
        "        os.rename(os.path.join(GATE, 'held-%d.tmp' % request['id']), os.path.join(GATE, 'held-%d' % request['id']))",
        "        deadline = time.time() + 600",
        "        while not os.path.exists(os.path.join(GATE, 'open')) and time.time() < deadline:",
        "            time.sleep(0.02)",
        "    return _handle(request)",
        "worker.handle = handle",
        "worker.main()",
        "",
      ].join("\n"),
    );
    const python = join(scratch, "python-gate");
    writeFileSync(
      python,
      `#!/bin/sh\nif [ "$1" = "-c" ]; then '${python3!.path}' -c "$2" | head -n 1; echo "$0"; exit 0; fi\nexec '${python3!.path}' -u '${gate}' "$2"\n`,
    );
    chmodSync(python, 0o755);
    const root = join(scratch, "kill-stop");
    const proc = execa(
      process.execPath,
      ["--import", "tsx", "scripts/conformance.ts", "--runs", "400", "--seed", "11", "--workers", "2", "--python", python,
        "--program-timeout", "20", "--report-root", root],
      { cwd: ROOT, reject: false },
    );
    const held = (id: number) => join(dir, `held-${id}`);
    await waitFor(() => existsSync(held(40)) && existsSync(held(41)), "both workers to hold a gated job", 600_000);
    const [first, second] = [40, 41].map((id) => Number(readFileSync(held(id), "utf8")));
    expect(first).not.toBe(second);
    process.kill(first!, "SIGKILL");
    process.kill(second!, "SIGSTOP");
    writeFileSync(join(dir, "open"), "");
    const result = await proc;
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const summary = summaryIn(root);
    expect(summary.completed).toBe(400);
    expect(summary.referenceErrors).toBe(0);
    expect(summary.agree).toBe(400);
    expect(isGone(second!)).toBe(true);
  });

  it("a program that kills its worker every time is one reference error: the program's fault, its own stderr, a repro command", async () => {
    // A worker wrapper: job 5 (retries keep their id) ends the worker with exit code 9.
    const proxy = join(scratch, "proxy_worker.py");
    writeFileSync(
      proxy,
      [
        "import os, sys",
        "sys.path.insert(0, os.path.dirname(sys.argv[1]))",
        "import worker",
        "_handle = worker.handle",
        "def handle(request):",
        "    sys.stderr.write('stale line from job %d\\n' % request['id'])",
        "    if request['id'] == 5:",
        "        sys.stderr.write('proxy: job 5 ends its worker\\n')",
        "        sys.stderr.flush()",
        "        os._exit(9)",
        "    return _handle(request)",
        "worker.handle = handle",
        "worker.main()",
        "",
      ].join("\n"),
    );
    const python = join(scratch, "python-wrapper");
    writeFileSync(
      python,
      `#!/bin/sh\nif [ "$1" = "-c" ]; then '${python3!.path}' -c "$2" | head -n 1; echo "$0"; exit 0; fi\nexec '${python3!.path}' -u '${proxy}' "$2"\n`,
    );
    chmodSync(python, 0o755);
    const root = join(scratch, "always");
    const result = await execa(
      process.execPath,
      ["--import", "tsx", "scripts/conformance.ts", "--runs", "12", "--seed", "11", "--workers", "1", "--python", python, "--report-root", root],
      { cwd: ROOT, reject: false },
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    const summary = summaryIn(root);
    expect(summary.interpreter.path).toBe(python);
    expect(summary.referenceErrors).toBe(1);
    expect(summary.agree).toBe(11);
    const [error] = summary.referenceErrorList;
    expect(error).toMatchObject({ index: 4, kind: "program" });
    expect(error!.repro).toBe(`npm run repro -- --seed 11 --path 4 --target ${summary.target} --python ${python}`);
    expect(error!.error).toContain("the program made the worker fail the same way twice (crash)");
    expect(error!.error).toContain("exit code 9");
    expect(error!.error).toContain("proxy: job 5 ends its worker");
    expect(error!.error).not.toContain("stale line from job 4");
    expect(result.stdout).toContain("reference error in program 4: CPython could not run the program");
    expect(result.stdout).toContain(`  reproduce: ${error!.repro}`);
  });
});
