/**
 * What one IR operation is, in one place. Every statement kind of the program IR (`log`,
 * `sleep`, `spawn`, `gather`, `task_group`, ...) has a module in this folder that exports
 * one {@link OpDefinition}: its zod schema, its scoping rules, the release that added it,
 * how the generator makes it, how our interpreter runs it, how it is written in Python and
 * in TypeScript, the text of the event it records, and how the shrinker simplifies it.
 *
 * The kit's stages (ir/schema.ts, ir/check.ts, generate/, interpret.ts, emit_python.ts,
 * emit_ts.ts, what.ts, shrink.ts) are drivers over the registry in ./index.ts: adding an
 * operation means writing its module and registering it there.
 *
 * @example
 * ```ts
 * import { defineOp } from "./op.ts";
 *
 * export interface LogStmt { op: "log"; text: string }
 * export const log = defineOp<LogStmt>({
 *   op: "log",
 *   summary: "Records `log <text>`.",
 *   schema: (k) => k.z.strictObject({ op: k.z.literal("log"), text: k.Text }),
 *   describe: (s) => `log ${s.text}`,
 *   exec: (s, rt) => rt.record(s),
 *   python: (s, w, indent) => w.record(indent, s),
 *   typescript: (s, w, indent) => w.record(indent, s),
 *   generate: { weight: 2, resolve: (_r, _ctx, g) => g.logInstead() },
 * });
 * ```
 * @module
 */
import type fc from "fast-check";
import type { Yielded } from "../../asyncio/index.ts";
import type { Checker, Scope, WalkFlags } from "../ir/check.ts";
import type { SchemaKit, StmtSchema } from "../ir/schema_kit.ts";
import type { Context, Resolver } from "../generate/resolve.ts";
import type { RawKit, RawStmt } from "../generate/raw.ts";
import type { Env, Returned, Runtime } from "../interpret.ts";
import type { PythonWriter } from "../emit_python.ts";
import type { TsWriter } from "../emit_ts.ts";
import type { Program, Stmt } from "./index.ts";

/** A path into a program, as zod reports paths: `["main", 3, "body", 0]`. */
export type Path = (string | number)[];

/**
 * How a nested body sits in its statement: as the body of a new coroutine (an inline task
 * body), or inside `blocks` static Python blocks (`for`, `try`, `except ... as e` counts
 * two, `async with`, `async for`) of the enclosing coroutine, run up to `times` times.
 */
export interface Nesting {
  coroutine?: boolean;
  /** Static Python blocks the body adds (default 1). */
  blocks?: number;
  /** How many times the body can run per run of the statement (default 1). */
  times?: number;
}

/** A statement list nested in a statement, with its path relative to the statement and how it nests. */
export type NestedBody = [Path, Stmt[], Nesting?];

/** One way to simplify a statement: its replacement statements. */
export type Edit = (stmt: Stmt) => Stmt[];

/** What `simplify` may ask the shrinker. */
export interface ShrinkKit {
  /** True when a body contains a `return` (inlining it elsewhere would change control flow). */
  returns(body: Stmt[]): boolean;
}

/** A feature a statement uses that some releases lack. */
export interface Requirement {
  /** How the feature is named in messages, e.g. `asyncio.TaskGroup`. */
  name: string;
  /** The minor release (3.x) that added it. */
  since: number;
  /**
   * The last minor release where the statement means what both sides run, when a later
   * one changed it beyond what the IR can express (e.g. 11: a plain generator passed where
   * one awaitable is expected, which CPython refuses from 3.12).
   */
  until?: number;
}

/** How the generator makes an operation (see generate/). */
export interface OpGenerator<S extends Stmt> {
  /** Default weight in the statement mix (0: never generated unless a focus raises it). */
  weight: number;
  /** Below this minor release the operation is never generated. */
  since?: number;
  /**
   * Inside a task group's child (a "quiet" context, see `Context.quiet`): `"safe"` may
   * appear there and in quiet named coroutines; `"degrade"` becomes a sleep there.
   * Unset: neither (the operation handles quiet contexts itself).
   */
  quiet?: "safe" | "degrade";
  /**
   * For a `"safe"` operation: whether this statement keeps a named coroutine quiet
   * (default true), e.g. an `await` only of quiet coroutines.
   */
  quietWhen?(stmt: S, g: Resolver): boolean;
  /** The raw shape of a compound operation (one with bodies); leaves share one shape. */
  compound?(k: RawKit): fc.Arbitrary<RawStmt>;
  /** Turns a raw statement into IR statements valid at this point (see generate/resolve.ts). */
  resolve(r: RawStmt, ctx: Context, g: Resolver): Stmt[];
}

/**
 * Everything about one IR operation. Methods (not function-valued properties) so that a
 * definition for one statement type is usable where a definition for any statement is.
 */
export interface OpDefinition<S extends Stmt> {
  /** The statement kind: the IR's `op` field. */
  readonly op: S["op"];
  /** One sentence: what the statement does (used in docs). */
  readonly summary: string;
  /** The zod schema of the statement (a strict object with `op` as a literal). */
  schema(k: SchemaKit): StmtSchema;
  /** Statement lists nested in it (blocks and inline task bodies). */
  nested?(stmt: S): NestedBody[];
  /** Scoping rules: names it binds and uses; walks its own nested bodies. */
  check?(stmt: S, c: Checker, scope: Scope, at: Path, flags: WalkFlags): void;
  /** A feature some releases lack, when this statement uses one. */
  requires?(stmt: S): Requirement | undefined;
  /** Named coroutines it calls or spawns directly (not in nested bodies). */
  calls?(stmt: S): string[];
  /** Names it binds (including task group and as_completed children). */
  binds?(stmt: S): string[];
  /** Names of tasks, futures, primitives or queues it uses or binds (not in nested bodies). */
  refs?(stmt: S): string[];
  /**
   * The statement with `name` removed (the shrinker removes a binding with all its uses):
   * null to delete it. Default: deleted when {@link refs} lists the name, else kept.
   */
  withoutName?(stmt: S, name: string): Stmt | null;
  /** True when its code needs `loop` (the running loop) in the enclosing coroutine. */
  readonly usesLoop?: boolean;
  /** The `what` text of the event it records when it completes ("" for none). */
  describe(stmt: S): string;
  /** Runs it on our loop when it never suspends. Return a {@link Returned} for `return`. */
  exec?(stmt: S, rt: Runtime, env: Env): Returned | undefined | void;
  /** Runs it on our loop when it may suspend. */
  run?(stmt: S, rt: Runtime, env: Env): Generator<Yielded, Returned | undefined, unknown>;
  /** Writes it as Python. */
  python(stmt: S, w: PythonWriter, indent: number): void;
  /** Writes it as TypeScript on asyncio-ts. */
  typescript(stmt: S, w: TsWriter, indent: number): void;
  /** Smaller replacements for it, biggest reductions first. */
  simplify?(stmt: S, program: Program, k: ShrinkKit): Edit[];
  /** How the generator makes it; absent: never generated. */
  readonly generate?: OpGenerator<S>;
}

/**
 * Declares an operation (an identity function that fixes the statement type).
 *
 * @example
 * ```ts
 * export const sleep = defineOp<SleepStmt>({ op: "sleep", ... });
 * ```
 */
export function defineOp<S extends Stmt>(definition: OpDefinition<S>): OpDefinition<S> {
  return definition;
}
