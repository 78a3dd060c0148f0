/**
 * The three ways a program runs print the same trace: the interpreter (what campaigns
 * use), the emitted standalone Python under plain python3, and the emitted standalone
 * TypeScript under tsx (importing the package by its own name, as repro.ts files do).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { pythonMinor } from "../../src/asyncio/version.ts";
import { focusOn, programArbitrary } from "../../src/conformance/generate/index.ts";
import { usesContexts } from "../../src/conformance/ops/exceptions.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { python3, pythonMissing } from "../support/python.ts";

// Campaigns and real processes take many times longer on a loaded machine: the timeouts
// are safety nets, generous on purpose, never measurements.
vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository, so that `import ... from "asyncio-ts"` resolves to this package.
const WORK = join(ROOT, "spec", "conformance", ".emitted");
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

describe.skipIf(python3 === null)(`emitted programs (python3 ${python3?.version ?? pythonMissing})`, () => {
  const python = python3?.python ?? "3.13";
  // The default mix, and programs that record exceptions in detail (their TypeScript runs
  // through the harness's handled-exception state).
  const programs = [
    ...fc.sample(programArbitrary({ python }), { seed: 99, numRuns: 12 }),
    ...fc.sample(programArbitrary(focusOn("exceptions", python)), { seed: 99, numRuns: 30 }).filter(usesContexts).slice(0, 4),
    ...(pythonMinor(python) >= 11
      ? fc.sample(programArbitrary(focusOn("exception_groups", python)), { seed: 99, numRuns: 30 }).filter(usesContexts).slice(0, 4)
      : []),
    // Convoys (named coroutines with parameters) and degenerate delays (inf, nan, negative, huge).
    ...fc.sample(programArbitrary(focusOn("convoys", python)), { seed: 99, numRuns: 3 }),
    ...fc.sample(programArbitrary(focusOn("degenerate_times", python)), { seed: 99, numRuns: 3 }),
  ];
  const expected = programs.map((p) => traceLines(interpret(p, { python })));

  it("standalone Python prints the interpreter's trace", async () => {
    mkdirSync(WORK, { recursive: true });
    const results = await Promise.all(
      programs.map(async (program, i) => {
        const file = join(WORK, `p${i}.py`);
        writeFileSync(file, emitPython(program, { python, standalone: true, header: `program ${i}` }));
        const { stdout } = await execa(python3!.path, [file], { env: { PYTHONHASHSEED: "0" } });
        return stdout.split("\n");
      }),
    );
    results.forEach((lines, i) => expect(lines, `program ${i}`).toEqual(expected[i]));
  }, 900_000);

  it("standalone TypeScript prints the interpreter's trace", async () => {
    mkdirSync(WORK, { recursive: true });
    const files = programs.map((program, i) => {
      const file = join(WORK, `p${i}.ts`);
      writeFileSync(file, emitTs(program, { python, header: `program ${i}` }));
      return file;
    });
    const runner = join(WORK, "run-all.ts");
    writeFileSync(runner, RUNNER);
    const { stdout } = await execa(TSX, [runner, ...files], { cwd: ROOT });
    const printed = JSON.parse(stdout) as Record<string, string[]>;
    files.forEach((file, i) => expect(printed[file], `program ${i}`).toEqual(expected[i]));
  });

  it("emits TypeScript that typechecks", async () => {
    mkdirSync(WORK, { recursive: true });
    const files = programs.slice(0, 5).map((program, i) => {
      const file = join(WORK, `check${i}.ts`);
      writeFileSync(file, emitTs(program, { python }));
      return file;
    });
    const tsc = join(ROOT, "node_modules", ".bin", "tsc");
    const result = await execa(
      tsc,
      ["--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler",
        "--allowImportingTsExtensions", "--skipLibCheck", "--types", "node", ...files],
      { cwd: ROOT, reject: false },
    );
    expect(result.stdout + result.stderr).toBe("");
  });
});
