/**
 * Finding CPython interpreters: from explicit paths, the `ASYNCIO_TS_PYTHON` environment
 * variable, `python3` and every `python3.X` on `PATH`, and pyenv's versions. Each
 * candidate is run once to read its exact version; what cannot run is reported with the
 * reason, never silently dropped.
 *
 * The embedded reference, CPython 3.14 compiled to WebAssembly (the `pyodide` npm
 * package), comes last: it needs nothing but `npm install`, so it is also what
 * {@link defaultInterpreter} falls back to when no `python3` is on `PATH`. Select it
 * explicitly with the name `pyodide` (`--python pyodide`, `ASYNCIO_TS_PYTHON=pyodide`);
 * turn the fallback off with `ASYNCIO_TS_PYODIDE=0`.
 *
 * @example
 * ```ts
 * const { found, skipped } = await discoverInterpreters();
 * for (const py of found) console.log(py.version, py.path);
 * ```
 * @module
 */
import { accessSync, constants, readdirSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { PYTHON_VERSIONS, type PythonVersion } from "../asyncio/version.ts";

/**
 * Where a candidate interpreter came from; `"pyodide"` is the embedded CPython in
 * WebAssembly (however it was asked for), which is run by the pool's Pyodide worker
 * rather than as an executable.
 */
export type InterpreterSource = "option" | "env" | "path" | "pyenv" | "pyodide";

/** A CPython interpreter that ran and reported its version. */
export interface Interpreter {
  /**
   * The executable the interpreter reports as `sys.executable` (so a pyenv shim or a
   * symlink farm is recorded as the real program it runs); for Pyodide, a name that
   * selects it again: `pyodide@<package version>` (e.g. `pyodide@314.0.7`).
   */
  path: string;
  /** The path it was found as or given as, when that differs from `path` (e.g. a pyenv shim). */
  foundAs?: string;
  /** Exact version, e.g. `"3.11.7"`. */
  version: string;
  /** The release it implements, e.g. `"3.11"`. */
  python: PythonVersion;
  source: InterpreterSource;
}

/** A candidate that could not be used, and why. */
export interface SkippedInterpreter {
  path: string;
  source: InterpreterSource;
  reason: string;
}

/** Options of {@link discoverInterpreters}. */
export interface DiscoverOptions {
  /** Paths given with `--python`, tried first. */
  explicit?: string[];
  /** Environment to read `ASYNCIO_TS_PYTHON`, `PATH` and `PYENV_ROOT` from. */
  env?: NodeJS.ProcessEnv;
  /** Also list pyenv's versions (default true). */
  pyenv?: boolean;
  /**
   * Also list the embedded Pyodide, last (default true unless `ASYNCIO_TS_PYODIDE=0`).
   * A Pyodide named explicitly (`pyodide` in `explicit` or `ASYNCIO_TS_PYTHON`) is listed
   * either way.
   */
  pyodide?: boolean;
}

/** The environment variable naming interpreters (separated like `PATH`). */
export const PYTHON_ENV_VAR = "ASYNCIO_TS_PYTHON";

/**
 * The environment variable that turns the embedded Pyodide off as a fallback and in
 * discovery when set to `0`, `false`, `no` or `off`.
 */
export const PYODIDE_ENV_VAR = "ASYNCIO_TS_PYODIDE";

/** The name that selects the embedded Pyodide where a path is expected (`--python pyodide`). */
export const PYODIDE_NAME = "pyodide";

const VERSION_PROBE = "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable or '')";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidates(options: DiscoverOptions): { path: string; source: InterpreterSource }[] {
  const env = options.env ?? process.env;
  const out: { path: string; source: InterpreterSource }[] = [];
  for (const path of options.explicit ?? []) out.push({ path, source: "option" });
  for (const path of (env[PYTHON_ENV_VAR] ?? "").split(delimiter).filter(Boolean)) out.push({ path, source: "env" });
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    if (dir.includes(`${join("pyenv", "shims")}`) || dir.includes(".pyenv/shims")) continue; // shims re-dispatch; pyenv is listed below
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (name === "python3" || /^python3\.\d+$/.test(name)) {
        const path = join(dir, name);
        if (isExecutable(path)) out.push({ path, source: "path" });
      }
    }
  }
  if (options.pyenv ?? true) {
    const root = env.PYENV_ROOT ?? join(homedir(), ".pyenv");
    let versions: string[] = [];
    try {
      versions = readdirSync(join(root, "versions"));
    } catch {
      versions = [];
    }
    for (const version of versions.sort()) {
      const path = join(root, "versions", version, "bin", "python");
      if (isExecutable(path)) out.push({ path, source: "pyenv" });
    }
  }
  return out;
}

/**
 * Runs one interpreter to read its version.
 *
 * @example
 * ```ts
 * await probeInterpreter("/usr/bin/python3"); // { path, version: "3.11.2", python: "3.11", source: "option" }
 * ```
 */
