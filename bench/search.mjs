// `npm run bench -- search` (issue 17 item 3): the inbox list and its search at 1,000 and at 200,000
// rooms in one tenant, in a real `wrangler dev` with its local D1. The floor, measured in the same
// run, is the plain list at 1,000 rooms; each figure is shown against it and at 200,000 against
// itself at 1,000 (200k / 1k must stay near 1: a search that matches nothing costs an index lookup,
// not a walk through the tenant's rooms). Rooms are seeded in bulk: generated SQL applied with
// `wrangler d1 execute --file` to the server's own database (contacts, rooms and their search
// documents, as the search-index listener writes them).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendRun, getJson, ms, ROOT, signIn, startWorker, stopOnSignals, summarize, table, verdict } from "./lib.mjs";

const PORT = Number(process.env.BENCH_SEARCH_PORT ?? 8805);
const INSPECTOR = Number(process.env.BENCH_SEARCH_INSPECTOR_PORT ?? 9255);
const SMALL = 1_000;
const LARGE = Number(process.env.BENCH_SEARCH_ROOMS ?? 200_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 40);
const WARM_UP = 10;
const ORG = "org_demo";
const CHANNEL = "ch_demo_whatsapp";
const TENANT = `t${Buffer.from(ORG).toString("hex")}`;
const ROWS_PER_INSERT = 400;
const WORDS = ["paket", "kiriman", "pesanan", "bayar", "alamat", "ongkir", "diskon", "retur", "ukuran", "warna"];

/** As worker/features/search/documents.ts phoneWords writes a number's document. */
const phoneWords = (p) =>
  [p, `0${p.slice(2)}`, ...Array.from({ length: p.length - 4 }, (_, i) => p.slice(i + 1))].join(" ");
const sqlText = (v) => `'${String(v).replaceAll("'", "''")}'`;

/** Rooms `from` … `to - 1`: a contact, its room (newest activity first by index), three search documents each. */
function seedSql(from, to, now) {
  const lines = [];
  const insert = (table, columns, rows) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT).map((r) => `(${r.join(", ")})`);
      lines.push(`INSERT INTO ${table} (${columns}) VALUES\n${chunk.join(",\n")};`);
    }
  };
  const contacts = [];
  const rooms = [];
  const docs = [];
  for (let n = from; n < to; n++) {
    const phone = `6289${String(n).padStart(9, "0")}`;
    const at = now - n * 1_000;
    const contact = sqlText(`bench-contact-${n}`);
    const room = sqlText(`bench-room-${n}`);
    const text = `Halo kak ${WORDS[n % WORDS.length]} nomor ref${n}z ${WORDS[(n * 7) % WORDS.length]}`;
    contacts.push([contact, sqlText(ORG), "'whatsapp'", sqlText(phone), sqlText(`Pelanggan ${n}`), at]);
    rooms.push([
      room,
      sqlText(ORG),
      sqlText(CHANNEL),
      contact,
      "'unassigned'",
      sqlText(text),
      at,
      at,
      at + 86_400_000,
      1,
      at,
    ]);
    const doc = (key, body) => [sqlText(key), sqlText(ORG), sqlText(TENANT), room, sqlText(body), at];
    docs.push(doc(`name:bench-room-${n}`, `Pelanggan ${n}`), doc(`phone:bench-room-${n}`, phoneWords(phone)));
    docs.push(doc(`message:bench-message-${n}`, text));
  }
  insert("contacts", "id, organization_id, kind, external_id, name, created_at", contacts);
  insert(
    "rooms",
    "id, organization_id, channel_id, contact_id, status, last_message_preview, last_message_at, last_customer_message_at, window_expires_at, unread_count, opened_at",
    rooms,
  );
  insert("search_documents", "doc_key, organization_id, tenant, room_id, body, version", docs);
  return lines.join("\n");
}

