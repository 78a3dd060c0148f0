/**
 * What the corpus holds: batches of generated programs, each batch a generator (the default
 * mix or a feature-area focus), a target release, a seed and a count. Program `i` of a
 * batch is program `i` of a campaign with that generator, target and seed, so every entry
 * can be regenerated, and adding batches (for new operations) never changes existing ones.
 *
 * The balance: most programs are made for 3.7 and so run on all eight releases (over 5,000
 * of them), the default mix is also made for every later release (using what each added),
 * and every feature area has at least 300 programs.
 *
 * @example
 * ```ts
 * CORPUS_PLAN.length; // the batches
 * plannedEntries(CORPUS_PLAN[0]).next().value.id; // "default-3.7/0"
 * ```
 * @module
 */
import fc from "fast-check";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../../asyncio/version.ts";
import { AREA_FOCUS, FEATURE_AREAS, areasUsed, focusOn, programArbitrary, type FeatureArea } from "../generate/index.ts";
import { parseProgram, type Program } from "../ir/index.ts";
import type { Origin } from "./format.ts";

/** One batch of the corpus. */
export interface Batch {
  /** `default` or a feature area. */
  generator: "default" | FeatureArea;
  target: PythonVersion;
  seed: number;
  count: number;
  /** Tells a second batch of the same generator and target apart (its name ends `-<part>`). */
  part?: string;
  /**
   * Validation batches: draw `validate` calls only from the cases whose name starts with one
   * of these, with `validate` weighted {@link CASE_BATCH_VALIDATE_WEIGHT}.
   */
  cases?: readonly string[];
}

/** The weight of `validate` in a batch restricted to some cases (the validation area's is 14). */
export const CASE_BATCH_VALIDATE_WEIGHT = 60;

/** The batch's name, the prefix of its entries' ids (unique in the plan). */
export function batchName(batch: Batch): string {
  return `${batch.generator}-${batch.target}${batch.part === undefined ? "" : `-${batch.part}`}`;
}

/**
 * Programs per default batch: many made for 3.7, which use no feature a later release
 * added and so run on all eight releases; fewer for each later release, which use what
 * that release added (cancel messages, the eager task factory, queue shutdown, ...). The
 * 3.7 batch was 1,000 and the others 250 until the validation and entry batches of
 * `CASE_BATCHES` needed their room under the corpus's 10 MB (a batch cut keeps its first
 * programs and their traces); 620 for 3.7 until session 15's case batches, 520 until session 17's.
 */
const DEFAULT_COUNT = (target: PythonVersion): number => (target === "3.7" ? 280 : 200);
/** Programs per feature area that every release has: most portable (3.7), some with newer features. */
const PORTABLE_AREA_COUNT = 330;
const NEWER_AREA_TARGETS: readonly PythonVersion[] = ["3.10", "3.13"];
const NEWER_AREA_COUNT = 30;
/** Programs per feature area that only newer releases have, spread over them. */
const NEW_AREA_COUNT = 360;
/**
 * Batches beyond the rule above, for releases where an area's behaviour changes: convoys
 * on a Barrier need 3.11; `wait_for` runs on `timeout` from 3.12, and `sleep(nan)`
 * raises from 3.13.
 */
const TIME_BATCHES: readonly Batch[] = [
  { generator: "convoys", target: "3.11", seed: 9101, count: 60 },
  { generator: "degenerate_times", target: "3.11", seed: 9111, count: 40 },
  { generator: "degenerate_times", target: "3.12", seed: 9112, count: 40 },
];

