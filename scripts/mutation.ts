/**
 * `npm run mutation -- [options]`: the mutation score of our loop. Stryker mutates
 * src/asyncio/ and runs two test commands against every mutant: the ported CPython specs
 * (Stryker's vitest runner, vitest.mutation.config.ts) and the kit replaying a fixed
 * sample of 1,000 corpus programs on all eight releases (scripts/mutation/corpus-runner.ts).
 * Results go to reports/mutation/ (JSON) and reports/MUTATION.md.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Stryker } from "@stryker-mutator/core";
import type { PartialStrykerOptions } from "@stryker-mutator/api/core";
import { MAX_KILLERS } from "./mutation/corpus-runner.ts";
import { UsageError, parseOrExit, usageExit } from "../src/conformance/cli.ts";
import { mutationCli } from "../src/conformance/commands.ts";
import { mutationMarkdown, unexplained, type Annotation, type MutantOutcome } from "./mutation/report.ts";
import { MUTATION_SAMPLE } from "../src/conformance/corpus/replay.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = join(ROOT, "reports", "mutation");
const MODULES = readdirSync(join(ROOT, "src", "asyncio")).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));

const { values } = parseOrExit(mutationCli, process.argv.slice(2));
const side = values.side;
for (const m of values.module) {
  if (!MODULES.includes(m)) usageExit(mutationCli, new UsageError(`--module ${m}: no src/asyncio/${m}.ts (one of ${MODULES.join(", ")})`));
}
const concurrency = values.concurrency ?? cpus().length;
const mutate = (values.module.length ? values.module : MODULES).map((m) => `src/asyncio/${m}.ts`);

function base(name: "specs" | "kit"): PartialStrykerOptions {
  return {
    mutate,
    concurrency,
    coverageAnalysis: "perTest",
    disableBail: name === "kit",
    timeoutMS: 60_000,
    tempDirName: ".stryker-tmp",
    cleanTempDir: true,
    ignorePatterns: ["reports", "dist", "docs/api", ".stryker-tmp", "spec/conformance/.emitted"],
    reporters: ["json", "progress"],
    jsonReporter: { fileName: join(OUT, `${name}.json`) },
    incremental: values.incremental,
    incrementalFile: join(OUT, `${name}-incremental.json`),
  };
}

async function runSide(name: "specs" | "kit"): Promise<void> {
  const options: PartialStrykerOptions =
    name === "specs"
      ? {
          ...base(name),
          testRunner: "vitest",
          vitest: { configFile: "vitest.mutation.config.ts" },
          plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"],
          ...(values["no-check"] ? {} : { checkers: ["typescript"], tsconfigFile: "tsconfig.json", typescriptChecker: { prioritizePerformanceOverAccuracy: true } }),
        }
      : {
          ...base(name),
          testRunner: "asyncio-ts-corpus",
          testRunnerNodeArgs: ["--import", "tsx"],
          plugins: [pathToFileURL(join(ROOT, "scripts", "mutation", "corpus-runner.ts")).href],
        };
  console.error(`mutation (${name}): ${mutate.length} module(s), concurrency ${concurrency}`);
  await new Stryker(options).runMutationTest();
}

/** Stryker's JSON report as a flat list of mutants. */
function readResults(name: "specs" | "kit"): MutantOutcome[] | null {
  const file = join(OUT, `${name}.json`);
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, "utf8")) as { files: Record<string, { mutants: Omit<MutantOutcome, "fileName">[] }> };
  return Object.entries(report.files).flatMap(([fileName, f]) => f.mutants.map((m) => ({ ...m, fileName: fileName.replace(/^.*?(src\/asyncio\/)/, "$1") })));
}

mkdirSync(OUT, { recursive: true });
if (!values["report-only"]) {
  if (side !== "kit") await runSide("specs");
  if (side !== "specs") await runSide("kit");
}
const annotationsFile = join(ROOT, "scripts", "mutation", "annotations.json");
const annotations = JSON.parse(readFileSync(annotationsFile, "utf8")) as Record<string, Annotation>;
const sources = Object.fromEntries(MODULES.map((m) => [`src/asyncio/${m}.ts`, readFileSync(join(ROOT, "src", "asyncio", `${m}.ts`), "utf8")]));
const inputs = {
  specs: readResults("specs"),
  kit: readResults("kit"),
  annotations,
  sources,
  meta: {
    command: `npm run mutation${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`,
    sample: MUTATION_SAMPLE,
    maxKillers: MAX_KILLERS,
    stryker: (JSON.parse(readFileSync(join(ROOT, "node_modules", "@stryker-mutator", "core", "package.json"), "utf8")) as { version: string }).version,
  },
};
writeFileSync(join(ROOT, "reports", "MUTATION.md"), mutationMarkdown(inputs));
const todo = unexplained(inputs);
console.log(`wrote reports/MUTATION.md; ${todo.length} survivors or rare catches without an explanation`);
for (const key of todo.slice(0, 30)) console.log(`  ${key}`);
