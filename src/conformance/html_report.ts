/**
 * A campaign's report as one self-contained static HTML page, `reports/<run-id>/index.html`,
 * rendered from what is on disk in the run directory: `summary.json` (what the campaign
 * ran and exercised, how it ended) and, per failure, `failures/<n>/` (the minimal program,
 * both traces). Each failure shows the program in Python and TypeScript side by side, both
 * traces side by side with the first divergent line marked, the command that reproduces
 * it, and an SVG timeline of the program (one lane per task, one for callbacks, over
 * virtual time) with the divergent event highlighted.
 *
 * The page has inline CSS and SVG only: no script, no external asset (a Content Security
 * Policy says so to the browser), so it opens from a `file://` URL and can be archived as
 * is. Every text from the run directory is escaped. Missing or malformed files are
 * reported on the page instead of failing the render; old reports whose `summary.json`
 * predates the current schema still render what they hold.
 *
 * @example
 * ```ts
 * const path = writeHtmlReport("reports/2026-11-25T14-55-01-seed1");
 * // reports/2026-11-25T14-55-01-seed1/index.html: open it in a browser
 * ```
 * @module
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { pyFloatRepr } from "../asyncio/format_helpers.ts";
import { PYTHON_VERSIONS, type PythonVersion } from "../asyncio/version.ts";
import { renderCoverageHtml } from "./coverage/render.ts";
import { diffTraces, type Divergence } from "./diff.ts";
import { emitPython } from "./emit_python.ts";
import { emitTs } from "./emit_ts.ts";
import { parseProgram, type Program } from "./ir/index.ts";
import { CampaignSummary, writeFileAtomic } from "./report.ts";
import { Trace, stableJson, traceLines, type TraceEvent } from "./trace.ts";

/**
 * The lane of the timeline for events recorded outside any task (loop callbacks).
 *
 * @example
 * ```ts
 * timelineLanes([trace]).at(-1) === CALLBACK_LANE; // true: always the last lane
 * ```
 */
const CALLBACK_LANE = "(callbacks)";

// ---------------------------------------------------------------------------------------
// Escaping and small helpers

/**
 * Escapes text for HTML (and SVG) element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml(`<a href="x">&'</a>`); // "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const esc = escapeHtml;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (o: unknown, key: string): unknown => (isObj(o) ? o[key] : undefined);
const num = (o: unknown, key: string): number | null => {
  const v = field(o, key);
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};
const str = (o: unknown, key: string): string | null => {
  const v = field(o, key);
  return typeof v === "string" ? v : null;
};
const list = (o: unknown, key: string): unknown[] => {
  const v = field(o, key);
  return Array.isArray(v) ? v : [];
};
const counts = (o: unknown, key: string): [string, number][] => {
  const v = field(o, key);
  if (!isObj(v)) return [];
  return Object.entries(v).filter((e): e is [string, number] => typeof e[1] === "number");
};
const strings = (o: unknown, key: string): string[] => list(o, key).filter((v): v is string => typeof v === "string");

const DASH = "—";
const fmtNum = (n: number | null): string => (n === null ? DASH : String(n));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function fmtSeconds(seconds: number | null): string {
  if (seconds === null) return DASH;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One trace event as a person reads it: `0.5 t5: sleep 0.5 = value`. */
function describeEvent(event: TraceEvent): string {
  const value = event.value === undefined ? "" : ` = ${stableJson(event.value)}`;
  return `${pyFloatRepr(event.t)} ${event.task ?? CALLBACK_LANE}: ${event.what}${value}`;
}

// ---------------------------------------------------------------------------------------
// Reading the run directory

/** A failure as found on disk, with whatever could not be read said in `problems`. */
interface FailureView {
  /** The failure's number: its directory name under `failures/`. */
  n: string;
  /** Its entry in `summary.json`, if any. */
  entry: Obj | null;
  dir: string | null;
  program: Program | null;
  python: Trace | null;
  ours: Trace | null;
  divergence: Divergence | null;
  pythonSource: string | null;
  tsSource: string | null;
  diffText: string | null;
  problems: string[];
}

