/**
 * Errors outside tasks: `callback_raise` schedules a callback (`call_soon`, `call_later`)
 * or adds a done-callback that records its run, then raises; `exception_handler` installs
 * a program-defined exception handler (`loop.set_exception_handler`) that records the
 * context it receives (`handler called`: message, exception, keys, reprs of the handle,
 * future or task), or removes it so that the default handler logs through the `asyncio`
 * logger (recorded as `log ERROR`); `set_debug` turns asyncio debug mode on or off.
 *
 * Raising done-callbacks go on futures only. Before 3.13 (and in debug mode) the loop's
 * message prints the callback's argument cut to 30 characters by reprlib; the reference
 * cuts it after taking out addresses and locations, as our loop prints it.
 *
 * @example
 * ```ts
 * { op: "exception_handler", mode: "record" }
 * { op: "callback_raise", via: "call_later", delay: 0.5, label: "cb3", exception: "AlphaError", arg: "v1" }
 * { op: "callback_raise", via: "done", future: "f1", label: "cb4", exception: "BetaError", arg: 2 }
 * ```
 * @module
 */
import { delaySeconds, type Delay, type Value } from "../ir/schema_kit.ts";
import { defineOp, type Edit } from "./op.ts";

/** How a raising callback is scheduled. */
export const RAISE_VIA = ["call_soon", "call_later", "done"] as const;

/** A callback that records its run, then raises an instance of a program-defined class. */
export interface CallbackRaiseStmt {
  op: "callback_raise";
  via: (typeof RAISE_VIA)[number];
  /** `call_later`'s delay. */
  delay?: Delay | undefined;
  /** The future a `done` callback goes on. */
  future?: string | undefined;
  label: string;
  exception: string;
  arg: Value;
}

/** What `exception_handler` installs: a recording handler (then nothing, the default handler, or a raise), or none. */
export const HANDLER_MODES = ["record", "chain", "raise", "none"] as const;

/** Sets (or removes) the loop's exception handler. */
export interface ExceptionHandlerStmt {
  op: "exception_handler";
  mode: (typeof HANDLER_MODES)[number];
  /** What a `raise` handler raises. */
  exception?: string | undefined;
  arg?: Value | undefined;
}

/** Turns asyncio debug mode on or off. */
export interface SetDebugStmt {
  op: "set_debug";
  enabled: boolean;
}

