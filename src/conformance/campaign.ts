/**
 * A campaign: generate N programs from a seed, run each on our loop and on CPython,
 * count agreements, shrink each new kind of divergence to a minimal program, and write a
 * report. Program `i` of seed `S` is fast-check's run `i` (`--seed S --path i`), so any
 * program can be regenerated exactly.
 *
 * A campaign keeps what it finished: aborted (`signal`), it starts no new program, gives
 * the programs in flight `graceMs` to finish, abandons the rest, and reports what
 * completed, marked `interrupted`. The run directory is checked writable before the first
 * program, and the report is written whole or not at all (see report.ts).
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
import type { LoopFaults } from "./faults.ts";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { CheckerThreads, type Checked } from "./check_threads.ts";
import { programFacts } from "./program_facts.ts";
import { PROGRAM_BLOCK, ProgramSource } from "./program_source.ts";
import { compareProgram, versionSensitivity, type CompareResult } from "./compare.ts";
import { CoverageRun, type CoverageOptions } from "./coverage/index.ts";
import { AREA_FOCUS, FEATURE_AREAS, areasUsed, campaignGenerateOptions, programArbitrary, type FeatureArea, type Weights } from "./generate/index.ts";
import type { Interpreter } from "./interpreters.ts";
import { STATEMENT_KINDS, type Program } from "./ir/index.ts";
import { ReferencePool } from "./reference/pool.ts";
import { writeHtmlReport } from "./html_report.ts";
import { prepareRunDir, writeFailure, writeReportAtomically, writeSummary, type CampaignSummary } from "./report.ts";
import { rerunNote, rerunOf, type Rerun } from "./rerun.ts";
import { countStatements, reduceProgram } from "./shrink.ts";

/** Progress of a running campaign. */
export interface Progress {
  done: number;
  total: number;
  diverged: number;
  referenceErrors: number;
  elapsedMs: number;
  /** Set while a failure is being shrunk. */
  phase: "running" | "shrinking" | "writing";
  /** While shrinking: which failure kind (1-based) of how many will be shrunk. */
  shrinking?: { current: number; of: number };
}

/** Options of {@link runCampaign}. */
export interface CampaignOptions {
  runs: number;
  seed: number;
  interpreter: Interpreter;
  /** The release the programs and our loop follow (default: the interpreter's). */
  target?: PythonVersion;
  workers?: number;
  /** Per-program timeout of the pool the campaign starts, in ms (default: the pool's). */
  timeoutMs?: number;
  /** Worker start-up timeout of the pool the campaign starts, in ms (default: the pool's). */
  startTimeoutMs?: number;
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
  /**
   * A run directory already reserved with `prepareRunDir` (it wins over `reportRoot` and
   * `runId`). Without it the campaign reserves `<reportRoot>/<runId>` before its first program.
   */
  runDir?: string;
  /**
   * Write the report when done (default true). With false the summary names the
   * directories the report will have, and the caller writes it with
   * {@link writeCampaignReport} (after printing the summary, say).
   */
  write?: boolean;
  onProgress?: (progress: Progress) => void;
  /** Stops the campaign early when aborted; what finished is kept and reported. */
  signal?: AbortSignal;
  /** After `signal` aborts, how long programs in flight may finish before they are abandoned, in ms (default 5000). */
  graceMs?: number;
  /** Stop running new programs after the first divergence (then shrink it). */
  stopOnFailure?: boolean;
  /**
   * Run only shard `index` of `count` (1-based): the programs whose index modulo `count`
   * is `index - 1`. The shards of a campaign together run exactly its programs, and
   * `mergeSummaries` combines their summaries into the unsharded one.
   */
  shard?: { index: number; count: number };
  /**
   * Also interpret every program under these targets and count the programs whose trace
   * would differ there: evidence that the campaign exercised behaviour that differs
   * between releases (default: none; {@link neighbourReleases} gives the releases just
   * before and after the target, what `--neighbours` asks for). The summary names them
   * (`exercised.neighbourReleases`).
   */
  neighbours?: PythonVersion[];
  /**
   * Worker threads for the TypeScript side (generation, our loop, the diff), beside the
   * reference workers; 0 does it all on the main thread (the default). Not with `coverage`.
   */
  threads?: number;
  /** Also measure which lines of CPython's asyncio the programs reach (see coverage/run.ts). */
  coverage?: CoverageOptions;
}

