/**
 * Campaign progress for people: a bar with rate and time left on a terminal, plain
 * periodic lines elsewhere (CI logs).
 *
 * @example
 * ```ts
 * const show = progressReporter(process.stderr);
 * await runCampaign({ ...options, onProgress: show });
 * ```
 * @module
 */
import type { Progress } from "./campaign.ts";

/** A progress callback writing to `stream` (a bar when it is a TTY, lines every 5 s otherwise). */
export function progressReporter(stream: NodeJS.WriteStream): (p: Progress) => void {
  let lastLine = 0;
  let lastPhase: Progress["phase"] = "running";
  return (p) => {
    const rate = p.done / Math.max(p.elapsedMs / 1000, 1e-3);
    const left = rate > 0 ? Math.ceil((p.total - p.done) / rate) : 0;
    const status = `${p.done}/${p.total} ${rate.toFixed(0)} programs/s, ${left}s left, ${p.diverged} diverged, ${p.referenceErrors} reference errors`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((p.done / Math.max(p.total, 1)) * width);
      const bar = `[${"=".repeat(filled)}${" ".repeat(width - filled)}]`;
      const text = p.phase === "running" ? `${bar} ${status}` : `${p.phase} failures (${p.diverged} diverged)...`;
      stream.write(`\r${text.padEnd(100)}`);
      if (p.phase !== lastPhase && p.phase !== "running") stream.write("\n");
    } else {
      const now = Date.now();
      if (p.phase !== lastPhase || now - lastLine >= 5_000 || p.done === p.total) {
        lastLine = now;
        stream.write(p.phase === "running" ? `progress: ${status}\n` : `progress: ${p.phase} failures\n`);
      }
    }
    lastPhase = p.phase;
  };
}
