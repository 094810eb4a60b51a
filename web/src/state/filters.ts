/**
 * Issue 17 item 3 (rule I11): the inbox's search and filters, kept in the URL's query so a reload or a
 * shared link keeps them (`/?label=…&window=open`, also on `/rooms/:id`). The labels of the
 * organization, for the filter, the list and the room header.
 */
import { computed, signal } from "@preact/signals";
import { api, type Label } from "../api";
import { describeError } from "../errors";
import { location, navigate } from "../router";

export interface InboxFilters {
  q?: string;
  label?: string;
  agent?: string;
  channel?: string;
  window?: "open" | "closed";
  from?: string;
  to?: string;
}

const KEYS = ["q", "label", "agent", "channel", "window", "from", "to"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function read(search: string): InboxFilters {
  const params = new URLSearchParams(search);
  const out: InboxFilters = {};
  for (const key of KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === "window") {
      if (value === "open" || value === "closed") out.window = value;
    } else if (key === "from" || key === "to") {
      if (DAY.test(value)) out[key] = value;
    } else {
      out[key] = value.slice(0, 100);
    }
  }
  return out;
}

/** The filters as the URL says them. */
export const filters = computed<InboxFilters>(() => read(location.value.search));

/** The filters other than the search words. */
export const narrowing = computed(() => {
  const { q: _q, ...rest } = filters.value;
  return rest;
});
export const filtering = computed(() => Object.keys(narrowing.value).length > 0);

/** The query string of the filters (with its `?`), to keep on links between the list and a room. */
export const filterQuery = computed(() => queryOf(filters.value));

function queryOf(f: InboxFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = f[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The href of a room that keeps the list's filters. */
export const roomHref = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}${filterQuery.value}`;

/** Changes some filters (an empty value clears one); the URL is replaced, not pushed, while typing. */
export function setFilters(change: Partial<InboxFilters>, options: { replace?: boolean } = { replace: true }) {
  const next: InboxFilters = { ...filters.value, ...change };
  for (const key of KEYS) if (!next[key]) delete next[key];
  navigate(`${location.value.pathname}${queryOf(next)}`, options);
}

export function clearFilters() {
  setFilters({ label: "", agent: "", channel: "", window: undefined, from: "", to: "" }, { replace: false });
}

// ---- labels ----------------------------------------------------------------------------------------

export const labels = signal<readonly Label[]>([]);
export const labelsLoaded = signal(false);
/** Why the labels could not be loaded (the editor says so instead of "no labels yet"); null once loaded. */
export const labelsError = signal<string | null>(null);

export async function loadLabels(): Promise<void> {
  try {
    labels.value = (await api.labels()).labels;
    labelsLoaded.value = true;
    labelsError.value = null;
  } catch (err) {
    // The list keeps the labels it had; the next open of the editor tries again.
    labelsError.value = describeError(err);
  }
}

export function labelById(id: string | undefined): Label | undefined {
  return id ? labels.value.find((l) => l.id === id) : undefined;
}
