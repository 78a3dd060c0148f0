/**
 * `npx tsx scripts/unretrieved.ts [--runs N] [--seed S] [--feature AREA] [--python PATH ...]`
 *
 * Measures when CPython reports "Task exception was never retrieved" and "Future exception
 * was never retrieved" (and "Task was destroyed but it is pending!") for generated
 * programs, to decide whether traces could include them. Each program (made for the oldest
 * release given) runs in scripts/unretrieved/probe.py with its tasks and futures held
 * weakly, as a real program holds them: twice with the cycle collector off while it runs
 * (two processes, as the reference worker runs programs) and once with it on, on the first
 * interpreter; once more (collector off) on each other interpreter. It prints how many
 * programs get such a message, whether it came during the run (a reference count reached
 * zero) or only from the collection after it (a reference cycle), and how many programs
 * report differently with the collector on, between the two runs, and between releases
 * for the same trace. Exits 2 on bad arguments.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execa } from "execa";
import fc from "fast-check";
import { pythonMinor, type PythonVersion } from "../src/asyncio/version.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
import { FEATURE_AREAS, focusOn, programArbitrary, type FeatureArea } from "../src/conformance/generate/index.ts";
import { defaultInterpreter, probeInterpreter, type Interpreter } from "../src/conformance/interpreters.ts";
import { checkProgramForTarget, type Program } from "../src/conformance/ir/index.ts";

const USAGE = `usage: npx tsx scripts/unretrieved.ts [--runs N] [--seed S] [--feature AREA] [--python PATH ...]

  --runs N        programs to generate (default 300)
  --seed S        fast-check seed (default 1)
  --feature AREA  focus the generator on a feature area (${FEATURE_AREAS.join(", ")})
  --python PATH   an interpreter; repeat to compare releases (default: python3 on PATH).
                  The first one runs each program three times (collector off twice, on once),
                  the others once; programs are made for the oldest release given.`;

const PROBE = fileURLToPath(new URL("./unretrieved/probe.py", import.meta.url));

interface Message {
  message: string;
  name: string;
  where: string;
}
interface Probed {
  id: number;
  ok: boolean;
  messages?: Message[];
  events?: number;
  trace?: string;
  error?: string;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        runs: { type: "string", default: "300" },
        seed: { type: "string", default: "1" },
        feature: { type: "string" },
        python: { type: "string", multiple: true },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(values.runs);
const seed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got ${values.runs}`);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
if (values.feature !== undefined && !(FEATURE_AREAS as readonly string[]).includes(values.feature)) {
  fail(`--feature must be one of ${FEATURE_AREAS.join(", ")}, got ${values.feature}`);
}

const interpreters: Interpreter[] = [];
for (const path of values.python ?? []) {
  const found = await probeInterpreter(path, "option");
  if ("reason" in found) fail(`--python ${path}: ${found.reason}`);
  interpreters.push(found);
}
if (interpreters.length === 0) {
  const found = await defaultInterpreter({ pyodide: false });
  if ("reason" in found) fail(`no python3: ${found.reason}`);
  interpreters.push(found);
}
const target: PythonVersion = interpreters.map((i) => i.python).sort((a, b) => pythonMinor(a) - pythonMinor(b))[0] as PythonVersion;
const options = values.feature === undefined ? { python: target } : focusOn(values.feature as FeatureArea, target);
const programs: Program[] = fc
  .sample(programArbitrary(options), { seed, numRuns: runs })
  .filter((p) => interpreters.every((i) => checkProgramForTarget(p, i.python).length === 0));
const requests = programs.map((p, id) => JSON.stringify({ id, source: emitPython(p, { python: target }) })).join("\n") + "\n";

/** Runs every program in one probe process. */
async function probe(interpreter: Interpreter, mode: "refcount" | "gc"): Promise<Probed[]> {
  const result = await execa(interpreter.path, ["-X", "utf8", PROBE, mode], {
    input: requests,
    env: { PYTHONHASHSEED: "0" },
    reject: false,
    maxBuffer: 1 << 30,
  });
  if (result.exitCode !== 0) throw new Error(`${interpreter.path} ${PROBE} ${mode} failed:\n${result.stderr}`);
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Probed);
}

const [first, ...others] = interpreters as [Interpreter, ...Interpreter[]];
console.log(
  `${programs.length} programs (seed ${seed}${values.feature ? `, feature ${values.feature}` : ""}, made for ${target}); ` +
    `CPython ${interpreters.map((i) => `${i.version} (${i.path})`).join(", ")}`,
);
const [once, twice, collected, ...elsewhere] = await Promise.all([
  probe(first, "refcount"),
  probe(first, "refcount"),
  probe(first, "gc"),
  ...others.map((i) => probe(i, "refcount")),
]);

const NEVER = /exception was never retrieved/;
const never = (r: Probed): Message[] => (r.messages ?? []).filter((m) => NEVER.test(m.message));
const key = (r: Probed, onlyNever = true): string => JSON.stringify(onlyNever ? never(r) : (r.messages ?? []));
const count = (predicate: (i: number) => boolean): number => programs.filter((_, i) => predicate(i)).length;
const ok = (i: number): boolean => [once, twice, collected, ...elsewhere].every((rs) => rs[i]?.ok === true);

const failed = count((i) => !ok(i));
const withNever = count((i) => ok(i) && never(once[i] as Probed).length > 0);
const messages = once.reduce((n, r) => n + never(r).length, 0);
const during = count((i) => ok(i) && never(once[i] as Probed).some((m) => m.where !== "at exit"));
const onlyAtExit = count((i) => ok(i) && never(once[i] as Probed).length > 0 && never(once[i] as Probed).every((m) => m.where === "at exit"));
const pending = count((i) => ok(i) && (once[i]?.messages ?? []).some((m) => /destroyed but it is pending/.test(m.message)));
const gcDiffers = count((i) => ok(i) && key(once[i] as Probed) !== key(collected[i] as Probed));
const gcDiffersAny = count((i) => ok(i) && key(once[i] as Probed, false) !== key(collected[i] as Probed, false));
const runsDiffer = count((i) => ok(i) && key(once[i] as Probed, false) !== key(twice[i] as Probed, false));

console.log(`never-retrieved messages, collector off while the program runs (as the reference worker runs it):`);
console.log(`  programs with one: ${withNever} of ${programs.length - failed} (${messages} messages)`);
console.log(`    during the run (a reference count reached zero): ${during} programs`);
console.log(`    only from the collection after the run (reference cycles): ${onlyAtExit} programs`);
console.log(`  programs with "Task was destroyed but it is pending!": ${pending}`);
console.log(`collector on (default thresholds): programs whose never-retrieved messages differ (which, or where): ${gcDiffers} (any message: ${gcDiffersAny})`);
console.log(`two runs with the collector off: programs whose messages differ: ${runsDiffer}`);
others.forEach((interpreter, k) => {
  const theirs = elsewhere[k] as Probed[];
  const sameTrace = (i: number): boolean => ok(i) && once[i]?.trace === theirs[i]?.trace;
  const differ = count((i) => sameTrace(i) && key(once[i] as Probed) !== key(theirs[i] as Probed));
  const differAny = count((i) => sameTrace(i) && key(once[i] as Probed, false) !== key(theirs[i] as Probed, false));
  console.log(
    `CPython ${first.version} vs ${interpreter.version}: of ${count(sameTrace)} programs with the same trace, ` +
      `${differ} differ in never-retrieved messages (${differAny} in any message)`,
  );
});
if (failed > 0) console.log(`${failed} programs failed in the probe (left out)`);
