/** `npm run ir:schema`: writes the program IR's JSON Schema to docs/program.schema.json. */
import { fileURLToPath } from "node:url";
import { programJsonSchema } from "../src/conformance/ir/json_schema.ts";
import { writeFileAtomic } from "../src/conformance/report.ts";

const target = fileURLToPath(new URL("../docs/program.schema.json", import.meta.url));
writeFileAtomic(target, JSON.stringify(programJsonSchema(), null, 2) + "\n");
console.log(`wrote ${target}`);
