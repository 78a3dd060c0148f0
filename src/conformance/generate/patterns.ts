/**
 * Version patterns: shapes that exercise behaviour differing between releases, which
 * random programs reach too rarely: a semaphore released and re-acquired while another
 * task waits (D7, D11); a notified condition waiter cancelled before it runs (D8); a task
 * group whose parent is cancelled from outside while its child turns its cancellation into
 * an error (D9, 3.11+); a task group whose failing child cancels the parent, read through
 * `cancelling()`; a cancellation taken back with `uncancel()` before it is delivered; a
 * timeout whose cancellation the body turns into another error (3.13's inserted
 * TimeoutError). The names are fresh, so they never clash with the rest of the program.
 * The generator mixes them in as the raw kind `pattern`.
 *
 * @example
 * ```ts
 * versionPattern(raw, resolver); // e.g. a semaphore, two tasks contending for it, and a wait
 * ```
 * @module
 */
import type { Stmt } from "../ir/types.ts";
import { FEATURE_SINCE } from "../ops/features.ts";
import { DELAY_GRID, type RawStmt } from "./raw.ts";
import type { Resolver } from "./resolve.ts";
import type { Spawn } from "../ops/spawn.ts";

/** The statements of the version pattern `r` selects. */
export function versionPattern(r: RawStmt, g: Resolver): Stmt[] {
  const t = () => g.nextTask();
  // Coarse delays: the patterns are about release differences, not about time.
  const d = DELAY_GRID[r.delay % DELAY_GRID.length] as number;
  const kinds = g.minor >= FEATURE_SINCE.taskGroup ? 6 : 2;
  switch (r.a % kinds) {
    case 0: {
      const sm = `sm${g.nextObject()}`;
      const [a, b] = [t(), t()];
      return [
        { op: "primitive", bind: sm, kind: r.flag ? "semaphore" : "bounded_semaphore", value: 1 },
        {
          op: "spawn",
          bind: a,
          target: {
            body: [
              { op: "sync", target: sm, action: "acquire" },
              { op: "sleep", delay: d },
              { op: "sync", target: sm, action: "release" },
              { op: "sync", target: sm, action: "locked" },
              { op: "sync", target: sm, action: "acquire" },
              { op: "sync", target: sm, action: "locked" },
              { op: "sync", target: sm, action: "release" },
            ],
          },
        },
        {
          op: "spawn",
          bind: b,
          target: { body: [{ op: "sleep", delay: 0 }, { op: "sync", target: sm, action: "acquire" }, { op: "sync", target: sm, action: "release" }] },
        },
        { op: "wait", items: [{ task: a }, { task: b }], returnWhen: "ALL_COMPLETED", timeout: 5 },
      ];
    }
    case 1: {
      const cv = `cv${g.nextObject()}`;
      const [w1, w2] = [t(), t()];
      const waiter: Stmt[] = [{ op: "with", target: cv, body: [{ op: "sync", target: cv, action: "wait" }] }];
      return [
        { op: "primitive", bind: cv, kind: "condition" },
        { op: "spawn", bind: w1, target: { body: waiter } },
        { op: "spawn", bind: w2, target: { body: structuredClone(waiter) } },
        { op: "sleep", delay: 0 },
        { op: "with", target: cv, body: [{ op: "sync", target: cv, action: "notify", n: 1 }] },
        { op: "cancel", target: { task: w1 } },
        { op: "wait", items: [{ task: w1 }, { task: w2 }], returnWhen: "ALL_COMPLETED", timeout: 1 },
        { op: "with", target: cv, body: [{ op: "sync", target: cv, action: "notify_all" }] },
        { op: "wait", items: [{ task: w2 }], returnWhen: "ALL_COMPLETED", timeout: 1 },
      ];
    }
    case 3:
      return failingGroupPattern(r, g, d);
    case 4:
      return uncancelPattern(r, g, d);
    case 5:
      return convertedTimeoutPattern(r, g);
    default: {
      const [parent, child] = [t(), t()];
      const caught = g.nextText();
      return [
        parentWithGroup(parent, { bind: child, target: { body: [convertsCancellation(2)] } }, [{ op: "sleep", delay: 2 }], caught, [
          { op: "sleep", delay: 0 },
          { op: "log", text: g.nextText() },
        ]),
        { op: "sleep", delay: d > 0 ? d : 0.5 },
        { op: "cancel", target: { task: parent } },
        {
          op: "try",
          body: [{ op: "await", target: { task: parent } }],
          handlers: [{ catch: "CancelledError", body: [{ op: "log", text: g.nextText() }] }],
        },
      ];
    }
  }
}

