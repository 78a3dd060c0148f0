/**
 * Runs a program IR directly on our loop, recording its trace with the harness. This is
 * what campaigns use on the TypeScript side (no code generation, no compilation); the
 * emitters (emit_python.ts, emit_ts.ts) write the same program as source code, and a
 * spec checks that the emitted TypeScript prints the trace this interpreter records.
 * Each operation runs itself (`exec` or `run` in ./ops/); this module is the driver and
 * the {@link Runtime} they run with.
 *
 * @example
 * ```ts
 * const trace = interpret(program, { python: "3.11" });
 * trace.outcome; // { kind: "returned", value: null }
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { LoopFaults } from "./faults.ts";
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { interpretEntry } from "./entry.ts";
import { Harness } from "./harness.ts";
import { MAX_WORK } from "./ir/budget.ts";
import type { Catch, Value } from "./ir/schema_kit.ts";
import type { Program, Stmt } from "./ir/types.ts";
import { usesContexts } from "./ops/exceptions.ts";
import { opOf } from "./ops/index.ts";
import type { Parameter } from "./ops/params.ts";
import type { Awaitable, FutureRef } from "./ops/refs.ts";
import type { Spawn } from "./ops/spawn.ts";
import type { Trace } from "./trace.ts";

/** Options of {@link interpret}. */
export interface InterpretOptions {
  python: PythonVersion;
  maxIterations?: number;
  /**
   * Most statements the run may execute (default twice the static work budget, so a
   * program that passed `parseProgram` never meets it). Past it, the current task stops
   * and the run ends at the end of the loop iteration with the outcome `budget`.
   */
  maxSteps?: number;
  /** Test-only loop faults. */
  faults?: LoopFaults;
}

type Co<T = unknown> = asyncio.Coroutine<T>;
type ExceptionClass = new (...args: unknown[]) => asyncio.Exception;

/** A `return` reached inside a block, carried up to the coroutine. */
export interface Returned {
  value: unknown;
}

/** What a program name can stand for: a task or future, a primitive, a queue, a handle, a timeout, a task group or an async generator. */
export type Bound =
  | asyncio.Future<unknown>
  | asyncio.Lock
  | asyncio.Event
  | asyncio.Condition
  | asyncio.Semaphore
  | asyncio.Barrier
  | asyncio.Queue<unknown>
  | asyncio.Handle
  | asyncio.Timeout
  | asyncio.TaskGroup
  | asyncio.AsyncGen<unknown, never>;

/** The names bound in a block (and, through its parent, in the enclosing ones). */
export class Env {
  /** Made on the first binding: most blocks bind nothing. */
  private vars: Map<string, Bound> | null = null;
  /** The Python `__qualname__` of the coroutine running this block (`main.<locals>.t1_body`). */
  readonly qualname: string;
  constructor(
    private readonly parent: Env | null,
    qualname?: string,
  ) {
    this.qualname = qualname ?? parent?.qualname ?? "";
  }
  lookup(name: string): Bound {
    for (let env: Env | null = this; env !== null; env = env.parent) {
      const v = env.vars?.get(name);
      if (v !== undefined) return v;
    }
    throw new ReferenceError(`${name} is not bound (the program was not checked)`);
  }
  /** A bound task or future. */
  future(name: string): asyncio.Future<unknown> {
    return this.lookup(name) as asyncio.Future<unknown>;
  }
  set(name: string, value: Bound): void {
    (this.vars ??= new Map()).set(name, value);
  }
  child(): Env {
    return new Env(this);
  }
  /** The block of an inline coroutine `name` defined here: it sees these names; its qualname nests. */
  coroutine(name: string): Env {
    return new Env(this, `${this.qualname}.<locals>.${name}`);
  }
}

type BodyRunner = (rt: Runtime, body: Stmt[], env: Env) => Co;

/**
 * A coroutine function that runs a body, named by its coroutine's qualname (`co_a`,
 * `main.<locals>.t1_body`, ...) so that reprs print the name CPython prints; one per
 * qualname and program ({@link Runtime.perRun}), so a run allocates no function per task.
 * A program that records exception contexts runs each body as a frame of Python's
 * handled-exception state.
 */
