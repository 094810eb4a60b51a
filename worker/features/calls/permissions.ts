/**
 * Call permissions (rules C2-C4) as the room shows them, and the permission request an agent sends.
 */
import type { ChannelAccount } from "../../channels/config";
import type { Db } from "../../db/client";
import {
  currentPermission,
  nextRequestAllowedAt,
  permissionFromReply,
  REQUEST_LIMITS,
  WARN_AFTER_UNANSWERED,
} from "../../domain/call-permission";
import type { CallPermissionView } from "../../schemas/calls";
import { openConversations } from "../billing/conversations-repo";
import { changePermission, closePendingRequests, permissionOf, requestsSince } from "./permissions-repo";

const LONGEST_LIMIT_MS = Math.max(...REQUEST_LIMITS.map((l) => l.windowMs));

/** The room whose call permission is shown: its channel and its customer (by contact and by number). */
export interface PermissionRoom {
  roomId: string;
  organizationId: string;
  channelId: string;
  contactId: string;
  contactExternalId: string;
}

export async function permissionView(db: Db, room: PermissionRoom, now: number): Promise<CallPermissionView> {
  const { roomId, channelId, contactId } = room;
  const [row, requests, conversations] = await Promise.all([
    permissionOf(db, channelId, contactId),
    requestsSince(db, channelId, contactId, now - LONGEST_LIMIT_MS),
    openConversations(db, {
      ownId: "",
      organizationId: room.organizationId,
      channelId,
      contactId,
      externalId: room.contactExternalId,
      now,
    }),
  ]);
  const lastPending = requests.find((r) => r.state === "pending")?.sentAt ?? null;
  const record = { state: row?.state ?? "none", expiresAt: row?.expiresAt ?? null };
  const state = currentPermission(record, lastPending, now);
  const unanswered = row?.unansweredInARow ?? 0;
  const conversationUntil = conversations.reduce<number | null>((end, c) => Math.max(end ?? 0, c.expiresAt), null);
  return {
    roomId,
    state,
    expiresAt: state === "temporary" ? record.expiresAt : null,
    nextRequestAt: nextRequestAllowedAt(
      requests.map((r) => r.sentAt),
      row?.lastConnectedAt ?? null,
      now,
    ),
    unansweredInARow: unanswered,
    warning: unanswered >= WARN_AFTER_UNANSWERED,
    conversationOpenUntil: conversationUntil,
  };
}

/**
 * Rule C3: the customer's answer. A later answer replaces an earlier one (the customer may change
 * it); an approval ends every pending request ("a newer request is approved").
 */
export async function applyPermissionReply(
  db: Db,
  channel: Pick<ChannelAccount, "id" | "organizationId">,
  contactId: string,
  reply: { accepted: boolean; permanent: boolean; expiresAt: number | null; at: number },
  now: number,
) {
  const next = permissionFromReply(reply, reply.at);
  const key = { organizationId: channel.organizationId, channelId: channel.id, contactId };
  await changePermission(db, key, { ...next, answeredAt: reply.at, unansweredInARow: 0 }, now);
  await closePendingRequests(db, channel.id, contactId, "answered");
}
