/**
 * Reprs: `repr` records the repr of a bound object (task, future, primitive, queue,
 * handle, timeout, task group), normalised by the harness (no addresses, no source
 * locations); `handle` binds the handle of a `call_soon`, `call_later` or `call_at`
 * callback that records `callback <label>`; `handle_op` cancels a handle or records
 * `cancelled()` or a timer's `when()`.
 *
 * The generator also makes small scenes around a named timeout or task group, with reprs
 * inside (active, expiring, cancelling) and after (expired, finished) the block. Focused
 * on the `reprs` area (`Resolver.reprEdges`), it also makes scenes at the edges of
 * Python's repr formatting: timeout deadlines where `round(when, 3)` meets its corners
 * ({@link EDGE_DEADLINES}), futures and tasks whose results reprlib cuts or just does not
 * ({@link EDGE_RESULTS}), and timer handles at whole, huge and infinite times
 * ({@link EDGE_TIMES}), whose repr and `when()` are recorded.
 *
 * What the generator keeps out, and why: reprs of task group children (their states
 * while the group aborts follow CPython's set order). Reprs that reprlib cuts (a future's
 * result, a callback's arguments) are compared as cut after addresses and locations are
 * taken out (see python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * { op: "handle", bind: "h1", via: "call_later", delay: 1, label: "cb2" }
 * { op: "repr", target: "h1" }
 * { op: "handle_op", target: "h1", action: "cancel" }
 * ```
 * @module
 */
import type { Kind, OtherKind } from "../ir/check.ts";
import { delaySeconds, type Delay, type Value } from "../ir/schema_kit.ts";
import type { Stmt } from "../ir/types.ts";
import type { Context, Resolver } from "../generate/resolve.ts";
import type { RawStmt } from "../generate/raw.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp } from "./op.ts";

/** How a handle's callback is scheduled. */
export const HANDLE_VIA = ["call_soon", "call_later", "call_at"] as const;
/** What `handle_op` does. */
export const HANDLE_ACTIONS = ["cancel", "cancelled", "when"] as const;

/** Records the normalised repr of a bound object. */
export interface ReprStmt {
  op: "repr";
  target: string;
}

/** Schedules a callback that records `callback <label>` and binds its handle. */
export interface HandleStmt {
  op: "handle";
  bind: string;
  via: (typeof HANDLE_VIA)[number];
  /** Seconds from now (`call_later`, `call_at` at `loop.time() + delay`). */
  delay?: Delay | undefined;
  label: string;
}

/** Cancels a handle, or records `cancelled()` or a timer handle's `when()`. */
export interface HandleOpStmt {
  op: "handle_op";
  target: string;
  action: (typeof HANDLE_ACTIONS)[number];
}

/** The `repr` operation. */
export const repr = defineOp<ReprStmt>({
  op: "repr",
  summary: "Records the repr of a task, future, primitive, queue, handle, timeout or task group (addresses and source locations dropped).",
  schema: (k) => k.z.strictObject({ op: k.z.literal("repr"), target: k.Identifier }),
  check(s, c, scope, at) {
    if (scope.lookup(s.target) === undefined) c.problem([...at, "target"], `'${s.target}' is not bound here`);
  },
  refs: (s) => [s.target],
  describe: (s) => `repr ${s.target}`,
  exec(s, rt, env) {
    rt.record(s, rt.trace.repr(env.lookup(s.target)));
  },
  python: (s, w, indent) => w.record(indent, s, `trace.repr(${s.target})`),
  typescript: (s, w, indent) => w.record(indent, s, `trace.repr(${s.target})`),
  simplify: () => [() => []],
  generate: {
    weight: 1,
    quiet: "safe",
    resolve: (r, ctx, g) => resolveRepr(r, ctx, g),
  },
});

