// MUTATION.md's annotations: a mutant is explained by its own key, by the function or class
// around it, or by its file, the most specific first; a scope cannot declare mutants equivalent.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { annotationFinder, enclosingScopes, mutationMarkdown, unexplained, type MutantOutcome } from "../../scripts/mutation/report.ts";
import { allMutants, currentMutants, mergeRun, moduleStatus, readStore, sourceHash, writeStore, type ModuleResults, type StrykerReport } from "../../scripts/mutation/results.ts";

const FILE = "src/asyncio/sample.ts";
const SOURCE = [
  "export class Task {", //                 1
  "  _step(x: number): number {", //        2
  "    const twice = (y: number) => y * 2;", // 3
  "    return twice(x) + 1;", //             4
  "  }", //                                 5
  "  get name(): string {", //              6
  '    return "Task-1";', //                 7
  "  }", //                                 8
  "}", //                                   9
  "export function helper(): number {", //  10
  "  return 3;", //                          11
  "}", //                                   12
  "const top = 4;", //                      13
].join("\n");

const mutant = (line: number, column: number, endColumn: number, replacement: string, status = "Survived"): MutantOutcome => ({
  fileName: FILE,
  mutatorName: "ArithmeticOperator",
  replacement,
  location: { start: { line, column }, end: { line, column: endColumn } },
  status,
});

describe("enclosingScopes", () => {
  const file = ts.createSourceFile(FILE, SOURCE, ts.ScriptTarget.Latest, true);

  it("names the functions and classes around a position, innermost first", () => {
    expect(enclosingScopes(file, 3, 34)).toEqual(["Task._step.twice", "Task._step", "Task"]);
    expect(enclosingScopes(file, 4, 12)).toEqual(["Task._step", "Task"]);
    expect(enclosingScopes(file, 7, 12)).toEqual(["Task.name", "Task"]);
    expect(enclosingScopes(file, 11, 10)).toEqual(["helper"]);
    expect(enclosingScopes(file, 13, 14)).toEqual([]);
  });

  it("places nothing at a position the source no longer has (results of an older source)", () => {
    const lines = SOURCE.split("\n");
    expect(enclosingScopes(file, lines.length + 5, 1)).toEqual([]);
    expect(enclosingScopes(file, 3, (lines[2] as string).length + 40)).toEqual([]);
    expect(enclosingScopes(file, 0, 1)).toEqual([]);
  });
});

