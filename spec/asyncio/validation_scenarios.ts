/**
 * The TypeScript side of spec/asyncio/python/validation_scenarios.py: the same bad
 * arguments, written as a translator would write them (casts stand for what Python's
 * dynamic typing lets through), logging the same lines: whether each call throws when
 * called or when awaited (or at the first item taken), with which Python exception and
 * message, or what it gives.
 *
 * Every scenario runs under the process-wide default target (`setDefaultPython`).
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pyFloatRepr } from "../../src/asyncio/format_helpers.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;

/** The minor version of the running loop's target. */
const minor = (): number => pythonMinor(asyncio.getRunningLoop().python);

const returns = asyncDef(function* returns<T>(value: T): Co<T> {
  return value;
});

/** A plain generator function (not declared with asyncDef: not a coroutine function). */
function* plain<T>(items: T[]): Generator<T, void, unknown> {
  yield* items;
}

const describe = (e: unknown): string => `${(e as Error).name} ${pyRepr(e)}`;

/** Python's repr of a float-valued timeout in a label. */
const num = (x: number | null): string => (x === null ? "None" : Number.isInteger(x) ? String(x) : pyFloatRepr(x));

function show(value: unknown): string {
  if (Array.isArray(value) && value.length === 2 && value[0] instanceof Set && value[1] instanceof Set) {
    return `done ${value[0].size} pending ${value[1].size}`;
  }
  return pyRepr(value);
}

/** Casts a value to any parameter type: what Python's dynamic typing lets through. */
const any = <T>(value: unknown): T => value as T;

function makeHelpers(log: Log) {
  const called = <T>(label: string, make: () => T): [true, T] | [false, null] => {
    try {
      return [true, make()];
    } catch (e) {
      asyncio.except(e, asyncio.Exception);
      log(label, "raised when called:", describe(e));
      return [false, null];
    }
  };
  return {
    *attempt(label: string, make: () => asyncio.Awaitable<unknown>): Co {
      const [ok, aw] = called(label, make);
      if (!ok) return;
      const r = yield* asyncio.attempt(aw as asyncio.Awaitable<unknown>, asyncio.Exception);
      if (r.ok) log(label, "gave", show(r.value));
      else log(label, "raised when awaited:", describe(r.error));
    },
    attemptSync(label: string, make: () => unknown): void {
      const [ok, result] = called(label, make);
      if (ok) log(label, "returned", show(result));
    },
    *attemptIter(label: string, make: () => Iterable<asyncio.Coroutine<unknown>>): Co {
      const [ok, it] = called(label, make);
      if (!ok) return;
      let first: IteratorResult<asyncio.Coroutine<unknown>>;
      try {
        first = (it as Iterable<asyncio.Coroutine<unknown>>)[Symbol.iterator]().next();
      } catch (e) {
        asyncio.except(e, asyncio.Exception);
        log(label, "raised at the first item:", describe(e));
        return;
      }
      if (first.done) {
        log(label, "gave no items");
        return;
      }
      const r = yield* asyncio.attempt(first.value, asyncio.Exception);
      if (r.ok) log(label, "first item gave", show(r.value));
      else log(label, "first item raised:", describe(r.error));
    },
  };
}

function doneFuture(value: unknown = "r"): asyncio.Future<unknown> {
  const fut = asyncio.getRunningLoop().createFuture();
  fut.setResult(value);
  return fut;
}

const slowTask = (): asyncio.Future<unknown> => asyncio.ensureFuture(asyncio.sleep(1, "slow"));

