/**
 * Warnings: calls that make asyncio warn, depending on the release, a program's own
 * `warnings.warn`, and the filters that decide what becomes of them. The harness installs
 * `simplefilter("always")` for each run (filters and registries are restored and emptied
 * per run on both sides) and records every warning shown (`warning <Category>` with its
 * text); `warnings_filter` puts a program's own filter in front of it. `loop_arg` makes a
 * primitive or queue with the `loop` argument (accepted on 3.7, a DeprecationWarning on 3.8 and 3.9 — two
 * for Condition, BoundedSemaphore and the queues, which make another deprecated object
 * inside — and a TypeError from 3.10) and records `made` or the error. `wait_coroutine`
 * passes one coroutine (with tasks) to `asyncio.wait` (a DeprecationWarning on 3.9 and
 * 3.10, a TypeError from 3.11) and records the done and pending sets by name (the
 * coroutine's task is `?`). One coroutine only: CPython wraps them in tasks in set order.
 * `warn` calls `warnings.warn(text, category)`. Under an `"error"` filter the warning is
 * raised at the call instead: these three record it as `raised` (before the object is
 * made, or the coroutine wrapped).
 *
 * `warnings_filter` is `warnings.simplefilter(action, category)` with action `error`,
 * `ignore`, `once`, `module` or `always`. `"once"` and `"module"` both show a text once
 * per module (CPython's C `warn` keeps `"once"` in the module's registry too) until the
 * filters change again; asyncio's own warnings come from the program, or from
 * `asyncio.locks`/`asyncio.queues` for what a Condition, BoundedSemaphore or queue makes
 * inside. `"default"` is left out: CPython shows it once per source line, our port once
 * per text, and the two programs' lines differ.
 *
 * @example
 * ```ts
 * { op: "loop_arg", kind: "condition" }
 * { op: "wait_coroutine", call: "co_a", items: [{ task: "t1" }], timeout: 1 }
 * { op: "warnings_filter", action: "error", category: "DeprecationWarning" }
 * // Python: warnings.simplefilter('error', DeprecationWarning); trace.record('warnings_filter error DeprecationWarning')
 * { op: "warn", text: "w1", category: "UserWarning" }
 * // Python: warnings.warn('w1', UserWarning), or {"raised": ...} under an "error" filter
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import type { Stmt } from "../ir/types.ts";
import type { PythonWriter } from "../emit_python.ts";
import type { TsWriter } from "../emit_ts.ts";
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

/** Python: runs `call`; records `ok`, or `{"raised": ...}` for an exception of the classes `caught`. */
function pythonCallOrRaised(s: Stmt, w: PythonWriter, indent: number, call: string, caught: string, ok: string): void {
  w.line(indent, "try:");
  w.line(indent + 1, call);
  w.line(indent, `except ${caught} as e:`);
  w.record(indent + 1, s, `{"raised": trace.exc(e)}`);
  w.line(indent, "else:");
  w.record(indent + 1, s, `'${ok}'`);
}

/** TypeScript: the same, where `caught` is the test of `e` that the exception must pass. */
function typescriptCallOrRaised(s: Stmt, w: TsWriter, indent: number, call: string, caught: string, ok: string): void {
  w.line(indent, "try {");
  w.line(indent + 1, `${call};`);
  w.record(indent + 1, s, `"${ok}"`);
  w.line(indent, "} catch (e) {");
  w.line(indent + 1, `if (!(${caught})) throw e;`);
  w.record(indent + 1, s, "{ raised: trace.exc(e) }");
  w.line(indent, "}");
}

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

