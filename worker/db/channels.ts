/**
 * The channels repository: every read and write of `channels` goes through here. A webhook's
 * lookup by (kind, provider key) is cached in the isolate for a minute; every write through this
 * module clears the cache, so a rotated app secret is used by the very next webhook.
 *
 * Rule G7: a kind's secret config fields (`CHANNEL_SECRETS`) are sealed here on every write
 * (`lib/secret-box.ts`, bound to the channel id and field) and stored as `sealed:v1:...`; a
 * handshake's field also gets a lookup digest (`config.lookup`). Plain reads (`channelById`,
 * `channelOf`, `channelsOf`) hand out the sealed values; a caller about to use a secret opens the
 * channel with `openChannel` right before the provider call. The webhook lookups
 * (`channelsByProviderKeys`, `channelsByConfig`) answer opened channels, the first one cached with
 * its opened secrets for its minute. Rows written in plaintext before sealing (migration 0009) keep
 * working and are sealed by `sealChannelSecrets` (hourly cron), which also moves every value to the
 * key that seals now after a rotation.
 */
import { and, desc, eq, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import { CHANNEL_SECRETS, type ChannelConfig, type ChannelKind } from "../channels/config";
import { clock } from "../lib/clock";
import { currentSealPrefix, isSealed, lookupDigest, lookupDigests, openSecret, sealSecret } from "../lib/secret-box";
import { chunksOf, type Db } from "./client";
import { channels, organizationSettings } from "./schema";

export type Channel = typeof channels.$inferSelect;
export type NewChannel = Omit<typeof channels.$inferInsert, "id" | "updatedAt" | "createdAt">;
export type ChannelChange = Partial<Pick<Channel, "name" | "providerKey" | "config" | "connected">>;

const CACHE_TTL_MS = 60_000;
/** Values per `channelsByConfig` statement: each binds itself and a digest per key of the keyring. */
const CONFIG_CHUNK = 20;
const cache = new Map<string, { channel: Channel; until: number }>();
const cacheKey = (kind: ChannelKind, providerKey: string) => `${kind}\u0000${providerKey}`;

/** Forgets every cached channel of this isolate (called by every write below). */
export function invalidateChannelCache(): void {
  cache.clear();
  inFlight.clear();
}

/** A field of a channel's JSON config, for a WHERE clause (e.g. WhatsApp's `wabaId`). */
export function configField(field: string): SQL<string> {
  return sql<string>`json_extract(${channels.config}, ${`$.${field}`})`;
}

// ---- Rule G7: sealing and opening a channel's secrets ------------------------------------------

type ConfigFields = Record<string, unknown> & { lookup?: Record<string, string> };
const secretsOf = (kind: ChannelKind) =>
  CHANNEL_SECRETS[kind] as { sealed: readonly string[]; lookup: readonly string[] };
/** Where a sealed value lives: it opens only in this channel's field. */
const sealContext = (channelId: string, field: string) => `channels/${channelId}/${field}`;
/** A lookup digest is per kind and field (a handshake names no channel). */
const lookupContext = (kind: ChannelKind, field: string) => `channels/${kind}/${field}`;

/**
 * Seals every secret field of `config` that is new (differs from `stored`) or still plaintext, and
 * refreshes the lookup digest of each such field; a sealed value kept as stored stays as it is.
 */
async function sealConfig(kind: ChannelKind, id: string, config: ChannelConfig, stored?: ChannelConfig) {
  const next = { ...config } as ConfigFields;
  const before = (stored ?? {}) as ConfigFields;
  const lookup: Record<string, string> = { ...next.lookup };
  const { sealed, lookup: lookupFields } = secretsOf(kind);
  for (const field of sealed) {
    const value = next[field];
    if (typeof value !== "string" || (isSealed(value) && value === before[field])) continue;
    next[field] = await sealSecret(value, sealContext(id, field));
    if (lookupFields.includes(field)) lookup[field] = await lookupDigest(value, lookupContext(kind, field));
  }
  if (Object.keys(lookup).length > 0) next.lookup = lookup;
  return next as ChannelConfig;
}

/** The channel with its secrets opened, for the provider call about to be made (never for an answer). */
export async function openChannel(channel: Channel): Promise<Channel> {
  const config = { ...channel.config } as ConfigFields;
  for (const field of secretsOf(channel.kind).sealed) {
    const value = config[field];
    if (typeof value === "string") config[field] = await openSecret(value, sealContext(channel.id, field));
  }
  delete config.lookup;
  return { ...channel, config: config as ChannelConfig };
}

// ---- Reads --------------------------------------------------------------------------------------

export async function channelById(db: Db, id: string) {
  return db.query.channels.findFirst({ where: eq(channels.id, id) });
}

export async function channelOf(db: Db, organizationId: string, id: string) {
  return db.query.channels.findFirst({ where: and(eq(channels.id, id), eq(channels.organizationId, organizationId)) });
}

/** The id of the channel of `kind` that holds `providerKey` (any organization, connected or not), or null. */
export async function providerKeyHolder(db: Db, kind: ChannelKind, providerKey: string): Promise<string | null> {
  const [row] = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.kind, kind), eq(channels.providerKey, providerKey)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The organization's channels, newest first. Times are whole seconds, so channels made in the same
 * second go by rowid, which grows with every insert: the order they were made in, every time.
 */
export async function channelsOf(db: Db, organizationId: string): Promise<Channel[]> {
  return db
    .select()
    .from(channels)
    .where(eq(channels.organizationId, organizationId))
    .orderBy(desc(channels.createdAt), desc(sql`${channels}.rowid`));
}

/** The channels a webhook names, by the provider's keys, opened (cached in the isolate, see above). */
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
  // Concurrent webhooks that miss together share one read and one decryption (a burst after a change).
  const flightKey = `${kind}\u0000${missing.join("\u0000")}`;
  let flight = inFlight.get(flightKey);
  if (!flight) {
    flight = loadChannels(db, kind, missing, now).finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, flight);
  }
  return [...found, ...(await flight)];
}

