/**
 * asyncio-ts as a package people install, proved end to end with no network:
 *
 *  1. the sources compile with tsconfig.build.json into a staging copy of the package
 *     (never the repository's own dist/, which other specs may be reading), and `npm pack`
 *     makes the tarball from it, selecting files by package.json's `files`;
 *  2. the tarball installs offline (`--offline`, and a registry address that answers
 *     nothing) into a fresh project with no other package;
 *  3. one program using gather, a TaskGroup, a Queue, an Event and the real clock runs
 *     from a plain-JS ESM folder, from a CommonJS folder (`require`, which Node 20.19+
 *     supports for ES modules; older Node gives ERR_REQUIRE_ESM, as the README says), and
 *     bundled by esbuild; all print the same lines, and the same as its Python twin on
 *     python3 (3.11+) when there is one;
 *  4. a TypeScript project typechecks a program with `tsc --strict` against the shipped
 *     .d.ts files (skipLibCheck off, no @types/node), and the clock and feature mistakes
 *     the API types are meant to catch are compile errors;
 *  5. an emitted repro.ts, copied outside the repository, runs with tsx against the
 *     installed package (no zod there) and prints the trace the interpreter records.
 *
 * Everything runs in child processes with generous timeouts; nothing depends on timing
 * except that a 10 ms real sleep takes at least 5 ms.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitTs } from "../../src/conformance/emit_ts.ts";
import { interpret } from "../../src/conformance/interpret.ts";
import { parseProgram } from "../../src/conformance/ir/index.ts";
import { traceLines } from "../../src/conformance/trace.ts";
import { pythonMinor } from "../../src/asyncio/version.ts";
import { python3 } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "node_modules", ".bin");
const WORK = mkdtempSync(join(tmpdir(), "asyncio-ts-pack-"));
const STAGE = join(WORK, "package");
const CONSUMER = join(WORK, "consumer");
const SLOW = { timeout: 900_000 };
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; files: string[] };

/** npm with no way to reach a registry: offline, and a registry address that refuses. */
const npmEnv = {
  npm_config_registry: "http://127.0.0.1:9/",
  npm_config_cache: join(WORK, "npm-cache"),
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

async function run(file: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const result = await execa(file, args, { cwd, env: npmEnv, reject: false, timeout: 900_000 });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
}

async function mustRun(file: string, args: string[], cwd: string): Promise<string> {
  const result = await run(file, args, cwd);
  if (result.exitCode !== 0) throw new Error(`${file} ${args.join(" ")} (in ${cwd}) failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

// ---------------------------------------------------------------------------------------
// The program every consumer runs, as ESM, as CommonJS, and in Python.

const PROGRAM_BODY = `
const worker_b = asyncio.asyncDef(function* worker_b(q, ev) {
  yield* asyncio.sleep(0.01); // the real clock: ten milliseconds
  yield* q.put("b done");
  ev.set();
  return "b";
});
const worker_a = asyncio.asyncDef(function* worker_a(q, ev) {
  yield* ev.wait();
  yield* q.put("a done");
  return "a";
});
const worker_c = asyncio.asyncDef(function* worker_c(q) {
  yield* asyncio.sleep(0);
  yield* q.put("c done");
});
const main = asyncio.asyncDef(function* main() {
  const q = new asyncio.Queue();
  const ev = new asyncio.Event();
  const started = performance.now();
  const names = yield* asyncio.gather([worker_a(q, ev), worker_b(q, ev)]);
  yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
    tg.createTask(worker_c(q));
  });
  const got = [];
  while (!q.empty()) got.push(q.getNowait());
  console.log(asyncio.pyStr(names), asyncio.pyStr(got));
  console.log("slept for real:", asyncio.pyStr(performance.now() - started >= 5));
  return names.length;
});
`;

const ESM_PROGRAM = `import * as asyncio from "asyncio-ts";\n${PROGRAM_BODY}\nconsole.log("returned", await asyncio.run(main(), { clock: "real" }));\n`;
const CJS_PROGRAM = `const asyncio = require("asyncio-ts");\n${PROGRAM_BODY}\nasyncio.run(main(), { clock: "real" }).then((n) => console.log("returned", n));\n`;
const PYTHON_TWIN = `
import asyncio, time

async def worker_b(q, ev):
    await asyncio.sleep(0.01)
    await q.put("b done")
    ev.set()
    return "b"

async def worker_a(q, ev):
    await ev.wait()
    await q.put("a done")
    return "a"

async def worker_c(q):
    await asyncio.sleep(0)
    await q.put("c done")

async def main():
    q = asyncio.Queue()
    ev = asyncio.Event()
    started = time.monotonic()
    names = await asyncio.gather(worker_a(q, ev), worker_b(q, ev))
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker_c(q))
    got = []
    while not q.empty():
        got.append(q.get_nowait())
    print(names, got)
    print("slept for real:", (time.monotonic() - started) * 1000 >= 5)
    return len(names)

