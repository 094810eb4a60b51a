// `npm run bench -- profile`: where our Worker spends its CPU under the ingest benchmark's load. Starts
// ours (a copy of the last commit, as every benchmark does), gives customers 0..N-1 their first message
// (untimed), then records a V8 CPU profile of the Worker's isolate (the Worker, its Durable Objects and
// its queue consumers share it) through the inspector while 8 lanes send `known` (or `new`) messages.
// Prints the functions with the most samples, by their own time and with what they call, and writes
// the profile to test-artifacts/ingest-<target>.cpuprofile (open it in Chrome DevTools, Performance tab).
// Not a benchmark: it appends nothing to BENCHMARKS.md, and `npm run bench` (all) leaves it out.
// PROFILE_TARGET=floor profiles the floor (bench/floor) under the same load instead, for comparison.
// Environment: PROFILE_TARGET=ours|floor  PROFILE_PHASE=known|new  PROFILE_SECONDS=15  INGEST_CONTACTS=1000  INGEST_LANES=8
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { customers, runPhase } from "./ingest-load.mjs";
import { PORTS, ROOT, sleep, startFloor, startWorker, stopOnSignals } from "./lib.mjs";

const PHASE = process.env.PROFILE_PHASE ?? "known";
const TARGET = process.env.PROFILE_TARGET ?? "ours";
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 15);
const load = {
  lanes: Number(process.env.INGEST_LANES ?? 8),
  contacts: Number(process.env.INGEST_CONTACTS ?? 1000),
  duplicates: 0.05,
};

/** A DevTools protocol session with the isolate behind wrangler's inspector port. */
async function inspect(port) {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  // wrangler's inspector proxy only takes connections that come from a local origin.
  const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: "http://localhost" } });
  ws.binaryType = "arraybuffer";
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", () => reject(new Error(`no inspector session on port ${port}`)));
  });
  const pending = new Map();
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(typeof e.data === "string" ? e.data : Buffer.from(e.data).toString());
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  let next = 0;
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => ws.close() };
}

/** Samples per function: its own (`self`) and with everything it called (`total`), as shares. */
function shares(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const nameOf = (id) => {
    const f = byId.get(id).callFrame;
    return `${f.functionName || "(anonymous)"}${f.url ? ` ${f.url.split("/").at(-1)}:${f.lineNumber + 1}` : ""}`;
  };
  const self = new Map();
  const total = new Map();
  for (const [id, n] of hits) {
    self.set(nameOf(id), (self.get(nameOf(id)) ?? 0) + n);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(at);
      if (!seen.has(name)) total.set(name, (total.get(name) ?? 0) + n);
      seen.add(name);
    }
  }
  const top = (m, k) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, n]) => `  ${((100 * n) / profile.samples.length).toFixed(1).padStart(5)} %  ${name}`);
  return { self: top(self, 25), total: top(total, 40) };
}

const inspectorPort = TARGET === "floor" ? PORTS.floorInspector : PORTS.oursInspector;
const ours =
  TARGET === "floor" ? await startFloor() : await startWorker({ port: PORTS.ours, inspectorPort, name: "profile" });
stopOnSignals(ours.stop);
try {
  const state = customers();
  if (PHASE === "known") await runPhase(ours.url, state, { ...load, lanes: load.lanes * 2, phase: "fill" });
  const inspector = await inspect(inspectorPort);
  await inspector.call("Profiler.enable");
  await inspector.call("Profiler.setSamplingInterval", { interval: 200 });
  await inspector.call("Profiler.start");
  const run = await runPhase(ours.url, state, { ...load, phase: PHASE, seconds: SECONDS });
  await sleep(2_000); // what the messages set off after their answer (drains, queue consumers)
  const { result } = await inspector.call("Profiler.stop");
  inspector.close();
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  const file = join(ROOT, "test-artifacts", `ingest-${TARGET}.cpuprofile`);
  writeFileSync(file, JSON.stringify(result.profile));
  const { self, total } = shares(result.profile);
  const rate = (run.acks.length / run.elapsed).toFixed(1);
  console.log(`\n${TARGET}, ${PHASE} customers: ${run.acks.length} messages acknowledged, ${rate}/s while profiled`);
  console.log(`\nOwn time (${result.profile.samples.length} samples; "(idle)" is the isolate waiting):`);
  console.log(self.join("\n"));
  console.log("\nWith what they call:");
  console.log(total.join("\n"));
  console.log(`\nProfile written to ${file}`);
} finally {
  await ours.stop();
}
