// `npm run test:browser [-- files…]`: runs test/browser/*.test.mjs and test/api/*.test.mjs (or the files given) in Chromium against Workers on
// http://127.0.0.1:8788 and up, each with a fresh, throw-away database. Builds nothing: `npm test` builds the
// web app first (or run `npm run build:web`).
//
// The files are shared over BROWSER_TEST_SHARDS servers (default 2): each shard is one `wrangler dev` with its own
// database and demo tenant, and takes the next waiting file whenever it finishes one, so the tests of a shard share
// one server and never see another shard's data. Shard i listens on BROWSER_TEST_PORT + i (inspector BROWSER_TEST_INSPECTOR_PORT + i).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { ensureChromium } from "./chromium.mjs";
import {
  applyMigrations,
  assertPortFree,
  ROOT,
  requireNode22,
  seed,
  startServer,
  stopServer,
  waitForServer,
} from "./dev-server.mjs";

// Overridable so that two checkouts can run their browser tests side by side.
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 8788);
const INSPECTOR_PORT = Number(process.env.BROWSER_TEST_INSPECTOR_PORT ?? 9230);
const SHARDS = Math.max(1, Number(process.env.BROWSER_TEST_SHARDS ?? 2));
const ARTIFACTS = join(ROOT, "test-artifacts");

function fail(message) {
  console.error(`test:browser: ${message}`);
  process.exit(1);
}

requireNode22();
let CHROMIUM;
try {
  // On a fresh machine as root this installs Debian's Chromium (`npx playwright install` cannot work here).
  CHROMIUM = ensureChromium({ log: (line) => console.log(`test:browser: ${line}`) });
} catch (error) {
  fail(error.message);
}
const index = join(ROOT, "dist", "web", "index.html");
if (!existsSync(index) || !readFileSync(index, "utf8").includes("/assets/")) {
  fail("dist/web holds no built web app. Run `npm run build:web` first (`npm test` does it for you).");
}
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * The files, longest first by size (a stand-in for running time): the shards take the next file as they finish
 * one, so the long files start early and the shards end close together.
 */
function longestFirst(files) {
  return files
    .map((file) => ({ file, size: statSync(join(ROOT, file)).size }))
    .sort((a, b) => b.size - a.size)
    .map(({ file }) => file);
}

const given = process.argv.slice(2);
// The API contract tests (test/api) need the same running Worker, so they run here too.
const files =
  given.length > 0
    ? given
    : ["browser", "api"].flatMap((dir) =>
        readdirSync(join(ROOT, "test", dir))
          .filter((name) => name.endsWith(".test.mjs"))
          .sort()
          .map((name) => `test/${dir}/${name}`),
      );
const queue = longestFirst(files);
const shards = Array.from({ length: Math.min(SHARDS, files.length) }, (_, i) => ({
  i,
  files: [],
  port: PORT + i,
  inspectorPort: INSPECTOR_PORT + i,
  persistTo: mkdtempSync(join(tmpdir(), "edge-inbox-browser-")),
  log: join(ARTIFACTS, i === 0 ? "wrangler-browser-tests.log" : `wrangler-browser-tests-${i}.log`),
  server: null,
  testRun: null,
}));

let cleanedUp = false;
async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  await Promise.all(shards.map((shard) => (shard.server ? stopServer(shard.server) : null)));
  for (const shard of shards) rmSync(shard.persistTo, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    for (const shard of shards) shard.testRun?.kill(signal);
    await cleanUp();
    process.exit(130);
  });
}

async function startShard(shard) {
  await assertPortFree(shard.port);
  await assertPortFree(shard.inspectorPort);
  await applyMigrations(shard.persistTo);
  const log = openSync(shard.log, "w");
  shard.server = startServer({
    port: shard.port,
    inspectorPort: shard.inspectorPort,
    persistTo: shard.persistTo,
    // Emailed links (password reset) must point at this server, not at the default 8787.
    vars: {
      APP_URL: `http://127.0.0.1:${shard.port}`,
      GRAPH_API_URL: `http://127.0.0.1:${shard.port}/sandbox/graph/v21.0`,
    },
    // One descriptor for both: with two, stdout's writes overwrote the error lines appended to stderr.
    stdio: ["ignore", log, log],
  });
  await ownReadyLine(shard);
  await waitForServer(shard.server);
  await seed(shard.server.url);
  console.log(
    `test:browser: shard ${shard.i + 1}/${shards.length}: Worker ready at ${shard.server.url} (log: ${shard.log})`,
  );
}

