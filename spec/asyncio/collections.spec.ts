/**
 * The loop's ring-buffer deque against a plain array model: any sequence of append,
 * popleft and remove (of present and absent items) leaves the same items in the same
 * order, across the buffer's growth and wrap-around.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// The package entry first: collections.ts alone would load builtins.ts before its base classes.
import "../../src/asyncio/index.ts";
import { Deque } from "../../src/asyncio/collections.ts";

type Op = { kind: "append"; value: number } | { kind: "popleft" } | { kind: "remove"; value: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("append" as const), value: fc.integer({ min: 0, max: 40 }) }),
  fc.constant({ kind: "popleft" as const }),
  fc.record({ kind: fc.constant("remove" as const), value: fc.integer({ min: 0, max: 40 }) }),
);

describe("Deque", () => {
  it("matches an array model under append, popleft and remove", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const deque = new Deque<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op.kind === "append") {
            deque.append(op.value);
            model.push(op.value);
          } else if (op.kind === "popleft") {
            if (model.length === 0) expect(() => deque.popleft()).toThrow("pop from an empty deque");
            else expect(deque.popleft()).toBe(model.shift());
          } else {
            const index = model.indexOf(op.value);
            expect(deque.remove(op.value)).toBe(index >= 0);
            if (index >= 0) model.splice(index, 1);
          }
          expect(deque.length).toBe(model.length);
          expect([...deque]).toEqual(model);
          for (let i = 0; i < model.length; i++) expect(deque.at(i)).toBe(model[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("removes the first of equal items, from either half", () => {
    const deque = new Deque<number>();
    for (const v of [1, 2, 3, 2, 1]) deque.append(v);
    expect(deque.remove(2)).toBe(true);
    expect([...deque]).toEqual([1, 3, 2, 1]);
    expect(deque.remove(1)).toBe(true);
    expect([...deque]).toEqual([3, 2, 1]);
    expect(deque.remove(9)).toBe(false);
    expect(deque.at(3)).toBeUndefined();
    expect(deque.at(-1)).toBeUndefined();
  });
});
