/**
 * CPython version targets.
 *
 * Behaviour that differs between CPython releases is selected per event loop by its
 * `python` option. API that a release does not have is unavailable under that target and
 * throws {@link FeatureUnavailableError} naming the release that introduced it.
 *
 * @example
 * ```ts
 * import { newEventLoop } from "asyncio-ts";
 * const loop = newEventLoop({ python: "3.8" });
 * loop.python; // "3.8"
 * ```
 * @module
 */

/**
 * Every CPython release the scheduler models, oldest first.
 *
 * @example
 * ```ts
 * for (const python of asyncio.PYTHON_VERSIONS) asyncio.runSync(main(), { python });
 * ```
 */
export const PYTHON_VERSIONS = ["3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"] as const;

/**
 * A CPython release, as `"3.X"`.
 *
 * @example
 * ```ts
 * const target: asyncio.PythonVersion = "3.11";
 * ```
 */
export type PythonVersion = (typeof PYTHON_VERSIONS)[number];

/**
 * The built-in default target: the newest release that the conformance kit verifies
 * against a real interpreter on the development machines. {@link setDefaultPython}
 * changes the default a process uses.
 *
 * @example
 * ```ts
 * DEFAULT_PYTHON; // "3.13"
 * ```
 */
export const DEFAULT_PYTHON: PythonVersion = "3.13";

let defaultPython: PythonVersion = DEFAULT_PYTHON;

/**
 * Sets the process-wide default target: every loop created without a `python` option
 * (`run`, `runSync`, `newEventLoop`, the loop `getEventLoop()` creates, `new
 * VirtualEventLoop()`) follows this release, and so do `isException` and `has` outside a
 * running loop. Loops that exist already keep their target. Returns the previous default.
 * A Python program runs on one interpreter; this is the TypeScript program's choice of
 * it, made once at the top of the entry module.
 *
 * @example
 * ```ts
 * asyncio.setDefaultPython("3.11");
 * asyncio.runSync(main());              // a 3.11 loop
 * asyncio.newEventLoop().python;        // "3.11"
 * ```
 */
export function setDefaultPython(version: PythonVersion): PythonVersion {
  const checked = parsePythonVersion(version);
  const previous = defaultPython;
  defaultPython = checked;
  return previous;
}

/**
 * The process-wide default target ({@link DEFAULT_PYTHON} unless
 * {@link setDefaultPython} changed it).
 *
 * @example
 * ```ts
 * asyncio.getDefaultPython(); // "3.13"
 * ```
 */
export function getDefaultPython(): PythonVersion {
  return defaultPython;
}

/**
 * The minor number of a target (`"3.11"` gives 11).
 *
 * @example
 * ```ts
 * pythonMinor("3.9"); // 9
 * ```
 */
export function pythonMinor(version: PythonVersion): number {
  return Number(version.slice(2));
}

/**
 * Checks and narrows an untrusted string to a {@link PythonVersion}.
 *
 * @example
 * ```ts
 * parsePythonVersion("3.12.1"); // "3.12" (the patch level is dropped)
 * parsePythonVersion("2.7");    // throws RangeError
 * ```
 */
export function parsePythonVersion(text: string): PythonVersion {
  if (typeof text !== "string") throw new RangeError(`unsupported Python version ${String(text)}: expected one of ${PYTHON_VERSIONS.join(", ")}`);
  const match = /^3\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  const candidate = match ? `3.${match[1]}` : text;
  if ((PYTHON_VERSIONS as readonly string[]).includes(candidate)) return candidate as PythonVersion;
  throw new RangeError(
    `unsupported Python version ${JSON.stringify(text)}: expected one of ${PYTHON_VERSIONS.join(", ")}`,
  );
}

/**
 * Thrown when code uses an API that the loop's CPython target does not have.
 *
 * @example
 * ```ts
 * const loop = newEventLoop({ python: "3.8" });
 * loop.createFuture().cancel("why"); // FeatureUnavailableError: cancel(msg) needs Python 3.9+
 * ```
 */
export class FeatureUnavailableError extends Error {
  /** The first release that has the feature. */
  readonly since: PythonVersion;
  /** The loop's target. */
  readonly target: PythonVersion;
  constructor(feature: string, since: PythonVersion, target: PythonVersion) {
    super(`${feature} needs Python ${since} or newer; this event loop targets Python ${target}`);
    this.name = "FeatureUnavailableError";
    this.since = since;
    this.target = target;
  }
}
