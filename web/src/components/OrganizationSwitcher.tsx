import { useRef, useState } from "preact/hooks";
import type { Organization } from "../api";
import { t } from "../i18n";

interface OrganizationSwitcherProps {
  current: Organization;
  organizations: Organization[];
  busy: boolean;
  onSwitch: (organizationId: string) => void;
}

/** Keys that move a closed select's choice without opening it (Chrome on Windows and Linux). */
const MOVING_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

/**
 * The organization name, or a picker when the user belongs to more than one. A pick with the mouse
 * switches at once; a choice moved to with the keys switches on Enter, so that arrowing past an
 * organization does not leave the one the user is working in (Escape or leaving the picker keeps it).
 */
export function OrganizationSwitcher({ current, organizations, busy, onSwitch }: OrganizationSwitcherProps) {
  // While the switch is on its way the picker shows the organization picked, not the one being left.
  const [picked, setPicked] = useState<string | null>(null);
  const [keyed, setKeyed] = useState<string | null>(null);
  const byKeys = useRef(false);
  if (organizations.length <= 1) {
    return <span class="org-name">{current.name}</span>;
  }
  const switchTo = (organizationId: string) => {
    setKeyed(null);
    if (organizationId === current.id) return;
    setPicked(organizationId);
    onSwitch(organizationId);
  };
  return (
    <div class="org-switcher">
      <label for="org-switcher" class="visually-hidden">
        {t("Organization")}
      </label>
      <select
        id="org-switcher"
        value={busy && picked ? picked : (keyed ?? current.id)}
        disabled={busy}
        aria-busy={busy}
        onPointerDown={() => {
          byKeys.current = false;
        }}
        onKeyDown={(event) => {
          byKeys.current = MOVING_KEYS.has(event.key) || event.key.length === 1;
          // Only a change this very key makes counts as keyed: a key that moved nothing leaves no mark.
          setTimeout(() => {
            byKeys.current = false;
          }, 0);
          if (event.key === "Enter" && keyed) switchTo(keyed);
          if (event.key === "Escape") setKeyed(null);
        }}
        onBlur={() => setKeyed(null)}
        onChange={(event) => {
          const chosen = event.currentTarget.value;
          if (byKeys.current) setKeyed(chosen);
          else switchTo(chosen);
          byKeys.current = false;
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
