import fc from "fast-check";
import { programArbitrary, focusOn, areasUsed } from "../src/conformance/generate/index.ts";
import { interpret } from "../src/conformance/interpret.ts";
const [area, python, n] = [process.argv[2] as any, process.argv[3] as any, Number(process.argv[4] ?? 200)];
const programs = fc.sample(programArbitrary(focusOn(area, python)), { seed: 5, numRuns: n }).filter((p) => areasUsed(p).has(area));
const whats = new Map<string, number>();
let progs = 0, withContext = 0, groupsSeen = 0, nestedGroups = 0, details = 0;
const ctxKinds = new Map<string, number>();
const outcomes = new Map<string, number>();
for (const p of programs) {
  const t = interpret(p, { python });
  outcomes.set(t.outcome.kind, (outcomes.get(t.outcome.kind) ?? 0) + 1);
  let any = false;
  for (const e of t.events) {
    const m = /^(except\*?|split|subgroup)/.exec(e.what);
    if (!m) continue;
    whats.set(m[1]!, (whats.get(m[1]!) ?? 0) + 1);
    const v = e.value as any;
    if (!v || !v.exc) continue;
    details++; any = true;
    if (v.context) { withContext++; const k = `${v.exc}<-${v.context.exc}`; ctxKinds.set(k, (ctxKinds.get(k) ?? 0) + 1); }
    if (v.exceptions) { groupsSeen++; if (v.exceptions.some((x: any) => x && x.exceptions)) nestedGroups++; }
  }
  if (any) progs++;
}
console.log({ programs: programs.length, withDetail: progs, details, withContext, groupsSeen, nestedGroups, whats: Object.fromEntries(whats), outcomes: Object.fromEntries(outcomes) });
console.log([...ctxKinds].sort((a, b) => b[1] - a[1]).slice(0, 20));
