/**
 * CPU per program of each step of a campaign's TypeScript side, measured one step at a
 * time on the same fixed program set as the kit rows (the first N programs of seed S):
 * generation, emitting Python, our loop, the request line, parsing and validating the
 * reference worker's answer, the diff, the copies between threads, and the tally. Each
 * step runs over all programs in a row, timed with `process.cpuUsage()` (CPU, not wall
 * time, so a busy machine changes the figures little). The reference answers come from
 * one real worker run before any step is timed.
 *
 * Usage: `npx tsx scripts/bench/kit_stages.ts [--runs N] [--seed S] [--python PATH]`
 *
 * @example
 * ```sh
 * npx tsx scripts/bench/kit_stages.ts --runs 1000 --seed 1 --python ~/.pyenv/versions/3.11.7/bin/python
 * ```
 * @module
 */
import { spawn } from "node:child_process";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { parseArgs } from "node:util";
import { finishCompare, startCompare, versionSensitivity, type CompareResult } from "../../src/conformance/compare.ts";
import { programFacts } from "../../src/conformance/program_facts.ts";
import { plainOkAnswer, Response } from "../../src/conformance/reference/answer.ts";
import { emitPython } from "../../src/conformance/emit_python.ts";
import { programArbitrary } from "../../src/conformance/generate/index.ts";
import { defaultInterpreter, probeInterpreter, type Interpreter } from "../../src/conformance/interpreters.ts";
import type { Program } from "../../src/conformance/ir/index.ts";
import { ProgramSource } from "../../src/conformance/program_source.ts";
import type { ReferenceResult } from "../../src/conformance/reference/pool.ts";
import { WORKER_SCRIPT } from "./kit_workers.ts";

/** The request line as the pool writes it (ASCII JSON). */
const requestLine = (id: number, source: string, maxIterations: number) =>
  JSON.stringify({ id, source, maxIterations }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
/** The answer to job `id` as the pool takes it (the hand check, else zod). */
function parseResponse(line: string, id: number): { answer: ReferenceResult } | { garbage: string } {
  const parsed = JSON.parse(line) as { id: number };
  if (parsed.id !== id) return { garbage: "id" };
  const plain = plainOkAnswer(parsed);
  if (plain !== null) return { answer: { ok: true, ...plain } };
  const r = Response.safeParse(parsed);
  if (!r.success) return { garbage: "invalid" };
  const a = r.data;
  return { answer: a.ok ? { ok: true, trace: a.trace, python: a.python, seconds: a.seconds } : { ok: false, kind: "program", error: a.error, python: a.python } };
}
/** A checking thread's work on one program once the answer is there, and what it posts. */
type CheckResult = { result: CompareResult; message: object };
function runCheck(program: Program, options: { python: typeof python }, reference: ReferenceResult, neighbours: []): CheckResult {
  const started = startCompare(program, options, () => {});
  const result = finishCompare(started, reference);
  const sensitive = versionSensitivity(program, result, neighbours);
  const failed = result.status === "agree" ? null : { program, result };
  return { result, message: { type: "done", id: 1, status: result.status, facts: programFacts(program, result), sensitive, failed } };
}
const { values } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" }, python: { type: "string" } } });
const runs = Number(values.runs ?? 1000);
const seed = Number(values.seed ?? 1);
const found: Interpreter | { reason: string } = values.python ? await probeInterpreter(values.python) : await defaultInterpreter();
if ("reason" in found) throw new Error(found.reason);
const interpreterPath = found.path;
const python = found.python;

/** CPU ms of `run` (user + system, this process), divided by `runs`. */
function cpu(label: string, run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  const perProgram = (used.user + used.system) / 1000 / runs;
  console.log(`${label.padEnd(44)} ${perProgram.toFixed(3).padStart(7)} ms/program`);
  return perProgram;
}

/** Each source's answer line from one real worker process (untimed). */
async function answers(sources: string[]): Promise<string[]> {
  const proc = spawn(interpreterPath, ["-u", WORKER_SCRIPT], { stdio: ["pipe", "pipe", "ignore"], env: { PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1" } });
  const lines: string[] = [];
  let partial = "";
  let next = 0;
  const feed = () => {
    if (next < sources.length) proc.stdin.write(`${requestLine(next + 1, sources[next] as string, 20_000)}\n`);
    else proc.stdin.end();
    next++;
  };
  proc.stdout.setEncoding("utf8");
  await new Promise<void>((resolve) => {
    let ready = false;
    proc.stdout.on("data", (chunk: string) => {
      partial += chunk;
      for (let nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        if (ready) lines.push(line);
        ready = true;
        feed();
        if (lines.length === sources.length) resolve();
      }
    });
  });
  return lines;
}

let programs: Program[] = [];
const total: Record<string, number> = {};
total.generate = cpu("generate (ProgramSource, blocks of 32)", () => {
  const source = new ProgramSource(programArbitrary({ python }), seed);
  programs = Array.from({ length: runs }, (_, i) => source.take(i));
});
let sources: string[] = [];
total.emit = cpu("emitPython", () => {
  sources = programs.map((p) => emitPython(p, { python }));
});
const lines = await answers(sources);
total.request = cpu("request line (ASCII JSON)", () => {
  sources.forEach((s, i) => requestLine(i + 1, s, 20_000));
});
let results: ReferenceResult[] = [];
total.parse = cpu("answer line: JSON.parse + validate", () => {
  results = lines.map((line, i) => {
    const parsed = parseResponse(line, i + 1);
    if (!("answer" in parsed)) throw new Error(parsed.garbage);
    return parsed.answer;
  });
});
let checked: CheckResult[] = [];
total.check = cpu("check: our loop, diff, tally facts", () => {
  checked = programs.map((p, i) => runCheck(p, { python }, results[i] as ReferenceResult, []));
});
const { port1, port2 } = new MessageChannel();
const copy = (value: unknown) => {
  port1.postMessage(value);
  return receiveMessageOnPort(port2)?.message;
};
total.copySource = cpu("copy: source string to main", () => sources.forEach(copy));
total.copyReference = cpu("copy: parsed answer to thread", () => results.forEach((result, id) => copy({ type: "reference", id, result })));
total.copyDone = cpu("copy: done message to main", () => checked.forEach((c) => copy(c.message)));
port1.close();
const sum = Object.values(total).reduce((a, b) => a + b, 0);
console.log(`${"sum".padEnd(44)} ${sum.toFixed(3).padStart(7)} ms/program (${runs} programs, seed ${seed}, Python ${python}; agree ${checked.filter((c) => c.result.status === "agree").length})`);
