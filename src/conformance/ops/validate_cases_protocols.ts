/**
 * `validate` calls for the coroutine and async generator protocols (`async for`, `async with`, generators driven by hand) (see ./validate_case.ts for how a case is written, and
 * ./validate_cases.ts for the main table this one is merged into).
 *
 * @example
 * ```ts
 * Object.keys(PROTOCOL_CASES); // the calls this table adds
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { c, SINCE_10, SINCE_13, type ValidateCase } from "./validate_case.ts";

/** 3.8+: a second step while one is pending raises "already running" (3.7 has no such check and corrupts the generator). */
const SINCE_8 = { since: 8 };

/** The calls, by name (the Python call, as the event names it). */
export const PROTOCOL_CASES = {
  "async for: over 1.5": c("await", "trace.async_for_over(1.5)", "trace.asyncForOver(1.5)", (t) => t.asyncForOver(1.5)),
  "async for: over True": c("await", "trace.async_for_over(True)", "trace.asyncForOver(true)", (t) => t.asyncForOver(true)),
  "async for: over [1]": c("await", "trace.async_for_over([1])", "trace.asyncForOver([1])", (t) => t.asyncForOver([1])),
  "async for: over {}": c("await", "trace.async_for_over({})", "trace.asyncForOver({})", (t) => t.asyncForOver({})),
  "async for: __aiter__ gives True": c("await", "trace.async_for_over(trace.aiter_gives(True))", "trace.asyncForOver(trace.aiterGives(true))", (t) => t.asyncForOver(t.aiterGives(true))),
  "async for: __aiter__ gives [1]": c("await", "trace.async_for_over(trace.aiter_gives([1]))", "trace.asyncForOver(trace.aiterGives([1]))", (t) => t.asyncForOver(t.aiterGives([1]))),
  "aiter: __aiter__ gives 1": c("call", "aiter(trace.aiter_gives(1))", "asyncio.aiter(trace.aiterGives(1) as never)", (t) => asyncio.aiter(t.aiterGives(1) as never), SINCE_10),
  "aiter: __aiter__ gives None": c("call", "aiter(trace.aiter_gives(None))", "asyncio.aiter(trace.aiterGives(null) as never)", (t) => asyncio.aiter(t.aiterGives(null) as never), SINCE_10),
  "asyncgen hooks: set_asyncgen_hooks(firstiter=1)": c("call", "__import__('sys').set_asyncgen_hooks(firstiter=1)", "asyncio.setAsyncgenHooks({ firstiter: 1 as never })", () => asyncio.setAsyncgenHooks({ firstiter: 1 as never })),
  "asyncgen hooks: set_asyncgen_hooks(finalizer='v1')": c("call", "__import__('sys').set_asyncgen_hooks(finalizer='v1')", "asyncio.setAsyncgenHooks({ finalizer: \"v1\" as never })", () => asyncio.setAsyncgenHooks({ finalizer: "v1" as never })),
  "asyncgen hooks: set_asyncgen_hooks(firstiter=1, finalizer=1.5)": c("call", "__import__('sys').set_asyncgen_hooks(firstiter=1, finalizer=1.5)", "asyncio.setAsyncgenHooks({ firstiter: 1 as never, finalizer: 1.5 as never })", () => asyncio.setAsyncgenHooks({ firstiter: 1 as never, finalizer: 1.5 as never })),
  "asyncgen hooks: firstiter replaced, cleared, put back": c("await", "trace.agen_hooks()", "trace.agenHooks()", (t) => t.agenHooks()),
  "agen: inspect.isasyncgenfunction": c("call", "trace.agen_function_kinds()", "trace.agenFunctionKinds()", (t) => t.agenFunctionKinds()),
  "agen: athrow(another generator)": c("await", "trace.items_agen(1).athrow(trace.items_agen(2))", "trace.itemsAgen(1).athrow(trace.itemsAgen(2))", (t) => t.itemsAgen(1).athrow(t.itemsAgen(2))),
  "agen: ag_running around a pending step": c("await", "trace.agen_running('none')", "trace.agenRunning(\"none\")", (t) => t.agenRunning("none")),
  "agen: next while a step is pending": c("await", "trace.agen_running('next')", "trace.agenRunning(\"next\")", (t) => t.agenRunning("next"), SINCE_8),
  "agen: close while a step is pending": c("await", "trace.agen_running('close')", "trace.agenRunning(\"close\")", (t) => t.agenRunning("close"), SINCE_8),
  "agen: throw while a step is pending": c("await", "trace.agen_running('throw')", "trace.agenRunning(\"throw\")", (t) => t.agenRunning("throw"), SINCE_8),
  "agen: next().throw() by hand while a step is pending": c("await", "trace.agen_running('throw by hand next')", "trace.agenRunning(\"throw by hand next\")", (t) => t.agenRunning("throw by hand next"), SINCE_13),
  "agen: close().throw() by hand while a step is pending": c("await", "trace.agen_running('throw by hand close')", "trace.agenRunning(\"throw by hand close\")", (t) => t.agenRunning("throw by hand close"), SINCE_13),
  "agen: close into a handler that awaits, then returns": c("await", "trace.agen_awaiting('return', 'close')", "trace.agenAwaiting(\"return\", \"close\")", (t) => t.agenAwaiting("return", "close")),
  "agen: throw into a handler that awaits, then returns": c("await", "trace.agen_awaiting('return', 'throw')", "trace.agenAwaiting(\"return\", \"throw\")", (t) => t.agenAwaiting("return", "throw")),
  "agen: close into a handler that awaits, then raises": c("await", "trace.agen_awaiting('raise', 'close')", "trace.agenAwaiting(\"raise\", \"close\")", (t) => t.agenAwaiting("raise", "close")),
  "agen: throw into a handler that awaits, then raises": c("await", "trace.agen_awaiting('raise', 'throw')", "trace.agenAwaiting(\"raise\", \"throw\")", (t) => t.agenAwaiting("raise", "throw")),
  "agen: close into a handler that awaits, then reraises": c("await", "trace.agen_awaiting('reraise', 'close')", "trace.agenAwaiting(\"reraise\", \"close\")", (t) => t.agenAwaiting("reraise", "close")),
  "agen: throw into a handler that awaits, then reraises": c("await", "trace.agen_awaiting('reraise', 'throw')", "trace.agenAwaiting(\"reraise\", \"throw\")", (t) => t.agenAwaiting("reraise", "throw")),
  "agen: close into a handler that awaits, then yields": c("await", "trace.agen_awaiting('yield', 'close')", "trace.agenAwaiting(\"yield\", \"close\")", (t) => t.agenAwaiting("yield", "close")),
  "agen: throw into a handler that awaits, then yields": c("await", "trace.agen_awaiting('yield', 'throw')", "trace.agenAwaiting(\"yield\", \"throw\")", (t) => t.agenAwaiting("yield", "throw")),
  "agen: __anext__().throw() by hand into a handler that awaits": c("await", "trace.agen_throw_by_hand('next')", "trace.agenThrowByHand(\"next\")", (t) => t.agenThrowByHand("next")),
  "agen: aclose().throw() by hand into a handler that awaits": c("await", "trace.agen_throw_by_hand('close')", "trace.agenThrowByHand(\"close\")", (t) => t.agenThrowByHand("close")),
  "agen: athrow(exc).throw() by hand into a handler that awaits": c("await", "trace.agen_throw_by_hand('throw')", "trace.agenThrowByHand(\"throw\")", (t) => t.agenThrowByHand("throw")),
  "agen: a body that awaits its own __anext__()": c("await", "trace.agen_self()", "trace.agenSelf()", (t) => t.agenSelf()),
  "agen: __anext__().close() by hand, then send and throw": c("await", "trace.agen_close_by_hand('next')", "trace.agenCloseByHand(\"next\")", (t) => t.agenCloseByHand("next")),
  "agen: aclose().close() by hand, then send and throw": c("await", "trace.agen_close_by_hand('close')", "trace.agenCloseByHand(\"close\")", (t) => t.agenCloseByHand("close")),
  "agen: athrow(exc).close() by hand, then send and throw": c("await", "trace.agen_close_by_hand('throw')", "trace.agenCloseByHand(\"throw\")", (t) => t.agenCloseByHand("throw")),
  "agen: anext(ag, 'd').close() by hand, then send and throw": c("await", "trace.agen_close_by_hand('anext')", "trace.agenCloseByHand(\"anext\")", (t) => t.agenCloseByHand("anext"), SINCE_10),
  "agen: reprs of a generator and its awaitables": c("await", "trace.agen_reprs(False)", "trace.agenReprs(false)", (t) => t.agenReprs(false)),
  "agen: reprs of a generator and its awaitables, anext(ag, 'd') too": c("await", "trace.agen_reprs(True)", "trace.agenReprs(true)", (t) => t.agenReprs(true), SINCE_10),
  "agen: close into a handler that awaits, then raises, awaited twice": c("await", "trace.agen_awaiting('raise', 'close twice')", "trace.agenAwaiting(\"raise\", \"close twice\")", (t) => t.agenAwaiting("raise", "close twice")),
  "agen: throw into a handler that awaits, then raises, awaited twice": c("await", "trace.agen_awaiting('raise', 'throw twice')", "trace.agenAwaiting(\"raise\", \"throw twice\")", (t) => t.agenAwaiting("raise", "throw twice")),
  "agen: close into a handler that awaits, then yields, awaited twice": c("await", "trace.agen_awaiting('yield', 'close twice')", "trace.agenAwaiting(\"yield\", \"close twice\")", (t) => t.agenAwaiting("yield", "close twice")),
  "agen: throw into a handler that awaits, then yields, awaited twice": c("await", "trace.agen_awaiting('yield', 'throw twice')", "trace.agenAwaiting(\"yield\", \"throw twice\")", (t) => t.agenAwaiting("yield", "throw twice")),
  "agen: close into a handler that yields at once, awaited twice": c("await", "trace.agen_awaiting('yield now', 'close twice')", "trace.agenAwaiting(\"yield now\", \"close twice\")", (t) => t.agenAwaiting("yield now", "close twice")),
  "agen: throw into a handler that yields at once, awaited twice": c("await", "trace.agen_awaiting('yield now', 'throw twice')", "trace.agenAwaiting(\"yield now\", \"throw twice\")", (t) => t.agenAwaiting("yield now", "throw twice")),
  "agen: repr(task over anext(ag, 'd'))": c("call", "trace.repr(asyncio.ensure_future(anext(trace.items_agen(1), 'd')))", "trace.repr(asyncio.ensureFuture(asyncio.anext(trace.itemsAgen(1), \"d\")))", (t) => t.repr(asyncio.ensureFuture(asyncio.anext(t.itemsAgen(1), "d"))), SINCE_10),
} satisfies Record<string, ValidateCase>;
