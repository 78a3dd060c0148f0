/**
 * The program IR's zod schema: the single check of untrusted JSON (errors carry the zod
 * path of the first problem), and the source of its JSON Schema (`npm run ir:schema`
 * writes docs/program.schema.json). The statement schema is the union of every
 * operation's schema in the registry (../ops/).
 *
 * A program has named coroutine definitions, program-defined exception classes and a
 * `main` body. Statements bind names (tasks, futures, primitives, queues) that later
 * statements use; `checkProgram` enforces the scoping rules the generators follow (see
 * ./check.ts).
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
import { OP_LIST } from "../ops/index.ts";
import { MAX_OUTSIDE_CALLS, OUTSIDE_CASE_NAMES } from "../ops/outside_cases.ts";
import { MAX_PARAMETERS, PARAMETER_KINDS } from "../ops/params.ts";
import { MAX_AGAIN, MAX_SHARED, SHARED_KINDS } from "../ops/shared_objects.ts";
import * as kit from "./schema_kit.ts";
import type { Program as ProgramType, Stmt as StmtType } from "./types.ts";

export { Identifier, ExceptionName, Delay, Value, Awaitable, FutureRef, Catch } from "./schema_kit.ts";

/** The IR version written in every program's `schema` field. */
export const IR_SCHEMA_VERSION = 1;

/** One statement. Each records its observable outcome in the trace when it completes. */
export const Stmt: z.ZodType<StmtType> = z
  .lazy(() => {
    const schemaKit: kit.SchemaKit = {
      ...kit,
      z,
      body: () => z.array(Stmt),
      spawn: {
        bind: kit.Identifier,
        target: z.union([
          z.strictObject({ coroutine: kit.Identifier, args: kit.Arguments.optional() }),
          z.strictObject({ body: z.array(Stmt) }),
        ]),
      },
    };
    const [first, ...rest] = OP_LIST.map((op) => op.schema(schemaKit));
    return z.discriminatedUnion("op", [first as z.ZodObject, ...rest]);
  })
  .meta({ id: "Statement", description: "One statement; each records its observable outcome in the trace when it completes." }) as unknown as z.ZodType<StmtType>;

export type Stmt = StmtType;

/** An entry's calls outside the running loop: names of ../ops/outside_cases.ts, at most four each side. */
const outsideCalls = {
  prologue: z.array(z.enum(OUTSIDE_CASE_NAMES)).max(MAX_OUTSIDE_CALLS).optional(),
  epilogue: z.array(z.enum(OUTSIDE_CASE_NAMES)).max(MAX_OUTSIDE_CALLS).optional(),
  /** Primitives and queues made at module level before the entry, seen by main and every named coroutine. */
  shared: z
    .array(z.strictObject({ bind: kit.Identifier, kind: z.enum(SHARED_KINDS), value: z.number().int().min(1).max(8).optional() }))
    .max(MAX_SHARED)
    .optional(),
  /** `main` or named coroutines (without parameters), each run in a fresh `asyncio.run` after the entry. */
  again: z.array(z.union([z.literal("main"), kit.Identifier])).max(MAX_AGAIN).optional(),
};

/** A whole program. */
export const Program: z.ZodType<ProgramType> = z.strictObject({
  /** Always {@link IR_SCHEMA_VERSION}. */
  schema: z.literal(IR_SCHEMA_VERSION),
  /** The CPython release the program was made for (its default target when replayed). */
  python: z.enum(PYTHON_VERSIONS).optional(),
  /** Exception classes the program raises; each subclasses `Exception`. */
  exceptions: z.array(kit.ExceptionName).max(8),
  /** Named coroutine definitions, callable and spawnable by name. */
  coroutines: z.record(kit.Identifier, z.array(Stmt)),
  /** The parameters of named coroutines that take any: each a name and what it stands for. */
  parameters: z
    .record(kit.Identifier, z.array(z.strictObject({ name: kit.Identifier, kind: z.enum(PARAMETER_KINDS) })).max(MAX_PARAMETERS))
    .optional(),
  /** The body of the main coroutine. */
  main: z.array(Stmt),
  /** `"eager"`: main first sets `asyncio.eager_task_factory` as the loop's task factory (3.12+). */
  taskFactory: z.literal("eager").optional(),
  /**
   * How the program starts and ends: `asyncio.run(main())` (3.12+: `loopFactory`), or a
   * `Runner` (3.11+) running main then named coroutines; either with calls outside the
   * running loop before (`prologue`) and after (`epilogue`) it (see ../ops/outside_cases.ts),
   * objects made at module level (`shared`) and coroutines run on a second loop (`again`;
   * see ../ops/shared_objects.ts).
   */
  entry: z
    .discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("run"), debug: z.boolean().optional(), loopFactory: z.literal(true).optional(), ...outsideCalls }),
      z.strictObject({
        kind: z.literal("runner"),
        debug: z.boolean().optional(),
        runs: z.array(kit.Identifier).max(3),
        lifecycle: z.literal(true).optional(),
        ...outsideCalls,
      }),
    ])
    .optional(),
});
export type Program = ProgramType;
