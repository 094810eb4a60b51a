import { useState } from "preact/hooks";
import type { Me, Role } from "../api";
import { Alert } from "../components/Alert";
import { Logo } from "../components/Logo";
import { OrganizationSwitcher } from "../components/OrganizationSwitcher";
import { describeError } from "../errors";
import { navigate } from "../router";
import { signOut, switchOrganization } from "../state/session";
import { useTitle } from "../title";

const ROLE_LABELS: Record<Role, string> = { admin: "Admin", supervisor: "Supervisor", agent: "Agent" };

/** The signed-in frame: who and where you are, and the inbox. */
export function AppShell({ me }: { me: Me }) {
  useTitle(`Inbox · ${me.organization.name}`);
  const [busy, setBusy] = useState<"switching" | "signing-out" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const onSwitch = async (organizationId: string) => {
    setBusy("switching");
    setError(null);
    try {
      await switchOrganization(organizationId);
      const name = me.organizations.find((o) => o.id === organizationId)?.name;
      setAnnouncement(name ? `Switched to ${name}.` : "Switched organization.");
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
  const role = ROLE_LABELS[me.organization.role];

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <div class="topbar-brand">
          <Logo />
          <span class="visually-hidden">Edge Inbox,</span>
          <OrganizationSwitcher
            current={me.organization}
            organizations={me.organizations}
            busy={busy === "switching"}
            onSwitch={onSwitch}
          />
        </div>
        <div class="topbar-account">
          <p class="account">
            <span class="account-name">{name}</span>
            <span class="role-badge">{role}</span>
          </p>
          <button type="button" class="button button-quiet" onClick={onSignOut} disabled={busy === "signing-out"}>
            {busy === "signing-out" ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </header>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      <main id="main" class="shell-main" tabIndex={-1}>
        {error && <Alert tone="error">{error}</Alert>}
        <h1 tabIndex={-1}>Inbox</h1>
        <section class="empty-state" aria-labelledby="empty-inbox-title">
          <svg class="empty-state-art" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">
            <path d="M10 22h44v26H10z" fill="none" stroke="currentColor" stroke-width="3" stroke-linejoin="round" />
            <path
              d="M10 36h13l3 5h12l3-5h13"
              fill="none"
              stroke="currentColor"
              stroke-width="3"
              stroke-linejoin="round"
            />
            <path d="M20 14l4 5M32 10v8M44 14l-4 5" stroke="currentColor" stroke-width="3" stroke-linecap="round" />
          </svg>
          <h2 id="empty-inbox-title">No conversations yet</h2>
          <p>
            Conversations with your customers will show up here. The inbox itself is still being built: it arrives with
            the rooms feature, so there is nothing to answer yet.
          </p>
        </section>
      </main>
    </div>
  );
}
