/**
 * Reading and writing the corpus directory (see ./format.ts). Writes are deterministic
 * (entries sorted, Brotli at fixed settings) and atomic, so re-recording an unchanged
 * corpus rewrites identical bytes. Format 2 compresses with Brotli (quality 11, a 16 MB
 * window: traces repeat across programs far beyond gzip's 32 KB window, and the files
 * come out at less than half gzip's size); format 1's gzip files are still read. Reading validates everything, and a stored program
 * that no longer parses fails loudly, naming the migration to write.
 *
 * @example
 * ```ts
 * const corpus = readCorpus("corpus");
 * corpus.entries.length; // programs
 * writeCorpus("corpus", corpus);
 * ```
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from "node:zlib";
import { PYTHON_VERSIONS } from "../../asyncio/version.ts";
import { IR_SCHEMA_VERSION, ProgramError, parseProgram } from "../ir/index.ts";
import { writeFileAtomic } from "../report.ts";
import { CorpusEntry, CorpusManifest, CORPUS_FORMAT, type StoredTrace, type StoredTraceBody } from "./format.ts";
import { migrateProgram } from "./migrations.ts";

/** The corpus in memory. */
export interface Corpus {
  manifest: CorpusManifest;
  entries: CorpusEntry[];
  /** Distinct traces by hash (parsed when first used; see {@link traceOf}). */
  traces: Map<string, StoredTraceBody | string>;
}

