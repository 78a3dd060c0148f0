/**
 * Worker threads for the kit's TypeScript side. Run from the repository under tsx, a
 * thread's module is TypeScript and the thread needs tsx's loader too; from a compiled
 * package it is plain JavaScript.
 *
 * @example
 * ```ts
 * const worker = startThread(new URL("./corpus/replay_worker.ts", import.meta.url), { dir: "corpus" });
 * ```
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * A thread's bootstrap when its module is TypeScript: register tsx's loader in the thread
 * (loader hooks of the main thread do not reach worker threads), then import the module.
 */
function typescriptBootstrap(module: URL): string {
  // The ESM entry of tsx's API (resolving through require would give the CommonJS one).
  const api = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })` +
    `.catch((error) => { setImmediate(() => { throw error; }); });`;
}

/** Starts a worker thread running `module` with `workerData`. */
export function startThread(module: URL, workerData: unknown): Worker {
  if (!module.pathname.endsWith(".ts")) return new Worker(module, { workerData });
  return new Worker(typescriptBootstrap(module), { eval: true, workerData });
}
