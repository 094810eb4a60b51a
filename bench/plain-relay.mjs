// The baseline for `npm run bench -- fanout`: the least a tenant could run themselves. A plain Node
// server (http + the `ws` package) on loopback that receives the same signed WhatsApp webhook,
// checks its signature, parses it and fans the message out to every connected socket: agents on
// /room get `message.created`, agents on /feed get `room.updated`. No storage, no tenants, no
// authentication, no ordering guarantees: receive, fan out.
//
//   node bench/plain-relay.mjs --port 8793      (prints "listening <port>" when ready)
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const port = Number(process.argv[process.argv.indexOf("--port") + 1] || 8793);
const secret = process.env.APP_SECRET ?? "sandbox-app-secret";

const room = new Set();
const feed = new Set();
let seq = 0;

function verify(raw, header) {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/webhooks/whatsapp") {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    if (!verify(raw, req.headers["x-hub-signature-256"])) {
      res.writeHead(401).end();
      return;
    }
    let body;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    let received = 0;
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        const value = change.value ?? {};
        for (const m of value.messages ?? []) {
          received++;
          seq++;
          const message = {
            id: m.id,
            seq,
            direction: "in",
            kind: m.type,
            text: m.text?.body ?? null,
            status: "received",
            providerMessageId: m.id,
            authorName: value.contacts?.[0]?.profile?.name ?? null,
            sentAt: Number(m.timestamp) * 1000,
            createdAt: Date.now(),
          };
          const created = JSON.stringify({ type: "message.created", seq, message });
          for (const ws of room) ws.send(created);
          const updated = JSON.stringify({
            type: "room.updated",
            room: { contactExternalId: m.from, lastMessagePreview: message.text, lastSeq: seq, unreadCount: seq },
          });
          for (const ws of feed) ws.send(updated);
        }
      }
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received }));
  });
});

const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  const path = new URL(req.url ?? "/", "http://relay").pathname;
  const group = path === "/room" ? room : path === "/feed" ? feed : null;
  if (!group) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    group.add(ws);
    ws.on("close", () => group.delete(ws));
    ws.on("error", () => group.delete(ws));
  });
});

server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const ws of [...room, ...feed]) ws.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
