/**
 * The rules a program must follow beyond its shape, so that it means the same thing in
 * Python and TypeScript and always terminates:
 *
 * - every exception it raises is declared in `exceptions`; every coroutine it calls or
 *   spawns is defined, and no coroutine calls or spawns itself, directly or not;
 * - every bound name is unique in the program and differs from the coroutine names;
 * - a name is used only where it is visible: bound earlier in the same block or an
 *   enclosing one (a named coroutine sees only its own bindings; an inline spawn body also
 *   sees what its spawner bound before the spawn), and as what it is (task or future);
 * - a `repeat` body binds nothing (Python's loop variables are shared by closures,
 *   TypeScript's are not);
 * - no `return` inside a `timeout` or `task_group` block (in TypeScript those blocks are
 *   callbacks, where `return` would leave the block instead of the coroutine);
 * - features the target release lacks are absent (`checkProgramForTarget`).
 *
 * @example
 * ```ts
 * checkProgram(program); // [] when the program is well formed
 * ```
 * @module
 */
import { ACTIONS_OF, type Awaitable, type FutureRef, type PrimitiveKind, type Program, type Spawn, type Stmt } from "./schema.ts";

/** One rule broken, with the path to the offending value (as zod reports paths). */
export interface Problem {
  path: (string | number)[];
  message: string;
}

type Kind = "task" | "future" | "queue" | PrimitiveKind;

class Scope {
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
  const problems: Problem[] = [];
  const declared = new Set(program.exceptions);
  const coroutines = new Set(Object.keys(program.coroutines));
  const bound = new Map<string, (string | number)[]>();

  const checkName = (name: string, path: (string | number)[]): void => {
    if (coroutines.has(name)) problems.push({ path, message: `'${name}' is already a coroutine name` });
    else if (bound.has(name)) problems.push({ path, message: `'${name}' is bound twice (first at ${bound.get(name)?.join(".")})` });
    else bound.set(name, path);
  };

  const checkRef = (ref: FutureRef | Awaitable, scope: Scope, path: (string | number)[]): void => {
    if ("call" in ref) {
      if (!coroutines.has(ref.call)) problems.push({ path: [...path, "call"], message: `coroutine '${ref.call}' is not defined` });
      return;
    }
    const [kind, name] = "task" in ref ? (["task", ref.task] as const) : (["future", ref.future] as const);
    const found = scope.lookup(name);
    if (found === undefined) problems.push({ path: [...path, kind], message: `${kind} '${name}' is not bound here` });
    else if (found !== kind) problems.push({ path: [...path, kind], message: `'${name}' is a ${found}, not a ${kind}` });
  };

  const checkFuture = (name: string, scope: Scope, at: (string | number)[]): void => checkRef({ future: name }, scope, at);

  /** A primitive or queue referenced by name: returns its kind, or records a problem. */
  const checkObject = (name: string, scope: Scope, at: (string | number)[]): Kind | undefined => {
    const kind = scope.lookup(name);
    if (kind === undefined) problems.push({ path: at, message: `'${name}' is not bound here` });
    else if (kind === "task" || kind === "future") {
      problems.push({ path: at, message: `'${name}' is a ${kind}, not a primitive or queue` });
      return undefined;
    }
    return kind;
  };

  /** A task to create (a spawn, or a child of a task group or as_completed): its name is bound in `into`. */
  const checkSpawn = (spawn: Spawn, into: Scope, at: (string | number)[], inRepeat: boolean): void => {
    if (inRepeat) problems.push({ path: [...at, "bind"], message: "a repeat body must not bind names" });
    checkName(spawn.bind, [...at, "bind"]);
    if ("coroutine" in spawn.target) {
      if (!coroutines.has(spawn.target.coroutine)) {
        problems.push({ path: [...at, "target", "coroutine"], message: `coroutine '${spawn.target.coroutine}' is not defined` });
      }
    } else {
      walk(spawn.target.body, into.child(), [...at, "target", "body"], false);
    }
    into.bind(spawn.bind, "task");
  };

  /** A task group or as_completed child list: names bound in `into`. */
  const checkChildren = (children: Spawn[], into: Scope, at: (string | number)[], inRepeat: boolean): void => {
    children.forEach((child, k) => checkSpawn(child, into, [...at, "children", k], inRepeat));
  };

