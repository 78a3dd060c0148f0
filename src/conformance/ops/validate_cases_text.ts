/**
 * `validate` calls for reprs, exception texts, Python comparisons and warnings (see ./validate_case.ts for how a case is written, and
 * ./validate_cases.ts for the main table this one is merged into).
 *
 * @example
 * ```ts
 * Object.keys(TEXT_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { SINCE_11, c, scene, never, type ValidateCase } from "./validate_case.ts";

const ESCAPED = "a\nb\rc\td\x01e\x7f\x85\xa0\xad\u2028\u200b\u3000\uffff\u{e0001}";
const eg = (): asyncio.ExceptionGroup => new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.KeyError(2), new asyncio.TypeError(3)]);
const nested = (): asyncio.ExceptionGroup =>
  new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.ExceptionGroup("n", [new asyncio.KeyError(2), new asyncio.ValueError(3)])]);
const EG_PY = "ExceptionGroup('m', [ValueError(1), KeyError(2), TypeError(3)])";
const EG_TS = 'new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.KeyError(2), new asyncio.TypeError(3)])';
const NESTED_PY = "ExceptionGroup('m', [ValueError(1), ExceptionGroup('n', [KeyError(2), ValueError(3)])])";
const NESTED_TS = 'new asyncio.ExceptionGroup("m", [new asyncio.ValueError(1), new asyncio.ExceptionGroup("n", [new asyncio.KeyError(2), new asyncio.ValueError(3)])])';
const messageOf = (m: unknown) => () => new asyncio.ExceptionGroup(never(m), [new asyncio.ValueError()]);

/** The calls, by name (the Python call, as the event names it). */
export const TEXT_CASES = {
  // repr() of a str: escapes of control, separator and format characters.
  "text: repr(str) with escapes": c(
    "call",
    "repr('a\\nb\\rc\\td\\x01e\\x7f\\x85\\xa0\\xad\\u2028\\u200b\\u3000\\uffff\\U000e0001')",
    'asyncio.pyRepr("a\\nb\\rc\\td\\x01e\\x7f\\x85\\xa0\\xad\\u2028\\u200b\\u3000\\uffff\\u{e0001}")',
    () => asyncio.pyRepr(ESCAPED),
  ),
  // repr() of containers and scalars outside reprlib.
  "text: repr(tuples)": c("call", "repr([(1,), (1, 'a'), ()])", "asyncio.pyRepr([Object.freeze([1]), Object.freeze([1, \"a\"]), Object.freeze([])])", () => asyncio.pyRepr([Object.freeze([1]), Object.freeze([1, "a"]), Object.freeze([])])),
  "text: repr(dict with int keys)": c("call", "repr({1: 'a', 'b': (2,)})", "asyncio.pyRepr(new Map<unknown, unknown>([[1, \"a\"], [\"b\", Object.freeze([2])]]))", () => asyncio.pyRepr(new Map<unknown, unknown>([[1, "a"], ["b", Object.freeze([2])]]))),
  "text: repr(set() and a set)": c("call", "repr([set(), {1, 2}])", "asyncio.pyRepr([new Set(), new Set([1, 2])])", () => asyncio.pyRepr([new Set(), new Set([1, 2])])),
  "text: repr(True, False, None, big ints, -0.0)": c("call", "repr([True, False, None, 10 ** 20, -(2 ** 70), 10 ** 21, -0.0])", "asyncio.pyRepr([true, false, null, 10n ** 20n, -(2n ** 70n), 1e21, -0])", () => asyncio.pyRepr([true, false, null, 10n ** 20n, -(2n ** 70n), 1e21, -0])),
  "text: repr(list holding itself)": c("call", "(lambda l: (l.append(l), repr(l))[1])([1])", "((l: unknown[]) => (l.push(l), asyncio.pyRepr(l)))([1])", () => ((l: unknown[]) => (l.push(l), asyncio.pyRepr(l)))([1])),
  "text: repr(dict holding itself)": c("call", "(lambda d: (d.__setitem__('k', d), repr(d))[1])({'a': 1})", "((d: Record<string, unknown>) => ((d.k = d), asyncio.pyRepr(d)))({ a: 1 })", () => ((d: Record<string, unknown>) => ((d.k = d), asyncio.pyRepr(d)))({ a: 1 })),
  "text: repr(dict without a prototype)": c("call", "repr({'a': 1})", "asyncio.pyRepr(Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 }))", () => asyncio.pyRepr(Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 }))),
  "text: repr(JavaScript TypeErrors)": c("call", "repr([TypeError('x'), TypeError()])", "asyncio.pyRepr([new globalThis.TypeError(\"x\"), new globalThis.TypeError()])", () => asyncio.pyRepr([new globalThis.TypeError("x"), new globalThis.TypeError()])),
  // reprlib (a future's result): tuples, more than six items, and containers at the depth limit.
  "text: repr(future of tuples and deep containers)": c(
    "call",
    "trace.repr(trace.done([(1,), (), (1, 2, 3, 4, 5, 6, 7), [[[[[(1,), {1}, {1: 2}, [1], (), 'x']]]]]]))",
    "trace.repr(trace.done([Object.freeze([1]), Object.freeze([]), Object.freeze([1, 2, 3, 4, 5, 6, 7]), [[[[[Object.freeze([1]), new Set([1]), new Map([[1, 2]]), [1], Object.freeze([]), \"x\"]]]]]]))",
    (t) => t.repr(t.done([Object.freeze([1]), Object.freeze([]), Object.freeze([1, 2, 3, 4, 5, 6, 7]), [[[[[Object.freeze([1]), new Set([1]), new Map([[1, 2]]), [1], Object.freeze([]), "x"]]]]]])),
  ),
  // str() of KeyError and of several arguments.
  "text: str(KeyError()) and str(KeyError('a', 2))": c("call", "[str(KeyError()), str(KeyError('a', 2))]", "[asyncio.pyStr(new asyncio.KeyError()), asyncio.pyStr(new asyncio.KeyError(\"a\", 2))]", () => [asyncio.pyStr(new asyncio.KeyError()), asyncio.pyStr(new asyncio.KeyError("a", 2))]),
  "text: str(RuntimeError('a', (1,), None))": c("call", "str(RuntimeError('a', (1,), None))", "asyncio.pyStr(new asyncio.RuntimeError(\"a\", Object.freeze([1]), null))", () => asyncio.pyStr(new asyncio.RuntimeError("a", Object.freeze([1]), null))),
  // ExceptionGroup(...) refused, naming the type of the message.
  "text: ExceptionGroup(1, [...])": c("construct", "ExceptionGroup(1, [ValueError()])", "new asyncio.ExceptionGroup(1 as never, [new asyncio.ValueError()])", messageOf(1), SINCE_11),
  "text: ExceptionGroup(big int, [...])": c("construct", "ExceptionGroup(10 ** 20, [ValueError()])", "new asyncio.ExceptionGroup((10n ** 20n) as never, [new asyncio.ValueError()])", messageOf(10n ** 20n), SINCE_11),
  "text: ExceptionGroup(lambda, [...])": c("construct", "ExceptionGroup(lambda: 0, [ValueError()])", "new asyncio.ExceptionGroup((() => 0) as never, [new asyncio.ValueError()])", messageOf(() => 0), SINCE_11),
  "text: ExceptionGroup(dict, [...])": c("construct", "ExceptionGroup({1: 2}, [ValueError()])", "new asyncio.ExceptionGroup(new Map([[1, 2]]) as never, [new asyncio.ValueError()])", messageOf(new Map([[1, 2]])), SINCE_11),
  "text: ExceptionGroup(dict without a prototype, [...])": c("construct", "ExceptionGroup({}, [ValueError()])", "new asyncio.ExceptionGroup(Object.create(null) as never, [new asyncio.ValueError()])", messageOf(Object.create(null)), SINCE_11),
  "text: ExceptionGroup(set, [...])": c("construct", "ExceptionGroup({1}, [ValueError()])", "new asyncio.ExceptionGroup(new Set([1]) as never, [new asyncio.ValueError()])", messageOf(new Set([1])), SINCE_11),
  "text: ExceptionGroup(trace, [...])": c("construct", "ExceptionGroup(trace, [ValueError()])", "new asyncio.ExceptionGroup(trace as never, [new asyncio.ValueError()])", (t) => new asyncio.ExceptionGroup(never(t), [new asyncio.ValueError()]), SINCE_11),
  "text: ExceptionGroup('m', 1)": c("construct", "ExceptionGroup('m', 1)", "new asyncio.ExceptionGroup(\"m\", 1 as never)", () => new asyncio.ExceptionGroup("m", never(1)), SINCE_11),
  "text: ExceptionGroup('m', [])": c("construct", "ExceptionGroup('m', [])", "new asyncio.ExceptionGroup(\"m\", [])", () => new asyncio.ExceptionGroup("m", []), SINCE_11),
  "text: ExceptionGroup('m', [ValueError(), None])": c("construct", "ExceptionGroup('m', [ValueError(), None])", "new asyncio.ExceptionGroup(\"m\", [new asyncio.ValueError(), null])", () => new asyncio.ExceptionGroup("m", [new asyncio.ValueError(), null]), SINCE_11),
  // split and subgroup by a tuple of classes, nested groups, BaseExceptions, bad conditions.
  "text: ExceptionGroup.split by a tuple": c("call", `${EG_PY}.split((ValueError, TypeError))`, `${EG_TS}.split([asyncio.ValueError, asyncio.TypeError])`, () => eg().split([asyncio.ValueError, asyncio.TypeError]), SINCE_11),
  "text: ExceptionGroup.split of a nested group by a one-tuple": c("call", `${NESTED_PY}.split((KeyError,))`, `${NESTED_TS}.split([asyncio.KeyError])`, () => nested().split([asyncio.KeyError]), SINCE_11),
  "text: ExceptionGroup.subgroup of a nested group by a tuple": c("call", `${NESTED_PY}.subgroup((OSError, ValueError))`, `${NESTED_TS}.subgroup([asyncio.OSError, asyncio.ValueError])`, () => nested().subgroup([asyncio.OSError, asyncio.ValueError]), SINCE_11),
  "text: ExceptionGroup.split(1)": c("call", `${EG_PY}.split(1)`, `${EG_TS}.split(1 as never)`, () => eg().split(never(1)), SINCE_11),
  "text: ExceptionGroup.subgroup((ValueError, 1))": c("call", `${EG_PY}.subgroup((ValueError, 1))`, `${EG_TS}.subgroup([asyncio.ValueError, 1] as never)`, () => eg().subgroup(never([asyncio.ValueError, 1])), SINCE_11),
  "text: BaseExceptionGroup.split keeps a KeyboardInterrupt apart": c(
    "call",
    "BaseExceptionGroup('b', [KeyboardInterrupt(), ValueError(1), ExceptionGroup('e', [ValueError(2)])]).split(ValueError)",
    'new asyncio.BaseExceptionGroup("b", [new asyncio.KeyboardInterrupt(), new asyncio.ValueError(1), new asyncio.ExceptionGroup("e", [new asyncio.ValueError(2)])]).split(asyncio.ValueError)',
    () => new asyncio.BaseExceptionGroup("b", [new asyncio.KeyboardInterrupt(), new asyncio.ValueError(1), new asyncio.ExceptionGroup("e", [new asyncio.ValueError(2)])]).split(asyncio.ValueError),
    SINCE_11,
  ),
  // wait(fs): falsy and non-iterable arguments of other types.
  "text: wait('')": c("wait", "asyncio.wait('')", "asyncio.wait(\"\" as never)", () => asyncio.wait(never(""))),
  "text: wait(0) as a bigint": c("wait", "asyncio.wait(0)", "asyncio.wait(0n as never)", () => asyncio.wait(never(0n))),
  "text: wait(False)": c("wait", "asyncio.wait(False)", "asyncio.wait(false as never)", () => asyncio.wait(never(false))),
  "text: wait(10 ** 20)": c("wait", "asyncio.wait(10 ** 20)", "asyncio.wait((10n ** 20n) as never)", () => asyncio.wait(never(10n ** 20n))),
  "text: wait(lambda)": c("wait", "asyncio.wait(lambda: 0)", "asyncio.wait((() => 0) as never)", () => asyncio.wait(never(() => 0))),
  "text: wait({future})": c("wait", "asyncio.wait({trace.done(1)})", "asyncio.wait(new Set([trace.done(1)]))", (t) => asyncio.wait(new Set([t.done(1)]))),
  // PriorityQueue order: code points beyond the surrogates, dicts with int keys, sets, nested tuples, big ints.
  "text: PriorityQueue: strings around the surrogates": c(
    "call",
    "[ord(s) for s in trace.drain_priority('\\U000f0000', '\\ue000', 'z', '\\uffff', '\\U00010000', '\\ud7ff', '\\U000e0001', '\\ue001')]",
    'trace.drainPriority("\\u{f0000}", "\\ue000", "z", "\\uffff", "\\u{10000}", "\\ud7ff", "\\u{e0001}", "\\ue001").map((s) => (s as string).codePointAt(0))',
    (t) => t.drainPriority("\u{f0000}", "\ue000", "z", "\uffff", "\u{10000}", "\ud7ff", "\u{e0001}", "\ue001").map((s) => (s as string).codePointAt(0)),
  ),
  "text: PriorityQueue: equal dicts with int keys": c("call", "trace.drain_priority((1, {1: 'a'}, 'b'), (1, {1: 'a'}, 'a'))", "trace.drainPriority([1, new Map([[1, \"a\"]]), \"b\"], [1, new Map([[1, \"a\"]]), \"a\"])", (t) => t.drainPriority([1, new Map([[1, "a"]]), "b"], [1, new Map([[1, "a"]]), "a"])),
  "text: PriorityQueue: dicts with int keys of two sizes": c("call", "trace.drain_priority((1, {1: 'a'}), (1, {1: 'a', 2: 'b'}))", "trace.drainPriority([1, new Map([[1, \"a\"]])], [1, new Map([[1, \"a\"], [2, \"b\"]])])", (t) => t.drainPriority([1, new Map([[1, "a"]])], [1, new Map([[1, "a"], [2, "b"]])])),
  "text: PriorityQueue: dicts with int keys, other value": c("call", "trace.drain_priority((1, {1: 'a'}), (1, {1: 'b'}))", "trace.drainPriority([1, new Map([[1, \"a\"]])], [1, new Map([[1, \"b\"]])])", (t) => t.drainPriority([1, new Map([[1, "a"]])], [1, new Map([[1, "b"]])])),
  "text: PriorityQueue: dicts with int keys, other key": c("call", "trace.drain_priority((1, {1: 'a'}), (1, {2: 'a'}))", "trace.drainPriority([1, new Map([[1, \"a\"]])], [1, new Map([[2, \"a\"]])])", (t) => t.drainPriority([1, new Map([[1, "a"]])], [1, new Map([[2, "a"]])])),
  "text: PriorityQueue: dicts of two sizes": c("call", "trace.drain_priority((5, {'a': 1}, 'a'), (5, {'a': 1, 'b': 2}, 'b'))", "trace.drainPriority([5, { a: 1 }, \"a\"], [5, { a: 1, b: 2 }, \"b\"])", (t) => t.drainPriority([5, { a: 1 }, "a"], [5, { a: 1, b: 2 }, "b"])),
  "text: PriorityQueue: disjoint sets of one size": c("call", "trace.drain_priority((0, {2}, 'b'), (0, {1}, 'a'))", "trace.drainPriority([0, new Set([2]), \"b\"], [0, new Set([1]), \"a\"])", (t) => t.drainPriority([0, new Set([2]), "b"], [0, new Set([1]), "a"])),
  "text: PriorityQueue: a smaller set that is no subset": c("call", "trace.drain_priority((0, {2, 3}, 'b'), (0, {1}, 'a'))", "trace.drainPriority([0, new Set([2, 3]), \"b\"], [0, new Set([1]), \"a\"])", (t) => t.drainPriority([0, new Set([2, 3]), "b"], [0, new Set([1]), "a"])),
  "text: PriorityQueue: nested tuples of two lengths": c("call", "trace.drain_priority((0, (1, 2), 'a'), (0, (1,), 'b'))", "trace.drainPriority([0, [1, 2], \"a\"], [0, [1], \"b\"])", (t) => t.drainPriority([0, [1, 2], "a"], [0, [1], "b"])),
  "text: PriorityQueue: big ints": c("call", "trace.repr(trace.drain_priority(10 ** 20 + 1, 10 ** 20, 2 ** 70))", "trace.repr(trace.drainPriority(10n ** 20n + 1n, 10n ** 20n, 2n ** 70n))", (t) => t.repr(t.drainPriority(10n ** 20n + 1n, 10n ** 20n, 2n ** 70n))),
  "text: PriorityQueue: None as undefined and null": c("call", "trace.drain_priority((1, None, 'b'), (1, None, 'a'))", "trace.drainPriority([1, null, \"b\"], [1, undefined, \"a\"])", (t) => t.drainPriority([1, null, "b"], [1, undefined, "a"])),
  // JavaScript's own errors where Python's are expected.
  "text: detail(JavaScript TypeError)": c("call", "trace.detail(TypeError('x'))", "trace.detail(new globalThis.TypeError(\"x\"))", (t) => t.detail(new globalThis.TypeError("x"))),
  "text: isinstance(JavaScript TypeError, (KeyError, TypeError))": c("call", "isinstance(TypeError('x'), (KeyError, TypeError))", "asyncio.exceptMatch(new globalThis.TypeError(\"x\"), asyncio.KeyError, asyncio.TypeError)", () => asyncio.exceptMatch(new globalThis.TypeError("x"), asyncio.KeyError, asyncio.TypeError)),
  // except, attempt and except* around a raise.
  "text: except (ValueError, LookupError) catches a KeyError": c("call", "trace.text_caught_by(KeyError('k'), (ValueError, LookupError))", "trace.textCaughtBy(new asyncio.KeyError(\"k\"), [asyncio.ValueError, asyncio.LookupError])", (t) => t.textCaughtBy(new asyncio.KeyError("k"), [asyncio.ValueError, asyncio.LookupError])),
  "text: except ValueError lets a KeyError through": c("call", "trace.text_caught_by(KeyError('k'), (ValueError,))", "trace.textCaughtBy(new asyncio.KeyError(\"k\"), [asyncio.ValueError])", (t) => t.textCaughtBy(new asyncio.KeyError("k"), [asyncio.ValueError])),
  "text: attempt(coroutine) that returns": c("await", "trace.text_attempt(trace.returns(1), (KeyError,))", "trace.textAttempt(trace.returns(1), [asyncio.KeyError])", (t) => t.textAttempt(t.returns(1), [asyncio.KeyError])),
  "text: attempt(coroutine function) that raises what it catches": c("await", "trace.text_attempt(trace.text_raising(KeyError('k')), (ValueError, LookupError))", "trace.textAttempt(() => trace.textRaising(new asyncio.KeyError(\"k\")), [asyncio.ValueError, asyncio.LookupError])", (t) => t.textAttempt(() => t.textRaising(new asyncio.KeyError("k")), [asyncio.ValueError, asyncio.LookupError])),
  "text: attempt(coroutine) that raises what it does not catch": c("await", "trace.text_attempt(trace.text_raising(KeyError('k')), (ValueError,))", "trace.textAttempt(trace.textRaising(new asyncio.KeyError(\"k\")), [asyncio.ValueError])", (t) => t.textAttempt(t.textRaising(new asyncio.KeyError("k")), [asyncio.ValueError])),
  "text: except* int": c("await", "trace.text_except_star(int)", "trace.textExceptStar(Number as never)", (t) => t.textExceptStar(never(Number)), SINCE_11),
  "text: except* ExceptionGroup": c("await", "trace.text_except_star(ExceptionGroup)", "trace.textExceptStar(asyncio.ExceptionGroup)", (t) => t.textExceptStar(asyncio.ExceptionGroup), SINCE_11),
  "text: except* (KeyError, BaseExceptionGroup)": c("await", "trace.text_except_star((KeyError, BaseExceptionGroup))", "trace.textExceptStar([asyncio.KeyError, asyncio.BaseExceptionGroup])", (t) => t.textExceptStar([asyncio.KeyError, asyncio.BaseExceptionGroup]), SINCE_11),
  "text: except* (KeyError, ValueError)": c("await", "trace.text_except_star((KeyError, ValueError))", "trace.textExceptStar([asyncio.KeyError, asyncio.ValueError])", (t) => t.textExceptStar([asyncio.KeyError, asyncio.ValueError]), SINCE_11),
  // warnings: catch_warnings misused, message filters, warnings given as instances.
  "text: catch_warnings() misused": scene("call", "textCatchWarningsMisuse", [false]),
  "text: catch_warnings(record=True) misused": scene("call", "textCatchWarningsMisuse", [true]),
  "text: warnings message filters": scene("call", "textMessageFilters", ["always"]),
  // PriorityQueue order through __lt__, the reflected __gt__, and __eq__ of either side.
  "text: PriorityQueue: objects with __lt__ and __gt__ among ints": c(
    "call",
    "trace.drain_priority(5, trace.text_rank(3), 1, trace.text_rank(4), 2, trace.text_rank(0))",
    "trace.drainPriority(5, trace.textRank(3), 1, trace.textRank(4), 2, trace.textRank(0))",
    (t) => t.drainPriority(5, t.textRank(3), 1, t.textRank(4), 2, t.textRank(0)),
  ),
  "text: PriorityQueue: ties decided by __eq__ of either side": c(
    "call",
    "trace.drain_priority((trace.text_rank(2), 'b'), (2, 'a'), (trace.text_rank(1), 'z'), (1, 'y'), (trace.text_rank(2), 'c'), (3, 'x'))",
    "trace.drainPriority([trace.textRank(2), \"b\"], [2, \"a\"], [trace.textRank(1), \"z\"], [1, \"y\"], [trace.textRank(2), \"c\"], [3, \"x\"])",
    (t) => t.drainPriority([t.textRank(2), "b"], [2, "a"], [t.textRank(1), "z"], [1, "y"], [t.textRank(2), "c"], [3, "x"]),
  ),
  // PriorityQueue: equal values of other kinds, and pairs Python cannot order.
  "text: PriorityQueue: equal numbers of three kinds": c("call", "trace.drain_priority(True, 1, 1.0, False, 0)", "trace.drainPriority(true, 1, 1.0, false, 0)", (t) => t.drainPriority(true, 1, 1.0, false, 0)),
  "text: PriorityQueue: equal tuples of numbers of two kinds": c("call", "trace.drain_priority((True,), (1,), (False, 1), (0, True))", "trace.drainPriority([true], [1], [false, 1], [0, true])", (t) => t.drainPriority([true], [1], [false, 1], [0, true])),
  "text: PriorityQueue: equal dicts without a prototype": c("call", "trace.drain_priority((5, {'a': 1}, 'b'), (5, {'a': 1}, 'a'))", "trace.drainPriority([5, Object.assign(Object.create(null) as object, { a: 1 }), \"b\"], [5, Object.assign(Object.create(null) as object, { a: 1 }), \"a\"])", (t) => t.drainPriority([5, Object.assign(Object.create(null) as object, { a: 1 }), "b"], [5, Object.assign(Object.create(null) as object, { a: 1 }), "a"])),
  "text: PriorityQueue: None against 0": c("call", "trace.drain_priority((1, None), (1, 0))", "trace.drainPriority([1, null], [1, 0])", (t) => t.drainPriority([1, null], [1, 0])),
  "text: PriorityQueue: 0 against None": c("call", "trace.drain_priority((1, 0), (1, None))", "trace.drainPriority([1, 0], [1, null])", (t) => t.drainPriority([1, 0], [1, null])),
  "text: PriorityQueue: dict against list": c("call", "trace.drain_priority((1, [1]), (1, {'0': 1}))", "trace.drainPriority([1, [1]], [1, { \"0\": 1 }])", (t) => t.drainPriority([1, [1]], [1, { "0": 1 }])),
  "text: PriorityQueue: list against str": c("call", "trace.drain_priority((1, 'x'), (1, ['x']))", "trace.drainPriority([1, \"x\"], [1, [\"x\"]])", (t) => t.drainPriority([1, "x"], [1, ["x"]])),
  "text: PriorityQueue: set against dict": c("call", "trace.drain_priority((1, {1: 1}), (1, {1}))", "trace.drainPriority([1, new Map([[1, 1]])], [1, new Set([1])])", (t) => t.drainPriority([1, new Map([[1, 1]])], [1, new Set([1])])),
  "text: PriorityQueue: dict against set": c("call", "trace.drain_priority((1, {1}), (1, {1: 1}))", "trace.drainPriority([1, new Set([1])], [1, new Map([[1, 1]])])", (t) => t.drainPriority([1, new Set([1])], [1, new Map([[1, 1]])])),
  // Exception classes: cancellation, BaseException outside Exception, str() of a JavaScript error.
  "text: isinstance(CancelledError) and not": c("call", "[isinstance(asyncio.CancelledError('x'), asyncio.CancelledError), isinstance(ValueError('x'), asyncio.CancelledError)]", "[asyncio.isCancelledError(new asyncio.CancelledError(\"x\")), asyncio.isCancelledError(new asyncio.ValueError(\"x\"))]", () => [asyncio.isCancelledError(new asyncio.CancelledError("x")), asyncio.isCancelledError(new asyncio.ValueError("x"))]),
  "text: isinstance(KeyboardInterrupt(), Exception) and others": c(
    "call",
    "[isinstance(KeyboardInterrupt(), Exception), isinstance(KeyboardInterrupt(), BaseException), isinstance(TypeError('x'), Exception), isinstance(KeyboardInterrupt(), (ValueError, Exception))]",
    "[asyncio.isException(new asyncio.KeyboardInterrupt()), asyncio.exceptMatch(new asyncio.KeyboardInterrupt(), asyncio.BaseException), asyncio.isException(new globalThis.TypeError(\"x\")), asyncio.exceptMatch(new asyncio.KeyboardInterrupt(), asyncio.ValueError, asyncio.Exception)]",
    () => [asyncio.isException(new asyncio.KeyboardInterrupt()), asyncio.exceptMatch(new asyncio.KeyboardInterrupt(), asyncio.BaseException), asyncio.isException(new globalThis.TypeError("x")), asyncio.exceptMatch(new asyncio.KeyboardInterrupt(), asyncio.ValueError, asyncio.Exception)],
  ),
  "text: str(JavaScript TypeError)": c("call", "[str(TypeError('x')), str(TypeError())]", "[asyncio.pyStr(new globalThis.TypeError(\"x\")), asyncio.pyStr(new globalThis.TypeError())]", () => [asyncio.pyStr(new globalThis.TypeError("x")), asyncio.pyStr(new globalThis.TypeError())]),
  "text: ExceptionGroup(generator, [...])": c("construct", "ExceptionGroup(trace.plain(), [ValueError()])", "new asyncio.ExceptionGroup(trace.plain() as never, [new asyncio.ValueError()])", (t) => new asyncio.ExceptionGroup(never(t.plain()), [new asyncio.ValueError()]), SINCE_11),
  "text: repr(coroutine in a list)": c("call", "(lambda co: (trace.repr([co]), co.close())[0])(trace.text_raising(KeyError('k')))", "((co: asyncio.Coroutine<unknown>) => [trace.repr([co]), co.return(undefined as never)][0])(trace.textRaising(new asyncio.KeyError(\"k\")))", (t) => ((co: asyncio.Coroutine<unknown>) => [t.repr([co]), co.return(never(undefined))][0])(t.textRaising(new asyncio.KeyError("k")))),
  // An object of no class, and functions by name.
  "text: repr(object of no class)": c("call", "trace.repr(object())", "trace.repr(Object.create(Object.create(null) as object))", (t) => t.repr(Object.create(Object.create(null) as object))),
  "text: ExceptionGroup(object of no class, [...])": c("construct", "ExceptionGroup(object(), [ValueError()])", "new asyncio.ExceptionGroup(Object.create(Object.create(null) as object) as never, [new asyncio.ValueError()])", messageOf(Object.create(Object.create(null) as object)), SINCE_11),
  "text: repr(functions)": c("call", "trace.repr([asyncio.sleep, asyncio.gather, asyncio.shield])", "trace.repr([asyncio.sleep, asyncio.gather, asyncio.shield])", (t) => t.repr([asyncio.sleep, asyncio.gather, asyncio.shield])),
  "text: warnings message filters, action 'all'": scene("call", "textMessageFilters", ["all"], { since: 14 }),
  "text: PriorityQueue: a tie decided by __eq__ of the new item": c("call", "trace.drain_priority((2, 'b'), (trace.text_rank(2), 'a'))", "trace.drainPriority([2, \"b\"], [trace.textRank(2), \"a\"])", (t) => t.drainPriority([2, "b"], [t.textRank(2), "a"])),
  "text: repr(future of containers at their limits)": c(
    "call",
    "trace.repr(trace.done([[1, 2, 3, 4, 5, 6], {1, 2, 3, 4, 5, 6}, {1: 1, 2: 2, 3: 3, 4: 4}, 2 ** 120, [[[[{(1,)}, {1: (1,)}]]]]]))",
    "trace.repr(trace.done([[1, 2, 3, 4, 5, 6], new Set([1, 2, 3, 4, 5, 6]), new Map([[1, 1], [2, 2], [3, 3], [4, 4]]), 2 ** 120, [[[[new Set([Object.freeze([1])]), new Map([[1, Object.freeze([1])]])]]]]]))",
    (t) => t.repr(t.done([[1, 2, 3, 4, 5, 6], new Set([1, 2, 3, 4, 5, 6]), new Map([[1, 1], [2, 2], [3, 3], [4, 4]]), 2 ** 120, [[[[new Set([Object.freeze([1])]), new Map([[1, Object.freeze([1])]])]]]]])),
  ),
  "text: repr(future of a 40-digit int and a dict Python cannot sort)": c("call", "trace.repr(trace.done([10 ** 39, {2: 'x', 'b': 1, 1: 'y'}]))", "trace.repr(trace.done([10n ** 39n, new Map<unknown, unknown>([[2, \"x\"], [\"b\", 1], [1, \"y\"]])]))", (t) => t.repr(t.done([10n ** 39n, new Map<unknown, unknown>([[2, "x"], ["b", 1], [1, "y"]])]))),
  "text: repr(list holding one list twice)": c("call", "(lambda l: repr([l, l, [l]]))([1])", "((l: unknown[]) => asyncio.pyRepr([l, l, [l]]))([1])", () => ((l: unknown[]) => asyncio.pyRepr([l, l, [l]]))([1])),
  // A wait_for timeout caught as asyncio.TimeoutError, and as OSError (from 3.11 the same class).
  "text: attempt(wait_for timeout) except asyncio.TimeoutError": c("await", "trace.text_attempt(asyncio.wait_for(trace.slow(), 0), (asyncio.TimeoutError,))", "trace.textAttempt(asyncio.waitFor(trace.slow(), 0), [asyncio.TimeoutError])", (t) => t.textAttempt(asyncio.waitFor(t.slow(), 0), [asyncio.TimeoutError])),
  "text: attempt(wait_for timeout) except OSError": c("await", "trace.text_attempt(asyncio.wait_for(trace.slow(), 0), (OSError,))", "trace.textAttempt(asyncio.waitFor(trace.slow(), 0), [asyncio.OSError])", (t) => t.textAttempt(asyncio.waitFor(t.slow(), 0), [asyncio.OSError])),
  // warnings actions: "all" exists from 3.14; an unknown one is refused (AssertionError, ValueError from 3.13).
  "text: simplefilter('all')": scene("call", "textFilterAction", ["simplefilter", "all"]),
  "text: filterwarnings('all')": scene("call", "textFilterAction", ["filterwarnings", "all"]),
  "text: simplefilter('bogus')": scene("call", "textFilterAction", ["simplefilter", "bogus"]),
  "text: filterwarnings('bogus')": scene("call", "textFilterAction", ["filterwarnings", "bogus"]),
  "text: except* ValueError around a nested group, passing": c("await", "trace.text_except_star_group(ValueError, 'pass')", "trace.textExceptStarGroup(asyncio.ValueError, \"pass\")", (t) => t.textExceptStarGroup(asyncio.ValueError, "pass"), SINCE_11),
  "text: except* ValueError around a nested group, raising again": c("await", "trace.text_except_star_group(ValueError, 'raise')", "trace.textExceptStarGroup(asyncio.ValueError, \"raise\")", (t) => t.textExceptStarGroup(asyncio.ValueError, "raise"), SINCE_11),
  "text: except* ValueError around a nested group, raising anew": c("await", "trace.text_except_star_group(ValueError, 'raise new')", "trace.textExceptStarGroup(asyncio.ValueError, \"raise new\")", (t) => t.textExceptStarGroup(asyncio.ValueError, "raise new"), SINCE_11),
  "text: except* (ValueError, KeyError) around a nested group, raising again": c("await", "trace.text_except_star_group((ValueError, KeyError), 'raise')", "trace.textExceptStarGroup([asyncio.ValueError, asyncio.KeyError], \"raise\")", (t) => t.textExceptStarGroup([asyncio.ValueError, asyncio.KeyError], "raise"), SINCE_11),
  // The CancelledError the loop delivers into a task has no JavaScript stack: its message and stack come from BaseException's accessors.
  "text: message and stack of a CancelledError delivered into a task": scene("await", "textCancelledInside", [null]),
  "text: message and stack of a CancelledError('bye') delivered into a task": scene("await", "textCancelledInside", ["bye"], { since: 9 }),
  // split and subgroup by a predicate whose results are Python-falsy or truthy values, not bools.
  "text: ExceptionGroup.split by a predicate giving []": c("call", `${EG_PY}.split(lambda e: [])`, `${EG_TS}.split((() => []) as never)`, () => eg().split(never(() => [])), SINCE_11),
  "text: ExceptionGroup.subgroup by a predicate giving args or ()": c("call", `${NESTED_PY}.subgroup(lambda e: e.args if isinstance(e, KeyError) else ())`, `${NESTED_TS}.subgroup(((e: unknown) => (e instanceof asyncio.KeyError ? e.args : Object.freeze([]))) as never)`, () => nested().subgroup(never((e: unknown) => (e instanceof asyncio.KeyError ? e.args : Object.freeze([])))), SINCE_11),
  // Condition.wait_for: predicates giving values Python finds false, then a true one.
  "text: Condition.wait_for over falsy values": c("await", "trace.text_wait_for_values(0, '', None, [], set(), {}, 0.0, False, 0, 'x')", "trace.textWaitForValues(0, \"\", null, [], new Set(), new Map(), 0.0, false, 0n, \"x\")", (t) => t.textWaitForValues(0, "", null, [], new Set(), new Map(), 0.0, false, 0n, "x")),
  "text: Condition.wait_for over an empty dict": c("await", "trace.text_wait_for_values({}, {'a': 1})", "trace.textWaitForValues({}, { a: 1 })", (t) => t.textWaitForValues({}, { a: 1 })),
  "text: Condition.wait_for over a set": c("await", "trace.text_wait_for_values(set(), {1})", "trace.textWaitForValues(new Set(), new Set([1]))", (t) => t.textWaitForValues(new Set(), new Set([1]))),
  "text: Condition.wait_for over nan": c("await", "trace.text_wait_for_values(float('nan'))", "trace.textWaitForValues(NaN)", (t) => t.textWaitForValues(Number.NaN)),
  // Implicit chaining that would close a cycle: Python cuts the older link.
} satisfies Record<string, ValidateCase>;
