/**
 * Python's "exception being handled" (`sys.exc_info()`), emulated for a program whose
 * trace records exception contexts. JavaScript has no implicit chaining; CPython sets an
 * exception's `__context__` whenever it is raised while another is handled, and the
 * kit must reproduce that exactly. The rules this module follows, from CPython's
 * `_PyErr_SetObject`, `gen_send_ex` and `_gen_throw`:
 *
 * - Every coroutine frame has its own stack of handled exceptions: an `except` block
 *   handles what it caught, a `finally` block what is in flight, `async with` the body's
 *   exception while `__aexit__` runs, an `except*` block the group it matched.
 * - A `raise` (and a raise inside asyncio on the program's behalf, such as a done
 *   future's `result()`) takes the innermost handled exception of the frames linked to
 *   the running one: a coroutine awaited inline is linked to its caller.
 * - A task step that throws into the coroutine (cancellation, an awaited future that
 *   failed) does not link the suspended frames it passes through: while code below a
 *   frame runs in that step, the frame's handled exceptions are invisible, and a frame
 *   resumed so sees only its own and those of frames it then calls.
 * - From Python 3.9, when an exception comes out of such a throw at a frame's `await`,
 *   it is chained to that frame's own handled exception (`_PyErr_ChainStackItem`).
 *
 * The harness owns one state per run; the interpreter and the emitted TypeScript call
 * the same methods (through the harness), so they agree by construction.
 *
 * @example
 * ```ts
 * const state = new ExceptionState(11);
 * const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<unknown> {
 *   return yield* state.frame(function* () {
 *     try { throw new asyncio.ValueError(1); } catch (e) {
 *       state.enter(e);
 *       try { throw state.raised(new asyncio.KeyError(2)); } finally { state.leave(); }
 *     }
 *   });
 * });
 * ```
 * @module
 */
import { RuntimeError, _setHandledProvider, withContext } from "../asyncio/exceptions.ts";
import { _delegateSteps, type Coroutine } from "../asyncio/coroutines.ts";

/** One coroutine frame's part of the state. */
class Frame {
  /** What the frame is handling, innermost last. */
  readonly handled: unknown[] = [];
  /** The frame that resumed this one in the current step (its caller), null for a task's top frame. */
  parent: Frame | null = null;
  /** Resumed by a throw in this step: the frames above it are not linked. */
  cut = false;
  /** Resumed by a throw and its own code has not run since: what emerges is chained (3.9+). */
  pending = false;
}

/** No exception in flight (a `finally` entered normally). */
const NONE: unique symbol = Symbol("no exception");

/**
 * A handler of {@link ExceptionState.tryExcept}: whether it catches, and its body (which
 * may return a value for `return`).
 */
export type Clause<R> = readonly [(e: unknown) => boolean, (e: unknown) => Coroutine<R | undefined>];

/**
 * The handled-exception state of one program run (see the module comment).
 *
 * @example
 * ```ts
 * const state = new ExceptionState(12);
 * state.install();
 * try { harness.run(main); } finally { state.uninstall(); }
 * ```
 */
export class ExceptionState {
  /** The frame whose code runs now (null between task steps). */
  private current: Frame | null = null;
  private previousProvider: (() => unknown) | null = null;

  /** `minor`: the Python release's minor number (chaining on throws is 3.9+). */
  constructor(readonly minor: number) {}

  /** Makes the library's raises (`result()`, ...) take their context from this state. */
  install(): void {
    this.previousProvider = _setHandledProvider(() => this.handled());
  }

  /** Undoes {@link install}. */
  uninstall(): void {
    _setHandledProvider(this.previousProvider);
    this.previousProvider = null;
  }

