/**
 * The raw program: what fast-check generates and shrinks before resolution. Statements are
 * a kind and some numbers ("the 3rd thing visible here", "the 2nd delay of the grid");
 * compound kinds also carry bodies. Any raw program resolves to a valid IR program (see
 * ./resolve.ts), so every value fast-check produces while shrinking is a valid program.
 *
 * @example
 * ```ts
 * const [raw] = fc.sample(rawProgramArbitrary({ python: "3.12" }), { seed: 1, numRuns: 1 });
 * ```
 * @module
 */
import fc from "fast-check";
import { pythonMinor, type PythonVersion } from "../../asyncio/version.ts";
import type { StatementKind } from "../ir/types.ts";
import { FEATURE_SINCE } from "../ops/features.ts";
import { OP_LIST } from "../ops/index.ts";
import type { PrimitiveKind } from "../ops/primitives.ts";
import type { Delay } from "../ir/schema_kit.ts";
import type { ConvoyKind } from "./convoys.ts";

/** Coarse delays in seconds: exactly representable, with deliberate repeats, so that equal deadlines are common. */
export const DELAY_GRID = [0, 0.25, 0.5, 0.5, 1, 1, 1.5, 2] as const;

/**
 * Fine delays, off the 0.25 grid: values whose sums are not exact in binary (0.1 + 0.2 is
 * 0.30000000000000004, within the clock resolution of a deadline at 0.3), sub-millisecond
 * ones, and ones around the loop's clock resolution (1e-9): below it a timer is due in the
 * iteration that scheduled it, at it (`when >= now + 1e-9`) it is not. Sixteenths are
 * exact in binary and lie halfway between two milliseconds, so the `round(when, 3)` of a
 * Timeout's repr meets Python's round-half-to-even (0.0625 prints as 0.062).
 */
export const FINE_DELAYS = [0.1, 0.2, 0.3, 0.7, 0.05, 0.0005, 1e-10, 1e-9, 0.0625, 0.3125] as const;

/**
 * Degenerate delays (the `degenerate_times` area only): zero, negative, a day or more
 * (CPython caps one select at a day), huge, and the non-finite ones JSON spells as
 * strings. A timeout or `call_at` reads them the same way (a negative `when` lies in the past).
 */
export const DEGENERATE_DELAYS = [0, -0.5, -1, 86_400, 1e9, 1e300, "inf", "inf", "-inf", "nan"] as const;

/** Which delays the generator draws from: the default mix, or with {@link DEGENERATE_DELAYS}. */
export type DelayMix = "default" | "degenerate";

/**
 * The delays a raw `delay` number indexes (modulo the length): the coarse grid twice (so
 * about two thirds of the delays keep deadlines equal and exact) and the fine delays,
 * plus the degenerate ones for the `degenerate` mix.
 */
export function delayTable(mix: DelayMix = "default"): readonly Delay[] {
  const base: Delay[] = [...DELAY_GRID, ...DELAY_GRID, ...FINE_DELAYS];
  return mix === "degenerate" ? [...base, ...DEGENERATE_DELAYS] : base;
}

/**
 * A raw kind: a statement kind; `pattern`, a known shape of program that exercises a
 * behaviour differing between CPython releases (see ./patterns.ts); or `convoy`, several
 * tasks queued on one primitive or queue when it wakes them (see ./convoys.ts).
 */
export type RawKind = StatementKind | "pattern" | "convoy";

/** Relative weights of statement kinds and of version patterns (0 disables one). */
export type Weights = Partial<Record<RawKind, number>>;

/** The default mix (each operation's `generate.weight`), plus version patterns. */
export const DEFAULT_WEIGHTS: Required<Weights> = {
  ...(Object.fromEntries(OP_LIST.map((op) => [op.op, op.generate?.weight ?? 0])) as Record<StatementKind, number>),
  pattern: 2,
  convoy: 2,
};

