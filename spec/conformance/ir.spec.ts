/**
 * The program IR: malformed programs are rejected with the zod path of the first problem,
 * the rules of check.ts hold for every generated program, and the JSON Schema in docs/
 * is the one the zod schema produces.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PYTHON_VERSIONS } from "../../src/asyncio/version.ts";
import { areasFor, areasUsed, campaignGenerateOptions, programArbitrary } from "../../src/conformance/generate/index.ts";
import { checkProgram, parseProgram } from "../../src/conformance/ir/index.ts";
import { corpusJsonSchema, programJsonSchema, summaryJsonSchema } from "../../src/conformance/ir/json_schema.ts";
import { readProgramFile } from "../../src/conformance/replay.ts";
import { problemOf } from "../support/programs.ts";

const valid = {
  schema: 1,
  exceptions: ["AlphaError"],
  coroutines: { job: [{ op: "sleep", delay: 1 }, { op: "return", value: 3 }] },
  main: [
    { op: "spawn", bind: "t1", target: { coroutine: "job" } },
    { op: "await", target: { task: "t1" } },
  ],
};

describe("parseProgram", () => {
  it("accepts a valid program unchanged", () => {
    expect(parseProgram(valid)).toEqual(valid);
  });

  it("names the zod path of a shape error", () => {
    const bad = structuredClone(valid);
    (bad.main[1] as { target: unknown }).target = { task: 7 };
    expect(problemOf(bad)).toMatch(/^program is not a valid program: at main\.1\.target/);
    expect(problemOf({ ...valid, schema: 2 })).toMatch(/at schema: /);
    expect(problemOf({ ...valid, main: [{ op: "sleep", delay: "forever" }] })).toMatch(/at main\.0\.delay: /);
    expect(problemOf({ ...valid, main: [{ op: "teleport" }] })).toMatch(/at main\.0\.op/);
    expect(problemOf({ ...valid, extra: true })).toMatch(/Unrecognized key.*extra/);
  });

  it("names the path of a broken rule", () => {
    expect(problemOf({ ...valid, main: [{ op: "await", target: { task: "t9" } }] })).toContain(
      "at main.0.target.task: task 't9' is not bound here",
    );
    expect(problemOf({ ...valid, main: [{ op: "raise", exception: "BetaError", arg: 1 }] })).toContain(
      "at main.0.exception: exception 'BetaError' is not declared",
    );
    expect(
      problemOf({ ...valid, coroutines: { job: [{ op: "await", target: { call: "job" } }] }, main: [] }),
    ).toContain("at coroutines.job: coroutine 'job' calls or spawns itself");
    expect(
      problemOf({
        ...valid,
        main: [{ op: "repeat", times: 2, body: [{ op: "future", bind: "f1" }] }],
      }),
    ).toContain("at main.0.body.0.bind: a repeat body must not bind names");
    expect(problemOf({ ...valid, main: [{ op: "future", bind: "while" }] })).toMatch(/at main\.0\.bind: must not be a Python or TypeScript keyword/);
  });

  it("scopes names to the block that binds them", () => {
    const inTry = {
      ...valid,
      main: [
        { op: "try", body: [{ op: "future", bind: "f1" }], handlers: [] },
        { op: "set_result", future: "f1", value: 1 },
      ],
    };
    expect(problemOf(inTry)).toContain("at main.1.future: future 'f1' is not bound here");
  });

  it("reports a program file's path, and its JSON errors", () => {
    const file = fileURLToPath(new URL("../../package.json", import.meta.url));
    expect(() => readProgramFile(file)).toThrow(/package\.json is not a valid program: at schema/);
    expect(() => readProgramFile("/nonexistent/program.json")).toThrow(/cannot read \/nonexistent\/program\.json/);
  });
});

describe("generated programs", () => {
  it.each(PYTHON_VERSIONS.map((v) => [v]))("follow every rule (target %s)", (python) => {
    fc.assert(
      fc.property(programArbitrary(campaignGenerateOptions(python)), (program) => {
        expect(checkProgram(program)).toEqual([]);
        expect(parseProgram(JSON.parse(JSON.stringify(program)))).toEqual(program);
        const cancels = JSON.stringify(program).match(/"op":"cancel","target":\{[^}]*\},"msg"/g);
        if (python === "3.7" || python === "3.8") expect(cancels).toBeNull(); // cancel(msg) is 3.9+
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it.each(["3.7", "3.10", "3.13"] as const)("of a default campaign reach every feature area the target has (target %s)", (python) => {
    const programs = fc.sample(programArbitrary(campaignGenerateOptions(python)), { seed: 11, numRuns: 1000 });
    const reached = new Set(programs.flatMap((program) => [...areasUsed(program)]));
    expect(areasFor(python).filter((area) => !reached.has(area))).toEqual([]);
    expect(areasFor(python).length).toBe(python === "3.13" ? 22 : 18); // timeouts, task groups, barriers and except* are 3.11+
    // Half come from the default mix, which never enters through asyncio.run.
    const entered = programs.filter((program) => program.entry !== undefined).length;
    expect(entered).toBeGreaterThan(0);
    expect(entered).toBeLessThan(programs.length / 4);
  });
});

describe("docs/*.schema.json", () => {
  it.each([
    ["program.schema.json", programJsonSchema],
    ["summary.schema.json", summaryJsonSchema],
    ["corpus.schema.json", corpusJsonSchema],
  ] as const)("%s is what the zod schema produces (run npm run ir:schema after a change)", (file, make) => {
    const committed = JSON.parse(readFileSync(fileURLToPath(new URL(`../../docs/${file}`, import.meta.url)), "utf8"));
    expect(committed).toEqual(make());
  });
});
