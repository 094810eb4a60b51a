// The ingest floor: a Worker doing only the essential work of taking a WhatsApp webhook durably,
// so `npm run bench -- ingest` can print ours / floor from the same run on the same machine.
//   POST /webhooks/whatsapp  HMAC-SHA256 over the raw body against X-Hub-Signature-256, JSON.parse,
//                            then per message: ONE RPC to the contact's Durable Object (by wa_id),
//                            which dedupes by wamid and appends to its SQLite, then ONE D1 upsert of
//                            the contact row; 200. Nothing else (no tenants, no rooms, no fan-out).
//   GET /contacts            { contacts: [wa_id] } from D1 (what the bench checks against)
//   GET /contacts/:waId      { wamids: [...] } as stored by that contact's object, in order
//   GET /health              200 once the Worker answers
import { DurableObject } from "cloudflare:workers";

const encoder = new TextEncoder();

export class ContactLog extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, wamid TEXT NOT NULL UNIQUE, body TEXT, sent_at INTEGER NOT NULL)",
    );
  }

  /** Appends a message once: a wamid already stored changes nothing. */
  append(wamid, body, sentAt) {
    const cursor = this.ctx.storage.sql.exec(
      "INSERT INTO messages (wamid, body, sent_at) VALUES (?, ?, ?) ON CONFLICT(wamid) DO NOTHING",
      wamid,
      body,
      sentAt,
    );
    return { duplicate: cursor.rowsWritten === 0 };
  }

  wamids() {
    return this.ctx.storage.sql
      .exec("SELECT wamid FROM messages ORDER BY seq")
      .toArray()
      .map((row) => row.wamid);
  }
}

async function signed(secret, raw, header) {
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(header ?? "")?.[1];
  if (!hex) return false;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
  const mac = new Uint8Array(hex.match(/../g).map((byte) => Number.parseInt(byte, 16)));
  return crypto.subtle.verify("HMAC", key, mac, raw);
}

async function ingest(env, value, message) {
  const waId = message.from;
  const name = value.contacts?.find((c) => c.wa_id === waId)?.profile?.name ?? null;
  const sentAt = Number(message.timestamp) * 1000;
  await env.CONTACT.getByName(waId).append(message.id, message.text?.body ?? null, sentAt);
  await env.DB.prepare(
    "INSERT INTO contacts (wa_id, name, last_message_at) VALUES (?1, ?2, ?3) ON CONFLICT(wa_id) DO UPDATE SET name = ?2, last_message_at = max(last_message_at, ?3)",
  )
    .bind(waId, name, sentAt)
    .run();
}

async function webhook(request, env) {
  const raw = await request.arrayBuffer();
  if (!(await signed(env.APP_SECRET, raw, request.headers.get("x-hub-signature-256")))) {
    return new Response(null, { status: 401 });
  }
  let body;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return new Response(null, { status: 400 });
  }
  const work = [];
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      for (const message of value.messages ?? []) work.push(ingest(env, value, message));
    }
  }
  await Promise.all(work);
  return new Response(null, { status: 200 });
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname === "/webhooks/whatsapp") return webhook(request, env);
    if (request.method !== "GET") return new Response(null, { status: 405 });
    if (pathname === "/health") return new Response("ok");
    if (pathname === "/contacts") {
      const { results } = await env.DB.prepare("SELECT wa_id FROM contacts ORDER BY wa_id").all();
      return Response.json({ contacts: results.map((row) => row.wa_id) });
    }
    const waId = /^\/contacts\/([^/]+)$/.exec(pathname)?.[1];
    if (waId) return Response.json({ wamids: await env.CONTACT.getByName(decodeURIComponent(waId)).wamids() });
    return new Response(null, { status: 404 });
  },
};
