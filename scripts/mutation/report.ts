/**
 * MUTATION.md from the results of the two mutation runs over src/asyncio/: the ported
 * CPython specs, and the kit replaying its corpus sample. Mutants are matched across the
 * runs by file, position, mutator and replacement. Annotations (annotations.json next to
 * this file) mark equivalent mutants and explain rare catches and survivors. A key names
 * one mutant (file, mutator, original text and replacement, so it survives line moves),
 * or a scope: a function or class (`src/asyncio/tasks.ts Task._repr_info`) or a whole
 * file (`src/asyncio/real_loop.ts`). A scope only explains (`note`); only a single mutant
 * can be declared equivalent. The most specific annotation wins.
 *
 * @example
 * ```ts
 * const md = mutationMarkdown({ specs, kit, annotations, sources, meta });
 * ```
 * @module
 */

/** The part of a Stryker mutant result the report uses. */
export interface MutantOutcome {
  fileName: string;
  mutatorName: string;
  replacement: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  status: string;
  killedBy?: string[] | undefined;
  /** How many tests killed it, when `killedBy` keeps only the first (the committed results do). */
  killers?: number | undefined;
  /** How many tests reach the mutated code (Stryker's per-test coverage); absent for static mutants. */
  reached?: number | undefined;
}

/** Why a mutant needs no kill, or why it is caught rarely or not at all. */
export interface Annotation {
  /** `equivalent`: no program can tell it apart; `note`: explains a rare catch or a survivor. */
  kind: "equivalent" | "note";
  reason: string;
}

/** What the report is made from. */
export interface MutationInputs {
  specs: MutantOutcome[] | null;
  kit: MutantOutcome[] | null;
  annotations: Record<string, Annotation>;
  /** Source text by file name (relative to the repository), to quote the mutated code. */
  sources: Record<string, string>;
  meta: {
    command: string;
    date: string;
    machine: string;
    sample: number;
    /** How the kit's sample was chosen, as a phrase (`an equal share from each generator`). */
    sampleMethod?: string;
    maxKillers: number;
    stryker: string;
  };
  /** Per side, modules with no results yet and modules whose results predate their source. */
  gaps?: { side: string; missing: string[]; stale: string[] }[];
}

import ts from "typescript";

const DETECTED = new Set(["Killed", "Timeout"]);
const NOT_COUNTED = new Set(["CompileError", "Ignored", "Pending"]);

/** The original text a mutant replaces. */
export function originalText(source: string | undefined, m: MutantOutcome): string {
  if (source === undefined) return "?";
  const lines = source.split("\n");
  const { start, end } = m.location;
  if (start.line === end.line) return (lines[start.line - 1] ?? "").slice(start.column - 1, end.column - 1);
  const first = (lines[start.line - 1] ?? "").slice(start.column - 1);
  return `${first}…`;
}

/** The key annotations use: file, mutator, original text and replacement (whitespace folded). */
export function mutantKey(m: MutantOutcome, source: string | undefined): string {
  const fold = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 120);
  return `${m.fileName} ${m.mutatorName} ${fold(originalText(source, m))} => ${fold(m.replacement)}`;
}

/**
 * The named functions, methods and classes around a position (1-based line and column),
 * innermost first, each as its dotted path: `["Task._step", "Task"]`. None for a
 * position the file no longer has (results measured on an older source).
 */
export function enclosingScopes(file: ts.SourceFile, line: number, column: number): string[] {
  const starts = file.getLineStarts();
  if (line < 1 || line > starts.length || column < 1) return [];
  const pos = (starts[line - 1] as number) + column - 1;
  if (pos > (line < starts.length ? (starts[line] as number) : file.end)) return [];
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (pos < node.getStart(file) || pos >= node.getEnd()) return;
    const name = scopeName(node);
    if (name !== null) names.push(name);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return names.map((_, i) => names.slice(0, names.length - i).join("."));
}

function scopeName(node: ts.Node): string | null {
  const named = (n: { name?: ts.Node | undefined }) => (n.name !== undefined && (ts.isIdentifier(n.name) || ts.isPrivateIdentifier(n.name)) ? n.name.text : null);
  if (ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) return named(node);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer !== undefined) {
    const init = node.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init) || ts.isCallExpression(init)) return named(node);
  }
  return null;
}

