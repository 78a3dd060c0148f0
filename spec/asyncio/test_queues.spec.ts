/**
 * Port of CPython 3.13's `Lib/test/test_asyncio/test_queues.py`. The tests that are not
 * ported are listed, with reasons, in `not_ported/test_queues.md`.
 *
 * Every class there is an `IsolatedAsyncioTestCase`: each test runs as a coroutine (in a
 * task) on a fresh loop in debug mode, which is also the current loop while a plain
 * (`def`) test runs. The `_QueueJoinTestMixin` and `_QueueShutdownTestMixin` tests run
 * for Queue, LifoQueue and PriorityQueue, so each is ported three times, under the
 * concrete class names.
 *
 * `async with asyncio.TaskGroup() as tg: body` is
 * `yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) { body })`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { closeTestLoop, newTestLoop } from "./support.ts";

type Co<T = void> = asyncio.Coroutine<T>;
const { asyncWith, TaskGroup } = asyncio;
type QueueClass = typeof asyncio.Queue | typeof asyncio.LifoQueue | typeof asyncio.PriorityQueue;

let loop: asyncio.VirtualEventLoop;

beforeEach(() => {
  loop = newTestLoop();
  loop.setDebug(true);
});
afterEach(() => closeTestLoop(loop));

/** Runs an `async def test_...` body as IsolatedAsyncioTestCase does: in a task on the loop. */
function runAsync(body: () => Co): void {
  loop.runUntilComplete(loop.createTask(body()));
}

/** `with self.assertRaises(cls): await coro` inside a coroutine; returns the exception. */
function* assertRaisesCo<E>(cls: abstract new (...args: never[]) => E, coro: Co<unknown>, msg?: string): Co<E> {
  try {
    yield* coro;
  } catch (e) {
    expect(e, msg).toBeInstanceOf(cls);
    return e as E;
  }
  expect.fail(msg ?? `${cls.name} not raised`);
}

/** `with self.assertRaises(cls): fn()`. */
function assertRaises<E>(cls: abstract new (...args: never[]) => E, fn: () => unknown, msg?: string): E {
  try {
    fn();
  } catch (e) {
    expect(e, msg).toBeInstanceOf(cls);
    return e as E;
  }
  expect.fail(msg ?? `${cls.name} not raised`);
}

// ---------------------------------------------------------------------------------------

describe("QueueBasicTests", () => {
  /**
   * `_test_repr_or_str(fn, expect_id)` for `str` (expect_id False); `repr`, which would
   * expect the id, is not ported (see not_ported/test_queues.md).
   */
  function* testReprOrStr(fn: (q: asyncio.Queue<number>) => string): Co {
    let q = new asyncio.Queue<number>();
    expect(fn(q).startsWith("<Queue"), fn(q)).toBe(true);
    const idIsPresent = /0x[0-9a-f]+/.test(fn(q));
    expect(idIsPresent).toBe(false);

    // getters
    q = new asyncio.Queue<number>();
    const getter = yield* asyncWith(new TaskGroup(), function* (tg) {
      // Start a task that waits to get.
      const getter = tg.createTask(q.get());
      // Let it start waiting.
      yield* asyncio.sleep(0);
      expect(fn(q).includes("_getters[1]")).toBe(true);
      // resume q.get coroutine to finish generator
      q.putNowait(0);
      return getter;
    });

    expect(yield* getter).toBe(0);

    // putters
    q = new asyncio.Queue<number>(1);
    const putter = yield* asyncWith(new TaskGroup(), function* (tg) {
      q.putNowait(1);
      // Start a task that waits to put.
      const putter = tg.createTask(q.put(2));
      // Let it start waiting.
      yield* asyncio.sleep(0);
      expect(fn(q).includes("_putters[1]")).toBe(true);
      // resume q.put coroutine to finish generator
      q.getNowait();
      return putter;
    });

    expect(putter.done()).toBe(true);

    q = new asyncio.Queue<number>();
    q.putNowait(1);
    expect(fn(q).includes("_queue=[1]")).toBe(true);
  }

  it("QueueBasicTests.test_str", () => {
    runAsync(() => testReprOrStr(String));
  });

  it("QueueBasicTests.test_empty", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();
      expect(q.empty()).toBe(true);
      yield* q.put(1);
      expect(q.empty()).toBe(false);
      expect(yield* q.get()).toBe(1);
      expect(q.empty()).toBe(true);
    });
  });

  it("QueueBasicTests.test_full", () => {
    runAsync(function* () {
      let q = new asyncio.Queue<number>();
      expect(q.full()).toBe(false);

      q = new asyncio.Queue<number>(1);
      yield* q.put(1);
      expect(q.full()).toBe(true);
    });
  });

  it("QueueBasicTests.test_order", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();
      for (const i of [1, 3, 2]) yield* q.put(i);

      const items: number[] = [];
      for (let i = 0; i < 3; i++) items.push(yield* q.get());
      expect(items).toEqual([1, 3, 2]);
    });
  });

  it("QueueBasicTests.test_maxsize", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>(2);
      expect(q.maxsize).toBe(2);
      const haveBeenPut: number[] = [];

      const putter = asyncio.asyncDef(function* putter(): Co<boolean> {
        for (let i = 0; i < 3; i++) {
          yield* q.put(i);
          haveBeenPut.push(i);
        }
        return true;
      });

      const t = asyncio.createTask(putter());
      for (let i = 0; i < 2; i++) yield* asyncio.sleep(0);

      // The putter is blocked after putting two items.
      expect(haveBeenPut).toEqual([0, 1]);
      expect(yield* q.get()).toBe(0);

      // Let the putter resume and put last item.
      yield* asyncio.sleep(0);
      expect(haveBeenPut).toEqual([0, 1, 2]);
      expect(yield* q.get()).toBe(1);
      expect(yield* q.get()).toBe(2);

      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });
});

