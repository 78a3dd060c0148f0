/**
 * The conformance kit's programmatic API (`asyncio-ts/conformance`): check random or
 * hand-written coroutine programs against real CPython from your own scripts and tests,
 * as `npm run conformance` does.
 *
 * This entry point needs the kit's packages, which a plain library install does not
 * bring (they are optional peer dependencies): `npm install zod fast-check execa` (and
 * `pyodide` for CPython 3.14 without a system Python). The library (`asyncio-ts`) and the
 * trace harness (`asyncio-ts/conformance/harness`) need none of them.
 *
 * @example
 * ```ts
 * import { defaultInterpreter, runCampaign } from "asyncio-ts/conformance";
 *
 * const python = await defaultInterpreter();
 * if ("reason" in python) throw new Error(python.reason);
 * const { summary } = await runCampaign({ runs: 200, seed: 7, interpreter: python, reportRoot: null });
 * console.log(`${summary.agree} of ${summary.completed} programs agree`);
 * ```
 * @module
 */
import * as campaign from "./campaign.ts";
import * as compare from "./compare.ts";
import * as diff from "./diff.ts";
import * as emitPy from "./emit_python.ts";
import * as emitTypeScript from "./emit_ts.ts";
import * as generate from "./generate/index.ts";
import * as interpreter from "./interpret.ts";
import * as interpreters from "./interpreters.ts";
import * as ir from "./ir/index.ts";
import * as pool from "./reference/pool.ts";
import * as trace from "./trace.ts";

/**
 * A program in the kit's IR (validated JSON: coroutines, main, statements).
 *
 * @example
 * ```ts
 * const program: Program = parseProgram(JSON.parse(readFileSync("program.json", "utf8")));
 * ```
 */
export type Program = ir.Program;

/**
 * A program's trace: its events, how main ended, and the final task states.
 *
 * @example
 * ```ts
 * const t: Trace = interpret(program, { python: "3.12" });
 * ```
 */
export type Trace = trace.Trace;

/**
 * A CPython interpreter the kit found and probed.
 *
 * @example
 * ```ts
 * const py: Interpreter = { path: "/usr/bin/python3", version: "3.11.2", python: "3.11", source: "path" };
 * ```
 */
export type Interpreter = interpreters.Interpreter;

/**
 * Options of {@link runCampaign}.
 *
 * @example
 * ```ts
 * const options: CampaignOptions = { runs: 500, seed: 1, interpreter: py, feature: "timeouts" };
 * ```
 */
export type CampaignOptions = campaign.CampaignOptions;

/**
 * What {@link compareProgram} found for one program.
 *
 * @example
 * ```ts
 * const result: CompareResult = await compareProgram(program, { pool, python: "3.12" });
 * result.status; // "agree" | "diverge" | "reference-error" | "ours-error"
 * ```
 */
export type CompareResult = compare.CompareResult;

/**
 * Where two traces first differ.
 *
 * @example
 * ```ts
 * const d: Divergence | null = diffTraces(cpythonTrace, ourTrace);
 * ```
 */
export type Divergence = diff.Divergence;

/**
 * Validates untrusted JSON as a program; throws {@link ProgramError} naming the first
 * problem and where it is.
 *
 * @example
 * ```ts
 * const program = parseProgram({ schema: 1, exceptions: [], coroutines: {}, main: [{ op: "sleep", delay: 1 }] });
 * ```
 */
export const parseProgram: typeof ir.parseProgram = ir.parseProgram;

/**
 * The error {@link parseProgram} throws: `problems` lists every problem with its path.
 *
 * @example
 * ```ts
 * try { parseProgram(json); } catch (e) { if (e instanceof ProgramError) console.log(e.problems); }
 * ```
 */
export const ProgramError: typeof ir.ProgramError = ir.ProgramError;
/** The error {@link parseProgram} throws. */
export type ProgramError = ir.ProgramError;

/**
 * The fast-check arbitrary of random programs for a target (what campaigns sample).
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * const programs = fc.sample(programArbitrary({ python: "3.12" }), { seed: 1, numRuns: 10 });
 * ```
 */
