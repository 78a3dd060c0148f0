/**
 * The TypeScript side of spec/asyncio/python/time_scenarios.py: the same programs on
 * degenerate times (delays of 0, negative, huge, `Infinity` and `NaN`; `callAt` in the
 * past; timeouts of 0, `Infinity` and `NaN`) and on the clock resolution, logging the
 * same lines, under an explicit `python` target.
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, sleep, pyStr, pyFloatRepr, pyRepr, ensureFuture } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;
type Scenario = (py: PythonVersion, log: Log) => Co;

const INF = Infinity;
const NAN = NaN;

const now = (): string => pyFloatRepr(asyncio.getRunningLoop().time());

/** `type(e).__name__` and `e.args`, as the Python side logs an exception. */
function describe(e: unknown): string {
  const args = (e as asyncio.BaseException).args;
  const tuple = args.length === 1 ? `(${pyRepr(args[0])},)` : `(${args.map((a) => pyRepr(a)).join(", ")})`;
  return `${(e as Error).name} ${tuple}`;
}

const ticker = asyncDef(function* ticker(log: Log, n: number): Co {
  for (let i = 0; i < n; i++) {
    log("tick", i, now());
    yield* sleep(0);
  }
});

const slow = asyncDef(function* slow<T>(value: T, delay: number): Co<T> {
  yield* sleep(delay);
  return value;
});

const isTimeout = (e: unknown): boolean => e instanceof asyncio.TimeoutError;

const SCENARIOS: Record<string, Scenario> = {
  sleep_degenerate: asyncDef(function* sleep_degenerate(_py, log): Co {
    const delays: [string, number][] = [["0", 0], ["-1", -1], ["-inf", -INF], ["1e-10", 1e-10], ["nan", NAN], ["2.5e-9", 2.5e-9]];
    for (const [label, d] of delays) {
      const t = ensureFuture(ticker(log, 4));
      try {
        yield* sleep(d);
        log("slept", label, now());
      } catch (e) {
        asyncio.except(e, asyncio.ValueError);
        log("sleep", label, "raised", describe(e));
      }
      yield* t;
    }
  }),

  callback_order: asyncDef(function* callback_order(_py, log): Co {
    const loop = asyncio.getRunningLoop();
    const t0 = loop.time();
    const cb = (label: string): void => log("callback", label, now());
    yield* sleep(0.5);
    loop.callAt(INF, cb, "at inf");
    loop.callLater(0.001, cb, "later 0.001");
    loop.callLater(2e-9, cb, "later 2e-9");
    loop.callLater(1e-9, cb, "later 1e-9");
    loop.callLater(1e-10, cb, "later 1e-10");
    loop.callAt(t0, cb, "at the start (past)");
    loop.callLater(NAN, cb, "later nan");
    loop.callAt(NAN, cb, "at nan");
    loop.callAt(-INF, cb, "at -inf");
    loop.callLater(-1, cb, "later -1");
    loop.callLater(0, cb, "later 0");
    loop.callSoon(cb, "soon");
    loop.callLater(0.25, cb, "later 0.25");
    log("scheduled", now());
    yield* sleep(0);
    log("main after one iteration", now());
    yield* sleep(1);
    log("main", now());
  }),

  resolution_window: asyncDef(function* resolution_window(_py, log): Co {
    const twoSteps = asyncDef(function* two_steps(): Co {
      yield* sleep(0.1);
      yield* sleep(0.2);
      log("0.1 + 0.2 woke", now());
    });
    const oneStep = asyncDef(function* one_step(): Co {
      yield* sleep(0.3);
      log("0.3 woke", now());
    });
    const a = ensureFuture(twoSteps());
    const b = ensureFuture(oneStep());
    yield* asyncio.gather([a, b]);
    const t = ensureFuture(ticker(log, 3));
    asyncio.getRunningLoop().callLater(5e-10, log, "5e-10 timer");
    asyncio.getRunningLoop().callLater(1e-9, log, "1e-9 timer");
    yield* t;
    yield* sleep(0.01);
  }),

  huge_delays: asyncDef(function* huge_delays(_py, log): Co {
    const loop = asyncio.getRunningLoop();
    const delays: [string, number][] = [
      ["86400", 86400], ["86401.5", 86401.5], ["1e9", 1e9], ["1e-10", 1e-10], ["0.25", 0.25], ["1e300", 1e300], ["0", 0], ["1e-300", 1e-300],
    ];
    for (const [label, d] of delays) {
      yield* sleep(d);
      log("slept", label, now());
    }
    loop.callLater(0.5, log, "callback 0.5");
    loop.callLater(1e-9, log, "callback 1e-9");
    yield* sleep(1);
    log("end", now());
  }),

  wait_for_degenerate: asyncDef(function* wait_for_degenerate(_py, log): Co {
    const loop = asyncio.getRunningLoop();
    const timeouts: [string, number][] = [["0", 0], ["-1", -1], ["inf", INF], ["nan", NAN], ["1e-10", 1e-10]];
    for (const [label, timeout] of timeouts) {
      try {
        const r = yield* asyncio.waitFor(slow("x", 0.5), timeout);
        log("wait_for", label, "returned", r, now());
      } catch (e) {
        if (!isTimeout(e)) throw e;
        log("wait_for", label, "timed out", (e as Error).name, now());
      }
      const done = loop.createFuture<string>();
      done.setResult("done");
      try {
        log("wait_for done future", label, yield* asyncio.waitFor(done, timeout), now());
      } catch (e) {
        if (!isTimeout(e)) throw e;
        log("wait_for done future", label, "timed out", now());
      }
    }
  }),

  wait_and_as_completed_degenerate: asyncDef(function* wait_and_as_completed_degenerate(_py, log): Co {
    const timeouts: [string, number][] = [["0", 0], ["-1", -1], ["inf", INF], ["nan", NAN]];
    const start = () => [0, 1].map((i) => ensureFuture(slow(i, 0.25 * (i + 1))));
    for (const [label, timeout] of timeouts) {
      let tasks = start();
      const [done, pending] = yield* asyncio.wait(tasks, { timeout });
      log("wait", label, "done", [...done].map((t) => t.result()).sort(), "pending", pending.size, now());
      yield* asyncio.wait(tasks);
      tasks = start();
      try {
        for (const f of asyncio.asCompleted(tasks, { timeout })) log("as_completed", label, yield* f, now());
      } catch (e) {
        if (!isTimeout(e)) throw e;
        log("as_completed", label, (e as Error).name, now());
      }
      yield* asyncio.wait(tasks);
    }
  }),

  timeout_degenerate: asyncDef(function* timeout_degenerate(py, log): Co {
    if (pythonMinor(py) < 11) {
      log("no asyncio.timeout");
      return;
    }
    const loop = asyncio.getRunningLoop();
    const cases: ["timeout" | "timeout_at", string, number][] = [
      ...([["0", 0], ["-1", -1], ["inf", INF], ["nan", NAN], ["1e-10", 1e-10]] as const).map(([l, d]) => ["timeout", l, d] as ["timeout", string, number]),
      ...([["0", 0], ["-inf", -INF], ["inf", INF], ["nan", NAN]] as const).map(([l, w]) => ["timeout_at", l, w] as ["timeout_at", string, number]),
    ];
    for (const [kind, label, value] of cases) {
      const cm = kind === "timeout" ? asyncio.timeout(value) : asyncio.timeoutAt(value);
      try {
        yield* asyncio.asyncWith(cm, function* () {
          yield* sleep(0.5);
          log(kind, label, "body finished", now());
        });
      } catch (e) {
        if (!isTimeout(e)) throw e;
        log(kind, label, "expired", now());
      }
      log(kind, label, "expired()", cm.expired(), "when", pyFloatRepr(cm.when() as number));
    }
    loop.callSoon(log, "end");
    yield* sleep(0);
  }),
};

