/**
 * `npm run mutation -- [options]`: the mutation score of our loop. Stryker mutates
 * src/asyncio/ and runs two test commands against every mutant: the ported CPython specs
 * (Stryker's vitest runner, vitest.mutation.config.ts) and the kit replaying a fixed
 * sample of 1,000 corpus programs on all eight releases (scripts/mutation/corpus-runner.ts).
 * Stryker runs once per module; each module's results are merged into the committed
 * reports/mutation-results/{specs,kit}.json as soon as it finishes (scripts/mutation/results.ts),
 * and reports/MUTATION.md is made from them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Stryker } from "@stryker-mutator/core";
import type { PartialStrykerOptions } from "@stryker-mutator/api/core";
import { MAX_KILLERS } from "./mutation/corpus-runner.ts";
import { UsageError, parseOrExit, usageExit } from "../src/conformance/cli.ts";
import { mutationCli } from "../src/conformance/commands.ts";
import { mutationMarkdown, unexplained, type Annotation, type MutationInputs } from "./mutation/report.ts";
import { currentMutants, mergeRun, moduleStatus, readStore, sourceHash, storeFile, writeStore, type ResultsStore, type Side, type StrykerReport } from "./mutation/results.ts";
import { MUTATION_SAMPLE, mutationSample } from "../src/conformance/corpus/replay.ts";
import { readCorpus } from "../src/conformance/corpus/store.ts";
import { readKnownDivergences } from "../src/conformance/corpus/known.ts";
import { readSampleFile } from "../src/conformance/corpus/mutation_sample.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = join(ROOT, "reports", "mutation");
const MODULES = readdirSync(join(ROOT, "src", "asyncio")).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));

const { values } = parseOrExit(mutationCli, process.argv.slice(2));
// Before anything reads corpus/mutation-sample.json, so that choosing again mends a broken one.
if (values["choose-sample"]) {
  // A process of its own: block coverage must start before src/asyncio is compiled. Without
  // the optimising compilers: a function V8 inlines into optimised code does not count its
  // calls, and when that happens depends on background compilation, so the same corpus gave
  // different samples (282 and 288 programs by coverage on two runs of one corpus).
  const flags = ["--no-opt", "--no-maglev", "--import", "tsx"];
  const child = spawnSync(process.execPath, [...flags, join(ROOT, "scripts", "mutation", "choose-sample.ts")], { cwd: ROOT, stdio: "inherit" });
  process.exit(child.status ?? 1);
}
const side = values.side;
for (const m of values.module) {
  if (!MODULES.includes(m)) usageExit(mutationCli, new UsageError(`--module ${m}: no src/asyncio/${m}.ts (one of ${MODULES.join(", ")})`));
}
const concurrency = values.concurrency ?? cpus().length;
const modules = values.module.length ? values.module : MODULES;
const sources = Object.fromEntries(MODULES.map((m) => [`src/asyncio/${m}.ts`, readFileSync(join(ROOT, "src", "asyncio", `${m}.ts`), "utf8")]));
const strykerVersion = (JSON.parse(readFileSync(join(ROOT, "node_modules", "@stryker-mutator", "core", "package.json"), "utf8")) as { version: string }).version;
const today = () => new Date().toISOString().slice(0, 10);

/** The kit's sample (what its runner replays) and, for the report, how it was chosen. */
function kitSample(): { hash: string; method: string } {
  const stored = readSampleFile(join(ROOT, "corpus"));
  const sample = mutationSample(readCorpus(join(ROOT, "corpus")), readKnownDivergences(join(ROOT, "corpus")), stored);
  const hash = sourceHash(JSON.stringify(sample.map((e) => [e.id, e.traces])));
  const stratified = { hash, method: "an equal share from each generator" };
  if (stored === null) return stratified;
  if (sample.map((e) => e.id).join() !== stored.ids.join()) {
    console.error("mutation: corpus/mutation-sample.json names programs the corpus no longer holds as they were; the kit side uses the stratified sample (npm run mutation -- --choose-sample chooses again)");
    return stratified;
  }
  return {
    hash,
    method: `corpus/mutation-sample.json: ${stored.byCoverage} chosen so that every block of src/asyncio some corpus program reaches is reached by at least ${stored.perBlock} of the sample, or by all that reach it${stored.perCall === undefined ? "" : `, and every validate call some corpus program makes is made by at least ${stored.perCall} of the sample, or by all that make it`}, the rest an equal share from each generator`,
  };
}
const kitTests = kitSample();

/** What each side tests with, hashed: results measured with other tests are stale. */
function testsHashOf(name: Side): string {
  if (name === "kit") return kitTests.hash;
  const dir = join(ROOT, "spec", "asyncio");
  const files = readdirSync(dir).filter((f) => /^test_.*\.spec\.ts$/.test(f)).sort();
  return sourceHash(files.map((f) => `${f}\n${readFileSync(join(dir, f), "utf8")}`).join("\n"));
}
const testsHash = { specs: testsHashOf("specs"), kit: testsHashOf("kit") };

