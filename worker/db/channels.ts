import { and, eq } from "drizzle-orm";
import type { Db } from "./client";
import { channels, organizationSettings } from "./schema";

export async function channelById(db: Db, id: string) {
  return db.query.channels.findFirst({ where: eq(channels.id, id) });
}

export async function channelOf(db: Db, organizationId: string, id: string) {
  return db.query.channels.findFirst({ where: and(eq(channels.id, id), eq(channels.organizationId, organizationId)) });
}

export async function channelByPhoneNumberId(db: Db, phoneNumberId: string) {
  return db.query.channels.findFirst({ where: eq(channels.phoneNumberId, phoneNumberId) });
}

export async function autoResolveEnabled(db: Db, organizationId: string): Promise<boolean> {
  const row = await db.query.organizationSettings.findFirst({
    where: eq(organizationSettings.organizationId, organizationId),
  });
  return row?.autoResolveExpired ?? false;
}
