import type { Role } from "../../api";
import { Icon, type IconName } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty } from "../../components/States";
import { t } from "../../i18n";
import type { AdminSection } from "../../router";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { ApiKeysPage } from "./ApiKeys";
import { TeamPage } from "./Assignment";
import { CallsPage } from "./Calls";
import { ChannelsPage } from "./Channels";
import { CsatPage } from "./Csat";
import { LabelsPage } from "./Labels";
import { OfficeHoursPage } from "./OfficeHours";
import { QuickRepliesPage } from "./QuickReplies";
import { SecurityPage } from "./Security";
import { SettingsPage } from "./Settings";
import { UsersPage } from "./Users";
import { WebhooksPage } from "./Webhooks";

/** The tabs; each label is an English sentence shown through t() (I13). */
const SECTIONS: { section: AdminSection; label: string; icon: IconName; roles: Role[] }[] = [
  { section: "users", label: "Users", icon: "users", roles: ["admin"] },
  { section: "channels", label: "Channels", icon: "plug", roles: ["admin"] },
  { section: "api-keys", label: "API keys", icon: "key", roles: ["admin"] },
  { section: "quick-replies", label: "Quick replies", icon: "zap", roles: ["admin"] },
  { section: "my-quick-replies", label: "My quick replies", icon: "zap", roles: ["admin", "supervisor", "agent"] },
  { section: "settings", label: "Settings", icon: "settings", roles: ["admin", "supervisor"] },
  { section: "calls", label: "Calls", icon: "phone", roles: ["admin", "supervisor"] },
  { section: "team", label: "Team", icon: "users", roles: ["admin", "supervisor"] },
  { section: "labels", label: "Labels", icon: "tag", roles: ["admin", "supervisor"] },
  { section: "office-hours", label: "Office hours", icon: "clock", roles: ["admin"] },
  { section: "csat", label: "CSAT", icon: "chat", roles: ["admin"] },
  { section: "webhooks", label: "Webhooks", icon: "send", roles: ["admin"] },
  { section: "security", label: "Security", icon: "shield", roles: ["admin"] },
];

/**
 * Administration (rule A3): users, channels, API keys, quick replies, office hours (I9) and security (T4)
 * for admins;
 * settings for supervisors too.
 */
export function AdminPage({ section, role }: { section: AdminSection; role: Role }) {
  const allowed = SECTIONS.filter((s) => s.roles.includes(role));
  const current = SECTIONS.find((s) => s.section === section);
  useTitle(`${t(current?.label ?? "Admin")} · ${me.value?.organization.name ?? ""}`);
  const permitted = current?.roles.includes(role) ?? false;
  return (
    <div class="admin-layout">
      <nav class="admin-nav" aria-label={t("Administration")}>
        {allowed.map((s) => (
          <Link
            key={s.section}
            href={`/admin/${s.section}`}
            class={`admin-nav-link${s.section === section ? " active" : ""}`}
            current={s.section === section}
          >
            <Icon name={s.icon} size={18} />
            <span>{t(s.label)}</span>
          </Link>
        ))}
      </nav>
      <div class="admin-content">
        {!permitted ? (
          <Empty icon="lock" title={t("Only admins can open this page")}>
            {t("Your role does not include this. Ask an admin of your organization if you need it.")}
          </Empty>
        ) : section === "users" ? (
          <UsersPage />
        ) : section === "channels" ? (
          <ChannelsPage />
        ) : section === "api-keys" ? (
          <ApiKeysPage />
        ) : section === "quick-replies" ? (
          <QuickRepliesPage key="team" />
        ) : section === "my-quick-replies" ? (
          // Keyed: the same page with another scope is another list, not this one re-rendered.
          <QuickRepliesPage key="personal" scope="personal" />
        ) : section === "security" ? (
          <SecurityPage />
        ) : section === "office-hours" ? (
          <OfficeHoursPage />
        ) : section === "csat" ? (
          <CsatPage />
        ) : section === "webhooks" ? (
          <WebhooksPage />
        ) : section === "calls" ? (
          <CallsPage role={role} />
        ) : section === "team" ? (
          <TeamPage />
        ) : section === "labels" ? (
          <LabelsPage />
        ) : (
          <SettingsPage role={role} />
        )}
      </div>
    </div>
  );
}
