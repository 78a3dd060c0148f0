/**
 * The coverage baseline (src/conformance/coverage/baseline.ts): CPython's own test_asyncio
 * under the tracer, computed once per interpreter build and cached outside the repository.
 * A second run reuses the cache; a damaged cache file is replaced; another build (here: the
 * same interpreter with an edited copy of asyncio ahead on its path) computes its own; a
 * build without the test package, and Pyodide, have no baseline and say why. The baseline
 * runs one small test module (test_futures2, or test_locks before 3.8) to stay quick.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pythonMinor } from "../../src/asyncio/version.ts";
import { buildIdentity, coverageCacheDir, loadBaseline } from "../../src/conformance/coverage/baseline.ts";
import { pyodideInterpreter, type Interpreter } from "../../src/conformance/interpreters.ts";
import { python3 } from "../support/python.ts";

const scratch = mkdtempSync(join(tmpdir(), "asyncio-ts-baseline-spec-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An "interpreter" that is python3 with `dir` ahead on its module path: another build, as far as the cache knows. */
function wrapped(interpreter: Interpreter, name: string, dir: string): Interpreter {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\nPYTHONPATH=${JSON.stringify(dir)} exec ${JSON.stringify(interpreter.path)} "$@"\n`);
  chmodSync(path, 0o755);
  return { ...interpreter, path };
}

describe("where baselines are cached", () => {
  it("follows ASYNCIO_TS_COVERAGE_CACHE, then XDG_CACHE_HOME, then ~/.cache", () => {
    expect(coverageCacheDir({ ASYNCIO_TS_COVERAGE_CACHE: "/x/cov", HOME: "/home/me" })).toBe("/x/cov");
    expect(coverageCacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/me" })).toBe("/x/cache/asyncio-ts/coverage");
    expect(coverageCacheDir({ HOME: "/home/me" })).toBe("/home/me/.cache/asyncio-ts/coverage");
  });

  it("Pyodide has no baseline, and says so", async () => {
    const pyodide = await pyodideInterpreter();
    if ("reason" in pyodide) return;
    const baseline = await loadBaseline(pyodide);
    expect(baseline.available).toBe(false);
    if (!baseline.available) expect(baseline.reason).toMatch(/Pyodide has no test package/);
  });
});

describe.skipIf(python3 === null)(`the baseline of CPython ${python3?.version}`, () => {
  const py = python3 as Interpreter;
  const tests = [pythonMinor(py.python) >= 8 ? "test_futures2" : "test_locks"];

  it("is computed once, then reused; a damaged cache file is recomputed", { timeout: 900_000 }, async () => {
    const cacheDir = join(scratch, "cache-a");
    const first = await loadBaseline(py, { tests, cacheDir });
    if (!first.available) throw new Error(first.reason);
    expect(first.reused).toBe(false);
    expect(first.cache).toBe(join(cacheDir, `${first.identity.hash}.json`));
    expect(Object.keys(first.tests)).toEqual(tests);
    expect(first.tests[tests[0] as string]?.run).toBeGreaterThan(0);
    // The tests ran asyncio's Python code: tasks.py and futures.py lines are in the baseline.
    expect(Object.keys(first.lines)).toEqual(expect.arrayContaining(["futures", "base_events"]));

    const second = await loadBaseline(py, { tests, cacheDir });
    if (!second.available) throw new Error(second.reason);
    expect(second.reused).toBe(true);
    expect(second.lines).toEqual(first.lines);

    writeFileSync(first.cache, "{ not json");
    const third = await loadBaseline(py, { tests, cacheDir });
    if (!third.available) throw new Error(third.reason);
    expect(third.reused).toBe(false);
    expect(JSON.parse(readFileSync(first.cache, "utf8")).identity.hash).toBe(first.identity.hash);
  });

  it("another build (an edited asyncio) and another test list have their own cache entries", { timeout: 900_000 }, async () => {
    const cacheDir = join(scratch, "cache-b");
    const original = await loadBaseline(py, { tests, cacheDir });
    if (!original.available) throw new Error(original.reason);

    const shadow = join(scratch, "shadow");
    mkdirSync(shadow, { recursive: true });
    cpSync(original.identity.package, join(shadow, "asyncio"), { recursive: true });
    writeFileSync(join(shadow, "asyncio", "tasks.py"), `${readFileSync(join(shadow, "asyncio", "tasks.py"), "utf8")}\n# edited\n`);
    const edited = wrapped(py, "python-edited", shadow);
    const other = await loadBaseline(edited, { tests, cacheDir });
    if (!other.available) throw new Error(other.reason);
    expect(other.identity.hash).not.toBe(original.identity.hash);
    expect(other.reused).toBe(false);
    expect(other.identity.package).toBe(join(shadow, "asyncio"));

    const again = await loadBaseline(py, { tests, cacheDir });
    expect(again.available && again.reused).toBe(true);

    const moreTests = await buildIdentity(py, [...tests, "test_locks"]);
    expect(moreTests.hash).not.toBe(original.identity.hash);
  });

  it("a build without the test package has no baseline, and says so", { timeout: 900_000 }, async () => {
    const stub = join(scratch, "stub");
    mkdirSync(join(stub, "test"), { recursive: true });
    writeFileSync(join(stub, "test", "__init__.py"), "");
    const baseline = await loadBaseline(wrapped(py, "python-no-tests", stub), { tests, cacheDir: join(scratch, "cache-c") });
    expect(baseline.available).toBe(false);
    if (!baseline.available) expect(baseline.reason).toMatch(/has no test\.test_asyncio package/);
  });
});
