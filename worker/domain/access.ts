import type { Role } from "./types";

/**
 * Rule A3: what each role may do inside its organization.
 * Admin only: users, integrations (channels, API keys), security and inbox settings (office hours, I9),
 * finance, quick replies (I8), broadcasts (contact lists and campaigns, T5-T9).
 * Supervisor and admin: ring groups, reports, every room, labels (I11). Everyone: the inbox.
 */
export type Permission =
  | "inbox.use"
  | "rooms.supervise"
  | "ring_groups.manage"
  | "reports.view"
  | "users.manage"
  | "integrations.manage"
  | "security.manage"
  | "settings.manage"
  | "finance.manage"
  | "quick_replies.manage"
  | "broadcasts.manage"
  /** Rule I11: the tenant's labels (everyone in the inbox puts them on rooms). */
  | "labels.manage"
  | "contacts.manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  agent: ["inbox.use"],
  supervisor: [
    "inbox.use",
    "rooms.supervise",
    "ring_groups.manage",
    "reports.view",
    "labels.manage",
    "contacts.manage",
  ],
  admin: [
    "inbox.use",
    "rooms.supervise",
    "ring_groups.manage",
    "reports.view",
    "users.manage",
    "integrations.manage",
    "security.manage",
    "settings.manage",
    "finance.manage",
    "quick_replies.manage",
    "broadcasts.manage",
    "labels.manage",
    "contacts.manage",
  ],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** An organization must keep at least one admin: removing or demoting the last one is refused. */
export function wouldLoseLastAdmin(adminCount: number, currentRole: Role, nextRole: Role | null): boolean {
  return currentRole === "admin" && nextRole !== "admin" && adminCount <= 1;
}

/**
 * Rules A1 and I7: a person's name and email belong to their one identity, shared by every
 * organization they are in. An admin changes them only when the admin also administers every one of
 * those organizations; otherwise an admin of one organization could take over the person's account in
 * another (change the email to one they read, then reset the password). Roles stay per organization.
 */
export function mayEditIdentity(memberOf: readonly string[], actorAdministers: readonly string[]): boolean {
  return memberOf.every((organizationId) => actorAdministers.includes(organizationId));
}
