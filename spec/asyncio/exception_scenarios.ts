/**
 * The TypeScript side of spec/asyncio/python/exception_scenarios.py: the class hierarchy
 * of each release (`pyMro`), which `except` clauses catch asyncio's and the built-in
 * `TimeoutError`, the `__cause__`/`__context__` chains asyncio sets itself, and `except*`
 * (`exceptStar`). Where Python chains a program's own `raise` inside an `except` block
 * implicitly, this twin writes `asyncio.withContext` (JavaScript has no implicit context).
 *
 * Every scenario runs under the process-wide default target (`setDefaultPython`).
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, sleep, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;

const minor = (): number => pythonMinor(asyncio.getRunningLoop().python);

const mro = (e: unknown): string => asyncio.pyMro(e).join("/");

/** Python's repr of a tuple. */
function tuple(items: readonly unknown[]): string {
  return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map((i) => pyRepr(i)).join(", ")})`;
}

/** The twin of the Python `chain`: an exception, its arguments, its cause and context. */
function chain(e: unknown, depth = 0): string {
  if (e === null || e === undefined) return "-";
  if (depth > 4) return "...";
  let text: string;
  if (e instanceof asyncio.BaseExceptionGroup) {
    text = `${e.name}(${pyRepr(e.message)}, [${e.exceptions.map((x) => chain(x, depth + 1)).join(", ")}])`;
  } else {
    text = `${(e as Error).name}${tuple(e instanceof asyncio.BaseException ? e.args : [])}`;
  }
  const cause = (e as Error).cause;
  if (cause !== undefined && cause !== null) text += ` cause=${chain(cause, depth + 1)}`;
  const context = e instanceof asyncio.BaseException ? e.contextException : null;
  if (context !== null) text += ` context=${chain(context, depth + 1)}`;
  return `{${text}}`;
}

class AlphaError extends asyncio.Exception {}
class BetaError extends asyncio.Exception {}

const slow = asyncDef(function* slow(): Co {
  yield* sleep(10);
});

function* caught(log: Log, label: string, awaitable: asyncio.Awaitable<unknown>): Co<unknown> {
  try {
    yield* awaitable;
  } catch (e) {
    log(label, chain(e));
    return e;
  }
  log(label, "returned");
  return null;
}

/**
 * CPython 3.11.0 to 3.11.2 raised the timeout's TimeoutError without `from` (no cause);
 * 3.11.3 added it, and asyncio-ts follows 3.11.3+ (the corpus's 3.11.7). Set by
 * {@link runScenario} when the interpreter compared against is such a build.
 */
let timeoutWithoutCause = false;

/** `async with asyncio.timeout(delay): body`, as the interpreter compared against raises it. */
function* withTimeout(delay: number, body: () => Co): Co {
  try {
    yield* asyncio.asyncWith(asyncio.timeout(delay), body);
  } catch (e) {
    if (timeoutWithoutCause && e instanceof asyncio.TimeoutError) delete (e as Error).cause;
    throw e;
  }
}

const timedOut = asyncDef(function* timed_out(): Co {
  yield* withTimeout(1, function* () {
    yield* slow();
  });
});

/** `except asyncio.TimeoutError:` and the built-in `except TimeoutError:` (before 3.11 only an OSError). */
const CLAUSES: [string, (e: unknown) => boolean][] = [
  ["asyncio.TimeoutError", (e) => asyncio.exceptMatch(e, asyncio.TimeoutError)],
  ["TimeoutError", (e) => e instanceof asyncio.TimeoutError && e instanceof asyncio.OSError],
  ["OSError", (e) => asyncio.exceptMatch(e, asyncio.OSError)],
  ["Exception", (e) => asyncio.exceptMatch(e, asyncio.Exception)],
];

const SCENARIOS: Record<string, (log: Log) => Co> = {
  *hierarchy(log) {
    const loop = asyncio.getRunningLoop();
    let e = yield* caught(log, "wait_for raises", asyncio.waitFor(slow(), 1));
    log("  mro", mro(e));
    const t = asyncio.ensureFuture(slow());
    yield* sleep(0);
    t.cancel();
    e = yield* caught(log, "a cancelled task raises", t);
    log("  mro", mro(e));
    const f = loop.createFuture<number>();
    f.setResult(1);
    try {
      f.setResult(2);
    } catch (x) {
      log("set_result twice:", mro(x));
    }
    for (const x of [new asyncio.TimeoutError("builtin"), new asyncio.OSError("os"), new asyncio.ConnectionResetError(), new AlphaError(1)]) {
      log(x.name, "mro", mro(x));
    }
    if (minor() >= 11) {
      log("ExceptionGroup mro", mro(new asyncio.ExceptionGroup("m", [new AlphaError(1)])));
      log("BaseExceptionGroup mro", mro(new asyncio.BaseExceptionGroup("m", [new asyncio.KeyboardInterrupt()])));
      log("BrokenBarrierError mro", mro(new asyncio.BrokenBarrierError()));
      e = yield* caught(log, "timeout() raises", timedOut());
      log("  mro", mro(e));
    }
  },

  *except_timeout_clauses(log) {
    const raiseBuiltin = asyncDef(function* raise_builtin(): Co {
      throw new asyncio.TimeoutError("builtin");
    });
    for (const [label, make] of [["asyncio's", () => asyncio.waitFor(slow(), 1)], ["builtin", raiseBuiltin]] as const) {
      for (const [clause, test] of CLAUSES) {
        try {
          yield* make();
        } catch (e) {
          log(label, test(e) ? "caught by except" : "not caught by except", clause);
        }
      }
    }
  },

  *wait_for_chains(log) {
    yield* caught(log, "timed out", asyncio.waitFor(slow(), 1));
    yield* caught(log, "timeout 0", asyncio.waitFor(slow(), 0));
    const swallows = asyncDef(function* swallows(): Co {
      try {
        yield* sleep(10);
      } catch (e) {
        asyncio.except(e, asyncio.CancelledError);
        throw asyncio.withContext(new AlphaError("on cancel"), e);
      }
    });
    yield* caught(log, "inner raises on cancel", asyncio.waitFor(swallows(), 1));
  },

  *cancellation_chains(log) {
    const victim = asyncDef(function* victim(how: string): Co {
      try {
        yield* sleep(10);
      } catch (e) {
        asyncio.except(e, asyncio.CancelledError);
        if (how === "reraise") throw e;
        if (how === "raise") throw asyncio.withContext(new AlphaError("instead"), e);
      }
    });
    for (const how of ["reraise", "raise", "none"]) {
      const t = asyncio.ensureFuture(victim(how));
      yield* sleep(0);
      t.cancel();
      yield* caught(log, `victim ${how}: first await`, t);
      yield* caught(log, `victim ${how}: second await`, t);
    }
    const child = asyncio.ensureFuture(slow());
    let outer = asyncio.gather([child]);
    yield* sleep(0);
    child.cancel();
    yield* caught(log, "gather of a cancelled child", outer);
    const t = asyncio.ensureFuture(victim("reraise"));
    outer = asyncio.gather([t]);
    yield* sleep(0);
    outer.cancel();
    yield* caught(log, "cancelled gather", outer);
  },

  *timeout_chains(log) {
    if (minor() < 11) return log("no asyncio.timeout");
    const body = asyncDef(function* body(how: string): Co {
      yield* withTimeout(1, function* () {
        try {
          yield* slow();
        } catch (e) {
          asyncio.except(e, asyncio.CancelledError);
          if (how === "raise") throw asyncio.withContext(new AlphaError("instead"), e);
          if (how === "group") throw asyncio.withContext(new asyncio.ExceptionGroup("g", [new AlphaError(1), new BetaError(2)]), e);
          throw e;
        }
      });
    });
    for (const how of ["reraise", "raise", "group"]) yield* caught(log, `timeout body ${how}`, body(how));
  },

  *task_group_chains(log) {
    if (minor() < 11) return log("no TaskGroup");
    const fails = asyncDef(function* fails(n: number, delay: number): Co {
      yield* sleep(delay);
      throw new AlphaError(n);
    });
    const group = asyncDef(function* group(bodyRaises: boolean): Co {
      yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
        tg.createTask(fails(1, 1));
        tg.createTask(fails(2, 1));
        tg.createTask(slow());
        if (bodyRaises) {
          yield* sleep(0.5);
          throw new BetaError("body");
        }
      });
    });
    yield* caught(log, "children fail", group(false));
    yield* caught(log, "body raises", group(true));
  },

  *except_star(log) {
    if (minor() < 11) return log("no except*");
    yield* exceptStarCases(log);
  },
};

/** The `except*` cases; a handler's `raise X` is `throw asyncio.withContext(X, eg)`, a bare `raise` is `throw eg`. */
function* exceptStarCases(log: Log): Co {
  function* run(label: string, f: () => Co): Co {
    try {
      yield* f();
    } catch (e) {
      // repr shows how the group holds its exceptions: a list as given, a tuple when
      // except* wrapped a naked exception.
      return log(label, chain(e), pyRepr(e));
    }
    log(label, "nothing");
  }
  const nested = () =>
    new asyncio.ExceptionGroup("g", [new AlphaError(1), new BetaError(2), new asyncio.ExceptionGroup("h", [new AlphaError(3), new asyncio.KeyError(4)])]);
  function* handled(): Co {
    try {
      throw nested();
    } catch (e) {
      yield* asyncio.exceptStar(e, [AlphaError, (eg) => log("  handler got", chain(eg))]);
    }
  }
  function* newRaise(): Co {
    try {
      throw nested();
    } catch (e) {
      yield* asyncio.exceptStar(e, [AlphaError, (eg) => { throw asyncio.withContext(new BetaError(9), eg); }]);
    }
  }
  function* bare(): Co {
    try {
      throw new asyncio.ExceptionGroup("g", [new AlphaError(1), new BetaError(2)]);
    } catch (e) {
      yield* asyncio.exceptStar(e,
        [AlphaError, (eg) => { throw eg; }],
        [BetaError, (eg) => { throw asyncio.withContext(new asyncio.KeyError(5), eg); }]);
    }
  }
  const naked = (how: string) =>
    function* (): Co {
      try {
        throw new AlphaError(1);
      } catch (e) {
        yield* asyncio.exceptStar(e,
          [AlphaError, (eg) => {
            if (how === "bare") throw eg;
            if (how === "new") throw asyncio.withContext(new BetaError(2), eg);
          }],
          [BetaError, () => {}]);
      }
    };
  function* insideHandler(): Co {
    try {
      throw new asyncio.KeyError(0);
    } catch (k) {
      try {
        throw asyncio.withContext(new asyncio.ExceptionGroup("g", [new AlphaError(1), new BetaError(2)]), k);
      } catch (e) {
        yield* asyncio.exceptStar(e, [AlphaError, (eg) => { throw asyncio.withContext(new BetaError(3), eg); }]);
      }
    }
  }
  function* byException(): Co {
    try {
      throw new asyncio.ExceptionGroup("g", [new AlphaError(1), new BetaError(2)]);
    } catch (e) {
      yield* asyncio.exceptStar(e, [asyncio.Exception, (eg) => {
        log("  except* Exception got", chain(eg));
        throw eg;
      }]);
    }
  }
  function* cancellation(): Co {
    try {
      throw new asyncio.BaseExceptionGroup("b", [new asyncio.CancelledError(), new AlphaError(1)]);
    } catch (e) {
      yield* asyncio.exceptStar(e, [asyncio.CancelledError, (eg) => log("  cancelled part", chain(eg))]);
    }
  }
  yield* run("handled", handled);
  yield* run("new raise", newRaise);
  yield* run("bare and new", bare);
  for (const how of ["bare", "new", "pass"]) yield* run(`naked ${how}`, naked(how));
  yield* run("inside a handler", insideHandler);
  yield* run("except* Exception", byException);
  yield* run("cancellation", cancellation);
  const bad: [string, asyncio.ExceptStarClause[0]][] = [
    ["ExceptionGroup", asyncio.ExceptionGroup],
    ["a tuple with BaseExceptionGroup", [AlphaError, asyncio.BaseExceptionGroup]],
  ];
  for (const [label, condition] of bad) {
    try {
      yield* asyncio.exceptStar(new AlphaError(1), [condition, () => {}]);
    } catch (e) {
      asyncio.except(e, asyncio.TypeError);
      log("except*", label, "TypeError:", pyStr(e));
    }
  }
}

/** The scenario names, in the Python file's order. */
export const NAMES = Object.keys(SCENARIOS);

/**
 * Runs one scenario under `version` as the default target and returns its lines;
 * `patch` is the patch level of the interpreter compared against (see `withTimeout`).
 */
export function runScenario(name: string, version: PythonVersion, patch = Infinity): string[] {
  timeoutWithoutCause = version === "3.11" && patch < 3;
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
  const scenario = SCENARIOS[name] as (log: Log) => Co;
  const previous = asyncio.setDefaultPython(version);
  try {
    asyncio.runSync(scenario(log));
  } catch (e) {
    log("asyncio.run raised", pyRepr(e));
  } finally {
    asyncio.setDefaultPython(previous);
  }
  return lines;
}
