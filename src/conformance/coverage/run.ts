/**
 * A campaign's coverage pass (`--coverage`): next to the normal reference run of each
 * program (C accelerator, compared with our loop), the same emitted source runs on a second
 * pool of reference workers with the `_asyncio` accelerator blocked and the line tracer on.
 * Their answers carry the asyncio lines first reached (see lines.ts); their traces are
 * compared with the normal pass's (trace_check.ts). At the end the union of lines is
 * measured against the baseline (baseline.ts) under the out-of-scope rules (scope.ts).
 *
 * @example
 * ```ts
 * const coverage = await CoverageRun.start({ interpreter, target: "3.11", workers: 2 }, { onStatus: console.error });
 * try {
 *   const result = await coverage.check(0, program, (p) => compareProgram(p, { pool, python: "3.11" }));
 *   console.log(result.status, coverage.summary().totals.ratio);
 * } finally {
 *   await coverage.close();
 * }
 * ```
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pythonMinor, type PythonVersion } from "../../asyncio/version.ts";
import type { CompareResult } from "../compare.ts";
import { emitPython } from "../emit_python.ts";
import type { Interpreter } from "../interpreters.ts";
import type { Program } from "../ir/index.ts";
import { ReferencePool, type ReferenceResult } from "../reference/pool.ts";
import { buildIdentity, loadBaseline, type Baseline } from "./baseline.ts";
import { LineUnion } from "./lines.ts";
import { measureCoverage } from "./measure.ts";
import { SCOPE_FILE, loadScope, resolveScope, type ResolvedScope } from "./scope.ts";
import { coverageWarnings, type CoverageSummary, type TraceCheck } from "./summary.ts";
import { compareReferenceTraces } from "./trace_check.ts";

/** How many unexplained trace differences a summary keeps as examples. */
const EXAMPLES = 5;

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Options of the coverage pass.
 *
 * @example
 * ```ts
 * const options: CoverageOptions = { baseline: true, tests: ["test_tasks"], cacheDir: "/tmp/cov" };
 * ```
 */
export interface CoverageOptions {
  /** Compare with CPython's own tests (default true; false reports lines without a baseline). */
  baseline?: boolean;
  /** The test_asyncio modules of the baseline (default BASELINE_TESTS). */
  tests?: readonly string[];
  /** Where baselines are cached (default coverageCacheDir()). */
  cacheDir?: string;
  /** The out-of-scope file (default the committed one). */
  scopeFile?: string;
  /** Force a tracer (default: sys.monitoring on 3.12+, else settrace). */
  tracer?: "settrace" | "sys.monitoring";
  /** What is happening, in a line (the baseline may take a minute or two the first time). */
  onStatus?: (text: string) => void;
}

/**
 * The coverage pass of one campaign (see the module comment).
 *
 * @example
 * ```ts
 * const run = await CoverageRun.start({ interpreter, target: "3.12" }, {});
 * ```
 */
export class CoverageRun {
  private readonly lines = new LineUnion();
  private programs = 0;
  private referenceErrors = 0;
  private readonly workerSeconds = { normal: 0, pure: 0 };
  private readonly check_: TraceCheck = {
    compared: 0,
    identical: 0,
    knownDifferences: {},
    unexplained: 0,
    examples: [],
    pureOnlyErrors: 0,
    firstPureOnlyError: null,
  };

  private constructor(
    private readonly pool: ReferencePool,
    private readonly interpreter: Interpreter,
    private readonly target: PythonVersion,
    private readonly baseline: Baseline,
    private readonly scope: ResolvedScope,
    private readonly scopeFile: string,
    private readonly tracer: "settrace" | "sys.monitoring",
  ) {}

