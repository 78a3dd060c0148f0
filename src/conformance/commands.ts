/**
 * The kit's command lines, declared once: the flags of `npm run conformance`, `npm run
 * repro` and `npm run report` with their defaults and allowed values. The scripts parse
 * with these tables, `--help` prints them, and the README's flag tables are checked
 * against them (spec/conformance/cli.spec.ts).
 *
 * @example
 * ```ts
 * const { values } = parseOrExit(conformanceCli, process.argv.slice(2));
 * values.runs; // 200 unless --runs says otherwise
 * ```
 * @module
 */
import type { LoopFaults } from "./faults.ts";
import { PYTHON_VERSIONS } from "../asyncio/version.ts";
import { UsageError, defineCommand, flags } from "./cli.ts";
import { EXPECTATIONS_FILE } from "./expectations.ts";
import { FEATURE_AREAS } from "./generate/index.ts";

/**
 * The deliberate loop faults `--fault` switches on: test tools that break our loop in one
 * known way each, so that a campaign shows the kit catches such bugs.
 *
 * @example
 * ```ts
 * const faults: LoopFaults = Object.fromEntries(LOOP_FAULTS.map((f) => [f, true]));
 * ```
 */
export const LOOP_FAULTS = ["fifoTimers", "sameIterationCallbacks", "sameIterationWakeups", "coarseClockResolution"] as const satisfies readonly (keyof LoopFaults)[];

/**
 * The largest seed: fast-check folds seeds to 32 bits, so larger ones would repeat smaller ones.
 *
 * @example
 * ```ts
 * MAX_SEED; // 4294967295: --seed 4294967296 is refused rather than run as --seed 0
 * ```
 */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * The exit codes of `npm run conformance`.
 *
 * @example
 * ```ts
 * process.exit(EXIT.reportNotWritten);
 * ```
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  reportNotWritten: 3,
  /** 128 + SIGINT; SIGTERM gives 143. */
  interrupted: 130,
} as const;

const seed = flags.integer({
  metavar: "S",
  min: 0,
  max: MAX_SEED,
  defaultText: "random, printed",
  help: "the seed programs are generated from",
});
const feature = flags.choice({
  metavar: "AREA",
  choices: FEATURE_AREAS,
  help: "focus on one feature area: its statements weigh more and only programs using it count; not applicable (nothing run, exit 0) to releases that lack it",
});
const target = flags.choice({
  metavar: "3.X",
  choices: PYTHON_VERSIONS,
  defaultText: "the interpreter's release",
  help: "the CPython release our loop and the programs follow",
});
const fault = flags.list(
  flags.choice({
    metavar: "NAME",
    choices: LOOP_FAULTS,
    help: `test tool: deliberately breaks our loop in one known way (${LOOP_FAULTS.join(", ")}) to show the kit catches it; carried into every repro command`,
  }),
);

/**
 * `npm run conformance`: a campaign, a shard of one, or the version matrix.
 *
 * @example
 * ```ts
 * conformanceCli.parse(["--runs", "10", "--seed", "1"]).values.seed; // 1
 * ```
 */
