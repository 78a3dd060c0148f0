/**
 * Port of CPython 3.13's Lib/test/test_asyncgen.py (PEP 525 async generators), under the
 * default target 3.13: the cases about async generators driven by asyncio
 * (`AsyncGenAsyncioTest`) and the awaitables' rules, with `asyncGen`/`ayield` for `async def`
 * with `yield`. Python's `it.__anext__().send(v)` / `.throw(E)` (driving an awaitable by
 * hand) is `.next(v)` / `.throw(new E())`; a `StopIteration(value)` from it is a finished
 * step `{ done: true, value }`. Cases left out (syntax errors, synchronous generators,
 * garbage collection, warnings, `types.coroutine` awaitables, async comprehensions) are
 * listed, with their reasons, in NOT_PORTED.md.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { assertRaises, assertRaisesSync, divideByZero, ZeroDivisionError } from "./support.ts";

type Coro<T = void> = asyncio.Coroutine<T>;
const { asyncGen, ayield, sleep } = asyncio;

/** `self.loop.run_until_complete(coro)` on a fresh loop, closed afterwards. */
function runUntilComplete<T>(coro: Coro<T>): T {
  const loop = asyncio.newEventLoop();
  try {
    return loop.runUntilComplete(coro);
  } finally {
    loop.close();
  }
}

/** `AsyncGenAsyncioTest.to_list`: `[i async for i in gen]`. */
function* toList<T>(gen: asyncio.PyAsyncIterable<T>): Coro<T[]> {
  const res: T[] = [];
  yield* asyncio.asyncFor(gen, function* (i) {
    res.push(i);
  });
  return res;
}

/** A finished hand-driven step, as Python's `StopIteration(value)`. */
function stopValue(result: IteratorResult<unknown, unknown>): unknown {
  expect(result.done, "StopIteration was not raised").toBe(true);
  return result.value;
}

