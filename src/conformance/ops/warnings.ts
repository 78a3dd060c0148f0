/**
 * Calls that make asyncio warn, depending on the release; the harness records every
 * warning (`warning <Category>` with its text). `loop_arg` makes a primitive or queue
 * with the `loop` argument (accepted on 3.7, a DeprecationWarning on 3.8 and 3.9 — two
 * for Condition, BoundedSemaphore and the queues, which make another deprecated object
 * inside — and a TypeError from 3.10) and records `made` or the error. `wait_coroutine`
 * passes one coroutine (with tasks) to `asyncio.wait` (a DeprecationWarning on 3.9 and
 * 3.10, a TypeError from 3.11) and records the done and pending sets by name (the
 * coroutine's task is `?`). One coroutine only: CPython wraps them in tasks in set order.
 *
 * @example
 * ```ts
 * { op: "loop_arg", kind: "condition" }
 * { op: "wait_coroutine", call: "co_a", items: [{ task: "t1" }], timeout: 1 }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp, type Edit } from "./op.ts";
import { refNames, refText, type FutureRef } from "./refs.ts";

/** The constructors `loop_arg` calls with `loop=`. */
export const LOOP_ARG_KINDS = ["lock", "event", "condition", "semaphore", "bounded_semaphore", "queue", "lifo_queue", "priority_queue"] as const;
type LoopArgKind = (typeof LOOP_ARG_KINDS)[number];

/** Python and TypeScript class names of each kind. */
const CLASSES: Record<LoopArgKind, string> = {
  lock: "Lock",
  event: "Event",
  condition: "Condition",
  semaphore: "Semaphore",
  bounded_semaphore: "BoundedSemaphore",
  queue: "Queue",
  lifo_queue: "LifoQueue",
  priority_queue: "PriorityQueue",
};

/** The TypeScript arguments before the options, per kind. */
const TS_ARGS: Record<LoopArgKind, string> = {
  lock: "",
  event: "",
  condition: "null, ",
  semaphore: "1, ",
  bounded_semaphore: "1, ",
  queue: "0, ",
  lifo_queue: "0, ",
  priority_queue: "0, ",
};

/** Makes a primitive or queue with `loop=loop`. */
export interface LoopArgStmt {
  op: "loop_arg";
  kind: LoopArgKind;
}

/** `asyncio.wait` of a coroutine (a named one) and tasks or futures. */
export interface WaitCoroutineStmt {
  op: "wait_coroutine";
  call: string;
  items: FutureRef[];
  timeout?: Delay | undefined;
}

function construct(kind: LoopArgKind, loop: asyncio.BaseEventLoop): object {
  switch (kind) {
    case "lock":
      return new asyncio.Lock({ loop });
    case "event":
      return new asyncio.Event({ loop });
    case "condition":
      return new asyncio.Condition(null, { loop });
    case "semaphore":
      return new asyncio.Semaphore(1, { loop });
    case "bounded_semaphore":
      return new asyncio.BoundedSemaphore(1, { loop });
    case "queue":
      return new asyncio.Queue(0, { loop });
    case "lifo_queue":
      return new asyncio.LifoQueue(0, { loop });
    case "priority_queue":
      return new asyncio.PriorityQueue(0, { loop });
  }
}

/** The `loop_arg` operation. */
export const loopArg = defineOp<LoopArgStmt>({
  op: "loop_arg",
  summary: "Makes a primitive or queue with the `loop` argument and records `made` or the TypeError (warnings are recorded by the harness).",
  schema: (k) => k.z.strictObject({ op: k.z.literal("loop_arg"), kind: k.z.enum(LOOP_ARG_KINDS) }),
  usesLoop: true,
  describe: (s) => `loop_arg ${s.kind}`,
  exec(s, rt) {
    try {
      construct(s.kind, rt.loop());
    } catch (e) {
      if (!(e instanceof asyncio.TypeError)) throw e;
      rt.record(s, { raised: rt.trace.exc(e) });
      return;
    }
    rt.record(s, "made");
  },
  python(s, w, indent) {
    w.line(indent, "try:");
    w.line(indent + 1, `asyncio.${CLASSES[s.kind]}(loop=loop)`);
    w.line(indent, "except TypeError as e:");
    w.record(indent + 1, s, `{"raised": trace.exc(e)}`);
    w.line(indent, "else:");
    w.record(indent + 1, s, "'made'");
  },
  typescript(s, w, indent) {
    w.line(indent, "try {");
    w.line(indent + 1, `new asyncio.${CLASSES[s.kind]}(${TS_ARGS[s.kind]}{ loop });`);
    w.record(indent + 1, s, '"made"');
    w.line(indent, "} catch (e) {");
    w.line(indent + 1, "if (!(e instanceof asyncio.TypeError)) throw e;");
    w.record(indent + 1, s, "{ raised: trace.exc(e) }");
    w.line(indent, "}");
  },
  simplify: (s): Edit[] => (s.kind === "lock" ? [() => []] : [() => [], () => [{ op: "loop_arg", kind: "lock" }]]),
  generate: {
    weight: 1,
    quiet: "safe",
    resolve: (r) => [{ op: "loop_arg", kind: LOOP_ARG_KINDS[r.a % LOOP_ARG_KINDS.length] as LoopArgKind }],
  },
});

