import { useState } from "preact/hooks";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { describeError } from "../errors";
import { useFormSubmit } from "../hooks";
import { t } from "../i18n";
import { navigate } from "../router";
import { notice, signIn } from "../state/session";
import { emailProblem } from "../validate";

export function LoginPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { form, onSubmit, submitting, error, fields } = useFormSubmit(
    () => {
      const problems: Record<string, string> = {};
      const emailIssue = emailProblem(email);
      if (emailIssue) problems.email = emailIssue;
      if (!password) problems.password = t("Enter your password.");
      return problems;
    },
    async () => {
      await signIn(email.trim(), password);
      navigate("/", { replace: true });
    },
  );

  const forgotHref = email.trim() ? `/forgot-password?email=${encodeURIComponent(email.trim())}` : "/forgot-password";

  return (
    <AuthLayout
      footer={{ href: forgotHref, label: t("Forgot your password?") }}
      title={t("Sign in")}
      intro={t("Welcome back. Sign in to answer your customers.")}
    >
      {notice.value && error === null && <Alert tone="success">{notice.value}</Alert>}
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
        <Field
          label={t("Password")}
          name="password"
          type="password"
          value={password}
          onInput={setPassword}
          autoComplete="current-password"
          error={fields.password}
          required
        />
        <button type="submit" class="button button-primary button-block" disabled={submitting}>
          {submitting ? t("Signing in…") : t("Sign in")}
        </button>
      </form>
    </AuthLayout>
  );
}
