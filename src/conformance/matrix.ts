/**
 * The version matrix (`npm run conformance -- --matrix`): one campaign per CPython release
 * found, our loop under the matching `python` target, and `reports/CONFORMANCE.md`
 * regenerated from the results (feature area by release).
 *
 * Before a divergence is blamed on our loop, its minimal program also runs on every other
 * release (on CPython and on our loop under that target), and the failure is labelled:
 * "our loop follows 3.X here" when our trace equals another release's CPython trace (a
 * version-specific behaviour modelled for the wrong release), "changed between releases"
 * when CPython releases disagree with one another on it, otherwise "our bug".
 *
 * @example
 * ```ts
 * const { rows } = await runMatrix({ runs: 1000, seed: 1, interpreters });
 * writeConformanceMarkdown("reports/CONFORMANCE.md", rows, { seed: 1, runs: 1000 });
 * ```
 * @module
 */
import { join } from "node:path";
import type { PythonVersion } from "../asyncio/version.ts";
import { runCampaign, makeRunId, type CampaignFailure, type Progress } from "./campaign.ts";
import { compareProgram } from "./compare.ts";
import { coverageMarkdown, type CoverageOptions } from "./coverage/index.ts";
import { FEATURE_AREAS, type FeatureArea } from "./generate/index.ts";
import type { Interpreter } from "./interpreters.ts";
import { checkProgramForTarget } from "./ir/index.ts";
import { interpret } from "./interpret.ts";
import { ReferencePool } from "./reference/pool.ts";
import { writeFileAtomic, type CampaignSummary } from "./report.ts";
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
  reportRoot?: string | null;
  feature?: FeatureArea;
  /** Measure reference coverage in every release's campaign (`--matrix --coverage`). */
  coverage?: CoverageOptions;
  onProgress?: (python: PythonVersion, progress: Progress) => void;
}

/** Runs one campaign per interpreter, then labels every failure across releases. */
export async function runMatrix(
  options: MatrixOptions,
): Promise<{ rows: MatrixRow[]; labelled: LabelledFailure[]; runId: string; unavailable: string[] }> {
  const runId = `${makeRunId(options.seed)}-matrix`;
  const rows: MatrixRow[] = [];
  const unavailable: string[] = [];
  const failures: { python: PythonVersion; failure: CampaignFailure }[] = [];
  for (const interpreter of options.interpreters) {
    let campaign;
    try {
      campaign = await runCampaign({
      runs: options.runs,
      seed: options.seed,
      interpreter,
      target: interpreter.python,
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.feature ? { feature: options.feature } : {}),
      ...(options.coverage ? { coverage: options.coverage } : {}),
      reportRoot: options.reportRoot === null ? null : join(options.reportRoot ?? "reports", runId),
      runId: interpreter.python,
      ...(options.onProgress ? { onProgress: (p: Progress) => options.onProgress?.(interpreter.python, p) } : {}),
      });
    } catch (error) {
      // One release that cannot run costs its row, not the matrix.
      unavailable.push(`${interpreter.python} at ${interpreter.path}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      continue;
    }
    rows.push({ python: interpreter.python, interpreter, summary: campaign.summary });
    for (const failure of campaign.failures) failures.push({ python: interpreter.python, failure });
  }
  const usable = rows.map((r) => r.interpreter);
  const labelled = failures.length > 0 ? await labelFailures(failures, usable) : [];
  return { rows, labelled, runId, unavailable };
}

/** Runs each failure's minimal program on every release to tell version changes from bugs. */
async function labelFailures(
  failures: { python: PythonVersion; failure: CampaignFailure }[],
  interpreters: Interpreter[],
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
      else label = "our bug: every CPython release agrees, and our loop differs";
      // Our loop under the other targets, for the record.
      const sameAsOurs = [...cpython.keys()].filter(
        (v) => v !== python && traceLines(interpret(program, { python: v })).join("\n") === cpython.get(v),
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
 * `reports/CONFORMANCE.md`: programs run and agreeing per release and per feature area,
 * the interpreter builds, seed and duration, and every failure with its label.
 */
export function renderConformanceMarkdown(
  rows: MatrixRow[],
  labelled: LabelledFailure[],
  info: { seed: number; runs: number; runId: string; skipped?: string[] },
): string {
  const lines = [
    "# Conformance",
    "",
    "Written by `npm run conformance -- --matrix` (src/conformance/matrix.ts). Each CPython release",
    "found ran the same campaign (seed and size below) with our loop under the matching `python`",
    "target; a cell is programs agreeing / programs using that feature area.",
    "",
    `Run ${info.runId}: seed ${info.seed}, ${info.runs} programs per release.`,
    "",
    `| release | interpreter | agree | ${FEATURE_AREAS.join(" | ")} | seconds |`,
    `|---|---|---|${FEATURE_AREAS.map(() => "---").join("|")}|---|`,
  ];
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
  if (info.skipped && info.skipped.length > 0) lines.push("", `Not run: ${info.skipped.join("; ")}.`);
  lines.push("", "## Failures", "");
  if (labelled.length === 0) lines.push("None: every program agreed on every release.");
  for (const f of labelled) lines.push(`- ${f.python}: \`${f.key}\`: ${f.label}. Reproduce: \`${f.repro}\``);
  lines.push("", ...coverageMarkdown(rows.map((r) => r.summary.coverage)));
  const totalRuns = rows.reduce((a, r) => a + r.summary.completed, 0);
  const totalAgree = rows.reduce((a, r) => a + r.summary.agree, 0);
  lines.push("", `In all: ${totalAgree} of ${totalRuns} program runs agree.`, "");
  return lines.join("\n");
}

/** Writes CONFORMANCE.md atomically. */
export function writeConformanceMarkdown(
  path: string,
  rows: MatrixRow[],
  labelled: LabelledFailure[],
  info: { seed: number; runs: number; runId: string; skipped?: string[] },
): void {
  writeFileAtomic(path, renderConformanceMarkdown(rows, labelled, info));
}
