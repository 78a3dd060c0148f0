/**
 * Writes a program IR as a standalone TypeScript file on asyncio-ts: generator coroutines,
 * `yield*`, `asyncio.createTask`, plus `trace.*` calls that record what it observes. Run
 * with `npx tsx repro.ts` inside this repository, it prints the same trace lines as the
 * interpreter records and as the emitted Python prints. Each operation writes itself
 * (`typescript` in ./ops/); this module is the driver and the {@link TsWriter}.
 *
 * @example
 * ```ts
 * writeFileSync("repro.ts", emitTs(program, { python: "3.12" }));
 * ```
 * @module
 */
import type { PythonVersion } from "../asyncio/version.ts";
import { usesLoop } from "./emit_common.ts";
import { CodeWriter } from "./emit_writer.ts";
import { tsCallWithoutArguments, typescriptEntry } from "./entry.ts";
import { delaySeconds, type Catch, type Delay } from "./ir/schema_kit.ts";
import type { Program, Stmt } from "./ir/types.ts";
import { usesContexts } from "./ops/exceptions.ts";
import { opOf } from "./ops/index.ts";
import { tsParameterType, type Parameter } from "./ops/params.ts";
import { spawnCallText, type Spawn } from "./ops/spawn.ts";

/** Options of {@link emitTs}. */
export interface EmitTsOptions {
  python: PythonVersion;
  /** A comment line for the top of the file (e.g. where the program came from). */
  header?: string;
  /** Module specifier of the library (default "asyncio-ts", the package itself). */
  library?: string;
}

/** TypeScript source being written, line by line; what operations write themselves with. */
export class TsWriter extends CodeWriter {
  /** The coroutines being written, outermost first (for qualnames). */
  private readonly enclosing: string[] = [];

  /**
   * `contexts`: the program records exception contexts, so its coroutines run as frames of
   * the harness's handled-exception state and blocks go through its helpers (`trace.frame`,
   * `trace.raised`, `trace.tryExcept`, `trace.asyncWith`).
   */
  constructor(
    python: PythonVersion,
    readonly contexts = false,
    /** The parameters of the program's named coroutines (see ops/params.ts). */
    readonly parameters: Readonly<Record<string, Parameter[]>> = {},
  ) {
    super(python, "  ", ";");
  }

  /** What the emitted Python's `name()` is here (see {@link tsCallWithoutArguments}). */
  callWithoutArguments(name: string): string {
    return tsCallWithoutArguments(name, this.parameters[name]);
  }

  /** The Python `__qualname__` of a function `name` defined at this point (`main.<locals>.name`). */
  qualnameOf(name: string): string {
    return [...this.enclosing, name].join(".<locals>.");
  }

  /** Writes the body of the function `name`: definitions inside it nest their qualnames in its. */
  within(name: string, write: () => void): void {
    this.enclosing.push(name);
    try {
      write();
    } finally {
      this.enclosing.pop();
    }
  }

  /** The function that runs `async with`: the library's, or the harness's when contexts are recorded. */
  get asyncWith(): string {
    return this.contexts ? "trace.asyncWith" : "asyncio.asyncWith";
  }

  protected statement(stmt: Stmt, indent: number): void {
    opOf(stmt).typescript(stmt, this, indent);
  }

  /**
   * `const name = asyncio.asyncDef(function* name(params) { ... });`, with the Python
   * `__qualname__` reprs print (`main.<locals>.t1_body`) when it is nested.
   */
  coroutineDef(name: string, body: Stmt[], indent: number, prelude: string[] = [], params: readonly Parameter[] = []): void {
    const qualname = [...this.enclosing, name].join(".<locals>.");
    const signature = params.map((p) => `${p.name}: ${tsParameterType(p.kind)}`).join(", ");
    this.line(indent, `const ${name} = asyncio.asyncDef(function* ${name}(${signature}): asyncio.Coroutine<unknown> {`);
    this.enclosing.push(name);
    for (const text of prelude) this.line(indent + 1, text);
    if (usesLoop(body)) this.line(indent + 1, "const loop = asyncio.getRunningLoop();");
    let at = indent + 1;
    if (this.contexts) {
      this.line(at, "return yield* trace.frame(function* (): asyncio.Coroutine<unknown> {");
      at++;
    }
    this.block(body, at);
    // Falling off the end returns None in Python; say so, for the type checker.
    if (body.at(-1)?.op !== "return") this.line(at, "return undefined;");
    if (this.contexts) this.line(indent + 1, "});");
    this.enclosing.pop();
    this.line(indent, qualname === name ? "});" : `}, ${this.str(qualname)});`);
  }

  /** `const name = trace.track(<creator>(coro(), { name }), name)` and its event. */
  spawnTask(spawn: Spawn, creator: string, indent: number): void {
    if ("body" in spawn.target) this.coroutineDef(`${spawn.bind}_body`, spawn.target.body, indent);
    const call = spawnCallText(spawn);
    const named = this.minor >= 8 ? `, { name: ${this.str(spawn.bind)} }` : "";
    this.line(indent, `const ${spawn.bind} = trace.track(${creator}(${call}${named}), ${this.str(spawn.bind)});`);
    this.record(indent, `spawn ${spawn.bind}`);
  }

  /** A string literal. */
  str(s: string): string {
    return JSON.stringify(s);
  }

  /** A delay as a number literal: `0.5`, `Infinity`, `NaN`, `-0` (String(-0) is "0"). */
  delay(d: Delay): string {
    const seconds = delaySeconds(d);
    return Object.is(seconds, -0) ? "-0" : String(seconds);
  }

  /** The condition under which a `catch (e)` block handles what an `except <c>` clause catches. */
  catchTest(c: Catch): string {
    switch (c) {
      case "BaseException":
        return "true";
      case "Exception":
        return `asyncio.isException(e, ${this.str(this.python)})`;
      case "CancelledError":
        return "e instanceof asyncio.CancelledError";
      case "TimeoutError":
        // asyncio's TimeoutError: before 3.11 not the built-in one.
        return "asyncio.exceptMatch(e, asyncio.TimeoutError)";
      default:
        return `e instanceof ${c}`;
    }
  }
}

/** Writes `program` as a TypeScript module. */
export function emitTs(program: Program, options: EmitTsOptions): string {
  const library = options.library ?? "asyncio-ts";
  const w = new TsWriter(options.python, usesContexts(program), program.parameters);
  const out = w.out;
  if (options.header) out.push(`// ${options.header}`);
  out.push(`// A standalone program: run it with npx tsx (Python ${options.python} semantics); it prints its trace.`);
  out.push(`import * as asyncio from ${w.str(library)};`);
  out.push(`import { Harness } from ${w.str(`${library}/conformance/harness`)};`);
  out.push("", `const trace = new Harness({ python: ${w.str(options.python)}${w.contexts ? ", contexts: true" : ""} });`, "");
  for (const name of program.exceptions) out.push(`class ${name} extends asyncio.Exception {}`);
  if (program.exceptions.length > 0) out.push("");
  for (const [name, body] of Object.entries(program.coroutines)) {
    w.coroutineDef(name, body, 0, [], program.parameters?.[name]);
    out.push("");
  }
  w.coroutineDef(
    "main",
    program.main,
    0,
    program.taskFactory === "eager" ? ["asyncio.getRunningLoop().setTaskFactory(asyncio.eagerTaskFactory);"] : [],
  );
  out.push("", ...typescriptEntry(program));
  return out.join("\n") + "\n";
}
