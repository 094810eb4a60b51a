// `npm run bench -- fanout`: live fan-out of one customer message to N agents, each with the room
// open (/api/rooms/:id/ws) and the inbox open (/api/inbox/ws), for N = 1, 10, 100, 500. Latency is
// measured from the moment the signed webhook is sent to each socket's receipt of the event
// (`message.created` on the room socket, `room.updated` on the tenant feed). Then the same, measured
// the same way, against a bare Durable Object relay (bench/relay: every socket hibernating on one
// object, a message in, sent to all, the room's sockets first; no auth, no storage), and the
// ratio ours / bare beside issue 10's target (p50 <= 1.2x: PASS / MISS, a measurement, not a test).
//
// Phases, per N and per server:
//   latency: MESSAGES webhooks one at a time (the next once every socket has the previous one);
//   burst:   BURST webhooks sent at once; deliveries/s per kind of socket = receipts / (its last receipt − first send).
// Environment: FANOUT_LEVELS=1,10,100,500  FANOUT_MESSAGES=20  FANOUT_BURST=20; ports: PORTS in bench/lib.mjs.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  appendRun,
  getJson,
  inboundWebhook,
  int,
  ms,
  PORTS,
  postWebhook,
  signIn,
  sleep,
  startBenchWorker,
  startWorker,
  stopOnSignals,
  summarize,
  table,
  verdict,
} from "./lib.mjs";

const LEVELS = (process.env.FANOUT_LEVELS ?? "1,10,100,500").split(",").map(Number);
const MESSAGES = Number(process.env.FANOUT_MESSAGES ?? 20);
const BURST = Number(process.env.FANOUT_BURST ?? 20);
const WARMUP = 3;
const CONNECT_CONCURRENCY = 20;
const DELIVERY_TIMEOUT_MS = 10_000;
const CUSTOMER = "6287700000001";

// ---- sockets and what they received ----------------------------------------------------------------

/** token -> { t0, room: [latency ms], feed: [latency ms], last: { room, feed } (receipt times) } */
const expected = new Map();
const TOKEN = /fanout-[0-9a-f]{12}/;

function onMessage(socket, data, at) {
  if (typeof data !== "string") return;
  const type = socket.kind === "room" ? '{"type":"message.created"' : '{"type":"room.updated"';
  if (!data.startsWith(type)) return;
  const token = TOKEN.exec(data)?.[0];
  const entry = token && expected.get(token);
  if (!entry || socket.seen.has(token)) return;
  socket.seen.add(token);
  entry[socket.kind].push(at - entry.t0);
  entry.last[socket.kind] = Math.max(entry.last[socket.kind], at);
}

function connect(url, headers, kind) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const socket = { ws, kind, seen: new Set() };
    const timer = setTimeout(() => reject(new Error(`${url}: no open after 15 s`)), 15_000);
    ws.addEventListener("message", (e) => onMessage(socket, e.data, performance.now()));
    ws.addEventListener(
      "open",
      () => {
        clearTimeout(timer);
        resolve(socket);
      },
      { once: true },
    );
    ws.addEventListener(
      "error",
      () => {
        clearTimeout(timer);
        reject(new Error(`${url}: WebSocket error`));
      },
      { once: true },
    );
  });
}

/** Opens sockets until `list` holds `n`, CONNECT_CONCURRENCY at a time. */
async function grow(list, n, open) {
  while (list.length < n) {
    const batch = Math.min(CONNECT_CONCURRENCY, n - list.length);
    list.push(...(await Promise.all(Array.from({ length: batch }, (_, i) => open(list.length + i)))));
  }
}

const newToken = () => `fanout-${randomBytes(6).toString("hex")}`;

async function waitFor(tokens, n, timeoutMs) {
  const until = performance.now() + timeoutMs;
  const done = () => tokens.every((t) => expected.get(t).room.length >= n && expected.get(t).feed.length >= n);
  while (!done() && performance.now() < until) await sleep(1);
  return done();
}

// ---- one server ------------------------------------------------------------------------------------

/**
 * Runs every level against one server. `target` = { name, post(raw) -> Promise<status>,
 * openRoom(i), openFeed(i) }.
 */
