/**
 * A bounded queue with native async/await. Node has no async queue, so this is the
 * small one a Node programmer would write: arrays of waiting resolvers, woken in order.
 */
import { defineBench, num } from "../types.ts";

class BoundedQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private readonly getters: ((item: T) => void)[] = [];
  private readonly putters: (() => void)[] = [];

  constructor(private readonly maxsize: number) {}

  private get size(): number {
    return this.items.length - this.head;
  }

  async put(item: T): Promise<void> {
    while (this.size >= this.maxsize) await new Promise<void>((resolve) => this.putters.push(resolve));
    const getter = this.getters.shift();
    if (getter !== undefined) getter(item);
    else this.items.push(item);
  }

  async get(): Promise<T> {
    if (this.size > 0) {
      const item = this.items[this.head++] as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      this.putters.shift()?.();
      return item;
    }
    return new Promise<T>((resolve) => this.getters.push(resolve));
  }
}

async function producer(q: BoundedQueue<number | null>, base: number, items: number): Promise<void> {
  for (let i = 0; i < items; i++) await q.put(base + i);
}

async function consumer(q: BoundedQueue<number | null>): Promise<number> {
  let total = 0;
  for (;;) {
    const item = await q.get();
    if (item === null) return total;
    total += item;
  }
}

export default defineBench({
  async run(params) {
    const producers = num(params, "producers");
    const consumers = num(params, "consumers");
    const items = num(params, "items");
    const q = new BoundedQueue<number | null>(num(params, "maxsize"));
    const readers: Promise<number>[] = [];
    for (let c = 0; c < consumers; c++) readers.push(consumer(q));
    const writers: Promise<void>[] = [];
    for (let p = 0; p < producers; p++) writers.push(producer(q, p * items, items));
    await Promise.all(writers);
    for (let c = 0; c < consumers; c++) await q.put(null);
    let total = 0;
    for (const sum of await Promise.all(readers)) total += sum;
    return total;
  },
});
