/**
 * Emitted programs run as standalone files: the Python each prints under an interpreter,
 * the TypeScript each prints under tsx, and tsc's verdict on emitted TypeScript. Specs
 * compare what they print with the interpreter's trace of the same program.
 *
 * @example
 * ```ts
 * const printed = await standalonePython(programs, "3.12", python3!.path, WORK);
 * printed.forEach((lines, i) => expect(lines).toEqual(expected[i]));
 * ```
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import type { Program } from "../../src/conformance/ir/index.ts";
import type { PythonVersion } from "../../src/asyncio/version.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");

/** The lines each program prints as standalone Python (`p<i>.py` in `work`) under `interpreter`. */
export async function standalonePython(programs: readonly Program[], python: PythonVersion, interpreter: string, work: string): Promise<string[][]> {
  mkdirSync(work, { recursive: true });
  const printed: string[][] = [];
  for (const [i, p] of programs.entries()) {
    const file = join(work, `p${i}.py`);
    writeFileSync(file, emitPython(p, { python, standalone: true }));
    const { stdout } = await execa(interpreter, [file], { env: { PYTHONHASHSEED: "0" }, timeout: 120_000 });
    printed.push(stdout.split("\n"));
  }
  return printed;
}

/** Writes each program as TypeScript (`p<i>.ts` in `work`); the files' paths. */
export function writeTypescript(programs: readonly Program[], python: PythonVersion, work: string, prefix = "p"): string[] {
  mkdirSync(work, { recursive: true });
  return programs.map((p, i) => {
    const file = join(work, `${prefix}${i}.ts`);
    writeFileSync(file, emitTs(p, { python }));
    return file;
  });
}

/** The lines each TypeScript file prints under tsx. */
export async function runTypescript(files: readonly string[]): Promise<string[][]> {
  const printed: string[][] = [];
  for (const file of files) {
    const { stdout } = await execa(TSX, [file], { cwd: ROOT, timeout: 120_000 });
    printed.push(stdout.split("\n"));
  }
  return printed;
}

/** What strict tsc says about `files` (empty when they typecheck). */
export async function typecheckFiles(files: readonly string[]): Promise<string> {
  const result = await execa(
    TSC,
    ["--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler",
      "--allowImportingTsExtensions", "--skipLibCheck", "--types", "node", ...files],
    { cwd: ROOT, reject: false, timeout: 180_000 },
  );
  return result.stdout + result.stderr;
}