async function measure(target) {
  const roomSockets = [];
  const feedSockets = [];
  const results = [];
  try {
    for (const n of LEVELS) {
      const t = performance.now();
      await grow(roomSockets, n, target.openRoom);
      await grow(feedSockets, n, target.openFeed);
      await sleep(200); // let connection-time traffic (replays, presence) settle
      const connectSeconds = (performance.now() - t) / 1000;

      const send = async (token) => {
        const raw = inboundWebhook({
          waId: CUSTOMER,
          id: `wamid.${token}`,
          timestamp: Math.floor(Date.now() / 1000),
          text: token,
        });
        expected.set(token, { t0: performance.now(), room: [], feed: [], last: { room: 0, feed: 0 } });
        const sent = performance.now();
        const status = await target.post(raw);
        if (status !== 200) throw new Error(`${target.name}: webhook answered ${status}`);
        return performance.now() - sent;
      };

      // Latency, one message at a time.
      const room = [];
      const feed = [];
      const acks = [];
      let missing = 0;
      for (let i = 0; i < WARMUP + MESSAGES; i++) {
        const token = newToken();
        const ack = send(token);
        const complete = await waitFor([token], n, DELIVERY_TIMEOUT_MS);
        const ackMs = await ack;
        const entry = expected.get(token);
        if (i >= WARMUP) {
          room.push(...entry.room);
          feed.push(...entry.feed);
          acks.push(ackMs);
        }
        expected.delete(token);
        if (!complete) {
          // Sockets that stop receiving do not come back: count the rest as missing and move on.
          missing += 2 * n - entry.room.length - entry.feed.length + 2 * n * (WARMUP + MESSAGES - i - 1);
          const closed = [...roomSockets, ...feedSockets].filter((s) => s.ws.readyState !== WebSocket.OPEN).length;
          console.log(
            `  ${target.name} N=${n}: a message did not reach every socket in time (${closed} sockets closed)`,
          );
          break;
        }
        await sleep(10);
      }

      // Throughput: a burst sent at once.
      const tokens = Array.from({ length: BURST }, newToken);
      const start = performance.now();
      const acked = Promise.all(tokens.map((token) => send(token)));
      const burstComplete = await waitFor(tokens, n, DELIVERY_TIMEOUT_MS * 2);
      await acked;
      const received = tokens.reduce((sum, tk) => sum + expected.get(tk).room.length + expected.get(tk).feed.length, 0);
      const burstMissing = burstComplete ? 0 : 2 * n * BURST - received;
      // Each kind of socket over its own span: receipts / (its last receipt - first send).
      const rate = (kind) => {
        const last = Math.max(...tokens.map((tk) => expected.get(tk).last[kind]));
        return (
          tokens.reduce((sum, tk) => sum + expected.get(tk)[kind].length, 0) / ((last - start) / 1000 || Number.NaN)
        );
      };
      const roomRate = rate("room");
      const feedRate = rate("feed");
      for (const tk of tokens) expected.delete(tk);

      const result = {
        n,
        connectSeconds,
        room: summarize(room),
        feed: summarize(feed),
        ack: summarize(acks),
        roomRate,
        feedRate,
        missing: missing + burstMissing,
      };
      results.push(result);
      console.log(
        `  ${target.name.padEnd(5)} N=${String(n).padStart(3)}: room p50 ${ms(result.room.p50)} ms, p99 ${ms(result.room.p99)} ms; ` +
          `feed p50 ${ms(result.feed.p50)} ms; burst ${int(roomRate)} room deliveries/s` +
          (result.missing ? `; ${result.missing} deliveries missing` : ""),
      );
    }
  } finally {
    for (const s of [...roomSockets, ...feedSockets]) {
      try {
        s.ws.close(1000);
      } catch {
        // already closed
      }
    }
  }
  return results;
}

// ---- our Worker ------------------------------------------------------------------------------------

async function ours() {
  console.log(`Starting wrangler dev on 127.0.0.1:${PORTS.ours}…`);
  const worker = await startWorker({ port: PORTS.ours, inspectorPort: PORTS.oursInspector, name: "fanout" });
  stopOnSignals(worker.stop);
  try {
    const [supervisor, agent1, agent2] = await Promise.all([
      signIn(worker.url, "supervisor@demo.test"),
      signIn(worker.url, "agent@demo.test"),
      signIn(worker.url, "agent2@demo.test"),
    ]);
    // The room: the customer's first message opens it.
    const open = inboundWebhook({
      waId: CUSTOMER,
      id: "wamid.fanout-open",
      timestamp: Math.floor(Date.now() / 1000),
      text: "hello",
    });
    const status = await postWebhook(worker.url, open);
    if (status !== 200) throw new Error(`first webhook answered ${status}`);
    const { rooms } = await getJson(worker.url, `/api/rooms?view=all&q=${CUSTOMER}`, supervisor);
    const roomId = rooms[0]?.id;
    if (!roomId) throw new Error("the room did not open");
    const ws = worker.url.replace("http", "ws");
    const headers = (i) => ({ cookie: `sid=${i % 2 ? agent2 : agent1}`, origin: worker.url });
    return await measure({
      name: "ours",
      post: (raw) => postWebhook(worker.url, raw),
      // after=<far ahead>: no replay of earlier messages on connect.
      openRoom: (i) => connect(`${ws}/api/rooms/${roomId}/ws?after=1000000000`, headers(i), "room"),
      openFeed: (i) => connect(`${ws}/api/inbox/ws`, headers(i), "feed"),
    });
  } finally {
    await worker.stop();
  }
}

