/**
 * Exception semantics: `try_inspect` (a `try` whose `except` clauses record what they
 * catch in detail: class hierarchy, arguments, cause and context, group members; may
 * record Python's `str(e)` of it; and may `split` or `subgroup` a caught exception group), `try_star` (`except*`, 3.11+),
 * `raise_builtin` (raise a built-in or asyncio exception) and `reraise` (a bare `raise`
 * inside a handler).
 *
 * A program with any of these runs with Python's implicit exception context emulated
 * (see ../exception_state.ts): the interpreter and the emitted TypeScript then go through
 * the harness's `frame`, `tryExcept`, `tryStar`, `asyncWith` and `raised`.
 *
 * @example
 * ```ts
 * {
 *   op: "try_inspect",
 *   body: [{ op: "wait_for", target: { call: "co_a" }, timeout: 0.5 }],
 *   handlers: [{ catch: "OSError", body: [{ op: "raise", exception: "AlphaError", arg: 1 }] }],
 * }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { Value } from "../ir/schema_kit.ts";
import type { Clause } from "../exception_state.ts";
import type { StarClause } from "../harness.ts";
import type { Returned, Runtime } from "../interpret.ts";
import type { Context } from "../generate/resolve.ts";
import type { Checker, Scope, WalkFlags } from "../ir/check.ts";
import type { Program, Stmt } from "./index.ts";
import { nestedBodies } from "./index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp, type Edit, type NestedBody, type Path } from "./op.ts";

/** Built-in and asyncio classes an `except*` clause (and a split) may name, besides the program's own. */
export const STAR_BUILTINS = ["Exception", "BaseException", "CancelledError", "asyncio.TimeoutError", "TimeoutError", "OSError"] as const;
/** What `try_inspect` handlers may name besides the program's classes: {@link STAR_BUILTINS} and the groups (3.11+). */
export const INSPECT_BUILTINS = [...STAR_BUILTINS, "ExceptionGroup", "BaseExceptionGroup"] as const;
/** The classes `raise_builtin` raises. */
export const RAISABLE = ["TimeoutError", "OSError", "CancelledError", "ValueError"] as const;

const GROUPS = new Set<string>(["ExceptionGroup", "BaseExceptionGroup"]);
const BUILTIN = new Set<string>(INSPECT_BUILTINS);

/** How a class name is written in Python. */
export function pythonClass(name: string): string {
  return name === "CancelledError" ? "asyncio.CancelledError" : name;
}

/** How a class name is written in TypeScript (program classes keep their names). */
export function tsClass(name: string): string {
  if (!BUILTIN.has(name) && !(RAISABLE as readonly string[]).includes(name)) return name;
  return name === "asyncio.TimeoutError" ? "asyncio.TimeoutError" : `asyncio.${name}`;
}

/** The TypeScript test of what `except <name>:` catches (the target's rules, through `exceptMatch`). */
function tsCatchTest(name: string, e: string): string {
  if (name === "TimeoutError") return `(${e} instanceof asyncio.TimeoutError && ${e} instanceof asyncio.OSError)`;
  if (!BUILTIN.has(name)) return `${e} instanceof ${name}`;
  return `asyncio.exceptMatch(${e}, ${tsClass(name)})`;
}

/** The class a name stands for on our side. */
export function classOf(rt: Runtime, name: string): asyncio.ExceptionClass {
  if (!BUILTIN.has(name) && !(RAISABLE as readonly string[]).includes(name)) return rt.exceptionClass(name);
  return (asyncio as unknown as Record<string, asyncio.ExceptionClass>)[name.replace(/^asyncio\./, "")] as asyncio.ExceptionClass;
}

/** What `except <name>:` catches, on our side. */
function catches(rt: Runtime, name: string, e: unknown): boolean {
  if (name === "TimeoutError") return e instanceof asyncio.TimeoutError && e instanceof asyncio.OSError;
  return asyncio.exceptMatch(e, classOf(rt, name));
}

/** A handler of `try_inspect`: what it catches, an optional split of the caught group, its body. */
export interface InspectHandler {
  catch: string;
  split?: { how: "split" | "subgroup"; catch: string } | undefined;
  /** Also record Python's `str(e)` of what it caught (`str <catch>`). */
  str?: true | undefined;
  body: Stmt[];
}

