/**
 * Async generators: `agen` defines an async generator function inline (an `async def`
 * whose body has `yield`) and binds a new generator object of it; `ayield` is its
 * `value = yield <v>` (recording what was sent); `async_for` iterates a bound generator
 * with `async for`, breaking after `limit` items; `agen_op` awaits one of its methods
 * (`__anext__`, `asend`, `athrow`, `aclose`, or 3.10's `anext(agen, default)`) and records
 * the value or the exception.
 *
 * Every generator a program makes is kept alive by the harness until the run ends, so
 * that none is finalized by garbage collection: only an explicit `aclose()` or the loop's
 * `shutdown_asyncgens()` (under an `asyncio.run` or `Runner` entry) closes one. Generated
 * programs drive a generator only from the coroutine that made it (and from generators
 * made after it there), never from a task it spawned: two tasks driving one generator at
 * once race for it (and on 3.7, which has no "already running" check, corrupt it).
 *
 * @example
 * ```ts
 * { op: "agen", bind: "ag1", body: [{ op: "sleep", delay: 1 }, { op: "ayield", value: 1 }] }
 * { op: "async_for", agen: "ag1", limit: 2, body: [] }
 * { op: "agen_op", agen: "ag1", method: "asend", value: "v1" }
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { usesLoop } from "../emit_common.ts";
import { delaySeconds, type Value } from "../ir/schema_kit.ts";
import type { Env, Runtime } from "../interpret.ts";
import { nestedBodies, type Stmt } from "./index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp, type Edit } from "./op.ts";

/** Defines an async generator function inline and binds a new generator object of it. */
export interface AgenStmt {
  op: "agen";
  bind: string;
  body: Stmt[];
}

/** `value = yield <value>` inside an async generator's body; records `ayield <value>` with what was sent. */
export interface AyieldStmt {
  op: "ayield";
  value: Value;
}

/** `async for value in <agen>:` recording each item, running `body`, breaking after `limit` items. */
export interface AsyncForStmt {
  op: "async_for";
  agen: string;
  limit: number;
  body: Stmt[];
}

/** The methods `agen_op` awaits. */
export const AGEN_METHODS = ["anext", "asend", "athrow", "aclose", "anext_default"] as const;
export type AgenMethod = (typeof AGEN_METHODS)[number];

/** Awaits a method of a bound async generator and records its value or exception. */
export interface AgenOpStmt {
  op: "agen_op";
  agen: string;
  method: AgenMethod;
  /** What `asend` sends, what `anext_default` gives at the end, the argument of `athrow`'s exception. */
  value?: Value | undefined;
  /** The program exception class `athrow` throws. */
  exception?: string | undefined;
}

/** The release that added the `anext` builtin. */
export const ANEXT_SINCE = 10;

/** True when a body has an `ayield` of its own (not inside a task body or another generator). */
export function yieldsIn(body: Stmt[]): boolean {
  return body.some(
    (s) => s.op === "ayield" || nestedBodies(s).some(([, nested, how]) => how?.coroutine !== true && yieldsIn(nested)),
  );
}

type AgenBodyRunner = (rt: Runtime, body: Stmt[], env: Env) => asyncio.AsyncGen<unknown, unknown>;

/** The async generator function `name` in this run (one per name and program, as the interpreter's coroutine functions are). */
function agenRunner(rt: Runtime, name: string): AgenBodyRunner {
  return rt.perRun(`agen ${name}`, () =>
    asyncio.asyncGen(function* (rt: Runtime, body: Stmt[], env: Env): asyncio.AsyncGenBody<unknown> {
      yield* rt.runBody(body, env);
    }, name),
  );
}

