/**
 * The "reference worker alone" measurement's feeding loop: a worker whose stdin is closed
 * because every request was handed out exits while the others still work, and that must not
 * count as a lost answer; a worker that dies holding a request must. The stand-in worker
 * (a few lines of Python speaking the pool's line protocol) makes the timing deterministic:
 * the request marked "slow" is answered only after the other worker has exited and been
 * reaped.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workersAlone } from "../../scripts/bench/kit_workers.ts";
import { python3, pythonMissing } from "../support/python.ts";

const STAND_IN = `
import json, os, sys, time
print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if request.get("slow"):
        # Wait until the other worker has exited and Node has reaped it (so its exit
        # event has fired): the marker holds its pid, and a reaped pid no longer exists.
        while not os.path.exists(request["marker"]) or not open(request["marker"]).read():
            time.sleep(0.01)
        pid = int(open(request["marker"]).read())
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.01)
    if request.get("die"):
        os._exit(3)
    print(json.dumps({"id": request["id"], "ok": True}), flush=True)
with open(os.environ.get("MARKER", "/dev/null"), "a") as marker:
    marker.write(str(os.getpid()))
`;

function standIn(): { script: string; marker: string } {
  const dir = mkdtempSync(join(tmpdir(), "kit-workers-"));
  const script = join(dir, "worker.py");
  const marker = join(dir, "exited");
  // The marker is written by the worker that leaves the loop (its stdin was closed).
  writeFileSync(script, STAND_IN.replace('os.environ.get("MARKER", "/dev/null")', JSON.stringify(marker)));
  return { script, marker };
}

describe("workersAlone", () => {
  it.skipIf(python3 === null)(`counts every answer when one worker runs out of requests early (${python3?.version ?? pythonMissing})`, async () => {
    const { script, marker } = standIn();
    const lines = [JSON.stringify({ id: 1, slow: true, marker }), JSON.stringify({ id: 2 }), JSON.stringify({ id: 3 })];
    const result = await workersAlone({ python: python3!.path, lines, workers: 2, script });
    expect(result).toMatchObject({ programs: 3, errors: 0 });
  });

  it.skipIf(python3 === null)(`fails when a worker dies holding a request (${python3?.version ?? pythonMissing})`, async () => {
    const { script } = standIn();
    const lines = [JSON.stringify({ id: 1 }), JSON.stringify({ id: 2, die: true })];
    await expect(workersAlone({ python: python3!.path, lines, workers: 1, script })).rejects.toThrow(/exited \(code 3\) after 1 of 2 answers/);
  });
});
