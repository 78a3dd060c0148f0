/**
 * The expectations file (`conformance.expectations.json`, committed): divergences that are
 * known, in two tiers. "bugs" are ours to fix; "known" are divergences we accept (a cause
 * we cannot or will not model). Each entry names the divergence key (see diff.ts), its
 * cause, the releases it concerns, the issue it belongs to, and optionally a minimal
 * program that shows it. A campaign fails on any divergence not expected, and on an
 * expected one whose program now agrees (fix it, then remove the entry).
 *
 * The file is self-contained: an entry's program is written inline (the program IR), or
 * names a committed file (e.g. `spec/regressions/NAME.json`, relative to the expectations
 * file), never a generated report under `reports/`, which is not committed and goes away.
 * Everything is checked when the file is loaded, before a campaign starts.
 *
 * @example
 * ```ts
 * const expectations = loadExpectations("conformance.expectations.json");
 * const verdict = judge(summary, expectations);
 * verdict.unexpected; // keys to look at
 * ```
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { z } from "zod";
import { PYTHON_VERSIONS, type PythonVersion } from "../asyncio/version.ts";
import { parseProgram, type Program } from "./ir/index.ts";
import { readProgramFile } from "./replay.ts";
import { writeFileAtomic, type CampaignSummary } from "./report.ts";

export const Expectation = z.strictObject({
  /** The divergence key (`section|CPython shape|our shape`). */
  key: z.string().min(1),
  cause: z.string().min(1),
  /** Releases it concerns (empty: all). */
  versions: z.array(z.enum(PYTHON_VERSIONS)),
  /** The issue it belongs to, if any. */
  issue: z.number().int().positive().nullable(),
  /**
   * A program that shows it, replayed to notice when it is fixed: the program IR inline,
   * or a committed program file relative to the expectations file.
   */
  program: z.union([z.null(), z.string().min(1), z.record(z.string(), z.unknown())]),
});
export type Expectation = z.infer<typeof Expectation>;

export const Expectations = z.strictObject({
  bugs: z.array(Expectation),
  known: z.array(Expectation),
});
export type Expectations = z.infer<typeof Expectations>;

/**
 * Expectations as loaded: the file's entries, and each entry's program, checked.
 *
 * @example
 * ```ts
 * const loaded: LoadedExpectations = loadExpectations(EXPECTATIONS_FILE);
 * ```
 */
export interface LoadedExpectations extends Expectations {
  /** Every entry's program, validated (inline, or read from its committed file). */
  programs: Map<Expectation, Program>;
}

/** The default file, at the repository root. */
export const EXPECTATIONS_FILE = "conformance.expectations.json";

/**
 * Why a program file may not be named by an expectation (inside a generated `reports/`
 * directory, or ignored by git), or null when it may.
 */
function uncommitted(file: string, base: string): string | null {
  const rel = relative(base, file);
  if (rel.split(sep).includes("reports")) return "it is inside reports/, which holds generated reports that are not committed";
  try {
    execFileSync("git", ["check-ignore", "-q", file], { cwd: dirname(file), stdio: "ignore" });
    return "git ignores it, so it is not committed";
  } catch {
    return null; // not ignored (exit 1), or no git here (then nothing more can be said)
  }
}

/**
 * Reads and checks an expectations file; a missing file means nothing is expected. Every
 * entry's program is validated: an inline program against the IR schema, a named file
 * for being committed (not under `reports/`, not git-ignored), existing and valid. Errors
 * name the file and the entry.
 *
 * @example
 * ```ts
 * const loaded = loadExpectations("conformance.expectations.json");
 * loaded.programs.size; // entries that carry a program
 * ```
 */
