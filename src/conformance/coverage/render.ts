/**
 * The coverage section as a person reads it: plain text for the campaign's console output,
 * Markdown for CONFORMANCE.md (a module-by-release table), and HTML for the campaign's
 * `index.html` (html_report.ts calls {@link renderCoverageHtml}).
 *
 * @example
 * ```ts
 * if (summary.coverage) console.log(coverageText(summary.coverage));
 * ```
 * @module
 */
import { CoverageSummary, type ModuleCoverage } from "./summary.ts";

const percent = (ratio: number | null): string => (ratio === null ? "–" : `${(ratio * 100).toFixed(1)}%`);

/** Whether a module meets its target (null: no target or no ratio). */
function meets(module: ModuleCoverage): boolean | null {
  return module.target === null || module.ratio === null ? null : module.ratio >= module.target;
}

function baselineText(coverage: CoverageSummary): string {
  const b = coverage.baseline;
  if (!b.available) return `no baseline: ${b.reason}`;
  const tests = Object.keys(b.tests);
  return `baseline: CPython's own ${tests.join(", ")} (${b.reused ? "cached" : "computed now"}, ${b.cache})`;
}

function traceCheckText(coverage: CoverageSummary): string {
  const t = coverage.traceCheck;
  const known = Object.entries(t.knownDifferences);
  // A program may need several known differences: count programs, then each difference.
  const knownPrograms = t.compared - t.identical - t.unexplained;
  return (
    `pure-Python vs C traces: ${t.compared} compared, ${t.identical} identical, ${knownPrograms} equal up to known message differences` +
    (known.length ? ` (${known.map(([id, n]) => `${id} ${n}`).join(", ")})` : "") +
    `, ${t.unexplained} unexplained`
  );
}

/**
 * The coverage section for the console: per module (in scope) the campaign's lines, the
 * suite's, the ratio and the target; the trace check; the suite-reached functions never
 * entered.
 *
 * @example
 * ```ts
 * console.log(coverageText(summary.coverage));
 * ```
 */
export function coverageText(coverage: CoverageSummary, options: { maxUnentered?: number } = {}): string {
  const out: string[] = [];
  out.push(
    `coverage of CPython ${coverage.python}'s asyncio, pure-Python Task and Future (${coverage.tracer}), ${coverage.programs} programs; ${baselineText(coverage)}`,
  );
  const rows = coverage.modules.filter((m) => m.outOfScope === null);
  const width = Math.max(12, ...rows.map((m) => m.module.length));
  out.push(`  ${"module".padEnd(width)}  campaign   suite  reached   ratio  target`);
  for (const m of rows) {
    const mark = meets(m) === null ? "" : meets(m) ? " ok" : " below";
    out.push(
      `  ${m.module.padEnd(width)}  ${String(m.campaign).padStart(8)}  ${String(m.suite ?? "–").padStart(6)}  ${String(m.reached ?? "–").padStart(7)}  ${percent(m.ratio).padStart(6)}  ${m.target === null ? "" : `${Math.round(m.target * 100)}%${mark}`}`,
    );
  }
  const t = coverage.totals;
  out.push(`  ${"(in scope)".padEnd(width)}  ${String(t.campaign).padStart(8)}  ${String(t.suite ?? "–").padStart(6)}  ${String(t.reached ?? "–").padStart(7)}  ${percent(t.ratio).padStart(6)}`);
  const outModules = coverage.modules.filter((m) => m.outOfScope !== null);
  const excluded = coverage.modules.reduce((a, m) => a + m.excluded, 0);
  out.push(`  out of scope (${coverage.scope.file}): ${outModules.length} whole modules, ${excluded} lines in all`);
  for (const note of coverage.scope.notApplied) out.push(`  rule not applied: ${note}`);
  out.push(`  ${traceCheckText(coverage)}`);
  const { normal, pure } = coverage.workerSeconds;
  out.push(`  worker time: ${pure.toFixed(1)} s for the traced pure-Python pass, ${normal.toFixed(1)} s for the normal pass`);
  const max = options.maxUnentered ?? 40;
  if (coverage.unentered.length > 0 && max === 0) {
    out.push(`  in-scope functions the suite enters and no program does: ${coverage.unentered.length} (listed in summary.json)`);
  } else if (coverage.unentered.length > 0) {
    const shown = coverage.unentered.slice(0, max).map((u) => `${u.module}.${u.function}`);
    const more = coverage.unentered.length > max ? `, ... (${coverage.unentered.length - max} more in summary.json)` : "";
    out.push(`  in-scope functions the suite enters and no program does (${coverage.unentered.length}): ${shown.join(", ")}${more}`);
  }
  return out.join("\n");
}

