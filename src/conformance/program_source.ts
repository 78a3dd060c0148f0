/**
 * A campaign's programs by index: program `i` of seed `S` is fast-check's run `i`
 * (`fc.sample(arbitrary, { seed: S, path: "i" })`). Making run `i` alone costs `i`
 * jumps of the random generator first (about 2 µs each), so asking for each program
 * alone is quadratic in the campaign's size; this source makes them a block of
 * {@link PROGRAM_BLOCK} consecutive runs at a time, and hands each out once.
 *
 * @example
 * ```ts
 * const programs = new ProgramSource(programArbitrary({ python: "3.11" }), 1);
 * const p57 = programs.take(57); // the program `npm run repro -- --seed 1 --path 57` checks
 * ```
 * @module
 */
import fc from "fast-check";
import type { Program } from "./ir/index.ts";

/**
 * How many consecutive programs are made at once; the campaign's threads are handed whole
 * blocks (see check_threads.ts).
 */
export const PROGRAM_BLOCK = 32;

/** Programs by index, made a block at a time (see the module comment). */
export class ProgramSource {
  private readonly made = new Map<number, Program>();

  constructor(
    private readonly arbitrary: fc.Arbitrary<Program>,
    private readonly seed: number,
  ) {}

  /**
   * Program `index` (made with the rest of its block unless already made); it is then
   * forgotten, so each index is taken at most once cheaply. Asked in increasing order, each
   * block is made once; only the latest block is kept.
   *
   * @example
   * ```ts
   * const program = programs.take(0);
   * ```
   */
  take(index: number): Program {
    let program = this.made.get(index);
    if (program === undefined) {
      const start = index - (index % PROGRAM_BLOCK);
      const block = fc.sample(this.arbitrary, { seed: this.seed, path: String(start), numRuns: PROGRAM_BLOCK });
      // Programs come in order: what is left of earlier blocks (another shard's, say) is dropped.
      this.made.clear();
      block.forEach((p, k) => {
        if (start + k >= index) this.made.set(start + k, p);
      });
      program = block[index - start] as Program;
    }
    this.made.delete(index);
    return program;
  }
}