/**
 * The releases just before and after `target`: what `--neighbours` interprets each program under.
 *
 * @example
 * ```ts
 * neighbourReleases("3.11"); // ["3.10", "3.12"]
 * ```
 */
export function neighbourReleases(target: PythonVersion): PythonVersion[] {
  return PYTHON_VERSIONS.filter((v) => Math.abs(pythonMinor(v) - pythonMinor(target)) === 1);
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
  /** What the program did when it ran once more before shrinking (absent when it was not shrunk). */
  rerun?: Rerun;
}

/**
 * What {@link runCampaign} gives back.
 *
 * @example
 * ```ts
 * const { summary, failures, runDir }: CampaignResult = await runCampaign(options);
 * ```
 */
export interface CampaignResult {
  summary: CampaignSummary;
  failures: CampaignFailure[];
  /** The run directory (written, or to be written when `write: false`), or null. */
  runDir: string | null;
}

/** How many distinct failure kinds a campaign shrinks unless told otherwise (`maxShrunk`). */
export const DEFAULT_MAX_SHRUNK = 3;

/**
 * How long programs in flight may finish after an abort unless told otherwise, in ms.
 *
 * @example
 * ```ts
 * await runCampaign({ ...options, signal, graceMs: DEFAULT_GRACE_MS });
 * ```
 */
export const DEFAULT_GRACE_MS = 5_000;

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

/**
 * Why a feature area does not apply to a target (the release lacks the API), or null when
 * it does. A campaign focused on it has nothing to run there: "not applicable", not a failure.
 *
 * @example
 * ```ts
 * featureNotApplicable("task_groups", "3.7"); // "task_groups needs Python 3.11 or newer"
 * ```
 */
export function featureNotApplicable(feature: FeatureArea, target: PythonVersion): string | null {
  const since = AREA_FOCUS[feature].since;
  return since !== undefined && pythonMinor(target) < since ? `${feature} needs Python 3.${since} or newer` : null;
}

/** What makes two failures the same kind: the divergence's key, or our side's first error line. */
function failureKey(result: CompareResult): string {
  return result.divergence?.key ?? `ours-error|${(result.oursError ?? "").split("\n")[0]}`;
}

/** A run id from the time and the seed, e.g. `2026-11-25T14-55-01-seed1`. */
export function makeRunId(seed: number): string {
  const now = new Date();
  return `${now.toISOString().slice(0, 19).replace(/:/g, "-")}-seed${seed}`;
}

/**
 * What a repro command needs to know about the campaign.
 *
 * @example
 * ```ts
 * const context: ReproContext = { seed: 1, target: "3.12", interpreter: "/usr/bin/python3" };
 * ```
 */
export interface ReproContext {
  seed: number;
  target: PythonVersion;
  interpreter: string;
  feature?: FeatureArea | undefined;
  faults?: LoopFaults | undefined;
}

/**
 * The command that reproduces program `path` of a campaign: seed, path, target, feature
 * area, every deliberate fault (without them a fault's divergence would agree), interpreter.
 *
 * @example
 * ```ts
 * reproCommand({ seed: 1, target: "3.12", interpreter: "/usr/bin/python3", faults: { fifoTimers: true } }, "57:2");
 * // "npm run repro -- --seed 1 --path 57:2 --target 3.12 --fault fifoTimers --python /usr/bin/python3"
 * ```
 */
