// The kit's Stryker test runner records which programs reach which mutants. Stryker's
// instrumented modules each keep the coverage object they first saw, and src/asyncio is
// loaded (and covered) before the dry run starts, so the dry run must clear per-test
// coverage in that same object: replacing it once made every mutant of most modules look
// unreached. Mutants in code that runs at import (static mutants) must be switched on
// before the modules load, which happens lazily in the first run of a fresh process.
import { DryRunStatus, MutantRunStatus, TestStatus, type MutantRunOptions } from "@stryker-mutator/api/test-runner";
import { afterEach, describe, expect, it } from "vitest";
import { CorpusTestRunner } from "../../scripts/mutation/corpus-runner.ts";

interface Coverage {
  static: Record<string, number>;
  perTest: Record<string, Record<string, number>>;
}
type Namespace = { mutantCoverage?: Coverage; currentTestId?: string; activeMutant?: string };
const g = globalThis as unknown as { __stryker__?: Namespace };

/** What Stryker's instrumenter puts in a mutated module: `cover` keeps the first coverage object it sees. */
function instrumentedModule(): (id: string) => void {
  const ns = (g.__stryker__ ??= {});
  const cov = (ns.mutantCoverage ??= { static: {}, perTest: {} });
  return (id) => {
    const test = ns.currentTestId;
    const bucket = test === undefined ? cov.static : (cov.perTest[test] ??= {});
    bucket[id] = (bucket[id] ?? 0) + 1;
  };
}

afterEach(() => {
  delete g.__stryker__;
});

describe("CorpusTestRunner.dryRun", () => {
  it("credits each program with the mutants it reaches, in modules loaded before the dry run", async () => {
    const cover = instrumentedModule();
    cover("1"); // module load: static coverage
    const runner = new CorpusTestRunner();
    const programs = [
      { id: "a/1", replay: () => (cover("2"), null) },
      { id: "b/2", replay: () => (cover("3"), "b/2 on 3.12: trace line 4 (event)") },
    ];
    (runner as unknown as { programs: typeof programs }).programs = programs;
    const result = await runner.dryRun();
    expect(result.status).toBe(DryRunStatus.Complete);
    if (result.status !== DryRunStatus.Complete) return;
    expect(result.mutantCoverage?.static).toEqual({ "1": 1 });
    expect(result.mutantCoverage?.perTest).toEqual({ "a/1": { "2": 1 }, "b/2": { "3": 1 } });
    expect(result.tests.map((t) => [t.id, t.status])).toEqual([
      ["a/1", TestStatus.Success],
      ["b/2", TestStatus.Failed],
    ]);
  });
});

/** A runner whose sample "loads" by running `onLoad`, the way importing src/asyncio runs its module-level code. */
function lazyRunner(onLoad: () => void, replay: () => string | null): CorpusTestRunner {
  const runner = new CorpusTestRunner();
  let loaded = false;
  (runner as unknown as { loadPrograms: () => Promise<unknown[]> }).loadPrograms = async () => {
    if (!loaded) onLoad();
    loaded = true;
    return [{ id: "a/1", replay }];
  };
  return runner;
}

function runOptions(id: string, mutantActivation: "static" | "runtime"): MutantRunOptions {
  return {
    activeMutant: { id, fileName: "src/asyncio/log.ts", mutatorName: "StringLiteral", replacement: '""', location: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } } },
    mutantActivation,
    reloadEnvironment: mutantActivation === "static",
    sandboxFileName: "src/asyncio/log.ts",
    timeout: 10_000,
    disableBail: true,
  };
}

describe("CorpusTestRunner.mutantRun", () => {
  it("switches a static mutant on before the modules load, so import-time code runs mutated", async () => {
    const ns = (g.__stryker__ ??= {});
    let tableBuiltWith: string | undefined = "not loaded";
    const runner = lazyRunner(
      () => (tableBuiltWith = ns.activeMutant),
      () => (tableBuiltWith === "7" ? "a/1 on 3.12: trace line 1 (log)" : null),
    );
    await runner.init();
    const result = await runner.mutantRun(runOptions("7", "static"));
    expect(tableBuiltWith).toBe("7");
    expect(result.status).toBe(MutantRunStatus.Killed);
  });

  it("loads the modules unmutated before a runtime mutant is switched on", async () => {
    const ns = (g.__stryker__ ??= {});
    let loadedWith: string | undefined = "not loaded";
    let activeDuringReplay: string | undefined;
    const runner = lazyRunner(
      () => (loadedWith = ns.activeMutant),
      () => ((activeDuringReplay = ns.activeMutant), null),
    );
    await runner.init();
    const result = await runner.mutantRun({ ...runOptions("9", "runtime"), testFilter: ["a/1"] });
    expect(loadedWith).toBeUndefined();
    expect(activeDuringReplay).toBe("9");
    expect(result.status).toBe(MutantRunStatus.Survived);
    expect(ns.activeMutant).toBeUndefined();
  });
});
