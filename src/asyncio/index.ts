/**
 * asyncio-ts: CPython's asyncio scheduling, cancellation and structured concurrency for
 * TypeScript, with generator functions as coroutines.
 *
 * @example
 * ```ts
 * import * as asyncio from "asyncio-ts";
 *
 * const hello = asyncio.asyncDef(function* hello(name: string): asyncio.Coroutine<string> {
 *   yield* asyncio.sleep(1);
 *   return `hello ${name}`;
 * });
 * console.log(asyncio.run(hello("world"))); // "hello world"
 * ```
 * @module
 */
import { _setEventLoopFactory } from "./events.ts";
import { RealTimeEventLoop } from "./real_loop.ts";
import { VirtualEventLoop } from "./virtual_loop.ts";
import * as warningsModule from "./warnings.ts";

_setEventLoopFactory(({ clock, ...options }) =>
  clock === "real" ? new RealTimeEventLoop(options) : new VirtualEventLoop(options),
);

export { BaseEventLoop, MAXIMUM_SELECT_TIMEOUT } from "./base_events.ts";
export type { ExceptionContext, ExceptionHandler, LoopOptions, TaskFactory } from "./base_events.ts";
export { asyncDef, coroutineName, isCoroutine } from "./coroutines.ts";
export type { Coroutine, CoroutineFunction, Yielded } from "./coroutines.ts";
export { Handle, TimerHandle, getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from "./events.ts";
export type { EventLoop, LoopCallback, NewEventLoopOptions } from "./events.ts";
export { BREAK, asyncFor, asyncWith } from "./async_statements.ts";
export {
  AnextAwaitable,
  AsyncGen,
  AsyncGenASend,
  AsyncGenAThrow,
  AsyncGenYield,
  aiter,
  anext,
  asyncGen,
  ayield,
  getAsyncgenHooks,
  isAsyncGenFunction,
  setAsyncgenHooks,
} from "./asyncgen.ts";
export type { AsyncGenBody, AsyncGenHooks, PyAsyncIterable, PyAsyncIterator } from "./asyncgen.ts";
export type { AsyncContextManager, AsyncIteratorLike, ExitInfo } from "./async_statements.ts";
export {
  ArithmeticError,
  AssertionError,
  AttributeError,
  BaseException,
  BaseExceptionGroup,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  EOFError,
  Exception,
  ExceptionGroup,
  FileNotFoundError,
  GeneratorExit,
  IndexError,
  KeyError,
  KeyboardInterrupt,
  LookupError,
  NameError,
  NotImplementedError,
  OSError,
  OverflowError,
  PermissionError,
  RecursionError,
  RuntimeError,
  StopAsyncIteration,
  StopIteration,
  SystemExit,
  TimeoutError,
  TypeError,
  UnicodeError,
  ValueError,
  ZeroDivisionError,
} from "./builtins.ts";
export type { ExceptionGroupCondition } from "./builtins.ts";
export {
  BrokenBarrierError,
  CancelledError,
  InvalidStateError,
  attempt,
  except,
  exceptMatch,
  exceptStar,
  isCancelledError,
  isException,
  pyMro,
  withContext,
} from "./exceptions.ts";
export type { Attempt, ExceptionClass, ExceptStarClause, InstanceOf } from "./exceptions.ts";
export { pyFloatRepr, pyRepr, pyStr, qualname, reprlibRepr } from "./format_helpers.ts";
export { FEATURES, has } from "./features.ts";
export type { Feature, FeatureInfo } from "./features.ts";
export { Future, isFuture, wrapPromise } from "./futures.ts";
export type { DoneCallback, FutureOptions } from "./futures.ts";
export { RealTimeEventLoop } from "./real_loop.ts";
export { Runner, run, runSync } from "./runners.ts";
export type { Clock, RunOptions, RunnerOptions } from "./runners.ts";
export {
  ALL_COMPLETED,
  AsCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Task,
  allTasks,
  asCompleted,
  createEagerTaskFactory,
  createTask,
  currentTask,
  eagerTaskFactory,
  ensureFuture,
  gather,
  shield,
  sleep,
  wait,
  waitFor,
} from "./tasks.ts";
export type {
  AsCompletedOptions,
  Awaitable,
  AwaitedResult,
  CustomAwaitable,
  GatherOptions,
  GatherResults,
  GatherResultsOrErrors,
  ReturnWhen,
  TaskOptions,
  WaitOptions,
} from "./tasks.ts";
export {
  DEFAULT_PYTHON,
  FeatureUnavailableError,
  PYTHON_VERSIONS,
  getDefaultPython,
  parsePythonVersion,
  setDefaultPython,
} from "./version.ts";
export type { PythonVersion } from "./version.ts";
export { DEFAULT_LIVELOCK_ITERATIONS, Deadlock, Livelock, VirtualEventLoop } from "./virtual_loop.ts";
export * from "./locks.ts";
export * from "./queues.ts";
export { LoopBoundMixin } from "./mixins.ts";
export { TaskGroup } from "./taskgroups.ts";
export { Timeout, timeout, timeoutAt } from "./timeouts.ts";
export { LOG_LEVELS, Logger, logger } from "./log.ts";
/**
 * Python's `warnings` module: `warn`, the filters (`simplefilter`, `filterwarnings`,
 * `resetwarnings`), `catchWarnings` and the `showwarning` hook, and the warning
 * categories. asyncio's deprecations go through it. The categories are also top-level
 * exports (`asyncio.DeprecationWarning`), as Python's are builtins.
 *
 * @example
 * ```ts
 * asyncio.warnings.simplefilter("error", asyncio.DeprecationWarning);
 * const cw = asyncio.warnings.catchWarnings({ record: true });
 * const seen = cw.enter();
 * ```
 */
export const warnings = warningsModule;
/** The types of {@link warnings}. */
export declare namespace warnings {
  export type WarningCategory = warningsModule.WarningCategory;
  export type WarningAction = warningsModule.WarningAction;
  export type WarningFilter = warningsModule.WarningFilter;
  export type WarningMessage = warningsModule.WarningMessage;
  export type ShowWarning = warningsModule.ShowWarning;
  export type WarnOptions = warningsModule.WarnOptions;
  export type CatchWarnings = warningsModule.CatchWarnings;
  export type Warning = warningsModule.Warning;
  export type UserWarning = warningsModule.UserWarning;
  export type DeprecationWarning = warningsModule.DeprecationWarning;
  export type PendingDeprecationWarning = warningsModule.PendingDeprecationWarning;
  export type RuntimeWarning = warningsModule.RuntimeWarning;
  export type ResourceWarning = warningsModule.ResourceWarning;
  export type FutureWarning = warningsModule.FutureWarning;
  export type SyntaxWarning = warningsModule.SyntaxWarning;
  export type ImportWarning = warningsModule.ImportWarning;
}
export {
  DeprecationWarning,
  FutureWarning,
  ImportWarning,
  PendingDeprecationWarning,
  ResourceWarning,
  RuntimeWarning,
  SyntaxWarning,
  UserWarning,
  Warning,
} from "./warnings.ts";
export type { LogHandler, LogOptions, LogRecord } from "./log.ts";
