/**
 * Port of CPython's `asyncio/mixins.py`: how a synchronisation primitive or queue finds
 * its event loop, which differs by version.
 *
 * - 3.10 and later (`_LoopBoundMixin`): the primitive binds to the running loop the first
 *   time it needs one, and using it from another loop afterwards raises
 *   `RuntimeError('<...> is bound to a different event loop')`.
 * - 3.7 to 3.9: the primitive binds at construction to `get_event_loop()`, so one created
 *   outside a running loop and then used in `asyncio.run` (a new loop) makes the waiting
 *   task fail with "attached to a different loop" (measured fact D10).
 *
 * Which rule applies is the target of the loop that uses the primitive (or, outside any
 * loop, of the loop it was created with).
 *
 * @example
 * ```ts
 * class Latch extends LoopBoundMixin {
 *   wait(): Future<void> { return this._getLoop().createFuture(); }
 * }
 * ```
 * @module
 */
import type { BaseEventLoop } from "./base_events.ts";
import { _currentEventLoop, _getRunningLoop, _policyEventLoop, getRunningLoop } from "./events.ts";
import { RuntimeError, TypeError } from "./exceptions.ts";
import { getDefaultPython, pythonMinor } from "./version.ts";
import { _warnLoopArgument } from "./warnings.ts";

/**
 * The loop-binding rules above; subclasses call `_getLoop()` when they need the loop.
 *
 * @example
 * ```ts
 * class Gate extends asyncio.LoopBoundMixin {
 *   wait(): asyncio.Future<void> { return this._getLoop().createFuture(); }
 * }
 * ```
 */
export abstract class LoopBoundMixin {
  /** @internal The loop bound lazily (3.10+ rule); null until first needed. */
  _loop: BaseEventLoop | null = null;
  /**
   * @internal The loop `get_event_loop()` gave at construction (3.7–3.9 rule), or null
   * when there was none (then only the 3.10+ rule can apply, which needs no loop to
   * construct).
   */
  readonly _constructionLoop: BaseEventLoop | null;

  /**
   * `loop` is CPython 3.7–3.9's `loop=` argument (the loop to bind at construction;
   * DeprecationWarning on 3.8 and 3.9, TypeError from 3.10); without it the rules above
   * apply.
   */
  constructor(loop?: BaseEventLoop, warnModule?: string) {
    if (loop !== undefined) {
      if (loop._minor === 10) {
        throw new TypeError(`As of 3.10, the *loop* parameter was removed from ${new.target.name}() since it is no longer necessary`);
      }
      if (loop._minor > 10) throw new TypeError(`${new.target.name}.__init__() got an unexpected keyword argument 'loop'`);
      if (loop._minor >= 8) _warnLoopArgument(warnModule);
      this._constructionLoop = loop;
      return;
    }
    // 3.7-3.9 call get_event_loop() here: the current loop, made on first use, and a
    // RuntimeError once set_event_loop(None) was called (asyncio.run calls it at exit).
    // From 3.10 nothing asks for a loop before one is needed, and none is made; which
    // release's rule applies without any loop is the default target's.
    loop = _getRunningLoop() ?? _currentEventLoop() ?? undefined;
    if (loop === undefined && pythonMinor(getDefaultPython()) < 10) loop = _policyEventLoop();
    this._constructionLoop = loop ?? null;
  }

  /** @internal CPython's `_get_loop()` (3.10+), or the construction-time loop (3.7–3.9). */
  _getLoop(): BaseEventLoop {
    const running = _getRunningLoop();
    const decider = running ?? this._constructionLoop;
    if (decider === null) return getRunningLoop(); // throws: no running event loop
    if (decider._minor < 10 && this._constructionLoop !== null) return this._constructionLoop;
    if (this._loop === null) this._loop = running;
    if (running !== this._loop) throw new RuntimeError(`${this} is bound to a different event loop`);
    return this._loop as BaseEventLoop;
  }

  /**
   * @internal The loop whose target decides behaviour that differs by release: the
   * running loop, else the bound one, else the construction-time one (null: none).
   */
  _targetLoop(): BaseEventLoop | null {
    return _getRunningLoop() ?? this._loop ?? this._constructionLoop;
  }

  /** @internal The target's minor version (the default target's without any loop). */
  _minor(): number {
    const loop = this._targetLoop();
    return loop === null ? pythonMinor(getDefaultPython()) : loop._minor;
  }
}
