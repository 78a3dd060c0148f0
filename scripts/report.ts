/**
 * `npm run report -- merge RUN_DIR... [--out DIR]`
 *   Combines the summaries of a campaign's shards (`npm run conformance -- --shard K/N`)
 *   into one report: `<out>/summary.json` (default reports/<run-id>-merged), and copies
 *   each shard's failure directories under it.
 * `npm run report -- expectations RUN_DIR [--file F]`
 *   Regenerates the expectations file (default conformance.expectations.json) from a
 *   report: its unexpected divergences are added as bugs to fix.
 * `npm run report -- promote FAILURE_DIR --name NAME`
 *   Keeps a failure's minimal program forever: copies its program.json to
 *   spec/regressions/NAME.json (replayed by npm test).
 */
import { cpSync, existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { mergeSummaries } from "../src/conformance/merge.ts";
import { EXPECTATIONS_FILE, loadExpectations, saveExpectations, updateExpectations } from "../src/conformance/expectations.ts";
import { CampaignSummary, writeFileAtomic, writeSummary } from "../src/conformance/report.ts";
import { readProgramFile } from "../src/conformance/replay.ts";

function fail(message: string): never {
  console.error(
    `${message}\nusage: npm run report -- merge RUN_DIR... [--out DIR]\n       npm run report -- expectations RUN_DIR [--file F]\n       npm run report -- promote FAILURE_DIR --name NAME`,
  );
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string" }, file: { type: "string", default: EXPECTATIONS_FILE }, name: { type: "string" } },
});
const [command, ...dirs] = positionals;

function readSummary(dir: string) {
  const file = join(dir, "summary.json");
  if (!existsSync(file)) fail(`${file} does not exist`);
  const parsed = CampaignSummary.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) fail(`${file} is not a campaign summary: at ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

if (command === "expectations") {
  if (dirs.length !== 1) fail("give one run directory");
  const summary = readSummary(dirs[0] as string);
  const file = values.file as string;
  const updated = updateExpectations(loadExpectations(file), summary);
  saveExpectations(file, updated);
  console.log(`${file}: ${updated.bugs.length} bugs to fix, ${updated.known.length} known divergences`);
  process.exit(0);
}
if (command === "promote") {
  if (dirs.length !== 1 || values.name === undefined) fail("give one failure directory and --name NAME");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(values.name)) fail(`--name must be lower-case words joined by -, got ${values.name}`);
  const program = readProgramFile(join(dirs[0] as string, "program.json"));
  const target = join("spec", "regressions", `${values.name}.json`);
  if (existsSync(target)) fail(`${target} already exists`);
  writeFileAtomic(target, JSON.stringify(program, null, 2) + "\n");
  console.log(`promoted to ${target}: npm test replays it from now on`);
  process.exit(0);
}
if (command !== "merge") fail(`unknown command ${command ?? "(none)"}`);
if (dirs.length === 0) fail("give the run directories of the shards");

const parts = dirs.map((dir) => ({ dir, summary: readSummary(dir) }));

const runId = `${basename(dirs[0] as string).replace(/-shard\d+of\d+$/, "")}-merged`;
const out = values.out ?? join("reports", runId);
let merged;
try {
  merged = mergeSummaries(parts.map((p) => p.summary), runId);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
// Failures keep the directories their shard wrote; copy them next to the merged summary.
merged.failures = merged.failures.map((f) => {
  if (f.dir === null) return f;
  const target = join(out, "failures", `${f.index}`);
  cpSync(f.dir, target, { recursive: true });
  return { ...f, dir: target };
});
writeSummary(out, merged);
console.log(
  `merged ${parts.length} shards: ${merged.agree} of ${merged.completed} programs agree (${merged.diverge} diverge, ${merged.referenceErrors} reference errors)`,
);
console.log(`report: ${out}/summary.json`);
process.exit(merged.diverge === 0 && merged.referenceErrors === 0 ? 0 : 1);
