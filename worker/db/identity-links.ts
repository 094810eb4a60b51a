import { and, eq, gt, isNull, lte, ne, sql } from "drizzle-orm";
import { randomToken, sha256Hex } from "../lib/crypto";
import type { Db } from "./client";
import { failedLogins, identities, invitations, passwordResetTokens, sessions } from "./schema-identity";

// The links mailed to an identity's owner: password reset (A2) and email confirmation (A1).

/**
 * Claims a live reset token in one conditional write, so it is single-use even
 * under concurrent requests. Answers the identity it belongs to, or undefined.
 */
export async function claimResetToken(db: Db, tokenHash: string, now: number): Promise<string | undefined> {
  const claimed = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        eq(passwordResetTokens.purpose, "reset"),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .returning({ identityId: passwordResetTokens.identityId });
  return claimed[0]?.identityId;
}

/**
 * Sets the password and signs out every session, together (a session someone else holds never
 * outlives the new password); the identity's other links are spent too (an older one must not undo
 * it). The link was mailed to the identity's address, so that address is now proven (A1), and every
 * lockout of it is lifted (issue 11, finding 7: the owner can always get back in).
 */
export async function resetPassword(db: Db, identityId: string, passwordHash: string, now: number): Promise<void> {
  await db.batch([
    db.delete(failedLogins).where(sql`${failedLogins.email} = (select email from identities where id = ${identityId})`),
    db
      .update(identities)
      .set({ passwordHash, emailVerifiedAt: now, updatedAt: now })
      .where(eq(identities.id, identityId)),
    db
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.identityId, identityId), isNull(passwordResetTokens.usedAt))),
    db.delete(sessions).where(eq(sessions.identityId, identityId)),
  ]);
}

/** Rule A1: the live email-change link `tokenHash` names, with its identity's current password hash. */
export async function emailChangeByToken(db: Db, tokenHash: string, now: number) {
  const [row] = await db
    .select({
      identityId: passwordResetTokens.identityId,
      email: passwordResetTokens.email,
      pendingEmail: identities.pendingEmail,
      currentEmail: identities.email,
      passwordHash: identities.passwordHash,
    })
    .from(passwordResetTokens)
    .innerJoin(identities, eq(identities.id, passwordResetTokens.identityId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        eq(passwordResetTokens.purpose, "email"),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
  return row?.email && row.email === row.pendingEmail ? { ...row, email: row.email } : undefined;
}

/**
 * Rule A1: the new address becomes the identity's email, in one batch: the identity's other links are
 * spent, and its invitations mailed to the old address are void. False when it was superseded or
 * confirmed meanwhile; a taken address throws the constraint violation and changes nothing.
 */
export async function applyEmailChange(db: Db, change: { identityId: string; email: string }, now: number) {
  const { identityId, email } = change;
  const [changed] = await db.batch([
    db
      .update(identities)
      .set({ email, pendingEmail: null, emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(identities.id, identityId), eq(identities.pendingEmail, email)))
      .returning({ id: identities.id }),
    db
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.identityId, identityId), isNull(passwordResetTokens.usedAt))),
    db.delete(invitations).where(and(eq(invitations.identityId, identityId), ne(invitations.email, email))),
  ]);
  return changed.length > 0;
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

export async function createResetToken(db: Db, identityId: string, email: string, expiresAt: number) {
  const token = randomToken(32);
  await db.insert(passwordResetTokens).values({ tokenHash: await sha256Hex(token), identityId, email, expiresAt });
  return token;
}
