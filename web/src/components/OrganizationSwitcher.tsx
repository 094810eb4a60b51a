import { useState } from "preact/hooks";
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
  // While the switch is on its way the picker shows the organization picked, not the one being left.
  const [picked, setPicked] = useState<string | null>(null);
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
        value={busy && picked ? picked : current.id}
        disabled={busy}
        aria-busy={busy}
        onChange={(event) => {
          setPicked(event.currentTarget.value);
          onSwitch(event.currentTarget.value);
        }}
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