  /**
   * Runs `body()` as a coroutine frame: drives its generator, noting for each step
   * whether it was resumed by a throw.
   */
  *frame<R>(body: () => Coroutine<R>): Coroutine<R> {
    const frame = new Frame();
    return yield* _delegateSteps(body(), (resume, thrown) => {
      const outer = this.current;
      frame.parent = outer;
      frame.cut = thrown;
      frame.pending = thrown;
      this.current = frame;
      try {
        return resume();
      } catch (e) {
        // Out of the frame without passing one of its own handlers: chained at its await.
        this.chainPending(frame, e);
        throw e;
      } finally {
        this.current = outer;
      }
    });
  }

  /** The exception `sys.exc_info()` shows where code runs now (what a raise is chained to). */
  handled(): unknown {
    for (let f = this.current; f !== null; f = f.parent) {
      if (f.pending) return null; // code below a frame resumed by a throw: nothing linked
      if (f.handled.length > 0) return f.handled[f.handled.length - 1];
      if (f.cut) return null;
    }
    return null;
  }

  /** The running frame's own code runs: it has regained control since a throw. */
  regained(): void {
    if (this.current !== null) this.current.pending = false;
  }

  /** `raise exc` in the program: chained to what is handled here. */
  raised<E>(exc: E): E {
    this.regained();
    return withContext(exc, this.handled());
  }

  /** What a bare `raise` raises here: the exception being handled, or Python's RuntimeError. */
  reraising(): unknown {
    this.regained();
    const e = this.handled();
    return e === null ? new RuntimeError("No active exception to reraise") : e;
  }

  /**
   * An exception reaches the running frame's own code (an `except`, a `finally`, the
   * end of an `async with`): if it came out of a throw at the frame's await, it is
   * chained to the frame's own handled exception first (3.9+). Returns `e`.
   */
  emerge<E>(e: E): E {
    if (this.current !== null) this.chainPending(this.current, e);
    return e;
  }

  private chainPending(frame: Frame, e: unknown): void {
    if (!frame.pending) return;
    frame.pending = false;
    if (this.minor >= 9 && frame.handled.length > 0) withContext(e, frame.handled[frame.handled.length - 1]);
  }

  /** The running frame starts handling `e` (an `except` block, a `finally` with `e` in flight). */
  enter(e: unknown): void {
    this.regained();
    this.current?.handled.push(e);
  }

  /** The running frame stops handling the exception of the innermost {@link enter}. */
  leave(): void {
    this.current?.handled.pop();
  }

  /**
   * `try` with `except` clauses (the first whose test passes runs) and `finally`, each
   * block a generator function; a value other than undefined from a block is a `return`.
   */
  *tryExcept<R>(body: () => Coroutine<R | undefined>, clauses: readonly Clause<R>[], final?: () => Coroutine<R | undefined>): Coroutine<R | undefined> {
    let inflight: unknown = NONE;
    try {
      try {
        return yield* body();
      } catch (e) {
        this.emerge(e);
        const clause = clauses.find(([test]) => test(e));
        if (clause === undefined) throw e;
        return yield* this.handling(e, () => clause[1](e));
      }
    } catch (x) {
      inflight = x;
      throw x;
    } finally {
      if (final !== undefined) {
        const r = inflight === NONE ? yield* this.guarded(final) : yield* this.handling(inflight, final);
        // A `return` in `finally` replaces whatever was in flight, in both languages.
        // eslint-disable-next-line no-unsafe-finally
        if (r !== undefined) return r;
      }
    }
  }

  /** Runs a block while handling `e`: what leaves it is chained first, then `e` is no longer handled. */
  *handling<R>(e: unknown, block: () => Coroutine<R>): Coroutine<R> {
    this.enter(e);
    try {
      return yield* block();
    } catch (x) {
      throw this.emerge(x);
    } finally {
      this.leave();
    }
  }

  /** Runs a block of the running frame: what leaves it is chained first. */
  *guarded<R>(block: () => Coroutine<R>): Coroutine<R> {
    try {
      return yield* block();
    } catch (x) {
      throw this.emerge(x);
    }
  }
}
