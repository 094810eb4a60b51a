import { errorForLog, log } from "../lib/log";
import { Problem, problemResponse } from "../lib/problem";
import { expectWebSocket } from "../objects/live-object";
import { socketOwner } from "./member";
import { RoomObject } from "./room-object";
import type { RoomRecord } from "./room-store";
import { VISITOR_TAG, visitorEvent } from "./room-visitors";

/**
 * A room's WebSockets (hibernation API, rule I5): the upgrade replays every event after the client's
 * last `seq`, typing is relayed, and each socket is tied to its session (rule G7): it is refused once
 * that session has lapsed, and the organization's inbox forgets the room for a person when their last
 * socket here closes. RoomDO extends it.
 */
export abstract class RoomSockets extends RoomObject {
  /** Upgrade: `GET /ws?after=<seq>` with the user in `x-user-id` / `x-user-name` (set by the route). */
  override async fetch(request: Request): Promise<Response> {
    const refused = expectWebSocket(request);
    if (refused) return refused;
    const r = this.store.record();
    // The D1 row can exist before the room is opened (its first message still on the queue).
    if (!r) return roomNotReady();
    if (new URL(request.url).pathname === "/visitor-ws") return this.acceptVisitor(request, r);
    const after = Number(new URL(request.url).searchParams.get("after") ?? "0") || 0;
    const { client, server } = this.acceptMember(request);
    for (const event of this.store.eventsAfter(after, r)) server.send(JSON.stringify(event));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Rule G2: a website visitor's socket (the route checked the widget's origin and the visitor's
   * token): tagged `visitor`, it gets the conversation's messages after `after` and then hears only
   * those (`room-visitors.ts`); typing is relayed to the agents.
   */
  private acceptVisitor(request: Request, r: RoomRecord): Response {
    const after = Number(new URL(request.url).searchParams.get("after") ?? "0") || 0;
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [VISITOR_TAG]);
    server.serializeAttachment({ userId: null, name: null, sessionHash: null, sessionExpiresAt: null, apiKeyId: null });
    for (const event of this.store.eventsAfter(after, r)) {
      if (event.type !== "message.created" && event.type !== "message.updated") continue;
      const message = this.store.messageWhere("id = ?", event.message.id);
      const visible = message ? visitorEvent(event.seq, message) : null;
      if (visible) server.send(JSON.stringify(visible));
    }
    const headers = new Headers();
    if (request.headers.get("Sec-WebSocket-Protocol")?.includes(WIDGET_PROTOCOL)) {
      headers.set("Sec-WebSocket-Protocol", WIDGET_PROTOCOL);
    }
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer) {
    if (typeof data !== "string" || data.length > 1024) return;
    // Rule G7: a socket whose session ended says nothing more (it is closed with 4401).
    if (!(await this.admit(ws))) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    // `null`, a number or a string is valid JSON too: only an object can be a frame of ours.
    if (typeof parsed !== "object" || parsed === null) return;
    const type = (parsed as { type?: unknown }).type;
    if (type === "typing" && this.ctx.getTags(ws).includes(VISITOR_TAG)) {
      // Rule G2: the visitor types; the agents see the contact's name.
      this.broadcast({ type: "typing", userId: null, name: this.store.record()?.contactName ?? null }, ws);
    } else if (type === "typing") {
      const who = this.memberOf(ws);
      this.broadcast({ type: "typing", userId: who?.userId ?? null, name: who?.name ?? null }, ws);
    }
  }

  /** The person's last socket here closed: the organization's inbox forgets this room for them (G7). */
  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    await super.webSocketClose(ws, code);
    const member = this.memberOf(ws);
    const userId = member ? socketOwner(member) : null;
    const r = this.store.record();
    if (!userId || !r || this.openSocketsOf(userId) > 0) return;
    await this.env.INBOX.getByName(r.organizationId)
      .forgetRoomSocket(userId, r.roomId)
      .catch((err) => log("warn", "room.forget_socket_failed", { roomId: r.roomId, error: errorForLog(err) }));
  }
}

export const WIDGET_PROTOCOL = "edge-inbox-widget";

function roomNotReady(): Response {
  return problemResponse(
    new Problem(503, "room_not_ready", "This room is still being opened; try again in a moment.", undefined, {
      "Retry-After": "1",
    }),
  );
}
