/**
 * Rule I3: a broadcast reaches the inbox. Each recipient whose message went out (it has Meta's id) is
 * told to its room through a `campaign.message` event, and told again with each later state
 * (delivered, read, failed); the `broadcast-rooms` listener opens the room when the contact has none
 * unresolved and keeps the message there. The object remembers the state it last told (`room_state`):
 * a tick cut off before that is written tells it again, under the same event id.
 */
import { roomStatusOf } from "../../domain/campaign";
import { filledBody } from "../../domain/template-send";
import { publishEvents } from "../../events/publish";
import type { DomainEvent } from "../../events/types";
import { paramsOf, type RecipientRow, type RecipientStore } from "./recipient-store";
import type { CampaignConfig } from "./types";

/**
 * At most this many recipients are told a tick (a second), the rest the next ones: each may open a
 * room (a new Durable Object) and brings about ten D1 writes with what follows it (contact, room,
 * claim, the inbox index, the event log, reports, search), and D1 has one writer that the sends'
 * charges and every inbox share.
 */
export const ROOM_MESSAGES_PER_TICK = 50;

/**
 * A state is told once it has stood this long (or at once when final): Meta's sent, delivered and read
 * often follow within a second or two, and one event then carries the latest.
 */
export const ROOM_STATE_SETTLE_MS = 3_000;

/**
 * While the campaign still sends, a tick tells at most this share of its per-second budget: each
 * room told may open a room (a new Durable Object) and writes the inbox's D1 rows, and the sends and
 * their charges come first; what is left is told once nothing is left to send.
 */
export const ROOM_SHARE_WHILE_SENDING = 0.25;

/** Publishes what is due; true while some recipient's room is still to be told something. */
export async function tellRooms(
  env: Env,
  store: RecipientStore,
  config: CampaignConfig,
  now: number,
  sendingBudget: number | null,
) {
  const whileSending = Math.max(1, Math.ceil((sendingBudget ?? 0) * ROOM_SHARE_WHILE_SENDING));
  const limit = sendingBudget === null ? ROOM_MESSAGES_PER_TICK : Math.min(ROOM_MESSAGES_PER_TICK, whileSending);
  const rows = store.roomDue(limit, now - ROOM_STATE_SETTLE_MS);
  if (rows.length > 0) {
    await publishEvents(
      env,
      rows.flatMap((r) => messageEventOf(config, r, now)),
    );
    store.roomTold(rows);
  }
  return store.roomPending();
}

function messageEventOf(config: CampaignConfig, r: RecipientRow, now: number): DomainEvent[] {
  const shown = roomStatusOf(r.state, r.reason);
  if (!shown || !r.wamid) return [];
  return [
    {
      type: "campaign.message",
      id: `${config.id}:${r.id}:${r.attempt}:${r.state}`,
      at: now,
      organizationId: config.organizationId,
      campaignId: config.id,
      campaignName: config.name ?? null,
      channelId: config.channelId,
      recipientId: r.id,
      phone: r.phone,
      providerMessageId: r.wamid,
      text: config.bodyText === undefined ? null : filledBody(config.bodyText, paramsOf(r).body),
      status: shown.status,
      error: shown.error,
      sentAt: r.claimed_at ?? r.updated_at,
    },
  ];
}
