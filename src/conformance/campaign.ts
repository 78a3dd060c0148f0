/**
 * A campaign: generate N programs from a seed, run each on our loop and on CPython,
 * count agreements, shrink each new kind of divergence to a minimal program, and write a
 * report. Program `i` of seed `S` is fast-check's run `i` (`--seed S --path i`), so any
 * program can be regenerated exactly.
 *
 * @example
 * ```ts
 * const { summary } = await runCampaign({ runs: 500, seed: 1, interpreter });
 * summary.diverge; // 0 when our loop agrees with CPython on all 500
 * ```
 * @module
 */
import { join } from "node:path";
import fc from "fast-check";
import type { LoopFaults } from "../asyncio/base_events.ts";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { compareProgram, type CompareResult } from "./compare.ts";
import { CoverageRun, type CoverageOptions } from "./coverage/index.ts";
import { FEATURE_AREAS, areasUsed, focusOn, programArbitrary, type FeatureArea, type Weights } from "./generate/index.ts";
import type { Interpreter } from "./interpreters.ts";
import { interpret } from "./interpret.ts";
import { STATEMENT_KINDS, checkProgramForTarget, type Program, type Stmt } from "./ir/index.ts";
import { traceLines } from "./trace.ts";
import { ReferencePool } from "./reference/pool.ts";
import { writeHtmlReport } from "./html_report.ts";
import { writeFailure, writeSummary, type CampaignSummary } from "./report.ts";
import { children, countStatements, reduceProgram } from "./shrink.ts";

/** Progress of a running campaign. */
export interface Progress {
  done: number;
  total: number;
  diverged: number;
  referenceErrors: number;
  elapsedMs: number;
  /** Set while a failure is being shrunk. */
  phase: "running" | "shrinking" | "writing";
}

/** Options of {@link runCampaign}. */
export interface CampaignOptions {
  runs: number;
  seed: number;
  interpreter: Interpreter;
  /** The release the programs and our loop follow (default: the interpreter's). */
  target?: PythonVersion;
  workers?: number;
  timeoutMs?: number;
  /** An already started pool to use (it is left open). */
  pool?: ReferencePool;
  /** Test-only faults for our loop. */
  faults?: LoopFaults;
  weights?: Weights;
  /** Focus on one feature area: its statements get more weight, and only programs that use it count. */
  feature?: FeatureArea;
  /** Shrink failures (default true). */
  shrink?: boolean;
  /** Shrink at most this many distinct failure kinds (default 3). */
  maxShrunk?: number;
  /** Where run directories go (default "reports"); null writes nothing. */
  reportRoot?: string | null;
  runId?: string;
  onProgress?: (progress: Progress) => void;
  /** Stops the campaign early when aborted; what finished is kept and reported. */
  signal?: AbortSignal;
  /** Stop running new programs after the first divergence (then shrink it). */
  stopOnFailure?: boolean;
  /**
   * Run only shard `index` of `count` (1-based): the programs whose index modulo `count`
   * is `index - 1`. The shards of a campaign together run exactly its programs, and
   * `mergeSummaries` combines their summaries into the unsharded one.
   */
  shard?: { index: number; count: number };
  /**
   * Also interpret every program under these targets (default: the releases just before
   * and after the target) and count the programs whose trace would differ there: evidence
   * that the campaign exercised behaviour that differs between releases.
   */
  neighbours?: PythonVersion[];
  /** Also measure which lines of CPython's asyncio the programs reach (see coverage/run.ts). */
  coverage?: CoverageOptions;
}

/** A divergence found by a campaign, shrunk when it was the first of its kind. */
export interface CampaignFailure {
  index: number;
  /** fast-check's path to the (fast-check-shrunk) counterexample. */
  path: string;
  key: string;
  program: Program;
  minimal: Program;
  result: CompareResult;
  minimalResult: CompareResult;
  repro: string;
  dir: string | null;
}

/** How many distinct failure kinds a campaign shrinks unless told otherwise (`maxShrunk`). */
export const DEFAULT_MAX_SHRUNK = 3;

