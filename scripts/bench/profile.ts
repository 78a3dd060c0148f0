/**
 * Where asyncio-ts spends a workload's time: the measured runs of the reference row again,
 * under V8's sampling CPU profiler (`node --cpu-prof`), with each sample's self time put in
 * one part: garbage collection, the workload's own coroutines (their code between awaits,
 * and the generator resumptions V8 counts in them), each module of src/asyncio, idle time,
 * or the rest (Node itself, the runner). Only samples inside the measured runs count: the warm-ups and
 * the module loading before them are left out.
 *
 * @example
 * ```ts
 * const profile = await profileNode(`${BENCH_DIR}ring/asyncio_ts.ts`, config);
 * profile.parts; // [{ part: "asyncio-ts tasks.ts", share: 0.41 }, ...]
 * ```
 * @module
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNode, type ChildConfig } from "./children.ts";

/** A function's or a part's share of the profiled time. */
export interface Share {
  name: string;
  share: number;
}

/** The profile of one workload's reference row. */
export interface ProfileSummary {
  /** Milliseconds of samples inside the measured runs. */
  sampledMs: number;
  /** Of them, milliseconds not idle. */
  busyMs: number;
  /** Sampling interval, microseconds. */
  intervalUs: number;
  /** Self time by part, largest first. */
  parts: Share[];
  /** The functions with the most self time (name and file), largest first. */
  top: Share[];
}

/** The subset of V8's `.cpuprofile` format read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const GC = "(garbage collector)";
const IDLE = "(idle)";
const INTERVAL_US = 100;
const TOP = 6;

/** The part a sampled frame belongs to. */
function partOf(functionName: string, url: string, workloadFile: string): string {
  if (functionName === GC) return "garbage collection";
  if (functionName === IDLE) return "idle";
  if (url.endsWith(workloadFile)) return "the workload's coroutines";
  const lib = url.lastIndexOf("/src/asyncio/");
  if (lib >= 0) return `asyncio-ts ${url.slice(lib + "/src/asyncio/".length)}`;
  return "the rest (Node, the runner)";
}

/** Self time by part and by function, over the samples inside `spans` (profile clock, µs). */
export function summarizeProfile(profile: CpuProfile, spans: readonly [number, number][], workloadFile: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let time = profile.startTime;
  let span = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    while (span < spans.length && time > (spans[span] as [number, number])[1]) span++;
    if (span >= spans.length) break;
    if (time < (spans[span] as [number, number])[0]) continue;
    const frame = byId.get(profile.samples[i] as number);
    if (frame === undefined) continue;
    const part = partOf(frame.functionName, frame.url, workloadFile);
    parts.set(part, (parts.get(part) ?? 0) + delta);
    const file = frame.url.slice(frame.url.lastIndexOf("/") + 1);
    const fn = `${frame.functionName || "(anonymous)"}${file ? ` (${file})` : ""}`;
    functions.set(fn, (functions.get(fn) ?? 0) + delta);
    total += delta;
    if (frame.functionName === IDLE) idle += delta;
  }
  const ranked = (m: Map<string, number>): Share[] =>
    [...m].map(([name, us]) => ({ name, share: total > 0 ? us / total : 0 })).sort((a, b) => b.share - a.share);
  return { sampledMs: total / 1000, busyMs: (total - idle) / 1000, intervalUs: INTERVAL_US, parts: ranked(parts), top: ranked(functions).slice(0, TOP) };
}

/**
 * Runs one Node implementation under scripts/bench/runner.ts with `--cpu-prof` and
 * summarizes the profile of its measured runs.
 */
export async function profileNode(file: string, config: ChildConfig): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), "asyncio-ts-profile-"));
  try {
    const { spansUs = [] } = await runNode(file, config, ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${INTERVAL_US}`]);
    // The tsx loader thread writes a profile of its own: the main thread's is the one
    // with samples inside the measured runs.
    const workloadFile = file.slice(file.lastIndexOf("/scripts/bench/"));
    const summaries = readdirSync(dir)
      .filter((name) => name.endsWith(".cpuprofile"))
      .map((name) => summarizeProfile(JSON.parse(readFileSync(join(dir, name), "utf8")) as CpuProfile, spansUs, workloadFile))
      .sort((a, b) => b.busyMs - a.busyMs);
    if (summaries[0] === undefined) throw new Error(`${file} under --cpu-prof wrote no profile`);
    return summaries[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
