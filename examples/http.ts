/**
 * What the network examples need from HTTP: a GET whose reply prints like the
 * `requests.Response` of the Python originals (`<Response [200]>`), and the base URL of
 * the server to talk to (`EXAMPLE_HTTP_BASE`, set by the spec that runs the examples).
 */

/** The status and body of a finished GET; prints as `<Response [200]>`. */
export class Response {
  constructor(
    readonly statusCode: number,
    readonly text: string,
  ) {}

  toString(): string {
    return `<Response [${this.statusCode}]>`;
  }
}

/** GET `url` with Node's fetch. */
export async function get(url: string): Promise<Response> {
  const reply = await fetch(url);
  return new Response(reply.status, await reply.text());
}

/** The server the Python originals use too; without it, the tutorial's own host. */
export function baseUrl(fallback: string): string {
  return process.env.EXAMPLE_HTTP_BASE ?? fallback;
}
