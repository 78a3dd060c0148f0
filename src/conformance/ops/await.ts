/**
 * `await`: `value = await x` for a bound task or future or a call of a named coroutine,
 * then records `await <x>` with the value.
 *
 * @example
 * ```ts
 * { op: "await", target: { task: "t1" } } // Python: value = await t1
 * ```
 * @module
 */
import type * as asyncio from "../../asyncio/index.ts";
import type { Program, Stmt } from "./index.ts";
import { defineOp, type Edit } from "./op.ts";
import { refCalls, refNames, refText, type Awaitable } from "./refs.ts";

/** Awaits a task, a future or a coroutine call. */
export interface AwaitStmt {
  op: "await";
  target: Awaitable;
}

/**
 * The simplifications of a statement that awaits `target` (await, shield): inline the
 * called coroutine's statements (its parameters renamed to the call's arguments), or
 * replace the statement by `sleep(0)`.
 */
export function awaitEdits(target: Awaitable, program: Program, returns: (body: Stmt[]) => boolean): Edit[] {
  const edits: Edit[] = [];
  if ("call" in target) {
    const body = program.coroutines[target.call];
    const params = program.parameters?.[target.call] ?? [];
    const renames = new Map(params.map((p, k) => [p.name, target.args?.[k] ?? p.name]));
    if (body !== undefined && !returns(body)) edits.push(() => renameNames(structuredClone(body), renames));
  }
  edits.push(() => [{ op: "sleep", delay: 0 }]);
  return edits;
}

/**
 * `body` with every use of a name in `renames` (a field naming a task, future, primitive
 * or queue, or a call's argument) changed to its new name, in place. Program names are
 * unique, so no other value can be one of them.
 */
export function renameNames<T>(body: T, renames: ReadonlyMap<string, string>): T {
  if (renames.size === 0) return body;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === "string" && ["target", "task", "future"].includes(key)) record[key] = renames.get(value) ?? value;
      else if (key === "args" && Array.isArray(value)) record[key] = value.map((v) => (typeof v === "string" ? (renames.get(v) ?? v) : v));
      else visit(value);
    }
  };
  visit(body);
  return body;
}

/** The `await` operation. */
export const awaitOp = defineOp<AwaitStmt>({
  op: "await",
  summary: "Awaits a bound task or future, or a call of a named coroutine, and records the value.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("await"), target: k.Awaitable }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
  calls: (s) => refCalls(s.target),
  refs: (s) => refNames([s.target]),
  describe: (s) => `await ${refText(s.target)}`,
  *run(s, rt, env) {
    const value: unknown = yield* rt.awaitable(s.target, env) as asyncio.Awaitable<unknown>;
    rt.record(s, value);
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `value = await ${refText(s.target)}`);
    w.record(indent, s, "value");
  },
  typescript(s, w, indent) {
    w.line(indent, `{`);
    w.line(indent + 1, `const value = yield* ${refText(s.target)};`);
    w.record(indent + 1, s, "value");
    w.line(indent, `}`);
  },
  simplify: (s, program, k) => awaitEdits(s.target, program, k.returns),
  generate: {
    weight: 7,
    quiet: "safe",
    quietWhen: (s, g) => "call" in s.target && g.quietSafe.has(s.target.call),
    resolve(r, ctx, g) {
      const target = g.awaitableRef(r.a, ctx);
      return target === undefined ? g.sleepInstead(r) : [{ op: "await", target }];
    },
  },
});
