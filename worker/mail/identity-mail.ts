import type { Db } from "../db/client";
import { errorForLog, log } from "../lib/log";
import { Problem } from "../lib/problem";
import { type Mail, mailerFor } from "./mailer";

/**
 * The mails of identity and access. Each carries a single-use link; only the owner of the address
 * it goes to can follow it (rules A1, A2, A4).
 */

export function resetPasswordMail(appUrl: string, to: string, token: string): Mail {
  return {
    to,
    subject: "Reset your password",
    text: `Someone asked to reset the password of ${to}.\n\nOpen this link within 30 minutes to choose a new password:\n${appUrl}/reset-password?token=${token}\n\nIf it was not you, ignore this email.`,
  };
}

/** Rules A1, A4: an invitation; a person without a password chooses one on the same page. */
export function invitationMail(
  appUrl: string,
  invitation: { to: string; organizationName: string; needsPassword: boolean },
  token: string,
): Mail {
  const { to, organizationName, needsPassword } = invitation;
  const step = needsPassword
    ? "Open this link within 72 hours to choose your password and join"
    : "You already have an Edge Inbox account. Open this link within 72 hours to accept (or accept it after signing in)";
  return {
    to,
    subject: `You are invited to ${organizationName} on Edge Inbox`,
    text: `You have been invited to join ${organizationName} on Edge Inbox.\n\n${step}:\n${appUrl}/invitation?token=${token}\n\nIf you don't expect this, ignore this email: nothing changes until you accept.`,
  };
}

/** Rule A1: a new address an admin gave a person works only once its owner confirms it. */
export function confirmEmailMail(appUrl: string, to: string, token: string): Mail {
  return {
    to,
    subject: "Confirm your new email address",
    text: `Your Edge Inbox account's email is being changed to ${to}.\n\nOpen this link within 72 hours to confirm it; until then you keep signing in with your current address:\n${appUrl}/confirm-email?token=${token}\n\nIf you don't expect this, ignore this email: nothing changes.`,
  };
}

/**
 * Sends a mail whose link is already stored; when it can't be sent, `undo` withdraws what the link was
 * for and the caller gets a 503 (nothing is left half-done: no invitation or change nobody can use).
 */
export async function sendOrUndo(env: Env, db: Db, mail: Mail, undo: () => Promise<void>): Promise<void> {
  try {
    await mailerFor(env, db).send(mail);
  } catch (err) {
    await undo();
    log("error", "identity_mail_failed", { subject: mail.subject, error: errorForLog(err) });
    throw new Problem(503, "mail_unavailable", "The email could not be sent. Try again in a moment.");
  }
}
