// `npm run bench -- bundle`: the initial download of the web app, gzip-compressed, against its budget.
// It builds the web app from a copy of the last commit (bench/lib.mjs, like every benchmark; with
// BENCH_SOURCE=worktree from the files as they are) and measures that build. "Initial" is what index.html
// loads before the inbox can render: its module scripts and every chunk they import statically
// (followed recursively), plus its stylesheets. Chunks loaded later with import() (the admin
// pages) are listed but not counted. Exits 1 over budget, 2 when there is nothing to measure.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, posix } from "node:path";
import { gzipSync } from "node:zlib";
import { appendRun, snapshotCheckout } from "./lib.mjs";

const BUDGET_JS = 60 * 1024;
const SNAPSHOT = snapshotCheckout("bundle");
process.on("exit", () => rmSync(SNAPSHOT, { recursive: true, force: true }));
const DIST = join(SNAPSHOT, "dist", "web");
const json = process.argv.includes("--json");

function fail(message, code) {
  console.error(`bench bundle: ${message}`);
  process.exit(code);
}

const indexPath = join(DIST, "index.html");
if (!existsSync(indexPath)) fail("the build wrote no dist/web/index.html.", 2);
const html = readFileSync(indexPath, "utf8");

const gzipped = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const fileOf = (url) => join(DIST, url.replace(/^\//, ""));
const attr = (tag, name) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];

const entryScripts = [];
const stylesheets = [];
for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
  if (tag.startsWith("<script") && attr(tag, "type") === "module" && attr(tag, "src"))
    entryScripts.push(attr(tag, "src"));
  if (tag.startsWith("<link") && attr(tag, "rel") === "modulepreload" && attr(tag, "href"))
    entryScripts.push(attr(tag, "href"));
  if (tag.startsWith("<link") && attr(tag, "rel") === "stylesheet" && attr(tag, "href"))
    stylesheets.push(attr(tag, "href"));
}
const external = [...entryScripts, ...stylesheets].filter((u) => /^[a-z]+:\/\//i.test(u));
if (external.length > 0)
  fail(`index.html loads files from elsewhere, which this script cannot measure: ${external.join(", ")}`, 2);
if (entryScripts.length === 0) fail("index.html loads no module script: is dist/web a Vite build?", 2);

/** Static imports of a built chunk: `import x from "./a.js"`, `import "./b.js"`, `export * from "./c.js"`. */
function staticImports(url) {
  const code = readFileSync(fileOf(url), "utf8");
  const found = new Set();
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
    found.add(posix.join(posix.dirname(url), match[1]));
  }
  return [...found];
}

const initialJs = new Set();
const queue = [...entryScripts];
while (queue.length > 0) {
  const url = queue.shift();
  if (initialJs.has(url)) continue;
  if (!existsSync(fileOf(url))) fail(`index.html refers to ${url}, which is not in dist/web`, 2);
  initialJs.add(url);
  queue.push(...staticImports(url));
}

const rows = [];
let js = 0;
let css = 0;
for (const url of initialJs) {
  const size = gzipped(fileOf(url));
  js += size;
  rows.push({ file: url, kind: "js", gzip: size, initial: true });
}
for (const url of stylesheets) {
  if (!existsSync(fileOf(url))) fail(`index.html refers to ${url}, which is not in dist/web`, 2);
  const size = gzipped(fileOf(url));
  css += size;
  rows.push({ file: url, kind: "css", gzip: size, initial: true });
}
const assets = join(DIST, "assets");
for (const name of existsSync(assets) ? readdirSync(assets).sort() : []) {
  const url = `/assets/${name}`;
  if (!name.endsWith(".js") || initialJs.has(url)) continue;
  rows.push({ file: url, kind: "js", gzip: gzipped(join(assets, name)), initial: false });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const over = js > BUDGET_JS;
if (json) {
  console.log(
    JSON.stringify(
      { initialJsGzip: js, initialCssGzip: css, budgetJsGzip: BUDGET_JS, overBudget: over, files: rows },
      null,
      2,
    ),
  );
} else {
  console.log("Web app bundle (gzip -9), from dist/web/index.html:");
  for (const row of rows) {
    console.log(
      `  ${row.initial ? "initial" : "lazy   "}  ${row.kind.padEnd(3)}  ${kb(row.gzip).padStart(9)}  ${row.file}`,
    );
  }
  console.log(`Initial JavaScript: ${kb(js)} of ${kb(BUDGET_JS)} budget (${Math.round((js / BUDGET_JS) * 100)}%)`);
  console.log(`Initial CSS:        ${kb(css)}`);
  console.log(over ? `OVER BUDGET by ${kb(js - BUDGET_JS)}` : "Within budget.");
  if (!process.argv.includes("--no-record")) {
    const tableText = [
      "| what | gzip | budget |",
      "| --- | --- | --- |",
      `| initial JavaScript | ${kb(js)} | ${kb(BUDGET_JS)} |`,
      `| initial CSS | ${kb(css)} | |`,
      `| lazily loaded chunks (${rows.filter((r) => !r.initial).length}) | ${kb(rows.filter((r) => !r.initial).reduce((s, r) => s + r.gzip, 0))} | |`,
    ].join("\n");
    appendRun("bundle", { command: "npm run bench -- bundle", tableText });
    console.log("Appended to BENCHMARKS.md.");
  }
}
process.exit(over ? 1 : 0);
