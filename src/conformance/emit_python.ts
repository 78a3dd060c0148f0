/**
 * Writes a program IR as readable Python: `async def` coroutines, `await`,
 * `asyncio.create_task`, the code a person would write for the chosen CPython release,
 * plus `trace.*` calls that record what it observes. The reference worker executes this
 * source; with `standalone: true` the harness is inlined and the file runs by itself
 * (`python3 repro.py` prints the trace).
 *
 * @example
 * ```ts
 * const source = emitPython(program, { python: "3.11" });
 * // async def main():
 * //     t1 = asyncio.create_task(job(), name='t1')
 * //     ...
 * ```
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pyFloatRepr, pyStrRepr } from "../asyncio/format_helpers.ts";
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { PRIMITIVE_CLASSES, QUEUE_CLASSES, usesLoop } from "./emit_common.ts";
import type { Catch, Program, Spawn, Stmt, Value } from "./ir/index.ts";
import { describe, refText } from "./what.ts";

/** Options of {@link emitPython}. */
export interface EmitPythonOptions {
  python: PythonVersion;
  /** Inline the harness so the file runs with plain `python3` and prints the trace. */
  standalone?: boolean;
  /** A comment line for the top of the file (e.g. where the program came from). */
  header?: string;
}

const REFERENCE_DIR = new URL("../../python-reference/", import.meta.url);

const literal = (v: Value): string => (typeof v === "number" ? String(v) : pyStrRepr(v));
const delay = (d: number): string => pyFloatRepr(d);
const CATCH: Record<string, string> = {
  CancelledError: "asyncio.CancelledError",
  TimeoutError: "asyncio.TimeoutError",
  Exception: "Exception",
  BaseException: "BaseException",
};

