/**
 * The hot library classes keep fast constructors when the source runs through tsx (esbuild
 * with `keepNames`, which redefines every class's `name` and so turns its constructor's
 * properties into a dictionary; see src/asyncio/fast_constructors.ts). Not a timing: the
 * probe asks V8 itself, through `%HasFastProperties`, in a child process.
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("constructors under tsx (esbuild keepNames)", () => {
  it("every hot class's constructor has fast properties", async () => {
    const { stdout } = await execa(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", "spec/bench/fast_constructors_probe.ts"],
      { cwd: ROOT, timeout: 120_000 },
    );
    const report = JSON.parse(stdout) as Record<string, boolean>;
    expect(Object.keys(report).length).toBeGreaterThanOrEqual(14);
    const slow = Object.entries(report).filter(([, fast]) => !fast).map(([name]) => name);
    expect(slow).toEqual([]);
  });
});
