/**
 * Rule I3: a broadcast opens a room. The `broadcast-rooms` listener keeps each `campaign.message` in
 * the recipient's unresolved room on the campaign's channel, opening one when there is none (the
 * contact is created on first sight), and moves the message's status forward as the campaign tells
 * it. Applied once by Meta's message id: the room keeps a message once, and its id is recorded for
 * the room (`provider_messages`), so a status told again, or an event delivered again after the room
 * was resolved, finds the room that holds it. A blocked contact gets no room (I6).
 */
import { channelById } from "../../db/channels";
import { createDb, type Db } from "../../db/client";
import type { Listener } from "../../events/listeners";
import type { EventOf } from "../../events/types";
import { roomStub } from "../../rooms/room-stub";
import { identityOf, openRoomFor, recordOutbound, roomsOfOutbound, upsertContact } from "../../rooms/routing";

type CampaignMessage = EventOf<"campaign.message">;
type Channel = NonNullable<Awaited<ReturnType<typeof channelById>>>;

/** Rooms worked on at once in a batch; one message's states go one after another. */
const LANES = 8;

export const broadcastRooms: Listener = {
  name: "broadcast-rooms",
  wants: (e) => e.type === "campaign.message",
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const messages = events as CampaignMessage[];
    const byMessage = new Map<string, CampaignMessage[]>();
    for (const m of messages) {
      const key = `${m.organizationId}/${m.providerMessageId}`;
      byMessage.set(key, [...(byMessage.get(key) ?? []), m]);
    }
    const known = new Map<string, string>();
    for (const organizationId of new Set(messages.map((m) => m.organizationId))) {
      const ids = messages.filter((m) => m.organizationId === organizationId).map((m) => m.providerMessageId);
      for (const [id, roomId] of await roomsOfOutbound(db, organizationId, ids))
        known.set(`${organizationId}/${id}`, roomId);
    }
    const channels = new Map<string, Promise<Channel | undefined>>();
    const channelOf = (id: string) => channels.get(id) ?? channels.set(id, channelById(db, id)).get(id);
    const lanes = [...byMessage];
    const work = async () => {
      for (let next = lanes.shift(); next; next = lanes.shift()) {
        const [key, list] = next;
        let roomId = known.get(key) ?? null;
        for (const m of list) roomId = await keepInRoom(env, db, m, roomId, channelOf);
      }
    };
    await Promise.all(Array.from({ length: LANES }, work));
  },
};

async function keepInRoom(
  env: Env,
  db: Db,
  m: CampaignMessage,
  knownRoomId: string | null,
  channelOf: (id: string) => Promise<Channel | undefined> | undefined,
): Promise<string | null> {
  const broadcast = {
    campaignId: m.campaignId,
    providerMessageId: m.providerMessageId,
    campaignName: m.campaignName,
    text: m.text,
    status: m.status,
    error: m.error,
    sentAt: m.sentAt,
  };
  // A message kept before (told again with a later status) is in the room recorded for it.
  if (knownRoomId && (await roomStub(env, knownRoomId).keepBroadcast(null, broadcast)) === "stored") {
    return knownRoomId;
  }
  const channel = await channelOf(m.channelId);
  if (!channel || channel.organizationId !== m.organizationId) return null;
  const contact = await upsertContact(db, m.organizationId, m.phone.replace(/^\+/, ""), null);
  if (contact.blockedAt) return null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const room = await openRoomFor(db, channel, contact, m.sentAt);
    const outcome = await roomStub(env, room.id).keepBroadcast(identityOf(room, contact), broadcast);
    if (outcome === "stored") {
      await recordOutbound(db, m.organizationId, m.providerMessageId, room.id);
      return room.id;
    }
  }
  throw new Error("the contact's room kept answering resolved");
}
