/**
 * Writes a program IR as a standalone TypeScript file on asyncio-ts: generator coroutines,
 * `yield*`, `asyncio.createTask`, plus `trace.*` calls that record what it observes. Run
 * with `npx tsx repro.ts` inside this repository, it prints the same trace lines as the
 * interpreter records and as the emitted Python prints.
 *
 * @example
 * ```ts
 * writeFileSync("repro.ts", emitTs(program, { python: "3.12" }));
 * ```
 * @module
 */
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import type { Catch, Program, Spawn, Stmt, SyncAction, Value } from "./ir/index.ts";
import { PRIMITIVE_CLASSES, QUEUE_CLASSES, usesLoop } from "./emit_common.ts";
import { describe, refText } from "./what.ts";

/** Options of {@link emitTs}. */
export interface EmitTsOptions {
  python: PythonVersion;
  /** A comment line for the top of the file (e.g. where the program came from). */
  header?: string;
  /** Module specifier of the library (default "asyncio-ts", the package itself). */
  library?: string;
}

const str = (s: string): string => JSON.stringify(s);
const SYNC_METHODS: Record<SyncAction, string> = {
  acquire: "acquire",
  release: "release",
  locked: "locked",
  wait: "wait",
  set: "set",
  clear: "clear",
  is_set: "isSet",
  notify: "notify",
  notify_all: "notifyAll",
  abort: "abort",
  reset: "reset",
};
const literal = (v: Value): string => (typeof v === "number" ? String(v) : str(v));