/** What these statements record as `raised`: the TypeError of a later release, or a warning an "error" filter raised. */
function isRaisedHere(e: unknown): boolean {
  return e instanceof asyncio.TypeError || e instanceof asyncio.warnings.Warning;
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
  summary:
    "Makes a primitive or queue with the `loop` argument and records `made`, the TypeError, or the warning an \"error\" filter raised (shown warnings are recorded by the harness).",
  schema: (k) => k.z.strictObject({ op: k.z.literal("loop_arg"), kind: k.z.enum(LOOP_ARG_KINDS) }),
  usesLoop: true,
  describe: (s) => `loop_arg ${s.kind}`,
  exec(s, rt) {
    try {
      construct(s.kind, rt.loop());
    } catch (e) {
      if (!isRaisedHere(e)) throw e;
      rt.record(s, { raised: rt.trace.exc(e) });
      return;
    }
    rt.record(s, "made");
  },
  python: (s, w, indent) => pythonCallOrRaised(s, w, indent, `asyncio.${CLASSES[s.kind]}(loop=loop)`, "(TypeError, Warning)", "made"),
  typescript: (s, w, indent) =>
    typescriptCallOrRaised(s, w, indent, `new asyncio.${CLASSES[s.kind]}(${TS_ARGS[s.kind]}{ loop })`, "e instanceof asyncio.TypeError || e instanceof asyncio.warnings.Warning", "made"),
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
    "Awaits `asyncio.wait` of one named coroutine (called with no arguments) and some tasks or futures; records both sets by name, or the TypeError (3.11+, or the call's own when the coroutine takes parameters), or the warning an \"error\" filter raised (3.9, 3.10).",
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
      if (!isRaisedHere(e)) throw e;
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
    w.line(indent, "except (TypeError, Warning) as e:");
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
    w.line(indent + 1, "if (!(e instanceof asyncio.TypeError || e instanceof asyncio.warnings.Warning)) throw e;");
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

/** The actions `warnings_filter` uses (not `"default"`: see the module comment). */
export const FILTER_ACTIONS = ["error", "ignore", "once", "module", "always"] as const;
type FilterAction = (typeof FILTER_ACTIONS)[number];

/** The categories `warnings_filter` filters. */
export const FILTER_CATEGORIES = ["DeprecationWarning", "Warning"] as const;
type FilterCategory = (typeof FILTER_CATEGORIES)[number];

/** The categories `warn` issues. */
export const WARN_CATEGORIES = ["UserWarning", "DeprecationWarning", "RuntimeWarning"] as const;
type WarnCategory = (typeof WARN_CATEGORIES)[number];

/** The texts the generator gives `warn` (few, so that repeats meet "once" and "module"). */
const WARN_TEXTS = ["w1", "w2"] as const;

/** `warnings.simplefilter(action, category)`. */
export interface WarningsFilterStmt {
  op: "warnings_filter";
  action: FilterAction;
  category: FilterCategory;
}

/** `warnings.warn(text, category)`. */
export interface WarnStmt {
  op: "warn";
  text: string;
  category: WarnCategory;
}

const CATEGORY_CLASSES: Record<FilterCategory | WarnCategory, asyncio.warnings.WarningCategory> = {
  Warning: asyncio.warnings.Warning,
  DeprecationWarning: asyncio.warnings.DeprecationWarning,
  UserWarning: asyncio.warnings.UserWarning,
  RuntimeWarning: asyncio.warnings.RuntimeWarning,
};

/** The `warnings_filter` operation. */
export const warningsFilter = defineOp<WarningsFilterStmt>({
  op: "warnings_filter",
  summary:
    "Puts `warnings.simplefilter(action, category)` in front of the filters (action error, ignore, once, module or always; category DeprecationWarning or Warning) and records it.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("warnings_filter"), action: k.z.enum(FILTER_ACTIONS), category: k.z.enum(FILTER_CATEGORIES) }),
  describe: (s) => `warnings_filter ${s.action} ${s.category}`,
  exec(s, rt) {
    asyncio.warnings.simplefilter(s.action, CATEGORY_CLASSES[s.category]);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `warnings.simplefilter(${w.str(s.action)}, ${s.category})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `asyncio.warnings.simplefilter(${w.str(s.action)}, asyncio.warnings.${s.category});`);
    w.record(indent, s);
  },
  simplify: (s): Edit[] => (s.action === "always" ? [() => []] : [() => [], () => [{ ...s, action: "always" }]]),
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r) {
      // Sometimes two or three in a row (the newest comes first, an equal one moves to the
      // front), and at times warnings right after them: the same text twice (what "once"
      // and "module" keep back), another category, or asyncio's own loop deprecation.
      const count = r.flag ? 1 + (r.b % 3) : 1;
      const filters = Array.from({ length: count }, (_, k): WarningsFilterStmt => {
        const n = r.items[k] ?? r.a + k;
        return {
          op: "warnings_filter",
          action: FILTER_ACTIONS[(k === 0 ? r.a : n) % FILTER_ACTIONS.length] as FilterAction,
          category: FILTER_CATEGORIES[(k === 0 ? r.value : n >> 3) % FILTER_CATEGORIES.length] as FilterCategory,
        };
      });
      return [...filters, ...warningsAfter(r.value >> 1, r.delay)];
    },
  },
});

/** The warnings a `warnings_filter` scene issues after its filters (`choice` picks them). */
function warningsAfter(choice: number, n: number): Stmt[] {
  const warnOf = (k: number): WarnStmt => ({
    op: "warn",
    text: WARN_TEXTS[k % WARN_TEXTS.length] as string,
    category: WARN_CATEGORIES[(k >> 1) % WARN_CATEGORIES.length] as WarnCategory,
  });
  switch (choice % 5) {
    case 0:
      return [];
    case 1:
      return [warnOf(n), warnOf(n)];
    case 2:
      return [warnOf(n), warnOf(n + 2)];
    case 3:
      return [{ op: "loop_arg", kind: LOOP_ARG_KINDS[n % LOOP_ARG_KINDS.length] as LoopArgKind }, warnOf(n)];
    default:
      return [warnOf(n)];
  }
}

/** The `warn` operation. */
export const warnOp = defineOp<WarnStmt>({
  op: "warn",
  summary: "Calls `warnings.warn(text, category)` (UserWarning, DeprecationWarning or RuntimeWarning); records `warned`, or the warning an \"error\" filter raised.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("warn"), text: k.Text, category: k.z.enum(WARN_CATEGORIES) }),
  describe: (s) => `warn ${s.category} ${s.text}`,
  exec(s, rt) {
    try {
      asyncio.warnings.warn(s.text, CATEGORY_CLASSES[s.category]);
    } catch (e) {
      if (!(e instanceof asyncio.warnings.Warning)) throw e;
      rt.record(s, { raised: rt.trace.exc(e) });
      return;
    }
    rt.record(s, "warned");
  },
  python: (s, w, indent) => pythonCallOrRaised(s, w, indent, `warnings.warn(${w.str(s.text)}, ${s.category})`, "Warning", "warned"),
  typescript: (s, w, indent) =>
    typescriptCallOrRaised(s, w, indent, `asyncio.warnings.warn(${w.str(s.text)}, asyncio.warnings.${s.category})`, "e instanceof asyncio.warnings.Warning", "warned"),
  simplify: (s): Edit[] => (s.text === "w1" ? [() => []] : [() => [], () => [{ ...s, text: "w1" }]]),
  generate: {
    weight: 1,
    quiet: "safe",
    resolve: (r) => [
      {
        op: "warn",
        text: WARN_TEXTS[r.a % WARN_TEXTS.length] as string,
        category: WARN_CATEGORIES[r.b % WARN_CATEGORIES.length] as WarnCategory,
      },
    ],
  },
});
