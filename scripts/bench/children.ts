/**
 * Starting the benchmark's child processes: each implementation of a workload runs all
 * its warm-ups and measured runs in one fresh process of its own (so no JIT or heap state
 * leaks from one implementation into another), and prints one JSON object.
 *
 * @example
 * ```ts
 * const result = await runNode(file, { params, warmup: 2, runs: 7 });
 * result.times; // seconds, one per measured run
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { Params } from "./types.ts";

/** The repository root: children run from here, so `--import tsx` resolves. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The folder of the benchmark modules. */
export const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

/** What the runners print (scripts/bench/runner.ts and runner.py). */
export interface ChildResult {
  /** Seconds, one per measured run. */
  times: number[];
  checksum: number;
  /** GC pauses / measured time (Node children only). */
  gcShare?: number;
  /** The interpreter's exact version (Python children only). */
  version?: string;
  /** Each measured run's [start, end], µs of the monotonic clock V8's CPU profiles use (Node children only). */
  spansUs?: [number, number][];
}

/** How one child runs its workload. */
export interface ChildConfig {
  params: Params;
  warmup: number;
  runs: number;
}

const TIMEOUT_MS = 30 * 60 * 1000;

function parseChild(stdout: string, what: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`${what} printed no JSON result:\n${stdout.slice(0, 2000)}`);
  }
}

/**
 * Runs a Node implementation module under scripts/bench/runner.ts, with `nodeFlags`
 * (such as `--cpu-prof`) given to the child's `node`.
 *
 * @example
 * ```ts
 * await runNode(`${BENCH_DIR}/ring/native.ts`, { params: { tasks: 10, steps: 2 }, warmup: 0, runs: 1 });
 * ```
 */
export async function runNode(file: string, config: ChildConfig, nodeFlags: readonly string[] = []): Promise<ChildResult> {
  const child = await execa(
    process.execPath,
    [...nodeFlags, "--import", "tsx", `${BENCH_DIR}runner.ts`, file, JSON.stringify(config)],
    { cwd: ROOT, timeout: TIMEOUT_MS, reject: false },
  );
  if (child.exitCode !== 0) throw new Error(`${file} failed (exit ${child.exitCode}):\n${child.stderr || child.stdout}`);
  return parseChild(child.stdout, file) as ChildResult;
}

/**
 * Runs a CPython implementation module under scripts/bench/runner.py.
 *
 * @example
 * ```ts
 * await runPython("/usr/bin/python3", `${BENCH_DIR}/ring/cpython.py`, config);
 * ```
 */
export async function runPython(interpreter: string, file: string, config: ChildConfig): Promise<ChildResult> {
  const child = await execa(interpreter, [`${BENCH_DIR}runner.py`, file, JSON.stringify(config)], {
    cwd: ROOT,
    timeout: TIMEOUT_MS,
    reject: false,
  });
  if (child.exitCode !== 0) {
    throw new Error(`${file} under ${interpreter} failed (exit ${child.exitCode}):\n${child.stderr || child.stdout}`);
  }
  return parseChild(child.stdout, `${file} under ${interpreter}`) as ChildResult;
}

/** Bytes per pending task and per pending timer. */
export interface MemoryFigures {
  bytesPerTask: number;
  bytesPerTimer: number;
  version?: string;
}

/** Runs the Node memory measurement in a child `node --expose-gc`. */
export async function measureNodeMemory(file: string, params: Params): Promise<MemoryFigures> {
  const child = await execa(process.execPath, ["--expose-gc", "--import", "tsx", file, JSON.stringify(params)], {
    cwd: ROOT,
    timeout: TIMEOUT_MS,
    reject: false,
  });
  if (child.exitCode !== 0) throw new Error(`${file} failed (exit ${child.exitCode}):\n${child.stderr || child.stdout}`);
  return parseChild(child.stdout, file) as MemoryFigures;
}

/** Runs the CPython memory measurement (tracemalloc) under one interpreter. */
export async function measurePythonMemory(interpreter: string, file: string, params: Params): Promise<MemoryFigures> {
  const child = await execa(interpreter, [file, JSON.stringify(params)], { cwd: ROOT, timeout: TIMEOUT_MS, reject: false });
  if (child.exitCode !== 0) {
    throw new Error(`${file} under ${interpreter} failed (exit ${child.exitCode}):\n${child.stderr || child.stdout}`);
  }
  return parseChild(child.stdout, `${file} under ${interpreter}`) as MemoryFigures;
}
