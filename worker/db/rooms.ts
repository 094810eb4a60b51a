import { and, desc, eq, inArray, isNotNull, isNull, like, lt, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../domain/actor";
import { checkTemplateForSend, type TemplateSendExtras } from "../domain/template-send";
import { Problem, problems } from "../lib/problem";
import type { Author, TemplateSend } from "../rooms/types";
import { chunksOf, type Db } from "./client";
import { identityById } from "./identity";
import { channels, contacts, rooms } from "./schema";
import { roomSnoozes } from "./schema-labels";
import { templates } from "./schema-templates";

export const roomColumns = {
  id: rooms.id,
  status: rooms.status,
  assigneeId: rooms.assigneeId,
  channelId: rooms.channelId,
  channelName: channels.name,
  channelKind: channels.kind,
  contactId: rooms.contactId,
  contactExternalId: contacts.externalId,
  contactName: contacts.name,
  contactBlockedAt: contacts.blockedAt,
  lastMessagePreview: rooms.lastMessagePreview,
  lastMessageAt: rooms.lastMessageAt,
  lastCustomerMessageAt: rooms.lastCustomerMessageAt,
  windowExpiresAt: rooms.windowExpiresAt,
  unreadCount: rooms.unreadCount,
  openedAt: rooms.openedAt,
  resolvedAt: rooms.resolvedAt,
  version: rooms.version,
};

export function toView(row: Awaited<ReturnType<typeof selectRooms>>[number]) {
  const { contactBlockedAt, ...rest } = row;
  return { ...rest, contactBlocked: contactBlockedAt !== null };
}
export type RoomView = ReturnType<typeof toView>;

/** Rooms with their channel and contact, newest activity first (ties by id). */
export function selectRooms(db: Db, where: SQL | undefined, limit: number) {
  return db
    .select(roomColumns)
    .from(rooms)
    .innerJoin(contacts, eq(contacts.id, rooms.contactId))
    .innerJoin(channels, eq(channels.id, rooms.channelId))
    .where(where)
    .orderBy(desc(rooms.lastMessageAt), desc(rooms.id))
    .limit(limit);
}

/** A room of the organization, or 404: another tenant's room does not exist for you. */
export async function roomView(db: Db, organizationId: string, roomId: string): Promise<RoomView> {
  const [row] = await selectRooms(db, and(eq(rooms.id, roomId), eq(rooms.organizationId, organizationId)), 1);
  if (!row) throw problems.notFound("room");
  return toView(row);
}

/** The author of an action: a person (with their name) or an API key. */
export async function authorOf(db: Db, actor: Actor): Promise<Author> {
  const userId = actor.kind === "api_key" ? null : actor.identityId;
  if (!userId) return { userId: null, name: "API", role: actor.role };
  const identity = await identityById(db, userId);
  return { userId, name: identity?.name ?? null, role: actor.role };
}

/** An approved template of the channel with its variables filled (I2, I3, T3). */
export async function templateToSend(
  db: Db,
  channelId: string,
  body: { templateName: string; language: string; variables: string[] } & TemplateSendExtras,
): Promise<TemplateSend> {
  const template = await db.query.templates.findFirst({
    where: and(
      eq(templates.channelId, channelId),
      eq(templates.name, body.templateName),
      eq(templates.language, body.language),
    ),
  });
  if (!template) throw problems.notFound("template with this name and language on the room's channel");
  const check = checkTemplateForSend(template, body.variables, body);
  if (!check.ok) throw new Problem(422, check.code, check.detail);
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    bodyText: check.bodyText,
    variables: body.variables,
    headerVariables: body.headerVariables,
    headerMediaId: body.headerMediaId,
    buttonVariables: body.buttonVariables,
  };
}

export async function contactOf(db: Db, organizationId: string, contactId: string) {
  const contact = await db.query.contacts.findFirst({
    where: and(eq(contacts.id, contactId), eq(contacts.organizationId, organizationId)),
  });
  if (!contact) throw problems.notFound("contact");
  return contact;
}

