import type { Role } from "../api";
import { lazyPage } from "../components/Lazy";
import type { AdminSection, BroadcastSection } from "../router";

// The words below are English keys: lazyPage() says them through t() when it shows them (rule I13).

/** Pages loaded on first use: they are not part of the inbox's initial JavaScript. */
export const LazyProfile = lazyPage<Record<string, never>>(
  () => import("./profile/Profile").then((m) => m.ProfilePage),
  {
    loading: "Loading your profile…",
    failed: "The profile page could not be loaded. Check your connection and try again.",
  },
);

export const LazyAdmin = lazyPage<{ section: AdminSection; role: Role }>(
  () => import("./admin/Admin").then((m) => m.AdminPage),
  { loading: "Loading admin…", failed: "The admin pages could not be loaded. Check your connection and try again." },
);

export const LazyTemplates = lazyPage<{ page: "list" | "new"; role: Role }>(
  () => import("./templates/Templates").then((m) => m.TemplatesPage),
  {
    loading: "Loading templates…",
    failed: "The templates page could not be loaded. Check your connection and try again.",
  },
);

export const LazyReports = lazyPage<Record<string, never>>(
  () => import("./reports/Reports").then((m) => m.ReportsPage),
  {
    loading: "Loading reports…",
    failed: "The reports page could not be loaded. Check your connection and try again.",
  },
);

export const LazyContacts = lazyPage<{ contactId: string | null; role: Role }>(
  () => import("./contacts/Contacts").then((m) => m.ContactsPage),
  {
    loading: "Loading contacts…",
    failed: "The contacts page could not be loaded. Check your connection and try again.",
  },
);

export const LazyBroadcast = lazyPage<{ section: BroadcastSection; id: string | null; role: Role }>(
  () => import("./broadcast/Broadcast").then((m) => m.BroadcastPage),
  {
    loading: "Loading broadcast…",
    failed: "The broadcast pages could not be loaded. Check your connection and try again.",
  },
);

export const LazyFinance = lazyPage<{ role: Role }>(() => import("./finance/Finance").then((m) => m.FinancePage), {
  loading: "Loading billing usage…",
  failed: "The billing page could not be loaded. Check your connection and try again.",
});
