import { useState } from "preact/hooks";
import { ApiError, api } from "../api";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { Link } from "../components/Link";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { describeError } from "../errors";
import { useFormSubmit } from "../hooks";
import { t } from "../i18n";
import { navigate, queryParam } from "../router";
import { loadSession, notice } from "../state/session";

export function ResetPasswordPage() {
  const token = queryParam("token");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const { form, onSubmit, submitting, error, fields } = useFormSubmit(
    () => newPasswordProblems(password, repeat),
    async () => {
      await api.resetPassword(token ?? "", password);
      // A reset signs out every session of that account, possibly this browser's: ask again who is here.
      await loadSession();
      notice.value = t("Your password has been changed. Sign in with your new password.");
      navigate("/login", { replace: true });
    },
  );

  if (!token) {
    return (
      <AuthLayout
        footer={{ href: "/forgot-password", label: t("Ask for a new reset link") }}
        title={t("Choose a new password")}
      >
        <Alert tone="error">
          {t("This page needs the link from your reset email, and this address has no reset token.")}
        </Alert>
      </AuthLayout>
    );
  }

  const tokenRejected = error instanceof ApiError && error.code === "reset_token_invalid";

  return (
    <AuthLayout
      footer={{ href: "/login", label: t("Back to sign in") }}
      title={t("Choose a new password")}
      intro={t("Pick a password you don't use anywhere else.")}
    >
      {error !== null && (
        <Alert tone="error">
          {describeError(error)}
          {tokenRejected && (
            <>
              {" "}
              <Link href="/forgot-password">{t("Ask for a new reset link")}</Link>
            </>
          )}
        </Alert>
      )}
      <form ref={form} class="form" onSubmit={onSubmit} noValidate aria-busy={submitting}>
        <NewPasswordFields
          labels={[t("New password"), t("Repeat new password")]}
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          fields={fields}
        />
        <button type="submit" class="button button-primary button-block" disabled={submitting}>
          {submitting ? t("Saving…") : t("Set new password")}
        </button>
      </form>
    </AuthLayout>
  );
}
