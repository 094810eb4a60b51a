/**
 * One way to show a list a page at a time (issue 10): the first page when `deps` change, then
 * "Show more" appends the next page after the cursor. An answer that arrives after `deps` changed
 * again is dropped, so a slow old page never replaces a newer list. A list shown under what its
 * first page also tells (a report's totals, a file's columns) keeps that as the `head`.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "../errors";

/** One page as the list needs it: its items and the cursor of the next page (null: the last page). */
export type Page<T, H = never> = { items: T[]; nextCursor: string | null; head?: H };

export type PagedList<T, H = never> = {
  items: T[];
  /** What the first page told beside its items; null until it is loaded (and after it failed). */
  head: H | null;
  /** The next page's cursor; null when every page is shown. */
  cursor: string | null;
  /** "loading": the first page; "more": a further page; "error": either failed (`error` says why). */
  status: "loading" | "ready" | "more" | "error";
  error: string | null;
  /** Loads the page after the cursor (nothing when there is none or one is loading). */
  more: () => void;
  /** Loads the first page again; settles once it is shown (or has failed). */
  reload: () => Promise<void>;
  /** Changes the loaded items in place (a row saved, added or removed), keeping every page shown. */
  patch: (change: (items: T[]) => T[]) => void;
};

export function usePagedList<T, H = never>(
  fetchPage: (cursor?: string) => Promise<Page<T, H>>,
  deps: unknown[],
): PagedList<T, H> {
  const [items, setItems] = useState<T[]>([]);
  const [head, setHead] = useState<H | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<PagedList<T, H>["status"]>("loading");
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
      if (!after) setHead(page.head ?? null);
      setCursor(page.nextCursor);
      setStatus("ready");
    } catch (err) {
      if (mine !== generation.current) return;
      if (!after) setHead(null);
      setError(describeError(err));
      setStatus("error");
    }
  };
  useEffect(() => {
    // Another query (filter, search, version): nothing of the last one stays on screen or in the cursor,
    // even if its first page fails. A reload of the same query keeps the list until the page arrives.
    setItems([]);
    setCursor(null);
    void load();
  }, deps);

  return {
    items,
    head,
    cursor,
    status,
    error,
    // Not while the first page reloads: the cursor is the old list's (other filters, another version).
    more: () => {
      if (cursor && (status === "ready" || status === "error")) void load(cursor);
    },
    reload: () => load(),
    patch: (change) => setItems(change),
  };
}