const SCENARIOS: Record<string, (log: Log) => Co> = {
  *gather_arguments(log) {
    const { attempt } = makeHelpers(log);
    yield* attempt("gather()", () => asyncio.gather([]));
    yield* attempt("gather(1)", () => asyncio.gather([any(1)]));
    yield* attempt("gather(None)", () => asyncio.gather([any(null)]));
    yield* attempt("gather(coroutine)", () => asyncio.gather([returns(1)]));
    if (minor() < 12) yield* attempt("gather(plain generator)", () => asyncio.gather([any(plain([]))]));
    yield* attempt("gather(list)", () => asyncio.gather([any([doneFuture()])]));
    yield* attempt("gather(future, future)", () => asyncio.gather([doneFuture(1), doneFuture(2)]));
  },

  *gather_refuses_a_later_argument(log) {
    const { attempt } = makeHelpers(log);
    const loop = asyncio.getRunningLoop();
    loop.setExceptionHandler((_loop, context) => log("loop error:", context.message, describe(context.exception)));
    yield* attempt("gather(future, 1)", () => asyncio.gather([doneFuture(1), any(1)]));
    yield* asyncio.sleep(0);
    log("after one iteration");
  },

  *wait_bad_arguments(log) {
    const { attempt } = makeHelpers(log);
    yield* attempt("wait(1)", () => asyncio.wait(any(1)));
    yield* attempt("wait(None)", () => asyncio.wait(any(null)));
    yield* attempt("wait(set())", () => asyncio.wait(new Set()));
    yield* attempt("wait([1])", () => asyncio.wait([any(1)]));
    yield* attempt("wait([None])", () => asyncio.wait([any(null)]));
    yield* attempt("wait([coroutine])", () => asyncio.wait([returns(1)]));
    yield* attempt("wait([plain generator])", () => asyncio.wait([any(plain([]))]));
    yield* attempt("wait(return_when='bad')", () => asyncio.wait([doneFuture()], { returnWhen: any("bad") }));
    for (const timeout of [-1, 0, null, Infinity, 0.5]) {
      yield* attempt(`wait(timeout=${num(timeout)})`, () => asyncio.wait([slowTask()], { timeout }));
    }
  },

  *wait_for_arguments(log) {
    const { attempt } = makeHelpers(log);
    yield* attempt("wait_for(1, 1)", () => asyncio.waitFor(any(1), 1));
    yield* attempt("wait_for(1, None)", () => asyncio.waitFor(any(1), null));
    yield* attempt("wait_for(1, 0)", () => asyncio.waitFor(any(1), 0));
    yield* attempt("wait_for(None, 1)", () => asyncio.waitFor(any(null), 1));
    if (minor() < 12) yield* attempt("wait_for(plain generator, 1)", () => asyncio.waitFor(any(plain([])), 1));
    yield* attempt("wait_for(done future, 0)", () => asyncio.waitFor(doneFuture(), 0));
    yield* attempt("wait_for(coroutine, 0)", () => asyncio.waitFor(returns("c"), 0));
    for (const timeout of [-1, 0, null, Infinity, 0.5, 2]) {
      yield* attempt(`wait_for(slow, ${num(timeout)})`, () => asyncio.waitFor(slowTask(), timeout));
    }
  },

  *shield_and_task_arguments(log) {
    const { attempt } = makeHelpers(log);
    const makers: [string, (x: asyncio.Coroutine<unknown>) => asyncio.Future<unknown>][] = [
      ["shield", (x) => asyncio.shield(x)],
      ["ensure_future", (x) => asyncio.ensureFuture(x)],
      ["create_task", (x) => asyncio.createTask(x)],
    ];
    for (const [name, fn] of makers) {
      yield* attempt(`${name}(1)`, () => fn(any(1)));
      yield* attempt(`${name}(None)`, () => fn(any(null)));
      yield* attempt(`${name}(coroutine)`, () => fn(returns("c")));
      if (minor() < 12) yield* attempt(`${name}(plain generator)`, () => fn(any(plain([]))));
      yield* attempt(`${name}(list)`, () => fn(any([doneFuture()])));
      yield* attempt(`${name}(done future)`, () => fn(any(doneFuture())));
    }
  },

  *as_completed_bad_arguments(log) {
    const { attemptIter } = makeHelpers(log);
    yield* attemptIter("as_completed(1)", () => asyncio.asCompleted(any(1)));
    yield* attemptIter("as_completed(None)", () => asyncio.asCompleted(any(null)));
    yield* attemptIter("as_completed([])", () => asyncio.asCompleted([]));
    yield* attemptIter("as_completed(set())", () => asyncio.asCompleted(new Set()));
    yield* attemptIter("as_completed([1])", () => asyncio.asCompleted([any(1)]));
    yield* attemptIter("as_completed([coroutine])", () => asyncio.asCompleted([returns("c")]));
    for (const timeout of [-1, 0, null, Infinity, 0.5]) {
      yield* attemptIter(`as_completed(timeout=${num(timeout)})`, () => asyncio.asCompleted([slowTask()], { timeout }));
    }
  },

  *sleep_arguments(log) {
    const { attempt } = makeHelpers(log);
    yield* attempt("sleep(None)", () => asyncio.sleep(any(null)));
    yield* attempt("sleep(-1)", () => asyncio.sleep(-1, "negative"));
    yield* attempt("sleep(0)", () => asyncio.sleep(0, "zero"));
    yield* attempt("sleep(0.5)", () => asyncio.sleep(0.5, "half"));
    log("time", pyFloatRepr(asyncio.getRunningLoop().time()));
  },

  *timeout_arguments(log) {
    if (minor() < 11) {
      log("no asyncio.timeout");
      return;
    }
    const { attempt } = makeHelpers(log);
    const loop = asyncio.getRunningLoop();
    const under = asyncDef(function* under(make: () => asyncio.Timeout, bodyDelay = 1): Co<string> {
      const cm = make();
      const r = yield* asyncio.attempt(
        asyncio.asyncWith(cm, function* () {
          yield* asyncio.sleep(bodyDelay);
        }),
        asyncio.Exception,
      );
      if (!r.ok) return `${describe(r.error)}, expired ${pyStr(cm.expired())}`;
      const when = cm.when();
      return `finished, expired ${pyStr(cm.expired())}, when ${when === null ? "None" : pyFloatRepr(when)}`;
    });
    for (const delay of [-1, 0, null, Infinity, 0.5, 2]) {
      yield* attempt(`timeout(${num(delay)})`, () => under(() => asyncio.timeout(delay)));
    }
    yield* attempt("timeout_at(past)", () => under(() => asyncio.timeoutAt(loop.time() - 1)));
    yield* attempt("timeout_at(None)", () => under(() => asyncio.timeoutAt(null)));
    yield* attempt("timeout_at(inf)", () => under(() => asyncio.timeoutAt(Infinity)));
  },

  *timeout_misuse(log) {
    if (minor() < 11) {
      log("no asyncio.timeout");
      return;
    }
    const { attempt, attemptSync } = makeHelpers(log);
    attemptSync("reschedule before entering", () => asyncio.timeout(1).reschedule(5));
    const cm = asyncio.timeout(1);
    yield* asyncio.asyncWith(cm, function* () {});
    attemptSync("reschedule after exit", () => cm.reschedule(5));
    const enterTwice = asyncDef(function* enter_twice(): Co {
      yield* asyncio.asyncWith(cm, function* () {});
    });
    yield* attempt("enter a finished timeout", () => enterTwice());
  },

  *primitive_arguments(log) {
    const { attempt, attemptSync } = makeHelpers(log);
    attemptSync("Semaphore(-1)", () => new asyncio.Semaphore(-1));
    attemptSync("Semaphore(None)", () => new asyncio.Semaphore(any(null)));
    attemptSync("Semaphore(0).locked()", () => new asyncio.Semaphore(0).locked());
    attemptSync("BoundedSemaphore(-1)", () => new asyncio.BoundedSemaphore(-1));
    attemptSync("BoundedSemaphore(0).release()", () => new asyncio.BoundedSemaphore(0).release());
    attemptSync("BoundedSemaphore(2).release()", () => new asyncio.BoundedSemaphore(2).release());
    attemptSync("Semaphore(0).release()", () => new asyncio.Semaphore(0).release());
    attemptSync("Lock().release()", () => new asyncio.Lock().release());
    attemptSync("Condition().release()", () => new asyncio.Condition().release());
    attemptSync("Condition().notify()", () => new asyncio.Condition().notify());
    attemptSync("Condition().notify_all()", () => new asyncio.Condition().notifyAll());
    yield* attempt("Condition().wait()", () => new asyncio.Condition().wait());
    yield* attempt("Condition().wait_for(true)", () => new asyncio.Condition().waitFor(() => "yes"));
    attemptSync("Condition(None).locked()", () => new asyncio.Condition(null).locked());
    if (minor() >= 11) {
      attemptSync("Barrier(0)", () => new asyncio.Barrier(0));
      attemptSync("Barrier(-1)", () => new asyncio.Barrier(-1));
      attemptSync("Barrier(None)", () => new asyncio.Barrier(any(null)));
      yield* attempt("Barrier(1).wait()", () => new asyncio.Barrier(1).wait());
    }
  },

  *queue_arguments(log) {
    const { attempt, attemptSync } = makeHelpers(log);
    for (const maxsize of [0, -1, 1]) {
      const q = new asyncio.Queue<number>(maxsize);
      for (let i = 0; i < 3; i++) attemptSync(`Queue(${maxsize}).put_nowait(${i})`, () => q.putNowait(i));
      log(`Queue(${maxsize})`, "maxsize", q.maxsize, "qsize", q.qsize(), "full", q.full(), "empty", q.empty());
    }
    const q = new asyncio.Queue<number>(any(null));
    log("Queue(None) maxsize", q.maxsize, "qsize", q.qsize(), "empty", q.empty());
    attemptSync("Queue(None).full()", () => q.full());
    attemptSync("Queue(None).put_nowait(1)", () => q.putNowait(1));
    attemptSync("Queue().task_done()", () => new asyncio.Queue().taskDone());
    attemptSync("Queue().get_nowait()", () => new asyncio.Queue().getNowait());
    attemptSync("LifoQueue().get_nowait()", () => new asyncio.LifoQueue().getNowait());
    yield* attempt("Queue(0).join()", () => new asyncio.Queue(0).join());
  },

  *task_factory_arguments(log) {
    const { attemptSync } = makeHelpers(log);
    const loop = asyncio.getRunningLoop();
    attemptSync("set_task_factory(1)", () => loop.setTaskFactory(any(1)));
    attemptSync("set_task_factory(None)", () => loop.setTaskFactory(null));
    log("get_task_factory() is None:", loop.getTaskFactory() === null);
  },

  /**
   * Values found while measuring the kit's reach (session 13): call_later(None) before and
   * after 3.11's check, a dict given to gather(), create_task(name=None), callbacks that
   * are not callable, and PriorityQueue items holding sets.
   */
  *odd_values(log) {
    const { attempt, attemptSync } = makeHelpers(log);
    const loop = asyncio.getRunningLoop();
    loop.setExceptionHandler((_loop, context) => log("loop error:", context.message, describe(context.exception)));
    attemptSync("call_later(None)", () => loop.callLater(any(null), log));
    yield* attempt("gather({})", () => asyncio.gather([any({})]));
    if (minor() >= 8) {
      const task = asyncio.createTask(returns(1), { name: any(null) });
      log("create_task(name=None) named Task-N:", task.getName().startsWith("Task-"));
      yield* task;
    }
    loop.callSoon(any(1));
    const fut = loop.createFuture<number>();
    fut.addDoneCallback(any(2.5));
    fut.setResult(3);
    yield* asyncio.sleep(0);
    const q = new asyncio.PriorityQueue<unknown>();
    for (const item of [[3, new Set([1, 2]), 1], [3, new Set([1, 2])], [3, new Set([1])], [2, new Set([1, 2])]]) q.putNowait(item);
    log("PriorityQueue of sets:", [0, 1, 2, 3].map(() => q.getNowait()));
  },
};

/** The scenario names, for the Python side. */
export const NAMES = Object.keys(SCENARIOS);

/** Runs one scenario with `version` as the process-wide default target; returns its lines. */
export function runScenario(name: string, version: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
  const scenario = SCENARIOS[name] as (log: Log) => Co;
  const previous = asyncio.setDefaultPython(version);
  try {
    asyncio.runSync(asyncDef(scenario, name)(log));
  } catch (e) {
    log("asyncio.run raised", describe(e));
  } finally {
    asyncio.setDefaultPython(previous);
  }
  return lines;
}
