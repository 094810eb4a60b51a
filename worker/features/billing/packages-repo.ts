/** The `packages` table (B1) and the organization facts billing reads. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations } from "../../db/schema";
import { packages } from "../../db/schema-billing";

export const packageOf = (db: Db, organizationId: string) =>
  db.query.packages.findFirst({ where: eq(packages.organizationId, organizationId) });

/** Every organization with a package: the billed ones. */
export async function billedOrganizationIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: packages.organizationId }).from(packages);
  return rows.map((r) => r.id);
}

/** The tenant's time zone, for an organization that has no package (a billed one's comes with its account). */
export async function organizationTimeZone(db: Db, organizationId: string): Promise<string | undefined> {
  const org = await db.query.organizations.findFirst({ where: eq(organizations.id, organizationId) });
  return org?.timeZone;
}
