/**
 * Command lines from one declarative table: each script lists its flags once (name, value
 * shape, allowed values, default, one line of help) and gets from that table its parser,
 * its validation (every flag checked before any work starts, one line naming the flag and
 * what it allows), its `--help` text and the Markdown table the README carries. The
 * conformance, repro and report scripts use it; any other script can.
 *
 * @example
 * ```ts
 * const command = defineCommand({
 *   name: "npm run bench --",
 *   usage: ["npm run bench -- [--repeats N]"],
 *   summary: "Measures the scheduler.",
 *   flags: { repeats: flags.integer({ metavar: "N", min: 1, max: 100, default: 5, help: "runs of each workload" }) },
 * });
 * const { values } = parseOrExit(command, process.argv.slice(2)); // --help prints and exits 0, bad input exits 2
 * values.repeats; // number
 * ```
 * @module
 */
import { parseArgs } from "node:util";

/**
 * Bad command-line input: the message names the flag and what it allows. Scripts print it
 * on one line and exit 2.
 *
 * @example
 * ```ts
 * throw new UsageError("--shard 4/4 with --runs 3: shard 4 would run no program");
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * One flag: how it is written, how its text becomes a value, and how `--help` and the
 * README describe it. Build flags with {@link flags}.
 *
 * @example
 * ```ts
 * const runs: Flag<number> = flags.integer({ metavar: "N", min: 1, default: 200, help: "programs to check" });
 * ```
 */
export interface Flag<T> {
  /** `boolean` takes no value; `value` takes one; `list` may be repeated. */
  readonly shape: "boolean" | "value" | "list";
  /** The placeholder in help, e.g. `N` in `--runs N`; empty for a boolean. */
  readonly metavar: string;
  readonly help: string;
  /** The default as `--help` and the README show it. */
  readonly defaultText: string;
  /** The value when the flag is absent. */
  readonly absent: T;
  /** Turns one occurrence's text into a value, or throws {@link UsageError} (given the flag's name). */
  readonly parse: (raw: string, name: string) => unknown;
  /** Combines the occurrences' values (only one for `boolean` and `value`). */
  readonly combine: (values: unknown[]) => T;
}

/**
 * The values a table of flags parses to.
 *
 * @example
 * ```ts
 * type V = FlagValues<{ runs: Flag<number>; seed: Flag<number | undefined> }>; // { runs: number; seed: number | undefined }
 * ```
 */
export type FlagValues<F extends Record<string, Flag<unknown>>> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

const quote = (raw: string) => JSON.stringify(raw);

function refuse(name: string, allowed: string, raw: string): never {
  throw new UsageError(`--${name} must be ${allowed}, got ${quote(raw)}`);
}

/** Options every valued flag takes. */
interface ValueOptions<T> {
  metavar: string;
  help: string;
  /** The value when the flag is absent; leave it out when the default depends on the run. */
  default?: T;
  /** How help shows the default when it is not a fixed value, e.g. "the interpreter's release". */
  defaultText?: string;
}

function valueFlag<T, D>(
  options: ValueOptions<T>,
  parse: (raw: string, name: string) => T,
  show: (value: T) => string,
): Flag<T | D> {
  const absent = options.default as T | D;
  return {
    shape: "value",
    metavar: options.metavar,
    help: options.help,
    defaultText: options.defaultText ?? (options.default === undefined ? "none" : show(options.default)),
    absent,
    parse,
    combine: (values) => (values.length === 0 ? absent : (values[0] as T)),
  };
}

/**
 * Builders of {@link Flag}s. Integers are plain decimal digits (no signs, exponents or
 * blanks), within the bounds given; a flag given twice is refused unless it is a `list`.
 *
 * @example
 * ```ts
 * const table = {
 *   runs: flags.integer({ metavar: "N", min: 1, max: 1_000_000, default: 200, help: "programs to check" }),
 *   seed: flags.integer({ metavar: "S", min: 0, max: 2 ** 32 - 1, defaultText: "random", help: "the campaign's seed" }),
 *   matrix: flags.boolean({ help: "one campaign per CPython release" }),
 *   feature: flags.choice({ metavar: "AREA", choices: ["locks", "queues"], help: "focus on one area" }),
 *   python: flags.list(flags.text({ metavar: "PATH", help: "a CPython executable" })),
 * };
 * ```
 */
