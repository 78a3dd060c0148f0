/**
 * The measurement itself: the campaign's lines against the suite's, per function and per
 * module, with the out-of-scope lines left out of both sides of the ratio.
 *
 * For a function, its in-scope lines are its lines minus those of the out-of-scope file
 * (all of them when the function or its module is out of scope). The ratio is
 * |campaign ∩ suite| / |suite| over in-scope lines; a module counts distinct line numbers
 * over its functions. Lines only the campaign reaches are counted (`beyondSuite`), never in
 * the ratio.
 *
 * @example
 * ```ts
 * const { modules, totals, unentered } = measureCoverage({ campaign, suite, scope: resolved });
 * ```
 * @module
 */
import type { LineUnion } from "./lines.ts";
import type { ResolvedScope } from "./scope.ts";
import { toRanges, type CoverageSummary, type FunctionCoverage, type ModuleCoverage } from "./summary.ts";

/**
 * The acceptance targets of issue 8, by module: the share of suite-reached in-scope lines
 * the campaign's pure-Python pass must reach.
 *
 * @example
 * ```ts
 * COVERAGE_TARGETS.tasks; // 0.95
 * ```
 */
export const COVERAGE_TARGETS: Readonly<Record<string, number>> = {
  tasks: 0.95,
  futures: 0.95,
  locks: 0.95,
  queues: 0.95,
  timeouts: 0.95,
  taskgroups: 0.95,
  runners: 0.95,
  events: 0.8,
  base_events: 0.8,
};

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** Orders modules: the targets first (in their order), then the others alphabetically, out-of-scope ones last. */
function moduleOrder(scope: ResolvedScope): (a: string, b: string) => number {
  const targets = Object.keys(COVERAGE_TARGETS);
  const rank = (m: string) => (targets.includes(m) ? targets.indexOf(m) : scope.moduleReason(m) === null ? 100 : 200);
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}

function measureFunction(
  module: string,
  qualname: string,
  input: { campaign: LineUnion; suite: LineUnion | null; scope: ResolvedScope },
  moduleReason: string | null,
): { row: FunctionCoverage; suiteIn: number[]; campaignIn: number[]; excluded: number[] } {
  const campaignAll = input.campaign.lines(module, qualname);
  const suiteAll = input.suite?.lines(module, qualname) ?? null;
  const reason = moduleReason ?? input.scope.functionReason(module, qualname);
  const inScope = (line: number) => reason === null && input.scope.lineReason(module, line) === null;
  const campaignIn = [...campaignAll].filter(inScope);
  const suiteIn = suiteAll === null ? [] : [...suiteAll].filter(inScope);
  const excluded = [...new Set([...campaignAll, ...(suiteAll ?? [])])].filter((l) => !inScope(l));
  const reached = suiteAll === null ? null : suiteIn.filter((l) => campaignAll.has(l));
  const missed = suiteAll === null ? null : suiteIn.filter((l) => !campaignAll.has(l));
  return {
    row: {
      function: qualname,
      outOfScope: reason,
      suite: suiteAll === null ? null : suiteIn.length,
      campaign: campaignIn.length,
      reached: reached === null ? null : reached.length,
      ratio: reached === null ? null : ratio(reached.length, suiteIn.length),
      excluded: toRanges(excluded),
      suiteLines: suiteAll === null ? null : toRanges(suiteAll),
      campaignLines: toRanges(campaignAll),
      missed: missed === null ? null : toRanges(missed),
    },
    suiteIn,
    campaignIn,
    excluded,
  };
}

/**
 * Measures the campaign's line set against the suite's (null: no baseline) under the
 * resolved out-of-scope rules.
 *
 * @example
 * ```ts
 * const m = measureCoverage({ campaign: LineUnion.of(lines), suite: LineUnion.of(baseline.lines), scope });
 * m.modules[0]?.ratio;
 * ```
 */
export function measureCoverage(input: {
  campaign: LineUnion;
  suite: LineUnion | null;
  scope: ResolvedScope;
}): Pick<CoverageSummary, "modules" | "totals" | "unentered"> {
  const names = new Set([...input.campaign.moduleNames(), ...(input.suite?.moduleNames() ?? [])]);
  const modules: ModuleCoverage[] = [];
  const unentered: CoverageSummary["unentered"] = [];
  const totals = { suite: 0, campaign: 0, reached: 0 };
  for (const module of [...names].sort(moduleOrder(input.scope))) {
    const moduleReason = input.scope.moduleReason(module);
    const qualnames = [...new Set([...input.campaign.functions(module), ...(input.suite?.functions(module) ?? [])])].sort();
    const suiteLines = new Set<number>();
    const campaignLines = new Set<number>();
    const excluded = new Set<number>();
    const functions: FunctionCoverage[] = [];
    for (const qualname of qualnames) {
      const f = measureFunction(module, qualname, input, moduleReason);
      functions.push(f.row);
      f.suiteIn.forEach((l) => suiteLines.add(l));
      f.campaignIn.forEach((l) => campaignLines.add(l));
      f.excluded.forEach((l) => excluded.add(l));
      if (f.row.outOfScope === null && (f.row.suite ?? 0) > 0 && input.campaign.lines(module, qualname).size === 0) {
        unentered.push({ module, function: qualname, suite: f.row.suite ?? 0 });
      }
    }
    const reached = [...suiteLines].filter((l) => campaignLines.has(l)).length;
    const hasSuite = input.suite !== null;
    modules.push({
      module,
      target: COVERAGE_TARGETS[module] ?? null,
      outOfScope: moduleReason,
      suite: hasSuite ? suiteLines.size : null,
      campaign: campaignLines.size,
      reached: hasSuite ? reached : null,
      ratio: hasSuite ? ratio(reached, suiteLines.size) : null,
      beyondSuite: hasSuite ? [...campaignLines].filter((l) => !suiteLines.has(l)).length : null,
      excluded: excluded.size,
      functions,
    });
    totals.suite += suiteLines.size;
    totals.campaign += campaignLines.size;
    totals.reached += reached;
  }
  const hasSuite = input.suite !== null;
  return {
    modules,
    totals: {
      suite: hasSuite ? totals.suite : null,
      campaign: totals.campaign,
      reached: hasSuite ? totals.reached : null,
      ratio: hasSuite ? ratio(totals.reached, totals.suite) : null,
    },
    unentered,
  };
}