print("returned", asyncio.run(main()))
`;

// A program in the kit's IR, for the repro.ts check (tasks, a sleep, a cancellation).
const REPRO_PROGRAM = parseProgram({
  schema: 1,
  exceptions: [],
  coroutines: { child: [{ op: "log", text: "child runs" }, { op: "sleep", delay: 1 }, { op: "return", value: 7 }] },
  main: [
    { op: "spawn", bind: "t1", target: { coroutine: "child" } },
    { op: "sleep", delay: 0.5 },
    { op: "log", text: "main waits" },
  ],
});

let tarball = "";
let packedFiles: string[] = [];

beforeAll(async () => {
  // 1. A staging copy of the package, compiled from src/ with the build config.
  mkdirSync(STAGE, { recursive: true });
  for (const file of ["package.json", "README.md"]) cpSync(join(ROOT, file), join(STAGE, file));
  cpSync(join(ROOT, "python-reference"), join(STAGE, "python-reference"), { recursive: true });
  await mustRun(join(BIN, "tsc"), ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(STAGE, "dist")], ROOT);
  const packed = JSON.parse(
    await mustRun("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", WORK], STAGE),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(WORK, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path).sort();

  // 2. A consumer project with nothing but the tarball, installed offline.
  mkdirSync(CONSUMER, { recursive: true });
  writeFileSync(join(CONSUMER, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  await mustRun("npm", ["install", "--offline", "--ignore-scripts", "--no-package-lock", tarball], CONSUMER);
  for (const [dir, type] of [["esm", "module"], ["cjs", "commonjs"], ["ts", "module"]] as const) {
    mkdirSync(join(CONSUMER, dir), { recursive: true });
    writeFileSync(join(CONSUMER, dir, "package.json"), JSON.stringify({ type }));
  }
  writeFileSync(join(CONSUMER, "esm", "main.js"), ESM_PROGRAM);
  writeFileSync(join(CONSUMER, "cjs", "main.js"), CJS_PROGRAM);
}, 900_000);

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("holds the compiled library, its types and source maps, the Python reference, and no sources", () => {
    for (const f of ["package.json", "README.md", "dist/asyncio/index.js", "dist/asyncio/index.d.ts", "dist/asyncio/index.js.map",
      "dist/conformance/harness.js", "dist/conformance/harness.d.ts", "dist/conformance/index.js", "python-reference/worker.py"]) {
      expect(packedFiles, f).toContain(f);
    }
    const stray = packedFiles.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || /^(src|spec|scripts|examples|reports)\//.test(f) || f.includes("__pycache__"));
    expect(stray).toEqual([]);
  });

  it("installs offline with no dependency of its own: the kit's packages stay out", () => {
    const modules = join(CONSUMER, "node_modules");
    expect(existsSync(join(modules, pkg.name, "dist", "asyncio", "index.js"))).toBe(true);
    for (const kitPackage of ["zod", "fast-check", "execa", "pyodide", "typescript"]) {
      expect(existsSync(join(modules, kitPackage)), kitPackage).toBe(false);
    }
  });
});

describe("a program using the installed package", () => {
  let esmOutput = "";

  it("runs as plain-JS ESM under Node with the real clock", SLOW, async () => {
    esmOutput = await mustRun(process.execPath, ["main.js"], join(CONSUMER, "esm"));
    expect(esmOutput).toContain("returned 2");
    expect(esmOutput).toContain("slept for real: True");
  });

  it.skipIf(python3 === null || pythonMinor(python3.python) < 11)("prints what its Python twin prints on CPython", SLOW, async () => {
    const file = join(WORK, "twin.py");
    writeFileSync(file, PYTHON_TWIN);
    const python = await mustRun(python3!.path, [file], WORK);
    expect(esmOutput).toBe(python);
  });

  it("runs from CommonJS with require() (Node 20.19+), or fails with ERR_REQUIRE_ESM", SLOW, async () => {
    const result = await run(process.execPath, ["main.js"], join(CONSUMER, "cjs"));
    const requireEsm = (process.features as { require_module?: boolean }).require_module === true;
    if (requireEsm) {
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toBe(esmOutput);
    } else {
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain("ERR_REQUIRE_ESM");
    }
  });

  it("runs bundled by esbuild (tree-shaken named imports keep the loop implementation)", SLOW, async () => {
    const source = ESM_PROGRAM.replace('import * as asyncio from "asyncio-ts";', 'import { asyncDef, sleep, gather, asyncWith, TaskGroup, Queue, Event, run, pyStr } from "asyncio-ts";\nconst asyncio = { asyncDef, sleep, gather, asyncWith, TaskGroup, Queue, Event, run, pyStr };');
    writeFileSync(join(CONSUMER, "esm", "named.js"), source);
    await mustRun(join(BIN, "esbuild"), ["named.js", "--bundle", "--platform=node", "--format=esm", "--outfile=bundle.mjs", "--log-level=warning"], join(CONSUMER, "esm"));
    const bundled = await mustRun(process.execPath, ["bundle.mjs"], join(CONSUMER, "esm"));
    expect(bundled).toBe(esmOutput);
  });
});

describe("TypeScript against the shipped .d.ts files", () => {
  const tsconfig = (files: string[]) => JSON.stringify({
    compilerOptions: {
      strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
      lib: ["ES2022", "DOM"], types: [], noEmit: true, skipLibCheck: false,
    },
    files,
  });

  it("typechecks a strict program using the library and the harness", SLOW, async () => {
    const dir = join(CONSUMER, "ts");
    writeFileSync(join(dir, "main.ts"), `
