/**
 * A program's entry: how `main` is started and how the program ends. By default the
 * harness runs `main` with `loop.run_until_complete` and records the final state of every
 * task, cancelling nothing. A program may instead enter the way Python programs do:
 *
 * - `{ kind: "run", debug? }`: `asyncio.run(main(), debug=...)`. At exit CPython cancels
 *   the tasks still pending and runs them until they finish, closes the async generators
 *   (`shutdown_asyncgens`) and, from 3.9, shuts down the default executor.
 * - `{ kind: "runner", debug?, runs }` (3.11+): `with asyncio.Runner(debug=...) as runner:`
 *   runs `main()` and then each named coroutine of `runs` in turn on the same loop (tasks
 *   left by one run go on running in the next), recording each run's value as
 *   `run <name>`; the last run's value (or exception) is the outcome, and leaving the
 *   `with` block shuts the loop down as `asyncio.run` does. A run calls its coroutine with
 *   no arguments: one that takes parameters raises TypeError at that call, as in Python,
 *   which ends the `with` block (the runs after it never start). With `lifecycle`, the
 *   runner gets its loop from `loop_factory=asyncio.new_event_loop`, records
 *   `runner get_loop` (`runner.get_loop().is_running()`) before the first run, and after
 *   the `with` block is closed again and asked for one more run, recording the refusal as
 *   `run after close`.
 *
 * Either may also call a few functions outside the running loop around that call, each
 * recorded as `outside <name>` (see ./ops/outside_cases.ts): `prologue` before it (no
 * loop exists yet, and no current loop was ever set) and `epilogue` after it returned or
 * raised (what `asyncio.run` or the `Runner` left as the current loop): e.g.
 * `asyncio.get_event_loop()`, `asyncio.get_running_loop()`, `asyncio.run(1)`,
 * `Runner().get_loop().get_debug()`. The epilogue's events keep their order (they are not
 * part of the shutdown's multiset).
 *
 * Either may also declare `shared` objects (primitives and queues made at module level,
 * after the prologue, which main and every named coroutine see) and run `main` or named coroutines
 * `again`, each in a fresh `asyncio.run` on a second loop after the entry's call and
 * before the epilogue (see ./ops/shared_objects.ts): what a primitive made outside a loop,
 * or used from two loops, does on each release. A `run` entry may also pass
 * `loop_factory=asyncio.new_event_loop` (`loopFactory`, 3.12+): its loop is then not set
 * as the current one.
 *
 * CPython cancels leftover tasks, and closes async generators, in the iteration order of a
 * set, which varies between runs. The harnesses record a `shutdown` event when the first
 * shutdown step starts and keep the events after it sorted by task, then by their
 * canonical form: only the multiset of each task's shutdown events is compared, with the
 * final states. Generated programs with an entry keep what runs at exit from depending on
 * that order (see generate/resolve.ts, `Context.shutdown`).
 *
 * @example
 * ```ts
 * const program: Program = { schema: 1, exceptions: [], coroutines: { co_a: [] }, main: [], entry: { kind: "runner", runs: ["co_a"] } };
 * emitPython(program, { python: "3.11" }); // ... def entry(): with asyncio.Runner() as runner: ...
 * ```
 * @module
 */
import * as asyncio from "../asyncio/index.ts";
import type { Harness } from "./harness.ts";
import type { Problem } from "./ir/check.ts";
import { OUTSIDE_CASES, type OutsideCase, type OutsideCaseName } from "./ops/outside_cases.ts";
import type { Parameter } from "./ops/params.ts";
import type { Program } from "./ir/types.ts";
import { makeShared, sharedPython, sharedSince, sharedTs, sharedTsType, type SharedObject, type SharedValue } from "./ops/shared_objects.ts";

/** Calls outside the running loop around the entry (see ./ops/outside_cases.ts). */
export interface OutsideCalls {
  /** Called before the entry, in order. */
  prologue?: OutsideCaseName[] | undefined;
  /** Called after the entry returned or raised, in order. */
  epilogue?: OutsideCaseName[] | undefined;
  /** Primitives and queues made at module level before the entry (see ./ops/shared_objects.ts). */
  shared?: SharedObject[] | undefined;
  /** `main` or named coroutines (without parameters), each run in a fresh `asyncio.run` after the entry. */
  again?: string[] | undefined;
}

/** `asyncio.run(main())`. */
export interface RunEntry extends OutsideCalls {
  kind: "run";
  /** `asyncio.run(main(), debug=...)`; absent: not passed. */
  debug?: boolean | undefined;
  /** `asyncio.run(main(), loop_factory=asyncio.new_event_loop)` (3.12+). */
  loopFactory?: true | undefined;
}

