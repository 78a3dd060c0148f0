/**
 * Callbacks: `call_soon` and `call_later` schedule a loop callback that records
 * `callback <label>`; `add_done_callback` adds a done-callback to a task or future that
 * records `done_callback <label> <name>` with the future's state.
 *
 * @example
 * ```ts
 * { op: "call_later", delay: 0.5, label: "cb1" }
 * { op: "add_done_callback", target: { task: "t1" }, label: "cb2" }
 * ```
 * @module
 */
import { delaySeconds, type Delay } from "../ir/schema_kit.ts";
import { defineOp } from "./op.ts";
import { refNames, refText, type FutureRef } from "./refs.ts";
import type { Context } from "../generate/resolve.ts";

/** Schedules a callback with `loop.call_soon`. */
export interface CallSoonStmt {
  op: "call_soon";
  label: string;
}

/** Schedules a callback with `loop.call_later`. */
export interface CallLaterStmt {
  op: "call_later";
  delay: Delay;
  label: string;
}

/** Adds a done-callback to a task or future. */
export interface AddDoneCallbackStmt {
  op: "add_done_callback";
  target: FutureRef;
  label: string;
}

/** The `call_soon` operation. */
export const callSoon = defineOp<CallSoonStmt>({
  op: "call_soon",
  summary: "Schedules `loop.call_soon` of a callback that records `callback <label>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("call_soon"), label: k.Label }),
  usesLoop: true,
  describe: (s) => `call_soon ${s.label}`,
  exec(s, rt) {
    rt.loop().callSoon(rt.trace.callback, s.label);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.call_soon(trace.callback, ${w.str(s.label)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.callSoon(trace.callback, ${w.str(s.label)});`);
    w.record(indent, s);
  },
  generate: { weight: 2, quiet: "safe", resolve: (_r, _ctx, g) => [{ op: "call_soon", label: g.nextLabel() }] },
});

/** The `call_later` operation. */
export const callLater = defineOp<CallLaterStmt>({
  op: "call_later",
  summary: "Schedules `loop.call_later` of a callback that records `callback <label>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("call_later"), delay: k.Delay, label: k.Label }),
  usesLoop: true,
  describe: (s) => `call_later ${s.label}`,
  exec(s, rt) {
    rt.loop().callLater(delaySeconds(s.delay), rt.trace.callback, s.label);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.call_later(${w.delay(s.delay)}, trace.callback, ${w.str(s.label)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.callLater(${w.delay(s.delay)}, trace.callback, ${w.str(s.label)});`);
    w.record(indent, s);
  },
  simplify: (s) => (s.delay !== 0 ? [(x) => [{ ...x, delay: 0 } as CallLaterStmt]] : []),
  generate: {
    weight: 2,
    quiet: "safe",
    resolve: (r, _ctx, g) => [{ op: "call_later", delay: g.delayOf(r), label: g.nextLabel() }],
  },
});

/** Removes the done-callback added under `label` from a task or future, recording how many registrations went. */
export interface RemoveDoneCallbackStmt {
  op: "remove_done_callback";
  target: FutureRef;
  label: string;
}

/** `ref`, unless it is a task group's child: those finish in an order CPython does not fix. */
function orderedRef(ref: FutureRef | undefined, ctx: Context): FutureRef | undefined {
  return ref !== undefined && "task" in ref && ctx.unordered?.has(ref.task) ? undefined : ref;
}

/** The `add_done_callback` operation. */
export const addDoneCallback = defineOp<AddDoneCallbackStmt>({
  op: "add_done_callback",
  summary: "Adds a done-callback to a task or future that records its state when it runs.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("add_done_callback"), target: k.FutureRef, label: k.Label }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
  refs: (s) => refNames([s.target]),
  describe: (s) => `add_done_callback ${s.label} ${refText(s.target)}`,
  exec(s, rt, env) {
    rt.future(s.target, env).addDoneCallback(rt.trace.doneCallback(s.label));
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `${refText(s.target)}.add_done_callback(trace.done_callback(${w.str(s.label)}))`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `${refText(s.target)}.addDoneCallback(trace.doneCallback(${w.str(s.label)}));`);
    w.record(indent, s);
  },
  generate: {
    weight: 2,
    quiet: "safe",
    resolve(r, ctx, g) {
      const target = orderedRef(g.futureRef(r.a, ctx), ctx);
      return target === undefined ? g.sleepInstead(r) : [{ op: "add_done_callback", target, label: g.nextLabel() }];
    },
  },
});

/**
 * The `remove_done_callback` operation. Generated as a small scene: done-callbacks added
 * under two labels (one of them twice, now and then), then one label removed from the
 * same future, or from another (which removes nothing), so that the count and the order
 * of the callbacks that stay are both in the trace. Not in programs with an entry: there
 * the shutdown may cancel the future first, in an order CPython takes from a set.
 */
export const removeDoneCallback = defineOp<RemoveDoneCallbackStmt>({
  op: "remove_done_callback",
  summary: "Removes the done-callback added under a label from a task or future; records how many registrations it removed.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("remove_done_callback"), target: k.FutureRef, label: k.Label }),
  check: (s, c, scope, at) => c.ref(s.target, scope, [...at, "target"]),
  refs: (s) => refNames([s.target]),
  describe: (s) => `remove_done_callback ${s.label} ${refText(s.target)}`,
  exec(s, rt, env) {
    rt.record(s, rt.future(s.target, env).removeDoneCallback(rt.trace.doneCallback(s.label)));
  },
  python(s, w, indent) {
    w.record(indent, s, `${refText(s.target)}.remove_done_callback(trace.done_callback(${w.str(s.label)}))`);
  },
  typescript(s, w, indent) {
    w.record(indent, s, `${refText(s.target)}.removeDoneCallback(trace.doneCallback(${w.str(s.label)}))`);
  },
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, ctx, g) {
      const target = orderedRef(g.futureRef(r.a, ctx), ctx);
      if (target === undefined) return g.sleepInstead(r);
      const from = (r.value === 0 ? orderedRef(g.futureRef(r.b, ctx), ctx) : undefined) ?? target;
      const [removed, kept] = [g.nextLabel(), g.nextLabel()];
      const add = (label: string): AddDoneCallbackStmt => ({ op: "add_done_callback", target, label });
      // Under an entry's shutdown a removal races with the cancellation of its future,
      // which CPython orders by a set: only the adding stays.
      if (ctx.shutdown) return [add(removed)];
      return [add(removed), add(kept), ...(r.flag ? [add(removed)] : []), { op: "remove_done_callback", target: from, label: removed }];
    },
  },
});
