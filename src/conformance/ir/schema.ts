/**
 * The program IR: a JSON description of a coroutine program that the kit runs on our loop
 * and on CPython. The zod schema is the single definition: the TypeScript types are
 * inferred from it, untrusted JSON is checked with it (errors carry the zod path of the
 * first problem), and `npm run ir:schema` writes its JSON Schema to docs/.
 *
 * A program has named coroutine definitions, program-defined exception classes and a
 * `main` body. Statements bind names (tasks, futures, values) that later statements use;
 * `checkProgram` enforces the scoping rules the generators follow (see ./check.ts).
 *
 * @example
 * ```ts
 * const program = parseProgram({
 *   schema: 1,
 *   exceptions: ["AlphaError"],
 *   coroutines: { job: [{ op: "sleep", delay: 1 }, { op: "return", value: 3 }] },
 *   main: [
 *     { op: "spawn", bind: "t1", target: { coroutine: "job" } },
 *     { op: "await", target: { task: "t1" } },
 *   ],
 * });
 * ```
 * @module
 */
import { z } from "zod";
import { PYTHON_VERSIONS } from "../../asyncio/version.ts";

/** The IR version written in every program's `schema` field. */
export const IR_SCHEMA_VERSION = 1;

const RESERVED = new Set(
  (
    "and as assert async await break case catch class const continue debugger def default del delete do elif else " +
    "enum except export extends false finally for from function global if import in instanceof is lambda let " +
    "match new nonlocal not null or pass raise return super switch this throw true try typeof var void while " +
    "with yield none asyncio trace main loop value values done pending e i range print"
  ).split(" "),
);

/** A variable or coroutine name: a lower-case identifier, valid in Python and TypeScript. */
export const Identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,30}$/, "must be a lower-case identifier (a-z, 0-9, _), at most 31 characters")
  .refine((s) => !RESERVED.has(s), "must not be a Python or TypeScript keyword or a name the harness uses")
  .refine((s) => !s.endsWith("_body"), "must not end in _body (the emitters name inline coroutines so)");

/** A program-defined exception class name, e.g. `AlphaError`. */
export const ExceptionName = z
  .string()
  .regex(/^[A-Z][A-Za-z0-9]{0,30}Error$/, "must be a capitalised class name ending in Error");

/** A delay in seconds: finite and not negative. */
export const Delay = z.number().finite().nonnegative();

/** A literal value: an integer or a short string. */
export const Value = z.union([
  z.number().int().min(-1_000_000).max(1_000_000),
  z.string().max(40).regex(/^[\x20-\x7e]*$/, "must be printable ASCII"),
]);

/** Something a statement can await: a bound task or future, or a call of a named coroutine. */
export const Awaitable = z.union([
  z.strictObject({ task: Identifier }),
  z.strictObject({ future: Identifier }),
  z.strictObject({ call: Identifier }),
]);

/** A task or future bound earlier. */
export const FutureRef = z.union([z.strictObject({ task: Identifier }), z.strictObject({ future: Identifier })]);

/** What an exception handler catches. */
export const Catch = z.union([ExceptionName, z.enum(["CancelledError", "TimeoutError", "Exception", "BaseException"])]);

export type Stmt =
  | { op: "log"; text: string }
  | { op: "sleep"; delay: number }
  | ({ op: "spawn" } & Spawn)
  | { op: "await"; target: z.infer<typeof Awaitable> }
  | { op: "future"; bind: string }
  | { op: "set_result"; future: string; value: z.infer<typeof Value> }
  | { op: "set_exception"; future: string; exception: string; arg: z.infer<typeof Value> }
  | { op: "resolve_later"; future: string; delay: number; value: z.infer<typeof Value> }
  | { op: "gather"; items: z.infer<typeof Awaitable>[]; returnExceptions: boolean }
  | {
      op: "wait";
      items: z.infer<typeof FutureRef>[];
      returnWhen: "FIRST_COMPLETED" | "FIRST_EXCEPTION" | "ALL_COMPLETED";
      timeout?: number | undefined;
    }
  | { op: "shield"; target: z.infer<typeof Awaitable> }
  | { op: "cancel"; target: z.infer<typeof FutureRef>; msg?: string | undefined }
  | { op: "raise"; exception: string; arg: z.infer<typeof Value> }
  | { op: "try"; body: Stmt[]; handlers: { catch: z.infer<typeof Catch>; body: Stmt[] }[]; finally?: Stmt[] | undefined }
  | { op: "return"; value: z.infer<typeof Value> }
  | { op: "repeat"; times: number; body: Stmt[] }
  | { op: "call_soon"; label: string }
  | { op: "call_later"; delay: number; label: string }
  | { op: "add_done_callback"; target: z.infer<typeof FutureRef>; label: string }
  | { op: "probe"; target: z.infer<typeof FutureRef>; what: "done" | "cancelled" | "result" | "exception" }
  | { op: "wait_for"; target: z.infer<typeof Awaitable>; timeout: number | null }
  | { op: "timeout"; delay: number | null; body: Stmt[] }
  | { op: "task_group"; children: Spawn[]; body: Stmt[] }
  | { op: "primitive"; bind: string; kind: PrimitiveKind; value?: number | undefined }
  | { op: "sync"; target: string; action: SyncAction; n?: number | undefined }
  | { op: "with"; target: string; body: Stmt[] }
  | { op: "set_later"; target: string; delay: number }
  | { op: "queue"; bind: string; kind: QueueKind; maxsize: number }
  | {
      op: "queue_op";
      target: string;
      action: QueueAction;
      value?: z.infer<typeof Value> | undefined;
      immediate?: boolean | undefined;
    }
  | { op: "as_completed"; children: Spawn[]; timeout: number | null; async: boolean };

