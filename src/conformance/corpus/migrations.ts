/**
 * Migrations of stored corpus programs between IR schema versions. When the IR changes in
 * a way old programs no longer parse, bump `IR_SCHEMA_VERSION` (src/conformance/ir/schema.ts)
 * and add a step here that rewrites a program of the previous version; the corpus reader
 * applies the steps from the version the corpus was recorded with. A program is never
 * silently dropped: if it still does not parse, reading the corpus fails and names it.
 *
 * @example
 * ```ts
 * migrateProgram(json, 1); // unchanged while the IR is at schema 1
 * ```
 * @module
 */
import { IR_SCHEMA_VERSION } from "../ir/index.ts";

/** Steps from version `k` to `k + 1`, keyed by `k`. */
const STEPS: Record<number, (program: Record<string, unknown>) => Record<string, unknown>> = {};

/** The program rewritten from IR schema `from` to the current one. */
export function migrateProgram(program: unknown, from: number): unknown {
  let current = program;
  for (let version = from; version < IR_SCHEMA_VERSION; version++) {
    const step = STEPS[version];
    if (step === undefined || current === null || typeof current !== "object") return current;
    current = { ...step(current as Record<string, unknown>), schema: version + 1 };
  }
  return current;
}