/** `try` whose `except` clauses record what they catch in detail. */
export interface TryInspectStmt {
  op: "try_inspect";
  body: Stmt[];
  handlers: InspectHandler[];
  finally?: Stmt[] | undefined;
}

/** `try` with `except*` clauses (3.11+). */
export interface TryStarStmt {
  op: "try_star";
  body: Stmt[];
  handlers: { catch: string; body: Stmt[] }[];
  finally?: Stmt[] | undefined;
}

/** Raises a built-in or asyncio exception. */
export interface RaiseBuiltinStmt {
  op: "raise_builtin";
  exception: (typeof RAISABLE)[number];
  arg: Value;
}

/** A bare `raise` inside a handler: re-raises what is being handled. */
export interface ReraiseStmt {
  op: "reraise";
}

/** Checks that a handler names a class that exists here; true for an exception group class. */
function checkClass(name: string, c: Checker, at: Path, star: boolean): void {
  if (!BUILTIN.has(name)) c.declared(name, at);
  else if (c.isDeclared(name)) c.problem(at, `'${name}' is a built-in class; the program must not declare its own`);
  if (star && GROUPS.has(name)) c.problem(at, `except* cannot name ${name} (use except)`);
}

/** Flags for a handler body: a bare `raise` is allowed there. */
function inHandler(flags: WalkFlags): WalkFlags {
  return { ...flags, inHandler: true };
}

/** Reports every `return` in a block (not in the coroutines it defines): `except*` blocks cannot return. */
function forbidReturn(body: Stmt[], c: Checker, at: Path): void {
  body.forEach((stmt, i) => {
    if (stmt.op === "return") c.problem([...at, i], "return is not allowed in an except* block");
    for (const [path, nested, how] of nestedBodies(stmt)) if (how?.coroutine !== true) forbidReturn(nested, c, [...at, i, ...path]);
  });
}

function tryBodies(s: TryInspectStmt | TryStarStmt): NestedBody[] {
  // Python writes a try without handlers or finally as its plain body; a handler is two blocks (`except ... as e`).
  return [
    [["body"], s.body, { blocks: s.handlers.length === 0 && s.finally === undefined ? 0 : 1 }],
    ...s.handlers.map((h, k): NestedBody => [["handlers", k, "body"], h.body, { blocks: 2 }]),
    ...(s.finally ? [[["finally"], s.finally] as NestedBody] : []),
  ];
}

function checkTry(s: TryInspectStmt | TryStarStmt, c: Checker, scope: Scope, at: Path, flags: WalkFlags, star: boolean): void {
  c.walk(s.body, scope.child(), [...at, "body"], flags);
  s.handlers.forEach((h, k) => {
    const where = [...at, "handlers", k];
    checkClass(h.catch, c, [...where, "catch"], star);
    const split = (h as InspectHandler).split;
    if (split !== undefined) {
      if (!GROUPS.has(h.catch)) c.problem([...where, "split"], "only a handler catching an exception group can split it");
      // A split may name a group class (it then matches the group itself), unlike except*.
      checkClass(split.catch, c, [...where, "split", "catch"], false);
    }
    if (star) forbidReturn(h.body, c, [...where, "body"]);
    c.walk(h.body, scope.child(), [...where, "body"], inHandler(flags));
  });
  if (s.finally) c.walk(s.finally, scope.child(), [...at, "finally"], flags);
}

/** The Python of a `try` statement's blocks after its header lines. */
function pythonFinally(s: TryInspectStmt | TryStarStmt, w: import("../emit_python.ts").PythonWriter, indent: number): void {
  if (s.finally === undefined) return;
  w.line(indent, "finally:");
  w.record(indent + 1, "finally");
  w.block(s.finally, indent + 1);
}

/** `function* () { ... }` around a block, for the harness's try helpers. */
function tsBlock(w: import("../emit_ts.ts").TsWriter, indent: number, head: string, lines: () => void): void {
  w.line(indent, `${head} {`);
  lines();
  w.line(indent, "}");
}