function buildPlan(): Batch[] {
  const plan: Batch[] = [];
  PYTHON_VERSIONS.forEach((target, k) => plan.push({ generator: "default", target, seed: 1000 + k, count: DEFAULT_COUNT(target) }));
  FEATURE_AREAS.forEach((area, a) => {
    const since = AREA_FOCUS[area].since;
    if (since === undefined) {
      plan.push({ generator: area, target: "3.7", seed: 2000 + 100 * a, count: PORTABLE_AREA_COUNT });
      NEWER_AREA_TARGETS.forEach((target) => {
        plan.push({ generator: area, target, seed: 2000 + 100 * a + pythonMinor(target), count: NEWER_AREA_COUNT });
      });
      return;
    }
    const targets = PYTHON_VERSIONS.filter((v) => pythonMinor(v) >= since);
    targets.forEach((target, k) => {
      plan.push({ generator: area, target, seed: 2000 + 100 * a + k, count: Math.ceil(NEW_AREA_COUNT / targets.length) });
    });
  });
  // Reprs of timeouts and task groups need 3.11+ programs, and 3.13 hides callback
  // arguments in handle reprs and loop error messages: more of those than the 30 above.
  plan.push({ generator: "reprs", target: "3.11", seed: 9101, count: 150 });
  plan.push({ generator: "loop_errors", target: "3.13", seed: 9102, count: 100, part: "args" });
  EXTRA_BATCHES.forEach(([generator, target, count], k) => plan.push({ generator, target, seed: 6000 + k, count }));
  // asyncio.Runner came in 3.11: entry programs made for 3.11 use it half the time.
  plan.push({ generator: "entry", target: "3.11", seed: 4111, count: 120 });
  // Convoys and degenerate times reach their release-specific paths from 3.11.
  plan.push(...TIME_BATCHES);
  plan.push(...CASE_BATCHES);
  return plan;
}

/**
 * Programs made after the validate table grew from 93 to 195 calls and the outside table
 * by six (async generator awaitables, loop and future misuse, reprs of containers, floats
 * and deadlines, entry points given odd values): the batches before hold only the older
 * calls, since stored programs stay as they were generated.
 */
/** The name prefixes of session 15's case tables. */
const S15_CASES = ["tasks: ", "futures: ", "runtime: ", "prims: ", "misc: "] as const;
/** The name prefixes of the calls session 17 added to those tables (and the agens table). */
const S17_CASES = ["tasks 17: ", "futures 17: ", "runtime 17: ", "prims 17: ", "misc 17: ", "agens 17: "] as const;

const CASE_BATCHES: readonly Batch[] = [
  { generator: "validation", target: "3.7", seed: 7107, count: 150, part: "more" },
  { generator: "validation", target: "3.9", seed: 7109, count: 40, part: "more" },
  { generator: "validation", target: "3.10", seed: 7110, count: 60, part: "more" },
  { generator: "validation", target: "3.11", seed: 7111, count: 60, part: "more" },
  { generator: "validation", target: "3.12", seed: 7112, count: 60, part: "more" },
  { generator: "validation", target: "3.13", seed: 7113, count: 60, part: "more" },
  { generator: "validation", target: "3.14", seed: 7114, count: 30, part: "more" },
  { generator: "entry", target: "3.12", seed: 7212, count: 40, part: "more" },
  { generator: "entry", target: "3.14", seed: 7214, count: 40, part: "more" },
  // The table grew from 221 to 456 calls (session 14: ops/validate_cases_{protocols,text,loop}.ts).
  { generator: "validation", target: "3.7", seed: 7307, count: 120, part: "s14" },
  { generator: "validation", target: "3.8", seed: 7308, count: 40, part: "s14" },
  { generator: "validation", target: "3.9", seed: 7309, count: 40, part: "s14" },
  { generator: "validation", target: "3.10", seed: 7310, count: 50, part: "s14" },
  { generator: "validation", target: "3.11", seed: 7311, count: 60, part: "s14" },
  { generator: "validation", target: "3.12", seed: 7312, count: 60, part: "s14" },
  { generator: "validation", target: "3.13", seed: 7313, count: 60, part: "s14" },
  { generator: "validation", target: "3.14", seed: 7314, count: 40, part: "s14" },
  // Session 15's tables (ops/validate_cases_{tasks,futures,runtime,prims,misc}.ts), written
  // from the mutation survivors: programs that make only their calls.
  ...(["3.7", "3.9", "3.11", "3.12", "3.13", "3.14"] as const).map(
    (target): Batch => ({ generator: "validation", target, seed: 7500 + pythonMinor(target), count: target === "3.7" ? 70 : 22, part: "s15", cases: S15_CASES }),
  ),
  // Session 17's calls, again written from the survivors of the last measurement.
  ...(["3.7", "3.9", "3.11", "3.12", "3.13", "3.14"] as const).map(
    (target): Batch => ({ generator: "validation", target, seed: 7700 + pythonMinor(target), count: target === "3.7" ? 60 : 20, part: "s17", cases: S17_CASES }),
  ),
  // ... and its outside calls (ops/outside_cases.ts, "runtime 17: "), which only entry programs make.
  ...(["3.9", "3.11", "3.13"] as const).map((target): Batch => ({ generator: "entry", target, seed: 7800 + pythonMinor(target), count: 30, part: "s17" })),
];

