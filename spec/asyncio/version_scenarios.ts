/**
 * The TypeScript side of spec/asyncio/python/version_scenarios.py: the same small
 * programs, written against asyncio-ts, logging the same lines. Each scenario receives
 * the loop's Python target and uses only the API that release has, as the Python side
 * does with `sys.version_info`.
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, sleep, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;

export type Scenario = (py: PythonVersion, log: (...parts: unknown[]) => void) => Co;

function cancel(py: PythonVersion, fut: asyncio.Future<unknown>, msg?: string): boolean {
  return pythonMinor(py) >= 9 ? fut.cancel(msg) : fut.cancel();
}

function number(py: PythonVersion, task: asyncio.Task<unknown>): number | null {
  if (pythonMinor(py) < 8) return null;
  const name = task.getName();
  return name.startsWith("Task-") ? Number(name.slice(5)) : null;
}

const sleeper = asyncDef(function* sleeper(delay = 10): Co {
  yield* sleep(delay);
});

const returns = asyncDef(function* returns<T>(value: T): Co<T> {
  return value;
});

const loopNow = () => asyncio.getRunningLoop();

export const SCENARIOS: Record<string, Scenario> = {
  cancel_messages: asyncDef(function* cancel_messages(py, log): Co {
    const inner = asyncDef(function* inner(): Co {
      try {
        yield* sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) log("inner sees", pyRepr(e));
        throw e;
      }
    });
    const contextOf = (e: unknown) => pyRepr((e as asyncio.BaseException).contextException);
    const t = asyncio.ensureFuture(inner());
    yield* sleep(0);
    cancel(py, t, "M");
    for (let i = 0; i < 2; i++) {
      try {
        yield* t;
      } catch (e) {
        log("await", i, pyRepr(e), "context", contextOf(e));
      }
    }
    try {
      t.result();
    } catch (e) {
      log("result()", pyRepr(e));
    }
    const t2 = asyncio.ensureFuture(inner());
    cancel(py, t2, "B");
    try {
      yield* t2;
    } catch (e) {
      log("cancelled before its first step", pyRepr(e));
    }
    const f = loopNow().createFuture();
    cancel(py, f, "F");
    try {
      f.result();
    } catch (e) {
      log("future result()", pyRepr(e));
    }
    const t3 = asyncio.ensureFuture(inner());
    const outer = asyncDef(function* outer(): Co {
      return yield* t3;
    });
    const o = asyncio.ensureFuture(outer());
    yield* sleep(0);
    cancel(py, t3, "C");
    try {
      yield* o;
    } catch (e) {
      log("outer awaiting it", pyRepr(e), o.cancelled());
    }
    const t4 = asyncio.ensureFuture(inner());
    yield* sleep(0);
    cancel(py, t4, "G");
    log("gather slot", pyRepr(yield* asyncio.gather([t4], { returnExceptions: true })));
    const t5 = asyncio.ensureFuture(inner());
    yield* sleep(0);
    cancel(py, t5, "H");
    try {
      yield* asyncio.gather([t5]);
    } catch (e) {
      log("gather raises", pyRepr(e), "context", contextOf(e));
    }
  }),

  self_cancel_before_return: asyncDef(function* self_cancel_before_return(_py, log): Co {
    const selfCancel = asyncDef(function* self_cancel(): Co<number> {
      asyncio.currentTask()?.cancel();
      return 7;
    });
    const t = asyncio.ensureFuture(selfCancel());
    try {
      log("returned", yield* t);
    } catch (e) {
      log("raised", pyRepr(e), "cancelled()", t.cancelled());
    }
    try {
      log("exception()", pyRepr(t.exception()));
    } catch (e) {
      log("exception() raises", pyRepr(e));
    }
  }),

  gather_done_children: asyncDef(function* gather_done_children(_py, log): Co {
    const ticker = asyncDef(function* ticker(): Co {
      for (let i = 0; i < 5; i++) {
        log("tick", i);
        yield* sleep(0);
      }
    });
    const t = asyncio.ensureFuture(returns(1));
    yield* sleep(0);
    yield* sleep(0);
    const tk = asyncio.ensureFuture(ticker());
    const g = asyncio.gather([t]);
    log("gather(done).done() at once:", g.done());
    log("result", yield* g);
    const f = loopNow().createFuture<number>();
    f.setException(new asyncio.ValueError("x"));
    try {
      const g2 = asyncio.gather([f, t]);
      log("gather(failed, done).done() at once:", g2.done());
      yield* g2;
    } catch (e) {
      log("raised", pyRepr(e));
    }
    yield* tk;
  }),

  task_names: asyncDef(function* task_names(py, log): Co {
    if (pythonMinor(py) < 8) {
      log("no task names");
      return;
    }
    const base = number(py, asyncio.currentTask() as asyncio.Task<unknown>) as number;
    const rel = (t: asyncio.Task<unknown>) => (number(py, t) as number) - base;
    const named = asyncio.createTask(returns(0), { name: "named" });
    log("named", named.getName());
    log("next unnamed after asyncio.create_task(name=...)", rel(asyncio.createTask(returns(0))));
    loopNow().createTask(returns(0), { name: "x" });
    log("next unnamed after loop.create_task(name=...)", rel(asyncio.createTask(returns(0))));
    yield* asyncio.gather([returns(1), returns(2)]);
    log("next unnamed after gather(coro, coro)", rel(asyncio.createTask(returns(0))));
    yield* asyncio.shield(returns(3));
    log("next unnamed after shield(coro)", rel(asyncio.createTask(returns(0))));
    if (pythonMinor(py) < 11) {
      yield* asyncio.wait([returns(4)]);
      log("next unnamed after wait([coro])", rel(asyncio.createTask(returns(0))));
    }
    const t = asyncio.createTask(returns(0));
    t.setName(12);
    log("set_name(12)", pyRepr(t.getName()));
    yield* sleep(0);
  }),

  wait_with_coroutines: asyncDef(function* wait_with_coroutines(_py, log): Co {
    try {
      const [done, pending] = yield* asyncio.wait([returns(1), returns(2)]);
      log("accepted:", [...done].map((f) => f.result() as number).sort(), pending.size);
    } catch (e) {
      if (!(e instanceof asyncio.TypeError)) throw e;
      log("TypeError", pyRepr(e));
    }
    try {
      yield* asyncio.wait([]);
    } catch (e) {
      log("ValueError", pyRepr(e));
    }
  }),

  except_exception_catches_cancel: asyncDef(function* except_exception_catches_cancel(py, log): Co {
    const swallow = asyncDef(function* swallow(): Co<string> {
      try {
        yield* sleep(10);
      } catch (e) {
        if (asyncio.isException(e, py)) {
          log("except Exception caught", pyRepr(e));
          return "swallowed";
        }
        log("only except BaseException caught", pyRepr(e));
        throw e;
      }
      return "not cancelled";
    });
    const t = asyncio.ensureFuture(swallow());
    yield* sleep(0);
    t.cancel();
    try {
      log("task returned", yield* t);
    } catch {
      log("task cancelled", t.cancelled());
    }
  }),

  reprs: asyncDef(function* reprs(_py, log): Co {
    const loop = loopNow();
    const cb = function cb(..._args: unknown[]) {};
    const t = pythonMinor(_py) >= 8 ? loop.createTask(sleeper(), { name: "t" }) : loop.createTask(sleeper());
    log(String(loop._ready.at(loop._ready.length - 1)));
    yield* sleep(0);
    log(String(t));
    t.cancel();
    log(String(t));
    yield* sleep(0);
    log(String(t));
    const h = loop.callLater(1.5, cb, 1, "two");
    log(String(h));
    h.cancel();
    log(String(h));
    log(String(loop.callSoon(cb, null)));
    const f = loop.createFuture<string>();
    f.addDoneCallback(cb);
    log(String(f));
    f.setResult("x".repeat(40));
    log(String(f));
    const g = asyncio.gather([asyncio.ensureFuture(returns([1, 2, 3, 4, 5, 6, 7]))]);
    log(String(g));
    yield* g;
    log(String(g));
  }),

  uncancel: asyncDef(function* uncancel(py, log): Co {
    if (pythonMinor(py) < 11) {
      log("no uncancel");
      return;
    }
    const t = asyncio.ensureFuture(returns("ran"));
    t.cancel();
    log("cancelling()", (t as asyncio.Task<string>).cancelling(), "uncancel()", (t as asyncio.Task<string>).uncancel());
    try {
      log("result", yield* t);
    } catch {
      log("still cancelled", t.cancelled());
    }
    const t2 = asyncio.ensureFuture(sleeper()) as asyncio.Task<void>;
    yield* sleep(0);
    t2.cancel();
    t2.cancel();
    log("cancelling() after two cancels", t2.cancelling());
    try {
      yield* t2;
    } catch {
      log("cancelled", t2.cancelled());
    }
  }),

  shutdown: asyncDef(function* shutdown(py, log): Co {
    const loop = loopNow();
    const base = number(py, asyncio.currentTask() as asyncio.Task<unknown>);
    const tick = (n: number): void => {
      log("tick", n);
      if (n < 12) loop.callSoon(tick, n + 1);
    };
    const stubborn = asyncDef(function* stubborn(name: string): Co {
      try {
        yield* sleep(100);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        log(name, "cancelled at", asyncio.pyFloatRepr(loop.time()));
        const late = asyncio.ensureFuture(returns(0)) as asyncio.Task<number>;
        if (base !== null) log(name, "spawned a task numbered", (number(py, late) as number) - base);
        yield* sleep(0);
        log(name, "finished cleanup");
        throw e;
      }
    });
    // One task only: asyncio.run cancels the remaining tasks in set order, which varies.
    asyncio.ensureFuture(stubborn("a"));
    yield* sleep(1);
    loop.callSoon(tick, 0);
    log("main returns");
  }),

  recancelled_waits: asyncDef(function* recancelled_waits(py, log): Co {
    // A task cancelled twice: in wait_for while it waits for the awaitable it cancelled
    // (3.8-3.11; from 3.12 the awaitable runs in the task itself), and in Condition.wait()
    // while it re-acquires the lock. The second cancellation's context, which 3.9+ chains
    // to the first in wait_for and every release in Condition.wait.
    const contextOf = (e: unknown): string => pyRepr((e as asyncio.BaseException).contextException);
    const slowToCancel = asyncDef(function* slow_to_cancel(): Co {
      try {
        yield* sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        yield* sleep(1);
        throw e;
      }
    });
    const waits = asyncDef(function* waits(): Co {
      try {
        yield* asyncio.waitFor(slowToCancel(), 5);
      } catch (e) {
        log("wait_for raised", (e as Error).name, "context", pythonMinor(py) < 12 ? contextOf(e) : "-");
      }
    });
    const t = asyncio.ensureFuture(waits());
    for (let i = 0; i < 3; i++) yield* sleep(0);
    t.cancel();
    for (let i = 0; i < 2; i++) yield* sleep(0);
    log("cancelled again", t.cancel());
    yield* sleep(2);

    const cond = new asyncio.Condition();
    const condWaits = asyncDef(function* cond_waits(): Co {
      yield* cond.acquire();
      try {
        yield* cond.wait();
      } catch (e) {
        log("Condition.wait raised", (e as Error).name, "context", contextOf(e));
      } finally {
        cond.release();
      }
    });
    const c = asyncio.ensureFuture(condWaits());
    yield* sleep(0);
    yield* cond.acquire();
    try {
      c.cancel();
      yield* sleep(0);
      log("cancelled again", c.cancel());
      yield* sleep(0);
    } finally {
      cond.release();
    }
    yield* c;
  }),
};

/** Runs one scenario under `asyncio.run` with the given target and returns its lines. */
export function runScenario(name: string, py: PythonVersion): string[] {
  const lines: string[] = [];
  const log = (...parts: unknown[]) => lines.push(parts.map(pyStr).join(" "));
  const scenario = SCENARIOS[name] as Scenario;
  try {
    asyncio.run(scenario(py, log), { python: py });
  } catch (e) {
    log("asyncio.run raised", pyRepr(e));
  }
  return lines;
}
