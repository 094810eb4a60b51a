// Shared by the benchmarks in bench/: a real `wrangler dev` on loopback with a throw-away database,
// the demo tenant's signed WhatsApp webhooks, statistics, tables, and BENCHMARKS.md.
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, requireNode22 } from "../scripts/dev-server.mjs";

export { ROOT };

/** The machine's 1-minute load average when the benchmark started (others may be using it too). */
const LOAD_AT_START = loadavg()[0].toFixed(2);
export const BENCHMARKS_MD = join(ROOT, "BENCHMARKS.md");
export const ORIGIN_HEADER = "Origin";

// ---- the sandbox channel of the demo tenant (worker/sandbox/config.ts) ---------------------------

// The demo channel's constants live in worker/db/demo-channel.ts; config.ts keeps the sandbox's own.
const CONSTANT_FILES = [join("worker", "db", "demo-channel.ts"), join("worker", "sandbox", "config.ts")];
function sandboxConstant(name) {
  for (const file of CONSTANT_FILES) {
    const source = readFileSync(join(ROOT, file), "utf8");
    const value = new RegExp(`export const ${name} = "([^"]+)"`).exec(source)?.[1];
    if (value) return value;
  }
  throw new Error(`${name} not found in ${CONSTANT_FILES.join(" or ")}`);
}
export const SANDBOX = {
  phoneNumberId: sandboxConstant("SANDBOX_PHONE_NUMBER_ID"),
  displayPhoneNumber: sandboxConstant("SANDBOX_DISPLAY_PHONE_NUMBER"),
  wabaId: sandboxConstant("SANDBOX_WABA_ID"),
  appSecret: sandboxConstant("SANDBOX_APP_SECRET"),
};

/** One inbound customer text exactly as Meta's `messages` webhook carries it (see buildInboundWebhook). */
export function inboundWebhook({ waId, name = "Bench Customer", id, timestamp, text }) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: SANDBOX.wabaId,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: SANDBOX.displayPhoneNumber, phone_number_id: SANDBOX.phoneNumberId },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [{ from: waId, id, timestamp: String(timestamp), type: "text", text: { body: text } }],
            },
            field: "messages",
          },
        ],
      },
    ],
  });
}