export function reproCommand(context: ReproContext, path: string): string {
  const focus = context.feature ? ` --feature ${context.feature}` : "";
  const faults = Object.entries(context.faults ?? {})
    .filter(([, on]) => on)
    .map(([name]) => ` --fault ${name}`)
    .join("");
  const python = context.interpreter ? ` --python ${context.interpreter}` : "";
  return `npm run repro -- --seed ${context.seed} --path ${path} --target ${context.target}${focus}${faults}${python}`;
}

/** A program of the campaign: its index, and the program when it was made already. */
type Selected = { index: number; program?: Program };

/**
 * The campaign's programs (this shard's share): program i is fast-check's run i. Without a
 * feature area that is runs 0 to runs-1, and the programs are made where they are checked
 * (on a thread); a feature area needs them made here, to skip the runs that do not use it.
 */
function selectPrograms(options: CampaignOptions, arbitrary: fc.Arbitrary<Program>): Selected[] {
  if (!options.feature) {
    const shard = options.shard;
    return Array.from({ length: options.runs }, (_, index) => ({ index })).filter(
      (_, k) => shard === undefined || k % shard.count === shard.index - 1,
    );
  }
  // With a feature area, runs that do not use it are skipped (not run), and sampling goes
  // on until `runs` programs that do.
  for (let batch = Math.max(options.runs, 64); ; batch *= 2) {
    const sample = fc.sample(arbitrary, { seed: options.seed, numRuns: batch });
    // Select the campaign's programs first, then this shard's share of them.
    const selected: { index: number; program: Program }[] = [];
    sample.forEach((program, index) => {
      if (selected.length < options.runs && (!options.feature || areasUsed(program).has(options.feature))) selected.push({ index, program });
    });
    if (selected.length < options.runs && batch <= options.runs * 64) continue;
    const shard = options.shard;
    return selected.filter((_, k) => shard === undefined || k % shard.count === shard.index - 1);
  }
}

/** Refuses options no campaign can run with, before any work. */
function checkOptions(options: CampaignOptions, target: PythonVersion): void {
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`runs must be a positive integer, not ${options.runs}`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 32 - 1) {
    throw new RangeError(`seed must be an integer from 0 to ${2 ** 32 - 1}, not ${options.seed}`);
  }
  const shard = options.shard;
  if (shard && !(Number.isInteger(shard.index) && Number.isInteger(shard.count) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new RangeError(`shard must be K/N with 1 <= K <= N, not ${shard.index}/${shard.count}`);
  }
  if (shard && shard.count > options.runs) {
    throw new RangeError(`shard ${shard.index}/${shard.count} of ${options.runs} programs: a campaign has at most as many shards as programs`);
  }
  const notApplicable = options.feature ? featureNotApplicable(options.feature, target) : null;
  if (notApplicable) throw new RangeError(`feature ${options.feature} is not applicable to target ${target}: ${notApplicable}`);
}

/** Counts of a campaign's checked programs. */
interface Tally {
  done: number;
  agree: number;
  oursErrors: number;
  trivial: number;
  statements: Record<string, number>;
  tasks: number[];
  events: number[];
  sizes: number[];
  endings: Record<string, number>;
  versionSensitive: Record<string, number>;
  areas: Record<string, { programs: number; agree: number }>;
  diverging: { index: number; program: Program; result: CompareResult }[];
  referenceErrorList: CampaignSummary["referenceErrorList"];
}

function newTally(neighbours: PythonVersion[]): Tally {
  return {
    done: 0,
    agree: 0,
    oursErrors: 0,
    trivial: 0,
    statements: Object.fromEntries(STATEMENT_KINDS.map((k) => [k, 0])),
    tasks: [],
    events: [],
    sizes: [],
    endings: {},
    versionSensitive: Object.fromEntries(neighbours.map((v) => [v, 0])),
    areas: Object.fromEntries(FEATURE_AREAS.map((a) => [a, { programs: 0, agree: 0 }])),
    diverging: [],
    referenceErrorList: [],
  };
}

