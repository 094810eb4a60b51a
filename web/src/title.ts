import { effect, signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { t } from "./i18n";

/** The page's own title, as its page gave it; the tab shows it with the count of messages that arrived while hidden (I5). */
const pageTitle = signal<string | null>(null);
/** New customer messages since the tab was hidden; reset when it is shown again. */
export const unseenCount = signal(0);

const BRAND = "Edge Inbox";

// Rule I13: the title is said in the current language (a page may give its English words; t() answers
// them, and a title already in the current language stays as it is). It follows a change of language.
effect(() => {
  const count = unseenCount.value;
  const base = pageTitle.value ? `${t(pageTitle.value)} · ${BRAND}` : BRAND;
  document.title = count > 0 ? `(${count}) ${base}` : base;
});

/** Sets the document title for the page being shown. */
export function useTitle(title: string) {
  useEffect(() => {
    pageTitle.value = title;
  }, [title]);
}
