import fc from "fast-check";
import { programArbitrary, focusOn } from "../src/conformance/generate/index.ts";
import { interpret } from "../src/conformance/interpret.ts";
const [area, python, n] = [process.argv[2] as any, process.argv[3] as any, Number(process.argv[4] ?? 200)];
const programs = fc.sample(programArbitrary(focusOn(area, python)), { seed: 5, numRuns: n });
let details = 0, withContext = 0, withCause = 0, deep = 0, groups = 0, progs = 0;
const ctxKinds = new Map<string, number>();
for (const p of programs) {
  const t = interpret(p, { python });
  let any = false;
  for (const e of t.events) {
    if (!/^except/.test(e.what) || typeof e.value !== "object" || e.value === null || Array.isArray(e.value)) continue;
    const v = e.value as any;
    details++; any = true;
    if (v.context) { withContext++; const k = `${v.exc}<-${v.context.exc}`; ctxKinds.set(k, (ctxKinds.get(k) ?? 0) + 1); if (v.context.context) deep++; }
    if (v.cause) withCause++;
    if (v.exceptions) groups++;
  }
  if (any) progs++;
}
console.log({ programs: programs.length, withDetail: progs, details, withContext, withCause, deep, groups });
console.log([...ctxKinds].sort((a, b) => b[1] - a[1]).slice(0, 25));
