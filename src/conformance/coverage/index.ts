/**
 * Reference coverage (`npm run conformance -- --coverage`): which lines of the reference
 * interpreter's asyncio package a campaign's programs execute, measured with a
 * standard-library tracer in pure-Python reference workers, against what CPython's own
 * test suite reaches in the same build, with the out-of-scope lines of
 * `coverage.out-of-scope.json` left out. See run.ts for the pass, baseline.ts for the
 * baseline and its cache, scope.ts for the rules, summary.ts for what summary.json holds,
 * render.ts for the text, Markdown and HTML views.
 *
 * @example
 * ```ts
 * import { CoverageRun } from "./coverage/index.ts";
 * const run = await CoverageRun.start({ interpreter, target: interpreter.python }, {});
 * ```
 * @module
 */
export * from "./baseline.ts";
export * from "./lines.ts";
export * from "./measure.ts";
export * from "./merge.ts";
export * from "./render.ts";
export * from "./run.ts";
export * from "./scope.ts";
export * from "./summary.ts";
export * from "./trace_check.ts";
