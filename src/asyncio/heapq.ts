/**
 * A port of CPython's `heapq` algorithm as its C module implements it (`heappush`,
 * `heappop`, `heapify`), written against a caller-supplied "less than". The event loop keeps its timers in such a heap; using the
 * same sift-up and sift-down steps as CPython makes entries with equal keys pop in exactly
 * CPython's order, which is not FIFO.
 *
 * @example
 * ```ts
 * const heap: number[] = [];
 * const lt = (a: number, b: number) => a < b;
 * for (const x of [5, 1, 3]) heappush(heap, x, lt);
 * heappop(heap, lt); // 1
 * ```
 * @module
 */
import { IndexError } from "./builtins.ts";

/** Strict ordering used by the heap: `lt(a, b)` is true when `a` must pop before `b`. */
export type LessThan<T> = (a: T, b: T) => boolean;

/** Pushes `item` onto `heap`, keeping the heap invariant (CPython `heappush`). */
export function heappush<T>(heap: T[], item: T, lt: LessThan<T>): void {
  heap.push(item);
  siftdown(heap, 0, heap.length - 1, lt);
}

/** Pops the smallest item off `heap` (CPython `heappop`); throws when empty. */
export function heappop<T>(heap: T[], lt: LessThan<T>): T {
  if (heap.length === 0) throw new IndexError("index out of range");
  const last = heap.pop() as T;
  if (heap.length > 0) {
    const first = heap[0] as T;
    heap[0] = last;
    siftup(heap, 0, lt);
    return first;
  }
  return last;
}

/** Turns `heap` into a heap in place, in linear time (CPython `heapify`). */
export function heapify<T>(heap: T[], lt: LessThan<T>): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftup(heap, i, lt);
}

// CPython's C `siftdown` (Modules/_heapqmodule.c): move the item at `pos` up towards
// `startpos` while it is smaller than its parent, swapping as it goes, so that a comparison
// that throws leaves every item in the list, exactly as CPython's heap does.
function siftdown<T>(heap: T[], startpos: number, pos: number, lt: LessThan<T>): void {
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    const parent = heap[parentpos] as T;
    const newitem = heap[pos] as T;
    if (!lt(newitem, parent)) break;
    heap[parentpos] = newitem;
    heap[pos] = parent;
    pos = parentpos;
  }
}

// CPython's C `siftup`: bubble the smaller child up until reaching a leaf (swapping), then
// sift the item there down. This "leaf first" strategy is what fixes the order of equal
// keys, so it must not be replaced by a textbook sift-down.
function siftup<T>(heap: T[], pos: number, lt: LessThan<T>): void {
  const endpos = heap.length;
  const startpos = pos;
  const limit = endpos >> 1; // the smallest position that has no child
  while (pos < limit) {
    let childpos = 2 * pos + 1;
    if (childpos + 1 < endpos && !lt(heap[childpos] as T, heap[childpos + 1] as T)) childpos++;
    const child = heap[childpos] as T;
    heap[childpos] = heap[pos] as T;
    heap[pos] = child;
    pos = childpos;
  }
  siftdown(heap, startpos, pos, lt);
}

// ---------------------------------------------------------------------------------------
// The same three operations specialised for the loop's timers, ordered by their numeric
// `_when` as CPython's `TimerHandle.__lt__` orders them. The comparison is written out
// instead of passed in, so V8 compiles one monomorphic loop; the swaps are exactly the
// generic functions' (and CPython's), which spec/asyncio/timer_order.spec.ts checks
// against CPython.

/** @internal What the timer heap holds: anything with a numeric deadline. */
export interface Timed {
  readonly _when: number;
}

/** @internal `heappush` for timers (see above). */
export function timerHeappush<T extends Timed>(heap: T[], item: T): void {
  heap.push(item);
  timerSiftdown(heap, 0, heap.length - 1);
}

/** @internal `heappop` for timers; throws when empty. */
export function timerHeappop<T extends Timed>(heap: T[]): T {
  if (heap.length === 0) throw new RangeError("index out of range");
  const last = heap.pop() as T;
  if (heap.length > 0) {
    const first = heap[0] as T;
    heap[0] = last;
    timerSiftup(heap, 0);
    return first;
  }
  return last;
}

/** @internal `heapify` for timers. */
export function timerHeapify<T extends Timed>(heap: T[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) timerSiftup(heap, i);
}

function timerSiftdown<T extends Timed>(heap: T[], startpos: number, pos: number): void {
  const newitem = heap[pos] as T;
  const when = newitem._when;
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    const parent = heap[parentpos] as T;
    if (!(when < parent._when)) break;
    heap[parentpos] = newitem;
    heap[pos] = parent;
    pos = parentpos;
  }
}

function timerSiftup<T extends Timed>(heap: T[], pos: number): void {
  const endpos = heap.length;
  const startpos = pos;
  const limit = endpos >> 1;
  while (pos < limit) {
    let childpos = 2 * pos + 1;
    if (childpos + 1 < endpos && !((heap[childpos] as T)._when < (heap[childpos + 1] as T)._when)) childpos++;
    const child = heap[childpos] as T;
    heap[childpos] = heap[pos] as T;
    heap[pos] = child;
    pos = childpos;
  }
  timerSiftdown(heap, startpos, pos);
}
