import { hashPassword } from "../lib/crypto";
import type { Db } from "./client";
import { identities, memberships, organizations, type Role } from "./schema";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_ORGANIZATION = { id: "org_demo", name: "Demo Store", timeZone: "Asia/Jakarta" };
export const DEMO_USERS: ReadonlyArray<{ id: string; email: string; name: string; role: Role }> = [
  { id: "usr_demo_admin", email: "admin@demo.test", name: "Ayu Admin", role: "admin" },
  { id: "usr_demo_supervisor", email: "supervisor@demo.test", name: "Sari Supervisor", role: "supervisor" },
  { id: "usr_demo_agent", email: "agent@demo.test", name: "Budi Agent", role: "agent" },
  { id: "usr_demo_agent2", email: "agent2@demo.test", name: "Dewi Agent", role: "agent" },
];

/** The demo tenant (development only). Idempotent: rows that exist are left as they are. */
export async function seedDemoTenant(db: Db): Promise<{ organization: string; users: string[] }> {
  const now = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.batch([
    db.insert(organizations).values(DEMO_ORGANIZATION).onConflictDoNothing(),
    db
      .insert(identities)
      .values(DEMO_USERS.map((u) => ({ id: u.id, email: u.email, name: u.name, passwordHash, updatedAt: now })))
      .onConflictDoNothing(),
    db
      .insert(memberships)
      .values(DEMO_USERS.map((u) => ({ organizationId: DEMO_ORGANIZATION.id, identityId: u.id, role: u.role })))
      .onConflictDoNothing(),
  ]);
  return { organization: DEMO_ORGANIZATION.name, users: DEMO_USERS.map((u) => u.email) };
}
