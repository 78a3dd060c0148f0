/**
 * What the exception handler receives when a callback fails: a Python exception as it was
 * raised; a callback that is not a function (Python: not callable) as CPython's TypeError
 * `'int' object is not callable`; and a JavaScript error thrown by a function callback as
 * it is, since only the call of a non-function is translated into Python's words.
 */
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";
import { closeTestLoop, newTestLoop } from "./support.ts";

describe("errors in callbacks, as the exception handler receives them", () => {
  it("keeps raised errors and translates the call of a non-function", () => {
    const loop = newTestLoop();
    try {
      const contexts: asyncio.ExceptionContext[] = [];
      loop.setExceptionHandler((_loop, context) => void contexts.push(context));
      const jsError = new globalThis.TypeError("undefined is not a function");
      loop.callSoon(() => {
        throw jsError;
      });
      loop.callSoon(() => {
        throw new asyncio.ValueError("v");
      });
      loop.callSoon(1 as never);
      loop.runUntilComplete(asyncio.sleep(0));
      expect(contexts.map((c) => c.message)).toEqual([
        expect.stringMatching(/^Exception in callback /),
        expect.stringMatching(/^Exception in callback /),
        "Exception in callback 1()",
      ]);
      expect(contexts[0]?.exception).toBe(jsError);
      expect(asyncio.pyRepr(contexts[1]?.exception)).toBe("ValueError('v')");
      expect(asyncio.pyRepr(contexts[2]?.exception)).toBe(`TypeError("'int' object is not callable")`);
    } finally {
      closeTestLoop(loop);
    }
  });
});
