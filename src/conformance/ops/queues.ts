/**
 * Queues: `queue` makes a Queue, LifoQueue or PriorityQueue; `queue_op` calls one of its
 * methods (put, get, put_nowait, get_nowait, task_done, join, qsize, shutdown) or reads
 * `maxsize`, `empty()` or `full()` (made by the introspection area's generator).
 *
 * @example
 * ```ts
 * { op: "queue", bind: "q1", kind: "fifo", maxsize: 1 }
 * { op: "queue_op", target: "q1", action: "put", value: "v3" }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Value } from "../ir/schema_kit.ts";
import { FEATURE_SINCE } from "./features.ts";
import type { RawStmt } from "../generate/raw.ts";
import { defineOp } from "./op.ts";

/** Queue classes: Queue, LifoQueue, PriorityQueue. */
export const QUEUE_KINDS = ["fifo", "lifo", "priority"] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];
export const QUEUE_ACTIONS = ["put", "get", "put_nowait", "get_nowait", "task_done", "join", "qsize", "shutdown", "maxsize", "empty", "full"] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/** The asyncio class of each queue kind. */
export const QUEUE_CLASSES: Record<QueueKind, string> = { fifo: "Queue", lifo: "LifoQueue", priority: "PriorityQueue" };

/** Queue actions, weighted by repetition: mostly put and get (maxsize, empty and full come from ./introspect.ts). */
const ACTION_MIX: QueueAction[] = ["put", "get", "put", "get", "put_nowait", "get_nowait", "task_done", "join", "qsize", "shutdown"];

/** TypeScript method names of the queue actions. */
const TS_METHODS: Record<QueueAction, string> = {
  put: "put", get: "get", put_nowait: "putNowait", get_nowait: "getNowait", task_done: "taskDone", join: "join", qsize: "qsize", shutdown: "shutdown",
  maxsize: "maxsize", empty: "empty", full: "full",
};

/** Creates a queue. */
export interface QueueStmt {
  op: "queue";
  bind: string;
  kind: QueueKind;
  maxsize: number;
}

/** Calls a queue method (`value` for put and put_nowait; `immediate` for shutdown). */
export interface QueueOpStmt {
  op: "queue_op";
  target: string;
  action: QueueAction;
  value?: Value | undefined;
  immediate?: boolean | undefined;
}

/**
 * Labels of `(priority, name)` items: some share a prefix and differ in length ("v1" and
 * "v12" sort by length; "v" sorts before both), so that string comparison in the heap
 * meets every case of Python's lexicographic order.
 */
const LABELS = ["v12", "v1", "v", "v2"] as const;

/**
 * An item for a PriorityQueue: half the time a number; else a list, as programs queue
 * `(priority, name)` pairs: equal priorities then compare the names, a shorter list that
 * is a prefix of a longer one sorts first, and now and then a list has a number where
 * the others have a name, so CPython's `<` raises TypeError when the two meet in the heap.
 */
function priorityItem(r: RawStmt): Value {
  const [shape = 0, label = 0] = r.items;
  const priority = r.value % 4;
  const name = LABELS[label % LABELS.length] as string;
  switch (shape % 6) {
    case 0:
    case 1:
    case 2:
      return r.value;
    case 3:
      return [priority, name];
    case 4:
      return label % 2 === 0 ? [priority] : [priority, name, label % 3];
    default:
      return [priority, label % 3 === 0 ? label % 5 : name];
  }
}

/** Item shapes of a burst's list items (see priorityItem): mostly `[priority, label]`. */
const BURST_SHAPES = [3, 3, 3, 3, 3, 3, 4, 5];

/**
 * A burst of puts into an unbounded PriorityQueue, so that the heap compares its items:
 * priorities drawn from two values, mostly one (ties are the point), either all numbers (equal ones
 * show in the heap's layout, which `repr(q)` prints) or all lists. With `r.flag` the burst
 * is drained at once by as many `get_nowait()`, which record the order the heap gives.
 */
