/**
 * Issue 17 item 7: the signed-in person's choices as the page applies them. The language is the
 * page's `lang` (the whole-app translation is a later task, I13); the notification choices are read
 * by `notify.ts` when a customer writes.
 */
import { computed, effect } from "@preact/signals";
import { me } from "./session";

export const preferences = computed(() => me.value?.preferences ?? null);

effect(() => {
  const language = preferences.value?.language;
  if (language) document.documentElement.lang = language;
});
