/**
 * Runs a program IR directly on our loop, recording its trace with the harness. This is
 * what campaigns use on the TypeScript side (no code generation, no compilation); the
 * emitters (emit_python.ts, emit_ts.ts) write the same program as source code, and a
 * spec checks that the emitted TypeScript prints the trace this interpreter records.
 *
 * @example
 * ```ts
 * const trace = interpret(program, { python: "3.11" });
 * trace.outcome; // { kind: "returned", value: null }
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { LoopFaults } from "../asyncio/base_events.ts";
import { pythonMinor, type PythonVersion } from "../asyncio/version.ts";
import { Harness } from "./harness.ts";
import type { Awaitable, Catch, FutureRef, Program, Spawn, Stmt } from "./ir/index.ts";
import type { Trace } from "./trace.ts";
import { describe } from "./what.ts";

/** Options of {@link interpret}. */
export interface InterpretOptions {
  python: PythonVersion;
  maxIterations?: number;
  /** Test-only loop faults. */
  faults?: LoopFaults;
}

type Co<T = unknown> = asyncio.Coroutine<T>;
type ExceptionClass = new (...args: unknown[]) => asyncio.Exception;

/** A `return` reached inside a block, carried up to the coroutine. */
interface Returned {
  value: unknown;
}

/** What a program name can stand for. */
type Bound = asyncio.Future<unknown> | Primitive | asyncio.Queue<unknown>;
type Primitive = asyncio.Lock | asyncio.Event | asyncio.Condition | asyncio.Semaphore | asyncio.Barrier;

class Env {
  private readonly vars = new Map<string, Bound>();
  constructor(private readonly parent: Env | null) {}
  lookup(name: string): Bound {
    const v = this.vars.get(name) ?? this.parent?.lookup(name);
    if (v === undefined) throw new ReferenceError(`${name} is not bound (the program was not checked)`);
    return v;
  }
  get(name: string): asyncio.Future<unknown> {
    return this.lookup(name) as asyncio.Future<unknown>;
  }
  set(name: string, value: Bound): void {
    this.vars.set(name, value);
  }
  child(): Env {
    return new Env(this);
  }
}

/**
 * Runs `program` on a fresh virtual-time loop targeting `options.python` and returns its
 * trace. The program must be valid (see `parseProgram`).
 */
