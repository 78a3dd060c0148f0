/**
 * `npm run bench`: the scheduler side by side with CPython asyncio (every release found),
 * native Node async/await and Effection 4, on the workloads of scripts/bench/registry.ts,
 * plus memory per pending task and timer. Writes reports/BENCH.md; `--json` prints one
 * JSON object instead of the table. `--help` lists the options.
 */
import { existsSync, writeFileSync, readFileSync, renameSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { discoverInterpreters, pickPerRelease, type Interpreter } from "../src/conformance/interpreters.ts";
import { BENCH_DIR, ROOT, measureNodeMemory, measurePythonMemory, runNode, runPython } from "./bench/children.ts";
import { profileNode } from "./bench/profile.ts";
import { MEMORY, WORKLOADS, type Workload } from "./bench/registry.ts";
import { kitJson, kitMarkdown, replaceKitSection, runKit, type KitResult } from "./bench/kit.ts";
import { defaultCheckThreads } from "../src/conformance/check_threads.ts";
import { defaultInterpreter } from "../src/conformance/interpreters.ts";
import { benchMarkdown } from "./bench/report.ts";
import {
  benchJson,
  checksumMismatches,
  toRow,
  workloadJson,
  type Environment,
  type MemoryResult,
  type WorkloadResult,
} from "./bench/results.ts";

const SKIPPABLE = [...new Set(WORKLOADS.flatMap((w) => w.implementations.map((i) => i.id)))].filter((id) => id !== "asyncio-ts");

const HELP = `Usage: npm run bench -- [options]

Runs every workload (${WORKLOADS.map((w) => w.name).join(", ")}) with asyncio-ts,
CPython asyncio under every CPython release found, native Node async/await and Effection 4,
each implementation in a process of its own, then measures memory per pending task and
timer. Prints the ratios and writes reports/BENCH.md.

Options:
  --runs N          measured runs per implementation (default 7; Effection at most 3)
  --warmup N        unmeasured warm-up runs before them (default 5; Effection at most 1)
  --workload NAME   run only this workload (repeatable; default: all)
  --skip ID         leave out an implementation (repeatable; default: none), one of
                    ${SKIPPABLE.join(", ")}
  --python PATH     measure this CPython instead of discovering them (repeatable; default:
                    one interpreter per release from PATH and pyenv, the newest patch level)
  --only WHAT       run only the conformance kit rows (kit) or only the workloads and
                    memory (workloads) (default: both, or only the workloads with
                    --workload); --only kit rewrites just the kit section of BENCH.md
  --kit-runs N      programs in the kit rows' fixed program set (default 1000, seed 1)
  --scale F         multiply the workloads' counts by F, for a quick look (default 1)
  --no-memory       skip the memory measurement (default: measure)
  --no-profile      skip the CPU profile of asyncio-ts's measured runs (the runs again
                    under node --cpu-prof: where the time goes, in BENCH.md and the JSON)
                    (default: profile)
  --json            print one JSON object (a "workloads" array with name, vsCPython,
                    vsNative, vsEffection per workload, and a "kit" object) instead of
                    the table (default: off)
  --no-write        do not write reports/BENCH.md (default: write it)
  --help            print this help and exit
`;

function usage(message: string): never {
  console.error(`bench: ${message}\n\n${HELP}`);
  process.exit(2);
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        runs: { type: "string", default: "7" },
        warmup: { type: "string", default: "5" },
        workload: { type: "string", multiple: true },
        skip: { type: "string", multiple: true },
        python: { type: "string", multiple: true },
        scale: { type: "string", default: "1" },
        only: { type: "string" },
        "kit-runs": { type: "string", default: "1000" },
        "no-memory": { type: "boolean", default: false },
        "no-profile": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        "no-write": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    usage((error as Error).message);
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const count = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
    return n;
  };
  const scale = Number(parsed.scale);
  if (!(scale > 0)) usage(`--scale must be a positive number, got ${JSON.stringify(parsed.scale)}`);
  const names = new Set(WORKLOADS.map((w) => w.name));
  for (const name of parsed.workload ?? []) if (!names.has(name)) usage(`unknown --workload ${name} (known: ${[...names].join(", ")})`);
  for (const id of parsed.skip ?? []) if (!SKIPPABLE.includes(id)) usage(`--skip ${id}: can skip ${SKIPPABLE.join(", ")}`);
  if (parsed.only !== undefined && parsed.only !== "kit" && parsed.only !== "workloads") {
    usage(`--only must be kit or workloads, got ${JSON.stringify(parsed.only)}`);
  }
  return {
    kit: parsed.only === "kit" || (parsed.only === undefined && !parsed.workload?.length),
    kitOnly: parsed.only === "kit",
    kitRuns: count("kit-runs", parsed["kit-runs"], 1),
    runs: count("runs", parsed.runs, 1),
    warmup: count("warmup", parsed.warmup, 0),
    workloads: WORKLOADS.filter((w) => !parsed.workload?.length || parsed.workload.includes(w.name)),
    skip: new Set(parsed.skip ?? []),
    python: parsed.python ?? [],
    scale,
    memory: !parsed["no-memory"],
    profile: !parsed["no-profile"],
    json: parsed.json,
    write: !parsed["no-write"],
  };
}