describe("QueueGetTests", () => {
  it("QueueGetTests.test_blocking_get", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();
      q.putNowait(1);

      expect(yield* q.get()).toBe(1);
    });
  });

  it("QueueGetTests.test_get_with_putters", () => {
    runAsync(function* () {
      const running = asyncio.getRunningLoop();

      const q = new asyncio.Queue<number>(1);
      yield* q.put(1);

      const waiter = running.createFuture<undefined>();
      q._putters.append(waiter);

      expect(yield* q.get()).toBe(1);
      expect(waiter.done()).toBe(true);
      expect(waiter.result()).toBeUndefined();
    });
  });

  it("QueueGetTests.test_blocking_get_wait", () => {
    runAsync(function* () {
      const running = asyncio.getRunningLoop();
      const q = new asyncio.Queue<number>();
      const started = new asyncio.Event();
      let finished = false;

      const queueGet = asyncio.asyncDef(function* queue_get(): Co<number> {
        started.set();
        const res = yield* q.get();
        finished = true;
        return res;
      });

      const queueGetTask = asyncio.createTask(queueGet());
      yield* started.wait();
      expect(finished).toBe(false);
      running.callLater(0.01, (item: number) => q.putNowait(item), 1);
      const res = yield* queueGetTask;
      expect(finished).toBe(true);
      expect(res).toBe(1);
    });
  });

  it("QueueGetTests.test_nonblocking_get", () => {
    const q = new asyncio.Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("QueueGetTests.test_nonblocking_get_exception", () => {
    const q = new asyncio.Queue<number>();
    assertRaises(asyncio.QueueEmpty, () => q.getNowait());
  });

  it("QueueGetTests.test_get_cancelled_race", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<string>();

      const t1 = asyncio.createTask(q.get());
      const t2 = asyncio.createTask(q.get());

      yield* asyncio.sleep(0);
      t1.cancel();
      yield* asyncio.sleep(0);
      expect(t1.done()).toBe(true);
      yield* q.put("a");
      yield* asyncio.sleep(0);
      expect(yield* t2).toBe("a");
    });
  });

  it("QueueGetTests.test_get_with_waiting_putters", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<string>(1);
      asyncio.createTask(q.put("a"));
      asyncio.createTask(q.put("b"));
      expect(yield* q.get()).toBe("a");
      expect(yield* q.get()).toBe("b");
    });
  });

  it("QueueGetTests.test_why_are_getters_waiting", () => {
    runAsync(function* () {
      const consumer = asyncio.asyncDef(function* consumer(queue: asyncio.Queue<number>, numExpected: number): Co {
        for (let i = 0; i < numExpected; i++) yield* queue.get();
      });

      const producer = asyncio.asyncDef(function* producer(queue: asyncio.Queue<number>, numItems: number): Co {
        for (let i = 0; i < numItems; i++) yield* queue.put(i);
      });

      const producerNumItems = 5;

      const q = new asyncio.Queue<number>(1);
      yield* asyncWith(new TaskGroup(), function* (tg) {
        tg.createTask(producer(q, producerNumItems));
        tg.createTask(consumer(q, producerNumItems));
      });
    });
  });

  it("QueueGetTests.test_cancelled_getters_not_being_held_in_self_getters", () => {
    runAsync(function* () {
      const queue = new asyncio.Queue<number>(5);

      yield* assertRaisesCo(asyncio.TimeoutError, asyncio.waitFor(queue.get(), 0.1));

      expect(queue._getters.length).toBe(0);
    });
  });
});

