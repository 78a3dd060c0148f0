/**
 * Worker threads for the kit's TypeScript side. From a compiled package a thread's module
 * is plain JavaScript. Run from the repository under tsx it is TypeScript: the thread's
 * module and everything it imports are bundled into one JavaScript file with esbuild (the
 * compiler tsx itself uses) before the thread starts, because loading some eighty modules
 * one by one through tsx's loader in each new thread cost more CPU than a thousand
 * programs' worth of checking (about 2 s against 0.6 s for the bundle, esbuild included,
 * on this 2-core machine). Packages stay outside the bundle, imported by their resolved
 * URLs; each module's `import.meta.url` stays its own file's URL, so paths relative to a
 * module still resolve. Without esbuild the thread registers tsx's loader itself.
 *
 * @example
 * ```ts
 * const worker = await startThread(new URL("./corpus/replay_worker.ts", import.meta.url), { dir: "corpus" });
 * ```
 * @module
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** Where tsx is installed (the repository's node_modules/tsx). */
function tsxDir(): string {
  return dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
}

/**
 * A thread's bootstrap when its module is TypeScript and no bundle could be made: register
 * tsx's loader in the thread (loader hooks of the main thread do not reach worker threads),
 * then import the module.
 */
function typescriptBootstrap(module: URL): string {
  // The ESM entry of tsx's API (resolving through require would give the CommonJS one).
  const api = pathToFileURL(join(tsxDir(), "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })` +
    `.catch((error) => { setImmediate(() => { throw error; }); });`;
}

/** The part of esbuild's API the bundler uses. */
interface Esbuild {
  build(options: object): Promise<{ outputFiles: { text: string }[] }>;
  stop(): Promise<void>;
}

/** Bundles being built now: esbuild's service process is stopped when none is. */
let building = 0;

/** Bundles made in this process, by module URL. */
const bundles = new Map<string, Promise<URL | null>>();

/**
 * `module` and the modules it imports (not packages) as one ESM file in
 * node_modules/.cache/asyncio-ts/threads/, named by its content; null when esbuild is not
 * there or fails (the caller falls back to tsx's loader).
 */
async function bundle(module: URL): Promise<URL | null> {
  try {
    const tsx = tsxDir();
    const esbuild = createRequire(join(tsx, "package.json"))("esbuild") as Esbuild;
    const plugin = {
      name: "asyncio-ts-thread",
      setup(build: {
        onResolve(o: { filter: RegExp }, f: (a: { path: string; kind: string }) => { path: string; external: true } | undefined): void;
        onLoad(o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: "ts" | "js" }): void;
      }) {
        // Packages by their resolved URL, so the bundle may live anywhere.
        build.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("node:") || args.kind === "entry-point" ? undefined : { path: import.meta.resolve(args.path), external: true },
        );
        build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => ({
          contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
          loader: args.path.endsWith("ts") ? "ts" : "js",
        }));
      },
    };
    // esbuild runs a service child process; it is stopped as soon as no bundle is being
    // built, so a campaign's only children are its reference workers (a signal meant for
    // them never reaches a stray esbuild, and none outlives the campaign).
    building++;
    const result = await esbuild
      .build({
      entryPoints: [fileURLToPath(module)],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      // Reprs print function and class names: bundling must not rename them.
      keepNames: true,
      logLevel: "silent",
      plugins: [plugin],
      })
      .finally(() => (--building === 0 ? esbuild.stop() : undefined));
    const text = (result.outputFiles[0] as { text: string }).text;
    const dir = join(dirname(tsx), ".cache", "asyncio-ts", "threads");
    const file = join(dir, `${createHash("sha256").update(text).digest("hex").slice(0, 16)}.mjs`);
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.tmp-${process.pid}`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
    return pathToFileURL(file);
  } catch {
    return null;
  }
}

/**
 * Starts a worker thread running `module` with `workerData` (see the module comment).
 *
 * @example
 * ```ts
 * const worker = await startThread(new URL("./check_thread.ts", import.meta.url), setup);
 * ```
 */
export async function startThread(module: URL, workerData: unknown): Promise<Worker> {
  if (!module.pathname.endsWith(".ts")) return new Worker(module, { workerData });
  let made = bundles.get(module.href);
  if (made === undefined) {
    made = bundle(module);
    bundles.set(module.href, made);
  }
  const bundled = await made;
  if (bundled !== null) return new Worker(bundled, { workerData });
  return new Worker(typescriptBootstrap(module), { eval: true, workerData });
}