/** `infinite_deadlines`: a program whose only timer is at an infinite deadline ends in Deadlock. */
function infiniteDeadlines(py: PythonVersion, log: Log): void {
  for (const label of ["sleep", "call_later", "wait_for"]) {
    const loop = asyncio.newEventLoop({ python: py });
    const body = asyncDef(function* body(): Co {
      if (label === "sleep") {
        const t = ensureFuture(sleep(INF));
        yield* sleep(1);
        yield* t;
      } else if (label === "call_later") {
        const fut = loop.createFuture<number>();
        loop.callLater(INF, (v: number) => fut.setResult(v), 1);
        yield* fut;
      } else {
        yield* asyncio.waitFor(loop.createFuture(), INF);
      }
    });
    try {
      loop.runUntilComplete(body());
      log(label, "returned");
    } catch (e) {
      log(label, (e as Error).name, "at", pyFloatRepr(loop.time()));
    } finally {
      loop.close();
    }
  }
}

const PLAIN: Record<string, (py: PythonVersion, log: Log) => void> = { infinite_deadlines: infiniteDeadlines };

/** The scenarios' names, in the Python script's order. */
export const NAMES = [
  "sleep_degenerate",
  "callback_order",
  "resolution_window",
  "huge_delays",
  "infinite_deadlines",
  "wait_for_degenerate",
  "wait_and_as_completed_degenerate",
  "timeout_degenerate",
];

/** Runs one scenario under target `py` and returns its lines. */
export function runScenario(name: string, py: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
  try {
    const plain = PLAIN[name];
    if (plain !== undefined) plain(py, log);
    else asyncio.run((SCENARIOS[name] as Scenario)(py, log), { python: py });
  } catch (e) {
    log("asyncio.run raised", describe(e));
  }
  return lines;
}
