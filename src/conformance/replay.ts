/**
 * Getting one program back: regenerate program `path` of seed `seed` exactly as a
 * campaign made it (fast-check replays the path, shrink steps included), or read a
 * program file, validating it.
 *
 * @example
 * ```ts
 * const program = programAtPath({ seed: 1, path: "57:3:2", python: "3.11" });
 * const fromFile = readProgramFile("reports/run/failures/1/program.json");
 * ```
 * @module
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { PythonVersion } from "../asyncio/version.ts";
import { campaignGenerateOptions, programArbitrary, type FeatureArea, type Weights } from "./generate/index.ts";
import { parseProgram, type Program } from "./ir/index.ts";

/** The program a campaign with `seed` (and the same target and weights) produced at `path`. */
export function programAtPath(options: {
  seed: number;
  path: string;
  python: PythonVersion;
  weights?: Weights;
  feature?: FeatureArea;
}): Program {
  if (!/^\d+(:\d+)*$/.test(options.path)) {
    throw new RangeError(`--path must look like 57 or 57:3:2 (fast-check's path), got ${JSON.stringify(options.path)}`);
  }
  let found: Program | undefined;
  const arbitrary = programArbitrary(campaignGenerateOptions(options.python, options));
  fc.check(
    fc.property(arbitrary, (program) => {
      found = program;
      return false; // stop at the first value, which is the one at `path`
    }),
    { seed: options.seed, path: options.path, endOnFailure: true },
  );
  if (found === undefined) throw new RangeError(`no program at path ${options.path} for seed ${options.seed}`);
  return found;
}

/** Reads and validates a program file; errors name the file and the zod path of the problem. */
export function readProgramFile(file: string): Program {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseProgram(json, file);
}
