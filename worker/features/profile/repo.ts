import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { userPreferences } from "../../db/schema-profile";
import { DEFAULT_PREFERENCES, type Preferences } from "../../domain/profile";

/** Issue 17 item 7: the one repository of `user_preferences` (per identity). */
export async function preferencesOf(db: Db, identityId: string): Promise<Preferences> {
  const [row] = await db
    .select({
      language: userPreferences.language,
      notificationSound: userPreferences.notificationSound,
      desktopNotifications: userPreferences.desktopNotifications,
    })
    .from(userPreferences)
    .where(eq(userPreferences.identityId, identityId));
  return row ?? DEFAULT_PREFERENCES;
}

export async function savePreferences(db: Db, identityId: string, preferences: Preferences, now: number) {
  await db
    .insert(userPreferences)
    .values({ identityId, ...preferences, updatedAt: now })
    .onConflictDoUpdate({ target: userPreferences.identityId, set: { ...preferences, updatedAt: now } });
}
