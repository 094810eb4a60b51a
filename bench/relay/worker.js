// The bare Durable Object relay that `npm run bench -- fanout` measures ours against: the same
// topology as ours (the room's sockets on one object, the tenant feed's sockets on another), with
// nothing else: no signature, no auth, no storage, no ordering.
//   GET /room, GET /feed (WebSocket)  a hibernating socket on the `room` or the `feed` object
//   POST /webhooks/whatsapp           parses the webhook; per message, the room object sends
//                                     `message.created` and the feed object `room.updated` to all
//                                     of their sockets; 200 once both have sent
//   GET /health                       200 once the Worker answers
import { DurableObject } from "cloudflare:workers";

export class Relay extends DurableObject {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  broadcast(text) {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // closing: it goes with its close event
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
  const sends = [];
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const m of change.value?.messages ?? []) {
        const message = { id: m.id, direction: "in", kind: m.type, text: m.text?.body ?? null };
        sends.push(env.RELAY.getByName("room").broadcast(JSON.stringify({ type: "message.created", message })));
        const room = { contactExternalId: m.from, lastMessagePreview: message.text };
        sends.push(env.RELAY.getByName("feed").broadcast(JSON.stringify({ type: "room.updated", room })));
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
      return env.RELAY.getByName(pathname.slice(1)).fetch(request);
    }
    return new Response(null, { status: 404 });
  },
};