/** A statement before resolution: a kind and some numbers; compound kinds have bodies. */
export interface RawStmt {
  kind: RawKind;
  /** Generic choices (what to refer to, which variant). */
  a: number;
  b: number;
  items: number[];
  delay: number;
  value: number;
  flag: boolean;
  body?: RawStmt[] | undefined;
  handlers?: { catchIndex: number; body: RawStmt[] }[] | undefined;
  final?: RawStmt[] | undefined;
  /** Task group and as_completed children (each a raw spawn). */
  group?: RawStmt[] | undefined;
}

export interface RawProgram {
  /** Use the eager task factory (3.12+ targets only). */
  eager: boolean;
  /**
   * The program's entry (see ../entry.ts): 0 the harness's own; otherwise a number whose
   * bits choose `asyncio.run` or a `Runner` (3.11+), debug, and the runner's runs. Only
   * made when `GenerateOptions.entry` asks for it, so the default mix is unchanged.
   */
  entry?: number | undefined;
  /**
   * With an entry: the calls outside the running loop around it (see
   * ../ops/outside_cases.ts), each a number whose bit 0 puts it after the entry (else
   * before) and whose other bits pick the call among those the target has.
   */
  outside?: number[] | undefined;
  /**
   * With an entry: objects made at module level and coroutines run again on a second loop
   * (see ../ops/shared_objects.ts): each number of `shared` picks an object's kind and
   * value, each of `again` a named coroutine.
   */
  loops?: { shared: number[]; again: number[] } | undefined;
  coroutines: RawStmt[][];
  /** Per named coroutine, its parameters: each number picks what it stands for (see resolve.ts). */
  params?: number[][] | undefined;
  /** Primitives and queues main makes first, so that the tasks it starts can share them. */
  objects: RawStmt[];
  /** Tasks main starts before anything else, so that most programs are concurrent. */
  spawns: RawStmt[];
  main: RawStmt[];
}

/** What a compound operation's raw shape is built from (`generate.compound` in ../ops/). */
export interface RawKit {
  fc: typeof fc;
  /** The generic numbers every raw statement has. */
  fields: {
    a: fc.Arbitrary<number>;
    b: fc.Arbitrary<number>;
    items: fc.Arbitrary<number[]>;
    delay: fc.Arbitrary<number>;
    value: fc.Arbitrary<number>;
    flag: fc.Arbitrary<boolean>;
  };
  /** Any raw statement (recursive). */
  stmt: fc.Arbitrary<RawStmt>;
  /** A non-empty body. */
  body: fc.Arbitrary<RawStmt[]>;
  /** A raw spawn, as a child of a task group or as_completed. */
  child: fc.Arbitrary<RawStmt>;
}

/** Options of the program arbitraries. */
export interface GenerateOptions {
  /** The CPython release the programs target: features it lacks are never generated. */
  python: PythonVersion;
  /** Statement weights (merged over {@link DEFAULT_WEIGHTS}). */
  weights?: Weights;
  /** Statements in main: at most this many (default 14). */
  mainLength?: number;
  /** Named coroutine definitions: at most this many (default 3). */
  coroutines?: number;
  /** Which primitives `primitive` statements make (default: all the target has). */
  primitives?: PrimitiveKind[];
  /** The share (0 to 1) of programs that enter through `asyncio.run` or a `Runner` (default 0). */
  entry?: number;
  /**
   * The share (0 to 1) of those entry programs that also call functions outside the
   * running loop before or after their entry (default {@link DEFAULT_OUTSIDE_SHARE}).
   */
  outside?: number;
  /**
   * The share (0 to 1) of entry programs that make primitives and queues at module level
   * and run named coroutines again in a second `asyncio.run` (default 0).
   */
  loops?: number;
  /** Which delays to draw from (default: the default mix, see {@link delayTable}). */
  delays?: DelayMix;
  /** What convoys form on (default: every primitive the target has, and queues). */
  convoys?: ConvoyKind[];
  /**
   * Make the repr scenes that reach the edges of Python's repr formatting (the `reprs`
   * area; see ../ops/reprs.ts): default false.
   */
  reprEdges?: boolean;
  /**
   * Which `validate` calls the programs draw from: the cases whose name starts with one of
   * these prefixes (default: every case the target has). A corpus batch uses it to give
   * newly written cases their own programs.
   */
  validateCases?: readonly string[];
  /**
   * Spread half of the programs over the feature areas the target has (see
   * `programArbitrary` in ./index.ts; default false: these options' mix alone).
   */
  areas?: boolean;
}

