/**
 * The program IR as JSON Schema, produced from the zod schema (`z.toJSONSchema`), for
 * tools and people who write programs by hand. `npm run ir:schema` writes it to
 * docs/program.schema.json.
 *
 * @example
 * ```ts
 * const schema = programJsonSchema();
 * schema.$schema; // "https://json-schema.org/draft/2020-12/schema"
 * ```
 * @module
 */
import { z } from "zod";
import { CampaignSummary } from "../report.ts";
import { Program } from "./schema.ts";
import { CorpusEntry, CorpusManifest, StoredTrace } from "../corpus/format.ts";

/** The JSON Schema of a program. */
export function programJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(Program, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    title: "asyncio-ts conformance program",
    description: "A coroutine program that the conformance kit runs on asyncio-ts and on CPython (src/conformance/ir/schema.ts).",
  };
}

/** The JSON Schema of a campaign's summary.json (src/conformance/report.ts). */
export function summaryJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(CampaignSummary, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    title: "asyncio-ts conformance campaign summary",
    description: "reports/<run-id>/summary.json, written by npm run conformance (src/conformance/report.ts).",
  };
}

/** The JSON Schema of the recorded corpus's files (src/conformance/corpus/format.ts): manifest, program lines, trace lines. */
export function corpusJsonSchema(): Record<string, unknown> {
  const one = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "asyncio-ts recorded corpus",
    description: "corpus/: manifest.json, and one JSON object per line of programs.jsonl.br and traces.jsonl.br (Brotli; format 1 used gzip, .gz). Written by npm run corpus -- record (src/conformance/corpus/).",
    $defs: { manifest: one(CorpusManifest), programLine: one(CorpusEntry), traceLine: one(StoredTrace) },
  };
}