export function loadExpectations(path: string): LoadedExpectations {
  if (!existsSync(path)) return { bugs: [], known: [], programs: new Map() };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not a valid expectations file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = Expectations.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path} is not a valid expectations file: at ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const base = dirname(resolve(path));
  const programs = new Map<Expectation, Program>();
  for (const tier of ["bugs", "known"] as const) {
    parsed.data[tier].forEach((entry, i) => {
      const where = `${path}: ${tier}.${i}.program`;
      if (entry.program === null) return;
      if (typeof entry.program !== "string") {
        programs.set(entry, parseProgram(entry.program, where));
        return;
      }
      const file = isAbsolute(entry.program) ? entry.program : join(base, entry.program);
      const why = uncommitted(file, base);
      if (why !== null) {
        throw new Error(`${where} names ${entry.program}, but ${why}: write the program inline, or keep it under spec/regressions/ (npm run report -- promote)`);
      }
      if (!existsSync(file)) throw new Error(`${where} names ${entry.program}, which does not exist`);
      programs.set(entry, readProgramFile(file));
    });
  }
  return { ...parsed.data, programs };
}

/** Writes an expectations file atomically (the file's entries only). */
export function saveExpectations(path: string, expectations: Expectations): void {
  const { bugs, known } = expectations;
  writeFileAtomic(path, JSON.stringify(Expectations.parse({ bugs, known }), null, 2) + "\n");
}

const applies = (e: Expectation, python: PythonVersion) => e.versions.length === 0 || e.versions.includes(python);

/** What a campaign's divergences mean against the expectations. */
export interface Verdict {
  /** Keys not expected: the campaign fails. */
  unexpected: string[];
  /** Keys expected, with their tier. */
  expected: { key: string; tier: "bugs" | "known" }[];
}

/** Sorts a campaign's divergence keys into expected and unexpected. */
export function judge(summary: CampaignSummary, expectations: Expectations): Verdict {
  const verdict: Verdict = { unexpected: [], expected: [] };
  for (const { key } of summary.failureKeys) {
    const bug = expectations.bugs.find((e) => e.key === key && applies(e, summary.target));
    const known = expectations.known.find((e) => e.key === key && applies(e, summary.target));
    if (bug) verdict.expected.push({ key, tier: "bugs" });
    else if (known) verdict.expected.push({ key, tier: "known" });
    else verdict.unexpected.push(key);
  }
  return verdict;
}

/**
 * Expectations with a program, for the target, and their programs: those to replay to see
 * whether they still fail.
 *
 * @example
 * ```ts
 * for (const { entry, program } of replayable(loaded, "3.12")) await compareProgram(program, { pool, python: "3.12" });
 * ```
 */
export function replayable(expectations: LoadedExpectations, python: PythonVersion): { entry: Expectation; program: Program }[] {
  return [...expectations.bugs, ...expectations.known].flatMap((entry) => {
    const program = expectations.programs.get(entry);
    return program !== undefined && applies(entry, python) ? [{ entry, program }] : [];
  });
}

/**
 * Regenerates expectations from a campaign summary: every divergence key not expected yet
 * is added to "bugs to fix", with its minimal program inline when `programs` has one for
 * that key, and entries listed in `nowPassing` are removed.
 *
 * @example
 * ```ts
 * const next = updateExpectations(loaded, summary, [], new Map(failures.map((f) => [f.key, f.minimal])));
 * ```
 */
export function updateExpectations(
  expectations: Expectations,
  summary: CampaignSummary,
  nowPassing: string[] = [],
  programs: ReadonlyMap<string, Program> = new Map(),
): Expectations {
  const keep = (e: Expectation) => !nowPassing.includes(e.key);
  const next: Expectations = { bugs: expectations.bugs.filter(keep), known: expectations.known.filter(keep) };
  for (const key of judge(summary, next).unexpected) {
    next.bugs.push({
      key,
      cause: `not yet explained (added by --update-expectations from ${summary.runId})`,
      versions: [summary.target],
      issue: null,
      program: (programs.get(key) as Record<string, unknown> | undefined) ?? null,
    });
  }
  return next;
}