/** The compound operations' raw shapes, in registry order, with their weights. */
function compoundArbitraries(weights: Required<Weights>, k: RawKit): fc.WeightedArbitrary<RawStmt>[] {
  return OP_LIST.flatMap((op) => {
    const shape = op.generate?.compound;
    const weight = weights[op.op];
    return shape !== undefined && weight > 0 ? [{ weight, arbitrary: shape(k) }] : [];
  });
}

function rawStatement(weights: Required<Weights>, maxBody: number, delays: number): fc.Arbitrary<RawStmt> {
  const compound = new Set<string>(OP_LIST.filter((op) => op.generate?.compound !== undefined).map((op) => op.op));
  const leafKinds = (Object.keys(weights) as RawKind[]).filter((k) => weights[k] > 0 && !compound.has(k));
  const kindOf = (kinds: RawKind[]) => fc.oneof(...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: weights[k] })));
  const total = (kinds: RawKind[]) => kinds.reduce((sum, k) => sum + weights[k], 0);
  // Only a spawn (its inline task body) and a convoy (its waiters' extra statements) use a leaf's body.
  const bodied = leafKinds.filter((k) => k === "spawn" || k === "convoy");
  const plain = leafKinds.filter((k) => k !== "spawn" && k !== "convoy");
  const fields: RawKit["fields"] = {
    a: fc.nat(64),
    b: fc.nat(64),
    items: fc.array(fc.nat(64), { minLength: 1, maxLength: 4 }),
    delay: fc.nat(delays - 1),
    value: fc.nat(9),
    flag: fc.boolean(),
  };
  const { stmt } = fc.letrec<{ stmt: RawStmt; leaf: RawStmt; compound: RawStmt }>((tie) => {
    const body = fc.array(tie("stmt"), { minLength: 1, maxLength: maxBody });
    const child = fc.record({ kind: fc.constant<StatementKind>("spawn"), ...fields, body: fc.option(body, { nil: undefined, freq: 3 }) });
    const compoundKinds = compoundArbitraries(weights, { fc, fields, stmt: tie("stmt"), body, child });
    // A spawn may carry an inline body of 2 to 6 statements (used when there is no named
    // coroutine to spawn, or by choice).
    const taskBody = fc.option(fc.array(tie("stmt"), { minLength: 2, maxLength: maxBody + 1 }), { nil: undefined, freq: 2 });
    const leaf = fc.oneof(
      ...(plain.length > 0 ? [{ weight: total(plain), arbitrary: fc.record({ kind: kindOf(plain), ...fields }) }] : []),
      ...(bodied.length > 0 ? [{ weight: total(bodied), arbitrary: fc.record({ kind: kindOf(bodied), ...fields, body: taskBody }) }] : []),
    );
    const leafWeight = leafKinds.reduce((sum, k) => sum + weights[k], 0);
    const compoundWeight = compoundKinds.reduce((sum, k) => sum + k.weight, 0);
    return {
      stmt:
        compoundKinds.length === 0
          ? tie("leaf")
          : fc.oneof(
              { depthSize: "small", maxDepth: 3, depthIdentifier: "stmt" },
              { arbitrary: tie("leaf"), weight: leafWeight },
              { arbitrary: tie("compound"), weight: compoundWeight },
            ),
      leaf,
      compound: compoundKinds.length > 0 ? fc.oneof(...compoundKinds) : tie("leaf"),
    };
  });
  return stmt;
}

