/**
 * The TypeScript side of spec/asyncio/python/text_scenarios.py: reprs, loop error reports
 * and warnings, written against asyncio-ts, logging the same lines. Every scenario runs
 * under the process-wide default target (`setDefaultPython`), as the Python side runs on
 * one interpreter.
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { _resetEventLoopPolicy } from "../../src/asyncio/events.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, sleep, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;
type Scenario = { async: (log: Log) => Co } | { plain: (log: Log) => void };

const minor = (): number => pythonMinor(asyncio.getDefaultPython());
const repr = (x: unknown): string => pyRepr(x);

function cb(..._args: unknown[]): void {}
function other(..._args: unknown[]): void {}

function named<T>(coro: Co<T>, name: string): asyncio.Task<T> {
  const loop = asyncio.getRunningLoop();
  return minor() >= 8 ? loop.createTask(coro, { name }) : loop.createTask(coro);
}

const sleeper = asyncDef(function* sleeper(delay = 10): Co {
  yield* sleep(delay);
});
const returns = asyncDef(function* returns<T>(value: T): Co<T> {
  return value;
});
const fails = asyncDef(function* fails(): Co {
  throw new asyncio.ValueError("boom");
});
const waiter = asyncDef(function* waiter<T>(fut: asyncio.Future<T>): Co<T> {
  return yield* fut;
});
const awaiter = asyncDef(function* awaiter<T>(task: asyncio.Task<T>): Co<T> {
  return yield* task;
});
const acquires = asyncDef(function* acquires(primitive: { acquire(): Co<true> }): Co {
  yield* primitive.acquire();
});
const waits = asyncDef(function* waits(primitive: asyncio.Event): Co {
  yield* primitive.wait();
});
const notified = asyncDef(function* notified(condition: asyncio.Condition): Co {
  yield* asyncio.asyncWith(condition, function* () {
    yield* condition.wait();
  });
});
const getter = asyncDef(function* getter<T>(q: asyncio.Queue<T>): Co<T> {
  return yield* q.get();
});
const putter = asyncDef(function* putter<T>(q: asyncio.Queue<T>, item: T): Co {
  yield* q.put(item);
});
const firstOf = asyncDef(function* first_of<T>(iterator: Iterable<Co<T>>): Co<T | undefined> {
  for (const f of iterator) return yield* f;
  return undefined;
});
const childFails = asyncDef(function* child_fails(): Co {
  yield* sleep(1);
  throw new asyncio.ValueError("child");
});

function* inTimeout(log: Log, delay: number | null, inner: number): Co {
  const loop = asyncio.getRunningLoop();
  const cm = asyncio.timeout(delay);
  log("timeout", repr(cm));
  try {
    yield* asyncio.asyncWith(cm, function* () {
      log("timeout", repr(cm));
      try {
        yield* sleep(inner);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) log("timeout", repr(cm));
        throw e;
      }
      cm.reschedule(loop.time() + 0.0015);
      log("timeout", repr(cm));
      cm.reschedule(null);
      log("timeout", repr(cm));
    });
  } catch (e) {
    if (!(e instanceof asyncio.TimeoutError)) throw e;
    log("timed out");
  }
  log("timeout", repr(cm));
}


// -- errors outside tasks -----------------------------------------------------------------

/** Logs what the `asyncio` logger receives (level, message without traceback frames, exception). */
function capturing(log: Log): () => void {
  const handler: asyncio.LogHandler = (record) => {
    log("logged", record.levelname, repr(record.getMessage()), "exception", repr(record.exception));
  };
  asyncio.logger.addHandler(handler);
  return () => asyncio.logger.removeHandler(handler);
}

function boom(...args: unknown[]): never {
  throw new asyncio.ValueError("callback", ...args);
}

class BadRepr {
  toString(): string {
    throw new asyncio.KeyError("repr");
  }
}

function recordingHandler(log: Log): asyncio.ExceptionHandler {
  return (_loop, context) => {
    const keys = Object.keys(context).sort();
    log("handler got", keys, repr(context.message), repr(context.exception));
    for (const key of keys) {
      if (key === "source_traceback" || key === "handle_traceback") log("  ", key, "<traceback>");
      else if (key !== "message" && key !== "exception") log("  ", key, repr(context[key]));
    }
  };
}


