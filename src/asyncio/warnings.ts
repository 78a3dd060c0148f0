/**
 * Python's `warnings` module, for the warnings asyncio emits: deprecations that depend on
 * the release (the `loop` option on 3.8 and 3.9, coroutines passed to `wait()` on 3.9 and
 * 3.10, `getEventLoop()` without a current loop on 3.12 and 3.13) and any a program emits
 * itself. Warnings are instances of {@link Warning} subclasses (Python's categories);
 * `warn` passes one through the filters (`simplefilter`, `filterwarnings`), which decide
 * to show it, drop it, show it once, or raise it; a shown warning goes to the
 * `showwarning` hook, `console.error` by default.
 *
 * The default filters are Python's: DeprecationWarning is shown (once per text) when it is
 * attributed to `__main__`, and ignored elsewhere; PendingDeprecationWarning, ImportWarning
 * and ResourceWarning are ignored. A warning the library emits is attributed to its
 * caller, as CPython's `stacklevel` does: the program (`__main__`), or the asyncio module
 * whose code made the object (a Condition's own Lock is `asyncio.locks`'s). `"once"` and
 * `"module"` both show a text once per module until the filters change, as CPython's C
 * `warn` does. There are no line numbers: `"default"`, once per location in CPython, is
 * once per text and module here.
 *
 * @example
 * ```ts
 * const { warnings } = asyncio;
 * const cw = warnings.catchWarnings({ record: true });
 * const log = cw.enter();
 * warnings.simplefilter("always");
 * warnings.warn("old API", warnings.DeprecationWarning);
 * cw.exit();
 * log?.[0]?.category === warnings.DeprecationWarning; // true
 * ```
 * @module
 */
import { AssertionError, Exception, RuntimeError, ValueError } from "./builtins.ts";
import { _targetPython } from "./events.ts";
import { pyStr, pyStrRepr } from "./format_helpers.ts";
import { pythonMinor } from "./version.ts";

/**
 * Python's `Warning`: the base of the warning categories.
 *
 * @example
 * ```ts
 * class MyWarning extends asyncio.warnings.Warning {}
 * ```
 */
export class Warning extends Exception {}

/**
 * Python's `UserWarning`: the default category of `warn`.
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("check this"); // a UserWarning
 * ```
 */
export class UserWarning extends Warning {}

/**
 * Python's `DeprecationWarning`.
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("use f2()", asyncio.warnings.DeprecationWarning);
 * ```
 */
export class DeprecationWarning extends Warning {}

/**
 * Python's `PendingDeprecationWarning` (ignored by default).
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("will go", asyncio.warnings.PendingDeprecationWarning);
 * ```
 */
export class PendingDeprecationWarning extends Warning {}

/**
 * Python's `RuntimeWarning`.
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("odd state", asyncio.warnings.RuntimeWarning);
 * ```
 */
export class RuntimeWarning extends Warning {}

/**
 * Python's `ResourceWarning` (ignored by default).
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("unclosed thing", asyncio.warnings.ResourceWarning);
 * ```
 */
export class ResourceWarning extends Warning {}

/**
 * Python's `FutureWarning`.
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("will change", asyncio.warnings.FutureWarning);
 * ```
 */
export class FutureWarning extends Warning {}

/**
 * Python's `SyntaxWarning`.
 *
 * @example
 * ```ts
 * new asyncio.warnings.SyntaxWarning("x") instanceof asyncio.warnings.Warning; // true
 * ```
 */
export class SyntaxWarning extends Warning {}

/**
 * Python's `ImportWarning` (ignored by default).
 *
 * @example
 * ```ts
 * new asyncio.warnings.ImportWarning("x") instanceof asyncio.warnings.Warning; // true
 * ```
 */
export class ImportWarning extends Warning {}

/**
 * A warning category: a {@link Warning} class.
 *
 * @example
 * ```ts
 * const category: asyncio.warnings.WarningCategory = asyncio.warnings.DeprecationWarning;
 * ```
 */
export type WarningCategory = abstract new (...args: never[]) => Warning;

