import { DurableObject } from "cloudflare:workers";
import type { RoomView } from "../db/rooms";
import { type Member, memberOf } from "./member";

/** What every member's inbox hears: rooms as GET /api/rooms/:id shows them, and changes to the team. */
export type InboxEvent =
  | { type: "room.created" | "room.updated"; room: RoomView }
  | { type: "member.updated"; member: { id: string; name: string; role: string } }
  | { type: "member.removed"; memberId: string };

/**
 * One per organization: the live inbox feed (rule I5). Every connected member gets every room
 * summary change, so lists update without a refresh; the open sockets tell who is online (ring
 * groups use it). Sockets hibernate; pings are answered by the runtime without waking the object.
 */
export class InboxDO extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("Expected WebSocket", { status: 426 });
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const member = memberOf(request);
    this.ctx.acceptWebSocket(server, member.userId ? [member.userId] : []);
    server.serializeAttachment(member);
    server.send(JSON.stringify({ type: "hello", online: this.online() }));
    this.announcePresence();
    return new Response(null, { status: 101, webSocket: client });
  }

  async publish(event: InboxEvent): Promise<void> {
    const text = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // closing socket; the client reloads the list when it reconnects
      }
    }
  }

  /** The user ids with at least one open inbox socket. */
  online(): string[] {
    const ids = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const member = ws.deserializeAttachment() as Member | null;
      if (member?.userId) ids.add(member.userId);
    }
    return [...ids].sort();
  }

  private announcePresence(except?: WebSocket) {
    const text = JSON.stringify({ type: "presence", online: this.online() });
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // ignore
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
    this.announcePresence(ws);
  }
}
