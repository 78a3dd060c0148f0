/**
 * Lock and Semaphore contention with native async/await. Node has neither, so this is the
 * small FIFO semaphore a Node programmer would write (a mutex is a semaphore of 1), used
 * as `await acquire(); try { ... } finally { release(); }`; `await null` is the step.
 */
import { defineBench, num } from "../types.ts";

class Semaphore {
  private readonly waiters: (() => void)[] = [];
  constructor(private permits: number) {}

  async acquire(): Promise<void> {
    if (this.permits > 0 && this.waiters.length === 0) {
      this.permits--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next(); // the permit passes straight to the next waiter
    else this.permits++;
  }
}

const counter = { entered: 0 };

async function locker(lock: Semaphore, rounds: number): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    await lock.acquire();
    try {
      counter.entered++;
      await null;
    } finally {
      lock.release();
    }
  }
}

export default defineBench({
  async run(params) {
    const tasks = num(params, "tasks");
    const rounds = num(params, "rounds");
    counter.entered = 0;
    const lock = new Semaphore(1);
    const lockers: Promise<void>[] = [];
    for (let t = 0; t < tasks; t++) lockers.push(locker(lock, rounds));
    await Promise.all(lockers);
    const sem = new Semaphore(num(params, "permits"));
    const holders: Promise<void>[] = [];
    for (let t = 0; t < tasks; t++) holders.push(locker(sem, rounds));
    await Promise.all(holders);
    return counter.entered;
  },
});
