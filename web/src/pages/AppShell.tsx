import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Me, Role } from "../api";
import { Alert } from "../components/Alert";
import { Avatar } from "../components/Avatar";
import { Icon } from "../components/Icon";
import { Link } from "../components/Link";
import { Logo } from "../components/Logo";
import { OrganizationSwitcher } from "../components/OrganizationSwitcher";
import { Failed, Loading } from "../components/States";
import { describeError } from "../errors";
import { type AdminSection, appRoute, navigate } from "../router";
import { ensureViewAllowed, startInbox, stopInbox } from "../state/inbox";
import { resetLibrary } from "../state/library";
import { askPermission, permission } from "../state/notify";
import { connection, online, setTroubleHandler } from "../state/realtime";
import { closeRoom } from "../state/room";
import { refreshMe, signOut, switchOrganization } from "../state/session";
import { resetTeam } from "../state/team";
import { InboxLayout } from "./Inbox";

const ROLE_LABELS: Record<Role, string> = { admin: "Admin", supervisor: "Supervisor", agent: "Agent" };

/** How often the signed-in user is asked for again (a rename by an admin shows up, rule I7). */
const REFRESH_ME_MS = 10_000;

setTroubleHandler(() => void refreshMe());

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
    return () => {
      closeRoom();
      stopInbox();
      resetTeam();
      resetLibrary();
    };
  }, [me.organization.id, me.user?.id]);

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible") void refreshMe();
    };
    const timer = setInterval(refresh, REFRESH_ME_MS);
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, []);

  const onSwitch = async (organizationId: string) => {
    setBusy("switching");
    setError(null);
    try {
      await switchOrganization(organizationId);
      const name = me.organizations.find((o) => o.id === organizationId)?.name;
      setAnnouncement(name ? `Switched to ${name}.` : "Switched organization.");
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

  const name = me.user?.name ?? "API key";
  const isAdminPage = route.name === "admin";
  const canAdmin = role !== "agent";

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <div class="topbar-brand">
          <Link href="/" class="brand-link" label="Edge Inbox, go to the inbox">
            <Logo />
          </Link>
          <OrganizationSwitcher
            current={me.organization}
            organizations={me.organizations}
            busy={busy === "switching"}
            onSwitch={onSwitch}
          />
        </div>
        <nav class="topnav" aria-label="Main">
          <Link href="/" class={`topnav-link${isAdminPage ? "" : " active"}`} current={!isAdminPage}>
            <Icon name="inbox" size={18} />
            <span>Inbox</span>
          </Link>
          {canAdmin && (
            <Link
              href={role === "admin" ? "/admin/users" : "/admin/settings"}
              class={`topnav-link${isAdminPage ? " active" : ""}`}
              current={isAdminPage}
            >
              <Icon name="settings" size={18} />
              <span>{role === "admin" ? "Admin" : "Settings"}</span>
            </Link>
          )}
        </nav>
        <div class="topbar-account">
          <ConnectionPill />
          {permission.value === "default" && (
            <button
              type="button"
              class="icon-button"
              onClick={() => void askPermission()}
              aria-label="Turn on notifications"
              title="Turn on notifications for new messages"
            >
              <Icon name="bell" />
            </button>
          )}
          <p class="account">
            <Avatar name={name} size="sm" />
            <span class="account-name">{name}</span>
            <span class="role-badge">{ROLE_LABELS[role]}</span>
          </p>
          <button
            type="button"
            class="button button-quiet button-signout"
            onClick={onSignOut}
            disabled={busy === "signing-out"}
            aria-label={busy === "signing-out" ? "Signing out…" : "Sign out"}
          >
            <Icon name="logout" size={18} />
            <span class="button-signout-text">{busy === "signing-out" ? "Signing out…" : "Sign out"}</span>
          </button>
        </div>
      </header>
      <ConnectionBanner />
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
        ) : (
          <InboxLayout roomId={route.name === "inbox" ? route.roomId : null} />
        )}
      </main>
    </div>
  );
}

/** A small dot in the top bar: live, or not. */
function ConnectionPill() {
  const state = connection.value;
  if (state === "online" || state === "connecting") {
    return (
      <span class="live-dot" title={state === "online" ? "Live: updates arrive as they happen" : "Connecting…"}>
        <span class="visually-hidden">{state === "online" ? "Live" : "Connecting"}</span>
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
              ? "You are offline. New messages will appear as soon as the connection is back."
              : "Reconnecting… Messages that arrive meanwhile will appear once connected."}
          </span>
        </>
      )}
    </div>
  );
}

/** The admin pages are loaded on first use: they are not part of the inbox's initial JavaScript. */
type AdminModule = { AdminPage: ComponentType<{ section: AdminSection; role: Role }> };
let adminModule: AdminModule | null = null;

function LazyAdmin({ section, role }: { section: AdminSection; role: Role }) {
  const [loaded, setLoaded] = useState<AdminModule | null>(adminModule);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    setFailed(null);
    import("./admin/Admin")
      .then((module) => {
        adminModule = module;
        if (!cancelled) setLoaded(module);
      })
      .catch(() => {
        if (!cancelled) setFailed("The admin pages could not be loaded. Check your connection and try again.");
      });
    return () => {
      cancelled = true;
    };
  }, [attempt, loaded]);
  if (failed) return <Failed message={failed} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!loaded) return <Loading label="Loading admin…" />;
  const { AdminPage } = loaded;
  return <AdminPage section={section} role={role} />;
}