/** Records one checked program in the tally. */
function record(tally: Tally, entry: { index: number } & Checked, repro: ReproContext): void {
  const { index, facts, failed } = entry;
  for (const kind in facts.kinds) tally.statements[kind] = (tally.statements[kind] ?? 0) + (facts.kinds[kind] as number);
  tally.sizes.push(facts.statements);
  if (facts.trace) {
    const { tasks, events, ending } = facts.trace;
    tally.tasks.push(tasks);
    tally.events.push(events);
    tally.endings[ending] = (tally.endings[ending] ?? 0) + 1;
    if (tasks < 3 || events < 10) tally.trivial++;
  }
  for (const v of entry.sensitive) tally.versionSensitive[v] = (tally.versionSensitive[v] ?? 0) + 1;
  for (const area of facts.areas) {
    const counts = tally.areas[area] as { programs: number; agree: number };
    counts.programs++;
    if (entry.status === "agree") counts.agree++;
  }
  if (entry.status === "agree" || failed === null) tally.agree++;
  else if (entry.status === "diverge") tally.diverging.push({ index, ...failed });
  else if (entry.status === "ours-error") {
    tally.oursErrors++;
    tally.diverging.push({ index, ...failed });
  } else if (!failed.result.reference.ok) {
    tally.referenceErrorList.push({
      index,
      kind: failed.result.reference.kind,
      error: failed.result.reference.error.slice(0, 4000),
      repro: reproCommand(repro, String(index)),
    });
  }
  tally.done++;
}

/**
 * Runs the programs with a bounded number in flight. After an abort no program starts;
 * those in flight get `graceMs`, then are abandoned (not counted).
 */
