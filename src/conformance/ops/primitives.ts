/**
 * Synchronisation primitives: `primitive` makes a Lock, Event, Condition, Semaphore,
 * BoundedSemaphore or Barrier; `sync` calls one of its methods; `with` runs a body inside
 * `async with` it; `set_later` sets an event from a timer callback.
 *
 * @example
 * ```ts
 * { op: "primitive", bind: "sm1", kind: "semaphore", value: 2 }
 * { op: "sync", target: "sm1", action: "acquire" }
 * { op: "with", target: "sm1", body: [{ op: "sleep", delay: 1 }] }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Env } from "../interpret.ts";
import type { Stmt } from "./index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp } from "./op.ts";
import { lockArgument } from "../python_none.ts";

/** Synchronisation primitives a program can create. */
export const PRIMITIVE_KINDS = ["lock", "event", "condition", "semaphore", "bounded_semaphore", "barrier"] as const;
export type PrimitiveKind = (typeof PRIMITIVE_KINDS)[number];
/**
 * What a `sync` statement does to a primitive (which actions apply depends on its kind).
 * `parties`, `n_waiting` and `broken` read a barrier's state; `wait_for` is
 * `Condition.wait_for` with a predicate that turns true at its `n`th call.
 */
export const SYNC_ACTIONS = [
  "acquire", "release", "locked", "wait", "set", "clear", "is_set", "notify", "notify_all", "abort", "reset",
  "parties", "n_waiting", "broken", "wait_for",
] as const;
export type SyncAction = (typeof SYNC_ACTIONS)[number];

/**
 * The actions the `sync` generator picks for each kind. The introspection area's
 * generator (./introspect.ts) makes the others, so that default programs stay as they were.
 */
const GENERATED_ACTIONS: Record<PrimitiveKind, readonly SyncAction[]> = {
  lock: ["acquire", "release", "locked"],
  semaphore: ["acquire", "release", "locked"],
  bounded_semaphore: ["acquire", "release", "locked"],
  event: ["wait", "set", "clear", "is_set"],
  condition: ["acquire", "release", "locked", "wait", "notify", "notify_all"],
  barrier: ["wait", "abort", "reset"],
};

/** The actions whose cancellation takes a lock again before it ends (Condition.wait, and Barrier.wait through one). */
const WAITS_AGAIN: ReadonlySet<string> = new Set(["condition wait", "barrier wait"]);

/** The actions each primitive kind supports. */
export const ACTIONS_OF: Record<PrimitiveKind, readonly SyncAction[]> = {
  ...GENERATED_ACTIONS,
  condition: [...GENERATED_ACTIONS.condition, "wait_for"],
  barrier: [...GENERATED_ACTIONS.barrier, "parties", "n_waiting", "broken"],
};

/** Sync actions that read a value without waiting: recorded with what they return. */
const READS: Partial<Record<SyncAction, { py: string; ts: string }>> = {
  locked: { py: ".locked()", ts: ".locked()" },
  is_set: { py: ".is_set()", ts: ".isSet()" },
  parties: { py: ".parties", ts: ".parties" },
  n_waiting: { py: ".n_waiting", ts: ".nWaiting" },
  broken: { py: ".broken", ts: ".broken" },
};

/** The asyncio class of each primitive kind (Python and TypeScript alike). */
export const PRIMITIVE_CLASSES: Record<PrimitiveKind, string> = {
  lock: "Lock",
  event: "Event",
  condition: "Condition",
  semaphore: "Semaphore",
  bounded_semaphore: "BoundedSemaphore",
  barrier: "Barrier",
};

/** How generated programs name each kind: `lk1`, `ev2`, ... */
export const PREFIX: Record<PrimitiveKind, string> = { lock: "lk", event: "ev", condition: "cv", semaphore: "sm", bounded_semaphore: "bs", barrier: "br" };

/** The kind the generator's `primitive` makes for the raw number `n` (a barrier needs 3.11: a lock before). */
export function generatedPrimitiveKind(n: number, kinds: readonly PrimitiveKind[], minor: number): PrimitiveKind {
  const kind = kinds[n % kinds.length] as PrimitiveKind;
  return kind === "barrier" && minor < FEATURE_SINCE.barrier ? "lock" : kind;
}

/** TypeScript method names of the sync actions. */
const TS_METHODS: Record<SyncAction, string> = {
  acquire: "acquire", release: "release", locked: "locked", wait: "wait", set: "set", clear: "clear",
  is_set: "isSet", notify: "notify", notify_all: "notifyAll", abort: "abort", reset: "reset",
  parties: "parties", n_waiting: "nWaiting", broken: "broken", wait_for: "waitFor",
};