/** Contacts by name, number or email (a LIKE search), newest first, `limit + 1` rows to tell if more follow. */
export async function searchContacts(
  db: Db,
  organizationId: string,
  query: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const pattern = query.q ? `%${query.q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%` : null;
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.organizationId, organizationId),
        pattern
          ? or(
              sql`${contacts.name} LIKE ${pattern} ESCAPE '\\'`,
              like(contacts.externalId, pattern),
              sql`${contacts.email} LIKE ${pattern} ESCAPE '\\'`,
            )
          : undefined,
        query.cursor ? lt(contacts.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(contacts.id))
    .limit(query.limit + 1);
}

/** Rule I6: sets or clears the contact's block; answers the row as stored. */
export async function setContactBlocked(db: Db, contactId: string, blockedAt: number | null) {
  const [row] = await db.update(contacts).set({ blockedAt }).where(eq(contacts.id, contactId)).returning();
  return row;
}

/** An unresolved room of the contact on any channel, if there is one. */
export async function unresolvedRoomOfContact(db: Db, contactId: string) {
  return db.query.rooms.findFirst({
    where: and(eq(rooms.contactId, contactId), sql`${rooms.status} <> 'resolved'`),
  });
}

/** The ids of the contact's unresolved rooms on every channel. */
export async function unresolvedRoomIdsOfContact(db: Db, contactId: string): Promise<string[]> {
  const open = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(and(eq(rooms.contactId, contactId), sql`${rooms.status} <> 'resolved'`));
  return open.map((r) => r.id);
}

export type ContactRow = typeof contacts.$inferSelect;

/**
 * Rule G2: the latest room (open or resolved) of a website visitor on a widget channel, found by the
 * visitor's external id; null before the visitor's first message.
 */
export async function latestRoomOfVisitor(db: Db, channel: { id: string; organizationId: string }, externalId: string) {
  const [row] = await db
    .select({ id: rooms.id, status: rooms.status, assigneeId: rooms.assigneeId })
    .from(rooms)
    .innerJoin(contacts, eq(contacts.id, rooms.contactId))
    .where(
      and(
        eq(contacts.organizationId, channel.organizationId),
        eq(contacts.kind, "webchat"),
        eq(contacts.externalId, externalId),
        eq(rooms.channelId, channel.id),
      ),
    )
    .orderBy(desc(rooms.openedAt))
    .limit(1);
  return row ?? null;
}

/** Rule I12: each member's open load: assigned, unresolved rooms by assignee. */
export async function openRoomsByAssignee(db: Db, organizationId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ assigneeId: rooms.assigneeId, open: sql<number>`count(*)` })
    .from(rooms)
    .where(and(eq(rooms.organizationId, organizationId), eq(rooms.status, "assigned")))
    .groupBy(rooms.assigneeId);
  return new Map(rows.flatMap((r) => (r.assigneeId ? [[r.assigneeId, Number(r.open)] as const] : [])));
}

/**
 * Rule I12: the organization's oldest waiting rooms (unassigned, open, with a customer's message, not
 * snoozed at `now`), first opened first: what automatic assignment catches up on.
 */
export async function waitingRoomIds(db: Db, organizationId: string, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: rooms.id })
    .from(rooms)
    .where(
      and(
        eq(rooms.organizationId, organizationId),
        eq(rooms.status, "unassigned"),
        isNull(rooms.assigneeId),
        isNotNull(rooms.lastCustomerMessageAt),
        sql`${rooms.id} NOT IN (SELECT ${roomSnoozes.roomId} FROM ${roomSnoozes} WHERE ${roomSnoozes.organizationId} = ${organizationId} AND ${roomSnoozes.until} > ${now})`,
      ),
    )
    // Within one opening instant (the provider's timestamps are in seconds), the index's insertion order.
    .orderBy(rooms.openedAt, sql`${rooms}.rowid`)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Rule I12: how the index shows these rooms now (chunked: D1 binds at most 100 parameters). */
export async function roomStates(db: Db, organizationId: string, ids: string[]) {
  const found: { id: string; status: string; assigneeId: string | null }[] = [];
  for (const chunk of chunksOf(ids)) {
    found.push(
      ...(await db
        .select({ id: rooms.id, status: rooms.status, assigneeId: rooms.assigneeId })
        .from(rooms)
        .where(and(eq(rooms.organizationId, organizationId), inArray(rooms.id, chunk)))),
    );
  }
  return found;
}
