import { autoResolveEnabled } from "../db/channels";
import { createDb } from "../db/client";
import { assign, isRefusal, type Refusal, type RoomState, resolve, take } from "../domain/room";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { noteOf } from "./room-send";
import { RoomSender, toProblem } from "./room-sender";
import { windowEndOf } from "./room-store";
import { refusable } from "./room-stub";
import type { Author, Message, RoomSummary } from "./types";

export { type RoomApi, roomStub } from "./room-stub";

/** Who the room's history says made an automatic assignment (rule I12). */
export const AUTOMATIC_ASSIGNMENT_AUTHOR = "Automatic assignment";

/**
 * One conversation room (rules I1-I6, G6): the message log with a strictly increasing `seq`, the
 * reply window, assignment, and WebSocket fan-out to the agents who have the room open
 * (`room-sockets.ts`). It is the single writer of its state: every change is committed to its SQLite
 * together with the domain events that announce it (the outbox), answered, and then the outbox is
 * drained to the D1 inbox index, the tenant feed and the `events` queue, retried by the alarm until it
 * is empty (`room-object.ts`).
 */
export class RoomDO extends RoomSender {
  // ---- RPC: assignment and resolve ---------------------------------------------------------------

  private transition(next: (s: RoomState) => RoomState | Refusal): Promise<RoomSummary> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      const result = next(this.state(r));
      if (isRefusal(result)) throw toProblem(result);
      const assigned = result.assigneeId !== r.assigneeId && result.assigneeId !== null;
      r.status = result.status;
      r.assigneeId = result.assigneeId;
      if (result.status === "resolved") r.resolvedAt = clock.now();
      const type = r.status === "resolved" ? "room.resolved" : assigned ? ("room.assigned" as const) : "room.updated";
      this.commit(() => {
        this.store.appendEvent("room.updated", null);
        return { result: null, record: r, events: [{ type }] };
      });
      this.announce(r);
      await this.settle();
      return this.store.summary(r);
    });
  }

  /**
   * Rule I3: a room opened to start a conversation whose template was refused (402, 422) holds
   * nothing; it is resolved at once, so the contact has no unresolved room and can be started again.
   * Returns false when the room holds a message (it stays as it is).
   */
  async closeEmpty(): Promise<boolean> {
    const r = this.store.record();
    if (!r || r.status === "resolved" || this.store.messageCount() > 0) return false;
    await this.transition((s) => ({ ...s, status: "resolved" }));
    return true;
  }

  /**
   * Rule I12: the automatic assignment of a new room, once: only while the room is unassigned and
   * holds a customer's message (a room a business opened, with a template or a broadcast, waits for
   * the customer's answer). The room's history says so, in the same commit. False when it no longer applies.
   */
  async autoAssign(assignee: { userId: string; name: string }): Promise<boolean> {
    const r = this.store.record();
    if (r?.status !== "unassigned" || r.assigneeId !== null || r.lastCustomerMessageAt === null) return false;
    r.status = "assigned";
    r.assigneeId = assignee.userId;
    const note = this.commit(() => {
      const m = this.store.insertMessage(
        noteOf(`Assigned to ${assignee.name} automatically`, null, AUTOMATIC_ASSIGNMENT_AUTHOR),
      );
      return { result: m, record: r, events: [{ type: "room.assigned" }, { type: "message.created", message: m }] };
    });
    this.emitMessage("message.created", note);
    this.announce(r);
    await this.settle();
    return true;
  }

  assign(author: Author, userId: string) {
    return this.transition((s) => assign(s, author, userId));
  }

  take(author: Author) {
    return this.transition((s) => take(s, author));
  }

  resolve(author: Author) {
    return this.transition((s) => resolve(s, author));
  }

  markRead(): Promise<RoomSummary> {
    return refusable(async () => {
      const r = this.store.requireRecord();
      if (r.unreadCount === 0) return this.store.summary(r);
      r.unreadCount = 0;
      this.commit(() => {
        return { result: null, record: r, events: [{ type: "room.updated" }] };
      });
      this.announce(r);
      await this.settle();
      return this.store.summary(r);
    });
  }

  /** Tells the inbox again how this room looks, after a change made outside it (a contact blocked). */
  async republish(): Promise<void> {
    this.listing = null;
    const r = this.store.record();
    if (!r) return;
    this.commit(() => ({ result: null, record: r, events: [{ type: "room.updated" as const }] }));
    this.announce(r);
    await this.settle();
  }

  // ---- RPC: reading ------------------------------------------------------------------------------

  async listMessages(q: { before?: number | undefined; after?: number | undefined; limit: number }) {
    return this.store.listMessages(q);
  }

  async getMessage(id: string): Promise<Message | null> {
    return this.store.messageWhere("id = ?", id);
  }

  // ---- the alarm: outbox retries and the window's end (I4) ------------------------------------------

  override async alarm() {
    try {
      await this.drainOutbox();
    } catch (err) {
      this.drainFailures++;
      log("warn", "room.outbox_retry", { roomId: this.store.record()?.roomId, error: errorForLog(err) });
      await this.armAlarm();
      return;
    }
    const r = this.store.record();
    const expiresAt = r && r.status !== "resolved" ? windowEndOf(r) : null;
    if (!r || expiresAt === null) return;
    if (expiresAt > clock.now()) {
      await this.ctx.storage.setAlarm(expiresAt);
      return;
    }
    if (await autoResolveEnabled(createDb(this.env.DB), r.organizationId)) await this.resolveExpired();
  }

  /** Resolves the room if its window has expired; used by the alarm and by "resolve all expired". */
  async resolveExpired(): Promise<boolean> {
    const r = this.store.record();
    if (!r || r.status === "resolved") return false;
    const expiresAt = windowEndOf(r);
    if (expiresAt === null || expiresAt > clock.now()) return false;
    await this.transition((s) => ({ ...s, status: "resolved" }));
    return true;
  }
}
