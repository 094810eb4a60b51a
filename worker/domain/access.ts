import type { Role } from "../db/schema";

/**
 * Rule A3: what each role may do inside its organization.
 * Admin only: users, integrations (channels, API keys), security settings, finance, quick replies (I8).
 * Supervisor and admin: ring groups, reports, every room. Everyone: the inbox.
 */
export type Permission =
  | "inbox.use"
  | "rooms.supervise"
  | "ring_groups.manage"
  | "reports.view"
  | "users.manage"
  | "integrations.manage"
  | "security.manage"
  | "finance.manage"
  | "quick_replies.manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  agent: ["inbox.use"],
  supervisor: ["inbox.use", "rooms.supervise", "ring_groups.manage", "reports.view"],
  admin: [
    "inbox.use",
    "rooms.supervise",
    "ring_groups.manage",
    "reports.view",
    "users.manage",
    "integrations.manage",
    "security.manage",
    "finance.manage",
    "quick_replies.manage",
  ],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** An organization must keep at least one admin: removing or demoting the last one is refused. */
export function wouldLoseLastAdmin(adminCount: number, currentRole: Role, nextRole: Role | null): boolean {
  return currentRole === "admin" && nextRole !== "admin" && adminCount <= 1;
}