import * as asyncio from "asyncio-ts";
import { Harness } from "asyncio-ts/conformance/harness";
const worker = asyncio.asyncDef(function* worker(name: string, q: asyncio.Queue<string>): asyncio.Coroutine<string> {
  yield* asyncio.sleep(0.01);
  yield* q.put(name);
  return name;
});
class Delayed implements asyncio.CustomAwaitable<number> {
  *[Symbol.iterator](): asyncio.Coroutine<number> { yield* asyncio.sleep(0); return 5; }
}
const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<string> {
  const q = new asyncio.Queue<string>();
  const [a, five]: [string, number] = yield* asyncio.gather([worker("a", q), new Delayed()]);
  const r = yield* asyncio.attempt(asyncio.waitFor(q.get(), 1), asyncio.TimeoutError);
  if (!r.ok) return "timed out " + r.error.name;
  yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) { tg.createTask(worker("b", q)); });
  try { throw new asyncio.KeyError("k"); } catch (e) { asyncio.except(e, asyncio.LookupError); e.args; }
  return \`\${a} \${five} \${r.value} \${asyncio.has("TaskGroup")}\`;
});
asyncio.setDefaultPython("3.12");
const onReal: Promise<string> = asyncio.run(main(), { clock: "real" });
const onVirtual: string = asyncio.runSync(main());
void onReal; void onVirtual; void Harness;
`);
    writeFileSync(join(dir, "tsconfig.json"), tsconfig(["main.ts"]));
    await mustRun(join(BIN, "tsc"), ["-p", "tsconfig.json"], dir);
  });

  it("reports the mistakes the API's types exist to catch", SLOW, async () => {
    const dir = join(CONSUMER, "ts");
    writeFileSync(join(dir, "mistakes.ts"), `
import * as asyncio from "asyncio-ts";
const main = asyncio.asyncDef(function* main(): asyncio.Coroutine<number> { return 1; });
asyncio.runSync(main(), { clock: "real" });                  // MISTAKE 1: runSync has no real clock
const n: number = asyncio.run(main(), { clock: "real" });    // MISTAKE 2: the real clock gives a Promise
asyncio.has("TaskGroups");                                   // MISTAKE 3: no such feature
asyncio.setDefaultPython("3.6");                             // MISTAKE 4: no such target
void n;
`);
    writeFileSync(join(dir, "tsconfig.mistakes.json"), tsconfig(["mistakes.ts"]));
    const result = await run(join(BIN, "tsc"), ["-p", "tsconfig.mistakes.json"], dir);
    expect(result.exitCode).not.toBe(0);
    const lines = readFileSync(join(dir, "mistakes.ts"), "utf8").split("\n");
    const mistakeLines = lines.flatMap((l, i) => (l.includes("MISTAKE") ? [i + 1] : []));
    const errorLines = [...result.stdout.matchAll(/mistakes\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
    expect([...new Set(errorLines)].sort((a, b) => a - b)).toEqual(mistakeLines);
  });
});

describe("a repro.ts copied out of the repository", () => {
  it("runs with tsx against the installed package and prints the interpreter's trace", SLOW, async () => {
    const dir = join(CONSUMER, "esm");
    writeFileSync(join(dir, "repro.ts"), emitTs(REPRO_PROGRAM, { python: "3.12", header: "copied out of the repository" }));
    const printed = await mustRun(join(BIN, "tsx"), ["repro.ts"], dir);
    expect(printed.split("\n")).toEqual(traceLines(interpret(REPRO_PROGRAM, { python: "3.12" })));
  });

  it("the kit's own API needs its packages, and says which one is missing", SLOW, async () => {
    const dir = join(CONSUMER, "esm");
    writeFileSync(join(dir, "kit.js"), 'await import("asyncio-ts/conformance");\n');
    const result = await run(process.execPath, ["kit.js"], dir);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot find package '(zod|fast-check|execa)'/);
  });
});