/** The stored trace with this hash (its line is parsed on first use). */
export function traceOf(corpus: Corpus, hash: string): StoredTraceBody {
  const stored = corpus.traces.get(hash);
  if (stored === undefined) throw new CorpusError(`trace ${hash} is not in the corpus`);
  if (typeof stored !== "string") return stored;
  let line: StoredTrace;
  try {
    line = JSON.parse(stored) as StoredTrace;
  } catch (error) {
    throw new CorpusError(`trace ${hash}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  corpus.traces.set(hash, line.trace);
  return line.trace;
}

/** Options of {@link readCorpus}. */
export interface ReadOptions {
  /** Read only the entries this accepts (by position in the file and id); the rest are not parsed. */
  only?: (index: number, id: string) => boolean;
}

/** The corpus directory of this repository. */
export const CORPUS_DIR = new URL("../../../corpus/", import.meta.url);

/** A corpus file that is missing, malformed, or holds a program that no longer parses. */
export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorpusError";
  }
}

/** The corpus's two data files as the manifest's format stores them. */
export function corpusFiles(format: number): { programs: string; traces: string } {
  return format === 1 ? { programs: "programs.jsonl.gz", traces: "traces.jsonl.gz" } : { programs: "programs.jsonl.br", traces: "traces.jsonl.br" };
}

function readLines(file: string): string[] {
  if (!existsSync(file)) throw new CorpusError(`${file} is missing (record the corpus with: npm run corpus -- record)`);
  const data = readFileSync(file);
  const text = file.endsWith(".gz") ? gunzipSync(data) : brotliDecompressSync(data);
  return text.toString("utf8").split("\n").filter((line) => line.length > 0);
}

function parseLine<T>(file: string, n: number, line: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new CorpusError(`${file} line ${n}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(`${file} line ${n}: at ${issue?.path.map(String).join(".") || "(top level)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Reads the corpus in `dir`. The manifest and every program read are validated (a program
 * that no longer parses fails, naming the migration to write); traces are kept as their
 * stored lines and parsed when first used, so that reading the whole corpus stays cheap.
 */
export function readCorpus(dir: string, options: ReadOptions = {}): Corpus {
  const manifestFile = join(dir, "manifest.json");
  if (!existsSync(manifestFile)) throw new CorpusError(`${manifestFile} is missing (record the corpus with: npm run corpus -- record)`);
  const manifest = parseLine(manifestFile, 1, readFileSync(manifestFile, "utf8"), CorpusManifest);
  const files = corpusFiles(manifest.format);
  const tracesFile = join(dir, files.traces);
  const traces = new Map<string, StoredTraceBody | string>();
  readLines(tracesFile).forEach((line, i) => {
    const hash = /^\{"hash":"([0-9a-f]{16})","trace":/.exec(line)?.[1];
    if (hash === undefined) throw new CorpusError(`${tracesFile} line ${i + 1}: does not start with {"hash":"<16 hex digits>","trace":`);
    traces.set(hash, line);
  });
  const programsFile = join(dir, files.programs);
  const entries: CorpusEntry[] = [];
  readLines(programsFile).forEach((line, i) => {
    if (options.only && !options.only(i, /^\{"id":"([^"]*)"/.exec(line)?.[1] ?? "")) return;
    const raw = parseLine(programsFile, i + 1, line, CorpusEntry);
    let program;
    try {
      program = parseProgram(migrateProgram(raw.program, manifest.irSchema), `${raw.id}`);
    } catch (error) {
      if (!(error instanceof ProgramError)) throw error;
      throw new CorpusError(
        `${programsFile} line ${i + 1}: the stored program ${error.message.replace(/^\S+ is not/, "is not")}. ` +
          `The corpus was recorded with IR schema ${manifest.irSchema} and the kit reads schema ${IR_SCHEMA_VERSION}: ` +
          `write a migration in src/conformance/corpus/migrations.ts (or re-record with npm run corpus -- record).`,
      );
    }
    for (const hash of Object.values(raw.traces)) {
      if (!traces.has(hash)) throw new CorpusError(`${programsFile} line ${i + 1}: trace ${hash} of ${raw.id} is not in ${tracesFile}`);
    }
    entries.push({ ...raw, program } as CorpusEntry);
  });
  return { manifest, entries, traces };
}

/** Brotli at fixed settings (same input, same bytes). */
const compress = (text: string): Buffer => {
  const data = Buffer.from(text, "utf8");
  return brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
};

/**
 * A program's top-level keys in the IR schema's order (what parsing a stored program gives
 * back), so that a freshly generated program and the same program read back store alike.
 */
const PROGRAM_KEYS = ["schema", "python", "exceptions", "coroutines", "parameters", "main", "taskFactory", "entry"];

function canonicalProgram(program: object): object {
  const record = program as Record<string, unknown>;
  const keys = [...PROGRAM_KEYS.filter((k) => k in record), ...Object.keys(record).filter((k) => !PROGRAM_KEYS.includes(k))];
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}

/** One entry as its stored line (keys in a fixed order). */
export function entryLine(entry: CorpusEntry): string {
  const traces = Object.fromEntries(PYTHON_VERSIONS.flatMap((v) => (entry.traces[v] ? [[v, entry.traces[v]]] : [])));
  return JSON.stringify({ id: entry.id, origin: entry.origin, areas: entry.areas, program: canonicalProgram(entry.program), traces });
}

/**
 * The corpus's files as text, before compression: what {@link writeCorpus} stores. Two
 * equal encodings give equal files, since compression is deterministic.
 *
 * @example
 * ```ts
 * encodeCorpus(corpus).programs.split("\n").length; // programs + 1
 * ```
 */
export function encodeCorpus(corpus: Corpus): { programs: string; traces: string; manifest: string } {
  const entries = [...corpus.entries].sort((a, b) => compareIds(a.id, b.id));
  const used = new Set(entries.flatMap((e) => Object.values(e.traces)));
  const hashes = [...corpus.traces.keys()].filter((h) => used.has(h)).sort();
  const traceLine = (hash: string) => {
    const stored = corpus.traces.get(hash) as StoredTraceBody | string;
    return typeof stored === "string" ? stored : JSON.stringify({ hash, trace: stored });
  };
  // Areas in name order: however the entries were (re-)recorded, the same counts are the same text.
  const areas = Object.fromEntries(Object.entries(corpus.manifest.areas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const manifest: CorpusManifest = {
    ...corpus.manifest,
    format: CORPUS_FORMAT,
    irSchema: IR_SCHEMA_VERSION,
    programs: entries.length,
    distinctTraces: hashes.length,
    areas,
  };
  return {
    traces: hashes.map(traceLine).join("\n") + "\n",
    programs: entries.map(entryLine).join("\n") + "\n",
    manifest: JSON.stringify(manifest, null, 2) + "\n",
  };
}

/** Writes the corpus to `dir` (manifest last, so a reader never sees a manifest without its files). */
export function writeCorpus(dir: string, corpus: Corpus): void {
  const encoded = encodeCorpus(corpus);
  const files = corpusFiles(CORPUS_FORMAT);
  writeBinaryAtomic(join(dir, files.traces), compress(encoded.traces));
  writeBinaryAtomic(join(dir, files.programs), compress(encoded.programs));
  writeFileAtomic(join(dir, "manifest.json"), encoded.manifest);
  // A corpus converted from format 1 leaves no gzip files behind.
  for (const old of Object.values(corpusFiles(1))) rmSync(join(dir, old), { force: true });
}

/**
 * The text of the corpus files stored in `dir`, decompressed (for comparing with
 * {@link encodeCorpus}).
 *
 * @example
 * ```ts
 * storedCorpusText("corpus").programs === encodeCorpus(readCorpus("corpus")).programs; // true
 * ```
 */
export function storedCorpusText(dir: string): { programs: string; traces: string; manifest: string } {
  const manifest = readFileSync(join(dir, "manifest.json"), "utf8");
  const files = corpusFiles((JSON.parse(manifest) as { format: number }).format);
  const text = (name: string) => readLines(join(dir, name)).join("\n") + "\n";
  return { programs: text(files.programs), traces: text(files.traces), manifest };
}

function writeBinaryAtomic(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Orders ids by batch name, then numerically by index. */
export function compareIds(a: string, b: string): number {
  const [batchA = "", indexA = "0"] = a.split("/");
  const [batchB = "", indexB = "0"] = b.split("/");
  return batchA < batchB ? -1 : batchA > batchB ? 1 : Number(indexA) - Number(indexB);
}
