/**
 * Issue 10, items 6 and 8: every script has `--help` (exit 0, every flag with its
 * default), the README's flag tables are the parsers' own tables, and bad input gets one
 * line naming the flag and what it allows, exit code 2, before any work. The parser module
 * (src/conformance/cli.ts) is checked on its own first.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it, vi } from "vitest";
import { UsageError, defineCommand, flagSyntax, flags, type Command, type Flag } from "../../src/conformance/cli.ts";
import { DOCUMENTED_COMMANDS, checkConformanceFlags, checkReproArgs, conformanceCli, corpusClis, mutationCli, reportClis, reproCli } from "../../src/conformance/commands.ts";
import { python3, pythonMissing } from "../support/python.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Each script start is a Node process with tsx: seconds on a loaded machine. The timeout
// is a safety net, not a measurement.
vi.setConfig({ testTimeout: 600_000 });
const script = (name: string, ...args: string[]) =>
  execa(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, ...args], { cwd: ROOT, reject: false });

const toy = defineCommand({
  name: "toy",
  usage: ["toy [--n N] FILE"],
  summary: "A toy.",
  flags: {
    n: flags.integer({ metavar: "N", min: 1, max: 10, default: 3, help: "how many" }),
    tag: flags.list(flags.choice({ metavar: "T", choices: ["a", "b"], help: "a tag" })),
    on: flags.boolean({ help: "switch" }),
    name: flags.text({ metavar: "S", help: "a name", check: (v) => (v === "bad" ? "not bad" : null) }),
  },
  positionals: { metavar: "FILE", min: 1, max: 1 },
});

describe("the CLI module", () => {
  it("parses values with their defaults, and says which flags were given", () => {
    const parsed = toy.parse(["f", "--tag", "a", "--tag", "b", "--on"]);
    expect(parsed.values).toEqual({ n: 3, tag: ["a", "b"], on: true, name: undefined });
    expect(parsed.positionals).toEqual(["f"]);
    expect([...parsed.given].sort()).toEqual(["on", "tag"]);
    expect(toy.parse(["--n=10", "x"]).values.n).toBe(10);
  });

  it.each([
    [["x", "--n", "abc"], '--n must be a whole number from 1 to 10, got "abc"'],
    [["x", "--n", "0"], '--n must be a whole number from 1 to 10, got "0"'],
    [["x", "--n", "11"], '--n must be a whole number from 1 to 10, got "11"'],
    [["x", "--n", "1e1"], '--n must be a whole number from 1 to 10, got "1e1"'],
    [["x", "--n="], '--n must be a whole number from 1 to 10, got ""'],
    [["x", "--n", "2", "--n", "3"], "--n given 2 times; give it once"],
    [["x", "--n"], "--n needs a value (N)"],
    [["x", "--n", "-1"], "--n needs a N; a value starting with - goes as --n=VALUE"],
    [["x", "--tag", "c"], '--tag must be one of a, b, got "c"'],
    [["x", "--on=yes"], "--on takes no value"],
    [["x", "--name", "bad"], '--name must be not bad, got "bad"'],
    [["x", "--bogus"], "unknown option --bogus"],
    [[], "expected 1 FILE, got 0"],
    [["x", "y"], "expected 1 FILE, got 2"],
  ])("refuses %j: %s", (argv, message) => {
    expect(() => toy.parse(argv)).toThrow(new UsageError(message));
  });

  it("help and the Markdown table list every flag with its default", () => {
    const help = toy.help();
    expect(help).toContain("--n N");
    expect(help).toContain("how many (default: 3)");
    expect(help).toContain("a tag (repeatable) (default: none)");
    expect(help).toContain("switch (default: off)");
    expect(help).toContain("--help, -h");
    expect(toy.markdownTable().split("\n")).toContain("| `--n N` | 3 | how many |");
    expect(toy.wantsHelp(["--n", "x", "-h"])).toBe(true);
    expect(toy.wantsHelp(["--", "--help"])).toBe(false);
  });
});

const COMMANDS: [string, string[], Command<Record<string, Flag<unknown>>>][] = [
  ["conformance", [], conformanceCli as unknown as Command<Record<string, Flag<unknown>>>],
  ["repro", [], reproCli as unknown as Command<Record<string, Flag<unknown>>>],
  ["report merge", ["merge"], reportClis.merge as unknown as Command<Record<string, Flag<unknown>>>],
  ["report expectations", ["expectations"], reportClis.expectations as unknown as Command<Record<string, Flag<unknown>>>],
  ["report promote", ["promote"], reportClis.promote as unknown as Command<Record<string, Flag<unknown>>>],
  ["corpus replay", ["replay"], corpusClis.replay as unknown as Command<Record<string, Flag<unknown>>>],
  ["corpus record", ["record"], corpusClis.record as unknown as Command<Record<string, Flag<unknown>>>],
  ["corpus check", ["check"], corpusClis.check as unknown as Command<Record<string, Flag<unknown>>>],
  ["mutation", [], mutationCli as unknown as Command<Record<string, Flag<unknown>>>],
];

describe("--help and the README", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

  it.each(COMMANDS.slice(0, 3))("npm run %s -- --help exits 0 and lists every flag with its default", async (name, prefix, command) => {
    const result = await script(name.split(" ")[0] as string, ...prefix, "--help");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(command.help());
    for (const [flag, spec] of Object.entries(command.spec.flags)) {
      expect(result.stdout).toContain(flagSyntax(flag, spec));
      expect(result.stdout).toContain(`(default: ${spec.defaultText})`);
    }
  });

  it.each(COMMANDS)("the README's table for %s is the parser's", (name, _prefix, command) => {
    const block = new RegExp(`<!-- flags: ${name} -->\\n([\\s\\S]*?)\\n<!-- /flags -->`).exec(readme);
    expect(block, `README.md has no <!-- flags: ${name} --> table`).not.toBeNull();
    expect(block![1], `README.md's table for ${name} should read:\n${command.markdownTable()}`).toBe(command.markdownTable());
  });

  it("the README shows a table for every documented command and for nothing else (npm run docs:flags rewrites them)", () => {
    const shown = [...readme.matchAll(/<!-- flags: ([^>]+?) -->/g)].map((m) => m[1]);
    expect(shown.sort()).toEqual(Object.keys(DOCUMENTED_COMMANDS).sort());
    expect(COMMANDS.map(([name]) => name).sort()).toEqual(Object.keys(DOCUMENTED_COMMANDS).sort());
  });

  it("npm run report -- --help covers every subcommand; report alone names them, exit 2", async () => {
    const help = await script("report", "--help");
    expect(help.exitCode).toBe(0);
    for (const command of Object.values(reportClis)) expect(help.stdout).toContain(command.help());
    const bare = await script("report");
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain("give a subcommand: merge, expectations, promote");
  });
});

/** One line naming the problem, then the usage line; nothing on stdout. */
function expectRefused(result: { exitCode?: number; stdout: string; stderr: string }, first: string | RegExp): void {
  expect(result.exitCode, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
  if (typeof first === "string") expect(lines[0]).toBe(first);
  else expect(lines[0]).toMatch(first);
  if (lines.length === 2) expect(lines[1]).toMatch(/^usage: .*\(--help lists every flag\)$/);
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
}

/** Parses and checks a command line in-process, returning the UsageError's message (or null). */
function refusal(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

describe("bad input is refused before any work, one line each", () => {
  const conformance = (argv: string[]) => () => checkConformanceFlags(conformanceCli.parse(argv));
  const repro = (argv: string[]) => () => checkReproArgs(reproCli.parse(argv));

  it.each([
    [["--workers", "abc"], '--workers must be a whole number from 1 to 256, got "abc"'],
    [["--workers", "0"], '--workers must be a whole number from 1 to 256, got "0"'],
    [["--seed="], '--seed must be a whole number from 0 to 4294967295, got ""'],
    [["--seed", "4294967296"], '--seed must be a whole number from 0 to 4294967295, got "4294967296"'],
    [["--seed", "1e30"], '--seed must be a whole number from 0 to 4294967295, got "1e30"'],
    [["--runs", "3", "--shard", "4/4"], "--shard 4/4 with --runs 3: a campaign of 3 programs has at most 3 shards (shard K of N runs every Nth program)"],
    [["--shard", "0/2"], '--shard must be K/N with 1 <= K <= N, got "0/2"'],
    [["--target", "2.7"], '--target must be one of 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, got "2.7"'],
    [["--fault", "nope"], '--fault must be one of fifoTimers, sameIterationCallbacks, sameIterationWakeups, coarseClockResolution, got "nope"'],
    [["--matrix", "--target", "3.9"], "--target cannot be used with --matrix (each release runs with its own target, unsharded, without the expectations file)"],
    [["--matrix", "--shard", "1/2"], "--shard cannot be used with --matrix (each release runs with its own target, unsharded, without the expectations file)"],
    [["--matrix", "--update-expectations"], "--update-expectations cannot be used with --matrix (each release runs with its own target, unsharded, without the expectations file)"],
    [["--python", "a", "--python", "b"], "--python given 2 times: only --matrix compares against several interpreters"],
    [["--publish"], "--publish only applies to --matrix"],
  ])("conformance %j", (argv, message) => {
    expect(refusal(conformance(argv))).toBe(message);
  });

  it.each([
    [["--seed", "1"], "give a program file, or both --seed and --path"],
    [["--seed", "1", "--path", "5:x"], '--path must be a path like 57 or 57:3:2, got "5:x"'],
    [["f.json", "--seed", "1", "--path", "2"], "give a program file, or --seed and --path, not both"],
    [["f.json", "--feature", "locks"], "--feature applies to --seed and --path (a program file is the program itself)"],
  ])("repro %j", (argv, message) => {
    expect(refusal(repro(argv))).toBe(message);
  });

  it("report subcommands check their flags and arguments", () => {
    expect(refusal(() => reportClis.merge.parse(["--bogus"]))).toBe("unknown option --bogus");
    expect(refusal(() => reportClis.merge.parse([]))).toBe("expected at least 1 RUN_DIR, got 0");
    expect(refusal(() => reportClis.promote.parse(["/x", "--name", "Bad Name"]))).toBe('--name must be lower-case words joined by -, got "Bad Name"');
    expect(refusal(() => reportClis.expectations.parse(["a", "b"]))).toBe("expected 1 RUN_DIR, got 2");
    expect(refusal(() => conformance(["--runs", "10", "--seed", "4294967295", "--shard", "2/10"])())).toBeNull();
  });

  // The scripts themselves: one line, the usage line, exit 2, no stack trace.
  it.each([
    ["conformance", ["--workers", "abc"], '--workers must be a whole number from 1 to 256, got "abc"'],
    ["conformance", ["--runs", "3", "--shard", "4/4"], /^--shard 4\/4 with --runs 3: /],
    ["repro", ["--seed", "1"], "give a program file, or both --seed and --path"],
    ["repro", ["/nonexistent/program.json"], /^cannot read \/nonexistent\/program\.json: ENOENT/],
    ["report", ["merge", "--bogus"], "unknown option --bogus"],
    ["report", ["merge", "/nonexistent"], "/nonexistent/summary.json does not exist: /nonexistent is not a campaign's run directory"],
    ["report", ["promote", "/nonexistent", "--name", "x"], /^\/nonexistent is not a failure directory: cannot read \/nonexistent\/program\.json: ENOENT/],
    ["report", ["promote", "/nonexistent"], "--name NAME is required: the regression's file name"],
    ["report", ["bogus"], 'unknown subcommand "bogus": one of merge, expectations, promote (--help lists every flag)'],
  ] as [string, string[], string | RegExp][])("npm run %s -- %j", async (name, argv, first) => {
    expectRefused(await script(name, ...argv), first);
  });

  it.skipIf(python3 === null)(`a feature the target lacks is not applicable: nothing runs, exit 0 (python3 ${python3?.version ?? pythonMissing})`, async () => {
    const result = await script("conformance", "--feature", "task_groups", "--target", "3.7", "--python", python3!.path, "--runs", "5");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("--feature task_groups is not applicable to target 3.7 (task_groups needs Python 3.11 or newer): nothing to run");
  });
});