/** The `handle` operation. */
export const handle = defineOp<HandleStmt>({
  op: "handle",
  summary: "Schedules a callback that records `callback <label>` with call_soon, call_later or call_at, and binds its handle.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("handle"), bind: k.Identifier, via: k.z.enum(HANDLE_VIA), delay: k.Delay.optional(), label: k.Label }),
  check(s, c, scope, at, flags) {
    c.bindHere(s.bind, at, flags);
    if ((s.delay !== undefined) !== (s.via !== "call_soon")) c.problem([...at, "delay"], "call_later and call_at need a delay, and only they");
    scope.bind(s.bind, s.via === "call_soon" ? "handle" : "timer_handle");
  },
  binds: (s) => [s.bind],
  refs: (s) => [s.bind],
  usesLoop: true,
  describe: (s) => `handle ${s.bind}`,
  exec(s, rt, env) {
    const loop = rt.loop();
    const delay = delaySeconds(s.delay as Delay);
    const made =
      s.via === "call_soon"
        ? loop.callSoon(rt.trace.callback, s.label)
        : s.via === "call_later"
          ? loop.callLater(delay, rt.trace.callback, s.label)
          : loop.callAt(loop.time() + delay, rt.trace.callback, s.label);
    env.set(s.bind, made);
    rt.record(s);
  },
  python(s, w, indent) {
    const label = w.str(s.label);
    const delay = w.delay(s.delay ?? 0);
    const call =
      s.via === "call_soon"
        ? `loop.call_soon(trace.callback, ${label})`
        : s.via === "call_later"
          ? `loop.call_later(${delay}, trace.callback, ${label})`
          : `loop.call_at(loop.time() + ${delay}, trace.callback, ${label})`;
    w.line(indent, `${s.bind} = ${call}`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const label = w.str(s.label);
    const delay = w.delay(s.delay ?? 0);
    const call =
      s.via === "call_soon"
        ? `loop.callSoon(trace.callback, ${label})`
        : s.via === "call_later"
          ? `loop.callLater(${delay}, trace.callback, ${label})`
          : `loop.callAt(loop.time() + ${delay}, trace.callback, ${label})`;
    w.line(indent, `const ${s.bind} = ${call};`);
    w.record(indent, s);
  },
  simplify: (s) => [() => [s.via === "call_soon" ? { op: "call_soon", label: s.label } : { op: "call_later", delay: s.delay ?? 0, label: s.label }]],
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const via = HANDLE_VIA[r.b % HANDLE_VIA.length] as HandleStmt["via"];
      const bind = `h${g.nextObject()}`;
      (ctx.others ??= []).push({ name: bind, kind: via === "call_soon" ? "handle" : "timer_handle" });
      const stmt: HandleStmt = { op: "handle", bind, via, label: g.nextLabel() };
      if (via !== "call_soon") stmt.delay = g.delayOf(r);
      const out: Stmt[] = [stmt, { op: "repr", target: bind }];
      if (r.flag) out.push({ op: "handle_op", target: bind, action: "cancel" }, { op: "repr", target: bind });
      return out;
    },
  },
});

/** The `handle_op` operation. */
export const handleOp = defineOp<HandleOpStmt>({
  op: "handle_op",
  summary: "Cancels a handle, or records its cancelled() or a timer handle's when().",
  schema: (k) => k.z.strictObject({ op: k.z.literal("handle_op"), target: k.Identifier, action: k.z.enum(HANDLE_ACTIONS) }),
  check(s, c, scope, at) {
    const kind = scope.lookup(s.target);
    if (kind === undefined) c.problem([...at, "target"], `'${s.target}' is not bound here`);
    else if (kind !== "handle" && kind !== "timer_handle") c.problem([...at, "target"], `'${s.target}' is a ${kind}, not a handle`);
    else if (s.action === "when" && kind !== "timer_handle") c.problem([...at, "action"], "only a timer handle (call_later, call_at) has when()");
  },
  refs: (s) => [s.target],
  describe: (s) => `${s.action} ${s.target}`,
  exec(s, rt, env) {
    const h = env.lookup(s.target) as import("../../asyncio/index.ts").TimerHandle;
    if (s.action === "cancel") {
      h.cancel();
      rt.record(s);
    } else rt.record(s, s.action === "cancelled" ? h.cancelled() : h.when());
  },
  python(s, w, indent) {
    if (s.action === "cancel") {
      w.line(indent, `${s.target}.cancel()`);
      w.record(indent, s);
    } else w.record(indent, s, `${s.target}.${s.action}()`);
  },
  typescript(s, w, indent) {
    if (s.action === "cancel") {
      w.line(indent, `${s.target}.cancel();`);
      w.record(indent, s);
    } else w.record(indent, s, `${s.target}.${s.action}()`);
  },
  simplify: () => [() => []],
  generate: {
    weight: 0,
    quiet: "safe",
    resolve(r, ctx, g) {
      const handles = (ctx.others ?? []).filter((o) => o.kind === "handle" || o.kind === "timer_handle");
      const target = g.pick(handles, r.a);
      if (target === undefined) return g.logInstead();
      const actions = target.kind === "timer_handle" ? HANDLE_ACTIONS : HANDLE_ACTIONS.slice(0, 2);
      return [{ op: "handle_op", target: target.name, action: actions[r.b % actions.length] as HandleOpStmt["action"] }];
    },
  },
});

