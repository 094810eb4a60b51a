/**
 * Call signalling from a verified provider webhook (rule C11): each call event goes to its call's
 * Durable Object, an inbound connect with what routing needs (C5); each permission reply (C3)
 * changes the contact's permission and tells the inbox.
 */

import { callObjectName } from "../../calls/call-record";
import type { CallEvent, CallPermissionReply } from "../../channels/types";
import type { Channel } from "../../db/channels";
import type { Db } from "../../db/client";
import { clock } from "../../lib/clock";
import { errorForLog, log } from "../../lib/log";
import { unresolvedRoom, upsertContact } from "../../rooms/routing";
import { applyPermissionReply, permissionView } from "./permissions";
import { callingOf } from "./settings-repo";

type Parsed = { calls?: CallEvent[]; callPermissionReplies?: CallPermissionReply[] };

/** Returns how many call events and replies were taken in. */
export async function deliverCallSignals(env: Env, db: Db, byKey: Map<string, Channel>, parsed: Parsed) {
  let taken = 0;
  for (const event of parsed.calls ?? []) {
    const channel = byKey.get(event.channelKey);
    if (!channel) continue;
    try {
      await deliverCallEvent(env, db, channel, event);
      taken++;
    } catch (err) {
      // The provider retries a failed webhook; the call object dedupes what it saw.
      log("error", "call.event_failed", {
        channelId: channel.id,
        providerCallId: event.providerCallId,
        error: errorForLog(err),
      });
      throw err;
    }
  }
  for (const reply of parsed.callPermissionReplies ?? []) {
    const channel = byKey.get(reply.channelKey);
    if (!channel) continue;
    await deliverPermissionReply(env, db, channel, reply);
    taken++;
  }
  return taken;
}

async function deliverCallEvent(env: Env, db: Db, channel: Channel, event: CallEvent) {
  const stub = env.CALL.getByName(callObjectName(channel.id, event.providerCallId));
  const { event: kind, at, sdp, durationSeconds, errorCode } = event;
  const isInboundConnect = kind === "connect" && event.direction !== "outbound" && sdp?.type === "offer";
  if (!isInboundConnect) {
    await stub.provider({ event: kind, at, sdp, durationSeconds, errorCode });
    return;
  }
  const contact = await upsertContact(db, channel.organizationId, event.contact.externalId, event.contact.name);
  const [room, settings] = await Promise.all([unresolvedRoom(db, channel.id, contact.id), callingOf(db, channel.id)]);
  await stub.inbound({
    organizationId: channel.organizationId,
    channelId: channel.id,
    providerCallId: event.providerCallId,
    contactId: contact.id,
    contactName: contact.name,
    contactExternalId: contact.externalId,
    roomId: room?.id ?? null,
    assigneeId: room?.assigneeId ?? null,
    inboundEnabled: settings.inbound,
    blocked: contact.blockedAt !== null,
    at,
    sdp: sdp.sdp,
  });
}

async function deliverPermissionReply(env: Env, db: Db, channel: Channel, reply: CallPermissionReply) {
  const now = clock.now();
  const contact = await upsertContact(db, channel.organizationId, reply.contact.externalId, reply.contact.name);
  await applyPermissionReply(db, channel, contact.id, reply, now);
  const room = await unresolvedRoom(db, channel.id, contact.id);
  if (!room) return;
  const permission = await permissionView(
    db,
    {
      roomId: room.id,
      organizationId: channel.organizationId,
      channelId: channel.id,
      contactId: contact.id,
      contactExternalId: contact.externalId,
    },
    now,
  );
  const inbox = env.INBOX.getByName(channel.organizationId);
  await inbox.notify(await inbox.online(), { type: "call.permission", permission });
}