function bodyRunner(rt: Runtime, name: string): BodyRunner {
  return rt.perRun(`body ${name}`, () =>
    rt.contexts
      ? asyncio.asyncDef(function* (rt: Runtime, body: Stmt[], env: Env): Co {
          const r = yield* rt.trace.frame(() => rt.runBody(body, env));
          return r === undefined ? null : r.value;
        }, name)
      : asyncio.asyncDef(function* (rt: Runtime, body: Stmt[], env: Env): Co {
          const r = yield* rt.runBody(body, env);
          return r === undefined ? null : r.value;
        }, name),
  );
}

/** One program's run on our loop: the harness, its classes and coroutines; what operations run with. */
export class Runtime {
  readonly trace: Harness;
  readonly minor: number;
  /** The program records exception contexts: Python's handled exceptions are emulated (see exception_state.ts). */
  readonly contexts: boolean;
  private readonly classes = new Map<string, ExceptionClass>();
  /** Functions this run defined, by kind and name (see {@link perRun}). */
  private readonly defined = new Map<string, unknown>();
  private readonly coroutines: Record<string, Stmt[]>;
  private readonly parameters: Record<string, Parameter[]>;
  private steps = 0;
  private readonly maxSteps: number;
  /** Module-level names: the entry's shared objects (see ops/shared_objects.ts). */
  readonly globals = new Env(null, "");

  constructor(
    program: Program,
    readonly python: PythonVersion,
    options: InterpretOptions,
  ) {
    this.contexts = usesContexts(program);
    this.trace = new Harness({ ...options, contexts: this.contexts });
    this.minor = pythonMinor(python);
    this.maxSteps = options.maxSteps ?? 2 * MAX_WORK;
    for (const name of program.exceptions) {
      this.classes.set(name, { [name]: class extends asyncio.Exception {} }[name] as ExceptionClass);
    }
    this.coroutines = program.coroutines;
    this.parameters = program.parameters ?? {};
  }

  /** Records the statement's event (with a value, when one is given). */
  record(stmt: Stmt, ...value: [] | [unknown]): void {
    this.trace.record(opOf(stmt).describe(stmt), ...value);
  }

  /** The running loop. */
  loop(): asyncio.BaseEventLoop {
    return asyncio.getRunningLoop();
  }

  /** A new instance of a program-defined exception class. */
  newException(name: string, arg: Value): asyncio.Exception {
    return new (this.classes.get(name) as ExceptionClass)(arg);
  }

  /** A program-defined exception class. */
  exceptionClass(name: string): ExceptionClass {
    return this.classes.get(name) as ExceptionClass;
  }

  /** What `raise exc` throws: with its implicit context when the program records contexts. */
  raising<E>(exc: E): E {
    return this.contexts ? this.trace.raised(exc) : exc;
  }

  /** `async with`: through the harness when the program records contexts (the body's exception is handled during `aexit`). */
  asyncWith<T, R>(manager: asyncio.AsyncContextManager<T, boolean>, body: (value: T) => Co<R>): Co<R | undefined> {
    return this.contexts ? this.trace.asyncWith(manager, body) : asyncio.asyncWith(manager, body);
  }

  /**
   * A new coroutine object of a named coroutine, its parameters bound to what `args` name in
   * `env`. Called with the wrong number of arguments (a Runner's run or `wait_coroutine`
   * calls with none), it raises Python's TypeError instead, as the call does in Python.
   */
  callCoroutine(name: string, args: readonly string[] | undefined, env: Env): Co {
    const scope = new Env(this.globals, name);
    const params = this.parameters[name] ?? [];
    const given = args ?? [];
    if (given.length !== params.length) {
      this.trace.wrongArguments(
        name,
        params.map((p) => p.name),
        given.length,
      );
    }
    params.forEach((p, k) => scope.set(p.name, env.lookup(given[k] as string)));
    return bodyRunner(this, name)(this, this.coroutines[name] as Stmt[], scope);
  }

  /**
   * The function `key` names in this run, made by `make` the first time: every program
   * defines its own coroutine and async generator functions, as a Python program does, so
   * no library state (a function's registered name, ...) carries over from one program to
   * the next, and a mutation run exercises the library's `asyncDef`/`asyncGen` in every program.
   */
  perRun<F>(key: string, make: () => F): F {
    let made = this.defined.get(key) as F | undefined;
    if (made === undefined) {
      made = make();
      this.defined.set(key, made);
    }
    return made;
  }

