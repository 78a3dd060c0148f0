/**
 * The `coverage` section of a campaign's `summary.json` (written with `--coverage`): which
 * lines of the reference interpreter's asyncio package the campaign's programs executed
 * (pure-Python pass), against what CPython's own test suite reaches in the same build,
 * per module and per function, with the out-of-scope lines left out of the ratio.
 *
 * Line sets are written as compact ranges (`"12-15,18"`), so a summary holds everything
 * needed to merge shards or to list which lines a function misses.
 *
 * @example
 * ```ts
 * const coverage = CoverageSummary.parse(summary.coverage);
 * coverage.modules.find((m) => m.module === "tasks")?.ratio; // e.g. 0.8
 * ```
 * @module
 */
import { z } from "zod";
import { PYTHON_VERSIONS } from "../../asyncio/version.ts";

/**
 * Sorted line numbers as compact ranges.
 *
 * @example
 * ```ts
 * toRanges([5, 1, 2, 3]); // "1-3,5"
 * ```
 */
export function toRanges(lines: Iterable<number>): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * The line numbers of compact ranges (the inverse of {@link toRanges}).
 *
 * @example
 * ```ts
 * fromRanges("1-3,5"); // [1, 2, 3, 5]
 * ```
 */
export function fromRanges(text: string): number[] {
  if (text === "") return [];
  return text.split(",").flatMap((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`bad line ranges ${JSON.stringify(text)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    return Array.from({ length: b - a + 1 }, (_, k) => a + k);
  });
}

const Ranges = z.string().regex(/^(\d+(-\d+)?(,\d+(-\d+)?)*)?$/, "line ranges such as 12-15,18");
const Ratio = z.number().min(0).max(1).nullable();

/**
 * One function of one module.
 *
 * @example
 * ```ts
 * const f: FunctionCoverage = { function: "sleep", outOfScope: null, suite: 9, campaign: 7, reached: 7, ratio: 0.78, excluded: "", suiteLines: "640-648", campaignLines: "640-646", missed: "647-648" };
 * ```
 */
export const FunctionCoverage = z.strictObject({
  /** Qualified name (`Task.__step`, `gather.<locals>._done_callback`). */
  function: z.string(),
  /** Why the whole function is out of scope (from the out-of-scope file), or null. */
  outOfScope: z.string().nullable(),
  /** In-scope lines the suite reaches (null: no baseline). */
  suite: z.number().int().nullable(),
  /** In-scope lines the campaign reaches. */
  campaign: z.number().int(),
  /** In-scope lines both reach (null: no baseline). */
  reached: z.number().int().nullable(),
  /** reached / suite (null: no baseline, or the suite reaches no in-scope line here). */
  ratio: Ratio,
  /** Lines of this function (reached by either side) left out: by branch or line rules, or all of them for an out-of-scope function. */
  excluded: Ranges,
  /** Every line the suite reaches, out-of-scope ones included (null: no baseline). */
  suiteLines: Ranges.nullable(),
  /** Every line the campaign reaches, out-of-scope ones included. */
  campaignLines: Ranges,
  /** In-scope lines the suite reaches and the campaign does not (null: no baseline). */
  missed: Ranges.nullable(),
});
export type FunctionCoverage = z.infer<typeof FunctionCoverage>;

/**
 * One module of the asyncio package.
 *
 * @example
 * ```ts
 * const tasks = coverage.modules.find((m) => m.module === "tasks");
 * ```
 */
export const ModuleCoverage = z.strictObject({
  module: z.string(),
  /** The acceptance target for this module's ratio (0.95 for tasks.py), or null. */
  target: z.number().nullable(),
  /** Why the whole module is out of scope, or null. */
  outOfScope: z.string().nullable(),
  /** Distinct in-scope lines the suite reaches (null: no baseline). */
  suite: z.number().int().nullable(),
  /** Distinct in-scope lines the campaign reaches. */
  campaign: z.number().int(),
  /** Distinct in-scope lines both reach (null: no baseline). */
  reached: z.number().int().nullable(),
  ratio: Ratio,
  /** In-scope lines the campaign reaches and the suite does not (null: no baseline). */
  beyondSuite: z.number().int().nullable(),
  /** Distinct lines left out by the out-of-scope file (reached by either side). */
  excluded: z.number().int(),
  functions: z.array(FunctionCoverage),
});
export type ModuleCoverage = z.infer<typeof ModuleCoverage>;

/** The baseline: what CPython's own tests reach, or why there is none. */
const Baseline = z.discriminatedUnion("available", [
  z.strictObject({
    available: z.literal(true),
    /** The build hash the baseline is cached under. */
    build: z.string(),
    /** The cache file. */
    cache: z.string(),
    /** Whether this campaign reused the cached file (false: computed now). */
    reused: z.boolean(),
    /** The test_asyncio modules run, with their counts. */
    tests: z.record(
      z.string(),
      z.strictObject({
        run: z.number().int(),
        failures: z.number().int(),
        errors: z.number().int(),
        skipped: z.number().int(),
        seconds: z.number(),
      }),
    ),
    /** Requested modules this build does not have (test_timeouts before 3.11). */
    missingTests: z.array(z.string()),
    seconds: z.number(),
  }),
  z.strictObject({ available: z.literal(false), reason: z.string() }),
]);

/**
 * How the pure-Python pass's traces compared with the normal (C accelerator) pass's, which
 * is what our loop is compared with.
 *
 * @example
 * ```ts
 * coverage.traceCheck.unexplained; // 0: the two passes ran the same programs the same way
 * ```
 */
export const TraceCheck = z.strictObject({
  /** Programs whose two traces were compared. */
  compared: z.number().int(),
  /** Equal as they are. */
  identical: z.number().int(),
  /** Equal once the known message differences are allowed: how many programs needed each. */
  knownDifferences: z.record(z.string(), z.number().int()),
  /** Different in some other way: the measurement of these programs describes another run. */
  unexplained: z.number().int(),
  /** The first unexplained differences: program, trace line, both sides. */
  examples: z.array(z.strictObject({ index: z.number().int(), line: z.number().int(), c: z.string(), pure: z.string() })),
  /** Programs the normal pass ran and the pure-Python pass did not (a timeout, a crash), and the first. */
  pureOnlyErrors: z.number().int(),
  firstPureOnlyError: z.strictObject({ index: z.number().int(), error: z.string() }).nullable(),
});
export type TraceCheck = z.infer<typeof TraceCheck>;

/**
 * The `coverage` section of summary.json.
 *
 * @example
 * ```ts
 * if (summary.coverage) console.log(summary.coverage.totals.ratio);
 * ```
 */
export const CoverageSummary = z.strictObject({
  /** The reference interpreter's exact version. */
  python: z.string(),
  release: z.enum(PYTHON_VERSIONS),
  /** Which classes ran: the pure-Python Task and Future (`_asyncio` blocked). */
  pass: z.literal("pure-python"),
  tracer: z.enum(["settrace", "sys.monitoring"]),
  /** Programs whose pure-Python run answered (with lines); the others are `referenceErrors`. */
  programs: z.number().int(),
  referenceErrors: z.number().int(),
  /**
   * What the pass cost: the reference workers' own seconds over the programs both passes
   * ran, the normal pass's and the traced pure-Python pass's.
   */
  workerSeconds: z.strictObject({ normal: z.number(), pure: z.number() }),
  traceCheck: TraceCheck,
  baseline: Baseline,
  scope: z.strictObject({
    file: z.string(),
    /** Rules that apply to this release. */
    rules: z.number().int(),
    /** Rules that could not be applied here, with why. */
    notApplied: z.array(z.string()),
  }),
  /** In-scope modules together: distinct lines of all of them. */
  totals: z.strictObject({ suite: z.number().int().nullable(), campaign: z.number().int(), reached: z.number().int().nullable(), ratio: Ratio }),
  modules: z.array(ModuleCoverage),
  /**
   * In-scope functions the suite enters and the campaign never does: what the generator
   * misses (each should become a feature or an out-of-scope rule).
   */
  unentered: z.array(z.strictObject({ module: z.string(), function: z.string(), suite: z.number().int() })),
});
export type CoverageSummary = z.infer<typeof CoverageSummary>;

/**
 * The warnings a coverage section gives its campaign (they fail it, as generator warnings
 * do): programs traced differently on the pure-Python classes beyond the known message
 * differences, and programs only the pure-Python pass failed on.
 *
 * @example
 * ```ts
 * coverageWarnings(summary.coverage); // [] when both passes agree
 * ```
 */
export function coverageWarnings(coverage: CoverageSummary): string[] {
  const out: string[] = [];
  const check = coverage.traceCheck;
  if (check.unexplained > 0) {
    const first = check.examples[0];
    out.push(
      `coverage: ${check.unexplained} of ${check.compared} programs traced differently with the pure-Python Task and Future than with the C ones, beyond the known message differences` +
        (first ? ` (first: program ${first.index}, trace line ${first.line}: ${first.c} vs ${first.pure})` : ""),
    );
  }
  const failed = check.firstPureOnlyError;
  if (check.pureOnlyErrors > 0 && failed !== null) {
    out.push(
      `coverage: the pure-Python pass failed on ${check.pureOnlyErrors} programs the normal pass ran (first: program ${failed.index}: ${failed.error})`,
    );
  }
  return out;
}
