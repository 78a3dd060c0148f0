/**
 * Every public export has TSDoc: a summary and an `@example`. The public exports are what
 * package.json's `exports` map reaches (each subpath's source module, found from its
 * `dist/...js` target), resolved through re-exports to their declarations, as TypeDoc
 * documents them. The check reads the sources with the TypeScript compiler API.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, string | { import: string }>;
};

/** `./dist/asyncio/index.js` -> `<root>/src/asyncio/index.ts`, for every subpath but package.json. */
const entries: [string, string][] = Object.entries(pkg.exports)
  .filter(([subpath]) => subpath !== "./package.json")
  .map(([subpath, target]) => {
    const js = typeof target === "string" ? target : target.import;
    return [subpath, join(ROOT, js.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"))];
  });

const program = ts.createProgram(
  entries.map(([, file]) => file),
  {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    types: ["node"],
  },
);
const checker = program.getTypeChecker();

/** Each export of a module: its name, and what its docs lack ("" when complete). */
function exportsOf(file: string): { name: string; missing: string }[] {
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`${file} is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const example = symbol.getJsDocTags(checker).some((tag) => tag.name === "example");
    const missing = [summary ? "" : "a summary", example ? "" : "an @example"].filter(Boolean).join(" and ");
    return { name: exported.name, missing };
  });
}

describe("TSDoc on every public export", () => {
  it("finds the public entry points in package.json", () => {
    expect(entries.map(([subpath]) => subpath)).toEqual(expect.arrayContaining([".", "./conformance/harness", "./conformance"]));
  });

  it.each(entries)("%s: each export has a summary and an @example", (_subpath, file) => {
    const exports = exportsOf(file);
    expect(exports.length).toBeGreaterThan(0);
    const undocumented = exports.filter((e) => e.missing !== "").map((e) => `${e.name} lacks ${e.missing}`);
    expect(undocumented).toEqual([]);
  });
});
