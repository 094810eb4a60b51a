import { useState } from "preact/hooks";
import { api } from "../api";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { Link } from "../components/Link";
import { describeError } from "../errors";
import { useFormSubmit } from "../hooks";
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
      <AuthLayout title="Check your email">
        <Alert tone="success">
          If <strong>{sentTo}</strong> has an account, we sent it a link to choose a new password. The link works for 30
          minutes.
        </Alert>
        <p class="muted">Nothing arrived? Check the spam folder, or ask for another link.</p>
        <div class="actions">
          <button type="button" class="button" onClick={() => setSentTo(null)}>
            Send another link
          </button>
          <Link href="/login" class="button button-primary">
            Back to sign in
          </Link>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      footer={{ href: "/login", label: "Back to sign in" }}
      title="Reset your password"
      intro="Enter the email you sign in with and we'll send you a reset link."
    >
      {error !== null && <Alert tone="error">{describeError(error)}</Alert>}
      <form ref={form} class="form" onSubmit={onSubmit} noValidate aria-busy={submitting}>
        <Field
          label="Email"
          name="email"
          type="email"
          value={email}
          onInput={setEmail}
          autoComplete="username"
          error={fields.email}
          required
        />
        <button type="submit" class="button button-primary button-block" disabled={submitting}>
          {submitting ? "Sending…" : "Send reset link"}
        </button>
      </form>
    </AuthLayout>
  );
}
