import { useEffect, useState } from "preact/hooks";
import type { Me, Role } from "../api";
import { AccountMenu } from "../components/AccountMenu";
import { Alert } from "../components/Alert";
import { CallWidget } from "../components/call/CallWidget";
import { Icon } from "../components/Icon";
import { PendingInvitations } from "../components/Invitations";
import { lazyPage } from "../components/Lazy";
import { Link } from "../components/Link";
import { Logo } from "../components/Logo";
import { OrganizationSwitcher } from "../components/OrganizationSwitcher";
import { describeError } from "../errors";
import { t } from "../i18n";
import { type AdminSection, appRoute, type BroadcastSection, navigate } from "../router";
import { lowBalance, startBalanceWatch, stopBalanceWatch } from "../state/billing";
import { resetCalls } from "../state/calls";
import { ensureViewAllowed, startInbox, stopInbox } from "../state/inbox";
import { resetLibrary } from "../state/library";
import { askPermission, permission } from "../state/notify";
import { connection, online, setSessionEndedHandler, setTroubleHandler } from "../state/realtime";
import { closeRoom } from "../state/room";
import { refreshMe, sessionEnded, signOut, switchOrganization } from "../state/session";
import { resetTeam } from "../state/team";
import { InboxLayout } from "./Inbox";

setTroubleHandler(() => void refreshMe());
setSessionEndedHandler(sessionEnded);

