/**
 * The out-of-scope rules (coverage.out-of-scope.json, src/conformance/coverage/scope.ts):
 * a bad file is refused naming the place; function spans and branch bodies found in the
 * source text equal what CPython's own parser says (spec/conformance/python/
 * asyncio_functions.py, `ast`) for every release found; and every committed rule applies
 * where it says it does: each module and function rule names something that exists, each
 * branch and statement rule designates exactly the lines `ast` finds, on each release.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";
import { buildIdentity } from "../../src/conformance/coverage/baseline.ts";
import { branchBody, functionSpan, loadScope, parseScope, resolveScope, type ScopeFile } from "../../src/conformance/coverage/scope.ts";
import { releases, runPythonJson } from "../support/python.ts";

const FUNCTIONS = fileURLToPath(new URL("./python/asyncio_functions.py", import.meta.url));

/** The modules whose function spans are checked (the measured ones). */
const MODULES = [
  "base_events", "events", "futures", "tasks", "locks", "queues", "timeouts", "taskgroups", "runners",
  "base_futures", "base_tasks", "coroutines", "format_helpers", "mixins", "exceptions",
];

describe("the out-of-scope file's format", () => {
  it("refuses bad rules, naming where", () => {
    expect(() => parseScope({ modules: [{ module: "Bad Name", reason: "a long enough reason" }] }, "x.json")).toThrow(/x\.json: modules\.0\.module/);
    expect(() => parseScope({ modules: [{ module: "streams", reason: "short" }] }, "x.json")).toThrow(/modules\.0\.reason/);
    expect(() => parseScope({ functions: [{ module: "tasks", functions: [], reason: "a long enough reason" }] }, "x.json")).toThrow(/functions\.0\.functions/);
    expect(() => parseScope({ branches: [{ module: "tasks", function: "f", branch: "if x:", reason: "a long enough reason", releases: "3.9-3.8" }] }, "x.json")).toThrow(/branches\.0\.releases/);
    expect(() => parseScope({ lines: [{ module: "tasks", release: "3.11", lines: [9, 3], first: "x", reason: "a long enough reason" }] }, "x.json")).toThrow(/lines\.0\.lines/);
    expect(() => parseScope({ surprise: [] }, "x.json")).toThrow(/x\.json/);
  });

  it("finds spans and branch bodies in small sources", () => {
    const source = ["class A:", "    def f(self):", "        if d:", "            x()", "        else:", "            y()", "        z()", "", "def g():", "    return 1", ""].join("\n");
    expect(functionSpan(source, "A.f")).toEqual([2, 7]);
    expect(functionSpan(source, "g")).toEqual([9, 10]);
    expect(functionSpan(source, "f")).toBeNull(); // a method is not a top-level function
    expect(branchBody(source, "if d:", [2, 7])).toEqual([4]);
    expect(branchBody(source, "if d:", [2, 7], { withLine: true })).toEqual([3, 4]);
  });

  it("line rules check their first line against the source", () => {
    const scope = parseScope({ lines: [{ module: "m", release: "3.11", lines: [2, 3], first: "if debug:", reason: "a long enough reason" }] }, "x.json");
    const read = (text: string) => () => text;
    expect(resolveScope(scope, { release: "3.11", readSource: read("a\nif debug:\n  log()\n") }).lineReason("m", 3)).toBe("a long enough reason");
    expect(() => resolveScope(scope, { release: "3.11", readSource: read("a\nb\nc\n") })).toThrow(/line 2 reads "b", not "if debug:"/);
    expect(resolveScope(scope, { release: "3.12", readSource: read("") }).rules).toBe(0);
  });
});

const cpythons = [...releases.values()].filter((i) => i.source !== "pyodide" && pythonMinor(i.python) >= 8);

/** Whether a rule with optional `releases` applies to a release (as scope.ts reads it). */
function appliesTo(releasesText: string | undefined, release: PythonVersion): boolean {
  if (releasesText === undefined) return true;
  const probe = parseScope({ modules: [{ module: "m", reason: "a long enough reason", releases: releasesText }] }, "probe");
  return resolveScope(probe, { release, readSource: () => null }).moduleReason("m") !== null;
}

