/**
 * Scenes of the text cases (./ops/validate_cases_text.ts), called from the `Harness`
 * methods of the same names (twins in python-reference/asyncio_ts_harness.py): an
 * `except` or `attempt` around a raise, `except*` with a class it refuses, a misused
 * `catch_warnings`, message filters, and objects ordered by their own `__lt__`/`__gt__`/`__eq__`.
 *
 * @example
 * ```ts
 * caughtBy(new asyncio.KeyError("k"), [asyncio.LookupError]); // "KeyError('k')"
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Json } from "./trace.ts";

/** `try: raise exc` / `except classes as e: return repr(e)`: anything else propagates. */
export function caughtBy(exc: unknown, classes: readonly asyncio.ExceptionClass[]): string {
  try {
    throw exc;
  } catch (e) {
    asyncio.except(e, ...classes);
    return asyncio.pyRepr(e);
  }
}

/** `try: v = await body` / `except classes as e: ["caught", e]` / `else: ["ok", v]`. */
export function* attemptOutcome(
  body: asyncio.Coroutine<unknown> | (() => asyncio.Coroutine<unknown>),
  classes: readonly asyncio.ExceptionClass[],
  value: (v: unknown) => Json,
): asyncio.Coroutine<Json> {
  const r = yield* asyncio.attempt(body, ...classes);
  return r.ok ? ["ok", value(r.value)] : ["caught", value(r.error)];
}

/** `except* classes:` around `raise ValueError(1)`: the class, message and size of the group it caught. */
export function* exceptStarWith(classes: asyncio.ExceptionClass | readonly asyncio.ExceptionClass[]): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  yield* asyncio.exceptStar(new asyncio.ValueError(1), [
    classes,
    (eg) => {
      out.push([eg.name, eg.message, eg.exceptions.length]);
    },
  ]);
  return out;
}

/**
 * `except* classes:` around `ExceptionGroup('m', [ValueError(1), KeyError(2),
 * ExceptionGroup('n', [ValueError(3)])])`; the handler records what it caught and passes,
 * raises it again bare, or raises `KeyError('new')`.
 */
export function* exceptStarGroup(
  classes: asyncio.ExceptionClass | readonly asyncio.ExceptionClass[],
  action: "pass" | "raise" | "raise new",
): asyncio.Coroutine<Json> {
  const out: Json[] = [];
  const group = new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.KeyError(2), new asyncio.ExceptionGroup("n", [new asyncio.ValueError(3)])]);
  yield* asyncio.exceptStar(group, [
    classes,
    (eg) => {
      out.push([eg.name, eg.message, eg.exceptions.length]);
      if (action === "raise") throw eg;
      if (action === "raise new") throw new asyncio.KeyError("new");
    },
  ]);
  return out;
}

const cancelledInner = asyncio.asyncDef(function* text_cancelled_inner(): asyncio.Coroutine<Json> {
  try {
    yield* asyncio.sleep(1);
    return null;
  } catch (e) {
    if (!(e instanceof asyncio.CancelledError)) throw e;
    // The loop makes this error without a JavaScript stack: `message` is Python's str(),
    // `stack` V8's first line.
    return [e.message, e.stack ?? null];
  }
}, "Harness.text_cancelled_inside.<locals>.inner");

/** A task cancelled (with `msg` unless null) while it sleeps: what it gives from its `except CancelledError`. */
export function* cancelledInside(msg: string | null): asyncio.Coroutine<Json> {
  const task = asyncio.ensureFuture(cancelledInner());
  yield* asyncio.sleep(0);
  if (msg === null) task.cancel();
  else task.cancel(msg);
  return yield* task;
}

/**
 * `Condition.wait_for` over a predicate that gives `values` in turn, while another task
 * notifies until it returns: how many times the predicate ran, and what wait_for gave.
 */
export function* waitForValues(values: unknown[], value: (v: unknown) => Json): asyncio.Coroutine<Json> {
  const cond = new asyncio.Condition();
  let calls = 0;
  let done = false;
  const notifier = asyncio.ensureFuture(
    asyncio.asyncDef(function* notifier(): asyncio.Coroutine<void> {
      while (!done) {
        yield* asyncio.sleep(0);
        yield* cond.acquire();
        try {
          cond.notifyAll();
        } finally {
          cond.release();
        }
      }
    }, "Harness.text_wait_for_values.<locals>.notifier")(),
  );
  yield* cond.acquire();
  let result: unknown;
  try {
    result = yield* cond.waitFor(() => values[calls++]);
  } finally {
    cond.release();
  }
  done = true;
  yield* notifier;
  return [calls, value(result)];
}