/**
 * What a filter does with the warnings it matches (Python's actions): `"default"` shows
 * the first of each text per module (CPython: per source line), `"module"` and `"once"`
 * the first of each text per module (CPython's C `warn` keeps both in the module's
 * registry), `"always"` (or `"all"`) every one, `"ignore"` none, `"error"` raises it.
 * Every filter change forgets what was shown.
 *
 * @example
 * ```ts
 * const action: asyncio.warnings.WarningAction = "error";
 * ```
 */
export type WarningAction = "default" | "error" | "ignore" | "always" | "all" | "module" | "once";

/**
 * One entry of the filter list, as `filterwarnings` makes it.
 *
 * @example
 * ```ts
 * asyncio.warnings.filters()[0]?.action; // the action of the first filter that matches
 * ```
 */
export interface WarningFilter {
  readonly action: WarningAction;
  /** Matched (case-insensitively, at the start) against the text; null: any. */
  readonly message: RegExp | null;
  readonly category: WarningCategory;
  /** Matched against the module the warning is attributed to; a string must be equal; null: any. */
  readonly module: RegExp | string | null;
}

/**
 * A shown warning, as `showwarning` receives it and `catchWarnings({ record: true })`
 * records it (Python's `WarningMessage`, without file and line).
 *
 * @example
 * ```ts
 * const seen: asyncio.warnings.WarningMessage[] = [];
 * asyncio.warnings.setShowwarning((w) => void seen.push(w));
 * ```
 */
export interface WarningMessage {
  /** The warning instance. */
  readonly message: Warning;
  readonly category: WarningCategory;
  /** The module it is attributed to (`__main__` for the program). */
  readonly module: string;
}

/**
 * Receives shown warnings (Python's `warnings.showwarning`).
 *
 * @example
 * ```ts
 * const show: asyncio.warnings.ShowWarning = (w) => console.log(w.category.name, String(w.message));
 * ```
 */
export type ShowWarning = (warning: WarningMessage) => void;

/**
 * Options of {@link warn}.
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("internal detail", asyncio.warnings.DeprecationWarning, { module: "mylib" });
 * ```
 */
export interface WarnOptions {
  /** The module the warning is attributed to (default `__main__`, the program). */
  module?: string;
}

const DEFAULT_FILTERS: readonly WarningFilter[] = [
  { action: "default", message: null, category: DeprecationWarning, module: "__main__" },
  { action: "ignore", message: null, category: DeprecationWarning, module: null },
  { action: "ignore", message: null, category: PendingDeprecationWarning, module: null },
  { action: "ignore", message: null, category: ImportWarning, module: null },
  { action: "ignore", message: null, category: ResourceWarning, module: null },
];

let filterList: WarningFilter[] = [...DEFAULT_FILTERS];
/** Bumped on every change of the filters; registries of an older version are stale. */
let filtersVersion = 0;
/** What "default", "module" and "once" have shown (per module), per filters version. */
let registry = new Set<string>();
let registryVersion = 0;
/**
 * Python's `warnings.onceregistry`, kept for code that clears it. CPython's C `warn` (the
 * one `warnings.warn` runs) fills it only for a warning without a module registry, which
 * never happens here: the `"once"` action notes a warning in the registry of the module it
 * is attributed to, as `"module"` does (so a filter change shows it again). It stays empty.
 *
 * @example
 * ```ts
 * asyncio.warnings.onceregistry.clear();
 * ```
 */
export const onceregistry = new Set<string>();

const defaultShowwarning: ShowWarning = (w) => {
  console.error(formatwarning(w));
};
let showwarning: ShowWarning = defaultShowwarning;

function filtersMutated(): void {
  filtersVersion++;
}

/**
 * The text Python's `formatwarning` makes, without file and line: `Category: text`.
 *
 * @example
 * ```ts
 * asyncio.warnings.formatwarning({ message: w, category: asyncio.warnings.UserWarning, module: "__main__" });
 * // "UserWarning: ..."
 * ```
 */
