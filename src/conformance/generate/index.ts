/**
 * fast-check arbitraries of programs: only well-formed, terminating programs that rely on
 * nothing nondeterministic in CPython (set order, garbage collection).
 *
 * Generation happens in two steps. fast-check builds a *raw* program (./raw.ts):
 * statements whose references are plain numbers ("the 3rd thing visible here"). A
 * deterministic resolver (./resolve.ts) turns it into IR, mapping each number onto what is
 * visible at that point (modulo the count) and degrading a statement that has nothing to
 * refer to (an `await` with nothing to await becomes a `sleep`). Because the resolver
 * accepts any raw program, every value fast-check produces while shrinking (statements
 * removed, numbers lowered) is still a valid program.
 *
 * Where the corners are: delays come from a small grid of exactly representable values
 * with repeats, so equal deadlines are common; cancellations target tasks and futures at
 * whatever they are awaiting (sleep, task, future, gather, wait, shield), often at the same
 * deadline as their completion; children of gather and wait raise; callbacks (call_soon,
 * call_later, done-callbacks) interleave with task wake-ups.
 *
 * @example
 * ```ts
 * const [program] = fc.sample(programArbitrary({ python: "3.12" }), { seed: 1, numRuns: 1 });
 * ```
 * @module
 */
import fc from "fast-check";
import type { PythonVersion } from "../../asyncio/version.ts";
import { MAX_WORK, staticWork } from "../ir/budget.ts";
import type { Program } from "../ir/types.ts";
import { areasFor, focusOn, type FeatureArea } from "./areas.ts";
import { rawProgramArbitrary, type GenerateOptions, type Weights } from "./raw.ts";
import { resolveProgram } from "./resolve.ts";

export { AREA_FOCUS, FEATURE_AREAS, areasFor, areasUsed, focusOn, usesArea, type FeatureArea } from "./areas.ts";
export { DEFAULT_WEIGHTS, DELAY_GRID, rawProgramArbitrary, type GenerateOptions, type RawKind, type RawProgram, type RawStmt, type Weights } from "./raw.ts";
export { resolveProgram, type Context } from "./resolve.ts";

/**
 * Programs for `options.python`: well formed, terminating, and free of nondeterminism.
 * With `options.areas`, half of them focus on one feature area the target has (each area
 * equally often, as `--feature` would), the other half use `options`' own mix.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(programArbitrary({ python: "3.13" }), (p) => checkProgram(p).length === 0));
 * const everything = programArbitrary(campaignGenerateOptions("3.13")); // what a campaign draws
 * ```
 */
export function programArbitrary(options: GenerateOptions): fc.Arbitrary<Program> {
  if (!options.areas) return oneMix(options);
  const areas = areasFor(options.python);
  const own: GenerateOptions = { ...options, areas: false };
  return fc.oneof(
    { weight: areas.length, arbitrary: oneMix(own) },
    ...areas.map((area) => ({ weight: 1, arbitrary: oneMix(focusOn(area, options.python)) })),
  );
}

/**
 * What a campaign draws from: with `feature`, programs focused on that area (`--feature`);
 * with `weights`, that statement mix alone; otherwise the default mix and every feature
 * area the target has (see {@link programArbitrary}). Repro by seed and path uses the same.
 *
 * @example
 * ```ts
 * fc.sample(programArbitrary(campaignGenerateOptions("3.12")), { seed: 1, numRuns: 100 });
 * programArbitrary(campaignGenerateOptions("3.12", { feature: "queues" }));
 * ```
 */
export function campaignGenerateOptions(python: PythonVersion, choice: { feature?: FeatureArea | undefined; weights?: Weights | undefined } = {}): GenerateOptions {
  if (choice.feature) return focusOn(choice.feature, python);
  if (choice.weights) return { python, weights: choice.weights };
  return { python, areas: true };
}

function oneMix(options: GenerateOptions): fc.Arbitrary<Program> {
  return rawProgramArbitrary(options)
    .map((raw) => resolveProgram(raw, options.python, { primitives: options.primitives, delays: options.delays, convoys: options.convoys, reprEdges: options.reprEdges, validateCases: options.validateCases }))
    // Calls of named coroutines and repeats multiply: the rare program whose bound passes
    // the IR's work budget (ir/budget.ts) would be refused, so it is never generated.
    .filter((program) => staticWork(program) <= MAX_WORK);
}
