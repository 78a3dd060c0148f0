/**
 * Combining the summaries of a campaign's shards (`--shard K/N`) into the summary of the
 * whole campaign: counts add up, spreads are recomputed from their totals, failures of the
 * same kind keep the first program that showed them. The result equals what the
 * unsharded campaign reports, timings aside (`comparableSummary`).
 *
 * @example
 * ```ts
 * const whole = mergeSummaries([shard1, shard2, shard3, shard4], "merged-run");
 * ```
 * @module
 */
import { generatorWarnings, programsPerSecond, spreadMean } from "./campaign.ts";
import { mergeCoverage } from "./coverage/merge.ts";
import { coverageWarnings } from "./coverage/summary.ts";
import type { CampaignSummary } from "./report.ts";

type Spread = CampaignSummary["exercised"]["tasksPerProgram"];

function mergeSpread(parts: Spread[]): Spread {
  const live = parts.filter((p) => p.count > 0);
  const total = live.reduce((a, p) => a + p.total, 0);
  const count = live.reduce((a, p) => a + p.count, 0);
  return {
    min: live.length ? Math.min(...live.map((p) => p.min)) : 0,
    mean: spreadMean(total, count),
    max: live.length ? Math.max(...live.map((p) => p.max)) : 0,
    total,
    count,
  };
}

function addCounts(parts: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * One summary for the shards of one campaign. Throws if the parts do not come from the
 * same campaign (seed, target, interpreter, feature, faults, shrink limit) or repeat a shard.
 */
export function mergeSummaries(parts: CampaignSummary[], runId: string): CampaignSummary {
  if (parts.length === 0) throw new RangeError("nothing to merge");
  const first = parts[0] as CampaignSummary;
  for (const part of parts) {
    const same =
      part.seed === first.seed &&
      part.target === first.target &&
      part.interpreter.version === first.interpreter.version &&
      part.feature === first.feature &&
      part.faults.join() === first.faults.join() &&
      part.maxShrunk === first.maxShrunk;
    if (!same) throw new RangeError(`${part.runId} is not a shard of the same campaign as ${first.runId}`);
  }
  const shards = parts.map((p) => p.shard);
  if (new Set(shards).size !== shards.length) throw new RangeError(`a shard appears twice: ${shards.join(", ")}`);

  const sum = (f: (p: CampaignSummary) => number) => parts.reduce((a, p) => a + f(p), 0);
  const completed = sum((p) => p.completed);
  const seconds = Math.max(...parts.map((p) => p.seconds));
  const ex = parts.map((p) => p.exercised);
  const endings = addCounts(ex.map((e) => e.endings));
  const trivial = sum((p) => p.exercised.trivialPrograms);

  const keys = new Map<string, { count: number; firstIndex: number; repro: string }>();
  for (const part of parts) {
    for (const k of part.failureKeys) {
      const entry = keys.get(k.key);
      if (entry) {
        entry.count += k.count;
        if (k.firstIndex < entry.firstIndex) {
          entry.firstIndex = k.firstIndex;
          entry.repro = k.repro;
        }
      } else keys.set(k.key, { count: k.count, firstIndex: k.firstIndex, repro: k.repro });
    }
  }
  const failureKeys = [...keys.entries()]
    .map(([key, v]) => ({ key, ...v }))
    .sort((a, b) => a.firstIndex - b.firstIndex);
  // The first failure of each of the first kinds, as the unsharded campaign shrinks them.
  const shrunkKeys = new Set(failureKeys.slice(0, first.maxShrunk).map((k) => k.key));
  const failures = parts
    .flatMap((p) => p.failures)
    .filter((f) => shrunkKeys.has(f.key) && keys.get(f.key)?.firstIndex === f.index)
    .sort((a, b) => a.index - b.index);

  const { coverage: _firstCoverage, ...firstRest } = first;
  const coverage = mergeCoverage(parts.map((p) => p.coverage));
  return {
    ...firstRest,
    runId,
    startedAt: parts.map((p) => p.startedAt).sort()[0] as string,
    seconds,
    runs: sum((p) => p.runs),
    shard: null,
    completed,
    interrupted: parts.some((p) => p.interrupted),
    workers: sum((p) => p.workers),
    agree: sum((p) => p.agree),
    diverge: sum((p) => p.diverge),
    referenceErrors: sum((p) => p.referenceErrors),
    oursErrors: sum((p) => p.oursErrors),
    programsPerSecond: programsPerSecond(completed, seconds),
    exercised: {
      statements: addCounts(ex.map((e) => e.statements)),
      tasksPerProgram: mergeSpread(ex.map((e) => e.tasksPerProgram)),
      eventsPerProgram: mergeSpread(ex.map((e) => e.eventsPerProgram)),
      statementsPerProgram: mergeSpread(ex.map((e) => e.statementsPerProgram)),
      endings,
      trivialPrograms: trivial,
      versionSensitive: addCounts(ex.map((e) => e.versionSensitive)),
      ...(first.exercised.neighbourReleases ? { neighbourReleases: first.exercised.neighbourReleases } : {}),
      areas: Object.fromEntries(
        Object.keys(first.exercised.areas).map((area) => [
          area,
          {
            programs: ex.reduce((a, e) => a + (e.areas[area]?.programs ?? 0), 0),
            agree: ex.reduce((a, e) => a + (e.areas[area]?.agree ?? 0), 0),
          },
        ]),
      ),
    },
    failures,
    failureKeys,
    referenceErrorList: parts.flatMap((p) => p.referenceErrorList).sort((a, b) => a.index - b.index),
    warnings: [...generatorWarnings(completed, trivial, endings), ...(coverage ? coverageWarnings(coverage) : [])],
    ...(coverage ? { coverage } : {}),
  };
}

/**
 * A summary without what depends on when and where it ran (run id, times, rates, workers,
 * report paths), for comparing a merged summary with an unsharded one.
 *
 * @example
 * ```ts
 * expect(comparableSummary(merged)).toEqual(comparableSummary(unsharded));
 * ```
 */
export function comparableSummary(summary: CampaignSummary): unknown {
  const { runId: _r, startedAt: _s, seconds: _t, programsPerSecond: _p, workers: _w, ...rest } = summary;
  return { ...rest, failures: rest.failures.map(({ dir: _d, ...f }) => f) };
}
