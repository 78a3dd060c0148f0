/**
 * Campaign reports on disk: `reports/<run-id>/summary.json` and, per failure,
 * `failures/<n>/` with the minimal program (`program.json`), standalone `repro.py` and
 * `repro.ts`, both traces and the diff. Every file is written atomically (a temporary
 * file renamed into place), so an interrupted campaign leaves whole files only.
 *
 * @example
 * ```ts
 * const dir = writeFailure(runDir, 1, failure);
 * readFileSync(join(dir, "diff.txt"), "utf8");
 * ```
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { PYTHON_VERSIONS, type PythonVersion } from "../asyncio/version.ts";
import { CoverageSummary } from "./coverage/summary.ts";
import { formatDivergence, type Divergence } from "./diff.ts";
import { emitPython } from "./emit_python.ts";
import { emitTs } from "./emit_ts.ts";
import type { Program } from "./ir/index.ts";
import type { Trace } from "./trace.ts";

/** Writes `data` to `path` atomically, creating the directory. */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
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
    }),
  ),
  /** Every kind of divergence (its key), how many programs showed it, and the first one. */
  failureKeys: z.array(z.strictObject({ key: z.string(), count: z.number().int(), firstIndex: z.number().int() })),
  referenceErrorList: z.array(z.strictObject({ index: z.number().int(), kind: z.string(), error: z.string() })),
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
}

/** Writes one failure's files under `<runDir>/failures/<n>/` and returns that directory. */
export function writeFailure(runDir: string, n: number, failure: FailureRecord): string {
  const dir = join(runDir, "failures", String(n));
  const header = `asyncio-ts conformance failure: seed path ${failure.path}; reproduce with: ${failure.repro}`;
  writeFileAtomic(join(dir, "program.json"), JSON.stringify(failure.program, null, 2) + "\n");
  writeFileAtomic(join(dir, "repro.py"), emitPython(failure.program, { python: failure.target, standalone: true, header }));
  writeFileAtomic(join(dir, "repro.ts"), emitTs(failure.program, { python: failure.target, header }));
  writeFileAtomic(join(dir, "trace.python.json"), JSON.stringify(failure.python, null, 1) + "\n");
  writeFileAtomic(join(dir, "trace.ours.json"), JSON.stringify(failure.ours, null, 1) + "\n");
  writeFileAtomic(join(dir, "diff.txt"), formatDivergence(failure.divergence, { width: 160 }) + "\n");
  return dir;
}

/** Writes `summary.json` (validated against its schema first). */
export function writeSummary(runDir: string, summary: CampaignSummary): void {
  writeFileAtomic(join(runDir, "summary.json"), JSON.stringify(CampaignSummary.parse(summary), null, 2) + "\n");
}