function readJson(path: string, problems: string[]): unknown {
  const text = readText(path);
  if (text === null) {
    problems.push(`${basename(path)} is missing`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${basename(path)} is not JSON: ${errorText(error)}`);
    return undefined;
  }
}

function readTrace(path: string, problems: string[]): Trace | null {
  const json = readJson(path, problems);
  if (json === undefined) return null;
  const parsed = Trace.safeParse(json);
  if (!parsed.success) {
    problems.push(`${basename(path)} is not a trace: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return null;
  }
  return parsed.data;
}

const asTarget = (v: string | null | undefined): PythonVersion | null =>
  v !== null && v !== undefined && (PYTHON_VERSIONS as readonly string[]).includes(v) ? (v as PythonVersion) : null;

/** The program part of a standalone `repro.py` (after the inlined harness). */
function programPartOfReproPy(text: string): string {
  const marker = "# ---- the program ----";
  const at = text.indexOf(marker);
  return at < 0 ? text : text.slice(at + marker.length).replace(/^\n+/, "");
}

function readFailure(n: string, dir: string | null, entry: Obj | null, target: PythonVersion | null): FailureView {
  const view: FailureView = {
    n,
    entry,
    dir,
    program: null,
    python: null,
    ours: null,
    divergence: null,
    pythonSource: null,
    tsSource: null,
    diffText: null,
    problems: [],
  };
  if (dir === null || !isDirectory(dir)) {
    view.problems.push(dir === null ? "no files were written for this failure" : `${dir} is missing`);
    return view;
  }
  const programJson = readJson(join(dir, "program.json"), view.problems);
  if (programJson !== undefined) {
    try {
      view.program = parseProgram(programJson, "program.json");
    } catch (error) {
      view.problems.push(errorText(error));
    }
  }
  view.python = readTrace(join(dir, "trace.python.json"), view.problems);
  view.ours = readTrace(join(dir, "trace.ours.json"), view.problems);
  if (view.python && view.ours) view.divergence = diffTraces(view.python, view.ours, { context: 4, after: 12 });
  view.diffText = readText(join(dir, "diff.txt"));
  const python = target ?? asTarget(view.program?.python);
  if (view.program && python) {
    try {
      view.pythonSource = emitPython(view.program, { python });
      view.tsSource = emitTs(view.program, { python });
    } catch (error) {
      view.problems.push(`could not write the program as source: ${errorText(error)}`);
    }
  }
  // Without a usable program.json, show the standalone repro files as they are.
  if (view.pythonSource === null) {
    const text = readText(join(dir, "repro.py"));
    if (text !== null) view.pythonSource = programPartOfReproPy(text);
  }
  if (view.tsSource === null) view.tsSource = readText(join(dir, "repro.ts"));
  return view;
}

/** Every failure: those `summary.json` lists, then any other directory under `failures/`. */
function readFailures(runDir: string, summary: unknown, target: PythonVersion | null): FailureView[] {
  const views: FailureView[] = [];
  const seen = new Set<string>();
  list(summary, "failures").forEach((entry, position) => {
    const recorded = str(entry, "dir");
    const n = recorded === null ? String(position + 1) : basename(recorded);
    // The run directory may have moved since: look for the failure inside it.
    const dir = recorded === null ? null : join(runDir, "failures", n);
    seen.add(n);
    views.push(readFailure(n, dir, isObj(entry) ? entry : null, target));
  });
  const failuresDir = join(runDir, "failures");
  if (isDirectory(failuresDir)) {
    const extra = readdirSync(failuresDir)
      .filter((name) => !seen.has(name) && isDirectory(join(failuresDir, name)))
      .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    for (const name of extra) views.push(readFailure(name, join(failuresDir, name), null, target));
  }
  return views;
}

// ---------------------------------------------------------------------------------------
// The timeline

/** Geometry of the timeline, in SVG user units (pixels). */
const TL = {
  left: 118,
  top: 40,
  laneHeight: 40,
  step: 16,
  minColumn: 52,
  columnPad: 14,
  endColumn: 70,
  right: 16,
  /** Columns of a short program are widened towards this width. */
  minWidth: 720,
  /** Room for the legend. */
  legendWidth: 470,
  bottom: 34,
} as const;

interface TimelineMark {
  side: "python" | "ours";
  /** Trace line (0-based) or -1 for the outcome and final-state marks. */
  line: number;
  lane: string;
  x: number;
  title: string;
  divergent: boolean;
  after: boolean;
  kind: "event" | "outcome" | "final";
}

/**
 * The lanes of a timeline: `main`, then every task in the order the traces first mention
 * it (acting, or spawned by a `spawn` event), then {@link CALLBACK_LANE}.
 *
 * @example
 * ```ts
 * timelineLanes([trace]); // ["main", "t1", "t5", "t2", "(callbacks)"]
 * ```
 */
export function timelineLanes(traces: Trace[]): string[] {
  const lanes: string[] = ["main"];
  const add = (name: string): void => {
    if (name !== CALLBACK_LANE && !lanes.includes(name)) lanes.push(name);
  };
  for (const trace of traces) {
    for (const event of trace.events) {
      if (event.task !== null) add(event.task);
      const spawned = /^spawn (\S+)$/.exec(event.what);
      if (spawned?.[1] !== undefined) add(spawned[1]);
    }
  }
  lanes.push(CALLBACK_LANE);
  return lanes;
}

/**
 * An SVG timeline of one failing program: one lane per task (plus one for callbacks),
 * columns of virtual time left to right (events at the same time side by side, in trace
 * order), CPython's events as circles above our events as squares in each lane, each mark
 * with a `<title>` naming its event, and the first divergent event highlighted (class
 * `divergent`, ids `<id>-mark-python` and `<id>-mark-ours`). A last column shows how
 * `main` ended and every task's final state on both sides.
 *
 * @example
 * ```ts
 * const svg = renderTimeline("failure-1", pythonTrace, ourTrace, diffTraces(pythonTrace, ourTrace));
 * ```
 */
export function renderTimeline(id: string, python: Trace, ours: Trace, divergence: Divergence | null): string {
  const lanes = timelineLanes([python, ours]);
  const laneOf = (task: string | null): string => task ?? CALLBACK_LANE;
  const at = divergence?.index ?? Number.POSITIVE_INFINITY;

  // Columns: one per distinct virtual time, wide enough for the events at that time on
  // either side.
  const perTime = new Map<number, number>();
  for (const trace of [python, ours]) {
    const here = new Map<number, number>();
    for (const e of trace.events) here.set(e.t, (here.get(e.t) ?? 0) + 1);
    for (const [t, n] of here) perTime.set(t, Math.max(perTime.get(t) ?? 0, n));
  }
  const times = [...perTime.keys()].sort((a, b) => a - b);
  const natural = times.map((t) => Math.max(TL.minColumn, TL.columnPad * 2 + ((perTime.get(t) ?? 1) - 1) * TL.step));
  // A short program's columns are widened (up to 3 times) to a readable width.
  const naturalWidth = natural.reduce((a, b) => a + b, 0);
  const stretch = naturalWidth > 0 ? Math.min(3, Math.max(1, TL.minWidth / naturalWidth)) : 1;
  const columnStart = new Map<number, number>();
  let x = TL.left;
  const columns: { t: number; x: number; width: number }[] = [];
  times.forEach((t, i) => {
    const width = Math.round((natural[i] ?? TL.minColumn) * stretch);
    columnStart.set(t, x);
    columns.push({ t, x, width });
    x += width;
  });
  const endX = x + TL.endColumn / 2;
  const width = Math.max(x + TL.endColumn + TL.right, TL.left + TL.legendWidth);
  const height = TL.top + lanes.length * TL.laneHeight + TL.bottom;
  const laneY = (lane: string): number => TL.top + Math.max(0, lanes.indexOf(lane)) * TL.laneHeight;
  const trackY = (lane: string, side: TimelineMark["side"]): number =>
    laneY(lane) + (side === "python" ? TL.laneHeight * 0.32 : TL.laneHeight * 0.68);

  const marks: TimelineMark[] = [];
  const sideName = { python: "CPython", ours: "asyncio-ts" } as const;
  for (const [side, trace] of [["python", python], ["ours", ours]] as const) {
    const used = new Map<number, number>();
    trace.events.forEach((event, line) => {
      const k = used.get(event.t) ?? 0;
      used.set(event.t, k + 1);
      marks.push({
        side,
        line,
        lane: laneOf(event.task),
        x: (columnStart.get(event.t) ?? TL.left) + (TL.columnPad + k * TL.step) * stretch,
        title: `${sideName[side]}, trace line ${line + 1}: ${describeEvent(event)}`,
        divergent: line === at,
        after: line > at,
        kind: "event",
      });
    });
    const outcomeLine = trace.events.length;
    marks.push({
      side,
      line: outcomeLine,
      lane: "main",
      x: endX - 8,
      title: `${sideName[side]}, trace line ${outcomeLine + 1}: main ${stableJson(trace.outcome)}`,
      divergent: outcomeLine === at,
      after: outcomeLine > at,
      kind: "outcome",
    });
  }
  // Final states: highlighted where the two sides differ, when the final line diverges.
  const finalOf = (trace: Trace): Map<string, string> => new Map(trace.final.map((f) => [f.name, stableJson(f.state)]));
  const finals = { python: finalOf(python), ours: finalOf(ours) };
  const finalDiverges = divergence?.section === "final";
  for (const side of ["python", "ours"] as const) {
    const other = side === "python" ? finals.ours : finals.python;
    const trace = side === "python" ? python : ours;
    const line = trace.events.length + 1;
    for (const [name, state] of finals[side]) {
      if (!lanes.includes(name)) continue; // futures have no lane
      marks.push({
        side,
        line,
        lane: name,
        x: endX + 8,
        title: `${sideName[side]}, final state of ${name}: ${state}`,
        divergent: finalDiverges && other.get(name) !== state,
        after: false,
        kind: "final",
      });
    }
  }

  const out: string[] = [];
  out.push(
    `<svg class="timeline" id="${esc(id)}-timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${esc(id)}-timeline-title">`,
    `<title id="${esc(id)}-timeline-title">Timeline of failure ${esc(id)}: ${lanes.length - 1} tasks and the callbacks over virtual time</title>`,
  );
  // Lanes.
  lanes.forEach((lane, i) => {
    const y = laneY(lane);
    out.push(
      `<g class="lane${lane === CALLBACK_LANE ? " callbacks" : ""}" data-lane="${esc(lane)}">`,
      `<rect class="lane-bg${i % 2 ? " odd" : ""}" x="0" y="${y}" width="${width}" height="${TL.laneHeight}"/>`,
      `<text class="lane-label" x="${TL.left - 10}" y="${y + TL.laneHeight / 2 + 4}" text-anchor="end">${esc(lane)}</text>`,
      `<line class="track" x1="${TL.left}" x2="${x}" y1="${trackY(lane, "python")}" y2="${trackY(lane, "python")}"/>`,
      `<line class="track" x1="${TL.left}" x2="${x}" y1="${trackY(lane, "ours")}" y2="${trackY(lane, "ours")}"/>`,
      `</g>`,
    );
  });
  // Time columns and the axis.
  const bottom = TL.top + lanes.length * TL.laneHeight;
  out.push(`<g class="axis">`);
  for (const column of columns) {
    out.push(
      `<line class="grid" x1="${column.x}" x2="${column.x}" y1="${TL.top - 6}" y2="${bottom}"/>`,
      `<text class="tick" x="${column.x + 4}" y="${TL.top - 10}">${esc(pyFloatRepr(column.t))}</text>`,
    );
  }
  out.push(
    `<line class="grid end" x1="${x}" x2="${x}" y1="${TL.top - 6}" y2="${bottom}"/>`,
    `<text class="tick" x="${x + 4}" y="${TL.top - 10}">end</text>`,
    `<text class="axis-label" x="${TL.left}" y="${TL.top - 26}">virtual time (s) →</text>`,
    `</g>`,
  );
  // Guides through the divergent events.
  for (const mark of marks) {
    if (mark.divergent && mark.kind === "event") {
      out.push(`<line class="divergence-guide" x1="${mark.x}" x2="${mark.x}" y1="${TL.top}" y2="${bottom}"/>`);
    }
  }
  // Marks: the divergent ones last, so they are drawn on top.
  const ordered = [...marks.filter((m) => !m.divergent), ...marks.filter((m) => m.divergent)];
  const firstDivergent = new Set<TimelineMark>();
  for (const side of ["python", "ours"] as const) {
    const first = marks.find((m) => m.divergent && m.side === side);
    if (first) firstDivergent.add(first);
  }
  for (const mark of ordered) {
    const classes = ["mark", mark.side, mark.kind];
    if (mark.divergent) classes.push("divergent");
    if (mark.after) classes.push("after");
    const idAttr = firstDivergent.has(mark) ? ` id="${esc(id)}-mark-${mark.side}"` : "";
    const y = trackY(mark.lane, mark.side);
    const title = `<title>${esc(mark.title)}</title>`;
    const r = mark.divergent ? 7 : 5;
    const shape =
      mark.kind === "outcome"
        ? `<path d="M${mark.x} ${y - r} L${mark.x + r} ${y} L${mark.x} ${y + r} L${mark.x - r} ${y} Z"/>`
        : mark.side === "python"
          ? `<circle cx="${mark.x}" cy="${y}" r="${r}"/>`
          : `<rect x="${mark.x - r}" y="${y - r}" width="${r * 2}" height="${r * 2}" rx="1.5"/>`;
    const halo = mark.divergent ? `<circle class="halo" cx="${mark.x}" cy="${y}" r="${r + 5}"/>` : "";
    out.push(
      `<g class="${classes.join(" ")}"${idAttr} data-line="${mark.line + 1}" data-lane="${esc(mark.lane)}">${title}${halo}${shape}</g>`,
    );
  }
  // Legend.
  const ly = height - 12;
  out.push(
    `<g class="legend">`,
    `<circle class="legend-python" cx="${TL.left + 6}" cy="${ly - 4}" r="5"/><text x="${TL.left + 16}" y="${ly}">CPython</text>`,
    `<rect class="legend-ours" x="${TL.left + 81}" y="${ly - 9}" width="10" height="10" rx="1.5"/><text x="${TL.left + 97}" y="${ly}">asyncio-ts</text>`,
    `<path class="legend-outcome" d="M${TL.left + 181} ${ly - 10} L${TL.left + 187} ${ly - 4} L${TL.left + 181} ${ly + 2} L${TL.left + 175} ${ly - 4} Z"/><text x="${TL.left + 193}" y="${ly}">how main ended</text>`,
    `<circle class="legend-divergent" cx="${TL.left + 306}" cy="${ly - 4}" r="8"/><text x="${TL.left + 320}" y="${ly}">first divergence</text>`,
    `</g>`,
    `</svg>`,
  );
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------
// The page

const CSS = `
:root { --fg: #1d232b; --muted: #5d6773; --line: #d9dee5; --bg: #ffffff; --panel: #f6f8fa;
  --py: #2f6ea8; --ts: #d9731a; --bad: #c62828; --bad-bg: #fdecea; --good: #2e7d32; --good-bg: #e8f5e9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1480px; margin: 0 auto; padding: 20px 28px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
code, pre, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.subtitle { color: var(--muted); margin: 0 0 14px; }
.verdict { display: inline-block; padding: 4px 12px; border-radius: 14px; font-weight: 600; }
.verdict.ok { color: var(--good); background: var(--good-bg); }
.verdict.bad { color: var(--bad); background: var(--bad-bg); }
.notice { padding: 8px 12px; border-left: 4px solid var(--bad); background: var(--bad-bg); margin: 10px 0; white-space: pre-wrap; }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 14px 0; }
.stat { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 0; }
.stat dt { color: var(--muted); font-size: 12px; }
.stat dd { margin: 2px 0 0; font-size: 18px; font-weight: 600; overflow-wrap: anywhere; }
.stat dd .sub { font-size: 12px; font-weight: 400; color: var(--muted); }
.stat.bad dd { color: var(--bad); }
.stat.good dd { color: var(--good); }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 10px 32px; }
.bar-cell { width: 220px; }
.bar { height: 10px; background: var(--py); border-radius: 2px; margin-top: 5px; min-width: 1px; }
.bar.zero { background: var(--line); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
nav.toc ol { margin: 4px 0; padding-left: 22px; }
article.failure { border: 1px solid var(--line); border-radius: 10px; padding: 4px 18px 18px; margin: 22px 0; }
article.failure > h2 { border: 0; margin-top: 14px; }
.key { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 1px 6px; }
pre.command { background: #0f1720; color: #e6edf3; padding: 8px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
.side-by-side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 14px; }
figure.program { margin: 0; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
figure.program figcaption { padding: 5px 12px; font-weight: 600; border-bottom: 1px solid var(--line); }
figure.program.python figcaption { background: #e7f0f8; color: var(--py); }
figure.program.typescript figcaption { background: #fbefe4; color: #9a4d07; }
figure.program pre { margin: 0; padding: 8px 12px 8px 0; overflow-x: auto; background: var(--panel); counter-reset: line; }
figure.program .line::before { counter-increment: line; content: counter(line); display: inline-block; width: 3.2em; padding-right: 1em; text-align: right; color: #9aa4af; user-select: none; }
.timeline-box { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
.caption { color: var(--muted); font-size: 12.5px; margin: 4px 0 8px; }
svg.timeline { display: block; font-family: system-ui, "DejaVu Sans", sans-serif; font-size: 12px; }
svg.timeline .lane-bg { fill: #ffffff; }
svg.timeline .lane-bg.odd { fill: #f5f7f9; }
svg.timeline .lane.callbacks .lane-bg { fill: #f3f0fa; }
svg.timeline .lane-label { fill: var(--fg); font-weight: 600; font-family: "DejaVu Sans Mono", monospace; }
svg.timeline .track { stroke: #dde2e8; stroke-width: 1; }
svg.timeline .grid { stroke: #c9d0d8; stroke-dasharray: 3 3; }
svg.timeline .grid.end { stroke: #8d99a6; stroke-dasharray: none; }
svg.timeline .tick { fill: var(--muted); font-size: 11px; }
svg.timeline .axis-label { fill: var(--muted); font-size: 11px; }
svg.timeline .mark.python circle, svg.timeline .mark.python path, .legend-python { fill: var(--py); }
svg.timeline .mark.ours rect, svg.timeline .mark.ours path, .legend-ours { fill: var(--ts); }
svg.timeline .mark.after { opacity: 0.55; }
svg.timeline .mark.final circle, svg.timeline .mark.final rect { fill-opacity: 0.35; stroke-width: 1.5; }
svg.timeline .mark.python.final circle { stroke: var(--py); }
svg.timeline .mark.ours.final rect { stroke: var(--ts); }
svg.timeline .mark.divergent { opacity: 1; }
svg.timeline .mark.divergent circle:not(.halo), svg.timeline .mark.divergent rect, svg.timeline .mark.divergent path { stroke: var(--bad); stroke-width: 2.5; }
svg.timeline .mark .halo, .legend-divergent { fill: none; stroke: var(--bad); stroke-width: 2.5; }
svg.timeline .divergence-guide { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg.timeline .legend text { fill: var(--muted); }
svg.timeline .legend-outcome { fill: #8d99a6; }
table.traces { width: 100%; table-layout: fixed; border: 1px solid var(--line); }
table.traces col.n { width: 3.4em; }
table.traces col.sep { width: 1.6em; }
table.traces th { background: var(--panel); padding: 5px 8px; border-bottom: 1px solid var(--line); }
table.traces td { padding: 2px 8px; border-top: 1px solid #eef1f4; white-space: pre-wrap; overflow-wrap: anywhere; }
table.traces td.n { color: #9aa4af; text-align: right; }
table.traces td.sep { color: var(--bad); text-align: center; font-weight: 700; }
table.traces tr.differs td { background: #fff7e6; }
table.traces tr.divergence td { background: var(--bad-bg); border-top: 2px solid var(--bad); border-bottom: 2px solid var(--bad); font-weight: 600; }
table.traces tr.divergence td.n { color: var(--bad); }
details { margin: 8px 0; }
details summary { cursor: pointer; color: var(--muted); }
details pre { background: var(--panel); padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
ul.files { margin: 4px 0; padding-left: 20px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

function stat(name: string, label: string, value: string, options: { cls?: string; sub?: string } = {}): string {
  const sub = options.sub ? ` <span class="sub">${esc(options.sub)}</span>` : "";
  return `<div class="stat${options.cls ? ` ${options.cls}` : ""}" data-stat="${esc(name)}"><dt>${esc(label)}</dt><dd><span class="value">${esc(value)}</span>${sub}</dd></div>`;
}

function renderSummary(summary: unknown, failureCount: number): string {
  const out: string[] = [];
  const completed = num(summary, "completed");
  const runs = num(summary, "runs");
  const agree = num(summary, "agree");
  const diverge = num(summary, "diverge");
  const referenceErrors = num(summary, "referenceErrors");
  const interpreter = field(summary, "interpreter");
  const faults = strings(summary, "faults");
  const feature = str(summary, "feature");
  const shard = str(summary, "shard");
  const interrupted = field(summary, "interrupted") === true;

  const ok = (diverge ?? 0) === 0 && (referenceErrors ?? 0) === 0 && failureCount === 0 && !interrupted;
  const verdict = ok
    ? `all ${fmtNum(completed)} programs agree with CPython`
    : `${plural(diverge ?? failureCount, "program")} diverge${(diverge ?? failureCount) === 1 ? "s" : ""}` +
      (referenceErrors ? `, ${plural(referenceErrors, "reference error")}` : "") +
      (interrupted ? ", interrupted" : "");
  out.push(`<p><span class="verdict ${ok ? "ok" : "bad"}" id="verdict">${esc(verdict)}</span></p>`);

  out.push(`<section id="summary"><h2>Summary</h2><dl class="stats">`);
  out.push(
    stat("completed", "Programs run", fmtNum(completed), runs !== null && runs !== completed ? { sub: `of ${runs}` } : {}),
    stat("agree", "Agreeing", fmtNum(agree), { cls: "good" }),
    stat("diverge", "Diverging", fmtNum(diverge), { cls: diverge ? "bad" : "good" }),
    stat("referenceErrors", "Reference errors", fmtNum(referenceErrors), { cls: referenceErrors ? "bad" : "good" }),
    stat("oursErrors", "Errors on our loop", fmtNum(num(summary, "oursErrors")), { cls: num(summary, "oursErrors") ? "bad" : "good" }),
    stat("interpreter", "Interpreter", `CPython ${str(interpreter, "version") ?? DASH}`, { sub: str(interpreter, "path") ?? "" }),
    stat("target", "Target", str(summary, "target") ?? DASH),
    stat("seed", "Seed", fmtNum(num(summary, "seed"))),
    stat("seconds", "Duration", fmtSeconds(num(summary, "seconds"))),
    stat("programsPerSecond", "Programs/s", fmtNum(num(summary, "programsPerSecond")), {
      sub: num(summary, "workers") === null ? "" : `${plural(num(summary, "workers") ?? 0, "worker")}`,
    }),
    stat("startedAt", "Started", (str(summary, "startedAt") ?? DASH).replace("T", " ").replace(/\.\d+Z$/, " UTC")),
  );
  if (faults.length) out.push(stat("faults", "Injected faults (test-only)", faults.join(", "), { cls: "bad" }));
  if (feature) out.push(stat("feature", "Feature area", feature));
  if (shard) out.push(stat("shard", "Shard", shard));
  if (interrupted) out.push(stat("interrupted", "Interrupted", "yes", { cls: "bad" }));
  out.push(`</dl></section>`);

  // What the programs exercised.
  const exercised = field(summary, "exercised");
  if (isObj(exercised)) {
    out.push(`<section id="exercised"><h2>What the programs exercised</h2><div class="columns"><div>`);
    out.push(`<h3>Per program</h3><table class="spreads"><thead><tr><th></th><th class="num">min</th><th class="num">mean</th><th class="num">max</th><th class="num">total</th></tr></thead><tbody>`);
    for (const [key, label] of [
      ["tasksPerProgram", "tasks"],
      ["eventsPerProgram", "events"],
      ["statementsPerProgram", "statements"],
    ] as const) {
      const s = field(exercised, key);
      out.push(
        `<tr data-spread="${key}"><th>${label}</th><td class="num">${fmtNum(num(s, "min"))}</td><td class="num">${fmtNum(num(s, "mean"))}</td><td class="num">${fmtNum(num(s, "max"))}</td><td class="num">${fmtNum(num(s, "total"))}</td></tr>`,
      );
    }
    out.push(`</tbody></table>`);
    const endings = counts(exercised, "endings").sort((a, b) => b[1] - a[1]);
    out.push(`<h3>How main ended</h3><table class="endings"><tbody>`);
    for (const [kind, n] of endings) out.push(`<tr><th>${esc(kind)}</th><td class="num">${n}</td></tr>`);
    if (endings.length === 0) out.push(`<tr><td>${DASH}</td></tr>`);
    out.push(`</tbody></table>`);
    const trivial = num(exercised, "trivialPrograms");
    out.push(`<p>Trivial programs (fewer than 3 tasks or 10 events): <strong>${fmtNum(trivial)}</strong></p>`);
    const sensitive = counts(exercised, "versionSensitive");
    out.push(`<h3>Version-specific</h3>`);
    if (sensitive.length === 0) out.push(`<p>(not measured: run with --neighbours to interpret every program under the neighbouring releases too)</p>`);
    else {
      out.push(`<ul>`);
      for (const [version, n] of sensitive) {
        out.push(`<li>${esc(plural(n, "program"))} would trace differently under Python ${esc(version)}</li>`);
      }
      out.push(`</ul>`);
    }
    out.push(`</div><div>`);
    const statements = counts(exercised, "statements");
    const most = Math.max(1, ...statements.map(([, n]) => n));
    out.push(`<h3>Statements of each kind</h3><table class="statements"><tbody>`);
    for (const [kind, n] of statements) {
      const pct = (n / most) * 100;
      out.push(
        `<tr data-kind="${esc(kind)}"><th class="mono">${esc(kind)}</th><td class="num">${n}</td><td class="bar-cell"><div class="bar${n === 0 ? " zero" : ""}" style="width: ${n === 0 ? 1 : pct.toFixed(1)}%"></div></td></tr>`,
      );
    }
    out.push(`</tbody></table></div></div></section>`);
  }

  const warnings = strings(summary, "warnings");
  if (warnings.length) {
    out.push(`<section id="warnings"><h2>Warnings</h2>`);
    for (const w of warnings) out.push(`<div class="notice">${esc(w)}</div>`);
    out.push(`</section>`);
  }
  const keys = list(summary, "failureKeys");
  if (keys.length) {
    const shrunk = new Set(list(summary, "failures").map((f) => str(f, "key")));
    out.push(`<section id="failure-keys"><h2>Kinds of divergence</h2><table><thead><tr><th>key</th><th class="num">programs</th><th class="num">first program</th><th>shrunk</th><th>reproduce the first program</th></tr></thead><tbody>`);
    for (const k of keys) {
      const key = str(k, "key") ?? "?";
      out.push(
        `<tr><td class="mono">${esc(key)}</td><td class="num">${fmtNum(num(k, "count"))}</td><td class="num">${fmtNum(num(k, "firstIndex"))}</td><td>${shrunk.has(key) ? "yes" : "no"}</td><td class="mono">${esc(str(k, "repro") ?? "")}</td></tr>`,
      );
    }
    out.push(`</tbody></table></section>`);
  }
  const referenceErrorList = list(summary, "referenceErrorList");
  if (referenceErrorList.length) {
    out.push(`<section id="reference-errors"><h2>Reference errors</h2>`);
    for (const e of referenceErrorList) {
      out.push(
        `<details><summary>program ${esc(fmtNum(num(e, "index")))} (${esc(str(e, "kind") ?? "?")})</summary><pre>${esc(str(e, "error") ?? "")}</pre>${str(e, "repro") ? `<pre class="command">${esc(str(e, "repro") ?? "")}</pre>` : ""}</details>`,
      );
    }
    out.push(`</section>`);
  }
  return out.join("\n");
}

function codeBlock(source: string | null): string {
  if (source === null) return `<pre><code><span class="line">(not available)</span></code></pre>`;
  const lines = source.replace(/\n+$/, "").split("\n");
  // Inline spans separated by newlines: the text copies (and reads) as the source itself.
  return `<pre><code>${lines.map((l) => `<span class="line">${esc(l)}</span>`).join("\n")}</code></pre>`;
}

function renderTraces(id: string, view: FailureView): string {
  if (!view.python || !view.ours) return `<p>(the traces could not be read)</p>`;
  const theirs = traceLines(view.python);
  const mine = traceLines(view.ours);
  const at = view.divergence?.index ?? -1;
  const rows: string[] = [];
  for (let i = 0; i < Math.max(theirs.length, mine.length); i++) {
    const left = theirs[i];
    const right = mine[i];
    const classes = [i === at ? "divergence" : left === right ? "agree" : "differs"];
    const idAttr = i === at ? ` id="${esc(id)}-divergence"` : "";
    rows.push(
      `<tr class="${classes.join(" ")}"${idAttr} data-line="${i + 1}"><td class="n">${i + 1}</td><td class="python mono">${esc(left ?? "")}</td><td class="sep">${left === right ? "" : "≠"}</td><td class="ours mono">${esc(right ?? "")}</td></tr>`,
    );
  }
  return (
    `<table class="traces" id="${esc(id)}-traces"><colgroup><col class="n"><col><col class="sep"><col></colgroup>` +
    `<thead><tr><th>#</th><th>CPython ${esc(`(${theirs.length} lines)`)}</th><th></th><th>asyncio-ts ${esc(`(${mine.length} lines)`)}</th></tr></thead>` +
    `<tbody>${rows.join("\n")}</tbody></table>`
  );
}

