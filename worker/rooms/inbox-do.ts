import type { RoomView } from "../db/rooms";
import { expectWebSocket, LiveObject } from "../objects/live-object";
import { IndexWriter, type RoomDelivery } from "./index-writer";

/** What every member's inbox hears: rooms as GET /api/rooms/:id shows them, and changes to the team. */
export type InboxEvent =
  | { type: "room.created" | "room.updated"; room: RoomView }
  | { type: "member.updated"; member: { id: string; name: string; role: string } }
  | { type: "member.removed"; memberId: string };

/**
 * One per organization: the live inbox feed (rule I5). Every connected member gets every room
 * summary change, so lists update without a refresh; the open sockets tell who is online (ring
 * groups use it).
 */
export class InboxDO extends LiveObject {
  override async fetch(request: Request): Promise<Response> {
    const refused = expectWebSocket(request);
    if (refused) return refused;
    const userId = request.headers.get("x-user-id");
    const { client, server } = this.acceptMember(request, userId ? [userId] : []);
    server.send(JSON.stringify({ type: "hello", online: this.online() }));
    this.broadcast({ type: "presence", online: this.online() });
    return new Response(null, { status: 101, webSocket: client });
  }

  async publish(event: InboxEvent): Promise<void> {
    this.broadcast(event);
  }

  /** Several changes in the order they happened, in one call. */
  async publishAll(events: InboxEvent[]): Promise<void> {
    for (const event of events) this.broadcast(event);
  }

  private indexWriter: IndexWriter | null = null;

  /**
   * A room's outbox drains here: its feed goes to the members at once; the answer waits until the
   * index, file jobs and events are written with other rooms' (`index-writer.ts`).
   */
  async deliver(delivery: RoomDelivery): Promise<void> {
    for (const event of delivery.feed) this.broadcast(event);
    this.indexWriter ??= new IndexWriter(this.env);
    await this.indexWriter.write(delivery);
  }

  /** The user ids with at least one open inbox socket. */
  online(): string[] {
    const ids = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const member = this.memberOf(ws);
      if (member?.userId) ids.add(member.userId);
    }
    return [...ids].sort();
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    await super.webSocketClose(ws, code);
    this.broadcast({ type: "presence", online: this.online() }, ws);
  }
}
