/**
 * `validate` calls that reach text formatting, exceptions, task groups, timeouts, warnings, comparisons and heapq (src/asyncio/format_helpers.ts, exceptions.ts, taskgroups.ts, timeouts.ts, warnings.ts, operator.ts, heapq.ts), written from the mutation survivors of session 15
 * (see ./validate_case.ts for how a case is written, and ./validate_cases.ts for the main
 * table this one is merged into). Scenes of more than one step are the harness's (marker
 * "scenes of the misc cases" in ../harness.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(MISC_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { SINCE_11, c, scene, type ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const MISC_CASES = {
  // PriorityQueue items Python finds equal (sets, None as undefined and null, 1 and True) or orders by a prefix (tuples), and those it cannot order (unequal dicts, None or an int against a str).
  "misc: PriorityQueue: equal sets, equal Nones, equal tuples and a tuple's prefix": c(
    "call",
    "trace.misc_drain_each([[0, {1}, 'b'], [0, {1}, 'a']], [[1, None, 'b'], [1, None, 'a']], [[1], [True]], [[1, [2, 3], 'a'], [1, [2], 'b']])",
    'trace.miscDrainEach([[0, new Set([1]), "b"], [0, new Set([1]), "a"]], [[1, undefined, "b"], [1, null, "a"]], [[1], [true]], [[1, [2, 3], "a"], [1, [2], "b"]])',
    (t) => t.miscDrainEach([[0, new Set([1]), "b"], [0, new Set([1]), "a"]], [[1, undefined, "b"], [1, null, "a"]], [[1], [true]], [[1, [2, 3], "a"], [1, [2], "b"]]),
  ),
  "misc: PriorityQueue: unequal dicts, None and int, int and str": c(
    "call",
    "trace.misc_drain_each([[1, {1: 'a', 2: 'b'}, 'x'], [1, {1: 'a'}, 'y']], [[5, {'a': 1, 'b': 2}, 'x'], [5, {'a': 1}, 'y']], [[5, {'a': 1}, 'x'], [5, {'a': 2}, 'y']], [[1, 0], [1, None]], [[0, 'v1'], [0, 2]])",
    'trace.miscDrainEach([[1, new Map([[1, "a"], [2, "b"]]), "x"], [1, new Map([[1, "a"]]), "y"]], [[5, { a: 1, b: 2 }, "x"], [5, { a: 1 }, "y"]], [[5, { a: 1 }, "x"], [5, { a: 2 }, "y"]], [[1, 0], [1, undefined]], [[0, "v1"], [0, 2]])',
    (t) => t.miscDrainEach([[1, new Map([[1, "a"], [2, "b"]]), "x"], [1, new Map([[1, "a"]]), "y"]], [[5, { a: 1, b: 2 }, "x"], [5, { a: 1 }, "y"]], [[5, { a: 1 }, "x"], [5, { a: 2 }, "y"]], [[1, 0], [1, undefined]], [[0, "v1"], [0, 2]]),
  ),
  // reprlib (a future's result): a dict Python cannot sort in another order than its own, an empty dict, a list and a tuple key at the depth limit inside dicts.
  "misc: repr(future of an unsortable dict and dicts at the depth limit)": c(
    "call",
    "trace.repr(trace.done([{2: 'x', 1: 'y', 'b': 1}, {'a': [[[[[1]]]]], 'b': [[[[{}]]]], 'c': [[[{(1,): 2}]]]}]))",
    'trace.repr(trace.done([new Map<unknown, unknown>([[2, "x"], [1, "y"], ["b", 1]]), { a: [[[[[1]]]]], b: [[[[{}]]]], c: [[[new Map([[Object.freeze([1]), 2]])]]] }]))',
    (t) => t.repr(t.done([new Map<unknown, unknown>([[2, "x"], [1, "y"], ["b", 1]]), { a: [[[[[1]]]]], b: [[[[{}]]]], c: [[[new Map([[Object.freeze([1]), 2]])]]] }])),
  ),
  // repr() of a str: format and unassigned characters below U+1000 print as four-digit \u escapes.
  "misc: repr(str) with four-digit escapes below U+1000": c("call", "repr('a\\u0600\\u0378\\u070f')", 'asyncio.pyRepr("a\\u0600\\u0378\\u070f")', () => asyncio.pyRepr("a\u0600\u0378\u070f")),
  // repr() of a function without a name.
  "misc: repr(lambda)": c("call", "trace.repr(eval('lambda: 0'))", "trace.repr(() => 0)", (t) => t.repr(() => 0)),
  // Timeout reprs at deadlines round() keeps as they are: nan, 2 ** 53 and above, 1e21.
  "misc: repr(Timeout) at nan, 2 ** 53 and 1e21": c("await", "trace.misc_timeout_reprs(float('nan'), 2.0 ** 53, 2.0 ** 60, 1e21)", "trace.miscTimeoutReprs(NaN, 2 ** 53, 2 ** 60, 1e21)", (t) => t.miscTimeoutReprs(Number.NaN, 2 ** 53, 2 ** 60, 1e21), SINCE_11),
  // An expired Timeout whose body raises a CancelledError subclass: TimeoutError from 3.13, the subclass before.
  "misc: Timeout expired, body raises a CancelledError subclass": scene("await", "miscTimeoutCancelSubclass", [], SINCE_11),
  // A TaskGroup child's repr names the group's done-callback; its parent waits on a future that is done.
  "misc: reprs of a TaskGroup's child and parent": scene("await", "miscGroupReprs", [], SINCE_11),
  // The loop rebuilds its timer heap when over half of more than 100 timers are cancelled, the earliest among them.
  "misc: timer heap rebuilt after the earliest timer is cancelled": scene("await", "miscTimerRebuild", []),
  // A TaskGroup's parent cancelled by the group and from outside: 3.13 cancels it again after raising the group.
  "misc: TaskGroup parent cancelled by a failing child and from outside": scene("await", "miscGroupCancelledFromOutside", [], SINCE_11),
  // catch_warnings() gives no record list; catch_warnings(record=True) gives the one its warnings go to.
  "misc: catch_warnings().__enter__() with and without record": scene("call", "miscCatchWarningsEnter", []),
  // wait_for cancelled in the iteration its future fails: 3.8-3.11 raise the failure, chained to the cancellation.
  "misc: wait_for's task cancelled as its future fails": scene("await", "miscWaitForCancelledAfterFailure", []),
  // A TaskGroup's __aexit__ awaited directly with the body's CancelledError, and stepped by hand with a ValueError thrown in.
  "misc: TaskGroup.__aexit__ called by hand": scene("await", "miscGroupAexitByHand", [], SINCE_11),
  // A TaskGroup's __aexit__ called by hand twice with base errors: the first one recorded is raised again (3.14 forgets it after each exit).
  "misc: TaskGroup.__aexit__ by hand with SystemExit, then KeyboardInterrupt": scene("await", "miscGroupBaseErrorsByHand", [], SINCE_11),
  // A TaskGroup child that a task factory gives already failed: 3.11 and 3.14 handle it in a later callback, 3.12-3.13 at once.
  "misc: TaskGroup child given already failed by a task factory": scene("await", "miscGroupFactoryDone", [], SINCE_11),
  // Timeout.__aexit__ by hand on a scope not entered: CPython's assert on its state fails.
  "misc: Timeout.__aexit__ before entering and after finishing": scene("await", "miscTimeoutAexitUnentered", [], SINCE_11),
  // A JavaScript TypeError is Python's TypeError: no KeyError, and a BaseException.
  "misc: isinstance(JavaScript TypeError, KeyError) and (BaseException)": c(
    "call",
    "[isinstance(TypeError('x'), KeyError), isinstance(TypeError('x'), BaseException)]",
    '[asyncio.exceptMatch(new globalThis.TypeError("x"), asyncio.KeyError), asyncio.exceptMatch(new globalThis.TypeError("x"), asyncio.BaseException)]',
    () => [asyncio.exceptMatch(new globalThis.TypeError("x"), asyncio.KeyError), asyncio.exceptMatch(new globalThis.TypeError("x"), asyncio.BaseException)],
  ),
  // PriorityQueue items whose elements are a list and a str of the same length (unequal, so unorderable), and strs of which one is the other's prefix.
  "misc 17: PriorityQueue: a list against a str of its length, and a str after its prefix": c(
    "call",
    "trace.misc_drain_each([[1, [], 'a'], [1, '', 'b']], [[1, ['x'], 'a'], [1, 'x', 'b']], ['a', 'ab'])",
    'trace.miscDrainEach([[1, [], "a"], [1, "", "b"]], [[1, ["x"], "a"], [1, "x", "b"]], ["a", "ab"])',
    (t) => t.miscDrainEach([[1, [], "a"], [1, "", "b"]], [[1, ["x"], "a"], [1, "x", "b"]], ["a", "ab"]),
  ),
  // Two equal sets in a PriorityQueue, the second grown while queued: `{1} < {1}` is False, so the first comes out first.
  "misc 17: PriorityQueue of two equal sets, the second grown while queued": scene("call", "miscSetHeap", []),
  // A coroutine refused by a TaskGroup never entered: 3.13 closes it at once (its finally runs before the RuntimeError is caught).
  "misc 17: TaskGroup refusing a started coroutine closes it from 3.13": scene("await", "miscGroupRefusedCoroClosed", [], SINCE_11),
  // A TaskGroup child starting another child while __aexit__ waits: allowed while the group has children.
  "misc 17: TaskGroup child starts a child while __aexit__ waits": scene("await", "miscGroupChildAddsChild", [], SINCE_11),
  // timeout().__aenter__() outside any task: RuntimeError.
  "misc 17: timeout().__aenter__() stepped in a callback, outside a task": scene("await", "miscTimeoutOutsideTask", [], SINCE_11),
  // Raising an exception again two links down the handled exception's context chain: CPython cuts the chain there.
  "misc 17: raise a while handling c, c's context b, b's context a": scene("call", "miscContextCycleCut", []),
  // heapq's sift between two equal str children: `'b' < 'b'` is False, so it moves the right one up.
  "misc 17: PriorityQueue heap after a get, with two equal strs": scene("call", "miscEqualStrHeap", []),
  // except* clauses that raise again (a tuple), raise anew, pass, and are left nothing.
  "misc 17: except* clauses raising again, raising anew, passing, and after the group is used up": scene("await", "miscExceptStarClauses", [], SINCE_11),
  // reprlib (a future's result): sets of 7 and 6 items (at most 6 shown) and dicts of 5 and 4 keys (at most 4 shown).
  "misc 17: repr(future of sets and dicts around reprlib's size limits)": c(
    "call",
    "trace.repr(trace.done([{7, 6, 5, 4, 3, 2, 1}, {6, 5, 4, 3, 2, 1}, {'e': 5, 'd': 4, 'c': 3, 'b': 2, 'a': 1}, {'d': 4, 'c': 3, 'b': 2, 'a': 1}]))",
    'trace.repr(trace.done([new Set([7, 6, 5, 4, 3, 2, 1]), new Set([6, 5, 4, 3, 2, 1]), { e: 5, d: 4, c: 3, b: 2, a: 1 }, { d: 4, c: 3, b: 2, a: 1 }]))',
    (t) => t.repr(t.done([new Set([7, 6, 5, 4, 3, 2, 1]), new Set([6, 5, 4, 3, 2, 1]), { e: 5, d: 4, c: 3, b: 2, a: 1 }, { d: 4, c: 3, b: 2, a: 1 }])),
  ),
  // repr() of ints past 2 ** 53 and below 1e21, where a JavaScript number's shortest digits are not the int's.
  "misc 17: repr(ints between 2 ** 53 and 1e21)": c(
    "call",
    "repr([2 ** 60, -(2 ** 60), 2 ** 53 + 2, 2 ** 69])",
    "asyncio.pyRepr([2 ** 60, -(2 ** 60), 2 ** 53 + 2, 2 ** 69])",
    () => asyncio.pyRepr([2 ** 60, -(2 ** 60), 2 ** 53 + 2, 2 ** 69]),
  ),
  // One warning twice from one line under 3.14's 'all': both recorded, as under 'always' (the registry is not consulted).
  "misc 17: the same warning twice under simplefilter('all')": scene("call", "miscWarnTwice", ["all"], { since: 14 }),
  // except* whose handler raises a new group whose context and cause equal the original's: still raised anew.
  "misc 17: except* handler raising a new group with the original's context": scene("await", "miscExceptStarNewGroup", [], SINCE_11),
  // __aexit__ awaited on a TaskGroup never entered: nothing to wait for, it returns None.
  "misc 17: TaskGroup().__aexit__(None, None, None) never entered": c("await", "asyncio.TaskGroup().__aexit__(None, None, None)", "new asyncio.TaskGroup().aexit(null)", () => new asyncio.TaskGroup().aexit(null), SINCE_11),
  // Timeout.reschedule(None) drops the handle of the old deadline (a private attribute).
  "misc 17: Timeout.reschedule(None) clears its handle": scene("await", "miscTimeoutRescheduleNone", [], SINCE_11),
} satisfies Record<string, ValidateCase>;