/**
 * The coverage section of CONFORMANCE.md for a matrix: one column per release, one row per
 * in-scope module (`reached/suite ratio`), then per release the functions never entered.
 *
 * @example
 * ```ts
 * lines.push(...coverageMarkdown(rows.map((r) => r.summary.coverage)));
 * ```
 */
export function coverageMarkdown(sections: (CoverageSummary | undefined)[]): string[] {
  const present = sections.filter((s): s is CoverageSummary => s !== undefined);
  if (present.length === 0) return [];
  const out = [
    "## Reference coverage",
    "",
    "With `--coverage` each release's campaign also ran every program on CPython's pure-Python Task and",
    "Future under a line tracer. A cell is in-scope lines of that module the programs reached / lines",
    "CPython's own test_asyncio reaches in the same build (ratio); out-of-scope lines",
    "(coverage.out-of-scope.json) are left out. `–`: no baseline for that build.",
    "",
  ];
  const modules: string[] = [];
  for (const s of present) for (const m of s.modules) if (m.outOfScope === null && !modules.includes(m.module)) modules.push(m.module);
  out.push(`| module | target | ${present.map((s) => s.release).join(" | ")} |`);
  out.push(`|---|---|${present.map(() => "---").join("|")}|`);
  for (const module of modules) {
    const target = present.flatMap((s) => s.modules.filter((m) => m.module === module)).find((m) => m.target !== null)?.target ?? null;
    const cells = present.map((s) => {
      const m = s.modules.find((x) => x.module === module);
      if (m === undefined) return "–";
      return m.ratio === null ? `${m.campaign} lines` : `${m.reached}/${m.suite} (${percent(m.ratio)})`;
    });
    out.push(`| ${module} | ${target === null ? "" : `${Math.round(target * 100)}%`} | ${cells.join(" | ")} |`);
  }
  out.push(`| (in scope) | | ${present.map((s) => (s.totals.ratio === null ? `${s.totals.campaign} lines` : `${s.totals.reached}/${s.totals.suite} (${percent(s.totals.ratio)})`)).join(" | ")} |`);
  out.push("");
  for (const s of present) {
    out.push(`- ${s.release} (CPython ${s.python}, ${s.programs} programs): ${baselineText(s)}; ${traceCheckText(s)}.`);
    if (s.unentered.length > 0) {
      out.push(`  Never entered (in scope, suite-reached): ${s.unentered.map((u) => `\`${u.module}.${u.function}\``).join(", ")}.`);
    }
  }
  out.push("");
  return out;
}

const esc = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const COVERAGE_CSS = `
table.coverage td, table.coverage th, table.coverage-functions td, table.coverage-functions th { padding: 2px 10px; }
table.coverage tr.below td.ratio { color: var(--bad); font-weight: 600; }
table.coverage tr.ok td.ratio { color: var(--good); font-weight: 600; }
table.coverage tr.coverage-total { border-top: 1px solid var(--line); }
table.coverage-functions td.mono { word-break: break-all; }
`;

function moduleRowHtml(m: ModuleCoverage): string {
  const ok = meets(m);
  const width = m.ratio === null ? 0 : Math.round(m.ratio * 1000) / 10;
  const status = ok === null ? "" : ok ? " ok" : " below";
  return (
    `<tr data-module="${esc(m.module)}" class="coverage-module${status}"><th class="mono">${esc(m.module)}</th>` +
    `<td class="num">${m.campaign}</td><td class="num">${m.suite ?? "–"}</td><td class="num">${m.reached ?? "–"}</td>` +
    `<td class="num ratio">${percent(m.ratio)}</td><td class="num">${m.target === null ? "" : `${Math.round(m.target * 100)}%`}</td>` +
    `<td class="bar-cell"><div class="bar${m.ratio === null ? " zero" : ""}" style="width: ${Math.max(width, 1)}%"></div></td></tr>`
  );
}

function functionsHtml(m: ModuleCoverage): string {
  const rows = m.functions
    .filter((f) => f.outOfScope === null && ((f.suite ?? 0) > 0 || f.campaign > 0))
    .map(
      (f) =>
        `<tr data-function="${esc(f.function)}"><td class="mono">${esc(f.function)}</td><td class="num">${f.campaign}</td><td class="num">${f.suite ?? "–"}</td>` +
        `<td class="num">${percent(f.ratio)}</td><td class="mono">${esc(f.missed ?? "")}</td></tr>`,
    );
  const excluded = m.functions.filter((f) => f.outOfScope !== null && ((f.suite ?? 0) > 0 || f.campaign > 0 || f.excluded !== ""));
  const excludedList = excluded.length
    ? `<p class="caption">Out of scope: ${excluded.map((f) => `<code>${esc(f.function)}</code> (${esc(f.outOfScope ?? "")})`).join("; ")}</p>`
    : "";
  return (
    `<details data-functions="${esc(m.module)}"><summary>${esc(m.module)}: ${m.functions.length} functions</summary>` +
    `<table class="coverage-functions"><thead><tr><th>function</th><th class="num">campaign</th><th class="num">suite</th><th class="num">ratio</th><th>suite-reached lines missed</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>${excludedList}</details>`
  );
}

/**
 * The coverage section of the HTML report, from a summary read from disk (anything: a
 * missing section gives "", a malformed one a notice).
 *
 * @example
 * ```ts
 * body.push(renderCoverageHtml(summary));
 * ```
 */
export function renderCoverageHtml(summary: unknown): string {
  const raw = typeof summary === "object" && summary !== null ? (summary as Record<string, unknown>).coverage : undefined;
  if (raw === undefined) return "";
  const parsed = CoverageSummary.safeParse(raw);
  if (!parsed.success) {
    return `<section id="coverage"><h2>Reference coverage</h2><div class="notice">The coverage section of summary.json does not match its schema: ${esc(parsed.error.issues[0]?.message ?? "invalid")}</div></section>`;
  }
  const c = parsed.data;
  const out: string[] = [];
  out.push(`<section id="coverage"><h2>Reference coverage</h2>`);
  out.push(`<style>${COVERAGE_CSS}</style>`);
  out.push(
    `<p>Lines of CPython ${esc(c.python)}'s <code>asyncio</code> that the programs executed on the pure-Python Task and Future (${esc(c.tracer)}, ${c.programs} programs), against what CPython's own tests reach in the same build. Out-of-scope lines (<code>${esc(c.scope.file)}</code>) are left out.</p>`,
  );
  out.push(`<p id="coverage-baseline" class="${c.baseline.available ? "" : "notice"}">${esc(baselineText(c))}</p>`);
  out.push(
    `<table class="coverage"><thead><tr><th>module</th><th class="num">campaign</th><th class="num">suite</th><th class="num">reached</th><th class="num">ratio</th><th class="num">target</th><th></th></tr></thead><tbody>`,
  );
  for (const m of c.modules.filter((x) => x.outOfScope === null)) out.push(moduleRowHtml(m));
  out.push(
    `<tr class="coverage-total"><th>in scope</th><td class="num">${c.totals.campaign}</td><td class="num">${c.totals.suite ?? "–"}</td><td class="num">${c.totals.reached ?? "–"}</td><td class="num ratio">${percent(c.totals.ratio)}</td><td></td><td></td></tr>`,
  );
  out.push(`</tbody></table>`);
  out.push(`<p>${esc(traceCheckText(c))}</p>`);
  for (const ex of c.traceCheck.examples) {
    out.push(`<div class="notice">program ${ex.index}, trace line ${ex.line}: C <code>${esc(ex.c)}</code> vs pure-Python <code>${esc(ex.pure)}</code></div>`);
  }
  if (c.unentered.length > 0) {
    out.push(`<h3>Functions the suite enters and no program does (${c.unentered.length})</h3><ul id="coverage-unentered">`);
    for (const u of c.unentered) out.push(`<li><code>${esc(`${u.module}.${u.function}`)}</code> (${u.suite} lines)</li>`);
    out.push(`</ul>`);
  }
  out.push(`<h3>Per function</h3>`);
  for (const m of c.modules.filter((x) => x.outOfScope === null)) out.push(functionsHtml(m));
  const outModules = c.modules.filter((m) => m.outOfScope !== null);
  if (outModules.length) {
    out.push(`<p class="caption">Whole modules out of scope: ${outModules.map((m) => `<code>${esc(m.module)}</code> (${esc(m.outOfScope ?? "")})`).join("; ")}</p>`);
  }
  for (const note of c.scope.notApplied) out.push(`<div class="notice">Rule not applied: ${esc(note)}</div>`);
  out.push(`</section>`);
  return out.join("\n");
}