export async function probeInterpreter(
  path: string,
  source: InterpreterSource = "option",
): Promise<Interpreter | SkippedInterpreter> {
  if (isPyodideName(path)) return pyodideInterpreter(path);
  try {
    const { stdout } = await execa(path, ["-c", VERSION_PROBE], { timeout: 20_000, reject: true });
    const [version = "", executable = ""] = stdout.trim().split("\n").map((line) => line.trim());
    const minor = version.split(".").slice(0, 2).join(".");
    if (!(PYTHON_VERSIONS as readonly string[]).includes(minor)) {
      return { path, source, reason: `Python ${version} is not supported (need 3.7 to 3.14)` };
    }
    // Record what actually runs: a shim or wrapper would re-dispatch, and could resolve to
    // another Python on another machine.
    const real = executable !== "" && isExecutable(executable) ? executable : path;
    return { path: real, ...(real !== path ? { foundAs: path } : {}), version, python: minor as PythonVersion, source };
  } catch (error) {
    return { path, source, reason: `could not run it: ${whyNotRun(error)}` };
  }
}

/** Why running a candidate failed, in a few words (no command line quoted back). */
function whyNotRun(error: unknown): string {
  const e = error as { code?: string; timedOut?: boolean; exitCode?: number; signal?: string; stderr?: string; message?: string };
  if (e.code === "ENOENT") return "no such file";
  if (e.code === "EACCES") return "permission denied (not executable)";
  if (e.timedOut) return "it did not answer within 20 s";
  const first = String(e.stderr ?? "").trim().split("\n")[0] ?? "";
  if (e.signal) return `killed by ${e.signal}${first ? `: ${first}` : ""}`;
  if (typeof e.exitCode === "number") return `it exited with code ${e.exitCode}${first ? `: ${first}` : ""}`;
  return String(e.message ?? error).split("\n")[0] ?? "";
}

/** Whether `path` names the embedded Pyodide (`pyodide` or `pyodide@VERSION`) rather than a file. */
export function isPyodideName(path: string): boolean {
  return path === PYODIDE_NAME || path.startsWith(`${PYODIDE_NAME}@`);
}

function pyodideEnabled(env: NodeJS.ProcessEnv): boolean {
  return !/^(0|false|no|off)$/i.test((env[PYODIDE_ENV_VAR] ?? "").trim());
}

/**
 * The embedded CPython: the `pyodide` package in node_modules, as an {@link Interpreter}
 * with source `"pyodide"`, or why it cannot be used. Cheap: nothing is started; the
 * CPython version is read from the package's lock file (`info.python`), which the running
 * Pyodide reports too (its workers' ready line, `ReferencePool.python`). `name` may pin
 * the package version: `pyodide@314.0.7`.
 *
 * @example
 * ```ts
 * await pyodideInterpreter(); // { path: "pyodide@314.0.7", version: "3.14.2", python: "3.14", source: "pyodide" }
 * ```
 */
export async function pyodideInterpreter(name: string = PYODIDE_NAME): Promise<Interpreter | SkippedInterpreter> {
  const source: InterpreterSource = "pyodide";
  let packageVersion: string;
  let version: string;
  try {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve("pyodide/package.json"), "utf8")) as { version?: unknown };
    const lock = JSON.parse(readFileSync(require.resolve("pyodide/pyodide-lock.json"), "utf8")) as {
      info?: { python?: unknown };
    };
    if (typeof pkg.version !== "string" || typeof lock.info?.python !== "string") {
      throw new Error("its package.json or pyodide-lock.json names no version");
    }
    packageVersion = pkg.version;
    version = lock.info.python;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { path: name, source, reason: `the pyodide package is not usable (run npm install): ${message}` };
  }
  const wanted = name.startsWith(`${PYODIDE_NAME}@`) ? name.slice(PYODIDE_NAME.length + 1) : null;
  if (wanted !== null && wanted !== packageVersion) {
    return { path: name, source, reason: `pyodide ${packageVersion} is installed, not ${wanted}` };
  }
  const path = `${PYODIDE_NAME}@${packageVersion}`;
  const minor = version.split(".").slice(0, 2).join(".");
  if (!(PYTHON_VERSIONS as readonly string[]).includes(minor)) {
    return { path, source, reason: `Python ${version} is not supported (need 3.7 to 3.14)` };
  }
  return { path, version, python: minor as PythonVersion, source };
}

/**
 * Finds every usable interpreter, one per distinct executable, in the order: explicit
 * paths, the environment variable, `PATH`, pyenv, then the embedded Pyodide (unless
 * `pyodide: false` or `ASYNCIO_TS_PYODIDE=0`).
 *
 * @example
 * ```ts
 * const { found } = await discoverInterpreters({ explicit: ["/opt/py/bin/python3.12"] });
 * ```
 */