/**
 * The mean of a spread from its total and count, to two decimals (0 for no values), so
 * that merged shards recompute exactly the mean the unsharded campaign reports.
 */
export function spreadMean(total: number, count: number): number {
  return count === 0 ? 0 : Math.round((total / count) * 100) / 100;
}

const spread = (xs: number[]) => {
  const total = xs.reduce((a, b) => a + b, 0);
  return {
    min: xs.length ? Math.min(...xs) : 0,
    mean: spreadMean(total, xs.length),
    max: xs.length ? Math.max(...xs) : 0,
    total,
    count: xs.length,
  };
};

/** Programs checked per second, to one decimal (`summary.programsPerSecond`). */
export function programsPerSecond(programs: number, seconds: number): number {
  return Math.round((programs / Math.max(seconds, 1e-9)) * 10) / 10;
}

/**
 * The warnings that say the generator, not the loop, is broken: most programs trivial
 * (fewer than 3 tasks or 10 events) or ending in deadlock.
 */
export function generatorWarnings(completed: number, trivial: number, endings: Record<string, number>): string[] {
  const warnings: string[] = [];
  if (completed > 0 && trivial / completed > 0.5) {
    warnings.push(`generator bug: ${trivial} of ${completed} programs are trivial (fewer than 3 tasks or 10 events)`);
  }
  if (completed > 0 && (endings.deadlock ?? 0) / completed > 0.5) {
    warnings.push(`generator bug: ${endings.deadlock} of ${completed} programs end in deadlock`);
  }
  return warnings;
}

/** What makes two failures the same kind: the divergence's key, or our side's first error line. */
function failureKey(result: CompareResult): string {
  return result.divergence?.key ?? `ours-error|${(result.oursError ?? "").split("\n")[0]}`;
}

function countKinds(program: Program, into: Record<string, number>): void {
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      into[stmt.op] = (into[stmt.op] ?? 0) + 1;
      children(stmt).forEach(visit);
    }
  };
  Object.values(program.coroutines).forEach(visit);
  visit(program.main);
}

/** A run id from the time and the seed, e.g. `2026-11-25T14-55-01-seed1`. */
export function makeRunId(seed: number): string {
  const now = new Date();
  return `${now.toISOString().slice(0, 19).replace(/:/g, "-")}-seed${seed}`;
}

/** The command that reproduces a failure. */
function reproCommand(seed: number, path: string, target: PythonVersion, interpreter: string, feature?: FeatureArea): string {
  const focus = feature ? ` --feature ${feature}` : "";
  return `npm run repro -- --seed ${seed} --path ${path} --target ${target}${focus}${interpreter ? ` --python ${interpreter}` : ""}`;
}