function seedRooms(persistTo, from, to, now) {
  const dir = mkdtempSync(join(tmpdir(), "edge-inbox-bench-search-sql-"));
  try {
    const started = performance.now();
    const step = 50_000;
    for (let start = from; start < to; start += step) {
      const file = join(dir, `rooms-${start}.sql`);
      writeFileSync(file, seedSql(start, Math.min(to, start + step), now));
      execFileSync(
        process.execPath,
        [
          join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js"),
          "d1",
          "execute",
          "DB",
          "--local",
          "--persist-to",
          persistTo,
          "--file",
          file,
        ],
        {
          cwd: ROOT,
          env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
          stdio: ["ignore", "ignore", "inherit"],
        },
      );
    }
    return performance.now() - started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timed(url, path, sid, check) {
  const values = [];
  for (let i = 0; i < RUNS + WARM_UP; i++) {
    const started = performance.now();
    const body = await getJson(url, path, sid);
    const elapsed = performance.now() - started;
    if (i === 0) check(body);
    if (i >= WARM_UP) values.push(elapsed); // the first calls warm the Worker and SQLite's cache
  }
  return summarize(values);
}

const CASES = [
  { name: "list (All, 30 newest)", path: "/api/rooms?view=all&limit=30", check: (b) => b.rooms.length === 30 },
  { name: "search, no match", path: "/api/rooms?q=zzqxwv&limit=30", check: (b) => b.rooms.length === 0 },
  { name: "search, a number", path: "/api/rooms?q=0890000005&limit=30", check: (b) => b.rooms.length > 0 },
  { name: "search, a rare word", path: "/api/rooms?q=nomor%20ref777z&limit=30", check: (b) => b.rooms.length === 1 },
  { name: "filter: window open", path: "/api/rooms?view=all&window=open&limit=30", check: (b) => b.rooms.length > 0 },
];

async function measure(url, sid, size) {
  const out = {};
  for (const c of CASES) {
    out[c.name] = await timed(url, c.path, sid, (body) => {
      if (!c.check(body))
        throw new Error(`${c.name} at ${size} rooms answered unexpectedly: ${JSON.stringify(body).slice(0, 300)}`);
    });
  }
  return out;
}

const worker = await startWorker({ port: PORT, inspectorPort: INSPECTOR, name: "search" });
stopOnSignals(worker.stop);
let small;
let large;
let seedMs;
try {
  const now = Date.now();
  seedRooms(worker.persistTo, 0, SMALL, now);
  const sid = await signIn(worker.url, "supervisor@demo.test");
  small = await measure(worker.url, sid, SMALL);
  seedMs = seedRooms(worker.persistTo, SMALL, LARGE, now);
  // The client's kept-alive connections went stale while the rooms were seeded: open fresh ones.
  for (let attempt = 0; ; attempt++) {
    try {
      await getJson(worker.url, "/api/rooms?limit=1", sid);
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  large = await measure(worker.url, sid, LARGE);
} finally {
  await worker.stop();
}

const floor = small[CASES[0].name].p50;
const rows = CASES.map((c) => {
  const a = small[c.name];
  const b = large[c.name];
  return [c.name, ms(a.p50), ms(b.p50), ms(b.p99), (b.p50 / floor).toFixed(2), verdict(b.p50 / a.p50, { atMost: 1.5 })];
});
const big = LARGE >= 1_000 ? `${Math.round(LARGE / 1_000)}k` : String(LARGE);
const tableText = table(
  [
    "request",
    `p50 ms at ${SMALL.toLocaleString("en-US")}`,
    `p50 ms at ${LARGE.toLocaleString("en-US")}`,
    "p99 ms at 200k",
    "200k / floor",
    "200k / 1k",
  ],
  rows,
);
console.log(`Inbox list and search, one tenant, ${RUNS} requests each (local wrangler dev, D1 in SQLite):`);
console.log(tableText);
console.log(
  `Seeding ${(LARGE - SMALL).toLocaleString("en-US")} rooms (contacts, rooms, search documents) took ${(seedMs / 1000).toFixed(1)} s.`,
);
appendRun("search", {
  command: "npm run bench -- search",
  tableText,
  notes: [
    `Floor: the plain list (All, 30 newest) at ${SMALL.toLocaleString("en-US")} rooms, ${ms(floor)} ms at the median, measured in the same run; "${big} / 1k" is each request against itself (target: at most 1.5×).`,
    "Search: the FTS5 index in D1 (search_documents + search_fts, tenant token inside the index), rooms read from the matches outwards; a number also through the contacts' index.",
    `Seeding: generated SQL through \`wrangler d1 execute --file\`, ${(seedMs / 1000).toFixed(1)} s for ${(LARGE - SMALL).toLocaleString("en-US")} rooms with three search documents each.`,
  ],
});
const miss = CASES.some((c) => large[c.name].p50 / small[c.name].p50 > 1.5);
process.exit(miss ? 1 : 0);