// -- warnings -----------------------------------------------------------------------------

const { warnings } = asyncio;

/** Records every warning while the scenario runs, as the kit's harness does. */
function recordingWarnings(log: Log): () => void {
  const cw = warnings.catchWarnings();
  cw.enter();
  warnings.simplefilter("always");
  warnings.setShowwarning((w) => {
    const text = pyStr(w.message);
    if (w.message instanceof warnings.ResourceWarning || text.includes("was never awaited")) return;
    log("warning", w.category.name, text);
  });
  return () => cw.exit();
}

function outcomeOf(make: () => object): string {
  try {
    return `made ${make().constructor.name}`;
  } catch (e) {
    if (!(e instanceof asyncio.TypeError || e instanceof warnings.Warning)) throw e;
    return `${(e as Error).name}: ${pyStr(e)}`;
  }
}

const returnsOne = asyncDef(function* returns_one(): Co<number> {
  return 1;
});

const SCENARIOS: Record<string, Scenario> = {
  repr_tasks: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const t = named(sleeper(), "t");
      log("created", repr(t));
      t.addDoneCallback(cb);
      t.addDoneCallback(other);
      log("two callbacks", repr(t));
      yield* sleep(0);
      log("sleeping", repr(t));
      t.cancel();
      log("cancel requested", repr(t));
      yield* sleep(0);
      log("cancelled", repr(t));
      const u = named(sleeper(), "u");
      u.cancel();
      log("cancelled before it started", repr(u));
      yield* sleep(0);
      log("then", repr(u));
      const r = named(returns([1, 2, 3, 4, 5, 6, 7]), "r");
      yield* r;
      log("finished", repr(r));
      const s = named(returns("x".repeat(50)), "s");
      yield* s;
      log("long result", repr(s));
      // A frozen array is a Python tuple.
      const one = named(returns(Object.freeze([1])), "one");
      yield* one;
      log("tuple result", repr(one));
      let deep: readonly unknown[] = Object.freeze([1]);
      for (let i = 0; i < 7; i++) deep = Object.freeze([deep, 2]);
      const nested = named(returns(deep), "nested");
      yield* nested;
      log("nested tuple result", repr(nested));
      const f = named(fails(), "f");
      yield* sleep(0);
      log("failed", repr(f));
      f.exception();
      const fut = loop.createFuture<null>();
      const w = named(waiter(fut), "w");
      yield* sleep(0);
      log("waiting", repr(w));
      log("its future", repr(fut));
      fut.setResult(null);
      log("future done, task not woken", repr(w));
      yield* w;
      const a = named(sleeper(1), "a");
      const b = named(awaiter(a), "b");
      yield* sleep(0);
      log("awaiting a task", repr(b));
      yield* b;
      log("both done", repr(a), repr(b));
      const selfRepr = asyncDef(function* self_repr(): Co {
        log("itself", repr(asyncio.currentTask()));
      });
      yield* named(selfRepr(), "me");
    },
  },

  repr_futures: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const f = loop.createFuture<unknown>();
      log("pending", repr(f));
      f.addDoneCallback(cb);
      log("one callback", repr(f));
      f.addDoneCallback(other);
      log("two callbacks", repr(f));
      f.addDoneCallback(cb);
      log("three callbacks", repr(f));
      f.addDoneCallback(other);
      log("four callbacks", repr(f));
      log("removed", f.removeDoneCallback(cb), repr(f));
      f.setResult(null);
      log("result None", repr(f));
      for (const value of [1, -7, "text", "y".repeat(40), [1, 2, 3, 4, 5, 6, 7], [[1, [2, [3, [4]]]]], true, 2.5, new Map([["k", 1]])]) {
        const g = loop.createFuture<unknown>();
        g.setResult(value);
        log("result", repr(g));
      }
      // reprlib sorts the keys of a dict and the items of a set when it can (at most 4 and 6).
      const containers: unknown[] = [
        new Set([5, 3, 1, 9, 7, 2, 8]),
        new Set(),
        new Set([Object.freeze([2, "b"]), Object.freeze([1, "a"])]),
        { b: 1, a: 2 },
        { e: 5, d: 4, c: 3, b: 2, a: 1 },
        new Map<unknown, unknown>([[3, "c"], [1, "a"]]),
        new Map<unknown, unknown>([["b", 1], [2, "x"]]),
      ];
      for (const value of containers) {
        const g = loop.createFuture<unknown>();
        g.setResult(value);
        log("result", repr(g));
      }
      const e = loop.createFuture<unknown>();
      e.setException(new asyncio.ValueError("bad", 2));
      log("exception", repr(e));
      e.exception();
      const c = loop.createFuture<unknown>();
      c.cancel();
      log("cancelled", repr(c));
      const gathered = asyncio.gather([named(returns(1), "g1"), named(returns(2), "g2")]);
      log("gather", repr(gathered));
      yield* gathered;
      log("gather done", repr(gathered));
      const sh = asyncio.shield(named(sleeper(1), "sh"));
      log("shield", repr(sh));
      yield* sh;
    },
  },

  repr_handles: {
    plain(log) {
      for (const debug of [false, true]) {
        const loop = asyncio.newEventLoop();
        loop.setDebug(debug);
        const h = loop.callSoon(cb, 1, "two", null);
        log(debug ? "debug" : "normal", repr(h));
        const h2 = loop.callSoon(other);
        log("no arguments", repr(h2));
        h.cancel();
        log("cancelled", repr(h));
        const t = loop.callLater(1.5, cb, [1, 2]);
        log("timer", repr(t));
        const t2 = loop.callAt(7.25, other);
        log("timer at", repr(t2));
        t.cancel();
        log("timer cancelled", repr(t));
        const t3 = loop.callLater(0.1 + 0.2, cb, "x".repeat(40));
        log("long argument", repr(t3));
        loop.callSoon(asyncio.qualname(() => loop.stop(), "BaseEventLoop.stop"));
        loop.runForever();
        log("after running", repr(h2), repr(t3));
        loop.close();
      }
    },
  },

  repr_locks: {
    *async(log) {
      const lock = new asyncio.Lock();
      log("lock", repr(lock));
      yield* lock.acquire();
      log("lock", repr(lock));
      const waiters = [0, 1].map((i) => named(acquires(lock), `l${i}`));
      yield* sleep(0);
      log("lock", repr(lock));
      lock.release();
      log("lock", repr(lock));
      yield* sleep(0);
      lock.release();
      yield* sleep(0);
      lock.release();
      yield* asyncio.gather(waiters);
      log("lock", repr(lock));

      const event = new asyncio.Event();
      log("event", repr(event));
      const ws = [0, 1, 2].map((i) => named(waits(event), `e${i}`));
      yield* sleep(0);
      log("event", repr(event));
      event.set();
      log("event", repr(event));
      yield* asyncio.gather(ws);
      log("event", repr(event));
      event.clear();
      log("event", repr(event));

      const cond = new asyncio.Condition();
      log("condition", repr(cond));
      const cs = [0, 1].map((i) => named(notified(cond), `c${i}`));
      yield* sleep(0);
      log("condition", repr(cond));
      yield* asyncio.asyncWith(cond, function* () {
        log("condition", repr(cond));
        cond.notify(1);
        log("condition", repr(cond));
      });
      yield* sleep(0);
      log("condition", repr(cond));
      yield* asyncio.asyncWith(cond, function* () {
        cond.notifyAll();
      });
      yield* asyncio.gather(cs);
      log("condition", repr(cond));

      for (const cls of [asyncio.Semaphore, asyncio.BoundedSemaphore]) {
        const sem = new cls(2);
        log(cls.name, repr(sem));
        yield* sem.acquire();
        log(cls.name, repr(sem));
        yield* sem.acquire();
        log(cls.name, repr(sem));
        const ss = [0, 1].map((i) => named(acquires(sem), `s${i}`));
        yield* sleep(0);
        log(cls.name, repr(sem));
        sem.release();
        log(cls.name, repr(sem));
        yield* sleep(0);
        log(cls.name, repr(sem));
        sem.release();
        sem.release();
        sem.release();
        yield* asyncio.gather(ss);
        log(cls.name, repr(sem));
      }
    },
  },

  repr_barrier: {
    *async(log) {
      if (minor() < 11) {
        log("no Barrier");
        return;
      }
      const barrier = new asyncio.Barrier(3);
      log("barrier", repr(barrier));
      const bs = [0, 1].map((i) => named(barrier.wait(), `b${i}`));
      yield* sleep(0);
      log("barrier", repr(barrier));
      const last = named(barrier.wait(), "b2");
      yield* sleep(0);
      log("barrier", repr(barrier));
      yield* asyncio.gather([last, ...bs]);
      log("barrier", repr(barrier));
      const again = [0, 1].map((i) => named(barrier.wait(), `r${i}`));
      yield* sleep(0);
      const resetting = named(barrier.reset(), "reset");
      yield* sleep(0);
      log("barrier", repr(barrier));
      yield* asyncio.gather([...again, resetting], { returnExceptions: true });
      log("barrier", repr(barrier));
      yield* barrier.abort();
      log("barrier", repr(barrier));
      yield* barrier.reset();
      log("barrier", repr(barrier));
    },
  },

  repr_queues: {
    *async(log) {
      for (const cls of [asyncio.Queue, asyncio.LifoQueue, asyncio.PriorityQueue]) {
        const q = new cls<number>(2);
        const name = cls.name;
        log(name, repr(q), pyStr(q));
        const gs = [0, 1].map((i) => named(getter(q), `g${i}`));
        yield* sleep(0);
        log(name, repr(q));
        q.putNowait(3);
        q.putNowait(1);
        log(name, repr(q));
        yield* asyncio.gather(gs);
        for (const item of [5, 2, 4, 9]) named(putter(q, item), `p${item}`);
        yield* sleep(0);
        log(name, repr(q));
        q.getNowait();
        q.taskDone();
        log(name, repr(q));
        yield* sleep(0);
        log(name, repr(q));
        if (minor() >= 13) {
          q.shutdown();
          log(name, repr(q));
        }
        for (;;) {
          try {
            q.getNowait();
          } catch (e) {
            if (e instanceof asyncio.QueueEmpty || (minor() >= 13 && e instanceof asyncio.QueueShutDown)) break;
            throw e;
          }
        }
        yield* sleep(0);
        log(name, repr(q));
      }
      log("unbounded", repr(new asyncio.Queue()));
    },
  },

  repr_timeout: {
    *async(log) {
      if (minor() < 11) {
        log("no timeout");
        return;
      }
      yield* inTimeout(log, 1, 5);
      yield* inTimeout(log, 5, 1);
      yield* inTimeout(log, 2.0625, 5);
      yield* inTimeout(log, null, 0);
      const at = asyncio.timeoutAt(asyncio.getRunningLoop().time() + 1.0625);
      yield* asyncio.asyncWith(at, function* () {
        log("timeout_at", repr(at));
      });
    },
  },

  repr_taskgroup: {
    *async(log) {
      if (minor() < 11) {
        log("no TaskGroup");
        return;
      }
      const tg = new asyncio.TaskGroup();
      log("task group", repr(tg));
      yield* asyncio.asyncWith(tg, function* () {
        log("task group", repr(tg));
        tg.createTask(sleeper(1));
        tg.createTask(sleeper(2));
        log("task group", repr(tg));
      });
      log("task group", repr(tg));
      const tg2 = new asyncio.TaskGroup();
      try {
        yield* asyncio.asyncWith(tg2, function* () {
          tg2.createTask(childFails());
          tg2.createTask(sleeper(5));
          try {
            yield* sleep(5);
          } catch (e) {
            if (e instanceof asyncio.CancelledError) log("task group", repr(tg2));
            throw e;
          }
        });
      } catch (e) {
        log("raised", (e as Error).name);
      }
      log("task group", repr(tg2));
    },
  },

  repr_callbacks: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      let t = named(sleeper(1), "t");
      let w: asyncio.Task<unknown> = named(asyncio.waitFor(t, 5), "w");
      yield* sleep(0);
      if (minor() >= 10) log("wait_for", repr(t));
      yield* w;
      t = named(sleeper(1), "t2");
      w = named(asyncio.wait([t], { timeout: 5 }), "w2");
      yield* sleep(0);
      log("wait", repr(t));
      yield* w;
      t = named(sleeper(1), "t3");
      const s = asyncio.shield(t);
      log("shield inner", repr(t));
      log("shield outer", repr(s));
      yield* s;
      const f = loop.createFuture<number>();
      const a = named(firstOf(asyncio.asCompleted([f])), "a");
      yield* sleep(0);
      log("as_completed", repr(f));
      f.setResult(1);
      yield* a;
      if (minor() >= 11) {
        yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
          const c = tg.createTask(sleeper(1));
          log("task group child", repr(c).replace(c.getName(), "N"));
          yield* sleep(0);
          log("task group child", repr(c).replace(c.getName(), "N"));
        });
      }
    },
  },

  repr_debug: {
    plain(log) {
      let loop = asyncio.newEventLoop();
      loop.setDebug(true);
      const body = asyncDef(function* body(): Co {
        const f = loop.createFuture();
        log("future", repr(f));
        const t = named(sleeper(1), "t");
        log("task", repr(t));
        yield* sleep(0);
        log("task", repr(t));
        t.cancel();
        f.cancel();
        log("future", repr(f));
      });
      loop.runUntilComplete(body());
      loop.close();
      if (minor() >= 12) {
        loop = asyncio.newEventLoop();
        loop.setTaskFactory(asyncio.eagerTaskFactory);
        const eager = asyncDef(function* eager(): Co {
          let t: asyncio.Task<unknown> = named(returns(5), "eager");
          log("eager done at once", repr(t));
          t = named(sleeper(1), "eager2");
          log("eager suspended", repr(t));
          t.cancel();
        });
        loop.runUntilComplete(eager());
        loop.close();
      }
    },
  },

  errors_handler: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const handler = recordingHandler(log);
      loop.setExceptionHandler(handler);
      log("handler is", loop.getExceptionHandler() === handler);
      loop.callSoon(boom, 1, "two");
      loop.callLater(0.5, boom);
      const fut = loop.createFuture<number>();
      fut.addDoneCallback(boom);
      fut.setResult(3);
      const failed = loop.createFuture<number>();
      failed.addDoneCallback(boom);
      failed.setException(new asyncio.KeyError("k"));
      failed.exception();
      yield* sleep(1);
      loop.callExceptionHandler({ message: "custom", future: fut, extra: [1, "x"] });
      loop.callExceptionHandler({ exception: new asyncio.RuntimeError("gone") });
    },
  },

  errors_default_handler: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const restore = capturing(log);
      try {
        loop.callSoon(boom, 1);
        const fut = loop.createFuture<null>();
        fut.addDoneCallback(boom);
        fut.setResult(null);
        yield* sleep(0);
        yield* sleep(0);
        loop.callExceptionHandler({ message: "plain", future: fut });
        loop.callExceptionHandler({ message: "" });
        loop.defaultExceptionHandler({ message: "called directly", value: 5 });
        loop.callExceptionHandler({ message: "bad repr", obj: new BadRepr() });
        const raisingHandler = asyncio.qualname((_l: asyncio.BaseEventLoop, context: asyncio.ExceptionContext): void => {
          log("raising handler got", repr(context.message));
          throw new asyncio.KeyError("handler");
        }, "errors_default_handler.<locals>.raising_handler");
        loop.setExceptionHandler(raisingHandler);
        loop.callSoon(boom);
        yield* sleep(0);
        loop.callExceptionHandler({ message: "bad repr again", obj: new BadRepr() });
        loop.setExceptionHandler((l, context) => {
          log("chaining handler got", repr(context.message));
          l.defaultExceptionHandler(context);
        });
        loop.callLater(1, boom, "later");
        yield* sleep(2);
        loop.setExceptionHandler(null);
        log("handler is", loop.getExceptionHandler());
      } finally {
        restore();
      }
    },
  },

  errors_debug: {
    plain(log) {
      const restore = capturing(log);
      try {
        const loop = asyncio.newEventLoop();
        loop.setDebug(true);
        loop.setExceptionHandler(recordingHandler(log));
        loop.callSoon(boom, "debug");
        loop.runUntilComplete(sleep(0));
        loop.setExceptionHandler(null);
        loop.callSoon(boom, "debug");
        loop.callSoon(asyncio.qualname((c: asyncio.ExceptionContext) => loop.callExceptionHandler(c), "BaseEventLoop.call_exception_handler"), {
          message: "from a debug callback",
        });
        loop.runUntilComplete(sleep(0));
        loop.close();
      } finally {
        restore();
      }
    },
  },

  errors_base_exception: {
    plain(log) {
      for (const exc of [new asyncio.GeneratorExit("out"), new asyncio.KeyboardInterrupt(), new asyncio.CancelledError()]) {
        let loop = asyncio.newEventLoop();
        loop.setExceptionHandler(recordingHandler(log));
        loop.callSoon(
          asyncio.qualname(() => {
            throw exc;
          }, "errors_base_exception.<locals>.raiser"),
        );
        try {
          loop.runUntilComplete(sleep(0));
          log(exc.name, "was reported");
        } catch (e) {
          log(exc.name, "propagated:", (e as Error).name);
        }
        loop.close();
        loop = asyncio.newEventLoop();
        loop.setExceptionHandler(() => {
          throw exc;
        });
        loop.callSoon(boom);
        const restore = capturing(log);
        try {
          loop.runUntilComplete(sleep(0));
          log(exc.name, "from the handler was reported");
        } catch (e) {
          log(exc.name, "from the handler propagated:", (e as Error).name);
        } finally {
          restore();
        }
        loop.close();
      }
    },
  },

  warnings_loop_argument: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const restore = recordingWarnings(log);
      try {
        const classes = [
          ["Lock", () => new asyncio.Lock({ loop })],
          ["Event", () => new asyncio.Event({ loop })],
          ["Condition", () => new asyncio.Condition(null, { loop })],
          ["Semaphore", () => new asyncio.Semaphore(1, { loop })],
          ["BoundedSemaphore", () => new asyncio.BoundedSemaphore(1, { loop })],
          ["Queue", () => new asyncio.Queue(0, { loop })],
          ["LifoQueue", () => new asyncio.LifoQueue(0, { loop })],
          ["PriorityQueue", () => new asyncio.PriorityQueue(0, { loop })],
        ] as const;
        for (const [name, make] of classes) log(name, outcomeOf(make));
        if (minor() >= 11) log("Barrier", outcomeOf(() => new asyncio.Barrier(2, { loop })));
        const lock = new asyncio.Lock();
        log("Condition(lock)", outcomeOf(() => new asyncio.Condition(lock, { loop })));
        try {
          new asyncio.Semaphore(-1, { loop });
        } catch (e) {
          log("Semaphore(-1)", (e as Error).name, pyStr(e));
        }
      } finally {
        restore();
      }
    },
  },

  // "once" and "module" keep a text back per module until the filters change (CPython's
  // C warn); a Condition's Lock, a BoundedSemaphore's Semaphore part and a queue's Event
  // warn from asyncio.locks / asyncio.queues (3.8 and 3.9); "error" raises at the call.
  warnings_once_per_module: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const restore = recordingWarnings(log);
      try {
        for (const action of ["once", "module", "once"] as const) {
          warnings.simplefilter(action, warnings.DeprecationWarning);
          log(action);
          log("Condition", outcomeOf(() => new asyncio.Condition(null, { loop })));
          log("BoundedSemaphore", outcomeOf(() => new asyncio.BoundedSemaphore(1, { loop })));
          log("Queue", outcomeOf(() => new asyncio.Queue(0, { loop })));
          for (let i = 0; i < 2; i++) warnings.warn("w", warnings.DeprecationWarning);
          warnings.warn("w", warnings.UserWarning);
        }
        warnings.simplefilter("ignore", warnings.Warning);
        warnings.simplefilter("error", warnings.DeprecationWarning);
        log("Lock", outcomeOf(() => new asyncio.Lock({ loop })));
        warnings.warn("quiet", warnings.UserWarning);
        log("UserWarning ignored");
      } finally {
        restore();
      }
    },
  },

  warnings_wait_coroutines: {
    *async(log) {
      const restore = recordingWarnings(log);
      try {
        const t = named(returnsOne(), "t");
        try {
          const [done, pending] = yield* asyncio.wait([returnsOne(), t]);
          log("done", done.size, "pending", pending.size);
        } catch (e) {
          if (!(e instanceof asyncio.TypeError)) throw e;
          log("TypeError", pyStr(e));
        }
        const [done] = yield* asyncio.wait([t]);
        log("tasks only: done", done.size);
      } finally {
        restore();
      }
    },
  },

  warnings_get_event_loop: {
    plain(log) {
      const restore = recordingWarnings(log);
      try {
        asyncio.setEventLoop(null);
        try {
          asyncio.getEventLoop();
          log("no loop set: got one");
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          log("no loop set: RuntimeError", pyStr(e));
        }
        _resetEventLoopPolicy();
        try {
          const loop = asyncio.getEventLoop();
          log("fresh policy: got one");
          loop.close();
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          log("fresh policy: RuntimeError", pyStr(e));
        }
        asyncio.setEventLoop(null);
      } finally {
        _resetEventLoopPolicy();
        restore();
      }
    },
  },

  warnings_filters: {
    plain(log) {
      const cw = warnings.catchWarnings();
      cw.enter();
      const shown: string[] = [];
      warnings.setShowwarning((w) => void shown.push(`${w.category.name}: ${pyStr(w.message)}`));
      const clear = () => void shown.splice(0);
      try {
        warnings.resetwarnings();
        warnings.onceregistry.clear();
        for (let i = 0; i < 2; i++) warnings.warn("first");
        warnings.warn("second", warnings.RuntimeWarning);
        log("no filters, default action:", shown);
        clear();
        warnings.simplefilter("ignore", warnings.RuntimeWarning);
        warnings.warn("quiet", warnings.RuntimeWarning);
        for (let i = 0; i < 2; i++) warnings.warn("loud", warnings.UserWarning);
        log("ignore RuntimeWarning:", shown);
        clear();
        warnings.simplefilter("always");
        warnings.warn("again");
        warnings.warn("again");
        log("always:", shown);
        clear();
        warnings.simplefilter("once");
        warnings.warn("one", warnings.DeprecationWarning);
        warnings.warn("one", warnings.DeprecationWarning);
        warnings.warn("one", warnings.UserWarning);
        log("once:", shown);
        clear();
        warnings.filterwarnings("error", { message: "fatal", category: warnings.UserWarning });
        try {
          warnings.warn("FATAL thing");
        } catch (e) {
          if (!(e instanceof warnings.UserWarning)) throw e;
          log("error action raised", e.name, `(${asyncio.pyRepr(e.args[0])},)`);
        }
        warnings.warn("not fatal");
        warnings.warn(new warnings.DeprecationWarning("an instance"));
        log("message filter:", shown);
        clear();
        const rec = warnings.catchWarnings({ record: true });
        const w = rec.enter() ?? [];
        warnings.simplefilter("always");
        warnings.warn("recorded", warnings.FutureWarning);
        rec.exit();
        log("recorded:", w.map((x) => `${x.category.name}: ${pyStr(x.message)}`), "shown:", shown);
        warnings.resetwarnings();
        warnings.filterwarnings("ignore", { category: warnings.DeprecationWarning });
        warnings.warn("pending", warnings.PendingDeprecationWarning);
        warnings.warn("deprecated", warnings.DeprecationWarning);
        log("after reset:", shown);
        clear();
        warnings.resetwarnings();
        log("filters after reset:", warnings.filters().length);
      } finally {
        cw.exit();
      }
    },
  },
};

/** The scenario names, for the Python side. */
export const NAMES = Object.keys(SCENARIOS);

/** Runs one scenario with `version` as the process-wide default target; returns its lines. */
export function runScenario(name: string, version: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map((p) => pyStr(p)).join(" "));
  const scenario = SCENARIOS[name] as Scenario;
  const previous = asyncio.setDefaultPython(version);
  try {
    if ("plain" in scenario) scenario.plain(log);
    else asyncio.runSync(scenario.async(log));
  } catch (e) {
    log("asyncio.run raised", pyRepr(e));
  } finally {
    asyncio.setDefaultPython(previous);
  }
  return lines;
}