/** Finds the annotation of a mutant: its own key first, then its scopes innermost first, then its file. */
export function annotationFinder(annotations: Record<string, Annotation>, sources: Record<string, string>): (m: MutantOutcome) => Annotation | undefined {
  for (const [key, a] of Object.entries(annotations)) {
    if (!key.includes(" => ") && a.kind !== "note") throw new Error(`annotations.json: "${key}" names a scope, which can only explain (kind "note"), not be "${a.kind}"`);
  }
  const parsed = new Map<string, ts.SourceFile>();
  const fileOf = (name: string) => {
    let f = parsed.get(name);
    if (f === undefined) {
      f = ts.createSourceFile(name, sources[name] ?? "", ts.ScriptTarget.Latest, true);
      parsed.set(name, f);
    }
    return f;
  };
  return (m) => {
    const own = annotations[mutantKey(m, sources[m.fileName])];
    if (own !== undefined) return own;
    if (sources[m.fileName] !== undefined) {
      for (const scope of enclosingScopes(fileOf(m.fileName), m.location.start.line, m.location.start.column)) {
        const a = annotations[`${m.fileName} ${scope}`];
        if (a !== undefined) return a;
      }
    }
    return annotations[m.fileName];
  };
}

const position = (m: MutantOutcome) => `${m.fileName}:${m.location.start.line}:${m.location.start.column}`;
const matchKey = (m: MutantOutcome) => `${position(m)} ${m.mutatorName} ${m.replacement}`;

interface Row {
  key: string;
  where: string;
  mutator: string;
  original: string;
  replacement: string;
  specs: string | null;
  kit: string | null;
  kitKillers: number;
  /** Programs of the sample that reach the mutated code, when known. */
  kitReached: number | undefined;
  annotation: Annotation | undefined;
}

function rows(inputs: MutationInputs): Row[] {
  const specs = new Map((inputs.specs ?? []).map((m) => [matchKey(m), m]));
  const kit = new Map((inputs.kit ?? []).map((m) => [matchKey(m), m]));
  const all = new Map([...specs, ...kit]);
  const annotationOf = annotationFinder(inputs.annotations, inputs.sources);
  const result = [...all.entries()]
    .map(([k, m]): Row => {
      const source = inputs.sources[m.fileName];
      const key = mutantKey(m, source);
      return {
        key,
        where: position(m),
        mutator: m.mutatorName,
        original: originalText(source, m),
        replacement: m.replacement,
        specs: specs.get(k)?.status ?? null,
        kit: kit.get(k)?.status ?? null,
        kitKillers: killerCount(kit.get(k)),
        kitReached: kit.get(k)?.reached,
        annotation: annotationOf(m),
      };
    })
    .filter((r) => !NOT_COUNTED.has(r.specs ?? "") && !NOT_COUNTED.has(r.kit ?? ""))
    .sort((a, b) => a.where.localeCompare(b.where, "en", { numeric: true }));
  refuseAmbiguousEquivalents(result, inputs.annotations);
  return result;
}

/**
 * An `equivalent` key must name one mutant: the same text mutated the same way at two
 * places of a file gives one key, and an argument about one place says nothing of the other.
 */
function refuseAmbiguousEquivalents(all: Row[], annotations: Record<string, Annotation>): void {
  const places = new Map<string, string[]>();
  for (const r of all) if (annotations[r.key]?.kind === "equivalent") places.set(r.key, [...(places.get(r.key) ?? []), r.where]);
  for (const [key, where] of places) {
    if (where.length > 1) throw new Error(`annotations.json: "${key}" is marked equivalent but names ${where.length} mutants (${where.join(", ")}); explain it with a note, or change the code so the places differ`);
  }
}

const killerCount = (m: MutantOutcome | undefined) => m?.killers ?? m?.killedBy?.length ?? 0;
const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`);
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, "\\|").slice(0, 60)}\``;

