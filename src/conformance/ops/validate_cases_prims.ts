/**
 * `validate` calls that reach async generators, builtins, locks, queues and the deque (src/asyncio/asyncgen.ts, builtins.ts, locks.ts, queues.ts, collections.ts), written from the mutation survivors of session 15
 * (see ./validate_case.ts for how a case is written, and ./validate_cases.ts for the main
 * table this one is merged into). Scenes of more than one step are the harness's (marker
 * "scenes of the prims cases" in ../harness.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(PRIMITIVE_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { SINCE_11, SINCE_13, c, never, scene, type ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const PRIMITIVE_CASES = {
  // Queue.shutdown(immediate=True) with a join() waiting, and shutdown() finding cancelled waiters in line.
  "prims: Queue: shut down while join() waits and cancelled waiters are in line": scene("await", "queueShutdownWaiting", [], SINCE_13),
  // A woken waiter cancelled while the queue blocks again must not pass its turn on.
  "prims: Queue: woken getter cancelled, queue emptied again": scene("await", "queueWokenReblocked", ["get"]),
  "prims: Queue: woken putter cancelled, queue filled again": scene("await", "queueWokenReblocked", ["put"]),
  // Condition.wait() cancelled while it retakes the lock after a notify: it still raises CancelledError.
  "prims: Condition: notified waiter cancelled while it retakes the lock": scene("await", "conditionReacquireCancelled", []),
  // sys.set_asyncgen_hooks() with one keyword keeps the other hook.
  "prims: sys.set_asyncgen_hooks(finalizer=f) then (firstiter=None)": scene("call", "agenHooksOneAtATime", []),
  // 3.7/3.8: the permit of a woken and cancelled waiter already taken: the next waiter keeps its place.
  // From 3.9 the scene's own acquire() would wait behind the others, so it stops at 3.8.
  "prims: Semaphore: woken waiter cancelled, permit taken at once": scene("await", "semaphoreWokenReblocked", [], { until: 8 }),
  // The value given to asend() is what its awaitable sends first, also when driven by hand with send(None).
  "prims: ag.asend(5).send(None) by hand on a fresh generator": c("call", "trace.send_by_hand(trace.items_agen(1).asend(5), None)", "trace.sendByHand(trace.itemsAgen(1).asend(5), null)", (t) => t.sendByHand(t.itemsAgen(1).asend(5), null)),
  // 3.8+: an athrow()/aclose() step pending in the handler makes the generator running.
  "prims: agen: __anext__() while athrow(exc) is pending": scene("await", "agenStepPending", ["athrow"], { since: 8 }),
  "prims: agen: __anext__() while aclose() is pending": scene("await", "agenStepPending", ["aclose"], { since: 8 }),
  "prims: agen: athrow(exc) cancelled in a handler that returns": scene("await", "agenStepPending", ["athrow cancelled"], { since: 8 }),
  "prims: agen: aclose() cancelled in a handler that returns": scene("await", "agenStepPending", ["aclose cancelled"], { since: 8 }),
  // Session 17. Sixteen getters fill our deque's ring: a cancelled one in its back half leaves the line without touching the first.
  "prims 17: Queue: sixteen getters, the thirteenth cancelled, fifteen puts": scene("await", "queueSixteenGetters", [12]),
  // The qualnames of coroutine objects made directly from Barrier and Condition methods.
  "prims 17: reprs of Barrier.reset(), __aenter__(), __aexit__() and Condition.wait_for() coroutines": scene("call", "coroutineNames", [], SINCE_11),
  // None as a member of an exception group: ValueError, not a TypeError.
  "prims 17: ExceptionGroup('m', [None])": c("call", "ExceptionGroup('m', [None])", 'new asyncio.ExceptionGroup("m", [undefined])', () => new asyncio.ExceptionGroup("m", [undefined]), SINCE_11),
  // None for wait()'s and as_completed()'s argument: falsy (ValueError) and not iterable (TypeError).
  "prims 17: wait(None)": c("wait", "asyncio.wait(None)", "asyncio.wait(undefined as never)", () => asyncio.wait(never(undefined))),
  "prims 17: as_completed(None)": c("iterate", "asyncio.as_completed(None)", "asyncio.asCompleted(undefined as never)", () => asyncio.asCompleted(never(undefined))),
  // split() by a tuple of classes matches a member of any of them; split(None) is refused.
  "prims 17: ExceptionGroup.split((ValueError, TypeError))": c(
    "call",
    "[trace.repr(g) for g in ExceptionGroup('m', [ValueError('a'), TypeError('b'), RuntimeError('c')]).split((ValueError, TypeError))]",
    'new asyncio.ExceptionGroup("m", [new asyncio.ValueError("a"), new asyncio.TypeError("b"), new asyncio.RuntimeError("c")]).split([asyncio.ValueError, asyncio.TypeError]).map((g) => trace.repr(g))',
    (t) => new asyncio.ExceptionGroup("m", [new asyncio.ValueError("a"), new asyncio.TypeError("b"), new asyncio.RuntimeError("c")]).split([asyncio.ValueError, asyncio.TypeError]).map((g) => t.repr(g)),
    SINCE_11,
  ),
  "prims 17: ExceptionGroup.split(None)": c("call", "ExceptionGroup('m', [ValueError('a')]).split(None)", 'new asyncio.ExceptionGroup("m", [new asyncio.ValueError("a")]).split(null as never)', () => new asyncio.ExceptionGroup("m", [new asyncio.ValueError("a")]).split(never(null)), SINCE_11),
  // A woken Semaphore waiter cancelled with a second permit free: 3.13 wakes both waiters at once, 3.10-3.12 one, then the other.
  "prims 17: Semaphore: woken waiter cancelled with two permits free": scene("await", "semaphoreTwoFreed", []),
  // Condition.wait() retries only cancellations while it retakes the lock: another error thrown in leaves at once.
  "prims 17: Condition: ValueError thrown into wait() while it retakes the lock": scene("await", "conditionThrowWhileReacquiring", []),
  // repr() of a Queue inside a subclass's _init, before the storage exists.
  "prims 17: Queue subclass: repr inside _init": scene("call", "queueReprInInit", []),
  // isinstance() of None and of an int against asyncio.TimeoutError: False, never an error.
  "prims 17: isinstance(None / 1, asyncio.TimeoutError)": c(
    "call",
    "[isinstance(None, asyncio.TimeoutError), isinstance(1, asyncio.TimeoutError)]",
    "[(null as unknown) instanceof asyncio.TimeoutError, (1 as unknown) instanceof asyncio.TimeoutError]",
    () => [(null as unknown) instanceof asyncio.TimeoutError, (1 as unknown) instanceof asyncio.TimeoutError],
  ),
  // wait_for's TimeoutError is no instance of a subclass of asyncio.TimeoutError (3.7-3.10: asyncio's own class).
  "prims 17: wait_for's TimeoutError against a subclass of asyncio.TimeoutError": scene("await", "timeoutSubclassCheck", []),
  // The timer heap rebuilt (over 100 timers, over half cancelled) with only two live timers left.
  "prims 17: timer heap rebuilt with two live timers": scene("await", "timerRebuildTwoLive", []),
  // Semaphore(0).acquire() closed while it waits: 3.7-3.8's bare `except:` cancels its waiter, 3.9 leaves it pending, 3.10+ removes it.
  "prims 17: Semaphore(0).acquire() closed while waiting: its waiters": c(
    "call",
    "(lambda s: (lambda co: (co.send(None), co.close(), [f.cancelled() for f in s._waiters])[2])(s.acquire()))(asyncio.Semaphore(0))",
    "((s: asyncio.Semaphore) => ((co: asyncio.Coroutine<boolean>) => (co.next(), co.return(true), [...((s as unknown as { _waiters: Iterable<asyncio.Future<boolean>> | null })._waiters ?? [])].map((f) => f.cancelled())))(s.acquire()))(new asyncio.Semaphore(0))",
    () => ((s: asyncio.Semaphore) => ((co: asyncio.Coroutine<boolean>) => (co.next(), co.return(true), [...(s._waiters ?? [])].map((f) => f.cancelled())))(s.acquire()))(new asyncio.Semaphore(0)),
  ),
  // Queue(1).put() and Queue().get() closed while they wait: the bare `except:` of every release cancels and drops the waiter.
  "prims 17: Queue get() and put() closed while waiting: getters and putters left": c(
    "call",
    "(lambda q, f: (lambda g, p: (g.send(None), g.close(), f.put_nowait(1), p.send(None), p.close(), len(q._getters), len(f._putters))[5:])(q.get(), f.put(2)))(asyncio.Queue(), asyncio.Queue(1))",
    "((q: asyncio.Queue<number>, f: asyncio.Queue<number>) => ((g: asyncio.Coroutine<number>, p: asyncio.Coroutine<void>) => (g.next(), g.return(0), f.putNowait(1), p.next(), p.return(undefined), [(q as unknown as { _getters: unknown[] })._getters.length, (f as unknown as { _putters: unknown[] })._putters.length]))(q.get(), f.put(2)))(new asyncio.Queue(), new asyncio.Queue(1))",
    () => ((q: asyncio.Queue<number>, f: asyncio.Queue<number>) => ((g: asyncio.Coroutine<number>, p: asyncio.Coroutine<void>) => (g.next(), g.return(0), f.putNowait(1), p.next(), p.return(undefined), [q._getters.length, f._putters.length]))(q.get(), f.put(2)))(new asyncio.Queue(), new asyncio.Queue(1)),
  ),
} satisfies Record<string, ValidateCase>;
