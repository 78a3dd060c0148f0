/**
 * The CPython minor release (3.x) that added each feature a program can use beyond 3.7.
 * Programs that use one are refused for an older target (`checkProgramForTarget`), and
 * the generators never produce them there.
 *
 * @example
 * ```ts
 * FEATURE_SINCE.taskGroup; // 11
 * ```
 * @module
 */
export const FEATURE_SINCE = {
  /** `Future.cancel(msg)`. */
  cancelMsg: 9,
  /** `Task.get_coro()`. */
  getCoro: 8,
  /** `Task.cancelling()` (and `uncancel()`). */
  cancelling: 11,
  /** `asyncio.timeout()`. */
  timeout: 11,
  /** `asyncio.TaskGroup`. */
  taskGroup: 11,
  /** `asyncio.Barrier`. */
  barrier: 11,
  /** `asyncio.eager_task_factory`. */
  eagerTaskFactory: 12,
  /** `Queue.shutdown()`. */
  queueShutdown: 13,
  /** `async for` over `as_completed()`. */
  asyncAsCompleted: 13,
  /** `ExceptionGroup` and `BaseExceptionGroup`. */
  exceptionGroups: 11,
  /** `except*`. */
  exceptStar: 11,
} as const;
