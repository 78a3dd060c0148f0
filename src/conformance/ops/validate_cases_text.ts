/**
 * `validate` calls for reprs, exception texts, Python comparisons and warnings (see ./validate_case.ts for how a case is written, and
 * ./validate_cases.ts for the main table this one is merged into).
 *
 * @example
 * ```ts
 * Object.keys(TEXT_CASES); // the calls this table adds
 * ```
 * @module
 */
import type { ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const TEXT_CASES = {} satisfies Record<string, ValidateCase>;