/** The `callback_raise` operation. */
export const callbackRaise = defineOp<CallbackRaiseStmt>({
  op: "callback_raise",
  summary: "Schedules a callback (call_soon, call_later) or adds a done-callback to a future that records its run, then raises.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("callback_raise"),
      via: k.z.enum(RAISE_VIA),
      delay: k.Delay.optional(),
      future: k.Identifier.optional(),
      label: k.Label,
      exception: k.ExceptionName,
      arg: k.Value,
    }),
  check(s, c, scope, at) {
    c.declared(s.exception, [...at, "exception"]);
    if ((s.delay !== undefined) !== (s.via === "call_later")) c.problem([...at, "delay"], "call_later needs a delay, and only it");
    if ((s.future !== undefined) !== (s.via === "done")) c.problem([...at, "future"], "a done callback needs a future, and only it");
    if (s.future !== undefined) c.future(s.future, scope, at);
  },
  refs: (s) => (s.future === undefined ? [] : [s.future]),
  usesLoop: true,
  describe: (s) => `callback_raise ${s.label}`,
  exec(s, rt, env) {
    const exc = rt.newException(s.exception, s.arg);
    if (s.via === "done") env.future(s.future as string).addDoneCallback(rt.trace.raisingDoneCallback(s.label, exc));
    else if (s.via === "call_soon") rt.loop().callSoon(rt.trace.raising, s.label, exc);
    else rt.loop().callLater(delaySeconds(s.delay as Delay), rt.trace.raising, s.label, exc);
    rt.record(s);
  },
  python(s, w, indent) {
    const exc = `${s.exception}(${w.literal(s.arg)})`;
    if (s.via === "done") w.line(indent, `${s.future}.add_done_callback(trace.raising_done_callback(${w.str(s.label)}, ${exc}))`);
    else if (s.via === "call_soon") w.line(indent, `loop.call_soon(trace.raising, ${w.str(s.label)}, ${exc})`);
    else w.line(indent, `loop.call_later(${w.delay(s.delay as Delay)}, trace.raising, ${w.str(s.label)}, ${exc})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const exc = `new ${s.exception}(${w.literal(s.arg)})`;
    if (s.via === "done") w.line(indent, `${s.future}.addDoneCallback(trace.raisingDoneCallback(${w.str(s.label)}, ${exc}));`);
    else if (s.via === "call_soon") w.line(indent, `loop.callSoon(trace.raising, ${w.str(s.label)}, ${exc});`);
    else w.line(indent, `loop.callLater(${w.delay(s.delay as Delay)}, trace.raising, ${w.str(s.label)}, ${exc});`);
    w.record(indent, s);
  },
  simplify(s): Edit[] {
    const plain: Edit = () =>
      s.via === "done"
        ? [{ op: "add_done_callback", target: { future: s.future as string }, label: s.label }]
        : s.via === "call_soon"
          ? [{ op: "call_soon", label: s.label }]
          : [{ op: "call_later", delay: s.delay as Delay, label: s.label }];
    return [plain];
  },
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, ctx, g) {
      const via = RAISE_VIA[r.b % RAISE_VIA.length] as CallbackRaiseStmt["via"];
      const base = { op: "callback_raise" as const, label: g.nextLabel(), exception: g.exceptionOf(r.a), arg: g.valueOf(r) };
      if (via === "call_soon") return [{ ...base, via }];
      if (via === "call_later") return [{ ...base, via, delay: g.delayOf(r) }];
      const future = g.pick(ctx.futures, r.a);
      return future === undefined ? [{ ...base, via: "call_soon" }] : [{ ...base, via, future }];
    },
  },
});

/** The `exception_handler` operation. */
export const exceptionHandler = defineOp<ExceptionHandlerStmt>({
  op: "exception_handler",
  summary: "Installs a program-defined exception handler that records the context it receives (then chains or raises), or removes it (the default handler logs).",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("exception_handler"),
      mode: k.z.enum(HANDLER_MODES),
      exception: k.ExceptionName.optional(),
      arg: k.Value.optional(),
    }),
  check(s, c, _scope, at) {
    const raises = s.mode === "raise";
    if (raises !== (s.exception !== undefined) || raises !== (s.arg !== undefined)) {
      c.problem([...at, "exception"], "a raise handler needs an exception and an arg, and only it");
    }
    if (s.exception !== undefined) c.declared(s.exception, [...at, "exception"]);
  },
  usesLoop: true,
  describe: (s) => `exception_handler ${s.mode}`,
  exec(s, rt) {
    const loop = rt.loop();
    if (s.mode === "none") loop.setExceptionHandler(null);
    else {
      const exc = s.mode === "raise" ? rt.newException(s.exception as string, s.arg as Value) : undefined;
      loop.setExceptionHandler(rt.trace.exceptionHandler(s.mode, exc));
    }
    rt.record(s);
  },
  python(s, w, indent) {
    if (s.mode === "none") w.line(indent, "loop.set_exception_handler(None)");
    else if (s.mode === "raise") {
      w.line(indent, `loop.set_exception_handler(trace.exception_handler('raise', ${s.exception}(${w.literal(s.arg as Value)})))`);
    } else w.line(indent, `loop.set_exception_handler(trace.exception_handler(${w.str(s.mode)}))`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    if (s.mode === "none") w.line(indent, "loop.setExceptionHandler(null);");
    else if (s.mode === "raise") {
      w.line(indent, `loop.setExceptionHandler(trace.exceptionHandler("raise", new ${s.exception}(${w.literal(s.arg as Value)})));`);
    } else w.line(indent, `loop.setExceptionHandler(trace.exceptionHandler(${w.str(s.mode)}));`);
    w.record(indent, s);
  },
  simplify: (s): Edit[] => (s.mode === "record" ? [] : [() => [{ op: "exception_handler", mode: "record" }]]),
  generate: {
    weight: 1,
    quiet: "safe",
    resolve(r, _ctx, g) {
      const mode = HANDLER_MODES[r.b % HANDLER_MODES.length] as ExceptionHandlerStmt["mode"];
      if (mode !== "raise") return [{ op: "exception_handler", mode }];
      return [{ op: "exception_handler", mode, exception: g.exceptionOf(r.a), arg: g.valueOf(r) }];
    },
  },
});

/** The `set_debug` operation. */
export const setDebug = defineOp<SetDebugStmt>({
  op: "set_debug",
  summary: "Turns asyncio debug mode on or off (`loop.set_debug`): reprs say `created`, cancelled handles keep their repr, reports carry tracebacks.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("set_debug"), enabled: k.z.boolean() }),
  usesLoop: true,
  describe: (s) => `set_debug ${s.enabled ? "on" : "off"}`,
  exec(s, rt) {
    rt.loop().setDebug(s.enabled);
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.set_debug(${s.enabled ? "True" : "False"})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.setDebug(${String(s.enabled)});`);
    w.record(indent, s);
  },
  simplify: () => [() => []],
  generate: { weight: 1, quiet: "safe", resolve: (r) => [{ op: "set_debug", enabled: r.value % 4 !== 0 }] },
});
