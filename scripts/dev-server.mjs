// Shared helpers for scripts that run the Worker locally: `npm start` and `npm run test:browser`.
// Everything runs on the Node binary that runs this script (Node 22 from the `node` devDependency
// when started through npm), because wrangler refuses Node < 22.12.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const VITE = join(ROOT, "node_modules", "vite", "bin", "vite.js");

/** Environment for every wrangler call: no metrics (there is no network beyond the registries). */
export const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false" };

/** Fails early, in words, when the script runs on a Node that wrangler would refuse. */
export function requireNode22() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    throw new Error(
      `Node ${process.versions.node} is too old for wrangler (needs >= 22.12). ` +
        "Run this through npm (npm start, npm run test:browser), which uses the Node 22 from node_modules.",
    );
  }
  if (!existsSync(WRANGLER)) throw new Error("wrangler is not installed: run `npm ci` first.");
}

/** Runs a command to completion with inherited output; rejects when it exits non-zero. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[command, ...args].join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** `vite build`: the web app into dist/web. */
export function buildWeb() {
  return run(process.execPath, [VITE, "build"]);
}

/** (a) Applies the D1 migrations in migrations/ to the local database kept in `persistTo`. */
export function applyMigrations(persistTo) {
  return run(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    env: { ...WRANGLER_ENV, CI: "true" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/** Rejects when something already listens on 127.0.0.1:port (an old server would answer for the new one). */
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () =>
      reject(new Error(`Port ${port} on 127.0.0.1 is already in use: stop whatever runs there first.`)),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/**
 * (b) Starts `wrangler dev` in its own process group (so stopping it also stops workerd).
 * `stdio` is passed to spawn: "inherit" to show its output, or e.g. ["ignore", fd, fd] for a log file.
 * `vars` become `--var KEY:VALUE` (APP_URL must match the port, or emailed links point elsewhere).
 */
export function startServer({ port, inspectorPort, persistTo, vars = {}, stdio = "inherit" }) {
  const args = [
    WRANGLER,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--show-interactive-dev-session=false",
    "--persist-to",
    persistTo,
  ];
  // wrangler.toml defaults to production; a local server is development (sandbox, outbox, seed).
  for (const [key, value] of Object.entries({ ENVIRONMENT: "development", ...vars })) {
    args.push("--var", `${key}:${value}`);
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, env: WRANGLER_ENV, stdio, detached: true });
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
    child.on("error", (error) => resolve({ code: null, signal: null, error }));
  });
  return { child, exited, url: `http://127.0.0.1:${port}` };
}

/** (c) Waits until the Worker answers /api/openapi.json with 200 (the port opens before it is ready). */
export async function waitForServer(server, { timeoutMs = 90_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let exit = null;
  server.exited.then((result) => {
    exit = result;
  });
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (exit) throw new Error(`wrangler dev exited before it was ready (${exit.signal ?? `exit code ${exit.code}`})`);
    try {
      const response = await fetch(`${server.url}/api/openapi.json`, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.url} was not ready after ${timeoutMs / 1000} s (${lastProblem})`);
}

/** (d) Creates the demo tenant (idempotent); returns `{ organization, users, password }`. */
export async function seed(url) {
  const response = await fetch(`${url}/api/dev/seed`, { method: "POST" });
  if (response.status !== 200) {
    throw new Error(`POST /api/dev/seed answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

/** (e) Stops the server: SIGTERM to its whole process group, SIGKILL if it is still there after a while. */
export async function stopServer(server, { graceMs = 5_000 } = {}) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGTERM");
  const stopped = await Promise.race([
    server.exited.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), graceMs)),
  ]);
  // workerd may outlive wrangler for a moment: make sure nothing of the group is left.
  signalGroup("SIGKILL");
  if (!stopped) await server.exited;
}
