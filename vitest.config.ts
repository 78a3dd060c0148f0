import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["spec/**/*.spec.ts"],
    globalSetup: ["spec/support/global_setup.ts"],
    // Hang guards, not speed checks: no spec may depend on how busy the machine is
    // (`bash scripts/under_load.sh` runs the suite beside CPU burners).
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
