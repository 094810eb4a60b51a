import { useState } from "preact/hooks";
import { api, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { AssignmentCard } from "./Assignment";
import { AdminSection, useResource } from "./common";

/** Rule I4: auto-resolve expired conversations (admin), and "resolve all expired" now (supervisor, admin). */
export function SettingsPage({ role }: { role: Role }) {
  const settings = useResource(() => api.settings());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [resolving, setResolving] = useState(false);
  const [resolveResult, setResolveResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const isAdmin = role === "admin";

  const toggle = async (value: boolean) => {
    const previous = settings.data;
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    // Show the choice at once; put it back if the API refuses it.
    settings.set({ autoResolveExpired: value });
    try {
      const next = await api.saveSettings({ autoResolveExpired: value });
      settings.set(next);
      setSaved(
        next.autoResolveExpired
          ? t("Saved. Conversations are now resolved as soon as their 24-hour window expires.")
          : t("Saved. Expired conversations stay open until someone resolves them."),
      );
    } catch (error) {
      if (previous) settings.set(previous);
      setSaveError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  const resolveAll = async () => {
    setResolving(true);
    setResolveResult(null);
    try {
      const { resolved } = await api.resolveExpired();
      setResolveResult({
        tone: "success",
        text:
          resolved === 0
            ? t("No conversation had an expired window.")
            : resolved === 1
              ? t("Resolved 1 conversation.")
              : t("Resolved {count} conversations.", { count: resolved }),
      });
    } catch (error) {
      setResolveResult({ tone: "error", text: describeError(error) });
    } finally {
      setResolving(false);
    }
  };

  return (
    <AdminSection title={t("Settings")} intro={t("How conversations are handled in this organization.")}>
      <section class="admin-card" aria-labelledby="auto-resolve-title">
        <h2 id="auto-resolve-title">{t("Expired conversations")}</h2>
        <p class="muted small">
          {t(
            "A conversation's 24-hour window closes 24 hours after the customer's last message. After that only templates can be sent.",
          )}
        </p>
        {settings.status === "loading" ? (
          <Loading label={t("Loading settings…")} />
        ) : settings.status === "error" && !settings.data ? (
          <Failed message={settings.error ?? ""} onRetry={() => void settings.reload()} />
        ) : (
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              checked={settings.data?.autoResolveExpired ?? false}
              aria-checked={settings.data?.autoResolveExpired ?? false}
              disabled={!isAdmin || saving}
              aria-busy={saving}
              onChange={(event) => void toggle(event.currentTarget.checked)}
              aria-describedby="auto-resolve-hint"
            />
            <span class="switch-track" aria-hidden="true" />
            <span>
              <strong>{t("Resolve conversations automatically when their window expires")}</strong>
              <span id="auto-resolve-hint" class="field-hint">
                {isAdmin
                  ? t("Nobody needs to click: each one is resolved the moment it expires.")
                  : t("Only admins change this.")}
              </span>
            </span>
          </label>
        )}
        {saveError && <Alert tone="error">{saveError}</Alert>}
        {saved && !saveError && <Alert tone="success">{saved}</Alert>}
        <div class="settings-action">
          <div>
            <p class="settings-action-title">{t("Resolve all expired conversations now")}</p>
            <p class="muted small">{t("Every unresolved conversation whose window has closed is resolved at once.")}</p>
          </div>
          <button type="button" class="button" onClick={resolveAll} disabled={resolving}>
            {resolving ? t("Resolving…") : t("Resolve all expired")}
          </button>
        </div>
        {resolveResult && <Alert tone={resolveResult.tone}>{resolveResult.text}</Alert>}
      </section>
      <AssignmentCard role={role} />
    </AdminSection>
  );
}