/** Writes `program` as a TypeScript module. */
export function emitTs(program: Program, options: EmitTsOptions): string {
  const minor = pythonMinor(options.python);
  const library = options.library ?? "asyncio-ts";
  const out: string[] = [];
  const line = (indent: number, text: string): void => {
    out.push("  ".repeat(indent) + text);
  };
  const record = (indent: number, what: string, value?: string): void => {
    line(indent, value === undefined ? `trace.record(${str(what)});` : `trace.record(${str(what)}, ${value});`);
  };

  let scopes = 0;
  const coroutineDef = (name: string, body: Stmt[], indent: number, prelude: string[] = []): void => {
    line(indent, `const ${name} = asyncio.asyncDef(function* ${name}(): asyncio.Coroutine<unknown> {`);
    for (const text of prelude) line(indent + 1, text);
    if (usesLoop(body)) line(indent + 1, "const loop = asyncio.getRunningLoop();");
    block(body, indent + 1);
    // Falling off the end returns None in Python; say so, for the type checker.
    if (body.at(-1)?.op !== "return") line(indent + 1, "return undefined;");
    line(indent, "});");
  };

  const block = (body: Stmt[], indent: number): void => {
    for (const stmt of body) statement(stmt, indent);
  };

  /** `const name = trace.track(<creator>(coro(), { name }), name)` and its event. */
  const spawnTask = (spawn: Spawn, creator: string, indent: number): void => {
    let call: string;
    if ("coroutine" in spawn.target) {
      call = `${spawn.target.coroutine}()`;
    } else {
      coroutineDef(`${spawn.bind}_body`, spawn.target.body, indent);
      call = `${spawn.bind}_body()`;
    }
    const named = minor >= 8 ? `, { name: ${str(spawn.bind)} }` : "";
    line(indent, `const ${spawn.bind} = trace.track(${creator}(${call}${named}), ${str(spawn.bind)});`);
    record(indent, describe({ op: "spawn", ...spawn }));
  };

  const catchTest = (c: Catch): string => {
    switch (c) {
      case "BaseException":
        return "true";
      case "Exception":
        return `asyncio.isException(e, ${str(options.python)})`;
      case "CancelledError":
        return "e instanceof asyncio.CancelledError";
      case "TimeoutError":
        return "e instanceof asyncio.TimeoutError";
      default:
        return `e instanceof ${c}`;
    }
  };

  const statement = (stmt: Stmt, indent: number): void => {
    const what = describe(stmt);
    switch (stmt.op) {
      case "log":
        record(indent, what);
        return;
      case "sleep":
        line(indent, `yield* asyncio.sleep(${stmt.delay});`);
        record(indent, what);
        return;
      case "spawn":
        spawnTask(stmt, "asyncio.createTask", indent);
        return;
      case "wait_for":
        line(indent, `{`);
        line(indent + 1, `const value = yield* asyncio.waitFor(${refText(stmt.target)}, ${stmt.timeout === null ? "null" : stmt.timeout});`);
        record(indent + 1, what, "value");
        line(indent, `}`);
        return;
      case "timeout": {
        const cm = `_cm${++scopes}`;
        line(indent, `{`);
        line(indent + 1, `const ${cm} = asyncio.timeout(${stmt.delay === null ? "null" : stmt.delay});`);
        line(indent + 1, `yield* asyncio.asyncWith(${cm}, function* () {`);
        block(stmt.body, indent + 2);
        line(indent + 1, `});`);
        record(indent + 1, what, `${cm}.expired()`);
        line(indent, `}`);
        return;
      }
      case "primitive": {
        const cls = PRIMITIVE_CLASSES[stmt.kind];
        const arg = stmt.value === undefined ? "" : String(stmt.value);
        line(indent, `const ${stmt.bind} = new asyncio.${cls}(${arg});`);
        record(indent, what);
        return;
      }
      case "sync": {
        const t = stmt.target;
        const method = SYNC_METHODS[stmt.action];
        switch (stmt.action) {
          case "acquire":
          case "wait":
            record(indent, what, `yield* ${t}.${method}()`);
            return;
          case "abort":
          case "reset":
            line(indent, `yield* ${t}.${method}();`);
            break;
          case "locked":
          case "is_set":
            record(indent, what, `${t}.${method}()`);
            return;
          case "notify":
            line(indent, `${t}.notify(${stmt.n ?? ""});`);
            break;
          default:
            line(indent, `${t}.${method}();`);
        }
        record(indent, what);
        return;
      }
      case "with":
        line(indent, `yield* asyncio.asyncWith(${stmt.target}, function* (value) {`);
        record(indent + 1, what, "value");
        block(stmt.body, indent + 1);
        line(indent, `});`);
        record(indent, `${what} exit`);
        return;
      case "set_later":
        line(indent, `loop.callLater(${stmt.delay}, trace.setEvent, ${stmt.target}, ${str(stmt.target)});`);
        record(indent, what);
        return;
      case "queue":
        line(indent, `const ${stmt.bind} = new asyncio.${QUEUE_CLASSES[stmt.kind]}<unknown>(${stmt.maxsize});`);
        record(indent, what);
        return;
      case "queue_op": {
        const q = stmt.target;
        const v = stmt.value === undefined ? "" : literal(stmt.value);
        switch (stmt.action) {
          case "put":
            line(indent, `yield* ${q}.put(${v});`);
            break;
          case "join":
            line(indent, `yield* ${q}.join();`);
            break;
          case "get":
            record(indent, what, `yield* ${q}.get()`);
            return;
          case "get_nowait":
            record(indent, what, `${q}.getNowait()`);
            return;
          case "qsize":
            record(indent, what, `${q}.qsize()`);
            return;
          case "put_nowait":
            line(indent, `${q}.putNowait(${v});`);
            break;
          case "task_done":
            line(indent, `${q}.taskDone();`);
            break;
          case "shutdown":
            line(indent, `${q}.shutdown(${stmt.immediate ? "true" : ""});`);
            break;
        }
        record(indent, what);
        return;
      }
      case "as_completed": {
        for (const child of stmt.children) spawnTask(child, "asyncio.createTask", indent);
        const tasks = `[${stmt.children.map((c) => c.bind).join(", ")}]`;
        const options = stmt.timeout === null ? "" : `, { timeout: ${stmt.timeout} }`;
        if (stmt.async) {
          line(indent, `yield* asyncio.asyncFor(asyncio.asCompleted(${tasks}${options}), function* (t) {`);
          record(indent + 1, what, "trace.name(t)");
          line(indent, `});`);
        } else {
          line(indent, `for (const next of asyncio.asCompleted(${tasks}${options})) {`);
          record(indent + 1, what, "yield* next");
          line(indent, `}`);
        }
        return;
      }
      case "task_group": {
        const tg = `_tg${++scopes}`;
        line(indent, `yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (${tg}) {`);
        for (const child of stmt.children) spawnTask(child, `${tg}.createTask`, indent + 1);
        block(stmt.body, indent + 1);
        line(indent, `});`);
        record(indent, what);
        return;
      }
      case "await":
        line(indent, `{`);
        line(indent + 1, `const value = yield* ${refText(stmt.target)};`);
        record(indent + 1, what, "value");
        line(indent, `}`);
        return;
      case "future":
        line(indent, `const ${stmt.bind} = trace.track(loop.createFuture(), ${str(stmt.bind)});`);
        record(indent, what);
        return;
      case "set_result":
        line(indent, `${stmt.future}.setResult(${literal(stmt.value)});`);
        record(indent, what);
        return;
      case "set_exception":
        line(indent, `${stmt.future}.setException(new ${stmt.exception}(${literal(stmt.arg)}));`);
        record(indent, what);
        return;
      case "resolve_later":
        line(indent, `loop.callLater(${stmt.delay}, trace.resolve, ${stmt.future}, ${literal(stmt.value)});`);
        record(indent, what);
        return;
      case "gather": {
        const flag = stmt.returnExceptions ? ", { returnExceptions: true }" : "";
        line(indent, `{`);
        line(indent + 1, `const values = yield* asyncio.gather([${stmt.items.map(refText).join(", ")}]${flag});`);
        record(indent + 1, what, "values");
        line(indent, `}`);
        return;
      }
      case "wait": {
        const opts: string[] = [];
        if (stmt.returnWhen !== "ALL_COMPLETED") opts.push(`returnWhen: asyncio.${stmt.returnWhen}`);
        if (stmt.timeout !== undefined) opts.push(`timeout: ${stmt.timeout}`);
        const optText = opts.length > 0 ? `, { ${opts.join(", ")} }` : "";
        line(indent, `{`);
        line(indent + 1, `const [done, pending] = yield* asyncio.wait([${stmt.items.map(refText).join(", ")}]${optText});`);
        record(indent + 1, what, "{ done: trace.sortedNames(done), pending: trace.sortedNames(pending) }");
        line(indent, `}`);
        return;
      }
      case "shield":
        line(indent, `{`);
        line(indent + 1, `const value = yield* asyncio.shield(${refText(stmt.target)});`);
        record(indent + 1, what, "value");
        line(indent, `}`);
        return;
      case "cancel": {
        const msg = stmt.msg === undefined ? "" : str(stmt.msg);
        line(indent, `{`);
        line(indent + 1, `const value = ${refText(stmt.target)}.cancel(${msg});`);
        record(indent + 1, what, "value");
        line(indent, `}`);
        return;
      }
      case "raise":
        line(indent, `throw new ${stmt.exception}(${literal(stmt.arg)});`);
        return;
      case "try": {
        if (stmt.handlers.length === 0 && stmt.finally === undefined) {
          line(indent, "{");
          block(stmt.body, indent + 1);
          line(indent, "}");
          return;
        }
        line(indent, "try {");
        block(stmt.body, indent + 1);
        if (stmt.handlers.length > 0) {
          line(indent, "} catch (e) {");
          stmt.handlers.forEach((handler, k) => {
            line(indent + 1, `${k === 0 ? "if" : "} else if"} (${catchTest(handler.catch)}) {`);
            record(indent + 2, `caught ${handler.catch}`, "e");
            block(handler.body, indent + 2);
          });
          line(indent + 1, "} else {");
          line(indent + 2, "throw e;");
          line(indent + 1, "}");
        }
        if (stmt.finally !== undefined) {
          line(indent, "} finally {");
          record(indent + 1, "finally");
          block(stmt.finally, indent + 1);
        }
        line(indent, "}");
        return;
      }
      case "return":
        line(indent, `return ${literal(stmt.value)};`);
        return;
      case "repeat":
        line(indent, `for (let i = 0; i < ${stmt.times}; i++) {`);
        block(stmt.body, indent + 1);
        line(indent, "}");
        return;
      case "call_soon":
        line(indent, `loop.callSoon(trace.callback, ${str(stmt.label)});`);
        record(indent, what);
        return;
      case "call_later":
        line(indent, `loop.callLater(${stmt.delay}, trace.callback, ${str(stmt.label)});`);
        record(indent, what);
        return;
      case "add_done_callback":
        line(indent, `${refText(stmt.target)}.addDoneCallback(trace.doneCallback(${str(stmt.label)}));`);
        record(indent, what);
        return;
      case "probe":
        line(indent, `trace.probe(${refText(stmt.target)}, ${str(stmt.what)});`);
        return;
    }
  };

  if (options.header) out.push(`// ${options.header}`);
  out.push(`// A standalone program: run it with npx tsx (Python ${options.python} semantics); it prints its trace.`);
  out.push(`import * as asyncio from ${str(library)};`);
  out.push(`import { Harness } from ${str(`${library}/conformance/harness`)};`);
  out.push("", `const trace = new Harness({ python: ${str(options.python)} });`, "");
  for (const name of program.exceptions) out.push(`class ${name} extends asyncio.Exception {}`);
  if (program.exceptions.length > 0) out.push("");
  for (const [name, body] of Object.entries(program.coroutines)) {
    coroutineDef(name, body, 0);
    out.push("");
  }
  coroutineDef(
    "main",
    program.main,
    0,
    program.taskFactory === "eager" ? ["asyncio.getRunningLoop().setTaskFactory(asyncio.eagerTaskFactory);"] : [],
  );
  out.push("", "trace.print(trace.run(main));");
  return out.join("\n") + "\n";
}


