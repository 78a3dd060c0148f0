/**
 * `npm run conformance -- [--runs N] [--seed S] [--python PATH] [--target 3.X] ...`
 * (`--help` lists every flag with its default; src/conformance/commands.ts declares them).
 *
 * Runs a campaign of N generated programs on our loop and on CPython, prints what the
 * programs exercised and every divergence (shrunk, side by side, with the command that
 * reproduces it and the minimal program in Python and TypeScript), then writes
 * reports/<run-id>/. Every flag is checked, the expectations file read and the report
 * directory checked writable before the first program runs. Ctrl-C once keeps what
 * finished; twice exits at once. Exit codes are listed by `--help`.
 */
import type { LoopFaults } from "../src/conformance/faults.ts";
import { PYTHON_VERSIONS, type PythonVersion } from "../src/asyncio/version.ts";
import { rerunNote } from "../src/conformance/rerun.ts";
import { featureNotApplicable, makeRunId, neighbourReleases, runCampaign, unshrunkKinds, writeCampaignReport, type CampaignResult } from "../src/conformance/campaign.ts";
import { parseOrExit, usageExit } from "../src/conformance/cli.ts";
import { EXIT, checkConformanceFlags, conformanceCli } from "../src/conformance/commands.ts";
import { defaultCheckThreads } from "../src/conformance/check_threads.ts";
import { compareProgram } from "../src/conformance/compare.ts";
import { coverageText, type CoverageOptions } from "../src/conformance/coverage/index.ts";
import { formatDivergence } from "../src/conformance/diff.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { emitTs } from "../src/conformance/emit_ts.ts";
import { judge, loadExpectations, replayable, saveExpectations, updateExpectations, type LoadedExpectations } from "../src/conformance/expectations.ts";
import { defaultInterpreter, discoverInterpreters, pickPerRelease, type Interpreter } from "../src/conformance/interpreters.ts";
import { runMatrix, writeConformanceMarkdown } from "../src/conformance/matrix.ts";
import { progressReporter } from "../src/conformance/progress.ts";
import { ReferencePool, WorkerStartError } from "../src/conformance/reference/pool.ts";
import { ReportWriteError, faultNote, prepareRunDir, releaseRunDir, removeTemporaries, type CampaignSummary } from "../src/conformance/report.ts";

const { values, given } = parseOrExit(conformanceCli, process.argv.slice(2));

try {
  checkConformanceFlags({ values, given, positionals: [] });
} catch (error) {
  usageExit(conformanceCli, error);
}

const seed = values.seed ?? (Date.now() ^ (process.pid << 8)) >>> 0;
const faults: LoopFaults | undefined = values.fault.length ? Object.fromEntries(values.fault.map((f) => [f, true])) : undefined;
const interrupt = installInterruptHandlers();
// --coverage: what the coverage pass says while it prepares (the baseline takes a minute or two, once per build).
const coverage: CoverageOptions | undefined = values.coverage ? { onStatus: (text) => console.error(text) } : undefined;

if (values.matrix) await runMatrixCommand();
else await runSingleCampaign();

// ---------------------------------------------------------------------------------------

/**
 * Ctrl-C (SIGINT) or SIGTERM once: abort (no new programs; those in flight get --grace
 * seconds). Twice: kill the workers and exit at once. The listeners stay installed, so
 * execa's exit handler never finds itself the last listener and re-raises the signal.
 */
