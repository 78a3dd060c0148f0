/**
 * The rules a program must follow beyond its shape, so that it means the same thing in
 * Python and TypeScript and always terminates:
 *
 * - every exception it raises is declared in `exceptions`; every coroutine it calls or
 *   spawns is defined, and no coroutine calls or spawns itself, directly or not;
 * - every bound name (parameters included) is unique in the program and differs from the
 *   coroutine names;
 * - a name is used only where it is visible: bound earlier in the same block or an
 *   enclosing one (a named coroutine sees only its parameters and its own bindings; an
 *   inline spawn body also sees what its spawner bound before the spawn), and as what it
 *   is (task, future, queue or a kind of primitive);
 * - a call or spawn of a named coroutine passes one argument per parameter, each a name
 *   visible there that stands for what the parameter stands for;
 * - a `repeat` body binds nothing (Python's loop variables are shared by closures,
 *   TypeScript's are not);
 * - no `return` inside a `timeout`, `task_group` or `with` block (in TypeScript those
 *   blocks are callbacks, where `return` would leave the block instead of the coroutine);
 * - features the target release lacks are absent (`checkProgramForTarget`).
 *
 * This module is the driver: each operation states its own rules (`check` in ../ops/).
 *
 * @example
 * ```ts
 * checkProgram(program); // [] when the program is well formed
 * ```
 * @module
 */
import { nestedBodies, opOf } from "../ops/index.ts";
import type { Path } from "../ops/op.ts";
import type { Parameter, ParameterKind } from "../ops/params.ts";
import type { Spawn } from "../ops/spawn.ts";
import type { Awaitable } from "../ops/refs.ts";
import { FEATURE_SINCE } from "../ops/features.ts";
import { sharedProblems } from "../ops/shared_objects.ts";
import { checkEntry, checkEntryForTarget } from "../entry.ts";
import type { Program, Stmt } from "./types.ts";

/** One rule broken, with the path to the offending value (as zod reports paths). */
export interface Problem {
  path: Path;
  message: string;
}

/** What a bound name stands for (handles, timeouts and task groups only `repr` and `handle_op` use). */
export type Kind = ParameterKind | "agen" | OtherKind;

/** Bound objects that are neither tasks, futures, primitives nor queues. */
export type OtherKind = "handle" | "timer_handle" | "timeout" | "task_group";
const OTHER_KINDS: ReadonlySet<Kind> = new Set<OtherKind>(["handle", "timer_handle", "timeout", "task_group"]);

/** Where a statement sits: inside a `repeat` body, or inside a block that is a callback in TypeScript. */
export interface WalkFlags {
  inRepeat: boolean;
  inWith: boolean;
  /** Inside an `except` block of a `try_inspect` or `try_star` (a bare `raise` may go there). */
  inHandler?: boolean;
  /** In an async generator's body (not in a task it spawns): `ayield` allowed, `return` not. */
  inAgen?: boolean;
}

/** The names visible in a block. */
export class Scope {
  private readonly names = new Map<string, Kind>();
  constructor(private readonly parent: Scope | null) {}
  bind(name: string, kind: Kind): void {
    this.names.set(name, kind);
  }
  lookup(name: string): Kind | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  child(): Scope {
    return new Scope(this);
  }
}

/** Collects the problems of one program; operations call it from their `check`. */
export class Checker {
  readonly problems: Problem[] = [];
  private readonly declaredExceptions: Set<string>;
  readonly coroutines: Set<string>;
  /** Each named coroutine's parameters (none when absent). */
  readonly parameters: ReadonlyMap<string, readonly Parameter[]>;
  private readonly bound = new Map<string, Path>();

  constructor(program: Program) {
    this.declaredExceptions = new Set(program.exceptions);
    this.coroutines = new Set(Object.keys(program.coroutines));
    this.parameters = new Map(Object.entries(program.parameters ?? {}));
  }

  /** A named coroutine's scope: its parameters, bound (and checked unique) at `at`. */
  coroutineScope(name: string, at: Path, globals: Scope | null = null): Scope {
    const scope = new Scope(globals);
    (this.parameters.get(name) ?? []).forEach((p, k) => {
      this.unique(p.name, [...at, k, "name"]);
      scope.bind(p.name, p.kind);
    });
    return scope;
  }

