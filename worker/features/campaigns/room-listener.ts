/**
 * Rule I3: a broadcast opens a room. The `broadcast-rooms` listener keeps each `campaign.message` in
 * the recipient's unresolved room on the campaign's channel, opening one when there is none (the
 * contact is created on first sight), and moves the message's status forward as the campaign tells
 * it. Once by Meta's message id (G6): a message's room is claimed in `provider_messages` before the
 * message is kept there, and the first claim wins, so concurrent batches, a re-delivered event or one
 * told after its room was resolved all find the one room that holds it (a claimed room resolved
 * before it held the message passes the claim on to the contact's next room). A blocked contact gets
 * no room (I6). A batch's new messages take four D1 round trips in all, then one call per message.
 */
import { channelById } from "../../db/channels";
import { createDb, type Db } from "../../db/client";
import { moveOutbound, recordOutbounds, roomsWithContactsOf } from "../../db/provider-messages";
import type { Listener } from "../../events/listeners";
import type { DomainEvent, EventOf } from "../../events/types";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import type { BroadcastMessage } from "../../rooms/room-broadcast";
import { roomStub } from "../../rooms/room-stub";
import { identityOf, openRoomFor, openRoomsFor, upsertContacts } from "../../rooms/routing";

type CampaignMessage = EventOf<"campaign.message">;
type Contact = Awaited<ReturnType<typeof upsertContacts>>[number];
type Room = Awaited<ReturnType<typeof openRoomsFor>>[number];
/** The room a message is claimed for, and its contact. */
type Place = { room: Room; contact: Contact };

/** Rooms worked on at once in a batch; one message's states go one after another. */
const LANES = 8;

const keyOf = (m: { organizationId: string; providerMessageId: string }) =>
  `${m.organizationId}/${m.providerMessageId}`;

export const broadcastRooms: Listener = {
  name: "broadcast-rooms",
  wants: (e) => e.type === "campaign.message",
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const byMessage = new Map<string, CampaignMessage[]>();
    for (const m of events as CampaignMessage[]) byMessage.set(keyOf(m), [...(byMessage.get(keyOf(m)) ?? []), m]);
    const firsts = [...byMessage.values()].map((list) => list[0] as CampaignMessage);
    const places = await claimedPlaces(db, firsts);
    const unclaimed = firsts.filter((m) => !places.has(keyOf(m)));
    if (unclaimed.length > 0) {
      await claim(db, unclaimed);
      for (const [key, place] of await claimedPlaces(db, unclaimed)) places.set(key, place);
    }
    // A message that could not be kept now comes back to this listener alone; the others go on.
    const retry: DomainEvent[] = [];
    const lanes = [...byMessage];
    const work = async () => {
      for (let next = lanes.shift(); next; next = lanes.shift()) {
        const [key, list] = next;
        let place = places.get(key);
        for (const [i, m] of list.entries()) {
          if (!place) break;
          try {
            place = await keepInRoom(env, db, m, place);
          } catch (err) {
            log("warn", "broadcast.room_retry", { providerMessageId: m.providerMessageId, error: errorForLog(err) });
            retry.push(...list.slice(i));
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, work));
    return retry.length > 0 ? { retry } : undefined;
  },
};

/** The rooms claimed for these messages (by this batch, an earlier one or a concurrent one), with contacts. */
async function claimedPlaces(db: Db, messages: CampaignMessage[]): Promise<Map<string, Place>> {
  const places = new Map<string, Place>();
  for (const organizationId of new Set(messages.map((m) => m.organizationId))) {
    const ids = messages.filter((m) => m.organizationId === organizationId).map((m) => m.providerMessageId);
    for (const [id, place] of await roomsWithContactsOf(db, organizationId, ids)) {
      places.set(keyOf({ organizationId, providerMessageId: id }), place);
    }
  }
  return places;
}

/** Claims each contact's open room (contacts created, rooms opened where needed) for its messages. */
async function claim(db: Db, messages: CampaignMessage[]): Promise<void> {
  const claims: { organizationId: string; providerMessageId: string; roomId: string }[] = [];
  for (const channelId of new Set(messages.map((m) => m.channelId))) {
    const channel = await channelById(db, channelId);
    // Only the channel's own organization: an event never reaches another tenant's inbox.
    const list = messages.filter((m) => m.channelId === channelId && m.organizationId === channel?.organizationId);
    if (!channel || list.length === 0) continue;
    const firstAt = new Map<string, number>();
    for (const m of list) firstAt.set(digitsOf(m), Math.min(firstAt.get(digitsOf(m)) ?? m.sentAt, m.sentAt));
    const contacts = (await upsertContacts(db, channel.organizationId, [...firstAt.keys()])).filter(
      (c) => !c.blockedAt,
    );
    const rooms = await openRoomsFor(
      db,
      channel,
      contacts.map((contact) => ({ contact, at: firstAt.get(contact.externalId) ?? clock.now() })),
    );
    const roomOf = new Map(contacts.map((c, i) => [c.externalId, rooms[i] as Room]));
    for (const m of list) {
      const room = roomOf.get(digitsOf(m));
      if (room)
        claims.push({ organizationId: m.organizationId, providerMessageId: m.providerMessageId, roomId: room.id });
    }
  }
  await recordOutbounds(db, claims);
}

const digitsOf = (m: CampaignMessage) => m.phone.replace(/^\+/, "");

/** Keeps the message in its claimed room, passing the claim on when that room was resolved before it held it. */
async function keepInRoom(env: Env, db: Db, m: CampaignMessage, place: Place): Promise<Place> {
  const broadcast: BroadcastMessage = {
    campaignId: m.campaignId,
    providerMessageId: m.providerMessageId,
    campaignName: m.campaignName,
    text: m.text,
    status: m.status,
    error: m.error,
    sentAt: m.sentAt,
  };
  let { room } = place;
  const { contact } = place;
  for (let attempt = 0; attempt < 4; attempt++) {
    if ((await roomStub(env, room.id).keepBroadcast(identityOf(room, contact), broadcast)) === "stored") {
      return { room, contact };
    }
    const channel = await channelById(db, room.channelId);
    if (!channel) return { room, contact };
    const next = await openRoomFor(db, channel, contact, m.sentAt);
    if (!(await moveOutbound(db, m.organizationId, m.providerMessageId, room.id, next.id))) {
      // Passed on by a concurrent batch meanwhile: its room it is.
      room = (await claimedPlaces(db, [m])).get(keyOf(m))?.room ?? next;
    } else room = next;
  }
  throw new Error("the contact's rooms kept answering resolved");
}
