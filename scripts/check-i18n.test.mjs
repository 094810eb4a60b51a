// Rule I13: the whole web app speaks Bahasa Indonesia. Two checks over web/src:
// 1. every sentence given to t("…") as a literal has an entry in the Indonesian dictionary;
// 2. no screen writes English outside t(): JSX text, and the aria-label / placeholder / title / alt
//    attributes given as plain string literals. A line that must stay as it is (a brand, a code,
//    an example value) carries `i18n-ignore` in a comment on that line.

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const webSrc = join(root, "web/src");
/** `I18N_ONLY=web/src/pages/admin,web/src/pages/templates` checks those folders or files only. */
const only = (process.env.I18N_ONLY ?? "").split(",").filter(Boolean);
const checked = (file) => only.length === 0 || only.some((prefix) => relative(root, file).startsWith(prefix));

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(tsx?|mts)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

async function dictionary() {
  const out = join(mkdtempSync(join(tmpdir(), "i18n-")), "id.mjs");
  await build({
    entryPoints: [join(webSrc, "i18n/id.ts")],
    bundle: true,
    format: "esm",
    outfile: out,
    logLevel: "silent",
  });
  return (await import(out)).ID;
}

const fromLiteral = (literal) => JSON.parse(`"${literal}"`);

test("every sentence given to t() has Indonesian words (I13)", async () => {
  const ID = await dictionary();
  const missing = [];
  for (const file of sourceFiles(webSrc).filter(checked)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bt\(\s*"((?:[^"\\\n]|\\.)*)"/g)) {
      const key = fromLiteral(match[1]);
      if (!(key in ID)) missing.push(`${relative(root, file)}: ${key}`);
    }
  }
  assert.deepEqual(missing, [], `sentences without Indonesian words:\n${missing.join("\n")}`);
});

/** JSX text with a letter in it, between a tag's `>` and the next `<` or `{`. */
const JSX_TEXT = /(?<=(?:^|[\w"'}/])\s*>)([^<>{}`;=&|()]*[A-Za-z]{2}[^<>{}`;=&|()]*)(?=[<{])/g;
const LITERAL_ATTRIBUTE = /\b(aria-label|placeholder|title|alt|label)="([^"]*[A-Za-z]{2}[^"]*)"/g;

test("no English outside t() on any screen (I13)", () => {
  const raw = [];
  for (const file of sourceFiles(webSrc).filter((f) => f.endsWith(".tsx") && checked(f))) {
    // Comments and ignored lines become blank (line numbers kept); then the whole file is read at once,
    // so JSX text on its own line between a tag and the next is found too.
    const text = readFileSync(file, "utf8")
      .split("\n")
      .map((line) => (line.includes("i18n-ignore") || /^\s*(\/\/|\*|\/\*)/.test(line) ? "" : line))
      .join("\n")
      .replace(/\{\/\*[\s\S]*?\*\/\}/g, (c) => c.replace(/[^\n]/g, " "));
    const lineOf = (index) => text.slice(0, index).split("\n").length;
    const where = (index) => `${relative(root, file)}:${lineOf(index)}`;
    for (const m of text.matchAll(JSX_TEXT)) {
      const words = m[1].trim().replace(/\s+/g, " ");
      if (words) raw.push(`${where(m.index)}: ${words}`);
    }
    for (const m of text.matchAll(LITERAL_ATTRIBUTE)) raw.push(`${where(m.index)}: ${m[1]}="${m[2]}"`);
  }
  assert.deepEqual(raw, [], `English written outside t():\n${raw.join("\n")}`);
});
