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
import { SINCE_13, c, scene, type ValidateCase } from "./validate_case.ts";

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
} satisfies Record<string, ValidateCase>;