/** A primitive as our interpreter holds it. */
export type Primitive = asyncio.Lock | asyncio.Event | asyncio.Condition | asyncio.Semaphore | asyncio.Barrier;

/**
 * Creates a primitive (`value`: a semaphore's initial value or a barrier's parties;
 * `lock`: the Lock a condition is built on, `Condition(lock)`).
 */
export interface PrimitiveStmt {
  op: "primitive";
  bind: string;
  kind: PrimitiveKind;
  value?: number | undefined;
  lock?: string | undefined;
}

/** Calls a method of a primitive (`n`: notify's count, or the call at which wait_for's predicate turns true). */
export interface SyncStmt {
  op: "sync";
  target: string;
  action: SyncAction;
  n?: number | undefined;
}

/** Runs a body inside `async with` a primitive (not an event). */
export interface WithStmt {
  op: "with";
  target: string;
  body: Stmt[];
}

/** Sets an event from a timer callback. */
export interface SetLaterStmt {
  op: "set_later";
  target: string;
  delay: Delay;
}

function makePrimitive(s: PrimitiveStmt, env: Env): Primitive {
  switch (s.kind) {
    case "lock":
      return new asyncio.Lock();
    case "event":
      return new asyncio.Event();
    case "condition":
      return new asyncio.Condition(s.lock === undefined ? undefined : lockArgument(env.lookup(s.lock) as asyncio.Lock));
    case "semaphore":
      return new asyncio.Semaphore(s.value ?? 1);
    case "bounded_semaphore":
      return new asyncio.BoundedSemaphore(s.value ?? 1);
    case "barrier":
      return new asyncio.Barrier(s.value ?? 2);
  }
}

