/**
 * `npm run docs:flags`: rewrites every `<!-- flags: NAME -->` table in README.md from the
 * command's own parser (src/conformance/commands.ts), so the README says what `--help` says.
 * Prints which tables changed; exits 1 when the README names a command nobody declares.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DOCUMENTED_COMMANDS } from "../src/conformance/commands.ts";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const text = readFileSync(README, "utf8");
const changed: string[] = [];
const unknown: string[] = [];
const updated = text.replace(/<!-- flags: ([^>]+?) -->\n([\s\S]*?)\n<!-- \/flags -->/g, (whole, name: string, table: string) => {
  const command = DOCUMENTED_COMMANDS[name];
  if (command === undefined) {
    unknown.push(name);
    return whole;
  }
  const fresh = command.markdownTable();
  if (fresh !== table) changed.push(name);
  return `<!-- flags: ${name} -->\n${fresh}\n<!-- /flags -->`;
});
if (updated !== text) writeFileSync(README, updated);
console.log(changed.length ? `README.md: rewrote the flag tables of ${changed.join(", ")}` : "README.md: every flag table is up to date");
if (unknown.length) {
  console.error(`README.md names commands that src/conformance/commands.ts does not declare: ${unknown.join(", ")}`);
  process.exit(1);
}
