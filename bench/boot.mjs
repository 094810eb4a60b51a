// `npm run bench -- boot`: time from starting `npm start` on an already-installed checkout to the
// first HTTP 200. `npm start` builds the web app, applies the local D1 migrations, starts
// `wrangler dev` on 127.0.0.1:8787 and seeds the demo tenant. Measured: the first 200 from the
// Worker (GET /api/openapi.json), the first 200 of the web app (GET /), and the moment `npm start`
// says it is ready (seeded). Run 1 starts from an empty local database, the next ones reuse it.
//
// It runs in a copy of the checkout (node_modules linked, not reinstalled), so nobody's edits
// restart it half-way. Needs ports 8787 and 9229 free: `npm start` always uses them.
// Environment: BOOT_RUNS=3.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { appendRun, ms, sleep, snapshotCheckout, summarize, table } from "./lib.mjs";

const RUNS = Number(process.env.BOOT_RUNS ?? 3);
const PORT = 8787;
const INSPECTOR_PORT = 9229;
const RUN_TIMEOUT_MS = 180_000;
const URL = `http://127.0.0.1:${PORT}`;

const portFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

async function firstOk(path) {
  try {
    const res = await fetch(`${URL}${path}`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** One `npm start`, until it says it is ready; then Ctrl-C, and wait until it has let go of the port. */
async function boot(source, persistTo) {
  const started = performance.now();
  const since = () => performance.now() - started;
  const child = spawn("npm", ["start"], {
    cwd: source,
    env: { ...process.env, PERSIST_TO: persistTo, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const marks = {};
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const watch = (chunk) => {
    output += chunk;
    if (!marks.build && output.includes("Building the web app")) marks.build = since();
    if (!marks.migrations && output.includes("Applying D1 migrations")) marks.migrations = since();
    if (!marks.ready && output.includes("Edge Inbox is running at")) marks.ready = since();
  };
  child.stdout.on("data", watch);
  child.stderr.on("data", watch);
  let done = false;
  exited.then(() => {
    done = true;
  });
  try {
    while (!(marks.worker && marks.web && marks.ready)) {
      if (done) throw new Error(`npm start exited early:\n${output.slice(-2000)}`);
      if (since() > RUN_TIMEOUT_MS) throw new Error(`npm start was not ready after ${RUN_TIMEOUT_MS / 1000} s`);
      const [worker, web] = await Promise.all([
        marks.worker ? true : firstOk("/api/openapi.json"),
        marks.web ? true : firstOk("/"),
      ]);
      if (worker && !marks.worker) marks.worker = since();
      if (web && !marks.web) marks.web = since();
      await sleep(25);
    }
    return marks;
  } finally {
    // Ctrl-C as a person would: npm start stops wrangler dev itself.
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {
      // gone
    }
    const stopped = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    for (let i = 0; i < 100 && !((await portFree(PORT)) && (await portFree(INSPECTOR_PORT))); i++) await sleep(100);
  }
}

if (!(await portFree(PORT)) || !(await portFree(INSPECTOR_PORT))) {
  console.error(
    `bench boot: port ${PORT} or ${INSPECTOR_PORT} on 127.0.0.1 is in use. \`npm start\` always uses them: stop whatever runs there first.`,
  );
  process.exit(2);
}

const source = snapshotCheckout("boot");
const persistTo = mkdtempSync(join(tmpdir(), "edge-inbox-bench-boot-db-"));
const cleanUp = () => {
  rmSync(source, { recursive: true, force: true });
  rmSync(persistTo, { recursive: true, force: true });
};
const runs = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    console.log(`Run ${i} of ${RUNS}: npm start (${i === 1 ? "empty database" : "database from run 1"})…`);
    const marks = await boot(source, persistTo);
    runs.push(marks);
    console.log(
      `  first 200 from the Worker after ${ms(marks.worker)} ms, from the web app after ${ms(marks.web)} ms, ready (seeded) after ${ms(marks.ready)} ms`,
    );
    if (!(await portFree(PORT))) throw new Error(`port ${PORT} still in use after npm start stopped`);
  }
} finally {
  cleanUp();
}

const s = (v) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : "–");
const rows = runs.map((m, i) => [
  i + 1,
  i === 0 ? "empty" : "from run 1",
  s(m.build),
  s(m.migrations - m.build),
  s(m.worker - m.migrations),
  s(m.worker),
  s(m.web),
  s(m.ready),
]);
const median = (key) => s(summarize(runs.map((m) => m[key])).p50);
rows.push(["median", "", "", "", "", median("worker"), median("web"), median("ready")]);
const tableText = table(
  [
    "run",
    "local database",
    "npm and node start",
    "web app build",
    "migrations and wrangler dev start",
    "first 200 (Worker API)",
    "first 200 (web app /)",
    "ready (demo seeded)",
  ],
  rows,
);
const notes = [
  "Time from spawning `npm start` in an installed checkout (a copy of the last commit with node_modules linked in) to the first HTTP 200. The phases are read from what `npm start` prints: it builds the web app (vite), applies the D1 migrations locally, starts wrangler dev (first 200) and seeds the demo tenant (ready).",
];
console.log(`\n${tableText}\n`);
for (const n of notes) console.log(`- ${n}`);
appendRun("boot", { command: "npm run bench -- boot", tableText, notes });
console.log("\nAppended to BENCHMARKS.md.");
process.exit(0);