/** `with asyncio.Runner() as runner:` running `main()`, then each of `runs` (3.11+). */
export interface RunnerEntry extends OutsideCalls {
  kind: "runner";
  debug?: boolean | undefined;
  /** Named coroutines run after `main`, in order. */
  runs: string[];
  /** `loop_factory`, `get_loop()`, and a second close and a run after the block (see the module comment). */
  lifecycle?: true | undefined;
}

/** How a program starts and ends (absent: the harness's `run_until_complete(main)`). */
export type Entry = RunEntry | RunnerEntry;

/** The release that added `asyncio.Runner`. */
export const RUNNER_SINCE = 11;

/** The release that added `asyncio.run(loop_factory=...)`. */
export const RUN_LOOP_FACTORY_SINCE = 12;

/** The problems of a program's entry: runs of undefined coroutines. */
export function checkEntry(program: Program): Problem[] {
  const entry = program.entry;
  if (entry === undefined) return [];
  const runs = entry.kind === "runner" ? entry.runs : [];
  const problems: Problem[] = runs.flatMap((name, k) =>
    name in program.coroutines ? [] : [{ path: ["entry", "runs", k], message: `coroutine '${name}' is not defined` }],
  );
  (entry.again ?? []).forEach((name, k) => {
    const path = ["entry", "again", k];
    if (name === "main") return;
    if (!(name in program.coroutines)) problems.push({ path, message: `coroutine '${name}' is not defined` });
    else if ((program.parameters?.[name] ?? []).length > 0) problems.push({ path, message: `coroutine '${name}' takes parameters: it cannot run again` });
  });
  return problems;
}

/** The entry's uses of features the target lacks. */
export function checkEntryForTarget(program: Program, minor: number): Problem[] {
  const entry = program.entry;
  if (entry === undefined) return [];
  const problems: Problem[] = [];
  if (entry.kind === "runner" && minor < RUNNER_SINCE) {
    problems.push({ path: ["entry"], message: `asyncio.Runner needs Python 3.${RUNNER_SINCE}+` });
  }
  if (entry.kind === "run" && entry.loopFactory && minor < RUN_LOOP_FACTORY_SINCE) {
    problems.push({ path: ["entry", "loopFactory"], message: `asyncio.run(loop_factory=...) needs Python 3.${RUN_LOOP_FACTORY_SINCE}+` });
  }
  (entry.shared ?? []).forEach((o, k) => {
    const since = sharedSince(o);
    if (since !== undefined && minor < since) problems.push({ path: ["entry", "shared", k], message: `a shared ${o.kind} needs Python 3.${since}+` });
  });
  for (const part of ["prologue", "epilogue"] as const) {
    (entry[part] ?? []).forEach((name, k) => {
      const since = (OUTSIDE_CASES[name] as OutsideCase).since;
      if (since !== undefined && minor < since) problems.push({ path: ["entry", part, k], message: `${name} needs Python 3.${since}+` });
    });
  }
  return problems;
}

/** The outside calls of a part of the entry, as Python lines at `indent`. */
function pythonOutside(names: readonly OutsideCaseName[] | undefined, indent: string): string[] {
  return (names ?? []).map((name) => `${indent}trace.outside(${JSON.stringify(name)}, lambda: ${OUTSIDE_CASES[name].py})`);
}

/** The outside calls of a part of the entry, as TypeScript lines at `indent`. */
function typescriptOutside(names: readonly OutsideCaseName[] | undefined, indent: string): string[] {
  return (names ?? []).map((name) => `${indent}trace.outside(${JSON.stringify(name)}, () => ${OUTSIDE_CASES[name].ts});`);
}

/**
 * `body` (the lines of the entry's call, indented by four) with the prologue before it and,
 * when there is an epilogue, inside `try:` with the epilogue in `finally:`.
 */
function pythonAround(entry: Entry, body: string[]): string[] {
  const shared = entry.shared ?? [];
  const head = ["def entry():"];
  if (shared.length > 0) head.push(`    global ${shared.map((o) => o.bind).join(", ")}`);
  head.push(...pythonOutside(entry.prologue, "    "));
  for (const o of shared) head.push(`    ${o.bind} = trace.shared(${JSON.stringify(o.bind)}, lambda: ${sharedPython(o)})`);
  const again = (entry.again ?? []).map((name) => `        trace.again(${JSON.stringify(name)}, lambda: asyncio.run(${name}()))`);
  if ((entry.epilogue ?? []).length === 0 && again.length === 0) return [...head, ...body];
  return [...head, "    try:", ...body.map((line) => `    ${line}`), "    finally:", "        trace.epilogue()", ...again, ...pythonOutside(entry.epilogue, "        ")];
}

