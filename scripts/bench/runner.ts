/**
 * Child process of `npm run bench` on the Node side: imports one implementation module,
 * runs it `warmup` times unmeasured and `runs` times measured, all in this one process,
 * and prints one JSON object: the times (seconds), the checksum, the share of the
 * measured time spent in garbage-collection pauses (PerformanceObserver 'gc' entries), and
 * the measured runs' spans on the monotonic clock that V8's CPU profiles use (for
 * `npm run bench -- --profile`, which runs this under `--cpu-prof`).
 *
 * Usage: tsx scripts/bench/runner.ts MODULE_PATH '{"params": {...}, "warmup": 2, "runs": 7}'
 * @module
 */
import { PerformanceObserver, performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { BenchModule, Params } from "./types.ts";

/** What the runner prints. */
export interface RunnerResult {
  times: number[];
  checksum: number;
  /** Milliseconds of GC pauses inside the measured runs. */
  gcMs: number;
  /** GC pause time / measured time. */
  gcShare: number;
  /** Each measured run's [start, end] in microseconds of the monotonic clock (a CPU profile's time base). */
  spansUs: [number, number][];
}

const [path, configText] = process.argv.slice(2);
if (path === undefined || configText === undefined) {
  console.error("usage: runner.ts MODULE_PATH CONFIG_JSON");
  process.exit(2);
}
const config = JSON.parse(configText) as { params: Params; warmup: number; runs: number };
const bench = ((await import(pathToFileURL(path).href)) as { default: BenchModule }).default;

const windows: [number, number][] = [];
const spansUs: [number, number][] = [];
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const gcEntries: { start: number; duration: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcEntries.push({ start: entry.startTime, duration: entry.duration });
});
observer.observe({ entryTypes: ["gc"] });

let checksum: number | null = null;
for (let i = 0; i < config.warmup; i++) checksum = await bench.run(config.params);
const times: number[] = [];
for (let i = 0; i < config.runs; i++) {
  const startUs = monotonicUs();
  const start = performance.now();
  const result = await bench.run(config.params);
  const end = performance.now();
  spansUs.push([startUs, monotonicUs()]);
  windows.push([start, end]);
  times.push((end - start) / 1000);
  if (checksum !== null && result !== checksum) throw new Error(`checksum changed between runs: ${checksum} then ${result}`);
  checksum = result;
}
// GC entries reach the observer from a later turn of the event loop: give it one.
await new Promise((resolve) => setTimeout(resolve, 100));
observer.disconnect();
const inWindow = (t: number) => windows.some(([a, b]) => t >= a && t <= b);
const gcMs = gcEntries.filter((e) => inWindow(e.start)).reduce((sum, e) => sum + e.duration, 0);
const measuredMs = windows.reduce((sum, [a, b]) => sum + (b - a), 0);
const result: RunnerResult = { times, checksum: checksum ?? NaN, gcMs, gcShare: measuredMs > 0 ? gcMs / measuredMs : 0, spansUs };
process.stdout.write(JSON.stringify(result));
