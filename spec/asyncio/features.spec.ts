/**
 * `has(feature)` answers what CPython answers: for every release found, each feature in
 * `FEATURES` exists there exactly when `has(feature, release)` says so
 * (python/features.py looks the Python name up, or tries the call shape). And on our
 * loop, using a feature under a target that lacks it fails (FeatureUnavailableError, or
 * CPython's TypeError where the call shape itself is gone), while using it under a target
 * that has it does not.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { PYTHON_VERSIONS, type PythonVersion } from "../../src/asyncio/version.ts";
import { describeScenarioMatrix } from "../support/scenarios.ts";

const SCRIPT = fileURLToPath(new URL("./python/features.py", import.meta.url));
const FEATURE_NAMES = Object.keys(asyncio.FEATURES) as asyncio.Feature[];

describeScenarioMatrix("has() against the names", SCRIPT, FEATURE_NAMES, (name, version) => [
  asyncio.has(name as asyncio.Feature, version) ? "True" : "False",
]);

const returns = asyncio.asyncDef(function* returns<T>(value: T): asyncio.Coroutine<T> {
  return value;
});

/** Uses a feature on a running loop; throws what using it throws. */
const PROBES: Partial<Record<asyncio.Feature, () => asyncio.Coroutine<unknown>>> = {
  "TaskOptions.name": function* () { yield* asyncio.getRunningLoop().createTask(returns(1), { name: "n" }); },
  "Task.getName": function* () { (asyncio.currentTask() as asyncio.Task<unknown>).getName(); },
  "Task.setName": function* () { (asyncio.currentTask() as asyncio.Task<unknown>).setName("x"); },
  "Task.getCoro": function* () { (asyncio.currentTask() as asyncio.Task<unknown>).getCoro(); },
  "Future.cancel(msg)": function* () { asyncio.getRunningLoop().createFuture().cancel("m"); },
  "BaseEventLoop.shutdownDefaultExecutor": function* () { yield* asyncio.getRunningLoop().shutdownDefaultExecutor(); },
  "wait(coroutines)": function* () { yield* asyncio.wait([returns(1)]); },
  TaskGroup: function* () { yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* () {}); },
  timeout: function* () { yield* asyncio.asyncWith(asyncio.timeout(1), function* () {}); },
  timeoutAt: function* () { yield* asyncio.asyncWith(asyncio.timeoutAt(null), function* () {}); },
  Timeout: function* () { yield* asyncio.asyncWith(new asyncio.Timeout(null), function* () {}); },
  Barrier: function* () { new asyncio.Barrier(1); },
  exceptStar: function* () { yield* asyncio.exceptStar(new asyncio.ValueError(), [asyncio.ValueError, () => {}]); },
  "Task.cancelling": function* () { (asyncio.currentTask() as asyncio.Task<unknown>).cancelling(); },
  "Task.uncancel": function* () { (asyncio.currentTask() as asyncio.Task<unknown>).uncancel(); },
  eagerTaskFactory: function* () {
    const loop = asyncio.getRunningLoop();
    loop.setTaskFactory(asyncio.eagerTaskFactory);
    try { yield* loop.createTask(returns(1)); } finally { loop.setTaskFactory(null); }
  },
  createEagerTaskFactory: function* () {
    const loop = asyncio.getRunningLoop();
    loop.setTaskFactory(asyncio.createEagerTaskFactory((coro, options) => new asyncio.Task(coro, options)));
    try { yield* loop.createTask(returns(1)); } finally { loop.setTaskFactory(null); }
  },
  "TaskOptions.eagerStart": function* () { yield* new asyncio.Task(returns(1), { eagerStart: true }); },
  QueueShutDown: function* () { new asyncio.QueueShutDown(); },
  "Queue.shutdown": function* () { new asyncio.Queue().shutdown(); },
  "AsCompleted.anext": function* () { yield* asyncio.asyncFor(asyncio.asCompleted([returns(1)]), function* () {}); },
  Runner: function* () { new asyncio.Runner(); },
  "RunOptions.loopFactory": function* () {
    yield* asyncio.sleep(0);
    // asyncio.run from inside a loop fails at once; what matters is which error comes first.
    try { asyncio.run(returns(1), { loopFactory: () => asyncio.newEventLoop() }); } catch (e) { if (e instanceof asyncio.FeatureUnavailableError) throw e; }
  },
  aiter: function* () { asyncio.aiter(asyncio.asyncGen(function* g() {})()); },
  anext: function* () { yield* asyncio.anext(asyncio.asyncGen(function* g() {})(), null); },
};

/** Whether using the feature under `version` fails the way a missing feature fails. */
function unavailable(probe: () => asyncio.Coroutine<unknown>, version: PythonVersion): boolean {
  try {
    asyncio.runSync(probe(), { python: version });
    return false;
  } catch (e) {
    if (e instanceof asyncio.FeatureUnavailableError) return true;
    if (asyncio.exceptMatch(e, asyncio.TypeError)) return true; // e.g. wait([coroutine]) from 3.11
    throw e;
  }
}

describe("has() and what the loop allows", () => {
  it.each(Object.keys(PROBES))("%s is usable exactly on the releases has() names", (name) => {
    const probe = PROBES[name as asyncio.Feature] as () => asyncio.Coroutine<unknown>;
    const usable = PYTHON_VERSIONS.filter((v) => !unavailable(probe, v));
    expect(usable).toEqual(PYTHON_VERSIONS.filter((v) => asyncio.has(name as asyncio.Feature, v)));
  });

  it("follows the running loop's target, then the default target", () => {
    const seen: boolean[] = [];
    asyncio.runSync((function* () { seen.push(asyncio.has("TaskGroup")); })(), { python: "3.10" });
    asyncio.runSync((function* () { seen.push(asyncio.has("TaskGroup")); })(), { python: "3.11" });
    const previous = asyncio.setDefaultPython("3.9");
    try {
      seen.push(asyncio.has("TaskGroup"), asyncio.has("Future.cancel(msg)"));
    } finally {
      asyncio.setDefaultPython(previous);
    }
    expect(seen).toEqual([false, true, false, true]);
  });

  it("rejects a name it does not know, naming the known ones", () => {
    expect(() => asyncio.has("TaskGroups" as asyncio.Feature)).toThrow(/unknown feature "TaskGroups"; known: .*TaskGroup/);
  });
});
