import fc from "fast-check";
import { programArbitrary, focusOn, areasUsed } from "../src/conformance/generate/index.ts";
import { interpret } from "../src/conformance/interpret.ts";
import { emitPython } from "../src/conformance/emit_python.ts";
const programs = fc.sample(programArbitrary(focusOn("exceptions", "3.9")), { seed: 5, numRuns: 60 }).filter((p) => areasUsed(p).has("exceptions"));
let shown = 0;
for (const p of programs) {
  const t = interpret(p, { python: "3.9" });
  if (t.events.some((e) => e.what.startsWith("except"))) continue;
  if (shown++ >= 3) break;
  console.log("=====", JSON.stringify(t.outcome), t.events.length, "events");
  console.log(emitPython(p, { python: "3.9" }).split("\n").slice(0, 80).join("\n"));
}
