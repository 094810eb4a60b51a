import { useEffect, useId, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import "./account-menu.css";
import type { Me, Role } from "../api";
import { type Availability, profileApi } from "../api-profile";
import { describeError } from "../errors";
import { me as session } from "../state/session";
import { Avatar } from "./Avatar";
import { Link } from "./Link";

const ROLE_LABELS: Record<Role, string> = { admin: "Admin", supervisor: "Supervisor", agent: "Agent" };
export const AVAILABILITY_LABELS: Record<Availability, string> = { online: "Online", away: "Away", offline: "Offline" };
const CHOICES: { value: Availability; hint: string }[] = [
  { value: "online", hint: "New conversations may be assigned to you" },
  { value: "away", hint: "Keep working; no new conversations come to you" },
  { value: "offline", hint: "Not taking conversations" },
];

/**
 * The header's account menu: who you are, your availability (rule I12: online, away, offline; what
 * automatic assignment and supervisors go by) and the way to your profile. A disclosure: Enter or
 * Space opens it, the arrow keys move between the choices, Escape closes it and gives focus back.
 */
export function AccountMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const name = me.user?.name ?? "API key";
  const role = me.organization.role;
  // Shown at once when chosen; put back if the API refuses it.
  const [pending, setPending] = useState<Availability | null>(null);
  const availability = pending ?? me.availability ?? "online";

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLInputElement>("input:checked, a")?.focus();
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("mousedown", outside);
    document.addEventListener("keydown", onEscape, true);
    return () => {
      document.removeEventListener("mousedown", outside);
      document.removeEventListener("keydown", onEscape, true);
    };
  }, [open]);

  const choose = async (next: Availability) => {
    if (next === availability || busy) return;
    setBusy(true);
    setError(null);
    setPending(next);
    try {
      const saved = await profileApi.setAvailability(next);
      if (session.value) session.value = { ...session.value, availability: saved.availability };
    } catch (err) {
      setError(describeError(err));
    } finally {
      setPending(null);
      setBusy(false);
    }
  };

  return (
    <div class="account-menu">
      <button
        ref={button}
        type="button"
        class="account-menu-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={
          me.user
            ? t("Account: {name}, {availability}", { name, availability: t(AVAILABILITY_LABELS[availability]) })
            : t("Account: {name}", { name })
        }
        onClick={() => setOpen(!open)}
      >
        <span class="account-avatar">
          <Avatar name={name} size="sm" />
          {me.user && <span class={`availability-dot availability-${availability}`} aria-hidden="true" />}
        </span>
        <span class="account-name">{name}</span>
        <span class="role-badge">{t(ROLE_LABELS[role])}</span>
      </button>
      {open && (
        <div ref={panel} id={id} class="account-panel">
          <p class="account-panel-who">
            <strong>{name}</strong>
            {me.user && <span class="muted small">{me.user.email}</span>}
          </p>
          {me.user && (
            <fieldset class="availability-choices" aria-busy={busy}>
              <legend>{t("Your availability")}</legend>
              {CHOICES.map((c) => (
                <label key={c.value} class="availability-choice">
                  <input
                    type="radio"
                    name={`${id}-availability`}
                    value={c.value}
                    checked={availability === c.value}
                    onChange={() => void choose(c.value)}
                  />
                  <span class={`availability-dot availability-${c.value}`} aria-hidden="true" />
                  <span>
                    {t(AVAILABILITY_LABELS[c.value])}
                    <span class="field-hint">{t(c.hint)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {busy && (
            <p class="muted small" role="status">
              {t("Saving…")}
            </p>
          )}
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          {me.user && (
            <Link href="/profile" class="button button-quiet account-profile-link" onNavigate={() => setOpen(false)}>
              {t("Profile and notifications")}
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
