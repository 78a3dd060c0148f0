/**
 * `task_factory`: `loop.set_task_factory(...)` with a program-defined factory that records
 * every call (`task_factory <coroutine>` with the keywords it got: which of asyncio's
 * calls make tasks, and how each release passes them), asyncio's eager task factory
 * (3.12+), an eager factory made by `create_eager_task_factory` around a recording task
 * constructor (`task_constructor <coroutine>`, 3.12+), or the default again; then records
 * `set_task_factory <which>`.
 *
 * @example
 * ```ts
 * { op: "task_factory", factory: "recording" }
 * // every later create_task, ensure_future(coro), gather(coro), ... records task_factory co_a ["name"] (3.14) or [] (earlier)
 * ```
 * @module
 */
import * as asyncio from "../../asyncio/index.ts";
import { FEATURE_SINCE } from "./features.ts";
import { defineOp } from "./op.ts";

/** The factories a program can set. */
export const TASK_FACTORIES = ["recording", "eager", "recording_eager", "default"] as const;
export type TaskFactoryKind = (typeof TASK_FACTORIES)[number];

/** Sets the running loop's task factory. */
export interface TaskFactoryStmt {
  op: "task_factory";
  factory: TaskFactoryKind;
}

const eager = (kind: TaskFactoryKind): boolean => kind === "eager" || kind === "recording_eager";

const PYTHON: Record<TaskFactoryKind, string> = {
  recording: "trace.recording_factory",
  eager: "asyncio.eager_task_factory",
  recording_eager: "asyncio.create_eager_task_factory(trace.recording_task)",
  default: "None",
};

const TYPESCRIPT: Record<TaskFactoryKind, string> = {
  recording: "trace.recordingFactory",
  eager: "asyncio.eagerTaskFactory",
  recording_eager: "asyncio.createEagerTaskFactory(trace.recordingTask)",
  default: "null",
};

/** The `task_factory` operation. */
export const taskFactory = defineOp<TaskFactoryStmt>({
  op: "task_factory",
  summary: "Sets the loop's task factory: a recording one, the eager one (3.12+), an eager one around a recording constructor (3.12+), or the default.",
  schema: (k) => k.z.strictObject({ op: k.z.literal("task_factory"), factory: k.z.enum(TASK_FACTORIES) }),
  requires: (s) => (eager(s.factory) ? { name: "asyncio.eager_task_factory", since: FEATURE_SINCE.eagerTaskFactory } : undefined),
  usesLoop: true,
  describe: (s) => `set_task_factory ${s.factory}`,
  exec(s, rt) {
    const trace = rt.trace;
    const factories: Record<TaskFactoryKind, () => asyncio.TaskFactory | null> = {
      recording: () => trace.recordingFactory,
      eager: () => asyncio.eagerTaskFactory,
      recording_eager: () => asyncio.createEagerTaskFactory(trace.recordingTask),
      default: () => null,
    };
    rt.loop().setTaskFactory(factories[s.factory]());
    rt.record(s);
  },
  python(s, w, indent) {
    w.line(indent, `loop.set_task_factory(${PYTHON[s.factory]})`);
    w.record(indent, s);
  },
  typescript(s, w, indent) {
    w.line(indent, `loop.setTaskFactory(${TYPESCRIPT[s.factory]});`);
    w.record(indent, s);
  },
  simplify: (s) => (s.factory === "default" ? [] : [() => [{ op: "task_factory", factory: "default" }]]),
  generate: {
    weight: 0,
    quiet: "degrade",
    resolve(r, _ctx, g) {
      const kinds = TASK_FACTORIES.filter((k) => !eager(k) || g.minor >= FEATURE_SINCE.eagerTaskFactory);
      // Mostly the recording factory: it shows which calls make tasks.
      const mix: TaskFactoryKind[] = ["recording", "recording", ...kinds];
      return [{ op: "task_factory", factory: mix[r.a % mix.length] as TaskFactoryKind }];
    },
  },
});
