/**
 * The lifecycle area of the kit (ops/lifecycle.ts, lifecycle_cases.ts, the harnesses'
 * scene helpers, and Runner entries with `lifecycle`): its IR rules; a program playing
 * every scene the local release offers prints the interpreter's trace when emitted as
 * standalone Python and TypeScript, and every scene's TypeScript typechecks; and a focused
 * campaign against the local python3 agrees with CPython while playing most scenes. The
 * other releases are covered by `npm run conformance -- --matrix --feature lifecycle`
 * (see the README) and by the recorded corpus.
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
import { LIFECYCLE_CASE_NAMES, lifecycleCasesFor } from "../../src/conformance/ops/lifecycle_cases.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { problemOf, statements } from "../support/programs.ts";
import { python3, pythonMissing } from "../support/python.ts";
import { runTypescript, standalonePython, typecheckFiles, writeTypescript } from "../support/standalone.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "spec", "conformance", ".emitted-lifecycle");

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const program = (main: unknown[], extra: object = {}): unknown => ({ schema: 1, exceptions: [], coroutines: {}, main, ...extra });

describe("the IR of the lifecycle operation", () => {
  it("names what is wrong and where", () => {
    expect(problemOf(program([{ op: "lifecycle", scene: "juggle" }]))).toMatch(/at main\.0\.scene/);
    expect(problemOf(program([], { entry: { kind: "runner", runs: [], lifecycle: false } }))).toMatch(/entry\.lifecycle/);
  });

  it("refuses a scene on the releases that lack it or where it changed meaning", () => {
    const group = parseProgram(program([{ op: "lifecycle", scene: "reenter TaskGroup()" }]));
    expect(checkProgramForTarget(group, "3.11")).toEqual([]);
    expect(checkProgramForTarget(group, "3.10")[0]?.message).toBe("reenter TaskGroup() needs Python 3.11+");
    const run = parseProgram(program([{ op: "lifecycle", scene: "Runner().run(1)" }]));
    expect(checkProgramForTarget(run, "3.13")).toEqual([]);
    expect(checkProgramForTarget(run, "3.14")[0]?.message).toBe("Runner().run(1) is only modelled up to Python 3.13");
    const entry = parseProgram(program([], { entry: { kind: "runner", runs: [], lifecycle: true } }));
    expect(checkProgramForTarget(entry, "3.10")[0]?.message).toBe("asyncio.Runner needs Python 3.11+");
  });

  it("offers every scene on some release", () => {
    const offered = new Set([7, 8, 9, 10, 11, 12, 13, 14].flatMap((minor) => lifecycleCasesFor(minor)));
    expect([...offered].sort()).toEqual([...LIFECYCLE_CASE_NAMES].sort());
  });
});

describe.skipIf(python3 === null)(`emitted lifecycle programs (python3 ${python3?.version ?? pythonMissing})`, () => {
  const python = python3?.python ?? "3.13";
  const minor = Number(python.split(".")[1]);
  const scenes = lifecycleCasesFor(minor).map((scene) => ({ op: "lifecycle", scene }));
  // Every scene one after another, under the harness's entry and under a Runner entry with
  // `lifecycle` (whose shutdown reports the leftover task).
  const programs = [parseProgram(program(scenes))];
  if (minor >= 11) programs.push(parseProgram(program(scenes, { entry: { kind: "runner", runs: [], lifecycle: true } })));
  const expected = programs.map((p) => traceLines(interpret(p, { python })));

  it("standalone Python prints the interpreter's trace", async () => {
    const printed = await standalonePython(programs, python, python3!.path, WORK);
    printed.forEach((lines, i) => expect(lines, `program ${i}`).toEqual(expected[i]));
  }, 180_000);

  it("standalone TypeScript prints the interpreter's trace, and every scene typechecks", async () => {
    const files = writeTypescript(programs, python, WORK);
    (await runTypescript(files)).forEach((lines, i) => expect(lines, `program ${i}`).toEqual(expected[i]));
    const every = parseProgram(program(LIFECYCLE_CASE_NAMES.map((scene) => ({ op: "lifecycle", scene }))));
    expect(await typecheckFiles([...files, ...writeTypescript([every], python, WORK, "all_scenes_")])).toBe("");
  }, 300_000);
});

describe.skipIf(python3 === null)(`a focused lifecycle campaign against python3 ${python3?.version ?? pythonMissing}`, () => {
  it("150 programs agree and play the area", async () => {
    const { summary, failures } = await runCampaign({
      runs: 150,
      seed: 20261202,
      interpreter: python3!,
      workers: 2,
      reportRoot: null,
      maxShrunk: 1,
      feature: "lifecycle",
    });
    const report = failures.map((f) => `${f.key}\n${f.repro}`).join("\n\n");
    expect(summary.referenceErrors, JSON.stringify(summary.referenceErrorList.slice(0, 2))).toBe(0);
    expect(summary.diverge, report).toBe(0);
    expect(summary.agree).toBe(150);
    expect(summary.exercised.statements.lifecycle).toBeGreaterThan(0);
    expect((summary.exercised.endings.deadlock ?? 0) / 150).toBeLessThan(0.25);
    expect(summary.warnings).toEqual([]);
  }, 300_000);

  it("lifecycle programs play most scenes a release offers, half of them with an entry", () => {
    const python = python3!.python;
    const sample = fc.sample(programArbitrary(focusOn("lifecycle", python)), { seed: 20261202, numRuns: 150 });
    const seen = new Set<string>();
    for (const p of sample) for (const s of statements(p)) if (s.op === "lifecycle") seen.add(s.scene);
    expect(seen.size / lifecycleCasesFor(Number(python.split(".")[1])).length).toBeGreaterThan(0.9);
    const entered = sample.filter((p) => p.entry !== undefined).length;
    expect(entered / sample.length).toBeGreaterThan(0.3);
    expect(entered / sample.length).toBeLessThan(0.7);
  });
});
