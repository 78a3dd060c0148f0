/**
 * The coverage tracer in the reference worker (`worker.py --coverage [--pure-python]`)
 * reports the asyncio lines a program runs. The expected lines come from CPython itself: an
 * independent oracle (spec/conformance/python/coverage_oracle.py) runs the same programs
 * the same way under the plainest `sys.settrace` tracer. Checked on the local python3 and,
 * when found, on one release with `sys.monitoring` (3.12+) and one without, and with both
 * tracers where both exist.
 */
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { pythonMinor } from "../../src/asyncio/version.ts";
import { LineUnion, type CoverageLines, type ReferenceMode } from "../../src/conformance/coverage/lines.ts";
import type { Interpreter } from "../../src/conformance/interpreters.ts";
import { ReferencePool } from "../../src/conformance/reference/pool.ts";
import { python3, releases, runPythonJson } from "../support/python.ts";

const ORACLE = fileURLToPath(new URL("./python/coverage_oracle.py", import.meta.url));

/** A small program touching tasks, gather, sleep, a lock and a future. */
const PROGRAM = `
import asyncio

async def child(n):
    await asyncio.sleep(n)
    return n

async def main():
    lock = asyncio.Lock()
    async with lock:
        results = await asyncio.gather(child(0), child(1))
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.5, fut.set_result, 7)
    trace.record("results", results + [await fut])
`;

/** Per module, the distinct lines of a tracer report. */
function byModule(lines: CoverageLines): Record<string, number[]> {
  const union = LineUnion.of(lines);
  return Object.fromEntries(union.moduleNames().sort().map((m) => [m, [...union.moduleLines(m)].sort((a, b) => a - b)]));
}

/** Per module, the last part of each function's qualified name (what co_name says). */
function names(lines: CoverageLines): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(lines)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([m, fs]) => [m, [...new Set(Object.keys(fs).map((q) => q.split(".").at(-1) as string))].sort()]),
  );
}

interface Snapshot {
  lines: Record<string, number[]>;
  names: Record<string, string[]>;
}

const pools: ReferencePool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** Runs the sources one after the other on a fresh single worker in the given mode. */
async function runTraced(interpreter: Interpreter, mode: ReferenceMode, sources: string[]): Promise<CoverageLines[]> {
  const pool = await ReferencePool.start({ interpreter, workers: 1, timeoutMs: 60_000, mode });
  pools.push(pool);
  const out: CoverageLines[] = [];
  for (const source of sources) {
    const result = await pool.run(source);
    if (!result.ok) throw new Error(`${result.kind}: ${result.error}`);
    expect(result.coverage).toBeDefined();
    out.push(result.coverage ?? {});
  }
  await pool.close();
  return out;
}

/** What the oracle saw after each program (cumulative). */
async function runOracle(interpreter: Interpreter, sources: string[], purePython: boolean): Promise<Snapshot[]> {
  const { snapshots } = await runPythonJson<{ snapshots: Snapshot[] }>(interpreter, ORACLE, { sources, purePython });
  return snapshots;
}

/** The interpreters to check: python3, plus one release on each side of 3.12 when found. */
function interpreters(): Interpreter[] {
  const out: Interpreter[] = python3 ? [python3] : [];
  const all = [...releases.values()].filter((i) => i.source !== "pyodide");
  for (const wanted of [(m: number) => m >= 12, (m: number) => m < 12]) {
    if (out.some((i) => wanted(pythonMinor(i.python)))) continue;
    const found = all.find((i) => wanted(pythonMinor(i.python)));
    if (found) out.push(found);
  }
  return out;
}

describe.skipIf(python3 === null)("the coverage tracer", () => {
  for (const interpreter of interpreters()) {
    const monitoring = pythonMinor(interpreter.python) >= 12;
    describe(`on CPython ${interpreter.version} (${monitoring ? "sys.monitoring" : "settrace"})`, () => {
      it("reports the lines and functions a settrace oracle sees, pure-Python pass", { timeout: 900_000 }, async () => {
        const [first, second] = await runTraced(interpreter, { purePython: true, coverage: true }, [PROGRAM, PROGRAM]);
        const oracle = await runOracle(interpreter, [PROGRAM, PROGRAM], true);
        expect(byModule(first as CoverageLines)).toEqual(oracle[0]?.lines);
        expect(names(first as CoverageLines)).toEqual(oracle[0]?.names);
        // The pure-Python pass runs tasks.py's own Task: its step function is in the report.
        expect(Object.keys((first as CoverageLines).tasks ?? {}).some((q) => q.endsWith("__step"))).toBe(true);

        // The second answer holds only lines the first did not: each line crosses once.
        const a = LineUnion.of(first as CoverageLines);
        for (const [module, functions] of Object.entries(second as CoverageLines)) {
          for (const [qualname, lines] of Object.entries(functions)) {
            for (const line of lines) expect(a.lines(module, qualname).has(line), `${module} ${qualname} ${line}`).toBe(false);
          }
        }
        const both = new LineUnion();
        both.add(first as CoverageLines);
        both.add(second as CoverageLines);
        expect(byModule(both.toJSON())).toEqual(oracle[1]?.lines);
      });

      it("with the C accelerator, reports what the oracle sees with it (no Python Task step)", { timeout: 900_000 }, async () => {
        const [lines] = await runTraced(interpreter, { coverage: true }, [PROGRAM]);
        const [oracle] = await runOracle(interpreter, [PROGRAM], false);
        expect(byModule(lines as CoverageLines)).toEqual(oracle?.lines);
        expect(Object.keys((lines as CoverageLines).tasks ?? {}).some((q) => q.endsWith("__step"))).toBe(false);
      });

      if (monitoring) {
        it("sys.settrace and sys.monitoring report the same lines", { timeout: 900_000 }, async () => {
          const [viaMonitoring] = await runTraced(interpreter, { purePython: true, coverage: true }, [PROGRAM]);
          const [viaSettrace] = await runTraced(interpreter, { purePython: true, coverage: true, tracer: "settrace" }, [PROGRAM]);
          expect(viaSettrace).toEqual(viaMonitoring);
        });
      }
    });
  }
});
