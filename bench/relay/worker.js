// The bare Durable Object relay that `npm run bench -- fanout` measures ours against: one object
// holding every socket (the room's and the tenant feed's, told apart by tag), a message in, sent to
// all of them; no signature, no auth, no storage, no ordering.
//   GET /room, GET /feed (WebSocket)  a hibernating socket tagged `room` or `feed`
//   POST /webhooks/whatsapp           parses the webhook; per message, one RPC: the object sends
//                                     `message.created` to the room's sockets, then `room.updated`
//                                     to the feed's; 200 once it has sent
//   GET /health                       200 once the Worker answers
import { DurableObject } from "cloudflare:workers";

export class Relay extends DurableObject {
  fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [new URL(request.url).pathname.slice(1)]);
    return new Response(null, { status: 101, webSocket: client });
  }

  broadcast(toRoom, toFeed) {
    for (const [tag, text] of [
      ["room", toRoom],
      ["feed", toFeed],
    ]) {
      for (const ws of this.ctx.getWebSockets(tag)) {
        try {
          ws.send(text);
        } catch {
          // closing: it goes with its close event
        }
      }
    }
  }

  webSocketMessage() {}

  webSocketClose(ws, code) {
    ws.close(code === 1005 ? 1000 : code);
  }
}

async function webhook(request, env) {
  const body = await request.json();
  const relay = env.RELAY.getByName("relay");
  const sends = [];
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const m of change.value?.messages ?? []) {
        const message = { id: m.id, direction: "in", kind: m.type, text: m.text?.body ?? null };
        const room = { contactExternalId: m.from, lastMessagePreview: message.text };
        sends.push(
          relay.broadcast(
            JSON.stringify({ type: "message.created", message }),
            JSON.stringify({ type: "room.updated", room }),
          ),
        );
      }
    }
  }
  await Promise.all(sends);
  return new Response(null, { status: 200 });
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname === "/webhooks/whatsapp") return webhook(request, env);
    if (pathname === "/health") return new Response("ok");
    if (pathname === "/room" || pathname === "/feed") {
      if (request.headers.get("upgrade") !== "websocket") return new Response(null, { status: 426 });
      return env.RELAY.getByName("relay").fetch(request);
    }
    return new Response(null, { status: 404 });
  },
};