/**
 * A task group whose child fails, which cancels the group's parent task, then what the
 * parent's `cancelling()` count reads afterwards (3.11+: the group takes its cancellation
 * back with `uncancel()`, before waiting for the children on 3.11-3.12, after on 3.13+).
 * The failure reaches the body while it sleeps (`r.flag`), or while `__aexit__` waits.
 */
function failingGroupPattern(r: RawStmt, g: Resolver, d: number): Stmt[] {
  const [parent, child] = [g.nextTask(), g.nextTask()];
  const body: Stmt[] = r.flag ? [{ op: "sleep", delay: 2 }, { op: "log", text: g.nextText() }] : [{ op: "log", text: g.nextText() }];
  const fails: Spawn = { bind: child, target: { body: [{ op: "sleep", delay: d }, { op: "raise", exception: "AlphaError", arg: "child" }] } };
  return [
    parentWithGroup(parent, fails, body, g.nextText(), [{ op: "sleep", delay: 0 }]),
    { op: "await", target: { task: parent } },
    { op: "probe", target: { task: parent }, what: "cancelling" },
  ];
}

/**
 * A task cancelled (once, or twice with `r.flag`) before it runs again, then one request
 * taken back with `uncancel()` (3.11+): from 3.13 a count that drops to zero withdraws the
 * cancellation the task has not received yet; 3.11-3.12 deliver it all the same.
 */
function uncancelPattern(r: RawStmt, g: Resolver, d: number): Stmt[] {
  const task = g.nextTask();
  const cancel: Stmt = { op: "cancel", target: { task } };
  return [
    { op: "spawn", bind: task, target: { body: [{ op: "sleep", delay: d }, { op: "log", text: g.nextText() }] } },
    { op: "sleep", delay: 0 },
    ...(r.flag ? [cancel, structuredClone(cancel)] : [cancel]),
    { op: "probe", target: { task }, what: "uncancel" },
    { op: "probe", target: { task }, what: "cancelling" },
    { op: "try", body: [{ op: "await", target: { task } }], handlers: [{ catch: "CancelledError", body: [{ op: "log", text: g.nextText() }] }] },
    { op: "probe", target: { task }, what: "cancelled" },
  ];
}

/**
 * A timeout that expires while its body (or, with `r.flag`, a task group's child inside
 * it) turns the cancellation into another error, caught and recorded in detail (3.11+):
 * CPython 3.13 puts a `TimeoutError` between that error and the cancellation in its
 * context chain (in each member of a group), earlier releases leave the chain as it is.
 */
function convertedTimeoutPattern(r: RawStmt, g: Resolver): Stmt[] {
  const converts = convertsCancellation(1);
  const inner: Stmt[] = r.flag ? [{ op: "task_group", children: [{ bind: g.nextTask(), target: { body: [converts] } }], body: [{ op: "sleep", delay: 1 }] }] : [converts];
  return [
    {
      op: "try_inspect",
      body: [{ op: "timeout", delay: 0.25, body: inner }],
      handlers: [{ catch: "Exception", body: [] }],
    },
  ];
}

/** `try: await sleep(delay) except CancelledError: raise AlphaError("converted")`. */
function convertsCancellation(delay: number): Stmt {
  return {
    op: "try",
    body: [{ op: "sleep", delay }],
    handlers: [{ catch: "CancelledError", body: [{ op: "raise", exception: "AlphaError", arg: "converted" }] }],
  };
}

/**
 * A task `parent` running a task group with one `child` and `body`, whose error it
 * catches (`except Exception:` logs `caught`), then `after`.
 */
function parentWithGroup(parent: string, child: Spawn, body: Stmt[], caught: string, after: Stmt[]): Stmt {
  const group: Stmt = { op: "task_group", children: [child], body };
  return {
    op: "spawn",
    bind: parent,
    target: { body: [{ op: "try", body: [group], handlers: [{ catch: "Exception", body: [{ op: "log", text: caught }] }] }, ...after] },
  };
}