export function formatwarning(warning: WarningMessage): string {
  return `${warning.category.name}: ${pyStr(warning.message)}`;
}

function matches(filter: WarningFilter, text: string, warning: Warning, module: string): boolean {
  if (filter.message !== null && !filter.message.test(text)) return false;
  if (!(warning instanceof (filter.category as unknown as new () => Warning))) return false;
  if (filter.module === null) return true;
  return typeof filter.module === "string" ? filter.module === module : filter.module.test(module);
}

/**
 * Issues a warning (Python's `warnings.warn`): the first filter that matches decides what
 * happens; with none, it is shown once per text. `message` may be a {@link Warning}
 * instance, whose class is then the category.
 *
 * @example
 * ```ts
 * asyncio.warnings.warn("The loop argument is deprecated", asyncio.warnings.DeprecationWarning);
 * ```
 */
export function warn(message: string | Warning, category: WarningCategory = UserWarning, options: WarnOptions = {}): void {
  const module = options.module ?? "__main__";
  let instance: Warning;
  if (message instanceof Warning) {
    instance = message;
    category = message.constructor as WarningCategory;
  } else {
    instance = new (category as unknown as new (text: string) => Warning)(message);
  }
  const text = pyStr(instance);
  const filter = filterList.find((f) => matches(f, text, instance, module));
  const action = filter?.action ?? "default";
  if (action === "error") throw instance;
  if (action === "ignore") return;
  if (action !== "always" && action !== "all") {
    // CPython's C warnings (what `warnings.warn` runs): "once", "module" and "default"
    // note the warning in the registry of the module it is attributed to, which every
    // change of the filters empties; "once" uses the process-wide onceregistry only for a
    // warning without a module registry, which `warn` always has.
    if (registryVersion !== filtersVersion) {
      registry = new Set();
      registryVersion = filtersVersion;
    }
    const key = `${module}\u0000${category.name}\u0000${text}`;
    if (registry.has(key)) return;
    registry.add(key);
  }
  showwarning({ message: instance, category, module });
}

/**
 * Inserts a filter (Python's `warnings.filterwarnings`): `message` is a regular
 * expression matched case-insensitively at the start of the text, `module` one matched at
 * the start of the module name. At the front of the list unless `append`.
 *
 * @example
 * ```ts
 * asyncio.warnings.filterwarnings("ignore", { message: "The loop argument", category: asyncio.warnings.DeprecationWarning });
 * ```
 */
export function filterwarnings(
  action: WarningAction,
  options: { message?: string; category?: WarningCategory; module?: string; append?: boolean } = {},
): void {
  checkAction(action);
  const filter: WarningFilter = {
    action,
    message: options.message ? new RegExp(`^(?:${options.message})`, "i") : null,
    category: options.category ?? Warning,
    module: options.module ? new RegExp(`^(?:${options.module})`) : null,
  };
  addFilter(filter, options.append ?? false);
}

/**
 * Inserts a filter that matches every warning of `category` (Python's
 * `warnings.simplefilter`).
 *
 * @example
 * ```ts
 * asyncio.warnings.simplefilter("error", asyncio.warnings.DeprecationWarning);
 * ```
 */
export function simplefilter(action: WarningAction, category: WarningCategory = Warning, append = false): void {
  checkAction(action);
  addFilter({ action, message: null, category, module: null }, append);
}

/**
 * The check of `simplefilter` and `filterwarnings`: "all" exists from 3.14; an unknown
 * action fails an assert before 3.13 and is a ValueError from 3.13.
 */
function checkAction(action: string): void {
  const minor = pythonMinor(_targetPython());
  if (["default", "error", "ignore", "always", "module", "once"].includes(action) || (action === "all" && minor >= 14)) return;
  const message = `invalid action: ${pyStrRepr(action)}`;
  throw minor >= 13 ? new ValueError(message) : new AssertionError(message);
}

