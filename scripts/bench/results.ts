/**
 * The benchmark's results: one row per implementation run, the ratios against asyncio-ts,
 * and the JSON that `npm run bench -- --json` prints.
 *
 * @example
 * ```ts
 * const row = toRow(OURS, "asyncio-ts", "asyncio-ts (virtual clock)", childResult);
 * ratio(nativeRow, row); // native time / our time: above 1 means we are faster
 * ```
 * @module
 */
import type { Implementation, Workload } from "./registry.ts";
import type { ChildResult, MemoryFigures } from "./children.ts";
import type { ProfileSummary } from "./profile.ts";

/** One implementation's measured runs on one workload. */
export interface Row {
  impl: Implementation;
  /** `asyncio-ts`, `native`, ..., or `cpython-3.12` for a CPython release. */
  id: string;
  label: string;
  /** The CPython release (`"3.12"`) of a CPython row. */
  release?: string;
  times: number[];
  best: number;
  median: number;
  checksum: number;
  gcShare?: number;
}

/** One workload's rows, and the rows that could not run, with why. */
export interface WorkloadResult {
  workload: Workload;
  params: Record<string, number>;
  rows: Row[];
  skipped: { label: string; reason: string }[];
  /** Where asyncio-ts's measured runs spent their time (absent with `--no-profile`). */
  profile?: ProfileSummary;
}

/** Memory per pending task and timer: ours, and CPython's per release. */
export interface MemoryResult {
  ours: MemoryFigures;
  cpython: { release: string; figures: MemoryFigures }[];
  skipped: { label: string; reason: string }[];
}

/** The machine and the versions measured. */
export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** `os.loadavg()` when the benchmark started and when it ended. */
  loadAverage: { start: number[]; end: number[] };
  node: string;
  effection: string | null;
  /** Release to exact version of every CPython measured. */
  cpython: Record<string, string>;
  warmup: number;
  runs: number;
  scale: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A row from a child's result. */
export function toRow(impl: Implementation, id: string, label: string, result: ChildResult, release?: string): Row {
  const times = result.times;
  if (times.length === 0) throw new Error(`${label}: no measured runs`);
  return {
    impl,
    id,
    label,
    ...(release === undefined ? {} : { release }),
    times,
    best: Math.min(...times),
    median: median(times),
    checksum: result.checksum,
    ...(result.gcShare === undefined ? {} : { gcShare: result.gcShare }),
  };
}

/** `other`'s best time / `ours`'s best time: how many times faster asyncio-ts is. */
export function ratio(other: Row, ours: Row): number {
  return round(other.best / ours.best);
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The row of asyncio-ts on the default clock. */
export function oursRow(result: WorkloadResult): Row | undefined {
  return result.rows.find((r) => r.impl.role === "ours");
}

/** What `--json` prints for one workload. */
export interface WorkloadJson {
  name: string;
  vsCPython: Record<string, number>;
  vsNative: number | null;
  vsEffection?: number;
  /** Best and median seconds per row id. */
  seconds: Record<string, { best: number; median: number }>;
  /** GC pause share of the measured time per Node row id. */
  gcShare: Record<string, number>;
  checksum: number | null;
  /** asyncio-ts's self time by part and its top functions, as shares of the profiled time. */
  profile?: { parts: Record<string, number>; top: Record<string, number> };
}

/** The JSON object of one workload. */
export function workloadJson(result: WorkloadResult): WorkloadJson {
  const ours = oursRow(result);
  const vsCPython: Record<string, number> = {};
  const seconds: Record<string, { best: number; median: number }> = {};
  const gcShare: Record<string, number> = {};
  let vsNative: number | null = null;
  let vsEffection: number | undefined;
  for (const row of result.rows) {
    seconds[row.id] = { best: round(row.best, 6), median: round(row.median, 6) };
    if (row.gcShare !== undefined) gcShare[row.id] = round(row.gcShare, 3);
    if (ours === undefined) continue;
    if (row.impl.role === "cpython" && row.release !== undefined) vsCPython[row.release] = ratio(row, ours);
    if (row.impl.role === "native") vsNative = ratio(row, ours);
    if (row.impl.id === "effection") vsEffection = ratio(row, ours);
  }
  return {
    name: result.workload.name,
    vsCPython,
    vsNative,
    ...(vsEffection === undefined ? {} : { vsEffection }),
    seconds,
    gcShare,
    checksum: ours?.checksum ?? null,
    ...(result.profile === undefined ? {} : { profile: profileJson(result.profile) }),
  };
}

function profileJson(profile: ProfileSummary): NonNullable<WorkloadJson["profile"]> {
  const shares = (list: ProfileSummary["parts"]) => Object.fromEntries(list.map((s) => [s.name, round(s.share, 3)]));
  return { parts: shares(profile.parts), top: shares(profile.top) };
}

/** The whole `--json` object. */
export function benchJson(env: Environment, workloads: WorkloadResult[], memory: MemoryResult | null): object {
  return {
    environment: env,
    workloads: workloads.map(workloadJson),
    memory:
      memory === null
        ? null
        : {
            bytesPerPendingTask: {
              "asyncio-ts": round(memory.ours.bytesPerTask, 1),
              ...Object.fromEntries(memory.cpython.map((c) => [c.release, round(c.figures.bytesPerTask, 1)])),
            },
            bytesPerPendingTimer: {
              "asyncio-ts": round(memory.ours.bytesPerTimer, 1),
              ...Object.fromEntries(memory.cpython.map((c) => [c.release, round(c.figures.bytesPerTimer, 1)])),
            },
          },
  };
}

/**
 * Rows whose checksum differs from asyncio-ts's: they did different work, so their
 * times cannot be compared.
 */
export function checksumMismatches(result: WorkloadResult): string[] {
  const ours = oursRow(result);
  if (ours === undefined) return [];
  return result.rows
    .filter((r) => r.checksum !== ours.checksum)
    .map((r) => `${result.workload.name}: ${r.label} returned checksum ${r.checksum}, asyncio-ts ${ours.checksum}`);
}