export const programArbitrary: typeof generate.programArbitrary = generate.programArbitrary;

/**
 * Runs a program on asyncio-ts under a virtual clock and returns its trace.
 *
 * @example
 * ```ts
 * const ours = interpret(program, { python: "3.11" });
 * ```
 */
export const interpret: typeof interpreter.interpret = interpreter.interpret;

/**
 * Writes a program as Python source (`standalone: true` inlines the harness, so the file
 * prints its trace under plain `python3`).
 *
 * @example
 * ```ts
 * writeFileSync("repro.py", emitPython(program, { python: "3.11", standalone: true }));
 * ```
 */
export const emitPython: typeof emitPy.emitPython = emitPy.emitPython;

/**
 * Writes a program as a standalone TypeScript file on asyncio-ts that prints its trace.
 *
 * @example
 * ```ts
 * writeFileSync("repro.ts", emitTs(program, { python: "3.11" }));
 * ```
 */
export const emitTs: typeof emitTypeScript.emitTs = emitTypeScript.emitTs;

/**
 * The first difference between CPython's trace and ours, or null when they are equal.
 *
 * @example
 * ```ts
 * const divergence = diffTraces(cpythonTrace, interpret(program, { python: "3.12" }));
 * ```
 */
export const diffTraces: typeof diff.diffTraces = diff.diffTraces;

/**
 * The side-by-side text of a divergence, as campaign reports print it.
 *
 * @example
 * ```ts
 * if (divergence) console.log(formatDivergence(divergence));
 * ```
 */
export const formatDivergence: typeof diff.formatDivergence = diff.formatDivergence;

/**
 * Finds the interpreter to compare against: `--python`/`ASYNCIO_TS_PYTHON`, `python3` on
 * `PATH`, then the embedded Pyodide; or the reason there is none.
 *
 * @example
 * ```ts
 * const py = await defaultInterpreter();
 * if ("reason" in py) throw new Error(py.reason);
 * ```
 */
export const defaultInterpreter: typeof interpreters.defaultInterpreter = interpreters.defaultInterpreter;

/**
 * Finds every usable interpreter (explicit paths, `ASYNCIO_TS_PYTHON`, `PATH`, pyenv,
 * Pyodide), and the candidates skipped with the reason.
 *
 * @example
 * ```ts
 * const { found, skipped } = await discoverInterpreters();
 * ```
 */
export const discoverInterpreters: typeof interpreters.discoverInterpreters = interpreters.discoverInterpreters;

/**
 * A pool of persistent CPython reference workers that run emitted Python programs and
 * return their traces. Start it with `ReferencePool.start`, close it when done.
 *
 * @example
 * ```ts
 * const pool = await ReferencePool.start({ interpreter: py, workers: 2 });
 * try { console.log((await compareProgram(program, { pool, python: py.python })).status); }
 * finally { await pool.close(); }
 * ```
 */
export const ReferencePool: typeof pool.ReferencePool = pool.ReferencePool;
/** A pool of CPython reference workers. */
export type ReferencePool = pool.ReferencePool;

/**
 * Runs one program on both sides (our loop and a reference worker) and diffs the traces.
 *
 * @example
 * ```ts
 * const result = await compareProgram(program, { pool, python: "3.12" });
 * if (result.divergence) console.log(formatDivergence(result.divergence));
 * ```
 */
export const compareProgram: typeof compare.compareProgram = compare.compareProgram;

/**
 * A whole campaign: generate programs from a seed, compare each, shrink divergences,
 * and write a report (unless `reportRoot: null`).
 *
 * @example
 * ```ts
 * const { summary, failures } = await runCampaign({ runs: 300, seed: 7, interpreter: py });
 * ```
 */
export const runCampaign: typeof campaign.runCampaign = campaign.runCampaign;

/**
 * Prints a trace as the standalone repro files print it: one JSON line per event, then
 * the outcome and the final states.
 *
 * @example
 * ```ts
 * console.log(traceLines(interpret(program, { python: "3.12" })).join("\n"));
 * ```
 */
export const traceLines: typeof trace.traceLines = trace.traceLines;
