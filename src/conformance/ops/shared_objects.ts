/**
 * Objects made outside the running loop, and coroutines run on a second loop: what
 * CPython's `LoopBoundMixin` (3.10+) and the construction-time `get_event_loop()` of
 * 3.7-3.9 decide (see ../../asyncio/mixins.ts).
 *
 * An entry (../entry.ts) may declare `shared` objects: primitives and queues made at
 * module level, after the prologue and before the entry's call, with no loop running.
 * Main and every named coroutine see them by name, as they see their own bindings. Each
 * is recorded as `shared <name>` with its repr (or what its construction raised). On
 * 3.7-3.9 the construction binds the object to `get_event_loop()`'s loop (an outside loop
 * the harness makes, not the entry's), so the first contended use inside `asyncio.run`
 * fails with `RuntimeError: Task ... got Future <Future pending> attached to a different
 * loop`; from 3.10 the object binds on its first contended use.
 *
 * An entry may also run `main` or named coroutines `again`: after the entry's call (and before the
 * epilogue's calls), each in a fresh `asyncio.run(name())` on a second traced loop,
 * recorded as `again <name>` with its value or the exception it raised (an object bound
 * to the first loop raises `RuntimeError: <asyncio.locks.Lock object [locked]> is bound
 * to a different event loop` there, 3.10+). The harness then records exception messages
 * normalised as reprs are (they quote reprs with addresses): see `Harness.shared`.
 *
 * Python writes the objects as globals of `entry()`; TypeScript as module-level `let`s.
 *
 * @example
 * ```ts
 * const entry: RunEntry = { kind: "run", shared: [{ bind: "lk1", kind: "lock" }], again: ["co_a"] };
 * sharedPython({ bind: "sm1", kind: "semaphore", value: 2 }); // "asyncio.Semaphore(2)"
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import type { PrimitiveKind } from "./primitives.ts";

/**
 * What a shared object can be: a primitive, or a FIFO queue. (Spelled out here, not taken
 * from ./primitives.ts, which the IR schema's modules import in a cycle with this one.)
 */
export const SHARED_KINDS = ["lock", "event", "condition", "semaphore", "bounded_semaphore", "barrier", "queue"] as const satisfies readonly (
  | PrimitiveKind
  | "queue"
)[];
/** A shared object's kind. */
export type SharedKind = (typeof SHARED_KINDS)[number];

/** The asyncio class of each kind (Python and TypeScript alike); keyed by every primitive kind, so none is missed. */
const CLASSES: Record<PrimitiveKind | "queue", string> = {
  lock: "Lock",
  event: "Event",
  condition: "Condition",
  semaphore: "Semaphore",
  bounded_semaphore: "BoundedSemaphore",
  barrier: "Barrier",
  queue: "Queue",
};

/** At most this many shared objects per entry. */
export const MAX_SHARED = 3;
/** At most this many `again` runs per entry. */
export const MAX_AGAIN = 2;

/** The release that added `asyncio.Barrier`. */
const BARRIER_SINCE = 11;

/**
 * One object made at module level: `value` is a semaphore's initial value, a barrier's
 * parties or a queue's maxsize (absent: the class's default).
 */
export interface SharedObject {
  bind: string;
  kind: SharedKind;
  value?: number | undefined;
}

/** The constructor call in Python, e.g. `asyncio.Queue(maxsize=2)`. */
export function sharedPython(o: SharedObject): string {
  if (o.kind === "queue") return `asyncio.Queue(${o.value === undefined ? "" : `maxsize=${o.value}`})`;
  return `asyncio.${CLASSES[o.kind]}(${o.value === undefined ? "" : String(o.value)})`;
}

/** The constructor call in TypeScript, e.g. `new asyncio.Queue<unknown>(2)`. */
export function sharedTs(o: SharedObject): string {
  if (o.kind === "queue") return `new asyncio.Queue<unknown>(${o.value === undefined ? "" : String(o.value)})`;
  return `new asyncio.${CLASSES[o.kind]}(${o.value === undefined ? "" : String(o.value)})`;
}

/** The TypeScript type of a shared object's module-level `let`. */
export function sharedTsType(o: SharedObject): string {
  return o.kind === "queue" ? "asyncio.Queue<unknown>" : `asyncio.${CLASSES[o.kind]}`;
}

/** What our interpreter binds: the object made on our library. */
export type SharedValue = asyncio.Lock | asyncio.Event | asyncio.Condition | asyncio.Semaphore | asyncio.Barrier | asyncio.Queue<unknown>;

/** Makes the object on our library. */
export function makeShared(o: SharedObject): SharedValue {
  switch (o.kind) {
    case "queue":
      return new asyncio.Queue<unknown>(o.value ?? 0);
    case "lock":
      return new asyncio.Lock();
    case "event":
      return new asyncio.Event();
    case "condition":
      return new asyncio.Condition();
    case "semaphore":
      return new asyncio.Semaphore(o.value ?? 1);
    case "bounded_semaphore":
      return new asyncio.BoundedSemaphore(o.value ?? 1);
    case "barrier":
      return new asyncio.Barrier(o.value ?? 2);
  }
}

/** The problems of one shared object (its name's uniqueness is the checker's). */
export function sharedProblems(o: SharedObject): string[] {
  const takesValue = o.kind === "semaphore" || o.kind === "bounded_semaphore" || o.kind === "barrier" || o.kind === "queue";
  if (o.value !== undefined && !takesValue) return [`a ${o.kind} takes no value`];
  return [];
}

/** The release a shared object needs (a barrier: 3.11), if any. */
export function sharedSince(o: SharedObject): number | undefined {
  return o.kind === "barrier" ? BARRIER_SINCE : undefined;
}
