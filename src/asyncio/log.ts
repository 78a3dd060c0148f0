/**
 * Port of CPython's `asyncio/log.py`: the `asyncio` logger, through which the loop's
 * default exception handler reports errors nobody handled (a callback that raised, an
 * exception handler that raised). It is a small logger in the manner of Python's
 * `logging`: records with a level, a message and the exception; handlers that receive
 * them; a level below which records are dropped (WARNING unless set, as a Python logger
 * whose level is NOTSET inherits from the root).
 *
 * Without handlers, a record of WARNING or above is written to `console.error` (the
 * message, then the exception's stack), as Python's `logging.lastResort` writes it to
 * stderr.
 *
 * @example
 * ```ts
 * const seen: asyncio.LogRecord[] = [];
 * const handler = (record: asyncio.LogRecord) => void seen.push(record);
 * asyncio.logger.addHandler(handler);
 * // ... a callback raises; the loop's default handler logs "Exception in callback ..."
 * asyncio.logger.removeHandler(handler);
 * seen[0]?.getMessage();
 * ```
 * @module
 */
import { pyRepr, pyStr } from "./format_helpers.ts";

/**
 * Python's `logging` levels by name.
 *
 * @example
 * ```ts
 * asyncio.logger.setLevel(asyncio.LOG_LEVELS.DEBUG);
 * ```
 */
export const LOG_LEVELS = { NOTSET: 0, DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 } as const;

const LEVEL_NAMES = new Map<number, string>(Object.entries(LOG_LEVELS).map(([name, n]) => [n, name]));

/**
 * One logged event, as Python's `logging.LogRecord`: the logger's name, the level, the
 * message template and its arguments, and the exception being reported (null for none).
 *
 * @example
 * ```ts
 * asyncio.logger.addHandler((r: asyncio.LogRecord) => console.log(r.levelname, r.getMessage()));
 * ```
 */
export interface LogRecord {
  readonly name: string;
  readonly levelno: number;
  /** `ERROR`, `WARNING`, ... (`Level N` for a level without a name). */
  readonly levelname: string;
  readonly msg: string;
  readonly args: readonly unknown[];
  /** The exception the record reports (`exc_info`), or null. */
  readonly exception: unknown;
  /** The message with its arguments formatted in (`msg % args`). */
  getMessage(): string;
}

/**
 * What receives log records (Python's `Handler.emit`).
 *
 * @example
 * ```ts
 * const handler: asyncio.LogHandler = (record) => console.log(record.getMessage());
 * ```
 */
export type LogHandler = (record: LogRecord) => void;

/**
 * Options of a logging call: the exception to report with the record (Python's
 * `exc_info`).
 *
 * @example
 * ```ts
 * asyncio.logger.error("lost %s", ["data"], { exception: new asyncio.ValueError("x") });
 * ```
 */
export interface LogOptions {
  exception?: unknown;
}

/**
 * Python's `%` formatting for the conversions log messages use: `%s`, `%r`, `%d`,
 * `%.Nf` and `%%`.
 */
function percentFormat(msg: string, args: readonly unknown[]): string {
  let i = 0;
  return msg.replace(/%(%|s|r|d|\.(\d+)f)/g, (whole, conv: string, digits: string | undefined) => {
    if (conv === "%") return "%";
    if (i >= args.length) return whole;
    const arg = args[i++];
    if (conv === "s") return pyStr(arg);
    if (conv === "r") return pyRepr(arg);
    if (conv === "d") return String(Math.trunc(Number(arg)));
    return Number(arg).toFixed(Number(digits));
  });
}

/**
 * A named logger (Python's `logging.Logger`, reduced to what asyncio uses).
 *
 * @example
 * ```ts
 * const log = new asyncio.Logger("mine");
 * log.addHandler((r) => console.log(r.getMessage()));
 * log.warning("%d left", [3]);
 * ```
 */
export class Logger {
  /** The level set with `setLevel` (0: NOTSET, inherit WARNING). */
  level: number = LOG_LEVELS.NOTSET;
  private readonly handlers: LogHandler[] = [];

  constructor(readonly name: string) {}

  /** Sets the level below which records are dropped (`logger.setLevel`). */
  setLevel(level: number): void {
    this.level = level;
  }

  /** The level in force: the one set, or WARNING (the root logger's default). */
  getEffectiveLevel(): number {
    return this.level === LOG_LEVELS.NOTSET ? LOG_LEVELS.WARNING : this.level;
  }

  /** True when a record of `level` would be handled. */
  isEnabledFor(level: number): boolean {
    return level >= this.getEffectiveLevel();
  }

  /** Adds a handler; records go to every handler in the order they were added. */
  addHandler(handler: LogHandler): void {
    if (!this.handlers.includes(handler)) this.handlers.push(handler);
  }

  /** Removes a handler added before (no-op otherwise). */
  removeHandler(handler: LogHandler): void {
    const i = this.handlers.indexOf(handler);
    if (i >= 0) this.handlers.splice(i, 1);
  }

  /** Logs `msg % args` at `level` (`logger.log`). */
  log(level: number, msg: string, args: readonly unknown[] = [], options: LogOptions = {}): void {
    if (!this.isEnabledFor(level)) return;
    const record: LogRecord = {
      name: this.name,
      levelno: level,
      levelname: LEVEL_NAMES.get(level) ?? `Level ${level}`,
      msg,
      args,
      exception: options.exception ?? null,
      getMessage: () => (args.length === 0 ? msg : percentFormat(msg, args)),
    };
    if (this.handlers.length === 0) {
      lastResort(record);
      return;
    }
    for (const handler of [...this.handlers]) handler(record);
  }

  /** `logger.debug`. */
  debug(msg: string, args?: readonly unknown[], options?: LogOptions): void {
    this.log(LOG_LEVELS.DEBUG, msg, args, options);
  }

  /** `logger.info`. */
  info(msg: string, args?: readonly unknown[], options?: LogOptions): void {
    this.log(LOG_LEVELS.INFO, msg, args, options);
  }

  /** `logger.warning`. */
  warning(msg: string, args?: readonly unknown[], options?: LogOptions): void {
    this.log(LOG_LEVELS.WARNING, msg, args, options);
  }

  /** `logger.error`. */
  error(msg: string, args?: readonly unknown[], options?: LogOptions): void {
    this.log(LOG_LEVELS.ERROR, msg, args, options);
  }

  /** `logger.critical`. */
  critical(msg: string, args?: readonly unknown[], options?: LogOptions): void {
    this.log(LOG_LEVELS.CRITICAL, msg, args, options);
  }
}

/** Python's `logging.lastResort`: the message and the exception's stack on stderr. */
function lastResort(record: LogRecord): void {
  const lines = [record.getMessage()];
  const exc = record.exception;
  if (exc !== null && exc !== undefined) lines.push(exc instanceof Error && exc.stack ? exc.stack : pyRepr(exc));
  console.error(lines.join("\n"));
}

/**
 * The `asyncio` logger (CPython's `asyncio.log.logger`): the loop's default exception
 * handler logs through it.
 *
 * @example
 * ```ts
 * asyncio.logger.addHandler((record) => myLog.push(record.getMessage()));
 * ```
 */
export const logger = new Logger("asyncio");
