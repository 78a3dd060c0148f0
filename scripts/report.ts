/**
 * `npm run report -- merge RUN_DIR... [--out DIR]`
 *   Combines the reports of a campaign's shards (`npm run conformance -- --shard K/N`)
 *   into one: `<out>/summary.json` (default reports/<run-id>-merged), each shard's failure
 *   directories, and `index.html`.
 * `npm run report -- expectations RUN_DIR [--file F]`
 *   Adds a report's unexpected divergences to the expectations file (default
 *   conformance.expectations.json) as bugs to fix, each with its minimal program inline.
 * `npm run report -- promote FAILURE_DIR --name NAME`
 *   Keeps a failure's minimal program forever: copies its program.json to
 *   spec/regressions/NAME.json (replayed by npm test).
 *
 * `--help` (also after a subcommand) lists every flag with its default. Bad input gets one
 * line and exit code 2; a merge with divergences or reference errors exits 1.
 */
import { cpSync, existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { UsageError, parseOrExit, usageExit } from "../src/conformance/cli.ts";
import { reportClis } from "../src/conformance/commands.ts";
import { loadExpectations, saveExpectations, updateExpectations } from "../src/conformance/expectations.ts";
import { writeHtmlReport } from "../src/conformance/html_report.ts";
import type { Program } from "../src/conformance/ir/index.ts";
import { mergeSummaries } from "../src/conformance/merge.ts";
import { CampaignSummary, ReportWriteError, writeFileAtomic, writeReportAtomically, writeSummary } from "../src/conformance/report.ts";
import { readProgramFile } from "../src/conformance/replay.ts";

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === "--help" || command === "-h") {
  const all = Object.values(reportClis);
  const text = all.map((c) => c.help()).join("\n\n");
  if (command === undefined) {
    console.error(`give a subcommand: ${Object.keys(reportClis).join(", ")}\nusage: ${all.map((c) => c.spec.usage[0]).join("\n       ")}\n(--help lists every flag)`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}
if (!(command in reportClis)) {
  fail(`unknown subcommand ${JSON.stringify(command)}: one of ${Object.keys(reportClis).join(", ")} (--help lists every flag)`);
}

function readSummary(dir: string): CampaignSummary {
  const file = join(dir, "summary.json");
  if (!existsSync(file)) fail(`${file} does not exist: ${dir} is not a campaign's run directory`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = CampaignSummary.safeParse(json);
  if (!parsed.success) fail(`${file} is not a campaign summary: at ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data as CampaignSummary;
}

function expectationsCommand(): void {
  const cli = reportClis.expectations;
  const { values, positionals } = parseOrExit(cli, rest);
  const runDir = positionals[0] as string;
  const summary = readSummary(runDir);
  let loaded;
  try {
    loaded = loadExpectations(values.file);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  // The report's minimal programs go into the file inline: the report directory is not committed.
  const programs = new Map<string, Program>();
  for (const failure of summary.failures) {
    const file = join(runDir, "failures", basename(failure.dir ?? ""), "program.json");
    if (failure.dir !== null && existsSync(file)) programs.set(failure.key, readProgramFile(file));
  }
  const updated = updateExpectations(loaded!, summary, [], programs);
  saveExpectations(values.file, updated);
  console.log(`${values.file}: ${updated.bugs.length} bugs to fix, ${updated.known.length} known divergences`);
}

function promoteCommand(): void {
  const cli = reportClis.promote;
  const { values, positionals } = parseOrExit(cli, rest);
  if (values.name === undefined) usageExit(cli, new UsageError("--name NAME is required: the regression's file name"));
  const dir = positionals[0] as string;
  let program: Program | undefined;
  try {
    program = readProgramFile(join(dir, "program.json"));
  } catch (error) {
    fail(`${dir} is not a failure directory: ${error instanceof Error ? error.message : String(error)}`);
  }
  const target = join("spec", "regressions", `${values.name}.json`);
  if (existsSync(target)) fail(`${target} already exists: choose another --name`);
  writeFileAtomic(target, JSON.stringify(program, null, 2) + "\n");
  console.log(`promoted to ${target}: npm test replays it from now on`);
}

function mergeCommand(): void {
  const cli = reportClis.merge;
  const { values, positionals: dirs } = parseOrExit(cli, rest);
  const parts = dirs.map((dir) => ({ dir, summary: readSummary(dir) }));
  const runId = `${basename(dirs[0] as string).replace(/-shard\d+of\d+$/, "")}-merged`;
  const out = values.out ?? join("reports", runId);
  let merged: CampaignSummary;
  try {
    merged = mergeSummaries(parts.map((p) => p.summary), runId);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  // Failures keep the directories their shard wrote; they are copied next to the merged summary.
  const sources = new Map<string, string>();
  merged.failures = merged.failures.map((f, i) => {
    if (f.dir === null) return f;
    const part = parts.find((p) => p.summary.failures.some((g) => g.index === f.index && g.key === f.key));
    sources.set(String(i + 1), join(part?.dir ?? "", "failures", basename(f.dir)));
    return { ...f, dir: join(out, "failures", String(i + 1)) };
  });
  try {
    writeReportAtomically(out, (staging) => {
      for (const [n, source] of sources) cpSync(source, join(staging, "failures", n), { recursive: true });
      writeSummary(staging, merged);
      writeHtmlReport(staging, { shownAs: out });
    });
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    fail(error.message);
  }
  console.log(
    `merged ${parts.length} shards: ${merged.agree} of ${merged.completed} programs agree (${merged.diverge} diverge, ${merged.referenceErrors} reference errors)`,
  );
  console.log(`report: ${out}/summary.json, ${out}/index.html`);
  process.exit(merged.diverge === 0 && merged.referenceErrors === 0 ? 0 : 1);
}

if (command === "expectations") expectationsCommand();
else if (command === "promote") promoteCommand();
else mergeCommand();