  /**
   * Loads the out-of-scope rules (a bad file fails here, before any program), finds or
   * computes the baseline, then starts the pure-Python traced workers.
   *
   * @example
   * ```ts
   * const run = await CoverageRun.start({ interpreter, target: interpreter.python, workers: 2 }, { baseline: false });
   * ```
   */
  static async start(
    context: { interpreter: Interpreter; target: PythonVersion; workers?: number; timeoutMs?: number },
    options: CoverageOptions = {},
  ): Promise<CoverageRun> {
    const { interpreter } = context;
    const scopeFile = options.scopeFile ?? SCOPE_FILE;
    const scopeData = loadScope(scopeFile);
    const identity = interpreter.source === "pyodide" ? null : await buildIdentity(interpreter, options.tests);
    const readSource = (module: string): string | null => {
      if (identity === null) return null;
      try {
        return readFileSync(join(identity.package, `${module}.py`), "utf8");
      } catch {
        return null;
      }
    };
    const scope = resolveScope(scopeData, { release: interpreter.python, readSource });
    const baseline =
      options.baseline === false
        ? { available: false as const, identity, reason: "not asked for (--coverage without a baseline)" }
        : await loadBaseline(interpreter, {
            ...(options.tests ? { tests: options.tests } : {}),
            ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
            ...(options.onStatus ? { onStatus: options.onStatus } : {}),
          });
    const tracer = options.tracer ?? identity?.tracer ?? (pythonMinor(interpreter.python) >= 12 ? "sys.monitoring" : "settrace");
    // Traced runs are slower than plain ones: they get three times the per-program time.
    const pool = await ReferencePool.start({
      interpreter,
      ...(context.workers ? { workers: context.workers } : {}),
      timeoutMs: (context.timeoutMs ?? 10_000) * 3,
      mode: { purePython: true, coverage: true, ...(options.tracer ? { tracer: options.tracer } : {}) },
    });
    return new CoverageRun(pool, interpreter, context.target, baseline, scope, scopeFile, tracer);
  }

  /**
   * Checks one program: `compare` (the campaign's normal comparison) and the pure-Python
   * traced run side by side; records the lines and compares the two reference traces.
   * Returns `compare`'s result unchanged.
   *
   * @example
   * ```ts
   * const result = await run.check(index, program, compare);
   * ```
   */
  async check(index: number, program: Program, compare: (program: Program) => Promise<CompareResult>): Promise<CompareResult> {
    const source = emitPython(program, { python: this.target });
    const [result, pure] = await Promise.all([compare(program), this.pool.run(source)]);
    this.record(index, result, pure);
    return result;
  }

  private record(index: number, result: CompareResult, pure: ReferenceResult): void {
    if (!pure.ok) {
      this.referenceErrors++;
      if (result.reference.ok) {
        this.check_.pureOnlyErrors++;
        this.check_.firstPureOnlyError ??= { index, error: pure.error.split("\n").filter((l) => l.trim() !== "").slice(-1)[0] ?? pure.kind };
      }
      return;
    }
    this.programs++;
    this.lines.add(pure.coverage ?? {});
    if (!result.reference.ok) return;
    this.workerSeconds.normal += result.reference.seconds;
    this.workerSeconds.pure += pure.seconds;
    const check = this.check_;
    check.compared++;
    const comparison = compareReferenceTraces(result.reference.trace, pure.trace);
    if (comparison.kind === "identical") check.identical++;
    else if (comparison.kind === "known") {
      for (const id of comparison.differences) check.knownDifferences[id] = (check.knownDifferences[id] ?? 0) + 1;
    } else {
      check.unexplained++;
      if (check.examples.length < EXAMPLES) check.examples.push({ index, line: comparison.line, c: comparison.c, pure: comparison.pure });
    }
  }

  /**
   * What the pass found so far, measured (the `coverage` section of summary.json).
   *
   * @example
   * ```ts
   * const section = run.summary();
   * section.modules.map((m) => `${m.module} ${m.ratio}`);
   * ```
   */
  summary(): CoverageSummary {
    const baseline = this.baseline;
    const suite = baseline.available ? LineUnion.of(baseline.lines) : null;
    const measured = measureCoverage({ campaign: this.lines, suite, scope: this.scope });
    return {
      python: this.pool.python,
      release: this.interpreter.python,
      pass: "pure-python",
      tracer: this.tracer,
      programs: this.programs,
      referenceErrors: this.referenceErrors,
      workerSeconds: { normal: round(this.workerSeconds.normal), pure: round(this.workerSeconds.pure) },
      traceCheck: structuredClone(this.check_),
      baseline: baseline.available
        ? {
            available: true,
            build: baseline.identity.hash,
            cache: baseline.cache,
            reused: baseline.reused,
            tests: baseline.tests,
            missingTests: baseline.identity.missingTests,
            seconds: baseline.seconds,
          }
        : { available: false, reason: baseline.reason },
      // The committed file by its name in the repository; any other by the path given.
      scope: {
        file: this.scopeFile === SCOPE_FILE ? "coverage.out-of-scope.json" : this.scopeFile,
        rules: this.scope.rules,
        notApplied: this.scope.notApplied,
      },
      ...measured,
    };
  }

  /**
   * Warnings for the campaign's summary (see {@link coverageWarnings}).
   *
   * @example
   * ```ts
   * run.warnings(); // [] when both passes agree
   * ```
   */
  warnings(): string[] {
    return coverageWarnings(this.summary());
  }

  /**
   * Stops the pass's workers.
   *
   * @example
   * ```ts
   * await run.close();
   * ```
   */
  close(): Promise<void> {
    return this.pool.close();
  }
}
