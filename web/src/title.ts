import { useEffect } from "preact/hooks";

/** Sets the document title for the page being shown. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Edge Inbox`;
  }, [title]);
}
