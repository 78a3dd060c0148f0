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
  },
});
