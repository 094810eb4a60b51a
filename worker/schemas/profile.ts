import { z } from "@hono/zod-openapi";
import { LANGUAGES } from "../domain/profile";

/** Issue 17 item 7: a person's own choices (kept per identity, so every browser gets them). */
export const LanguageSchema = z.enum(LANGUAGES).openapi("Language");
export const PreferencesSchema = z
  .object({
    /** Rule I13: null until the person chooses; the web app then speaks the browser's language. */
    language: LanguageSchema.nullable(),
    notificationSound: z.boolean(),
    desktopNotifications: z.boolean(),
  })
  .openapi("Preferences");
export type Preferences = z.infer<typeof PreferencesSchema>;

export const UpdateProfileBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    /** null takes the choice back: the browser's language applies again (I13). */
    language: LanguageSchema.nullable(),
    notificationSound: z.boolean(),
    desktopNotifications: z.boolean(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, {
    message: "Give at least one of name, language, notificationSound, desktopNotifications.",
  })
  .openapi("UpdateProfile");
