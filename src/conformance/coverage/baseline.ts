/**
 * The coverage baseline: the lines of asyncio that the interpreter's own
 * `test.test_asyncio` reaches, run under the same tracer as the campaign
 * (`python-reference/coverage_tracer.py baseline`). Computed once per interpreter build and
 * cached outside the repository, in `$ASYNCIO_TS_COVERAGE_CACHE`, else
 * `$XDG_CACHE_HOME/asyncio-ts/coverage`, else `~/.cache/asyncio-ts/coverage`, as
 * `<build hash>.json`. The hash covers the interpreter's build string, its asyncio and
 * test_asyncio sources, the tracer script and the list of test modules, so a rebuilt or
 * patched interpreter, an edited tracer or another test list computes afresh.
 *
 * Pyodide and builds without the `test` package (Debian's python3 without
 * libpython3.X-testsuite) have no baseline: the report says why.
 *
 * @example
 * ```ts
 * const baseline = await loadBaseline(interpreter, { onStatus: console.error });
 * if (baseline.available) console.log(`${baseline.cache}: ${Object.keys(baseline.lines).length} modules`);
 * else console.log(`no baseline: ${baseline.reason}`);
 * ```
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { z } from "zod";
import type { Interpreter } from "../interpreters.ts";
import { CoverageLinesSchema, type CoverageLines } from "./lines.ts";

/**
 * The tracer script (also what the reference workers import).
 *
 * @example
 * ```ts
 * await execa(python, [TRACER_SCRIPT, "identity", "--tests", "test_tasks"]);
 * ```
 */
export const TRACER_SCRIPT: string = fileURLToPath(new URL("../../../python-reference/coverage_tracer.py", import.meta.url));

/**
 * The test_asyncio modules the baseline runs (those a build lacks are listed as missing):
 * the suites of the measured modules, test_base_events for base_events.py itself, and
 * test_eager_task_factory for the eager task code of 3.12+.
 *
 * @example
 * ```ts
 * BASELINE_TESTS.includes("test_tasks"); // true
 * ```
 */
export const BASELINE_TESTS: readonly string[] = [
  "test_tasks",
  "test_futures",
  "test_futures2",
  "test_locks",
  "test_queues",
  "test_timeouts",
  "test_taskgroups",
  "test_waitfor",
  "test_runners",
  "test_events",
  "test_base_events",
  "test_eager_task_factory",
];

/**
 * The environment variable that moves the baseline cache.
 *
 * @example
 * ```ts
 * process.env[COVERAGE_CACHE_ENV_VAR] = "/tmp/cov"; // baselines go to /tmp/cov/<build>.json
 * ```
 */
export const COVERAGE_CACHE_ENV_VAR = "ASYNCIO_TS_COVERAGE_CACHE";

/**
 * Where baselines are cached (see the module comment).
 *
 * @example
 * ```ts
 * coverageCacheDir({ HOME: "/home/me" }); // "/home/me/.cache/asyncio-ts/coverage" (with no XDG_CACHE_HOME)
 * ```
 */
export function coverageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[COVERAGE_CACHE_ENV_VAR];
  if (explicit !== undefined && explicit !== "") return explicit;
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), ".cache");
  return join(base, "asyncio-ts", "coverage");
}

const Identity = z.object({
  python: z.string(),
  build: z.string(),
  hash: z.string().regex(/^[0-9a-f]+$/),
  hasTests: z.boolean(),
  tests: z.array(z.string()),
  missingTests: z.array(z.string()),
  tracer: z.enum(["settrace", "sys.monitoring"]),
  package: z.string(),
});

/**
 * An interpreter build as the baseline cache knows it.
 *
 * @example
 * ```ts
 * const id: BuildIdentity = await buildIdentity(interpreter);
 * id.hash; // "1e48eda65098250268d6e0e1"
 * ```
 */
export type BuildIdentity = z.infer<typeof Identity>;

const TestCounts = z.object({
  run: z.number().int(),
  failures: z.number().int(),
  errors: z.number().int(),
  skipped: z.number().int(),
  seconds: z.number(),
});

const BaselineFile = z.object({
  identity: Identity.omit({ package: true }).extend({ package: z.string().optional() }),
  lines: CoverageLinesSchema,
  tests: z.record(z.string(), TestCounts),
  seconds: z.number(),
});

/**
 * A baseline, or why there is none.
 *
 * @example
 * ```ts
 * const b: Baseline = await loadBaseline(interpreter);
 * ```
 */
export type Baseline =
  | {
      available: true;
      identity: BuildIdentity;
      lines: CoverageLines;
      tests: Record<string, z.infer<typeof TestCounts>>;
      seconds: number;
      cache: string;
      reused: boolean;
    }
  | { available: false; reason: string; identity: BuildIdentity | null };