describe("QueuePutTests", () => {
  it("QueuePutTests.test_blocking_put", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();

      // No maxsize, won't block.
      yield* q.put(1);
      expect(yield* q.get()).toBe(1);
    });
  });

  it("QueuePutTests.test_blocking_put_wait", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>(1);
      const started = new asyncio.Event();
      let finished = false;

      const queuePut = asyncio.asyncDef(function* queue_put(): Co {
        started.set();
        yield* q.put(1);
        yield* q.put(2);
        finished = true;
      });

      const running = asyncio.getRunningLoop();
      running.callLater(0.01, () => q.getNowait());
      const queuePutTask = asyncio.createTask(queuePut());
      yield* started.wait();
      expect(finished).toBe(false);
      yield* queuePutTask;
      expect(finished).toBe(true);
    });
  });

  it("QueuePutTests.test_nonblocking_put", () => {
    const q = new asyncio.Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("QueuePutTests.test_get_cancel_drop_one_pending_reader", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();

      let reader = asyncio.createTask(q.get());

      yield* asyncio.sleep(0);

      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();

      try {
        yield* reader;
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        // try again
        reader = asyncio.createTask(q.get());
        yield* reader;
      }

      const result = reader.result();
      // if we get 2, it means 1 got dropped!
      expect(result).toBe(1);
    });
  });

  it("QueuePutTests.test_get_cancel_drop_many_pending_readers", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();

      const [reader2, reader3] = yield* asyncWith(new TaskGroup(), function* (tg) {
        const reader1 = tg.createTask(q.get());
        const reader2 = tg.createTask(q.get());
        const reader3 = tg.createTask(q.get());

        yield* asyncio.sleep(0);

        q.putNowait(1);
        q.putNowait(2);
        reader1.cancel();

        yield* assertRaisesCo(asyncio.CancelledError, reader1[Symbol.iterator]());

        yield* reader3;
        return [reader2, reader3];
      });

      // It is undefined in which order concurrent readers receive results.
      expect(new Set([reader2.result(), reader3.result()])).toEqual(new Set([1, 2]));
    });
  });

  it("QueuePutTests.test_put_cancel_drop", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>(1);

      q.putNowait(1);

      // putting a second item in the queue has to block (qsize=1)
      let writer = asyncio.createTask(q.put(2));
      yield* asyncio.sleep(0);

      const value1 = q.getNowait();
      expect(value1).toBe(1);

      writer.cancel();
      try {
        yield* writer;
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        // try again
        writer = asyncio.createTask(q.put(2));
        yield* writer;
      }

      const value2 = q.getNowait();
      expect(value2).toBe(2);
      expect(q.qsize()).toBe(0);
    });
  });

  it("QueuePutTests.test_nonblocking_put_exception", () => {
    const q = new asyncio.Queue<number>(1);
    q.putNowait(1);
    assertRaises(asyncio.QueueFull, () => q.putNowait(2));
  });

  it("QueuePutTests.test_float_maxsize", () => {
    runAsync(function* () {
      let q = new asyncio.Queue<number>(1.3);
      q.putNowait(1);
      q.putNowait(2);
      expect(q.full()).toBe(true);
      assertRaises(asyncio.QueueFull, () => q.putNowait(3));

      q = new asyncio.Queue<number>(1.3);

      yield* q.put(1);
      yield* q.put(2);
      expect(q.full()).toBe(true);
    });
  });

  it("QueuePutTests.test_put_cancelled", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<number>();

      const queuePut = asyncio.asyncDef(function* queue_put(): Co<boolean> {
        yield* q.put(1);
        return true;
      });

      const t = asyncio.createTask(queuePut());

      expect(yield* q.get()).toBe(1);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });

  it("QueuePutTests.test_put_cancelled_race", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<string>(1);

      const putA = asyncio.createTask(q.put("a"));
      const putB = asyncio.createTask(q.put("b"));
      const putC = asyncio.createTask(q.put("X"));

      yield* asyncio.sleep(0);
      expect(putA.done()).toBe(true);
      expect(putB.done()).toBe(false);

      putC.cancel();
      yield* asyncio.sleep(0);
      expect(putC.done()).toBe(true);
      expect(q.getNowait()).toBe("a");
      yield* asyncio.sleep(0);
      expect(q.getNowait()).toBe("b");

      yield* putB;
    });
  });

  it("QueuePutTests.test_put_with_waiting_getters", () => {
    runAsync(function* () {
      const q = new asyncio.Queue<string>();
      const t = asyncio.createTask(q.get());
      yield* asyncio.sleep(0);
      yield* q.put("a");
      expect(yield* t).toBe("a");
    });
  });

  it("QueuePutTests.test_why_are_putters_waiting", () => {
    runAsync(function* () {
      const queue = new asyncio.Queue<number>(2);

      const putter = asyncio.asyncDef(function* putter(item: number): Co {
        yield* queue.put(item);
      });

      const getter = asyncio.asyncDef(function* getter(): Co {
        yield* asyncio.sleep(0);
        const num = queue.qsize();
        for (let i = 0; i < num; i++) queue.getNowait();
      });

      yield* asyncWith(new TaskGroup(), function* (tg) {
        tg.createTask(getter());
        tg.createTask(putter(0));
        tg.createTask(putter(1));
        tg.createTask(putter(2));
        tg.createTask(putter(3));
      });
    });
  });

  it("QueuePutTests.test_cancelled_puts_not_being_held_in_self_putters", () => {
    runAsync(function* () {
      // Full queue.
      const queue = new asyncio.Queue<number>(1);
      queue.putNowait(1);

      // Task waiting for space to put an item in the queue.
      const putTask = asyncio.createTask(queue.put(1));
      yield* asyncio.sleep(0);

      // Check that the putter is correctly removed from queue._putters when
      // the task is canceled.
      expect(queue._putters.length).toBe(1);
      putTask.cancel();
      yield* assertRaisesCo(asyncio.CancelledError, putTask[Symbol.iterator]());
      expect(queue._putters.length).toBe(0);
    });
  });

  it("QueuePutTests.test_cancelled_put_silence_value_error_exception", () => {
    runAsync(function* () {
      // Full Queue.
      const queue = new asyncio.Queue<number>(1);
      queue.putNowait(1);

      // Task waiting for space to put a item in the queue.
      const putTask = asyncio.createTask(queue.put(1));
      yield* asyncio.sleep(0);

      // get_nowait() remove the future of put_task from queue._putters.
      queue.getNowait();
      // When canceled, queue.put is going to remove its future from
      // self._putters but it was removed previously by queue.get_nowait().
      putTask.cancel();

      // The ValueError exception triggered by queue._putters.remove(putter)
      // inside queue.put should be silenced.
      // If the ValueError is silenced we should catch a CancelledError.
      yield* assertRaisesCo(asyncio.CancelledError, putTask[Symbol.iterator]());
    });
  });
});

