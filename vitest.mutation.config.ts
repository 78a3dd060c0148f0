/**
 * The specs side of `npm run mutation` (Stryker's vitest runner): the ported CPython test
 * cases, pure TypeScript, no interpreter needed. The kit side replays the recorded corpus
 * through scripts/mutation/corpus-runner.ts.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/asyncio/test_*.spec.ts"],
    testTimeout: 60_000,
    // One module graph for all spec files: a mutant's run then imports src/asyncio once, not
    // once per file (the dry run drops from 12 s to 3 s). The specs keep no state across
    // files that changes their outcome: the dry run, which Stryker needs green, runs them all
    // in one graph, and `npm test` runs each file alone.
    isolate: false,
  },
});