/**
 * A `catch_warnings` exited before it is entered, entered twice, exited twice and entered
 * again: per step, the class and text of what it raised, or null.
 */
export function catchWarningsMisuse(record: boolean): Json {
  const scope = asyncio.warnings.catchWarnings({ record });
  const out: Json[] = [];
  const step = (name: string, run: () => void): void => {
    try {
      run();
      out.push([name, null]);
    } catch (e) {
      if (!(e instanceof asyncio.RuntimeError)) throw e;
      out.push([name, e.name, asyncio.pyStr(e)]);
    }
  };
  step("exit", () => scope.exit());
  step("enter", () => void scope.enter());
  step("enter", () => void scope.enter());
  step("exit", () => scope.exit());
  step("exit", () => scope.exit());
  step("enter", () => void scope.enter());
  return out;
}

/**
 * Inside `catch_warnings(record=True)` after `resetwarnings()`: message filters (matched
 * case-insensitively at the start), an appended filter added twice, and warnings given as
 * text or as instances. Gives the number of filters, then per warning what became of it.
 */
export function messageFilters(action: "always" | "all"): Json {
  const w = asyncio.warnings;
  const scope = w.catchWarnings({ record: true });
  const log = scope.enter() as asyncio.warnings.WarningMessage[];
  try {
    w.resetwarnings();
    w.simplefilter(action);
    w.filterwarnings("error", { module: "zzz" });
    w.filterwarnings("error", { message: "boom" });
    w.filterwarnings("ignore", { message: "quiet", append: true });
    w.filterwarnings("ignore", { message: "quiet", append: true });
    w.filterwarnings("ignore", { message: "calm", append: true });
    w.filterwarnings("ignore", { message: "calm", module: "zzz", append: true });
    w.filterwarnings("error", { message: "calm", append: true });
    w.filterwarnings("ignore", { message: "hush", category: w.UserWarning });
    const out: Json[] = [w.filters().length];
    const warnings: (string | asyncio.warnings.Warning)[] = ["Boom here", "a boom", new w.RuntimeWarning("boom 2"), new w.UserWarning("hush now"), new w.RuntimeWarning("hush too"), "quiet", "quiet"];
    for (const message of warnings) {
      const before = log.length;
      try {
        w.warn(message);
      } catch (e) {
        if (!(e instanceof w.Warning)) throw e;
        out.push(["raised", e.name, asyncio.pyStr(e)]);
        continue;
      }
      const shown = log.slice(before).map((m) => [m.category.name, asyncio.pyStr(m.message)]);
      out.push(["shown", shown]);
    }
    return out;
  } finally {
    scope.exit();
  }
}

/** `simplefilter(action)` or `filterwarnings(action)` inside `catch_warnings()` after `resetwarnings()`: the number of filters. */
export function filterAction(how: "simplefilter" | "filterwarnings", action: string): Json {
  const w = asyncio.warnings;
  const scope = w.catchWarnings();
  scope.enter();
  try {
    w.resetwarnings();
    if (how === "simplefilter") w.simplefilter(action as asyncio.warnings.WarningAction);
    else w.filterwarnings(action as asyncio.warnings.WarningAction);
    return w.filters().length;
  } finally {
    scope.exit();
  }
}

/** An object Python orders through `__lt__`, `__gt__` and `__eq__` only, against ranks and numbers. */
export class Rank {
  constructor(readonly v: number) {}

  private static of(other: unknown): number {
    return other instanceof Rank ? other.v : (other as number);
  }

  __eq__(other: unknown): boolean {
    return this.v === Rank.of(other);
  }

  __lt__(other: unknown): boolean {
    return this.v < Rank.of(other);
  }

  __gt__(other: unknown): boolean {
    return this.v > Rank.of(other);
  }

  toString(): string {
    return `Rank(${this.v})`;
  }
}
