/**
 * A divergence that does not come back when its program runs again. CPython is not always
 * deterministic for the same program: which order a set of tasks iterates in follows object
 * addresses, so a long-lived worker can answer differently from a fresh one. The campaign
 * runs a diverging program once more before shrinking it, and when the divergence does not
 * come back it says so, and whose trace changed, instead of presenting the whole program
 * as a minimal one that its repro command then fails to reproduce.
 *
 * The interpreter here is real CPython behind a shim that changes one answer, once: the
 * first trace any of its workers sends gets one extra event, as if CPython had behaved
 * differently that time.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { rerunNote } from "../../src/conformance/rerun.ts";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Real processes on a shared machine: generous safety nets, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-rerun-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the real worker as a child and adds an event to the first trace any copy of it answers. */
const PERTURB = `
import json, os, subprocess, sys, threading
marker = sys.argv[1]
real = subprocess.Popen([sys.executable] + sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def pump():
    for line in sys.stdin.buffer:
        real.stdin.write(line)
        real.stdin.flush()
    real.stdin.close()
threading.Thread(target=pump, daemon=True).start()
def first_time():
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False
for line in real.stdout:
    answer = json.loads(line)
    if answer.get("ok") is True and "trace" in answer and first_time():
        answer["trace"]["events"].append({"t": 0, "task": None, "what": "an event this run only"})
        line = (json.dumps(answer) + "\\n").encode()
    sys.stdout.buffer.write(line)
    sys.stdout.buffer.flush()
sys.exit(real.wait())
`;

function shim(python: string): string {
  const perturb = join(scratch, "perturb.py");
  writeFileSync(perturb, PERTURB);
  const path = join(scratch, "python-once-different");
  const marker = join(scratch, "answered-differently");
  // The version probe (-c) says "no executable of its own", so the pool runs this shim.
  writeFileSync(
    path,
    `#!/bin/sh\nif [ "$1" = "-c" ]; then "${python}" -c "import sys; print('%d.%d.%d' % sys.version_info[:3]); print()"; exit $?; fi\nexec "${python}" "${perturb}" "${marker}" "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe("a divergence that does not come back", () => {
  it("is named for whose trace changed", () => {
    expect(rerunNote(undefined)).toBeNull();
    expect(rerunNote({ status: "same", referenceChanged: false })).toBeNull();
    expect(rerunNote({ status: "agree", referenceChanged: true })).toMatch(/^not reproduced: run again, the program agreed; CPython's trace changed, so CPython is not deterministic/);
    expect(rerunNote({ status: "differently", referenceChanged: false })).toMatch(/diverged differently; CPython's trace was the same, so our side changed/);
  });

  it.skipIf(python3 === null)(`is reported as not reproduced, in the console, summary.json and diff.txt (${python3?.version ?? pythonMissing})`, async () => {
    const fake = shim(python3!.path);
    const root = join(scratch, "reports");
    const run = await execa(TSX, ["scripts/conformance.ts", "--runs", "4", "--seed", "3", "--workers", "1", "--python", fake, "--report-root", root], {
      cwd: ROOT,
      reject: false,
    });
    expect(run.exitCode, run.stderr).toBe(1); // the divergence still counts: it happened
    expect(run.stdout).toContain("3 of 4 programs agree");
    expect(run.stdout).toContain("not reproduced: run again, the program agreed; CPython's trace changed");
    expect(run.stdout).toContain("the program, not shrunk (Python):");
    const dir = /report: (\S+)\/summary\.json/.exec(run.stdout)?.[1] as string;
    const summary = CampaignSummary.parse(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")));
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]?.rerun).toEqual({ status: "agree", referenceChanged: true });
    expect(summary.failures[0]?.minimalStatements).toBe(summary.failures[0]?.statements); // kept whole
    expect(existsSync(join(dir, "failures", "1", "diff.txt"))).toBe(true);
    expect(readFileSync(join(dir, "failures", "1", "diff.txt"), "utf8")).toContain("not reproduced: run again, the program agreed");
  });
});
