/**
 * The only normalisation applied when CPython's printed output is compared with ours:
 *  1. object addresses are dropped: ` at 0x7f3a...` (in `<coroutine object f at 0x...>`);
 *  2. source locations are dropped: ` at /path/file.py:12` (in `coro=<f() running at ...>`
 *     and `cb=[callback() at ...]`), since a JavaScript function knows no source line.
 */
export function normalise(output: string): string {
  return output.replace(/ at 0x[0-9a-fA-F]+/g, "").replace(/ at [^\s<>[\]]+\.py:\d+/g, "");
}
