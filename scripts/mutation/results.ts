/**
 * The committed results of `npm run mutation`, one file per side
 * (`reports/mutation-results/{specs,kit}.json`), kept per module: a run over some modules
 * replaces only theirs, so a full run can be done one module (or one session) at a time
 * and MUTATION.md is made from everything measured so far. Each module records the hash of
 * the source it was measured on; a module whose source changed since is stale, and
 * `--resume` runs it again.
 *
 * @example
 * ```ts
 * const store = readStore(storeFile("kit"));
 * const merged = mergeRun(store, strykerReport, sources, { date: "2026-12-02", stryker: "9.6.1" });
 * writeStore(storeFile("kit"), merged);
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MutantOutcome } from "./report.ts";

/** Which test command a result came from. */
export type Side = "specs" | "kit";

/** One module's mutants as one run measured them. */
export interface ModuleResults {
  /** sha256 (first 16 hex digits) of the source the mutants were made from. */
  sourceHash: string;
  /**
   * What the side tested with, hashed the same way: the kit's program sample (ids and
   * CPython's trace hashes) or the spec files. Results made with other tests are stale.
   */
  testsHash: string;
  date: string;
  stryker: string;
  mutants: MutantOutcome[];
}

/** A side's results file. */
export interface ResultsStore {
  format: 1;
  side: Side;
  /** Keyed by file name (`src/asyncio/tasks.ts`), in name order. */
  modules: Record<string, ModuleResults>;
}

/** The part of Stryker's JSON report the store reads. */
export interface StrykerReport {
  files: Record<string, { mutants: (Omit<MutantOutcome, "fileName" | "killers" | "reached"> & { killedBy?: string[]; coveredBy?: string[]; static?: boolean })[] }>;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where a side's results are committed. */
export function storeFile(side: Side): string {
  return join(ROOT, "reports", "mutation-results", `${side}.json`);
}

/** The hash a module's results are tied to. */
export function sourceHash(source: string): string {
  return createHash("sha256").update(source).digest("hex").slice(0, 16);
}

/** Reads a side's store; an empty one when the file does not exist. */
export function readStore(file: string, side: Side): ResultsStore {
  if (!existsSync(file)) return { format: 1, side, modules: {} };
  const store = JSON.parse(readFileSync(file, "utf8")) as ResultsStore;
  if (store.format !== 1 || store.side !== side) throw new Error(`${file}: not a format-1 results file of the ${side} side`);
  return store;
}

/** Writes a store whole or not at all (a temporary file renamed over the old one). */
export function writeStore(file: string, store: ResultsStore): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(store, null, 1)}\n`);
  renameSync(tmp, file);
}

/**
 * The store with the modules of one Stryker run replaced by that run's results. A kill
 * keeps how many tests caught it (`killers`) and the first of them, not the whole list.
 */
export function mergeRun(store: ResultsStore, report: StrykerReport, sources: Record<string, string>, meta: { date: string; stryker: string; testsHash: string }): ResultsStore {
  const modules = { ...store.modules };
  for (const [path, file] of Object.entries(report.files)) {
    const fileName = path.replace(/^.*?(src\/asyncio\/)/, "$1");
    const source = sources[fileName];
    if (source === undefined) continue;
    modules[fileName] = {
      sourceHash: sourceHash(source),
      testsHash: meta.testsHash,
      date: meta.date,
      stryker: meta.stryker,
      mutants: file.mutants.map((m) => ({
        fileName,
        mutatorName: m.mutatorName,
        replacement: m.replacement,
        location: m.location,
        status: m.status,
        ...(m.killedBy !== undefined && m.killedBy.length > 0 ? { killedBy: m.killedBy.slice(0, 1), killers: m.killedBy.length } : {}),
        // Static mutants (run when a module loads) are run against every test.
        ...(m.coveredBy !== undefined && m.static !== true ? { reached: m.coveredBy.length } : {}),
      })),
    };
  }
  const sorted = Object.fromEntries(Object.entries(modules).sort(([a], [b]) => a.localeCompare(b)));
  return { ...store, modules: sorted };
}

/** Which modules have results measured on today's source and tests, which on older ones, which none. */
export function moduleStatus(store: ResultsStore, sources: Record<string, string>, testsHash: string): { current: string[]; stale: string[]; missing: string[] } {
  const out = { current: [] as string[], stale: [] as string[], missing: [] as string[] };
  for (const [fileName, source] of Object.entries(sources)) {
    const results = store.modules[fileName];
    if (results === undefined) out.missing.push(fileName);
    else if (results.sourceHash === sourceHash(source) && results.testsHash === testsHash) out.current.push(fileName);
    else out.stale.push(fileName);
  }
  return out;
}

/** Every mutant of the store, for the report. */
export function allMutants(store: ResultsStore): MutantOutcome[] {
  return Object.values(store.modules).flatMap((m) => m.mutants);
}

/**
 * The mutants of the modules measured on today's source (given as `sources`), for the
 * report: results of an older source sit at other positions, so matched against today's
 * mutants they would count twice; such a module counts as not measured on that side
 * until it is measured again.
 */
export function currentMutants(store: ResultsStore, sources: Record<string, string>): MutantOutcome[] {
  return Object.entries(store.modules)
    .filter(([fileName, m]) => sources[fileName] !== undefined && m.sourceHash === sourceHash(sources[fileName]))
    .flatMap(([, m]) => m.mutants);
}