/** Named coroutines the entry runs (each in full, for the work budget). */
export function entryRuns(program: Program): string[] {
  const again = (program.entry?.again ?? []).filter((name) => name !== "main");
  return program.entry?.kind === "runner" ? [...program.entry.runs, ...again] : again;
}

/** The debug argument in Python: `, debug=True` or nothing. */
function pythonDebug(entry: Entry, first: boolean): string {
  if (entry.debug === undefined) return "";
  return `${first ? "" : ", "}debug=${entry.debug ? "True" : "False"}`;
}

/** The lines that define `entry()` in the emitted Python (none for the harness's own entry). */
export function pythonEntry(program: Program): string[] {
  const entry = program.entry;
  if (entry === undefined) return [];
  if (entry.kind === "run") {
    const factory = entry.loopFactory ? ", loop_factory=asyncio.new_event_loop" : "";
    return pythonAround(entry, [`    return asyncio.run(main()${pythonDebug(entry, false)}${factory})`]);
  }
  const calls = ["main", ...entry.runs];
  if (entry.lifecycle) return pythonAround(entry, pythonRunnerLifecycle(entry, calls));
  const lines = [`    with asyncio.Runner(${pythonDebug(entry, true)}) as runner:`];
  calls.forEach((name, k) => {
    if (k === calls.length - 1) lines.push(`        return runner.run(${name}())`);
    else lines.push(`        trace.record(${JSON.stringify(`run ${name}`)}, runner.run(${name}()))`);
  });
  return pythonAround(entry, lines);
}

/**
 * In emitted TypeScript, what the emitted Python's `name()` (a call with no arguments)
 * does: `name()` for a coroutine without parameters; for one with parameters, the
 * harness's `trace.wrongArguments`, which throws the TypeError Python raises at such a call.
 */
export function tsCallWithoutArguments(name: string, params: readonly Parameter[] | undefined): string {
  if (params === undefined || params.length === 0) return `${name}()`;
  return `trace.wrongArguments(${JSON.stringify(name)}, [${params.map((p) => JSON.stringify(p.name)).join(", ")}], 0)`;
}

/** A runner entry with `lifecycle` in Python (see the module comment): the lines after `def entry():`. */
function pythonRunnerLifecycle(entry: RunnerEntry, calls: string[]): string[] {
  const lines = [
    `    runner = asyncio.Runner(loop_factory=asyncio.new_event_loop${pythonDebug(entry, false)})`,
    "    try:",
    "        with runner:",
    '            trace.record("runner get_loop", runner.get_loop().is_running())',
  ];
  calls.forEach((name, k) => {
    if (k === calls.length - 1) lines.push(`            return runner.run(${name}())`);
    else lines.push(`            trace.record(${JSON.stringify(`run ${name}`)}, runner.run(${name}()))`);
  });
  lines.push(
    "    finally:",
    "        runner.close()",
    "        coro = main()",
    "        try:",
    "            runner.run(coro)",
    "        except RuntimeError as e:",
    "            coro.close()",
    '            trace.record("run after close", e)',
  );
  return lines;
}

/** The last line(s) of the emitted TypeScript: run the program and print its trace. */
export function typescriptEntry(program: Program): string[] {
  const entry = program.entry;
  if (entry === undefined) return ["trace.print(trace.run(main));"];
  return typescriptAround(entry, typescriptEntryBody(program, entry));
}

/**
 * `body` (the statements of the entry's call, indented by four, ending in a `return`) in
 * `trace.print(trace.runEntry(() => { ... }))`, with the prologue before it and, when there
 * is an epilogue, inside `try` with the epilogue in `finally`.
 */
function typescriptAround(entry: Entry, body: string[]): string[] {
  const shared = entry.shared ?? [];
  const lines = shared.map((o) => `let ${o.bind}: ${sharedTsType(o)};`);
  lines.push("trace.print(", "  trace.runEntry(() => {", ...typescriptOutside(entry.prologue, "    "));
  for (const o of shared) lines.push(`    ${o.bind} = trace.shared(${JSON.stringify(o.bind)}, () => ${sharedTs(o)});`);
  const again = (entry.again ?? []).map((name) => `      trace.again(${JSON.stringify(name)}, () => asyncio.run(${name}()));`);
  if ((entry.epilogue ?? []).length === 0 && again.length === 0) lines.push(...body);
  else lines.push("    try {", ...body.map((line) => `  ${line}`), "    } finally {", "      trace.epilogue();", ...again, ...typescriptOutside(entry.epilogue, "      "), "    }");
  lines.push("  }),", ");");
  return lines;
}

