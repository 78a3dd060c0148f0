/**
 * Helpers for specs about program IR: the message `parseProgram` refuses a program with,
 * and every statement of a program.
 */
import { expect } from "vitest";
import { nestedBodies } from "../../src/conformance/ops/index.ts";
import { ProgramError, parseProgram, type Program, type Stmt } from "../../src/conformance/ir/index.ts";

/** The message `parseProgram` refuses `json` with (fails the spec when it is accepted). */
export function problemOf(json: unknown): string {
  try {
    parseProgram(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ProgramError);
    return (error as Error).message;
  }
  throw new Error("the program was accepted");
}

/** Every statement of the program, nested ones included: named coroutines first, then main. */
export function statements(p: Program): Stmt[] {
  const out: Stmt[] = [];
  const visit = (body: Stmt[]): void => {
    for (const s of body) {
      out.push(s);
      for (const [, nested] of nestedBodies(s)) visit(nested);
    }
  };
  Object.values(p.coroutines).forEach(visit);
  visit(p.main);
  return out;
}