export const conformanceCli = defineCommand({
  name: "npm run conformance --",
  usage: [
    "npm run conformance -- [--runs N] [--seed S] [--python PATH] [--target 3.X] [--workers N] [--feature AREA] [--shard K/N] [--fault NAME] ...",
    "npm run conformance -- --matrix [--runs N] [--seed S] [--python PATH]... [--publish]",
  ],
  summary:
    "Generates random coroutine programs, runs each on our loop and on CPython under a virtual clock, compares the traces, shrinks each new kind of divergence, prints the summary and writes <report-root>/<run-id>/.",
  flags: {
    runs: flags.integer({ metavar: "N", min: 1, max: 10_000_000, default: 200, help: "programs to check (the whole campaign's, also with --shard; per release with --matrix)" }),
    seed,
    python: flags.list(flags.text({ metavar: "PATH", help: "the CPython to compare against (pyodide: the embedded 3.14); only --matrix takes several" }), {
      defaultText: "ASYNCIO_TS_PYTHON, else python3 on PATH, else the embedded Pyodide",
    }),
    target,
    workers: flags.integer({ metavar: "N", min: 1, max: 256, defaultText: "one per core", help: "reference worker processes" }),
    threads: flags.integer({
      metavar: "N",
      min: 0,
      max: 64,
      defaultText: "one fewer than cores, at least 1",
      help: "worker threads that generate the programs, run them on our loop and diff the traces, beside the reference workers; 0 does that on the main thread",
    }),
    neighbours: flags.boolean({ help: "also interpret every program under the releases just before and after the target and count the programs whose trace would differ there (the summary says whether it was measured)" }),
    feature,
    shard: flags.text({
      metavar: "K/N",
      help: "run only shard K of N of the campaign (N at most --runs); merge shards with npm run report -- merge",
      check: (v) => (/^[1-9]\d*\/[1-9]\d*$/.test(v) && Number(v.split("/")[0]) <= Number(v.split("/")[1]) ? null : "K/N with 1 <= K <= N"),
    }),
    fault,
    "no-shrink": flags.boolean({ help: "report failures without shrinking them" }),
    "max-shrunk": flags.integer({ metavar: "N", min: 0, max: 10_000, default: 3, help: "shrink the first failure of at most N kinds; the others are listed with their repro command" }),
    "report-root": flags.text({ metavar: "DIR", default: "reports", help: "where run directories go (checked writable before the first program)" }),
    expectations: flags.text({ metavar: "FILE", default: EXPECTATIONS_FILE, help: "divergences known in advance" }),
    coverage: flags.boolean({ help: "also measure which lines of CPython's asyncio the programs run, against what CPython's own test_asyncio runs (README: Reference coverage)" }),
    "update-expectations": flags.boolean({ help: "record this campaign's new divergences in the expectations file, programs inline" }),
    "program-timeout": flags.integer({ metavar: "SECONDS", min: 1, max: 3600, default: 10, help: "how long CPython may take over one program before its worker is replaced and the program retried once" }),
    "start-timeout": flags.integer({ metavar: "SECONDS", min: 1, max: 3600, default: 60, help: "how long a reference worker may take to start" }),
    grace: flags.integer({ metavar: "SECONDS", min: 0, max: 3600, default: 5, help: "after the first Ctrl-C (or SIGTERM), how long programs in flight may finish before they are abandoned" }),
    matrix: flags.boolean({ help: "one campaign per CPython release found; writes CONFORMANCE.md into the run directory" }),
    publish: flags.boolean({ help: "with --matrix: also overwrite <report-root>/CONFORMANCE.md (by default the committed reports/CONFORMANCE.md)" }),
  },
  notes: [
    "--coverage: CPython's own test_asyncio is traced once per interpreter build for the baseline and cached in ~/.cache/asyncio-ts/coverage/<build hash>.json ($XDG_CACHE_HOME/asyncio-ts/coverage when set; ASYNCIO_TS_COVERAGE_CACHE=DIR moves it); lines left out of the measure, with reasons, are in coverage.out-of-scope.json.",
    "Ctrl-C (or SIGTERM) once: no new programs start, those in flight get --grace seconds, then the summary and a report marked interrupted are written. Twice: exit at once.",
    "Exit codes: 0 every program agreed; 1 a divergence not expected, an expected one that now agrees, a reference error or a generator warning; 2 bad usage, no usable interpreter or an unwritable report directory (nothing run); 3 the report could not be written (the summary was printed); 130 or 143 interrupted by SIGINT or SIGTERM.",
  ],
});

/**
 * Refuses the combinations of `npm run conformance` flags a run cannot honour (each flag
 * alone was checked by the parser): more shards than programs, `--matrix` with flags it
 * ignores, several `--python` or `--publish` without `--matrix`. Throws {@link UsageError}.
 *
 * @example
 * ```ts
 * checkConformanceFlags(conformanceCli.parse(["--runs", "3", "--shard", "4/4"])); // throws: at most 3 shards
 * ```
 */
