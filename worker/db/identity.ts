import { and, count, eq, gt, isNull, lt, lte, ne } from "drizzle-orm";
import type { Actor } from "../domain/actor";
import { randomToken, sha256Hex } from "../lib/crypto";
import type { Db } from "./client";
import {
  apiKeys,
  failedLogins,
  identities,
  memberships,
  organizations,
  passwordResetTokens,
  type Role,
  sessions,
} from "./schema";
import { otpCodes } from "./schema-templates";

export async function identityByEmail(db: Db, email: string) {
  return db.query.identities.findFirst({ where: eq(identities.email, email) });
}

export async function identityById(db: Db, id: string) {
  return db.query.identities.findFirst({ where: eq(identities.id, id) });
}

/** Every organization an identity belongs to, with its role there, oldest first. */
export async function organizationsOf(db: Db, identityId: string) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      timeZone: organizations.timeZone,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.identityId, identityId))
    .orderBy(memberships.createdAt, organizations.name);
}

export async function membershipRole(db: Db, organizationId: string, identityId: string): Promise<Role | null> {
  const row = await db.query.memberships.findFirst({
    where: and(eq(memberships.organizationId, organizationId), eq(memberships.identityId, identityId)),
  });
  return row?.role ?? null;
}

export async function adminCount(db: Db, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "admin")));
  return row?.n ?? 0;
}

export async function usersOf(db: Db, organizationId: string) {
  return db
    .select({ id: identities.id, email: identities.email, name: identities.name, role: memberships.role })
    .from(memberships)
    .innerJoin(identities, eq(identities.id, memberships.identityId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(identities.name);
}

export async function userOf(db: Db, organizationId: string, identityId: string) {
  const rows = await db
    .select({ id: identities.id, email: identities.email, name: identities.name, role: memberships.role })
    .from(memberships)
    .innerJoin(identities, eq(identities.id, memberships.identityId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.identityId, identityId)));
  return rows[0] ?? null;
}

/** Creates a session; returns the raw token for the cookie. Only its hash is stored. */
export async function createSession(db: Db, identityId: string, organizationId: string, expiresAt: number) {
  const token = randomToken(32);
  await db.insert(sessions).values({ tokenHash: await sha256Hex(token), identityId, organizationId, expiresAt });
  return token;
}

export async function sessionByHash(db: Db, tokenHash: string) {
  return db.query.sessions.findFirst({ where: eq(sessions.tokenHash, tokenHash) });
}

/** Rule A1: a password change signs out every other session of the identity. */
export async function deleteOtherSessions(db: Db, identityId: string, keepHash: string | null) {
  const where = keepHash
    ? and(eq(sessions.identityId, identityId), ne(sessions.tokenHash, keepHash))
    : eq(sessions.identityId, identityId);
  await db.delete(sessions).where(where);
}

export async function recentFailures(db: Db, email: string, since: number): Promise<number[]> {
  const rows = await db
    .select({ at: failedLogins.at })
    .from(failedLogins)
    .where(and(eq(failedLogins.email, email), gt(failedLogins.at, since)));
  return rows.map((r) => r.at);
}

/** Issue times of the identity's reset links still alive at `now` (invitations live longer: not counted). */
export async function recentResetLinks(db: Db, identityId: string, now: number, ttlMs: number): Promise<number[]> {
  const rows = await db
    .select({ expiresAt: passwordResetTokens.expiresAt })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.identityId, identityId),
        gt(passwordResetTokens.expiresAt, now),
        lte(passwordResetTokens.expiresAt, now + ttlMs),
      ),
    );
  return rows.map((r) => r.expiresAt - ttlMs);
}

export async function createResetToken(db: Db, identityId: string, expiresAt: number) {
  const token = randomToken(32);
  await db.insert(passwordResetTokens).values({ tokenHash: await sha256Hex(token), identityId, expiresAt });
  return token;
}

export async function activeApiKeyByHash(db: Db, secretHash: string) {
  return db.query.apiKeys.findFirst({ where: and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)) });
}

/** Cron housekeeping: drop what can no longer be used. */
export async function pruneExpired(db: Db, now: number, lockoutWindowMs: number) {
  await db.batch([
    db.delete(sessions).where(lt(sessions.expiresAt, now)),
    db.delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, now)),
    db.delete(failedLogins).where(lt(failedLogins.at, now - lockoutWindowMs)),
    // OTP codes (T4) matter for 10 minutes, their lockout and send limit for 15: a day is plenty.
    db.delete(otpCodes).where(lt(otpCodes.expiresAt, now - 24 * 3_600_000)),
  ]);
}

/** What GET /api/me answers: the user (none for an API key), the current organization and all of the identity's. */
export async function describeActor(db: Db, actor: Actor) {
  if (actor.kind !== "session") {
    const org = await db.query.organizations.findFirst({ where: eq(organizations.id, actor.organizationId) });
    if (!org) return null;
    const organization = { id: org.id, name: org.name, timeZone: org.timeZone, role: actor.role };
    return { user: null, organization, organizations: [organization], via: "api_key" as const };
  }
  const [identity, orgs] = await Promise.all([
    identityById(db, actor.identityId),
    organizationsOf(db, actor.identityId),
  ]);
  const organization = orgs.find((o) => o.id === actor.organizationId);
  if (!identity || !organization) return null;
  const user = { id: identity.id, email: identity.email, name: identity.name, role: organization.role };
  return { user, organization, organizations: orgs, via: "session" as const };
}
