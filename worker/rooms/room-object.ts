import type { RoomEventType } from "../events/types";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { LiveObject } from "../objects/live-object";
import { messageView } from "./message-view";
import { deliverOutbox, type Listing, readListing } from "./room-drain";
import { RoomOutbox } from "./room-outbox";
import { type RoomRecord, RoomStore, windowEndOf } from "./room-store";
import { VISITOR_TAG, visitorEvent } from "./room-visitors";
import type { Message } from "./types";

/** The alarm that retries an outbox the room could not drain right after a change. */
const DRAIN_RETRY_MS = 2_000;
const DRAIN_BATCH = 50;

/** An event as a change states it; the room adds its ids, the time and itself as of the change. */
export type EventSpec = { type: "message.created" | "message.updated"; message: Message } | { type: RoomEventType };

/** A change to commit: what it returns, the room record after it, and the events announcing it. */
export interface Change<T> {
  result: T;
  record: RoomRecord;
  events: EventSpec[];
}

/**
 * The storage half of a room: its SQLite (record, messages, seq log), its outbox and the drain.
 * It is the single writer of its state: a change and its events are committed together, the caller
 * answers, and then the outbox is delivered (`room-drain.ts`), retried by the alarm until empty.
 */
export abstract class RoomObject extends LiveObject {
  readonly store: RoomStore;
  readonly outbox: RoomOutbox;
  protected listing: Listing | null = null;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  protected drainFailures = 0;
  private billingTurn: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStore(ctx.storage.sql);
    this.outbox = new RoomOutbox(ctx.storage.sql);
  }

  /**
   * Runs `change` and records its events in one SQLite transaction, and arms the alarm that drains
   * them should this object be evicted before it does so itself. Returns what `change` returned.
   */
  commit<T>(change: () => Change<T>): T {
    let result: T;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const done = change();
        // Rule I5: every change makes a newer version of the room, which its events carry.
        done.record.version = (this.store.storedVersion() ?? done.record.version) + 1;
        // The change's record is saved here, once, for every change.
        this.store.saveRecord(done.record);
        const room = this.store.summary(done.record);
        const { organizationId, roomId } = done.record;
        for (const spec of done.events) {
          this.outbox.record(
            "message" in spec ? { ...spec, organizationId, roomId } : { type: spec.type, organizationId, roomId, room },
            room,
          );
        }
        return done.result;
      });
    } catch (err) {
      // SQLite rolled the change back: what the store and the outbox keep in memory goes with it.
      this.store.forget();
      this.outbox.forget();
      throw err;
    }
    void this.ctx.storage.setAlarm(clock.now() + DRAIN_RETRY_MS);
    return result;
  }

  /** Delivers the outbox now; one drain at a time, and one asked for while another runs runs again after it. */
  drainOutbox(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainLoop() {
    do {
      this.drainAgain = false;
      while (this.outbox.size() > 0) {
        const rows = this.outbox.pending(DRAIN_BATCH);
        const last = rows.at(-1);
        if (!last) break;
        this.listing ??= await readListing(this.env, last.room);
        await deliverOutbox(this.env, rows, this.listing);
        this.outbox.delivered(rows);
      }
    } while (this.drainAgain);
    this.drainFailures = 0;
  }

  /** Drains, then sets the next alarm; a failure is left to the alarm. Awaited where callers read the index next. */
  protected async settle(): Promise<void> {
    try {
      await this.drainOutbox();
    } catch (err) {
      this.drainFailures++;
      log("warn", "room.outbox_retry", { roomId: this.store.record()?.roomId, error: errorForLog(err) });
    }
    await this.armAlarm();
  }

  /** After answering: drain without holding the caller. */
  protected kick(): void {
    void this.settle();
  }

  /** The next alarm: soon while the outbox holds events, else the window's end (I4), else none. */
  protected async armAlarm(): Promise<void> {
    if (this.outbox.size() > 0) {
      const backoff = Math.min(60_000, DRAIN_RETRY_MS * 2 ** Math.min(this.drainFailures, 5));
      return this.ctx.storage.setAlarm(clock.now() + backoff);
    }
    const r = this.store.record();
    const expiresAt = r && r.status !== "resolved" ? windowEndOf(r) : null;
    if (expiresAt !== null) return this.ctx.storage.setAlarm(expiresAt);
    return this.ctx.storage.deleteAlarm();
  }

  /** Sends the room's sockets the room as it is now (I5). */
  announce(r: RoomRecord): void {
    if (!this.hasSockets()) return;
    const summary = this.store.summary(r);
    this.broadcast({ type: "room.updated", seq: summary.lastSeq, room: summary });
  }

  /**
   * Sends a message's change to the sockets, stamped with the seq of its own latest event, and with the
   * message as stored now. When other events were appended since its change, the change is logged
   * again as a new event first: a socket that resumes with `after=<any seq it saw>` then always gets
   * the latest state of the message, and sockets see seqs strictly increase (rules I5, G6).
   */
  emitMessage(type: "message.created" | "message.updated", message: Message): void {
    // Nobody to tell: a socket that opens later reads the log from its `after` seq.
    if (!this.hasSockets()) return;
    const current = this.store.messageWhere("id = ?", message.id) ?? message;
    const own = this.store.lastSeqOf(message.id);
    const seq =
      own !== null && own === this.store.lastSeq() ? own : this.store.appendEvent("message.updated", message.id);
    this.broadcast({ type, seq, message: messageView(this.store.requireRecord().roomId, current) });
    this.tellVisitors(seq, current);
  }

  /** Rule G2: the website visitor hears the conversation's messages, never notes (`room-visitors.ts`). */
  private tellVisitors(seq: number, message: Message): void {
    const visitors = this.ctx.getWebSockets(VISITOR_TAG);
    const event = visitors.length > 0 ? visitorEvent(seq, message) : null;
    if (!event) return;
    const text = JSON.stringify(event);
    for (const ws of visitors) {
      try {
        ws.send(text);
      } catch {
        // closing: the widget resumes after its last seq when it reconnects
      }
    }
  }

  private hasSockets(): boolean {
    return this.ctx.getWebSockets().length > 0;
  }

  /** Drains before a send goes out, so the index is current when the provider is called; throws when it cannot (B7). */
  drainBeforeSend(): Promise<void> {
    return this.drainOutbox();
  }

  /** Runs `work` after every earlier call has finished (an in-memory queue: charges stay ordered). */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.billingTurn.then(work, work);
    this.billingTurn = run.catch(() => undefined);
    return run;
  }
}