// ---- the bare Durable Object relay -----------------------------------------------------------------

async function bare() {
  console.log(`Starting the bare Durable Object relay (bench/relay) on 127.0.0.1:${PORTS.floor}…`);
  const relay = await startBenchWorker({ dir: "relay", port: PORTS.floor, inspectorPort: PORTS.floorInspector });
  stopOnSignals(relay.stop);
  const ws = relay.url.replace("http", "ws");
  try {
    return await measure({
      name: "bare",
      post: (raw) => postWebhook(relay.url, raw),
      openRoom: () => connect(`${ws}/room`, {}, "room"),
      openFeed: () => connect(`${ws}/feed`, {}, "feed"),
    });
  } finally {
    await relay.stop();
  }
}

// ---- report ------------------------------------------------------------------------------------------

const started = performance.now();
const our = await ours();
const base = await bare();
const ratio = (a, b) => {
  const r = a / b;
  if (!Number.isFinite(r)) return "–";
  return `${r < 1 ? r.toFixed(2) : r.toFixed(1)}×`;
};

const rows = [];
for (const [i, o] of our.entries()) {
  const p = base[i];
  for (const kind of ["room", "feed"]) {
    const oRate = kind === "room" ? o.roomRate : o.feedRate;
    const pRate = kind === "room" ? p.roomRate : p.feedRate;
    rows.push([
      o.n,
      kind === "room" ? "room socket" : "tenant feed",
      ms(o[kind].p50),
      ms(o[kind].p99),
      int(oRate),
      ms(p[kind].p50),
      ms(p[kind].p99),
      int(pRate),
      verdict(o[kind].p50 / p[kind].p50, { atMost: 1.2 }),
      ratio(o[kind].p99, p[kind].p99),
      ratio(oRate, pRate),
    ]);
  }
}
const tableText = table(
  [
    "agents",
    "socket",
    "ours p50 ms",
    "ours p99 ms",
    "ours deliveries/s",
    "bare p50 ms",
    "bare p99 ms",
    "bare deliveries/s",
    "p50 ours/bare (≤ 1.2×)",
    "p99 ours/bare",
    "deliveries/s ours/bare",
  ],
  rows,
);
const missing = our.reduce((s, r) => s + r.missing, 0) + base.reduce((s, r) => s + r.missing, 0);
const notes = [
  `Latency: ${MESSAGES} webhooks one at a time per level (after ${WARMUP} warm-up), from sending the signed webhook to each socket's receipt; every agent has both sockets open, so N agents = 2N sockets. Deliveries/s: a burst of ${BURST} webhooks sent at once, receipts on each kind of socket / (that kind's last receipt − first send).`,
  `Webhook acknowledged (ours, p50 at each level): ${our.map((r) => `${r.n}: ${ms(r.ack.p50)} ms`).join(", ")}; the acknowledgement comes once the message is committed in its room's SQLite; the inbox index and the feed follow from the room's outbox.`,
  "The client and both wrangler dev (workerd) share this machine, one server measured at a time: the client's own work is in both columns alike. Ours checks the signature, stores each message (the room's SQLite log, the D1 index) and checks each agent's session; the bare relay (bench/relay/worker.js) parses the webhook and makes one RPC to one object that sends to its hibernating sockets, the room's then the feed's, nothing else.",
  missing
    ? `${missing} deliveries did not arrive within the time limit (counted as missing, not as latency).`
    : "Every delivery arrived.",
  `Total run time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
];
console.log(`\nFan-out (${LEVELS.join(", ")} agents):\n${tableText}\n`);
for (const n of notes) console.log(`- ${n}`);
appendRun("fanout", { command: "npm run bench -- fanout", tableText, notes });
console.log("\nAppended to BENCHMARKS.md.");
// A delivery that never arrived is a failure, not a figure: the run is recorded, and exits 1.
process.exit(missing ? 1 : 0);
