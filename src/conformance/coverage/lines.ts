/**
 * Line sets of CPython's `asyncio` package as the coverage tracer
 * (`python-reference/coverage_tracer.py`) reports them, and the reference-worker mode that
 * turns the tracer on. A line set is `{module: {qualname: [line, ...]}}`: the lines of each
 * function (method, nested function, lambda) that ran, keyed by the module's name in the
 * package (`tasks`, `base_events`) and the function's qualified name (`Task.__step`).
 *
 * A worker in coverage mode answers each program with the lines it reached *for the first
 * time* (a delta), so the union of a campaign's answers is everything its programs reached
 * and each line crosses the pipe once per worker.
 *
 * @example
 * ```ts
 * const union = new LineUnion();
 * union.add({ tasks: { sleep: [640, 641] } });
 * union.add({ tasks: { sleep: [641, 643] } });
 * union.toJSON(); // { tasks: { sleep: [640, 641, 643] } }
 * ```
 * @module
 */
import { z } from "zod";

/**
 * Lines per function per module, as the tracer reports them (each list sorted, no
 * duplicates within one report).
 *
 * @example
 * ```ts
 * const lines: CoverageLines = { locks: { "Lock.acquire": [100, 101, 104] } };
 * ```
 */
export type CoverageLines = Record<string, Record<string, number[]>>;

/**
 * The zod schema of {@link CoverageLines}: what a worker's `coverage` field and a cached
 * baseline's `lines` must look like.
 *
 * @example
 * ```ts
 * CoverageLinesSchema.parse({ tasks: { sleep: [640] } });
 * ```
 */
export const CoverageLinesSchema: z.ZodType<CoverageLines> = z.record(
  z.string(),
  z.record(z.string(), z.array(z.number().int().positive())),
);

/**
 * How a reference worker runs: with the `_asyncio` accelerator blocked (`purePython`, so
 * Task and Future are the Python classes of tasks.py and futures.py), under the coverage
 * tracer (`coverage`), with a given tracer (`tracer`, default: `sys.monitoring` on 3.12+,
 * else `sys.settrace`).
 *
 * @example
 * ```ts
 * const mode: ReferenceMode = { purePython: true, coverage: true };
 * ```
 */
export interface ReferenceMode {
  purePython?: boolean;
  coverage?: boolean;
  tracer?: "settrace" | "sys.monitoring";
}

/**
 * The command-line flags worker.py takes for a {@link ReferenceMode}.
 *
 * @example
 * ```ts
 * workerFlags({ purePython: true, coverage: true }); // ["--pure-python", "--coverage"]
 * ```
 */
export function workerFlags(mode: ReferenceMode | undefined): string[] {
  if (mode === undefined) return [];
  return [
    ...(mode.purePython ? ["--pure-python"] : []),
    ...(mode.coverage ? ["--coverage"] : []),
    ...(mode.tracer ? ["--tracer", mode.tracer] : []),
  ];
}

/**
 * The union of line sets (a campaign's, a baseline's).
 *
 * @example
 * ```ts
 * const union = new LineUnion();
 * union.add(result.coverage ?? {});
 * union.count("tasks"); // lines of tasks.py reached so far
 * ```
 */
export class LineUnion {
  private readonly modules = new Map<string, Map<string, Set<number>>>();

  /** Adds a line set (a worker's delta, or a whole set). */
  add(lines: CoverageLines): void {
    for (const [module, functions] of Object.entries(lines)) {
      let byFunction = this.modules.get(module);
      if (byFunction === undefined) this.modules.set(module, (byFunction = new Map()));
      for (const [qualname, numbers] of Object.entries(functions)) {
        let set = byFunction.get(qualname);
        if (set === undefined) byFunction.set(qualname, (set = new Set()));
        for (const n of numbers) set.add(n);
      }
    }
  }

  /** The lines of one function (empty when it never ran). */
  lines(module: string, qualname: string): ReadonlySet<number> {
    return this.modules.get(module)?.get(qualname) ?? new Set();
  }

  /** The functions of a module that ran, by qualified name. */
  functions(module: string): string[] {
    return [...(this.modules.get(module)?.keys() ?? [])];
  }

  /** The modules with any line reached. */
  moduleNames(): string[] {
    return [...this.modules.keys()];
  }

  /** The distinct lines of a module reached by any of its functions. */
  moduleLines(module: string): Set<number> {
    const out = new Set<number>();
    for (const set of this.modules.get(module)?.values() ?? []) for (const n of set) out.add(n);
    return out;
  }

  /** How many distinct lines of a module (or of every module, summed) were reached. */
  count(module?: string): number {
    const names = module === undefined ? [...this.modules.keys()] : [module];
    return names.reduce((n, name) => n + this.moduleLines(name).size, 0);
  }

  /** The union as plain data, modules, functions and lines sorted. */
  toJSON(): CoverageLines {
    const out: CoverageLines = {};
    for (const module of [...this.modules.keys()].sort()) {
      const functions: Record<string, number[]> = {};
      const byFunction = this.modules.get(module) as Map<string, Set<number>>;
      for (const qualname of [...byFunction.keys()].sort()) {
        functions[qualname] = [...(byFunction.get(qualname) as Set<number>)].sort((a, b) => a - b);
      }
      out[module] = functions;
    }
    return out;
  }

  /** A union holding `lines`. */
  static of(lines: CoverageLines): LineUnion {
    const union = new LineUnion();
    union.add(lines);
    return union;
  }
}
