/**
 * Known divergences of the corpus (`corpus/known_divergences.json`): program-runs on which
 * our loop is known to trace differently from the CPython that recorded them, each with
 * the reason. A replay still runs them: a known divergence that still diverges is
 * reported as known; one that now agrees fails the replay until it is taken off the list,
 * so the list never outlives the bug. Anything else that diverges fails as before.
 *
 * @example
 * ```ts
 * const known = readKnownDivergences("corpus");
 * const verdict = judgeReplay(corpus, result, known, ["3.11"]);
 * verdict.unexpected.length === 0 && verdict.nowAgree.length === 0; // the replay passes
 * ```
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PYTHON_VERSIONS, type PythonVersion } from "../../asyncio/version.ts";
import type { Mismatch } from "./replay.ts";
import { CorpusError, type Corpus } from "./store.ts";

/** The file, in the corpus directory. */
export const KNOWN_DIVERGENCES_FILE = "known_divergences.json";

/** One known divergence: the program, the releases it diverges on, and why. */
export const KnownDivergence = z.strictObject({
  id: z.string().min(1),
  releases: z.array(z.enum(PYTHON_VERSIONS)).min(1),
  reason: z.string().min(20),
});
export type KnownDivergence = z.infer<typeof KnownDivergence>;

/** The known divergences listed in `dir` (none when the file is absent). */
export function readKnownDivergences(dir: string): KnownDivergence[] {
  const file = join(dir, KNOWN_DIVERGENCES_FILE);
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CorpusError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = z.array(KnownDivergence).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(`${file}: at ${issue?.path.map(String).join(".") || "(top level)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** A replay's mismatches sorted against the known list. */
export interface ReplayVerdict {
  /** Divergences nobody listed: the replay fails. */
  unexpected: Mismatch[];
  /** Listed divergences that still diverge. */
  known: Mismatch[];
  /** Listed program-runs that replayed and now agree: take them off the list. */
  nowAgree: { id: string; release: PythonVersion }[];
}

/**
 * Sorts a replay's `mismatches` into those the known list names and the others.
 *
 * @example
 * ```ts
 * const { known, unexpected } = splitKnown(result.mismatches, readKnownDivergences("corpus"));
 * ```
 */
export function splitKnown(mismatches: readonly Mismatch[], known: readonly KnownDivergence[]): { unexpected: Mismatch[]; known: Mismatch[] } {
  const listed = new Set(known.flatMap((k) => k.releases.map((r) => `${k.id} ${r}`)));
  const isListed = (m: Mismatch) => listed.has(`${m.id} ${m.release}`);
  return { unexpected: mismatches.filter((m) => !isListed(m)), known: mismatches.filter(isListed) };
}

/**
 * Sorts `mismatches` of a replay over `releases` into unexpected and known ones, and finds
 * the listed program-runs that now agree.
 */
export function judgeReplay(
  corpus: Corpus,
  mismatches: readonly Mismatch[],
  known: readonly KnownDivergence[],
  releases: readonly PythonVersion[] = PYTHON_VERSIONS,
  replayed: (id: string) => boolean = () => true,
): ReplayVerdict {
  const key = (id: string, release: string) => `${id} ${release}`;
  const diverging = new Set(mismatches.map((m) => key(m.id, m.release)));
  const stored = new Map(corpus.entries.map((e) => [e.id, e]));
  const nowAgree = known.flatMap((k) =>
    k.releases
      .filter((r) => releases.includes(r) && replayed(k.id) && stored.get(k.id)?.traces[r] !== undefined && !diverging.has(key(k.id, r)))
      .map((release) => ({ id: k.id, release })),
  );
  return { ...splitKnown(mismatches, known), nowAgree };
}
