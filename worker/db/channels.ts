/**
 * The channels repository: every read and write of `channels` goes through here. A webhook's
 * lookup by (kind, provider key) is cached in the isolate for a minute; every write through this
 * module clears the cache, so a rotated app secret is used by the very next webhook.
 */
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { ChannelConfigs, ChannelKind } from "../channels/types";
import { clock } from "../lib/clock";
import type { Db } from "./client";
import { channels, organizationSettings } from "./schema";

export type Channel = typeof channels.$inferSelect;
export type NewChannel = Omit<typeof channels.$inferInsert, "id" | "updatedAt" | "createdAt">;
export type ChannelChange = Partial<Pick<Channel, "name" | "providerKey" | "config" | "connected">>;

const CACHE_TTL_MS = 60_000;
const cache = new Map<string, { channel: Channel; until: number }>();
const cacheKey = (kind: ChannelKind, providerKey: string) => `${kind}\u0000${providerKey}`;

/** Forgets every cached channel of this isolate (called by every write below). */
export function invalidateChannelCache(): void {
  cache.clear();
}

/** A field of a channel's JSON config, for a WHERE clause (e.g. WhatsApp's `wabaId`). */
export function configField(field: string): SQL<string> {
  return sql<string>`json_extract(${channels.config}, ${`$.${field}`})`;
}

export async function channelById(db: Db, id: string) {
  return db.query.channels.findFirst({ where: eq(channels.id, id) });
}

export async function channelOf(db: Db, organizationId: string, id: string) {
  return db.query.channels.findFirst({ where: and(eq(channels.id, id), eq(channels.organizationId, organizationId)) });
}

export async function channelsOf(db: Db, organizationId: string): Promise<Channel[]> {
  return db
    .select()
    .from(channels)
    .where(eq(channels.organizationId, organizationId))
    .orderBy(desc(channels.createdAt));
}

/** The channels a webhook names, by the provider's keys (cached in the isolate, see above). */
export async function channelsByProviderKeys(db: Db, kind: ChannelKind, keys: string[]): Promise<Channel[]> {
  const now = clock.now();
  const found: Channel[] = [];
  const missing: string[] = [];
  for (const key of keys) {
    const hit = cache.get(cacheKey(kind, key));
    if (hit && hit.until > now) found.push(hit.channel);
    else missing.push(key);
  }
  if (missing.length === 0) return found;
  const rows = await db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, kind), inArray(channels.providerKey, missing)));
  for (const row of rows) cache.set(cacheKey(kind, row.providerKey), { channel: row, until: now + CACHE_TTL_MS });
  return [...found, ...rows];
}

/** The channels of a kind whose config `field` is one of `values` (WhatsApp: by verify token, by WABA). */
export async function channelsByConfig<K extends ChannelKind>(
  db: Db,
  kind: K,
  field: keyof ChannelConfigs[K] & string,
  values: string[],
): Promise<Channel[]> {
  if (values.length === 0) return [];
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, kind), inArray(configField(field), values)));
}

/** Null when another channel of the kind already has the provider key. */
export async function insertChannel(db: Db, values: NewChannel): Promise<Channel | null> {
  invalidateChannelCache();
  const [row] = await db
    .insert(channels)
    .values({ id: crypto.randomUUID(), ...values, updatedAt: clock.now() })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The insert of a channel with a known id, for a batch (the demo seed); a taken id or key is left as it is. */
export function insertChannelQuery(db: Db, values: NewChannel & { id: string }, now: number) {
  invalidateChannelCache();
  return db
    .insert(channels)
    .values({ ...values, updatedAt: now })
    .onConflictDoNothing();
}

/** Null when the organization has no such channel; throws a UNIQUE violation for a taken provider key. */
export async function updateChannel(
  db: Db,
  organizationId: string,
  id: string,
  change: ChannelChange,
): Promise<Channel | null> {
  invalidateChannelCache();
  const [row] = await db
    .update(channels)
    .set({ ...change, updatedAt: clock.now() })
    .where(and(eq(channels.id, id), eq(channels.organizationId, organizationId)))
    .returning();
  return row ?? null;
}

export async function autoResolveEnabled(db: Db, organizationId: string): Promise<boolean> {
  const row = await db.query.organizationSettings.findFirst({
    where: eq(organizationSettings.organizationId, organizationId),
  });
  return row?.autoResolveExpired ?? false;
}
