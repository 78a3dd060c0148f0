/**
 * The out-of-scope lines of CPython's asyncio package: what the coverage ratio leaves out,
 * each with its reason, from ONE committed file (`coverage.out-of-scope.json` at the
 * repository's root). Four kinds of rule, each with a `reason` and optional `releases`
 * (`"3.11"`, `"3.8+"`, `"3.7-3.10"`):
 *
 * - `modules`: a whole module (`selector_events`: sockets);
 * - `functions`: functions of a module by qualified name (`BaseEventLoop.run_in_executor`),
 *   `*` matching any text (`BaseEventLoop.sock_*`); a function's nested functions
 *   (`F.<locals>.g`) go with it;
 * - `branches`: inside one function, the body of every line that reads exactly `branch`
 *   (`if self._debug:`), up to the next line indented no deeper than it: release-proof,
 *   since it is found in each release's own source;
 * - `statements`: inside one function, every line that reads exactly `statement` (`return
 *   NotImplemented`) with the lines indented deeper after it (its continuation, or its body);
 * - `lines`: a line range of one release (`"release": "3.11", "lines": [1890, 1897]`),
 *   with the text its first line must start with (`first`), checked against that source.
 *
 * Branch and line rules need the module's source: they are resolved against the
 * interpreter's own asyncio files (every CPython build has them on disk). Where the source
 * cannot be read (Pyodide) they are not applied, and the report says so.
 *
 * @example
 * ```ts
 * const scope = loadScope(); // the committed file
 * const resolved = resolveScope(scope, { release: "3.11", readSource: (m) => readFileSync(`${dir}/${m}.py`, "utf8") });
 * resolved.functionReason("base_events", "BaseEventLoop.run_in_executor"); // "executors: ..."
 * ```
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { PYTHON_VERSIONS, pythonMinor, type PythonVersion } from "../../asyncio/version.ts";

/**
 * The committed out-of-scope file.
 *
 * @example
 * ```ts
 * const scope = loadScope(SCOPE_FILE);
 * ```
 */
export const SCOPE_FILE: string = fileURLToPath(new URL("../../../coverage.out-of-scope.json", import.meta.url));

const Module = z.string().regex(/^[a-z_][a-z0-9_]*$/, "a module name of the asyncio package, e.g. base_events");
const Reason = z.string().min(10, "a reason of at least a few words");
const Releases = z
  .string()
  .regex(/^3\.\d+(\+|-3\.\d+)?$/, 'a release ("3.11"), a release and later ("3.8+"), or a range ("3.7-3.10")')
  .optional();

const ScopeFileSchema = z.strictObject({
  about: z.string().optional(),
  modules: z.array(z.strictObject({ module: Module, reason: Reason, releases: Releases })).default([]),
  functions: z
    .array(z.strictObject({ module: Module, functions: z.array(z.string().min(1)).min(1), reason: Reason, releases: Releases }))
    .default([]),
  branches: z
    .array(
      z.strictObject({ module: Module, function: z.string().min(1), branch: z.string().min(1), reason: Reason, releases: Releases }),
    )
    .default([]),
  statements: z
    .array(
      z.strictObject({ module: Module, function: z.string().min(1), statement: z.string().min(1), reason: Reason, releases: Releases }),
    )
    .default([]),
  lines: z
    .array(
      z.strictObject({
        module: Module,
        release: z.enum(PYTHON_VERSIONS),
        lines: z.tuple([z.number().int().positive(), z.number().int().positive()]),
        first: z.string().min(1),
        reason: Reason,
      }),
    )
    .default([]),
});

/**
 * The out-of-scope file, parsed.
 *
 * @example
 * ```ts
 * const scope: ScopeFile = parseScope({ modules: [{ module: "streams", reason: "sockets and streams" }] }, "inline");
 * ```
 */
export type ScopeFile = z.infer<typeof ScopeFileSchema>;

/**
 * Parses and checks an out-of-scope file's data; the error names the file and the place.
 *
 * @example
 * ```ts
 * parseScope({ modules: [{ module: "Bad Name", reason: "x" }] }, "scope.json"); // throws: scope.json: modules.0.module: ...
 * ```
 */