/** The TypeScript of a try helper call and its `return` propagation. */
function tsTry(
  s: TryInspectStmt | TryStarStmt,
  w: import("../emit_ts.ts").TsWriter,
  indent: number,
  helper: string,
  handler: (h: TryInspectStmt["handlers"][number], indent: number) => void,
): void {
  const r = w.fresh("_r");
  w.line(indent, "{");
  w.line(indent + 1, `const ${r} = yield* trace.${helper}(function* (): asyncio.Coroutine<unknown> {`);
  w.block(s.body, indent + 2);
  w.line(indent + 2, "return undefined;");
  w.line(indent + 1, "}, [");
  s.handlers.forEach((h) => handler(h, indent + 2));
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

/** The `finally` block of a try helper call on our side. */
function finalBlock(s: TryInspectStmt | TryStarStmt, rt: Runtime, env: import("../interpret.ts").Env) {
  const final = s.finally;
  if (final === undefined) return undefined;
  return function* () {
    rt.trace.record("finally");
    return yield* rt.runBody(final, env.child());
  };
}

/** Records a caught group's split (or subgroup) by `cls`. */
function recordSplit(rt: Runtime, split: NonNullable<InspectHandler["split"]>, e: unknown): void {
  const group = e as asyncio.BaseExceptionGroup;
  const cls = classOf(rt, split.catch);
  if (split.how === "subgroup") {
    rt.trace.record(`subgroup ${split.catch}`, { match: rt.trace.detail(group.subgroup(cls)) });
  } else {
    const [match, rest] = group.split(cls);
    rt.trace.record(`split ${split.catch}`, { match: rt.trace.detail(match), rest: rt.trace.detail(rest) });
  }
}

function trySimplify<S extends TryInspectStmt | TryStarStmt>(s: S, minHandlers: number): Edit[] {
  const edits: Edit[] = [(x) => (x as S).body];
  if (s.handlers.length > minHandlers) {
    s.handlers.forEach((_, k) => edits.push((x) => [{ ...(x as S), handlers: (x as S).handlers.filter((__, j) => j !== k) }]));
  }
  if (s.finally) edits.push((x) => [{ ...(x as S), finally: undefined }]);
  return edits;
}

/** The `try_inspect` operation. */
export const tryInspect = defineOp<TryInspectStmt>({
  op: "try_inspect",
  summary: "A try whose except clauses record what they catch in detail (hierarchy, arguments, cause, context, group members, and at times str(e)).",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("try_inspect"),
      body: k.body(),
      handlers: k.z
        .array(
          k.z.strictObject({
            catch: k.z.union([k.ExceptionName, k.z.enum(INSPECT_BUILTINS)]),
            split: k.z.strictObject({ how: k.z.enum(["split", "subgroup"]), catch: k.z.union([k.ExceptionName, k.z.enum(INSPECT_BUILTINS)]) }).optional(),
            str: k.z.literal(true).optional(),
            body: k.body(),
          }),
        )
        .max(4),
      finally: k.body().optional(),
    }),
  nested: tryBodies,
  check: (s, c, scope, at, flags) => checkTry(s, c, scope, at, flags, false),
  requires: (s) =>
    s.handlers.some((h) => GROUPS.has(h.catch)) ? { name: "ExceptionGroup", since: FEATURE_SINCE.exceptionGroups } : undefined,
  describe: () => "",
  *run(s, rt, env) {
    const clauses = s.handlers.map(
      (h): Clause<Returned> => [
        (e) => catches(rt, h.catch, e),
        function* (e) {
          rt.trace.record(`except ${h.catch}`, rt.trace.detail(e));
          if (h.str === true) rt.trace.record(`str ${h.catch}`, rt.trace.text(e));
          if (h.split !== undefined) recordSplit(rt, h.split, e);
          return yield* rt.runBody(h.body, env.child());
        },
      ],
    );
    return yield* rt.trace.tryExcept(() => rt.runBody(s.body, env.child()), clauses, finalBlock(s, rt, env));
  },
  python(s, w, indent) {
    if (s.handlers.length === 0 && s.finally === undefined) return w.block(s.body, indent);
    w.line(indent, "try:");
    w.block(s.body, indent + 1);
    for (const h of s.handlers) {
      w.line(indent, `except ${pythonClass(h.catch)} as e:`);
      w.record(indent + 1, `except ${h.catch}`, "trace.detail(e)");
      if (h.str === true) w.record(indent + 1, `str ${h.catch}`, "trace.text(e)");
      if (h.split?.how === "subgroup") {
        w.record(indent + 1, `subgroup ${h.split.catch}`, `{"match": trace.detail(e.subgroup(${pythonClass(h.split.catch)}))}`);
      } else if (h.split !== undefined) {
        const [m, r] = [w.fresh("_match"), w.fresh("_rest")];
        w.line(indent + 1, `${m}, ${r} = e.split(${pythonClass(h.split.catch)})`);
        w.record(indent + 1, `split ${h.split.catch}`, `{"match": trace.detail(${m}), "rest": trace.detail(${r})}`);
      }
      w.block(h.body, indent + 1);
    }
    pythonFinally(s, w, indent);
  },
  typescript(s, w, indent) {
    tsTry(s, w, indent, "tryExcept", (h, at) => {
      tsBlock(w, at, `[(e) => ${tsCatchTest(h.catch, "e")}, function* (e): asyncio.Coroutine<unknown>`, () => {
        w.record(at + 1, `except ${h.catch}`, "trace.detail(e)");
        if ((h as InspectHandler).str === true) w.record(at + 1, `str ${h.catch}`, "trace.text(e)");
        const split = (h as InspectHandler).split;
        if (split?.how === "subgroup") {
          w.record(at + 1, `subgroup ${split.catch}`, `{ match: trace.detail((e as asyncio.BaseExceptionGroup).subgroup(${tsClass(split.catch)})) }`);
        } else if (split !== undefined) {
          const [m, r] = [w.fresh("_match"), w.fresh("_rest")];
          w.line(at + 1, `const [${m}, ${r}] = (e as asyncio.BaseExceptionGroup).split(${tsClass(split.catch)});`);
          w.record(at + 1, `split ${split.catch}`, `{ match: trace.detail(${m}), rest: trace.detail(${r}) }`);
        }
        w.block(h.body, at + 1);
        w.line(at + 1, "return undefined;");
      });
      w.out[w.out.length - 1] += "],";
    });
  },
  simplify: (s) => [
    ...trySimplify(s, 0),
    ...s.handlers.flatMap((h, k): Edit[] =>
      h.split === undefined && h.str === undefined
        ? []
        : [(x) => [{ ...(x as TryInspectStmt), handlers: (x as TryInspectStmt).handlers.map((g, j) => (j === k ? { catch: g.catch, body: g.body } : g)) }]],
    ),
  ],
  generate: {
    weight: 0,
    compound: (k) =>
      k.fc.record({
        kind: k.fc.constant("try_inspect" as const),
        ...k.fields,
        body: k.body,
        handlers: k.fc.array(k.fc.record({ catchIndex: k.fc.nat(63), body: k.fc.array(k.stmt, { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
        final: k.fc.option(k.fc.array(k.stmt, { maxLength: 2 }), { nil: undefined, freq: 3 }),
      }),
    resolve(r, ctx, g) {
      if (ctx.quiet) return g.resolveBody(r.body ?? [], ctx);
      const inner = { ...ctx, depth: ctx.depth + 1 };
      const classes = inspectCatches(g.minor);
      // Most bodies end by raising, and some handlers raise again: what the handlers see
      // then has a cause or context to record.
      const stmt: TryInspectStmt = {
        op: "try_inspect",
        body: [...g.resolveBody(r.body ?? [], inner), ...raiserOf(r.b, r.value, g, 3)],
        handlers: (r.handlers ?? []).map((h, k) => {
          const pick = r.items[k] ?? 0;
          const last = k === (r.handlers ?? []).length - 1 && r.delay % 2 === 0;
          const name = last ? "BaseException" : (classes[h.catchIndex % classes.length] as string);
          const handlerCtx: Context = { ...inner, inHandler: true };
          const handler: InspectHandler = { catch: name, body: [...g.resolveBody(h.body, handlerCtx), ...raiserOf(pick, h.catchIndex, g, 2, true)] };
          if (GROUPS.has(name) && pick % 3 !== 0) {
            const stars = starCatches();
            handler.split = { how: pick % 3 === 1 ? "split" : "subgroup", catch: stars[(r.value + k) % stars.length] as string };
          }
          if (recordsStr(name) && (pick + k) % 2 === 0) handler.str = true;
          return handler;
        }),
      };
      if (r.final !== undefined) stmt.finally = [...g.resolveBody(r.final, inner), ...raiserOf(r.a, r.value, g, 5)];
      return [stmt];
    },
  },
});

/**
 * Whether a generated handler catching `name` may record `str(e)`: not one catching
 * `Exception` or `BaseException`, which can catch an InvalidStateError, whose text the C
 * and pure-Python futures word differently (the coverage pass would see a difference).
 */
function recordsStr(name: string): boolean {
  return name !== "Exception" && name !== "BaseException";
}

/**
 * A statement that raises, chosen by `n`, one time in `every` no statement: a program
 * exception, a built-in one, or (in a handler, `reraise`) a bare `raise`.
 */
function raiserOf(n: number, value: number, g: import("../generate/resolve.ts").Resolver, every: number, reraise = false): Stmt[] {
  if (n % every === 0) return [];
  const kind = Math.floor(n / every) % (reraise ? 4 : 3);
  if (kind === 0 || kind === 1) return [{ op: "raise", exception: g.exceptionOf(value + kind), arg: value }];
  if (kind === 2) return [{ op: "raise_builtin", exception: RAISABLE[value % RAISABLE.length] as RaiseBuiltinStmt["exception"], arg: value }];
  return [{ op: "reraise" }];
}

/** What generated `try_inspect` handlers catch on a release (the program's classes weigh double). */
function inspectCatches(minor: number): string[] {
  const mine = ["AlphaError", "BetaError", "AlphaError", "BetaError"];
  const builtins = minor >= FEATURE_SINCE.exceptionGroups ? [...INSPECT_BUILTINS, "ExceptionGroup"] : STAR_BUILTINS;
  return [...mine, ...builtins];
}

/** What generated `except*` clauses and splits name. */
function starCatches(): string[] {
  return ["AlphaError", "BetaError", "AlphaError", "BetaError", ...STAR_BUILTINS];
}

/** The `try_star` operation. */
export const tryStar = defineOp<TryStarStmt>({
  op: "try_star",
  summary: "A try with except* clauses (3.11+), each recording the part of the group it takes in detail.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("try_star"),
      body: k.body(),
      handlers: k.z.array(k.z.strictObject({ catch: k.z.union([k.ExceptionName, k.z.enum(STAR_BUILTINS)]), body: k.body() })).min(1).max(4),
      finally: k.body().optional(),
    }),
  nested: tryBodies,
  check: (s, c, scope, at, flags) => checkTry(s, c, scope, at, flags, true),
  requires: () => ({ name: "except*", since: FEATURE_SINCE.exceptStar }),
  describe: () => "",
  *run(s, rt, env) {
    const clauses = s.handlers.map(
      (h): StarClause => [
        classOf(rt, h.catch),
        function* (eg) {
          rt.trace.record(`except* ${h.catch}`, rt.trace.detail(eg));
          return yield* rt.runBody(h.body, env.child());
        },
      ],
    );
    return yield* rt.trace.tryStar<Returned>(() => rt.runBody(s.body, env.child()), clauses, finalBlock(s, rt, env));
  },
  python(s, w, indent) {
    w.line(indent, "try:");
    w.block(s.body, indent + 1);
    for (const h of s.handlers) {
      w.line(indent, `except* ${pythonClass(h.catch)} as eg:`);
      w.record(indent + 1, `except* ${h.catch}`, "trace.detail(eg)");
      w.block(h.body, indent + 1);
    }
    pythonFinally(s, w, indent);
  },
  typescript(s, w, indent) {
    tsTry(s, w, indent, "tryStar", (h, at) => {
      tsBlock(w, at, `[${tsClass(h.catch)}, function* (eg): asyncio.Coroutine<unknown>`, () => {
        w.record(at + 1, `except* ${h.catch}`, "trace.detail(eg)");
        w.block(h.body, at + 1);
        w.line(at + 1, "return undefined;");
      });
      w.out[w.out.length - 1] += "],";
    });
  },
  simplify: (s) => trySimplify(s, 1),
  generate: {
    weight: 0,
    since: FEATURE_SINCE.exceptStar,
    compound: (k) =>
      k.fc.record({
        kind: k.fc.constant("try_star" as const),
        ...k.fields,
        body: k.body,
        handlers: k.fc.array(k.fc.record({ catchIndex: k.fc.nat(63), body: k.fc.array(k.stmt, { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
        final: k.fc.option(k.fc.array(k.stmt, { maxLength: 2 }), { nil: undefined, freq: 4 }),
      }),
    resolve(r, ctx, g) {
      if (ctx.quiet) return g.resolveBody(r.body ?? [], ctx);
      const inner = { ...ctx, depth: ctx.depth + 1 };
      const classes = starCatches();
      // except* blocks cannot return: resolve them as `with` blocks, where return turns into a log.
      const handlerCtx: Context = { ...inner, inWith: true, inHandler: true };
      const stmt: TryStarStmt = {
        op: "try_star",
        body: [...g.resolveBody(r.body ?? [], inner), ...raiserOf(r.b, r.value, g, 3)],
        handlers: (r.handlers ?? []).map((h, k) => ({
          catch: classes[h.catchIndex % classes.length] as string,
          body: [...g.resolveBody(h.body, handlerCtx), ...raiserOf(r.items[k] ?? 0, h.catchIndex, g, 2, true)],
        })),
      };
      if (stmt.handlers.length === 0) stmt.handlers.push({ catch: "Exception", body: [] });
      if (r.final !== undefined) stmt.finally = g.resolveBody(r.final, inner);
      return [stmt];
    },
  },
});

/** The `raise_builtin` operation. */
export const raiseBuiltin = defineOp<RaiseBuiltinStmt>({
  op: "raise_builtin",
  summary: "Raises a built-in exception (TimeoutError, OSError, ValueError) or asyncio.CancelledError.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("raise_builtin"), exception: k.z.enum(RAISABLE), arg: k.Value }),
  describe: () => "",
  exec(s, rt) {
    throw rt.raising(new (classOf(rt, s.exception) as new (arg: unknown) => asyncio.BaseException)(s.arg));
  },
  python: (s, w, indent) => w.line(indent, `raise ${pythonClass(s.exception)}(${w.literal(s.arg)})`),
  typescript(s, w, indent) {
    const made = `new ${tsClass(s.exception)}(${w.literal(s.arg)})`;
    w.line(indent, `throw ${w.contexts ? `trace.raised(${made})` : made};`);
  },
  simplify: () => [() => [{ op: "raise", exception: "AlphaError", arg: 1 }]],
  generate: {
    weight: 0,
    quiet: "degrade",
    resolve(r, ctx, g) {
      if (ctx.depth === 0 && r.b % 4 !== 0) return g.logInstead();
      return [{ op: "raise_builtin", exception: RAISABLE[r.a % RAISABLE.length] as RaiseBuiltinStmt["exception"], arg: g.valueOf(r) }];
    },
  },
});

/** The `reraise` operation. */
export const reraise = defineOp<ReraiseStmt>({
  op: "reraise",
  summary: "A bare `raise` inside an except (or except*) block: re-raises the exception being handled.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("reraise") }),
  check(_s, c, _scope, at, flags) {
    if (!flags.inHandler) c.problem(at, "a bare raise must be inside an except block of a try_inspect or try_star");
  },
  describe: () => "",
  exec(_s, rt) {
    throw rt.trace.reraise();
  },
  python: (_s, w, indent) => w.line(indent, "raise"),
  typescript: (_s, w, indent) => w.line(indent, "throw trace.reraise();"),
  generate: {
    weight: 0,
    quiet: "degrade",
    resolve: (_r, ctx, g) => (ctx.inHandler ? [{ op: "reraise" }] : g.logInstead()),
  },
});

/** Whether a program runs with Python's exception context emulated: it uses one of this module's detail operations. */
export function usesContexts(program: Program): boolean {
  const visit = (body: Stmt[]): boolean =>
    body.some((s) => s.op === "try_inspect" || s.op === "try_star" || s.op === "reraise" || nestedBodies(s).some(([, nested]) => visit(nested)));
  return visit(program.main) || Object.values(program.coroutines).some(visit);
}
