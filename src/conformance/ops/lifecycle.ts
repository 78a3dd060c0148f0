/**
 * `lifecycle`: plays one scene of ./lifecycle_cases.ts (objects used outside the life
 * they were made for, accessors no other operation reads, an awaitable with `__await__`,
 * a task left to fail at an entry's exit) and records `lifecycle <scene>` with where it
 * ended and how, exactly as `validate` records its calls (./validate.ts): raised when
 * called or when awaited (the exception's class and arguments), or what it gave.
 *
 * @example
 * ```ts
 * { op: "lifecycle", scene: "current_task().set_result(1)" }
 * // {"at": "call", "raised": {"exc": "RuntimeError", "args": ["Task does not support set_result operation"]}}
 * ```
 * @module
 */
import { defineOp } from "./op.ts";
import { LIFECYCLE_CASE_NAMES, LIFECYCLE_CASES, lifecycleCasesFor, type LifecycleCaseName } from "./lifecycle_cases.ts";
import type { ValidateCase } from "./validate_cases.ts";

/** Scenes that can swallow a cancellation of the task playing them. */
const SWALLOWS: ReadonlySet<LifecycleCaseName> = new Set(["SystemExit in a TaskGroup", "TaskGroup create_task while shutting down"]);
const WAITS: ReadonlySet<string> = new Set(["await", "wait", "iterate"]);

/** Plays one scene. */
export interface LifecycleStmt {
  op: "lifecycle";
  scene: LifecycleCaseName;
}

const entry = (s: LifecycleStmt): ValidateCase => LIFECYCLE_CASES[s.scene];

/** The `lifecycle` operation. */
export const lifecycle = defineOp<LifecycleStmt>({
  op: "lifecycle",
  summary: "Plays one lifecycle scene (misuse of a task, timeout, task group or runner; a rarely read accessor; a custom awaitable; a task failing at exit) and records where and how it ended.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("lifecycle"), scene: k.z.enum(LIFECYCLE_CASE_NAMES) }),
  requires(s) {
    const { since, until } = entry(s);
    if (since === undefined && until === undefined) return undefined;
    return { name: s.scene, since: since ?? 7, ...(until === undefined ? {} : { until }) };
  },
  usesLoop: true,
  describe: (s) => `lifecycle ${s.scene}`,
  *run(s, rt) {
    const { make, follow } = entry(s);
    const trace = rt.trace;
    const loop = rt.loop();
    yield* trace.attempt(`lifecycle ${s.scene}`, () => make(trace, loop), follow);
    return undefined;
  },
  python(s, w, indent) {
    const { py, follow } = entry(s);
    w.line(indent, `await trace.attempt(${w.str(`lifecycle ${s.scene}`)}, lambda: ${py}, ${w.str(follow)})`);
  },
  typescript(s, w, indent) {
    const { ts, follow } = entry(s);
    w.line(indent, `yield* trace.attempt(${w.str(`lifecycle ${s.scene}`)}, () => ${ts}, ${w.str(follow)});`);
  },
  simplify: () => [() => [{ op: "sleep", delay: 0 }]],
  generate: {
    // Also a few in the default mix, so that a default campaign plays every scene.
    weight: 1,
    quiet: "degrade",
    resolve(r, ctx, g) {
      // A task cancelled at an entry's exit (in set order) must not go on: with an entry,
      // no scene that can swallow a cancellation (a task group's SystemExit replaces it,
      // the aborting group's ExceptionGroup is dropped) and, on 3.7, where the harness's
      // `except Exception` catches a cancellation, only scenes that never wait.
      const all = lifecycleCasesFor(g.minor);
      const scenes = ctx.shutdown ? all.filter((name) => !SWALLOWS.has(name) && (g.minor >= 8 || !WAITS.has(LIFECYCLE_CASES[name].follow))) : all;
      return [{ op: "lifecycle", scene: scenes[(r.a * 65 + r.b) % scenes.length] as LifecycleCaseName }];
    },
  },
});