  /** What a reference stands for: a bound task or future, or a new coroutine object. */
  awaitable(ref: Awaitable, env: Env): asyncio.Awaitable<unknown> {
    return "call" in ref ? this.callCoroutine(ref.call, ref.args, env) : env.future("task" in ref ? ref.task : ref.future);
  }

  /** The task or future a reference names. */
  future(ref: FutureRef, env: Env): asyncio.Future<unknown> {
    return env.future("task" in ref ? ref.task : ref.future);
  }

  /** Whether an `except <handler>` clause catches `e` under this release. */
  matches(handler: Catch, e: unknown): boolean {
    switch (handler) {
      case "BaseException":
        return true;
      case "Exception":
        return asyncio.isException(e, this.python);
      case "CancelledError":
        return e instanceof asyncio.CancelledError;
      case "TimeoutError":
        // asyncio's TimeoutError: before 3.11 not the built-in one.
        return asyncio.exceptMatch(e, asyncio.TimeoutError);
      default:
        return e instanceof (this.classes.get(handler) as ExceptionClass);
    }
  }

  /** The coroutine a spawn (or task group child) runs: a named one, or its inline body. */
  spawnCoroutine(spawn: Spawn, env: Env): Co {
    if ("coroutine" in spawn.target) return this.callCoroutine(spawn.target.coroutine, spawn.target.args, env);
    const inner = env.coroutine(`${spawn.bind}_body`);
    return bodyRunner(this, inner.qualname)(this, spawn.target.body, inner);
  }

  /** Starts a spawn's (or an as_completed child's) task, binds its name in `env` and records the spawn. */
  startTask(spawn: Spawn, env: Env): asyncio.Task<unknown> {
    const coro = this.spawnCoroutine(spawn, env);
    const task = this.minor >= 8 ? asyncio.createTask(coro, { name: spawn.bind }) : asyncio.createTask(coro);
    env.set(spawn.bind, this.trace.track(task, spawn.bind));
    this.trace.record(`spawn ${spawn.bind}`);
    return task;
  }

  /** Stops a runaway program: the loop ends the run after this iteration; this task stops now. */
  private stepBudgetExceeded(): never {
    const message = `more than ${this.maxSteps} statements`;
    this.trace.loop.exceeded = message;
    throw new RangeError(message);
  }

  /** Runs a block; a `return` inside it ends the block and comes back as a {@link Returned}. */
  *runBody(body: Stmt[], env: Env): Generator<asyncio.Yielded, Returned | undefined, unknown> {
    for (const stmt of body) {
      if (++this.steps > this.maxSteps) this.stepBudgetExceeded();
      const op = opOf(stmt);
      const r = op.exec !== undefined ? op.exec(stmt, this, env) : yield* (op.run as NonNullable<typeof op.run>)(stmt, this, env);
      if (r !== undefined) return r as Returned;
    }
    return undefined;
  }
}

/**
 * Runs `program` on a fresh virtual-time loop targeting `options.python` and returns its
 * trace. The program must be valid (see `parseProgram`).
 */
export function interpret(program: Program, options: InterpretOptions): Trace {
  // Traces never hold stacks: exceptions made during a run skip capturing one (a third
  // of the cost of raising in a program). A crash of our side is run again with stacks.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return runProgram(program, options);
  } catch {
    Error.stackTraceLimit = limit;
    return runProgram(program, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The program's `main` coroutine: sets the task factory it asks for, then runs its body. */
const mainRunner = asyncio.asyncDef(function* (rt: Runtime, program: Program): Co {
  if (program.taskFactory === "eager") asyncio.getRunningLoop().setTaskFactory(asyncio.eagerTaskFactory);
  const body = () => rt.runBody(program.main, new Env(rt.globals, "main"));
  const r = rt.contexts ? yield* rt.trace.frame(body) : yield* body();
  return r === undefined ? null : r.value;
}, "main");

function runProgram(program: Program, options: InterpretOptions): Trace {
  const rt = new Runtime(program, options.python, options);
  const entry = program.entry;
  if (entry === undefined) return rt.trace.run(() => mainRunner(rt, program));
  return rt.trace.runEntry(() =>
    interpretEntry(
      entry,
      () => mainRunner(rt, program),
      (name) => rt.callCoroutine(name, undefined, new Env(rt.globals, "main")),
      rt.trace,
      (name, value) => rt.globals.set(name, value),
    ),
  );
}