export const flags = {
  /** A switch: present is true, absent false. */
  boolean(options: { help: string }): Flag<boolean> {
    return {
      shape: "boolean",
      metavar: "",
      help: options.help,
      defaultText: "off",
      absent: false,
      parse: () => true,
      combine: (values) => values.length > 0,
    };
  },

  /** Any non-empty text, optionally checked by `check` (which returns what is allowed, or null when fine). */
  text<D extends string | undefined = undefined>(
    options: ValueOptions<string> & { default?: D; check?: (value: string) => string | null },
  ): Flag<string | D> {
    return valueFlag<string, D>(
      options,
      (raw, name) => {
        if (raw === "") refuse(name, `a non-empty ${options.metavar}`, raw);
        const allowed = options.check?.(raw) ?? null;
        if (allowed !== null) refuse(name, allowed, raw);
        return raw;
      },
      (value) => value,
    );
  },

  /** A whole number from `min` to `max` written in decimal digits. */
  integer<D extends number | undefined = undefined>(
    options: ValueOptions<number> & { default?: D; min: number; max?: number },
  ): Flag<number | D> {
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const allowed =
      max === Number.MAX_SAFE_INTEGER ? `a whole number from ${options.min} up` : `a whole number from ${options.min} to ${max}`;
    return valueFlag<number, D>(
      options,
      (raw, name) => {
        if (!/^\d+$/.test(raw)) refuse(name, allowed, raw);
        const value = Number(raw);
        if (!Number.isSafeInteger(value) || value < options.min || value > max) refuse(name, allowed, raw);
        return value;
      },
      String,
    );
  },

  /** One of a fixed list of words. */
  choice<C extends string, D extends C | undefined = undefined>(
    options: ValueOptions<C> & { default?: D; choices: readonly C[] },
  ): Flag<C | D> {
    return valueFlag<C, D>(
      options,
      (raw, name) => {
        if (!(options.choices as readonly string[]).includes(raw)) refuse(name, `one of ${options.choices.join(", ")}`, raw);
        return raw as C;
      },
      (value) => value,
    );
  },

  /** The same flag repeatable: every occurrence's value, in order (none: `[]`). */
  list<T>(flag: Flag<T>, options: { defaultText?: string } = {}): Flag<Exclude<T, undefined>[]> {
    return {
      shape: "list",
      metavar: flag.metavar,
      help: `${flag.help} (repeatable)`,
      defaultText: options.defaultText ?? "none",
      absent: [],
      parse: flag.parse,
      combine: (values) => values as Exclude<T, undefined>[],
    };
  },
};

/**
 * What a command line looks like: how it is invoked, what it does, its flags, and the
 * positional arguments it takes.
 *
 * @example
 * ```ts
 * const spec: CommandSpec<{ show: Flag<boolean> }> = {
 *   name: "npm run repro --",
 *   usage: ["npm run repro -- FILE.json [--show]"],
 *   summary: "Runs one program on both sides.",
 *   flags: { show: flags.boolean({ help: "print the program" }) },
 *   positionals: { metavar: "FILE.json", min: 0, max: 1 },
 * };
 * ```
 */
export interface CommandSpec<F extends Record<string, Flag<unknown>>> {
  /** How the command is invoked before its arguments, e.g. `npm run conformance --`. */
  name: string;
  /** Usage lines, shown first in help and after a usage error. */
  usage: string[];
  /** What the command does, a short paragraph. */
  summary: string;
  flags: F;
  /** Positional arguments (none when absent). */
  positionals?: { metavar: string; min: number; max: number };
  /** Paragraphs after the flag list (exit codes, notes). */
  notes?: string[];
}

/**
 * A parsed command line: the values of every flag (defaults filled in), the positional
 * arguments, and which flags were given explicitly.
 *
 * @example
 * ```ts
 * const { values, given } = command.parse(["--runs", "10"]);
 * given.has("runs"); // true
 * ```
 */
