/**
 * Test helpers mirroring CPython's `test.test_asyncio.utils`, for the ported test cases.
 */
import * as asyncio from "../../src/asyncio/index.ts";
import type { PythonVersion } from "../../src/asyncio/version.ts";

/**
 * A fresh virtual-clock loop (the role of CPython's `TestLoop`: time advances to the next
 * timer instead of sleeping), set as the current loop like `BaseTestCase.set_event_loop`.
 */
export function newTestLoop(python?: PythonVersion): asyncio.VirtualEventLoop {
  const loop = asyncio.newEventLoop(python === undefined ? {} : { python });
  asyncio.setEventLoop(loop);
  return loop;
}

/** Closes a loop made by `newTestLoop` and clears the current loop. */
export function closeTestLoop(loop: asyncio.BaseEventLoop): void {
  if (!loop.isClosed()) loop.close();
  asyncio.setEventLoop(null);
}

const once = asyncio.asyncDef(function* once(): asyncio.Coroutine<void> {
  // Nothing: the task finishes in its first step, as in CPython's run_briefly.
});

/** CPython's `test_utils.run_briefly`: run a task whose coroutine returns at once (two iterations). */
export function runBriefly(loop: asyncio.VirtualEventLoop): void {
  const task = loop.createTask(once());
  task._logDestroyPending = false;
  loop.runUntilComplete(task);
}

/** CPython's `test_utils.run_until`: run short sleeps until `pred()` holds. */
export function runUntil(loop: asyncio.VirtualEventLoop, pred: () => boolean, timeout = 30): void {
  let delay = 0.001;
  const deadline = loop.time() + timeout;
  while (!pred()) {
    if (loop.time() > deadline) throw new asyncio.TimeoutError();
    loop.runUntilComplete(asyncio.sleep(delay));
    delay = Math.max(delay * 2, 1.0);
  }
}

/** Every CPython release the scheduler models. */
export const ALL_VERSIONS = asyncio.PYTHON_VERSIONS;