/** Runs a campaign (see the module comment). */
export async function runCampaign(
  options: CampaignOptions,
): Promise<{ summary: CampaignSummary; failures: CampaignFailure[]; runDir: string | null }> {
  const started = Date.now();
  const target = options.target ?? options.interpreter.python;
  const runId = options.runId ?? makeRunId(options.seed);
  const runDir = options.reportRoot === null ? null : join(options.reportRoot ?? "reports", runId);
  const generateOptions = options.feature
    ? focusOn(options.feature, target)
    : { python: target, ...(options.weights ? { weights: options.weights } : {}) };
  const arbitrary = programArbitrary(generateOptions);
  // Program i is fast-check's run i. With a feature area, runs that do not use it are
  // skipped (not run), and sampling goes on until `runs` programs that do.
  const indexed: { index: number; program: Program }[] = [];
  for (let batch = Math.max(options.runs, 64); ; batch *= 2) {
    const sample = fc.sample(arbitrary, { seed: options.seed, numRuns: batch });
    // Select the campaign's programs first, then this shard's share of them.
    const selected: { index: number; program: Program }[] = [];
    sample.forEach((program, index) => {
      if (selected.length < options.runs && (!options.feature || areasUsed(program).has(options.feature))) selected.push({ index, program });
    });
    if (selected.length < options.runs && batch <= options.runs * 64) continue;
    const shard = options.shard;
    indexed.push(...selected.filter((_, k) => shard === undefined || k % shard.count === shard.index - 1));
    break;
  }
  const ownPool = options.pool === undefined;
  const pool =
    options.pool ??
    (await ReferencePool.start({
      interpreter: options.interpreter,
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }));
  const compare = (program: Program) =>
    compareProgram(program, { pool, python: target, ...(options.faults ? { faults: options.faults } : {}) });
  // --coverage: each campaign program also runs on the pure-Python traced pass (not the shrinking runs).
  let coverage: CoverageRun | null = null;
  const check = (index: number, program: Program) => (coverage ? coverage.check(index, program, compare) : compare(program));

  const neighbours =
    options.neighbours ??
    PYTHON_VERSIONS.filter((v) => Math.abs(pythonMinor(v) - pythonMinor(target)) === 1);
  const versionSensitive: Record<string, number> = Object.fromEntries(neighbours.map((v) => [v, 0]));
  const areas: Record<string, { programs: number; agree: number }> = Object.fromEntries(
    FEATURE_AREAS.map((a) => [a, { programs: 0, agree: 0 }]),
  );
  const statements: Record<string, number> = Object.fromEntries(STATEMENT_KINDS.map((k) => [k, 0]));
  const tasks: number[] = [];
  const events: number[] = [];
  const sizes: number[] = [];
  const endings: Record<string, number> = {};
  let trivial = 0;
  let agree = 0;
  let oursErrors = 0;
  const diverging: { index: number; program: Program; result: CompareResult }[] = [];
  const referenceErrorList: CampaignSummary["referenceErrorList"] = [];
  let done = 0;
  const progress = (phase: Progress["phase"]) =>
    options.onProgress?.({
      done,
      total: indexed.length,
      diverged: diverging.length,
      referenceErrors: referenceErrorList.length,
      elapsedMs: Date.now() - started,
      phase,
    });

  try {
    if (options.coverage) {
      coverage = await CoverageRun.start(
        { interpreter: options.interpreter, target, workers: pool.size, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
        options.coverage,
      );
    }
    // Run with a bounded number of programs in flight: enough to keep every worker busy.
    let next = 0;
    const inFlight = Math.max(2, pool.size * 2);
    const worker = async (): Promise<void> => {
      while (next < indexed.length && !options.signal?.aborted && !(options.stopOnFailure && diverging.length > 0)) {
        const { index, program } = indexed[next++] as { index: number; program: Program };
        const result = await check(index, program);
        countKinds(program, statements);
        sizes.push(countStatements(program));
        const trace = result.reference.ok ? result.reference.trace : result.ours;
        if (trace) {
          const taskCount = 1 + trace.events.filter((e) => e.what.startsWith("spawn ")).length;
          tasks.push(taskCount);
          events.push(trace.events.length);
          endings[trace.outcome.kind] = (endings[trace.outcome.kind] ?? 0) + 1;
          if (taskCount < 3 || trace.events.length < 10) trivial++;
        }
        if (result.ours) {
          const ourLines = traceLines(result.ours).join("\n");
          for (const v of neighbours) {
            if (checkProgramForTarget(program, v).length > 0) continue;
            const theirs = traceLines(interpret(program, { python: v, ...(options.faults ? { faults: options.faults } : {}) })).join("\n");
            if (theirs !== ourLines) versionSensitive[v] = (versionSensitive[v] ?? 0) + 1;
          }
        }
        const used = areasUsed(program);
        for (const area of FEATURE_AREAS) {
          if (!used.has(area)) continue;
          const counts = areas[area] as { programs: number; agree: number };
          counts.programs++;
          if (result.status === "agree") counts.agree++;
        }
        if (result.status === "agree") agree++;
        else if (result.status === "diverge") diverging.push({ index, program, result });
        else if (result.status === "ours-error") {
          oursErrors++;
          diverging.push({ index, program, result });
        } else if (!result.reference.ok) {
          referenceErrorList.push({ index, kind: result.reference.kind, error: result.reference.error.slice(0, 2000) });
        }
        done++;
        progress("running");
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const runSeconds = (Date.now() - started) / 1000;

    // Shrink the first failure of each kind; count the rest.
    diverging.sort((a, b) => a.index - b.index);
    const failures: CampaignFailure[] = [];
    const seenKeys = new Set<string>();
    const keyCounts = new Map<string, { count: number; firstIndex: number }>();
    for (const { index, result } of diverging) {
      const key = failureKey(result);
      const entry = keyCounts.get(key);
      if (entry) entry.count++;
      else keyCounts.set(key, { count: 1, firstIndex: index });
    }
    const maxShrunk = options.maxShrunk ?? DEFAULT_MAX_SHRUNK;
    for (const { index, program: checked, result } of diverging) {
      const key = failureKey(result);
      if (seenKeys.has(key) || seenKeys.size >= maxShrunk || options.signal?.aborted) {
        seenKeys.add(key);
        continue;
      }
      seenKeys.add(key);
      progress("shrinking");
      const diverges = async (p: Program) => (await compare(p)).status === "diverge";
      let path = String(index);
      let program = checked;
      let minimal = program;
      if (options.shrink !== false && result.status === "diverge") {
        const shrunk = await fc.check(
          fc.asyncProperty(arbitrary, async (p) => !(await diverges(p))),
          { seed: options.seed, path: String(index), interruptAfterTimeLimit: 30_000 },
        );
        if (shrunk.failed && shrunk.counterexample && shrunk.counterexamplePath) {
          program = shrunk.counterexample[0];
          path = shrunk.counterexamplePath;
        }
        minimal = (await reduceProgram(program, diverges, { maxTries: 1_500 })).program;
      }
      const minimalResult = minimal === program && path === String(index) ? result : await compare(minimal);
      const repro = reproCommand(options.seed, path, target, options.interpreter.path, options.feature);
      let dir: string | null = null;
      if (runDir !== null && minimalResult.reference.ok && minimalResult.ours && minimalResult.divergence) {
        progress("writing");
        dir = writeFailure(runDir, failures.length + 1, {
          index,
          path,
          target,
          program: minimal,
          python: minimalResult.reference.trace,
          ours: minimalResult.ours,
          divergence: minimalResult.divergence,
          repro,
        });
      }
      failures.push({ index, path, key, program, minimal, result, minimalResult, repro, dir });
    }

    const seconds = (Date.now() - started) / 1000;
    const summary: CampaignSummary = {
      runId,
      startedAt: new Date(started).toISOString(),
      seconds,
      seed: options.seed,
      runs: indexed.length,
      shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
      completed: done,
      interrupted: done < indexed.length && !(options.stopOnFailure && diverging.length > 0),
      target,
      interpreter: { path: options.interpreter.path, version: pool.python },
      workers: pool.size,
      agree,
      diverge: diverging.length,
      referenceErrors: referenceErrorList.length,
      oursErrors,
      // Throughput of checking, not counting the time spent shrinking failures.
      programsPerSecond: programsPerSecond(done, runSeconds),
      faults: Object.entries(options.faults ?? {}).filter(([, on]) => on).map(([name]) => name),
      feature: options.feature ?? null,
      exercised: {
        statements,
        tasksPerProgram: spread(tasks),
        eventsPerProgram: spread(events),
        statementsPerProgram: spread(sizes),
        endings,
        trivialPrograms: trivial,
        versionSensitive,
        areas,
      },
      failures: failures.map((f) => ({
        index: f.index,
        path: f.path,
        key: f.key,
        statements: countStatements(f.program),
        minimalStatements: countStatements(f.minimal),
        dir: f.dir,
        repro: f.repro,
      })),
      failureKeys: [...keyCounts.entries()]
        .map(([key, v]) => ({ key, count: v.count, firstIndex: v.firstIndex }))
        .sort((a, b) => a.firstIndex - b.firstIndex),
      referenceErrorList,
      warnings: [...generatorWarnings(done, trivial, endings), ...(coverage?.warnings() ?? [])],
      ...(coverage ? { coverage: coverage.summary() } : {}),
    };
    if (runDir !== null) {
      writeSummary(runDir, summary);
      writeHtmlReport(runDir);
    }
    return { summary, failures, runDir };
  } finally {
    await coverage?.close();
    if (ownPool) await pool.close();
  }
}
