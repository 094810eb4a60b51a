import { errorForLog, log } from "../lib/log";
import { Problem, problemResponse } from "../lib/problem";
import { expectWebSocket } from "../objects/live-object";
import { socketOwner } from "./member";
import { RoomObject } from "./room-object";

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
    const after = Number(new URL(request.url).searchParams.get("after") ?? "0") || 0;
    const { client, server } = this.acceptMember(request);
    for (const event of this.store.eventsAfter(after, r)) server.send(JSON.stringify(event));
    return new Response(null, { status: 101, webSocket: client });
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
    if ((parsed as { type?: unknown }).type === "typing") {
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

function roomNotReady(): Response {
  return problemResponse(
    new Problem(503, "room_not_ready", "This room is still being opened; try again in a moment.", undefined, {
      "Retry-After": "1",
    }),
  );
}
