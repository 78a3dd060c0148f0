/**
 * The program IR: types, schema, rules and parsing.
 *
 * @example
 * ```ts
 * import { parseProgram } from "./ir/index.ts";
 * const program = parseProgram(JSON.parse(text)); // throws ProgramError naming the first problem's path
 * ```
 * @module
 */
import { checkBudgets, jsonDepthExceeds, MAX_JSON_DEPTH } from "./budget.ts";
import { checkProgram, type Problem } from "./check.ts";
import { Program } from "./schema.ts";

export { IR_SCHEMA_VERSION, Program, Stmt, Identifier, ExceptionName, Delay, Value, Awaitable, FutureRef, Catch } from "./schema.ts";
export type { StatementKind } from "./types.ts";
export { checkBudgets, staticWork, MAX_STATIC_BLOCKS, MAX_DEPTH, MAX_WORK } from "./budget.ts";
export { checkProgram, checkProgramForTarget, FEATURE_SINCE, nestedBodies, type Problem } from "./check.ts";
export { STATEMENT_KINDS } from "../ops/index.ts";
export { PRIMITIVE_KINDS, SYNC_ACTIONS, ACTIONS_OF, type PrimitiveKind, type SyncAction } from "../ops/primitives.ts";
export { QUEUE_KINDS, QUEUE_ACTIONS, type QueueKind, type QueueAction } from "../ops/queues.ts";
export type { Spawn } from "../ops/spawn.ts";

/** A program that is not valid IR: names the first problem and where it is. */
export class ProgramError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[], source = "program") {
    const first = problems[0] as Problem;
    const where = first.path.length > 0 ? first.path.join(".") : "(top level)";
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    super(`${source} is not a valid program: at ${where}: ${first.message}${more}`);
    this.name = "ProgramError";
    this.problems = problems;
  }
}

/**
 * Validates untrusted JSON as a program: its shape (zod) and its rules (checkProgram).
 *
 * @example
 * ```ts
 * parseProgram({ schema: 1, exceptions: [], coroutines: {}, main: [{ op: "sleep", delay: "forever" }] });
 * // throws ProgramError: program is not a valid program: at main.0.delay: Invalid input
 * ```
 */
export function parseProgram(json: unknown, source?: string): Program {
  if (jsonDepthExceeds(json)) throw new ProgramError([{ path: [], message: `nested more than ${MAX_JSON_DEPTH} levels deep` }], source);
  const parsed = Program.safeParse(json);
  if (!parsed.success) {
    throw new ProgramError(
      parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message })),
      source,
    );
  }
  const problems = checkProgram(parsed.data);
  if (problems.length > 0) throw new ProgramError(problems, source);
  const over = checkBudgets(parsed.data);
  if (over.length > 0) throw new ProgramError(over, source);
  return parsed.data;
}
