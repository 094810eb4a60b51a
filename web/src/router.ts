import { computed, signal } from "@preact/signals";

/** The current location, as signals. A tiny router: no dependency, just the History API. */
export const location = signal({ pathname: window.location.pathname, search: window.location.search });

export function navigate(to: string, options: { replace?: boolean } = {}) {
  const url = new URL(to, window.location.origin);
  const current = window.location.pathname + window.location.search;
  if (url.pathname + url.search !== current) {
    if (options.replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }
  location.value = { pathname: url.pathname, search: url.search };
}

window.addEventListener("popstate", () => {
  location.value = { pathname: window.location.pathname, search: window.location.search };
});

export function queryParam(name: string): string | null {
  return new URLSearchParams(location.value.search).get(name);
}

export const ADMIN_SECTIONS = [
  "users",
  "channels",
  "api-keys",
  "quick-replies",
  "my-quick-replies",
  "settings",
  "office-hours",
  "csat",
  "webhooks",
  "security",
  "calls",
  "team",
  "labels",
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** Broadcast (rules T5-T9, admins): contact lists and campaigns; `id` opens one list or campaign. */
export const BROADCAST_SECTIONS = ["lists", "campaigns"] as const;
export type BroadcastSection = (typeof BROADCAST_SECTIONS)[number];

/** The signed-in screens: the inbox (optionally with one room open), templates, finance and the admin pages. */
export type AppRoute =
  | { name: "inbox"; roomId: string | null }
  | { name: "templates"; page: "list" | "new" }
  | { name: "finance" }
  | { name: "reports" }
  | { name: "contacts"; id: string | null }
  | { name: "admin"; section: AdminSection }
  | { name: "broadcast"; section: BroadcastSection; id: string | null }
  | { name: "profile" }
  | { name: "other" };

export function matchAppRoute(pathname: string): AppRoute {
  if (pathname === "/") return { name: "inbox", roomId: null };
  const room = /^\/rooms\/([^/]+)\/?$/.exec(pathname);
  if (room?.[1]) return { name: "inbox", roomId: decodeURIComponent(room[1]) };
  if (/^\/templates\/?$/.test(pathname)) return { name: "templates", page: "list" };
  if (/^\/templates\/new\/?$/.test(pathname)) return { name: "templates", page: "new" };
  // Finance > Billing usage (rules B1-B8); /finance alone opens it too.
  if (/^\/finance(\/billing)?\/?$/.test(pathname)) return { name: "finance" };
  if (/^\/reports\/?$/.test(pathname)) return { name: "reports" };
  if (/^\/contacts\/?$/.test(pathname)) return { name: "contacts", id: null };
  const contact = /^\/contacts\/([^/]+)\/?$/.exec(pathname);
  if (contact?.[1]) return { name: "contacts", id: decodeURIComponent(contact[1]) };
  // Issue 17 item 7: one's own profile (everyone).
  if (/^\/profile\/?$/.test(pathname)) return { name: "profile" };
  if (/^\/broadcast\/?$/.test(pathname)) return { name: "broadcast", section: "lists", id: null };
  const broadcast = /^\/broadcast\/([a-z]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  const broadcastSection = BROADCAST_SECTIONS.find((s) => s === broadcast?.[1]);
  if (broadcastSection) {
    return {
      name: "broadcast",
      section: broadcastSection,
      id: broadcast?.[2] ? decodeURIComponent(broadcast[2]) : null,
    };
  }
  if (pathname === "/admin" || pathname === "/admin/") return { name: "admin", section: "users" };
  const admin = /^\/admin\/([a-z-]+)\/?$/.exec(pathname);
  const section = ADMIN_SECTIONS.find((s) => s === admin?.[1]);
  if (section) return { name: "admin", section };
  return { name: "other" };
}

export const appRoute = computed(() => matchAppRoute(location.value.pathname));