function priorityBurst(r: RawStmt, stmt: QueueOpStmt): QueueOpStmt[] {
  const numbers = r.value % 3 === 0;
  const puts = r.items.map((n, i): QueueOpStmt => {
    // Most list items of a burst share one priority (ties are the point). fast-check favours
    // a few numbers (0, 64, ...), so bits of a multiplicative hash of n and i pick the odd
    // priority out and the shape; the first item has the longest label, "v12", and the
    // others take "v1", "v" and "v2" in turn, prefixes of it or of each other.
    const h = Math.imul(n * 31 + i + 1, 0x9e3779b1) >>> 0;
    const value = numbers
      ? (r.value + n) % 2
      : priorityItem({ ...r, value: (h >>> 8) % 4 === 0 ? 1 - (r.value % 2) : r.value % 2, items: [BURST_SHAPES[(h >>> 12) % BURST_SHAPES.length] as number, i === 0 ? 0 : 1 + ((i + r.b) % 3)] });
    return { ...stmt, value };
  });
  const gets = r.flag ? r.items.map((): QueueOpStmt => ({ op: "queue_op", target: stmt.target, action: "get_nowait" })) : [];
  return [...puts, ...gets];
}

/** The `queue` operation. */
export const queue = defineOp<QueueStmt>({
  op: "queue",
  summary: "Creates a Queue, LifoQueue or PriorityQueue with a maxsize and binds its name.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("queue"), bind: k.Identifier, kind: k.z.enum(QUEUE_KINDS), maxsize: k.z.number().int().min(0).max(8) }),
  check(s, c, scope, at, flags) {
    c.bindHere(s.bind, at, flags);
    scope.bind(s.bind, "queue");
  },
  binds: (s) => [s.bind],
  refs: (s) => [s.bind],
  describe: (s) => `${s.kind} ${s.bind}`,
  exec(s, rt, env) {
    const made =
      s.kind === "fifo" ? new asyncio.Queue<unknown>(s.maxsize) : s.kind === "lifo" ? new asyncio.LifoQueue<unknown>(s.maxsize) : new asyncio.PriorityQueue<unknown>(s.maxsize);
    env.set(s.bind, made);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `${s.bind} = asyncio.${QUEUE_CLASSES[s.kind]}(maxsize=${s.maxsize})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `const ${s.bind} = new asyncio.${QUEUE_CLASSES[s.kind]}<unknown>(${s.maxsize});`);
    w.record(indent, s);
  },
  generate: {
    weight: 2,
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const kind = QUEUE_KINDS[r.a % QUEUE_KINDS.length] as QueueKind;
      const name = `q${g.nextObject()}`;
      const maxsize = r.value % 3;
      ctx.queues.push({ name, kind, maxsize });
      return [{ op: "queue", bind: name, kind, maxsize }];
    },
  },
});

/** The `queue_op` operation. */
export const queueOp = defineOp<QueueOpStmt>({
  op: "queue_op",
  summary: "Calls put, get, put_nowait, get_nowait, task_done, join, qsize or shutdown on a queue, or reads maxsize, empty() or full().",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("queue_op"),
      target: k.Identifier,
      action: k.z.enum(QUEUE_ACTIONS),
      value: k.Value.optional(),
      immediate: k.z.boolean().optional(),
    }),
  check(s, c, scope, at) {
    const kind = c.object(s.target, scope, [...at, "target"]);
    if (kind !== undefined && kind !== "queue") c.problem([...at, "target"], `'${s.target}' is not a queue`);
    const takesValue = s.action === "put" || s.action === "put_nowait";
    if (takesValue !== (s.value !== undefined)) {
      c.problem([...at, "value"], takesValue ? `${s.action} needs a value` : `${s.action} takes no value`);
    }
    if (s.immediate !== undefined && s.action !== "shutdown") c.problem([...at, "immediate"], "only shutdown takes immediate");
  },
  requires: (s) => (s.action === "shutdown" ? { name: "Queue.shutdown()", since: FEATURE_SINCE.queueShutdown } : undefined),
  refs: (s) => [s.target],
  describe: (s) => `${s.action} ${s.target}`,
  *run(s, rt, env) {
    const q = env.lookup(s.target) as asyncio.Queue<unknown>;
    switch (s.action) {
      case "get":
        rt.record(s, yield* q.get());
        return undefined;
      case "get_nowait":
        rt.record(s, q.getNowait());
        return undefined;
      case "qsize":
        rt.record(s, q.qsize());
        return undefined;
      case "maxsize":
        rt.record(s, q.maxsize);
        return undefined;
      case "empty":
        rt.record(s, q.empty());
        return undefined;
      case "full":
        rt.record(s, q.full());
        return undefined;
      case "put":
        yield* q.put(s.value);
        break;
      case "put_nowait":
        q.putNowait(s.value);
        break;
      case "task_done":
        q.taskDone();
        break;
      case "join":
        yield* q.join();
        break;
      case "shutdown":
        q.shutdown(s.immediate ?? false);
        break;
    }
    rt.record(s);
    return undefined;
  },
  python(s, w, indent) {
    const q = s.target;
    const v = s.value === undefined ? "" : w.literal(s.value);
    switch (s.action) {
      case "put":
      case "join":
        w.line(indent, `await ${q}.${s.action}(${v})`);
        break;
      case "get":
        w.line(indent, `value = await ${q}.get()`);
        return w.record(indent, s, "value");
      case "get_nowait":
      case "qsize":
      case "empty":
      case "full":
        w.line(indent, `value = ${q}.${s.action}()`);
        return w.record(indent, s, "value");
      case "maxsize":
        return w.record(indent, s, `${q}.maxsize`);
      case "shutdown":
        w.line(indent, `${q}.shutdown(${s.immediate ? "immediate=True" : ""})`);
        break;
      default:
        w.line(indent, `${q}.${s.action}(${v})`);
    }
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const call = `${s.target}.${TS_METHODS[s.action]}`;
    const v = s.value === undefined ? "" : w.literal(s.value);
    switch (s.action) {
      case "put":
        w.line(indent, `yield* ${call}(${v});`);
        break;
      case "join":
        w.line(indent, `yield* ${call}();`);
        break;
      case "get":
        return w.record(indent, s, `yield* ${call}()`);
      case "get_nowait":
      case "qsize":
      case "empty":
      case "full":
        return w.record(indent, s, `${call}()`);
      case "maxsize":
        return w.record(indent, s, call);
      case "put_nowait":
        w.line(indent, `${call}(${v});`);
        break;
      case "task_done":
        w.line(indent, `${call}();`);
        break;
      case "shutdown":
        w.line(indent, `${call}(${s.immediate ? "true" : ""});`);
        break;
    }
    w.record(indent, s);
  },
  simplify: () => [() => [{ op: "sleep", delay: 0 }]],
  generate: {
    weight: 5,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const target = g.pick(ctx.queues, r.a);
      if (target === undefined) return g.sleepInstead(r);
      const actions = ACTION_MIX.filter((a) => a !== "shutdown" || g.minor >= FEATURE_SINCE.queueShutdown);
      const action = actions[r.b % actions.length] as QueueAction;
      const stmt: QueueOpStmt = { op: "queue_op", target: target.name, action };
      // A PriorityQueue with room for them often takes a burst of items at once, so that
      // the heap compares them (one put at a time rarely leaves two inside).
      const puts = action === "put" || action === "put_nowait";
      // A get that would drain the burst anyway (r.flag) becomes one half the time.
      // A queue passed as a parameter (maxsize unknown) takes the burst by awaited puts.
      const room = target.maxsize === undefined || target.maxsize === 0 || target.maxsize >= r.items.length;
      if ((puts || (action === "get" && r.flag)) && target.kind === "priority" && room && r.items.length > 1) {
        return priorityBurst(r, { op: "queue_op", target: target.name, action: target.maxsize === undefined ? "put" : puts ? action : "put_nowait" });
      }
      if (puts) stmt.value = target.kind === "priority" ? priorityItem(r) : g.valueOf(r);
      if (action === "shutdown") stmt.immediate = r.flag;
      return [stmt];
    },
  },
});
