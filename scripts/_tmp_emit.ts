import { readFileSync } from "node:fs";
import { emitTs } from "../src/conformance/emit_ts.ts";
const p = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
console.log(emitTs(p, { python: p.python }));