export interface ParsedCommand<F extends Record<string, Flag<unknown>>> {
  values: FlagValues<F>;
  positionals: string[];
  given: Set<keyof F & string>;
}

/**
 * A command defined by {@link defineCommand}: its spec, parser, help text and README table.
 *
 * @example
 * ```ts
 * command.help();          // the --help text
 * command.markdownTable(); // | flag | default | meaning |
 * ```
 */
export interface Command<F extends Record<string, Flag<unknown>>> {
  readonly spec: CommandSpec<F>;
  /** Parses and validates `argv` (without `--help`); throws {@link UsageError}. */
  parse(argv: readonly string[]): ParsedCommand<F>;
  /** Whether `argv` asks for help (`--help` or `-h` before any `--`). */
  wantsHelp(argv: readonly string[]): boolean;
  /** The `--help` text: usage, summary, every flag with its default, notes. */
  help(): string;
  /** The README's table of this command's flags (`| flag | default | meaning |`). */
  markdownTable(): string;
}

/**
 * How a flag is written in help: `--runs N`, `--matrix`.
 *
 * @example
 * ```ts
 * flagSyntax("runs", flags.integer({ metavar: "N", min: 1, help: "programs" })); // "--runs N"
 * ```
 */
export function flagSyntax(name: string, flag: Flag<unknown>): string {
  return flag.metavar === "" ? `--${name}` : `--${name} ${flag.metavar}`;
}

function parseError(error: unknown, spec: CommandSpec<Record<string, Flag<unknown>>>): UsageError {
  const message = error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return new UsageError(`unknown option ${option}`);
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const positional = /argument '([^']*)'/.exec(message)?.[1] ?? "";
    return new UsageError(`unexpected argument ${quote(positional)}: ${spec.positionals ? `at most ${spec.positionals.max} ${spec.positionals.metavar}` : "this command takes only flags"}`);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    const name = option.replace(/^-+/, "");
    const flag = spec.flags[name];
    if (flag?.shape === "boolean") return new UsageError(`--${name} takes no value`);
    if (/ambiguous/.test(message)) return new UsageError(`--${name} needs a ${flag?.metavar ?? "value"}; a value starting with - goes as --${name}=VALUE`);
    return new UsageError(`--${name} needs a value (${flag?.metavar ?? "value"})`);
  }
  return new UsageError(message);
}

/**
 * Builds a {@link Command} from its spec.
 *
 * @example
 * ```ts
 * const repro = defineCommand({ name: "npm run repro --", usage: ["npm run repro -- FILE"], summary: "...", flags: {} });
 * ```
 */
