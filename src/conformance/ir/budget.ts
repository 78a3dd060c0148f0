/**
 * Budgets a program must fit before anything runs it, so that a program file can never
 * hang, exhaust memory or fail to compile on one side only:
 *
 * - **Static blocks.** CPython refuses a function with more than 20 statically nested
 *   blocks (`for`, `try`, `async with`; an `except ... as e` handler counts two) with
 *   "too many statically nested blocks", and 3.12.1 crashes outright on 21 nested
 *   `async with`. Every coroutine of a program (named, main, inline task bodies) stays
 *   within {@link MAX_STATIC_BLOCKS}.
 * - **Depth.** Nesting of any kind (blocks and inline task bodies) stays within
 *   {@link MAX_DEPTH}, far below CPython's 100 indentation levels and any stack limit.
 * - **Work.** The statements a run can execute, counting each `repeat` body `times` times
 *   and each coroutine call in full, stay within {@link MAX_WORK}; the interpreter's step
 *   budget is twice that, so a valid program never meets it.
 *
 * @example
 * ```ts
 * checkBudgets(program); // [] when the program fits
 * staticWork(program); // e.g. 57
 * ```
 * @module
 */
import { nestedBodies, opOf } from "../ops/index.ts";
import type { Path } from "../ops/op.ts";
import type { Program, Stmt } from "./types.ts";
import { entryRuns } from "../entry.ts";

/** Most static Python blocks any coroutine of a program may nest (CPython's limit is 20). */
export const MAX_STATIC_BLOCKS = 18;
/** Most levels of nesting of any kind. */
export const MAX_DEPTH = 64;
/** Most statements one run of a program may execute, counted statically. */
export const MAX_WORK = 100_000;
/** Deepest JSON nesting `parseProgram` accepts before it even looks at the shape. */
export const MAX_JSON_DEPTH = 4 * MAX_DEPTH + 16;

/** A budget exceeded, with the path to where it happens. */
export interface BudgetProblem {
  path: Path;
  message: string;
}

/** The static blocks and depth of every body; the first problem of each kind. */
function checkNesting(program: Program, problems: BudgetProblem[]): void {
  let blocksReported = false;
  let depthReported = false;
  const visit = (body: Stmt[], path: Path, blocks: number, depth: number): void => {
    body.forEach((stmt, i) => {
      for (const [key, nested, how] of nestedBodies(stmt)) {
        const at = [...path, i, ...key];
        const inner = how?.coroutine === true ? 0 : blocks + (how?.blocks ?? 1);
        if (inner > MAX_STATIC_BLOCKS && !blocksReported) {
          blocksReported = true;
          problems.push({ path: at, message: `more than ${MAX_STATIC_BLOCKS} statically nested blocks in one coroutine (CPython cannot compile it)` });
        }
        if (depth + 1 > MAX_DEPTH && !depthReported) {
          depthReported = true;
          problems.push({ path: at, message: `nested more than ${MAX_DEPTH} levels deep` });
        }
        if (!blocksReported || !depthReported) visit(nested, at, inner, depth + 1);
      }
    });
  };
  for (const [name, body] of Object.entries(program.coroutines)) visit(body, ["coroutines", name], 0, 0);
  visit(program.main, ["main"], 0, 0);
}

/**
 * An upper bound of the statements one run of the program executes: each statement
 * once, each nested body as often as it can run, each call of a named coroutine in full.
 * The program's call graph must be acyclic (`checkProgram` checks that first).
 */
export function staticWork(program: Program): number {
  const memo = new Map<string, number>();
  const ofCoroutine = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, Infinity); // a cycle, should one slip through, counts as unbounded
    const work = ofBody(program.coroutines[name] ?? []);
    memo.set(name, work);
    return work;
  };
  const ofBody = (body: Stmt[]): number => {
    let work = 0;
    for (const stmt of body) {
      work += 1;
      for (const name of opOf(stmt).calls?.(stmt) ?? []) work += ofCoroutine(name);
      for (const [, nested, how] of nestedBodies(stmt)) work += (how?.times ?? 1) * ofBody(nested);
      if (work > MAX_WORK) return work; // enough to refuse; stop before the numbers explode
    }
    return work;
  };
  // `main` run again (an entry's `again`) counts twice.
  const mainRuns = 1 + (program.entry?.again ?? []).filter((name) => name === "main").length;
  return entryRuns(program).reduce((work, name) => work + ofCoroutine(name), mainRuns * ofBody(program.main));
}

/**
 * Every budget the program exceeds (see the module comment). Call it on a program that
 * has passed the scoping rules (no recursion).
 */
export function checkBudgets(program: Program): BudgetProblem[] {
  const problems: BudgetProblem[] = [];
  checkNesting(program, problems);
  if (problems.length === 0) {
    const work = staticWork(program);
    if (work > MAX_WORK) {
      problems.push({ path: ["main"], message: `may execute more than ${MAX_WORK} statements (repeats and calls multiply; at least ${work === Infinity ? "unbounded" : work})` });
    }
  }
  return problems;
}

/**
 * The depth of nested arrays and objects in untrusted JSON, stopping once past `limit`
 * (iterative, so that absurd nesting cannot overflow the stack).
 */
export function jsonDepthExceeds(json: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[json, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (value === null || typeof value !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(value as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}
