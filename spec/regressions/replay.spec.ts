/**
 * Replays every program in spec/regressions/ on our loop and on CPython: each must agree.
 * A program made for a release (its `python` field) runs on that release's interpreter
 * when the machine has one (the pyodide package serves 3.14); otherwise on the local
 * python3, under python3's release, or it is reported skipped when python3 lacks what the
 * program uses (an eager task factory on 3.11). Programs named fault-<name>.json must still diverge
 * with that test fault on; programs named py<XY>-*.json must still tell release 3.XY from
 * the one before it (our loop under the previous target diverges from CPython on them).
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { LoopFaults } from "../../src/conformance/faults.ts";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../../src/asyncio/version.ts";
import { compareProgram } from "../../src/conformance/compare.ts";
import { formatDivergence } from "../../src/conformance/diff.ts";
import { pyodideInterpreter, type Interpreter } from "../../src/conformance/interpreters.ts";
import { checkProgramForTarget } from "../../src/conformance/ir/index.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { readProgramFile } from "../../src/conformance/replay.ts";
import { python3, pythonMissing, releases } from "../support/python.ts";

const DIR = fileURLToPath(new URL(".", import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

const pools = new Map<string, Promise<ReferencePool>>();
const poolFor = (interpreter: Interpreter): Promise<ReferencePool> => {
  let pool = pools.get(interpreter.path);
  if (!pool) {
    pool = ReferencePool.start({ interpreter, workers: 1 });
    pools.set(interpreter.path, pool);
  }
  return pool;
};
afterAll(async () => {
  for (const pool of pools.values()) await (await pool).close();
});

/** The interpreter and target to replay a program with. */
async function referenceFor(made: PythonVersion | undefined): Promise<{ interpreter: Interpreter; python: PythonVersion } | null> {
  if (made !== undefined) {
    const exact = releases.get(made) ?? (made === "3.14" ? await pyodideInterpreter() : undefined);
    if (exact !== undefined && !("reason" in exact)) return { interpreter: exact, python: made };
  }
  return python3 === null ? null : { interpreter: python3, python: python3.python };
}

describe.skipIf(python3 === null)(`regression programs (python3 ${python3?.version ?? pythonMissing})`, () => {
  it("has programs to replay", () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  it.for(FILES)("%s", async (file, { skip }) => {
    const program = readProgramFile(`${DIR}/${file}`);
    const reference = await referenceFor(program.python);
    if (reference === null || checkProgramForTarget(program, reference.python).length > 0) {
      // Reported as skipped, with the reason: a machine without the release cannot replay it.
      skip(`no interpreter for Python ${program.python} here, and python3 (${python3?.version ?? "none"}) lacks its features`);
      return;
    }
    const { interpreter, python } = reference;
    const pool = await poolFor(interpreter);
    const result = await compareProgram(program, { pool, python });
    expect(result.status, result.divergence ? formatDivergence(result.divergence) : (result.oursError ?? "")).toBe("agree");

    const fault = /^fault-(\w+)\.json$/.exec(file)?.[1];
    if (fault !== undefined) {
      const faulty = await compareProgram(program, { pool, python, faults: { [fault]: true } as LoopFaults });
      expect(faulty.status, `${file} no longer catches the ${fault} fault`).toBe("diverge");
    }
    const release = /^py3(\d+)-/.exec(file)?.[1];
    if (release !== undefined && python === `3.${release}`) {
      const previous = PYTHON_VERSIONS.find((v) => pythonMinor(v) === Number(release) - 1) as PythonVersion;
      const older = await compareProgram(program, { pool, python: previous });
      expect(older.status, `${file} no longer tells 3.${release} from ${previous}`).toBe("diverge");
    }
  });
});