  /** The arguments of a call or spawn of `coroutine`: one per parameter, each visible and of the parameter's kind. */
  arguments(coroutine: string, args: readonly string[] | undefined, scope: Scope, path: Path): void {
    if (!this.coroutines.has(coroutine)) return;
    const params = this.parameters.get(coroutine) ?? [];
    const given = args ?? [];
    if (given.length !== params.length) {
      this.problem([...path, "args"], `coroutine '${coroutine}' takes ${params.length} argument${params.length === 1 ? "" : "s"}, not ${given.length}`);
      return;
    }
    given.forEach((arg, k) => {
      const param = params[k] as Parameter;
      const found = scope.lookup(arg);
      if (found === undefined) this.problem([...path, "args", k], `'${arg}' is not bound here`);
      else if (found !== param.kind) this.problem([...path, "args", k], `'${arg}' is a ${found}, but parameter '${param.name}' of '${coroutine}' is a ${param.kind}`);
    });
  }

  problem(path: Path, message: string): void {
    this.problems.push({ path, message });
  }

  /** A name bound by the statement at `at` (its `bind` field): unique, and not in a repeat body. */
  bindHere(name: string, at: Path, flags: WalkFlags): void {
    if (flags.inRepeat) this.problem([...at, "bind"], "a repeat body must not bind names");
    this.unique(name, [...at, "bind"]);
  }

  private unique(name: string, path: Path): void {
    if (this.coroutines.has(name)) this.problem(path, `'${name}' is already a coroutine name`);
    else if (this.bound.has(name)) this.problem(path, `'${name}' is bound twice (first at ${this.bound.get(name)?.join(".")})`);
    else this.bound.set(name, path);
  }

  /** A reference to a task or future (visible, and of that kind) or a call of a defined coroutine. */
  ref(ref: Awaitable, scope: Scope, path: Path): void {
    if ("call" in ref) {
      if (!this.coroutines.has(ref.call)) this.problem([...path, "call"], `coroutine '${ref.call}' is not defined`);
      this.arguments(ref.call, ref.args, scope, path);
      return;
    }
    const [kind, name] = "task" in ref ? (["task", ref.task] as const) : (["future", ref.future] as const);
    const found = scope.lookup(name);
    if (found === undefined) this.problem([...path, kind], `${kind} '${name}' is not bound here`);
    else if (found !== kind) this.problem([...path, kind], `'${name}' is a ${found}, not a ${kind}`);
  }

  /** A future named by a statement's `future` field. */
  future(name: string, scope: Scope, at: Path): void {
    this.ref({ future: name }, scope, at);
  }

  /** A primitive or queue referenced by name: its kind, or undefined (with a problem recorded). */
  object(name: string, scope: Scope, at: Path): Exclude<Kind, OtherKind | "agen" | "task" | "future"> | undefined {
    const kind = scope.lookup(name);
    if (kind === undefined) this.problem(at, `'${name}' is not bound here`);
    else if (kind === "task" || kind === "future" || kind === "agen" || OTHER_KINDS.has(kind)) {
      this.problem(at, `'${name}' is a ${kind === "agen" ? "async generator" : kind.replace("_", " ")}, not a primitive or queue`);
      return undefined;
    }
    return kind as Exclude<Kind, OtherKind | "agen" | "task" | "future">;
  }

  /** Whether the program declares an exception class of this name. */
  isDeclared(exception: string): boolean {
    return this.declaredExceptions.has(exception);
  }

  /** An async generator referenced by name. */
  agen(name: string, scope: Scope, at: Path): void {
    const kind = scope.lookup(name);
    if (kind === undefined) this.problem(at, `'${name}' is not bound here`);
    else if (kind !== "agen") this.problem(at, `'${name}' is a ${kind}, not an async generator`);
  }

  /** An exception class the program must declare. */
  declared(exception: string, path: Path): void {
    if (!this.declaredExceptions.has(exception)) this.problem(path, `exception '${exception}' is not declared`);
  }

  /** A task to create (a spawn, or a child of a task group or as_completed): its name is bound in `into`. */
  spawn(spawn: Spawn, into: Scope, at: Path, flags: WalkFlags): void {
    if (flags.inRepeat) this.problem([...at, "bind"], "a repeat body must not bind names");
    this.unique(spawn.bind, [...at, "bind"]);
    if ("coroutine" in spawn.target) {
      if (!this.coroutines.has(spawn.target.coroutine)) {
        this.problem([...at, "target", "coroutine"], `coroutine '${spawn.target.coroutine}' is not defined`);
      }
      this.arguments(spawn.target.coroutine, spawn.target.args, into, [...at, "target"]);
    } else {
      this.walk(spawn.target.body, into.child(), [...at, "target", "body"], { inRepeat: false, inWith: false });
    }
    into.bind(spawn.bind, "task");
  }

