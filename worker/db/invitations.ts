import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { randomToken, sha256Hex } from "../lib/crypto";
import type { Db } from "./client";
import { organizations, type Role } from "./schema";
import { failedLogins, identities, invitations, memberships, passwordResetTokens } from "./schema-identity";

/**
 * Rules A1, A4 (issue 11, finding 1): invitations. An organization never gains a person by itself:
 * it invites an identity, and the membership exists only once the owner of the address accepts.
 */

export interface NewInvitation {
  organizationId: string;
  identityId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: number;
}

/** Stores an invitation and answers the raw token for the mailed link (only its hash is stored). */
export async function insertInvitation(db: Db, invitation: NewInvitation): Promise<string> {
  const token = randomToken(32);
  await db.insert(invitations).values({ ...invitation, tokenHash: await sha256Hex(token) });
  return token;
}

export async function invitationOf(db: Db, organizationId: string, identityId: string) {
  return db.query.invitations.findFirst({
    where: and(eq(invitations.organizationId, organizationId), eq(invitations.identityId, identityId)),
  });
}

export async function deleteInvitation(db: Db, organizationId: string, identityId: string): Promise<boolean> {
  const gone = await db
    .delete(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.identityId, identityId)))
    .returning({ identityId: invitations.identityId });
  return gone.length > 0;
}

export async function setInvitationRole(db: Db, organizationId: string, identityId: string, role: Role) {
  await db
    .update(invitations)
    .set({ role })
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.identityId, identityId)));
}

/** The organization's pending invitations, as users with status "invited" (admins' users list). */
export async function invitedUsersOf(db: Db, organizationId: string) {
  return db
    .select({
      id: identities.id,
      email: invitations.email,
      name: identities.name,
      role: invitations.role,
      emailVerifiedAt: identities.emailVerifiedAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(identities, eq(identities.id, invitations.identityId))
    .where(eq(invitations.organizationId, organizationId))
    .orderBy(identities.name);
}

/** The live invitations an identity may accept: still addressed to its current email, not expired. */
export async function openInvitationsOf(db: Db, identityId: string, email: string, now: number) {
  return db
    .select({
      organizationId: invitations.organizationId,
      organizationName: organizations.name,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.identityId, identityId), eq(invitations.email, email), gt(invitations.expiresAt, now)))
    .orderBy(invitations.createdAt);
}

/** What a mailed invitation link stands for, while it can still be used. */
export async function invitationByToken(db: Db, tokenHash: string, now: number) {
  const [row] = await db
    .select({
      organizationId: invitations.organizationId,
      organizationName: organizations.name,
      identityId: invitations.identityId,
      email: invitations.email,
      role: invitations.role,
      identityEmail: identities.email,
      emailVerifiedAt: identities.emailVerifiedAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .innerJoin(identities, eq(identities.id, invitations.identityId))
    .where(and(eq(invitations.tokenHash, tokenHash), gt(invitations.expiresAt, now)));
  // Bound to the address it was mailed to: after an email change it is void.
  return row && row.email === row.identityEmail ? row : undefined;
}

/**
 * Accepts an invitation in one batch: the membership appears and the invitation goes, or nothing
 * happens (it was cancelled or accepted meanwhile: false). With a `passwordHash` (a person who never
 * had one) the password is set and the address counts as proven; the identity's open links and every
 * lockout of the address go too.
 */
export async function acceptInvitation(
  db: Db,
  invitation: { organizationId: string; identityId: string; email: string },
  passwordHash: string | null,
  now: number,
): Promise<boolean> {
  const { organizationId, identityId, email } = invitation;
  const ofThis = and(eq(invitations.organizationId, organizationId), eq(invitations.identityId, identityId));
  const stillOpen = sql`exists (select 1 from invitations where organization_id = ${organizationId} and identity_id = ${identityId})`;
  const join = db
    .insert(memberships)
    .select(
      db
        .select({
          organizationId: invitations.organizationId,
          identityId: invitations.identityId,
          role: invitations.role,
          createdAt: sql<number>`${now}`.as("created_at"),
        })
        .from(invitations)
        .where(ofThis),
    )
    .onConflictDoNothing();
  const remove = db.delete(invitations).where(ofThis).returning({ identityId: invitations.identityId });
  if (!passwordHash) {
    const [, gone] = await db.batch([join, remove]);
    return gone.length > 0;
  }
  const [, , , , gone] = await db.batch([
    join,
    db
      .update(identities)
      .set({ passwordHash, emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(identities.id, identityId), eq(identities.email, email), stillOpen)),
    db
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.identityId, identityId), isNull(passwordResetTokens.usedAt), stillOpen)),
    db.delete(failedLogins).where(and(eq(failedLogins.email, email), stillOpen)),
    remove,
  ]);
  return gone.length > 0;
}
