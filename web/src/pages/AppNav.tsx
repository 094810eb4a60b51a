import type { Role } from "../api";
import { Icon } from "../components/Icon";
import { Link } from "../components/Link";
import { t } from "../i18n";
import type { AppRoute } from "../router";

/** The top bar's navigation: the pages this role may open, the current one marked. */
export function AppNav({ role, route }: { role: Role; route: AppRoute["name"] }) {
  const isInbox = route === "inbox";
  const isAdminPage = route === "admin";
  const canAdmin = role !== "agent";
  return (
    <nav class="topnav" aria-label={t("Main")}>
      <Link href="/" class={`topnav-link${isInbox ? " active" : ""}`} current={isInbox} label={t("Inbox")}>
        <Icon name="inbox" size={18} />
        <span>{t("Inbox")}</span>
      </Link>
      <Link
        href="/contacts"
        class={`topnav-link${route === "contacts" ? " active" : ""}`}
        current={route === "contacts"}
        label={t("Contacts")}
      >
        <Icon name="users" size={18} />
        <span>{t("Contacts")}</span>
      </Link>
      {canAdmin && (
        <Link
          href="/templates"
          class={`topnav-link${route === "templates" ? " active" : ""}`}
          current={route === "templates"}
          label={t("Templates")}
        >
          <Icon name="template" size={18} />
          <span>{t("Templates")}</span>
        </Link>
      )}
      {canAdmin && (
        <Link
          href="/reports"
          class={`topnav-link${route === "reports" ? " active" : ""}`}
          current={route === "reports"}
          label={t("Reports")}
        >
          <Icon name="chart" size={18} />
          <span>{t("Reports")}</span>
        </Link>
      )}
      {role === "admin" && (
        <Link
          href="/broadcast/lists"
          class={`topnav-link${route === "broadcast" ? " active" : ""}`}
          current={route === "broadcast"}
          label={t("Broadcast")}
        >
          <Icon name="send" size={18} />
          <span>{t("Broadcast")}</span>
        </Link>
      )}
      {role === "admin" && (
        <Link
          href="/finance"
          class={`topnav-link${route === "finance" ? " active" : ""}`}
          current={route === "finance"}
          label={t("Finance")}
        >
          <Icon name="wallet" size={18} />
          <span>{t("Finance")}</span>
        </Link>
      )}
      <Link
        href={role === "admin" ? "/admin/users" : role === "supervisor" ? "/admin/settings" : "/admin/my-quick-replies"}
        class={`topnav-link${isAdminPage ? " active" : ""}`}
        current={isAdminPage}
        label={role === "admin" ? t("Admin") : t("Settings")}
      >
        <Icon name="settings" size={18} />
        <span>{role === "admin" ? t("Admin") : t("Settings")}</span>
      </Link>
    </nav>
  );
}
