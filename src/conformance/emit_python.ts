/**
 * Writes a program IR as readable Python: `async def` coroutines, `await`,
 * `asyncio.create_task`, the code a person would write for the chosen CPython release,
 * plus `trace.*` calls that record what it observes. The reference worker executes this
 * source; with `standalone: true` the harness is inlined and the file runs by itself
 * (`python3 repro.py` prints the trace). Each operation writes itself (`python` in
 * ./ops/); this module is the driver and the {@link PythonWriter} they write with.
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
import type { PythonVersion } from "../asyncio/version.ts";
import { usesLoop, usesWarnings } from "./emit_common.ts";
import { CodeWriter } from "./emit_writer.ts";
import { pythonEntry } from "./entry.ts";
import { delaySeconds, type Catch, type Delay } from "./ir/schema_kit.ts";
import type { Program, Stmt } from "./ir/types.ts";
import { opOf } from "./ops/index.ts";
import type { Parameter } from "./ops/params.ts";
import { spawnCallText, type Spawn } from "./ops/spawn.ts";

/** Options of {@link emitPython}. */
export interface EmitPythonOptions {
  python: PythonVersion;
  /** Inline the harness so the file runs with plain `python3` and prints the trace. */
  standalone?: boolean;
  /** A comment line for the top of the file (e.g. where the program came from). */
  header?: string;
}

const REFERENCE_DIR = new URL("../../python-reference/", import.meta.url);

const CATCH: Record<string, string> = {
  CancelledError: "asyncio.CancelledError",
  TimeoutError: "asyncio.TimeoutError",
  Exception: "Exception",
  BaseException: "BaseException",
};

/** Python source being written, line by line; what operations write themselves with. */
export class PythonWriter extends CodeWriter {
  constructor(python: PythonVersion) {
    super(python, "    ", "");
  }

  protected statement(stmt: Stmt, indent: number): void {
    opOf(stmt).python(stmt, this, indent);
  }

  /** A block's statements (`pass` when it writes nothing). */
  override block(body: Stmt[], indent: number): void {
    const before = this.out.length;
    super.block(body, indent);
    if (this.out.length === before) this.line(indent, "pass");
  }

  /** `async def name(params):`, its prelude, and its body. */
  coroutineDef(name: string, body: Stmt[], indent: number, prelude: string[] = [], params: readonly Parameter[] = []): void {
    this.line(indent, `async def ${name}(${params.map((p) => p.name).join(", ")}):`);
    for (const text of prelude) this.line(indent + 1, text);
    if (usesLoop(body)) this.line(indent + 1, "loop = asyncio.get_running_loop()");
    this.block(body, indent + 1);
  }

  /** `name = <creator>(coro(), name=...)`, its tracking and its event. */
  spawnTask(spawn: Spawn, creator: string, indent: number): void {
    if ("body" in spawn.target) this.coroutineDef(`${spawn.bind}_body`, spawn.target.body, indent);
    const call = spawnCallText(spawn);
    const named = this.minor >= 8 ? `, name=${this.str(spawn.bind)}` : "";
    this.line(indent, `${spawn.bind} = ${creator}(${call}${named})`);
    this.line(indent, `trace.track(${spawn.bind}, ${this.str(spawn.bind)})`);
    this.record(indent, `spawn ${spawn.bind}`);
  }

  /** A string literal. */
  str(s: string): string {
    return pyStrRepr(s);
  }

  /** A delay as a float literal: `0.5`, `-0.0`, `float('inf')`, `float('nan')`. */
  delay(d: Delay): string {
    const seconds = delaySeconds(d);
    // Spelled here, not by the pyFloatRepr under test, so that a fault in its -0.0 cannot hide itself.
    if (Object.is(seconds, -0)) return "-0.0";
    return Number.isFinite(seconds) ? pyFloatRepr(seconds) : `float(${pyStrRepr(pyFloatRepr(seconds))})`;
  }

  /** The class an `except` clause names. */
  catchClass(c: Catch): string {
    return CATCH[c] ?? c;
  }
}

/** Writes `program` as Python source. */
export function emitPython(program: Program, options: EmitPythonOptions): string {
  const w = new PythonWriter(options.python);
  const out = w.out;
  if (options.header) out.push(`# ${options.header}`);
  if (options.standalone) {
    out.push(`# A standalone program: run it with python3 (${options.python} semantics); it prints its trace.`);
    out.push(inlineHarness());
  } else {
    out.push("import asyncio");
  }
  // The standalone harness imports warnings already.
  if (usesWarnings(program) && !options.standalone) out.push("import warnings");
  out.push("");
  for (const name of program.exceptions) {
    out.push("", `class ${name}(Exception):`, "    pass", "");
  }
  for (const [name, body] of Object.entries(program.coroutines)) {
    out.push("");
    w.coroutineDef(name, body, 0, [], program.parameters?.[name]);
    out.push("");
  }
  out.push("");
  w.coroutineDef(
    "main",
    program.main,
    0,
    program.taskFactory === "eager" ? ["asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)"] : [],
  );
  const entry = pythonEntry(program);
  if (entry.length > 0) out.push("", "", ...entry);
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
