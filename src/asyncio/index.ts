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

_setEventLoopFactory(({ clock, ...options }) =>
  clock === "real" ? new RealTimeEventLoop(options) : new VirtualEventLoop(options),
);

export { BaseEventLoop, MAXIMUM_SELECT_TIMEOUT } from "./base_events.ts";
export type { ExceptionContext, ExceptionHandler, LoopFaults, LoopOptions, TaskFactory } from "./base_events.ts";
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
  isCancelledError,
  isException,
} from "./exceptions.ts";
export type { Attempt, ExceptionClass, InstanceOf } from "./exceptions.ts";
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
export { Deadlock, VirtualEventLoop } from "./virtual_loop.ts";
export * from "./locks.ts";
export * from "./queues.ts";
export { LoopBoundMixin } from "./mixins.ts";
export { TaskGroup } from "./taskgroups.ts";
export { Timeout, timeout, timeoutAt } from "./timeouts.ts";