  const walk = (body: Stmt[], scope: Scope, path: (string | number)[], inRepeat: boolean, inWith = false): void => {
    body.forEach((stmt, i) => {
      const at = [...path, i];
      const bindsIn = (name: string) => {
        if (inRepeat) problems.push({ path: [...at, "bind"], message: "a repeat body must not bind names" });
        checkName(name, [...at, "bind"]);
      };
      switch (stmt.op) {
        case "spawn":
          checkSpawn(stmt, scope, at, inRepeat);
          break;
        case "future":
        case "queue":
          bindsIn(stmt.bind);
          scope.bind(stmt.bind, stmt.op);
          break;
        case "await":
        case "shield":
        case "wait_for":
        case "cancel":
        case "add_done_callback":
        case "probe":
          checkRef(stmt.target, scope, [...at, "target"]);
          break;
        case "gather":
        case "wait":
          stmt.items.forEach((item, k) => checkRef(item, scope, [...at, "items", k]));
          break;
        case "set_result":
        case "resolve_later":
          checkFuture(stmt.future, scope, at);
          break;
        case "set_exception":
          checkFuture(stmt.future, scope, at);
          if (!declared.has(stmt.exception)) {
            problems.push({ path: [...at, "exception"], message: `exception '${stmt.exception}' is not declared` });
          }
          break;
        case "raise":
          if (!declared.has(stmt.exception)) {
            problems.push({ path: [...at, "exception"], message: `exception '${stmt.exception}' is not declared` });
          }
          break;
        case "try":
          walk(stmt.body, scope.child(), [...at, "body"], inRepeat, inWith);
          stmt.handlers.forEach((h, k) => {
            if (/Error$/.test(h.catch) && !["CancelledError", "TimeoutError"].includes(h.catch) && !declared.has(h.catch)) {
              problems.push({ path: [...at, "handlers", k, "catch"], message: `exception '${h.catch}' is not declared` });
            }
            walk(h.body, scope.child(), [...at, "handlers", k, "body"], inRepeat, inWith);
          });
          if (stmt.finally) walk(stmt.finally, scope.child(), [...at, "finally"], inRepeat, inWith);
          break;
        case "repeat":
          walk(stmt.body, scope.child(), [...at, "body"], true, inWith);
          break;
        case "return":
          if (inWith) problems.push({ path: at, message: "return is not allowed inside a timeout or task_group block" });
          break;
        case "timeout":
          walk(stmt.body, scope.child(), [...at, "body"], inRepeat, true);
          break;
        case "task_group": {
          const inner = scope.child();
          checkChildren(stmt.children, inner, at, inRepeat);
          walk(stmt.body, inner, [...at, "body"], inRepeat, true);
          break;
        }
        case "as_completed":
          // The children are visible after the statement, in the enclosing block.
          checkChildren(stmt.children, scope, at, inRepeat);
          break;
        case "primitive":
          bindsIn(stmt.bind);
          if (stmt.value !== undefined && !["semaphore", "bounded_semaphore", "barrier"].includes(stmt.kind)) {
            problems.push({ path: [...at, "value"], message: `a ${stmt.kind} takes no value` });
          }
          scope.bind(stmt.bind, stmt.kind);
          break;
        case "sync": {
          const kind = checkObject(stmt.target, scope, [...at, "target"]);
          if (kind === "queue") problems.push({ path: [...at, "target"], message: `'${stmt.target}' is a queue: use queue_op` });
          else if (kind !== undefined && kind !== "task" && kind !== "future" && !ACTIONS_OF[kind].includes(stmt.action)) {
            problems.push({ path: [...at, "action"], message: `a ${kind} has no action '${stmt.action}'` });
          }
          if (stmt.n !== undefined && stmt.action !== "notify") problems.push({ path: [...at, "n"], message: "only notify takes n" });
          break;
        }
        case "with": {
          const kind = checkObject(stmt.target, scope, [...at, "target"]);
          if (kind === "event" || kind === "queue") {
            problems.push({ path: [...at, "target"], message: `a ${kind} is not an async context manager` });
          }
          walk(stmt.body, scope.child(), [...at, "body"], inRepeat, true);
          break;
        }
        case "set_later": {
          const kind = checkObject(stmt.target, scope, [...at, "target"]);
          if (kind !== undefined && kind !== "event") problems.push({ path: [...at, "target"], message: "set_later needs an event" });
          break;
        }
        case "queue_op": {
          const kind = checkObject(stmt.target, scope, [...at, "target"]);
          if (kind !== undefined && kind !== "queue") problems.push({ path: [...at, "target"], message: `'${stmt.target}' is not a queue` });
          const takesValue = stmt.action === "put" || stmt.action === "put_nowait";
          if (takesValue !== (stmt.value !== undefined)) {
            problems.push({ path: [...at, "value"], message: takesValue ? `${stmt.action} needs a value` : `${stmt.action} takes no value` });
          }
          if (stmt.immediate !== undefined && stmt.action !== "shutdown") {
            problems.push({ path: [...at, "immediate"], message: "only shutdown takes immediate" });
          }
          break;
        }
        default:
          break;
      }
    });
  };

  for (const [name, body] of Object.entries(program.coroutines)) walk(body, new Scope(null), ["coroutines", name], false);
  walk(program.main, new Scope(null), ["main"], false);

