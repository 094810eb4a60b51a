/**
 * API keys (rule G7, secrets at rest): a key is `ek_<prefix>_<256 random bits>`, shown once at
 * creation; only its SHA-256 is stored (a key is found by the hash of what a request presents, so a
 * leaked table holds nothing usable: the secret is far too random to guess back from its hash).
 * No read here returns the hash.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { apiKeys } from "./schema-identity";

/** What a listing shows of a key: never its secret hash. */
const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  scopes: apiKeys.scopes,
  rateLimitPerMinute: apiKeys.rateLimitPerMinute,
};

export async function apiKeysOf(db: Db, organizationId: string) {
  return db
    .select(columns)
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function insertApiKey(db: Db, values: typeof apiKeys.$inferInsert) {
  const [apiKey] = await db.insert(apiKeys).values(values).returning(columns);
  if (!apiKey) throw new Error("api key insert returned nothing");
  return apiKey;
}

/** Revokes a live key of the organization; false when there is none. */
export async function revokeApiKey(db: Db, organizationId: string, id: string, now: number): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}

export async function activeApiKeyByHash(db: Db, secretHash: string) {
  return db.query.apiKeys.findFirst({ where: and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)) });
}

export async function activeApiKeyById(db: Db, organizationId: string, id: string) {
  return db.query.apiKeys.findFirst({
    columns: { id: true },
    where: and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)),
  });
}

export function touchApiKey(db: Db, id: string, now: number) {
  return db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id)).run();
}
