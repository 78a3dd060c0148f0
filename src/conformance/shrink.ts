/**
 * Reduces a failing program to a small one that still fails, the way C-Reduce does:
 * try a smaller variant (a statement removed, a block unwrapped, a handler or an item
 * dropped, a delay lowered), keep it if it is still a valid program and still fails,
 * and repeat until no variant does. fast-check's own shrinking runs first (on the raw
 * program); this pass then works on the IR itself, which removes what the raw structure
 * cannot express as smaller.
 *
 * @example
 * ```ts
 * const { program: minimal } = await reduceProgram(program, async (p) => (await compare(p)).status === "diverge");
 * countStatements(minimal); // often under 10
 * ```
 * @module
 */
import { checkProgram, nestedBodies, type Program, type Stmt } from "./ir/index.ts";

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

/** Smaller variants of `program`, biggest reductions first. */
function* variants(program: Program): Generator<Program> {
  for (const name of Object.keys(program.coroutines)) {
    const c = clone(program);
    delete c.coroutines[name];
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
  // Remove a task or future together with every use of it.
  for (const name of boundNames(program)) {
    const c = clone(program);
    removeUses(c, name);
    yield c;
  }
  // Unwrap blocks and simplify statements in place.
  for (let b = 0; b < count; b++) {
    const length = (programBodies[b] as Stmt[]).length;
    for (let i = 0; i < length; i++) {
      for (const edit of simplifications((programBodies[b] as Stmt[])[i] as Stmt, program)) {
        const c = clone(program);
        const body = bodies(c)[b] as Stmt[];
        body.splice(i, 1, ...edit(body[i] as Stmt));
        yield c;
      }
    }
  }
}

type Edit = (stmt: Stmt) => Stmt[];

/** Names bound by spawn and future statements, in program order. */
function boundNames(program: Program): string[] {
  const names: string[] = [];
  for (const body of bodies(program)) {
    for (const s of body) {
      if (s.op === "spawn" || s.op === "future" || s.op === "primitive" || s.op === "queue") names.push(s.bind);
      if (s.op === "task_group" || s.op === "as_completed") names.push(...s.children.map((c) => c.bind));
    }
  }
  return names;
}

/** Does the statement (not its nested blocks) refer to `name`? */
function refersTo(stmt: Stmt, name: string): boolean {
  const isName = (r: { task?: string; future?: string; call?: string }) => r.task === name || r.future === name;
  switch (stmt.op) {
    case "spawn":
    case "future":
    case "primitive":
    case "queue":
      return stmt.bind === name;
    case "sync":
    case "with":
    case "set_later":
    case "queue_op":
      return stmt.target === name;
    case "await":
    case "shield":
    case "wait_for":
    case "cancel":
    case "add_done_callback":
    case "probe":
      return isName(stmt.target);
    case "set_result":
    case "set_exception":
    case "resolve_later":
      return stmt.future === name;
    default:
      return false;
  }
}

/** Removes the binding of `name` and every use of it, in place. */
function removeUses(program: Program, name: string): void {
  for (const body of bodies(program)) {
    for (let i = body.length - 1; i >= 0; i--) {
      const stmt = body[i] as Stmt;
      if (stmt.op === "task_group") stmt.children = stmt.children.filter((c) => c.bind !== name);
      if (stmt.op === "as_completed") {
        stmt.children = stmt.children.filter((c) => c.bind !== name);
        if (stmt.children.length === 0) {
          body.splice(i, 1);
          continue;
        }
      }
      if (stmt.op === "gather" || stmt.op === "wait") {
        const items = (stmt.items as { task?: string; future?: string }[]).filter((r) => r.task !== name && r.future !== name);
        if (items.length === 0) body.splice(i, 1);
        else (stmt as { items: unknown[] }).items = items;
      } else if (refersTo(stmt, name)) {
        body.splice(i, 1);
      }
    }
  }
}

/** True when a body contains a `return` (inlining it elsewhere would change control flow). */
function returns(body: Stmt[]): boolean {
  return body.some((s) => s.op === "return" || (s.op !== "spawn" && children(s).some(returns)));
}

/** Ways to make one statement simpler (each returns its replacement statements). */
function simplifications(stmt: Stmt, program: Program): Edit[] {
  const edits: Edit[] = [];
  switch (stmt.op) {
    case "await":
    case "shield":
      if ("call" in stmt.target) {
        const body = program.coroutines[stmt.target.call];
        // Inline the called coroutine's statements in place of the call.
        if (body !== undefined && !returns(body)) edits.push(() => structuredClone(body));
      }
      edits.push(() => [{ op: "sleep", delay: 0 }]);
      break;
    case "spawn":
      // Run the task's statements in the spawner instead.
      if ("body" in stmt.target && !returns(stmt.target.body)) {
        const body = stmt.target.body;
        edits.push(() => structuredClone(body));
      }
      break;
    case "try":
      edits.push((s) => (s as typeof stmt).body);
      stmt.handlers.forEach((_, k) => edits.push((s) => [{ ...(s as typeof stmt), handlers: (s as typeof stmt).handlers.filter((__, j) => j !== k) }]));
      if (stmt.finally) edits.push((s) => [{ ...(s as typeof stmt), finally: undefined }]);
      break;
    case "repeat":
      edits.push((s) => (s as typeof stmt).body);
      if (stmt.times > 1) edits.push((s) => [{ ...(s as typeof stmt), times: 1 }]);
      break;
    case "timeout":
      edits.push((s) => (s as typeof stmt).body);
      if (stmt.delay !== null) edits.push((s) => [{ ...(s as typeof stmt), delay: null }]);
      break;
    case "task_group":
      stmt.children.forEach((_, k) =>
        edits.push((s) => [{ ...(s as typeof stmt), children: (s as typeof stmt).children.filter((__, j) => j !== k) }]),
      );
      edits.push((s) => (s as typeof stmt).body);
      break;
    case "wait_for":
      if (stmt.timeout !== null) edits.push((s) => [{ ...(s as typeof stmt), timeout: null }]);
      edits.push(() => [{ op: "sleep", delay: 0 }]);
      break;
    case "with":
      edits.push((s) => (s as typeof stmt).body);
      break;
    case "as_completed":
      if (stmt.children.length > 1) {
        stmt.children.forEach((_, k) =>
          edits.push((s) => [{ ...(s as typeof stmt), children: (s as typeof stmt).children.filter((__, j) => j !== k) }]),
        );
      }
      if (stmt.timeout !== null) edits.push((s) => [{ ...(s as typeof stmt), timeout: null }]);
      break;
    case "sync":
    case "queue_op":
      edits.push(() => [{ op: "sleep", delay: 0 }]);
      break;
    case "gather":
    case "wait":
      edits.push(() => [{ op: "sleep", delay: 0 }]);
      if (stmt.items.length > 1) {
        stmt.items.forEach((_, k) =>
          edits.push((s) => [{ ...s, items: (s as typeof stmt).items.filter((__, j) => j !== k) } as Stmt]),
        );
      }
      if (stmt.op === "wait" && stmt.timeout !== undefined) edits.push((s) => [{ ...(s as typeof stmt), timeout: undefined }]);
      break;
    case "sleep":
    case "call_later":
    case "resolve_later":
      if (stmt.delay > 0) edits.push((s) => [{ ...s, delay: 0 } as Stmt]);
      break;
    case "cancel":
      if (stmt.msg !== undefined) edits.push((s) => [{ ...(s as typeof stmt), msg: undefined }]);
      break;
    default:
      break;
  }
  return edits;
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