/** The `primitive` operation. */
export const primitive = defineOp<PrimitiveStmt>({
  op: "primitive",
  summary: "Creates a Lock, Event, Condition, Semaphore, BoundedSemaphore or Barrier and binds its name.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("primitive"),
      bind: k.Identifier,
      kind: k.z.enum(PRIMITIVE_KINDS),
      value: k.z.number().int().min(1).max(8).optional(),
      lock: k.Identifier.optional(),
    }),
  check(s, c, scope, at, flags) {
    c.bindHere(s.bind, at, flags);
    if (s.value !== undefined && !["semaphore", "bounded_semaphore", "barrier"].includes(s.kind)) {
      c.problem([...at, "value"], `a ${s.kind} takes no value`);
    }
    if (s.lock !== undefined) {
      if (s.kind !== "condition") c.problem([...at, "lock"], `only a condition is built on a lock, not a ${s.kind}`);
      const kind = c.object(s.lock, scope, [...at, "lock"]);
      if (kind !== undefined && kind !== "lock") c.problem([...at, "lock"], `'${s.lock}' is a ${kind}, not a lock`);
    }
    scope.bind(s.bind, s.kind);
  },
  requires: (s) => (s.kind === "barrier" ? { name: "asyncio.Barrier", since: FEATURE_SINCE.barrier } : undefined),
  binds: (s) => [s.bind],
  refs: (s) => (s.lock === undefined ? [s.bind] : [s.bind, s.lock]),
  // Without its lock, a condition makes its own.
  withoutName: (s, name) => (name === s.bind ? null : name === s.lock ? { ...s, lock: undefined } : s),
  describe: (s) => `${s.kind} ${s.bind}${s.lock === undefined ? "" : ` on ${s.lock}`}`,
  exec(s, rt, env) {
    env.set(s.bind, makePrimitive(s, env));
    rt.record(s);
  },
  python(s, w, indent) {
    const arg = s.lock ?? (s.value === undefined ? "" : String(s.value));
    w.line(indent, `${s.bind} = asyncio.${PRIMITIVE_CLASSES[s.kind]}(${arg})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const arg = s.lock === undefined ? (s.value === undefined ? "" : String(s.value)) : `trace.lockArgument(${s.lock})`;
    w.line(indent, `const ${s.bind} = new asyncio.${PRIMITIVE_CLASSES[s.kind]}(${arg});`);
    w.record(indent, s);
  },
  generate: {
    weight: 3,
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const kind = generatedPrimitiveKind(r.a, g.primitiveKinds, g.minor);
      const name = `${PREFIX[kind]}${g.nextObject()}`;
      ctx.primitives.push({ name, kind });
      const stmt: PrimitiveStmt = { op: "primitive", bind: name, kind };
      if (kind === "semaphore" || kind === "bounded_semaphore") stmt.value = (r.value % 3) + 1;
      if (kind === "barrier") stmt.value = (r.value % 3) + 2;
      // Events are mostly set by a timer, so that waiting on them rarely deadlocks.
      if (kind === "event" && r.value < 8) return [stmt, { op: "set_later", target: name, delay: g.delayOf(r) }];
      return [stmt];
    },
  },
});

/** The `sync` operation. */
export const sync = defineOp<SyncStmt>({
  op: "sync",
  summary: "Calls acquire, release, locked, wait, set, clear, is_set, notify, notify_all, abort or reset on a primitive.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("sync"), target: k.Identifier, action: k.z.enum(SYNC_ACTIONS), n: k.z.number().int().min(1).max(8).optional() }),
  check(s, c, scope, at) {
    const kind = c.object(s.target, scope, [...at, "target"]);
    if (kind === "queue") c.problem([...at, "target"], `'${s.target}' is a queue: use queue_op`);
    else if (kind !== undefined && !ACTIONS_OF[kind].includes(s.action)) {
      c.problem([...at, "action"], `a ${kind} has no action '${s.action}'`);
    }
    if (s.n !== undefined && s.action !== "notify" && s.action !== "wait_for") c.problem([...at, "n"], "only notify and wait_for take n");
    if (s.n === undefined && s.action === "wait_for") c.problem([...at, "n"], "wait_for needs n");
  },
  refs: (s) => [s.target],
  describe: (s) => `${s.action} ${s.target}${s.n === undefined ? "" : ` ${s.n}`}`,
  *run(s, rt, env) {
    const target = env.lookup(s.target) as Primitive;
    switch (s.action) {
      case "acquire":
        rt.record(s, yield* (target as asyncio.Lock).acquire());
        return undefined;
      case "wait":
        rt.record(s, yield* (target as asyncio.Event).wait());
        return undefined;
      case "wait_for":
        rt.record(s, yield* (target as asyncio.Condition).waitFor(rt.trace.countdown(s.n ?? 1)));
        return undefined;
      case "locked":
        rt.record(s, (target as asyncio.Lock).locked());
        return undefined;
      case "is_set":
        rt.record(s, (target as asyncio.Event).isSet());
        return undefined;
      case "parties":
        rt.record(s, (target as asyncio.Barrier).parties);
        return undefined;
      case "n_waiting":
        rt.record(s, (target as asyncio.Barrier).nWaiting);
        return undefined;
      case "broken":
        rt.record(s, (target as asyncio.Barrier).broken);
        return undefined;
      case "abort":
        yield* (target as asyncio.Barrier).abort();
        break;
      case "reset":
        yield* (target as asyncio.Barrier).reset();
        break;
      case "release":
        (target as asyncio.Lock).release();
        break;
      case "set":
        (target as asyncio.Event).set();
        break;
      case "clear":
        (target as asyncio.Event).clear();
        break;
      case "notify":
        (target as asyncio.Condition).notify(s.n ?? 1);
        break;
      case "notify_all":
        (target as asyncio.Condition).notifyAll();
        break;
    }
    rt.record(s);
    return undefined;
  },
  python(s, w, indent) {
    const t = s.target;
    const read = READS[s.action];
    if (read !== undefined) return w.record(indent, s, `${t}${read.py}`);
    switch (s.action) {
      case "acquire":
      case "wait":
        w.line(indent, `value = await ${t}.${s.action}()`);
        return w.record(indent, s, "value");
      case "wait_for":
        w.line(indent, `value = await ${t}.wait_for(trace.countdown(${s.n ?? 1}))`);
        return w.record(indent, s, "value");
      case "abort":
      case "reset":
        w.line(indent, `await ${t}.${s.action}()`);
        break;
      case "notify":
        w.line(indent, `${t}.notify(${s.n ?? ""})`);
        break;
      default:
        w.line(indent, `${t}.${s.action}()`);
    }
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const call = `${s.target}.${TS_METHODS[s.action]}`;
    const read = READS[s.action];
    if (read !== undefined) return w.record(indent, s, `${s.target}${read.ts}`);
    switch (s.action) {
      case "acquire":
      case "wait":
        return w.record(indent, s, `yield* ${call}()`);
      case "wait_for":
        return w.record(indent, s, `yield* ${call}(trace.countdown(${s.n ?? 1}))`);
      case "abort":
      case "reset":
        w.line(indent, `yield* ${call}();`);
        break;
      case "notify":
        w.line(indent, `${call}(${s.n ?? ""});`);
        break;
      default:
        w.line(indent, `${call}();`);
    }
    w.record(indent, s);
  },
  simplify: () => [() => [{ op: "sleep", delay: 0 }]],
  generate: {
    weight: 5,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const target = g.pick(ctx.primitives, r.a);
      if (target === undefined) return g.sleepInstead(r);
      // With a shutdown (see Context.shutdown), a condition's or barrier's cancelled wait
      // would take the lock again, in the order the shutdown cancelled the tasks (set order).
      const actions = ctx.shutdown ? GENERATED_ACTIONS[target.kind].filter((a) => !WAITS_AGAIN.has(`${target.kind} ${a}`)) : GENERATED_ACTIONS[target.kind];
      if (actions.length === 0) return g.sleepInstead(r);
      const action = actions[r.b % actions.length] as SyncAction;
      const stmt: SyncStmt = { op: "sync", target: target.name, action };
      if (action === "notify") stmt.n = (r.value % 3) + 1;
      return [stmt];
    },
  },
});

/** The `with` operation. */
export const withOp = defineOp<WithStmt>({
  op: "with",
  summary: "Runs a body inside `async with` a lock, condition, semaphore or barrier; records entry (with the value) and exit.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("with"), target: k.Identifier, body: k.body() }),
  nested: (s) => [[["body"], s.body]],
  check(s, c, scope, at, flags) {
    const kind = c.object(s.target, scope, [...at, "target"]);
    if (kind === "event" || kind === "queue") c.problem([...at, "target"], `a ${kind} is not an async context manager`);
    c.walk(s.body, scope.child(), [...at, "body"], { ...flags, inWith: true });
  },
  refs: (s) => [s.target],
  describe: (s) => `with ${s.target}`,
  *run(s, rt, env) {
    const manager = env.lookup(s.target) as asyncio.AsyncContextManager<unknown, false>;
    yield* rt.asyncWith(manager, function* (value) {
      rt.record(s, value);
      yield* rt.runBody(s.body, env.child());
    });
    rt.trace.record(`with ${s.target} exit`);
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `async with ${s.target} as value:`);
    w.record(indent + 1, s, "value");
    w.block(s.body, indent + 1);
    w.record(indent, `with ${s.target} exit`);
  },
  typescript(s, w, indent) {
    w.line(indent, `yield* ${w.asyncWith}(${s.target}, function* (value) {`);
    w.record(indent + 1, s, "value");
    w.block(s.body, indent + 1);
    w.line(indent, `});`);
    w.record(indent, `with ${s.target} exit`);
  },
  simplify: () => [(x) => (x as WithStmt).body],
  generate: {
    weight: 3,
    quiet: "degrade",
    compound: (k) => k.fc.record({ kind: k.fc.constant("with" as const), ...k.fields, body: k.body }),
    resolve(r, ctx, g) {
      // `async with barrier` waits on it (see WAITS_AGAIN): not with a shutdown.
      const target = g.pick(ctx.primitives.filter((p) => p.kind !== "event" && !(ctx.shutdown && p.kind === "barrier")), r.a);
      if (target === undefined) return g.resolveBody(r.body ?? [], ctx);
      return [{ op: "with", target: target.name, body: g.resolveBody(r.body ?? [], { ...ctx, inWith: true, depth: ctx.depth + 1 }) }];
    },
  },
});

/** The `set_later` operation. */
export const setLater = defineOp<SetLaterStmt>({
  op: "set_later",
  summary: "Schedules a timer callback that sets an event and records `set <name> later`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("set_later"), target: k.Identifier, delay: k.Delay }),
  check(s, c, scope, at) {
    const kind = c.object(s.target, scope, [...at, "target"]);
    if (kind !== undefined && kind !== "event") c.problem([...at, "target"], "set_later needs an event");
  },
  refs: (s) => [s.target],
  usesLoop: true,
  describe: (s) => `set_later ${s.target}`,
  exec(s, rt, env) {
    rt.loop().callLater(delaySeconds(s.delay), rt.trace.setEvent, env.lookup(s.target) as asyncio.Event, s.target);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.call_later(${w.delay(s.delay)}, trace.set_event, ${s.target}, ${w.str(s.target)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.callLater(${w.delay(s.delay)}, trace.setEvent, ${s.target}, ${w.str(s.target)});`);
    w.record(indent, s);
  },
  generate: {
    weight: 1,
    resolve(r, ctx, g) {
      const target = g.pick(ctx.primitives.filter((p) => p.kind === "event"), r.a);
      return target === undefined ? g.sleepInstead(r) : [{ op: "set_later", target: target.name, delay: g.delayOf(r) }];
    },
  },
});
