/**
 * Control flow: `raise` a program-defined exception, `return` a value from the coroutine,
 * `try` with handlers and `finally`, and `repeat` a body a few times.
 *
 * @example
 * ```ts
 * {
 *   op: "try",
 *   body: [{ op: "raise", exception: "AlphaError", arg: 1 }],
 *   handlers: [{ catch: "Exception", body: [{ op: "log", text: "m1" }] }],
 * }
 * ```
 * @module
 */
import type { Yielded } from "../../asyncio/index.ts";
import type { TsWriter } from "../emit_ts.ts";
import type { Env, Returned, Runtime } from "../interpret.ts";
import type { Catch, Value } from "../ir/schema_kit.ts";
import type { Stmt } from "./index.ts";
import { defineOp, type Edit, type NestedBody } from "./op.ts";

/** The exception classes generated programs declare, raise and catch. */
export const EXCEPTIONS = ["AlphaError", "BetaError"] as const;
/** What generated handlers catch. */
export const CATCHES: Catch[] = ["AlphaError", "BetaError", "CancelledError", "Exception", "BaseException"];

/** Whether an `except <c>` clause catches a cancellation on release 3.`minor`. */
export function catchesCancellation(c: Catch, minor: number): boolean {
  return c === "CancelledError" || c === "BaseException" || (c === "Exception" && minor < 8);
}

/** Raises an instance of a program-defined exception class. */
export interface RaiseStmt {
  op: "raise";
  exception: string;
  arg: Value;
}

/** Returns from the coroutine (not allowed inside timeout, task_group or with blocks). */
export interface ReturnStmt {
  op: "return";
  value: Value;
}

/** `try` with `except` handlers (first match wins) and an optional `finally`. */
export interface TryStmt {
  op: "try";
  body: Stmt[];
  handlers: { catch: Catch; body: Stmt[] }[];
  finally?: Stmt[] | undefined;
}

/** Runs a body 1 to 5 times (it binds nothing). */
export interface RepeatStmt {
  op: "repeat";
  times: number;
  body: Stmt[];
}

/** The `raise` operation. */
export const raise = defineOp<RaiseStmt>({
  op: "raise",
  summary: "Raises an instance of a program-defined exception class.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("raise"), exception: k.ExceptionName, arg: k.Value }),
  check: (s, c, _scope, at) => c.declared(s.exception, [...at, "exception"]),
  describe: () => "",
  exec(s, rt) {
    throw rt.raising(rt.newException(s.exception, s.arg));
  },
  python: (s, w, indent) => w.line(indent, `raise ${s.exception}(${w.literal(s.arg)})`),
  typescript(s, w, indent) {
    const made = `new ${s.exception}(${w.literal(s.arg)})`;
    w.line(indent, `throw ${w.contexts ? `trace.raised(${made})` : made};`);
  },
  generate: {
    weight: 2,
    quiet: "safe",
    resolve(r, ctx, g) {
      // An uncaught raise at the top of main ends the program at once; keep that rare.
      if (ctx.depth === 0 && r.b % 4 !== 0) return g.logInstead();
      return [{ op: "raise", exception: g.exceptionOf(r.a), arg: g.valueOf(r) }];
    },
  },
});

/** The `return` operation. */
export const returnOp = defineOp<ReturnStmt>({
  op: "return",
  summary: "Returns a value from the enclosing coroutine.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("return"), value: k.Value }),
  check(_s, c, _scope, at, flags) {
    if (flags.inWith) c.problem(at, "return is not allowed inside a timeout or task_group block");
    if (flags.inAgen) c.problem(at, "return is not allowed in an async generator's body (Python allows no value there)");
  },
  describe: () => "",
  exec: (s) => ({ value: s.value }),
  python: (s, w, indent) => w.line(indent, `return ${w.literal(s.value)}`),
  typescript: (s, w, indent) => w.line(indent, `return ${w.literal(s.value)};`),
  generate: {
    weight: 1,
    quiet: "safe",
    resolve: (r, ctx, g) => (ctx.inWith || ctx.inAgen ? g.logInstead() : [{ op: "return", value: g.valueOf(r) }]),
  },
});

