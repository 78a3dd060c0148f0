/**
 * Port of CPython's `asyncio/taskgroups.py` (Python 3.11+): a scope that owns the tasks
 * created in it and waits for all of them on exit. The first child that fails cancels
 * the others and the scope's own task; the children's errors come out together as an
 * `ExceptionGroup`. Behaviour follows the target: 3.13 re-cancels a parent that was
 * cancelled from outside while a child failed (measured fact D9); 3.11 and 3.12 lose
 * that cancellation.
 *
 * @example
 * ```ts
 * const results = yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
 *   const a = tg.createTask(fetch("a"));
 *   const b = tg.createTask(fetch("b"));
 *   return [a, b];
 * });
 * // both tasks are done here
 * ```
 * @module
 */
import type { AsyncContextManager, ExitInfo } from "./async_statements.ts";
import type { BaseEventLoop } from "./base_events.ts";
import type { Coroutine } from "./coroutines.ts";
import { getRunningLoop } from "./events.ts";
import {
  BaseExceptionGroup,
  CancelledError,
  KeyboardInterrupt,
  RuntimeError,
  SystemExit,
  _isCancelledType,
  _raise,
  withContext,
} from "./exceptions.ts";
import { qualname } from "./format_helpers.ts";
import type { Future } from "./futures.ts";
import { currentTask, type Task } from "./tasks.ts";
import { FeatureUnavailableError } from "./version.ts";

const isBaseError = (exc: unknown): boolean => exc instanceof SystemExit || exc instanceof KeyboardInterrupt;

/**
 * `asyncio.TaskGroup`: enter it with `asyncWith`, create tasks with `createTask`.
 *
 * @example
 * ```ts
 * yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
 *   tg.createTask(worker(1));
 *   tg.createTask(worker(2));
 * });
 * ```
 */
export class TaskGroup implements AsyncContextManager<TaskGroup, false> {
  /** @internal */ _entered = false;
  /** @internal */ _exiting = false;
  /** @internal */ _aborting = false;
  /** @internal */ _loop: BaseEventLoop | null = null;
  /** @internal */ _parentTask: Task<unknown> | null = null;
  /** @internal */ _parentCancelRequested = false;
  /** @internal */ _tasks = new Set<Task<unknown>>();
  /** @internal */ _errors: unknown[] | null = [];
  /** @internal */ _baseError: unknown = null;
  /** @internal */ _onCompletedFut: Future<boolean> | null = null;

  /** Python's repr, e.g. `<TaskGroup tasks=2 entered>`. */
  toString(): string {
    const info = [""];
    if (this._tasks.size > 0) info.push(`tasks=${this._tasks.size}`);
    if (this._errors !== null && this._errors.length > 0) info.push(`errors=${this._errors.length}`);
    if (this._aborting) info.push("cancelling");
    else if (this._entered) info.push("entered");
    return `<TaskGroup${info.join(" ")}>`;
  }

  /** `__aenter__`: binds the group to the current task. */
  *aenter(): Coroutine<TaskGroup> {
    if (this._entered) throw _raise(new RuntimeError(`TaskGroup ${this} has already been entered`));
    if (this._loop === null) this._loop = getRunningLoop();
    if (this._loop._minor < 11) throw new FeatureUnavailableError("asyncio.TaskGroup", "3.11", this._loop.python);
    this._parentTask = currentTask(this._loop);
    if (this._parentTask === null) throw new RuntimeError(`TaskGroup ${this} cannot determine the parent task`);
    this._entered = true;
    return this;
  }

  /**
   * `__aexit__`: waits for every task, then raises what must be raised. From 3.14 it then
   * drops its parent task, errors and base error (CPython's `finally` after `_aexit`, so
   * that a group does not keep exceptions alive), which a second `__aexit__` call shows.
   */
  *aexit(info: ExitInfo): Coroutine<false | void> {
    if (this._loop === null || this._loop._minor < 14) return yield* this._aexit(info);
    try {
      return yield* this._aexit(info);
    } finally {
      this._parentTask = null;
      this._errors = null;
      this._baseError = null;
    }
  }

