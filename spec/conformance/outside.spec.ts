/**
 * Calls outside the running loop around a program's entry (ops/outside_cases.ts, the
 * entry's `prologue` and `epilogue`, a `run` entry's `loopFactory`): their IR rules; a
 * program making every call the local release offers, before and after an `asyncio.run`
 * and a `Runner` entry, prints the interpreter's trace when emitted as standalone Python
 * and TypeScript (which typechecks); the shrinker drops them; and a focused entry campaign
 * against the local python3 agrees with CPython while making them. The other releases are
 * covered by `npm run conformance -- --feature entry` with each of them (see the README).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { focusOn, programArbitrary } from "../../src/conformance/generate/index.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { checkProgramForTarget, parseProgram } from "../../src/conformance/ir/index.ts";
import { OUTSIDE_CASE_NAMES, outsideCasesFor } from "../../src/conformance/ops/outside_cases.ts";
import { reduceProgram } from "../../src/conformance/shrink.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { problemOf } from "../support/programs.ts";
import { python3, pythonMissing } from "../support/python.ts";
import { runTypescript, standalonePython, typecheckFiles, writeTypescript } from "../support/standalone.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "spec", "conformance", ".emitted-outside");

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const program = (entry: object): unknown => ({
  schema: 1,
  exceptions: [],
  coroutines: { co_a: [{ op: "log", text: "a" }] },
  main: [{ op: "log", text: "m" }, { op: "sleep", delay: 1 }],
  entry,
});

describe("the IR of calls outside the running loop", () => {
  it("names what is wrong and where", () => {
    expect(problemOf(program({ kind: "run", prologue: ["juggle()"] }))).toMatch(/entry\.prologue\.0/);
    expect(problemOf(program({ kind: "run", epilogue: Array(5).fill("get_event_loop()") }))).toMatch(/entry\.epilogue/);
    expect(problemOf(program({ kind: "run", loopFactory: false }))).toMatch(/entry\.loopFactory/);
  });

  it("refuses a call or a loop factory on the releases that lack it", () => {
    const runner = parseProgram(program({ kind: "run", epilogue: ["get_event_loop()", "Runner().run(1)"] }));
    expect(checkProgramForTarget(runner, "3.11")).toEqual([]);
    expect(checkProgramForTarget(runner, "3.10")).toEqual([{ path: ["entry", "epilogue", 1], message: "Runner().run(1) needs Python 3.11+" }]);
    const factory = parseProgram(program({ kind: "run", loopFactory: true }));
    expect(checkProgramForTarget(factory, "3.12")).toEqual([]);
    expect(checkProgramForTarget(factory, "3.11")[0]?.message).toBe("asyncio.run(loop_factory=...) needs Python 3.12+");
  });

  it("offers every call on some release, and those without a Runner on 3.7", () => {
    expect(outsideCasesFor(14)).toEqual(OUTSIDE_CASE_NAMES);
    expect(outsideCasesFor(7).every((name) => !name.startsWith("Runner"))).toBe(true);
  });

  it("the shrinker drops them, and the loop factory", async () => {
    const start = parseProgram(program({ kind: "run", loopFactory: true, prologue: ["get_event_loop()", "asyncio.run(1)"], epilogue: ["get_running_loop()"] }));
    const { program: smallest } = await reduceProgram(start, async (p) => p.entry !== undefined);
    expect(smallest.entry).toEqual({ kind: "run" });
    const { program: kept } = await reduceProgram(start, async (p) => (p.entry?.prologue ?? []).includes("asyncio.run(1)"));
    expect(kept.entry).toEqual({ kind: "run", prologue: ["asyncio.run(1)"] });
  });

  it("entry campaigns make most of them, on every release", () => {
    for (const python of ["3.7", "3.12", "3.14"] as const) {
      const sample = fc.sample(programArbitrary(focusOn("entry", python)), { seed: 20261203, numRuns: 200 });
      const made = new Set(sample.flatMap((p) => [...(p.entry?.prologue ?? []), ...(p.entry?.epilogue ?? [])]));
      expect([...made].sort(), python).toEqual([...outsideCasesFor(Number(python.slice(2)))].sort());
      const outside = sample.filter((p) => (p.entry?.prologue ?? p.entry?.epilogue) !== undefined).length;
      expect(outside / sample.length).toBeGreaterThan(0.5);
    }
  });
});

describe.skipIf(python3 === null)(`emitted programs with outside calls (python3 ${python3?.version ?? pythonMissing})`, () => {
  const python = python3?.python ?? "3.13";
  const minor = Number(python.split(".")[1]);
  const cases = outsideCasesFor(minor);
  // Every call before and after an asyncio.run entry (with the loop factory where the
  // release has it) and, from 3.11, a Runner entry: four a side, in turn.
  const entries: object[] = [];
  for (let k = 0; k < cases.length; k += 4) {
    const prologue = cases.slice(k, k + 4);
    const epilogue = [...cases.slice(k + 4, k + 8), ...prologue].slice(0, 4);
    entries.push({ kind: "run", prologue, epilogue, ...(minor >= 12 && k === 0 ? { loopFactory: true } : {}) });
    if (minor >= 11) entries.push({ kind: "runner", runs: ["co_a"], prologue: epilogue, epilogue: prologue });
  }
  const programs = entries.map((entry) => parseProgram(program(entry)));
  const expected = programs.map((p) => traceLines(interpret(p, { python })));

  it("the interpreter records every call", () => {
    const recorded = new Set(expected.flatMap((lines) => lines.map((line) => /"what": ?"outside ([^"]+)"/.exec(line)?.[1] ?? "")));
    for (const name of cases) expect(recorded.has(name), name).toBe(true);
  });

  it("standalone Python prints the interpreter's trace", async () => {
    const printed = await standalonePython(programs, python, python3!.path, WORK);
    printed.forEach((lines, i) => expect(lines, `program ${i}`).toEqual(expected[i]));
  }, 180_000);

  it("standalone TypeScript prints the interpreter's trace, and every call typechecks", async () => {
    const files = writeTypescript(programs, python, WORK);
    (await runTypescript(files)).forEach((lines, i) => expect(lines, `program ${i}`).toEqual(expected[i]));
    // A prologue and an epilogue hold at most 4 calls each: 8 calls a program.
    const every = [];
    for (let i = 0; i < OUTSIDE_CASE_NAMES.length; i += 8) {
      const calls = OUTSIDE_CASE_NAMES.slice(i, i + 8);
      const entry = { kind: "run", prologue: calls.slice(0, 4), epilogue: calls.slice(4) } as const;
      every.push(parseProgram(program(i === 0 ? { ...entry, loopFactory: true } : entry)));
    }
    expect(await typecheckFiles([...files, ...writeTypescript(every, python, WORK, "all_calls_")])).toBe("");
  }, 300_000);
});

describe.skipIf(python3 === null)(`a focused entry campaign against python3 ${python3?.version ?? pythonMissing}`, () => {
  it("150 programs agree, most of them calling outside the loop", async () => {
    const { summary, failures } = await runCampaign({
      runs: 150,
      seed: 20261203,
      interpreter: python3!,
      workers: 1,
      reportRoot: null,
      maxShrunk: 1,
      feature: "entry",
    });
    const report = failures.map((f) => `${f.key}\n${f.repro}`).join("\n\n");
    expect(summary.referenceErrors, JSON.stringify(summary.referenceErrorList.slice(0, 2))).toBe(0);
    expect(summary.diverge, report).toBe(0);
    expect(summary.agree).toBe(150);
    expect(summary.warnings).toEqual([]);
  }, 300_000);
});
