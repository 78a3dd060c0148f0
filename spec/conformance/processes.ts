/**
 * Looking at real processes from specs (Linux `/proc`, with `kill(pid, 0)` elsewhere):
 * which children a process has, whether one is gone (exited, or a zombie nobody reaped),
 * and waiting for a condition without assuming how fast the machine is.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The state letter and parent pid of `pid` from /proc, or null when there is no such process (or no /proc). */
function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; it ends at the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "?", ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Whether process `pid` has ended (a zombie counts as ended: it runs nothing). */
export function isGone(pid: number): boolean {
  const stat = procStat(pid);
  if (stat !== null) return stat.state === "Z" || stat.state === "X";
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** The live child processes of `ppid` (Linux only: [] without /proc). */
export async function aliveChildren(ppid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const stat = procStat(pid);
      return stat !== null && stat.ppid === ppid && stat.state !== "Z";
    });
}

/** Polls `condition` every 100 ms until it holds; fails naming `what` after `timeoutMs` (a safety net, not a measurement). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