/** The `try` operation. */
export const tryOp = defineOp<TryStmt>({
  op: "try",
  summary: "Runs a body with `except` handlers (the first that matches runs) and an optional `finally`.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("try"),
      body: k.body(),
      handlers: k.z.array(k.z.strictObject({ catch: k.Catch, body: k.body() })).max(4),
      finally: k.body().optional(),
    }),
  // Python writes a try without handlers or finally as its plain body; a handler is two blocks (`except ... as e`).
  nested: (s) => [
    [["body"], s.body, { blocks: s.handlers.length === 0 && s.finally === undefined ? 0 : 1 }],
    ...s.handlers.map((h, k): NestedBody => [["handlers", k, "body"], h.body, { blocks: 2 }]),
    ...(s.finally ? [[["finally"], s.finally] as NestedBody] : []),
  ],
  check(s, c, scope, at, flags) {
    c.walk(s.body, scope.child(), [...at, "body"], flags);
    s.handlers.forEach((h, k) => {
      if (/Error$/.test(h.catch) && !["CancelledError", "TimeoutError"].includes(h.catch)) {
        c.declared(h.catch, [...at, "handlers", k, "catch"]);
      }
      c.walk(h.body, scope.child(), [...at, "handlers", k, "body"], flags);
    });
    if (s.finally) c.walk(s.finally, scope.child(), [...at, "finally"], flags);
  },
  describe: () => "",
  *run(s, rt, env) {
    if (rt.contexts) return yield* runWithContexts(s, rt, env);
    try {
      return yield* rt.runBody(s.body, env.child());
    } catch (e) {
      const handler = s.handlers.find((h) => rt.matches(h.catch, e));
      if (handler === undefined) throw e;
      rt.trace.record(`caught ${handler.catch}`, e);
      return yield* rt.runBody(handler.body, env.child());
    } finally {
      if (s.finally !== undefined) {
        rt.trace.record("finally");
        const r = yield* rt.runBody(s.finally, env.child());
        // A `return` in `finally` replaces whatever was in flight, in both languages.
        // eslint-disable-next-line no-unsafe-finally
        if (r !== undefined) return r;
      }
    }
  },
  python(s, w, indent) {
    if (s.handlers.length === 0 && s.finally === undefined) return w.block(s.body, indent);
    w.line(indent, "try:");
    w.block(s.body, indent + 1);
    for (const handler of s.handlers) {
      w.line(indent, `except ${w.catchClass(handler.catch)} as e:`);
      w.record(indent + 1, `caught ${handler.catch}`, "e");
      w.block(handler.body, indent + 1);
    }
    if (s.finally !== undefined) {
      w.line(indent, "finally:");
      w.record(indent + 1, "finally");
      w.block(s.finally, indent + 1);
    }
  },
  typescript(s, w, indent) {
    if (w.contexts && (s.handlers.length > 0 || s.finally !== undefined)) return typescriptWithContexts(s, w, indent);
    if (s.handlers.length === 0 && s.finally === undefined) {
      w.line(indent, "{");
      w.block(s.body, indent + 1);
      w.line(indent, "}");
      return;
    }
    w.line(indent, "try {");
    w.block(s.body, indent + 1);
    if (s.handlers.length > 0) {
      w.line(indent, "} catch (e) {");
      s.handlers.forEach((handler, k) => {
        w.line(indent + 1, `${k === 0 ? "if" : "} else if"} (${w.catchTest(handler.catch)}) {`);
        w.record(indent + 2, `caught ${handler.catch}`, "e");
        w.block(handler.body, indent + 2);
      });
      w.line(indent + 1, "} else {");
      w.line(indent + 2, "throw e;");
      w.line(indent + 1, "}");
    }
    if (s.finally !== undefined) {
      w.line(indent, "} finally {");
      w.record(indent + 1, "finally");
      w.block(s.finally, indent + 1);
    }
    w.line(indent, "}");
  },
  simplify(s) {
    const edits: Edit[] = [(x) => (x as TryStmt).body];
    s.handlers.forEach((_, k) => edits.push((x) => [{ ...(x as TryStmt), handlers: (x as TryStmt).handlers.filter((__, j) => j !== k) }]));
    if (s.finally) edits.push((x) => [{ ...(x as TryStmt), finally: undefined }]);
    return edits;
  },
  generate: {
    weight: 4,
    compound: (k) =>
      k.fc.record({
        kind: k.fc.constant("try" as const),
        ...k.fields,
        body: k.body,
        handlers: k.fc.array(k.fc.record({ catchIndex: k.fc.nat(CATCHES.length - 1), body: k.fc.array(k.stmt, { maxLength: 2 }) }), {
          maxLength: 2,
        }),
        final: k.fc.option(k.fc.array(k.stmt, { maxLength: 2 }), { nil: undefined }),
      }),
    resolve(r, ctx, g) {
      if (ctx.quiet) return g.resolveBody(r.body ?? [], ctx);
      const inner = { ...ctx, depth: ctx.depth + 1 };
      // With a shutdown at exit, no handler catches a cancellation (see Context.shutdown).
      const catches = ctx.shutdown ? CATCHES.filter((c) => !catchesCancellation(c, g.minor)) : CATCHES;
      const stmt: TryStmt = {
        op: "try",
        body: g.resolveBody(r.body ?? [], inner),
        handlers: (r.handlers ?? []).map((h) => ({ catch: catches[h.catchIndex % catches.length] as Catch, body: g.resolveBody(h.body, inner) })),
      };
      if (r.final !== undefined) stmt.finally = g.resolveBody(r.final, ctx.shutdown ? { ...inner, cleanup: true } : inner);
      return [stmt];
    },
  },
});

