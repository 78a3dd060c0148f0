/**
 * Queues against every CPython release this machine has (pyenv builds, python3.X on
 * PATH, ASYNCIO_TS_PYTHON): each scenario below runs on our loop under the matching
 * `python` target and, as python/queues_scenarios.py, on that real interpreter with a
 * virtual clock; the logged lines must be equal. Releases not found are reported as
 * skipped.
 *
 * The scenarios cover producer/consumer ordering with maxsize, getters and putters
 * cancelled while items move, task_done/join, PriorityQueue ties and comparison errors,
 * LifoQueue, shutdown (3.13), the loop binding of 3.7–3.9 against 3.10+ (D10), the
 * `loop=` argument, and reprs.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeScenarioMatrix } from "../support/scenarios.ts";
import * as asyncio from "../../src/asyncio/index.ts";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const SCRIPT = fileURLToPath(new URL("./python/queues_scenarios.py", import.meta.url));

const { asyncDef, sleep, pyRepr, pyStr, pyFloatRepr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;

/** A scenario: a coroutine run by `asyncio.run`, or a plain function that runs its own. */
type Scenario =
  | { kind: "async"; fn: (py: PythonVersion, log: Log) => Co }
  | { kind: "plain"; fn: (py: PythonVersion, log: Log) => void };

const now = (): string => pyFloatRepr(asyncio.getRunningLoop().time());

/** An exception for the log; a task's repr (which carries its Task-N name) is left out. */
function describeError(e: unknown): string {
  const msg = pyStr(e);
  if (msg.includes("attached to a different loop")) {
    return `${(e as Error).constructor.name}: ... attached to a different loop`;
  }
  return pyRepr(e);
}

function namedTask<T>(py: PythonVersion, coro: Co<T>, name: string): asyncio.Task<T> {
  const loop = asyncio.getRunningLoop();
  return pythonMinor(py) >= 8 ? loop.createTask(coro, { name }) : loop.createTask(coro);
}

const settle = asyncDef(function* settle(n = 5): Co {
  for (let i = 0; i < n; i++) yield* sleep(0);
});

