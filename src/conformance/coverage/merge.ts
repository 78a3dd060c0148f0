/**
 * Measuring coverage sections again: merging a campaign's shards (`npm run report --
 * merge`: the union of the lines the shards reached, measured against the same baseline
 * under the same out-of-scope lines, both of which are in each section; the trace checks
 * added up), and measuring a finished run under an edited out-of-scope file without
 * running its programs again ({@link remeasureCoverage}).
 *
 * @example
 * ```ts
 * const coverage = mergeCoverage(shards.map((s) => s.coverage));
 * ```
 * @module
 */
import { LineUnion } from "./lines.ts";
import { measureCoverage } from "./measure.ts";
import type { ResolvedScope } from "./scope.ts";
import { fromRanges, type CoverageSummary } from "./summary.ts";

/** The out-of-scope rules as the sections applied them: reasons by module, function and line. */
function scopeOf(parts: CoverageSummary[]): ResolvedScope {
  const modules = new Map<string, string>();
  const functions = new Map<string, string>();
  const lines = new Map<string, string>();
  for (const part of parts) {
    for (const m of part.modules) {
      if (m.outOfScope !== null) modules.set(m.module, m.outOfScope);
      for (const f of m.functions) {
        if (f.outOfScope !== null) functions.set(`${m.module}\u0000${f.function}`, f.outOfScope);
        else for (const line of fromRanges(f.excluded)) lines.set(`${m.module}\u0000${line}`, "out of scope");
      }
    }
  }
  const first = parts[0] as CoverageSummary;
  return {
    moduleReason: (module) => modules.get(module) ?? null,
    functionReason: (module, qualname) => functions.get(`${module}\u0000${qualname}`) ?? null,
    lineReason: (module, line) => lines.get(`${module}\u0000${line}`) ?? null,
    notApplied: first.scope.notApplied,
    rules: first.scope.rules,
  };
}

/** The campaign's and the suite's line sets, as sections carry them (every line, out-of-scope ones too). */
function linesOf(parts: CoverageSummary[]): { campaign: LineUnion; suite: LineUnion | null } {
  const first = parts[0] as CoverageSummary;
  const campaign = new LineUnion();
  const suite = first.baseline.available ? new LineUnion() : null;
  for (const part of parts) {
    for (const m of part.modules) {
      for (const f of m.functions) {
        campaign.add({ [m.module]: { [f.function]: fromRanges(f.campaignLines) } });
        if (suite !== null && f.suiteLines !== null) suite.add({ [m.module]: { [f.function]: fromRanges(f.suiteLines) } });
      }
    }
  }
  return { campaign, suite };
}

/** The trace checks of several sections, added up (the first examples kept). */
function addChecks(parts: CoverageSummary[]): CoverageSummary["traceCheck"] {
  const out: CoverageSummary["traceCheck"] = {
    compared: 0,
    identical: 0,
    knownDifferences: {},
    unexplained: 0,
    examples: [],
    pureOnlyErrors: 0,
    firstPureOnlyError: null,
  };
  for (const { traceCheck: t } of parts) {
    out.compared += t.compared;
    out.identical += t.identical;
    out.unexplained += t.unexplained;
    out.pureOnlyErrors += t.pureOnlyErrors;
    out.firstPureOnlyError ??= t.firstPureOnlyError;
    out.examples = [...out.examples, ...t.examples].slice(0, 5);
    for (const [id, n] of Object.entries(t.knownDifferences)) out.knownDifferences[id] = (out.knownDifferences[id] ?? 0) + n;
  }
  return out;
}

/**
 * The coverage section of merged shards; undefined when no shard has one. Throws when the
 * shards measured different interpreters.
 *
 * @example
 * ```ts
 * mergeCoverage([a.coverage, b.coverage])?.totals.ratio;
 * ```
 */
export function mergeCoverage(sections: (CoverageSummary | undefined)[]): CoverageSummary | undefined {
  const parts = sections.filter((s): s is CoverageSummary => s !== undefined);
  if (parts.length === 0) return undefined;
  if (parts.length !== sections.length) throw new RangeError("some shards measured coverage and others did not");
  const first = parts[0] as CoverageSummary;
  for (const part of parts) {
    if (part.python !== first.python || part.tracer !== first.tracer) {
      throw new RangeError(`shards measured different interpreters: CPython ${first.python} (${first.tracer}) and ${part.python} (${part.tracer})`);
    }
  }
  return {
    ...first,
    programs: parts.reduce((a, p) => a + p.programs, 0),
    referenceErrors: parts.reduce((a, p) => a + p.referenceErrors, 0),
    workerSeconds: {
      normal: parts.reduce((a, p) => a + p.workerSeconds.normal, 0),
      pure: parts.reduce((a, p) => a + p.workerSeconds.pure, 0),
    },
    traceCheck: addChecks(parts),
    ...measureCoverage({ ...linesOf(parts), scope: scopeOf(parts) }),
  };
}

/**
 * A run's coverage section measured again under other out-of-scope rules (resolved for the
 * section's release, e.g. from the edited committed file): what the ratios would have
 * been, without running the programs again.
 *
 * @example
 * ```ts
 * const scope = resolveScope(loadScope(), { release: section.release, readSource });
 * remeasureCoverage(section, scope, "coverage.out-of-scope.json").totals.ratio;
 * ```
 */
export function remeasureCoverage(section: CoverageSummary, scope: ResolvedScope, scopeFile: string): CoverageSummary {
  return {
    ...section,
    scope: { file: scopeFile, rules: scope.rules, notApplied: scope.notApplied },
    ...measureCoverage({ ...linesOf([section]), scope }),
  };
}