/** What a repr may show here: bound objects whose states CPython fixes (not task group children). */
function reprTargets(ctx: Context): { name: string; kind: Kind }[] {
  return [
    ...ctx.tasks.filter((t) => !ctx.unordered?.has(t)).map((name) => ({ name, kind: "task" as Kind })),
    ...ctx.futures.map((name) => ({ name, kind: "future" as Kind })),
    ...ctx.primitives,
    ...ctx.queues.map(({ name }) => ({ name, kind: "queue" as Kind })),
    ...(ctx.others ?? []),
  ];
}

/**
 * A repr of something visible, or (1 in 4 when allowed) a scene around a named timeout or
 * task group; with `reprEdges`, another 1 in 4 is a result or timer scene at the edges of
 * repr formatting.
 */
function resolveRepr(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const free = !ctx.quiet && !ctx.inRepeat;
  if (free && g.reprEdges && r.value % 4 === 1) return r.flag ? resultScene(r, ctx, g) : timerScene(r, ctx, g);
  const scenes = free && g.minor >= FEATURE_SINCE.timeout;
  if (scenes && r.value % 4 === 0) return r.flag ? timeoutScene(r, ctx, g) : taskGroupScene(r, ctx, g);
  const target = g.pick(reprTargets(ctx), r.a);
  return target === undefined ? g.logInstead() : [{ op: "repr", target: target.name }];
}

function remember(ctx: Context, name: string, kind: OtherKind): void {
  (ctx.others ??= []).push({ name, kind });
}

/**
 * A named timeout around a sleep that outlasts it or not, with reprs inside (active;
 * expiring where the body catches the cancellation, which it does unless the scene lets
 * the TimeoutError out) and after (expired or finished). A TimeoutError is caught by a
 * `try` around the block; the block's name is then bound inside that `try` only.
 */
function timeoutScene(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const name = `cm${g.nextObject()}`;
  const edge = g.reprEdges ? g.pick(EDGE_DEADLINES, r.items[0] ?? 0) : undefined;
  const delay = g.delayOf(r) || 0.25;
  const sleep = g.delayOf({ delay: r.b });
  const escapes = r.b % 3 === 0;
  // With a shutdown at exit (Context.shutdown) no handler may catch a cancellation: the
  // sleep then stands alone (the TimeoutError of an expiry still escapes to the `try`).
  const catches = !escapes && ctx.shutdown !== true;
  const body: Stmt[] = [
    { op: "repr", target: name },
    !catches
      ? { op: "sleep", delay: sleep }
      : { op: "try", body: [{ op: "sleep", delay: sleep }], handlers: [{ catch: "CancelledError", body: [{ op: "repr", target: name }] }] },
    { op: "repr", target: name },
  ];
  const scope: Stmt = edge === undefined ? { op: "timeout", delay: r.a % 5 === 0 ? null : delay, body, bind: name } : { op: "timeout", ...edge, body, bind: name };
  const block: Stmt[] = [scope, { op: "repr", target: name }];
  if (catches) {
    remember(ctx, name, "timeout");
    return block;
  }
  return [{ op: "try", body: block, handlers: [{ catch: "TimeoutError", body: [{ op: "log", text: g.nextText() }] }] }];
}

/**
 * A named task group with sleeping children, reprs inside (entered; cancelling where the
 * body catches the abort) and after. When a child fails, the group's ExceptionGroup is
 * caught by a `try` around the block, and the name is bound inside that `try` only.
 */
function taskGroupScene(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const name = `tg${g.nextObject()}`;
  const fails = r.b % 2 === 0;
  const children = [
    { bind: g.nextTask(), target: { body: [{ op: "sleep", delay: g.delayOf(r) } as Stmt] } },
    {
      bind: g.nextTask(),
      target: {
        body: [{ op: "sleep", delay: g.delayOf({ delay: r.a }) } as Stmt, ...(fails ? [{ op: "raise", exception: g.exceptionOf(r.b), arg: g.valueOf(r) } as Stmt] : [])],
      },
    },
  ];
  // With a shutdown at exit (Context.shutdown) no handler may catch a cancellation.
  const sleep: Stmt = { op: "sleep", delay: 2 };
  const body: Stmt[] = [
    { op: "repr", target: name },
    ctx.shutdown === true ? sleep : { op: "try", body: [sleep], handlers: [{ catch: "CancelledError", body: [{ op: "repr", target: name }] }] },
    { op: "repr", target: name },
  ];
  const block: Stmt[] = [{ op: "task_group", children, body, bind: name }, { op: "repr", target: name }];
  if (!fails) {
    remember(ctx, name, "task_group");
    return block;
  }
  return [{ op: "try", body: block, handlers: [{ catch: "Exception", body: [{ op: "log", text: g.nextText() }] }] }];
}

