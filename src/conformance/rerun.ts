/**
 * A diverging program run a second time before it is shrunk: did the divergence come back,
 * and if not, whose trace changed. Campaigns use it so that a divergence CPython itself does
 * not repeat is reported as such, not shrunk into a "minimal" program that agrees.
 *
 * @example
 * ```ts
 * const rerun = rerunOf(first, await compare(program), failureKey);
 * rerunNote(rerun); // null, or "not reproduced: run again, the program agreed; ..."
 * ```
 * @module
 */
import type { CompareResult } from "./compare.ts";

/**
 * A diverging program run a second time before it is shrunk: `same` when it diverged the
 * same way again; otherwise it `agree`d or diverged `differently`, and `referenceChanged`
 * says whether CPython's trace differed from the first run (its behaviour then depends on
 * the worker process's history, such as the order of a set of tasks, which follows object
 * addresses), or ours did.
 *
 * @example
 * ```ts
 * const rerun: Rerun = { status: "agree", referenceChanged: true };
 * ```
 */
export interface Rerun {
  status: "same" | "agree" | "differently";
  referenceChanged: boolean;
}

/**
 * One line saying that a divergence did not come back when its program ran again, and
 * whose trace changed; null when it did come back (or the program was not run again).
 *
 * @example
 * ```ts
 * rerunNote({ status: "agree", referenceChanged: true });
 * // "not reproduced: run again, the program agreed; CPython's trace changed, so CPython ..."
 * ```
 */
export function rerunNote(rerun: Rerun | undefined): string | null {
  if (rerun === undefined || rerun.status === "same") return null;
  const what = rerun.status === "agree" ? "agreed" : "diverged differently";
  const whose = rerun.referenceChanged
    ? "CPython's trace changed, so CPython is not deterministic on this program (its behaviour depends on the worker's history, such as the order of a set of objects by address)"
    : "CPython's trace was the same, so our side changed: a nondeterminism in our loop or the kit, worth a bug report";
  return `not reproduced: run again, the program ${what}; ${whose}; the program is kept whole, not shrunk`;
}

/**
 * What a second run of a diverging program did, `keyOf` telling kinds of failure apart.
 *
 * @example
 * ```ts
 * rerunOf(first, await compare(program), (r) => r.divergence?.key ?? "");
 * ```
 */
export function rerunOf(first: CompareResult, again: CompareResult, keyOf: (result: CompareResult) => string): Rerun {
  const status = again.status === "agree" ? "agree" : keyOf(again) === keyOf(first) ? "same" : "differently";
  const traceOf = (r: CompareResult) => (r.reference.ok ? JSON.stringify(r.reference.trace) : `error ${r.reference.kind}`);
  return { status, referenceChanged: traceOf(first) !== traceOf(again) };
}
