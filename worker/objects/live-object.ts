import { DurableObject } from "cloudflare:workers";
import { type Member, memberOf } from "../rooms/member";

/**
 * The socket plumbing every live Durable Object shares (rule I5): hibernating WebSockets, pings
 * answered by the runtime without waking the object, one JSON broadcast, and a close handshake.
 * RoomDO and InboxDO extend it; what they say on their sockets is their own.
 */
export abstract class LiveObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Accepts an upgrade for the member the route named; the caller sends its greeting on `server`. */
  protected acceptMember(request: Request, tags: string[] = []): { client: WebSocket; server: WebSocket } {
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, tags);
    server.serializeAttachment(memberOf(request));
    return { client, server };
  }

  protected memberOf(ws: WebSocket): Member | null {
    return ws.deserializeAttachment() as Member | null;
  }

  /** Sends one event, serialised once, to every socket but `except`. */
  protected broadcast(event: unknown, except?: WebSocket): void {
    const text = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // A socket closing under us: its client resumes (or reloads) when it reconnects.
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }
}

export const expectWebSocket = (request: Request): Response | null =>
  request.headers.get("Upgrade") === "websocket" ? null : new Response("Expected WebSocket", { status: 426 });