/** The `agen` operation. */
export const agen = defineOp<AgenStmt>({
  op: "agen",
  summary: "Defines an async generator function inline, binds a new generator object of it and records `agen <name>`.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("agen"), bind: k.Identifier, body: k.body() }),
  nested: (s) => [[["body"], s.body, { coroutine: true }]],
  check(s, c, scope, at, flags) {
    c.bindHere(s.bind, at, flags);
    c.walk(s.body, scope.child(), [...at, "body"], { inRepeat: false, inWith: false, inAgen: true });
    if (!yieldsIn(s.body)) c.problem([...at, "body"], "an async generator's body needs an ayield (else Python makes it a coroutine)");
    scope.bind(s.bind, "agen");
  },
  binds: (s) => [s.bind],
  refs: (s) => [s.bind],
  describe: (s) => `agen ${s.bind}`,
  exec(s, rt, env) {
    // Python's `__qualname__` nests in the enclosing coroutine's (`main.<locals>.ag1_body`).
    const inner = env.coroutine(`${s.bind}_body`);
    const made = agenRunner(rt, inner.qualname)(rt, s.body, inner);
    env.set(s.bind, rt.trace.agen(made as asyncio.AsyncGen<unknown, never>, s.bind));
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `async def ${s.bind}_body():`);
    if (usesLoop(s.body)) w.line(indent + 1, "loop = asyncio.get_running_loop()");
    w.block(s.body, indent + 1);
    w.line(indent, `${s.bind} = trace.agen(${s.bind}_body(), ${w.str(s.bind)})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    const name = `${s.bind}_body`;
    const qualname = w.qualnameOf(name);
    w.line(indent, `const ${name} = asyncio.asyncGen(function* ${name}(): asyncio.AsyncGenBody<unknown> {`);
    w.within(name, () => {
      if (usesLoop(s.body)) w.line(indent + 1, "const loop = asyncio.getRunningLoop();");
      w.block(s.body, indent + 1);
    });
    w.line(indent, qualname === name ? "});" : `}, ${w.str(qualname)});`);
    w.line(indent, `const ${s.bind} = trace.agen(${s.bind}_body(), ${w.str(s.bind)});`);
    w.record(indent, s);
  },
  simplify(s) {
    const edits: Edit[] = [];
    // Drop statements other than the last ayield, one at a time, from the end.
    for (let i = s.body.length - 1; i >= 0; i--) {
      edits.push((x) => {
        const body = (x as AgenStmt).body.filter((_, j) => j !== i);
        return yieldsIn(body) ? [{ ...(x as AgenStmt), body }] : [x];
      });
    }
    return edits;
  },
  generate: {
    weight: 0,
    quiet: "degrade",
    compound: (k) => k.fc.record({ kind: k.fc.constant("agen" as const), ...k.fields, body: k.body }),
    resolve(r, ctx, g) {
      if (ctx.inRepeat) return g.logInstead();
      const bind = `ag${g.nextObject()}`;
      const inner = { ...g.copyScope(ctx), depth: ctx.depth + 1, inWith: false, inRepeat: false, inAgen: true, quiet: false };
      const resolved = g.resolveBody(r.body ?? [], inner);
      // Yield between statements (where the raw numbers say) and at the end when nothing yields.
      const body: Stmt[] = [];
      resolved.forEach((stmt, i) => {
        body.push(stmt);
        if (((r.items[i % r.items.length] as number) + i) % 3 !== 0) body.push({ op: "ayield", value: g.valueOf({ ...r, value: (r.value + i) % 10 }) });
      });
      if (!yieldsIn(body)) body.push({ op: "ayield", value: g.valueOf(r) });
      (ctx.agens ??= []).push(bind);
      const sleepsPastTimeout = (stmts: Stmt[]) => stmts.some((x) => x.op === "sleep" && delaySeconds(x.delay) > TIMED_STEP);
      // A first consumer right away, so that most generators are iterated (and some left
      // suspended for a later one, or for the loop's shutdown).
      const first: Stmt =
        r.a % 2 === 0
          ? { op: "async_for", agen: bind, limit: (r.value % 3) + 1, body: [] }
          : { op: "agen_op", agen: bind, method: "anext" };
      if (sleepsPastTimeout(body)) (ctx.sleepyAgens ??= []).push({ name: bind, sleeps: "body" });
      if (!r.flag) return [{ op: "agen", bind, body }, first];
      // Often a `finally` that shows when and how the generator is closed: a log, sometimes
      // a sleep, sometimes a yield (which makes aclose() fail with "ignored GeneratorExit").
      // Not with an entry (ctx.shutdown): its shutdown cancels tasks in set order, and a
      // cleanup that suspends (or yields, which swallows the cancellation) lets a cancelled
      // task go on to see the others in that order.
      const cleanup: Stmt[] = [{ op: "log", text: g.nextText() }];
      const mayPause = ctx.shutdown !== true;
      if (r.b % 3 === 0 && mayPause) cleanup.push({ op: "sleep", delay: g.delayOf(r) });
      if (r.b % 5 === 1 && mayPause) cleanup.push({ op: "ayield", value: g.valueOf({ ...r, flag: !r.flag }) });
      const made: Stmt = { op: "agen", bind, body: [{ op: "try", body, handlers: [], finally: cleanup }] };
      if (!sleepsPastTimeout(cleanup)) return [made, first];
      (ctx.sleepyAgens ??= []).push({ name: bind, sleeps: "cleanup" });
      // Half the time (3.11+), a scene: started, then closed (or thrown into) under a timeout
      // its cleanup outlasts, so the cancellation lands in the pending aclose()/athrow().
      if (g.minor < FEATURE_SINCE.timeout || ctx.quiet || r.value % 2 !== 0) return [made, first];
      const close: AgenOpStmt =
        r.items.length % 2 === 0
          ? { op: "agen_op", agen: bind, method: "aclose" }
          : { op: "agen_op", agen: bind, method: "athrow", value: g.valueOf(r), exception: g.exceptionOf(r.a) };
      return [made, { op: "agen_op", agen: bind, method: "anext" }, ...underTimeout(close, g)];
    },
  },
});

/** The `ayield` operation. */
export const ayield = defineOp<AyieldStmt>({
  op: "ayield",
  summary: "Yields a value from an async generator's body, then records `ayield <value>` with what the consumer sent.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("ayield"), value: k.Value }),
  check(_s, c, _scope, at, flags) {
    if (!flags.inAgen) c.problem(at, "ayield is only allowed in an async generator's body");
    else if (flags.inWith) c.problem(at, "ayield is not allowed inside a timeout, task_group, with or async_for block");
  },
  describe: (s) => `ayield ${s.value}`,
  *run(s, rt) {
    const sent: unknown = yield* asyncio.ayield(s.value) as unknown as Generator<asyncio.Yielded, unknown, unknown>;
    rt.record(s, sent);
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, `value = yield ${w.literal(s.value)}`);
    w.record(indent, s, "value");
  },
  typescript(s, w, indent) {
    w.line(indent, "{");
    w.line(indent + 1, `const value = yield* asyncio.ayield(${w.literal(s.value)});`);
    w.record(indent + 1, s, "value");
    w.line(indent, "}");
  },
  generate: {
    weight: 0,
    resolve(r, ctx, g) {
      if (!ctx.inAgen || ctx.inWith || ctx.quiet) return g.logInstead();
      return [{ op: "ayield", value: g.valueOf(r) }];
    },
  },
});

/** The `async_for` operation. */
export const asyncFor = defineOp<AsyncForStmt>({
  op: "async_for",
  summary: "Iterates a bound async generator with `async for`, recording each item and running a body, breaking after `limit` items.",
  schema: (k) =>
    k.z.strictObject({ op: k.z.literal("async_for"), agen: k.Identifier, limit: k.z.number().int().min(1).max(5), body: k.body() }),
  nested: (s) => [[["body"], s.body, { times: s.limit }]],
  check(s, c, scope, at, flags) {
    c.agen(s.agen, scope, [...at, "agen"]);
    // The body is a callback in TypeScript (no return) and a loop body (no bindings).
    c.walk(s.body, scope.child(), [...at, "body"], { ...flags, inWith: true, inRepeat: true });
  },
  refs: (s) => [s.agen],
  describe: (s) => `async_for ${s.agen}`,
  *run(s, rt, env) {
    const iterable = env.lookup(s.agen) as asyncio.AsyncGen<unknown, never>;
    let n = 0;
    yield* asyncio.asyncFor(iterable, function* (value) {
      rt.record(s, value);
      yield* rt.runBody(s.body, env.child());
      if (++n === s.limit) return asyncio.BREAK;
      return undefined;
    });
    rt.trace.record(`async_for ${s.agen} end`);
    return undefined;
  },
  python(s, w, indent) {
    const n = w.fresh("n");
    w.line(indent, `${n} = 0`);
    w.line(indent, `async for value in ${s.agen}:`);
    w.record(indent + 1, s, "value");
    w.block(s.body, indent + 1);
    w.line(indent + 1, `${n} += 1`);
    w.line(indent + 1, `if ${n} == ${s.limit}:`);
    w.line(indent + 2, "break");
    w.record(indent, `async_for ${s.agen} end`);
  },
  typescript(s, w, indent) {
    const n = w.fresh("n");
    w.line(indent, `let ${n} = 0;`);
    w.line(indent, `yield* asyncio.asyncFor(${s.agen}, function* (value) {`);
    w.record(indent + 1, s, "value");
    w.block(s.body, indent + 1);
    w.line(indent + 1, `if (++${n} === ${s.limit}) return asyncio.BREAK;`);
    w.line(indent + 1, "return undefined;");
    w.line(indent, "});");
    w.record(indent, `async_for ${s.agen} end`);
  },
  simplify(s) {
    const edits: Edit[] = [];
    if (s.body.length > 0) edits.push((x) => [{ ...(x as AsyncForStmt), body: [] }]);
    if (s.limit > 1) edits.push((x) => [{ ...(x as AsyncForStmt), limit: 1 }]);
    return edits;
  },
  generate: {
    weight: 0,
    quiet: "degrade",
    compound: (k) => k.fc.record({ kind: k.fc.constant("async_for" as const), ...k.fields, body: k.fc.array(k.stmt, { maxLength: 2 }) }),
    resolve(r, ctx, g) {
      const target = g.pick(ctx.agens ?? [], r.a);
      if (target === undefined) return g.sleepInstead(r);
      const body = g.resolveBody(r.body ?? [], { ...ctx, inWith: true, inRepeat: true, depth: ctx.depth + 1 });
      return [{ op: "async_for", agen: target, limit: (r.value % 4) + 1, body }];
    },
  },
});

/** The Python expression that makes the awaitable of an `agen_op`. */
function pythonCall(s: AgenOpStmt, literal: (v: Value) => string): string {
  switch (s.method) {
    case "anext":
      return `${s.agen}.__anext__()`;
    case "asend":
      return `${s.agen}.asend(${literal(s.value ?? 0)})`;
    case "athrow":
      return `${s.agen}.athrow(${s.exception}(${literal(s.value ?? 0)}))`;
    case "aclose":
      return `${s.agen}.aclose()`;
    case "anext_default":
      return `anext(${s.agen}, ${literal(s.value ?? 0)})`;
  }
}

/** The TypeScript expression of the same awaitable. */
function typescriptCall(s: AgenOpStmt, literal: (v: Value) => string): string {
  switch (s.method) {
    case "anext":
      return `${s.agen}.anext()`;
    case "asend":
      return `${s.agen}.asend(${literal(s.value ?? 0)} as never)`;
    case "athrow":
      return `${s.agen}.athrow(new ${s.exception}(${literal(s.value ?? 0)}))`;
    case "aclose":
      return `${s.agen}.aclose()`;
    case "anext_default":
      return `asyncio.anext(${s.agen}, ${literal(s.value ?? 0)})`;
  }
}

/** The timeout (seconds) an `agen_op` may run under. */
const TIMED_STEP = 0.05;

/**
 * Whether an `agen_op` runs under a {@link TIMED_STEP} timeout: a third of the aclose() and
 * athrow() steps, two thirds of them on a generator whose cleanup sleeps past the timeout,
 * and a third of the __anext__/asend steps on one whose body does.
 */
function timedStep(method: AgenMethod, sleeps: ReadonlySet<"body" | "cleanup">, n: number): boolean {
  if (method === "aclose" || method === "athrow") return sleeps.has("cleanup") ? n % 3 !== 2 : n % 3 === 0;
  return sleeps.has("body") && (method === "anext" || method === "asend") && n % 3 === 0;
}

/** `try: async with timeout(TIMED_STEP): <step>` / `except TimeoutError: log`. */
function underTimeout(step: AgenOpStmt, g: { nextText(): string }): Stmt[] {
  const timed: Stmt = { op: "timeout", delay: TIMED_STEP, body: [step] };
  return [{ op: "try", body: [timed], handlers: [{ catch: "TimeoutError", body: [{ op: "log", text: g.nextText() }] }] }];
}

/** The `agen_op` operation. */
export const agenOp = defineOp<AgenOpStmt>({
  op: "agen_op",
  summary: "Awaits __anext__, asend, athrow, aclose or anext(agen, default) of a bound async generator; records the value or the exception.",
  schema: (k) =>
    k.z.strictObject({
      op: k.z.literal("agen_op"),
      agen: k.Identifier,
      method: k.z.enum(AGEN_METHODS),
      value: k.Value.optional(),
      exception: k.ExceptionName.optional(),
    }),
  check(s, c, scope, at) {
    c.agen(s.agen, scope, [...at, "agen"]);
    if (s.method === "athrow") {
      if (s.exception === undefined) c.problem([...at, "exception"], "athrow needs an exception");
      else c.declared(s.exception, [...at, "exception"]);
    } else if (s.exception !== undefined) c.problem([...at, "exception"], `${s.method} takes no exception`);
    const takesValue = s.method === "asend" || s.method === "athrow" || s.method === "anext_default";
    if (takesValue && s.value === undefined) c.problem([...at, "value"], `${s.method} needs a value`);
    if (!takesValue && s.value !== undefined) c.problem([...at, "value"], `${s.method} takes no value`);
  },
  requires: (s) => (s.method === "anext_default" ? { name: "the anext() builtin", since: ANEXT_SINCE } : undefined),
  refs: (s) => [s.agen],
  describe: (s) => `${s.method} ${s.agen}`,
  *run(s, rt, env) {
    const target = env.lookup(s.agen) as asyncio.AsyncGen<unknown, unknown>;
    let awaitable: Generator<asyncio.Yielded, unknown, unknown>;
    switch (s.method) {
      case "anext":
        awaitable = target.anext();
        break;
      case "asend":
        awaitable = target.asend(s.value);
        break;
      case "athrow":
        awaitable = target.athrow(rt.newException(s.exception as string, s.value ?? 0));
        break;
      case "aclose":
        awaitable = target.aclose();
        break;
      case "anext_default":
        awaitable = asyncio.anext(target, s.value);
        break;
    }
    try {
      const value: unknown = yield* awaitable;
      rt.record(s, { value: rt.trace.value(value) });
    } catch (e) {
      if (e instanceof asyncio.CancelledError || !asyncio.isException(e, rt.python)) throw e;
      rt.record(s, { raised: rt.trace.exc(e) });
    }
    return undefined;
  },
  python(s, w, indent) {
    w.line(indent, "try:");
    w.line(indent + 1, `value = await ${pythonCall(s, (v) => w.literal(v))}`);
    w.line(indent, "except asyncio.CancelledError:");
    w.line(indent + 1, "raise");
    w.line(indent, "except Exception as e:");
    w.record(indent + 1, s, '{"raised": trace.exc(e)}');
    w.line(indent, "else:");
    w.record(indent + 1, s, '{"value": trace.value(value)}');
  },
  typescript(s, w, indent) {
    w.line(indent, "try {");
    w.line(indent + 1, `const value = yield* ${typescriptCall(s, (v) => w.literal(v))};`);
    w.record(indent + 1, s, "{ value: trace.value(value) }");
    w.line(indent, "} catch (e) {");
    w.line(indent + 1, `if (e instanceof asyncio.CancelledError || !asyncio.isException(e, ${w.str(w.python)})) throw e;`);
    w.record(indent + 1, s, "{ raised: trace.exc(e) }");
    w.line(indent, "}");
  },
  simplify: (s) => (s.method === "anext" ? [] : [(x) => [{ op: "agen_op", agen: (x as AgenOpStmt).agen, method: "anext" }]]),
  generate: {
    weight: 0,
    quiet: "degrade",
    resolve(r, ctx, g) {
      const target = g.pick(ctx.agens ?? [], r.a);
      if (target === undefined) return g.sleepInstead(r);
      const methods = AGEN_METHODS.filter((m) => m !== "anext_default" || g.minor >= ANEXT_SINCE);
      // anext and asend most often; athrow and aclose end a generator early.
      const weighted: AgenMethod[] = ["anext", "anext", "asend", "asend", "athrow", "aclose", ...methods.filter((m) => m === "anext_default")];
      const method = weighted[r.b % weighted.length] as AgenMethod;
      const stmt: AgenOpStmt = { op: "agen_op", agen: target, method };
      if (method === "asend" || method === "anext_default" || method === "athrow") stmt.value = g.valueOf(r);
      if (method === "athrow") stmt.exception = g.exceptionOf(r.a);
      // Now and then (3.11+) under a short timeout. When the generator sleeps past it (in its
      // body or its cleanup) the cancellation is thrown into the pending step: into the
      // asend/__anext__ awaitable, or into aclose()/athrow()'s while the cleanup awaits.
      const sleeps = new Set((ctx.sleepyAgens ?? []).filter((a) => a.name === target).map((a) => a.sleeps));
      if (g.minor >= FEATURE_SINCE.timeout && !ctx.quiet && timedStep(method, sleeps, r.value)) {
        return underTimeout(stmt, g);
      }
      return [stmt];
    },
  },
});
