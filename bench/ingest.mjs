// `npm run bench -- ingest`: sustained signed WhatsApp webhooks for 60 s across 1,000 distinct
// customers, then a check through the API that every acknowledged message is stored exactly once
// and in order in its customer's room.
//
// A fixed number of lanes send webhooks back to back (closed loop: as fast as the Worker answers).
// A lane takes the next customer who has nothing in flight, so each customer's messages go one
// after the other, as a phone sends them; a message that is not answered 200 is sent again (as Meta
// does) until it is; and a share of acknowledged messages is delivered a second time (Meta's
// at-least-once delivery), which must change nothing.
// Environment: INGEST_SECONDS=60  INGEST_CONTACTS=1000  INGEST_LANES=8  INGEST_DUPLICATES=0.05.
import { performance } from "node:perf_hooks";
import {
  appendRun,
  getJson,
  inboundWebhook,
  int,
  ms,
  signature,
  signIn,
  sleep,
  startWorker,
  stopOnSignals,
  summarize,
  table,
} from "./lib.mjs";

const SECONDS = Number(process.env.INGEST_SECONDS ?? 60);
const CONTACTS = Number(process.env.INGEST_CONTACTS ?? 1000);
const LANES = Number(process.env.INGEST_LANES ?? 8);
const DUPLICATES = Number(process.env.INGEST_DUPLICATES ?? 0.05);
const PORT = 8792;
const INSPECTOR_PORT = 9242;
const REQUEST_TIMEOUT_MS = 30_000;
const VERIFY_PARALLEL = 8;
const VERIFY_WAIT_MS = 60_000;

const waIdOf = (c) => `62880${String(c).padStart(8, "0")}`;
const textOf = (c, k) => `c${c}-m${k}`;

console.log(`Starting wrangler dev on 127.0.0.1:${PORT}…`);
const worker = await startWorker({ port: PORT, inspectorPort: INSPECTOR_PORT, name: "ingest" });
stopOnSignals(worker.stop);