/**
 * Waits for this server's own "Ready on" line before the HTTP check: a server of another test run
 * that took the port a moment after `assertPortFree` would answer that check too, while ours exits
 * (address in use) and the tests would run against the other one.
 */
async function ownReadyLine(shard) {
  const line = `Ready on ${shard.server.url}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (stripVTControlCharacters(readFileSync(shard.log, "utf8")).includes(line)) return;
    const { child } = shard.server;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev for ${shard.server.url} exited before it was ready (is port ${shard.port} taken?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev for ${shard.server.url} printed no "${line}" in 90 s`);
}

/** The totals node:test prints at the end of a run ("# pass 12"). */
function totals(output) {
  const count = (name) =>
    Number(stripVTControlCharacters(output).match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
  return { tests: count("tests"), pass: count("pass"), fail: count("fail") };
}

/** Runs one file on the shard's server; with one shard the output streams, with more it is printed whole. */
function runFile(shard, file) {
  const streamed = shards.length === 1;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Node 22's --test takes files or globs, not a directory.
    shard.testRun = spawn(process.execPath, ["--test", "--test-concurrency=1", file], {
      cwd: ROOT,
      stdio: streamed ? ["ignore", "pipe", "inherit"] : ["ignore", "pipe", "pipe"],
      env: { ...process.env, BASE_URL: shard.server.url, CHROMIUM_PATH: CHROMIUM },
    });
    let output = "";
    shard.testRun.stdout.on("data", (chunk) => {
      output += chunk;
      if (streamed) process.stdout.write(chunk);
    });
    shard.testRun.stderr?.on("data", (chunk) => (output += chunk));
    shard.testRun.on("error", reject);
    shard.testRun.on("exit", (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (!streamed) {
        console.log(`\ntest:browser: ===== shard ${shard.i + 1}/${shards.length}: ${file} (${seconds} s) =====`);
        process.stdout.write(output);
      }
      console.log(`test:browser: shard ${shard.i + 1}: ${file} ${status === 0 ? "passed" : "FAILED"} in ${seconds} s`);
      resolve({ status, ...totals(output) });
    });
  });
}

/** Takes the next waiting file until none is left, so that a shard with short files simply runs more of them. */
async function runShard(shard) {
  const sum = { tests: 0, pass: 0, fail: 0 };
  let failed = false;
  for (let file = queue.shift(); file; file = queue.shift()) {
    shard.files.push(file);
    const result = await runFile(shard, file);
    for (const key of Object.keys(sum)) sum[key] += result[key];
    failed ||= result.status !== 0;
  }
  console.log(
    `test:browser: shard ${shard.i + 1} ${failed ? "FAILED" : "passed"}: ${shard.files.length} files, ` +
      `${sum.tests} tests, ${sum.pass} passed, ${sum.fail} failed`,
  );
  if (failed) printServerErrors(shard);
  return failed ? 1 : 0;
}

/** A failed shard's Worker error lines (a 500's cause; workerd's own errors), so that CI's output holds them. */
function printServerErrors(shard) {
  if (!existsSync(shard.log)) return;
  const errors = readFileSync(shard.log, "utf8")
    .split("\n")
    .filter((line) => line.includes('"level":"error"') || line.includes("[ERROR]"));
  if (errors.length === 0) return;
  console.log(`test:browser: shard ${shard.i + 1}: the Worker logged ${errors.length} error line(s) (${shard.log}):`);
  for (const line of errors.slice(-20)) console.log(line);
}

let exitCode = 1;
try {
  await Promise.all(shards.map(startShard));
  const codes = await Promise.all(shards.map(runShard));
  exitCode = codes.every((code) => code === 0) ? 0 : 1;
} catch (error) {
  console.error(`test:browser: ${error instanceof Error ? error.message : error}`);
  for (const shard of shards) {
    if (!existsSync(shard.log)) continue;
    console.error(`test:browser: the output of the server on ${shard.port} is in ${shard.log}; its last lines:`);
    console.error(readFileSync(shard.log, "utf8").split("\n").slice(-30).join("\n"));
  }
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
