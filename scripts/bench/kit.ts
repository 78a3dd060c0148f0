/**
 * The conformance kit's rows of `npm run bench` (measured in one run, on the same fixed
 * program set): the reference worker alone (the programs' emitted Python piped straight
 * into as many worker processes as the campaign uses), the campaign end-to-end on the
 * same programs (generation, our loop, the diff, the pool; an already started pool, as
 * `npm run conformance` has), the ratio of the two, and the corpus replay rate. The load
 * average is recorded next to every figure: the machine is shared.
 *
 * @example
 * ```ts
 * const kit = await runKit({ python, runs: 1000, seed: 1, workers: 2, threads: 2 });
 * console.log(kitMarkdown(kit).join("\n"));
 * ```
 * @module
 */
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { readKnownDivergences, splitKnown } from "../../src/conformance/corpus/known.ts";
import { replayCorpusParallel } from "../../src/conformance/corpus/parallel.ts";
import type { Interpreter } from "../../src/conformance/interpreters.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { kitRequests, workersAlone } from "./kit_workers.ts";

/** The committed corpus. */
const CORPUS_DIR = fileURLToPath(new URL("../../corpus/", import.meta.url));

/** Options of {@link runKit}. */
export interface KitOptions {
  python: Interpreter;
  runs: number;
  seed: number;
  /** Reference worker processes, for both the workers-alone row and the campaign. */
  workers: number;
  /** The campaign's checking threads (0: its TypeScript side on the main thread). */
  threads: number;
  log?: (line: string) => void;
}

/** One measured figure with the load average (1 minute) before and after it. */
export interface KitFigure {
  perSecond: number;
  seconds: number;
  load: [number, number];
}

/** What {@link runKit} measured. */
export interface KitResult {
  python: string;
  runs: number;
  seed: number;
  workers: number;
  threads: number;
  /** Programs/s of the reference workers alone on the program set. */
  workersAlone: KitFigure;
  /** Programs/s of the campaign end-to-end on the same programs (its `programsPerSecond`). */
  campaign: KitFigure & { agree: number };
  /** campaign / workersAlone. */
  ratio: number;
  /** Corpus replay in program-runs/s (all releases, one thread per core). */
  replay: KitFigure & { programRuns: number };
  commands: { workersAlone: string; campaign: string; replay: string };
}