describe("LifoQueueTests", () => {
  it("LifoQueueTests.test_order", () => {
    runAsync(function* () {
      const q = new asyncio.LifoQueue<number>();
      for (const i of [1, 3, 2]) yield* q.put(i);

      const items: number[] = [];
      for (let i = 0; i < 3; i++) items.push(yield* q.get());
      expect(items).toEqual([2, 3, 1]);
    });
  });
});

describe("PriorityQueueTests", () => {
  it("PriorityQueueTests.test_order", () => {
    runAsync(function* () {
      const q = new asyncio.PriorityQueue<number>();
      for (const i of [1, 3, 2]) yield* q.put(i);

      const items: number[] = [];
      for (let i = 0; i < 3; i++) items.push(yield* q.get());
      expect(items).toEqual([1, 2, 3]);
    });
  });
});

// ---------------------------------------------------------------------------------------
// _QueueJoinTestMixin, for each of QueueJoinTests, LifoQueueJoinTests, PriorityQueueJoinTests

const join = {
  test_task_done_underflow(qClass: QueueClass): void {
    const q = new qClass<number>();
    assertRaises(asyncio.ValueError, () => q.taskDone());
  },

  test_task_done(qClass: QueueClass): void {
    runAsync(function* () {
      const q = new qClass<number>();
      for (let i = 0; i < 100; i++) q.putNowait(i);

      let accumulator = 0;

      // Two workers get items from the queue and call task_done after each.
      // Join the queue and assert all items have been processed.
      let running = true;

      const worker = asyncio.asyncDef(function* worker(): Co {
        while (running) {
          const item = yield* q.get();
          accumulator += item;
          q.taskDone();
        }
      });

      yield* asyncWith(new TaskGroup(), function* (tg) {
        const tasks = [0, 1].map(() => tg.createTask(worker()));

        yield* q.join();
        expect(accumulator).toBe((99 * 100) / 2);

        // close running generators
        running = false;
        for (let i = 0; i < tasks.length; i++) q.putNowait(0);
      });
    });
  },

  test_join_empty_queue(qClass: QueueClass): void {
    runAsync(function* () {
      const q = new qClass<number>();

      // Test that a queue join()s successfully, and before anything else
      // (done twice for insurance).

      yield* q.join();
      yield* q.join();
    });
  },

  test_format(qClass: QueueClass): void {
    runAsync(function* () {
      const q = new qClass<number>();
      expect(q._format()).toBe("maxsize=0");

      q._unfinishedTasks = 2;
      expect(q._format()).toBe("maxsize=0 tasks=2");
    });
  },
};