type Options = ReturnType<typeof parseOptions>;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One interpreter per CPython release: the ones given, or every one found. */
async function findCPythons(options: Options): Promise<{ found: Interpreter[]; skipped: string[] }> {
  if (options.skip.has("cpython")) return { found: [], skipped: [] };
  const { found, skipped } = await discoverInterpreters(
    options.python.length ? { explicit: options.python, pyenv: false, env: { PATH: "" }, pyodide: false } : { pyodide: false },
  );
  if (options.python.length && skipped.length) usage(skipped.map((s) => `--python ${s.path}: ${s.reason}`).join("; "));
  const picked = [...pickPerRelease(found, { prefer: "newest" }).values()];
  const notes = options.python.length ? [] : ["CPython 3.14 through Pyodide (WebAssembly in Node) is not measured"];
  return { found: picked, skipped: notes };
}

function scaledParams(workload: Workload, scale: number): Record<string, number> {
  const params = { ...workload.params };
  for (const name of workload.scaled) params[name] = Math.max(1, Math.round((params[name] as number) * scale));
  return params;
}

async function runWorkload(workload: Workload, options: Options, cpythons: Interpreter[]): Promise<WorkloadResult> {
  const params = scaledParams(workload, options.scale);
  const result: WorkloadResult = { workload, params, rows: [], skipped: [] };
  for (const impl of workload.implementations) {
    if (options.skip.has(impl.id)) continue;
    const file = `${BENCH_DIR}${workload.folder}/${impl.file}`;
    const config = {
      params: { ...params, ...impl.options },
      warmup: Math.min(options.warmup, impl.maxWarmup ?? Infinity),
      runs: Math.min(options.runs, impl.maxRuns ?? Infinity),
    };
    if (impl.kind === "node") {
      log(`${workload.name}: ${impl.label} ...`);
      const row = toRow(impl, impl.id, impl.label, await runNode(file, config));
      log(`  best ${(row.best * 1000).toFixed(1)} ms, median ${(row.median * 1000).toFixed(1)} ms`);
      result.rows.push(row);
      if (impl.role === "ours" && options.profile) {
        log(`${workload.name}: ${impl.label} under --cpu-prof ...`);
        result.profile = await profileNode(file, config);
      }
      continue;
    }
    for (const py of cpythons) {
      log(`${workload.name}: CPython ${py.version} ...`);
      const child = await runPython(py.path, file, config);
      const row = toRow(impl, `cpython-${py.python}`, `CPython ${child.version ?? py.version} asyncio`, child, py.python);
      log(`  best ${(row.best * 1000).toFixed(1)} ms, median ${(row.median * 1000).toFixed(1)} ms`);
      result.rows.push(row);
    }
  }
  return result;
}

async function runMemory(cpythons: Interpreter[]): Promise<MemoryResult> {
  log("memory: asyncio-ts ...");
  const dir = `${BENCH_DIR}${MEMORY.folder}/`;
  const ours = await measureNodeMemory(`${dir}${MEMORY.node}`, MEMORY.params);
  const cpython = [];
  for (const py of cpythons) {
    log(`memory: CPython ${py.version} ...`);
    cpython.push({ release: py.python, figures: await measurePythonMemory(py.path, `${dir}${MEMORY.python}`, MEMORY.params) });
  }
  return { ours, cpython, skipped: [] };
}

function effectionVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(`${ROOT}node_modules/effection/package.json`, "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
}

function printTable(results: WorkloadResult[]): void {
  for (const result of results) {
    const json = workloadJson(result);
    const cp = Object.entries(json.vsCPython)
      .map(([release, r]) => `${release} ${r.toFixed(1)}x`)
      .join(", ");
    const peers = [`native ${json.vsNative?.toFixed(2) ?? "-"}x`, ...(json.vsEffection ? [`Effection ${json.vsEffection.toFixed(1)}x`] : [])];
    console.log(`${result.workload.name.padEnd(16)} vs CPython: ${cp || "-"}; vs ${peers.join(", vs ")}`);
  }
}

/** The kit rows on python3 (or the first --python): see scripts/bench/kit.ts. */
async function measureKit(options: Options): Promise<KitResult | null> {
  const python = await defaultInterpreter(options.python.length ? { explicit: [options.python[0] as string], pyodide: false } : { pyodide: false });
  if ("reason" in python) {
    log(`note: no CPython for the kit rows: ${python.reason}`);
    return null;
  }
  return runKit({ python, runs: options.kitRuns, seed: 1, workers: availableParallelism(), threads: defaultCheckThreads(), log });
}

const options = parseOptions();
const startLoad = loadavg();
if (options.kitOnly) {
  const kit = await measureKit(options);
  if (kit === null) process.exit(1);
  if (options.write) {
    const target = `${ROOT}reports/BENCH.md`;
    const before = existsSync(target) ? readFileSync(target, "utf8") : "# Benchmarks\n";
    writeFileSync(`${target}.tmp`, replaceKitSection(before, kitMarkdown(kit, new Date().toISOString().slice(0, 10))));
    renameSync(`${target}.tmp`, target);
    log(`wrote the kit section of ${target}`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ environment: { loadAverage: { start: startLoad, end: loadavg() } }, workloads: [], kit: kitJson(kit) }, null, 2)}\n`);
  else console.log(`kit: worker alone ${kit.workersAlone.perSecond}/s, campaign ${kit.campaign.perSecond}/s (ratio ${kit.ratio}), corpus replay ${kit.replay.perSecond} program-runs/s`);
  process.exit(0);
}
const { found: cpythons, skipped: cpythonNotes } = await findCPythons(options);
for (const note of cpythonNotes) log(`note: ${note}`);
if (!options.skip.has("cpython") && cpythons.length === 0) log("note: no CPython found; the ratios to CPython are missing");
const results: WorkloadResult[] = [];
for (const workload of options.workloads) results.push(await runWorkload(workload, options, cpythons));
const memory = options.memory ? await runMemory(cpythons) : null;
const kit = options.kit ? await measureKit(options) : null;
const env: Environment = {
  date: new Date().toISOString().slice(0, 10),
  cpu: cpus()[0]?.model ?? "unknown CPU",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadAverage: { start: startLoad, end: loadavg() },
  node: process.version,
  effection: effectionVersion(),
  cpython: Object.fromEntries(cpythons.map((py) => [py.python, py.version])),
  warmup: options.warmup,
  runs: options.runs,
  scale: options.scale,
};
const mismatches = results.flatMap(checksumMismatches);
if (options.write) {
  const target = `${ROOT}reports/BENCH.md`;
  const kitSection = kit ? `\n${kitMarkdown(kit, env.date).join("\n")}\n` : "";
  writeFileSync(`${target}.tmp`, benchMarkdown(env, results, memory) + kitSection);
  renameSync(`${target}.tmp`, target);
  log(`wrote ${target}`);
}
if (options.json) process.stdout.write(`${JSON.stringify({ ...benchJson(env, results, memory), ...(kit ? { kit: kitJson(kit) } : {}) }, null, 2)}\n`);
else printTable(results);
if (mismatches.length) {
  for (const m of mismatches) console.error(`bench: ${m}`);
  process.exit(1);
}