/** The statements of the entry's call in TypeScript, indented by four. */
function typescriptEntryBody(program: Program, entry: Entry): string[] {
  const debug = entry.debug === undefined ? "" : `debug: ${entry.debug}`;
  if (entry.kind === "run") {
    const options = [debug, entry.loopFactory ? "loopFactory: () => asyncio.newEventLoop()" : ""].filter((o) => o !== "");
    return [`    return asyncio.run(main()${options.length > 0 ? `, { ${options.join(", ")} }` : ""});`];
  }
  const calls = ["main", ...entry.runs];
  const options = entry.lifecycle
    ? `{ loopFactory: () => asyncio.newEventLoop()${entry.debug === undefined ? "" : `, debug: ${entry.debug}`} }`
    : debug === ""
      ? ""
      : `{ ${debug} }`;
  const lines = [`    const runner = new asyncio.Runner(${options});`, "    try {"];
  if (entry.lifecycle) lines.push('      trace.record("runner get_loop", runner.getLoop().isRunning());');
  calls.forEach((name, k) => {
    // A run of a coroutine that takes parameters raises Python's TypeError at the call.
    const call = tsCallWithoutArguments(name, program.parameters?.[name]);
    if (k === calls.length - 1) lines.push(`      return runner.run(${call});`);
    else lines.push(`      trace.record(${JSON.stringify(`run ${name}`)}, runner.run(${call}));`);
  });
  lines.push("    } finally {", "      runner.close();");
  if (entry.lifecycle) {
    lines.push(
      "      runner.close();",
      "      try {",
      "        runner.run(main());",
      "      } catch (e) {",
      "        if (!(e instanceof asyncio.RuntimeError)) throw e;",
      '        trace.record("run after close", e);',
      "      }",
    );
  }
  lines.push("    }");
  return lines;
}

/**
 * Runs the entry on our loop (inside `Harness.runEntry`): `main` and `call(name)` make the
 * coroutines of `main` and of a named coroutine.
 */
export function interpretEntry(
  entry: Entry,
  main: () => asyncio.Coroutine<unknown>,
  call: (name: string) => asyncio.Coroutine<unknown>,
  trace: Harness,
  bindShared: (name: string, value: SharedValue) => void = () => {},
): unknown {
  const outside = (names: readonly OutsideCaseName[] | undefined): void => {
    for (const name of names ?? []) trace.outside(name, () => (OUTSIDE_CASES[name] as OutsideCase).make(trace));
  };
  outside(entry.prologue);
  for (const o of entry.shared ?? []) bindShared(o.bind, trace.shared(o.bind, () => makeShared(o)));
  const again = entry.again ?? [];
  if ((entry.epilogue ?? []).length === 0 && again.length === 0) return interpretEntryCall(entry, main, call, trace);
  try {
    return interpretEntryCall(entry, main, call, trace);
  } finally {
    trace.epilogue();
    for (const name of again) trace.again(name, () => asyncio.run(name === "main" ? main() : call(name)));
    outside(entry.epilogue);
  }
}

/** The entry's own call (`asyncio.run` or the runner's `with` block) on our loop. */
function interpretEntryCall(
  entry: Entry,
  main: () => asyncio.Coroutine<unknown>,
  call: (name: string) => asyncio.Coroutine<unknown>,
  trace: Harness,
): unknown {
  const record = (what: string, value: unknown): void => trace.record(what, value);
  const options = entry.debug === undefined ? {} : { debug: entry.debug };
  if (entry.kind === "run") return asyncio.run(main(), entry.loopFactory ? { ...options, loopFactory: () => asyncio.newEventLoop() } : options);
  const runner = new asyncio.Runner(entry.lifecycle ? { ...options, loopFactory: () => asyncio.newEventLoop() } : options);
  try {
    if (entry.lifecycle) record("runner get_loop", runner.getLoop().isRunning());
    const calls = ["main", ...entry.runs];
    for (const [k, name] of calls.entries()) {
      const value = runner.run(k === 0 ? main() : call(name));
      if (k === calls.length - 1) return value;
      record(`run ${name}`, value);
    }
    return undefined;
  } finally {
    runner.close();
    if (entry.lifecycle) {
      runner.close();
      try {
        runner.run(main());
      } catch (e) {
        if (!(e instanceof asyncio.RuntimeError)) throw e;
        record("run after close", e);
      }
    }
  }
}
