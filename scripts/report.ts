/**
 * `npm run report -- merge RUN_DIR... [--out DIR]`
 *
 * Combines the summaries of a campaign's shards (`npm run conformance -- --shard K/N`) into
 * one report: `<out>/summary.json` (default reports/<run-id>-merged), and copies each
 * shard's failure directories under it.
 */
import { cpSync, existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { mergeSummaries } from "../src/conformance/merge.ts";
import { CampaignSummary, writeSummary } from "../src/conformance/report.ts";

function fail(message: string): never {
  console.error(`${message}\nusage: npm run report -- merge RUN_DIR... [--out DIR]`);
  process.exit(2);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
const [command, ...dirs] = positionals;
if (command !== "merge") fail(`unknown command ${command ?? "(none)"}`);
if (dirs.length === 0) fail("give the run directories of the shards");

const parts = dirs.map((dir) => {
  const file = join(dir, "summary.json");
  if (!existsSync(file)) fail(`${file} does not exist`);
  const parsed = CampaignSummary.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) fail(`${file} is not a campaign summary: at ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return { dir, summary: parsed.data };
});

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
