/**
 * Campaign reports on disk: `reports/<run-id>/summary.json`, `index.html` and, per
 * failure, `failures/<n>/` with the minimal program (`program.json`), standalone
 * `repro.py` and `repro.ts`, both traces and the diff.
 *
 * Nothing finished is lost and nothing half-written is left: {@link prepareRunDir} checks,
 * before the first program runs, that the run directory can be created and written (and
 * reserves it); {@link writeReportAtomically} builds the whole report in a staging
 * directory next to it and renames it into place, so a report is either all there or not
 * there; every file is written to a temporary name, flushed and renamed. Temporary files
 * and staging directories are removed when a write fails and when the process exits, however
 * it exits (short of SIGKILL).
 *
 * @example
 * ```ts
 * const runDir = prepareRunDir("reports", "2026-11-25T14-55-01-seed1"); // throws ReportWriteError when unwritable
 * writeReportAtomically(runDir, (dir) => writeSummary(dir, summary));
 * ```
 * @module
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { z } from "zod";
import { PYTHON_VERSIONS, type PythonVersion } from "../asyncio/version.ts";
import { CoverageSummary } from "./coverage/summary.ts";
import { formatDivergence, type Divergence } from "./diff.ts";
import { emitPython } from "./emit_python.ts";
import { emitTs } from "./emit_ts.ts";
import type { Program } from "./ir/index.ts";
import type { Trace } from "./trace.ts";

/**
 * A report (or part of one) could not be written. The message is one line: what could
 * not be written, where, and the system's reason (e.g. `ENOSPC: no space left on device`).
 *
 * @example
 * ```ts
 * try { prepareRunDir("/proc/reports", "run"); } catch (e) { if (e instanceof ReportWriteError) console.error(e.message); }
 * ```
 */
export class ReportWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportWriteError";
  }
}

/** Temporary files, staging directories and reserved (still empty) run directories to clean up. */
const temporaries = new Map<string, "file" | "tree" | "reserved">();
let cleanupInstalled = false;
let temporaryCounter = 0;

/**
 * Removes every temporary file and staging directory this process has not finished
 * writing, and every reserved run directory still empty. Runs by itself when the process
 * exits; call it before `process.exit` from a signal handler too (idempotent).
 *
 * @example
 * ```ts
 * process.on("SIGINT", () => { removeTemporaries(); process.exit(130); });
 * ```
 */
export function removeTemporaries(): void {
  for (const [path, kind] of temporaries) {
    try {
      if (kind === "reserved") rmdirSync(path); // only when still empty
      else rmSync(path, { recursive: true, force: true });
    } catch {
      // not empty (kept) or already gone
    }
    temporaries.delete(path);
  }
}

function track(path: string, kind: "file" | "tree" | "reserved"): void {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on("exit", removeTemporaries);
  }
  temporaries.set(path, kind);
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/**
 * The real reason a recursive mkdir of `path` failed: Node reports ENOENT for a read-only
 * or full file system, so the first missing directory is created alone to learn why.
 */
function mkdirFailure(path: string, error: unknown): unknown {
  if ((error as { code?: string }).code !== "ENOENT") return error;
  const parts = resolve(path).split(sep);
  for (let i = 2; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(sep) || sep;
    if (existsSync(prefix)) continue;
    try {
      mkdirSync(prefix);
      rmdirSync(prefix);
    } catch (real) {
      return real;
    }
    break;
  }
  return error;
}