export function defineCommand<F extends Record<string, Flag<unknown>>>(spec: CommandSpec<F>): Command<F> {
  const names = Object.keys(spec.flags);
  return {
    spec,
    wantsHelp(argv) {
      const end = argv.indexOf("--");
      return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
    },
    parse(argv) {
      let parsed;
      try {
        parsed = parseArgs({
          args: [...argv],
          strict: true,
          tokens: true,
          allowPositionals: spec.positionals !== undefined,
          options: Object.fromEntries(
            names.map((name) => [name, { type: spec.flags[name]?.shape === "boolean" ? "boolean" : "string", multiple: true }] as const),
          ),
        });
      } catch (error) {
        throw parseError(error, spec);
      }
      const raw = parsed.values as Record<string, (string | boolean)[] | undefined>;
      const values: Record<string, unknown> = {};
      const given = new Set<keyof F & string>();
      for (const name of names) {
        const flag = spec.flags[name] as Flag<unknown>;
        const occurrences = raw[name] ?? [];
        if (occurrences.length > 1 && flag.shape !== "list") {
          throw new UsageError(`--${name} given ${occurrences.length} times; give it once`);
        }
        if (occurrences.length > 0) given.add(name as keyof F & string);
        values[name] = flag.combine(occurrences.map((o) => flag.parse(String(o), name)));
      }
      const positionals = parsed.positionals;
      const p = spec.positionals;
      if (p && (positionals.length < p.min || positionals.length > p.max)) {
        const count = p.min === p.max ? `${p.min}` : p.max === Infinity ? `at least ${p.min}` : `${p.min} to ${p.max}`;
        throw new UsageError(`expected ${count} ${p.metavar}, got ${positionals.length}`);
      }
      return { values: values as FlagValues<F>, positionals, given };
    },
    help() {
      const rows: [string, string][] = names.map((name) => {
        const flag = spec.flags[name] as Flag<unknown>;
        return [flagSyntax(name, flag), `${flag.help} (default: ${flag.defaultText})`];
      });
      rows.push(["--help, -h", "print this help and exit"]);
      const width = Math.max(...rows.map(([syntax]) => syntax.length)) + 2;
      const lines = spec.usage.map((u, i) => `${i === 0 ? "usage: " : "       "}${u}`);
      lines.push("", spec.summary, "", "options:");
      for (const [syntax, text] of rows) lines.push(`  ${syntax.padEnd(width)}${text}`);
      for (const note of spec.notes ?? []) lines.push("", note);
      return lines.join("\n");
    },
    markdownTable() {
      const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      const lines = ["| flag | default | meaning |", "|---|---|---|"];
      for (const name of names) {
        const flag = spec.flags[name] as Flag<unknown>;
        lines.push(`| \`${flagSyntax(name, flag)}\` | ${cell(flag.defaultText)} | ${cell(flag.help)} |`);
      }
      lines.push("| `--help` | | print every flag with its default, and exit |");
      return lines.join("\n");
    },
  };
}

/**
 * Parses `argv` for a script: with `--help` prints the help and exits 0; on bad input
 * prints one line naming the problem, then the usage, and exits 2.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseOrExit(command, process.argv.slice(2));
 * ```
 */
export function parseOrExit<F extends Record<string, Flag<unknown>>>(command: Command<F>, argv: readonly string[]): ParsedCommand<F> {
  if (command.wantsHelp(argv)) {
    process.stdout.write(`${command.help()}\n`);
    process.exit(0);
  }
  try {
    return command.parse(argv);
  } catch (error) {
    return usageExit(command, error);
  }
}

/**
 * Reports a usage problem found after parsing (a combination of flags the command cannot
 * honour) the way {@link parseOrExit} does, and exits 2. Errors other than
 * {@link UsageError} are rethrown.
 *
 * @example
 * ```ts
 * if (shards > runs) usageExit(command, new UsageError(`--shard ${k}/${n} with --runs ${runs}: ...`));
 * ```
 */
export function usageExit<F extends Record<string, Flag<unknown>>>(command: Command<F>, error: unknown): never {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\nusage: ${command.spec.usage[0]} (--help lists every flag)\n`);
  process.exit(2);
}

/**
 * Picks a script's subcommand from `argv[0]` (`npm run corpus -- replay ...`): `--help`
 * alone prints every subcommand's help and exits 0; no subcommand, or an unknown one,
 * gets one line naming the choices and exit 2. Returns the subcommand's name and the
 * rest of the arguments.
 *
 * @example
 * ```ts
 * const [name, argv] = pickSubcommand(corpusClis, process.argv.slice(2));
 * const { values } = parseOrExit(corpusClis[name], argv);
 * ```
 */
export function pickSubcommand<C extends Record<string, { help(): string; spec: { usage: string[] } }>>(
  commands: C,
  argv: readonly string[],
): [keyof C & string, string[]] {
  const [first, ...rest] = argv;
  const all = Object.values(commands);
  const names = Object.keys(commands).join(", ");
  if (first === "--help" || first === "-h") {
    process.stdout.write(`${all.map((c) => c.help()).join("\n\n")}\n`);
    process.exit(0);
  }
  if (first === undefined || !(first in commands)) {
    const what = first === undefined ? "give a subcommand" : `unknown subcommand ${JSON.stringify(first)}`;
    process.stderr.write(`${what}: one of ${names}\nusage: ${all.map((c) => c.spec.usage[0]).join("\n       ")}\n(--help lists every flag)\n`);
    process.exit(2);
  }
  return [first as keyof C & string, rest];
}