/** Synchronisation primitives a program can create. */
export const PRIMITIVE_KINDS = ["lock", "event", "condition", "semaphore", "bounded_semaphore", "barrier"] as const;
export type PrimitiveKind = (typeof PRIMITIVE_KINDS)[number];
/** What a `sync` statement does to a primitive (which actions apply depends on its kind). */
export const SYNC_ACTIONS = ["acquire", "release", "locked", "wait", "set", "clear", "is_set", "notify", "notify_all", "abort", "reset"] as const;
export type SyncAction = (typeof SYNC_ACTIONS)[number];
/** Queue classes: Queue, LifoQueue, PriorityQueue. */
export const QUEUE_KINDS = ["fifo", "lifo", "priority"] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];
export const QUEUE_ACTIONS = ["put", "get", "put_nowait", "get_nowait", "task_done", "join", "qsize", "shutdown"] as const;
export type QueueAction = (typeof QUEUE_ACTIONS)[number];

/** The actions each primitive kind supports. */
export const ACTIONS_OF: Record<PrimitiveKind, readonly SyncAction[]> = {
  lock: ["acquire", "release", "locked"],
  semaphore: ["acquire", "release", "locked"],
  bounded_semaphore: ["acquire", "release", "locked"],
  event: ["wait", "set", "clear", "is_set"],
  condition: ["acquire", "release", "locked", "wait", "notify", "notify_all"],
  barrier: ["wait", "abort", "reset"],
};

/** A task to create: its name in the program, and a named coroutine or an inline body. */
export interface Spawn {
  bind: string;
  target: { coroutine: string } | { body: Stmt[] };
}

const Label = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "must be a lower-case label");
const Text = z.string().max(60).regex(/^[\x20-\x7e]*$/, "must be printable ASCII");

