/**
 * The version matrix (`npm run conformance -- --matrix`): one campaign per CPython release
 * found, our loop under the matching `python` target, and a CONFORMANCE.md (feature area
 * by release) written into the matrix's run directory; the committed
 * `reports/CONFORMANCE.md` is replaced only when asked (`--publish`).
 *
 * Before a divergence is blamed on our loop, its minimal program also runs on every other
 * release (on CPython and on our loop under that target), and the failure is labelled:
 * "our loop follows 3.X here" when our trace equals another release's CPython trace (a
 * version-specific behaviour modelled for the wrong release), "changed between releases"
 * when CPython releases disagree with one another on it, otherwise "our bug".
 *
 * A release that lacks the focused feature area (`--feature task_groups` on 3.7) is "not
 * applicable": it is listed, not run, and not a failure.
 *
 * @example
 * ```ts
 * const { rows, labelled } = await runMatrix({ runs: 1000, seed: 1, interpreters, reportRoot: "reports/m" });
 * writeConformanceMarkdown("reports/m/CONFORMANCE.md", rows, labelled, { seed: 1, runs: 1000, runId: "m" });
 * ```
 * @module
 */
import type { LoopFaults } from "./faults.ts";
import type { PythonVersion } from "../asyncio/version.ts";
import { featureNotApplicable, neighbourReleases, runCampaign, type CampaignFailure, type CampaignResult, type Progress } from "./campaign.ts";
import { compareProgram } from "./compare.ts";
import { coverageMarkdown, type CoverageOptions } from "./coverage/index.ts";
import { FEATURE_AREAS, type FeatureArea } from "./generate/index.ts";
import type { Interpreter } from "./interpreters.ts";
import { checkProgramForTarget } from "./ir/index.ts";
import { interpret } from "./interpret.ts";
import { ReferencePool } from "./reference/pool.ts";
import { prepareRunDir, writeFileAtomic, type CampaignSummary } from "./report.ts";
import { traceLines } from "./trace.ts";

/** A failure with what the other releases say about it. */
export interface LabelledFailure {
  python: PythonVersion;
  key: string;
  repro: string;
  label: string;
}

/** One release's line of the matrix. */
export interface MatrixRow {
  python: PythonVersion;
  interpreter: Interpreter;
  summary: CampaignSummary;
}

/** Options of {@link runMatrix}. */
export interface MatrixOptions {
  runs: number;
  seed: number;
  interpreters: Interpreter[];
  workers?: number;
  /** Worker threads for each campaign's TypeScript side (see CampaignOptions.threads). */
  threads?: number;
  /** Interpret every program under the neighbouring releases too (see CampaignOptions.neighbours). */
  neighbours?: boolean;
  /** The matrix's run directory: each release's report goes to `<reportRoot>/<release>`; null writes nothing. */
  reportRoot?: string | null;
  feature?: FeatureArea;
  /** Test-only faults for our loop, in every release's campaign. */
  faults?: LoopFaults;
  timeoutMs?: number;
  startTimeoutMs?: number;
  /** Stops the matrix: the current release's campaign ends as interrupted and no other starts. */
  signal?: AbortSignal;
  graceMs?: number;
  /** Measure reference coverage in every release's campaign (`--matrix --coverage`). */
  coverage?: CoverageOptions;
  onProgress?: (python: PythonVersion, progress: Progress) => void;
  /**
   * Called when a release's campaign is done, with its result (the report not yet
   * written: `runDir` says where it goes). Without it the campaign writes its own report.
   */
  onCampaign?: (python: PythonVersion, result: CampaignResult) => void;
}

/**
 * What {@link runMatrix} gives back.
 *
 * @example
 * ```ts
 * const { rows, notApplicable }: MatrixResult = await runMatrix(options);
 * ```
 */
export interface MatrixResult {
  rows: MatrixRow[];
  labelled: LabelledFailure[];
  /** Releases that could not run, each with the reason. */
  unavailable: string[];
  /** Releases the focused feature area does not apply to, each with the reason. */
  notApplicable: string[];
  interrupted: boolean;
}

