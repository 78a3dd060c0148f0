/**
 * What a campaign's tally keeps of one checked program: its statement counts, its size,
 * the feature areas it uses and the shape of its trace. A checking thread works these out
 * next to the program and sends them instead of the program and both traces, which only a
 * program that did not agree needs on the main thread (see check_threads.ts).
 *
 * @example
 * ```ts
 * const facts = programFacts(program, result);
 * facts.statements; // 57
 * ```
 * @module
 */
import type { CompareResult } from "./compare.ts";
import { areasUsed, type FeatureArea } from "./generate/areas.ts";
import type { Program, Stmt } from "./ir/types.ts";
import { nestedBodies } from "./ops/index.ts";

/** One checked program as the tally counts it. */
export interface ProgramFacts {
  /** How many statements of each kind (kinds it does not use are left out). */
  kinds: Record<string, number>;
  /** Every statement, nested ones included (`countStatements`). */
  statements: number;
  /** The feature areas it uses, in `FEATURE_AREAS` order. */
  areas: FeatureArea[];
  /** The trace the tally describes (CPython's, else ours), or null when there is none. */
  trace: { tasks: number; events: number; ending: string } | null;
}

/** Statement counts by kind, and in all, of every body of the program (coroutines first, then main). */
function countKinds(program: Program): { kinds: Record<string, number>; statements: number } {
  const kinds: Record<string, number> = {};
  let statements = 0;
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      kinds[stmt.op] = (kinds[stmt.op] ?? 0) + 1;
      statements++;
      for (const [, nested] of nestedBodies(stmt)) visit(nested);
    }
  };
  for (const body of Object.values(program.coroutines)) visit(body);
  visit(program.main);
  return { kinds, statements };
}

/**
 * The tally's facts of a checked program (see the module comment).
 *
 * @example
 * ```ts
 * programFacts(program, result).trace?.ending; // "returned"
 * ```
 */
export function programFacts(program: Program, result: CompareResult): ProgramFacts {
  const { kinds, statements } = countKinds(program);
  const trace = result.reference.ok ? result.reference.trace : result.ours;
  let tasks = 1;
  if (trace) for (const event of trace.events) if (event.what.startsWith("spawn ")) tasks++;
  return {
    kinds,
    statements,
    areas: [...areasUsed(program)],
    trace: trace ? { tasks, events: trace.events.length, ending: trace.outcome.kind } : null,
  };
}