export function checkConformanceFlags(parsed: ReturnType<typeof conformanceCli.parse>): void {
  const { values, given } = parsed;
  const shard = values.shard;
  if (shard !== undefined && Number(shard.split("/")[1]) > values.runs) {
    throw new UsageError(
      `--shard ${shard} with --runs ${values.runs}: a campaign of ${values.runs} programs has at most ${values.runs} shards (shard K of N runs every Nth program)`,
    );
  }
  if (values.matrix) {
    for (const flag of ["target", "shard", "update-expectations", "expectations"] as const) {
      if (given.has(flag)) {
        throw new UsageError(`--${flag} cannot be used with --matrix (each release runs with its own target, unsharded, without the expectations file)`);
      }
    }
  } else {
    if (values.python.length > 1) throw new UsageError(`--python given ${values.python.length} times: only --matrix compares against several interpreters`);
    if (values.publish) throw new UsageError("--publish only applies to --matrix");
  }
}

/**
 * `npm run repro`: one program, once, both sides.
 *
 * @example
 * ```ts
 * reproCli.parse(["--seed", "1", "--path", "57:3"]).values.path; // "57:3"
 * ```
 */
export const reproCli = defineCommand({
  name: "npm run repro --",
  usage: ["npm run repro -- --seed S --path P [--target 3.X] [--feature AREA] [--fault NAME] [--python PATH]", "npm run repro -- FILE.json [--target 3.X] [--fault NAME] [--python PATH] [--show]"],
  summary:
    "Runs exactly one program, once, on our loop and on CPython, and prints the divergence side by side or says they agree: program PATH of seed S as a campaign made it, or a program file (e.g. a report's failures/N/program.json).",
  flags: {
    seed: flags.integer({ metavar: "S", min: 0, max: MAX_SEED, defaultText: "none (give it with --path)", help: "the seed of the campaign that generated the program" }),
    path: flags.text({ metavar: "P", help: "fast-check's path of the program, e.g. 57 or 57:3:2", check: (v) => (/^\d+(:\d+)*$/.test(v) ? null : "a path like 57 or 57:3:2") }),
    target: flags.choice({
      metavar: "3.X",
      choices: PYTHON_VERSIONS,
      defaultText: "the program file's release, else the interpreter's",
      help: "the CPython release our loop and the program follow",
    }),
    feature: flags.choice({
      metavar: "AREA",
      choices: FEATURE_AREAS,
      help: "the feature area the campaign focused on (its programs were generated with that focus)",
    }),
    fault,
    python: flags.text({ metavar: "PATH", defaultText: "ASYNCIO_TS_PYTHON, else python3 on PATH, else the embedded Pyodide", help: "the CPython to compare against (pyodide: the embedded 3.14)" }),
    show: flags.boolean({ help: "also print the program as Python and TypeScript" }),
  },
  positionals: { metavar: "FILE.json", min: 0, max: 1 },
  notes: ["Exit codes: 0 the two sides agree; 1 they diverge or a side failed; 2 bad usage, an unreadable program or no usable interpreter."],
});

/**
 * Refuses `npm run repro` arguments that name no single program: a program file, or
 * `--seed` with `--path` (and `--feature` only with those). Throws {@link UsageError}.
 *
 * @example
 * ```ts
 * checkReproArgs(reproCli.parse(["--seed", "1"])); // throws: give a program file, or both --seed and --path
 * ```
 */
export function checkReproArgs(parsed: ReturnType<typeof reproCli.parse>): void {
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (file !== undefined && (values.seed !== undefined || values.path !== undefined)) {
    throw new UsageError("give a program file, or --seed and --path, not both");
  }
  if (file === undefined && (values.seed === undefined || values.path === undefined)) {
    throw new UsageError("give a program file, or both --seed and --path");
  }
  if (file !== undefined && values.feature !== undefined) {
    throw new UsageError("--feature applies to --seed and --path (a program file is the program itself)");
  }
}

/**
 * `npm run report -- merge`: combine a campaign's shards.
 *
 * @example
 * ```ts
 * reportMergeCli.parse(["a", "b", "--out", "m"]).positionals; // ["a", "b"]
 * ```
 */
