/**
 * Issue 17 item 7: the signed-in person's choices as the page applies them. The language and the
 * organization's time zone feed the translation and the formatters (rule I13); the notification
 * choices are read by `notify.ts` when a customer writes.
 */
import { computed, effect } from "@preact/signals";
import { savedLanguage, timeZone } from "../i18n";
import { me } from "./session";

export const preferences = computed(() => me.value?.preferences ?? null);

effect(() => {
  const current = me.value;
  // Rule I13: the saved language when the person chose one (null until then: the browser's applies).
  savedLanguage.value = current?.preferences?.language ?? null;
  timeZone.value = current?.organization.timeZone;
});
