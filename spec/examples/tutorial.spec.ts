/**
 * Every program of the seed tutorial (examples/*.py, indentation restored) and its
 * TypeScript twin (examples/*.ts) print the same lines. Both run as child processes: the
 * Python original on the local python3, the twin with tsx. The network examples fetch
 * from a local HTTP server started here.
 *
 * Normalisation, applied to both outputs before comparing (see examples/README.md):
 *  1. object addresses are dropped: ` at 0x7f3a...` (in `<coroutine object f at 0x...>`);
 *  2. source locations are dropped: ` at /path/file.py:12` (in `coro=<f() running at
 *     ...>` and `cb=[callback() at ...]`), since a JavaScript generator has none.
 * Nothing else is changed.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { python3, pythonMissing } from "../support/python.ts";
import { pageFor, startPageServer } from "../support/http_server.ts";
import { normalise } from "../support/normalise.ts";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const NETWORK = new Set(["04_done_callback", "05_task_result", "06_wait_many", "08_aiohttp_gather"]);


const programs = readdirSync(EXAMPLES)
  .filter((f) => /^\d\d_.*\.py$/.test(f))
  .map((f) => f.replace(/\.py$/, ""))
  .sort();

let server: Awaited<ReturnType<typeof startPageServer>>;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

async function run(command: string, args: string[]): Promise<string> {
  const result = await execa(command, args, {
    cwd: EXAMPLES,
    env: { EXAMPLE_HTTP_BASE: server.baseUrl, PYTHONWARNINGS: "ignore", PYTHONIOENCODING: "utf-8" },
    reject: false,
    timeout: 900_000,
  });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

describe("the tutorial's programs", () => {
  it("has eight programs, each with a TypeScript twin", () => {
    expect(programs).toHaveLength(8);
    const files = new Set(readdirSync(EXAMPLES));
    for (const name of programs) expect(files.has(`${name}.ts`), `${name}.ts`).toBe(true);
  });

  describe.skipIf(python3 === null)(`print what CPython (${python3?.version ?? pythonMissing}) prints`, () => {
    it.each(programs)("%s", async (name) => {
      const before = server.requests.length;
      const [python, typescript] = await Promise.all([
        run(python3!.path, [`${name}.py`]),
        run(TSX, [`${name}.ts`]),
      ]);
      expect(python.trim().length).toBeGreaterThan(0);
      expect(normalise(typescript)).toEqual(normalise(python));
      if (NETWORK.has(name)) {
        // Both programs really talked to the local server.
        expect(server.requests.length).toBeGreaterThan(before + 1);
      }
    });

    it("prints page lengths in characters, which differ from byte lengths", () => {
      const page = pageFor("/example.com");
      expect([...page].length).not.toBe(Buffer.byteLength(page));
    });
  });
});