/** One statement. Each records its observable outcome in the trace when it completes. */
export const Stmt: z.ZodType<Stmt> = z.lazy(() => {
  // A task to create (see `Spawn`): a spawn statement, or a child of as_completed or a task group.
  const spawn = {
    bind: Identifier,
    target: z.union([z.strictObject({ coroutine: Identifier }), z.strictObject({ body: z.array(Stmt) })]),
  };
  return z.discriminatedUnion("op", [
    z.strictObject({ op: z.literal("log"), text: Text }),
    z.strictObject({ op: z.literal("sleep"), delay: Delay }),
    z.strictObject({ op: z.literal("spawn"), ...spawn }),
    z.strictObject({ op: z.literal("await"), target: Awaitable }),
    z.strictObject({ op: z.literal("future"), bind: Identifier }),
    z.strictObject({ op: z.literal("set_result"), future: Identifier, value: Value }),
    z.strictObject({ op: z.literal("set_exception"), future: Identifier, exception: ExceptionName, arg: Value }),
    z.strictObject({ op: z.literal("resolve_later"), future: Identifier, delay: Delay, value: Value }),
    z.strictObject({ op: z.literal("gather"), items: z.array(Awaitable).min(1).max(12), returnExceptions: z.boolean() }),
    z.strictObject({
      op: z.literal("wait"),
      items: z.array(FutureRef).min(1).max(12),
      returnWhen: z.enum(["FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"]),
      timeout: Delay.optional(),
    }),
    z.strictObject({ op: z.literal("shield"), target: Awaitable }),
    z.strictObject({ op: z.literal("cancel"), target: FutureRef, msg: Text.optional() }),
    z.strictObject({ op: z.literal("raise"), exception: ExceptionName, arg: Value }),
    z.strictObject({
      op: z.literal("try"),
      body: z.array(Stmt),
      handlers: z.array(z.strictObject({ catch: Catch, body: z.array(Stmt) })).max(4),
      finally: z.array(Stmt).optional(),
    }),
    z.strictObject({ op: z.literal("return"), value: Value }),
    z.strictObject({ op: z.literal("repeat"), times: z.number().int().min(1).max(5), body: z.array(Stmt) }),
    z.strictObject({ op: z.literal("call_soon"), label: Label }),
    z.strictObject({ op: z.literal("call_later"), delay: Delay, label: Label }),
    z.strictObject({ op: z.literal("add_done_callback"), target: FutureRef, label: Label }),
    z.strictObject({ op: z.literal("probe"), target: FutureRef, what: z.enum(["done", "cancelled", "result", "exception"]) }),
    z.strictObject({ op: z.literal("wait_for"), target: Awaitable, timeout: Delay.nullable() }),
    z.strictObject({ op: z.literal("timeout"), delay: Delay.nullable(), body: z.array(Stmt) }),
    z.strictObject({
      op: z.literal("primitive"),
      bind: Identifier,
      kind: z.enum(PRIMITIVE_KINDS),
      value: z.number().int().min(1).max(8).optional(),
    }),
    z.strictObject({ op: z.literal("sync"), target: Identifier, action: z.enum(SYNC_ACTIONS), n: z.number().int().min(1).max(8).optional() }),
    z.strictObject({ op: z.literal("with"), target: Identifier, body: z.array(Stmt) }),
    z.strictObject({ op: z.literal("set_later"), target: Identifier, delay: Delay }),
    z.strictObject({ op: z.literal("queue"), bind: Identifier, kind: z.enum(QUEUE_KINDS), maxsize: z.number().int().min(0).max(8) }),
    z.strictObject({
      op: z.literal("queue_op"),
      target: Identifier,
      action: z.enum(QUEUE_ACTIONS),
      value: Value.optional(),
      immediate: z.boolean().optional(),
    }),
    z.strictObject({
      op: z.literal("as_completed"),
      children: z.array(z.strictObject(spawn)).min(1).max(8),
      timeout: Delay.nullable(),
      async: z.boolean(),
    }),
    z.strictObject({
      op: z.literal("task_group"),
      children: z.array(z.strictObject(spawn)).max(8),
      body: z.array(Stmt),
    }),
  ]);
}).meta({ id: "Statement", description: "One statement; each records its observable outcome in the trace when it completes." });

/** A whole program. */
export const Program = z.strictObject({
  /** Always {@link IR_SCHEMA_VERSION}. */
  schema: z.literal(IR_SCHEMA_VERSION),
  /** The CPython release the program was made for (its default target when replayed). */
  python: z.enum(PYTHON_VERSIONS).optional(),
  /** Exception classes the program raises; each subclasses `Exception`. */
  exceptions: z.array(ExceptionName).max(8),
  /** Named coroutine definitions (no parameters), callable and spawnable by name. */
  coroutines: z.record(Identifier, z.array(Stmt)),
  /** The body of the main coroutine. */
  main: z.array(Stmt),
  /** `"eager"`: main first sets `asyncio.eager_task_factory` as the loop's task factory (3.12+). */
  taskFactory: z.literal("eager").optional(),
});

export type Program = z.infer<typeof Program>;
export type Awaitable = z.infer<typeof Awaitable>;
export type FutureRef = z.infer<typeof FutureRef>;
export type Value = z.infer<typeof Value>;
export type Catch = z.infer<typeof Catch>;
/** Every statement kind, in a fixed order (used for statistics and weights). */
export const STATEMENT_KINDS = [
  "log", "sleep", "spawn", "await", "future", "set_result", "set_exception", "resolve_later",
  "gather", "wait", "shield", "cancel", "raise", "try", "return", "repeat", "call_soon", "call_later",
  "add_done_callback", "probe", "wait_for", "timeout", "task_group", "primitive", "sync", "with", "set_later",
  "queue", "queue_op", "as_completed",
] as const satisfies readonly Stmt["op"][];
export type StatementKind = (typeof STATEMENT_KINDS)[number];