/** X-Hub-Signature-256 for a raw body. */
export function signature(raw, secret = SANDBOX.appSecret) {
  return `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
}

/** POSTs a signed webhook; resolves to the HTTP status (the body is drained). */
export async function postWebhook(url, raw, { timeoutMs = 30_000 } = {}) {
  const res = await fetch(`${url}/webhooks/whatsapp`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signature(raw) },
    body: raw,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer();
  return res.status;
}

// ---- a Worker of our own -------------------------------------------------------------------------

/** What the benchmarks run: the last commit (default) or, with BENCH_SOURCE=worktree, the files as they are. */
export const SOURCE = process.env.BENCH_SOURCE === "worktree" ? "worktree" : "HEAD";

/**
 * A copy of the code to measure, with node_modules linked in (not reinstalled): the last commit
 * (`git archive HEAD`), or with BENCH_SOURCE=worktree the tracked and untracked files as they are.
 * Why a copy: `wrangler dev` reloads, dropping every WebSocket, whenever a file it watches changes,
 * and in a shared checkout someone always saves a file during a benchmark; and a commit is what
 * BENCHMARKS.md names. The web app (dist/web) is built inside the copy, from its own sources.
 */
export function snapshotCheckout(name) {
  const dir = mkdtempSync(join(tmpdir(), `edge-inbox-bench-${name}-src-`));
  if (SOURCE === "HEAD") {
    const archive = execFileSync("git", ["archive", "--format=tar", "HEAD"], {
      cwd: ROOT,
      maxBuffer: 512 * 1024 * 1024,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  } else {
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT })
      .toString()
      .split("\0")
      .filter((f) => f && existsSync(join(ROOT, f)));
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(ROOT, file), join(dir, file));
    }
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  // The web app is built from the copy's own sources, so what is served and measured is that commit's.
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return dir;
}

/**
 * Starts `wrangler dev` on 127.0.0.1:port from a snapshot of the checkout, with a fresh local
 * database (migrated, demo tenant seeded) and its log in test-artifacts/. Returns
 * `{ url, log, stop }`; `stop()` also deletes the database and the snapshot.
 */
export async function startWorker({ port, inspectorPort, name }) {
  requireNode22();
  const source = snapshotCheckout(name);
  const { applyMigrations, assertPortFree, seed, startServer, stopServer, waitForServer } = await import(
    pathToFileURL(join(source, "scripts", "dev-server.mjs")).href
  );
  try {
    await assertPortFree(port);
    await assertPortFree(inspectorPort);
  } catch (error) {
    rmSync(source, { recursive: true, force: true });
    throw error;
  }
  const persistTo = mkdtempSync(join(tmpdir(), `edge-inbox-bench-${name}-db-`));
  const logDir = join(ROOT, "test-artifacts");
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `wrangler-bench-${name}.log`);
  const log = openSync(logPath, "w");
  await applyMigrations(persistTo);
  const url = `http://127.0.0.1:${port}`;
  const server = startServer({
    port,
    inspectorPort,
    persistTo,
    vars: { APP_URL: url, GRAPH_API_URL: `${url}/sandbox/graph/v21.0` },
    stdio: ["ignore", log, log],
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopServer(server);
    rmSync(persistTo, { recursive: true, force: true });
    rmSync(source, { recursive: true, force: true });
  };
  try {
    await waitForServer(server);
    await seed(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, log: logPath, stop, server, persistTo, pid: server.child.pid };
}

/** Ports of a benchmark: ours on BENCH_PORT (8801, inspector 9251), the floor / relay on BENCH_FLOOR_PORT (8803, 9253). */
export const PORTS = {
  ours: Number(process.env.BENCH_PORT ?? 8801),
  oursInspector: Number(process.env.BENCH_INSPECTOR_PORT ?? 9251),
  floor: Number(process.env.BENCH_FLOOR_PORT ?? 8803),
  floorInspector: Number(process.env.BENCH_FLOOR_INSPECTOR_PORT ?? 9253),
};

/**
 * Starts one of the small reference Workers of bench/ (`dir`: "floor", "relay") with `wrangler dev
 * --config bench/<dir>/wrangler.toml` on 127.0.0.1:port, with a fresh local state (its D1
 * migrations applied when it has any) and its log in test-artifacts/. Returns `{ url, log, stop }`.
 */
export async function startBenchWorker({ dir, port, inspectorPort, vars = {} }) {
  requireNode22();
  const { assertPortFree, run, stopServer, WRANGLER_ENV } = await import(
    pathToFileURL(join(ROOT, "scripts", "dev-server.mjs")).href
  );
  await assertPortFree(port);
  await assertPortFree(inspectorPort);
  const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const config = join(ROOT, "bench", dir, "wrangler.toml");
  const persistTo = mkdtempSync(join(tmpdir(), `edge-inbox-bench-${dir}-db-`));
  const logDir = join(ROOT, "test-artifacts");
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `wrangler-bench-${dir}.log`);
  const log = openSync(logPath, "w");
  if (existsSync(join(ROOT, "bench", dir, "migrations"))) {
    await run(
      process.execPath,
      [wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo, "--config", config],
      {
        env: { ...WRANGLER_ENV, CI: "true" },
        stdio: ["ignore", log, log],
      },
    );
  }
  const args = [wrangler, "dev", "--config", config, "--ip", "127.0.0.1", "--port", String(port)];
  args.push(
    "--inspector-port",
    String(inspectorPort),
    "--show-interactive-dev-session=false",
    "--persist-to",
    persistTo,
  );
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: WRANGLER_ENV,
    stdio: ["ignore", log, log],
    detached: true,
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const server = { child, exited };
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopServer(server);
    rmSync(persistTo, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`bench/${dir} did not answer on ${url} (see ${logPath})`);
    }
    await sleep(250);
  }
  return { url, log: logPath, stop, pid: child.pid };
}

