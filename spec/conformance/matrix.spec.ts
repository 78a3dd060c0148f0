/**
 * Issue 10, items 8 and 10: `--matrix` writes CONFORMANCE.md into its own run directory
 * and leaves the committed one alone unless `--publish` (which writes no machine paths);
 * it prints each release's report directory; a release that lacks the `--feature` area is
 * "not applicable", not a failure; an explicitly named interpreter that cannot be used
 * stops it before anything runs. The matrices here see only the interpreters named with
 * `--python` (no PATH, pyenv or Pyodide), two releases, a few programs each.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it, vi } from "vitest";
import { renderConformanceMarkdown } from "../../src/conformance/matrix.ts";
import { releases } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-matrix-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const old = releases.get("3.7");
const recent = releases.get("3.11") ?? releases.get("3.12") ?? releases.get("3.13");
const missing = old === undefined || recent === undefined ? "needs CPython 3.7 and one of 3.11 to 3.13 (pyenv or ASYNCIO_TS_PYTHON)" : null;

/** A matrix over exactly the interpreters given with --python. */
const matrix = (root: string, ...args: string[]) =>
  execa(process.execPath, ["--import", "tsx", "scripts/conformance.ts", "--matrix", "--seed", "5", "--workers", "1", "--report-root", root, ...args], {
    cwd: ROOT,
    reject: false,
    env: { PATH: "/nonexistent", PYENV_ROOT: join(scratch, "no-pyenv"), HOME: scratch, ASYNCIO_TS_PYODIDE: "0" },
    extendEnv: false,
  });

describe.skipIf(missing !== null)(`the version matrix${missing ? ` (skipped: ${missing})` : ""}`, () => {
  it("writes CONFORMANCE.md into its run directory, prints each release's report, marks 3.7 not applicable to task_groups", async () => {
    const root = join(scratch, "a");
    const result = await matrix(root, "--python", old!.path, "--python", recent!.path, "--feature", "task_groups", "--runs", "6");
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("not applicable: 3.7: task_groups needs Python 3.11 or newer");
    const [runDir] = readdirSync(root).filter((name) => name.endsWith("-matrix"));
    const dir = join(root, runDir!);
    expect(result.stdout).toContain(`${recent!.python}: 6 of 6 agree with CPython ${recent!.version}`);
    expect(result.stdout).toContain(`  report: ${join(dir, recent!.python)}/index.html`);
    expect(existsSync(join(dir, recent!.python, "summary.json"))).toBe(true);
    expect(existsSync(join(dir, "3.7"))).toBe(false);
    const markdown = readFileSync(join(dir, "CONFORMANCE.md"), "utf8");
    expect(markdown).toContain("Not applicable: 3.7: task_groups needs Python 3.11 or newer.");
    expect(markdown).toContain(`| ${recent!.python} | ${recent!.version} (option) | 6/6 |`);
    // The committed table is left as it is.
    expect(existsSync(join(root, "CONFORMANCE.md"))).toBe(false);
    expect(result.stdout).toContain(`(${root}/CONFORMANCE.md, the committed table, is left as it is; --publish replaces it)`);
  });

  it("--publish replaces the committed CONFORMANCE.md, without machine paths", async () => {
    const root = join(scratch, "b");
    const result = await matrix(root, "--python", old!.path, "--python", recent!.path, "--runs", "4", "--publish");
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const published = readFileSync(join(root, "CONFORMANCE.md"), "utf8");
    expect(published).toContain("| 3.7 |");
    expect(published).not.toContain(old!.path);
    expect(published).not.toContain(recent!.path);
    expect(published).not.toContain(scratch);
  });

  it("an explicitly named interpreter that cannot run stops the matrix before anything runs", async () => {
    const root = join(scratch, "c");
    const result = await matrix(root, "--python", recent!.path, "--python", "/nonexistent/python3", "--runs", "4");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^--python \/nonexistent\/python3: could not run it/m);
    expect(result.stdout).toBe("");
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
  });
});

describe("CONFORMANCE.md", () => {
  it("says what a run was: faults, interruption, releases not applicable, neutral paths", () => {
    const text = renderConformanceMarkdown([], [{ python: "3.11", key: "k", repro: "npm run repro -- --python /opt/py/bin/python3.11", label: "our bug" }], {
      seed: 1,
      runs: 10,
      runId: "r",
      faults: ["fifoTimers"],
      interrupted: true,
      notApplicable: ["3.7: task_groups needs Python 3.11 or newer"],
      neutralPaths: new Map([["/opt/py/bin/python3.11", "python3.11"]]),
    });
    expect(text).toContain("deliberate loop faults fifoTimers");
    expect(text).toContain("**Interrupted**");
    expect(text).toContain("Not applicable: 3.7: task_groups needs Python 3.11 or newer.");
    expect(text).toContain("npm run repro -- --python python3.11");
    expect(text).not.toContain("/opt/py");
  });
});