/** The weights for `options`: defaults, overrides, and 0 for what the target lacks. */
export function effectiveWeights(options: GenerateOptions): Required<Weights> {
  const minor = pythonMinor(options.python);
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  for (const op of OP_LIST) {
    const since = op.generate?.since;
    if (since !== undefined && minor < since) weights[op.op] = 0;
  }
  return weights;
}

/** The share of entry programs with calls outside the running loop, unless the options say otherwise. */
export const DEFAULT_OUTSIDE_SHARE = 0.5;

/** Raw outside calls: none with probability 1 - share, else one to five choice numbers. */
function outsideArbitrary(share: number): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.nat(99), fc.array(fc.nat(255), { minLength: 1, maxLength: 5 }))
    .map(([dice, calls]) => (dice < share * 100 ? calls : []));
}

/** Raw module-level objects and second-loop runs: none with probability 1 - share. */
function loopsArbitrary(share: number): fc.Arbitrary<{ shared: number[]; again: number[] }> {
  const some = fc.record({ shared: fc.array(fc.nat(255), { minLength: 1, maxLength: 3 }), again: fc.array(fc.nat(255), { minLength: 1, maxLength: 2 }) });
  return fc.tuple(fc.nat(99), some).map(([dice, loops]) => (dice < share * 100 ? loops : { shared: [], again: [] }));
}

/** A raw entry: 0 (the harness's) with probability 1 - share, else a positive choice number. */
function entryArbitrary(share: number): fc.Arbitrary<number> {
  return fc.tuple(fc.nat(99), fc.nat(63)).map(([dice, choice]) => (dice < share * 100 ? choice + 1 : 0));
}

/** The raw program arbitrary (exposed for tests of the resolver). */
export function rawProgramArbitrary(options: GenerateOptions): fc.Arbitrary<RawProgram> {
  const minor = pythonMinor(options.python);
  const weights = effectiveWeights(options);
  const delays = delayTable(options.delays).length;
  const stmt = rawStatement(weights, 5, delays);
  // Tasks main starts first: bodies of 2 to 6 statements, so that tasks interleave.
  const spawn = fc.record({
    kind: fc.constant<RawKind>("spawn"),
    a: fc.nat(64),
    b: fc.nat(64),
    items: fc.constant<number[]>([0]),
    delay: fc.nat(delays - 1),
    value: fc.nat(9),
    flag: fc.boolean(),
    body: fc.array(stmt, { minLength: 2, maxLength: 6 }),
  });
  const object = stmt.map((r): RawStmt => ({ ...r, kind: r.flag ? "primitive" : "queue", body: undefined }));
  const objects = weights.primitive + weights.queue > 0 ? fc.array(object, { maxLength: 3 }) : fc.constant<RawStmt[]>([]);
  return fc.record({
    eager: minor >= FEATURE_SINCE.eagerTaskFactory ? fc.nat(3).map((n) => n === 3) : fc.constant(false),
    coroutines: fc.array(fc.array(stmt, { minLength: 2, maxLength: 6 }), { maxLength: options.coroutines ?? 3 }),
    // About half of the named coroutines take parameters (1 to 3).
    params: fc.array(fc.oneof(fc.constant<number[]>([]), fc.array(fc.nat(64), { minLength: 1, maxLength: 3 })), { maxLength: options.coroutines ?? 3 }),
    objects,
    spawns: fc.array(spawn, { minLength: weights.spawn > 0 ? 2 : 0, maxLength: weights.spawn > 0 ? 5 : 0 }),
    main: fc.array(stmt, { minLength: 2, maxLength: options.mainLength ?? 14 }),
    // Last, and only when asked for: the programs of every other mix stay as they were.
    ...(options.entry ? { entry: entryArbitrary(options.entry), outside: outsideArbitrary(options.outside ?? DEFAULT_OUTSIDE_SHARE) } : {}),
    // Only when asked for, after the rest: other entry programs stay as they were.
    ...(options.entry && options.loops ? { loops: loopsArbitrary(options.loops) } : {}),
  });
}

