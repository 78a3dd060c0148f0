/**
 * The TypeScript side of spec/asyncio/python/api_scenarios.py: the same small programs,
 * written as a translator would write them with the library's API (Python-named
 * exceptions, `except`/`exceptMatch`, `qualname`, custom awaitables, `asyncFor`), logging
 * the same lines.
 *
 * Every scenario runs under the process-wide default target (`setDefaultPython`), never
 * an explicit `python` option: the loops `runSync` and `newEventLoop` make, and
 * `isException`/`exceptMatch` inside them, must all follow it.
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, sleep, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;

/** A scenario: an async one (run with `runSync`) or a plain one that runs its own loop. */
type Scenario = { async: (log: Log) => Co } | { plain: (log: Log) => void };

/** The minor version of the running loop's target (what `sys.version_info` tells Python). */
const minor = (): number => pythonMinor(asyncio.getRunningLoop().python);

const number = (task: asyncio.Task<unknown>): number => Number(task.getName().slice(5));

const returns = asyncDef(function* returns<T>(value: T): Co<T> {
  return value;
});

const describe = (e: unknown): string => `${(e as Error).name} ${pyRepr(e)}`;

/** Python's repr of a tuple. */
function tuple(items: readonly unknown[]): string {
  return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map((i) => pyRepr(i)).join(", ")})`;
}

function* plainGenerator<T>(items: T[]): Generator<T, void, unknown> {
  yield* items;
}

const SCENARIOS: Record<string, Scenario> = {
  as_completed_arguments: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const fut = loop.createFuture<number>();
      fut.setResult(1);
      const attempt = (label: string, make: () => Iterable<unknown>): void => {
        let it: Iterable<unknown>;
        try {
          it = make();
        } catch (e) {
          asyncio.except(e, asyncio.TypeError);
          log(label, "raised when called:", describe(e));
          return;
        }
        log(label, "accepted when called");
        try {
          for (const f of it) {
            log(label, "first item is awaitable:", asyncio.isCoroutine(f) ? "True" : "False");
            break;
          }
        } catch (e) {
          asyncio.except(e, asyncio.TypeError);
          log(label, "raised at the first item:", describe(e));
        }
      };
      attempt("future", () => asyncio.asCompleted(fut as unknown as Iterable<asyncio.Future<number>>));
      const coro = returns(1);
      attempt("coroutine", () => asyncio.asCompleted(coro as unknown as Iterable<asyncio.Future<number>>));
      coro.return(1);
      attempt("generator", () => asyncio.asCompleted(plainGenerator([fut])));
      attempt("list", () => asyncio.asCompleted([fut]));
    },
  },

  as_completed_generator_results: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const futs = [0, 1, 2].map(() => loop.createFuture<number>());
      futs.forEach((f, i) => loop.callLater(3 - i, (v: number) => f.setResult(v), i));
      try {
        for (const f of asyncio.asCompleted(plainGenerator(futs))) log("result", yield* f);
      } catch (e) {
        asyncio.except(e, asyncio.TypeError);
        log(describe(e));
      }
    },
  },

  wait_arguments: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const doneFut = loop.createFuture<string>();
      doneFut.setResult("r");
      const task = asyncio.ensureFuture(returns("t"));
      const attempt = function* (label: string, fs: Iterable<asyncio.Future<string>>): Co {
        const r = yield* asyncio.attempt(asyncio.wait(fs, { timeout: 1 }), asyncio.TypeError, asyncio.ValueError, asyncio.AssertionError);
        if (!r.ok) log(label, describe(r.error));
        else log(label, "done", [...r.value[0]].map((f) => f.result()).sort(), "pending", r.value[1].size);
      };
      yield* attempt("future", doneFut as unknown as Iterable<asyncio.Future<string>>);
      yield* attempt("task", task as unknown as Iterable<asyncio.Future<string>>);
      const coro = returns("c");
      yield* attempt("coroutine", coro as unknown as Iterable<asyncio.Future<string>>);
      coro.return("c");
      yield* attempt("generator", plainGenerator([doneFut, task]));
      yield* attempt("empty generator", plainGenerator<asyncio.Future<string>>([]));
      yield* attempt("empty list", []);
      yield* attempt("set", new Set([doneFut]));
    },
  },

  eager_start_numbering: {
    *async(log) {
      if (minor() < 8) {
        log("no task names");
        return;
      }
      const base = number(asyncio.currentTask() as asyncio.Task<unknown>);
      const coro = returns(1);
      try {
        const t = new asyncio.Task(coro, { loop: asyncio.getRunningLoop(), eagerStart: true });
        log("eager_start accepted; done at once:", t.done(), "number", number(t) - base);
      } catch (e) {
        if (!(e instanceof asyncio.FeatureUnavailableError)) throw e;
        coro.return(1);
        log("eager_start rejected");
      }
      log("next task number", number(asyncio.ensureFuture(returns(2)) as asyncio.Task<number>) - base);
      yield* sleep(0);
    },
  },

  except_clauses: {
    *async(log) {
      const slow = asyncDef(function* slow(): Co {
        yield* sleep(10);
      });
      try {
        yield* asyncio.waitFor(slow(), 1);
      } catch (e) {
        log("wait_for raises", (e as Error).name);
        // instanceof, as TypeScript code writes it, gives each release's class relations.
        log("  except asyncio.TimeoutError:", e instanceof asyncio.TimeoutError);
        log("  except OSError:", e instanceof asyncio.OSError && asyncio.exceptMatch(e, asyncio.OSError));
        log("  except Exception:", asyncio.exceptMatch(e, asyncio.Exception));
      }
      if (minor() >= 11) {
        try {
          yield* asyncio.asyncWith(asyncio.timeout(1), function* () {
            yield* slow();
          });
        } catch (e) {
          log("timeout() raises", (e as Error).name, "OSError:", asyncio.exceptMatch(e, asyncio.OSError));
        }
      }
      const t = asyncio.ensureFuture(slow());
      yield* sleep(0);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        log("cancellation: except Exception:", asyncio.exceptMatch(e, asyncio.Exception));
      }
      for (const e of [new asyncio.KeyError("k"), new asyncio.IndexError(0), new asyncio.ZeroDivisionError("division by zero"),
        new asyncio.OSError("os"), new asyncio.AssertionError(), new asyncio.StopAsyncIteration(), new asyncio.TypeError("t"),
        new asyncio.NotImplementedError()]) {
        log(e.name, "LookupError:", asyncio.exceptMatch(e, asyncio.LookupError), "ArithmeticError:",
          asyncio.exceptMatch(e, asyncio.ArithmeticError), "RuntimeError:", asyncio.exceptMatch(e, asyncio.RuntimeError),
          "Exception:", asyncio.exceptMatch(e, asyncio.Exception));
      }
    },
  },

  exception_strings: {
    *async(log) {
      for (const e of [new asyncio.KeyError("user"), new asyncio.KeyError("a", "b"), new asyncio.KeyError(),
        new asyncio.ValueError("bad", 3), new asyncio.ValueError(null), new asyncio.RuntimeError("boom"),
        new asyncio.ZeroDivisionError("division by zero"), new asyncio.OSError("disk")]) {
        log(e.name, "str:", pyStr(e), "repr:", pyRepr(e), "args:", tuple(e.args));
      }
    },
  },

  exception_groups: {
    *async(log) {
      if (minor() < 11) {
        log("no exception groups");
        return;
      }
      const { ExceptionGroup, BaseExceptionGroup, ValueError, TypeError, KeyError, OSError } = asyncio;
      const eg = new ExceptionGroup("m", [new ValueError(1), new TypeError(2), new ExceptionGroup("n", [new ValueError(3), new KeyError(4)])]);
      log("message", eg.message, "str", pyStr(eg), "args", tuple(eg.args));
      log("exceptions", tuple(eg.exceptions));
      log("split ValueError", tuple(eg.split(ValueError)));
      log("split (KeyError, TypeError)", tuple(eg.split([KeyError, TypeError])));
      log("split OSError", tuple(eg.split(OSError)));
      log("subgroup predicate", pyRepr(eg.subgroup((e) => e instanceof ValueError)));
      log("subgroup ExceptionGroup is eg", eg.subgroup(ExceptionGroup) === eg);
      log("derive", pyRepr(eg.derive([new ValueError(9)])));
      log("BaseExceptionGroup of ordinary", new BaseExceptionGroup("b", [new ValueError()]).constructor.name);
      log("BaseExceptionGroup split", tuple(new BaseExceptionGroup("b", [new ValueError(1), new asyncio.KeyboardInterrupt()]).split(ValueError)));
      log("isinstance Exception", eg instanceof asyncio.Exception);
      for (const make of [() => new ExceptionGroup("m", []), () => new ExceptionGroup("m", [new asyncio.KeyboardInterrupt()]),
        () => new ExceptionGroup(1 as unknown as string, [new ValueError()]), () => eg.split(1 as never)]) {
        try {
          make();
        } catch (e) {
          asyncio.except(e, TypeError, ValueError);
          log(describe(e));
        }
      }
      class Boom extends asyncio.Exception {}
      const fails = asyncDef(function* fails(n: number): Co {
        yield* sleep(n);
        throw new Boom(n);
      });
      try {
        yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
          tg.createTask(fails(1));
          tg.createTask(fails(2));
        });
      } catch (e) {
        asyncio.except(e, BaseExceptionGroup);
        log("task group:", e.name, e.message, e.exceptions.length);
        const [match, rest] = e.split(Boom);
        log("split Boom", pyRepr(match), pyStr(rest));
      }
    },
  },

  callback_names: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const messages: string[] = [];
      loop.setExceptionHandler((_loop, context) => messages.push(context.message ?? ""));
      class Worker {
        onDone(_fut: asyncio.Future<unknown>): void {
          throw new asyncio.ValueError("worker");
        }
      }
      const divide = (): never => {
        throw new asyncio.ZeroDivisionError("division by zero");
      };
      loop.callSoon(asyncio.qualname(() => divide(), "callback_names.<locals>.<lambda>"));
      loop.callSoon(asyncio.qualname((_x: number) => divide(), "callback_names.<locals>.<lambda>"), 5);
      const f = loop.createFuture<undefined>();
      const worker = new Worker();
      f.addDoneCallback(asyncio.qualname(worker.onDone.bind(worker), "callback_names.<locals>.Worker.on_done"));
      f.setResult(undefined);
      yield* sleep(0);
      yield* sleep(0);
      for (const m of messages) log(m);
    },
  },

  float_reprs: {
    *async(log) {
      const loop = asyncio.getRunningLoop();
      const cb = asyncio.qualname(() => {}, "float_reprs.<locals>.cb");
      yield* sleep(3);
      const h = loop.callLater(3, cb);
      log(String(h));
      h.cancel();
      log("time", asyncio.pyFloatRepr(loop.time()));
      if (minor() >= 11) {
        yield* asyncio.asyncWith(asyncio.timeout(6), function* (cm) {
          log(String(cm));
          log("when", asyncio.pyFloatRepr(cm.when() as number));
        });
      }
    },
  },

  custom_awaitables: {
    *async(log) {
      class Delayed<T> implements asyncio.CustomAwaitable<T> {
        constructor(private readonly value: T) {}
        *[Symbol.iterator](): Co<T> {
          yield* sleep(1);
          return this.value;
        }
      }
      log("await", yield* new Delayed("direct"));
      log("gather", yield* asyncio.gather([new Delayed(1), new Delayed(2)]));
      const t = asyncio.ensureFuture(new Delayed(3));
      log("ensure_future gives a Task:", t instanceof asyncio.Task);
      log("running", /coro=<([^(]*)\(/.exec(String(t))?.[1]);
      log("its result", yield* t);
      log("shield", yield* asyncio.shield(new Delayed(4)));
    },
  },

  self_await: {
    *async(log) {
      // A task that awaits itself gets RuntimeError at once, but keeps its future-blocking
      // mark: the C FutureIter then refuses every later await of it, its own and others'.
      const me = asyncio.currentTask() as asyncio.Task<unknown>;
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          yield* me;
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          log("attempt", attempt, pyStr(e).split(":")[0]);
        }
      }
      const other = asyncDef(function* other(): Co<string | undefined> {
        try {
          yield* me;
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          return pyStr(e);
        }
        return undefined;
      });
      const o = asyncio.ensureFuture(other());
      yield* sleep(0);
      log("another task:", o.result());
    },
  },

  future_set_exception: {
    // An exception class is instantiated; a StopIteration is refused (up to 3.12) or
    // replaced by a RuntimeError caused by it (3.13+).
    *async(log) {
      const loop = asyncio.getRunningLoop();
      let f = loop.createFuture();
      f.setException(asyncio.ValueError);
      log("class:", pyRepr(f.exception()));
      f = loop.createFuture();
      try {
        f.setException(new asyncio.StopIteration(5));
        const e = f.exception() as asyncio.BaseException;
        log("StopIteration became", e.name, tuple(e.args), "cause", pyRepr(e.cause), "context", pyRepr(e.contextException));
      } catch (e) {
        if (!(e instanceof asyncio.TypeError)) throw e;
        log("StopIteration refused:", pyStr(e));
      }
      log("future done:", f.done());
      // A subclass: stored as it is up to 3.12 (`type(exc) is StopIteration`), replaced from 3.13.
      class Stop extends asyncio.StopIteration {}
      f = loop.createFuture();
      f.setException(new Stop(6));
      const e = f.exception() as asyncio.BaseException;
      log("subclass became", e.name, tuple(e.args), "cause", pyRepr(e.cause));
    },
  },

  debug_callback_checks: {
    // In debug mode the loop refuses coroutines and what cannot be called, naming the method.
    *async(log) {
      const loop = asyncio.getRunningLoop();
      loop.setDebug(true);
      const coroFn = asyncDef(function* coro_fn(): Co {});
      const c = coroFn();
      // Python-typed values a TypeScript caller could only pass through a cast.
      const anything = (value: unknown) => value as () => void;
      const calls: [string, () => unknown][] = [
        ["call_soon 1", () => loop.callSoon(anything(1))],
        ["call_soon coroutine function", () => loop.callSoon(coroFn)],
        ["call_later coroutine", () => loop.callLater(1, anything(c))],
        ["call_at None", () => loop.callAt(loop.time() + 1, anything(null))],
        ["call_soon_threadsafe 1", () => loop.callSoonThreadsafe(anything(1))],
        ["call_soon_threadsafe coroutine", () => loop.callSoonThreadsafe(anything(c))],
      ];
      for (const [name, call] of calls) {
        try {
          call();
          log(name, "accepted");
        } catch (e) {
          if (!(e instanceof asyncio.TypeError)) throw e;
          log(name, "TypeError:", pyStr(e));
        }
      }
      c.return(undefined);
      loop.setDebug(false);
    },
  },

  stop_async_iteration: {
    *async(log) {
      const countdown = {
        n: 3,
        *anext(): Co<IteratorResult<number, undefined>> {
          yield* sleep(0);
          if (this.n === 0) throw new asyncio.StopAsyncIteration();
          this.n -= 1;
          return { value: this.n, done: false };
        },
      };
      yield* asyncio.asyncFor(countdown, function* (i) {
        log("item", i);
      });
      log("after the loop");
    },
  },

  iteration_count: {
    plain(log) {
      const loop = asyncio.newEventLoop();
      const child = asyncDef(function* child(): Co {
        log("child starts in iteration", loop.iterations);
        yield* sleep(0);
        log("child resumes in iteration", loop.iterations);
      });
      const main = asyncDef(function* main_coro(): Co {
        log("main starts in iteration", loop.iterations);
        loop.callSoon(() => log("callback in iteration", loop.iterations));
        const t = asyncio.ensureFuture(child());
        yield* sleep(1);
        log("main after sleep in iteration", loop.iterations);
        yield* t;
      });
      loop.runUntilComplete(main());
      log("after run_until_complete", loop.iterations);
      loop.close();
    },
  },
};

/** The scenario names, for the Python side. */
export const NAMES = Object.keys(SCENARIOS);

/** Runs one scenario with `version` as the process-wide default target; returns its lines. */
export function runScenario(name: string, version: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
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