export const reportMergeCli = defineCommand({
  name: "npm run report -- merge",
  usage: ["npm run report -- merge RUN_DIR... [--out DIR]"],
  summary: "Merges the reports of a campaign's shards (--shard K/N) into one: summary.json with the unsharded counts, the shards' failure directories, and index.html.",
  flags: {
    out: flags.text({ metavar: "DIR", defaultText: "reports/<run-id>-merged", help: "where the merged report goes" }),
  },
  positionals: { metavar: "RUN_DIR", min: 1, max: Infinity },
});

/**
 * `npm run report -- expectations`: record a report's divergences.
 *
 * @example
 * ```ts
 * reportExpectationsCli.parse(["reports/run"]).values.file; // "conformance.expectations.json"
 * ```
 */
export const reportExpectationsCli = defineCommand({
  name: "npm run report -- expectations",
  usage: ["npm run report -- expectations RUN_DIR [--file F]"],
  summary: "Adds the report's unexpected divergences to the expectations file as bugs to fix, each with its minimal program inline.",
  flags: {
    file: flags.text({ metavar: "F", default: EXPECTATIONS_FILE, help: "the expectations file to update" }),
  },
  positionals: { metavar: "RUN_DIR", min: 1, max: 1 },
});

/**
 * `npm run report -- promote`: keep a failure as a regression spec.
 *
 * @example
 * ```ts
 * reportPromoteCli.parse(["reports/run/failures/1", "--name", "x"]).values.name; // "x"
 * ```
 */
export const reportPromoteCli = defineCommand({
  name: "npm run report -- promote",
  usage: ["npm run report -- promote FAILURE_DIR --name NAME"],
  summary: "Copies a failure's minimal program to spec/regressions/NAME.json, which npm test replays from then on.",
  flags: {
    name: flags.text({
      metavar: "NAME",
      defaultText: "none (required)",
      help: "the regression's file name: lower-case words joined by -",
      check: (v) => (/^[a-z0-9][a-z0-9-]*$/.test(v) ? null : "lower-case words joined by -"),
    }),
  },
  positionals: { metavar: "FAILURE_DIR", min: 1, max: 1 },
});

/**
 * The report script's subcommands, by name.
 *
 * @example
 * ```ts
 * reportClis.merge.help(); // the help of `npm run report -- merge`
 * ```
 */
export const reportClis = {
  merge: reportMergeCli,
  expectations: reportExpectationsCli,
  promote: reportPromoteCli,
} as const;

const releases = flags.list(flags.choice({ metavar: "3.X", choices: PYTHON_VERSIONS, help: "only this release" }), { defaultText: "all eight" });
const pythons = flags.list(flags.text({ metavar: "PATH", help: "use this interpreter" }), { defaultText: "discovery as for --matrix" });
const workers = flags.integer({ metavar: "N", min: 1, max: 256, defaultText: "one per core", help: "reference worker processes per release" });
const corpusDir = flags.text({ metavar: "DIR", defaultText: "corpus/ of this repository", help: "the corpus directory" });

/**
 * `npm run corpus -- replay|record|check`: the recorded corpus (src/conformance/corpus/).
 *
 * @example
 * ```ts
 * corpusClis.replay.parse(["--release", "3.12"]).values.release; // ["3.12"]
 * ```
 */
