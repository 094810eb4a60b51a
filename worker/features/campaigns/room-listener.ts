/**
 * Rule I3: a broadcast opens a room. The `broadcast-rooms` listener keeps each `campaign.message` in
 * the recipient's unresolved room on the campaign's channel, opening one when there is none (the
 * contact is created on first sight), and moves the message's status forward as the campaign tells
 * it. Applied once by Meta's message id: the room keeps a message once, and its id is recorded for
 * the room (`provider_messages`), so a status told again, or an event delivered again after the room
 * was resolved, finds the room that holds it. A blocked contact gets no room (I6). A batch's new
 * messages take three D1 round trips in all (contacts, rooms, recorded ids), then one call per room.
 */
import { channelById } from "../../db/channels";
import { createDb, type Db } from "../../db/client";
import type { Listener } from "../../events/listeners";
import type { EventOf } from "../../events/types";
import { log } from "../../lib/log";
import type { BroadcastMessage } from "../../rooms/room-broadcast";
import { roomStub } from "../../rooms/room-stub";
import {
  identityOf,
  openRoomFor,
  openRoomsFor,
  recordOutbounds,
  roomsOfOutbound,
  upsertContacts,
} from "../../rooms/routing";

type CampaignMessage = EventOf<"campaign.message">;
type Channel = NonNullable<Awaited<ReturnType<typeof channelById>>>;
type Contact = Awaited<ReturnType<typeof upsertContacts>>[number];
type Room = Awaited<ReturnType<typeof openRoomsFor>>[number];
/** Where a message goes: the room recorded for it, or the contact's open room found for it now. */
type Place = { roomId: string } | { room: Room; contact: Contact; channel: Channel };

/** Rooms worked on at once in a batch; one message's states go one after another. */
const LANES = 8;

const keyOf = (m: CampaignMessage) => `${m.organizationId}/${m.providerMessageId}`;

export const broadcastRooms: Listener = {
  name: "broadcast-rooms",
  wants: (e) => e.type === "campaign.message",
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const byMessage = new Map<string, CampaignMessage[]>();
    for (const m of events as CampaignMessage[]) byMessage.set(keyOf(m), [...(byMessage.get(keyOf(m)) ?? []), m]);
    const firsts = [...byMessage.values()].map((list) => list[0] as CampaignMessage);
    const places = await knownRooms(db, firsts);
    for (const [key, place] of await placesForNew(
      db,
      firsts.filter((m) => !places.has(keyOf(m))),
    )) {
      places.set(key, place);
    }
    const recorded: { organizationId: string; providerMessageId: string; roomId: string }[] = [];
    const lanes = [...byMessage];
    const work = async () => {
      for (let next = lanes.shift(); next; next = lanes.shift()) {
        const [key, list] = next;
        let place = places.get(key);
        for (const m of list) {
          if (!place) break;
          const roomId = await keepInRoom(env, db, m, place);
          if (!("roomId" in place))
            recorded.push({ organizationId: m.organizationId, providerMessageId: m.providerMessageId, roomId });
          place = { roomId };
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, work));
    await recordOutbounds(db, recorded);
  },
};

/** The rooms recorded for messages kept before (a later state told, an event delivered again). */
async function knownRooms(db: Db, messages: CampaignMessage[]): Promise<Map<string, Place>> {
  const places = new Map<string, Place>();
  for (const organizationId of new Set(messages.map((m) => m.organizationId))) {
    const ids = messages.filter((m) => m.organizationId === organizationId).map((m) => m.providerMessageId);
    for (const [id, roomId] of await roomsOfOutbound(db, organizationId, ids)) {
      places.set(`${organizationId}/${id}`, { roomId });
    }
  }
  return places;
}

/** For messages new to the inbox: each contact (created on first sight) and its open room, per channel. */
async function placesForNew(db: Db, messages: CampaignMessage[]): Promise<Map<string, Place>> {
  const places = new Map<string, Place>();
  for (const channelId of new Set(messages.map((m) => m.channelId))) {
    const channel = await channelById(db, channelId);
    // Only the channel's own organization: an event never reaches another tenant's inbox.
    const list = messages.filter((m) => m.channelId === channelId && m.organizationId === channel?.organizationId);
    if (!channel || list.length === 0) continue;
    const numbers = [...new Set(list.map((m) => m.phone.replace(/^\+/, "")))];
    const contacts = await upsertContacts(db, channel.organizationId, numbers);
    const open = contacts.filter((c) => !c.blockedAt);
    const rooms = await openRoomsFor(db, channel, open, Math.min(...list.map((m) => m.sentAt)));
    const byNumber = new Map(open.map((contact, i) => [contact.externalId, { contact, room: rooms[i] as Room }]));
    for (const m of list) {
      const found = byNumber.get(m.phone.replace(/^\+/, ""));
      if (found) places.set(keyOf(m), { ...found, channel });
    }
  }
  return places;
}

/** Keeps the message in its place, in the contact's next room when that one was resolved meanwhile. */
async function keepInRoom(env: Env, db: Db, m: CampaignMessage, place: Place): Promise<string> {
  const broadcast: BroadcastMessage = {
    campaignId: m.campaignId,
    providerMessageId: m.providerMessageId,
    campaignName: m.campaignName,
    text: m.text,
    status: m.status,
    error: m.error,
    sentAt: m.sentAt,
  };
  if ("roomId" in place) {
    if ((await roomStub(env, place.roomId).keepBroadcast(null, broadcast)) !== "stored") {
      log("warn", "broadcast.room_missing", { roomId: place.roomId, providerMessageId: m.providerMessageId });
    }
    return place.roomId;
  }
  let room = place.room;
  for (let attempt = 0; attempt < 4; attempt++) {
    if ((await roomStub(env, room.id).keepBroadcast(identityOf(room, place.contact), broadcast)) === "stored") {
      return room.id;
    }
    room = await openRoomFor(db, place.channel, place.contact, m.sentAt);
  }
  throw new Error("the contact's room kept answering resolved");
}
