/**
 * What the Python and TypeScript writers share: lines at an indentation, the statement
 * driver, fresh local names, and the `trace.record(...)` call each statement's event
 * becomes. Each language's writer (emit_python.ts, emit_ts.ts) supplies its own indent
 * unit, statement terminator, string literals and statement writer.
 *
 * @example
 * ```ts
 * class MyWriter extends CodeWriter { ... }
 * ```
 * @module
 */
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import type { Value } from "./ir/schema_kit.ts";
import type { Stmt } from "./ir/types.ts";
import { opOf } from "./ops/index.ts";

/** Source being written, line by line. */
export abstract class CodeWriter {
  readonly out: string[] = [];
  readonly minor: number;
  private scopes = 0;

  constructor(
    readonly python: PythonVersion,
    /** One level of indentation. */
    private readonly indentUnit: string,
    /** What ends a statement (`";"` or nothing). */
    private readonly end: string,
  ) {
    this.minor = pythonMinor(python);
  }

  /** A string literal. */
  abstract str(s: string): string;

  /** Writes one statement. */
  protected abstract statement(stmt: Stmt, indent: number): void;

  /** Appends a line at an indentation level. */
  line(indent: number, text: string): void {
    this.out.push(this.indentUnit.repeat(indent) + text);
  }

  /** `trace.record(<what>)`, or with a value expression; `what` is a statement's event text. */
  record(indent: number, what: Stmt | string, value?: string): void {
    const text = this.str(typeof what === "string" ? what : opOf(what).describe(what));
    this.line(indent, value === undefined ? `trace.record(${text})${this.end}` : `trace.record(${text}, ${value})${this.end}`);
  }

  /** A block's statements. */
  block(body: Stmt[], indent: number): void {
    for (const stmt of body) this.statement(stmt, indent);
  }

  /** A fresh local name: `<prefix>1`, `<prefix>2`, ... */
  fresh(prefix: string): string {
    return `${prefix}${++this.scopes}`;
  }

  /** A literal value. */
  literal(v: Value): string {
    if (Array.isArray(v)) return `[${v.map((x) => this.literal(x)).join(", ")}]`;
    return typeof v === "number" ? String(v) : this.str(v);
  }
}