/** Python's `ascii(s)`: the repr with every non-ASCII character escaped. */
function ascii(s: string): string {
  let out = "";
  for (const ch of pyRepr(s)) {
    const code = ch.codePointAt(0) as number;
    if (code <= 0x7f) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return out;
}

/** Ordered by priority only, as @dataclass(order=True) with the name not compared. */
class Job {
  constructor(
    readonly priority: number,
    readonly name: string,
  ) {}
  __lt__(other: Job): boolean {
    return this.priority < other.priority;
  }
  toString(): string {
    return `Job(${this.priority}, ${pyRepr(this.name)})`;
  }
}

function isCancelled(e: unknown): boolean {
  return e instanceof asyncio.CancelledError;
}

const SCENARIOS: Record<string, Scenario> = {
  producers_maxsize: {
    kind: "async",
    fn: asyncDef(function* producers_maxsize(_py: PythonVersion, log: Log): Co {
      for (const maxsize of [1, 2, 0]) {
        const q = new asyncio.Queue<string>(maxsize);
        log("maxsize", q.maxsize);
        const producer = asyncDef(function* producer(name: string): Co {
          for (let i = 0; i < 2; i++) {
            yield* q.put(name + String(i));
            log("put", name + String(i), "qsize", q.qsize(), "full", q.full());
          }
        });
        const tasks = ["A", "B", "C"].map((n) => asyncio.ensureFuture(producer(n)));
        yield* sleep(0);
        log(String(q));
        const got: string[] = [];
        for (let i = 0; i < 6; i++) {
          got.push(yield* q.get());
          log("got", got[got.length - 1], String(q));
        }
        log(got.join(" "));
        yield* asyncio.gather(tasks);
      }
    }),
  },

  consumers_and_timing: {
    kind: "async",
    fn: asyncDef(function* consumers_and_timing(_py: PythonVersion, log: Log): Co {
      const q = new asyncio.Queue<number>(2);
      const loop = asyncio.getRunningLoop();
      const producer = asyncDef(function* producer(): Co {
        for (let i = 0; i < 6; i++) {
          yield* q.put(i);
          log("produced", i, "at", now());
          yield* sleep(0.5);
        }
      });
      const consumer = asyncDef(function* consumer(name: string, delay: number): Co {
        for (;;) {
          const item = yield* q.get();
          log(name, "took", item, "at", now());
          yield* sleep(delay);
          q.taskDone();
        }
      });
      const consumers = [asyncio.ensureFuture(consumer("c1", 1)), asyncio.ensureFuture(consumer("c2", 2))];
      yield* producer();
      yield* q.join();
      log("joined at", now(), String(q));
      for (const c of consumers) c.cancel();
      yield* asyncio.gather(consumers, { returnExceptions: true });
      loop.callSoon(log, "after cancel", String(q));
      yield* sleep(0);
    }),
  },

  get_cancellation: {
    kind: "async",
    fn: asyncDef(function* get_cancellation(_py: PythonVersion, log: Log): Co {
      const q = new asyncio.Queue<unknown>();
      const getter = asyncDef(function* getter(name: string): Co<unknown> {
        let item: unknown;
        try {
          item = yield* q.get();
        } catch (e) {
          if (isCancelled(e)) log(name, "cancelled");
          throw e;
        }
        log(name, "got", item);
        return item;
      });
      const ts = ["a", "b", "c"].map((n) => asyncio.ensureFuture(getter(n)));
      yield* sleep(0);
      log(String(q));
      q.putNowait(1);
      q.putNowait(2);
      log("after two puts", String(q));
      ts[0]!.cancel(); // woken by the first put, cancelled before it ran
      yield* settle();
      log("after settle", String(q), ts.map((t) => t.cancelled()));
      yield* asyncio.gather(ts, { returnExceptions: true });

      // A getter cancelled while still waiting is removed at once; the item goes to the next.
      const t1 = asyncio.ensureFuture(getter("d"));
      const t2 = asyncio.ensureFuture(getter("e"));
      yield* sleep(0);
      t1.cancel();
      yield* sleep(0);
      log("d done", t1.done(), String(q));
      yield* q.put("a");
      yield* sleep(0);
      log("e returned", yield* t2);

      // A get that times out through asyncio.wait and is then cancelled leaves no getter.
      const t3 = asyncio.ensureFuture(getter("f"));
      const [, pending] = yield* asyncio.wait([t3], { timeout: 0.5 });
      log("f pending at", now(), pending.size, String(q));
      t3.cancel();
      yield* asyncio.gather([t3], { returnExceptions: true });
      log("after f", String(q));

      // Two items, three readers, the first cancelled after the puts.
      const readers = ["g", "h", "i"].map((n) => asyncio.ensureFuture(getter(n)));
      yield* sleep(0);
      q.putNowait(10);
      q.putNowait(20);
      readers[0]!.cancel();
      yield* settle();
      log("readers", readers.map((r) => r.cancelled()), String(q));
      for (const r of readers.slice(1)) if (!r.done()) r.cancel();
      yield* asyncio.gather(readers, { returnExceptions: true });
      log("end", String(q));
    }),
  },

  put_cancellation: {
    kind: "async",
    fn: asyncDef(function* put_cancellation(_py: PythonVersion, log: Log): Co {
      let q = new asyncio.Queue<string>(1);
      q.putNowait("a");
      const putter = asyncDef(function* putter(item: string): Co {
        try {
          yield* q.put(item);
        } catch (e) {
          if (isCancelled(e)) log("put", item, "cancelled", String(q));
          throw e;
        }
        log("put", item, "done", String(q));
      });
      const ps = ["b", "c", "d"].map((x) => asyncio.ensureFuture(putter(x)));
      yield* sleep(0);
      log(String(q));
      log("get_nowait", q.getNowait(), String(q)); // wakes the putter of b
      ps[0]!.cancel(); // b was woken but is cancelled before it runs: c gets the slot
      yield* settle();
      log("after settle", String(q), ps.map((p) => p.cancelled()));
      ps[2]!.cancel(); // d is still waiting: removed at once
      yield* settle();
      log("after cancelling d", String(q));
      log("get_nowait", q.getNowait());
      yield* asyncio.gather(ps, { returnExceptions: true });

      // test_put_cancelled_race's schedule.
      q = new asyncio.Queue<string>(1);
      const putA = asyncio.ensureFuture(q.put("a"));
      const putB = asyncio.ensureFuture(q.put("b"));
      const putC = asyncio.ensureFuture(q.put("X"));
      yield* sleep(0);
      log("a done", putA.done(), "b done", putB.done(), String(q));
      putC.cancel();
      yield* sleep(0);
      log("c done", putC.done(), String(q));
      log(q.getNowait());
      yield* sleep(0);
      log(q.getNowait());
      yield* putB;
      log("end", String(q));
    }),
  },

  task_done_join: {
    kind: "async",
    fn: asyncDef(function* task_done_join(_py: PythonVersion, log: Log): Co {
      const q = new asyncio.Queue<number | string>();
      yield* q.join();
      log("join on an empty queue returns at", now());
      for (let i = 0; i < 4; i++) q.putNowait(i);
      log(String(q));
      const joiner = asyncDef(function* joiner(name: string): Co {
        yield* q.join();
        log(name, "released at", now(), String(q));
      });
      const js = [asyncio.ensureFuture(joiner("j1")), asyncio.ensureFuture(joiner("j2"))];
      yield* sleep(0);
      for (let i = 0; i < 4; i++) {
        const item = q.getNowait();
        yield* sleep(1);
        q.taskDone();
        log("task_done", item, "at", now(), String(q));
      }
      yield* asyncio.gather(js);
      try {
        q.taskDone();
      } catch (e) {
        if (!(e instanceof asyncio.ValueError)) throw e;
        log("extra task_done:", pyRepr(e));
      }
      q.putNowait("again");
      const j3 = asyncio.ensureFuture(joiner("j3"));
      yield* sleep(0);
      log("j3 waiting", !j3.done(), String(q));
      q.getNowait();
      q.taskDone();
      yield* j3;
    }),
  },

  priority_ties: {
    kind: "async",
    fn: asyncDef(function* priority_ties(_py: PythonVersion, log: Log): Co {
      let q = new asyncio.PriorityQueue<unknown>();
      const drain = (): unknown[] => Array.from({ length: q.qsize() }, () => q.getNowait());
      for (const x of [5, 1, 4, 1, 5, 9, 2, 6, true, 0.5]) q.putNowait(x);
      log(String(q));
      log(drain());

      const names = "abcdefghijkl";
      [3, 1, 3, 2, 1, 3, 1, 2, 3, 1, 2, 2].forEach((p, i) => q.putNowait(new Job(p, names[i] as string)));
      log(String(q));
      log(drain());

      for (const entry of [[1, "b"], [1, "a"], [0, "z"], [1, "a", 0], [1], [2, "a"], [1, "a"]]) q.putNowait(entry);
      log(drain());

      for (const s of ["b", "a", "ab", "", "\uffff", "\u{1F600}", "\u00e9", "B"]) q.putNowait(s);
      log(drain().map((s) => ascii(s as string)));

      // Waiters: getters first, then items in priority order.
      q = new asyncio.PriorityQueue<unknown>(2);
      const getter = asyncDef(function* getter(name: string): Co {
        log(name, "got", yield* q.get());
      });
      const gs = ["g1", "g2"].map((n) => asyncio.ensureFuture(getter(n)));
      yield* sleep(0);
      const entries: [number, string][] = [[3, "x"], [1, "y"], [2, "z"], [0, "w"], [1, "v"]];
      const ps = entries.map((e) => asyncio.ensureFuture(q.put(e)));
      yield* settle();
      log(String(q));
      log(drain());
      yield* settle();
      log(String(q));
      log(drain());
      yield* asyncio.gather([...gs, ...ps]);

      // Items that cannot be compared: CPython's errors, and the heap it leaves.
      q = new asyncio.PriorityQueue<unknown>();
      q.putNowait([1, {}]);
      q.putNowait([1, {}]); // equal dicts: the lists are equal, nothing is ordered
      q.putNowait([0, { k: [1, "v"] }]);
      try {
        q.putNowait([1, { k: [1, "w"] }]);
      } catch (e) {
        if (!(e instanceof asyncio.TypeError)) throw e;
        log("put:", pyRepr(e), "qsize", q.qsize(), String(q));
      }
      try {
        q.putNowait("text");
      } catch (e) {
        if (!(e instanceof asyncio.TypeError)) throw e;
        log("put:", pyRepr(e), String(q));
      }
      try {
        q.putNowait(null);
      } catch (e) {
        if (!(e instanceof asyncio.TypeError)) throw e;
        log("put:", pyRepr(e));
      }

      q = new asyncio.PriorityQueue<unknown>();
      for (const entry of [[0, "x"], [1, { a: 1 }], [1, { b: 2 }], [5, "z"]]) q.putNowait(entry);
      try {
        q.getNowait();
      } catch (e) {
        if (!(e instanceof asyncio.TypeError)) throw e;
        log("get:", pyRepr(e), String(q));
      }

      q = new asyncio.PriorityQueue<unknown>();
      for (const entry of [[1, { a: 1 }], [2, { b: 2 }], [2, { c: 3 }]]) q.putNowait(entry);
      try {
        q.getNowait();
      } catch (e) {
        if (!(e instanceof asyncio.TypeError)) throw e;
        log("get:", pyRepr(e), String(q));
      }
    }),
  },

  lifo: {
    kind: "async",
    fn: asyncDef(function* lifo(_py: PythonVersion, log: Log): Co {
      const first = new asyncio.LifoQueue<number>();
      for (const i of [1, 3, 2]) yield* first.put(i);
      log(String(first));
      const items: number[] = [];
      for (let i = 0; i < 3; i++) items.push(yield* first.get());
      log(items);

      const q = new asyncio.LifoQueue<string>(2);
      const putter = asyncDef(function* putter(x: string): Co {
        yield* q.put(x);
        log("put", x, String(q));
      });
      const ps = ["a", "b", "c", "d"].map((x) => asyncio.ensureFuture(putter(x)));
      yield* sleep(0);
      log(String(q));
      const got: string[] = [];
      while (got.length < 4) {
        got.push(yield* q.get());
        log("got", got[got.length - 1], String(q));
      }
      log(got);
      yield* asyncio.gather(ps);
    }),
  },

  shutdown: {
    kind: "async",
    fn: asyncDef(function* shutdown(py: PythonVersion, log: Log): Co {
      if (pythonMinor(py) < 13) {
        try {
          new asyncio.Queue().shutdown();
        } catch (e) {
          if (!(e instanceof asyncio.FeatureUnavailableError)) throw e;
          log("no shutdown");
        }
        return;
      }

      // Waiting getters are woken and raise QueueShutDown.
      let q = new asyncio.Queue<unknown>();
      const getter = asyncDef(function* getter(name: string): Co {
        try {
          log(name, "got", yield* q.get());
        } catch (e) {
          if (!(e instanceof asyncio.QueueShutDown)) throw e;
          log(name, "raised", pyRepr(e), String(q));
        }
      });
      let gs = ["g1", "g2"].map((n) => asyncio.ensureFuture(getter(n)));
      yield* sleep(0);
      log(String(q));
      q.shutdown();
      log(String(q));
      yield* asyncio.gather(gs);

      // Non-immediate: blocked putters raise; getters drain what is left, then raise.
      q = new asyncio.Queue<unknown>(1);
      q.putNowait("data");
      const putter = asyncDef(function* putter(x: string): Co {
        try {
          yield* q.put(x);
          log("put", x);
        } catch (e) {
          if (!(e instanceof asyncio.QueueShutDown)) throw e;
          log("put", x, "raised", pyRepr(e));
        }
      });
      const joiner = asyncDef(function* joiner(): Co {
        yield* q.join();
        log("join released at", now(), String(q));
      });
      let j = asyncio.ensureFuture(joiner());
      const p = asyncio.ensureFuture(putter("data2"));
      yield* sleep(0);
      log(String(q));
      q.shutdown();
      yield* sleep(0);
      log("after shutdown", String(q), "putter done", p.done());
      log("get", yield* q.get());
      gs = [asyncio.ensureFuture(getter("g3"))];
      yield* settle();
      log("join done", j.done());
      try {
        q.putNowait("late");
      } catch (e) {
        if (!(e instanceof asyncio.QueueShutDown)) throw e;
        log("put_nowait raised", pyRepr(e));
      }
      try {
        q.getNowait();
      } catch (e) {
        if (!(e instanceof asyncio.QueueShutDown)) throw e;
        log("get_nowait raised", pyRepr(e));
      }
      yield* sleep(1);
      q.taskDone();
      yield* asyncio.gather([j, p, ...gs]);

      // Immediate, with unfinished tasks.
      q = new asyncio.Queue<unknown>();
      for (let i = 0; i < 3; i++) q.putNowait(i);
      j = asyncio.ensureFuture(joiner());
      log("get", yield* q.get());
      q.shutdown(true);
      log("after immediate shutdown", String(q));
      yield* sleep(0);
      log("join done", j.done());
      q.taskDone();
      try {
        q.taskDone();
      } catch (e) {
        if (!(e instanceof asyncio.ValueError)) throw e;
        log(pyRepr(e));
      }
      yield* j;

      // Getters woken by shutdown while items remain take them.
      q = new asyncio.Queue<unknown>();
      gs = ["g4", "g5", "g6"].map((n) => asyncio.ensureFuture(getter(n)));
      yield* sleep(0);
      q.putNowait("x");
      q.shutdown();
      yield* asyncio.gather(gs);

      for (const Cls of [asyncio.LifoQueue, asyncio.PriorityQueue]) {
        const other = new Cls<number>();
        other.putNowait(2);
        other.putNowait(1);
        other.shutdown(true);
        log(String(other));
      }
    }),
  },

  loop_binding: {
    kind: "plain",
    fn(py: PythonVersion, log: Log): void {
      // D10: a queue made outside a running loop, then waited on inside asyncio.run.
      const outside = asyncio.newEventLoop({ python: py });
      asyncio.setEventLoop(outside);
      const q = new asyncio.Queue<string>();
      const first = asyncDef(function* first(): Co {
        const loop = asyncio.getRunningLoop();
        loop.callLater(0.5, (x: string) => q.putNowait(x), "x");
        try {
          log("get:", yield* q.get());
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          log("get:", describeError(e), String(q));
        }
        yield* sleep(1);
        log("after the timer", String(q));
        if (!q.empty()) q.getNowait();
        q.putNowait("y");
        loop.callLater(0.5, () => {
          q.getNowait();
          q.taskDone();
          q.taskDone();
        });
        try {
          yield* q.join();
          log("join returned at", now(), String(q));
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          log("join:", describeError(e));
        }
        yield* sleep(1);
      });
      try {
        asyncio.run(first(), { python: py });
      } catch (e) {
        log("asyncio.run raised", describeError(e));
      }
      outside.close();

      // A queue bound (3.10+: by a blocking get) in one asyncio.run, used in another.
      const holder: asyncio.Queue<number>[] = [];
      const second = asyncDef(function* second(): Co {
        const q2 = new asyncio.Queue<number>();
        holder.push(q2);
        const t = asyncio.ensureFuture(q2.get());
        yield* sleep(0);
        q2.putNowait(1);
        log("got", yield* t);
      });
      const third = asyncDef(function* third(): Co {
        const q2 = holder[0] as asyncio.Queue<number>;
        q2.putNowait(2);
        log("non-blocking get", yield* q2.get());
        try {
          asyncio.getRunningLoop().callLater(0.5, (x: number) => q2.putNowait(x), 3);
          log("blocking get", yield* q2.get());
        } catch (e) {
          if (!(e instanceof asyncio.RuntimeError)) throw e;
          log("blocking get:", describeError(e), String(q2));
        }
      });
      asyncio.run(second(), { python: py });
      asyncio.run(third(), { python: py });

      // CPython's loop= argument (there is no current loop here: asyncio.run cleared it).
      const loop = asyncio.newEventLoop({ python: py });
      for (const Cls of [asyncio.Queue, asyncio.PriorityQueue]) {
        try {
          const q3 = new Cls(0, { loop });
          log(Cls.name, "loop= accepted", q3._getLoop() === loop);
        } catch (e) {
          if (!(e instanceof asyncio.TypeError)) throw e;
          log(Cls.name, pyRepr(e));
        }
      }
      loop.close();
    },
  },

  reprs: {
    kind: "async",
    fn: asyncDef(function* reprs(py: PythonVersion, log: Log): Co {
      const q = new asyncio.Queue<unknown>(1.3);
      q.putNowait("it's");
      q.putNowait([1, 2.5, null, true]);
      log(String(q), q.full());
      try {
        q.putNowait(3);
      } catch (e) {
        if (!(e instanceof asyncio.QueueFull)) throw e;
        log(pyRepr(e), "str:", pyRepr(pyStr(e)));
      }
      const t = namedTask(py, q.put("w"), "putter");
      yield* sleep(0);
      log(String(q));
      log(String(t));
      log(q.getNowait(), q.getNowait(), String(q));
      yield* t;
      q.getNowait();
      try {
        q.getNowait();
      } catch (e) {
        if (!(e instanceof asyncio.QueueEmpty)) throw e;
        log(pyRepr(e));
      }
      const g = namedTask(py, q.get(), "getter");
      yield* sleep(0);
      log(String(g));
      log(String(q));
      q.putNowait(0);
      log(String(q));
      yield* g;
      log(String(q));
      log(pyRepr(q.put(1)));
      for (const Cls of [asyncio.LifoQueue, asyncio.PriorityQueue]) {
        const other = new Cls<number>(3);
        for (const i of [2, 3, 1]) other.putNowait(i);
        log(String(other));
      }
    }),
  },
};

const NAMES = Object.keys(SCENARIOS);

/** Runs one scenario under the given target and returns its lines. */
function runScenario(name: string, py: PythonVersion): string[] {
  const lines: string[] = [];
  const log: Log = (...parts) => lines.push(parts.map(pyStr).join(" "));
  const scenario = SCENARIOS[name] as Scenario;
  try {
    if (scenario.kind === "plain") scenario.fn(py, log);
    else asyncio.run(scenario.fn(py, log), { python: py });
  } catch (e) {
    log("scenario raised", describeError(e));
  }
  return lines;
}

describeScenarioMatrix("queues", SCRIPT, NAMES, runScenario);

describe("the queue scenarios tell releases apart", () => {
  it("the version-specific scenarios log differently on some pair of targets", () => {
    for (const name of ["shutdown", "loop_binding", "reprs"]) {
      const outputs = new Set(PYTHON_VERSIONS.map((v) => JSON.stringify(runScenario(name, v))));
      expect(outputs.size, name).toBeGreaterThan(1);
    }
  });

  it("the known measured facts hold on our loop for every target", () => {
    for (const v of PYTHON_VERSIONS) {
      const lines = runScenario("producers_maxsize", v);
      expect(lines).toContain("A0 A1 B0 C0 B1 C1");
      const binding = runScenario("loop_binding", v);
      const d10 = binding[0];
      if (pythonMinor(v) < 10) expect(d10).toBe("get: RuntimeError: ... attached to a different loop <Queue maxsize=0>");
      else expect(d10).toBe("get: x");
    }
  });
});

describe("version gates and Python comparisons (asyncio-ts checks, not CPython ports)", () => {
  it("shutdown() and QueueShutDown need 3.13: FeatureUnavailableError naming it, nothing changed", () => {
    for (const v of PYTHON_VERSIONS) {
      asyncio.run(
        asyncDef(function* main(): Co {
          const q = new asyncio.Queue<number>();
          q.putNowait(1);
          if (pythonMinor(v) >= 13) {
            expect(() => new asyncio.QueueShutDown()).not.toThrow();
            q.shutdown(true);
            expect(String(q)).toBe("<Queue maxsize=0 shutdown>");
            return;
          }
          let caught: unknown;
          try {
            q.shutdown(true);
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(asyncio.FeatureUnavailableError);
          expect((caught as asyncio.FeatureUnavailableError).since).toBe("3.13");
          expect((caught as Error).message).toBe(
            `Queue.shutdown() needs Python 3.13 or newer; this event loop targets Python ${v}`,
          );
          expect(String(q)).toBe("<Queue maxsize=0 _queue=[1] tasks=1>");
          expect(() => new asyncio.QueueShutDown()).toThrow(asyncio.FeatureUnavailableError);
        })(),
        { python: v },
      );
    }
  });

  it("shutdown() outside any loop: the default target decides, and the error names it", () => {
    const before = asyncio.getDefaultPython();
    asyncio.setDefaultPython("3.12");
    try {
      const q = new asyncio.Queue<number>();
      expect(() => q.shutdown()).toThrow("Queue.shutdown() needs Python 3.13 or newer; this event loop targets Python 3.12");
    } finally {
      asyncio.setDefaultPython(before);
    }
  });

  it("the loop option binds on 3.7-3.9 and is a TypeError from 3.10", () => {
    const old = asyncio.newEventLoop({ python: "3.9" });
    asyncio.setEventLoop(old);
    try {
      const q = new asyncio.LifoQueue<number>(0, { loop: old });
      expect(q._getLoop()).toBe(old);
      expect(() => new asyncio.LifoQueue(0, { loop: asyncio.newEventLoop({ python: "3.10" }) })).toThrow(
        "As of 3.10, the *loop* parameter was removed from LifoQueue() since it is no longer necessary",
      );
      expect(() => new asyncio.LifoQueue(0, { loop: asyncio.newEventLoop({ python: "3.13" }) })).toThrow(
        "Queue.__init__() got an unexpected keyword argument 'loop'",
      );
    } finally {
      asyncio.setEventLoop(null);
      old.close();
    }
  });

  it("PriorityQueue orders with Python's < (code points, sequences, __lt__/__gt__, mixed numbers)", () => {
    const loop = asyncio.newEventLoop();
    asyncio.setEventLoop(loop);
    try {
      const drain = <T>(q: asyncio.PriorityQueue<T>): T[] => Array.from({ length: q.qsize() }, () => q.getNowait());
      const strings = new asyncio.PriorityQueue<string>();
      // UTF-16 order would put the astral character before U+FFFF.
      for (const s of ["\u{10000}", "\uffff", "z", "\ue000"]) strings.putNowait(s);
      expect(drain(strings)).toEqual(["z", "\ue000", "\uffff", "\u{10000}"]);

      const numbers = new asyncio.PriorityQueue<number | bigint | boolean>();
      for (const x of [3n, 2.5, false, 1, 10n ** 20n]) numbers.putNowait(x);
      expect(drain(numbers)).toEqual([false, 1, 2.5, 3n, 10n ** 20n]);

      const nested = new asyncio.PriorityQueue<unknown[]>();
      for (const x of [[1, [2, "b"]], [1, [2, "a"]], [1, [1]], [0, [9]], [1]]) nested.putNowait(x);
      expect(drain(nested)).toEqual([[0, [9]], [1], [1, [1]], [1, [2, "a"]], [1, [2, "b"]]]);

      class Greater {
        constructor(readonly n: number) {}
        __gt__(other: number): boolean {
          return this.n > other;
        }
      }
      const reflected = new asyncio.PriorityQueue<number | Greater>();
      reflected.putNowait(new Greater(5));
      reflected.putNowait(3); // 3 < Greater(5) falls back to Greater(5).__gt__(3)
      expect(reflected.getNowait()).toBe(3);

      class Plain {}
      const errors = new asyncio.PriorityQueue<unknown>();
      errors.putNowait(new Plain());
      expect(() => errors.putNowait(new Map())).toThrow("'<' not supported between instances of 'dict' and 'Plain'");
      expect(() => errors.putNowait(undefined)).toThrow("'<' not supported between instances of 'NoneType' and 'Plain'");
      expect(errors.qsize()).toBe(3); // CPython leaves a pushed item in the heap when a comparison fails
      expect(errors._unfinishedTasks).toBe(1);
    } finally {
      asyncio.setEventLoop(null);
      loop.close();
    }
  });
});
