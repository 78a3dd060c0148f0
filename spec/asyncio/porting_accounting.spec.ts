/**
 * The ported specs and NOT_PORTED.md together account for every test method of CPython
 * 3.13's test_futures.py, test_futures2.py and test_tasks.py, and name nothing that is not
 * there. Needs a CPython 3.13 that ships its test suite (pyenv builds do); skipped, and
 * says so, when there is none.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { releases } from "../support/python.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
/** Each ported CPython file (or pair) and the specs that port it. */
const PORTED: Record<string, string[]> = {
  "test_futures.py test_futures2.py": ["test_futures.spec.ts"],
  "test_tasks.py": ["test_tasks_part1.spec.ts", "test_tasks_part2.spec.ts"],
  "test_locks.py": ["test_locks.spec.ts"],
  "test_queues.py": ["test_queues.spec.ts"],
  "test_timeouts.py": ["test_timeouts.spec.ts"],
  "test_waitfor.py": ["test_waitfor.spec.ts"],
  "test_taskgroups.py": ["test_taskgroups.spec.ts"],
  "test_eager_task_factory.py": ["test_eager_task_factory.spec.ts"],
  "test_runners.py": ["test_runners.spec.ts"],
  "../test_asyncgen.py": ["test_asyncgen.spec.ts"],
};

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
  /** NOT_PORTED.md's entries, by the CPython file named in each section's heading. */
  const notPorted = new Map<string, [string, string][]>();
  let section = "";
  for (const line of readFileSync(join(HERE, "NOT_PORTED.md"), "utf8").split("\n")) {
    const heading = /^## (test_\w+\.py)/.exec(line);
    if (heading) section = heading[1] as string;
    const entry = /^- (\w+)\.(test_\w+):/.exec(line);
    if (entry) {
      const list = notPorted.get(section) ?? [];
      list.push([entry[1] as string, entry[2] as string]);
      notPorted.set(section, list);
    }
  }
  const portedIn = (spec: string): [string, string][] => {
    const text = readFileSync(join(HERE, spec), "utf8");
    return [...text.matchAll(/\bit\(\s*["'`](\w+|\$\{[^}]+\})\.(test_\w+)/g)].map((m) => [
      (m[1] as string).startsWith("${") ? "*" : (m[1] as string),
      m[2] as string,
    ]);
  };

  it.each(Object.entries(PORTED))("%s: every test method is ported or listed, and nothing else", (files, specs) => {
    const tests: [string, string][] = [];
    const bases = new Map<string, string[]>();
    for (const file of files.split(" ")) {
      const parsed = cpythonTests(readFileSync(join(testDir as string, file), "utf8"));
      tests.push(...parsed.tests);
      for (const [k, v] of parsed.bases) bases.set(k, v);
    }
    const isA = (cls: string, ancestor: string): boolean =>
      cls === ancestor || (bases.get(cls) ?? []).some((b) => isA(b, ancestor));
    const covers = ([cls, test]: [string, string], [nCls, nTest]: [string, string]) =>
      test === nTest && (nCls === "*" || isA(nCls, cls) || isA(cls, nCls));
    const listed = notPorted.get(basename(files.split(" ")[0] as string)) ?? [];
    const ported = specs.flatMap(portedIn).filter((n) => tests.some((entry) => covers(entry, n)));
    const named = [...ported, ...listed];
    const missing = tests.filter((entry) => !named.some((n) => covers(entry, n)));
    const unknownListed = listed.filter((n) => !tests.some((entry) => covers(entry, n)));
    expect(missing.map((e) => e.join(".")), "CPython tests neither ported nor listed").toEqual([]);
    expect(unknownListed.map((e) => e.join(".")), "listed names that are not CPython tests").toEqual([]);
  });

  it("ports at least 270 CPython test cases in all", () => {
    const cases = new Set(Object.values(PORTED).flat()).size;
    const total = [...new Set(Object.values(PORTED).flat())].reduce((n, spec) => n + portedIn(spec).length, 0);
    expect(cases).toBe(11);
    expect(total).toBeGreaterThanOrEqual(270);
  });
});
