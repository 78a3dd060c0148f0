/**
 * The expectations file (`conformance.expectations.json`, committed): divergences that are
 * known, in two tiers. "bugs" are ours to fix; "known" are divergences we accept (a cause
 * we cannot or will not model). Each entry names the divergence key (see diff.ts), its
 * cause, the releases it concerns, the issue it belongs to, and optionally a minimal
 * program that shows it. A campaign fails on any divergence not expected, and on an
 * expected one whose program now agrees (fix it, then remove the entry).
 *
 * @example
 * ```ts
 * const expectations = loadExpectations("conformance.expectations.json");
 * const verdict = judge(summary, expectations);
 * verdict.unexpected; // keys to look at
 * ```
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { PYTHON_VERSIONS, type PythonVersion } from "../asyncio/version.ts";
import { writeFileAtomic, type CampaignSummary } from "./report.ts";

export const Expectation = z.strictObject({
  /** The divergence key (`section|CPython shape|our shape`). */
  key: z.string().min(1),
  cause: z.string().min(1),
  /** Releases it concerns (empty: all). */
  versions: z.array(z.enum(PYTHON_VERSIONS)),
  /** The issue it belongs to, if any. */
  issue: z.number().int().positive().nullable(),
  /** A program file (IR JSON) that shows it, replayed to notice when it is fixed. */
  program: z.string().nullable(),
});
export type Expectation = z.infer<typeof Expectation>;

export const Expectations = z.strictObject({
  bugs: z.array(Expectation),
  known: z.array(Expectation),
});
export type Expectations = z.infer<typeof Expectations>;

/** The default file, at the repository root. */
export const EXPECTATIONS_FILE = "conformance.expectations.json";

/** Reads an expectations file; a missing file means nothing is expected. */
export function loadExpectations(path: string): Expectations {
  if (!existsSync(path)) return { bugs: [], known: [] };
  const parsed = Expectations.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path} is not a valid expectations file: at ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Writes an expectations file atomically. */
export function saveExpectations(path: string, expectations: Expectations): void {
  writeFileAtomic(path, JSON.stringify(Expectations.parse(expectations), null, 2) + "\n");
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

/** Expectations with a program, for the target: those to replay to see whether they still fail. */
export function replayable(expectations: Expectations, python: PythonVersion): Expectation[] {
  return [...expectations.bugs, ...expectations.known].filter((e) => e.program !== null && applies(e, python));
}

/**
 * Regenerates expectations from a campaign summary: every divergence key not expected yet
 * is added to "bugs to fix" (with the failure's program when the report has one), and
 * entries listed in `nowPassing` are removed.
 */
export function updateExpectations(
  expectations: Expectations,
  summary: CampaignSummary,
  nowPassing: string[] = [],
): Expectations {
  const keep = (e: Expectation) => !nowPassing.includes(e.key);
  const next: Expectations = { bugs: expectations.bugs.filter(keep), known: expectations.known.filter(keep) };
  for (const key of judge(summary, next).unexpected) {
    const failure = summary.failures.find((f) => f.key === key);
    next.bugs.push({
      key,
      cause: `not yet explained (added by --update-expectations from ${summary.runId})`,
      versions: [summary.target],
      issue: null,
      program: failure?.dir ? `${failure.dir}/program.json` : null,
    });
  }
  return next;
}
