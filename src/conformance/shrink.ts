/**
 * Reduces a failing program to a small one that still fails, the way C-Reduce does:
 * try a smaller variant (a statement removed, a block unwrapped, a handler or an item
 * dropped, a delay lowered), keep it if it is still a valid program and still fails,
 * and repeat until no variant does. fast-check's own shrinking runs first (on the raw
 * program); this pass then works on the IR itself, which removes what the raw structure
 * cannot express as smaller. Each operation says how it simplifies (`simplify` in ./ops/).
 *
 * @example
 * ```ts
 * const { program: minimal } = await reduceProgram(program, async (p) => (await compare(p)).status === "diverge");
 * countStatements(minimal); // often under 10
 * ```
 * @module
 */
import type { Entry, RunEntry } from "./entry.ts";
import { checkProgram } from "./ir/check.ts";
import type { Program, Stmt } from "./ir/types.ts";
import { nestedBodies, opOf } from "./ops/index.ts";
import type { Edit, ShrinkKit } from "./ops/op.ts";

/** Every statement of the program, nested ones included. */
export function countStatements(program: Program): number {
  const count = (body: Stmt[]): number =>
    body.reduce((n, s) => n + 1 + children(s).reduce((m, b) => m + count(b), 0), 0);
  return Object.values(program.coroutines).reduce((n, b) => n + count(b), 0) + count(program.main);
}

/** The statement lists nested directly in a statement. */
export function children(stmt: Stmt): Stmt[][] {
  return nestedBodies(stmt).map(([, body]) => body);
}

/** Every statement list of the program, in a fixed pre-order. */
function bodies(program: Program): Stmt[][] {
  const out: Stmt[][] = [];
  const visit = (body: Stmt[]): void => {
    out.push(body);
    for (const stmt of body) children(stmt).forEach(visit);
  };
  Object.values(program.coroutines).forEach(visit);
  visit(program.main);
  return out;
}

const clone = (p: Program): Program => structuredClone(p);

/** True when a body contains a `return` (inlining it elsewhere would change control flow). */
function returns(body: Stmt[]): boolean {
  return body.some((s) => s.op === "return" || (s.op !== "spawn" && children(s).some(returns)));
}

const KIT: ShrinkKit = { returns };

/**
 * The entry without its outside calls and `again` runs (all of a part, then each), without
 * each shared object (and every use of it), then without `loopFactory`.
 */
function* entryVariants(program: Program): Generator<Program> {
  const entry = program.entry;
  if (entry === undefined) return;
  for (let k = 0; k < (entry.shared ?? []).length; k++) {
    const fewer = clone(program);
    const shared = (fewer.entry as Entry).shared as NonNullable<Entry["shared"]>;
    const [removed] = shared.splice(k, 1);
    if (shared.length === 0) {
      delete (fewer.entry as Entry).shared;
      delete (fewer.entry as Entry).again;
    }
    removeUses(fewer, (removed as { bind: string }).bind);
    yield fewer;
  }
  for (const part of ["again", "prologue", "epilogue"] as const) {
    const calls = entry[part] ?? [];
    if (calls.length === 0) continue;
    const none = clone(program);
    delete (none.entry as Entry)[part];
    yield none;
    if (calls.length === 1) continue;
    for (let k = 0; k < calls.length; k++) {
      const fewer = clone(program);
      ((fewer.entry as Entry)[part] as unknown[]).splice(k, 1);
      yield fewer;
    }
  }
  if (entry.kind === "run" && entry.loopFactory) {
    const plain = clone(program);
    delete (plain.entry as RunEntry).loopFactory;
    yield plain;
  }
}