  // No coroutine may reach itself through calls and spawns (termination).
  const edges = new Map<string, Set<string>>();
  const collect = (body: Stmt[], into: Set<string>): void => {
    for (const stmt of body) {
      switch (stmt.op) {
        case "spawn":
          if ("coroutine" in stmt.target) into.add(stmt.target.coroutine);
          break;
        case "task_group":
        case "as_completed":
          for (const child of stmt.children) if ("coroutine" in child.target) into.add(child.target.coroutine);
          break;
        case "await":
        case "shield":
        case "wait_for":
          if ("call" in stmt.target) into.add(stmt.target.call);
          break;
        case "gather":
          for (const item of stmt.items) if ("call" in item) into.add(item.call);
          break;
        default:
          break;
      }
      for (const [, nested] of nestedBodies(stmt)) collect(nested, into);
    }
  };
  for (const [name, body] of Object.entries(program.coroutines)) {
    const out = new Set<string>();
    collect(body, out);
    edges.set(name, out);
  }
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
  for (const name of coroutines) {
    if (reaches(name, name)) problems.push({ path: ["coroutines", name], message: `coroutine '${name}' calls or spawns itself` });
  }
  return problems;
}

/**
 * The CPython minor release (3.x) that added each feature a program can use beyond 3.7:
 * `checkProgramForTarget` rejects them below it, and the generators never produce them there.
 */
export const FEATURE_SINCE = {
  /** `Future.cancel(msg)`. */
  cancelMsg: 9,
  /** `asyncio.timeout()`. */
  timeout: 11,
  /** `asyncio.TaskGroup`. */
  taskGroup: 11,
  /** `asyncio.Barrier`. */
  barrier: 11,
  /** `asyncio.eager_task_factory`. */
  eagerTaskFactory: 12,
  /** `Queue.shutdown()`. */
  queueShutdown: 13,
  /** `async for` over `as_completed()`. */
  asyncAsCompleted: 13,
} as const;

/** Features a release lacks, with the release that added each. */
const FEATURES: { test: (s: Stmt) => boolean; name: string; since: number }[] = [
  { test: (s) => s.op === "cancel" && s.msg !== undefined, name: "cancel(msg)", since: FEATURE_SINCE.cancelMsg },
  { test: (s) => s.op === "timeout", name: "asyncio.timeout()", since: FEATURE_SINCE.timeout },
  { test: (s) => s.op === "task_group", name: "asyncio.TaskGroup", since: FEATURE_SINCE.taskGroup },
  { test: (s) => s.op === "primitive" && s.kind === "barrier", name: "asyncio.Barrier", since: FEATURE_SINCE.barrier },
  { test: (s) => s.op === "queue_op" && s.action === "shutdown", name: "Queue.shutdown()", since: FEATURE_SINCE.queueShutdown },
  { test: (s) => s.op === "as_completed" && s.async, name: "async iteration of as_completed()", since: FEATURE_SINCE.asyncAsCompleted },
];

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
  const problems: Problem[] = [];
  if (program.taskFactory === "eager" && minor < FEATURE_SINCE.eagerTaskFactory) {
    problems.push({ path: ["taskFactory"], message: `the eager task factory needs Python 3.${FEATURE_SINCE.eagerTaskFactory}+` });
  }
  const visit = (body: Stmt[], path: (string | number)[]): void => {
    body.forEach((stmt, i) => {
      for (const feature of FEATURES) {
        if (minor < feature.since && feature.test(stmt)) {
          problems.push({ path: [...path, i], message: `${feature.name} needs Python 3.${feature.since}+` });
        }
      }
      for (const [key, nested] of nestedBodies(stmt)) visit(nested, [...path, i, ...key]);
    });
  };
  for (const [name, body] of Object.entries(program.coroutines)) visit(body, ["coroutines", name]);
  visit(program.main, ["main"]);
  return problems;
}

/** The statement lists nested in `stmt`, with their paths relative to it. */
export function nestedBodies(stmt: Stmt): [(string | number)[], Stmt[]][] {
  switch (stmt.op) {
    case "spawn":
      return "body" in stmt.target ? [[["target", "body"], stmt.target.body]] : [];
    case "try":
      return [
        [["body"], stmt.body],
        ...stmt.handlers.map((h, k): [(string | number)[], Stmt[]] => [["handlers", k, "body"], h.body]),
        ...(stmt.finally ? [[["finally"], stmt.finally] as [(string | number)[], Stmt[]]] : []),
      ];
    case "repeat":
    case "timeout":
    case "with":
      return [[["body"], stmt.body]];
    case "as_completed":
      return stmt.children.flatMap((c, k): [(string | number)[], Stmt[]][] =>
        "body" in c.target ? [[["children", k, "target", "body"], c.target.body]] : [],
      );
    case "task_group":
      return [
        ...stmt.children.flatMap((c, k): [(string | number)[], Stmt[]][] =>
          "body" in c.target ? [[["children", k, "target", "body"], c.target.body]] : [],
        ),
        [["body"], stmt.body],
      ];
    default:
      return [];
  }
}