describe("QueueJoinTests", () => {
  it("QueueJoinTests.test_task_done_underflow", () => join.test_task_done_underflow(asyncio.Queue));
  it("QueueJoinTests.test_task_done", () => join.test_task_done(asyncio.Queue));
  it("QueueJoinTests.test_join_empty_queue", () => join.test_join_empty_queue(asyncio.Queue));
  it("QueueJoinTests.test_format", () => join.test_format(asyncio.Queue));
});

describe("LifoQueueJoinTests", () => {
  it("LifoQueueJoinTests.test_task_done_underflow", () => join.test_task_done_underflow(asyncio.LifoQueue));
  it("LifoQueueJoinTests.test_task_done", () => join.test_task_done(asyncio.LifoQueue));
  it("LifoQueueJoinTests.test_join_empty_queue", () => join.test_join_empty_queue(asyncio.LifoQueue));
  it("LifoQueueJoinTests.test_format", () => join.test_format(asyncio.LifoQueue));
});

describe("PriorityQueueJoinTests", () => {
  it("PriorityQueueJoinTests.test_task_done_underflow", () => join.test_task_done_underflow(asyncio.PriorityQueue));
  it("PriorityQueueJoinTests.test_task_done", () => join.test_task_done(asyncio.PriorityQueue));
  it("PriorityQueueJoinTests.test_join_empty_queue", () => join.test_join_empty_queue(asyncio.PriorityQueue));
  it("PriorityQueueJoinTests.test_format", () => join.test_format(asyncio.PriorityQueue));
});

// ---------------------------------------------------------------------------------------
// _QueueShutdownTestMixin, for each of QueueShutdownTests, LifoQueueShutdownTests,
// PriorityQueueShutdownTests

