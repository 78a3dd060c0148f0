/**
 * The hand check of a reference worker's answer (reference/answer.ts `plainOkAnswer`)
 * accepts exactly the answers the zod schema accepts, and gives the same trace: on traces
 * of generated programs (our harness writes the same format as the Python one) and on
 * random damage done to them (keys removed, added, or given values of another type), read
 * back through JSON as the pool reads answer lines.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programArbitrary } from "../../src/conformance/generate/index.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { plainOkAnswer, Response } from "../../src/conformance/reference/answer.ts";

const programs = fc.sample(programArbitrary({ python: "3.12" }), { seed: 7, numRuns: 60 });
const answers = programs.map((program, i) => ({
  id: i + 1,
  ok: true,
  trace: JSON.parse(JSON.stringify(interpret(program, { python: "3.12" }))) as unknown,
  python: "3.12.1",
  seconds: 0.01,
}));

/** Every object and array inside `value`, with the value itself. */
function containers(value: unknown, into: (object | unknown[])[] = []): (object | unknown[])[] {
  if (typeof value === "object" && value !== null) {
    into.push(value);
    for (const v of Object.values(value)) containers(v, into);
  }
  return into;
}

const ODD_VALUES: unknown[] = [undefined, null, 1.5, -3, "x", true, [], {}, [1, "a"], { exc: "E", args: [] }, 2 ** 60];

function agreesWithZod(answer: unknown): void {
  const plain = plainOkAnswer(answer);
  const zod = Response.safeParse(answer);
  if (plain === null) return; // zod decides
  expect(zod.success).toBe(true);
  if (zod.success && zod.data.ok) expect(plain).toEqual({ trace: zod.data.trace, python: zod.data.python, seconds: zod.data.seconds });
}

describe("plainOkAnswer", () => {
  it("takes the answers of generated programs as zod does", () => {
    for (const answer of answers) {
      expect(plainOkAnswer(answer)).not.toBeNull();
      agreesWithZod(answer);
    }
  });

  it("never takes an answer zod refuses (random damage to real answers)", () => {
    fc.assert(
      fc.property(fc.nat(answers.length - 1), fc.nat(10_000), fc.nat(ODD_VALUES.length - 1), fc.constantFrom("delete", "add", "set"), (a, at, odd, how) => {
        const answer = structuredClone(answers[a]) as Record<string, unknown>;
        const all = containers(answer);
        const target = all[at % all.length] as Record<string, unknown>;
        const keys = Object.keys(target);
        const key = keys.length === 0 || how === "add" ? ["extra", "value", "kind", "0", "__proto__"][at % 5]! : keys[at % keys.length]!;
        if (how === "delete") delete target[key];
        else Object.defineProperty(target, key, { value: ODD_VALUES[odd], enumerable: true, writable: true, configurable: true });
        // Answers are JSON.parse's output (a "__proto__" key then is an own property).
        agreesWithZod(JSON.parse(JSON.stringify(answer)));
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  it("leaves failures and coverage answers to zod", () => {
    expect(plainOkAnswer({ id: 1, ok: false, error: "boom", python: "3.12.1" })).toBeNull();
    expect(plainOkAnswer({ ...answers[0], coverage: {} })).toBeNull();
  });
});
