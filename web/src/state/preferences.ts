/**
 * Issue 17 item 7: the signed-in person's choices as the page applies them. The language and the
 * organization's time zone feed the translation and the formatters (rule I13); the notification
 * choices are read by `notify.ts` when a customer writes.
 */
import { computed, effect } from "@preact/signals";
import type { Me } from "../api";
import { type Language, savedLanguage, timeZone } from "../i18n";
import { me } from "./session";

export const preferences = computed(() => me.value?.preferences ?? null);

const chosenKey = (userId: string) => `edge-inbox.language-chosen.${userId}`;

/**
 * The API answers "en" both for a person who chose English and for one who never chose (its
 * default), so English counts as a choice only once it was saved on the profile page in this browser;
 * otherwise the browser's language applies. Indonesian is always a choice.
 */
export function chosenLanguage(current: Me | null): Language | null {
  const language = current?.preferences?.language;
  if (!language || !current?.user) return null;
  if (language === "id") return "id";
  try {
    return localStorage.getItem(chosenKey(current.user.id)) ? language : null;
  } catch {
    return null;
  }
}

/** The profile page saved a language: it is this person's choice from now on. */
export function rememberLanguageChosen(userId: string): void {
  try {
    localStorage.setItem(chosenKey(userId), "1");
  } catch {
    // Private mode without storage: the saved preference still applies when it is Indonesian.
  }
}

effect(() => {
  const current = me.value;
  savedLanguage.value = chosenLanguage(current);
  timeZone.value = current?.organization.timeZone;
});