  /** A task group's or as_completed's children: names bound in `into`. */
  children(children: Spawn[], into: Scope, at: Path, flags: WalkFlags): void {
    children.forEach((child, k) => this.spawn(child, into, [...at, "children", k], flags));
  }

  /** Checks a block, statement by statement. */
  walk(body: Stmt[], scope: Scope, path: Path, flags: WalkFlags): void {
    body.forEach((stmt, i) => opOf(stmt).check?.(stmt, this, scope, [...path, i], flags));
  }
}

/** The named coroutines each coroutine calls or spawns, anywhere in its body. */
function callGraph(program: Program): Map<string, Set<string>> {
  const collect = (body: Stmt[], into: Set<string>): void => {
    for (const stmt of body) {
      for (const name of opOf(stmt).calls?.(stmt) ?? []) into.add(name);
      for (const [, nested] of nestedBodies(stmt)) collect(nested, into);
    }
  };
  const edges = new Map<string, Set<string>>();
  for (const [name, body] of Object.entries(program.coroutines)) {
    const out = new Set<string>();
    collect(body, out);
    edges.set(name, out);
  }
  return edges;
}

/**
 * Every rule the program breaks, in program order. Empty for a well-formed program.
 *
 * @example
 * ```ts
 * checkProgram({ schema: 1, exceptions: [], coroutines: {}, main: [{ op: "await", target: { task: "t9" } }] });
 * // [{ path: ["main", 0, "target", "task"], message: "task 't9' is not bound here" }]
 * ```
 */
export function checkProgram(program: Program): Problem[] {
  const c = new Checker(program);
  const top: WalkFlags = { inRepeat: false, inWith: false };
  for (const name of Object.keys(program.parameters ?? {})) {
    if (!c.coroutines.has(name)) c.problem(["parameters", name], `parameters of '${name}', which is not a coroutine`);
  }
  // Objects made at module level (the entry's `shared`): every coroutine and main see them.
  const globals = new Scope(null);
  (program.entry?.shared ?? []).forEach((o, k) => {
    c.bindHere(o.bind, ["entry", "shared", k], top);
    for (const message of sharedProblems(o)) c.problem(["entry", "shared", k, "value"], message);
    globals.bind(o.bind, o.kind);
  });
  for (const [name, body] of Object.entries(program.coroutines)) {
    c.walk(body, c.coroutineScope(name, ["parameters", name], globals), ["coroutines", name], top);
  }
  c.walk(program.main, globals.child(), ["main"], top);

  // No coroutine may reach itself through calls and spawns (termination).
  const edges = callGraph(program);
  const reaches = (from: string, target: string, seen = new Set<string>()): boolean => {
    for (const next of edges.get(from) ?? []) {
      if (next === target) return true;
      if (!seen.has(next)) {
        seen.add(next);
        if (reaches(next, target, seen)) return true;
      }
    }
    return false;
  };
  for (const name of c.coroutines) {
    if (reaches(name, name)) c.problem(["coroutines", name], `coroutine '${name}' calls or spawns itself`);
  }
  return [...c.problems, ...checkEntry(program)];
}

export { FEATURE_SINCE };

/**
 * The program's uses of features that the target release does not have.
 *
 * @example
 * ```ts
 * checkProgramForTarget(program, "3.8"); // [{ path: ["main", 2], message: "cancel(msg) needs Python 3.9+" }]
 * ```
 */
export function checkProgramForTarget(program: Program, python: string): Problem[] {
  const minor = Number(python.split(".")[1]);
  const problems: Problem[] = checkEntryForTarget(program, minor);
  if (program.taskFactory === "eager" && minor < FEATURE_SINCE.eagerTaskFactory) {
    problems.push({ path: ["taskFactory"], message: `the eager task factory needs Python 3.${FEATURE_SINCE.eagerTaskFactory}+` });
  }
  const visit = (body: Stmt[], path: Path): void => {
    body.forEach((stmt, i) => {
      const needs = opOf(stmt).requires?.(stmt);
      if (needs !== undefined && minor < needs.since) {
        problems.push({ path: [...path, i], message: `${needs.name} needs Python 3.${needs.since}+` });
      }
      if (needs?.until !== undefined && minor > needs.until) {
        problems.push({ path: [...path, i], message: `${needs.name} is only modelled up to Python 3.${needs.until}` });
      }
      for (const [key, nested] of nestedBodies(stmt)) visit(nested, [...path, i, ...key]);
    });
  };
  for (const [name, body] of Object.entries(program.coroutines)) visit(body, ["coroutines", name]);
  visit(program.main, ["main"]);
  return problems;
}

export { nestedBodies };
