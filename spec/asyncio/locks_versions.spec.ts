/**
 * The synchronisation primitives' behaviour on each CPython release, checked against every
 * release this machine has (pyenv builds, python3.X on PATH, ASYNCIO_TS_PYTHON): each
 * scenario below runs on our loop under the matching `python` target and, as
 * python/locks_scenarios.py, on that real interpreter with a virtual clock. The two must
 * log the same lines. Releases not found are reported as skipped.
 *
 * What differs between releases (measured on 3.7.16, 3.8.18, 3.9.18, 3.10.13, 3.11.7,
 * 3.12.1 and 3.13.0):
 * - semaphore_release_reacquire (D7): 3.7–3.8 let a task that releases and re-acquires at
 *   once jump the queue; 3.9+ keep FIFO; `locked()` right after that release is False on
 *   3.7–3.9, True on 3.10+.
 * - semaphore_woken_pending, semaphore_cancel (D11): a woken waiter that has not run yet
 *   leaves `locked()` False (3.7–3.9) or True (3.10+); the waiter counts in reprs differ
 *   (3.7–3.9 pop a waiter when they wake it).
 * - semaphore_fifo, semaphore_multi_wake: FIFO order; 3.13 wakes every waiter the value
 *   allows when one acquire() completes, 3.10–3.12 one at a time; 3.9.18 deadlocks.
 * - condition_cancel_notified (D8): a notified waiter cancelled before it runs passes the
 *   notification on (3.13), or it is lost (3.7–3.12).
 * - condition_cancel_message: the CancelledError a cancelled Condition.wait() raises.
 * - loop_binding (D10): 3.7–3.9 bind at construction ("attached to a different loop");
 *   3.10+ bind lazily and refuse another loop ("bound to a different event loop").
 * - barrier, barrier_reset_abort, coroutine_names: Barrier exists from 3.11.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const SCRIPT = fileURLToPath(new URL("./python/locks_scenarios.py", import.meta.url));

const { asyncDef, sleep, pyRepr, pyStr, ensureFuture, gather } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;
type Scenario = (py: PythonVersion, log: Log) => Co;

function cancel(py: PythonVersion, fut: asyncio.Future<unknown>, msg?: string): boolean {
  return pythonMinor(py) >= 9 ? fut.cancel(msg) : fut.cancel();
}

function outcome(task: asyncio.Future<unknown>): string {
  if (!task.done()) return "pending";
  if (task.cancelled()) return "cancelled";
  const exc = task.exception();
  if (exc !== null) return `raised ${pyRepr(exc)}`;
  return `result ${pyRepr(task.result())}`;
}

const isCancel = (e: unknown): e is asyncio.CancelledError => e instanceof asyncio.CancelledError;

export const SCENARIOS: Record<string, Scenario> = {
  lock_fifo: asyncDef(function* lock_fifo(_py, log): Co {
    const lock = new asyncio.Lock();
    const order: string[] = [];
    const worker = asyncDef(function* worker(name: string, hold: number): Co {
      yield* lock.acquire();
      order.push(name);
      try {
        yield* sleep(hold);
      } finally {
        lock.release();
      }
    });
    log("fresh", String(lock), lock.locked());
    yield* lock.acquire();
    const tasks = ["a", "b", "c", "d"].map((n) => ensureFuture(worker(n, 0.1)));
    yield* sleep(0);
    log("four waiting", String(lock));
    (tasks[1] as asyncio.Future<void>).cancel();
    yield* sleep(0);
    log("b cancelled", String(lock));
    lock.release();
    log("released", lock.locked(), String(lock));
    const again = ensureFuture(lock.acquire());
    yield* sleep(0);
    log("releaser's re-acquire", outcome(again), String(lock));
    yield* gather(tasks, { returnExceptions: true });
    log("order", order, "re-acquire", outcome(again), "at", asyncio.pyFloatRepr(asyncio.getRunningLoop().time()));
    try {
      new asyncio.Lock().release();
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      log("release unlocked:", pyRepr(e));
    }
    lock.release();
  }),

  lock_cancel_race: asyncDef(function* lock_cancel_race(_py, log): Co {
    const lock = new asyncio.Lock();
    const got: string[] = [];
    const lockit = asyncDef(function* lockit(name: string): Co {
      yield* lock.acquire();
      got.push(name);
      yield* sleep(0);
      lock.release();
    });
    yield* lock.acquire();
    const ts = ["t1", "t2", "t3"].map((n) => ensureFuture(lockit(n)));
    yield* sleep(0);
    asyncio.getRunningLoop().callSoon(() => {
      (ts[0] as asyncio.Future<void>).cancel();
      lock.release();
    });
    yield* gather(ts, { returnExceptions: true });
    log("acquired by", got, ts.map(outcome), String(lock));
    yield* lock.acquire();
    const tb = ensureFuture(lock.acquire());
    yield* sleep(0);
    const tc = ensureFuture(lock.acquire());
    tb.cancel();
    lock.release();
    yield* sleep(0);
    log("after cancel+release", lock.locked(), outcome(tb), outcome(tc), String(lock));
    yield* sleep(0);
    log("then", lock.locked(), outcome(tb), outcome(tc), String(lock));
  }),

  semaphore_release_reacquire: asyncDef(function* semaphore_release_reacquire(_py, log): Co {
    const sem = new asyncio.Semaphore(1);
    const order: string[] = [];
    const other = asyncDef(function* other(name: string): Co {
      yield* sem.acquire();
      order.push(name);
      yield* sleep(0);
      sem.release();
    });
    const releaser = asyncDef(function* releaser(): Co {
      yield* sem.acquire();
      order.push("r1");
      yield* sleep(0);
      yield* sleep(0);
      log("before release", sem.locked(), String(sem));
      sem.release();
      log("locked() right after release", sem.locked(), String(sem));
      yield* sem.acquire();
      order.push("r2");
      sem.release();
    });
    const t = ensureFuture(releaser());
    yield* sleep(0);
    const o = ensureFuture(other("o"));
    yield* gather([t, o]);
    log("order", order, String(sem));
  }),

  semaphore_fifo: asyncDef(function* semaphore_fifo(_py, log): Co {
    let sem = new asyncio.Semaphore(1);
    let result: unknown[] = [];
    const coro = asyncDef(function* coro(tag: string): Co {
      yield* sem.acquire();
      result.push(`${tag}_1`);
      yield* sleep(0.01);
      sem.release();
      yield* sem.acquire();
      result.push(`${tag}_2`);
      yield* sleep(0.01);
      sem.release();
    });
    yield* gather([coro("c1"), coro("c2"), coro("c3")]);
    log("sleeping holders", result);

    sem = new asyncio.Semaphore(1);
    result = [];
    const c1 = asyncDef(function* c1(): Co {
      yield* sem.acquire();
      result.push(1);
    });
    const c2 = asyncDef(function* c2(): Co {
      yield* sem.acquire();
      result.push(2);
      sem.release();
      yield* sem.acquire();
      result.push(4);
    });
    const c3 = asyncDef(function* c3(): Co {
      yield* sem.acquire();
      result.push(3);
    });
    const ts = [c1, c2, c3].map((c) => ensureFuture(c()));
    yield* sleep(0);
    sem.release();
    sem.release();
    log("released twice", sem._value, sem.locked(), String(sem));
    yield* gather(ts);
    log("release and re-acquire", result, String(sem));
  }),

  semaphore_multi_wake: asyncDef(function* semaphore_multi_wake(_py, log): Co {
    const sem = new asyncio.Semaphore(0);
    const result: number[] = [];
    const c1 = asyncDef(function* c1(): Co {
      yield* sem.acquire();
      log("c1 acquired", sem._value, String(sem));
      result.push(1);
    });
    const c2 = asyncDef(function* c2(): Co {
      sem.release();
      sem.release();
      sem.release();
      log("c2 released three times", sem._value, sem.locked(), String(sem));
      yield* sem.acquire();
      log("c2 acquired", sem._value, String(sem));
      result.push(2);
    });
    const c3 = asyncDef(function* c3(): Co {
      yield* sem.acquire();
      log("c3 acquired", sem._value, String(sem));
      result.push(3);
    });
    const ts = [c1, c2, c3].map((c) => ensureFuture(c()));
    yield* sleep(0);
    log("after one step", sem._value, String(sem));
    for (let i = 0; i < 3; i++) {
      yield* sleep(0);
      log("step", i, result, String(sem));
    }
    yield* gather(ts);
    log("order", result, String(sem));
  }),

  semaphore_woken_pending: asyncDef(function* semaphore_woken_pending(_py, log): Co {
    const sem = new asyncio.Semaphore(0);
    const t = ensureFuture(sem.acquire());
    yield* sleep(0);
    log("waiting", sem.locked(), String(sem));
    sem.release();
    log("woken, not yet run", sem.locked(), String(sem));
    const late = ensureFuture(sem.acquire());
    yield* sleep(0);
    log("after one step", sem.locked(), outcome(t), outcome(late), String(sem));
    yield* sleep(0);
    log("after two steps", sem.locked(), outcome(t), outcome(late), String(sem));
    late.cancel();
    yield* sleep(0);
    log("late cancelled", sem.locked(), outcome(late), String(sem));
  }),

  semaphore_cancel: asyncDef(function* semaphore_cancel(_py, log): Co {
    let sem = new asyncio.Semaphore(0);
    const ts = [0, 1, 2, 3].map(() => ensureFuture(sem.acquire()));
    yield* sleep(0);
    (ts[0] as asyncio.Future<true>).cancel();
    (ts[1] as asyncio.Future<true>).cancel();
    sem.release();
    log("cancelled two, released one", sem.locked(), String(sem));
    yield* sleep(0);
    log("step 1", ts.map(outcome), sem.locked(), String(sem));
    yield* sleep(0);
    log("step 2", ts.map(outcome), sem.locked(), String(sem));
    for (const t of ts) t.cancel();
    yield* sleep(0);
    log("all cancelled", ts.map(outcome), String(sem));

    sem = new asyncio.Semaphore(0);
    const a = ensureFuture(sem.acquire());
    const b = ensureFuture(sem.acquire());
    yield* sleep(0);
    sem.release();
    a.cancel();
    log("woken then cancelled", sem.locked(), String(sem));
    yield* sleep(0);
    log("a", outcome(a), "b", outcome(b), String(sem));
    yield* sleep(0);
    log("a", outcome(a), "b", outcome(b), String(sem));
    b.cancel();
    yield* sleep(0);
  }),

  bounded_semaphore: asyncDef(function* bounded_semaphore(_py, log): Co {
    const sem = new asyncio.BoundedSemaphore(2);
    log(String(sem), sem.locked());
    yield* sem.acquire();
    yield* asyncio.asyncWith(sem, function* () {
      log("inside", String(sem), sem.locked());
    });
    sem.release();
    try {
      sem.release();
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      log("too many:", pyRepr(e));
    }
    log(String(sem));
    try {
      new asyncio.Semaphore(-1);
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      log("negative:", pyRepr(e));
    }
    const zero = new asyncio.Semaphore(0);
    log("zero", String(zero), zero.locked());
  }),

  event_set_clear: asyncDef(function* event_set_clear(_py, log): Co {
    const ev = new asyncio.Event();
    const woke: unknown[] = [];
    const waiter = asyncDef(function* waiter(name: string): Co {
      const r = yield* ev.wait();
      woke.push([name, r, ev.isSet()]);
    });
    const ts = ["a", "b", "c"].map((n) => ensureFuture(waiter(n)));
    yield* sleep(0);
    log("waiting", String(ev));
    ev.set();
    ev.clear();
    log("set then clear", ev.isSet(), String(ev));
    const late = ensureFuture(waiter("late"));
    yield* sleep(0);
    log("woke", woke, outcome(late), String(ev));
    ev.set();
    log("set", String(ev));
    yield* sleep(0);
    log("woke", woke, String(ev));
    log("wait on set", yield* ev.wait());
    const t = ensureFuture(new asyncio.Event().wait());
    yield* sleep(0);
    t.cancel();
    yield* gather([t], { returnExceptions: true });
    log("cancelled wait", outcome(t), ...ts.map(outcome));
  }),

  condition_notify_order: asyncDef(function* condition_notify_order(_py, log): Co {
    const cond = new asyncio.Condition();
    const result: unknown[][] = [];
    const c = asyncDef(function* c(name: string): Co {
      yield* asyncio.asyncWith(cond, function* () {
        const r = yield* cond.wait();
        result.push([name, r]);
      });
    });
    const ts = ["c1", "c2", "c3", "c4"].map((n) => ensureFuture(c(n)));
    yield* sleep(0);
    log("waiting", String(cond));
    yield* asyncio.asyncWith(cond, function* () {
      cond.notify();
      log("notified one", String(cond));
    });
    yield* sleep(0);
    log("after notify()", result, String(cond));
    yield* asyncio.asyncWith(cond, function* () {
      cond.notify(2);
      yield* sleep(0);
      log("notify(2) while holding", result, String(cond));
    });
    yield* sleep(0);
    log("after release", result);
    yield* sleep(0);
    log("after release", result, String(cond));
    yield* asyncio.asyncWith(cond, function* () {
      cond.notifyAll();
    });
    yield* gather(ts);
    log("all", result, String(cond));
    const flag: (number | string)[] = [];
    const waitFor = asyncDef(function* wait_for(): Co {
      yield* asyncio.asyncWith(cond, function* () {
        // Python's `flag and flag[-1]`
        const v = yield* cond.waitFor(() => (flag.length === 0 ? flag : flag[flag.length - 1]));
        result.push(["wait_for", v]);
      });
    });
    const w = ensureFuture(waitFor());
    yield* sleep(0);
    for (const value of [0, "", "yes"]) {
      yield* asyncio.asyncWith(cond, function* () {
        flag.push(value);
        cond.notify();
      });
      yield* sleep(0);
      yield* sleep(0);
    }
    log("wait_for", outcome(w), result[result.length - 1]);
    try {
      cond.notify();
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      log("notify unlocked:", pyRepr(e));
    }
    try {
      yield* cond.wait();
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      log("wait unlocked:", pyRepr(e));
    }
  }),

  condition_cancel_notified: asyncDef(function* condition_cancel_notified(_py, log): Co {
    const cond = new asyncio.Condition();
    const woke: string[] = [];
    const consumer = asyncDef(function* consumer(name: string): Co {
      try {
        yield* asyncio.asyncWith(cond, function* () {
          yield* cond.wait();
          woke.push(name);
        });
      } catch (e) {
        if (isCancel(e)) woke.push(`${name} cancelled`);
        throw e;
      }
    });
    for (const phase of ["notified", "re-acquiring"]) {
      woke.length = 0;
      const a = ensureFuture(consumer("a"));
      const b = ensureFuture(consumer("b"));
      yield* sleep(0);
      yield* asyncio.asyncWith(cond, function* () {
        cond.notify(1);
        if (phase === "notified") {
          a.cancel();
          log("notified a, cancelled a", String(cond));
        } else {
          yield* sleep(0);
          a.cancel();
          log("a re-acquiring, cancelled", String(cond));
        }
      });
      for (let i = 0; i < 4; i++) yield* sleep(0);
      log("woke", woke, outcome(a), outcome(b), String(cond));
      b.cancel();
      yield* gather([b], { returnExceptions: true });
    }
  }),

  condition_cancel_message: asyncDef(function* condition_cancel_message(py, log): Co {
    const cond = new asyncio.Condition();
    const seen: unknown[] = [];
    const func = asyncDef(function* func(): Co {
      yield* asyncio.asyncWith(cond, function* () {
        try {
          yield* cond.wait();
        } catch (e) {
          if (isCancel(e)) seen.push(e);
          throw e;
        }
      });
    });
    let t = ensureFuture(func());
    yield* sleep(0);
    cancel(py, t, "during wait");
    try {
      yield* t;
    } catch (e) {
      if (!isCancel(e)) throw e;
      log("waiting:", pyRepr(seen[seen.length - 1]), "task raised", pyRepr(e));
    }
    t = ensureFuture(func());
    yield* sleep(0);
    yield* cond.acquire();
    cond.notify();
    yield* sleep(0);
    cancel(py, t, "during re-acquire");
    cond.release();
    try {
      yield* t;
    } catch (e) {
      if (!isCancel(e)) throw e;
      log("re-acquiring:", pyRepr(seen[seen.length - 1]), "task raised", pyRepr(e));
    }
    log(String(cond));
  }),

  condition_explicit_lock: asyncDef(function* condition_explicit_lock(_py, log): Co {
    const lock = new asyncio.Lock();
    const cond = new asyncio.Condition(lock);
    yield* asyncio.asyncWith(lock, function* () {
      log("lock held", cond.locked(), String(cond));
    });
    yield* asyncio.asyncWith(cond, function* () {
      log("cond held", lock.locked(), String(lock));
    });
    log("after", lock.locked(), cond.locked());
  }),

  barrier: asyncDef(function* barrier(py, log): Co {
    if (pythonMinor(py) < 11) {
      log("no Barrier");
      return;
    }
    const b = new asyncio.Barrier(3);
    log(String(b), b.parties, b.nWaiting, b.broken);
    const out: unknown[] = [];
    const party = asyncDef(function* party(name: string): Co {
      const i = yield* b.wait();
      out.push([name, i]);
    });
    const ts = ["a", "b"].map((n) => ensureFuture(party(n)));
    yield* sleep(0);
    log("two waiting", String(b), b.nWaiting);
    ts.push(ensureFuture(party("c")));
    yield* sleep(0);
    log("tripped", String(b), out);
    yield* gather(ts);
    log("drained", String(b), out);
    const one = new asyncio.Barrier(1);
    yield* asyncio.asyncWith(one, function* (i) {
      log("async with Barrier(1) as", i, String(one));
    });
  }),

  barrier_reset_abort: asyncDef(function* barrier_reset_abort(py, log): Co {
    if (pythonMinor(py) < 11) {
      log("no Barrier");
      return;
    }
    const b = new asyncio.Barrier(3);
    const errs: unknown[] = [];
    const party = asyncDef(function* party(name: string): Co {
      try {
        yield* b.wait();
        errs.push([name, "passed"]);
      } catch (e) {
        if (!(e instanceof asyncio.BrokenBarrierError)) throw e;
        errs.push([name, pyRepr(e)]);
      }
    });
    let ts = ["a", "b"].map((n) => ensureFuture(party(n)));
    yield* sleep(0);
    yield* b.reset();
    log("reset", String(b));
    yield* gather(ts);
    log("after reset", errs, String(b));
    errs.length = 0;
    ts = ["c", "d"].map((n) => ensureFuture(party(n)));
    yield* sleep(0);
    yield* b.abort();
    log("abort", String(b), b.broken, b.nWaiting);
    yield* gather(ts);
    ts = [ensureFuture(party("e"))];
    yield* gather(ts);
    log("after abort", errs, String(b));
    yield* b.reset();
    log("reset again", String(b), b.broken);
    try {
      new asyncio.Barrier(0);
    } catch (e) {
      if (!(e instanceof asyncio.ValueError)) throw e;
      log(pyRepr(e));
    }
  }),

  coroutine_names: asyncDef(function* coroutine_names(py, log): Co {
    const lock = new asyncio.Lock();
    const sem = new asyncio.Semaphore(0);
    const ev = new asyncio.Event();
    const cond = new asyncio.Condition();
    yield* lock.acquire();
    yield* cond.acquire();
    const coros: Co<unknown>[] = [
      lock.acquire(),
      sem.acquire(),
      ev.wait(),
      cond.wait(),
      cond.acquire(),
      cond.waitFor(() => true),
      lock.aenter(),
      cond.aexit(null),
    ];
    if (pythonMinor(py) >= 11) {
      const b = new asyncio.Barrier(1);
      coros.push(b.wait(), b.reset(), b.abort(), b.aenter(), b.aexit(null));
    }
    for (const c of coros) {
      log(pyRepr(c));
      c.return(undefined);
    }
    cond.release();
    lock.release();
  }),
};

/** Not a coroutine: two `asyncio.run` calls around one lock made outside any loop. */
function loopBinding(py: PythonVersion, log: Log): void {
  asyncio.setEventLoop(asyncio.newEventLoop({ python: py }));
  const lock = new asyncio.Lock();
  const report = (where: string, task: asyncio.Future<unknown>) => {
    if (task.cancelled()) log(where, "cancelled");
    else if (task.exception() === null) log(where, "result", task.result());
    else {
      const e = task.exception() as Error;
      log(
        where,
        "raised",
        e.constructor.name,
        pyStr(e).includes("attached to a different loop"),
        pyStr(e).includes("bound to a different event loop"),
      );
    }
  };
  const first = asyncDef(function* first(): Co {
    yield* lock.acquire();
    const t = ensureFuture(lock.acquire());
    yield* sleep(0);
    lock.release();
    yield* gather([t], { returnExceptions: true });
    report("first run, waiter", t);
    log("locked", lock.locked());
  });
  const second = asyncDef(function* second(): Co {
    log("second run, locked", lock.locked());
    if (!lock.locked()) yield* lock.acquire();
    const t = ensureFuture(lock.acquire());
    yield* gather([t], { returnExceptions: true });
    report("second run, waiter", t);
  });
  asyncio.run(first(), { python: py });
  asyncio.run(second(), { python: py });

  // 3.7 to 3.9: a Condition and its lock must be bound to the same loop.
  asyncio.setEventLoop(asyncio.newEventLoop({ python: py }));
  const other = new asyncio.Lock();
  asyncio.setEventLoop(asyncio.newEventLoop({ python: py }));
  try {
    new asyncio.Condition(other);
    log("Condition over a lock made under another current loop: accepted");
  } catch (e) {
    if (!(e instanceof asyncio.ValueError)) throw e;
    log("Condition over a lock made under another current loop:", pyRepr(e));
  }
  asyncio.setEventLoop(null);
}