function renderFailure(view: FailureView, summary: unknown, shownDir: string): string {
  const id = `failure-${view.n.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const entry = view.entry;
  const out: string[] = [];
  const index = num(entry, "index");
  out.push(`<article class="failure" id="${esc(id)}">`);
  out.push(`<h2>Failure ${esc(view.n)}${index === null ? "" : `: program ${index}`}</h2>`);
  const key = str(entry, "key") ?? view.divergence?.key ?? null;
  const facts: string[] = [];
  if (key) facts.push(`kind <code class="key">${esc(key)}</code>`);
  const size = num(entry, "statements");
  const minimal = num(entry, "minimalStatements");
  if (size !== null && minimal !== null) facts.push(`shrunk from ${esc(plural(size, "statement"))} to ${esc(String(minimal))}`);
  if (view.divergence) {
    facts.push(`first divergence at trace line <a href="#${esc(id)}-divergence">${view.divergence.index + 1}</a> (${esc(view.divergence.section)})`);
  } else if (view.python && view.ours) {
    facts.push("the two traces on disk agree");
  }
  if (facts.length) out.push(`<p>${facts.join("; ")}</p>`);
  for (const problem of view.problems) out.push(`<div class="notice">${esc(problem)}</div>`);

  // How to reproduce it.
  out.push(`<h3>Reproduce</h3>`);
  const commands: string[] = [];
  const repro = str(entry, "repro");
  if (repro) commands.push(repro);
  if (view.dir) {
    const shown = join(shownDir, "failures", view.n);
    commands.push(`npm run repro -- ${join(shown, "program.json")}`);
    commands.push(`python3 ${join(shown, "repro.py")}`);
    commands.push(`npx tsx ${join(shown, "repro.ts")}`);
  }
  out.push(`<pre class="command repro" id="${esc(id)}-repro">${esc(commands.join("\n"))}</pre>`);
  if (view.dir) {
    const files = ["program.json", "repro.py", "repro.ts", "trace.python.json", "trace.ours.json", "diff.txt"].filter((f) =>
      existsSync(join(view.dir ?? "", f)),
    );
    out.push(
      `<ul class="files">${files.map((f) => `<li><a href="failures/${esc(encodeURIComponent(view.n))}/${esc(f)}">${esc(`failures/${view.n}/${f}`)}</a></li>`).join("")}</ul>`,
    );
  }

  // The timeline.
  if (view.python && view.ours) {
    out.push(`<h3>Timeline</h3>`);
    out.push(
      `<p class="caption">One lane per task and one for callbacks; each column is one virtual time, events at the same time in trace order. CPython above (circles), asyncio-ts below (squares) in each lane; the first divergent event is ringed in red. Hover a mark for its event.</p>`,
    );
    out.push(`<div class="timeline-box">${renderTimeline(id, view.python, view.ours, view.divergence)}</div>`);
  }

  // The minimal program.
  const target = str(summary, "target") ?? view.program?.python ?? "";
  out.push(`<h3>Minimal program${target ? ` (Python ${esc(target)} semantics)` : ""}</h3>`);
  out.push(
    `<div class="side-by-side programs">`,
    `<figure class="program python" id="${esc(id)}-python"><figcaption>Python</figcaption>${codeBlock(view.pythonSource)}</figure>`,
    `<figure class="program typescript" id="${esc(id)}-typescript"><figcaption>TypeScript (asyncio-ts)</figcaption>${codeBlock(view.tsSource)}</figure>`,
    `</div>`,
  );

  // Both traces.
  out.push(`<h3>Traces</h3>`);
  out.push(renderTraces(id, view));
  if (view.diffText !== null) {
    out.push(`<details><summary>diff.txt</summary><pre>${esc(view.diffText)}</pre></details>`);
  }
  out.push(`</article>`);
  return out.join("\n");
}

/**
 * Renders the run directory `runDir` (as written by a campaign) as one self-contained
 * HTML page: the summary, what the programs exercised, and every failure with its minimal
 * program in Python and TypeScript, both traces with the first divergent line marked
 * (`tr.divergence`, id `failure-<n>-divergence`), its repro commands and an SVG timeline.
 * Files that are missing or malformed are reported on the page; only an unreadable
 * `runDir` itself throws. `shownAs` is the directory the page names in its commands when
 * it is rendered from elsewhere (a report being staged before it moves into place).
 *
 * @example
 * ```ts
 * const html = renderReport("reports/2026-11-25T14-55-01-seed1");
 * html.includes('id="failure-1-divergence"'); // true when the run had a failure
 * ```
 */
export function renderReport(runDir: string, options: { shownAs?: string } = {}): string {
  const shownDir = options.shownAs ?? runDir;
  if (!isDirectory(runDir)) throw new Error(`${runDir} is not a run directory`);
  const notices: string[] = [];
  const summaryPath = join(runDir, "summary.json");
  const summaryText = readText(summaryPath);
  let summary: unknown = undefined;
  if (summaryText === null) {
    notices.push("summary.json is missing: the campaign did not finish. The failures written so far are shown below.");
  } else {
    try {
      summary = JSON.parse(summaryText) as unknown;
      const checked = CampaignSummary.safeParse(summary);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        notices.push(
          `summary.json does not match the current summary schema (at ${issue?.path.join(".") || "(top level)"}: ${issue?.message ?? "invalid"}); what it holds is shown as is.`,
        );
      }
    } catch (error) {
      notices.push(`summary.json is not JSON: ${errorText(error)}`);
      summary = undefined;
    }
  }
  const target = asTarget(str(summary, "target"));
  const failures = readFailures(runDir, summary, target);
  const runId = str(summary, "runId") ?? basename(runDir);

  const body: string[] = [];
  body.push(`<header><h1>asyncio-ts conformance report</h1>`);
  body.push(
    `<p class="subtitle">run <code>${esc(runId)}</code>: generated programs run on asyncio-ts and on CPython under a virtual clock, their traces compared event by event</p></header>`,
  );
  for (const notice of notices) body.push(`<div class="notice">${esc(notice)}</div>`);
  body.push(renderSummary(summary, failures.length));
  body.push(renderCoverageHtml(summary)); // empty unless the campaign ran with --coverage

  body.push(`<section id="failures"><h2>Failures</h2>`);
  if (failures.length === 0) {
    body.push(`<p id="no-failures">No divergence: every program's trace equals CPython's.</p>`);
  } else {
    const diverge = num(summary, "diverge");
    if (diverge !== null && diverge > failures.length) {
      body.push(
        `<p>${esc(plural(diverge, "program"))} diverged; the first of each kind (up to the campaign's limit) was shrunk to a minimal program and is shown here.</p>`,
      );
    }
    body.push(`<nav class="toc"><ol>`);
    for (const view of failures) {
      const id = `failure-${view.n.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const key = str(view.entry, "key") ?? view.divergence?.key ?? "";
      body.push(`<li><a href="#${esc(id)}">Failure ${esc(view.n)}</a> <code class="key">${esc(key)}</code></li>`);
    }
    body.push(`</ol></nav>`);
    for (const view of failures) body.push(renderFailure(view, summary, shownDir));
  }
  body.push(`</section>`);
  body.push(
    `<footer>Written by asyncio-ts from ${esc(shownDir)}. Reproduce a failure with the commands above; <code>summary.json</code> holds these numbers as data.</footer>`,
  );

  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(`Conformance report ${runId}`)}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body><main>`,
    ...body,
    `</main></body>`,
    `</html>`,
    ``,
  ].join("\n");
}

/**
 * Writes {@link renderReport}'s page to `<runDir>/index.html` atomically and returns its
 * path.
 *
 * @example
 * ```ts
 * const { runDir } = await runCampaign({ runs: 200, seed: 1, interpreter });
 * if (runDir) console.log(writeHtmlReport(runDir)); // reports/<run-id>/index.html
 * ```
 */
export function writeHtmlReport(runDir: string, options: { shownAs?: string } = {}): string {
  const path = join(runDir, "index.html");
  writeFileAtomic(path, renderReport(runDir, options));
  return path;
}