export async function discoverInterpreters(
  options: DiscoverOptions = {},
): Promise<{ found: Interpreter[]; skipped: SkippedInterpreter[] }> {
  const seen = new Set<string>();
  const all = candidates(options);
  if (options.pyodide ?? pyodideEnabled(options.env ?? process.env)) {
    all.push({ path: PYODIDE_NAME, source: "pyodide" });
  }
  const unique = all.filter(({ path }) => {
    if (isPyodideName(path)) {
      if (seen.has(PYODIDE_NAME)) return false;
      seen.add(PYODIDE_NAME);
      return true;
    }
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      // keep the path as given; probing it will report the problem
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
  const probed = await Promise.all(unique.map(({ path, source }) => probeInterpreter(path, source)));
  const found: Interpreter[] = [];
  const skipped: SkippedInterpreter[] = [];
  const executables = new Set<string>();
  for (const result of probed) {
    if (!("version" in result)) {
      skipped.push(result);
      continue;
    }
    // Two candidates that run the same executable (a shim and its target) are one interpreter.
    let real = result.path;
    try {
      real = realpathSync(result.path);
    } catch {
      // a Pyodide name, or a path that vanished: keep it as it is
    }
    if (executables.has(real)) continue;
    executables.add(real);
    found.push(result);
  }
  return { found, skipped };
}

/**
 * The interpreter to use when one is needed: the first explicit path or environment
 * variable entry if given (`pyodide` selects the embedded one), otherwise `python3` on
 * `PATH`, otherwise the embedded Pyodide (unless `pyodide: false` or
 * `ASYNCIO_TS_PYODIDE=0`). Returns the reason when there is none, with how to point at one.
 *
 * @example
 * ```ts
 * const py = await defaultInterpreter();
 * if ("reason" in py) throw new Error(py.reason);
 * ```
 */
export async function defaultInterpreter(
  options: Omit<DiscoverOptions, "pyenv"> = {},
): Promise<Interpreter | { reason: string }> {
  const env = options.env ?? process.env;
  const explicit = [...(options.explicit ?? []), ...(env[PYTHON_ENV_VAR] ?? "").split(delimiter).filter(Boolean)];
  if (explicit.length > 0) {
    const result = await probeInterpreter(explicit[0] as string, options.explicit?.length ? "option" : "env");
    if ("version" in result) return result;
    return { reason: `${result.path}: ${result.reason}` };
  }
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const path = join(dir, "python3");
    if (!isExecutable(path)) continue;
    const result = await probeInterpreter(path, "path");
    if ("version" in result) return result;
  }
  const reason = `no python3 (3.7 or newer) on PATH; point at one with --python PATH or ${PYTHON_ENV_VAR}=PATH`;
  if (!(options.pyodide ?? pyodideEnabled(env))) return { reason };
  const embedded = await pyodideInterpreter();
  if ("version" in embedded) return embedded;
  return { reason: `${reason} (the embedded Pyodide is not available either: ${embedded.reason})` };
}

/**
 * One interpreter per CPython release among `found` (as {@link discoverInterpreters} lists
 * them), keyed in release order. An explicit one (`--python`, `ASYNCIO_TS_PYTHON`) always
 * wins, the first of them if several; otherwise `prefer: "first"` keeps the first found
 * and `prefer: "newest"` the newest patch level (the first of equals).
 *
 * @example
 * ```ts
 * const { found } = await discoverInterpreters();
 * pickPerRelease(found, { prefer: "newest" }).get("3.12"); // e.g. CPython 3.12.8 rather than 3.12.3
 * ```
 */
export function pickPerRelease(
  found: readonly Interpreter[],
  options: { prefer: "first" | "newest" },
): Map<PythonVersion, Interpreter> {
  const explicit = (i: Interpreter) => i.source === "option" || i.source === "env";
  const patch = (i: Interpreter) => Number(i.version.split(".")[2] ?? 0);
  const picked = new Map<PythonVersion, Interpreter>();
  for (const interpreter of found) {
    const current = picked.get(interpreter.python);
    const better =
      current === undefined ||
      (!explicit(current) &&
        (explicit(interpreter) || (options.prefer === "newest" && patch(interpreter) > patch(current))));
    if (better) picked.set(interpreter.python, interpreter);
  }
  return new Map(PYTHON_VERSIONS.flatMap((v) => (picked.has(v) ? [[v, picked.get(v) as Interpreter] as const] : [])));
}

/**
 * One interpreter per CPython release (the first found for each), for version matrices.
 * Its users (the version scenario specs) run Python scripts with the executable, so the
 * embedded Pyodide, which has none, is left out unless `pyodide: true` is given.
 *
 * @example
 * ```ts
 * const byRelease = await interpretersByRelease(); // Map { "3.7" => {...}, ..., "3.13" => {...} }
 * ```
 */
export async function interpretersByRelease(options: DiscoverOptions = {}): Promise<Map<PythonVersion, Interpreter>> {
  const { found } = await discoverInterpreters({ ...options, pyodide: options.pyodide ?? false });
  return pickPerRelease(found, { prefer: "first" });
}