/** The signed-in frame: who and where you are, the connection, and the inbox or the admin pages. */
export function AppShell({ me }: { me: Me }) {
  const [busy, setBusy] = useState<"switching" | "signing-out" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const route = appRoute.value;
  const role = me.organization.role;

  // The inbox and its feed belong to one user in one organization.
  useEffect(() => {
    ensureViewAllowed();
    startInbox();
    startBalanceWatch();
    return () => {
      stopBalanceWatch();
      resetCalls();
      closeRoom();
      stopInbox();
      resetTeam();
      resetLibrary();
    };
  }, [me.organization.id, me.user?.id]);

  const onSwitch = async (organizationId: string) => {
    setBusy("switching");
    setError(null);
    try {
      await switchOrganization(organizationId);
      const name = me.organizations.find((o) => o.id === organizationId)?.name;
      setAnnouncement(name ? t("Switched to {name}.", { name }) : t("Switched organization."));
      navigate("/", { replace: true });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const onSignOut = async () => {
    setBusy("signing-out");
    setError(null);
    try {
      await signOut();
      navigate("/login", { replace: true });
    } catch (err) {
      setError(describeError(err));
      setBusy(null);
    }
  };

  const isAdminPage = route.name === "admin";
  const isInbox = route.name === "inbox";
  const canAdmin = role !== "agent";

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <div class="topbar-brand">
          <Link href="/" class="brand-link" label={t("Edge Inbox, go to the inbox")}>
            <Logo />
          </Link>
          <OrganizationSwitcher
            current={me.organization}
            organizations={me.organizations}
            busy={busy === "switching"}
            onSwitch={onSwitch}
          />
        </div>
        <nav class="topnav" aria-label={t("Main")}>
          <Link href="/" class={`topnav-link${isInbox ? " active" : ""}`} current={isInbox} label={t("Inbox")}>
            <Icon name="inbox" size={18} />
            <span>{t("Inbox")}</span>
          </Link>
          <Link
            href="/contacts"
            class={`topnav-link${route.name === "contacts" ? " active" : ""}`}
            current={route.name === "contacts"}
            label={t("Contacts")}
          >
            <Icon name="users" size={18} />
            <span>{t("Contacts")}</span>
          </Link>
          {canAdmin && (
            <Link
              href="/templates"
              class={`topnav-link${route.name === "templates" ? " active" : ""}`}
              current={route.name === "templates"}
              label={t("Templates")}
            >
              <Icon name="template" size={18} />
              <span>{t("Templates")}</span>
            </Link>
          )}
          {canAdmin && (
            <Link
              href="/reports"
              class={`topnav-link${route.name === "reports" ? " active" : ""}`}
              current={route.name === "reports"}
              label={t("Reports")}
            >
              <Icon name="chart" size={18} />
              <span>{t("Reports")}</span>
            </Link>
          )}
          {role === "admin" && (
            <Link
              href="/broadcast/lists"
              class={`topnav-link${route.name === "broadcast" ? " active" : ""}`}
              current={route.name === "broadcast"}
              label={t("Broadcast")}
            >
              <Icon name="send" size={18} />
              <span>{t("Broadcast")}</span>
            </Link>
          )}
          {role === "admin" && (
            <Link
              href="/finance"
              class={`topnav-link${route.name === "finance" ? " active" : ""}`}
              current={route.name === "finance"}
              label={t("Finance")}
            >
              <Icon name="wallet" size={18} />
              <span>{t("Finance")}</span>
            </Link>
          )}
          <Link
            href={
              role === "admin" ? "/admin/users" : role === "supervisor" ? "/admin/settings" : "/admin/my-quick-replies"
            }
            class={`topnav-link${isAdminPage ? " active" : ""}`}
            current={isAdminPage}
            label={role === "admin" ? t("Admin") : t("Settings")}
          >
            <Icon name="settings" size={18} />
            <span>{role === "admin" ? t("Admin") : t("Settings")}</span>
          </Link>
        </nav>
        <div class="topbar-account">
          <ConnectionPill />
          {permission.value === "default" && (
            <button
              type="button"
              class="icon-button"
              onClick={() => void askPermission()}
              aria-label={t("Turn on notifications")}
              title={t("Turn on notifications for new messages")}
            >
              <Icon name="bell" />
            </button>
          )}
          <AccountMenu me={me} />
          <button
            type="button"
            class="button button-quiet button-signout"
            onClick={onSignOut}
            disabled={busy === "signing-out"}
            aria-label={busy === "signing-out" ? t("Signing out…") : t("Sign out")}
          >
            <Icon name="logout" size={18} />
            <span class="button-signout-text">{busy === "signing-out" ? t("Signing out…") : t("Sign out")}</span>
          </button>
        </div>
      </header>
      <ConnectionBanner />
      {me.user && <PendingInvitations identityId={me.user.id} />}
      {isInbox && lowBalance.value && <LowBalanceBanner role={role} />}
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {error && (
        <div class="shell-alert">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
      <main id="main" class="workspace" tabIndex={-1}>
        {route.name === "admin" ? (
          <LazyAdmin section={route.section} role={role} />
        ) : route.name === "templates" ? (
          <LazyTemplates page={route.page} role={role} />
        ) : route.name === "finance" ? (
          <LazyFinance role={role} />
        ) : route.name === "contacts" ? (
          <LazyContacts contactId={route.id} role={role} />
        ) : route.name === "reports" && canAdmin ? (
          <LazyReports />
        ) : route.name === "broadcast" ? (
          <LazyBroadcast section={route.section} id={route.id} role={role} />
        ) : route.name === "profile" && me.user ? (
          <LazyProfile />
        ) : (
          <InboxLayout roomId={route.name === "inbox" ? route.roomId : null} />
        )}
      </main>
      {me.user && <CallWidget />}
    </div>
  );
}

/** A small dot in the top bar: live, or not. */
function ConnectionPill() {
  const state = connection.value;
  if (state === "online" || state === "connecting") {
    return (
      <span class="live-dot" title={state === "online" ? t("Live: updates arrive as they happen") : t("Connecting…")}>
        <span class="visually-hidden">{state === "online" ? t("Live") : t("Connecting")}</span>
      </span>
    );
  }
  return null;
}

/** The visible "reconnecting" / "offline" state: updates are paused, and will catch up. */
function ConnectionBanner() {
  const state = connection.value;
  const show = state === "reconnecting" || state === "offline";
  return (
    <div class={`connection-banner${show ? " visible" : ""}`} role="status" aria-live="polite">
      {show && (
        <>
          {state === "offline" ? (
            <Icon name="wifiOff" size={18} />
          ) : (
            <span class="spinner spinner-xs" aria-hidden="true" />
          )}
          <span>
            {!online.value || state === "offline"
              ? t("You are offline. New messages will appear as soon as the connection is back.")
              : t("Reconnecting… Messages that arrive meanwhile will appear once connected.")}
          </span>
        </>
      )}
    </div>
  );
}

/** Rule B7: the WhatsApp balance is low; an admin can top up in Finance, the others are told whom to ask. */
function LowBalanceBanner({ role }: { role: Role }) {
  return (
    <div class="balance-banner" role="status" data-testid="low-balance">
      <Icon name="wallet" size={18} />
      <span>
        <strong>{t("The WhatsApp balance is running low.")}</strong>{" "}
        {role === "admin" ? (
          <>
            Top up soon, or replies and template messages will stop going out.{" "}
            <Link href="/finance">{t("Top up in Finance")}</Link>
          </>
        ) : (
          t("Ask an admin to top up soon, or replies and template messages will stop going out.")
        )}
      </span>
    </div>
  );
}

/** Pages loaded on first use: they are not part of the inbox's initial JavaScript. */
const LazyProfile = lazyPage<Record<string, never>>(() => import("./profile/Profile").then((m) => m.ProfilePage), {
  loading: "Loading your profile…",
  failed: "The profile page could not be loaded. Check your connection and try again.",
});

const LazyAdmin = lazyPage<{ section: AdminSection; role: Role }>(
  () => import("./admin/Admin").then((m) => m.AdminPage),
  { loading: "Loading admin…", failed: "The admin pages could not be loaded. Check your connection and try again." },
);

const LazyTemplates = lazyPage<{ page: "list" | "new"; role: Role }>(
  () => import("./templates/Templates").then((m) => m.TemplatesPage),
  {
    loading: "Loading templates…",
    failed: "The templates page could not be loaded. Check your connection and try again.",
  },
);

const LazyReports = lazyPage<Record<string, never>>(() => import("./reports/Reports").then((m) => m.ReportsPage), {
  loading: "Loading reports…",
  failed: "The reports page could not be loaded. Check your connection and try again.",
});

const LazyContacts = lazyPage<{ contactId: string | null; role: Role }>(
  () => import("./contacts/Contacts").then((m) => m.ContactsPage),
  {
    loading: "Loading contacts…",
    failed: "The contacts page could not be loaded. Check your connection and try again.",
  },
);

const LazyBroadcast = lazyPage<{ section: BroadcastSection; id: string | null; role: Role }>(
  () => import("./broadcast/Broadcast").then((m) => m.BroadcastPage),
  {
    loading: "Loading broadcast…",
    failed: "The broadcast pages could not be loaded. Check your connection and try again.",
  },
);

const LazyFinance = lazyPage<{ role: Role }>(() => import("./finance/Finance").then((m) => m.FinancePage), {
  loading: "Loading billing usage…",
  failed: "The billing page could not be loaded. Check your connection and try again.",
});