export const corpusClis = {
  replay: defineCommand({
    name: "npm run corpus -- replay",
    usage: ["npm run corpus -- replay [--id ID] [--release 3.X]... [--threads N] [--dir DIR]"],
    summary:
      "Replays every stored program on our loop for every release it was recorded on (no Python needed) and compares each trace with CPython's; the last line reads `<N> program-runs agree (<R>/s)`. Exits 1 on a mismatch, naming the program, the release, the first divergent event and the command that shows it.",
    flags: {
      id: flags.text({ metavar: "ID", help: "only this program (e.g. default-3.7/12); prints the divergence in full, with the program in Python and TypeScript" }),
      release: releases,
      threads: flags.integer({ metavar: "N", min: 1, max: 64, defaultText: "one per core", help: "worker threads" }),
      dir: corpusDir,
    },
  }),
  record: defineCommand({
    name: "npm run corpus -- record",
    usage: ["npm run corpus -- record [--python PATH]... [--workers N] [--missing] [--regenerate] [--id ID]... [--dir DIR]"],
    summary:
      "Records CPython's traces of the corpus's programs from the interpreters found (one per release, the newest patch level; 3.14 through Pyodide), keeping unchanged entries byte-identical, and prints what changed. Releases with no interpreter keep their earlier traces. Exits 1 when a program-run failed twice on the reference side.",
    flags: {
      python: pythons,
      workers,
      missing: flags.boolean({ help: "run only the program-runs with no stored trace yet (new batches or releases)" }),
      regenerate: flags.boolean({ help: "make every batch afresh with today's generator instead of keeping the stored programs" }),
      id: flags.list(flags.text({ metavar: "ID", help: "re-record only this stored program (e.g. entry-3.11/63); every other entry and the builds stay as stored" }), { defaultText: "every program" }),
      dir: corpusDir,
    },
  }),
  check: defineCommand({
    name: "npm run corpus -- check",
    usage: ["npm run corpus -- check [--python PATH]... [--workers N] [--dir DIR]"],
    summary: "Runs the stored programs again on the interpreters found and reports every stored trace they no longer produce (exit 1).",
    flags: { python: pythons, workers, dir: corpusDir },
  }),
} as const;

/**
 * `npm run mutation`: the mutation score of src/asyncio/ (scripts/mutation.ts).
 *
 * @example
 * ```ts
 * mutationCli.parse(["--module", "tasks"]).values.module; // ["tasks"]
 * ```
 */
export const mutationCli = defineCommand({
  name: "npm run mutation --",
  usage: ["npm run mutation -- [--module NAME]... [--side specs|kit|both] [--resume] [--incremental] [--concurrency N] [--no-check] [--report-only]", "npm run mutation -- --choose-sample"],
  summary:
    "Mutates src/asyncio/ with Stryker, one module at a time, and runs against every mutant the ported CPython specs and the kit's replay of 1,000 corpus programs on all eight releases. Each module's results go into reports/mutation-results/{specs,kit}.json as soon as it is done (an interrupted run keeps every finished module); reports/MUTATION.md is made from those files.",
  flags: {
    module: flags.list(flags.text({ metavar: "NAME", help: "mutate only src/asyncio/NAME.ts" }), { defaultText: "every module but index.ts" }),
    side: flags.choice({ metavar: "SIDE", choices: ["specs", "kit", "both"] as const, default: "both", help: "which test command to run; the other side's last results are reused" }),
    resume: flags.boolean({ help: "run only the modules with no results yet, or whose source changed since they were measured" }),
    incremental: flags.boolean({ help: "reuse the results of mutants whose code and tests did not change (Stryker's incremental mode)" }),
    concurrency: flags.integer({ metavar: "N", min: 1, max: 64, defaultText: "one per core", help: "test runner processes" }),
    "no-check": flags.boolean({ help: "skip the TypeScript checker (faster; mutants that do not compile then count as killed)" }),
    "report-only": flags.boolean({ help: "only rewrite reports/MUTATION.md from the last JSON results" }),
    "choose-sample": flags.boolean({
      help: "only choose the kit's sample again: replay the whole corpus under V8 block coverage and write corpus/mutation-sample.json (every block the corpus reaches, reached by 10 sample programs or all that reach it; every validate call the corpus makes, made by 3 or all)",
    }),
  },
});

/**
 * Every command whose flag table the README shows, by the name in its
 * `<!-- flags: NAME -->` marker. `npm run docs:flags` rewrites those tables from here, and
 * spec/conformance/cli.spec.ts checks that they match.
 *
 * @example
 * ```ts
 * DOCUMENTED_COMMANDS["corpus replay"].markdownTable();
 * ```
 */
export const DOCUMENTED_COMMANDS: Readonly<Record<string, { markdownTable(): string }>> = {
  conformance: conformanceCli,
  repro: reproCli,
  "report merge": reportClis.merge,
  "report expectations": reportClis.expectations,
  "report promote": reportClis.promote,
  "corpus replay": corpusClis.replay,
  "corpus record": corpusClis.record,
  "corpus check": corpusClis.check,
  mutation: mutationCli,
};