/** Writes `program` as Python source. */
export function emitPython(program: Program, options: EmitPythonOptions): string {
  const minor = pythonMinor(options.python);
  const out: string[] = [];
  const line = (indent: number, text: string): void => {
    out.push("    ".repeat(indent) + text);
  };

  let scopes = 0;
  const coroutineDef = (name: string, body: Stmt[], indent: number, prelude: string[] = []): void => {
    line(indent, `async def ${name}():`);
    for (const text of prelude) line(indent + 1, text);
    if (usesLoop(body)) line(indent + 1, "loop = asyncio.get_running_loop()");
    block(body, indent + 1);
  };

  /** `name = <creator>(coro(), name=...)`, its tracking and its event. */
  const spawnTask = (spawn: Spawn, creator: string, indent: number): void => {
    let call: string;
    if ("coroutine" in spawn.target) {
      call = `${spawn.target.coroutine}()`;
    } else {
      coroutineDef(`${spawn.bind}_body`, spawn.target.body, indent);
      call = `${spawn.bind}_body()`;
    }
    const named = minor >= 8 ? `, name=${pyStrRepr(spawn.bind)}` : "";
    line(indent, `${spawn.bind} = ${creator}(${call}${named})`);
    line(indent, `trace.track(${spawn.bind}, ${pyStrRepr(spawn.bind)})`);
    record(indent, describe({ op: "spawn", ...spawn }));
  };

  const block = (body: Stmt[], indent: number): void => {
    const before = out.length;
    for (const stmt of body) statement(stmt, indent);
    if (out.length === before) line(indent, "pass");
  };

  const record = (indent: number, what: string, value?: string): void => {
    line(indent, value === undefined ? `trace.record(${pyStrRepr(what)})` : `trace.record(${pyStrRepr(what)}, ${value})`);
  };

  const statement = (stmt: Stmt, indent: number): void => {
    const what = describe(stmt);
    switch (stmt.op) {
      case "log":
        record(indent, what);
        return;
      case "sleep":
        line(indent, `await asyncio.sleep(${delay(stmt.delay)})`);
        record(indent, what);
        return;
      case "spawn":
        spawnTask(stmt, "asyncio.create_task", indent);
        return;
      case "wait_for":
        line(indent, `value = await asyncio.wait_for(${refText(stmt.target)}, ${stmt.timeout === null ? "None" : delay(stmt.timeout)})`);
        record(indent, what, "value");
        return;
      case "timeout": {
        const cm = `_cm${++scopes}`;
        line(indent, `async with asyncio.timeout(${stmt.delay === null ? "None" : delay(stmt.delay)}) as ${cm}:`);
        block(stmt.body, indent + 1);
        record(indent, what, `${cm}.expired()`);
        return;
      }
      case "primitive": {
        const cls = PRIMITIVE_CLASSES[stmt.kind];
        const arg = stmt.value === undefined ? "" : String(stmt.value);
        line(indent, `${stmt.bind} = asyncio.${cls}(${arg})`);
        record(indent, what);
        return;
      }
      case "sync": {
        const t = stmt.target;
        switch (stmt.action) {
          case "acquire":
          case "wait":
            line(indent, `value = await ${t}.${stmt.action}()`);
            record(indent, what, "value");
            return;
          case "abort":
          case "reset":
            line(indent, `await ${t}.${stmt.action}()`);
            break;
          case "locked":
          case "is_set":
            record(indent, what, `${t}.${stmt.action}()`);
            return;
          case "notify":
            line(indent, `${t}.notify(${stmt.n ?? ""})`);
            break;
          default:
            line(indent, `${t}.${stmt.action}()`);
        }
        record(indent, what);
        return;
      }
      case "with":
        line(indent, `async with ${stmt.target} as value:`);
        record(indent + 1, what, "value");
        block(stmt.body, indent + 1);
        record(indent, `${what} exit`);
        return;
      case "set_later":
        line(indent, `loop.call_later(${delay(stmt.delay)}, trace.set_event, ${stmt.target}, ${pyStrRepr(stmt.target)})`);
        record(indent, what);
        return;
      case "queue":
        line(indent, `${stmt.bind} = asyncio.${QUEUE_CLASSES[stmt.kind]}(maxsize=${stmt.maxsize})`);
        record(indent, what);
        return;
      case "queue_op": {
        const q = stmt.target;
        const v = stmt.value === undefined ? "" : literal(stmt.value);
        switch (stmt.action) {
          case "put":
          case "join":
            line(indent, `await ${q}.${stmt.action}(${v})`);
            break;
          case "get":
            line(indent, `value = await ${q}.get()`);
            record(indent, what, "value");
            return;
          case "get_nowait":
          case "qsize":
            line(indent, `value = ${q}.${stmt.action}()`);
            record(indent, what, "value");
            return;
          case "shutdown":
            line(indent, `${q}.shutdown(${stmt.immediate ? "immediate=True" : ""})`);
            break;
          default:
            line(indent, `${q}.${stmt.action}(${v})`);
        }
        record(indent, what);
        return;
      }
      case "as_completed": {
        for (const child of stmt.children) spawnTask(child, "asyncio.create_task", indent);
        const tasks = `[${stmt.children.map((c) => c.bind).join(", ")}]`;
        const timeout = stmt.timeout === null ? "" : `, timeout=${delay(stmt.timeout)}`;
        if (stmt.async) {
          line(indent, `async for _t in asyncio.as_completed(${tasks}${timeout}):`);
          record(indent + 1, what, "trace.name(_t)");
        } else {
          line(indent, `for _next in asyncio.as_completed(${tasks}${timeout}):`);
          line(indent + 1, "value = await _next");
          record(indent + 1, what, "value");
        }
        return;
      }
      case "task_group": {
        const tg = `_tg${++scopes}`;
        line(indent, `async with asyncio.TaskGroup() as ${tg}:`);
        for (const child of stmt.children) spawnTask(child, `${tg}.create_task`, indent + 1);
        block(stmt.body, indent + 1);
        record(indent, what);
        return;
      }
      case "await":
        line(indent, `value = await ${refText(stmt.target)}`);
        record(indent, what, "value");
        return;
      case "future":
        line(indent, `${stmt.bind} = loop.create_future()`);
        line(indent, `trace.track(${stmt.bind}, ${pyStrRepr(stmt.bind)})`);
        record(indent, what);
        return;
      case "set_result":
        line(indent, `${stmt.future}.set_result(${literal(stmt.value)})`);
        record(indent, what);
        return;
      case "set_exception":
        line(indent, `${stmt.future}.set_exception(${stmt.exception}(${literal(stmt.arg)}))`);
        record(indent, what);
        return;
      case "resolve_later":
        line(indent, `loop.call_later(${delay(stmt.delay)}, trace.resolve, ${stmt.future}, ${literal(stmt.value)})`);
        record(indent, what);
        return;
      case "gather": {
        const flag = stmt.returnExceptions ? ", return_exceptions=True" : "";
        line(indent, `values = await asyncio.gather(${stmt.items.map(refText).join(", ")}${flag})`);
        record(indent, what, "values");
        return;
      }
      case "wait": {
        const args = [`[${stmt.items.map(refText).join(", ")}]`];
        if (stmt.returnWhen !== "ALL_COMPLETED") args.push(`return_when=asyncio.${stmt.returnWhen}`);
        if (stmt.timeout !== undefined) args.push(`timeout=${delay(stmt.timeout)}`);
        line(indent, `done, pending = await asyncio.wait(${args.join(", ")})`);
        record(indent, what, `{"done": trace.names(done), "pending": trace.names(pending)}`);
        return;
      }
      case "shield":
        line(indent, `value = await asyncio.shield(${refText(stmt.target)})`);
        record(indent, what, "value");
        return;
      case "cancel": {
        const msg = stmt.msg === undefined ? "" : pyStrRepr(stmt.msg);
        line(indent, `value = ${refText(stmt.target)}.cancel(${msg})`);
        record(indent, what, "value");
        return;
      }
      case "raise":
        line(indent, `raise ${stmt.exception}(${literal(stmt.arg)})`);
        return;
      case "try": {
        if (stmt.handlers.length === 0 && stmt.finally === undefined) {
          block(stmt.body, indent);
          return;
        }
        line(indent, "try:");
        block(stmt.body, indent + 1);
        for (const handler of stmt.handlers) {
          line(indent, `except ${catchClass(handler.catch)} as e:`);
          record(indent + 1, `caught ${handler.catch}`, "e");
          block(handler.body, indent + 1);
        }
        if (stmt.finally !== undefined) {
          line(indent, "finally:");
          record(indent + 1, "finally");
          block(stmt.finally, indent + 1);
        }
        return;
      }
      case "return":
        line(indent, `return ${literal(stmt.value)}`);
        return;
      case "repeat":
        line(indent, `for _ in range(${stmt.times}):`);
        block(stmt.body, indent + 1);
        return;
      case "call_soon":
        line(indent, `loop.call_soon(trace.callback, ${pyStrRepr(stmt.label)})`);
        record(indent, what);
        return;
      case "call_later":
        line(indent, `loop.call_later(${delay(stmt.delay)}, trace.callback, ${pyStrRepr(stmt.label)})`);
        record(indent, what);
        return;
      case "add_done_callback":
        line(indent, `${refText(stmt.target)}.add_done_callback(trace.done_callback(${pyStrRepr(stmt.label)}))`);
        record(indent, what);
        return;
      case "probe":
        line(indent, `trace.probe(${refText(stmt.target)}, ${pyStrRepr(stmt.what)})`);
        return;
    }
  };

  const catchClass = (c: Catch): string => CATCH[c] ?? c;

  if (options.header) out.push(`# ${options.header}`);
  if (options.standalone) {
    out.push(`# A standalone program: run it with python3 (${options.python} semantics); it prints its trace.`);
    out.push(inlineHarness());
  } else {
    out.push("import asyncio");
  }
  out.push("");
  for (const name of program.exceptions) {
    out.push("", `class ${name}(Exception):`, "    pass", "");
  }
  for (const [name, body] of Object.entries(program.coroutines)) {
    out.push("");
    coroutineDef(name, body, 0);
    out.push("");
  }
  out.push("");
  coroutineDef(
    "main",
    program.main,
    0,
    program.taskFactory === "eager" ? ["asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)"] : [],
  );
  if (options.standalone) out.push("", "", 'if __name__ == "__main__":', "    main_entry(globals())");
  return out.join("\n") + "\n";
}

let harnessSource: string | null = null;

/** virtual_time.py and asyncio_ts_harness.py as one block of source, for standalone files. */
function inlineHarness(): string {
  if (harnessSource === null) {
    const read = (file: string) => readFileSync(fileURLToPath(new URL(file, REFERENCE_DIR)), "utf8");
    const strip = (src: string) =>
      src
        .replace(/^"""[\s\S]*?"""\n/, "")
        .replace(/^from virtual_time import .*\n/m, "")
        .replace(/^__all__ = .*\n/m, "");
    harnessSource = [
      "# ---- harness: python-reference/virtual_time.py and asyncio_ts_harness.py, inlined ----",
      strip(read("virtual_time.py")),
      strip(read("asyncio_ts_harness.py")),
      "# ---- the program ----",
    ].join("\n");
  }
  return harnessSource;
}