/**
 * Timeout deadlines at the corners of the repr's `round(when, 3)` (ties to even on the
 * exact binary value): below 0.1 (0.0625 prints 0.062), an exact eighth (0.125), ties
 * whose last kept digit goes up to even (0.1875 prints 0.188) or stays (0.3125 prints
 * 0.312), whole numbers (`20.0`), -0.0 (`when=-0.0`), and infinity next to None. Relative ones are added to the
 * loop time (a sixteenth stays a tie on the 0.25 grid, and off it the exact binary sum
 * decides); `at` ones are `timeout_at(loop.time() + delay)` and record `when()`;
 * `absolute` ones are `timeout_at(delay)` itself.
 */
export const EDGE_DEADLINES: readonly { delay: Delay | null; at?: true; absolute?: true }[] = [
  { delay: 0.0625 },
  { delay: 0.125 },
  { delay: 0.1875 },
  { delay: 0.3125, at: true },
  { delay: "inf" },
  { delay: "inf", at: true },
  { delay: null },
  { delay: 20 },
  { delay: 100, at: true },
  { delay: 0.0625, absolute: true },
  { delay: 20, absolute: true },
  { delay: "inf", absolute: true },
  { delay: "-0", absolute: true },
];

/**
 * Results around reprlib's 30-character cut of a string (`'twenty-nine ...racters in all'`
 * keeps 13 characters before the dots and 14 after): 28 characters (printed whole), 28
 * with a quote (printed whole in double quotes, 30 characters), 29, 30 and 40; a quote
 * only the dropped middle holds (CPython picks the quote style on the cut string); both
 * quotes, with the single one kept; an escaped backslash that the cut splits; and lists
 * whose items reprlib cuts one by one.
 */
export const EDGE_RESULTS: readonly Value[] = [
  "twenty-eight characters long",
  "it's twenty-eight chars long",
  "twenty-nine characters in all",
  "thirty characters, one past it",
  "a forty-character string reprlib cuts it",
  "head thirteen-mid's quote-fourteen tail!",
  'it\'s thirteen"q"fourteen tail!',
  "twenty-nine\\characters, cut!!",
  ["thirty characters, one past it", "a forty-character string reprlib cuts it"],
  [7, "head thirteen-mid's quote-fourteen tail!", "twenty-eight characters long"],
];

/**
 * Timer deadlines (from now) whose TimerHandle repr prints `when=` at the edges of
 * Python's float repr: whole numbers (`10.0`), 1e16 and past it (`1e+16`, the exponent
 * format), and both infinities (a timer at -inf runs in the next iteration).
 */
export const EDGE_TIMES: readonly Delay[] = [10, 100, 1e16, 4e16, "inf", "-inf"];

/**
 * A future set to, or a task returning, one of {@link EDGE_RESULTS}, then its repr
 * (`<Future finished result='twenty-nine ...racters in all'>`). The task is awaited first,
 * which records its result whole.
 */
function resultScene(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const value = g.pick(EDGE_RESULTS, r.items[0] ?? 0) as Value;
  if (r.a % 2 === 0) {
    const future = g.nextFuture();
    ctx.futures.push(future);
    return [{ op: "future", bind: future }, { op: "set_result", future, value }, { op: "repr", target: future }];
  }
  const task = g.nextTask();
  ctx.tasks.push(task);
  return [
    { op: "spawn", bind: task, target: { body: [{ op: "return", value }] } },
    { op: "await", target: { task } },
    { op: "repr", target: task },
  ];
}

/**
 * A timer handle (`call_at(loop.time() + d)` or `call_later(d)`) at one of
 * {@link EDGE_TIMES}, its repr and `when()`, and at times its repr once cancelled.
 */
function timerScene(r: RawStmt, ctx: Context, g: Resolver): Stmt[] {
  const bind = `h${g.nextObject()}`;
  remember(ctx, bind, "timer_handle");
  const delay = g.pick(EDGE_TIMES, r.items[0] ?? 0) as Delay;
  const out: Stmt[] = [
    { op: "handle", bind, via: r.b % 2 === 0 ? "call_at" : "call_later", delay, label: g.nextLabel() },
    { op: "repr", target: bind },
    { op: "handle_op", target: bind, action: "when" },
  ];
  if (r.a % 3 === 0) out.push({ op: "handle_op", target: bind, action: "cancel" }, { op: "repr", target: bind });
  return out;
}
