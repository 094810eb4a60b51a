import { useRef, useState } from "preact/hooks";
import { api } from "../api";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { describeError } from "../errors";
import { t } from "../i18n";
import { queryParam } from "../router";

/**
 * Rule A1 (issue 11, finding 1): an admin changed this person's email; the new address works only once
 * its owner confirms it here, with the account's password: the link proves the mailbox, the password
 * the account. A form, not an automatic request, so a mail scanner opening the link confirms nothing.
 */
export function ConfirmEmailPage() {
  const token = queryParam("token");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  if (!token) {
    return (
      <AuthLayout title={t("Confirm your email")} footer={{ href: "/login", label: t("Go to sign in") }}>
        <Alert tone="error">{t("This page needs the link from your confirmation email.")}</Alert>
      </AuthLayout>
    );
  }
  if (confirmed) {
    return (
      <AuthLayout title={t("Email confirmed")} footer={{ href: "/login", label: t("Go to sign in") }}>
        <Alert tone="success">
          {t("Your email is now {email}. Sign in with it from now on.", { email: confirmed })}
        </Alert>
      </AuthLayout>
    );
  }

  const confirm = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(null);
    setMissing(!password);
    if (!password) {
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      setConfirmed((await api.confirmEmail(token, password)).email);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title={t("Confirm your email")}
      footer={{ href: "/login", label: t("Back to sign in") }}
      intro={t(
        "Your account's email is being changed to this address. Until you confirm, you keep signing in with the old one.",
      )}
    >
      {error !== null && <Alert tone="error">{describeError(error)}</Alert>}
      <form class="form" onSubmit={confirm} noValidate aria-busy={busy}>
        <Field
          label={t("Your current password")}
          name="password"
          type="password"
          value={password}
          onInput={setPassword}
          autoComplete="current-password"
          hint={t("The password you sign in with today: it shows the account is yours.")}
          error={missing ? t("Enter your password.") : undefined}
          inputRef={input}
          required
        />
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t("Confirming…") : t("Confirm my new email")}
        </button>
      </form>
    </AuthLayout>
  );
}
