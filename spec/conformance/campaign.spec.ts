/**
 * Campaigns are reliable: a worker killed in the middle costs nothing (its program is
 * retried on a fresh worker); a report is written with the
 * summary schema; the CLI reports a missing or unusable interpreter with how to point at
 * another one, a fake one that crashes at start in one line; interpreters are recorded as
 * the executable they run (issue 10, items 4, 12 and 13).
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { neighbourReleases, runCampaign } from "../../src/conformance/campaign.ts";
import { comparableSummary } from "../../src/conformance/merge.ts";
import { defaultInterpreter, discoverInterpreters, probeInterpreter, type Interpreter } from "../../src/conformance/interpreters.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { CampaignSummary } from "../../src/conformance/report.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-campaign-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(python3 === null)(`campaigns (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("survives a worker killed mid-campaign: the program is retried on a fresh worker and nothing is lost", async () => {
    const pool = await ReferencePool.start({ interpreter: python3!, workers: 2 });
    let killed = 0;
    pool.onDispatch = ({ id, pid }) => {
      if (id === 25 && killed++ === 0) process.kill(pid, "SIGKILL");
    };
    try {
      const { summary } = await runCampaign({ runs: 60, seed: 5, interpreter: python3!, pool, reportRoot: null });
      expect(killed).toBe(2); // the job was dispatched twice: killed once, then retried
      expect(summary.completed).toBe(60);
      expect(summary.referenceErrors).toBe(0);
      expect(summary.agree).toBe(60);
      expect(pool.stats).toMatchObject({ replaced: 1, retried: 1 });
    } finally {
      await pool.close();
    }
  });

  it("on checking threads: the same summary as on the main thread (divergences and neighbours included), and a killed worker's program is retried", async () => {
    const common = { runs: 40, seed: 5, interpreter: python3!, reportRoot: null, shrink: false, faults: { fifoTimers: true }, neighbours: neighbourReleases(python3!.python) };
    const onMain = await runCampaign({ ...common, workers: 2 });
    const pool = await ReferencePool.start({ interpreter: python3!, workers: 2 });
    let killed = 0;
    pool.onDispatch = ({ id, pid }) => {
      if (id === 17 && killed++ === 0) process.kill(pid, "SIGKILL");
    };
    try {
      const threaded = await runCampaign({ ...common, pool, threads: 2 });
      expect(onMain.summary.diverge).toBeGreaterThan(0); // the fault shows: the comparison below is not vacuous
      expect(Object.values(onMain.summary.exercised.versionSensitive).some((n) => n > 0)).toBe(true);
      expect(onMain.summary.exercised.neighbourReleases).toEqual(neighbourReleases(python3!.python));
      expect(comparableSummary(threaded.summary)).toEqual(comparableSummary(onMain.summary));
      expect(killed).toBe(2);
      expect(pool.stats).toMatchObject({ replaced: 1, retried: 1 });
    } finally {
      await pool.close();
    }
  });

  it("writes summary.json that validates against its schema", async () => {
    const { summary, runDir } = await runCampaign({
      runs: 20,
      seed: 8,
      interpreter: python3!,
      workers: 1,
      reportRoot: scratch,
      runId: "run-a",
    });
    expect(runDir).toBe(join(scratch, "run-a"));
    const written = CampaignSummary.parse(JSON.parse(readFileSync(join(scratch, "run-a", "summary.json"), "utf8")));
    expect(written).toEqual(summary);
    expect(written.completed).toBe(20);
    // Neighbour releases are interpreted only when asked for, and the summary says they were not.
    expect(written.exercised.neighbourReleases).toEqual([]);
    expect(written.exercised.versionSensitive).toEqual({});
    expect(written.interpreter.version).toBe(python3!.version);
  });
});

describe("interpreter problems are reported with a way out", () => {
  it("names a missing interpreter and how to point at another", async () => {
    // Without python3 the embedded Pyodide is the fallback (spec/conformance/pyodide.spec.ts);
    // the message is for when it is turned off (or missing) too.
    const none = await defaultInterpreter({ env: { PATH: "/nonexistent" }, pyodide: false });
    expect("reason" in none && none.reason).toMatch(/no python3 .*--python PATH or ASYNCIO_TS_PYTHON=PATH/);
    const off = await defaultInterpreter({ env: { PATH: "/nonexistent", ASYNCIO_TS_PYODIDE: "0" } });
    expect("reason" in off && off.reason).toMatch(/no python3 .*--python PATH or ASYNCIO_TS_PYTHON=PATH/);
    const bad = await defaultInterpreter({ explicit: ["/nonexistent/python3"] });
    expect("reason" in bad && bad.reason).toMatch(/^\/nonexistent\/python3: could not run it/);
  });

  it("rejects an interpreter that is too old", async () => {
    const fake = join(scratch, "python2");
    writeFileSync(fake, "#!/bin/sh\necho 2.7.18\n");
    chmodSync(fake, 0o755);
    const result = await probeInterpreter(fake);
    expect("reason" in result && result.reason).toBe("Python 2.7.18 is not supported (need 3.7 to 3.14)");
  });

  it("the CLI exits 2 and says how to point at an interpreter", async () => {
    const result = await execa(TSX, ["scripts/conformance.ts", "--runs", "5", "--python", "/nonexistent/python3"], {
      cwd: ROOT,
      reject: false,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no CPython to compare against: \/nonexistent\/python3: could not run it/);
    // No python3 anywhere on PATH (node is started by its absolute path), and the Pyodide
    // fallback turned off (with it, the campaign runs: spec/conformance/pyodide.spec.ts).
    const noPath = await execa(process.execPath, ["--import", "tsx", "scripts/conformance.ts", "--runs", "5"], {
      cwd: ROOT,
      reject: false,
      env: { PATH: scratch, HOME: scratch, ASYNCIO_TS_PYODIDE: "0" },
      extendEnv: false,
    });
    expect(noPath.exitCode).toBe(2);
    expect(noPath.stderr).toMatch(/--python PATH or ASYNCIO_TS_PYTHON=PATH/);
  });

  it.skipIf(python3 === null)("an interpreter is recorded as the executable it runs (sys.executable), not a shim", async () => {
    const shim = join(scratch, "shim-python");
    writeFileSync(shim, `#!/bin/sh\nexec '${python3!.path}' "$@"\n`);
    chmodSync(shim, 0o755);
    const probed = await probeInterpreter(shim);
    expect(probed).toMatchObject({ path: python3!.path, foundAs: shim, version: python3!.version });
    const { found } = await discoverInterpreters({ explicit: [shim, python3!.path], env: { PATH: "/nonexistent" }, pyenv: false, pyodide: false });
    expect(found.map((i) => i.path)).toEqual([python3!.path]);
    // A campaign started with the shim records (and runs) the real executable.
    const { summary } = await runCampaign({ runs: 3, seed: 1, interpreter: probed as Interpreter, workers: 1, reportRoot: null });
    expect(summary.interpreter.path).toBe(python3!.path);
  });

  it("a fake interpreter that crashes at start gets one clear line and exit 2 from both CLIs", async () => {
    const fake = join(scratch, "crashing-python");
    writeFileSync(fake, `#!/bin/sh\nif [ "$1" = "-c" ]; then echo 3.12.1; echo; exit 0; fi\necho 'Traceback (most recent call last):' >&2\necho 'SystemError: this python is broken' >&2\nexit 3\n`);
    chmodSync(fake, 0o755);
    const campaign = await execa(TSX, ["scripts/conformance.ts", "--runs", "5", "--python", fake, "--report-root", join(scratch, "fake-reports")], { cwd: ROOT, reject: false });
    expect(campaign.exitCode).toBe(2);
    const last = campaign.stderr.trim().split("\n").at(-1);
    expect(last).toBe(
      `could not start the reference worker with ${fake} (Python 3.12.1): it ended (exit code 3) before its ready line; its stderr ends with "SystemError: this python is broken". Point at another interpreter with --python PATH or ASYNCIO_TS_PYTHON=PATH.`,
    );
    expect(campaign.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(join(scratch, "fake-reports"))).toEqual([]); // the reserved run directory is released
    const repro = await execa(TSX, ["scripts/repro.ts", "--seed", "1", "--path", "3", "--python", fake], { cwd: ROOT, reject: false });
    expect(repro.exitCode).toBe(2);
    expect(repro.stderr.trim().split("\n").at(-1)).toBe(last);
  });

  it("the repro CLI names the zod path of a malformed program file", async () => {
    const file = join(scratch, "bad.json");
    writeFileSync(file, JSON.stringify({ schema: 1, exceptions: [], coroutines: {}, main: [{ op: "sleep", delay: "soon" }] }));
    const result = await execa(TSX, ["scripts/repro.ts", file], { cwd: ROOT, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${file} is not a valid program: at main.0.delay`);
  });
});
