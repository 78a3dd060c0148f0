/**
 * The TypeScript types of the program IR: a statement is one of the operations in
 * ../ops/ (each module defines its statement's type), and a program is named coroutines,
 * exception classes and a main body. The zod schema (./schema.ts) checks untrusted JSON
 * against the same shapes.
 *
 * @example
 * ```ts
 * const program: Program = {
 *   schema: 1,
 *   exceptions: [],
 *   coroutines: { job: [{ op: "sleep", delay: 1 }, { op: "return", value: 3 }] },
 *   main: [{ op: "spawn", bind: "t1", target: { coroutine: "job" } }, { op: "await", target: { task: "t1" } }],
 * };
 * ```
 * @module
 */
import type { PythonVersion } from "../../asyncio/version.ts";
import type { Entry } from "../entry.ts";
import type { AsCompletedStmt } from "../ops/as_completed.ts";
import type { AwaitStmt } from "../ops/await.ts";
import type { AddDoneCallbackStmt, CallLaterStmt, CallSoonStmt, RemoveDoneCallbackStmt } from "../ops/callbacks.ts";
import type { CallAtStmt } from "../ops/call_at.ts";
import type { CancelStmt } from "../ops/cancel.ts";
import type { RaiseBuiltinStmt, ReraiseStmt, TryInspectStmt, TryStarStmt } from "../ops/exceptions.ts";
import type { RaiseStmt, RepeatStmt, ReturnStmt, TryStmt } from "../ops/control.ts";
import type { FutureStmt, ResolveLaterStmt, SetExceptionStmt, SetResultStmt } from "../ops/future.ts";
import type { GatherStmt } from "../ops/gather.ts";
import type { LogStmt } from "../ops/log.ts";
import type { CallbackRaiseStmt, ExceptionHandlerStmt, SetDebugStmt } from "../ops/loop_errors.ts";
import type { Parameter } from "../ops/params.ts";
import type { PrimitiveStmt, SetLaterStmt, SyncStmt, WithStmt } from "../ops/primitives.ts";
import type { ProbeStmt } from "../ops/probe.ts";
import type { QueueOpStmt, QueueStmt } from "../ops/queues.ts";
import type { HandleOpStmt, HandleStmt, ReprStmt } from "../ops/reprs.ts";
import type { ShieldStmt } from "../ops/shield.ts";
import type { SleepStmt } from "../ops/sleep.ts";
import type { SpawnStmt } from "../ops/spawn.ts";
import type { TaskGroupStmt } from "../ops/task_group.ts";
import type { TimeoutStmt } from "../ops/timeout.ts";
import type { WaitStmt } from "../ops/wait.ts";
import type { WaitForStmt } from "../ops/wait_for.ts";
import type { LoopArgStmt, WaitCoroutineStmt, WarnStmt, WarningsFilterStmt } from "../ops/warnings.ts";
import type { IntrospectStmt } from "../ops/introspect.ts";
import type { TaskFactoryStmt } from "../ops/task_factory.ts";
import type { ValidateStmt } from "../ops/validate.ts";
import type { AgenOpStmt, AgenStmt, AsyncForStmt, AyieldStmt } from "../ops/async_generators.ts";
import type { CatchCancelStmt } from "../ops/catch_cancel.ts";
import type { LifecycleStmt } from "../ops/lifecycle.ts";
import type { RaiseGroupStmt } from "../ops/groups.ts";

/** One statement: every operation's statement type. Register a new one here and in ops/index.ts. */
export type Stmt =
  | LogStmt
  | SleepStmt
  | SpawnStmt
  | AwaitStmt
  | FutureStmt
  | SetResultStmt
  | SetExceptionStmt
  | ResolveLaterStmt
  | GatherStmt
  | WaitStmt
  | ShieldStmt
  | CancelStmt
  | RaiseStmt
  | TryStmt
  | ReturnStmt
  | RepeatStmt
  | CallSoonStmt
  | CallLaterStmt
  | AddDoneCallbackStmt
  | RemoveDoneCallbackStmt
  | ProbeStmt
  | WaitForStmt
  | TimeoutStmt
  | PrimitiveStmt
  | SyncStmt
  | WithStmt
  | SetLaterStmt
  | QueueStmt
  | QueueOpStmt
  | AsCompletedStmt
  | TaskGroupStmt
  | CallbackRaiseStmt
  | ExceptionHandlerStmt
  | SetDebugStmt
  | ReprStmt
  | HandleStmt
  | HandleOpStmt
  | LoopArgStmt
  | WaitCoroutineStmt
  | IntrospectStmt
  | TaskFactoryStmt
  | ValidateStmt
  | TryInspectStmt
  | TryStarStmt
  | RaiseBuiltinStmt
  | ReraiseStmt
  | AgenStmt
  | AyieldStmt
  | AsyncForStmt
  | AgenOpStmt
  | CatchCancelStmt
  | CallAtStmt
  | LifecycleStmt
  | WarningsFilterStmt
  | WarnStmt
  | RaiseGroupStmt;

/** A statement kind (the `op` field). */
export type StatementKind = Stmt["op"];

/** A whole program. */
export interface Program {
  /** Always `IR_SCHEMA_VERSION` (1). */
  schema: 1;
  /** The CPython release the program was made for (its default target when replayed). */
  python?: PythonVersion | undefined;
  /** Exception classes the program raises; each subclasses `Exception`. */
  exceptions: string[];
  /** Named coroutine definitions, callable and spawnable by name. */
  coroutines: Record<string, Stmt[]>;
  /** The parameters of named coroutines that take any (see ../ops/params.ts); absent: none take any. */
  parameters?: Record<string, Parameter[]> | undefined;
  /** The body of the main coroutine. */
  main: Stmt[];
  /** `"eager"`: main first sets `asyncio.eager_task_factory` as the loop's task factory (3.12+). */
  taskFactory?: "eager" | undefined;
  /** How the program starts and ends: `asyncio.run` or a `Runner` (see ../entry.ts); absent: the harness's `run_until_complete(main)`. */
  entry?: Entry | undefined;
}