describe.skipIf(cpythons.length === 0)("the committed out-of-scope rules against each CPython release found", () => {
  const scope: ScopeFile = loadScope();
  const textRules = [
    ...scope.branches.map((r) => ({ module: r.module, function: r.function, text: r.branch, kind: "branch" as const, releases: r.releases })),
    ...scope.statements.map((r) => ({ module: r.module, function: r.function, text: r.statement, kind: "statement" as const, releases: r.releases })),
  ];
  const functionsSeen = new Map<string, boolean>();
  const modulesSeen = new Map<string, boolean>();

  for (const interpreter of cpythons) {
    it(`CPython ${interpreter.version}: spans, branches and statements equal what ast finds; every rule applies`, { timeout: 900_000 }, async () => {
      const release = interpreter.python;
      const { package: dir } = await buildIdentity(interpreter, []);
      const read = (m: string) => (existsSync(join(dir, `${m}.py`)) ? readFileSync(join(dir, `${m}.py`), "utf8") : null);
      const applicable = textRules.filter((r) => appliesTo(r.releases, release));
      const ast = await runPythonJson<{ functions: Record<string, [string, number, number, number][]>; rules: (number[] | null)[] }>(
        interpreter,
        FUNCTIONS,
        { modules: MODULES, rules: applicable },
      );

      // Every function's span, as ast gives it (a property's getter and setter make one span).
      for (const module of MODULES) {
        const source = read(module);
        if (source === null) continue;
        const spans = new Map<string, [number, number, boolean]>();
        for (const [name, first, last, column] of ast.functions[module] ?? []) {
          const depth = name.split(".").filter((p) => p !== "<locals>").length - 1;
          const seen = spans.get(name);
          spans.set(name, [Math.min(seen?.[0] ?? first, first), Math.max(seen?.[1] ?? last, last), column === 4 * depth]);
        }
        for (const [name, [first, last, canonical]] of spans) {
          // A def nested in an if/try at its level (not where its name says) is not located.
          expect(functionSpan(source, name), `${module} ${name}`).toEqual(canonical ? [first, last] : null);
        }
      }

      // Branch and statement rules: exactly the lines ast designates, and applied.
      const resolved = resolveScope(scope, { release, readSource: read });
      expect(resolved.notApplied).toEqual([]);
      applicable.forEach((rule, i) => {
        const expected = ast.rules[i];
        expect(expected, `${rule.module} ${rule.function}: no such function in ${release}`).not.toBeNull();
        const source = read(rule.module) as string;
        const span = functionSpan(source, rule.function) as [number, number];
        const lines = branchBody(source, rule.text, span, { withLine: rule.kind === "statement" });
        expect(lines, `${rule.module} ${rule.function} ${rule.kind} ${JSON.stringify(rule.text)}`).toEqual(expected);
        for (const line of lines) expect(resolved.lineReason(rule.module, line)).not.toBeNull();
      });

      // Module and function rules name something that exists (in some release, checked below).
      for (const rule of scope.modules) {
        if (!appliesTo(rule.releases, release)) continue;
        modulesSeen.set(rule.module, (modulesSeen.get(rule.module) ?? false) || read(rule.module) !== null);
      }
      const all = Object.fromEntries(MODULES.map((m) => [m, (ast.functions[m] ?? []).map(([name]) => name)]));
      for (const rule of scope.functions) {
        if (!appliesTo(rule.releases, release)) continue;
        const names = all[rule.module] ?? (await runPythonJson<{ functions: Record<string, [string][]> }>(interpreter, FUNCTIONS, { modules: [rule.module], rules: [] })).functions[rule.module]?.map(([n]) => n) ?? [];
        for (const pattern of rule.functions) {
          const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\<>]/g, "\\$&")).join(".*")}$`);
          const key = `${rule.module} ${pattern}`;
          functionsSeen.set(key, (functionsSeen.get(key) ?? false) || names.some((n) => re.test(n)));
          for (const name of names.filter((n) => re.test(n))) {
            expect(resolved.functionReason(rule.module, name), `${rule.module} ${name}`).not.toBeNull();
          }
        }
      }
    });
  }

  it("every module and function rule names something in a release it applies to", () => {
    const found = new Set(cpythons.map((i) => i.python));
    for (const rule of scope.modules) {
      const testable = PYTHON_VERSIONS.some((v) => found.has(v) && appliesTo(rule.releases, v));
      if (testable) expect(modulesSeen.get(rule.module), `module ${rule.module}`).toBe(true);
    }
    for (const rule of scope.functions) {
      const testable = PYTHON_VERSIONS.some((v) => found.has(v) && appliesTo(rule.releases, v));
      if (!testable) continue;
      for (const pattern of rule.functions) expect(functionsSeen.get(`${rule.module} ${pattern}`), `${rule.module} ${pattern}`).toBe(true);
    }
  });
});