/** The ingest floor (bench/floor) on its port, checking signatures with the sandbox's app secret. */
export function startFloor() {
  return startBenchWorker({
    dir: "floor",
    port: PORTS.floor,
    inspectorPort: PORTS.floorInspector,
    vars: { APP_SECRET: SANDBOX.appSecret },
  });
}

const stops = new Set();

/** Runs `stop` on Ctrl-C / SIGTERM too (every one registered), so no wrangler is left behind. */
export function stopOnSignals(stop) {
  if (stops.size === 0) {
    for (const signal of ["SIGINT", "SIGTERM"]) {
      process.once(signal, async () => {
        await Promise.allSettled([...stops].map((s) => s()));
        process.exit(130);
      });
    }
  }
  stops.add(stop);
}

/** Signs a demo user in; returns the `sid` cookie value. */
export async function signIn(url, email, password = "demo-password-1") {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const sid = /(?:^|,\s*)sid=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!sid) throw new Error("no sid cookie");
  return sid;
}

export async function getJson(url, path, sid) {
  const res = await fetch(`${url}${path}`, { headers: { cookie: `sid=${sid}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// ---- figures ---------------------------------------------------------------------------------------

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : Number.NaN,
  };
}

export const ms = (v) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : "–");
export const int = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "–");

/** A Markdown table (also readable in a terminal). */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(cells[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join(
    "\n",
  );
}

// ---- provenance and BENCHMARKS.md ------------------------------------------------------------------

export function machine() {
  let commit = "unknown";
  let dirty = false;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
    dirty =
      SOURCE === "worktree" && execFileSync("git", ["status", "--porcelain"], { cwd: ROOT }).toString().trim() !== "";
  } catch {
    // not a git checkout
  }
  let cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync("nproc").toString().trim()) || nproc;
  } catch {
    // no nproc
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: dirty ? `${commit} + uncommitted changes (BENCH_SOURCE=worktree)` : commit,
    nproc,
    cpu,
    node: process.version,
    load: `${LOAD_AT_START} at the start, ${loadavg()[0].toFixed(2)} at the end`,
  };
}

/** Appends one run (a heading with its provenance, the table, notes) to BENCHMARKS.md. */
export function appendRun(name, { command, tableText, notes = [] }) {
  const m = machine();
  if (!existsSync(BENCHMARKS_MD)) throw new Error("BENCHMARKS.md is missing");
  const text = [
    "",
    `### ${name}: ${m.date}`,
    "",
    `Commit \`${m.commit}\`; machine: ${m.nproc} × ${m.cpu}, Node ${m.node}, 1-minute load average ${m.load}; command: \`${command}\`.`,
    "",
    tableText,
    ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
  appendFileSync(BENCHMARKS_MD, text);
  return m;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * CPU seconds (user + system) a server has used so far: the process `pid` (wrangler) and every
 * process below it (workerd, esbuild), read from /proc. NaN where there is no /proc (not Linux).
 */
export function serverCpuSeconds(pid) {
  if (!existsSync("/proc/self/stat")) return Number.NaN;
  const fields = (p) => {
    try {
      // After "pid (name) ": state, ppid, … utime is field 14 and stime 15 of stat(5), 12 and 13 here.
      return readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
    } catch {
      return null;
    }
  };
  const children = new Map();
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    const f = fields(p);
    if (f) children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), Number(p)]);
  }
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  let seconds = 0;
  const walk = (p) => {
    const f = fields(p);
    if (f) seconds += (Number(f[11]) + Number(f[12])) / ticksPerSecond;
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return seconds;
}

/** "0.92× PASS" / "1.4× MISS": a ratio beside its target (`atLeast` or `atMost`). */
export function verdict(ratio, { atLeast, atMost }) {
  if (!Number.isFinite(ratio)) return "–";
  const pass = atLeast !== undefined ? ratio >= atLeast : ratio <= atMost;
  return `${ratio.toFixed(2)}× ${pass ? "PASS" : "MISS"}`;
}