function options(name: Side, module: string): PartialStrykerOptions {
  const common: PartialStrykerOptions = {
    mutate: [`src/asyncio/${module}.ts`],
    concurrency,
    coverageAnalysis: "perTest",
    disableBail: name === "kit",
    // Added to 1.5 times a test run's usual time: a mutant that loops forever costs this
    // much. Ten seconds leaves a normal run more than five times its time on a busy machine.
    timeoutMS: 10_000,
    tempDirName: ".stryker-tmp",
    cleanTempDir: true,
    ignorePatterns: ["reports", "dist", "docs/api", ".stryker-tmp", "spec/conformance/.emitted"],
    reporters: ["json", "progress"],
    jsonReporter: { fileName: join(OUT, `${name}.json`) },
    incremental: values.incremental,
    incrementalFile: join(OUT, "incremental", `${name}-${module}.json`),
  };
  if (name === "kit") {
    return {
      ...common,
      testRunner: "asyncio-ts-corpus",
      testRunnerNodeArgs: ["--import", "tsx"],
      plugins: [pathToFileURL(join(ROOT, "scripts", "mutation", "corpus-runner.ts")).href],
    };
  }
  return {
    ...common,
    testRunner: "vitest",
    vitest: { configFile: "vitest.mutation.config.ts" },
    plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"],
    ...(values["no-check"] ? {} : { checkers: ["typescript"], tsconfigFile: "tsconfig.mutation.json", typescriptChecker: { prioritizePerformanceOverAccuracy: true } }),
  };
}

/** Runs one side module by module, committing each module's results as soon as it is measured. */
async function runSide(name: Side): Promise<void> {
  const file = storeFile(name);
  let store = readStore(file, name);
  const status = moduleStatus(store, sources, testsHash[name]);
  const todo = values.resume ? modules.filter((m) => !status.current.includes(`src/asyncio/${m}.ts`)) : modules;
  console.error(`mutation (${name}): ${todo.length} module(s) to run${values.resume ? ` (${modules.length - todo.length} already measured on today's source)` : ""}, concurrency ${concurrency}`);
  for (const [i, m] of todo.entries()) {
    console.error(`mutation (${name}): ${m} (${i + 1}/${todo.length})`);
    const report = join(OUT, `${name}.json`);
    rmSync(report, { force: true });
    await new Stryker(options(name, m)).runMutationTest();
    if (!existsSync(report)) throw new Error(`Stryker wrote no report for ${m} (${report})`);
    store = mergeRun(store, JSON.parse(readFileSync(report, "utf8")) as StrykerReport, sources, { date: today(), stryker: strykerVersion, testsHash: testsHash[name] });
    writeStore(file, store);
    console.error(`mutation (${name}): ${m}: ${countLine(store.modules[`src/asyncio/${m}.ts`]?.mutants ?? [])}; kept in ${relative(ROOT, file)}`);
  }
}

/** `121 mutants: 95 killed, 3 timed out, 20 survived, 3 not reached` (statuses present only). */
function countLine(mutants: { status: string }[]): string {
  const names: Record<string, string> = { Killed: "killed", Timeout: "timed out", Survived: "survived", NoCoverage: "not reached", CompileError: "do not compile" };
  const counts = new Map<string, number>();
  for (const m of mutants) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${names[status] ?? status}`);
  return `${mutants.length} mutants: ${parts.join(", ")}`;
}

process.on("SIGINT", () => {
  console.error("mutation: interrupted; every module finished so far is kept in reports/mutation-results/ (npm run mutation -- --resume goes on)");
  process.exit(130);
});

/** The days the stored results were measured on: `2026-12-02`, or `2026-12-01 to 2026-12-02`. */
function measuredDates(all: ResultsStore[]): string {
  const days = all.flatMap((s) => Object.values(s.modules).map((m) => m.date)).sort();
  const [first, last] = [days[0], days[days.length - 1]];
  if (first === undefined || last === undefined) return "(nothing measured yet)";
  return first === last ? first : `${first} to ${last}`;
}

mkdirSync(OUT, { recursive: true });
if (!values["report-only"]) {
  if (side !== "kit") await runSide("specs");
  if (side !== "specs") await runSide("kit");
}
const annotationsFile = join(ROOT, "scripts", "mutation", "annotations.json");
const annotations = JSON.parse(readFileSync(annotationsFile, "utf8")) as Record<string, Annotation>;
const stores = { specs: readStore(storeFile("specs"), "specs"), kit: readStore(storeFile("kit"), "kit") };
const inputs: MutationInputs = {
  specs: currentMutants(stores.specs, sources),
  kit: currentMutants(stores.kit, sources),
  annotations,
  sources,
  gaps: (["specs", "kit"] as const).map((s) => ({ side: s, ...moduleStatus(stores[s], sources, testsHash[s]) })),
  meta: {
    command: "npm run mutation",
    date: measuredDates([stores.specs, stores.kit]),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`,
    sample: MUTATION_SAMPLE,
    sampleMethod: kitTests.method,
    maxKillers: MAX_KILLERS,
    stryker: strykerVersion,
  },
};
writeFileSync(join(ROOT, "reports", "MUTATION.md"), mutationMarkdown(inputs));
const todo = unexplained(inputs);
console.log(`wrote reports/MUTATION.md; ${todo.length} survivors or rare catches without an explanation`);
for (const key of todo.slice(0, 30)) console.log(`  ${key}`);
