import type { RoomView } from "../db/rooms";
import { SESSION_TTL_MS } from "../domain/sign-in";
import { Assigner } from "../features/assignment/assigner";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { expectWebSocket, LiveObject, type SocketFilter } from "../objects/live-object";
import { IndexWriter, type RoomDelivery } from "./index-writer";

/** What every member's inbox hears: rooms as GET /api/rooms/:id shows them, and changes to the team. */
export type InboxEvent =
  | { type: "room.created" | "room.updated"; room: FeedRoom }
  /** Rule I11: a label created, renamed or recoloured; the inbox updates its filter and every chip. */
  | { type: "label.updated"; label: { id: string; name: string; colour: string } }
  | { type: "label.deleted"; labelId: string }
  | { type: "member.updated"; member: { id: string; name: string; role: string } }
  | { type: "member.removed"; memberId: string };

/** A room on the feed: as the index shows it, with its labels and snooze (issue 17) when known. */
export type FeedRoom = RoomView & {
  labels?: { id: string; name: string; colour: string }[];
  snoozedUntil?: number | null;
};

/**
 * One per organization: the live inbox feed (rule I5). Every connected member gets every room
 * summary change, so lists update without a refresh; the open sockets tell who is online (ring
 * groups use it). It also knows which rooms each person opened a socket to (`room_sockets`), so a
 * session that ends closes its room sockets too (rule G7, `endSockets`).
 */
export class InboxDO extends LiveObject {
  /** Rule I12: automatic assignment, with this object as the single writer of the turn. */
  private readonly assigner: Assigner;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.assigner = new Assigner(ctx.storage.sql, env, () => this.online());
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS room_sockets (user_id TEXT NOT NULL, room_id TEXT NOT NULL, opened_at INTEGER NOT NULL, PRIMARY KEY (user_id, room_id))",
    );
  }

  override async fetch(request: Request): Promise<Response> {
    const refused = expectWebSocket(request);
    if (refused) return refused;
    const before = this.online();
    const { client, server } = this.acceptMember(request);
    const online = this.online();
    server.send(JSON.stringify({ type: "hello", online }));
    this.broadcast({ type: "presence", online });
    // Rule I12: a person's first inbox socket may make them available: the waiting rooms catch up.
    if (online.some((id) => !before.includes(id))) this.requestCatchUp();
    return new Response(null, { status: 101, webSocket: client });
  }

  async publish(event: InboxEvent): Promise<void> {
    this.broadcast(event);
  }

  /** A message for some members only (issue 14: `call.*` reaches the agents a call rings). */
  async notify(userIds: string[], message: unknown): Promise<void> {
    this.sendTo(userIds, message);
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

  /** Rule I12: who has the inbox open, and when the others' last socket closed. */
  async presence(): Promise<{ online: string[]; leftAt: Record<string, number> }> {
    return this.assigner.presence();
  }

  /** Rule I12: gives a new room to the next online agent in turn, when the organization wants it. */
  async assignNewRoom(organizationId: string, roomId: string): Promise<string | null> {
    return this.assigner.assign(organizationId, roomId);
  }

  /**
   * Rule I12: the waiting rooms go to agents who are available (and below the cap) now; answers how
   * many were assigned. Runs in the assigner's one queue, after what is already in it.
   */
  async catchUp(organizationId: string): Promise<number> {
    return this.assigner.catchUp(organizationId);
  }

  /** Rule I12: starts a catch-up and answers at once (an availability change must not wait on it). */
  async requestCatchUp(): Promise<void> {
    const organizationId = this.ctx.id.name;
    if (!organizationId) return;
    this.ctx.waitUntil(
      this.assigner.catchUp(organizationId).catch((error) => {
        log("error", "assignment.catch_up_failed", { organizationId, error: errorForLog(error) });
      }),
    );
  }

  /**
   * The realtime route notes every room socket it opens, so `endSockets` knows where to look; a room
   * forgets it when the person's last socket there closes. A note older than a session's lifetime is
   * dropped: a socket that old has outlived its session's known expiry, so it hears nothing more
   * before its session is checked again (LiveObject), and a live one then reconnects and is noted anew.
   */
  async noteRoomSocket(userId: string, roomId: string): Promise<void> {
    const now = clock.now();
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT OR REPLACE INTO room_sockets (user_id, room_id, opened_at) VALUES (?, ?, ?)", userId, roomId, now);
    sql.exec("DELETE FROM room_sockets WHERE opened_at < ?", now - SESSION_TTL_MS);
  }

  /** A room says the person's last socket there closed. */
  async forgetRoomSocket(userId: string, roomId: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM room_sockets WHERE user_id = ? AND room_id = ?", userId, roomId);
  }

  /**
   * Ends a person's sockets in this organization (rule G7): the feed's here, and the room sockets in
   * every room they opened one to. A room left with none of that person's sockets is forgotten.
   */
  async endSockets(filter: SocketFilter): Promise<number> {
    let closed = (await this.closeSockets(filter)).closed;
    const rooms = this.ctx.storage.sql
      .exec<{ room_id: string }>("SELECT room_id FROM room_sockets WHERE user_id = ?", filter.userId)
      .toArray()
      .map((r) => r.room_id);
    const results = await Promise.allSettled(rooms.map((id) => this.env.ROOM.getByName(id).closeSockets(filter)));
    results.forEach((result, i) => {
      if (result.status === "rejected") {
        log("error", "sockets.room_close_failed", { roomId: rooms[i], error: errorForLog(result.reason) });
        return;
      }
      closed += result.value.closed;
      if (result.value.left === 0) {
        this.ctx.storage.sql.exec(
          "DELETE FROM room_sockets WHERE user_id = ? AND room_id = ?",
          filter.userId,
          rooms[i],
        );
      }
    });
    return closed;
  }

  protected override socketsEnded(): void {
    this.broadcast({ type: "presence", online: this.online() });
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    await super.webSocketClose(ws, code);
    const userId = this.memberOf(ws)?.userId;
    if (userId && !this.online().includes(userId)) this.assigner.noteLeft(userId, clock.now());
    this.broadcast({ type: "presence", online: this.online() }, ws);
  }
}
