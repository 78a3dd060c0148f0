/**
 * Feature detection by target: `has("TaskGroup")` answers what `hasattr(asyncio,
 * "TaskGroup")` answers on the CPython release the code runs under (the running loop's
 * target, else the default target), without catching `FeatureUnavailableError`.
 *
 * Feature names are the TypeScript spelling of the API: an export (`"TaskGroup"`,
 * `"timeout"`), a method (`"Task.cancelling"`), or an option or call shape
 * (`"TaskOptions.name"`, `"Future.cancel(msg)"`, `"wait(coroutines)"`). {@link FEATURES}
 * lists each with the releases that have it and its Python spelling.
 *
 * @example
 * ```ts
 * if (asyncio.has("TaskGroup")) {
 *   yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) { tg.createTask(work()); });
 * } else {
 *   yield* asyncio.gather([work()]);
 * }
 * ```
 * @module
 */
import { TypeError } from "./builtins.ts";
import { _targetPython } from "./events.ts";
import { parsePythonVersion, pythonMinor, type PythonVersion } from "./version.ts";

/**
 * When a feature exists: from `since` on, and up to `until` (inclusive) when it was removed.
 *
 * @example
 * ```ts
 * const info: asyncio.FeatureInfo = asyncio.FEATURES["wait(coroutines)"]; // { since: "3.7", until: "3.10", ... }
 * ```
 */
export interface FeatureInfo {
  /** The first release that has it. */
  readonly since: PythonVersion;
  /** The last release that has it, when a later one removed it. */
  readonly until?: PythonVersion;
  /** How Python spells it. */
  readonly python: string;
}

/**
 * Every feature {@link has} knows, with the releases that have it. API that exists in
 * every release from 3.7 on is not listed.
 *
 * @example
 * ```ts
 * asyncio.FEATURES.TaskGroup.since; // "3.11"
 * ```
 */
export const FEATURES = {
  "TaskOptions.name": { since: "3.8", python: "create_task(coro, name=...)" },
  "Task.getName": { since: "3.8", python: "Task.get_name" },
  "Task.setName": { since: "3.8", python: "Task.set_name" },
  "Task.getCoro": { since: "3.8", python: "Task.get_coro" },
  "Future.cancel(msg)": { since: "3.9", python: "Future.cancel(msg=...)" },
  "BaseEventLoop.shutdownDefaultExecutor": { since: "3.9", python: "loop.shutdown_default_executor" },
  "wait(coroutines)": { since: "3.7", until: "3.10", python: "asyncio.wait([coroutine, ...])" },
  TaskGroup: { since: "3.11", python: "asyncio.TaskGroup" },
  timeout: { since: "3.11", python: "asyncio.timeout" },
  timeoutAt: { since: "3.11", python: "asyncio.timeout_at" },
  Timeout: { since: "3.11", python: "asyncio.Timeout" },
  Barrier: { since: "3.11", python: "asyncio.Barrier" },
  BrokenBarrierError: { since: "3.11", python: "asyncio.BrokenBarrierError" },
  ExceptionGroup: { since: "3.11", python: "ExceptionGroup" },
  BaseExceptionGroup: { since: "3.11", python: "BaseExceptionGroup" },
  exceptStar: { since: "3.11", python: "try: ... except* E: ..." },
  "Task.cancelling": { since: "3.11", python: "Task.cancelling" },
  "Task.uncancel": { since: "3.11", python: "Task.uncancel" },
  eagerTaskFactory: { since: "3.12", python: "asyncio.eager_task_factory" },
  createEagerTaskFactory: { since: "3.12", python: "asyncio.create_eager_task_factory" },
  "TaskOptions.eagerStart": { since: "3.12", python: "Task(coro, eager_start=True)" },
  QueueShutDown: { since: "3.13", python: "asyncio.QueueShutDown" },
  "Queue.shutdown": { since: "3.13", python: "Queue.shutdown" },
  "AsCompleted.anext": { since: "3.13", python: "async for ... in asyncio.as_completed(...)" },
  Runner: { since: "3.11", python: "asyncio.Runner" },
  "RunOptions.loopFactory": { since: "3.12", python: "asyncio.run(main, loop_factory=...)" },
  aiter: { since: "3.10", python: "aiter" },
  anext: { since: "3.10", python: "anext" },
} as const satisfies Record<string, FeatureInfo>;

/**
 * A feature name {@link has} knows.
 *
 * @example
 * ```ts
 * const wanted: asyncio.Feature[] = ["TaskGroup", "Queue.shutdown"];
 * const missing = wanted.filter((f) => !asyncio.has(f));
 * ```
 */
export type Feature = keyof typeof FEATURES;

/**
 * True when the target has `feature`: `python` when given, else the running loop's
 * target, else the default target. An unknown name is a compile error, and a `TypeError`
 * from JavaScript.
 *
 * @example
 * ```ts
 * asyncio.has("TaskGroup", "3.10");    // false
 * asyncio.has("wait(coroutines)", "3.11"); // false: removed in 3.11
 * asyncio.runSync(main(), { python: "3.12" }); // inside main, has("eagerTaskFactory") is true
 * ```
 */
export function has(feature: Feature, python?: PythonVersion): boolean {
  const info = (FEATURES as Record<string, FeatureInfo>)[feature];
  if (info === undefined) {
    throw new TypeError(`unknown feature ${JSON.stringify(feature)}; known: ${Object.keys(FEATURES).join(", ")}`);
  }
  const minor = pythonMinor(python === undefined ? _targetPython() : parsePythonVersion(python));
  if (minor < pythonMinor(info.since)) return false;
  return info.until === undefined || minor <= pythonMinor(info.until);
}