const SHUTDOWN_MSG = "Didn't appear to shut-down queue";

/** `with self.assertRaisesShutdown(): await coro`. */
function assertRaisesShutdownCo(coro: Co<unknown>): Co<asyncio.QueueShutDown> {
  return assertRaisesCo(asyncio.QueueShutDown, coro, SHUTDOWN_MSG);
}

/** `with self.assertRaisesShutdown(): fn()`. */
function assertRaisesShutdown(fn: () => unknown): asyncio.QueueShutDown {
  return assertRaises(asyncio.QueueShutDown, fn, SHUTDOWN_MSG);
}

const shutdown = {
  test_format(qClass: QueueClass): void {
    runAsync(function* () {
      const q = new qClass<string>();
      q.shutdown();
      expect(q._format()).toBe("maxsize=0 shutdown");
    });
  },

  test_shutdown_empty(qClass: QueueClass): void {
    // Test shutting down an empty queue
    runAsync(function* () {
      // Setup empty queue, and join() and get() tasks
      const q = new qClass<string>();
      const running = asyncio.getRunningLoop();
      const getTask = running.createTask(q.get());
      yield* asyncio.sleep(0); // want get task pending before shutdown

      // Perform shut-down
      q.shutdown(false); // unfinished tasks: 0 -> 0

      expect(q.qsize()).toBe(0);

      // Ensure join() task successfully finishes
      yield* q.join();

      // Ensure get() task is finished, and raised ShutDown
      yield* asyncio.sleep(0);
      expect(getTask.done()).toBe(true);
      yield* assertRaisesShutdownCo(getTask[Symbol.iterator]());

      // Ensure put() and get() raise ShutDown
      yield* assertRaisesShutdownCo(q.put("data"));
      assertRaisesShutdown(() => q.putNowait("data"));

      yield* assertRaisesShutdownCo(q.get());
      assertRaisesShutdown(() => q.getNowait());
    });
  },

  test_shutdown_nonempty(qClass: QueueClass): void {
    // Test shutting down a non-empty queue
    runAsync(function* () {
      // Setup full queue with 1 item, and join() and put() tasks
      const q = new qClass<string>(1);
      const running = asyncio.getRunningLoop();

      q.putNowait("data");
      const joinTask = running.createTask(q.join());
      const putTask = running.createTask(q.put("data2"));

      // Ensure put() task is not finished
      yield* asyncio.sleep(0);
      expect(putTask.done()).toBe(false);

      // Perform shut-down
      q.shutdown(false); // unfinished tasks: 1 -> 1

      expect(q.qsize()).toBe(1);

      // Ensure put() task is finished, and raised ShutDown
      yield* asyncio.sleep(0);
      expect(putTask.done()).toBe(true);
      yield* assertRaisesShutdownCo(putTask[Symbol.iterator]());

      // Ensure get() succeeds on enqueued item
      expect(yield* q.get()).toBe("data");

      // Ensure join() task is not finished
      yield* asyncio.sleep(0);
      expect(joinTask.done()).toBe(false);

      // Ensure put() and get() raise ShutDown
      yield* assertRaisesShutdownCo(q.put("data"));
      assertRaisesShutdown(() => q.putNowait("data"));

      yield* assertRaisesShutdownCo(q.get());
      assertRaisesShutdown(() => q.getNowait());

      // Ensure there is 1 unfinished task, and join() task succeeds
      q.taskDone();

      yield* asyncio.sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;

      assertRaises(asyncio.ValueError, () => q.taskDone(), "Didn't appear to mark all tasks done");
    });
  },

  test_shutdown_immediate(qClass: QueueClass): void {
    // Test immediately shutting down a queue
    runAsync(function* () {
      // Setup queue with 1 item, and a join() task
      const q = new qClass<string>();
      const running = asyncio.getRunningLoop();
      q.putNowait("data");
      const joinTask = running.createTask(q.join());

      // Perform shut-down
      q.shutdown(true); // unfinished tasks: 1 -> 0

      expect(q.qsize()).toBe(0);

      // Ensure join() task has successfully finished
      yield* asyncio.sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;

      // Ensure put() and get() raise ShutDown
      yield* assertRaisesShutdownCo(q.put("data"));
      assertRaisesShutdown(() => q.putNowait("data"));

      yield* assertRaisesShutdownCo(q.get());
      assertRaisesShutdown(() => q.getNowait());

      // Ensure there are no unfinished tasks
      assertRaises(asyncio.ValueError, () => q.taskDone(), "Didn't appear to mark all tasks done");
    });
  },

  test_shutdown_immediate_with_unfinished(qClass: QueueClass): void {
    // Test immediately shutting down a queue with unfinished tasks
    runAsync(function* () {
      // Setup queue with 2 items (1 retrieved), and a join() task
      const q = new qClass<string>();
      const running = asyncio.getRunningLoop();
      q.putNowait("data");
      q.putNowait("data");
      const joinTask = running.createTask(q.join());
      expect(yield* q.get()).toBe("data");

      // Perform shut-down
      q.shutdown(true); // unfinished tasks: 2 -> 1

      expect(q.qsize()).toBe(0);

      // Ensure join() task is not finished
      yield* asyncio.sleep(0);
      expect(joinTask.done()).toBe(false);

      // Ensure put() and get() raise ShutDown
      yield* assertRaisesShutdownCo(q.put("data"));
      assertRaisesShutdown(() => q.putNowait("data"));

      yield* assertRaisesShutdownCo(q.get());
      assertRaisesShutdown(() => q.getNowait());

      // Ensure there is 1 unfinished task
      q.taskDone();
      assertRaises(asyncio.ValueError, () => q.taskDone(), "Didn't appear to mark all tasks done");

      // Ensure join() task has successfully finished
      yield* asyncio.sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;
    });
  },
};