/**
 * Options of {@link loadBaseline}.
 *
 * @example
 * ```ts
 * const options: BaselineOptions = { tests: ["test_waitfor"], cacheDir: "/tmp/cov", onStatus: console.error };
 * ```
 */
export interface BaselineOptions {
  /** The test_asyncio modules to run (default {@link BASELINE_TESTS}). */
  tests?: readonly string[];
  /** The cache directory (default {@link coverageCacheDir}). */
  cacheDir?: string;
  /** How long computing may take, in ms (default 30 minutes). */
  timeoutMs?: number;
  /** What is happening, in a line (computing the baseline takes a minute or two). */
  onStatus?: (text: string) => void;
}

/**
 * Reads an interpreter's build identity (runs the tracer script's `identity` command).
 *
 * @example
 * ```ts
 * (await buildIdentity(interpreter, ["test_tasks"])).hasTests; // false on a build without the test package
 * ```
 */
export async function buildIdentity(interpreter: Interpreter, tests: readonly string[] = BASELINE_TESTS): Promise<BuildIdentity> {
  const { stdout } = await execa(interpreter.path, [TRACER_SCRIPT, "identity", "--tests", tests.join(",")], {
    timeout: 60_000,
    env: { PYTHONDONTWRITEBYTECODE: "1" },
  });
  const parsed = Identity.safeParse(JSON.parse(stdout));
  if (!parsed.success) throw new Error(`${interpreter.path} ${TRACER_SCRIPT} identity: unexpected answer ${stdout.slice(0, 300)}`);
  return parsed.data;
}

/** The cached baseline file of a build, if present and whole (a damaged one is ignored and replaced). */
function readCached(path: string, identity: BuildIdentity): z.infer<typeof BaselineFile> | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = BaselineFile.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success && parsed.data.identity.hash === identity.hash ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The baseline of an interpreter: from the cache when its build was measured before, else
 * computed now (CPython's tests under the tracer: a minute or two) and cached.
 *
 * @example
 * ```ts
 * const baseline = await loadBaseline(interpreter, { cacheDir: "/tmp/cov" });
 * baseline.available && baseline.reused; // true the second time
 * ```
 */
export async function loadBaseline(interpreter: Interpreter, options: BaselineOptions = {}): Promise<Baseline> {
  if (interpreter.source === "pyodide") {
    return { available: false, identity: null, reason: "Pyodide has no test package (test.test_asyncio), so there is no baseline to compare with" };
  }
  const tests = options.tests ?? BASELINE_TESTS;
  const identity = await buildIdentity(interpreter, tests);
  if (!identity.hasTests || identity.tests.length === 0) {
    return {
      available: false,
      identity,
      reason: `CPython ${identity.python} at ${interpreter.path} has no test.test_asyncio package (on Debian: apt install libpython3.X-testsuite)`,
    };
  }
  const dir = options.cacheDir ?? coverageCacheDir();
  const path = join(dir, `${identity.hash}.json`);
  const cached = readCached(path, identity);
  if (cached !== null) return { available: true, identity, lines: cached.lines, tests: cached.tests, seconds: cached.seconds, cache: path, reused: true };

  options.onStatus?.(
    `coverage baseline: running CPython ${identity.python}'s own tests (${identity.tests.join(", ")}) under the tracer, once for this build; cached in ${path}`,
  );
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  // The tests run in a scratch directory of their own (some create files where they run).
  const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-baseline-"));
  try {
    const run = await execa(interpreter.path, [TRACER_SCRIPT, "baseline", "--tests", tests.join(","), "--out", partial], {
      timeout: options.timeoutMs ?? 30 * 60_000,
      reject: false,
      cwd: scratch,
      env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" },
      all: true,
    });
    if (run.exitCode !== 0 || !existsSync(partial)) {
      const why = run.timedOut ? "it took too long" : run.signal ? `killed by ${run.signal}` : `exit code ${run.exitCode}`;
      const tail = (run.all ?? "").slice(-2000);
      return { available: false, identity, reason: `the baseline run of CPython's tests failed (${why}):\n${tail}` };
    }
    const parsed = BaselineFile.safeParse(JSON.parse(readFileSync(partial, "utf8")));
    if (!parsed.success) return { available: false, identity, reason: `the baseline run wrote an unexpected file: ${parsed.error.message.slice(0, 300)}` };
    renameSync(partial, path);
    const data = parsed.data;
    return { available: true, identity, lines: data.lines, tests: data.tests, seconds: data.seconds, cache: path, reused: false };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(partial, { force: true });
    rmSync(`${partial}.tmp`, { force: true });
  }
}
