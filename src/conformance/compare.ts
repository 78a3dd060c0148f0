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
import type { LoopFaults } from "../asyncio/base_events.ts";
import type { PythonVersion } from "../asyncio/version.ts";
import { diffTraces, type Divergence } from "./diff.ts";
import { emitPython } from "./emit_python.ts";
import { interpret } from "./interpret.ts";
import type { Program } from "./ir/index.ts";
import type { ReferencePool, ReferenceResult } from "./reference/pool.ts";
import type { Trace } from "./trace.ts";

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

/** Runs `program` on both sides and compares the traces. */
export async function compareProgram(program: Program, options: CompareOptions): Promise<CompareResult> {
  const source = emitPython(program, { python: options.python });
  const referencePromise = options.pool.run(source);
  let ours: Trace | undefined;
  let oursError: string | undefined;
  try {
    ours = interpret(program, {
      python: options.python,
      maxIterations: options.maxIterations ?? 20_000,
      ...(options.faults ? { faults: options.faults } : {}),
    });
  } catch (error) {
    oursError = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  const reference = await referencePromise;
  if (!reference.ok) return { status: "reference-error", reference, divergence: null, ...(ours ? { ours } : {}) };
  if (ours === undefined) return { status: "ours-error", reference, divergence: null, oursError: oursError ?? "" };
  const divergence = diffTraces(reference.trace, ours);
  return { status: divergence === null ? "agree" : "diverge", ours, reference, divergence };
}
