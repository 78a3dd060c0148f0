/**
 * The ported specs and NOT_PORTED.md together account for every test method of CPython
 * 3.13's test_futures.py, test_futures2.py and test_tasks.py, and name nothing that is not
 * there. Needs a CPython 3.13 that ships its test suite (pyenv builds do); skipped, and
 * says so, when there is none.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { releases } from "../support/python.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const CPYTHON_FILES = ["test_futures.py", "test_futures2.py", "test_tasks.py"];
const SPECS = ["test_futures.spec.ts", "test_tasks_part1.spec.ts", "test_tasks_part2.spec.ts"];

async function cpythonTestDir(): Promise<string | null> {
  const py313 = releases.get("3.13");
  if (!py313) return null;
  const result = await execa(
    py313.path,
    ["-c", "import os, test.test_asyncio as t; print(os.path.dirname(t.__file__))"],
    { reject: false },
  );
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

const testDir = await cpythonTestDir();

/** Every `Class.test_method` defined in a CPython test file, and each class's bases. */
function cpythonTests(source: string): { tests: [string, string][]; bases: Map<string, string[]> } {
  const tests: [string, string][] = [];
  const bases = new Map<string, string[]>();
  // Class headers may span lines: `class C(A, B,\n          C):`.
  const headers = [...source.matchAll(/^class (\w+)(?:\(([^)]*)\))?:/gm)].map((m) => ({
    name: m[1] as string,
    at: m.index ?? 0,
    bases: (m[2] ?? "").split(",").map((b) => b.trim().split(".").pop() as string).filter(Boolean),
  }));
  for (const h of headers) bases.set(h.name, h.bases);
  for (const m of source.matchAll(/^ {4}(?:async )?def (test_\w+)\(/gm)) {
    const owner = headers.filter((h) => h.at < (m.index ?? 0)).pop();
    if (owner) tests.push([owner.name, m[1] as string]);
  }
  return { tests, bases };
}

describe.skipIf(testDir === null)("porting accounting against CPython 3.13's test suite", () => {
  it("accounts for every CPython test method exactly as ported or not ported", () => {
    const all: [string, string][] = [];
    const bases = new Map<string, string[]>();
    for (const file of CPYTHON_FILES) {
      const parsed = cpythonTests(readFileSync(join(testDir as string, file), "utf8"));
      all.push(...parsed.tests);
      for (const [k, v] of parsed.bases) bases.set(k, v);
    }
    const isA = (cls: string, ancestor: string): boolean =>
      cls === ancestor || (bases.get(cls) ?? []).some((b) => isA(b, ancestor));

    const named: [string, string][] = [];
    for (const spec of SPECS) {
      const text = readFileSync(join(HERE, spec), "utf8");
      for (const m of text.matchAll(/\bit\(\s*["'`](\w+|\$\{[^}]+\})\.(test_\w+)/g)) {
        named.push([(m[1] as string).startsWith("${") ? "*" : (m[1] as string), m[2] as string]);
      }
    }
    const ported = named.length;
    for (const m of readFileSync(join(HERE, "NOT_PORTED.md"), "utf8").matchAll(/^- (\w+)\.(test_\w+):/gm)) {
      named.push([m[1] as string, m[2] as string]);
    }

    const covers = ([cls, test]: [string, string], [nCls, nTest]: [string, string]) =>
      test === nTest && (nCls === "*" || isA(nCls, cls) || isA(cls, nCls));
    const missing = all.filter((entry) => !named.some((n) => covers(entry, n)));
    const unknown = named.filter((n) => !all.some((entry) => covers(entry, n)));
    expect(missing.map((e) => e.join(".")), "CPython tests neither ported nor listed").toEqual([]);
    expect(unknown.map((e) => e.join(".")), "names that are not CPython tests").toEqual([]);
    expect(ported).toBeGreaterThanOrEqual(120);
  });
});
