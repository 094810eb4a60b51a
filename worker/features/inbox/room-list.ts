import { and, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import { union } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { organizationById } from "../../db/identity";
import { roomColumns, toView } from "../../db/rooms";
import { channels, contacts, rooms } from "../../db/schema";
import { roomLabels, roomSnoozes } from "../../db/schema-labels";
import { searchDocuments } from "../../db/schema-search";
import type { Actor } from "../../domain/actor";
import { policyOf } from "../../domain/channel-policy";
import { startOfDay } from "../../domain/reports";
import { CHANNEL_KINDS } from "../../domain/types";
import { clock } from "../../lib/clock";
import { decodeCursor, encodeCursor, isKeyAndId } from "../../lib/cursor";
import { matchExpression } from "../search/documents";
import { decorateRooms } from "./room-marks";

/** Channel kinds whose rooms have no reply window: free replies at any time (I2 per kind). */
const ALWAYS_OPEN = CHANNEL_KINDS.filter((kind) => policyOf(kind).replyWindowMs === null);

export type InboxView = "mine" | "unassigned" | "resolved" | "all" | "snoozed";

export interface RoomListQuery {
  view: InboxView;
  q?: string | undefined;
  label?: string | undefined;
  agent?: string | undefined;
  channel?: string | undefined;
  channelKind?: string | undefined;
  window?: "open" | "closed" | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const DAY_MS = 86_400_000;

/**
 * The inbox list (rules I1-I6, I11), newest activity first, with a keyset cursor. A tab (`view`) picks
 * whose rooms; the filters narrow it; a search (`q`) looks through every tab the actor may see and
 * the message history, through the FTS5 index (issue 17): the matching rooms are found in the index
 * first and only they are read, so a search that matches nothing costs an index lookup, whatever the
 * number of rooms. A snoozed room is out of every tab but `snoozed` until its time (or a customer message).
 */
export async function listRooms(db: Db, actor: Actor, query: RoomListQuery) {
  const now = clock.now();
  const filters = [eq(rooms.organizationId, actor.organizationId), ...(await filtersOf(db, actor, query, now))];
  const cursor = decodeCursor(query.cursor, isKeyAndId);
  if (cursor) {
    const [at, id] = cursor;
    filters.push(or(lt(rooms.lastMessageAt, at), and(eq(rooms.lastMessageAt, at), lt(rooms.id, id))));
  }
  const match = query.q ? matchExpression(actor.organizationId, query.q) : null;
  const rows = match
    ? await searchRooms(db, actor.organizationId, query.q ?? "", match, and(...filters), query.limit + 1)
    : await db
        .select(roomColumns)
        .from(rooms)
        .innerJoin(contacts, eq(contacts.id, rooms.contactId))
        .innerJoin(channels, eq(channels.id, rooms.channelId))
        .where(and(...filters))
        .orderBy(desc(rooms.lastMessageAt), desc(rooms.id))
        .limit(query.limit + 1);
  const page = rows.slice(0, query.limit).map(toView);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor([last.lastMessageAt, last.id]) : null;
  return { rooms: await decorateRooms(db, actor, page, now), nextCursor };
}

/**
 * The rooms whose documents match, read from the matches outwards: CROSS JOIN keeps SQLite from
 * walking the tenant's rooms and probing the matches instead. A number (or its start) also finds the
 * contact by the contacts' index at once, before the search index has caught up with a new room.
 */
function searchRooms(db: Db, organizationId: string, q: string, match: string, where: SQL | undefined, limit: number) {
  const hitRoomId = (column: SQL | typeof rooms.id | typeof searchDocuments.roomId) =>
    sql<string>`${column}`.as("hit_room_id");
  const byWords = db
    .selectDistinct({ roomId: hitRoomId(searchDocuments.roomId) })
    .from(searchDocuments)
    .where(sql`${searchDocuments.id} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${match})`);
  const prefixes = numberPrefixes(q);
  const byNumber = prefixes.length
    ? db
        .select({ roomId: hitRoomId(rooms.id) })
        .from(contacts)
        .innerJoin(rooms, eq(rooms.contactId, contacts.id))
        .where(
          and(
            eq(contacts.organizationId, organizationId),
            inArray(contacts.kind, [...CHANNEL_KINDS]),
            or(...prefixes.map((p) => and(gte(contacts.externalId, p), lt(contacts.externalId, `${p}:`)))),
          ),
        )
    : null;
  const hits = db.$with("hits").as(byNumber ? union(byWords, byNumber) : byWords);
  return db
    .with(hits)
    .select(roomColumns)
    .from(hits)
    .crossJoin(rooms)
    .innerJoin(contacts, eq(contacts.id, rooms.contactId))
    .innerJoin(channels, eq(channels.id, rooms.channelId))
    .where(and(eq(rooms.id, hits.roomId), where))
    .orderBy(desc(rooms.lastMessageAt), desc(rooms.id))
    .limit(limit);
}

/** A search that is a phone number or its start (+62 812-3…, 0812…): the stored forms it begins. */
function numberPrefixes(q: string): string[] {
  const digits = q.replace(/[\s+()-]/g, "");
  if (!/^\d{4,20}$/.test(digits)) return [];
  return digits.startsWith("0") ? [digits, `62${digits.slice(1)}`] : [digits];
}

async function filtersOf(db: Db, actor: Actor, query: RoomListQuery, now: number): Promise<(SQL | undefined)[]> {
  const userId = actor.kind === "api_key" ? "" : (actor.identityId ?? "");
  const supervises = actor.role !== "agent";
  const filters: (SQL | undefined)[] = [];
  if (query.q) {
    // Every tab the actor may see: a supervisor every room, an agent theirs and the unassigned ones.
    if (!supervises) filters.push(or(eq(rooms.assigneeId, userId), eq(rooms.status, "unassigned")));
  } else {
    filters.push(...viewFilters(query.view, userId, supervises, actor.organizationId, now));
  }
  if (query.label) {
    filters.push(
      inArray(
        rooms.id,
        db.select({ id: roomLabels.roomId }).from(roomLabels).where(eq(roomLabels.labelId, query.label)),
      ),
    );
  }
  if (query.agent) filters.push(query.agent === "none" ? isNull(rooms.assigneeId) : eq(rooms.assigneeId, query.agent));
  if (query.channel) filters.push(eq(rooms.channelId, query.channel));
  if (query.channelKind)
    filters.push(eq(channels.kind, query.channelKind as (typeof channels.kind.enumValues)[number]));
  // Rule I11 with I2: a room of a kind without a reply window (Telegram, LINE, email, webchat) is always open.
  if (query.window === "open") filters.push(or(inArray(channels.kind, ALWAYS_OPEN), gt(rooms.windowExpiresAt, now)));
  if (query.window === "closed") {
    filters.push(
      and(notInArray(channels.kind, ALWAYS_OPEN), or(isNull(rooms.windowExpiresAt), lte(rooms.windowExpiresAt, now))),
    );
  }
  if (query.from || query.to) {
    const timeZone = (await organizationById(db, actor.organizationId))?.timeZone ?? "UTC";
    if (query.from) filters.push(sql`${rooms.lastMessageAt} >= ${startOfDay(timeZone, query.from)}`);
    if (query.to) filters.push(lt(rooms.lastMessageAt, startOfDay(timeZone, query.to) + DAY_MS));
  }
  return filters;
}

function viewFilters(view: InboxView, userId: string, supervises: boolean, organizationId: string, now: number) {
  const snoozed = snoozedNow(organizationId, now);
  switch (view) {
    case "mine":
      return [eq(rooms.assigneeId, userId), ne(rooms.status, "resolved"), sql`${rooms.id} NOT IN ${snoozed}`];
    case "unassigned":
      return [eq(rooms.status, "unassigned"), sql`${rooms.id} NOT IN ${snoozed}`];
    case "resolved":
      return [eq(rooms.status, "resolved"), supervises ? undefined : eq(rooms.assigneeId, userId)];
    case "snoozed":
      return [
        sql`${rooms.id} IN ${snoozed}`,
        supervises ? undefined : or(eq(rooms.assigneeId, userId), eq(rooms.status, "unassigned")),
      ];
    default:
      return [sql`${rooms.id} NOT IN ${snoozed}`];
  }
}

/** The tenant's rooms snoozed at `now` (a subquery). */
function snoozedNow(organizationId: string, now: number): SQL {
  return sql`(SELECT ${roomSnoozes.roomId} FROM ${roomSnoozes} WHERE ${roomSnoozes.organizationId} = ${organizationId} AND ${roomSnoozes.until} > ${now})`;
}