async function post(raw) {
  const started = performance.now();
  try {
    const res = await fetch(`${worker.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature(raw) },
      body: raw,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, error: error?.name ?? "error" };
  }
}

// ---- load ------------------------------------------------------------------------------------------

const next = new Array(CONTACTS).fill(0); // acknowledged messages per customer
const busy = new Uint8Array(CONTACTS);
const acks = [];
const failures = new Map(); // "status 500" / "TimeoutError" -> count
let webhooks = 0;
let duplicatesSent = 0;
let cursor = 0;
let stopAt = 0;

function takeCustomer() {
  for (let tries = 0; tries < CONTACTS; tries++) {
    const c = cursor++ % CONTACTS;
    if (!busy[c]) {
      busy[c] = 1;
      return c;
    }
  }
  return -1;
}

async function lane() {
  while (performance.now() < stopAt) {
    const c = takeCustomer();
    if (c < 0) {
      await sleep(1);
      continue;
    }
    const k = next[c];
    const raw = inboundWebhook({
      waId: waIdOf(c),
      name: `Customer ${c}`,
      id: `wamid.INGEST.${c}.${k}`,
      timestamp: Math.floor(Date.now() / 1000),
      text: textOf(c, k),
    });
    // Until it is acknowledged, as the provider would (bounded: the run's end stops retrying).
    for (;;) {
      webhooks++;
      const answer = await post(raw);
      if (answer.status === 200) {
        acks.push(answer.ms);
        next[c] = k + 1;
        break;
      }
      const why = answer.status ? `HTTP ${answer.status}` : answer.error;
      failures.set(why, (failures.get(why) ?? 0) + 1);
      if (performance.now() >= stopAt + REQUEST_TIMEOUT_MS) break;
      await sleep(50);
    }
    if (next[c] === k + 1 && Math.random() < DUPLICATES) {
      webhooks++;
      duplicatesSent++;
      const again = await post(raw);
      if (again.status !== 200)
        failures.set(`duplicate HTTP ${again.status}`, (failures.get(`duplicate HTTP ${again.status}`) ?? 0) + 1);
    }
    busy[c] = 0;
  }
}

let report;
try {
  const supervisor = await signIn(worker.url, "supervisor@demo.test");
  console.log(`Sending for ${SECONDS} s on ${LANES} lanes across ${CONTACTS} customers…`);
  const started = performance.now();
  stopAt = started + SECONDS * 1000;
  const progress = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    console.log(`  ${s.toFixed(0)} s: ${acks.length} messages acknowledged (${(acks.length / s).toFixed(1)}/s)`);
  }, 10_000);
  await Promise.all(Array.from({ length: LANES }, lane));
  clearInterval(progress);
  const elapsed = (performance.now() - started) / 1000;
  const acked = next.reduce((a, b) => a + b, 0);
  console.log(`Load done: ${acked} messages acknowledged in ${elapsed.toFixed(1)} s. Checking through the API…`);

  // ---- verify through the API ------------------------------------------------------------------------
  const verifyStarted = performance.now();
  async function roomsByCustomer() {
    const rooms = new Map();
    let cursorParam = "";
    for (let page = 0; page < 1000; page++) {
      const body = await getJson(worker.url, `/api/rooms?view=all&limit=100${cursorParam}`, supervisor);
      for (const r of body.rooms) rooms.set(r.contactExternalId, [...(rooms.get(r.contactExternalId) ?? []), r]);
      if (!body.nextCursor) break;
      cursorParam = `&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    return rooms;
  }
  async function messagesOf(roomId) {
    const all = [];
    let after = 0;
    for (let page = 0; page < 1000; page++) {
      const { messages } = await getJson(
        worker.url,
        `/api/rooms/${roomId}/messages?after=${after}&limit=200`,
        supervisor,
      );
      all.push(...messages);
      if (messages.length < 200) break;
      after = messages[messages.length - 1].seq;
    }
    return all;
  }
  async function check() {
    const rooms = await roomsByCustomer();
    const outcome = {
      customers: 0,
      rooms: 0,
      extraRooms: 0,
      missingRooms: 0,
      stored: 0,
      missing: 0,
      doubled: 0,
      outOfOrder: 0,
      unexpected: 0,
    };
    const customers = [...next.keys()].filter((c) => next[c] > 0);
    outcome.customers = customers.length;
    let i = 0;
    await Promise.all(
      Array.from({ length: VERIFY_PARALLEL }, async () => {
        while (i < customers.length) {
          const c = customers[i++];
          const list = rooms.get(waIdOf(c)) ?? [];
          if (list.length === 0) {
            outcome.missingRooms++;
            outcome.missing += next[c];
            continue;
          }
          outcome.rooms++;
          if (list.length > 1) outcome.extraRooms += list.length - 1;
          const texts = [];
          for (const room of list) texts.push(...(await messagesOf(room.id)).map((m) => m.text));
          const want = Array.from({ length: next[c] }, (_, k) => textOf(c, k));
          const counts = new Map();
          for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
          outcome.stored += counts.size;
          outcome.missing += want.filter((t) => !counts.has(t)).length;
          outcome.doubled += [...counts.values()].filter((n) => n > 1).length;
          outcome.unexpected += [...counts.keys()].filter((t) => !want.includes(t)).length;
          const seen = texts.filter((t, idx) => texts.indexOf(t) === idx);
          if (seen.join("\n") !== want.filter((t) => counts.has(t)).join("\n")) outcome.outOfOrder++;
        }
      }),
    );
    return outcome;
  }
  // A webhook that could not reach its room at once was queued: give the queue time to drain.
  let outcome = await check();
  const until = performance.now() + VERIFY_WAIT_MS;
  while ((outcome.missing > 0 || outcome.missingRooms > 0) && performance.now() < until) {
    await sleep(5_000);
    outcome = await check();
  }
  const verifySeconds = (performance.now() - verifyStarted) / 1000;

  const lat = summarize(acks);
  const failed = [...failures.entries()].map(([k, v]) => `${v} × ${k}`).join(", ") || "none";
  const ok =
    outcome.missing === 0 &&
    outcome.doubled === 0 &&
    outcome.outOfOrder === 0 &&
    outcome.extraRooms === 0 &&
    outcome.unexpected === 0;
  const rows = [
    ["duration", `${elapsed.toFixed(1)} s (${LANES} lanes, ${CONTACTS} customers)`],
    ["messages acknowledged", int(acked)],
    ["sustained rate", `${(acked / elapsed).toFixed(1)} messages/s`],
    [
      "webhooks sent (with retries and re-deliveries)",
      `${int(webhooks)} (${(webhooks / elapsed).toFixed(1)}/s), ${int(duplicatesSent)} re-deliveries of acknowledged messages`,
    ],
    ["acknowledgement latency", `p50 ${ms(lat.p50)} ms, p99 ${ms(lat.p99)} ms, max ${ms(lat.max)} ms`],
    ["answers other than 200", failed],
    [
      "customers with messages / their rooms found",
      `${int(outcome.customers)} / ${int(outcome.rooms)} (${outcome.extraRooms} extra, ${outcome.missingRooms} missing)`,
    ],
    [
      "stored exactly once",
      `${int(outcome.stored - outcome.doubled)} of ${int(acked)} (${outcome.missing} missing, ${outcome.doubled} doubled, ${outcome.unexpected} unexpected)`,
    ],
    ["rooms in order", `${int(outcome.rooms - outcome.outOfOrder)} of ${int(outcome.rooms)}`],
    ["verdict", ok ? "every message exactly once, in order" : "NOT exactly once and in order (see above)"],
    ["check through the API took", `${verifySeconds.toFixed(1)} s`],
  ];
  report = { rows, ok };
} finally {
  await worker.stop();
}

const tableText = table(["ingest", "result"], report.rows);
const notes = [
  "Closed loop: each lane sends its next webhook when the previous one is answered, so the rate is what the Worker sustains on this machine (wrangler dev, local D1, the load generator on the same cores). Each customer's messages are sent one after the other; a message not answered 200 is sent again until it is.",
  "Acknowledged = answered 200: the message is in its room (or, if the room could not be reached, on the inbound queue). The check lists every room through GET /api/rooms and every message through GET /api/rooms/:id/messages.",
];
console.log(`\n${tableText}\n`);
for (const n of notes) console.log(`- ${n}`);
appendRun("ingest", { command: "npm run bench -- ingest", tableText, notes });
console.log("\nAppended to BENCHMARKS.md.");
process.exit(report.ok ? 0 : 1);