/** The per-module counts and both kill rates. */
export function moduleTable(all: Row[]): { lines: string[]; totals: { mutants: number; equivalent: number; specs: number; kit: number; either: number } } {
  const byModule = new Map<string, Row[]>();
  for (const r of all) {
    const module = r.where.split(":")[0] as string;
    byModule.set(module, [...(byModule.get(module) ?? []), r]);
  }
  const lines = [
    "| module | mutants | equivalent | killed by specs | killed by kit | killed by either | survivors | specs rate | kit rate |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const totals = { mutants: 0, equivalent: 0, specs: 0, kit: 0, either: 0 };
  // Each side's overall rate is over the modules that side has measured.
  const liveMeasured = { specs: 0, kit: 0 };
  const add = (name: string, rs: Row[]) => {
    const eq = rs.filter((r) => r.annotation?.kind === "equivalent").length;
    const live = rs.filter((r) => r.annotation?.kind !== "equivalent");
    const s = live.filter((r) => DETECTED.has(r.specs ?? "")).length;
    const k = live.filter((r) => DETECTED.has(r.kit ?? "")).length;
    const e = live.filter((r) => DETECTED.has(r.specs ?? "") || DETECTED.has(r.kit ?? "")).length;
    // A side that has not measured this module yet shows "-", not 0%.
    const measured = (side: "specs" | "kit") => rs.some((r) => r[side] !== null);
    const cell = (n: number, side: "specs" | "kit") => (measured(side) ? `${n}` : "-");
    const rate = (n: number, side: "specs" | "kit") => (measured(side) ? pct(n, live.length) : "-");
    lines.push(`| ${name} | ${rs.length} | ${eq} | ${cell(s, "specs")} | ${cell(k, "kit")} | ${e} | ${live.length - e} | ${rate(s, "specs")} | ${rate(k, "kit")} |`);
    if (measured("specs")) liveMeasured.specs += live.length;
    if (measured("kit")) liveMeasured.kit += live.length;
    return { mutants: rs.length, equivalent: eq, specs: s, kit: k, either: e };
  };
  for (const [module, rs] of [...byModule.entries()].sort()) {
    const t = add(module.replace(/^src\/asyncio\//, ""), rs);
    totals.mutants += t.mutants;
    totals.equivalent += t.equivalent;
    totals.specs += t.specs;
    totals.kit += t.kit;
    totals.either += t.either;
  }
  const live = totals.mutants - totals.equivalent;
  lines.push(`| **all** | ${totals.mutants} | ${totals.equivalent} | ${totals.specs} | ${totals.kit} | ${totals.either} | ${live - totals.either} | ${pct(totals.specs, liveMeasured.specs)} | ${pct(totals.kit, liveMeasured.kit)} |`);
  const ported = portedTotals(all);
  lines.push(`| **ported from CPython** (all but ${Object.keys(TYPESCRIPT_ONLY).map((m) => m.replace(/^src\/asyncio\//, "")).join(", ")}) | ${ported.mutants} | ${ported.equivalent} | - | ${ported.kit} | ${ported.either} | ${ported.live - ported.either} | - | ${pct(ported.kit, ported.live)} |`);
  return { lines, totals };
}

/**
 * The modules of src/asyncio with no CPython counterpart, so no CPython trace can judge
 * them: the kit's oracle is CPython, and these are measured by the specs. Each with why.
 */
export const TYPESCRIPT_ONLY: Readonly<Record<string, string>> = {
  "src/asyncio/virtual_loop.ts": "the virtual clock's Deadlock and Livelock errors and their descriptions of the pending tasks (under CPython such a program hangs or spins)",
  "src/asyncio/real_loop.ts": "the wall-clock loop for Promise interop (the kit's programs run on the virtual clock, as CPython's do under the reference harness)",
  "src/asyncio/features.ts": "`has()` and the feature table behind FeatureUnavailableError, the TypeScript stand-in for an attribute a release lacks",
  "src/asyncio/version.ts": "parsing and checking the `python` target option",
};

/** The kit's counts over the modules ported from CPython (every module but {@link TYPESCRIPT_ONLY}). */
export function portedTotals(all: Row[]): { mutants: number; equivalent: number; live: number; kit: number; either: number } {
  const rs = all.filter((r) => !((r.where.split(":")[0] as string) in TYPESCRIPT_ONLY));
  const live = rs.filter((r) => r.annotation?.kind !== "equivalent");
  return {
    mutants: rs.length,
    equivalent: rs.length - live.length,
    live: live.length,
    kit: live.filter((r) => DETECTED.has(r.kit ?? "")).length,
    either: live.filter((r) => DETECTED.has(r.specs ?? "") || DETECTED.has(r.kit ?? "")).length,
  };
}

function gapLines(gaps: NonNullable<MutationInputs["gaps"]>): string[] {
  const out: string[] = [];
  const short = (fs: string[]) => fs.map((f) => f.replace(/^src\/asyncio\//, "")).join(", ");
  for (const g of gaps) {
    if (g.missing.length > 0) out.push(`- **${g.side}**: not measured yet: ${short(g.missing)}.`);
    if (g.stale.length > 0) out.push(`- **${g.side}**: measured on an older source (left out of the table) or with other tests (\`npm run mutation -- --resume\` measures them again): ${short(g.stale)}.`);
  }
  return out.length > 0 ? ["Not complete:", "", ...out, ""] : [];
}

/** Why a kit kill rests on few programs: an annotation, else the reach when that explains it. */
function rareReason(r: Row): string {
  if (r.annotation !== undefined) return r.annotation.reason;
  if (r.kitReached !== undefined && r.kitReached < 10) return `only ${r.kitReached} of the sample's programs reach this code`;
  return "(not explained yet)";
}

/** MUTATION.md. */
export function mutationMarkdown(inputs: MutationInputs): string {
  const all = rows(inputs);
  const { lines: table } = moduleTable(all);
  const { meta } = inputs;
  const out = [
    "# Mutation score of asyncio-ts",
    "",
    `Generated by \`${meta.command}\` from the results in reports/mutation-results/, measured ${meta.date} (${meta.machine}; Stryker ${meta.stryker}).`,
    "Do not edit by hand: annotations go in scripts/mutation/annotations.json.",
    "",
    `Two test commands ran against every mutant of \`src/asyncio/\`: **specs**, the ported CPython test cases`,
    `(spec/asyncio/test_*.spec.ts) with the specs of the TypeScript-only parts (vitest.mutation.config.ts), and **kit**, ${meta.sample} programs of the recorded corpus (${meta.sampleMethod ?? "an equal share from each generator"})`,
    `replayed on our loop for every release each was recorded on (all eight releases). A mutant is killed`,
    `when a test fails or times out.`,
    `Compile errors (the TypeScript checker refuses the mutant) are not counted. Rates are of non-equivalent mutants.`,
    "",
    ...table,
    "",
    "The kit's oracle is CPython, so its rate that matters is the one over the modules ported from CPython. Four modules have no CPython counterpart and are the specs' to test:",
    "",
    ...Object.entries(TYPESCRIPT_ONLY).map(([m, why]) => `- ${m.replace(/^src\/asyncio\//, "")}: ${why}.`),
    "",
    ...gapLines(inputs.gaps ?? []),
  ];
  const kitKilled = all.filter((r) => DETECTED.has(r.kit ?? "") && r.kit === "Killed");
  const rare = kitKilled.filter((r) => r.kitKillers < 10);
  out.push(
    "## How many programs catch each mutant the kit kills",
    "",
    `The kit stops counting at ${meta.maxKillers} programs of ${meta.sample}.`,
    "",
    "| programs catching it | mutants |",
    "|---|---:|",
    `| ${meta.maxKillers} or more | ${kitKilled.filter((r) => r.kitKillers >= meta.maxKillers).length} |`,
    `| 10 to ${meta.maxKillers - 1} | ${kitKilled.filter((r) => r.kitKillers >= 10 && r.kitKillers < meta.maxKillers).length} |`,
    `| 1 to 9 | ${rare.length} |`,
    `| (timeouts) | ${all.filter((r) => r.kit === "Timeout").length} |`,
    "",
  );
  if (rare.length > 0) {
    out.push(
      "Caught by fewer than 10 programs, and why. *Reaching it* counts the programs of the sample that run the mutated code at all:",
      "when fewer than 10 do, the catch is rare because the generator rarely produces that path, and the row says so.",
      "",
      "| where | mutator | original | replacement | catching it | reaching it | why |",
      "|---|---|---|---|---:|---:|---|",
    );
    for (const r of rare) out.push(`| ${r.where} | ${r.mutator} | ${code(r.original)} | ${code(r.replacement)} | ${r.kitKillers} | ${r.kitReached ?? "all"} | ${rareReason(r)} |`);
    out.push("");
  }
  const survivors = all.filter((r) => !DETECTED.has(r.specs ?? "") && !DETECTED.has(r.kit ?? ""));
  out.push(`## Mutants no test kills (${survivors.length})`, "", "| where | mutator | original | replacement | specs | kit | explanation |", "|---|---|---|---|---|---|---|");
  for (const r of survivors) {
    const why = r.annotation ? `${r.annotation.kind === "equivalent" ? "**equivalent**: " : ""}${r.annotation.reason}` : "(not explained yet)";
    out.push(`| ${r.where} | ${r.mutator} | ${code(r.original)} | ${code(r.replacement)} | ${r.specs ?? "-"} | ${r.kit ?? "-"} | ${why} |`);
  }
  const kitOnlySurvivors = all.filter((r) => DETECTED.has(r.specs ?? "") && !DETECTED.has(r.kit ?? "") && r.annotation?.kind !== "equivalent");
  out.push("", `## Killed by the specs but not by the kit (${kitOnlySurvivors.length})`, "", "| where | mutator | original | replacement | kit | explanation |", "|---|---|---|---|---|---|");
  for (const r of kitOnlySurvivors) out.push(`| ${r.where} | ${r.mutator} | ${code(r.original)} | ${code(r.replacement)} | ${r.kit ?? "-"} | ${r.annotation?.reason ?? "(not explained yet)"} |`);
  out.push("");
  return out.join("\n");
}

/** The mutants that still need an annotation: survivors and rare kit catches without one. */
export function unexplained(inputs: MutationInputs): string[] {
  return rows(inputs)
    .filter((r) => r.annotation === undefined && ((!DETECTED.has(r.specs ?? "") && !DETECTED.has(r.kit ?? "")) || (r.kit === "Killed" && r.kitKillers < 10 && !(r.kitReached !== undefined && r.kitReached < 10))))
    .map((r) => r.key);
}
