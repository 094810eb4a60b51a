import { effect, signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

/** The page's own title; the tab shows it with the count of messages that arrived while hidden (I5). */
const baseTitle = signal("Edge Inbox");
/** New customer messages since the tab was hidden; reset when it is shown again. */
export const unseenCount = signal(0);

effect(() => {
  const count = unseenCount.value;
  document.title = count > 0 ? `(${count}) ${baseTitle.value}` : baseTitle.value;
});

/** Sets the document title for the page being shown. */
export function useTitle(title: string) {
  useEffect(() => {
    baseTitle.value = `${title} · Edge Inbox`;
  }, [title]);
}
