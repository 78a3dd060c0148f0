// Errors the loop raises from its own machinery (the CancelledError thrown into a cancelled
// task, gather's placeholder for a cancelled child) are made without V8's Error
// constructor (src/asyncio/builtins.ts, `_enterStackless`). They must still look like errors to
// JavaScript: instanceof, message, a one-line stack, Node's inspect, and writable fields.
// TypeScript-only behaviour (CPython has no JavaScript stacks), so no CPython run here.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import * as asyncio from "../../src/asyncio/index.ts";

/** The CancelledError a cancelled task sees at its await, with or without a message. */
function cancellationSeen(message?: string): asyncio.CancelledError {
  let seen: unknown = null;
  const victim = asyncio.asyncDef(function* victim(): asyncio.Coroutine<void> {
    try {
      yield* asyncio.sleep(10);
    } catch (e) {
      seen = e;
    }
  });
  const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<void> {
    const task = asyncio.createTask(victim());
    yield* asyncio.sleep(0);
    if (message === undefined) task.cancel();
    else task.cancel(message);
    yield* task;
  });
  asyncio.run(main(), { python: "3.12" });
  return seen as asyncio.CancelledError;
}

describe("errors the loop makes without a stack", () => {
  it("are instances of their class and of Error, with Python's args", () => {
    const e = cancellationSeen("bye");
    expect(e).toBeInstanceOf(asyncio.CancelledError);
    expect(e).toBeInstanceOf(asyncio.BaseException);
    expect(e).toBeInstanceOf(Error);
    expect(e.args).toEqual(["bye"]);
    expect(e.name).toBe("CancelledError");
    expect(Object.prototype.toString.call(e)).toBe("[object Error]");
    // Made without Error's constructor: no stack of its own, the prototype's accessor reads it.
    expect(Object.getOwnPropertyDescriptor(e, "stack")).toBeUndefined();
  });

  it("read message as str() of the args and stack as its first line", () => {
    const e = cancellationSeen("bye");
    expect(e.message).toBe("bye");
    expect(e.stack).toBe("CancelledError: bye");
    expect(String(e)).toBe("CancelledError: bye");
    const bare = cancellationSeen();
    expect(bare.message).toBe("");
    expect(bare.stack).toBe("CancelledError");
    expect(asyncio.pyRepr(bare)).toBe("CancelledError()");
  });

  it("keep message and stack out of their enumerable fields, and accept new ones", () => {
    const e = cancellationSeen("bye");
    expect(Object.keys(e)).not.toContain("message");
    expect(Object.keys(e)).not.toContain("stack");
    e.message = "changed";
    e.stack = "custom stack";
    expect(e.message).toBe("changed");
    expect(e.stack).toBe("custom stack");
    expect(Object.getOwnPropertyDescriptor(e, "message")?.enumerable).toBe(false);
  });

  it("print through Node's inspect as errors do", () => {
    const text = inspect(cancellationSeen("bye"));
    expect(text).toContain("CancelledError");
    expect(text).toContain("bye");
  });

  it("leave errors a program makes with a full stack", () => {
    const e = new asyncio.CancelledError("mine");
    expect(e.stack?.split("\n").length).toBeGreaterThan(1);
    expect(e.message).toBe("mine");
  });
});
