import { useState } from "preact/hooks";
import { api } from "../api";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { Link } from "../components/Link";
import { describeError } from "../errors";
import { useFormSubmit } from "../hooks";
import { t } from "../i18n";
import { queryParam } from "../router";
import { emailProblem } from "../validate";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState(() => queryParam("email") ?? "");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { form, onSubmit, submitting, error, fields } = useFormSubmit(
    (): Record<string, string> => {
      const issue = emailProblem(email);
      return issue ? { email: issue } : {};
    },
    async () => {
      await api.forgotPassword(email.trim());
      setSentTo(email.trim());
    },
  );

  if (sentTo) {
    return (
      <AuthLayout title={t("Check your email")}>
        <Alert tone="success">
          {t("If {email} has an account, we sent it a link to choose a new password. The link works for 30 minutes.", {
            email: sentTo,
          })}
        </Alert>
        <p class="muted">{t("Nothing arrived? Check the spam folder, or ask for another link.")}</p>
        <div class="actions">
          <button type="button" class="button" onClick={() => setSentTo(null)}>
            {t("Send another link")}
          </button>
          <Link href="/login" class="button button-primary">
            {t("Back to sign in")}
          </Link>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      footer={{ href: "/login", label: t("Back to sign in") }}
      title={t("Reset your password")}
      intro={t("Enter the email you sign in with and we'll send you a reset link.")}
    >
      {error !== null && <Alert tone="error">{describeError(error)}</Alert>}
      <form ref={form} class="form" onSubmit={onSubmit} noValidate aria-busy={submitting}>
        <Field
          label={t("Email")}
          name="email"
          type="email"
          value={email}
          onInput={setEmail}
          autoComplete="username"
          error={fields.email}
          required
        />
        <button type="submit" class="button button-primary button-block" disabled={submitting}>
          {submitting ? t("Sending…") : t("Send reset link")}
        </button>
      </form>
    </AuthLayout>
  );
}
