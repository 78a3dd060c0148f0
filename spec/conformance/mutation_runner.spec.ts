// The kit's Stryker test runner records which programs reach which mutants. Stryker's
// instrumented modules each keep the coverage object they first saw, and src/asyncio is
// loaded (and covered) before the dry run starts, so the dry run must clear per-test
// coverage in that same object: replacing it once made every mutant of most modules look
// unreached.
import { DryRunStatus, TestStatus } from "@stryker-mutator/api/test-runner";
import { afterEach, describe, expect, it } from "vitest";
import { CorpusTestRunner } from "../../scripts/mutation/corpus-runner.ts";

interface Coverage {
  static: Record<string, number>;
  perTest: Record<string, Record<string, number>>;
}
type Namespace = { mutantCoverage?: Coverage; currentTestId?: string };
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
