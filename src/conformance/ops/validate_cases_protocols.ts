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
import { c, scene, SINCE_10, SINCE_13, type ValidateCase } from "./validate_case.ts";

/** 3.8+: a second step while one is pending raises "already running" (3.7 has no such check and corrupts the generator). */
const SINCE_8 = { since: 8 };

/** The calls, by name (the Python call, as the event names it). */
export const PROTOCOL_CASES = {
  "async for: over 1.5": scene("await", "asyncForOver", [1.5]),
  "async for: over True": scene("await", "asyncForOver", [true]),
  "async for: over [1]": c("await", "trace.async_for_over([1])", "trace.asyncForOver([1])", (t) => t.asyncForOver([1])),
  "async for: over {}": c("await", "trace.async_for_over({})", "trace.asyncForOver({})", (t) => t.asyncForOver({})),
  "async for: __aiter__ gives True": c("await", "trace.async_for_over(trace.aiter_gives(True))", "trace.asyncForOver(trace.aiterGives(true))", (t) => t.asyncForOver(t.aiterGives(true))),
  "async for: __aiter__ gives [1]": c("await", "trace.async_for_over(trace.aiter_gives([1]))", "trace.asyncForOver(trace.aiterGives([1]))", (t) => t.asyncForOver(t.aiterGives([1]))),
  "aiter: __aiter__ gives 1": c("call", "aiter(trace.aiter_gives(1))", "asyncio.aiter(trace.aiterGives(1) as never)", (t) => asyncio.aiter(t.aiterGives(1) as never), SINCE_10),
  "aiter: __aiter__ gives None": c("call", "aiter(trace.aiter_gives(None))", "asyncio.aiter(trace.aiterGives(null) as never)", (t) => asyncio.aiter(t.aiterGives(null) as never), SINCE_10),
  "asyncgen hooks: set_asyncgen_hooks(firstiter=1)": c("call", "__import__('sys').set_asyncgen_hooks(firstiter=1)", "asyncio.setAsyncgenHooks({ firstiter: 1 as never })", () => asyncio.setAsyncgenHooks({ firstiter: 1 as never })),
  "asyncgen hooks: set_asyncgen_hooks(finalizer='v1')": c("call", "__import__('sys').set_asyncgen_hooks(finalizer='v1')", "asyncio.setAsyncgenHooks({ finalizer: \"v1\" as never })", () => asyncio.setAsyncgenHooks({ finalizer: "v1" as never })),
  "asyncgen hooks: set_asyncgen_hooks(firstiter=1, finalizer=1.5)": c("call", "__import__('sys').set_asyncgen_hooks(firstiter=1, finalizer=1.5)", "asyncio.setAsyncgenHooks({ firstiter: 1 as never, finalizer: 1.5 as never })", () => asyncio.setAsyncgenHooks({ firstiter: 1 as never, finalizer: 1.5 as never })),
  "asyncgen hooks: firstiter replaced, cleared, put back": scene("await", "agenHooks", []),
  "agen: inspect.isasyncgenfunction": scene("call", "agenFunctionKinds", []),
  "agen: athrow(another generator)": c("await", "trace.items_agen(1).athrow(trace.items_agen(2))", "trace.itemsAgen(1).athrow(trace.itemsAgen(2))", (t) => t.itemsAgen(1).athrow(t.itemsAgen(2))),
  "agen: ag_running around a pending step": scene("await", "agenRunning", ["none"]),
  "agen: next while a step is pending": scene("await", "agenRunning", ["next"], SINCE_8),
  "agen: close while a step is pending": scene("await", "agenRunning", ["close"], SINCE_8),
  "agen: throw while a step is pending": scene("await", "agenRunning", ["throw"], SINCE_8),
  "agen: next().throw() by hand while a step is pending": scene("await", "agenRunning", ["throw by hand next"], SINCE_13),
  "agen: close().throw() by hand while a step is pending": scene("await", "agenRunning", ["throw by hand close"], SINCE_13),
  "agen: close into a handler that awaits, then returns": scene("await", "agenAwaiting", ["return", "close"]),
  "agen: throw into a handler that awaits, then returns": scene("await", "agenAwaiting", ["return", "throw"]),
  "agen: close into a handler that awaits, then raises": scene("await", "agenAwaiting", ["raise", "close"]),
  "agen: throw into a handler that awaits, then raises": scene("await", "agenAwaiting", ["raise", "throw"]),
  "agen: close into a handler that awaits, then reraises": scene("await", "agenAwaiting", ["reraise", "close"]),
  "agen: throw into a handler that awaits, then reraises": scene("await", "agenAwaiting", ["reraise", "throw"]),
  "agen: close into a handler that awaits, then yields": scene("await", "agenAwaiting", ["yield", "close"]),
  "agen: throw into a handler that awaits, then yields": scene("await", "agenAwaiting", ["yield", "throw"]),
  "agen: __anext__().throw() by hand into a handler that awaits": scene("await", "agenThrowByHand", ["next"]),
  "agen: aclose().throw() by hand into a handler that awaits": scene("await", "agenThrowByHand", ["close"]),
  "agen: athrow(exc).throw() by hand into a handler that awaits": scene("await", "agenThrowByHand", ["throw"]),
  "agen: a body that awaits its own __anext__()": scene("await", "agenSelf", []),
  "agen: __anext__().close() by hand, then send and throw": scene("await", "agenCloseByHand", ["next"]),
  "agen: aclose().close() by hand, then send and throw": scene("await", "agenCloseByHand", ["close"]),
  "agen: athrow(exc).close() by hand, then send and throw": scene("await", "agenCloseByHand", ["throw"]),
  "agen: anext(ag, 'd').close() by hand, then send and throw": scene("await", "agenCloseByHand", ["anext"], SINCE_10),
  "agen: reprs of a generator and its awaitables": scene("await", "agenReprs", [false]),
  "agen: reprs of a generator and its awaitables, anext(ag, 'd') too": scene("await", "agenReprs", [true], SINCE_10),
  "agen: close into a handler that awaits, then raises, awaited twice": scene("await", "agenAwaiting", ["raise", "close twice"]),
  "agen: throw into a handler that awaits, then raises, awaited twice": scene("await", "agenAwaiting", ["raise", "throw twice"]),
  "agen: close into a handler that awaits, then yields, awaited twice": scene("await", "agenAwaiting", ["yield", "close twice"]),
  "agen: throw into a handler that awaits, then yields, awaited twice": scene("await", "agenAwaiting", ["yield", "throw twice"]),
  "agen: close into a handler that yields at once, awaited twice": scene("await", "agenAwaiting", ["yield now", "close twice"]),
  "agen: throw into a handler that yields at once, awaited twice": scene("await", "agenAwaiting", ["yield now", "throw twice"]),
  "agen: repr(task over anext(ag, 'd'))": c("call", "trace.repr(asyncio.ensure_future(anext(trace.items_agen(1), 'd')))", "trace.repr(asyncio.ensureFuture(asyncio.anext(trace.itemsAgen(1), \"d\")))", (t) => t.repr(asyncio.ensureFuture(asyncio.anext(t.itemsAgen(1), "d"))), SINCE_10),
} satisfies Record<string, ValidateCase>;
