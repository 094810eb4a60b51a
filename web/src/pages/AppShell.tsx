import { useEffect, useState } from "preact/hooks";
import type { Me } from "../api";
import { AccountMenu } from "../components/AccountMenu";
import { Alert } from "../components/Alert";
import { CallWidget } from "../components/call/CallWidget";
import { Icon } from "../components/Icon";
import { PendingInvitations } from "../components/Invitations";
import { Link } from "../components/Link";
import { Logo } from "../components/Logo";
import { OrganizationSwitcher } from "../components/OrganizationSwitcher";
import { describeError } from "../errors";
import { t } from "../i18n";
import { appRoute, navigate } from "../router";
import { lowBalance, startBalanceWatch, stopBalanceWatch } from "../state/billing";
import { resetCalls } from "../state/calls";
import { ensureViewAllowed, startInbox, stopInbox } from "../state/inbox";
import { resetLibrary } from "../state/library";
import { askPermission, permission } from "../state/notify";
import { setSessionEndedHandler, setTroubleHandler } from "../state/realtime";
import { closeRoom } from "../state/room";
import { refreshMe, sessionEnded, signOut, switchOrganization } from "../state/session";
import { resetTeam } from "../state/team";
import { ConnectionBanner, ConnectionPill, LowBalanceBanner, SendNotices } from "./AppBanners";
import { AppNav } from "./AppNav";
import {
  LazyAdmin,
  LazyBroadcast,
  LazyContacts,
  LazyFinance,
  LazyProfile,
  LazyReports,
  LazyTemplates,
} from "./app-pages";
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
      // Send notices stay: each shows in its own organization (state/send-notices.ts).
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

  const isInbox = route.name === "inbox";
  const canAdmin = role !== "agent";

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t("Skip to main content")}
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
        <AppNav role={role} route={route.name} />
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
      <SendNotices />
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
