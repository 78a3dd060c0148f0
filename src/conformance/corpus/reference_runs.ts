/**
 * Running many corpus programs on one release's interpreter: a reference pool, enough
 * programs in flight to keep every worker busy, and one more try on a fresh worker for a
 * job whose worker died, hung or printed garbage (a program that fails on CPython itself
 * is not tried again).
 *
 * @example
 * ```ts
 * await runOnRelease("3.12", interpreter, entries, { onResult: (entry, result) => ... });
 * ```
 * @module
 */
import type { PythonVersion } from "../../asyncio/version.ts";
import { emitPython } from "../emit_python.ts";
import type { Interpreter } from "../interpreters.ts";
import type { Program } from "../ir/index.ts";
import { ReferencePool, type ReferenceResult } from "../reference/pool.ts";

/** Options of {@link runOnRelease}. */
export interface ReleaseRunOptions<T> {
  workers?: number | undefined;
  onResult(item: T, result: ReferenceResult): void;
  onProgress?: ((release: PythonVersion, done: number, total: number) => void) | undefined;
}

/** Runs each item's program on `release`'s interpreter (see the module comment). */
export async function runOnRelease<T extends { program: Program }>(
  release: PythonVersion,
  interpreter: Interpreter,
  items: readonly T[],
  options: ReleaseRunOptions<T>,
): Promise<void> {
  const pool = await ReferencePool.start({ interpreter, ...(options.workers ? { workers: options.workers } : {}) });
  try {
    let next = 0;
    let done = 0;
    const lane = async (): Promise<void> => {
      while (next < items.length) {
        const item = items[next++] as T;
        const source = emitPython(item.program, { python: release });
        let result = await pool.run(source);
        if (!result.ok && result.kind !== "program") result = await pool.run(source);
        options.onResult(item, result);
        options.onProgress?.(release, ++done, items.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, pool.size * 2) }, lane));
  } finally {
    await pool.close();
  }
}