function installInterruptHandlers() {
  const controller = new AbortController();
  const state = { controller, signal: null as NodeJS.Signals | null, pools: new Set<ReferencePool>() };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (state.signal === null) {
      state.signal = signal;
      process.stderr.write(
        `\ninterrupted (${signal}): no new programs start; those in flight get ${values.grace} s, then the summary and a report marked interrupted are written. ${signal === "SIGINT" ? "Ctrl-C" : signal} again exits at once.\n`,
      );
      controller.abort();
      return;
    }
    process.stderr.write(`\ninterrupted again (${signal}): exiting now, without a report\n`);
    for (const pool of state.pools) void pool.terminate();
    removeTemporaries();
    process.exit(exitCodeFor(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A file grown past the size limit (ulimit -f) must fail its write (EFBIG), not kill the
  // campaign: without a listener of ours, execa's exit handler re-raises the signal.
  if (process.platform !== "win32") process.on("SIGXFSZ", () => {});
  return state;
}

function exitCodeFor(signal: NodeJS.Signals | null): number {
  return signal === "SIGTERM" ? 143 : EXIT.interrupted;
}

/** Loads the expectations file, or refuses with one line. */
function expectationsOrExit(): LoadedExpectations {
  try {
    return loadExpectations(values.expectations);
  } catch (error) {
    console.error(`--expectations ${values.expectations}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.usage);
  }
}

/** The reserved run directory, or a one-line refusal (nothing has run yet). */
function runDirOrExit(runId: string): string {
  try {
    return prepareRunDir(values["report-root"], runId);
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    console.error(`--report-root ${values["report-root"]}: ${error.message}; nothing was run`);
    process.exit(EXIT.usage);
  }
}

async function startPool(interpreter: Interpreter): Promise<ReferencePool> {
  try {
    const pool = await ReferencePool.start({
      interpreter,
      ...(values.workers ? { workers: values.workers } : {}),
      timeoutMs: values["program-timeout"] * 1000,
      startTimeoutMs: values["start-timeout"] * 1000,
    });
    interrupt.pools.add(pool);
    return pool;
  } catch (error) {
    if (!(error instanceof WorkerStartError)) throw error;
    console.error(error.message);
    removeTemporaries();
    process.exit(EXIT.usage);
  }
}

async function runSingleCampaign(): Promise<void> {
  const expectations = expectationsOrExit();
  const interpreter = await defaultInterpreter(values.python.length ? { explicit: [values.python[0] as string] } : {});
  if ("reason" in interpreter) {
    console.error(`no CPython to compare against: ${interpreter.reason}`);
    process.exit(EXIT.usage);
  }
  const target: PythonVersion = values.target ?? interpreter.python;
  const notApplicable = values.feature ? featureNotApplicable(values.feature, target) : null;
  if (notApplicable) {
    console.log(`--feature ${values.feature} is not applicable to target ${target} (${notApplicable}): nothing to run`);
    process.exit(EXIT.ok);
  }
  const shard = values.shard ? { index: Number(values.shard.split("/")[0]), count: Number(values.shard.split("/")[1]) } : undefined;
  const runDir = runDirOrExit(`${makeRunId(seed)}${shard ? `-shard${shard.index}of${shard.count}` : ""}`);
  const share = shard ? `shard ${shard.index}/${shard.count} of a campaign of ${values.runs} programs` : `${values.runs} programs`;
  console.error(
    `campaign: ${share}${values.feature ? ` using ${values.feature}` : ""}, seed ${seed}, target Python ${target}, reference CPython ${interpreter.version} (${interpreter.path})${faults ? `, deliberate loop faults ${values.fault.join(", ")}` : ""}`,
  );
  if (target !== interpreter.python) console.error(`warning: the target ${target} differs from the interpreter's release ${interpreter.python}`);

  const pool = await startPool(interpreter);
  let result: CampaignResult;
  try {
    result = await runCampaign({
      runs: values.runs,
      seed,
      interpreter,
      target,
      pool,
      runDir,
      write: false,
      threads: values.threads ?? defaultCheckThreads(),
      ...(values.neighbours ? { neighbours: neighbourReleases(target) } : {}),
      ...(faults ? { faults } : {}),
      ...(values.feature ? { feature: values.feature } : {}),
      ...(shard ? { shard } : {}),
      ...(coverage ? { coverage } : {}),
      shrink: !values["no-shrink"],
      maxShrunk: values["max-shrunk"],
      onProgress: progressReporter(process.stderr),
      signal: interrupt.controller.signal,
      graceMs: values.grace * 1000,
    });
  } catch (error) {
    await pool.terminate();
    releaseRunDir(runDir);
    throw error;
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  // What finished is printed first: nothing below can lose it.
  printSummary(result);
  const ok = await checkExpectations(result, expectations, pool);
  if (interrupt.signal !== null) await pool.terminate();
  else await pool.close();
  const written = writeReport(runDir, result);
  if (interrupt.signal !== null) process.exit(exitCodeFor(interrupt.signal));
  process.exit(!written ? EXIT.reportNotWritten : ok ? EXIT.ok : EXIT.failed);
}

/** Writes the report, or says in one line why it could not (the summary is printed already). */
function writeReport(runDir: string, result: CampaignResult): boolean {
  try {
    writeCampaignReport(runDir, result);
    console.log(`\nreport: ${runDir}/summary.json, ${runDir}/index.html`);
    return true;
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    releaseRunDir(runDir);
    console.log(`\nREPORT NOT WRITTEN: ${error.message} (the summary above is all there is)`);
    return false;
  }
}

function printSummary({ summary, failures }: CampaignResult): void {
  const ex = summary.exercised;
  if (summary.interrupted) {
    console.log(`\nINTERRUPTED after ${summary.completed} of ${summary.runs} programs: what follows covers the programs that finished.`);
  }
  console.log(`\n${summary.agree} of ${summary.completed} programs agree with CPython ${summary.interpreter.version}` +
    ` (${summary.diverge} diverge, ${summary.referenceErrors} reference errors) in ${summary.seconds.toFixed(1)} s,` +
    ` ${summary.programsPerSecond} programs/s with ${summary.workers} workers.`);
  if (summary.faults.length) console.log(`deliberate loop faults: ${summary.faults.join(", ")} (test tools: divergences are expected)`);
  console.log(`exercised: tasks/program ${ex.tasksPerProgram.mean} (max ${ex.tasksPerProgram.max}), events/program ${ex.eventsPerProgram.mean} (max ${ex.eventsPerProgram.max}), statements/program ${ex.statementsPerProgram.mean}`);
  console.log(`endings: ${Object.entries(ex.endings).map(([k, v]) => `${k} ${v}`).join(", ")}; trivial programs: ${ex.trivialPrograms}`);
  console.log(`statements: ${Object.entries(ex.statements).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log(
    `version-specific: ${Object.entries(ex.versionSensitive).map(([v, n]) => `${n} programs would trace differently under ${v}`).join(", ") || "not measured (--neighbours interprets every program under the neighbouring releases too)"}`,
  );
  if (summary.coverage) console.log(`\n${coverageText(summary.coverage)}`);
  for (const warning of summary.warnings) console.log(`WARNING: ${warning}`);

  for (const failure of failures) {
    const divergence = failure.minimalResult.divergence ?? failure.result.divergence;
    const count = summary.failureKeys.find((k) => k.key === failure.key)?.count ?? 1;
    console.log(`\n=== divergence in program ${failure.index} (${failure.key}; ${count} program${count === 1 ? "" : "s"} of this kind)`);
    if (divergence) console.log(formatDivergence(divergence, { width: process.stdout.columns ?? 140 }));
    else console.log(failure.minimalResult.oursError ?? failure.result.oursError ?? "");
    const note = faultNote(summary.faults);
    if (note) console.log(`\n(${note})`);
    const rerun = rerunNote(failure.rerun);
    if (rerun) console.log(`\n${rerun}`);
    console.log(`\nreproduce: ${failure.repro}`);
    if (failure.dir) console.log(`       or: npm run repro -- ${failure.dir}/program.json${summary.faults.map((f) => ` --fault ${f}`).join("")}`);
    const label = rerun ? "the program, not shrunk" : "minimal program";
    console.log(`\n${label} (Python):\n${emitPython(failure.minimal, { python: summary.target })}`);
    console.log(`${label} (TypeScript):\n${emitTs(failure.minimal, { python: summary.target })}`);
  }
  printUnshrunk(summary);
  printReferenceErrors(summary);
}

function printUnshrunk(summary: CampaignSummary): void {
  const rest = unshrunkKinds(summary);
  if (rest.length === 0) return;
  const why = summary.interrupted
    ? "the campaign was interrupted"
    : values["no-shrink"] ? "--no-shrink" : `--max-shrunk ${summary.maxShrunk}`;
  console.log(`\n${rest.length} failure kind${rest.length === 1 ? "" : "s"} not shrunk (${why}); each reproduces with its first program:`);
  for (const k of rest) console.log(`  ${k.key} (${k.count} program${k.count === 1 ? "" : "s"}, first ${k.firstIndex})\n    reproduce: ${k.repro}`);
}

function printReferenceErrors(summary: CampaignSummary): void {
  const shown = summary.referenceErrorList.slice(0, 5);
  for (const error of shown) {
    const what = error.kind === "program" ? "CPython could not run the program" : `the reference failed twice (${error.kind})`;
    const lines = error.error.trimEnd().split("\n");
    const cause = lines.length > 12 ? [...lines.slice(0, 4), `  ... (${lines.length - 8} lines)`, ...lines.slice(-4)] : lines;
    console.log(`\nreference error in program ${error.index}: ${what}\n${cause.map((l) => `  ${l}`).join("\n")}\n  reproduce: ${error.repro}`);
  }
  if (summary.referenceErrorList.length > shown.length) {
    console.log(`\n... and ${summary.referenceErrorList.length - shown.length} more reference errors (summary.json lists them all)`);
  }
}

/**
 * Expectations: divergences known in advance do not fail the campaign; an expected one
 * whose program now agrees does (the entry must go). Returns whether the campaign passes.
 */
async function checkExpectations(result: CampaignResult, expectations: LoadedExpectations, pool: ReferencePool): Promise<boolean> {
  const { summary, failures } = result;
  const verdict = judge(summary, expectations);
  const nowPassing: string[] = [];
  // An interrupted campaign has no time to replay; its verdict on them is left open.
  if (!summary.interrupted) {
    for (const { entry, program } of replayable(expectations, summary.target)) {
      const replay = await compareProgram(program, { pool, python: summary.target, ...(faults ? { faults } : {}) });
      if (replay.status === "agree") nowPassing.push(entry.key);
    }
  }
  for (const e of verdict.expected) console.log(`expected divergence (${e.tier}): ${e.key}`);
  for (const key of verdict.unexpected) {
    const repro = summary.failureKeys.find((k) => k.key === key)?.repro;
    console.log(`UNEXPECTED divergence: ${key}${repro ? `\n  reproduce: ${repro}` : ""}`);
  }
  for (const key of nowPassing) console.log(`expected failure now passes (remove it from ${values.expectations}): ${key}`);
  if (values["update-expectations"]) {
    const programs = new Map(failures.map((f) => [f.key, f.minimal]));
    saveExpectations(values.expectations, updateExpectations(expectations, summary, nowPassing, programs));
    console.log(`updated ${values.expectations}`);
  }
  return (
    verdict.unexpected.length === 0 &&
    nowPassing.length === 0 &&
    summary.referenceErrors === 0 &&
    summary.warnings.length === 0 &&
    !summary.interrupted
  );
}

/** `--matrix`: every release found, one campaign each, and CONFORMANCE.md in the run directory. */
async function runMatrixCommand(): Promise<void> {
  const { found, skipped } = await discoverInterpreters(values.python.length ? { explicit: values.python } : {});
  const rejected = skipped.filter((s) => s.source === "option");
  if (rejected.length > 0) {
    for (const s of rejected) console.error(`--python ${s.path}: ${s.reason}`);
    process.exit(EXIT.usage);
  }
  // One interpreter per release: the newest patch level found (explicit --python paths first).
  const byRelease = pickPerRelease(found, { prefer: "newest" });
  const interpreters = PYTHON_VERSIONS.flatMap((v) => byRelease.get(v) ?? []);
  console.error("interpreters found:");
  for (const i of interpreters) console.error(`  ${i.python}: CPython ${i.version} at ${i.path} (${i.source})`);
  for (const i of found.filter((i) => !interpreters.includes(i))) console.error(`  not used (release ${i.python} already covered): ${i.version} at ${i.path}`);
  for (const s of skipped) console.error(`  skipped: ${s.path}: ${s.reason}`);
  const missing = PYTHON_VERSIONS.filter((v) => !byRelease.has(v));
  if (missing.length > 0) console.error(`releases with no interpreter: ${missing.join(", ")}`);
  if (interpreters.length === 0) {
    console.error("no interpreter to run the matrix on; point at some with --python PATH (repeatable) or ASYNCIO_TS_PYTHON");
    process.exit(EXIT.usage);
  }
  const runId = `${makeRunId(seed)}-matrix`;
  const matrixDir = runDirOrExit(runId);
  const report = progressReporter(process.stderr);
  let unwritten = 0;
  const result = await runMatrix({
    runs: values.runs,
    seed,
    interpreters,
    reportRoot: matrixDir,
    ...(values.workers ? { workers: values.workers } : {}),
    threads: values.threads ?? defaultCheckThreads(),
    ...(values.neighbours ? { neighbours: true } : {}),
    ...(values.feature ? { feature: values.feature } : {}),
    ...(faults ? { faults } : {}),
    ...(coverage ? { coverage } : {}),
    timeoutMs: values["program-timeout"] * 1000,
    startTimeoutMs: values["start-timeout"] * 1000,
    signal: interrupt.controller.signal,
    graceMs: values.grace * 1000,
    onProgress: (_python, p) => report(p),
    onCampaign: (python, campaign) => {
      if (process.stderr.isTTY) process.stderr.write("\n");
      const s = campaign.summary;
      console.log(`${python}: ${s.agree} of ${s.completed} agree with CPython ${s.interpreter.version} (${s.diverge} diverge, ${s.referenceErrors} reference errors) in ${s.seconds.toFixed(1)} s${s.interrupted ? ", INTERRUPTED" : ""}`);
      for (const k of unshrunkKinds(s)) console.log(`  not shrunk: ${k.key} (${k.count}): ${k.repro}`);
      if (s.coverage) console.log(`\n${coverageText(s.coverage, { maxUnentered: 10 })}\n`);
      if (campaign.runDir === null) return;
      try {
        writeCampaignReport(campaign.runDir, campaign);
        console.log(`  report: ${campaign.runDir}/index.html`);
      } catch (error) {
        if (!(error instanceof ReportWriteError)) throw error;
        unwritten++;
        console.log(`  REPORT NOT WRITTEN: ${error.message}`);
      }
    },
  });
  const { rows, labelled, unavailable, notApplicable, interrupted } = result;
  for (const n of notApplicable) console.log(`not applicable: ${n}`);
  for (const f of labelled) console.log(`${f.python}: ${f.key}: ${f.label}\n  reproduce: ${f.repro}`);
  for (const u of unavailable) console.log(`could not run: ${u}`);
  const info = {
    seed,
    runs: values.runs,
    runId,
    feature: values.feature ?? null,
    faults: values.fault,
    interrupted,
    notApplicable,
    skipped: [
      ...unavailable.map((u) => `${u} (could not start)`),
      ...missing.map((v) => `${v} (no interpreter found)`),
      ...skipped.map((s) => `${s.path} (${s.reason})`),
    ],
  };
  const markdown = `${matrixDir}/CONFORMANCE.md`;
  try {
    writeConformanceMarkdown(markdown, rows, labelled, info);
    console.log(`\nmatrix report: ${markdown}`);
    if (values.publish) {
      const neutralPaths = new Map(rows.map((r) => [r.interpreter.path, `python${r.python}`] as const));
      const published = `${values["report-root"]}/CONFORMANCE.md`;
      writeConformanceMarkdown(published, rows, labelled, { ...info, skipped: [...unavailable.map((u) => `${u.split(" ")[0]} (could not start)`), ...missing.map((v) => `${v} (no interpreter found)`)], neutralPaths });
      console.log(`published: ${published}`);
    } else {
      console.log(`(${values["report-root"]}/CONFORMANCE.md, the committed table, is left as it is; --publish replaces it)`);
    }
  } catch (error) {
    if (!(error instanceof ReportWriteError) && !(error instanceof Error && "code" in error)) throw error;
    unwritten++;
    console.log(`REPORT NOT WRITTEN: could not write ${markdown}: ${error.message.split("\n")[0]}`);
  }
  if (interrupted) process.exit(exitCodeFor(interrupt.signal));
  if (unwritten > 0) process.exit(EXIT.reportNotWritten);
  const ok = unavailable.length === 0 && rows.every((r) => r.summary.diverge === 0 && r.summary.referenceErrors === 0 && r.summary.warnings.length === 0);
  process.exit(ok ? EXIT.ok : EXIT.failed);
}
