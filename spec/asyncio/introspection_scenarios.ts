/**
 * The TypeScript side of spec/asyncio/python/introspection_scenarios.py: `allTasks`,
 * `currentTask` inside callbacks and factories, a program-defined task factory that
 * records what it is called with, the eager task factories (3.12+), `getCoro`,
 * `timeoutAt`/`when`/`reschedule`/`expired`, Barrier's `parties`/`nWaiting`/`broken`
 * with `abort` and `reset`, Queue's `maxsize`/`qsize`/`empty`/`full`, `Semaphore.locked`,
 * a Condition on a given Lock and `Condition.waitFor` with a predicate, logging the same
 * lines.
 *
 * Every scenario runs under the process-wide default target (`setDefaultPython`).
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pyFloatRepr } from "../../src/asyncio/format_helpers.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, pyRepr, pyStr, sleep } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;

const minor = (): number => pythonMinor(asyncio.getRunningLoop().python);

/** Program names of tasks, as the Python side keeps them (by identity). */
let names = new Map<object, string>();

function named<T extends asyncio.Future<unknown>>(task: T, name: string): T {
  names.set(task, name);
  return task;
}

const nameOf = (task: object | null): string | null => (task === null ? null : (names.get(task) ?? "?"));

const allNames = (): string[] => [...asyncio.allTasks()].map((t) => nameOf(t) as string).sort();

/** The name of `task.getCoro()`, or null. */
function coroName(task: asyncio.Task<unknown>): string | null {
  const coro = task.getCoro();
  return coro === null ? null : asyncio.coroutineName(coro);
}

const returns = asyncDef(function* returns<T>(value: T): Co<T> {
  return value;
});

const pause = asyncDef(function* pause<T>(value: T): Co<T> {
  yield* sleep(0);
  return value;
});

/** `create_task(coro, name=...)` where the release has names (3.8+). */
function create<T>(coro: Co<T>, name: string): asyncio.Task<T> {
  return named(minor() >= 8 ? asyncio.createTask(coro, { name }) : asyncio.createTask(coro), name);
}

/** Python's keyword names of the options a factory receives, without the unset ones. */
function keywords(options: object): string[] {
  const python: Record<string, string> = { eagerStart: "eager_start" };
  return Object.entries(options)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => python[k] ?? k)
    .sort();
}