/**
 * Areas whose statements grow with later releases get more programs there, on releases
 * their portable batches (3.7, 3.10, 3.13) leave out: introspection reaches `get_coro`
 * from 3.8, `timeout_at`/`reschedule` from 3.11 and the eager factories from 3.12 (3.12.1
 * has its own eager quirks); validation reaches Barrier and timeout arguments from 3.11 and
 * plain generators change meaning in 3.12; async generators are closed under a timeout
 * from 3.11.
 */
const EXTRA_BATCHES: readonly [FeatureArea, PythonVersion, number][] = [
  ["introspection", "3.8", 30],
  ["introspection", "3.11", 60],
  ["introspection", "3.12", 90],
  ["introspection", "3.14", 30],
  ["validation", "3.11", 60],
  ["validation", "3.12", 60],
  ["validation", "3.14", 30],
  // Lifecycle scenes of timeouts, task groups and Runner are 3.11+; 3.12 renames
  // _wrap_awaitable and 3.14 changes Runner.run's argument check.
  ["lifecycle", "3.11", 90],
  ["lifecycle", "3.12", 30],
  ["lifecycle", "3.14", 30],
  // A generator closed or thrown into under a timeout (AsyncGenAThrow.throw/return) needs
  // `timeout`, so 3.11+; the portable batches reach it only through their 30 for 3.13.
  ["async_generators", "3.11", 150],
  ["async_generators", "3.12", 120],
  ["async_generators", "3.14", 40],
];

/** The corpus's batches, in order. */
export const CORPUS_PLAN: readonly Batch[] = buildPlan();

/** A planned entry: id, origin and program. */
export interface PlannedEntry {
  id: string;
  origin: Origin;
  program: Program;
}

/**
 * The batch's programs. A feature batch keeps only programs that use its area (as a
 * `--feature` campaign does), numbering them by their run index.
 */
export function* plannedEntries(batch: Batch): Generator<PlannedEntry> {
  const focus = batch.generator === "default" ? { python: batch.target } : focusOn(batch.generator, batch.target);
  // A batch for newly written cases makes `validate` the main statement, so that each of its
  // cases lands in several programs for little room.
  const options = batch.cases === undefined ? focus : { ...focus, weights: { ...focus.weights, validate: CASE_BATCH_VALIDATE_WEIGHT }, validateCases: batch.cases };
  const arbitrary = programArbitrary(options);
  let made = 0;
  for (let size = batch.count * 2; made < batch.count; size *= 2) {
    const sample = fc.sample(arbitrary, { seed: batch.seed, numRuns: size });
    made = 0;
    const out: PlannedEntry[] = [];
    sample.forEach((program, index) => {
      if (made >= batch.count) return;
      if (batch.generator !== "default" && !areasUsed(program).has(batch.generator)) return;
      made++;
      // Parsed, so that its keys are in the IR schema's order, as a stored line is read back.
      out.push({ id: `${batchName(batch)}/${index}`, origin: { generator: batch.generator, target: batch.target, seed: batch.seed, index }, program: parseProgram(program) });
    });
    if (made >= batch.count || size > batch.count * 64) {
      yield* out;
      return;
    }
  }
}
