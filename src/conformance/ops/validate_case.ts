/**
 * What a `validate` call is (`ValidateCase`) and the small helpers every case table uses
 * to write one: `c(follow, py, ts, make, range)` and the release ranges. The tables are
 * ./validate_cases.ts (combinators, primitives, reprs) and the per-area tables it merges
 * (./validate_cases_*.ts), each added by one piece of work so that they can grow apart.
 *
 * @example
 * ```ts
 * const CASES = {
 *   "wait(1)": c("wait", "asyncio.wait(1)", "asyncio.wait(1 as never)", () => asyncio.wait(never(1))),
 * } satisfies Record<string, ValidateCase>;
 * ```
 * @module
 */
import type * as asyncio from "../../asyncio/index.ts";
import type { AttemptFollow, Harness } from "../harness.ts";

/** One call: its Python and TypeScript text, the same call on our loop, and how its result is followed. */
export interface ValidateCase {
  py: string;
  ts: string;
  make(trace: Harness, loop: asyncio.BaseEventLoop): unknown;
  follow: AttemptFollow;
  /** The first minor release that has the API. */
  since?: number;
  /**
   * The last minor release where both sides mean the same call: a plain generator where
   * one awaitable is expected is a coroutine in TypeScript, while CPython refuses it from
   * 3.12 (see the README's deliberate differences).
   */
  until?: number;
}

/** The same call on our loop. */
export type Make = ValidateCase["make"];

/** One case: how its result is followed, its Python and TypeScript text, the call on our loop, and its releases. */
export function c(follow: AttemptFollow, py: string, ts: string, make: Make, range: { since?: number; until?: number } = {}): ValidateCase {
  return { py, ts, make, follow, ...range };
}

/** A literal argument of a harness scene, written alike in Python and TypeScript. */
export type SceneArg = string | number | boolean | null;

/** The harness methods a case can call as a scene. */
type SceneName = { [K in keyof Harness]: Harness[K] extends (...args: never[]) => unknown ? K : never }[keyof Harness];
type SceneArgs<K extends SceneName> = Parameters<Extract<Harness[K], (...args: never[]) => unknown>>;

function pyLiteral(arg: SceneArg): string {
  if (arg === null) return "None";
  if (typeof arg === "boolean") return arg ? "True" : "False";
  if (typeof arg === "number") return String(arg);
  return `'${arg.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * A case that is one call of a harness scene with literal arguments: `trace.snake_name(...)`
 * in Python, `trace.camelName(...)` in TypeScript and on our loop, so the three texts cannot
 * drift apart.
 *
 * @example
 * ```ts
 * scene("await", "agenRunning", ["close"], SINCE_8).py; // "trace.agen_running('close')"
 * ```
 */
export function scene<K extends SceneName>(follow: AttemptFollow, name: K, args: SceneArgs<K> & readonly SceneArg[], range: { since?: number; until?: number } = {}): ValidateCase {
  const pyName = name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
  const py = `trace.${pyName}(${args.map(pyLiteral).join(", ")})`;
  const ts = `trace.${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`;
  const make: Make = (t) => (t[name] as (...a: readonly SceneArg[]) => unknown).apply(t, args);
  return c(follow, py, ts, make, range);
}

export const inf = Number.POSITIVE_INFINITY;
export const PLAIN_UNTIL = { until: 11 };
export const SINCE_10 = { since: 10 };
export const SINCE_11 = { since: 11 };
export const SINCE_13 = { since: 13 };
// 3.13.0 names a task that a task factory made with name=None 'None' (fixed in 3.13.1; see
// the README), so the case stops at 3.12.
export const NAME_NONE = { since: 8, until: 12 };
export const never = (x: unknown): never => x as never;

