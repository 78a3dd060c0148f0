/**
 * The scenes a `lifecycle` statement can play: objects used outside the life they were
 * made for (a task asked to take a result, a task awaiting itself or cancelling itself, a
 * timeout or task group entered twice or used after it finished, a task group asked for a
 * child while it aborts, a `Runner` or `asyncio.run` inside a running loop), accessors no
 * other operation reads (a loop's exception handler and task factory, `get_event_loop()`,
 * a timer handle's `when()`, `str()` of a queue), an awaitable that is neither a coroutine
 * nor a future, and a task left to fail when an `asyncio.run` entry cancels it at exit.
 * Each is written three times, as ./validate_cases.ts writes its calls (Python text,
 * TypeScript text, the same call on our loop), and followed the same way.
 *
 * Scenes of more than one step are the harness's helpers, written twice
 * (python-reference/asyncio_ts_harness.py and src/conformance/harness.ts):
 * `trace.awaitable(v)`, `trace.reenter(cm)`, `trace.after(cm, then)`,
 * `trace.cancels_itself(wait)`, `trace.awaits_itself()`, `trace.group_shutting_down()`,
 * `trace.group_base_error()`, `trace.queue_putter(shutdown)` and `trace.leftover()`.
 *
 * Timeout misuse follows CPython 3.11.3 and later, as this library does (README,
 * "Deliberate differences").
 *
 * @example
 * ```ts
 * LIFECYCLE_CASES["str(Queue())"].py; // "str(asyncio.Queue())"
 * lifecycleCasesFor(7).includes("reenter TaskGroup()"); // false: task groups are 3.11+
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { ValidateCase } from "./validate_cases.ts";

type Make = ValidateCase["make"];

function c(follow: ValidateCase["follow"], py: string, ts: string, make: Make, range: { since?: number; until?: number } = {}): ValidateCase {
  return { py, ts, make, follow, ...range };
}

const SINCE_8 = { since: 8 };
const SINCE_11 = { since: 11 };
const never = (x: unknown): never => x as never;
const current = (): asyncio.Task<unknown> => asyncio.currentTask() as asyncio.Task<unknown>;

/** Every scene by its name (as the event names it). */
export const LIFECYCLE_CASES = {
  // Tasks: not resolvable from outside, not awaitable by themselves.
  "current_task().set_result(1)": c("call", "asyncio.current_task().set_result(1)", "asyncio.currentTask()!.setResult(1)", () => current().setResult(1)),
  "current_task().set_exception(None)": c(
    "call",
    "asyncio.current_task().set_exception(None)",
    "asyncio.currentTask()!.setException(null)",
    () => current().setException(null),
  ),
  "task awaits itself": c("await", "trace.awaits_itself()", "trace.awaitsItself()", (t) => t.awaitsItself()),
  "cancels itself, returns": c("await", "trace.cancels_itself(False)", "trace.cancelsItself(false)", (t) => t.cancelsItself(false)),
  "cancels itself, awaits": c("await", "trace.cancels_itself(True)", "trace.cancelsItself(true)", (t) => t.cancelsItself(true)),
  "create_task(name=7).get_name()": c(
    "call",
    "loop.create_task(trace.returns(1), name=7).get_name()",
    "loop.createTask(trace.returns(1), { name: 7 as never }).getName()",
    (t, loop) => loop.createTask(t.returns(1), { name: never(7) }).getName(),
    SINCE_8,
  ),
  // An object with __await__.
  "ensure_future(awaitable)": c("await", "asyncio.ensure_future(trace.awaitable(1))", "asyncio.ensureFuture(trace.awaitable(1))", (t) => asyncio.ensureFuture(t.awaitable(1))),
  "await awaitable": c("await", "trace.awaitable(2)", "trace.awaitable(2)", (t) => t.awaitable(2)),
  // Accessors.
  "str(Queue())": c("call", "str(asyncio.Queue())", "String(new asyncio.Queue())", () => String(new asyncio.Queue())),
  "str(Queue) with a waiting putter": c("await", "trace.queue_putter(False)", "trace.queuePutter(false)", (t) => t.queuePutter(false)),
  "Queue.shutdown() with a waiting putter": c("await", "trace.queue_putter(True)", "trace.queuePutter(true)", (t) => t.queuePutter(true), { since: 13 }),
  // Futures: an exception class is instantiated; StopIteration is refused (3.13: replaced).
  "Future.set_exception(ValueError)": c(
    "call",
    "(lambda f: (f.set_exception(ValueError), f.exception())[1])(loop.create_future())",
    "((f: asyncio.Future<unknown>) => (f.setException(asyncio.ValueError), f.exception()))(loop.createFuture())",
    (_t, loop) => {
      const f = loop.createFuture();
      f.setException(asyncio.ValueError);
      return f.exception();
    },
  ),
  "Future.set_exception(StopIteration(5))": c(
    "call",
    "(lambda f: (f.set_exception(StopIteration(5)), f.exception())[1])(loop.create_future())",
    "((f: asyncio.Future<unknown>) => (f.setException(new asyncio.StopIteration(5)), f.exception()))(loop.createFuture())",
    (_t, loop) => {
      const f = loop.createFuture();
      f.setException(new asyncio.StopIteration(5));
      return f.exception();
    },
  ),
  "call_later(1).when()": c(
    "call",
    "(lambda h: (h.cancel(), h.when())[1])(loop.call_later(1, trace.callback, 'never'))",
    "((h: asyncio.TimerHandle) => (h.cancel(), h.when()))(loop.callLater(1, trace.callback, \"never\"))",
    (t, loop) => {
      const h = loop.callLater(1, t.callback, "never");
      h.cancel();
      return h.when();
    },
  ),
  "call_soon().cancelled()": c(
    "call",
    "(lambda h: (h.cancel(), h.cancelled())[1])(loop.call_soon(trace.callback, 'never'))",
    "((h: asyncio.Handle) => (h.cancel(), h.cancelled()))(loop.callSoon(trace.callback, \"never\"))",
    (t, loop) => {
      const h = loop.callSoon(t.callback, "never");
      h.cancel();
      return h.cancelled();
    },
  ),
  "get_exception_handler() is None": c("call", "loop.get_exception_handler() is None", "loop.getExceptionHandler() === null", (_t, loop) => loop.getExceptionHandler() === null),
  "get_task_factory() is None": c("call", "loop.get_task_factory() is None", "loop.getTaskFactory() === null", (_t, loop) => loop.getTaskFactory() === null),
  "get_event_loop() is loop": c("call", "asyncio.get_event_loop() is loop", "asyncio.getEventLoop() === loop", (_t, loop) => asyncio.getEventLoop() === loop),
  // Entry points inside a running loop.
  "asyncio.run(coroutine)": c("call", "asyncio.run(trace.returns(1))", "asyncio.run(trace.returns(1))", (t) => asyncio.run(t.returns(1))),
  "Runner().run(coroutine)": c("call", "asyncio.Runner().run(trace.returns(1))", "new asyncio.Runner().run(trace.returns(1))", (t) => new asyncio.Runner().run(t.returns(1)), SINCE_11),
  "Runner().run(1)": c("call", "asyncio.Runner().run(1)", "new asyncio.Runner().run(1 as never)", () => new asyncio.Runner().run(never(1)), { since: 11, until: 13 }),
  // Timeouts (3.11.3+).
  "timeout(1).reschedule(2)": c("call", "asyncio.timeout(1).reschedule(2)", "asyncio.timeout(1).reschedule(2)", () => asyncio.timeout(1).reschedule(2), SINCE_11),
  // 3.12+: CPython 3.11.0-3.11.2 let a timeout be entered twice (3.11.3 refuses), and the
  // kit targets minor releases, not patch levels.
  "reenter timeout(1)": c("await", "trace.reenter(asyncio.timeout(1))", "trace.reenter(asyncio.timeout(1))", (t) => t.reenter(asyncio.timeout(1)), { since: 12 }),
  "timeout(1).reschedule(2) after exit": c(
    "await",
    "trace.after(asyncio.timeout(1), lambda cm: cm.reschedule(2))",
    "trace.after(asyncio.timeout(1), (cm) => cm.reschedule(2))",
    (t) => t.after(asyncio.timeout(1), (cm) => cm.reschedule(2)),
    SINCE_11,
  ),
  // Task groups.
  "TaskGroup().create_task(coroutine)": c(
    "call",
    "asyncio.TaskGroup().create_task(trace.returns(1))",
    "new asyncio.TaskGroup().createTask(trace.returns(1))",
    (t) => new asyncio.TaskGroup().createTask(t.returns(1)),
    SINCE_11,
  ),
  "reenter TaskGroup()": c("await", "trace.reenter(asyncio.TaskGroup())", "trace.reenter(new asyncio.TaskGroup())", (t) => t.reenter(new asyncio.TaskGroup()), SINCE_11),
  "TaskGroup create_task after exit": c(
    "await",
    "trace.after(asyncio.TaskGroup(), lambda group: group.create_task(trace.returns(1)))",
    "trace.after(new asyncio.TaskGroup(), (group) => group.createTask(trace.returns(1)))",
    (t) => t.after(new asyncio.TaskGroup(), (group) => group.createTask(t.returns(1))),
    SINCE_11,
  ),
  "TaskGroup create_task while shutting down": c("await", "trace.group_shutting_down()", "trace.groupShuttingDown()", (t) => t.groupShuttingDown(), SINCE_11),
  "SystemExit in a TaskGroup": c("await", "trace.group_base_error()", "trace.groupBaseError()", (t) => t.groupBaseError(), SINCE_11),
  // A task that fails when the entry's shutdown cancels it.
  "leftover failing at exit": c("construct", "trace.leftover()", "trace.leftover()", (t) => t.leftover()),
} satisfies Record<string, ValidateCase>;

/** A scene's name. */
export type LifecycleCaseName = keyof typeof LIFECYCLE_CASES;

/** Every scene's name, in table order. */
export const LIFECYCLE_CASE_NAMES = Object.keys(LIFECYCLE_CASES) as LifecycleCaseName[];

/** The scenes that mean the same on both sides under minor release `minor`. */
export function lifecycleCasesFor(minor: number): LifecycleCaseName[] {
  return LIFECYCLE_CASE_NAMES.filter((name) => {
    const entry: ValidateCase = LIFECYCLE_CASES[name];
    return (entry.since === undefined || minor >= entry.since) && (entry.until === undefined || minor <= entry.until);
  });
}