async function checkPrograms(
  indexed: Selected[],
  options: CampaignOptions,
  inFlight: number,
  check: (index: number, program: Program | undefined) => Promise<Checked>,
  onResult: (entry: { index: number } & Checked) => void,
): Promise<void> {
  let resolveAbandon: (value: "abandoned") => void = () => {};
  const abandonment = new Promise<"abandoned">((resolve) => (resolveAbandon = resolve));
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    graceTimer = setTimeout(() => resolveAbandon("abandoned"), options.graceMs ?? DEFAULT_GRACE_MS);
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  let next = 0;
  let diverged = false;
  const slot = async (): Promise<void> => {
    while (next < indexed.length && !options.signal?.aborted && !(options.stopOnFailure && diverged)) {
      const entry = indexed[next++] as Selected;
      const checked = await Promise.race([check(entry.index, entry.program), abandonment]);
      if (checked === "abandoned") return;
      if (checked.status === "diverge" || checked.status === "ours-error") diverged = true;
      onResult({ index: entry.index, ...checked });
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, slot));
  } finally {
    clearTimeout(graceTimer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** Shrinks one failure: fast-check's shrinking along its path, then the IR reducer. An abort stops it at once. */
async function shrinkOne(
  entry: { index: number; program: Program; result: CompareResult },
  options: CampaignOptions,
  arbitrary: fc.Arbitrary<Program>,
  compare: (program: Program) => Promise<CompareResult>,
): Promise<{ path: string; program: Program; minimal: Program; minimalResult: CompareResult; rerun?: Rerun }> {
  const { index, program: checked, result } = entry;
  const unshrunk = { path: String(index), program: checked, minimal: checked, minimalResult: result };
  if (options.shrink === false || result.status !== "diverge" || options.signal?.aborted) return unshrunk;
  const aborted = () => options.signal?.aborted === true;
  // A divergence that does not come back when the program runs again cannot be shrunk:
  // say so (and whose trace changed) instead of reporting the whole program as minimal.
  const rerun = rerunOf(result, await compare(checked), failureKey);
  if (rerun.status !== "same") return { ...unshrunk, rerun };
  const diverges = async (p: Program) => !aborted() && (await compare(p)).status === "diverge";
  let path = String(index);
  let program = checked;
  const shrunk = await fc.check(
    fc.asyncProperty(arbitrary, async (p) => !(await diverges(p))),
    { seed: options.seed, path: String(index), interruptAfterTimeLimit: 30_000 },
  );
  if (shrunk.failed && shrunk.counterexample && shrunk.counterexamplePath) {
    program = shrunk.counterexample[0];
    path = shrunk.counterexamplePath;
  }
  const minimal = (await reduceProgram(program, diverges, { maxTries: 1_500 })).program;
  if (aborted()) return unshrunk; // half-shrunk programs were not checked again: keep the one that was
  const minimalResult = minimal === program && path === String(index) ? result : await compare(minimal);
  if (aborted() || minimalResult.status !== "diverge") return { ...unshrunk, rerun };
  return { path, program, minimal, minimalResult, rerun };
}

/** Runs a campaign (see the module comment). */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const target = options.target ?? options.interpreter.python;
  checkOptions(options, target);
  const write = options.write ?? true;
  let runDir: string | null = options.runDir ?? null;
  if (runDir === null && options.reportRoot !== null) {
    runDir = prepareRunDir(options.reportRoot ?? "reports", options.runId ?? makeRunId(options.seed));
  }
  const runId = options.runId ?? (runDir === null ? makeRunId(options.seed) : runDir.split(/[\\/]/).at(-1) as string);
  const generateOptions = campaignGenerateOptions(target, options);
  const arbitrary = programArbitrary(generateOptions);
  const indexed = selectPrograms(options, arbitrary);
  const ownPool = options.pool === undefined;
  const neighbours = options.neighbours ?? [];
  // The threads start (loading the kit takes a moment) while the reference workers do.
  const threadsStarting =
    (options.threads ?? 0) > 0 && !options.coverage
      ? CheckerThreads.start(options.threads as number, {
          python: target,
          seed: options.seed,
          generate: options.feature ? null : generateOptions,
          neighbours,
          ...(options.faults ? { faults: options.faults } : {}),
        })
      : null;
  let pool: ReferencePool;
  try {
    pool =
      options.pool ??
      (await ReferencePool.start({
        interpreter: options.interpreter,
        ...(options.workers ? { workers: options.workers } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
      }));
  } catch (error) {
    await (await threadsStarting?.catch(() => null))?.close();
    throw error;
  }
  let threads: CheckerThreads | null;
  try {
    threads = await threadsStarting;
  } catch (error) {
    if (ownPool) await pool.close();
    throw error;
  }
  threads?.attach(pool);
  const compare = (program: Program) =>
    compareProgram(program, { pool, python: target, ...(options.faults ? { faults: options.faults } : {}) });
  const repro: ReproContext = {
    seed: options.seed,
    target,
    interpreter: options.interpreter.path,
    feature: options.feature,
    faults: options.faults,
  };
  // --coverage: each campaign program also runs on the pure-Python traced pass (not the shrinking runs).
  let coverage: CoverageRun | null = null;
  const programs = new ProgramSource(arbitrary, options.seed);
  const onMain = async (index: number, given: Program | undefined): Promise<Checked> => {
    const program = given ?? programs.take(index);
    const result = await (coverage ? coverage.check(index, program, compare) : compare(program));
    const sensitive = versionSensitivity(program, result, neighbours, options.faults);
    return { status: result.status, facts: programFacts(program, result), sensitive, failed: result.status === "agree" ? null : { program, result } };
  };
  const check = (index: number, program: Program | undefined) => (threads ? threads.check(index, program) : onMain(index, program));
  const tally = newTally(neighbours);
  const progress = (phase: Progress["phase"], shrinking?: Progress["shrinking"]) =>
    options.onProgress?.({
      done: tally.done,
      total: indexed.length,
      diverged: tally.diverging.length,
      referenceErrors: tally.referenceErrorList.length,
      elapsedMs: Date.now() - started,
      phase,
      ...(shrinking ? { shrinking } : {}),
    });

  try {
    if (options.coverage) {
      coverage = await CoverageRun.start(
        { interpreter: options.interpreter, target, workers: pool.size, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
        options.coverage,
      );
    }
    progress("running");
    // With threads, enough in flight that each thread has a block of programs to work on.
    const inFlight = threads ? Math.max(pool.size * 2, (options.threads as number) * PROGRAM_BLOCK) : Math.max(2, pool.size * 2);
    await checkPrograms(indexed, options, inFlight, check, (entry) => {
      record(tally, entry, repro);
      progress("running");
    });
    const runSeconds = (Date.now() - started) / 1000;
    const failures = await shrinkFailures(tally, options, arbitrary, compare, repro, runDir, progress);
    const summary = buildSummary({ options, tally, failures, indexed, runId, target, pool, started, runSeconds, repro, coverage });
    if (runDir !== null && write) writeCampaignReport(runDir, { summary, failures });
    return { summary, failures, runDir };
  } finally {
    await threads?.close();
    await coverage?.close();
    // Interrupted: programs still in flight were abandoned, so their workers are not waited for.
    if (ownPool) await (options.signal?.aborted ? pool.terminate() : pool.close());
  }
}

/** Shrinks the first failure of each of the first `maxShrunk` kinds. */
async function shrinkFailures(
  tally: Tally,
  options: CampaignOptions,
  arbitrary: fc.Arbitrary<Program>,
  compare: (program: Program) => Promise<CompareResult>,
  repro: ReproContext,
  runDir: string | null,
  progress: (phase: Progress["phase"], shrinking?: Progress["shrinking"]) => void,
): Promise<CampaignFailure[]> {
  tally.diverging.sort((a, b) => a.index - b.index);
  const firsts: { index: number; program: Program; result: CompareResult; key: string }[] = [];
  const seen = new Set<string>();
  for (const entry of tally.diverging) {
    const key = failureKey(entry.result);
    if (seen.has(key)) continue;
    seen.add(key);
    firsts.push({ ...entry, key });
  }
  const chosen = firsts.slice(0, options.maxShrunk ?? DEFAULT_MAX_SHRUNK);
  const failures: CampaignFailure[] = [];
  for (const [n, entry] of chosen.entries()) {
    progress("shrinking", { current: n + 1, of: chosen.length });
    const { path, program, minimal, minimalResult, rerun } = await shrinkOne(entry, options, arbitrary, compare);
    const written = runDir !== null && minimalResult.reference.ok && minimalResult.ours && minimalResult.divergence;
    failures.push({
      index: entry.index,
      path,
      key: entry.key,
      program,
      minimal,
      result: entry.result,
      minimalResult,
      repro: reproCommand(repro, path),
      dir: written ? join(runDir, "failures", String(failures.length + 1)) : null,
      ...(rerun ? { rerun } : {}),
    });
  }
  return failures;
}

/** The summary of a finished (or interrupted) campaign. */
function buildSummary(parts: {
  options: CampaignOptions;
  tally: Tally;
  failures: CampaignFailure[];
  indexed: { index: number }[];
  runId: string;
  target: PythonVersion;
  pool: ReferencePool;
  started: number;
  runSeconds: number;
  repro: ReproContext;
  coverage: CoverageRun | null;
}): CampaignSummary {
  const { options, tally, failures, indexed, target, pool, started } = parts;
  const keyCounts = new Map<string, { count: number; firstIndex: number }>();
  for (const { index, result } of tally.diverging) {
    const key = failureKey(result);
    const entry = keyCounts.get(key);
    if (entry) entry.count++;
    else keyCounts.set(key, { count: 1, firstIndex: index });
  }
  const stoppedEarly = options.stopOnFailure === true && tally.diverging.length > 0;
  return {
    runId: parts.runId,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    seed: options.seed,
    runs: indexed.length,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    completed: tally.done,
    interrupted: tally.done < indexed.length && !stoppedEarly,
    target,
    interpreter: { path: options.interpreter.path, version: pool.python },
    workers: pool.size,
    agree: tally.agree,
    diverge: tally.diverging.length,
    referenceErrors: tally.referenceErrorList.length,
    oursErrors: tally.oursErrors,
    // Throughput of checking, not counting the time spent shrinking failures.
    programsPerSecond: programsPerSecond(tally.done, parts.runSeconds),
    faults: Object.entries(options.faults ?? {}).filter(([, on]) => on).map(([name]) => name),
    feature: options.feature ?? null,
    exercised: {
      statements: tally.statements,
      tasksPerProgram: spread(tally.tasks),
      eventsPerProgram: spread(tally.events),
      statementsPerProgram: spread(tally.sizes),
      endings: tally.endings,
      trivialPrograms: tally.trivial,
      versionSensitive: tally.versionSensitive,
      neighbourReleases: Object.keys(tally.versionSensitive),
      areas: tally.areas,
    },
    failures: failures.map((f) => ({
      index: f.index,
      path: f.path,
      key: f.key,
      statements: countStatements(f.program),
      minimalStatements: countStatements(f.minimal),
      dir: f.dir,
      repro: f.repro,
      ...(f.rerun ? { rerun: f.rerun } : {}),
    })),
    maxShrunk: options.maxShrunk ?? DEFAULT_MAX_SHRUNK,
    failureKeys: [...keyCounts.entries()]
      .map(([key, v]) => ({ key, count: v.count, firstIndex: v.firstIndex, repro: reproCommand(parts.repro, String(v.firstIndex)) }))
      .sort((a, b) => a.firstIndex - b.firstIndex),
    referenceErrorList: tally.referenceErrorList.sort((a, b) => a.index - b.index),
    warnings: [...generatorWarnings(tally.done, tally.trivial, tally.endings), ...(parts.coverage?.warnings() ?? [])],
    ...(parts.coverage ? { coverage: parts.coverage.summary() } : {}),
  };
}

/**
 * The failure kinds of a summary that were not shrunk (beyond `maxShrunk`, or an
 * interrupted shrink), each with the command that reproduces its first program.
 *
 * @example
 * ```ts
 * for (const k of unshrunkKinds(summary)) console.log(`${k.key} (${k.count}): ${k.repro}`);
 * ```
 */
export function unshrunkKinds(summary: CampaignSummary): CampaignSummary["failureKeys"] {
  const shrunk = new Set(summary.failures.map((f) => f.key));
  return summary.failureKeys.filter((k) => !shrunk.has(k.key));
}

/**
 * Writes a campaign's report into `runDir`, whole or not at all: each failure's files,
 * `summary.json` and `index.html`. Throws `ReportWriteError` (one line) when it cannot.
 *
 * @example
 * ```ts
 * const result = await runCampaign({ ...options, write: false });
 * printSummary(result.summary);
 * if (result.runDir) writeCampaignReport(result.runDir, result);
 * ```
 */
export function writeCampaignReport(runDir: string, result: { summary: CampaignSummary; failures: CampaignFailure[] }): void {
  const { summary, failures } = result;
  writeReportAtomically(runDir, (staging) => {
    for (const failure of failures) {
      const minimal = failure.minimalResult;
      if (failure.dir === null || !minimal.reference.ok || !minimal.ours || !minimal.divergence) continue;
      const n = Number(failure.dir.split(/[\\/]/).at(-1));
      writeFailure(staging, n, {
        index: failure.index,
        path: failure.path,
        target: summary.target,
        program: failure.minimal,
        python: minimal.reference.trace,
        ours: minimal.ours,
        divergence: minimal.divergence,
        repro: failure.repro,
        faults: summary.faults,
        note: rerunNote(failure.rerun),
      });
    }
    writeSummary(staging, summary);
    writeHtmlReport(staging, { shownAs: runDir });
  });
}