export function parseScope(data: unknown, where: string): ScopeFile {
  const parsed = ScopeFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue?.path.join(".") || "(top level)"}: ${issue?.message ?? "invalid"}`);
  }
  for (const [i, rule] of parsed.data.lines.entries()) {
    if (rule.lines[1] < rule.lines[0]) throw new Error(`${where}: lines.${i}.lines: the range ends before it starts`);
  }
  for (const kind of ["modules", "functions", "branches", "statements"] as const) {
    for (const [i, rule] of parsed.data[kind].entries()) {
      if (rule.releases !== undefined) releaseFilter(rule.releases, `${where}: ${kind}.${i}.releases`);
    }
  }
  return parsed.data;
}

/**
 * Reads the out-of-scope file (default: the committed one).
 *
 * @example
 * ```ts
 * const scope = loadScope();
 * scope.modules.length; // whole modules left out
 * ```
 */
export function loadScope(path: string = SCOPE_FILE): ScopeFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read the out-of-scope file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScope(data, path);
}

function releaseFilter(text: string, where: string): (release: PythonVersion) => boolean {
  const m = /^3\.(\d+)(\+|-3\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`${where}: bad releases ${JSON.stringify(text)}`);
  const low = Number(m[1]);
  const high = m[2] === "+" ? Infinity : m[3] !== undefined ? Number(m[3]) : low;
  if (high < low) throw new Error(`${where}: releases ${text} ends before it starts`);
  return (release) => pythonMinor(release) >= low && pythonMinor(release) <= high;
}

const applies = (rule: { releases?: string | undefined }, release: PythonVersion) =>
  rule.releases === undefined || releaseFilter(rule.releases, "scope")(release);

/** A function-name pattern: `*` matches any text; nested functions of a match match too. */
function functionMatcher(pattern: string): (qualname: string) => boolean {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const re = new RegExp(`^${body}(\\.<locals>\\..*)?$`);
  return (qualname) => re.test(qualname);
}

/**
 * The last line of a `def`/`class` header that starts at line `i` (0-based): a signature
 * may run over several lines, its closing `)` back at the def's own indentation.
 */
function headerEnd(lines: string[], i: number): number {
  let depth = 0;
  for (let j = i; j < lines.length; j++) {
    const code = (lines[j] as string).replace(/#.*$/, "").replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""');
    for (const c of code) {
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth--;
    }
    if (depth <= 0 && code.trimEnd().endsWith(":")) return j;
  }
  return i;
}

/**
 * The lines `[first, last]` (1-based) of the function a qualified name designates in a
 * module's source: found by its `class`/`def` lines, nested as the name says
 * (`A.b.<locals>.c`), its end where the indentation returns to its own. Null when not
 * found (a lambda or comprehension, or a name that release lacks).
 *
 * @example
 * ```ts
 * functionSpan("class A:\n    def f(self):\n        return 1\n", "A.f"); // [2, 3]
 * ```
 */
export function functionSpan(source: string, qualname: string): [number, number] | null {
  const lines = source.split("\n");
  const parts = qualname.split(".").filter((p) => p !== "<locals>");
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const isCode = (line: string) => line.trim() !== "" && !line.trimStart().startsWith("#");
  let from = 0;
  let to = lines.length - 1;
  let indent = -1;
  let span: [number, number] | null = null;
  for (const part of parts) {
    // A direct child is indented one level (four spaces, as the standard library is) deeper.
    const childIndent = indent < 0 ? 0 : indent + 4;
    const header = new RegExp(`^\\s*(?:async\\s+def|def|class)\\s+${part.replace(/[$]/g, "\\$")}\\b`);
    // Every def of that name at that level: a property's getter and setter share a name.
    let found = -1;
    let end = -1;
    for (let i = from; i <= to; i++) {
      const line = lines[i] as string;
      if (indentOf(line) !== childIndent || !header.test(line)) continue;
      if (found < 0) found = i;
      const headerLast = headerEnd(lines, i);
      end = headerLast;
      for (let j = headerLast + 1; j <= to; j++) {
        const next = lines[j] as string;
        if (!isCode(next)) continue;
        if (indentOf(next) <= childIndent) break;
        end = j;
      }
    }
    if (found < 0) return null;
    indent = childIndent;
    from = found + 1;
    to = end;
    span = [found + 1, end + 1];
  }
  return span;
}

/**
 * The lines of the body of each line reading exactly `branch` (trimmed) within
 * `[first, last]`: the lines after it, up to the next code line indented no deeper (with
 * `withLine`, that line too: a statement rule).
 *
 * @example
 * ```ts
 * branchBody("def f():\n    if d:\n        x()\n    y()\n", "if d:", [1, 4]); // [3]
 * ```
 */
export function branchBody(source: string, branch: string, span: [number, number], options: { withLine?: boolean } = {}): number[] {
  const lines = source.split("\n");
  const out: number[] = [];
  for (let i = span[0] - 1; i <= span[1] - 1; i++) {
    const line = lines[i] as string;
    if (line.trim() !== branch.trim()) continue;
    if (options.withLine) out.push(i + 1);
    const indent = line.length - line.trimStart().length;
    for (let j = i + 1; j <= span[1] - 1; j++) {
      const next = lines[j] as string;
      if (next.trim() === "" || next.trimStart().startsWith("#")) continue;
      if (next.length - next.trimStart().length <= indent) break;
      out.push(j + 1);
    }
  }
  return out;
}

/**
 * The out-of-scope rules of one release, resolved to what the measurement asks.
 *
 * @example
 * ```ts
 * resolved.lineReason("base_events", 1895); // "debug mode: ..." or null
 * ```
 */
export interface ResolvedScope {
  /** The reason a whole module is out of scope, or null. */
  moduleReason(module: string): string | null;
  /** The reason a function (and its nested functions) is out of scope, or null. */
  functionReason(module: string, qualname: string): string | null;
  /** The reason one line is out of scope (a branch or line rule), or null. */
  lineReason(module: string, line: number): string | null;
  /** Rules that could not be applied here, each with why (a branch not found, a source not readable). */
  notApplied: string[];
  /** How many rules apply to this release. */
  rules: number;
}

/**
 * Resolves the rules for one release. `readSource(module)` gives a module's source text, or
 * null when it cannot be read (then its branch and line rules are listed in `notApplied`).
 *
 * @example
 * ```ts
 * const resolved = resolveScope(loadScope(), { release: "3.12", readSource: () => null });
 * ```
 */
export function resolveScope(
  scope: ScopeFile,
  options: { release: PythonVersion; readSource: (module: string) => string | null },
): ResolvedScope {
  const release = options.release;
  const modules = new Map<string, string>();
  for (const rule of scope.modules) if (applies(rule, release)) modules.set(rule.module, rule.reason);
  const functions: { module: string; match: (q: string) => boolean; reason: string }[] = [];
  for (const rule of scope.functions) {
    if (!applies(rule, release)) continue;
    for (const pattern of rule.functions) functions.push({ module: rule.module, match: functionMatcher(pattern), reason: rule.reason });
  }
  const lineReasons = new Map<string, Map<number, string>>();
  const notApplied: string[] = [];
  const sources = new Map<string, string | null>();
  const source = (module: string) => {
    if (!sources.has(module)) sources.set(module, options.readSource(module));
    return sources.get(module) ?? null;
  };
  const exclude = (module: string, lines: number[], reason: string) => {
    let map = lineReasons.get(module);
    if (map === undefined) lineReasons.set(module, (map = new Map()));
    for (const line of lines) if (!map.has(line)) map.set(line, reason);
  };
  let rules = modules.size + functions.length;
  const textRules = [
    ...scope.branches.map((r) => ({ ...r, text: r.branch, withLine: false })),
    ...scope.statements.map((r) => ({ ...r, text: r.statement, withLine: true })),
  ];
  for (const rule of textRules) {
    if (!applies(rule, release)) continue;
    rules++;
    const text = source(rule.module);
    const where = `${rule.module} ${rule.function}: ${JSON.stringify(rule.text)}`;
    if (text === null) {
      notApplied.push(`${where}: the source of ${rule.module}.py could not be read`);
      continue;
    }
    const span = functionSpan(text, rule.function);
    const lines = span === null ? [] : branchBody(text, rule.text, span, { withLine: rule.withLine });
    if (span === null) notApplied.push(`${where}: no function ${rule.function} in ${rule.module}.py of ${release}`);
    else if (lines.length === 0) notApplied.push(`${where}: not found in ${rule.function} of ${release}`);
    exclude(rule.module, lines, rule.reason);
  }
  for (const rule of scope.lines) {
    if (rule.release !== release) continue;
    rules++;
    const text = source(rule.module);
    const where = `${rule.module} lines ${rule.lines[0]}-${rule.lines[1]} of ${release}`;
    if (text === null) {
      notApplied.push(`${where}: the source of ${rule.module}.py could not be read`);
      continue;
    }
    const firstLine = (text.split("\n")[rule.lines[0] - 1] ?? "").trim();
    if (!firstLine.startsWith(rule.first.trim())) {
      throw new Error(
        `out-of-scope rule ${where}: line ${rule.lines[0]} reads ${JSON.stringify(firstLine)}, not ${JSON.stringify(rule.first)} (the source moved: fix the range)`,
      );
    }
    const lines: number[] = [];
    for (let n = rule.lines[0]; n <= rule.lines[1]; n++) lines.push(n);
    exclude(rule.module, lines, rule.reason);
  }
  return {
    moduleReason: (module) => modules.get(module) ?? null,
    functionReason: (module, qualname) => functions.find((f) => f.module === module && f.match(qualname))?.reason ?? null,
    lineReason: (module, line) => lineReasons.get(module)?.get(line) ?? null,
    notApplied,
    rules,
  };
}
