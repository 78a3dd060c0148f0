/**
 * A Stryker test runner plugin for the kit's side of `npm run mutation`: the "tests" are a
 * fixed sample of 1,000 programs of the recorded corpus (corpus/), each replayed on our loop
 * for every release it was recorded on (CPython's traces are stored, so no Python runs).
 *
 * The sample is `mutationSample`: the one stored in corpus/mutation-sample.json (chosen by
 * block coverage, `npm run mutation -- --choose-sample`), else an equal share from every
 * generator batch.
 *
 * - Dry run: every program once, recording which mutants each one reaches (per-test
 *   coverage), so a mutant is only run against the programs that reach its code.
 * - Mutant run: the mutant is switched on and the programs that reach it are replayed in
 *   order. Every program that no longer reproduces CPython's trace is a killer; counting
 *   stops at `MAX_KILLERS` (the report says "at least" then), so a well-caught mutant costs
 *   a few dozen replays and only survivors cost the whole sample.
 * - Static mutants (in code src/asyncio runs when it is imported: module-level tables,
 *   class set-up) are switched on before the modules load, in the fresh process Stryker
 *   starts for each; the modules are therefore imported lazily, by the first run.
 *
 * Stryker loads it in its test-runner processes with `--import tsx` (`testRunnerNodeArgs`),
 * whose working directory is the sandbox holding the instrumented sources.
 *
 * @example
 * ```ts
 * // stryker options: { testRunner: "asyncio-ts-corpus", plugins: [pathToFileURL("scripts/mutation/corpus-runner.ts").href] }
 * ```
 * @module
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { declareClassPlugin, PluginKind } from "@stryker-mutator/api/plugin";
import {
  DryRunStatus,
  MutantRunStatus,
  TestStatus,
  determineHitLimitReached,
  type DryRunResult,
  type MutantRunOptions,
  type MutantRunResult,
  type TestResult,
  type TestRunner,
  type TestRunnerCapabilities,
} from "@stryker-mutator/api/test-runner";
import type { MutantCoverage } from "@stryker-mutator/api/core";
import type * as KnownModule from "../../src/conformance/corpus/known.ts";
import type * as ReplayModule from "../../src/conformance/corpus/replay.ts";
import type * as SampleModule from "../../src/conformance/corpus/mutation_sample.ts";
import type * as StoreModule from "../../src/conformance/corpus/store.ts";

/** Killers counted per mutant before the run stops (MUTATION.md reports "at least" this many). */
export const MAX_KILLERS = 25;

interface StrykerNamespace {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: MutantCoverage;
  hitCount?: number;
  hitLimit?: number;
}

const ns = (): StrykerNamespace => {
  const g = globalThis as unknown as Record<string, StrykerNamespace | undefined>;
  return (g.__stryker__ ??= {});
};

/** One program of the sample, replayed in the sandbox's (instrumented) sources. */
interface Program {
  id: string;
  /** null when our loop reproduces every recorded trace; else what differs first. */
  replay(): string | null;
}

/** The kit's test runner (see the module comment). */
export class CorpusTestRunner implements TestRunner {
  static inject = [] as const;
  /** The sample, once loaded (see `loadPrograms`). */
  private programs: Program[] | null = null;

  capabilities(): TestRunnerCapabilities {
    // Modules are loaded with `import`, which cannot be undone: static mutants need a fresh process.
    return { reloadEnvironment: false };
  }

  async init(): Promise<void> {
    // Nothing is loaded yet: a static mutant (code that runs when src/asyncio is imported,
    // such as a module-level table) must be active while the modules load, and only
    // mutantRun knows which mutant that is. Stryker starts a fresh process for each one,
    // since this runner cannot reload its modules.
  }