describe("QueueShutdownTests", () => {
  it("QueueShutdownTests.test_format", () => shutdown.test_format(asyncio.Queue));
  it("QueueShutdownTests.test_shutdown_empty", () => shutdown.test_shutdown_empty(asyncio.Queue));
  it("QueueShutdownTests.test_shutdown_nonempty", () => shutdown.test_shutdown_nonempty(asyncio.Queue));
  it("QueueShutdownTests.test_shutdown_immediate", () => shutdown.test_shutdown_immediate(asyncio.Queue));
  it("QueueShutdownTests.test_shutdown_immediate_with_unfinished", () =>
    shutdown.test_shutdown_immediate_with_unfinished(asyncio.Queue));
});

describe("LifoQueueShutdownTests", () => {
  it("LifoQueueShutdownTests.test_format", () => shutdown.test_format(asyncio.LifoQueue));
  it("LifoQueueShutdownTests.test_shutdown_empty", () => shutdown.test_shutdown_empty(asyncio.LifoQueue));
  it("LifoQueueShutdownTests.test_shutdown_nonempty", () => shutdown.test_shutdown_nonempty(asyncio.LifoQueue));
  it("LifoQueueShutdownTests.test_shutdown_immediate", () => shutdown.test_shutdown_immediate(asyncio.LifoQueue));
  it("LifoQueueShutdownTests.test_shutdown_immediate_with_unfinished", () =>
    shutdown.test_shutdown_immediate_with_unfinished(asyncio.LifoQueue));
});

describe("PriorityQueueShutdownTests", () => {
  it("PriorityQueueShutdownTests.test_format", () => shutdown.test_format(asyncio.PriorityQueue));
  it("PriorityQueueShutdownTests.test_shutdown_empty", () => shutdown.test_shutdown_empty(asyncio.PriorityQueue));
  it("PriorityQueueShutdownTests.test_shutdown_nonempty", () =>
    shutdown.test_shutdown_nonempty(asyncio.PriorityQueue));
  it("PriorityQueueShutdownTests.test_shutdown_immediate", () =>
    shutdown.test_shutdown_immediate(asyncio.PriorityQueue));
  it("PriorityQueueShutdownTests.test_shutdown_immediate_with_unfinished", () =>
    shutdown.test_shutdown_immediate_with_unfinished(asyncio.PriorityQueue));
});
