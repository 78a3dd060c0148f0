/**
 * Replays every program in spec/regressions/ on our loop and on the local python3: each
 * must agree. Programs named fault-<name>.json must still diverge with that test fault on.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoopFaults } from "../../src/asyncio/base_events.ts";
import { pythonMinor } from "../../src/asyncio/version.ts";
import { compareProgram } from "../../src/conformance/compare.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { readProgramFile } from "../../src/conformance/replay.ts";
import { python3, pythonMissing } from "../support/python.ts";

const DIR = fileURLToPath(new URL(".", import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

describe.skipIf(python3 === null)(`regression programs against ${python3?.version ?? pythonMissing}`, () => {
  let pool: ReferencePool;
  beforeAll(async () => {
    pool = await ReferencePool.start({ interpreter: python3!, workers: 2 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it("has programs to replay", () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  it.each(FILES)("%s", async (file) => {
    const program = readProgramFile(`${DIR}/${file}`);
    // Replay under the local interpreter's release unless the program needs a newer one.
    const python =
      program.python !== undefined && pythonMinor(program.python) > pythonMinor(python3!.python) ? program.python : python3!.python;
    const result = await compareProgram(program, { pool, python });
    expect(result.status, result.divergence ? formatDivergence(result.divergence) : (result.oursError ?? "")).toBe("agree");

    const fault = /^fault-(\w+)\.json$/.exec(file)?.[1];
    if (fault !== undefined) {
      const faulty = await compareProgram(program, { pool, python, faults: { [fault]: true } as LoopFaults });
      expect(faulty.status, `${file} no longer catches the ${fault} fault`).toBe("diverge");
    }
  });
});
