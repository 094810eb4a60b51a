import { and, count, eq, gt, isNull, lt, ne } from "drizzle-orm";
import { mayEditIdentity } from "../domain/access";
import type { Actor } from "../domain/actor";
import { availabilityOf } from "../features/assignment/repo";
import { preferencesOf } from "../features/profile/repo";
import { randomToken, sha256Hex, UNUSABLE_PASSWORD_HASH } from "../lib/crypto";
import type { Db } from "./client";
import { organizations, type Role } from "./schema";
import { failedLogins, identities, invitations, memberships, passwordResetTokens, sessions } from "./schema-identity";
import { otpCodes } from "./schema-templates";

export async function identityByEmail(db: Db, email: string) {
  return db.query.identities.findFirst({ where: eq(identities.email, email) });
}

export async function organizationById(db: Db, id: string) {
  return db.query.organizations.findFirst({ where: eq(organizations.id, id) });
}

/** Withdraws an email change nobody confirmed (changed back, or its mail could not be sent). */
export async function clearPendingEmail(db: Db, identityId: string): Promise<void> {
  await db.update(identities).set({ pendingEmail: null }).where(eq(identities.id, identityId));
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

const userColumns = {
  id: identities.id,
  email: identities.email,
  name: identities.name,
  role: memberships.role,
  emailVerifiedAt: identities.emailVerifiedAt,
  pendingEmail: identities.pendingEmail,
};

export async function usersOf(db: Db, organizationId: string) {
  return db
    .select(userColumns)
    .from(memberships)
    .innerJoin(identities, eq(identities.id, memberships.identityId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(identities.name);
}

export async function userOf(db: Db, organizationId: string, identityId: string) {
  const rows = await db
    .select(userColumns)
    .from(memberships)
    .innerJoin(identities, eq(identities.id, memberships.identityId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.identityId, identityId)));
  return rows[0] ?? null;
}

/**
 * Creates an identity; undefined when another add of the same email won the race (A4). Rule A1
 * (issue 11, finding 1): it is unverified and has no usable password until the owner of the address
 * follows the mailed invitation and chooses one; nobody else ever sets or learns it.
 */
export async function insertIdentity(db: Db, values: { email: string; name: string }, now: number) {
  const [created] = await db
    .insert(identities)
    .values({
      id: crypto.randomUUID(),
      ...values,
      passwordHash: UNUSABLE_PASSWORD_HASH,
      emailVerifiedAt: null,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return created;
}

/**
 * Rule I7: changes a user's name and role (this membership) in one batch, and records a new email as
 * pending with its confirmation link (rule A1: the address works only once its owner confirms it).
 */
export async function updateMember(
  db: Db,
  organizationId: string,
  identityId: string,
  change: {
    name?: string | undefined;
    pendingEmail?: { email: string; tokenHash: string; expiresAt: number } | undefined;
    role?: Role | undefined;
  },
  now: number,
): Promise<void> {
  const writes = [];
  if (change.name || change.pendingEmail) {
    writes.push(
      db
        .update(identities)
        .set({
          ...(change.name ? { name: change.name } : {}),
          ...(change.pendingEmail ? { pendingEmail: change.pendingEmail.email } : {}),
          updatedAt: now,
        })
        .where(eq(identities.id, identityId)),
    );
  }
  if (change.pendingEmail) {
    const { email, tokenHash, expiresAt } = change.pendingEmail;
    // An earlier change's link must not confirm an address the admin has since replaced.
    writes.push(
      db
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(passwordResetTokens.identityId, identityId),
            eq(passwordResetTokens.purpose, "email"),
            isNull(passwordResetTokens.usedAt),
          ),
        ),
      db.insert(passwordResetTokens).values({ tokenHash, identityId, expiresAt, purpose: "email", email }),
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

export async function recentFailures(db: Db, email: string, since: number) {
  return db
    .select({ at: failedLogins.at, client: failedLogins.client })
    .from(failedLogins)
    .where(and(eq(failedLogins.email, email), gt(failedLogins.at, since)));
}

export async function recordFailedLogin(db: Db, email: string, client: string, now: number): Promise<void> {
  await db.insert(failedLogins).values({ email, client, at: now });
}

/** Clears one client's failures for the email, or every client's when `client` is null. */
export async function clearFailedLogins(db: Db, email: string, client: string | null): Promise<void> {
  const where =
    client === null
      ? eq(failedLogins.email, email)
      : and(eq(failedLogins.email, email), eq(failedLogins.client, client));
  await db.delete(failedLogins).where(where);
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

/** Cron housekeeping: drop what can no longer be used. */
export async function pruneExpired(db: Db, now: number, lockoutWindowMs: number) {
  await db.batch([
    db.delete(sessions).where(lt(sessions.expiresAt, now)),
    db.delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, now)),
    db.delete(failedLogins).where(lt(failedLogins.at, now - lockoutWindowMs)),
    // An expired invitation stays listed for its admins a while (to invite again), then goes.
    db.delete(invitations).where(lt(invitations.expiresAt, now - 30 * 24 * 3_600_000)),
    // OTP codes (T4) matter for 10 minutes, their lockout and send limit for 15: a day is plenty.
    db.delete(otpCodes).where(lt(otpCodes.expiresAt, now - 24 * 3_600_000)),
  ]);
}

/** What GET /api/me answers: the user (none for an API key), the current organization and all of the identity's. */
export async function describeActor(db: Db, actor: Actor) {
  if (actor.kind !== "session") {
    const org = await organizationById(db, actor.organizationId);
    if (!org) return null;
    const organization = { id: org.id, name: org.name, timeZone: org.timeZone, role: actor.role };
    return { user: null, organization, organizations: [organization], via: "api_key" as const };
  }
  const [identity, orgs, availability, preferences] = await Promise.all([
    identityById(db, actor.identityId),
    organizationsOf(db, actor.identityId),
    availabilityOf(db, actor.organizationId, actor.identityId),
    preferencesOf(db, actor.identityId),
  ]);
  const organization = orgs.find((o) => o.id === actor.organizationId);
  if (!identity || !organization) return null;
  const user = { id: identity.id, email: identity.email, name: identity.name, role: organization.role };
  // Rule I7: a person changes their own name only where nobody else administers them.
  const mayEditName = mayEditIdentity(
    orgs.map((o) => o.id),
    orgs.filter((o) => o.role === "admin").map((o) => o.id),
  );
  return { user, organization, organizations: orgs, via: "session" as const, availability, preferences, mayEditName };
}
