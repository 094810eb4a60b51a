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

/** At most this many recipients are told a tick (a second); the rest the next ones. */
export const ROOM_MESSAGES_PER_TICK = 1_000;

/** Publishes what is due; true when more is due than one tick tells. */
export async function tellRooms(env: Env, store: RecipientStore, config: CampaignConfig, now: number) {
  const rows = store.roomDue(ROOM_MESSAGES_PER_TICK);
  if (rows.length === 0) return false;
  await publishEvents(
    env,
    rows.flatMap((r) => messageEventOf(config, r, now)),
  );
  store.roomTold(rows);
  return rows.length === ROOM_MESSAGES_PER_TICK;
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
