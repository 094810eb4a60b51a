// `npm run test:browser [-- files…]`: runs test/browser/*.test.mjs (or the files given) in Chromium against a Worker on
// http://127.0.0.1:8788 with a fresh, throw-away database. Builds nothing: `npm test` builds the
// web app first (or run `npm run build:web`).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const ARTIFACTS = join(ROOT, "test-artifacts");
const SERVER_LOG = join(ARTIFACTS, "wrangler-browser-tests.log");

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
const persistTo = mkdtempSync(join(tmpdir(), "edge-inbox-browser-"));
const log = openSync(SERVER_LOG, "w");
let server = null;

let testRun = null;
let cleanedUp = false;
async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (server) await stopServer(server);
  rmSync(persistTo, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    testRun?.kill(signal);
    await cleanUp();
    process.exit(130);
  });
}

let exitCode = 1;
try {
  await assertPortFree(PORT);
  await assertPortFree(INSPECTOR_PORT);
  await applyMigrations(persistTo);
  server = startServer({
    port: PORT,
    inspectorPort: INSPECTOR_PORT,
    persistTo,
    // Emailed links (password reset) must point at this server, not at the default 8787.
    vars: { APP_URL: `http://127.0.0.1:${PORT}`, GRAPH_API_URL: `http://127.0.0.1:${PORT}/sandbox/graph/v21.0` },
    stdio: ["ignore", log, log],
  });
  await waitForServer(server);
  await seed(server.url);
  console.log(`test:browser: Worker ready at ${server.url} (log: ${SERVER_LOG})`);
  exitCode = await new Promise((resolve, reject) => {
    // Node 22's --test takes files or globs, not a directory.
    // `npm run test:browser -- test/browser/inbox.test.mjs` runs only the files given.
    const files = process.argv.slice(2);
    const targets = files.length > 0 ? files : ["test/browser/**/*.test.mjs"];
    testRun = spawn(process.execPath, ["--test", "--test-concurrency=1", ...targets], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, BASE_URL: server.url, CHROMIUM_PATH: CHROMIUM },
    });
    testRun.on("error", reject);
    testRun.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} catch (error) {
  console.error(`test:browser: ${error instanceof Error ? error.message : error}`);
  console.error(`test:browser: the server's output is in ${SERVER_LOG}; its last lines:`);
  console.error(readFileSync(SERVER_LOG, "utf8").split("\n").slice(-30).join("\n"));
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