export function interpret(program: Program, options: InterpretOptions): Trace {
  const trace = new Harness(options);
  const py = options.python;
  const minor = pythonMinor(py);
  const classes = new Map<string, ExceptionClass>();
  for (const name of program.exceptions) {
    classes.set(name, { [name]: class extends asyncio.Exception {} }[name] as ExceptionClass);
  }
  const exceptionClass = (name: string): ExceptionClass => classes.get(name) as ExceptionClass;

  const coroutineFns = new Map<string, () => Co>();
  for (const [name, body] of Object.entries(program.coroutines)) {
    coroutineFns.set(
      name,
      asyncio.asyncDef(function* named(): Co {
        const r = yield* runBody(body, new Env(null));
        return r === undefined ? null : r.value;
      }, name),
    );
  }
  const callCoroutine = (name: string): Co => (coroutineFns.get(name) as () => Co)();

  const awaitable = (ref: Awaitable, env: Env): asyncio.Awaitable<unknown> =>
    "call" in ref ? callCoroutine(ref.call) : env.get("task" in ref ? ref.task : ref.future);
  const future = (ref: FutureRef, env: Env): asyncio.Future<unknown> => env.get("task" in ref ? ref.task : ref.future);

  const matches = (handler: Catch, e: unknown): boolean => {
    switch (handler) {
      case "BaseException":
        return true;
      case "Exception":
        return asyncio.isException(e, py);
      case "CancelledError":
        return e instanceof asyncio.CancelledError;
      case "TimeoutError":
        return e instanceof asyncio.TimeoutError;
      default:
        return e instanceof exceptionClass(handler);
    }
  };

  /** The coroutine a spawn (or task group child) runs: a named one, or its inline body. */
  function spawnCoroutine(spawn: Spawn, env: Env): Co {
    if ("coroutine" in spawn.target) return callCoroutine(spawn.target.coroutine);
    const body = spawn.target.body;
    return asyncio.asyncDef(function* inline(): Co {
      const r = yield* runBody(body, env.child());
      return r === undefined ? null : r.value;
    }, `${spawn.bind}_body`)();
  }

  /** Starts a spawn's (or an as_completed child's) task, binds its name in `env` and records the spawn. */
  function startTask(spawn: Spawn, env: Env): asyncio.Task<unknown> {
    const coro = spawnCoroutine(spawn, env);
    const task = minor >= 8 ? asyncio.createTask(coro, { name: spawn.bind }) : asyncio.createTask(coro);
    env.set(spawn.bind, trace.track(task, spawn.bind));
    trace.record(describe({ op: "spawn", ...spawn }));
    return task;
  }

  function* runBody(body: Stmt[], env: Env): Generator<asyncio.Yielded, Returned | undefined, unknown> {
    for (const stmt of body) {
      const r = yield* runStmt(stmt, env);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  function* runStmt(stmt: Stmt, env: Env): Generator<asyncio.Yielded, Returned | undefined, unknown> {
    const what = describe(stmt);
    switch (stmt.op) {
      case "log":
        trace.record(what);
        return undefined;
      case "sleep":
        yield* asyncio.sleep(stmt.delay);
        trace.record(what);
        return undefined;
      case "spawn":
        startTask(stmt, env);
        return undefined;
      case "wait_for": {
        const value = yield* asyncio.waitFor(awaitable(stmt.target, env), stmt.timeout);
        trace.record(what, value);
        return undefined;
      }
      case "timeout": {
        const cm = asyncio.timeout(stmt.delay);
        yield* asyncio.asyncWith(cm, function* () {
          yield* runBody(stmt.body, env.child());
        });
        trace.record(what, cm.expired());
        return undefined;
      }
      case "primitive": {
        let primitive: Primitive;
        switch (stmt.kind) {
          case "lock":
            primitive = new asyncio.Lock();
            break;
          case "event":
            primitive = new asyncio.Event();
            break;
          case "condition":
            primitive = new asyncio.Condition();
            break;
          case "semaphore":
            primitive = new asyncio.Semaphore(stmt.value ?? 1);
            break;
          case "bounded_semaphore":
            primitive = new asyncio.BoundedSemaphore(stmt.value ?? 1);
            break;
          case "barrier":
            primitive = new asyncio.Barrier(stmt.value ?? 2);
            break;
        }
        env.set(stmt.bind, primitive);
        trace.record(what);
        return undefined;
      }
      case "sync": {
        const target = env.lookup(stmt.target) as Primitive & Record<string, unknown>;
        switch (stmt.action) {
          case "acquire":
            trace.record(what, yield* (target as asyncio.Lock).acquire());
            return undefined;
          case "wait":
            trace.record(what, yield* (target as asyncio.Event).wait());
            return undefined;
          case "abort":
            yield* (target as asyncio.Barrier).abort();
            break;
          case "reset":
            yield* (target as asyncio.Barrier).reset();
            break;
          case "release":
            (target as asyncio.Lock).release();
            break;
          case "locked":
            trace.record(what, (target as asyncio.Lock).locked());
            return undefined;
          case "set":
            (target as asyncio.Event).set();
            break;
          case "clear":
            (target as asyncio.Event).clear();
            break;
          case "is_set":
            trace.record(what, (target as asyncio.Event).isSet());
            return undefined;
          case "notify":
            (target as asyncio.Condition).notify(stmt.n ?? 1);
            break;
          case "notify_all":
            (target as asyncio.Condition).notifyAll();
            break;
        }
        trace.record(what);
        return undefined;
      }
      case "with": {
        const manager = env.lookup(stmt.target) as asyncio.AsyncContextManager<unknown, false>;
        yield* asyncio.asyncWith(manager, function* (value) {
          trace.record(what, value);
          yield* runBody(stmt.body, env.child());
        });
        trace.record(`${what} exit`);
        return undefined;
      }
      case "set_later":
        asyncio.getRunningLoop().callLater(stmt.delay, trace.setEvent, env.lookup(stmt.target) as asyncio.Event, stmt.target);
        trace.record(what);
        return undefined;
      case "queue": {
        const queue =
          stmt.kind === "fifo"
            ? new asyncio.Queue<unknown>(stmt.maxsize)
            : stmt.kind === "lifo"
              ? new asyncio.LifoQueue<unknown>(stmt.maxsize)
              : new asyncio.PriorityQueue<unknown>(stmt.maxsize);
        env.set(stmt.bind, queue);
        trace.record(what);
        return undefined;
      }
      case "queue_op": {
        const queue = env.lookup(stmt.target) as asyncio.Queue<unknown>;
        switch (stmt.action) {
          case "put":
            yield* queue.put(stmt.value);
            break;
          case "get":
            trace.record(what, yield* queue.get());
            return undefined;
          case "put_nowait":
            queue.putNowait(stmt.value);
            break;
          case "get_nowait":
            trace.record(what, queue.getNowait());
            return undefined;
          case "task_done":
            queue.taskDone();
            break;
          case "join":
            yield* queue.join();
            break;
          case "qsize":
            trace.record(what, queue.qsize());
            return undefined;
          case "shutdown":
            queue.shutdown(stmt.immediate ?? false);
            break;
        }
        trace.record(what);
        return undefined;
      }
      case "as_completed": {
        const tasks = stmt.children.map((child) => startTask(child, env));
        const iterator = asyncio.asCompleted(tasks, { timeout: stmt.timeout });
        if (stmt.async) {
          yield* asyncio.asyncFor(iterator, function* (fut) {
            trace.record(what, trace.name(fut));
          });
        } else {
          for (const next of iterator) trace.record(what, yield* next);
        }
        return undefined;
      }
      case "task_group": {
        const inner = env.child();
        yield* asyncio.asyncWith(new asyncio.TaskGroup(), function* (tg) {
          for (const child of stmt.children) {
            const task = tg.createTask(spawnCoroutine(child, inner), { name: child.bind });
            inner.set(child.bind, trace.track(task, child.bind));
            trace.record(describe({ op: "spawn", ...child }));
          }
          yield* runBody(stmt.body, inner);
        });
        trace.record(what);
        return undefined;
      }
      case "await": {
        const value = yield* awaitable(stmt.target, env);
        trace.record(what, value);
        return undefined;
      }
      case "future":
        env.set(stmt.bind, trace.track(asyncio.getRunningLoop().createFuture(), stmt.bind));
        trace.record(what);
        return undefined;
      case "set_result":
        env.get(stmt.future).setResult(stmt.value);
        trace.record(what);
        return undefined;
      case "set_exception":
        env.get(stmt.future).setException(new (exceptionClass(stmt.exception))(stmt.arg));
        trace.record(what);
        return undefined;
      case "resolve_later":
        asyncio.getRunningLoop().callLater(stmt.delay, trace.resolve, env.get(stmt.future), stmt.value);
        trace.record(what);
        return undefined;
      case "gather": {
        const items = stmt.items.map((item) => awaitable(item, env));
        const values = yield* asyncio.gather(items, { returnExceptions: stmt.returnExceptions });
        trace.record(what, values);
        return undefined;
      }
      case "wait": {
        const items = stmt.items.map((item) => future(item, env));
        const [done, pending] = yield* asyncio.wait(items, {
          returnWhen: stmt.returnWhen,
          ...(stmt.timeout === undefined ? {} : { timeout: stmt.timeout }),
        });
        trace.record(what, { done: trace.sortedNames(done), pending: trace.sortedNames(pending) });
        return undefined;
      }
      case "shield": {
        const value = yield* asyncio.shield(awaitable(stmt.target, env));
        trace.record(what, value);
        return undefined;
      }
      case "cancel": {
        const target = future(stmt.target, env);
        const returned = stmt.msg === undefined ? target.cancel() : target.cancel(stmt.msg);
        trace.record(what, returned);
        return undefined;
      }
      case "raise":
        throw new (exceptionClass(stmt.exception))(stmt.arg);
      case "try": {
        try {
          return yield* runBody(stmt.body, env.child());
        } catch (e) {
          const handler = stmt.handlers.find((h) => matches(h.catch, e));
          if (handler === undefined) throw e;
          trace.record(`caught ${handler.catch}`, e);
          return yield* runBody(handler.body, env.child());
        } finally {
          if (stmt.finally !== undefined) {
            trace.record("finally");
            const r = yield* runBody(stmt.finally, env.child());
            // A `return` in `finally` replaces whatever was in flight, in both languages.
            // eslint-disable-next-line no-unsafe-finally
            if (r !== undefined) return r;
          }
        }
      }
      case "return":
        return { value: stmt.value };
      case "repeat":
        for (let i = 0; i < stmt.times; i++) {
          const r = yield* runBody(stmt.body, env.child());
          if (r !== undefined) return r;
        }
        return undefined;
      case "call_soon":
        asyncio.getRunningLoop().callSoon(trace.callback, stmt.label);
        trace.record(what);
        return undefined;
      case "call_later":
        asyncio.getRunningLoop().callLater(stmt.delay, trace.callback, stmt.label);
        trace.record(what);
        return undefined;
      case "add_done_callback":
        future(stmt.target, env).addDoneCallback(trace.doneCallback(stmt.label));
        trace.record(what);
        return undefined;
      case "probe":
        trace.probe(future(stmt.target, env), stmt.what);
        return undefined;
    }
  }

  const main = asyncio.asyncDef(function* main(): Co {
    if (program.taskFactory === "eager") asyncio.getRunningLoop().setTaskFactory(asyncio.eagerTaskFactory);
    const r = yield* runBody(program.main, new Env(null));
    return r === undefined ? null : r.value;
  });
  return trace.run(main);
}
