/**
 * `npm run ir:schema`: writes the JSON Schemas of the program IR and of a campaign's
 * summary.json to docs/ (program.schema.json, summary.schema.json).
 */
import { fileURLToPath } from "node:url";
import { programJsonSchema, summaryJsonSchema } from "../src/conformance/ir/json_schema.ts";
import { writeFileAtomic } from "../src/conformance/report.ts";

for (const [file, schema] of [
  ["program.schema.json", programJsonSchema()],
  ["summary.schema.json", summaryJsonSchema()],
] as const) {
  const target = fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
  writeFileAtomic(target, JSON.stringify(schema, null, 2) + "\n");
  console.log(`wrote ${target}`);
}
