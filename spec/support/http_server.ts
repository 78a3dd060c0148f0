/**
 * A local HTTP server for the network examples: every path gets its own small page, with
 * non-ASCII text so that lengths in characters and in bytes differ.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The page served for `path`. */
export function pageFor(path: string): string {
  const name = path.replace(/^\//, "") || "index";
  return `<!doctype html><title>${name}</title><p>本地测试页 ${name}: ${"·".repeat(name.length)}</p>\n`;
}

/** Starts the server on 127.0.0.1 and an ephemeral port; `close()` stops it. */
export async function startPageServer(): Promise<{ baseUrl: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push(path);
    const body = Buffer.from(pageFor(path), "utf8");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
