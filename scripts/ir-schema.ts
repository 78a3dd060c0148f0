/**
 * `npm run ir:schema`: writes the JSON Schemas of the program IR and of a campaign's
 * summary.json and of the recorded corpus to docs/ (program.schema.json, summary.schema.json,
 * corpus.schema.json).
 */
import { fileURLToPath } from "node:url";
import { corpusJsonSchema, programJsonSchema, summaryJsonSchema } from "../src/conformance/ir/json_schema.ts";
import { writeFileAtomic } from "../src/conformance/report.ts";

for (const [file, schema] of [
  ["program.schema.json", programJsonSchema()],
  ["summary.schema.json", summaryJsonSchema()],
  ["corpus.schema.json", corpusJsonSchema()],
] as const) {
  const target = fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
  writeFileAtomic(target, JSON.stringify(schema, null, 2) + "\n");
  console.log(`wrote ${target}`);
}
