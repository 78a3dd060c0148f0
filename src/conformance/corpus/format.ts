/**
 * The recorded corpus (`corpus/` at the repository root): programs with CPython's trace on
 * every release, stored the way test262 stores expected results, so that `npm test`
 * checks our loop against all eight releases with no Python installed.
 *
 * Files (documented by docs/corpus.schema.json, generated from these schemas):
 * - `manifest.json`: the format version, the IR schema version, the exact CPython build
 *   that recorded each release, and counts.
 * - `programs.jsonl.br`: one {@link CorpusEntry} per line, sorted by id: the program, where
 *   it came from (generator, target, seed, index), the feature areas it uses, and per
 *   release the hash of its trace (absent where the program uses a feature the release
 *   lacks).
 * - `traces.jsonl.br`: one {@link StoredTrace} per line, sorted by hash: each distinct
 *   trace once (releases and programs with equal traces share it).
 *
 * @example
 * ```ts
 * const entry: CorpusEntry = {
 *   id: "default-3.7/0",
 *   origin: { generator: "default", target: "3.7", seed: 101, index: 0 },
 *   areas: ["callbacks"],
 *   program,
 *   traces: { "3.7": "5f0c2a91d3e4b7a8", "3.8": "5f0c2a91d3e4b7a8" },
 * };
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { PYTHON_VERSIONS } from "../../asyncio/version.ts";
import { Program } from "../ir/index.ts";
import { FinalState, Outcome, TraceEvent, stableJson, type Trace } from "../trace.ts";

/** The version of the corpus file format. */
export const CORPUS_FORMAT = 2;

/** A trace as stored: events, outcome and final states (the diagnostic iteration count is left out). */
export const StoredTraceBody = z.strictObject({ events: z.array(TraceEvent), outcome: Outcome, final: z.array(FinalState) });
export type StoredTraceBody = z.infer<typeof StoredTraceBody>;

/** One line of traces.jsonl.br: a distinct trace and its hash. */
export const StoredTrace = z.strictObject({ hash: z.string().regex(/^[0-9a-f]{16}$/), trace: StoredTraceBody });
export type StoredTrace = z.infer<typeof StoredTrace>;

/** How a program was made: program `index` of a campaign with this generator, target and seed. */
export const Origin = z.strictObject({
  /** `default`, or the feature area the generator focused on. */
  generator: z.string(),
  target: z.enum(PYTHON_VERSIONS),
  seed: z.number().int(),
  index: z.number().int().nonnegative(),
});
export type Origin = z.infer<typeof Origin>;

/** One line of programs.jsonl.br. The program is stored as plain JSON and validated on use. */
export const CorpusEntry = z.strictObject({
  /** `<batch>/<index>`, e.g. `queues-3.12/41`. */
  id: z.string().regex(/^[a-z0-9_.-]+\/\d+$/),
  origin: Origin,
  /** Feature areas the program uses. */
  areas: z.array(z.string()),
  program: z.unknown().meta({ description: "A program (docs/program.schema.json), validated when the corpus is read." }),
  /** Per release, the hash of CPython's trace (a key of traces.jsonl.br). */
  traces: z.partialRecord(z.enum(PYTHON_VERSIONS), z.string().regex(/^[0-9a-f]{16}$/)),
});
export type CorpusEntry = Omit<z.infer<typeof CorpusEntry>, "program"> & { program: Program };

/** The CPython build that recorded a release. */
export const Build = z.strictObject({
  /** Exact version, e.g. `3.11.7`. */
  version: z.string(),
  /** `sys.version` of the interpreter (compiler and build date included). */
  build: z.string(),
  /** How it was run: `pyenv`, `path`, `pyodide@314.0.7`, ... */
  source: z.string(),
  /** When its traces were last recorded (ISO time). */
  recordedAt: z.string(),
});
export type Build = z.infer<typeof Build>;

/** manifest.json. */
export const CorpusManifest = z.strictObject({
  format: z.union([z.literal(1), z.literal(CORPUS_FORMAT)]),
  /** The IR schema version the stored programs follow (see src/conformance/corpus/migrations.ts). */
  irSchema: z.number().int(),
  builds: z.partialRecord(z.enum(PYTHON_VERSIONS), Build),
  programs: z.number().int(),
  programRuns: z.number().int(),
  distinctTraces: z.number().int(),
  /** Programs using each feature area. */
  areas: z.record(z.string(), z.number().int()),
});
export type CorpusManifest = z.infer<typeof CorpusManifest>;

/** The stored form of a trace. */
export function storedBody(trace: Trace | StoredTraceBody): StoredTraceBody {
  return { events: trace.events, outcome: trace.outcome, final: trace.final };
}

/** The hash a trace is stored under: 16 hex digits of the SHA-256 of its canonical JSON. */
export function traceHash(trace: StoredTraceBody): string {
  return createHash("sha256").update(stableJson(storedBody(trace))).digest("hex").slice(0, 16);
}

/** A stored trace as a full trace (iteration count unknown: 0; it is never compared). */
export function asTrace(body: StoredTraceBody): Trace {
  return { ...body, iterations: 0 };
}
