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
import type fc from "fast-check";
import { MAX_WORK, staticWork } from "../ir/budget.ts";
import type { Program } from "../ir/types.ts";
import { rawProgramArbitrary, type GenerateOptions } from "./raw.ts";
import { resolveProgram } from "./resolve.ts";

export { AREA_FOCUS, FEATURE_AREAS, areasUsed, focusOn, usesArea, type FeatureArea } from "./areas.ts";
export { DEFAULT_WEIGHTS, DELAY_GRID, rawProgramArbitrary, type GenerateOptions, type RawKind, type RawProgram, type RawStmt, type Weights } from "./raw.ts";
export { resolveProgram, type Context } from "./resolve.ts";

/**
 * Programs for `options.python`: well formed, terminating, and free of nondeterminism.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(programArbitrary({ python: "3.13" }), (p) => checkProgram(p).length === 0));
 * ```
 */
export function programArbitrary(options: GenerateOptions): fc.Arbitrary<Program> {
  return rawProgramArbitrary(options)
    .map((raw) => resolveProgram(raw, options.python, { primitives: options.primitives, delays: options.delays, convoys: options.convoys }))
    // Calls of named coroutines and repeats multiply: the rare program whose bound passes
    // the IR's work budget (ir/budget.ts) would be refused, so it is never generated.
    .filter((program) => staticWork(program) <= MAX_WORK);
}