const SCENARIOS: Record<string, (log: Log) => Co> = {
  *all_tasks_names(log) {
    named(asyncio.currentTask() as asyncio.Task<unknown>, "main");
    log("at start", allNames());
    const a = create(pause("a"), "a");
    const b = create(returns("b"), "b");
    log("after creating two", allNames());
    yield* sleep(0);
    log("after one iteration", allNames());
    const g = asyncio.gather([pause(1), returns(2)]);
    log("after gather of two coroutines", allNames());
    yield* g;
    log("after the gather", allNames());
    yield* a;
    log("after a", allNames(), "a done", a.done(), "b done", b.done());
    const w = named(asyncio.ensureFuture(asyncio.waitFor(pause(3), 1)), "w");
    yield* sleep(0);
    log("inside wait_for", allNames());
    yield* w;
    log("at the end", allNames());
  },

  *current_task_in_callbacks(log) {
    const loop = asyncio.getRunningLoop();
    named(asyncio.currentTask() as asyncio.Task<unknown>, "main");
    log("in main", nameOf(asyncio.currentTask()));
    loop.callSoon(() => log("in call_soon", nameOf(asyncio.currentTask())));
    loop.callLater(0.5, () => log("in call_later", nameOf(asyncio.currentTask())));
    const t = create(pause("t"), "t");
    t.addDoneCallback(() => log("in a done callback", nameOf(asyncio.currentTask())));
    const fut = loop.createFuture<number>();
    fut.addDoneCallback(() => log("in a future's done callback", nameOf(asyncio.currentTask())));
    const setter = asyncDef(function* setter(): Co {
      fut.setResult(1);
      log("setter sets the future in", nameOf(asyncio.currentTask()));
    });
    yield* create(setter(), "setter");
    yield* t;
    yield* sleep(1);
    log("current_task(loop)", nameOf(asyncio.currentTask(loop)));
  },

  *recording_task_factory(log) {
    const loop = asyncio.getRunningLoop();
    named(asyncio.currentTask() as asyncio.Task<unknown>, "main");
    const calls: string[] = [];
    const factory: asyncio.TaskFactory = (loop_, coro, options) => {
      calls.push(asyncio.coroutineName(coro));
      log("factory", asyncio.coroutineName(coro), "kwargs", keywords(options), "same loop", loop_ === loop,
        "called from", nameOf(asyncio.currentTask()));
      return new asyncio.Task(coro, { ...options, loop: loop_ });
    };
    log("factory before", loop.getTaskFactory() === null);
    loop.setTaskFactory(factory);
    log("factory set", loop.getTaskFactory() === factory);
    const t = create(returns("t"), "t");
    log("create_task gave", yield* t);
    const f = asyncio.ensureFuture(returns("ef"));
    log("ensure_future gave", yield* f);
    log("gather gave", yield* asyncio.gather([returns(1), pause(2)]));
    log("shield gave", yield* asyncio.shield(returns("sh")));
    log("wait_for gave", yield* asyncio.waitFor(returns("wf"), 1));
    for (const next of asyncio.asCompleted([returns("ac")])) log("as_completed gave", yield* next);
    if (minor() >= 11) {
      yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
        tg.createTask(returns("tg"));
      });
    }
    loop.setTaskFactory(null);
    log("factory reset", loop.getTaskFactory() === null);
    create(returns("u"), "u");
    log("calls", calls.length);
    yield* sleep(0);
  },

  *eager_factories(log) {
    if (minor() < 12) {
      log("no eager task factory");
      return;
    }
    const loop = asyncio.getRunningLoop();
    named(asyncio.currentTask() as asyncio.Task<unknown>, "main");
    loop.setTaskFactory(asyncio.eagerTaskFactory);
    log("eager factory set", loop.getTaskFactory() === asyncio.eagerTaskFactory);
    const order: string[] = [];
    const step = asyncDef(function* step(name: string): Co<string> {
      order.push(`${name} starts in ${pyStr(nameOf(asyncio.currentTask()))}`);
      yield* sleep(0);
      order.push(`${name} resumes`);
      return name;
    });
    const a = create(returns("a"), "a");
    log("a done at once", a.done(), "result", a.result(), "get_coro", coroName(a));
    log("a in all_tasks", allNames().includes("a"));
    const b = create(step("b"), "b");
    log("b done at once", b.done(), "order", order, "get_coro", coroName(b));
    log("b in all_tasks", allNames().includes("b"));
    yield* b;
    log("order", order);

    const ctor = <T>(coro: Co<T>, options: asyncio.TaskOptions): asyncio.Task<T> => {
      log("custom constructor", asyncio.coroutineName(coro), "kwargs", keywords(options), "eager_start", options.eagerStart);
      return new asyncio.Task(coro, options);
    };
    loop.setTaskFactory(asyncio.createEagerTaskFactory(ctor));
    const c = create(step("c"), "c");
    log("c done at once", c.done());
    yield* c;
    const d = asyncio.ensureFuture(returns("d"));
    log("d done at once", d.done(), d.result());
    loop.setTaskFactory(null);
    const e = create(returns("e"), "e");
    log("e done at once", e.done());
    yield* e;
  },

  *get_coro(log) {
    if (minor() < 8) {
      log("no Task.get_coro");
      return;
    }
    const t = create(pause("t"), "t");
    log("get_coro name", coroName(t), "same object", t.getCoro() === t.getCoro());
    yield* t;
    log("after done", coroName(t));
    const c = returns(1);
    const u = create(c, "u");
    log("is the coroutine passed", u.getCoro() === c);
    yield* u;
  },

  *timeout_when_reschedule(log) {
    if (minor() < 11) {
      log("no asyncio.timeout");
      return;
    }
    const loop = asyncio.getRunningLoop();
    const when = (cm: asyncio.Timeout): string => {
      const w = cm.when();
      return w === null ? "None" : pyFloatRepr(w);
    };
    const cm = asyncio.timeoutAt(loop.time() + 2);
    log("when before entering", when(cm), "expired", cm.expired());
    yield* asyncio.asyncWith(cm, function* () {
      log("when inside", when(cm));
      cm.reschedule(loop.time() + 5);
      log("rescheduled to", when(cm));
      yield* sleep(4);
      log("time", pyFloatRepr(loop.time()), "expired", cm.expired());
      cm.reschedule(null);
      log("rescheduled to None", when(cm));
      yield* sleep(2);
    });
    log("after", pyFloatRepr(loop.time()), "expired", cm.expired(), "when", when(cm));
    const cm2 = asyncio.timeout(1);
    try {
      yield* asyncio.asyncWith(cm2, function* () {
        cm2.reschedule(loop.time() + 0.5);
        try {
          yield* sleep(1);
        } catch (e) {
          asyncio.except(e, asyncio.CancelledError);
          log("cancelled inside; expired", cm2.expired(), "time", pyFloatRepr(loop.time()));
          throw e;
        }
      });
    } catch (e) {
      asyncio.except(e, asyncio.TimeoutError);
      log("TimeoutError; expired", cm2.expired());
    }
    const cm3 = asyncio.timeoutAt(loop.time());
    try {
      yield* asyncio.asyncWith(cm3, function* () {
        log("deadline now; expired before awaiting", cm3.expired());
        yield* sleep(0);
        log("not reached");
      });
    } catch (e) {
      asyncio.except(e, asyncio.TimeoutError);
      log("deadline now: TimeoutError, expired", cm3.expired());
    }
    const cm4 = asyncio.timeout(null);
    try {
      yield* asyncio.asyncWith(cm4, function* () {
        cm4.reschedule(loop.time() - 1);
        try {
          yield* sleep(1);
        } catch (e) {
          asyncio.except(e, asyncio.CancelledError);
          log("past deadline cancels; expired", cm4.expired());
          try {
            cm4.reschedule(null);
          } catch (err) {
            asyncio.except(err, asyncio.RuntimeError);
            log("reschedule while expiring:", pyRepr(err));
          }
          throw e;
        }
      });
    } catch (e) {
      asyncio.except(e, asyncio.TimeoutError);
      log("TimeoutError, expired", cm4.expired(), "time", pyFloatRepr(loop.time()));
    }
  },

  *barrier_state(log) {
    if (minor() < 11) {
      log("no asyncio.Barrier");
      return;
    }
    const b = new asyncio.Barrier(3);
    log("parties", b.parties, "n_waiting", b.nWaiting, "broken", b.broken);
    const waiter = asyncDef(function* waiter(name: string): Co {
      try {
        const index = yield* b.wait();
        log(name, "passed with index", index);
      } catch (e) {
        asyncio.except(e, asyncio.BrokenBarrierError);
        log(name, "broken");
      }
    });
    const round = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => create(waiter(`${prefix}${i}`), `${prefix}${i}`));
    let tasks = round("w", 2);
    yield* sleep(0);
    log("two waiting: n_waiting", b.nWaiting, "broken", b.broken);
    yield* b.reset();
    log("after reset: n_waiting", b.nWaiting, "broken", b.broken);
    yield* asyncio.gather(tasks);
    tasks = round("x", 3);
    yield* asyncio.gather(tasks);
    log("after a full round: n_waiting", b.nWaiting, "broken", b.broken);
    tasks = round("y", 1);
    yield* sleep(0);
    yield* b.abort();
    log("after abort: n_waiting", b.nWaiting, "broken", b.broken);
    yield* asyncio.gather(tasks);
    try {
      yield* b.wait();
    } catch (e) {
      asyncio.except(e, asyncio.BrokenBarrierError);
      log("wait on a broken barrier:", pyRepr(e));
    }
    yield* b.reset();
    log("reset a broken barrier: broken", b.broken, "n_waiting", b.nWaiting);
  },

  *queue_state(log) {
    for (const maxsize of [0, 2]) {
      const q = new asyncio.Queue<number>(maxsize);
      log("maxsize", q.maxsize, "qsize", q.qsize(), "empty", q.empty(), "full", q.full());
      for (let i = 0; i < 3; i++) {
        if (!q.full()) q.putNowait(i);
        log("after put", i, "qsize", q.qsize(), "empty", q.empty(), "full", q.full());
      }
      while (!q.empty()) q.getNowait();
      log("drained: qsize", q.qsize(), "empty", q.empty(), "full", q.full());
    }
    const q = new asyncio.Queue<string>(1);
    const getter = create(q.get(), "getter");
    yield* sleep(0);
    q.putNowait("x");
    log("put with a waiting getter: qsize", q.qsize(), "full", q.full());
    yield* getter;
    log("getter done: qsize", q.qsize(), "empty", q.empty());
  },

  *semaphore_locked(log) {
    for (const cls of [asyncio.Semaphore, asyncio.BoundedSemaphore]) {
      const s = new cls(1);
      log(cls.name, "locked", s.locked());
      yield* s.acquire();
      log("acquired: locked", s.locked());
      const waiter = create(s.acquire(), "waiter");
      yield* sleep(0);
      s.release();
      log("released with a waiter: locked", s.locked());
      yield* waiter;
      log("waiter acquired: locked", s.locked());
      s.release();
      log("released: locked", s.locked());
    }
    const z = new asyncio.Semaphore(0);
    log("Semaphore(0) locked", z.locked());
    z.release();
    log("released once: locked", z.locked());
  },

  *condition_on_lock(log) {
    const lock = new asyncio.Lock();
    const cv = new asyncio.Condition(lock);
    log("locked", lock.locked(), cv.locked());
    yield* lock.acquire();
    log("lock acquired: cv locked", cv.locked());
    const t = create(cv.acquire(), "t");
    yield* sleep(0);
    log("cv.acquire waits:", !t.done());
    lock.release();
    yield* t;
    log("cv acquired: lock locked", lock.locked());
    const waiter = asyncDef(function* waiter(): Co {
      yield* asyncio.asyncWith(cv, function* () {
        log("waiter waits");
        yield* cv.wait();
        log("waiter woken; lock locked", lock.locked());
      });
    });
    cv.release();
    const w = create(waiter(), "w");
    yield* sleep(0);
    yield* asyncio.asyncWith(lock, function* () {
      log("notify under the lock");
      cv.notify();
    });
    yield* w;
    log("after: locked", lock.locked(), cv.locked());
  },

  *condition_wait_for(log) {
    const cv = new asyncio.Condition();
    const calls: number[] = [];
    const predicate = (): string | false => {
      calls.push(1);
      return calls.length >= 3 && `ready ${calls.length}`;
    };
    const waiter = asyncDef(function* waiter(): Co {
      yield* asyncio.asyncWith(cv, function* () {
        const result = yield* cv.waitFor(predicate);
        log("wait_for gave", result, "after", calls.length, "calls");
      });
    });
    const w = create(waiter(), "w");
    for (let i = 0; i < 3; i++) {
      yield* sleep(0);
      yield* asyncio.asyncWith(cv, function* () {
        log("notify", i, "calls so far", calls.length);
        cv.notify();
      });
    }
    yield* w;
    yield* asyncio.asyncWith(cv, function* () {
      log("true at once:", yield* cv.waitFor(() => "now"));
    });
    yield* asyncio.asyncWith(cv, function* () {
      try {
        yield* cv.waitFor(() => {
          throw new asyncio.ValueError("pred");
        });
      } catch (e) {
        asyncio.except(e, asyncio.ValueError);
        log("predicate raised", pyRepr(e), "lock held", cv.locked());
      }
    });
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
  names = new Map();
  try {
    asyncio.runSync(asyncDef(scenario, name)(log));
  } catch (e) {
    log("asyncio.run raised", pyRepr(e));
  } finally {
    asyncio.setDefaultPython(previous);
  }
  return lines;
}