/** A `try` on our side when the program records exception contexts: through the harness's `tryExcept`. */
function runWithContexts(s: TryStmt, rt: Runtime, env: Env): Generator<Yielded, Returned | undefined, unknown> {
  const final = s.finally;
  return rt.trace.tryExcept<Returned>(
    () => rt.runBody(s.body, env.child()),
    s.handlers.map((h) => [
      (e: unknown) => rt.matches(h.catch, e),
      function* (e: unknown) {
        rt.trace.record(`caught ${h.catch}`, e);
        return yield* rt.runBody(h.body, env.child());
      },
    ]),
    final === undefined
      ? undefined
      : function* () {
          rt.trace.record("finally");
          return yield* rt.runBody(final, env.child());
        },
  );
}

/** The TypeScript of a `try` when the program records exception contexts: `trace.tryExcept` with a block per clause. */
function typescriptWithContexts(s: TryStmt, w: TsWriter, indent: number): void {
  const r = w.fresh("_r");
  w.line(indent, "{");
  w.line(indent + 1, `const ${r} = yield* trace.tryExcept(function* (): asyncio.Coroutine<unknown> {`);
  w.block(s.body, indent + 2);
  w.line(indent + 2, "return undefined;");
  w.line(indent + 1, "}, [");
  for (const handler of s.handlers) {
    w.line(indent + 2, `[(e) => ${w.catchTest(handler.catch)}, function* (e): asyncio.Coroutine<unknown> {`);
    w.record(indent + 3, `caught ${handler.catch}`, "e");
    w.block(handler.body, indent + 3);
    w.line(indent + 3, "return undefined;");
    w.line(indent + 2, "}],");
  }
  if (s.finally === undefined) {
    w.line(indent + 1, "]);");
  } else {
    w.line(indent + 1, "], function* (): asyncio.Coroutine<unknown> {");
    w.record(indent + 2, "finally");
    w.block(s.finally, indent + 2);
    w.line(indent + 2, "return undefined;");
    w.line(indent + 1, "});");
  }
  w.line(indent + 1, `if (${r} !== undefined) return ${r};`);
  w.line(indent, "}");
}

/** The `repeat` operation. */
export const repeat = defineOp<RepeatStmt>({
  op: "repeat",
  summary: "Runs a body 1 to 5 times; the body binds no names.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("repeat"), times: k.z.number().int().min(1).max(5), body: k.body() }),
  nested: (s) => [[["body"], s.body, { times: s.times }]],
  check: (s, c, scope, at, flags) => c.walk(s.body, scope.child(), [...at, "body"], { ...flags, inRepeat: true }),
  describe: () => "",
  *run(s, rt, env) {
    for (let i = 0; i < s.times; i++) {
      const r = yield* rt.runBody(s.body, env.child());
      if (r !== undefined) return r;
    }
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `for _ in range(${s.times}):`);
    w.block(s.body, indent + 1);
  },
  typescript(s, w, indent) {
    w.line(indent, `for (let i = 0; i < ${s.times}; i++) {`);
    w.block(s.body, indent + 1);
    w.line(indent, "}");
  },
  simplify(s) {
    const edits: Edit[] = [(x) => (x as RepeatStmt).body];
    if (s.times > 1) edits.push((x) => [{ ...(x as RepeatStmt), times: 1 }]);
    return edits;
  },
  generate: {
    weight: 2,
    quiet: "safe",
    quietWhen: (s, g) => g.isQuiet(s.body),
    compound: (k) => k.fc.record({ kind: k.fc.constant("repeat" as const), ...k.fields, body: k.body }),
    resolve: (r, ctx, g) => [
      { op: "repeat", times: (r.value % 3) + 1, body: g.resolveBody(r.body ?? [], { ...ctx, inRepeat: true, depth: ctx.depth + 1 }) },
    ],
  },
});
