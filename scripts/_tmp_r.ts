import { readFileSync } from "node:fs";
import { interpret } from "../src/conformance/interpret.ts";
const p = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
for (const e of interpret(p, { python: p.python }).events) console.log(e.task, e.what, JSON.stringify(e.value));
