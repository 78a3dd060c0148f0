/**
 * `gather`: `values = await asyncio.gather(a, b, ..., return_exceptions=flag)`, then
 * records `gather <a> <b> ...` with the values.
 *
 * @example
 * ```ts
 * { op: "gather", items: [{ task: "t1" }, { call: "co_a" }], returnExceptions: true }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Stmt } from "./index.ts";
import { defineOp, type Edit } from "./op.ts";
import { refCalls, refNames, refText, type Awaitable, type FutureRef } from "./refs.ts";

/** Gathers tasks, futures and coroutine calls. */
export interface GatherStmt {
  op: "gather";
  items: Awaitable[];
  returnExceptions: boolean;
}

/** Edits that drop one item of a statement with `items` (gather, wait), when it has more than one. */
export function dropItemEdits<S extends Stmt & { items: Awaitable[] }>(stmt: S): Edit[] {
  if (stmt.items.length <= 1) return [];
  return stmt.items.map((_, k) => (s: Stmt) => [{ ...(s as S), items: (s as S).items.filter((__, j) => j !== k) }]);
}

/** The statement without the items that use `name`; null when none is left. */
export function withoutItem<S extends Stmt & { items: (Awaitable | FutureRef)[] }>(stmt: S, name: string): S | null {
  const items = stmt.items.filter((r) => !refNames([r]).includes(name));
  return items.length === 0 ? null : { ...stmt, items };
}

/** The `gather` operation. */
export const gather = defineOp<GatherStmt>({
  op: "gather",
  summary: "Awaits `asyncio.gather` of tasks, futures and coroutine calls, and records the values.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("gather"), items: k.z.array(k.Awaitable).min(1).max(12), returnExceptions: k.z.boolean() }),
  check: (s, c, scope, at) => s.items.forEach((item, k) => c.ref(item, scope, [...at, "items", k])),
  calls: (s) => s.items.flatMap(refCalls),
  refs: (s) => refNames(s.items),
  withoutName: withoutItem,
  describe: (s) => `gather ${s.items.map(refText).join(" ")}`,
  *run(s, rt, env) {
    const items = s.items.map((item) => rt.awaitable(item, env));
    const values = yield* asyncio.gather(items, { returnExceptions: s.returnExceptions });
    rt.record(s, values);
    return undefined;
  },
  python(s, w, indent) {
    const flag = s.returnExceptions ? ", return_exceptions=True" : "";
    w.line(indent, `values = await asyncio.gather(${s.items.map(refText).join(", ")}${flag})`);
    w.record(indent, s, "values");
  },
  typescript(s, w, indent) {
    const flag = s.returnExceptions ? ", { returnExceptions: true }" : "";
    w.line(indent, `{`);
    w.line(indent + 1, `const values = yield* asyncio.gather([${s.items.map(refText).join(", ")}]${flag});`);
    w.record(indent + 1, s, "values");
    w.line(indent, `}`);
  },
  simplify: (s) => [() => [{ op: "sleep", delay: 0 }], ...dropItemEdits(s)],
  generate: {
    weight: 4,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const items = r.items.map((n) => g.awaitableRef(n, ctx)).filter((x): x is Awaitable => x !== undefined);
      return items.length === 0 ? g.sleepInstead(r) : [{ op: "gather", items, returnExceptions: r.flag }];
    },
  },
});
