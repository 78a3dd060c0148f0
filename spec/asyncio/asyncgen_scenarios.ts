/**
 * The TypeScript side of spec/asyncio/python/asyncgen_scenarios.py: the same programs with
 * `asyncGen`, `ayield`, `asyncFor`, `aiter`/`anext` and the async generator hooks, logging
 * the same lines. Each runs under the process-wide default target (`setDefaultPython`).
 * Awaitables driven by hand (`send`/`throw` in Python) are driven with `next`/`throw`; a
 * finished one's return value is logged as Python logs its `StopIteration`.
 */
import * as asyncio from "../../src/asyncio/index.ts";
import { pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";

const { asyncDef, asyncGen, ayield, sleep, pyRepr, pyStr } = asyncio;
type Co<T = void> = asyncio.Coroutine<T>;
type Log = (...parts: unknown[]) => void;
type Scenario = { async: (log: Log) => Co } | { plain: (log: Log) => void };

const minor = (): number => pythonMinor(asyncio.getDefaultPython());
const ex = (e: unknown): string => `${(e as Error).name} ${pyStr(e)}`;
const time = (): string => asyncio.pyFloatRepr(asyncio.getRunningLoop().time());

class MyExc extends asyncio.Exception {}

/** The scenario's generators, closed in creation order at its end. */
const KEEP: asyncio.AsyncGen<unknown, never>[] = [];
function keep<G extends asyncio.AsyncGen<unknown, never>>(agen: G): G {
  KEEP.push(agen);
  return agen;
}

function* closeAll(log: Log): Co {
  const agens = KEEP.splice(0);
  for (const [k, agen] of agens.entries()) {
    try {
      yield* agen.aclose();
    } catch (e) {
      log("closing", k, "raised", ex(e));
    }
  }
}

function* step(log: Log, label: string, aw: Generator<asyncio.Yielded, unknown, unknown>): Co {
  try {
    const r = yield* aw;
    log(label, "->", pyRepr(r));
  } catch (e) {
    log(label, "raised", ex(e));
  }
}

/** Python's `call(label, lambda: awaitable.send(...))`: a finished step is its StopIteration. */
function call(log: Log, label: string, f: () => IteratorResult<unknown, unknown> | unknown): void {
  try {
    const r = f();
    if (typeof r === "object" && r !== null && "done" in r) {
      const result = r as IteratorResult<unknown, unknown>;
      if (result.done) log(label, "raised", `StopIteration ${result.value === undefined || result.value === null ? "" : pyStr(result.value)}`);
      else log(label, "->", pyRepr(result.value));
    } else {
      log(label, "->", pyRepr(r));
    }
  } catch (e) {
    log(label, "raised", ex(e));
  }
}

function makeGen(log: Log) {
  return asyncGen(function* gen(name: string): asyncio.AsyncGenBody<number> {
    try {
      log(name, "start");
      let v = yield* ayield(1);
      log(name, "got", v);
      yield* sleep(1);
      v = yield* ayield(2);
      log(name, "got", v);
    } catch (e) {
      if (e instanceof asyncio.GeneratorExit) {
        log(name, "GeneratorExit");
        throw e;
      }
      log(name, "caught", ex(e));
      yield* ayield(99);
    } finally {
      log(name, "finally");
    }
  });
}

function makeIt2(log: Log) {
  return asyncGen(function* it2(): asyncio.AsyncGenBody<number> {
    try {
      yield* ayield(1);
      yield* ayield(2);
    } finally {
      log("it2 finally");
    }
  });
}

function makeCounter(log: Log) {
  return asyncGen(function* counter(name: string, n: number): asyncio.AsyncGenBody<number> {
    try {
      for (let i = 0; i < n; i++) {
        yield* sleep(0);
        yield* ayield(i);
      }
    } finally {
      log(name, "closed");
    }
  });
}

/** Python's `@types.coroutine def _async_yield(v): return (yield v)` with v None: a bare yield. */
function makeAgenfn(log: Log) {
  return asyncGen(function* agenfn(): asyncio.AsyncGenBody<string> {
    for (;;) {
      try {
        yield null;
      } catch (e) {
        if (!(e instanceof MyExc)) throw e;
        log("agen caught MyExc");
        yield* ayield("after-catch");
      }
    }
  });
}

const SCENARIOS: Record<string, Scenario> = {
  basics: {
    *async(log) {
      const gen = makeGen(log);
      const g = keep(gen("g"));
      yield* step(log, "anext", g.anext());
      yield* step(log, "asend x", g.asend("x"));
      yield* step(log, "asend y", g.asend("y"));
      yield* step(log, "anext end", g.anext());
      yield* step(log, "aclose done", g.aclose());
      const g2 = keep(gen("g2"));
      yield* step(log, "asend nonnone", g2.asend(5));
      yield* step(log, "anext g2", g2.anext());
      const g3 = keep(gen("g3"));
      const a = g3.anext();
      yield* step(log, "first", a);
      yield* step(log, "reuse", a);
      const g4 = keep(gen("g4"));
      yield* step(log, "athrow fresh", g4.athrow(new asyncio.ValueError("v")));
      yield* step(log, "anext g4 after", g4.anext());
      const g5 = keep(gen("g5"));
      yield* step(log, "aclose fresh", g5.aclose());
      yield* step(log, "anext g5 after", g5.anext());
      const g6 = keep(gen("g6"));
      yield* step(log, "g6 anext", g6.anext());
      yield* step(log, "g6 athrow", g6.athrow(new asyncio.KeyError("k")));
      yield* step(log, "g6 anext", g6.anext());
      yield* step(log, "g6 athrow closed", g6.athrow(new asyncio.KeyError("k2")));
      yield* step(log, "g6 aclose closed", g6.aclose());
      const g13 = keep(gen("g13"));
      yield* step(log, "g13 anext", g13.anext());
      yield* step(log, "g13 athrow class", g13.athrow(asyncio.KeyError));
      log("ag_running", g13.agRunning);
      const g14 = keep(gen("g14"));
      yield* step(log, "g14 anext", g14.anext());
      yield* step(log, "g14 athrow cancel", g14.athrow(new asyncio.CancelledError()));
      yield* step(log, "g14 anext", g14.anext());
      const g15 = keep(gen("g15"));
      yield* step(log, "g15 anext", g15.anext());
      yield* step(log, "g15 athrow list", g15.athrow([1] as never));
      yield* step(log, "g15 athrow str", g15.athrow("v1" as never));
      yield* step(log, "g15 athrow int class", g15.athrow(Number as never));
      yield* step(log, "g15 anext", g15.anext());
      log("time", time());
      yield* closeAll(log);
    },
  },

  closing: {
    *async(log) {
      const stubborn = asyncGen(function* stubborn(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
        } catch (e) {
          if (!(e instanceof asyncio.GeneratorExit)) throw e;
          log("stubborn exit");
          yield* ayield(2);
        }
      }, "closing.<locals>.stubborn");
      const g7 = keep(stubborn());
      yield* step(log, "g7 anext", g7.anext());
      yield* step(log, "g7 aclose", g7.aclose());
      yield* step(log, "g7 anext", g7.anext());
      const bad = asyncGen(function* bad(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        throw new asyncio.StopAsyncIteration("x");
      });
      const g8 = keep(bad());
      yield* step(log, "g8 anext", g8.anext());
      yield* step(log, "g8 anext", g8.anext());
      yield* step(log, "g8 anext", g8.anext());
      const bad2 = asyncGen(function* bad2(): asyncio.AsyncGenBody<number> {
        throw new asyncio.StopIteration("y");
      });
      yield* step(log, "g9 anext", keep(bad2()).anext());
      const slowclose = asyncGen(function* slowclose(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
        } finally {
          log("slowclose finally at", time());
          yield* sleep(2);
          log("slowclose finally done at", time());
        }
      });
      const g11 = keep(slowclose());
      yield* step(log, "g11 anext", g11.anext());
      yield* step(log, "g11 aclose", g11.aclose());
      const raising = asyncGen(function* raising(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new asyncio.ValueError("in finally");
        }
      }, "closing.<locals>.raising");
      const g12 = keep(raising());
      yield* step(log, "g12 anext", g12.anext());
      yield* step(log, "g12 aclose", g12.aclose());
      log(String(g12));
      for (const aw of [g12.anext(), g12.aclose(), g12.athrow(asyncio.ValueError)]) {
        log(String(aw));
        aw.return(undefined as never);
      }
      yield* closeAll(log);
    },
  },

  awaitable_rules: {
    *async(log) {
      const it2 = makeIt2(log);
      let it = keep(it2());
      let nxt: Generator<asyncio.Yielded, unknown, unknown> = it.aclose();
      yield* step(log, "aclose1", nxt);
      yield* step(log, "aclose reuse", nxt);
      it = keep(it2());
      const n1 = it.aclose();
      call(log, "throw GE 1", () => n1.throw(new asyncio.GeneratorExit()));
      call(log, "throw GE 2", () => n1.throw(new asyncio.GeneratorExit()));
      it = keep(it2());
      const n2 = it.aclose();
      call(log, "throw My 1", () => n2.throw(new MyExc()));
      call(log, "throw My 2", () => n2.throw(new MyExc()));
      it = keep(it2());
      const n3 = it.athrow(MyExc);
      call(log, "athrow throw My 1", () => n3.throw(new MyExc()));
      call(log, "athrow throw My 2", () => n3.throw(new MyExc()));
      it = keep(it2());
      yield* step(log, "aclose a", it.aclose());
      yield* step(log, "aclose b", it.aclose());
      it = keep(it2());
      yield* asyncio.asyncFor(it, function* () {});
      yield* step(log, "aclose after exhaustion", it.aclose());
      yield* step(log, "athrow after exhaustion", it.athrow(MyExc));
      yield* step(log, "asend after exhaustion", it.asend(undefined as never));
      it = keep(it2());
      yield* step(log, "n", it.anext());
      yield* step(log, "athrow prop", it.athrow(new MyExc("m")));
      yield* step(log, "athrow after prop", it.athrow(new MyExc("m2")));
      yield* step(log, "aclose after prop", it.aclose());
      it = keep(it2());
      yield* step(log, "n", it.anext());
      nxt = it.athrow(new MyExc("x"));
      yield* step(log, "athrow1", nxt);
      yield* step(log, "athrow reuse", nxt);
      it = keep(it2());
      let t = asyncio.ensureFuture(it.anext());
      t.cancel();
      yield* step(log, "cancelled anext task", t[Symbol.iterator]());
      yield* step(log, "after cancelled anext task", it.anext());
      it = keep(it2());
      yield* step(log, "n", it.anext());
      t = asyncio.ensureFuture(it.aclose());
      t.cancel();
      yield* step(log, "cancelled aclose task", t[Symbol.iterator]());
      yield* step(log, "after cancelled aclose", it.anext());
      it = keep(it2());
      const a1 = it.anext();
      call(log, "send None", () => a1.next());
      call(log, "send again", () => a1.next());
      it = keep(it2());
      const a2 = it.asend(undefined as never);
      call(log, "asend throw INIT", () => a2.throw(new MyExc("i")));
      call(log, "asend throw INIT again", () => a2.throw(new MyExc("i2")));
      const it3 = it;
      call(log, "anext after", () => it3.anext().next());
      it = keep(it2());
      const a3 = it.anext();
      a3.return(undefined as never);
      call(log, "send after close", () => a3.next());
      it = keep(it2());
      const a4 = it.athrow(MyExc);
      call(log, "athrow send 1", () => a4.next(1));
      a4.return(undefined as never);
      it = keep(it2());
      const a5 = it.aclose();
      call(log, "aclose send 1", () => a5.next(1));
      a5.return(undefined);
      const selfish = asyncGen(function* selfish(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* step(log, "self anext", g.anext());
        yield* ayield(2);
      });
      const g = keep(selfish());
      yield* step(log, "s1", g.anext());
      yield* step(log, "s2", g.anext());
      yield* closeAll(log);
    },
  },

  throw_rules: {
    plain(log) {
      const agenfn = makeAgenfn(log);
      let agen = keep(agenfn());
      let g = agen.asend(undefined as never);
      call(log, "a0 send", () => g.next());
      call(log, "a1 throw MyExc to running-await", () => g.throw(new MyExc()));
      const g2 = agen.asend(undefined as never);
      call(log, "a2 asend INIT throw while not running", () => g2.throw(new MyExc()));
      call(log, "a3 g2 send", () => g2.next());
      agen = keep(agenfn());
      g = agen.asend(undefined as never);
      call(log, "b0", () => g.next());
      const g2b = agen.asend(undefined as never);
      call(log, "b1 throw INIT while running", () => g2b.throw(new MyExc()));
      call(log, "b2 send after", () => g2b.next());
      call(log, "b3 g continue send", () => g.next());
      agen = keep(agenfn());
      g = agen.asend(undefined as never);
      call(log, "c0", () => g.next());
      const g3 = agen.athrow(MyExc);
      call(log, "c1 athrow throw INIT running", () => g3.throw(new MyExc()));
      call(log, "c2 send after", () => g3.next());
      agen = keep(agenfn());
      g = agen.asend(undefined as never);
      call(log, "d0", () => g.next());
      call(log, "d0b", () => g.throw(new MyExc()));
      const g4 = agen.athrow(MyExc);
      call(log, "d1 athrow throw INIT not running", () => g4.throw(new MyExc()));
      const agenD = agen;
      call(log, "d2 anext after", () => agenD.asend(undefined as never).next());
      agen = keep(agenfn());
      g = agen.asend(undefined as never);
      call(log, "e0", () => g.next());
      call(log, "e0b", () => g.throw(new MyExc()));
      const g5 = agen.aclose();
      call(log, "e1 aclose throw MyExc INIT", () => g5.throw(new MyExc()));
      const agenE = agen;
      call(log, "e2 anext after", () => agenE.asend(undefined as never).next());
      agen = keep(agenfn());
      g = agen.asend(undefined as never);
      call(log, "f0", () => g.next());
      call(log, "f0b", () => g.throw(new MyExc()));
      const g6 = agen.athrow(MyExc);
      call(log, "f1 athrow send", () => g6.next());
      call(log, "f2 athrow send again", () => g6.next());
      call(log, "f3 athrow send again", () => g6.next());
      agen = keep(agenfn());
      g = agen.asend(undefined as never);
      call(log, "g0", () => g.next());
      call(log, "g1 throw GeneratorExit", () => g.throw(new asyncio.GeneratorExit()));
      const agenG = agen;
      call(log, "g2 anext", () => agenG.asend(undefined as never).next());
      KEEP.splice(0);
    },
  },

  closed_flag: {
    *async(log) {
      const stubborn = asyncGen(function* stubborn(): asyncio.AsyncGenBody<number> {
        for (let i = 0; i < 3; i++) {
          try {
            yield* ayield(i);
          } catch (e) {
            if (e instanceof asyncio.GeneratorExit) log("exit ignored", i);
            else if (e instanceof MyExc) log("myexc", i);
            else throw e;
          }
        }
      });
      let g: asyncio.AsyncGen<number, never> = keep(stubborn());
      yield* step(log, "n", g.anext());
      yield* step(log, "aclose ignored", g.aclose());
      yield* step(log, "athrow after ignored", g.athrow(MyExc));
      yield* step(log, "aclose after ignored", g.aclose());
      yield* step(log, "anext after ignored", g.anext());
      yield* step(log, "anext after ignored 2", g.anext());
      g = keep(stubborn());
      yield* step(log, "n", g.anext());
      yield* step(log, "athrow yields", g.athrow(MyExc));
      yield* step(log, "anext", g.anext());
      yield* step(log, "anext", g.anext());
      const slow = asyncGen(function* slow(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
        } finally {
          log("slow finally start");
          yield* sleep(1);
          log("slow finally end");
        }
      });
      g = keep(slow());
      yield* step(log, "n", g.anext());
      const t = asyncio.ensureFuture(g.aclose());
      yield* sleep(0.5);
      t.cancel();
      yield* step(log, "cancelled aclose mid-finally", t[Symbol.iterator]());
      yield* step(log, "anext after", g.anext());
      yield* step(log, "aclose after", g.aclose());
      yield* closeAll(log);
    },
  },

  concurrent_use: {
    *async(log) {
      if (minor() < 8) {
        log("3.7: concurrent use of an async generator is not modelled");
        return;
      }
      const g = keep(makeGen(log)("g10"));
      yield* step(log, "g10 anext", g.anext());
      const t = asyncio.ensureFuture(step(log, "g10 asend in task", g.asend("t")));
      yield* sleep(0);
      yield* step(log, "g10 anext concurrent", g.anext());
      yield* step(log, "g10 athrow concurrent", g.athrow(new asyncio.ValueError()));
      yield* step(log, "g10 aclose concurrent", g.aclose());
      yield* t;
      yield* step(log, "g10 anext after", g.anext());
      const g4 = keep(makeCounter(log)("c4", 2));
      const t4 = asyncio.ensureFuture(g4.anext()) as asyncio.Task<number>;
      t4.setName("anext-task");
      log(String(t4));
      yield* step(log, "gather anext", asyncio.gather([g4.anext()], { returnExceptions: true })[Symbol.iterator]());
      yield* step(log, "task of anext", t4[Symbol.iterator]());
      yield* closeAll(log);
    },
  },

  async_for: {
    *async(log) {
      const counter = makeCounter(log);
      let g = keep(counter("c", 4));
      yield* asyncio.asyncFor(g, function* (x) {
        log("item", x);
        if (x === 1) return asyncio.BREAK;
      });
      log("after break");
      yield* step(log, "anext after break", g.anext());
      yield* asyncio.asyncFor(g, function* (x) {
        log("rest", x);
      });
      log("after exhaustion");
      g = keep(counter("d", 3));
      try {
        yield* asyncio.asyncFor(g, function* (x) {
          log("item", x);
          throw new MyExc("in body");
        });
      } catch (e) {
        if (!(e instanceof MyExc)) throw e;
        log("body raised", ex(e));
      }
      yield* step(log, "aclose after body raised", g.aclose());
      try {
        yield* asyncio.asyncFor(5 as never, function* () {});
      } catch (e) {
        asyncio.except(e, asyncio.TypeError);
        log("async for over int:", ex(e));
      }
      const badIter = { aiter: () => 5 };
      try {
        yield* asyncio.asyncFor(badIter as never, function* () {});
      } catch (e) {
        asyncio.except(e, asyncio.TypeError);
        log("aiter gives int:", ex(e));
      }
      yield* closeAll(log);
    },
  },

  builtins_aiter_anext: {
    *async(log) {
      if (!asyncio.has("anext")) {
        log("no aiter/anext");
        return;
      }
      const counter = makeCounter(log);
      const g = keep(counter("b", 2));
      log(asyncio.aiter(g) === g);
      yield* step(log, "anext", asyncio.anext(g));
      yield* step(log, "anext default", asyncio.anext(g, "d"));
      yield* step(log, "anext default end", asyncio.anext(g, "d"));
      yield* step(log, "anext end", asyncio.anext(g));
      call(log, "anext(1)", () => asyncio.anext(1 as never));
      call(log, "aiter(1)", () => asyncio.aiter(1 as never));
      call(log, "aiter bad", () => asyncio.aiter({ aiter: () => 5 } as never));
      const g2 = keep(counter("b2", 3));
      const a = asyncio.anext(g2, "x");
      yield* step(log, "a", a);
      yield* step(log, "a again", a);
      const raising = asyncGen(function* raising(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        throw new asyncio.ValueError("boom");
      });
      const g3 = keep(raising());
      yield* step(log, "r1", asyncio.anext(g3, "d"));
      yield* step(log, "r2", asyncio.anext(g3, "d"));
      yield* step(log, "r3", asyncio.anext(g3, "d"));
      const t5 = asyncio.ensureFuture(asyncio.anext(keep(counter("b5", 1)), 7));
      yield* step(log, "task of anext default", t5[Symbol.iterator]());
      yield* closeAll(log);
    },
  },

  hooks_and_shutdown: {
    plain(log) {
      const counter = makeCounter(log);
      const handler: asyncio.ExceptionHandler = (_loop, context) => {
        log("handler:", context.message, Object.keys(context).sort(), ex(context.exception));
      };
      const failing = asyncGen(function* failing(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new asyncio.ValueError("closing failed");
        }
      }, "hooks_and_shutdown.<locals>.failing");
      const firstRun = asyncDef(function* first_run(): Co<string> {
        const loop = asyncio.getRunningLoop();
        loop.setExceptionHandler(handler);
        const hooks = asyncio.getAsyncgenHooks();
        log("hooks set", hooks.firstiter !== null, hooks.finalizer !== null);
        const g = keep(counter("g", 1));
        log("asyncgens before", loop._asyncgens.size);
        const a = g.anext();
        log("asyncgens after method call", loop._asyncgens.size);
        yield* a;
        yield* step(log, "g end", g.anext());
        const b = keep(counter("b", 3));
        yield* asyncio.asyncFor(b, function* () {
          return asyncio.BREAK;
        });
        const done = keep(counter("done", 1));
        yield* asyncio.asyncFor(done, function* () {});
        log("asyncgens", loop._asyncgens.size);
        log("main returns at", time());
        return "r";
      });
      const secondRun = asyncDef(function* second_run(): Co<void> {
        asyncio.getRunningLoop().setExceptionHandler(handler);
        yield* keep(failing()).anext();
      });
      const thirdRun = asyncDef(function* third_run(): Co<void> {
        asyncio.getRunningLoop().setExceptionHandler(handler);
        asyncio.ensureFuture(sleep(10));
        const c = keep(counter("c", 3));
        yield* c.anext();
        log("leaving a task and a generator at", time());
      });
      let hooks = asyncio.getAsyncgenHooks();
      log("hooks outside", hooks.firstiter, hooks.finalizer);
      log(asyncio.runSync(firstRun()));
      hooks = asyncio.getAsyncgenHooks();
      log("hooks after", hooks.firstiter, hooks.finalizer);
      log(asyncio.runSync(secondRun()));
      log(asyncio.runSync(thirdRun()));
      KEEP.splice(0);
    },
  },

  custom_hooks: {
    plain(log) {
      const counter = makeCounter(log);
      const seen: string[] = [];
      const firstiter = (agen: asyncio.AsyncGen<unknown, never>): void => {
        seen.push(`firstiter ${agen._name}`);
      };
      const old = asyncio.getAsyncgenHooks();
      asyncio.setAsyncgenHooks({ firstiter });
      try {
        const g = keep(counter("outside", 1));
        g.anext().return(undefined as never);
        log(seen);
        const inside = asyncDef(function* inside(): Co {
          const h = asyncio.getAsyncgenHooks();
          log("inside a loop, our hook?", h.firstiter === firstiter);
          yield* keep(counter("in", 1)).anext();
          log(seen);
        });
        asyncio.runSync(inside());
        log("restored after run?", asyncio.getAsyncgenHooks().firstiter === firstiter);
      } finally {
        asyncio.setAsyncgenHooks(old);
        KEEP.splice(0);
      }
    },
  },

  /**
   * `athrow()` into generators that have not begun: 3.12 and later raise the exception as
   * it is, StopAsyncIteration and StopIteration included; earlier releases turn those two
   * into RuntimeError, as for a body that raises them.
   */
  throw_before_start: {
    *async(log) {
      const it2 = makeIt2(log);
      yield* step(log, "athrow StopAsyncIteration", keep(it2()).athrow(asyncio.StopAsyncIteration));
      yield* step(log, "athrow StopIteration", keep(it2()).athrow(new asyncio.StopIteration("v")));
      yield* step(log, "athrow MyExc", keep(it2()).athrow(MyExc));
      const started = keep(it2());
      yield* step(log, "started", started.anext());
      yield* step(log, "athrow StopAsyncIteration after start", started.athrow(asyncio.StopAsyncIteration));
      yield* closeAll(log);
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
    log("asyncio.run raised", ex(e));
  } finally {
    asyncio.setDefaultPython(previous);
    KEEP.splice(0);
  }
  return lines;
}
