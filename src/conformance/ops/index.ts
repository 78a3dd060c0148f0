/**
 * The registry of IR operations: every statement kind's definition (see ./op.ts), in a
 * fixed order. The order is the statement order of summaries and of the generator's
 * weights, so appending keeps every existing seed's programs unchanged.
 *
 * @example
 * ```ts
 * opOf({ op: "sleep", delay: 1 }).describe({ op: "sleep", delay: 1 }); // "sleep 1"
 * STATEMENT_KINDS.includes("gather"); // true
 * ```
 * @module
 */
import type { Stmt } from "../ir/types.ts";
import { asCompleted } from "./as_completed.ts";
import { awaitOp } from "./await.ts";
import { addDoneCallback, callLater, callSoon, removeDoneCallback } from "./callbacks.ts";
import { callAt } from "./call_at.ts";
import { cancel } from "./cancel.ts";
import { raiseBuiltin, reraise, tryInspect, tryStar } from "./exceptions.ts";
import { raise, repeat, returnOp, tryOp } from "./control.ts";
import { future, resolveLater, setException, setResult } from "./future.ts";
import { gather } from "./gather.ts";
import { log } from "./log.ts";
import { callbackRaise, exceptionHandler, setDebug } from "./loop_errors.ts";
import type { NestedBody, OpDefinition } from "./op.ts";
import { primitive, setLater, sync, withOp } from "./primitives.ts";
import { probe } from "./probe.ts";
import { queue, queueOp } from "./queues.ts";
import { handle, handleOp, repr } from "./reprs.ts";
import { shield } from "./shield.ts";
import { sleep } from "./sleep.ts";
import { spawn } from "./spawn.ts";
import { taskGroup } from "./task_group.ts";
import { timeout } from "./timeout.ts";
import { wait } from "./wait.ts";
import { waitFor } from "./wait_for.ts";
import { loopArg, waitCoroutine, warnOp, warningsFilter } from "./warnings.ts";
import { introspect } from "./introspect.ts";
import { taskFactory } from "./task_factory.ts";
import { validate } from "./validate.ts";
import { agen, agenOp, asyncFor, ayield } from "./async_generators.ts";
import { catchCancel } from "./catch_cancel.ts";
import { lifecycle } from "./lifecycle.ts";
import { raiseGroup } from "./groups.ts";

export type { Program, Stmt, StatementKind } from "../ir/types.ts";

/** Every operation by its `op`, in registry order. */
export const OPS = {
  log,
  sleep,
  spawn,
  await: awaitOp,
  future,
  set_result: setResult,
  set_exception: setException,
  resolve_later: resolveLater,
  gather,
  wait,
  shield,
  cancel,
  raise,
  try: tryOp,
  return: returnOp,
  repeat,
  call_soon: callSoon,
  call_later: callLater,
  add_done_callback: addDoneCallback,
  remove_done_callback: removeDoneCallback,
  probe,
  wait_for: waitFor,
  timeout,
  primitive,
  sync,
  with: withOp,
  set_later: setLater,
  queue,
  queue_op: queueOp,
  as_completed: asCompleted,
  task_group: taskGroup,
  callback_raise: callbackRaise,
  exception_handler: exceptionHandler,
  set_debug: setDebug,
  repr,
  handle,
  handle_op: handleOp,
  loop_arg: loopArg,
  wait_coroutine: waitCoroutine,
  introspect,
  task_factory: taskFactory,
  validate,
  try_inspect: tryInspect,
  try_star: tryStar,
  raise_builtin: raiseBuiltin,
  reraise,
  agen,
  ayield,
  async_for: asyncFor,
  agen_op: agenOp,
  catch_cancel: catchCancel,
  call_at: callAt,
  lifecycle,
  warnings_filter: warningsFilter,
  warn: warnOp,
  raise_group: raiseGroup,
} satisfies { [K in Stmt["op"]]: OpDefinition<Extract<Stmt, { op: K }>> };

/** Every statement kind, in registry order (used for statistics and weights). */
export const STATEMENT_KINDS = Object.keys(OPS) as (keyof typeof OPS)[];

/** Every operation's definition, in registry order. */
export const OP_LIST: readonly OpDefinition<Stmt>[] = Object.values(OPS) as OpDefinition<Stmt>[];

/**
 * The definition of a statement's operation.
 *
 * @example
 * ```ts
 * opOf(stmt).describe(stmt); // the event text `stmt` records
 * ```
 */
export function opOf(stmt: Stmt): OpDefinition<Stmt> {
  return OPS[stmt.op] as OpDefinition<Stmt>;
}

/** The statement lists nested in `stmt`, with their paths relative to it and how they nest. */
export function nestedBodies(stmt: Stmt): NestedBody[] {
  return opOf(stmt).nested?.(stmt) ?? [];
}