  /** Imports the corpus modules (and with them src/asyncio) and builds the sample, once per process. */
  private async loadPrograms(): Promise<Program[]> {
    if (this.programs !== null) return this.programs;
    const root = process.cwd();
    const load = <T>(file: string): Promise<T> => import(pathToFileURL(join(root, file)).href) as Promise<T>;
    const store = await load<typeof StoreModule>("src/conformance/corpus/store.ts");
    const replay = await load<typeof ReplayModule>("src/conformance/corpus/replay.ts");
    const known = await load<typeof KnownModule>("src/conformance/corpus/known.ts");
    const sampling = await load<typeof SampleModule>("src/conformance/corpus/mutation_sample.ts");
    const corpus = store.readCorpus(join(root, "corpus"));
    const stored = sampling.readSampleFile(join(root, "corpus"));
    const sample = replay.mutationSample(corpus, known.readKnownDivergences(join(root, "corpus")), stored);
    this.programs = sample.map((entry) => ({
      id: entry.id,
      replay() {
        const result = replay.replayCorpus(corpus, { ids: (x) => x === entry.id });
        const first = result.mismatches[0];
        if (first === undefined) return null;
        return `${first.id} on ${first.release}: ${first.divergence ? `trace line ${first.divergence.index + 1} (${first.divergence.key})` : (first.error ?? "").split("\n")[0]}`;
      },
    }));
    return this.programs;
  }

  async dryRun(): Promise<DryRunResult> {
    const space = ns();
    space.activeMutant = undefined;
    // Loading here records what src/asyncio runs at import as static coverage.
    const programs = await this.loadPrograms();
    // Clear the per-test coverage in place: each instrumented module keeps the coverage
    // object it saw first, so a new object would leave every module loaded before the dry
    // run (all of src/asyncio, through the corpus modules) recording into the old one, and
    // their mutants would all look unreached (NoCoverage).
    const coverage = (space.mutantCoverage ??= { static: {}, perTest: {} });
    coverage.perTest = {};
    const tests: TestResult[] = [];
    for (const program of programs) {
      space.currentTestId = program.id;
      const started = performance.now();
      const failure = program.replay();
      const timeSpentMs = performance.now() - started;
      tests.push(
        failure === null
          ? { id: program.id, name: program.id, timeSpentMs, status: TestStatus.Success }
          : { id: program.id, name: program.id, timeSpentMs, status: TestStatus.Failed, failureMessage: failure },
      );
    }
    space.currentTestId = undefined;
    return { status: DryRunStatus.Complete, tests, mutantCoverage: coverage };
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const space = ns();
    // 'static': the mutant is in code that runs at import, so it is switched on before this
    // (fresh) process loads src/asyncio; 'runtime': the modules load first, unmutated.
    if (options.mutantActivation === "static") space.activeMutant = options.activeMutant.id;
    const programs = await this.loadPrograms();
    space.activeMutant = options.activeMutant.id;
    space.hitCount = 0;
    space.hitLimit = options.hitLimit;
    const filter = options.testFilter === undefined ? null : new Set(options.testFilter);
    const killedBy: string[] = [];
    let failureMessage = "";
    let ran = 0;
    try {
      for (const program of programs) {
        if (filter !== null && !filter.has(program.id)) continue;
        ran++;
        const failure = program.replay();
        const timeout = determineHitLimitReached(space.hitCount, space.hitLimit);
        if (timeout) return { status: MutantRunStatus.Timeout, ...(timeout.reason ? { reason: timeout.reason } : {}) };
        if (failure !== null) {
          if (killedBy.length === 0) failureMessage = failure;
          killedBy.push(program.id);
          if (killedBy.length >= MAX_KILLERS || !options.disableBail) break;
        }
      }
    } finally {
      space.activeMutant = undefined;
    }
    if (killedBy.length > 0) return { status: MutantRunStatus.Killed, killedBy, failureMessage, nrOfTests: ran };
    return { status: MutantRunStatus.Survived, nrOfTests: ran };
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, "asyncio-ts-corpus", CorpusTestRunner)];
