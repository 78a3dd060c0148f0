/**
 * The TypeScript side of spec/asyncio/python/runners_scenarios.py: `asyncio.run` and
 * `asyncio.Runner` (3.11+), the same programs logging the same lines, under the
 * process-wide default target (`setDefaultPython`).
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, asyncGen, ayield, sleep, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;

const minor = (): number => pythonMinor(asyncio.getDefaultPython());
const ex = (e: unknown): string => `${(e as Error).name} ${pyStr(e)}`;
const time = (): string => asyncio.pyFloatRepr(asyncio.getRunningLoop().time());
const number = (task: asyncio.Task<unknown>): number => Number(task.getName().slice(5));

function attempt(log: Log, label: string, f: () => unknown): void {
  try {
    log(label, "->", pyRepr(f()));
  } catch (e) {
    log(label, "raised", ex(e));
  }
}

const returns = asyncDef(function* returns<T>(value: T): Co<T> {
  return value;
});

const SCENARIOS: Record<string, (log: Log) => void> = {
  run_basics(log) {
    attempt(log, "run returns", () => asyncio.run(returns(42)));
    const raising = asyncDef(function* raising(): Co {
      const leftover = asyncDef(function* leftover(): Co {
        try {
          yield* sleep(10);
        } catch (e) {
          if (!(e instanceof asyncio.CancelledError)) throw e;
          log("leftover cancelled at", time());
          yield* sleep(1);
          log("leftover cleaned up at", time());
          throw e;
        }
      });
      asyncio.ensureFuture(leftover());
      yield* sleep(2);
      throw new asyncio.ValueError("main failed");
    });
    attempt(log, "run raises", () => asyncio.run(raising()));
    attempt(log, "run of an int", () => asyncio.run(1 as never));
    const nested = asyncDef(function* nested(): Co {
      try {
        asyncio.run(returns(1));
      } catch (e) {
        asyncio.except(e, asyncio.RuntimeError);
        log("nested run raised", ex(e));
      }
    });
    attempt(log, "run with a nested run", () => asyncio.run(nested()));
    const selfCancelling = asyncDef(function* self_cancelling(): Co {
      asyncio.currentTask()?.cancel();
      yield* sleep(0);
    });
    attempt(log, "run of a cancelled main", () => asyncio.run(selfCancelling()));
    const debugState = asyncDef(function* debug_state(): Co<boolean> {
      return asyncio.getRunningLoop().getDebug();
    });
    attempt(log, "debug default", () => asyncio.run(debugState()));
    attempt(log, "debug True", () => asyncio.run(debugState(), { debug: true }));
    attempt(log, "debug False", () => asyncio.run(debugState(), { debug: false }));
  },

  run_reports_shutdown_errors(log) {
    const handler: asyncio.ExceptionHandler = (_loop, context) => {
      log("handler:", context.message, Object.keys(context).sort(), ex(context.exception));
    };
    const stubborn = asyncDef(function* stubborn(): Co {
      try {
        yield* sleep(10);
      } catch (e) {
        if (e instanceof asyncio.CancelledError) throw new asyncio.ValueError("refused to die");
        throw e;
      }
    });
    const swallowing = asyncDef(function* swallowing(): Co<string | undefined> {
      try {
        yield* sleep(10);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        log("swallowed at", time());
        return "kept going";
      }
      return undefined;
    });
    const kept: asyncio.Future<unknown>[] = [];
    const leave = asyncDef(function* leave(make: () => Co<unknown>): Co {
      asyncio.getRunningLoop().setExceptionHandler(handler);
      kept.push(asyncio.ensureFuture(make()));
      yield* sleep(1);
    });
    attempt(log, "a task raising at shutdown", () => asyncio.run(leave(stubborn)));
    log("its state:", kept.at(-1)?.done(), ex(kept.at(-1)?.exception()));
    attempt(log, "a task swallowing its cancellation", () => asyncio.run(leave(swallowing)));
    log("its result:", kept.at(-1)?.result());
  },

  run_shutdown_costs(log) {
    const names = minor() >= 8;
    const handler: asyncio.ExceptionHandler = () => {};
    for (const leave of ["nothing", "task", "agen", "failing agen"]) {
      const ticks = [0];
      let mainNumber = 0;
      const kept: unknown[] = [];
      const agen = asyncGen(function* agen(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          if (leave === "failing agen") throw new asyncio.ValueError("x");
        }
      });
      const first = asyncDef(function* run_first(): Co {
        const loop = asyncio.getRunningLoop();
        loop.setExceptionHandler(handler);
        const tick = (): void => {
          ticks[0] = (ticks[0] ?? 0) + 1;
          loop.callSoon(tick);
        };
        loop.callSoon(tick);
        if (leave === "task") asyncio.ensureFuture(sleep(10));
        if (leave === "agen" || leave === "failing agen") {
          const g = agen();
          kept.push(g);
          yield* g.anext();
        }
        yield* sleep(0);
        ticks[0] = 0;
        if (names) mainNumber = number(asyncio.currentTask() as asyncio.Task<unknown>);
      });
      const second = asyncDef(function* second(): Co<number | null> {
        return names ? number(asyncio.currentTask() as asyncio.Task<unknown>) : null;
      });
      asyncio.run(first());
      const counted = ticks[0];
      const later = asyncio.run(second());
      const used = names ? (later as number) - mainNumber - 1 : "no task names";
      log("leaving", `${leave}:`, "ticks after main returned", counted, "task numbers used by the shutdown", used);
    }
  },

  runner_basics(log) {
    if (minor() < 11) {
      log("no Runner");
      return;
    }
    const kept: asyncio.Future<unknown>[] = [];
    const first = asyncDef(function* first(): Co<string> {
      const background = asyncDef(function* background(): Co {
        for (let i = 0; i < 3; i++) {
          yield* sleep(1);
          log("background tick", i, "at", time());
        }
      });
      kept.push(asyncio.ensureFuture(background()));
      yield* sleep(1.5);
      return `first done at ${time()}`;
    });
    const second = asyncDef(function* second(): Co<string> {
      yield* sleep(2);
      return `second done at ${time()}`;
    });
    const runner = new asyncio.Runner();
    let loop: asyncio.EventLoop;
    try {
      log(runner.run(first()));
      log(runner.run(second()));
      loop = runner.getLoop();
      log("background done?", kept[0]?.done());
      attempt(log, "run of an int", () => runner.run(1 as never));
      const fut = loop.createFuture<string>();
      fut.setResult("f");
      attempt(log, "run of a future", () => runner.run(fut as never));
      const recursive = asyncDef(function* recursive(): Co {
        try {
          runner.run(returns(1));
        } catch (e) {
          asyncio.except(e, asyncio.RuntimeError);
          log("recursive run raised", ex(e));
        }
      });
      runner.run(recursive());
    } finally {
      runner.close();
    }
    log("closed loop?", loop.isClosed());
    attempt(log, "run after close", () => runner.run(returns(1)));
    attempt(log, "close again", () => runner.close());
    attempt(log, "get_loop after close", () => runner.getLoop());
    let r = new asyncio.Runner({ debug: true });
    const r1 = r;
    attempt(log, "close before use", () => r1.close());
    attempt(log, "run after close before use", () => r1.run(returns(2)));
    r = new asyncio.Runner({ debug: true });
    log("debug loop:", r.getLoop().getDebug());
    r.close();
    r = new asyncio.Runner();
    const stays = asyncDef(function* stays(): Co {
      const stubborn = asyncDef(function* stubborn(): Co {
        try {
          yield* sleep(10);
        } finally {
          log("left over until close, cancelled at", time());
        }
      });
      kept.push(asyncio.ensureFuture(stubborn()));
      yield* sleep(1);
    });
    r.run(stays());
    log("before close, pending:", !kept.at(-1)?.done());
    r.close();
    log("after close, cancelled:", kept.at(-1)?.cancelled());
  },

  loop_factories(log) {
    const made: asyncio.EventLoop[] = [];
    const factory = (): asyncio.EventLoop => {
      const loop = asyncio.newEventLoop();
      made.push(loop);
      return loop;
    };
    const which = asyncDef(function* which(): Co<boolean> {
      return asyncio.getRunningLoop() === made.at(-1);
    });
    if (asyncio.has("Runner")) {
      const runner = new asyncio.Runner({ loopFactory: factory });
      try {
        log("runner uses the factory's loop:", runner.run(which()));
      } finally {
        runner.close();
      }
      log("factory loop closed:", made.at(-1)?.isClosed());
    } else {
      log("no Runner");
    }
    try {
      log("run uses the factory's loop:", asyncio.run(which(), { loopFactory: factory }));
    } catch (e) {
      if (!(e instanceof asyncio.FeatureUnavailableError)) throw e;
      log("run takes no loop_factory");
    }
  },
};

/** The scenario names, for the Python side. */
export const NAMES = Object.keys(SCENARIOS);

/** Runs one scenario with `version` as the process-wide default target; returns its lines. */
export function runScenario(name: string, version: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
  const previous = asyncio.setDefaultPython(version);
  try {
    (SCENARIOS[name] as (log: Log) => void)(log);
  } catch (e) {
    log("asyncio.run raised", ex(e));
  } finally {
    asyncio.setDefaultPython(previous);
  }
  return lines;
}