/** The `wait_coroutine` operation. */
export const waitCoroutine = defineOp<WaitCoroutineStmt>({
  op: "wait_coroutine",
  summary:
    "Awaits `asyncio.wait` of one named coroutine (called with no arguments) and some tasks or futures; records both sets by name, or the TypeError (3.11+, or the call's own when the coroutine takes parameters).",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("wait_coroutine"),
      call: k.Identifier,
      items: k.z.array(k.FutureRef).max(4),
      timeout: k.Delay.optional(),
    }),
  check(s, c, scope, at) {
    // The call passes no arguments: one of a coroutine with parameters raises TypeError (caught and recorded).
    if (!c.coroutines.has(s.call)) c.problem([...at, "call"], `coroutine '${s.call}' is not defined`);
    s.items.forEach((item, k) => c.ref(item, scope, [...at, "items", k]));
  },
  calls: (s) => [s.call],
  refs: (s) => refNames(s.items),
  withoutName: (s, name) => ({ ...s, items: s.items.filter((i) => refText(i) !== name) }),
  describe: (s) => `wait_coroutine ${s.call}()${s.items.map((i) => ` ${refText(i)}`).join("")}`,
  *run(s, rt, env) {
    let result: [Set<asyncio.Future<unknown>>, Set<asyncio.Future<unknown>>];
    try {
      // Inside the try, as in Python: the call itself raises TypeError when the coroutine takes parameters.
      const fs: (asyncio.Future<unknown> | asyncio.Coroutine<unknown>)[] = [rt.callCoroutine(s.call, undefined, env), ...s.items.map((i) => rt.future(i, env))];
      result = yield* asyncio.wait(fs, s.timeout === undefined ? {} : { timeout: delaySeconds(s.timeout) });
    } catch (e) {
      if (!(e instanceof asyncio.TypeError)) throw e;
      rt.record(s, { raised: rt.trace.exc(e) });
      return undefined;
    }
    rt.record(s, { done: rt.trace.sortedNames(result[0]), pending: rt.trace.sortedNames(result[1]) });
    return undefined;
  },
  python(s, w, indent) {
    const items = [`${s.call}()`, ...s.items.map(refText)].join(", ");
    const timeout = s.timeout === undefined ? "" : `, timeout=${w.delay(s.timeout)}`;
    w.line(indent, "try:");
    w.line(indent + 1, `done, pending = await asyncio.wait([${items}]${timeout})`);
    w.line(indent, "except TypeError as e:");
    w.record(indent + 1, s, `{"raised": trace.exc(e)}`);
    w.line(indent, "else:");
    w.record(indent + 1, s, `{"done": trace.names(done), "pending": trace.names(pending)}`);
  },
  typescript(s, w, indent) {
    const items = [w.callWithoutArguments(s.call), ...s.items.map(refText)].join(", ");
    const timeout = s.timeout === undefined ? "" : `, { timeout: ${w.delay(s.timeout)} }`;
    w.line(indent, "try {");
    w.line(indent + 1, `const [done, pending] = yield* asyncio.wait<asyncio.Future<unknown>>([${items}]${timeout});`);
    w.record(indent + 1, s, "{ done: trace.sortedNames(done), pending: trace.sortedNames(pending) }");
    w.line(indent, "} catch (e) {");
    w.line(indent + 1, "if (!(e instanceof asyncio.TypeError)) throw e;");
    w.record(indent + 1, s, "{ raised: trace.exc(e) }");
    w.line(indent, "}");
  },
  simplify(s): Edit[] {
    const edits: Edit[] = [() => [{ op: "await", target: { call: s.call } }]];
    if (s.items.length > 0) edits.push((x) => [{ ...(x as WaitCoroutineStmt), items: [] }]);
    if (s.timeout !== undefined) edits.push((x) => [{ ...(x as WaitCoroutineStmt), timeout: undefined }]);
    return edits;
  },
  generate: {
    weight: 1,
    quiet: "degrade",
    resolve(r, ctx, g) {
      // The call passes no arguments: mostly coroutines without parameters; one time in
      // four any callable one (a call of one with parameters records Python's TypeError).
      const all = g.callableIn(ctx);
      const pool = r.b % 4 === 3 ? all : all.filter((c) => (g.parameters.get(c) ?? []).length === 0);
      const call = g.pick(pool, r.a);
      if (call === undefined) return [{ op: "loop_arg", kind: LOOP_ARG_KINDS[r.a % LOOP_ARG_KINDS.length] as LoopArgKind }];
      const items = r.items.slice(0, 2).map((n) => g.waitableRef(n, ctx)).filter((x): x is FutureRef => x !== undefined);
      const stmt: WaitCoroutineStmt = { op: "wait_coroutine", call, items };
      if (r.flag) stmt.timeout = g.delayOf(r);
      return [stmt];
    },
  },
});
