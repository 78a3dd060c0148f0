/**
 * Campaign progress for people: a bar with rate and time left on a terminal, plain
 * periodic lines elsewhere (CI logs). The rate and time left are shown once there is
 * something to base them on (a program done and a second gone); before that, the line
 * says it is estimating. Shrinking says which failure kind of how many.
 *
 * @example
 * ```ts
 * const show = progressReporter(process.stderr);
 * await runCampaign({ ...options, onProgress: show });
 * ```
 * @module
 */
import type { Progress } from "./campaign.ts";

/** The least time and work before a rate is worth showing. */
const MIN_ESTIMATE_MS = 1_000;

/**
 * One progress line, without the bar: `120/2000 48 programs/s, 39s left, 0 diverged, 0
 * reference errors`, or `shrinking failure 1/3 (2 diverged)`.
 *
 * @example
 * ```ts
 * progressText({ done: 0, total: 10, diverged: 0, referenceErrors: 0, elapsedMs: 5, phase: "running" });
 * // "0/10 estimating the rate..., 0 diverged, 0 reference errors"
 * ```
 */
export function progressText(p: Progress): string {
  if (p.phase === "shrinking") {
    const which = p.shrinking ? ` ${p.shrinking.current}/${p.shrinking.of}` : "s";
    return `shrinking failure${which} (${p.diverged} diverged)...`;
  }
  if (p.phase === "writing") return "writing the report...";
  const counts = `${p.diverged} diverged, ${p.referenceErrors} reference errors`;
  if (p.done === 0 || (p.elapsedMs < MIN_ESTIMATE_MS && p.done < p.total)) return `${p.done}/${p.total} estimating the rate..., ${counts}`;
  const rate = p.done / (p.elapsedMs / 1000);
  const left = Math.ceil((p.total - p.done) / rate);
  return `${p.done}/${p.total} ${rate < 10 ? rate.toFixed(1) : rate.toFixed(0)} programs/s, ${left}s left, ${counts}`;
}

/** A progress callback writing to `stream` (a bar when it is a TTY, lines every 5 s otherwise). */
export function progressReporter(stream: NodeJS.WriteStream): (p: Progress) => void {
  let lastLine = 0;
  let lastText = "";
  let lastPhase: Progress["phase"] = "running";
  return (p) => {
    const text = progressText(p);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((p.done / Math.max(p.total, 1)) * width);
      const bar = `[${"=".repeat(filled)}${" ".repeat(width - filled)}]`;
      if (p.phase !== lastPhase && lastPhase === "running") stream.write("\n");
      stream.write(`\r${(p.phase === "running" ? `${bar} ${text}` : text).padEnd(100)}`);
    } else {
      const now = Date.now();
      const changed = p.phase !== "running" && text !== lastText;
      if (changed || (p.phase === "running" && (now - lastLine >= 5_000 || p.done === p.total))) {
        lastLine = now;
        stream.write(`progress: ${text}\n`);
      }
    }
    lastText = text;
    lastPhase = p.phase;
  };
}
