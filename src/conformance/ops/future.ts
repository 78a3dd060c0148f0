/**
 * Futures: `future` makes one (`f = loop.create_future()`), `set_result` and
 * `set_exception` complete it at once, `resolve_later` completes it from a timer callback.
 *
 * @example
 * ```ts
 * { op: "future", bind: "f1" }
 * { op: "resolve_later", future: "f1", delay: 1, value: 3 }
 * ```
 * @module
 */
import { defineOp } from "./op.ts";
import { delaySeconds, type Delay, type Value } from "../ir/schema_kit.ts";

/** Creates a future on the running loop. */
export interface FutureStmt {
  op: "future";
  bind: string;
}

/** Sets a future's result (InvalidStateError when it is done). */
export interface SetResultStmt {
  op: "set_result";
  future: string;
  value: Value;
}

/** Sets a future's exception: an instance of a program-defined class. */
export interface SetExceptionStmt {
  op: "set_exception";
  future: string;
  exception: string;
  arg: Value;
}

/** Schedules `set_result(value)` after `delay` (skipped when the future is done by then). */
export interface ResolveLaterStmt {
  op: "resolve_later";
  future: string;
  delay: Delay;
  value: Value;
}

/** The `future` operation. */
export const future = defineOp<FutureStmt>({
  op: "future",
  summary: "Creates a future on the running loop and binds its name.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("future"), bind: k.Identifier }),
  check(s, c, scope, at, flags) {
    c.bindHere(s.bind, at, flags);
    scope.bind(s.bind, "future");
  },
  binds: (s) => [s.bind],
  refs: (s) => [s.bind],
  usesLoop: true,
  describe: (s) => `future ${s.bind}`,
  exec(s, rt, env) {
    env.set(s.bind, rt.trace.track(rt.loop().createFuture(), s.bind));
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `${s.bind} = loop.create_future()`);
    w.line(indent, `trace.track(${s.bind}, ${w.str(s.bind)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `const ${s.bind} = trace.track(loop.createFuture(), ${w.str(s.bind)});`);
    w.record(indent, s);
  },
  generate: {
    weight: 3,
    quiet: "safe",
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const bind = g.nextFuture();
      ctx.futures.push(bind);
      // Most futures get resolved by a timer, so that awaiting them rarely deadlocks.
      if (r.value >= 8) return [{ op: "future", bind }];
      return [{ op: "future", bind }, { op: "resolve_later", future: bind, delay: g.delayOf(r), value: g.valueOf(r) }];
    },
  },
});

/** The `set_result` operation. */
export const setResult = defineOp<SetResultStmt>({
  op: "set_result",
  summary: "Sets a future's result.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("set_result"), future: k.Identifier, value: k.Value }),
  check: (s, c, scope, at) => c.future(s.future, scope, at),
  refs: (s) => [s.future],
  describe: (s) => `set_result ${s.future}`,
  exec(s, rt, env) {
    env.future(s.future).setResult(s.value);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `${s.future}.set_result(${w.literal(s.value)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `${s.future}.setResult(${w.literal(s.value)});`);
    w.record(indent, s);
  },
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, ctx, g) {
      const name = g.pick(ctx.futures, r.a);
      return name === undefined ? g.sleepInstead(r) : [{ op: "set_result", future: name, value: g.valueOf(r) }];
    },
  },
});

/** The `set_exception` operation. */
export const setException = defineOp<SetExceptionStmt>({
  op: "set_exception",
  summary: "Sets a future's exception (an instance of a program-defined exception class).",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("set_exception"), future: k.Identifier, exception: k.ExceptionName, arg: k.Value }),
  check(s, c, scope, at) {
    c.future(s.future, scope, at);
    c.declared(s.exception, [...at, "exception"]);
  },
  refs: (s) => [s.future],
  describe: (s) => `set_exception ${s.future}`,
  exec(s, rt, env) {
    env.future(s.future).setException(rt.newException(s.exception, s.arg));
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `${s.future}.set_exception(${s.exception}(${w.literal(s.arg)}))`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `${s.future}.setException(new ${s.exception}(${w.literal(s.arg)}));`);
    w.record(indent, s);
  },
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, ctx, g) {
      const name = g.pick(ctx.futures, r.a);
      if (name === undefined) return g.sleepInstead(r);
      return [{ op: "set_exception", future: name, exception: g.exceptionOf(r.b), arg: g.valueOf(r) }];
    },
  },
});

/** The `resolve_later` operation. */
export const resolveLater = defineOp<ResolveLaterStmt>({
  op: "resolve_later",
  summary: "Schedules a timer callback that sets a future's result unless it is done by then.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("resolve_later"), future: k.Identifier, delay: k.Delay, value: k.Value }),
  check: (s, c, scope, at) => c.future(s.future, scope, at),
  refs: (s) => [s.future],
  usesLoop: true,
  describe: (s) => `resolve_later ${s.future}`,
  exec(s, rt, env) {
    rt.loop().callLater(delaySeconds(s.delay), rt.trace.resolve, env.future(s.future), s.value);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.call_later(${w.delay(s.delay)}, trace.resolve, ${s.future}, ${w.literal(s.value)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.callLater(${w.delay(s.delay)}, trace.resolve, ${s.future}, ${w.literal(s.value)});`);
    w.record(indent, s);
  },
  // A plain timer in its place (the future may then go too), or the same timer sooner.
  simplify: (s) => [
    () => [{ op: "call_later", delay: s.delay, label: `cb_${s.future}`.slice(0, 31) }],
    ...(s.delay !== 0 ? [() => [{ ...s, delay: 0 }]] : []),
  ],
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, ctx, g) {
      const name = g.pick(ctx.futures, r.a);
      return name === undefined ? g.sleepInstead(r) : [{ op: "resolve_later", future: name, delay: g.delayOf(r), value: g.valueOf(r) }];
    },
  },
});
