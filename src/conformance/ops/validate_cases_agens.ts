/**
 * `validate` calls that reach async generators (src/asyncio/asyncgen.ts), written from the
 * mutation survivors of session 17 (see ./validate_case.ts for how a case is written, and
 * ./validate_cases.ts for the main table this one is merged into): a failed first asend()
 * that must leave the generator open, `close()` of an `__anext__()`/`aclose()` awaitable
 * (3.13+ throws GeneratorExit in, and does nothing once the awaitable finished), and an
 * `athrow()` awaitable driven by hand past a `throw()` (3.13+ closes it once `throw()`
 * ends it). Scenes of more than one step are the harness's (marker "scenes of the agens
 * cases" in ../harness.ts, twins in python-reference/asyncio_ts_harness.py).
 *
 * @example
 * ```ts
 * Object.keys(AGEN_CASES); // the calls this table adds
 * ```
 * @module
 */
import { c, scene, type ValidateCase } from "./validate_case.ts";

/** The calls, by name (the Python call, as the event names it). */
export const AGEN_CASES = {
  // asend(5) refused by a fresh generator leaves it open: aclose() then runs, and ends it.
  "agens 17: ag steps: asend 5, close, next": c("await", "trace.agen_steps(trace.items_agen(1), 5, 'close', 'next')", "trace.agenSteps(trace.itemsAgen(1), 5, \"close\", \"next\")", (t) => t.agenSteps(t.itemsAgen(1), 5, "close", "next")),
  // close() by hand of a fresh __anext__() awaitable (3.13+ throws GeneratorExit in) and of awaited ones (nothing happens).
  "agens 17: agen: __anext__().close() by hand, generator yields on GeneratorExit": scene("await", "agenCloseAwaitable", ["yield"]),
  "agens 17: agen: __anext__().close() by hand, generator returns on GeneratorExit": scene("await", "agenCloseAwaitable", ["return"]),
  "agens 17: agen: __anext__().close() by hand, generator raises on GeneratorExit": scene("await", "agenCloseAwaitable", ["raise"]),
  "agens 17: agen: __anext__() awaited, then close() by hand": scene("await", "agenCloseAwaitable", ["awaited next"]),
  "agens 17: agen: aclose() awaited, then close() by hand": scene("await", "agenCloseAwaitable", ["awaited close"]),
  // athrow() driven by hand: send, throw into the handler's sleep, send again.
  "agens 17: agen: athrow() by hand: send, throw that the handler yields on, send": scene("await", "agenThrowThenSend", ["yield"]),
  "agens 17: agen: athrow() by hand: send, throw that ends the generator, send": scene("await", "agenThrowThenSend", ["raise"]),
} satisfies Record<string, ValidateCase>;
