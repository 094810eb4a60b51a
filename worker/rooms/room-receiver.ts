import type { InboundMessage, StatusUpdate } from "../channels/types";
import { nextStatus, type OutboundStatus } from "../domain/delivery";
import { extendWindow } from "../domain/window";
import { clock } from "../lib/clock";
import type { Listing } from "./room-drain";
import { billedDetails, changedOriginal, inboundMessageOf } from "./room-inbound";
import { RoomSockets } from "./room-sockets";
import { type RoomRecord, showIfLatest } from "./room-store";
import { refusable } from "./room-stub";
import type { InboundOutcome, MediaInfo, Message, RoomIdentity, RoomSummary } from "./types";

/**
 * A room's lifecycle and what comes in from the provider (rules I1, I2, I5, G6): opening, customer
 * messages (deduped by provider id), their edits and deletions, files attached later, and delivery
 * statuses. RoomDO (room-do.ts) extends it with sending, assignment and reading.
 */
export abstract class RoomReceiver extends RoomSockets {
  // ---- RPC: lifecycle ----------------------------------------------------------------------------

  /** Opens the room (idempotent): called once by whoever created its D1 row. */
  async open(identity: RoomIdentity, openedAt: number): Promise<RoomSummary> {
    const existing = this.store.record();
    if (existing) return this.store.summary(existing);
    const r = this.openNow(identity, openedAt);
    await this.settle();
    return this.store.summary(r);
  }

  protected openNow(identity: RoomIdentity, openedAt: number): RoomRecord {
    const r = newRecord(identity, openedAt);
    return this.commit(() => {
      this.store.appendEvent("room.opened", null);
      return { result: r, record: r, events: [{ type: "room.created" }] };
    });
  }

  getSummary(): Promise<RoomSummary> {
    return refusable(async () => this.store.summary(this.store.requireRecord()));
  }

  // ---- RPC: inbound ------------------------------------------------------------------------------

  /**
   * Stores a customer's message once (dedupe by provider message id, rule G6), extends the window
   * (I2) and fans it out (I5); answers once it is committed, and drains the outbox after. A resolved
   * room refuses: the caller opens a new room (I1).
   */
  async receiveInbound(identity: RoomIdentity, inbound: InboundMessage, listing?: Listing): Promise<InboundOutcome> {
    // What the inbox shows beside the room, as the caller just read it (saves the drain a D1 read).
    if (listing) this.listing ??= listing;
    // A customer's new room opens with their message, in one commit: its room.created shows the
    // message (rule I12: a room waiting for an agent).
    const opening = this.store.record() === null;
    const r = this.store.record() ?? newRecord(identity, inbound.sentAt);
    const duplicate = this.store.messageWhere("provider_message_id = ?", inbound.providerMessageId);
    if (duplicate) {
      // A repeat may follow an eviction before the outbox drained: drain it again (idempotent).
      this.kick();
      return { outcome: "duplicate", message: duplicate };
    }
    if (r.status === "resolved") {
      // Rule I1: the index must say resolved before the caller looks for the contact's open room
      // (written again: it may have been lost after the resolve was saved here).
      this.commit(() => ({ result: null, record: r, events: [{ type: "room.updated" as const }] }));
      await this.drainOutbox();
      return { outcome: "resolved" };
    }
    const changed = !opening && inbound.change ? this.applyChange(inbound) : null;
    if (changed) return { outcome: "stored", message: changed };
    // Rule I12: a room opened without a customer's message (a template, a broadcast) waits for an
    // agent from its customer's first answer, which automatic assignment learns from a room.updated.
    const answered = !opening && r.status === "unassigned" && r.lastCustomerMessageAt === null;
    const message = this.commit(() => {
      if (opening) this.store.appendEvent("room.opened", null);
      const m = this.store.insertMessage(this.inboundMessage(inbound));
      r.lastCustomerMessageAt = extendWindow(r.lastCustomerMessageAt, inbound.sentAt, clock.now());
      showIfLatest(r, inbound.sentAt, inbound.kind, inbound.text);
      // Issue 12: a reaction is shown on its message, it is not something new to read.
      if (inbound.kind !== "reaction") r.unreadCount += 1;
      if (inbound.contact.name) r.contactName = inbound.contact.name;
      const created = { type: "message.created" as const, message: m };
      const events = opening
        ? [{ type: "room.created" as const }, created]
        : answered
          ? [created, { type: "room.updated" as const }]
          : [created];
      return { result: m, record: r, events };
    });
    this.emitMessage("message.created", message);
    this.announce(r);
    this.kick();
    return { outcome: "stored", message };
  }

  protected inboundMessage(inbound: InboundMessage): Omit<Message, "seq" | "createdAt"> {
    return inboundMessageOf(inbound, (providerId) =>
      providerId ? (this.store.messageWhere("provider_message_id = ?", providerId)?.id ?? null) : null,
    );
  }

  /**
   * Issue 12: the customer edited or deleted an earlier message of this room. The original is updated
   * without a new bubble or an unread count. Null when the original is not in this room: the caller
   * stores the change as a message of its own, so nothing is lost.
   */
  private applyChange(inbound: InboundMessage): Message | null {
    const change = inbound.change;
    if (!change) return null;
    const original = this.store.messageWhere("provider_message_id = ? AND direction = 'in'", change.targetProviderId);
    if (!original) return null;
    return this.updateAndEmit(changedOriginal(original, change, this.inboundMessage(inbound)));
  }

  /** The provider file of an inbound message is now in R2. */
  async attachMedia(messageId: string, media: { key: string; mimeType: string | null; size: number }) {
    const m = this.store.messageWhere("id = ?", messageId);
    if (!m?.media || m.media.key === media.key) return;
    this.updateAndEmit({ ...m, media: { ...m.media, ...media } as MediaInfo });
  }

  /** Delivery statuses move forward only (G6); returns false when the message is not in this room. */
  async applyStatus(update: StatusUpdate): Promise<boolean> {
    const m = this.store.messageWhere("provider_message_id = ? AND direction = 'out'", update.providerMessageId);
    if (!m) return false;
    const next = nextStatus(m.status as OutboundStatus, update.status);
    // Issue 12: what Meta will bill (conversation, pricing) is kept, from any status that says it.
    const details = billedDetails(m, update);
    if (!next && !details) return true;
    this.updateAndEmit({
      ...m,
      status: next ?? m.status,
      error: next === "failed" ? update.error : m.error,
      details: details ?? m.details,
    });
    return true;
  }

  /** Commits a message's new state with its `message.updated` event, tells the sockets, drains after. */
  updateAndEmit(message: Message): Message {
    const record = this.store.requireRecord();
    const updated = this.commit(() => {
      const m = this.store.updateMessage(message);
      return { result: m, record, events: [{ type: "message.updated", message: m }] };
    });
    this.emitMessage("message.updated", updated);
    this.kick();
    return updated;
  }
}

/** A room as it opens: unassigned, nothing said yet. */
function newRecord(identity: RoomIdentity, openedAt: number): RoomRecord {
  return {
    ...identity,
    status: "unassigned",
    assigneeId: null,
    lastMessagePreview: null,
    lastMessageAt: openedAt,
    lastCustomerMessageAt: null,
    unreadCount: 0,
    openedAt,
    resolvedAt: null,
    version: 0,
  };
}