const inFlight = new Map<string, Promise<Channel[]>>();

async function loadChannels(db: Db, kind: ChannelKind, missing: string[], now: number): Promise<Channel[]> {
  // A webhook names any number of keys: D1 binds at most 100 parameters per statement.
  const rows: Channel[] = [];
  for (const keys of chunksOf(missing)) {
    rows.push(
      ...(await db
        .select()
        .from(channels)
        .where(and(eq(channels.kind, kind), inArray(channels.providerKey, keys)))),
    );
  }
  const opened = await Promise.all(rows.map(openChannel));
  for (const row of opened) cache.set(cacheKey(kind, row.providerKey), { channel: row, until: now + CACHE_TTL_MS });
  return opened;
}

/**
 * The channels of a kind whose config `field` is one of `values` (WhatsApp: by verify token, by
 * WABA), opened. A secret field is found by its lookup digest under every key (or, for a row still
 * in plaintext, by its value); a secret field without a digest cannot be looked up.
 */
export async function channelsByConfig(db: Db, kind: ChannelKind, field: string, values: string[]): Promise<Channel[]> {
  // D1 binds at most 100 parameters per statement; a secret field binds each value and its digests.
  const found = new Map<string, Channel>();
  for (const chunk of chunksOf(values, CONFIG_CHUNK)) {
    for (const channel of await channelsByConfigChunk(db, kind, field, chunk)) found.set(channel.id, channel);
  }
  return [...found.values()];
}

async function channelsByConfigChunk(db: Db, kind: ChannelKind, field: string, values: string[]) {
  const secrets = secretsOf(kind);
  let match: SQL | undefined = inArray(configField(field), values);
  if (secrets.lookup.includes(field)) {
    const digests = (await Promise.all(values.map((v) => lookupDigests(v, lookupContext(kind, field))))).flat();
    const plaintext = and(match, sql`substr(${configField(field)}, 1, 10) <> 'sealed:v1:'`);
    match = or(inArray(configField(`lookup.${field}`), digests), plaintext);
  } else if (secrets.sealed.includes(field)) {
    throw new Error(`channels: ${kind}.${field} is sealed and has no lookup digest`);
  }
  const rows = await db
    .select()
    .from(channels)
    .where(and(eq(channels.kind, kind), match));
  return Promise.all(rows.map(openChannel));
}

// ---- Writes (each seals what is new) ------------------------------------------------------------