function addFilter(filter: WarningFilter, append: boolean): void {
  const same = (f: WarningFilter) =>
    f.action === filter.action &&
    f.category === filter.category &&
    String(f.message) === String(filter.message) &&
    String(f.module) === String(filter.module);
  if (append) {
    if (!filterList.some(same)) filterList.push(filter);
  } else {
    filterList = [filter, ...filterList.filter((f) => !same(f))];
  }
  filtersMutated();
}

/**
 * Removes every filter (Python's `warnings.resetwarnings`): then every warning is shown
 * once per text.
 *
 * @example
 * ```ts
 * asyncio.warnings.resetwarnings();
 * ```
 */
export function resetwarnings(): void {
  filterList = [];
  filtersMutated();
}

/**
 * The filter list, first match first (a copy; Python's `warnings.filters`).
 *
 * @example
 * ```ts
 * asyncio.warnings.filters().length; // 5 with the default filters
 * ```
 */
export function filters(): WarningFilter[] {
  return [...filterList];
}

/**
 * Replaces the hook that receives shown warnings (assigning Python's
 * `warnings.showwarning`); null restores the default, which writes to `console.error`.
 * Returns the previous hook.
 *
 * @example
 * ```ts
 * const previous = asyncio.warnings.setShowwarning((w) => myLog.push(asyncio.warnings.formatwarning(w)));
 * ```
 */
export function setShowwarning(hook: ShowWarning | null): ShowWarning {
  const previous = showwarning;
  showwarning = hook ?? defaultShowwarning;
  return previous;
}

/**
 * Saves the filters and the `showwarning` hook on `enter()` and restores them on `exit()`
 * (Python's `warnings.catch_warnings`); with `record: true`, `enter()` returns a list
 * that collects the warnings shown meanwhile instead of showing them.
 *
 * @example
 * ```ts
 * const cw = new asyncio.warnings.CatchWarnings({ record: true });
 * const log = cw.enter();
 * try { run(); } finally { cw.exit(); }
 * ```
 */
export class CatchWarnings {
  private saved: { filters: WarningFilter[]; show: ShowWarning } | null = null;
  // As in Python, a scope is entered once: it stays entered after exit().
  private exited = false;

  constructor(private readonly options: { record?: boolean } = {}) {}

  /** Starts the scope; returns the record list when `record` is set, else null. */
  enter(): WarningMessage[] | null {
    if (this.saved !== null) throw new RuntimeError(`Cannot enter ${String(this)} twice`);
    this.saved = { filters: filterList, show: showwarning };
    filterList = [...filterList];
    filtersMutated();
    if (!this.options.record) return null;
    const log: WarningMessage[] = [];
    showwarning = (w) => void log.push(w);
    return log;
  }

  /** Ends the scope: the filters and hook are as before `enter()`. */
  exit(): void {
    if (this.saved === null) throw new RuntimeError(`Cannot exit ${String(this)} without entering first`);
    // Python restores the saved list object, which is the list in use after a first exit.
    if (!this.exited) filterList = this.saved.filters;
    this.exited = true;
    showwarning = this.saved.show;
    filtersMutated();
  }

  /** Python's repr, e.g. `catch_warnings(record=True)`. */
  toString(): string {
    return this.options.record ? "catch_warnings(record=True)" : "catch_warnings()";
  }
}

/**
 * A {@link CatchWarnings} scope (Python's `warnings.catch_warnings(record=...)`).
 *
 * @example
 * ```ts
 * const cw = asyncio.warnings.catchWarnings({ record: true });
 * const log = cw.enter();
 * asyncio.warnings.warn("x");
 * cw.exit();
 * log?.length; // 1
 * ```
 */
export function catchWarnings(options: { record?: boolean } = {}): CatchWarnings {
  return new CatchWarnings(options);
}

/**
 * @internal CPython's deprecation of the `loop` argument (3.8 and 3.9), attributed to
 * `module`: the program, or the asyncio module whose code passed `loop` on.
 */
export function _warnLoopArgument(module = "__main__"): void {
  warn("The loop argument is deprecated since Python 3.8, and scheduled for removal in Python 3.10.", DeprecationWarning, { module });
}
