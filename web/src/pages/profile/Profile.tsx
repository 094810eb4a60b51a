import { useState } from "preact/hooks";
import "./profile.css";
import { ApiError, api } from "../../api";
import { type Preferences, profileApi } from "../../api-profile";
import { Alert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { NewPasswordFields, newPasswordProblems } from "../../components/NewPasswordFields";
import { describeError } from "../../errors";
import { language, t } from "../../i18n";
import { askPermission, permission } from "../../state/notify";
import { me } from "../../state/session";
import { useTitle } from "../../title";

type Result = { tone: "success" | "error"; text: string } | null;
const DEFAULTS: Preferences = { language: null, notificationSound: false, desktopNotifications: true };

/**
 * Issue 17 item 7: your profile. Your name (rule I7: only where you administer each of your
 * organizations; otherwise an admin changes it), your password (A1: everywhere, other sessions end),
 * how new messages reach you, and your language (I13: the app speaks it at once, in every browser).
 * Everything but the password is kept on the server, so it follows you to every browser.
 */
export function ProfilePage() {
  useTitle("Profile");
  const current = me.value;
  if (!current?.user) return null;
  return (
    <div class="admin-page profile-page">
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>{t("Profile")}</h1>
          <p class="muted">
            {t("Your name, password, notifications and language, the same in every browser you use.")}
          </p>
        </div>
      </div>
      <NameCard name={current.user.name} mayEdit={current.mayEditName ?? false} />
      <PreferencesCard preferences={current.preferences ?? DEFAULTS} />
      <PasswordCard />
    </div>
  );
}

function NameCard({ name, mayEdit }: { name: string; mayEdit: boolean }) {
  const [value, setValue] = useState(name);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    if (!value.trim()) {
      setResult({ tone: "error", text: t("Enter your name.") });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      me.value = await profileApi.updateProfile({ name: value.trim() });
      setResult({ tone: "success", text: t("Your name is saved.") });
    } catch (error) {
      setResult({ tone: "error", text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="admin-card" aria-labelledby="profile-name-title">
      <h2 id="profile-name-title">{t("Name")}</h2>
      {mayEdit ? (
        <form onSubmit={save} aria-busy={busy}>
          <Field label={t("Your name")} name="name" value={value} onInput={setValue} autoComplete="name" required />
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? t("Saving…") : t("Save name")}
            </button>
          </div>
        </form>
      ) : (
        <p>
          <strong>{name}</strong>
          <span class="field-hint">{t("Only an admin of your organization can change your name.")}</span>
        </p>
      )}
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </section>
  );
}

function PreferencesCard({ preferences }: { preferences: Preferences }) {
  // Rule I13: until a language is chosen, the one the app speaks now (the browser's) is shown.
  const [draft, setDraft] = useState({ ...preferences, language: language.value });
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const saved = await profileApi.updateProfile(draft);
      me.value = saved;
      setResult({ tone: "success", text: t("Your choices are saved.") });
    } catch (error) {
      setResult({ tone: "error", text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };
  const browser = permission.value;
  return (
    <section class="admin-card" aria-labelledby="profile-notify-title">
      <h2 id="profile-notify-title">{t("Notifications and language")}</h2>
      <form onSubmit={save} aria-busy={busy}>
        <fieldset class="profile-choices">
          <legend>{t("When a customer writes while this tab is in the background")}</legend>
          <label class="profile-check">
            <input
              type="checkbox"
              checked={draft.notificationSound}
              onChange={(e) => setDraft({ ...draft, notificationSound: e.currentTarget.checked })}
            />
            {t("Play a sound")}
          </label>
          <label class="profile-check">
            <input
              type="checkbox"
              checked={draft.desktopNotifications}
              onChange={(e) => setDraft({ ...draft, desktopNotifications: e.currentTarget.checked })}
            />
            {t("Show a desktop notification")}
          </label>
          {draft.desktopNotifications && browser === "default" && (
            <p class="field-hint">
              {t("This browser has not been allowed to show notifications yet.")}{" "}
              <button type="button" class="button button-small" onClick={() => void askPermission()}>
                {t("Allow notifications")}
              </button>
            </p>
          )}
          {draft.desktopNotifications && browser === "denied" && (
            <p class="field-hint">
              {t("This browser blocks notifications for this site: allow them in its site settings.")}
            </p>
          )}
        </fieldset>
        <div class="field">
          <label for="profile-language">{t("Language")}</label>
          <select
            id="profile-language"
            value={draft.language}
            onChange={(e) => setDraft({ ...draft, language: e.currentTarget.value as typeof language.value })}
            aria-describedby="profile-language-hint"
          >
            <option value="en">English</option> {/* i18n-ignore: a language by its own name */}
            <option value="id">Bahasa Indonesia</option> {/* i18n-ignore */}
          </select>
          <p id="profile-language-hint" class="field-hint">
            {t("Kept with your account. Until you choose, the app follows your browser's language.")}
          </p>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? t("Saving…") : t("Save choices")}
          </button>
        </div>
      </form>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </section>
  );
}

function PasswordCard() {
  const [currentPassword, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    const problems = newPasswordProblems(password, repeat);
    if (!currentPassword) problems.currentPassword = t("Enter your current password.");
    setFields(problems);
    setResult(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      await api.changePassword(currentPassword, password);
      setCurrent("");
      setPassword("");
      setRepeat("");
      setResult({ tone: "success", text: t("Your password is changed. Your other sessions were signed out.") });
    } catch (error) {
      if (error instanceof ApiError && error.code === "current_password_wrong") {
        setFields({ currentPassword: describeError(error) });
      } else setResult({ tone: "error", text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="admin-card" aria-labelledby="profile-password-title">
      <h2 id="profile-password-title">{t("Password")}</h2>
      <p class="muted small">{t("One password for every organization you belong to.")}</p>
      <form onSubmit={save} aria-busy={busy} noValidate>
        <Field
          label={t("Current password")}
          name="currentPassword"
          type="password"
          value={currentPassword}
          onInput={setCurrent}
          autoComplete="current-password"
          error={fields.currentPassword}
          required
        />
        <NewPasswordFields
          labels={[t("New password"), t("New password again")]}
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          fields={fields}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? t("Changing…") : t("Change password")}
          </button>
        </div>
      </form>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </section>
  );
}