/**
 * Writes `data` to `path` atomically (temporary file, flushed, renamed), creating the
 * directory. On failure the temporary file is removed and the error rethrown.
 *
 * @example
 * ```ts
 * writeFileAtomic("reports/run/summary.json", JSON.stringify(summary));
 * ```
 */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${temporaryCounter++}`;
  track(temporary, "file");
  try {
    const fd = openSync(temporary, "w");
    try {
      const bytes = Buffer.from(data, "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw error;
  } finally {
    temporaries.delete(temporary);
  }
}

/**
 * Creates (and reserves) the run directory `<root>/<runId>` before any work, and checks
 * that a file can be written in it. When `<root>/<runId>` exists already, `-2`, `-3`, ...
 * is appended. Throws {@link ReportWriteError} with one line naming the directory and the
 * reason (read-only file system, a parent that is a file, no space, no permission). The
 * reservation is released if the process ends before the report is written.
 *
 * @example
 * ```ts
 * const runDir = prepareRunDir("reports", makeRunId(seed)); // "reports/2026-...-seed1"
 * ```
 */
export function prepareRunDir(root: string, runId: string): string {
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new ReportWriteError(`cannot create the report directory ${root}: ${reason(mkdirFailure(root, error))}`);
  }
  let runDir = join(root, runId);
  for (let n = 2; ; n++) {
    try {
      mkdirSync(runDir);
      break;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== "EEXIST" || n > 1000) throw new ReportWriteError(`cannot create the run directory ${runDir}: ${reason(error)}`);
      runDir = join(root, `${runId}-${n}`);
    }
  }
  track(runDir, "reserved");
  try {
    // A few kilobytes, flushed: a full file system fails here rather than after the campaign.
    writeFileAtomic(join(runDir, `.write-check-${process.pid}`), "x".repeat(8192));
    unlinkSync(join(runDir, `.write-check-${process.pid}`));
  } catch (error) {
    releaseRunDir(runDir);
    throw new ReportWriteError(`cannot write in the run directory ${runDir}: ${reason(error)}`);
  }
  return runDir;
}

/**
 * Gives up a reservation made by {@link prepareRunDir}: removes the directory if it is still empty.
 *
 * @example
 * ```ts
 * const runDir = prepareRunDir("reports", id);
 * try { writeCampaignReport(runDir, result); } catch { releaseRunDir(runDir); }
 * ```
 */
export function releaseRunDir(runDir: string): void {
  temporaries.delete(runDir);
  try {
    rmdirSync(runDir);
  } catch {
    // not empty or gone
  }
}

/**
 * Writes a whole report into `runDir` at once: `write` fills a staging directory (the
 * argument it gets), which then replaces `runDir` (empty, as {@link prepareRunDir} left it,
 * or absent). On any error the staging directory is removed, `runDir` is left as it was,
 * and a {@link ReportWriteError} says what went wrong in one line.
 *
 * @example
 * ```ts
 * writeReportAtomically(runDir, (staging) => writeSummary(staging, summary));
 * ```
 */
export function writeReportAtomically(runDir: string, write: (staging: string) => void): void {
  const staging = join(dirname(runDir), `.${basename(runDir)}.partial-${process.pid}`);
  track(staging, "tree");
  try {
    mkdirSync(staging, { recursive: true });
    write(staging);
    try {
      renameSync(staging, runDir);
    } catch (error) {
      // A run directory that is not empty (e.g. written by an earlier report) keeps its
      // files; the staged ones are moved in one by one.
      if ((error as { code?: string }).code !== "ENOTEMPTY" && (error as { code?: string }).code !== "EEXIST") throw error;
      for (const name of readdirSync(staging)) {
        rmSync(join(runDir, name), { recursive: true, force: true });
        renameSync(join(staging, name), join(runDir, name));
      }
      rmSync(staging, { recursive: true, force: true });
    }
    temporaries.delete(runDir);
  } catch (error) {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // removed at exit, or by hand
    }
    throw new ReportWriteError(`could not write the report ${runDir}: ${reason(error)}`);
  } finally {
    temporaries.delete(staging);
  }
}

/** Smallest, mean (2 decimals), largest, sum and number of a per-program count. */
const Spread = z.strictObject({ min: z.number(), mean: z.number(), max: z.number(), total: z.number(), count: z.number() });

/** `summary.json`: what a campaign ran, what it exercised, and how it ended. */
export const CampaignSummary = z.strictObject({
  runId: z.string(),
  startedAt: z.string(),
  seconds: z.number(),
  seed: z.number().int(),
  runs: z.number().int(),
  /** `K/N` when the campaign ran one shard of N. */
  shard: z.string().nullable(),
  completed: z.number().int(),
  interrupted: z.boolean(),
  target: z.enum(PYTHON_VERSIONS),
  interpreter: z.strictObject({ path: z.string(), version: z.string() }),
  workers: z.number().int(),
  agree: z.number().int(),
  diverge: z.number().int(),
  referenceErrors: z.number().int(),
  oursErrors: z.number().int(),
  programsPerSecond: z.number(),
  faults: z.array(z.string()),
  /** The feature area the campaign focused on, if any (every program counted uses it). */
  feature: z.string().nullable(),
  exercised: z.strictObject({
    statements: z.record(z.string(), z.number().int()),
    tasksPerProgram: Spread,
    eventsPerProgram: Spread,
    statementsPerProgram: Spread,
    endings: z.record(z.string(), z.number().int()),
    trivialPrograms: z.number().int(),
    /** Per neighbouring release: programs whose trace would differ under that target. */
    versionSensitive: z.record(z.string(), z.number().int()),
    /**
     * The releases every program was also interpreted under (`--neighbours`); empty when
     * that was not asked for. Absent from summaries written before it was optional, which
     * interpreted every program under both neighbours.
     */
    neighbourReleases: z.array(z.string()).optional(),
    /** Per feature area: the programs that use it, and how many of them agree. */
    areas: z.record(z.string(), z.strictObject({ programs: z.number().int(), agree: z.number().int() })),
  }),
  failures: z.array(
    z.strictObject({
      index: z.number().int(),
      path: z.string(),
      key: z.string(),
      statements: z.number().int(),
      minimalStatements: z.number().int(),
      dir: z.string().nullable(),
      repro: z.string(),
      /**
       * The program run once more before shrinking: `same` divergence, or it `agree`d or
       * diverged `differently`, and whether CPython's trace changed (absent when not shrunk).
       */
      rerun: z.strictObject({ status: z.enum(["same", "agree", "differently"]), referenceChanged: z.boolean() }).optional(),
    }),
  ),
  /** How many failure kinds the campaign shrinks at most (`--max-shrunk`). */
  maxShrunk: z.number().int().default(3),
  /**
   * Every kind of divergence (its key), how many programs showed it, the first one, and
   * the command that reproduces that first one (shrunk or not).
   */
  failureKeys: z.array(
    z.strictObject({ key: z.string(), count: z.number().int(), firstIndex: z.number().int(), repro: z.string().default("") }),
  ),
  /**
   * Programs CPython could not answer for, after one retry on a fresh worker: `kind` is
   * `program` when both attempts failed the same way (the program, not the worker, is at
   * fault), otherwise the second attempt's kind (`crash`, `timeout`, `garbage`).
   */
  referenceErrorList: z.array(
    z.strictObject({ index: z.number().int(), kind: z.string(), error: z.string(), repro: z.string().default("") }),
  ),
  warnings: z.array(z.string()),
  /** With `--coverage`: the asyncio lines the programs reached, against CPython's own tests (coverage/summary.ts). */
  coverage: CoverageSummary.optional(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

/** A failure ready to be written: the minimal program and what each side did with it. */
export interface FailureRecord {
  index: number;
  path: string;
  target: PythonVersion;
  program: Program;
  python: Trace;
  ours: Trace;
  divergence: Divergence;
  repro: string;
  /** The deliberate loop faults the campaign ran with (`--fault`), if any. */
  faults?: readonly string[];
  /** A line for diff.txt about the failure, e.g. that it did not come back when run again. */
  note?: string | null;
}

/**
 * One line saying a failure was found with deliberate loop faults switched on, or "" when
 * none were.
 *
 * @example
 * ```ts
 * faultNote(["fifoTimers"]); // "found with the test-only loop fault fifoTimers (--fault fifoTimers) ..."
 * ```
 */
export function faultNote(faults: readonly string[] | undefined): string {
  if (!faults || faults.length === 0) return "";
  const flags = faults.map((f) => `--fault ${f}`).join(" ");
  return `found with the test-only loop fault${faults.length === 1 ? "" : "s"} ${faults.join(", ")} (${flags}), which deliberately ${faults.length === 1 ? "breaks" : "break"} our loop: without ${faults.length === 1 ? "it" : "them"} our loop may agree`;
}

/** Writes one failure's files under `<runDir>/failures/<n>/` and returns that directory. */
export function writeFailure(runDir: string, n: number, failure: FailureRecord): string {
  const dir = join(runDir, "failures", String(n));
  const fault = faultNote(failure.faults);
  // One line: the emitters comment out a single header line.
  const header = `asyncio-ts conformance failure: seed path ${failure.path}; ${fault ? `${fault}; ` : ""}reproduce with: ${failure.repro}`;
  writeFileAtomic(join(dir, "program.json"), JSON.stringify(failure.program, null, 2) + "\n");
  writeFileAtomic(join(dir, "repro.py"), emitPython(failure.program, { python: failure.target, standalone: true, header }));
  writeFileAtomic(join(dir, "repro.ts"), emitTs(failure.program, { python: failure.target, header }));
  writeFileAtomic(join(dir, "trace.python.json"), JSON.stringify(failure.python, null, 1) + "\n");
  writeFileAtomic(join(dir, "trace.ours.json"), JSON.stringify(failure.ours, null, 1) + "\n");
  const preface = [
    `reproduce: ${failure.repro}`,
    ...(fault ? [`${fault[0]?.toUpperCase()}${fault.slice(1)}.`] : []),
    ...(failure.note ? [failure.note] : []),
    "",
  ];
  writeFileAtomic(join(dir, "diff.txt"), preface.join("\n") + formatDivergence(failure.divergence, { width: 160 }) + "\n");
  return dir;
}

/** Writes `summary.json` (validated against its schema first). */
export function writeSummary(runDir: string, summary: CampaignSummary): void {
  writeFileAtomic(join(runDir, "summary.json"), JSON.stringify(CampaignSummary.parse(summary), null, 2) + "\n");
}
