/**
 * A growable ring buffer with the operations `collections.deque` offers to the event loop:
 * `append`, `popleft`, `remove`, `length` and `clear`. It stands in for the loop's `_ready`
 * deque and for the waiter deques of the locks and queues.
 *
 * @example
 * ```ts
 * const d = new Deque<number>();
 * d.append(1); d.append(2);
 * d.popleft(); // 1
 * d.length;    // 1
 * ```
 * @module
 */
import { IndexError } from "./builtins.ts";

export class Deque<T> {
  private items: (T | undefined)[] = new Array(16);
  private head = 0;
  private size = 0;

  /** Number of items held. */
  get length(): number {
    return this.size;
  }

  /** Adds an item at the right end. */
  append(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & (this.items.length - 1)] = item;
    this.size++;
  }

  /** Removes and returns the leftmost item; throws when empty, like `deque.popleft`. */
  popleft(): T {
    if (this.size === 0) throw new IndexError("pop from an empty deque");
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return item;
  }

  /** The item at position `index` from the left (0-based), without removing it. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.items[(this.head + index) & (this.items.length - 1)];
  }

  /**
   * Removes the first item identical to `value` (`deque.remove(x)`, comparing by
   * identity); false when there is none, where Python raises `ValueError`.
   */
  remove(value: T): boolean {
    const mask = this.items.length - 1;
    for (let i = 0; i < this.size; i++) {
      if (this.items[(this.head + i) & mask] !== value) continue;
      if (i < this.size / 2) {
        // Close the gap from the left: the items before it move one place right.
        for (let j = i; j > 0; j--) this.items[(this.head + j) & mask] = this.items[(this.head + j - 1) & mask];
        this.items[this.head] = undefined;
        this.head = (this.head + 1) & mask;
      } else {
        for (let j = i; j < this.size - 1; j++) this.items[(this.head + j) & mask] = this.items[(this.head + j + 1) & mask];
        this.items[(this.head + this.size - 1) & mask] = undefined;
      }
      this.size--;
      return true;
    }
    return false;
  }

  /** Removes every item. */
  clear(): void {
    this.items = new Array(16);
    this.head = 0;
    this.size = 0;
  }

  /** Items from left to right. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.size; i++) yield this.items[(this.head + i) & (this.items.length - 1)] as T;
  }

  private grow(): void {
    const bigger: (T | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.size; i++) bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = bigger;
    this.head = 0;
  }
}