async function measured<T>(run: () => Promise<T>): Promise<{ value: T; load: [number, number] }> {
  const before = loadavg()[0] as number;
  const value = await run();
  return { value, load: [before, loadavg()[0] as number] };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Measures the kit rows (see the module comment). */
export async function runKit(options: KitOptions): Promise<KitResult> {
  const log = options.log ?? (() => {});
  const { python, runs, seed, workers, threads } = options;
  log(`kit: emitting ${runs} programs (seed ${seed}, target ${python.python}) ...`);
  const lines = kitRequests({ seed, runs, python: python.python });
  log(`kit: reference workers alone (${workers} processes) ...`);
  const alone = await measured(() => workersAlone({ python: python.path, lines, workers }));
  log(`  ${round(runs / alone.value.seconds)} programs/s`);
  log(`kit: campaign end-to-end (${workers} workers, ${threads} threads) ...`);
  const pool = await ReferencePool.start({ interpreter: python, workers });
  const campaign = await measured(async () => {
    try {
      return (await runCampaign({ runs, seed, interpreter: python, pool, threads, reportRoot: null, shrink: false })).summary;
    } finally {
      await pool.close();
    }
  });
  log(`  ${campaign.value.programsPerSecond} programs/s`);
  log("kit: corpus replay ...");
  const replay = await measured(() => replayCorpusParallel({ dir: CORPUS_DIR }));
  const replayRate = replay.value.programRuns / replay.value.seconds;
  log(`  ${Math.round(replayRate)} program-runs/s`);
  // The corpus's known divergences (CPython's own nondeterminism) are expected to diverge.
  const { known, unexpected } = splitKnown(replay.value.mismatches, readKnownDivergences(CORPUS_DIR));
  if (known.length > 0) log(`  ${known.length} known divergences still diverge, as corpus/known_divergences.json says`);
  if (unexpected.length > 0) log(`  warning: ${unexpected.length} corpus mismatches not in corpus/known_divergences.json`);
  const aloneRate = runs / alone.value.seconds;
  return {
    python: python.version,
    runs,
    seed,
    workers,
    threads,
    workersAlone: { perSecond: round(aloneRate), seconds: round(alone.value.seconds, 2), load: alone.load },
    campaign: { perSecond: campaign.value.programsPerSecond, seconds: round(runs / campaign.value.programsPerSecond, 2), load: campaign.load, agree: campaign.value.agree },
    ratio: round(campaign.value.programsPerSecond / aloneRate, 2),
    replay: { perSecond: Math.round(replayRate), seconds: round(replay.value.seconds, 2), load: replay.load, programRuns: replay.value.programRuns },
    commands: {
      workersAlone: `the ${runs} programs of seed ${seed} emitted for ${python.python}, piped into ${workers} × ${python.path} -u python-reference/worker.py`,
      campaign: `npm run conformance -- --runs ${runs} --seed ${seed} --python ${python.path} --workers ${workers} --threads ${threads} --no-shrink`,
      replay: "npm run corpus -- replay",
    },
  };
}

/** The kit rows as the `kit` object of `npm run bench -- --json`. */
export function kitJson(kit: KitResult): object {
  return kit;
}

/** The start and end markers of the kit section in reports/BENCH.md (`--only kit` rewrites just that). */
export const KIT_MARKERS = ["<!-- kit rows: start -->", "<!-- kit rows: end -->"] as const;

/** The kit section of reports/BENCH.md. */
export function kitMarkdown(kit: KitResult, date: string): string[] {
  const load = (f: KitFigure) => `${f.load[0].toFixed(2)} → ${f.load[1].toFixed(2)}`;
  return [
    KIT_MARKERS[0],
    "## Conformance kit",
    "",
    `Measured ${date} with \`npm run bench -- --only kit\` (also part of a full \`npm run bench\`): the first ${kit.runs} ` +
      `programs of seed ${kit.seed} from the default generator, CPython ${kit.python}, ${kit.workers} reference worker processes; ` +
      `the campaign with ${kit.threads} checking thread${kit.threads === 1 ? "" : "s"}. Load average (1 min) before → after each row: ` +
      "the machine is shared, so compare rows of one run.",
    "",
    "| Row | Rate | Time | Load | What ran |",
    "| --- | ---: | ---: | --- | --- |",
    `| Reference worker alone | ${kit.workersAlone.perSecond} programs/s | ${kit.workersAlone.seconds} s | ${load(kit.workersAlone)} | ${kit.commands.workersAlone} |`,
    `| Campaign end-to-end | ${kit.campaign.perSecond} programs/s | ${kit.campaign.seconds} s | ${load(kit.campaign)} | \`${kit.commands.campaign}\` (${kit.campaign.agree} agree) |`,
    `| Campaign / worker alone | ${kit.ratio} | | | target at least 0.9 |`,
    `| Corpus replay | ${kit.replay.perSecond} program-runs/s | ${kit.replay.seconds} s | ${load(kit.replay)} | \`${kit.commands.replay}\` (${kit.replay.programRuns} program-runs; target 5,000/s) |`,
    "",
    KIT_MARKERS[1],
  ];
}

/** `markdown` with its kit section replaced by `section` (appended when it has none). */
export function replaceKitSection(markdown: string, section: string[]): string {
  const start = markdown.indexOf(KIT_MARKERS[0]);
  const end = markdown.indexOf(KIT_MARKERS[1]);
  const text = section.join("\n");
  if (start < 0 || end < start) return `${markdown.trimEnd()}\n\n${text}\n`;
  return `${markdown.slice(0, start)}${text}${markdown.slice(end + KIT_MARKERS[1].length)}`;
}