/** Null when another channel of the kind already has the provider key. */
export async function insertChannel(db: Db, values: NewChannel): Promise<Channel | null> {
  invalidateChannelCache();
  const id = crypto.randomUUID();
  const config = await sealConfig(values.kind ?? "whatsapp", id, values.config);
  const [row] = await db
    .insert(channels)
    .values({ id, ...values, config, updatedAt: clock.now() })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/**
 * The insert of a channel with a known id, for a batch (the demo seed); a taken id or key is left as
 * it is. Wrapped in `{ query }`: a query is thenable, and an async function would run it.
 */
export async function insertChannelQuery(db: Db, values: NewChannel & { id: string }, now: number) {
  invalidateChannelCache();
  const config = await sealConfig(values.kind ?? "whatsapp", values.id, values.config);
  return {
    query: db
      .insert(channels)
      .values({ ...values, config, updatedAt: now })
      .onConflictDoNothing(),
  };
}

/** Null when the organization has no such channel; throws a UNIQUE violation for a taken provider key. */
export async function updateChannel(
  db: Db,
  organizationId: string,
  id: string,
  change: ChannelChange,
): Promise<Channel | null> {
  invalidateChannelCache();
  let values = change;
  if (change.config) {
    const stored = await channelOf(db, organizationId, id);
    if (!stored) return null;
    values = { ...change, config: await sealConfig(stored.kind, id, change.config, stored.config) };
  }
  const [row] = await db
    .update(channels)
    .set({ ...values, updatedAt: clock.now() })
    .where(and(eq(channels.id, id), eq(channels.organizationId, organizationId)))
    .returning();
  return row ?? null;
}

/**
 * Rule G7, the hourly re-seal: seals every secret still in plaintext (rows from before sealing) and
 * moves every value sealed under an older key to the key that seals now. A row changed meanwhile is
 * left for the next run. Answers how many channels it re-sealed.
 */
export async function sealChannelSecrets(db: Db, batch = 100, maxBatches = 10): Promise<number> {
  const prefix = await currentSealPrefix();
  // A kind without secrets (email) has nothing to seal: `or()` of nothing would match all its rows.
  const withSecrets = (Object.keys(CHANNEL_SECRETS) as ChannelKind[]).filter((k) => secretsOf(k).sealed.length > 0);
  const stale = withSecrets.map((kind) =>
    and(
      eq(channels.kind, kind),
      or(...secretsOf(kind).sealed.map((f) => ne(sql`substr(${configField(f)}, 1, ${prefix.length})`, prefix))),
    ),
  );
  let resealed = 0;
  let skip = 0;
  for (let round = 0; round < maxBatches; round++) {
    const rows = await db
      .select()
      .from(channels)
      .where(or(...stale))
      .orderBy(channels.id)
      .limit(batch)
      .offset(skip);
    for (const row of rows) {
      const opened = (await openChannel(row)).config;
      const config = await sealConfig(row.kind, row.id, opened);
      const unchanged = secretsOf(row.kind).sealed.flatMap((f) => {
        const value = (row.config as ConfigFields)[f];
        return typeof value === "string" ? [eq(configField(f), value)] : [];
      });
      const done = await db
        .update(channels)
        .set({ config })
        .where(and(eq(channels.id, row.id), eq(channels.updatedAt, row.updatedAt), ...unchanged))
        .returning({ id: channels.id });
      if (done.length > 0) resealed++;
      else skip++;
    }
    if (rows.length < batch) break;
  }
  if (resealed > 0) invalidateChannelCache();
  return resealed;
}

export async function autoResolveEnabled(db: Db, organizationId: string): Promise<boolean> {
  const row = await db.query.organizationSettings.findFirst({
    where: eq(organizationSettings.organizationId, organizationId),
  });
  return row?.autoResolveExpired ?? false;
}

/** Rule I4: the organization's auto-resolve setting, created on first write. */
export async function saveAutoResolve(db: Db, organizationId: string, autoResolveExpired: boolean) {
  const now = clock.now();
  await db
    .insert(organizationSettings)
    .values({ organizationId, autoResolveExpired, updatedAt: now })
    .onConflictDoUpdate({ target: organizationSettings.organizationId, set: { autoResolveExpired, updatedAt: now } });
}
