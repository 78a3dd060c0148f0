/**
 * `npx tsx scripts/shapes.ts [--runs N] [--seed S] [--target 3.X] [--feature AREA] [--json]`
 *
 * Generates the programs a campaign with the same options would run, runs them on our loop
 * (no Python needed) and prints how many reach each shape that stresses fairness, order
 * and time (src/conformance/shape_stats.ts): convoys of waiters on each primitive, a
 * barrier's second round, primitives passed to named coroutines, delays off the 0.25 grid,
 * deadlines within the clock resolution, degenerate delays; and the task bodies' mean
 * length and how the programs ended.
 */
import { parseArgs } from "node:util";
import fc from "fast-check";
import { DEFAULT_PYTHON, parsePythonVersion, type PythonVersion } from "../src/asyncio/version.ts";
import { FEATURE_AREAS, areasUsed, campaignGenerateOptions, programArbitrary, type FeatureArea } from "../src/conformance/generate/index.ts";
import type { Program } from "../src/conformance/ir/types.ts";
import { SHAPES, measureShapes, type Shape } from "../src/conformance/shape_stats.ts";

const USAGE = "usage: npx tsx scripts/shapes.ts [--runs N] [--seed S] [--target 3.X] [--feature AREA] [--json]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let values;
  try {
    values = parseArgs({
      options: {
        runs: { type: "string", default: "1000" },
        seed: { type: "string", default: "1" },
        target: { type: "string", default: DEFAULT_PYTHON },
        feature: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(`${USAGE}\n\nPrints how often the programs of a campaign (same --runs, --seed, --target, --feature) reach each shape:`);
    for (const [key, text] of Object.entries(SHAPES)) console.log(`  ${key.padEnd(22)} ${text}`);
    process.exit(0);
  }
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, not ${values.runs}`);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, not ${values.seed}`);
  let target: PythonVersion;
  try {
    target = parsePythonVersion(values.target);
  } catch (e) {
    fail((e as Error).message);
  }
  const feature = values.feature;
  if (feature !== undefined && !(FEATURE_AREAS as readonly string[]).includes(feature)) {
    fail(`--feature must be one of ${FEATURE_AREAS.join(", ")}, not ${feature}`);
  }
  return { runs, seed, target, feature: feature as FeatureArea | undefined, json: values.json };
}

/** The programs a campaign with these options runs (see campaign.ts). */
function campaignPrograms(runs: number, seed: number, target: PythonVersion, feature: FeatureArea | undefined): Program[] {
  const arbitrary = programArbitrary(campaignGenerateOptions(target, { feature }));
  for (let batch = Math.max(runs, 64); ; batch *= 2) {
    const sample = fc.sample(arbitrary, { seed, numRuns: batch });
    const selected = sample.filter((p) => !feature || areasUsed(p).has(feature)).slice(0, runs);
    if (selected.length >= runs || batch > runs * 64) return selected;
  }
}

const { runs, seed, target, feature, json } = options();
const stats = measureShapes(campaignPrograms(runs, seed, target, feature), target);
if (json) {
  console.log(JSON.stringify(stats, null, 2));
} else {
  console.log(`${stats.programs} programs (seed ${seed}, target ${target}${feature ? `, feature ${feature}` : ""}):`);
  for (const key of Object.keys(SHAPES) as Shape[]) {
    const n = stats.programsWith[key];
    console.log(`  ${key.padEnd(22)} ${String(n).padStart(5)}  ${((100 * n) / stats.programs).toFixed(1).padStart(5)}%  ${SHAPES[key]}`);
  }
  const b = stats.taskBodies;
  console.log(`  task bodies: ${b.count}, mean ${b.meanTop.toFixed(2)} statements (${b.meanAll.toFixed(2)} with nested ones)`);
  console.log(`  endings: ${Object.entries(stats.endings).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}