describe("test_asyncgen.py", () => {
  describe("AsyncGenAsyncioTest", () => {
    it("AsyncGenAsyncioTest.test_async_generator_anext", () => {
      const agen = asyncGen(function* agen(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const g = agen();
      const consume = asyncio.asyncDef(function* consume(): Coro<unknown[]> {
        const results: unknown[] = [];
        results.push(yield* asyncio.anext(g));
        results.push(yield* asyncio.anext(g));
        results.push(yield* asyncio.anext(g, "buckle my shoe"));
        return results;
      });
      expect(runUntilComplete(consume())).toEqual([1, 2, "buckle my shoe"]);
      assertRaisesSync(asyncio.StopAsyncIteration, () => runUntilComplete(consume()));
      const test2 = asyncio.asyncDef(function* test_2(): Coro<string> {
        const g1 = agen();
        expect(yield* asyncio.anext(g1)).toBe(1);
        expect(yield* asyncio.anext(g1)).toBe(2);
        yield* assertRaises(asyncio.StopAsyncIteration, () => asyncio.anext(g1));
        yield* assertRaises(asyncio.StopAsyncIteration, () => asyncio.anext(g1));
        const g2 = agen();
        expect(yield* asyncio.anext(g2, "default")).toBe(1);
        expect(yield* asyncio.anext(g2, "default")).toBe(2);
        expect(yield* asyncio.anext(g2, "default")).toBe("default");
        expect(yield* asyncio.anext(g2, "default")).toBe("default");
        return "completed";
      });
      expect(runUntilComplete(test2())).toBe("completed");
      // test_send: an anext(p, default) driven by hand finishes with the first item.
      const obj = asyncio.anext(agen(), "completed");
      expect(stopValue(obj.next())).toBe(1);
      // test_throw
      const testThrow = asyncio.asyncDef(function* test_throw(): Coro<string> {
        class SyntaxError extends asyncio.Exception {}
        const thrown = asyncio.anext(agen(), "completed");
        assertRaisesSync(SyntaxError, () => thrown.throw(new SyntaxError()));
        return "completed";
      });
      expect(runUntilComplete(testThrow())).toBe("completed");
    });

    it("AsyncGenAsyncioTest.test_python_async_iterator_anext", () => {
      class MyAsyncIter implements asyncio.PyAsyncIterator<number> {
        private yielded = 0;
        aiter(): this {
          return this;
        }
        *anext(): Coro<number> {
          if (this.yielded >= 2) throw new asyncio.StopAsyncIteration();
          this.yielded += 1;
          return this.yielded;
        }
      }
      const g = new MyAsyncIter();
      const consume = asyncio.asyncDef(function* consume(): Coro<unknown[]> {
        return [yield* asyncio.anext(g), yield* asyncio.anext(g), yield* asyncio.anext(g, "buckle my shoe")];
      });
      expect(runUntilComplete(consume())).toEqual([1, 2, "buckle my shoe"]);
      assertRaisesSync(asyncio.StopAsyncIteration, () => runUntilComplete(consume()));
    });

    it("AsyncGenAsyncioTest.test_async_gen_aiter", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const consume = asyncio.asyncDef(function* consume(): Coro<number[]> {
        const res: number[] = [];
        yield* asyncio.asyncFor(asyncio.aiter(gen()), function* (i) {
          res.push(i as number);
        });
        return res;
      });
      expect(runUntilComplete(consume())).toEqual([1, 2]);
    });

    it("AsyncGenAsyncioTest.test_async_gen_aiter_class", () => {
      const results: number[] = [];
      const items = asyncGen(function* aiter(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const g = { aiter: () => items() };
      const consume = asyncio.asyncDef(function* consume(): Coro {
        const ait = asyncio.aiter(g);
        for (;;) {
          try {
            results.push((yield* asyncio.anext(ait)) as number);
          } catch (e) {
            if (e instanceof asyncio.StopAsyncIteration) break;
            throw e;
          }
        }
      });
      runUntilComplete(consume());
      expect(results).toEqual([1, 2]);
    });

    it("AsyncGenAsyncioTest.test_aiter_idempotent", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
      });
      const applied = gen();
      expect(asyncio.aiter(asyncio.aiter(applied))).toBe(applied);
    });

    it("AsyncGenAsyncioTest.test_anext_bad_args", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
      });
      const call = asyncio.anext as (...args: unknown[]) => unknown;
      assertRaisesSync(asyncio.TypeError, () => call(gen(), 1, 2), /anext expected at most 2 arguments, got 3/);
      assertRaisesSync(asyncio.TypeError, () => call(1), /'int' object is not an async iterator/);
      assertRaisesSync(asyncio.TypeError, () => call(1, 1), /'int' object is not an async iterator/);
    });

    it("AsyncGenAsyncioTest.test_aiter_bad_args", () => {
      const call = asyncio.aiter as (...args: unknown[]) => unknown;
      assertRaisesSync(asyncio.TypeError, () => call(1), /'int' object is not an async iterable/);
      assertRaisesSync(asyncio.TypeError, () => call({ aiter: () => 1 }), /aiter\(\) returned not an async iterator of type 'int'/);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_01", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* sleep(0.01);
        yield* ayield(2);
        yield* sleep(0.01);
      });
      expect(runUntilComplete(toList(gen()))).toEqual([1, 2]);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_02", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* sleep(0.01);
        yield* ayield(2);
        divideByZero();
      });
      assertRaisesSync(ZeroDivisionError, () => runUntilComplete(toList(gen())));
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_03", () => {
      const items = asyncGen(function* aiter(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* sleep(0.01);
        yield* ayield(2);
      });
      class Gen implements asyncio.PyAsyncIterable<number> {
        aiter(): asyncio.AsyncGen<number> {
          return items();
        }
      }
      expect(runUntilComplete(toList(new Gen()))).toEqual([1, 2]);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_anext_04", () => {
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* sleep(0.01);
        try {
          yield* ayield(2);
          yield* ayield(3);
        } catch (e) {
          if (!(e instanceof ZeroDivisionError)) throw e;
          yield* ayield(1000);
        }
        yield* sleep(0.01);
        yield* ayield(4);
      });
      const run1 = asyncio.asyncDef(function* run1(): Coro {
        const it = foo().aiter();
        expect(yield* it.anext()).toBe(1);
        expect(yield* it.anext()).toBe(2);
        expect(yield* it.anext()).toBe(3);
        expect(yield* it.anext()).toBe(4);
        yield* assertRaises(asyncio.StopAsyncIteration, () => it.anext());
        yield* assertRaises(asyncio.StopAsyncIteration, () => it.anext());
      });
      const run2 = asyncio.asyncDef(function* run2(): Coro {
        const it = foo().aiter();
        expect(yield* it.anext()).toBe(1);
        expect(yield* it.anext()).toBe(2);
        expect(stopValue(it.anext().throw(new ZeroDivisionError()))).toBe(1000);
        expect(yield* it.anext()).toBe(4);
        yield* assertRaises(asyncio.StopAsyncIteration, () => it.anext());
      });
      runUntilComplete(run1());
      runUntilComplete(run2());
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_anext_05", () => {
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number> {
        let v = (yield* ayield(1)) as number;
        v = (yield* ayield(v)) as number;
        yield* ayield(v * 100);
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = foo().aiter();
        expect(stopValue(it.anext().next(undefined))).toBe(1);
        expect(stopValue(it.anext().next(10))).toBe(10);
        expect(stopValue(it.anext().next(12))).toBe(1200);
        yield* assertRaises(asyncio.StopAsyncIteration, () => it.anext());
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_anext_06", () => {
      let DONE = 0;
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<undefined> {
        try {
          yield* ayield(undefined);
        } catch {
          // a bare except
        }
        DONE = 1;
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        yield* g.asend(undefined);
        yield* assertRaises(asyncio.StopAsyncIteration, () => g.asend(undefined));
        DONE += 10;
      });
      runUntilComplete(run());
      expect(DONE).toBe(11);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_anext_tuple", () => {
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number[]> {
        try {
          yield* ayield([1]);
        } catch (e) {
          if (!(e instanceof ZeroDivisionError)) throw e;
          yield* ayield([2]);
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = foo().aiter();
        expect(yield* it.anext()).toEqual([1]);
        expect(stopValue(it.anext().throw(new ZeroDivisionError()))).toEqual([2]);
        yield* assertRaises(asyncio.StopAsyncIteration, () => it.anext());
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_anext_stopiteration", () => {
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<asyncio.StopIteration> {
        try {
          yield* ayield(new asyncio.StopIteration(1));
        } catch (e) {
          if (!(e instanceof ZeroDivisionError)) throw e;
          yield* ayield(new asyncio.StopIteration(3));
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = foo().aiter();
        const v = yield* it.anext();
        expect(v).toBeInstanceOf(asyncio.StopIteration);
        expect((v as asyncio.StopIteration).args[0]).toBe(1);
        const thrown = stopValue(it.anext().throw(new ZeroDivisionError())) as asyncio.StopIteration;
        expect(thrown).toBeInstanceOf(asyncio.StopIteration);
        expect(thrown.args[0]).toBe(3);
        yield* assertRaises(asyncio.StopAsyncIteration, () => it.anext());
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_06", () => {
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
          divideByZero();
        } finally {
          yield* sleep(0.01);
          yield* ayield(12);
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const gen = foo();
        yield* gen.aiter().anext();
        yield* gen.aclose();
      });
      assertRaisesSync(asyncio.RuntimeError, () => runUntilComplete(run()), /async generator ignored GeneratorExit/);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_07", () => {
      let DONE = 0;
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
          divideByZero();
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE += 1;
        }
        DONE += 1000;
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const gen = foo();
        yield* gen.aiter().anext();
        yield* gen.aclose();
      });
      runUntilComplete(run());
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_08", () => {
      let DONE = 0;
      const loop = asyncio.newEventLoop();
      const fut = loop.createFuture<void>();
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
          yield* fut;
          DONE += 1000;
          yield* ayield(2);
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE += 1;
        }
        DONE += 1000;
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const gen = foo();
        expect(yield* gen.aiter().anext()).toBe(1);
        yield* gen.aclose();
      });
      loop.runUntilComplete(run());
      expect(DONE).toBe(1);
      fut.cancel();
      loop.runUntilComplete(sleep(0.01));
      loop.close();
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_10", () => {
      let DONE = 0;
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<undefined> {
        try {
          yield* ayield(undefined);
        } catch {
          // a bare except
        }
        DONE = 1;
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        yield* g.asend(undefined);
        yield* g.aclose();
        DONE += 10;
      });
      runUntilComplete(run());
      expect(DONE).toBe(11);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_11", () => {
      let DONE = 0;
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<undefined> {
        try {
          yield* ayield(undefined);
        } catch {
          // a bare except
        }
        yield* ayield(undefined);
        DONE += 1;
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        yield* g.asend(undefined);
        yield* assertRaises(asyncio.RuntimeError, () => g.aclose(), /ignored GeneratorExit/);
        DONE += 10;
      });
      runUntilComplete(run());
      expect(DONE).toBe(10);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_aclose_12", () => {
      let DONE = 0;
      const target = asyncio.asyncDef(function* target(): Coro {
        yield* sleep(0.01);
        divideByZero();
      });
      const foo = asyncGen(function* foo(): asyncio.AsyncGenBody<number> {
        const task = asyncio.createTask(target());
        try {
          yield* ayield(1);
        } finally {
          try {
            yield* task;
          } catch (e) {
            if (!(e instanceof ZeroDivisionError)) throw e;
            DONE = 1;
          }
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const gen = foo();
        yield* gen.aiter().anext();
        yield* gen.aclose();
      });
      runUntilComplete(run());
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_asend_01", () => {
      let DONE = 0;
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        try {
          yield* sleep(0.01);
          const v = (yield* ayield(1)) as number;
          yield* sleep(0.01);
          yield* ayield(v * 2);
          yield* sleep(0.01);
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE = 1;
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        expect(yield* g.asend(100)).toBe(200);
        yield* assertRaises(asyncio.StopAsyncIteration, () => g.asend(undefined));
      });
      runUntilComplete(run());
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_asend_02", () => {
      let DONE = 0;
      const sleepNCrash = asyncio.asyncDef(function* sleep_n_crash(delay: number): Coro {
        yield* sleep(delay);
        divideByZero();
      });
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        try {
          yield* sleep(0.01);
          const v = (yield* ayield(1)) as number;
          yield* sleepNCrash(0.01);
          DONE += 1000;
          yield* ayield(v * 2);
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE = 1;
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        yield* g.asend(100);
      });
      assertRaisesSync(ZeroDivisionError, () => runUntilComplete(run()));
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_asend_03", () => {
      let DONE = 0;
      const loop = asyncio.newEventLoop();
      const sleepNCrash = asyncio.asyncDef(function* sleep_n_crash(delay: number): Coro {
        const fut = asyncio.ensureFuture(sleep(delay), { loop });
        loop.callLater(delay / 2, () => fut.cancel());
        yield* fut;
      });
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        try {
          yield* sleep(0.01);
          const v = (yield* ayield(1)) as number;
          yield* sleepNCrash(0.01);
          DONE += 1000;
          yield* ayield(v * 2);
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE = 1;
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        yield* g.asend(100);
      });
      assertRaisesSync(asyncio.CancelledError, () => loop.runUntilComplete(run()));
      loop.close();
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_01", () => {
      let DONE = 0;
      class FooEr extends asyncio.Exception {}
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        try {
          yield* sleep(0.01);
          let v: number;
          try {
            v = (yield* ayield(1)) as number;
          } catch (e) {
            if (!(e instanceof FooEr)) throw e;
            v = 1000;
            yield* sleep(0.01);
          }
          yield* ayield(v * 2);
          yield* sleep(0.01);
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE = 1;
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        expect(yield* g.athrow(FooEr)).toBe(2000);
        yield* assertRaises(asyncio.StopAsyncIteration, () => g.asend(undefined));
      });
      runUntilComplete(run());
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_02", () => {
      let DONE = 0;
      class FooEr extends asyncio.Exception {}
      const loop = asyncio.newEventLoop();
      const sleepNCrash = asyncio.asyncDef(function* sleep_n_crash(delay: number): Coro {
        const fut = asyncio.ensureFuture(sleep(delay), { loop });
        loop.callLater(delay / 2, () => fut.cancel());
        yield* fut;
      });
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        try {
          yield* sleep(0.01);
          let v = 0;
          try {
            v = (yield* ayield(1)) as number;
          } catch (e) {
            if (!(e instanceof FooEr)) throw e;
            yield* sleepNCrash(0.01);
          }
          yield* ayield(v * 2);
          yield* sleep(0.01);
        } finally {
          yield* sleep(0.01);
          yield* sleep(0.01);
          DONE = 1;
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        try {
          yield* g.athrow(FooEr);
        } catch (e) {
          if (!(e instanceof asyncio.CancelledError)) throw e;
          expect(DONE).toBe(1);
          throw e;
        }
        expect.fail("CancelledError was not raised");
      });
      assertRaisesSync(asyncio.CancelledError, () => loop.runUntilComplete(run()));
      loop.close();
      expect(DONE).toBe(1);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_03", () => {
      let DONE = 0;
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<undefined> {
        try {
          yield* ayield(undefined);
        } catch {
          // a bare except
        }
        DONE = 1;
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        yield* g.asend(undefined);
        yield* assertRaises(asyncio.StopAsyncIteration, () => g.athrow(asyncio.ValueError));
        DONE += 10;
      });
      runUntilComplete(run());
      expect(DONE).toBe(11);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_tuple", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number | number[]> {
        try {
          yield* ayield(1);
        } catch (e) {
          if (!(e instanceof ZeroDivisionError)) throw e;
          yield* ayield([2]);
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        expect(yield* g.athrow(ZeroDivisionError)).toEqual([2]);
        yield* assertRaises(asyncio.StopAsyncIteration, () => g.asend(undefined));
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_athrow_stopiteration", () => {
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number | asyncio.StopIteration> {
        try {
          yield* ayield(1);
        } catch (e) {
          if (!(e instanceof ZeroDivisionError)) throw e;
          yield* ayield(new asyncio.StopIteration(2));
        }
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const g = gen();
        expect(yield* g.asend(undefined)).toBe(1);
        const v = (yield* g.athrow(ZeroDivisionError)) as asyncio.StopIteration;
        expect(v).toBeInstanceOf(asyncio.StopIteration);
        expect(v.args[0]).toBe(2);
        yield* assertRaises(asyncio.StopAsyncIteration, () => g.asend(undefined));
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_01", () => {
      let finalized = 0;
      const waiter = asyncGen(function* waiter(timeout: number): asyncio.AsyncGenBody<number> {
        try {
          yield* sleep(timeout);
          yield* ayield(1);
        } finally {
          yield* sleep(0);
          finalized += 1;
        }
      });
      const wait = asyncio.asyncDef(function* wait(): Coro {
        yield* asyncio.asyncFor(waiter(1), function* () {});
      });
      const loop = asyncio.newEventLoop();
      const t1 = loop.createTask(wait());
      const t2 = loop.createTask(wait());
      loop.runUntilComplete(sleep(0.1));
      t1.cancel();
      t2.cancel();
      assertRaisesSync(asyncio.CancelledError, () => loop.runUntilComplete(t1));
      assertRaisesSync(asyncio.CancelledError, () => loop.runUntilComplete(t2));
      loop.runUntilComplete(loop.shutdownAsyncgens());
      expect(finalized).toBe(2);
      loop.close();
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_02", () => {
      const messages: asyncio.ExceptionContext[] = [];
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const it = asyncIterate();
      const main = asyncio.asyncDef(function* main(): Coro {
        asyncio.getRunningLoop().setExceptionHandler((_loop, context) => void messages.push(context));
        yield* asyncio.asyncFor(it, function* () {
          return asyncio.BREAK;
        });
      });
      asyncio.run(main());
      expect(messages).toEqual([]);
    });

    it("AsyncGenAsyncioTest.test_async_gen_asyncio_shutdown_exception_01", () => {
      const messages: asyncio.ExceptionContext[] = [];
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        try {
          yield* ayield(1);
          yield* ayield(2);
        } finally {
          divideByZero();
        }
      });
      const it = asyncIterate();
      const main = asyncio.asyncDef(function* main(): Coro {
        asyncio.getRunningLoop().setExceptionHandler((_loop, context) => void messages.push(context));
        yield* asyncio.asyncFor(it, function* () {
          return asyncio.BREAK;
        });
      });
      asyncio.run(main());
      expect(messages).toHaveLength(1);
      const [message] = messages as [asyncio.ExceptionContext];
      expect(message.asyncgen).toBe(it);
      expect(message.exception).toBeInstanceOf(ZeroDivisionError);
      expect(message.message).toContain("an error occurred during closing of asynchronous generator");
    });

    it("AsyncGenAsyncioTest.test_async_gen_await_same_anext_coro_twice", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = asyncIterate();
        const nxt = it.anext();
        yield* nxt;
        yield* assertRaises(asyncio.RuntimeError, () => nxt, /cannot reuse already awaited __anext__\(\)\/asend\(\)/);
        yield* it.aclose();
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_await_same_aclose_coro_twice", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = asyncIterate();
        const nxt = it.aclose();
        yield* nxt;
        yield* assertRaises(asyncio.RuntimeError, () => nxt, /cannot reuse already awaited aclose\(\)\/athrow\(\)/);
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_throw_same_aclose_coro_twice", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const it = asyncIterate();
      const nxt = it.aclose();
      expect(nxt.throw(new asyncio.GeneratorExit()).done).toBe(true); // StopIteration
      assertRaisesSync(asyncio.RuntimeError, () => nxt.throw(new asyncio.GeneratorExit()), /cannot reuse already awaited aclose\(\)\/athrow\(\)/);
    });

    it("AsyncGenAsyncioTest.test_async_gen_throw_custom_same_aclose_coro_twice", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      class MyException extends asyncio.Exception {}
      const it = asyncIterate();
      const nxt = it.aclose();
      assertRaisesSync(MyException, () => nxt.throw(new MyException()));
      assertRaisesSync(asyncio.RuntimeError, () => nxt.throw(new MyException()), /cannot reuse already awaited aclose\(\)\/athrow\(\)/);
    });

    it("AsyncGenAsyncioTest.test_async_gen_throw_custom_same_athrow_coro_twice", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      class MyException extends asyncio.Exception {}
      const it = asyncIterate();
      const nxt = it.athrow(MyException);
      assertRaisesSync(MyException, () => nxt.throw(new MyException()));
      assertRaisesSync(asyncio.RuntimeError, () => nxt.throw(new MyException()), /cannot reuse already awaited aclose\(\)\/athrow\(\)/);
    });

    it("AsyncGenAsyncioTest.test_async_gen_aclose_twice_with_different_coros", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = asyncIterate();
        yield* it.aclose();
        yield* it.aclose();
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_aclose_after_exhaustion", () => {
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const it = asyncIterate();
        yield* asyncio.asyncFor(it, function* () {});
        yield* it.aclose();
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_async_gen_aclose_compatible_with_get_stack", () => {
      // CPython checks that `task.get_stack()` works on a task running `ag.aclose()`;
      // get_stack is not modelled, so the task is only created, listed and run.
      const asyncGenerator = asyncGen(function* async_generator(): asyncio.AsyncGenBody<object> {
        yield* ayield({});
      });
      const run = asyncio.asyncDef(function* run(): Coro {
        const ag = asyncGenerator();
        const task = asyncio.createTask(ag.aclose());
        expect(asyncio.allTasks()).toContain(task);
        yield* task;
      });
      runUntilComplete(run());
    });

    it("AsyncGenAsyncioTest.test_asyncgen_nonstarted_hooks_are_cancellable", () => {
      // CPython drops the generator after `break` and its finalizer schedules aclose();
      // here nothing is collected, so shutdown_asyncgens closes it: no error either way.
      const messages: asyncio.ExceptionContext[] = [];
      const asyncIterate = asyncGen(function* async_iterate(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        yield* ayield(2);
      });
      const main = asyncio.asyncDef(function* main(): Coro {
        asyncio.getRunningLoop().setExceptionHandler((_loop, context) => void messages.push(context));
        yield* asyncio.asyncFor(asyncIterate(), function* () {
          return asyncio.BREAK;
        });
      });
      asyncio.run(main());
      expect(messages).toEqual([]);
    });
  });

  describe("AsyncGenTest", () => {
    it("AsyncGenTest.test_async_gen_exception_11", () => {
      // CPython compares it with the synchronous twin, which yields 1, 2, 3.
      const asyncGenInner = asyncGen(function* async_gen(): asyncio.AsyncGenBody<number> {
        yield* ayield(10);
        yield* ayield(20);
      });
      const asyncGenWrapper = asyncGen(function* async_gen_wrapper(): asyncio.AsyncGenBody<number> {
        yield* ayield(1);
        const asg = asyncGenInner();
        yield* asg.asend(undefined);
        try {
          yield* asg.athrow(new asyncio.GeneratorExit());
        } catch (e) {
          if (!(e instanceof asyncio.GeneratorExit)) throw e;
          yield* ayield(2);
        }
        yield* ayield(3);
      });
      expect(runUntilComplete(toList(asyncGenWrapper()))).toEqual([1, 2, 3]);
    });

    it("AsyncGenTest.test_async_gen_exception_12", () => {
      // CPython also warns that the inner asend was never awaited (not modelled).
      const gen = asyncGen(function* gen(): asyncio.AsyncGenBody<number> {
        yield* asyncio.anext(me);
        yield* ayield(123);
      });
      const me = gen();
      const ai = me.aiter();
      const an = ai.anext();
      assertRaisesSync(asyncio.RuntimeError, () => an.next(), /anext\(\): asynchronous generator is already running/);
      assertRaisesSync(asyncio.RuntimeError, () => an.next(undefined), /cannot reuse already awaited __anext__\(\)\/asend\(\)/);
    });
  });
});
