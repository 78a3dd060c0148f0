/**
 * The introspection and validation areas of the kit (ops/introspect.ts, task_factory.ts,
 * validate.ts and the reads they add to `sync`, `queue_op`, `primitive` and `timeout`):
 * their IR rules; programs focused on them print the interpreter's trace when emitted as
 * standalone Python and TypeScript, and the TypeScript typechecks; and focused campaigns
 * against the local python3 agree with CPython while exercising what the areas are for
 * (every new statement kind, most validation calls, not mostly trivial or deadlocked).
 * The other releases are covered by `npm run conformance -- --matrix --feature ...`
 * (see the README) and by the recorded corpus.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runCampaign } from "../../src/conformance/campaign.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { areasUsed, focusOn, programArbitrary, type FeatureArea } from "../../src/conformance/generate/index.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { checkProgramForTarget, parseProgram, type Program } from "../../src/conformance/ir/index.ts";
import { VALIDATE_CASE_NAMES, casesFor } from "../../src/conformance/ops/validate_cases.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { problemOf, statements } from "../support/programs.ts";
import { python3, pythonMissing } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "spec", "conformance", ".emitted-introspection");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const RUNNER = `
import { pathToFileURL } from "node:url";
const printed: Record<string, string[]> = {};
const log = console.log;
for (const file of process.argv.slice(2)) {
  const lines: string[] = [];
  console.log = (...parts: unknown[]) => { lines.push(parts.join(" ")); };
  try { await import(pathToFileURL(file).href); } finally { console.log = log; }
  printed[file] = lines;
}
log(JSON.stringify(printed));
`;

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const program = (main: unknown[]): unknown => ({ schema: 1, exceptions: [], coroutines: {}, main });

describe("the IR of the introspection and validation operations", () => {
  it("names what is wrong and where", () => {
    expect(problemOf(program([{ op: "introspect", what: "get_coro" }]))).toContain("at main.0.target: get_coro needs a target task");
    expect(problemOf(program([{ op: "introspect", what: "all_tasks", target: "t1" }]))).toContain("all_tasks takes no target");
    expect(problemOf(program([{ op: "primitive", bind: "ev1", kind: "event" }, { op: "primitive", bind: "cv2", kind: "condition", lock: "ev1" }])))
      .toContain("at main.1.lock: 'ev1' is a event, not a lock");
    expect(problemOf(program([{ op: "primitive", bind: "lk1", kind: "lock" }, { op: "primitive", bind: "sm2", kind: "semaphore", lock: "lk1" }])))
      .toContain("only a condition is built on a lock");
    expect(problemOf(program([{ op: "primitive", bind: "cv1", kind: "condition" }, { op: "sync", target: "cv1", action: "wait_for" }])))
      .toContain("at main.1.n: wait_for needs n");
    expect(problemOf(program([{ op: "primitive", bind: "lk1", kind: "lock" }, { op: "sync", target: "lk1", action: "parties" }])))
      .toContain("a lock has no action 'parties'");
    expect(problemOf(program([{ op: "validate", call: "wait(banana)" }]))).toMatch(/at main\.0\.call/);
  });

  it("refuses a call on the releases where the two sides would mean different things", () => {
    const plain = parseProgram(program([{ op: "validate", call: "gather(plain generator)" }]));
    expect(checkProgramForTarget(plain, "3.11")).toEqual([]);
    expect(checkProgramForTarget(plain, "3.12")[0]?.message).toBe("gather(plain generator) is only modelled up to Python 3.11");
    const barrier = parseProgram(program([{ op: "validate", call: "Barrier(0)" }]));
    expect(checkProgramForTarget(barrier, "3.10")[0]?.message).toBe("Barrier(0) needs Python 3.11+");
    const coro = parseProgram(program([{ op: "spawn", bind: "t1", target: { body: [] } }, { op: "introspect", what: "get_coro", target: "t1" }]));
    expect(checkProgramForTarget(coro, "3.7")[0]?.message).toBe("Task.get_coro() needs Python 3.8+");
    const eager = parseProgram(program([{ op: "task_factory", factory: "recording_eager" }]));
    expect(checkProgramForTarget(eager, "3.11")[0]?.message).toBe("asyncio.eager_task_factory needs Python 3.12+");
  });

  it("offers every validation call on some release", () => {
    const offered = new Set([7, 8, 9, 10, 11, 12, 13, 14].flatMap((minor) => casesFor(minor)));
    expect([...offered].sort()).toEqual([...VALIDATE_CASE_NAMES].sort());
  });
});

const AREAS: FeatureArea[] = ["introspection", "validation"];

describe.skipIf(python3 === null)(`emitted introspection and validation programs (python3 ${python3?.version ?? pythonMissing})`, () => {
  const python = python3?.python ?? "3.13";
  const programs = AREAS.flatMap((area) =>
    fc.sample(programArbitrary(focusOn(area, python)), { seed: 7, numRuns: 30 }).filter((p) => areasUsed(p).has(area)).slice(0, 6),
  );
  // And one program making every validation call the release offers, one after another.
  const minor = Number(python.split(".")[1]);
  programs.push(parseProgram({ schema: 1, exceptions: [], coroutines: {}, main: casesFor(minor).map((call) => ({ op: "validate", call })) }));
  const expected = programs.map((p) => traceLines(interpret(p, { python })));

  it("standalone Python prints the interpreter's trace", async () => {
    expect(programs.length).toBe(13);
    mkdirSync(WORK, { recursive: true });
    const results = await Promise.all(
      programs.map(async (p, i) => {
        const file = join(WORK, `p${i}.py`);
        writeFileSync(file, emitPython(p, { python, standalone: true }));
        const { stdout } = await execa(python3!.path, [file], { env: { PYTHONHASHSEED: "0" }, timeout: 900_000 });
        return stdout.split("\n");
      }),
    );
    results.forEach((lines, i) => expect(lines, `program ${i}`).toEqual(expected[i]));
  }, 900_000);

  it("standalone TypeScript prints the interpreter's trace, and typechecks", async () => {
    mkdirSync(WORK, { recursive: true });
    const files = programs.map((p, i) => {
      const file = join(WORK, `p${i}.ts`);
      writeFileSync(file, emitTs(p, { python }));
      return file;
    });
    writeFileSync(join(WORK, "run-all.ts"), RUNNER);
    const { stdout } = await execa(TSX, [join(WORK, "run-all.ts"), ...files], { cwd: ROOT, timeout: 900_000 });
    const printed = JSON.parse(stdout) as Record<string, string[]>;
    files.forEach((file, i) => expect(printed[file], `program ${i}`).toEqual(expected[i]));
    // Every call's TypeScript text typechecks, whatever the release.
    const all = join(WORK, "all_calls.ts");
    writeFileSync(all, emitTs(parseProgram(program(VALIDATE_CASE_NAMES.map((call) => ({ op: "validate", call })))) as Program, { python }));
    const tsc = join(ROOT, "node_modules", ".bin", "tsc");
    const result = await execa(
      tsc,
      ["--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler",
        "--allowImportingTsExtensions", "--skipLibCheck", "--types", "node", ...files, all],
      { cwd: ROOT, reject: false, timeout: 900_000 },
    );
    expect(result.stdout + result.stderr).toBe("");
  }, 900_000);
});

describe.skipIf(python3 === null)(`focused campaigns against python3 ${python3?.version ?? pythonMissing}`, () => {
  it.each(AREAS)("%s: 150 programs agree and exercise the area", async (area) => {
    const { summary, failures } = await runCampaign({
      runs: 150,
      seed: 20261201,
      interpreter: python3!,
      workers: 2,
      reportRoot: null,
      maxShrunk: 1,
      feature: area,
    });
    const report = failures.map((f) => `${f.key}\n${f.repro}`).join("\n\n");
    expect(summary.referenceErrors, JSON.stringify(summary.referenceErrorList.slice(0, 2))).toBe(0);
    expect(summary.diverge, report).toBe(0);
    expect(summary.agree).toBe(150);
    const ex = summary.exercised;
    expect(ex.trivialPrograms / 150).toBeLessThan(0.5);
    expect((ex.endings.deadlock ?? 0) / 150).toBeLessThan(0.25);
    const kinds = area === "validation" ? ["validate"] : ["introspect", "task_factory"];
    for (const kind of kinds) expect(ex.statements[kind as keyof typeof ex.statements], kind).toBeGreaterThan(0);
    expect(summary.warnings).toEqual([]);
  }, 900_000);

  it("validation programs reach most calls a release offers", () => {
    const python = python3!.python;
    const seen = new Set<string>();
    // 300 programs: the table holds about 450 calls on 3.11+, a few per program.
    for (const p of fc.sample(programArbitrary(focusOn("validation", python)), { seed: 20261201, numRuns: 300 })) {
      for (const s of statements(p)) if (s.op === "validate") seen.add(s.call);
    }
    expect(seen.size / casesFor(Number(python.split(".")[1])).length).toBeGreaterThan(0.9);
  });
});