  /** CPython's `_aexit` (3.14; the body of `__aexit__` before). */
  private *_aexit(info: ExitInfo): Coroutine<false | void> {
    const loop = this._loop as BaseEventLoop;
    const parent = this._parentTask as Task<unknown>;
    // A group never entered has no loop of its own; with no child it waits for nothing.
    const minor = (this._loop ?? getRunningLoop())._minor;
    this._exiting = true;
    const exc = info === null ? null : info.exception;
    // What __aexit__ raises is chained to the body's exception, which `async with` is handling.
    const raising = <E>(e: E): E => (info === null ? _raise(e) : withContext(e, exc));

    if (info !== null && isBaseError(exc) && this._baseError === null) this._baseError = exc;
    let propagateCancellationError: unknown = info !== null && _isCancelledType(exc, minor) ? exc : null;
    if (minor < 13 && this._parentCancelRequested) {
      // 3.11–3.12: this happens before waiting for the children.
      if (parent.uncancel() === 0) propagateCancellationError = null;
    }
    if (info !== null && !this._aborting) this._abort();

    // Wait for every child, even if we are cancelled meanwhile.
    while (this._tasks.size > 0) {
      if (this._onCompletedFut === null) this._onCompletedFut = loop.createFuture<boolean>();
      try {
        yield* this._onCompletedFut;
      } catch (ex) {
        if (!(ex instanceof CancelledError)) throw ex;
        if (!this._aborting) {
          propagateCancellationError = ex;
          this._abort();
        }
      }
      this._onCompletedFut = null;
    }

    if (this._baseError !== null) throw raising(this._baseError);

    if (minor >= 13 && this._parentCancelRequested) {
      if (parent.uncancel() === 0) propagateCancellationError = null;
    }
    const errors = this._errors as unknown[];
    if (propagateCancellationError !== null && errors.length === 0) throw raising(propagateCancellationError);
    if (info !== null && !_isCancelledType(exc, minor)) errors.push(exc);
    if (errors.length > 0) {
      if (minor >= 13 && parent.cancelling() > 0) {
        // 3.13: a cancellation from outside is not lost (D9).
        parent.uncancel();
        parent.cancel();
      }
      const group = BaseExceptionGroup.of("unhandled errors in a TaskGroup", errors);
      this._errors = null;
      throw raising(group);
    }
    return undefined;
  }

  /**
   * Creates a task in the group (`TaskGroup.create_task`). Only while the group is
   * entered and not shutting down.
   *
   * @example
   * ```ts
   * const task = tg.createTask(job(), { name: "job" });
   * ```
   */
  createTask<T>(coro: Coroutine<T>, options: { name?: string } = {}): Task<T> {
    const refuse = (why: string): never => {
      // 3.13 closes the coroutine it refuses, so that it is not left never awaited.
      if ((this._loop ?? getRunningLoop())._minor >= 13) coro.return(undefined as T);
      // Raised into the program: chained to what it is handling, as any raise there.
      throw _raise(new RuntimeError(`TaskGroup ${this} ${why}`));
    };
    if (!this._entered) refuse("has not been entered");
    if (this._exiting && this._tasks.size === 0) refuse("is finished");
    if (this._aborting) refuse("is shutting down");
    const loop = this._loop as BaseEventLoop;
    let task: Task<T>;
    if (loop._minor <= 12 && options.name !== undefined) {
      // 3.11–3.12 create the task unnamed, then rename it.
      task = loop.createTask(coro);
      task.setName(options.name);
    } else {
      task = loop.createTask(coro, options);
    }
    if (loop._minor >= 12 && loop._minor < 14 && task.done()) {
      // 3.12–3.13: a task that finished eagerly is handled at once; 3.14 schedules its
      // done-callback like any other's.
      this._onTaskDone(task as Task<unknown>);
    } else {
      this._tasks.add(task as Task<unknown>);
      task.addDoneCallback(this._onTaskDoneCb);
    }
    return task;
  }

  /** @internal Cancels every child that is not done (CPython iterates a set here). */
  _abort(): void {
    this._aborting = true;
    for (const t of this._tasks) if (!t.done()) t.cancel();
  }

  /** @internal */
  readonly _onTaskDoneCb = qualname((task: Task<unknown>) => this._onTaskDone(task), "TaskGroup._on_task_done");

  /** @internal CPython's `_on_task_done`. */
  _onTaskDone(task: Task<unknown>): void {
    this._tasks.delete(task);
    if (this._onCompletedFut !== null && this._tasks.size === 0) {
      if (!this._onCompletedFut.done()) this._onCompletedFut.setResult(true);
    }
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    (this._errors as unknown[]).push(exc);
    if (isBaseError(exc) && this._baseError === null) this._baseError = exc;
    const parent = this._parentTask as Task<unknown>;
    if (parent.done()) {
      (this._loop as BaseEventLoop).callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${parent} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Cancel the parent so that it leaves whatever it awaits, unless it is already
      // in __aexit__ (then it is waiting for the children and must not be cancelled).
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  }
}
