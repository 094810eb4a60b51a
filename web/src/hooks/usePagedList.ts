/**
 * One way to show a list a page at a time (issue 10): the first page when `deps` change, then
 * "Show more" appends the next page after the cursor. An answer that arrives after `deps` changed
 * again is dropped, so a slow old page never replaces a newer list.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "../errors";

/** One page as the list needs it: its items and the cursor of the next page (null: the last page). */
export type Page<T> = { items: T[]; nextCursor: string | null };

export type PagedList<T> = {
  items: T[];
  /** The next page's cursor; null when every page is shown. */
  cursor: string | null;
  /** "loading": the first page; "more": a further page. */
  status: "loading" | "ready" | "more" | "error";
  error: string | null;
  /** Loads the page after the cursor (nothing when there is none or one is loading). */
  more: () => void;
  /** Loads the first page again. */
  reload: () => void;
};

export function usePagedList<T>(fetchPage: (cursor?: string) => Promise<Page<T>>, deps: unknown[]): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<PagedList<T>["status"]>("loading");
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const fetchLatest = useRef(fetchPage);
  fetchLatest.current = fetchPage;

  const load = async (after?: string) => {
    const mine = after ? generation.current : ++generation.current;
    setStatus(after ? "more" : "loading");
    setError(null);
    try {
      const page = await fetchLatest.current(after);
      if (mine !== generation.current) return;
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setStatus("ready");
    } catch (err) {
      if (mine !== generation.current) return;
      setError(describeError(err));
      setStatus("error");
    }
  };
  useEffect(() => {
    void load();
  }, deps);

  return {
    items,
    cursor,
    status,
    error,
    more: () => {
      if (cursor && status !== "more") void load(cursor);
    },
    reload: () => void load(),
  };
}