const PLAIN: Record<string, (py: PythonVersion, log: Log) => void> = { loop_binding: loopBinding };

/** Runs one scenario under `asyncio.run` with the given target and returns its lines. */
export function runScenario(name: string, py: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
  try {
    const plain = PLAIN[name];
    if (plain !== undefined) plain(py, log);
    else asyncio.run((SCENARIOS[name] as Scenario)(py, log), { python: py });
  } catch (e) {
    log("asyncio.run raised", (e as object).constructor.name);
  }
  return lines;
}

const NAMES = [...Object.keys(SCENARIOS), ...Object.keys(PLAIN)];

describeScenarioMatrix("locks", SCRIPT, NAMES, runScenario);

describe("the lock scenarios tell releases apart", () => {
  const differs = (name: string, a: PythonVersion, b: PythonVersion) =>
    JSON.stringify(runScenario(name, a)) !== JSON.stringify(runScenario(name, b));

  it("D7: a semaphore's releaser jumps the queue on 3.7–3.8 only; locked() after release from 3.10", () => {
    const order = (py: PythonVersion) => runScenario("semaphore_release_reacquire", py).find((l) => l.startsWith("order"));
    expect(order("3.7")).toContain("['r1', 'r2', 'o']");
    expect(order("3.8")).toContain("['r1', 'r2', 'o']");
    for (const py of ["3.9", "3.10", "3.13"] as const) expect(order(py)).toContain("['r1', 'o', 'r2']");
    const after = (py: PythonVersion) =>
      runScenario("semaphore_release_reacquire", py).find((l) => l.startsWith("locked() right after release"));
    expect(after("3.9")).toMatch(/release False/);
    expect(after("3.10")).toMatch(/release True/);
  });

  it("D8: a notified Condition waiter cancelled before it runs passes the notification on from 3.13", () => {
    const woke = (py: PythonVersion) => runScenario("condition_cancel_notified", py).filter((l) => l.startsWith("woke"));
    expect(woke("3.12")[0]).toContain("['a cancelled'] cancelled pending");
    expect(woke("3.13")[0]).toContain("['a cancelled', 'b'] cancelled result None");
  });

  it("D11: Semaphore.locked() with a woken waiter pending", () => {
    const line = (py: PythonVersion) =>
      runScenario("semaphore_woken_pending", py).find((l) => l.startsWith("woken, not yet run"));
    expect(line("3.9")).toMatch(/^woken, not yet run False/);
    expect(line("3.10")).toMatch(/^woken, not yet run True/);
  });

  it("each version-specific scenario logs differently on some pair of targets", () => {
    expect(differs("semaphore_multi_wake", "3.12", "3.13")).toBe(true);
    expect(differs("semaphore_multi_wake", "3.9", "3.10")).toBe(true);
    expect(differs("semaphore_cancel", "3.9", "3.10")).toBe(true);
    expect(differs("condition_cancel_message", "3.12", "3.13")).toBe(true);
    expect(differs("loop_binding", "3.9", "3.10")).toBe(true);
    expect(differs("barrier", "3.10", "3.11")).toBe(true);
  });

  it("Barrier needs 3.11: constructing one under an older target names the release", () => {
    const loop = asyncio.newEventLoop({ python: "3.10" });
    const make = asyncDef(function* make(): Co<unknown> {
      return new asyncio.Barrier(2);
    });
    expect(() => loop.runUntilComplete(make())).toThrow(asyncio.FeatureUnavailableError);
    expect(() => loop.runUntilComplete(make())).toThrow(/3\.11/);
    loop.close();
  });
});
