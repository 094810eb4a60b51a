import type { Role } from "../../api";
import { Icon, type IconName } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty } from "../../components/States";
import type { BroadcastSection } from "../../router";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { CampaignsPage } from "./Campaigns";
import { ListsPage } from "./Lists";
import "./broadcast.css";
import { t } from "../../i18n";

/** English names (the keys of t()), shown through t() at render. */
const SECTIONS: { section: BroadcastSection; label: string; icon: IconName }[] = [
  { section: "lists", label: "Lists", icon: "users" },
  { section: "campaigns", label: "Campaigns", icon: "send" },
];

/** Broadcast (rules T5-T9), admins only (A3): contact lists and campaigns. */
export function BroadcastPage({ section, id, role }: { section: BroadcastSection; id: string | null; role: Role }) {
  const current = SECTIONS.find((s) => s.section === section);
  useTitle(
    t("{section} · {organization}", {
      section: t(current?.label ?? "Broadcast"),
      organization: me.value?.organization.name ?? "",
    }),
  );
  return (
    <div class="admin-layout">
      <nav class="admin-nav" aria-label={t("Broadcast")}>
        {SECTIONS.map((s) => (
          <Link
            key={s.section}
            href={`/broadcast/${s.section}`}
            class={`admin-nav-link${s.section === section ? " active" : ""}`}
            current={s.section === section && id === null}
          >
            <Icon name={s.icon} size={18} />
            <span>{t(s.label)}</span>
          </Link>
        ))}
      </nav>
      <div class="admin-content">
        {role !== "admin" ? (
          <Empty icon="lock" title={t("Only admins can open this page")}>
            {t("Broadcasts are for admins. Ask an admin of your organization if you need one.")}
          </Empty>
        ) : section === "lists" ? (
          <ListsPage listId={id} />
        ) : (
          <CampaignsPage campaignId={id} />
        )}
      </div>
    </div>
  );
}