describe("annotationFinder", () => {
  const sources = { [FILE]: SOURCE };
  const inner = mutant(3, 34, 39, "y / 2");
  const outer = mutant(4, 12, 24, "twice(x) - 1");
  const getter = mutant(7, 12, 20, '""');
  const elsewhere = mutant(11, 10, 11, "0");

  it("prefers the mutant's own key, then the innermost scope, then the file", () => {
    const find = annotationFinder(
      {
        [`${FILE} ArithmeticOperator y * 2 => y / 2`]: { kind: "equivalent", reason: "own" },
        [`${FILE} Task._step`]: { kind: "note", reason: "method" },
        [`${FILE} Task`]: { kind: "note", reason: "class" },
        [FILE]: { kind: "note", reason: "file" },
      },
      sources,
    );
    expect(find(inner)?.reason).toBe("own");
    expect(find(outer)?.reason).toBe("method");
    expect(find(getter)?.reason).toBe("class");
    expect(find(elsewhere)?.reason).toBe("file");
  });

  it("refuses a scope that claims its mutants are equivalent", () => {
    expect(() => annotationFinder({ [`${FILE} Task._step`]: { kind: "equivalent", reason: "all of it" } }, sources)).toThrow(
      /names a scope, which can only explain/,
    );
  });

  it("refuses an equivalent key that names two mutants (the same text mutated the same way twice)", () => {
    const twice = ["export function f(a: number, b: number): number {", "  return a + b;", "}", "export const g = (a: number, b: number) => a + b;"].join("\n");
    const at = (line: number, column: number): MutantOutcome => ({ fileName: FILE, mutatorName: "ArithmeticOperator", replacement: "a - b", location: { start: { line, column }, end: { line, column: column + 5 } }, status: "Survived" });
    const inputs = {
      specs: null,
      kit: [at(2, 10), at(4, 44)],
      annotations: { [`${FILE} ArithmeticOperator a + b => a - b`]: { kind: "equivalent" as const, reason: "b is always 0" } },
      sources: { [FILE]: twice },
      meta: { command: "npm run mutation", date: "2026-12-02", machine: "test", sample: 1000, maxKillers: 25, stryker: "9" },
    };
    expect(() => mutationMarkdown(inputs)).toThrow(/marked equivalent but names 2 mutants \(src\/asyncio\/sample.ts:2:10, src\/asyncio\/sample.ts:4:44\)/);
    // The same key as a note explains both.
    const md = mutationMarkdown({ ...inputs, annotations: { [`${FILE} ArithmeticOperator a + b => a - b`]: { kind: "note", reason: "b is always 0" } } });
    expect(md.match(/b is always 0/g)?.length).toBe(2);
  });

  it("counts a scope note as an explanation, not as an equivalent mutant", () => {
    const md = mutationMarkdown({
      specs: null,
      kit: [outer, { ...inner, status: "Killed", killedBy: ["a/1"] }],
      annotations: { [`${FILE} Task._step`]: { kind: "note", reason: "reached by few programs" } },
      sources,
      meta: { command: "npm run mutation", date: "2026-12-02", machine: "test", sample: 1000, maxKillers: 25, stryker: "9" },
    });
    // Two live mutants, one killed by the kit: 50%; the specs side measured nothing: "-", not 0%.
    expect(md).toContain("| sample.ts | 2 | 0 | - | 1 | 1 | 1 | - | 50.0% |");
    // Both rows carry the scope's reason.
    expect(md.match(/reached by few programs/g)?.length).toBe(2);
  });
});

describe("rare catches", () => {
  const meta = { command: "npm run mutation", date: "2026-12-02", machine: "test", sample: 1000, maxKillers: 25, stryker: "9" };
  const killed = (line: number, killers: number, reached: number | undefined): MutantOutcome => ({
    ...mutant(line, 10, 11, `x${line}`),
    status: "Killed",
    killedBy: ["p/1"],
    killers,
    ...(reached === undefined ? {} : { reached }),
  });

  it("says a catch is rare because few programs reach the code, and asks for a reason only when many do", () => {
    const inputs = { specs: null, kit: [killed(4, 3, 4), killed(11, 3, 400), killed(7, 30, 400)], annotations: {}, sources: { [FILE]: SOURCE }, meta };
    const md = mutationMarkdown(inputs);
    expect(md).toContain("| 3 | 4 | only 4 of the sample's programs reach this code |");
    expect(md).toContain("| 3 | 400 | (not explained yet) |");
    expect(unexplained(inputs)).toHaveLength(1);
    expect(unexplained(inputs)[0]).toContain("=> x11");
  });
});

describe("the kit's rate over the modules ported from CPython", () => {
  const meta = { command: "npm run mutation", date: "2026-12-04", machine: "test", sample: 1000, maxKillers: 25, stryker: "9" };
  const at = (fileName: string, line: number, status: string): MutantOutcome => ({ ...mutant(line, 10, 11, `x${line}`), fileName, status, ...(status === "Killed" ? { killedBy: ["p/1"], killers: 30 } : {}) });

  it("leaves the TypeScript-only modules out of the second total row", () => {
    const ported = "src/asyncio/tasks.ts";
    const tsOnly = "src/asyncio/virtual_loop.ts";
    const source = Array.from({ length: 20 }, () => "const x = 1;").join("\n");
    const kit = [at(ported, 1, "Killed"), at(ported, 2, "Killed"), at(ported, 3, "Survived"), at(tsOnly, 1, "Survived"), at(tsOnly, 2, "Survived")];
    const md = mutationMarkdown({ specs: null, kit, annotations: {}, sources: { [ported]: source, [tsOnly]: source }, meta });
    expect(md).toContain("| **all** | 5 | 0 | 0 | 2 | 2 | 3 | - | 40.0% |");
    expect(md).toMatch(/\| \*\*ported from CPython\*\* \(all but virtual_loop\.ts, [^)]*\) \| 3 \| 0 \| - \| 2 \| 2 \| 1 \| - \| 66\.7% \|/);
  });
});