/** Runs one campaign per interpreter, then labels every failure across releases. */
export async function runMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const rows: MatrixRow[] = [];
  const unavailable: string[] = [];
  const notApplicable: string[] = [];
  const failures: { python: PythonVersion; failure: CampaignFailure }[] = [];
  for (const interpreter of options.interpreters) {
    const python = interpreter.python;
    const why = options.feature ? featureNotApplicable(options.feature, python) : null;
    if (why !== null) {
      notApplicable.push(`${python}: ${why}`);
      continue;
    }
    if (options.signal?.aborted) break;
    let campaign: CampaignResult;
    try {
      campaign = await runCampaign({
        runs: options.runs,
        seed: options.seed,
        interpreter,
        target: python,
        ...(options.workers ? { workers: options.workers } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
        ...(options.neighbours ? { neighbours: neighbourReleases(python) } : {}),
        ...(options.feature ? { feature: options.feature } : {}),
        ...(options.faults ? { faults: options.faults } : {}),
        ...(options.coverage ? { coverage: options.coverage } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
        ...(options.reportRoot === null || options.reportRoot === undefined
          ? { reportRoot: null }
          : { runDir: prepareRunDir(options.reportRoot, python) }),
        runId: python,
        write: options.onCampaign === undefined,
        ...(options.onProgress ? { onProgress: (p: Progress) => options.onProgress?.(python, p) } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) break; // interrupted while it started: not a release that cannot run
      // One release that cannot run costs its row, not the matrix.
      unavailable.push(`${python} at ${interpreter.path}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      continue;
    }
    options.onCampaign?.(python, campaign);
    rows.push({ python, interpreter, summary: campaign.summary });
    for (const failure of campaign.failures) failures.push({ python, failure });
  }
  const interrupted = options.signal?.aborted === true;
  const usable = rows.map((r) => r.interpreter);
  const labelled = failures.length > 0 && !interrupted ? await labelFailures(failures, usable, options.faults) : [];
  return { rows, labelled, unavailable, notApplicable, interrupted };
}

/** Runs each failure's minimal program on every release to tell version changes from bugs. */
async function labelFailures(
  failures: { python: PythonVersion; failure: CampaignFailure }[],
  interpreters: Interpreter[],
  faults: LoopFaults | undefined,
): Promise<LabelledFailure[]> {
  const pools = new Map<PythonVersion, ReferencePool>();
  try {
    for (const interpreter of interpreters) {
      pools.set(interpreter.python, await ReferencePool.start({ interpreter, workers: 1 }));
    }
    const out: LabelledFailure[] = [];
    for (const { python, failure } of failures) {
      const program = failure.minimal;
      const ours = failure.minimalResult.ours ? traceLines(failure.minimalResult.ours).join("\n") : null;
      const cpython = new Map<PythonVersion, string>();
      for (const [version, pool] of pools) {
        if (checkProgramForTarget(program, version).length > 0) continue;
        const result = await compareProgram(program, { pool, python: version });
        if (result.reference.ok) cpython.set(version, traceLines(result.reference.trace).join("\n"));
      }
      const follows = [...cpython.entries()].filter(([v, trace]) => v !== python && trace === ours).map(([v]) => v);
      const distinct = new Set(cpython.values()).size;
      let label: string;
      if (follows.length > 0) label = `our loop follows CPython ${follows.join(", ")} here: a version-specific behaviour modelled for the wrong release`;
      else if (distinct > 1) label = "the behaviour changed between CPython releases";
      else label = `our bug: every CPython release agrees, and our loop differs${faults ? " (with the deliberate faults switched on)" : ""}`;
      // Our loop under the other targets, for the record.
      const sameAsOurs = [...cpython.keys()].filter(
        (v) => v !== python && traceLines(interpret(program, { python: v, ...(faults ? { faults } : {}) })).join("\n") === cpython.get(v),
      );
      if (sameAsOurs.length > 0) label += ` (we agree with ${sameAsOurs.join(", ")})`;
      out.push({ python, key: failure.key, repro: failure.repro, label });
    }
    return out;
  } finally {
    await Promise.all([...pools.values()].map((p) => p.close()));
  }
}

const pct = (part: number, whole: number) => (whole === 0 ? "–" : `${part}/${whole}`);

/**
 * What CONFORMANCE.md says about the run besides its rows.
 *
 * @example
 * ```ts
 * const info: ConformanceInfo = { seed: 1, runs: 1000, runId: "2026-...-matrix", faults: [] };
 * ```
 */
export interface ConformanceInfo {
  seed: number;
  runs: number;
  runId: string;
  skipped?: string[];
  notApplicable?: string[];
  faults?: string[];
  feature?: string | null;
  interrupted?: boolean;
  /**
   * Replace these machine paths (interpreters) by a neutral name in the text: what the
   * committed file carries, so that it reads the same on every machine.
   */
  neutralPaths?: Map<string, string>;
}

/**
 * CONFORMANCE.md: programs run and agreeing per release and per feature area, the
 * interpreter builds, seed and duration, and every failure with its label.
 */
export function renderConformanceMarkdown(rows: MatrixRow[], labelled: LabelledFailure[], info: ConformanceInfo): string {
  const lines = [
    "# Conformance",
    "",
    "Written by `npm run conformance -- --matrix` (src/conformance/matrix.ts). Each CPython release",
    "found ran the same campaign (seed and size below) with our loop under the matching `python`",
    "target; a cell is programs agreeing / programs using that feature area.",
    "",
    `Run ${info.runId}: seed ${info.seed}, ${info.runs} programs per release${info.feature ? `, focused on ${info.feature}` : ""}.`,
  ];
  if (info.faults && info.faults.length > 0) {
    lines.push("", `Test run with the deliberate loop faults ${info.faults.join(", ")}: divergences are expected.`);
  }
  if (info.interrupted) lines.push("", "**Interrupted**: the table holds what finished.");
  lines.push(
    "",
    `| release | interpreter | agree | ${FEATURE_AREAS.join(" | ")} | seconds |`,
    `|---|---|---|${FEATURE_AREAS.map(() => "---").join("|")}|---|`,
  );
  for (const row of rows) {
    const s = row.summary;
    const areas = FEATURE_AREAS.map((a) => {
      const c = s.exercised.areas[a];
      return c ? pct(c.agree, c.programs) : "–";
    });
    lines.push(
      `| ${row.python} | ${s.interpreter.version} (${row.interpreter.source}) | ${pct(s.agree, s.completed)} | ${areas.join(" | ")} | ${s.seconds.toFixed(1)} |`,
    );
  }
  if (info.notApplicable && info.notApplicable.length > 0) lines.push("", `Not applicable: ${info.notApplicable.join("; ")}.`);
  if (info.skipped && info.skipped.length > 0) lines.push("", `Not run: ${info.skipped.join("; ")}.`);
  lines.push("", "## Failures", "");
  if (labelled.length === 0) lines.push(info.interrupted ? "None among the programs that ran." : "None: every program agreed on every release.");
  for (const f of labelled) lines.push(`- ${f.python}: \`${f.key}\`: ${f.label}. Reproduce: \`${f.repro}\``);
  lines.push("", ...coverageMarkdown(rows.map((r) => r.summary.coverage)));
  const totalRuns = rows.reduce((a, r) => a + r.summary.completed, 0);
  const totalAgree = rows.reduce((a, r) => a + r.summary.agree, 0);
  lines.push("", `In all: ${totalAgree} of ${totalRuns} program runs agree.`, "");
  let text = lines.join("\n");
  for (const [path, name] of info.neutralPaths ?? []) text = text.split(path).join(name);
  return text;
}

/** Writes CONFORMANCE.md atomically. */
export function writeConformanceMarkdown(path: string, rows: MatrixRow[], labelled: LabelledFailure[], info: ConformanceInfo): void {
  writeFileAtomic(path, renderConformanceMarkdown(rows, labelled, info));
}
