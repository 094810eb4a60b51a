import { and, count, eq, gt, isNull, lt, lte, ne } from "drizzle-orm";
import type { Actor } from "../domain/actor";
import { randomToken, sha256Hex } from "../lib/crypto";
import type { Db } from "./client";
import {
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

/** Creates an identity; undefined when another add of the same email won the race (A4). */
export async function insertIdentity(
  db: Db,
  values: { email: string; name: string; passwordHash: string },
  now: number,
) {
  const [created] = await db
    .insert(identities)
    .values({ id: crypto.randomUUID(), ...values, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return created;
}

/** Links an identity to an organization; a second link throws the constraint violation (see `db/errors.ts`). */
export async function addMembership(db: Db, organizationId: string, identityId: string, role: Role): Promise<void> {
  await db.insert(memberships).values({ organizationId, identityId, role });
}

/**
 * Rule I7: changes a user's name and email (their identity) and role (this membership) in one batch.
 * A taken email throws the constraint violation.
 */
export async function updateMember(
  db: Db,
  organizationId: string,
  identityId: string,
  change: { identity?: { name: string; email: string } | undefined; role?: Role | undefined },
  now: number,
): Promise<void> {
  const writes = [];
  if (change.identity) {
    writes.push(
      db
        .update(identities)
        .set({ ...change.identity, updatedAt: now })
        .where(eq(identities.id, identityId)),
    );
  }
  if (change.role) {
    writes.push(
      db
        .update(memberships)
        .set({ role: change.role })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.identityId, identityId))),
    );
  }
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
}

/** Removes a user from one organization and signs out their sessions there; the identity stays. */
export async function removeMembership(db: Db, organizationId: string, identityId: string): Promise<void> {
  await db.batch([
    db
      .delete(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.identityId, identityId))),
    db.delete(sessions).where(and(eq(sessions.organizationId, organizationId), eq(sessions.identityId, identityId))),
  ]);
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

export async function recordFailedLogin(db: Db, email: string, now: number): Promise<void> {
  await db.insert(failedLogins).values({ email, at: now });
}

export async function clearFailedLogins(db: Db, email: string): Promise<void> {
  await db.delete(failedLogins).where(eq(failedLogins.email, email));
}

/** Slides a live session's expiry (see `domain/sign-in.ts`). */
export async function renewSession(db: Db, tokenHash: string, expiresAt: number): Promise<void> {
  await db.update(sessions).set({ expiresAt }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function switchSessionOrganization(db: Db, tokenHash: string, organizationId: string): Promise<void> {
  await db.update(sessions).set({ organizationId }).where(eq(sessions.tokenHash, tokenHash));
}

export async function setPasswordHash(db: Db, identityId: string, passwordHash: string, now: number): Promise<void> {
  await db.update(identities).set({ passwordHash, updatedAt: now }).where(eq(identities.id, identityId));
}

/**
 * Claims a live reset (or invitation) token in one conditional write, so it is single-use even
 * under concurrent requests. Answers the identity it belongs to, or undefined.
 */
export async function claimResetToken(db: Db, tokenHash: string, now: number): Promise<string | undefined> {
  const claimed = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .returning({ identityId: passwordResetTokens.identityId });
  return claimed[0]?.identityId;
}

/** Sets the password; the identity's other reset and invitation links are spent too (an older one must not undo it). */
export async function resetPassword(db: Db, identityId: string, passwordHash: string, now: number): Promise<void> {
  await db.batch([
    db.update(identities).set({ passwordHash, updatedAt: now }).where(eq(identities.id, identityId)),
    db
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.identityId, identityId), isNull(passwordResetTokens.usedAt))),
  ]);
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