/** Smaller variants of `program`, biggest reductions first. */
function* variants(program: Program): Generator<Program> {
  if (program.entry !== undefined) {
    // The harness's own entry, then fewer runner runs.
    const c = clone(program);
    delete c.entry;
    yield c;
    yield* entryVariants(program);
    if (program.entry.kind === "runner") {
      for (let k = 0; k < program.entry.runs.length; k++) {
        const r = clone(program);
        if (r.entry?.kind === "runner") r.entry.runs.splice(k, 1);
        yield r;
      }
    }
  }
  for (const name of Object.keys(program.coroutines)) {
    const c = clone(program);
    delete c.coroutines[name];
    if (c.parameters !== undefined) {
      delete c.parameters[name];
      if (Object.keys(c.parameters).length === 0) delete c.parameters;
    }
    yield c;
  }
  const programBodies = bodies(program); // `program` itself is never edited: variants are clones
  const count = programBodies.length;
  // Remove halves, then single statements (from the end: later statements depend on earlier ones).
  for (let b = 0; b < count; b++) {
    const length = (programBodies[b] as Stmt[]).length;
    if (length >= 4) {
      for (const [from, to] of [[0, length >> 1], [length >> 1, length]] as const) {
        const c = clone(program);
        (bodies(c)[b] as Stmt[]).splice(from, to - from);
        yield c;
      }
    }
  }
  for (let b = 0; b < count; b++) {
    for (let i = (programBodies[b] as Stmt[]).length - 1; i >= 0; i--) {
      const c = clone(program);
      (bodies(c)[b] as Stmt[]).splice(i, 1);
      yield c;
    }
  }
  // Remove a binding together with every use of it.
  for (const name of boundNames(program)) {
    const c = clone(program);
    removeUses(c, name);
    yield c;
  }
  // Unwrap blocks and simplify statements in place.
  for (let b = 0; b < count; b++) {
    const length = (programBodies[b] as Stmt[]).length;
    for (let i = 0; i < length; i++) {
      const stmt = (programBodies[b] as Stmt[])[i] as Stmt;
      for (const edit of simplifications(stmt, program)) {
        const c = clone(program);
        const body = bodies(c)[b] as Stmt[];
        body.splice(i, 1, ...edit(body[i] as Stmt));
        yield c;
      }
    }
  }
}

function simplifications(stmt: Stmt, program: Program): Edit[] {
  return opOf(stmt).simplify?.(stmt, program, KIT) ?? [];
}

/** Names bound anywhere in the program (tasks, futures, primitives, queues), in program order. */
function boundNames(program: Program): string[] {
  return bodies(program).flatMap((body) => body.flatMap((s) => opOf(s).binds?.(s) ?? []));
}

/** Removes the binding of `name` and every use of it, in place. */
function removeUses(program: Program, name: string): void {
  for (const body of bodies(program)) {
    for (let i = body.length - 1; i >= 0; i--) {
      const stmt = body[i] as Stmt;
      const op = opOf(stmt);
      const kept = op.withoutName !== undefined ? op.withoutName(stmt, name) : (op.refs?.(stmt) ?? []).includes(name) ? null : stmt;
      if (kept === null) body.splice(i, 1);
      else if (kept !== stmt) body[i] = kept;
    }
  }
}

/** Strips `undefined` optional fields left by edits, so programs stay plain JSON. */
function normalise(program: Program): Program {
  return JSON.parse(JSON.stringify(program)) as Program;
}

/** Options of {@link reduceProgram}. */
export interface ReduceOptions {
  /** Stop after this many candidate runs (default 2,000). */
  maxTries?: number;
}

/**
 * The smallest program reachable by single reductions that keeps `stillFails` true.
 * `stillFails` is only called on valid programs.
 */
export async function reduceProgram(
  program: Program,
  stillFails: (candidate: Program) => Promise<boolean>,
  options: ReduceOptions = {},
): Promise<{ program: Program; tries: number; steps: number }> {
  const maxTries = options.maxTries ?? 2_000;
  let current = program;
  let tries = 0;
  let steps = 0;
  let improved = true;
  while (improved && tries < maxTries) {
    improved = false;
    for (const raw of variants(current)) {
      const candidate = normalise(raw);
      if (checkProgram(candidate).length > 0) continue;
      if (tries >= maxTries) break;
      tries++;
      if (await stillFails(candidate)) {
        current = candidate;
        steps++;
        improved = true;
        break;
      }
    }
  }
  return { program: current, tries, steps };
}
