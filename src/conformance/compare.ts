/**
 * One program, both sides: our interpreter on the TypeScript side, the emitted Python on
 * a reference worker, and the diff of the two traces.
 *
 * @example
 * ```ts
 * const result = await compareProgram(program, { pool, python: "3.11" });
 * if (result.status === "diverge") console.log(formatDivergence(result.divergence!));
 * ```
 * @module
 */
import type { LoopFaults } from "./faults.ts";
import type { PythonVersion } from "../asyncio/version.ts";
import { diffTraces, type Divergence } from "./diff.ts";
import { emitPython } from "./emit_python.ts";
import { interpret } from "./interpret.ts";
import { checkProgramForTarget, type Program } from "./ir/index.ts";
import type { ReferencePool, ReferenceResult } from "./reference/pool.ts";
import { traceLines, type Trace } from "./trace.ts";

/** Options of {@link compareProgram}. */
export interface CompareOptions {
  pool: ReferencePool;
  /** The CPython release both sides follow. */
  python: PythonVersion;
  /** Iteration budget for both sides (default 20,000, the worker's default). */
  maxIterations?: number;
  /** Test-only faults for our loop. */
  faults?: LoopFaults | undefined;
}

/** What happened to one program. */
export interface CompareResult {
  status: "agree" | "diverge" | "reference-error" | "ours-error";
  /** Our trace (absent if our side threw). */
  ours?: Trace;
  /** The reference worker's answer. */
  reference: ReferenceResult;
  divergence: Divergence | null;
  /** What our side threw, for "ours-error". */
  oursError?: string;
}

/** Our side of a comparison, run while CPython runs the program (see {@link startCompare}). */
export interface StartedCompare {
  ours?: Trace;
  oursError?: string;
}

/**
 * Emits the program's Python and hands it to `send` (which starts it on CPython), then runs
 * the program on our loop meanwhile. {@link finishCompare} completes the comparison once
 * the reference answer is there. Split so that a campaign thread can do our side while the
 * main thread talks to the reference pool.
 *
 * @example
 * ```ts
 * const started = startCompare(program, { python: "3.11" }, (source) => void pool.run(source).then(keep));
 * ```
 */
export function startCompare(
  program: Program,
  options: Omit<CompareOptions, "pool">,
  send: (source: string) => void,
): StartedCompare {
  send(emitPython(program, { python: options.python }));
  try {
    return {
      ours: interpret(program, {
        python: options.python,
        maxIterations: options.maxIterations ?? 20_000,
        ...(options.faults ? { faults: options.faults } : {}),
      }),
    };
  } catch (error) {
    return { oursError: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

/**
 * Both sides' results as one {@link CompareResult}.
 *
 * @example
 * ```ts
 * const result = finishCompare(started, await pool.run(source));
 * ```
 */
export function finishCompare(started: StartedCompare, reference: ReferenceResult): CompareResult {
  const { ours, oursError } = started;
  if (!reference.ok) return { status: "reference-error", reference, divergence: null, ...(ours ? { ours } : {}) };
  if (ours === undefined) return { status: "ours-error", reference, divergence: null, oursError: oursError ?? "" };
  const divergence = diffTraces(reference.trace, ours);
  return { status: divergence === null ? "agree" : "diverge", ours, reference, divergence };
}

/**
 * The releases of `neighbours` under which our trace of `program` would differ from the
 * one in `result` (those the program is not valid for are left out): evidence that a
 * campaign exercised behaviour that differs between releases.
 *
 * @example
 * ```ts
 * versionSensitivity(program, result, ["3.10", "3.12"]); // e.g. ["3.12"]
 * ```
 */
export function versionSensitivity(
  program: Program,
  result: CompareResult,
  neighbours: readonly PythonVersion[],
  faults?: LoopFaults,
): PythonVersion[] {
  if (!result.ours || neighbours.length === 0) return [];
  const ourLines = traceLines(result.ours).join("\n");
  return neighbours.filter((v) => {
    if (checkProgramForTarget(program, v).length > 0) return false;
    return traceLines(interpret(program, { python: v, ...(faults ? { faults } : {}) })).join("\n") !== ourLines;
  });
}

/** Runs `program` on both sides and compares the traces. */
export async function compareProgram(program: Program, options: CompareOptions): Promise<CompareResult> {
  let referencePromise: Promise<ReferenceResult> | undefined;
  const started = startCompare(program, options, (source) => (referencePromise = options.pool.run(source)));
  return finishCompare(started, await (referencePromise as Promise<ReferenceResult>));
}
