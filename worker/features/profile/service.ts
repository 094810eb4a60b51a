import type { Db } from "../../db/client";
import { describeActor, identityById, organizationsOf, updateMember } from "../../db/identity";
import { mayEditIdentity } from "../../domain/access";
import type { Actor } from "../../domain/actor";
import type { Preferences } from "../../domain/profile";
import { clock } from "../../lib/clock";
import { Problem, problems } from "../../lib/problem";
import { preferencesOf, savePreferences } from "./repo";

type SessionActor = Extract<Actor, { kind: "session" }>;
export type ProfileChange = Partial<Preferences> & { name?: string | undefined };

/**
 * Issue 17 item 7: the profile page's changes. The name belongs to the identity (A1) and rule I7 says
 * only an admin changes an agent's name: a person changes their own only when they administer every
 * organization they are in (`mayEditIdentity`, the rule an admin's edit follows), else 403
 * `name_admin_only`. Each of their organizations' inboxes hears the new name at once. The other
 * choices are the person's own, kept per identity.
 */
export async function updateProfile(env: Env, db: Db, actor: SessionActor, change: ProfileChange) {
  const now = clock.now();
  const { name, ...choices } = change;
  if (name !== undefined) await rename(env, db, actor, name, now);
  if (Object.keys(choices).length > 0) {
    const current = await preferencesOf(db, actor.identityId);
    const next: Preferences = {
      language: choices.language === undefined ? current.language : choices.language,
      notificationSound: choices.notificationSound ?? current.notificationSound,
      desktopNotifications: choices.desktopNotifications ?? current.desktopNotifications,
    };
    await savePreferences(db, actor.identityId, next, now);
  }
  const me = await describeActor(db, actor);
  if (!me) throw problems.unauthenticated();
  return me;
}

async function rename(env: Env, db: Db, actor: SessionActor, name: string, now: number) {
  const orgs = await organizationsOf(db, actor.identityId);
  const administers = orgs.filter((o) => o.role === "admin").map((o) => o.id);
  if (
    !mayEditIdentity(
      orgs.map((o) => o.id),
      administers,
    )
  ) {
    throw new Problem(403, "name_admin_only", "Only an admin of your organization can change your name (rule I7).");
  }
  const identity = await identityById(db, actor.identityId);
  if (!identity || identity.name === name) return;
  await updateMember(db, actor.organizationId, actor.identityId, { name }, now);
  await Promise.all(
    orgs.map((o) =>
      env.INBOX.getByName(o.id).publish({
        type: "member.updated",
        member: { id: actor.identityId, name, role: o.role },
      }),
    ),
  );
}