describe("the committed results, per module", () => {
  const report = (file: string, killedBy: string[]): StrykerReport => ({
    files: { [`/sandbox/${file}`]: { mutants: [{ mutatorName: "ArithmeticOperator", replacement: "0", location: { start: { line: 11, column: 10 }, end: { line: 11, column: 11 } }, status: killedBy.length > 0 ? "Killed" : "Survived", killedBy, coveredBy: ["a/1", "b/2", "c/3", "d/4"] }] } },
  });
  const sources = { [FILE]: SOURCE, "src/asyncio/other.ts": "export const x = 1;\n" };
  const meta = { date: "2026-12-02", stryker: "9.6.1", testsHash: "sample-1" };

  it("replaces only the modules a run measured, and keeps the count of killers", () => {
    let store = readStore("/nonexistent/kit.json", "kit");
    store = mergeRun(store, report("src/asyncio/other.ts", []), sources, meta);
    store = mergeRun(store, report(FILE, ["a/1", "b/2", "c/3"]), sources, meta);
    expect(Object.keys(store.modules)).toEqual(["src/asyncio/other.ts", FILE]);
    const [m] = allMutants({ ...store, modules: { [FILE]: store.modules[FILE] as ModuleResults } });
    expect(m).toMatchObject({ fileName: FILE, status: "Killed", killedBy: ["a/1"], killers: 3, reached: 4 });
    expect(moduleStatus(store, sources, "sample-1")).toEqual({ current: [FILE, "src/asyncio/other.ts"], stale: [], missing: [] });
  });

  it("calls a module stale once its source or the tests change, and missing until it is measured", () => {
    const store = mergeRun(readStore("/nonexistent/kit.json", "kit"), report(FILE, []), sources, meta);
    expect(moduleStatus(store, { [FILE]: `${SOURCE}\n// edited`, "src/asyncio/other.ts": "x" }, "sample-1")).toEqual({ current: [], stale: [FILE], missing: ["src/asyncio/other.ts"] });
    expect(moduleStatus(store, { [FILE]: SOURCE }, "sample-2")).toEqual({ current: [], stale: [FILE], missing: [] });
    expect(moduleStatus(store, { [FILE]: SOURCE }, "sample-1")).toEqual({ current: [FILE], stale: [], missing: [] });
  });

  it("gives the report only the modules measured on today's source (older positions would count twice)", () => {
    const store = mergeRun(readStore("/nonexistent/kit.json", "kit"), report(FILE, ["a/1"]), sources, meta);
    expect(currentMutants(store, { [FILE]: SOURCE })).toHaveLength(1);
    expect(currentMutants(store, { [FILE]: `${SOURCE}\n// edited` })).toEqual([]);
    expect(currentMutants(store, {})).toEqual([]);
  });

  it("refuses a results file of the other side", () => {
    const dir = mkdtempSync(join(tmpdir(), "mutation-results-"));
    const file = join(dir, "kit.json");
    writeStore(file, mergeRun(readStore(file, "kit"), report(FILE, []), sources, meta));
    expect(readStore(file, "kit").modules[FILE]?.sourceHash).toBe(sourceHash(SOURCE));
    expect(() => readStore(file, "specs")).toThrow(/not a format-1 results file of the specs side/);
  });
});
