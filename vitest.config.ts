import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.spec.ts"],
    globalSetup: ["spec/support/global_setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
