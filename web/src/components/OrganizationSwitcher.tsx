import type { Organization } from "../api";
import { t } from "../i18n";

interface OrganizationSwitcherProps {
  current: Organization;
  organizations: Organization[];
  busy: boolean;
  onSwitch: (organizationId: string) => void;
}

/** The organization name, or a picker when the user belongs to more than one. */
export function OrganizationSwitcher({ current, organizations, busy, onSwitch }: OrganizationSwitcherProps) {
  if (organizations.length <= 1) {
    return <span class="org-name">{current.name}</span>;
  }
  return (
    <div class="org-switcher">
      <label for="org-switcher" class="visually-hidden">
        {t("Organization")}
      </label>
      <select
        id="org-switcher"
        value={current.id}
        disabled={busy}
        aria-busy={busy}
        onChange={(event) => onSwitch(event.currentTarget.value)}
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
    </div>
  );
}
