import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type InvitationPreview } from "../api";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { describeError } from "../errors";
import { useFormSubmit } from "../hooks";
import { t } from "../i18n";
import { navigate, queryParam } from "../router";
import { me, notice } from "../state/session";

/** The invitation's sentence per role (whole sentences, so each language orders its own words). */
const INVITED_AS = {
  admin: "You are invited to {organization} as an admin, as {email}.",
  supervisor: "You are invited to {organization} as a supervisor, as {email}.",
  agent: "You are invited to {organization} as an agent, as {email}.",
} as const;

/**
 * Rules A1, A4 (issue 11, finding 1): the page of a mailed invitation. Someone new chooses their own
 * password here (nobody else ever does); someone with an account just accepts, keeping theirs.
 */
export function InvitationPage() {
  const token = queryParam("token");
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadFailed, setLoadFailed] = useState<unknown>(null);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const { form, onSubmit, submitting, error, fields } = useFormSubmit(
    () => (preview?.needsPassword ? newPasswordProblems(password, repeat) : {}),
    async () => {
      if (!token || !preview) return;
      await api.acceptInvitation(token, preview.needsPassword ? password : undefined);
      notice.value = preview.needsPassword
        ? t("You joined {organization}. Sign in with your new password to continue.", {
            organization: preview.organization.name,
          })
        : t("You joined {organization}. Sign in to continue.", { organization: preview.organization.name });
      navigate(me.value ? "/" : "/login", { replace: true });
    },
  );

  useEffect(() => {
    if (!token) return;
    api.previewInvitation(token).then(setPreview, setLoadFailed);
  }, [token]);

  if (!token || loadFailed !== null) {
    const expired = loadFailed instanceof ApiError && loadFailed.code === "invitation_invalid";
    return (
      <AuthLayout title={t("Invitation")} footer={{ href: "/login", label: t("Go to sign in") }}>
        <Alert tone="error">
          {!token
            ? t("This page needs the link from your invitation email.")
            : expired
              ? t(
                  "This invitation is invalid, already accepted, withdrawn or expired. Ask your admin to invite you again.",
                )
              : describeError(loadFailed)}
        </Alert>
      </AuthLayout>
    );
  }
  if (!preview) {
    return (
      <AuthLayout title={t("Invitation")}>
        <p role="status">{t("Loading your invitation…")}</p>
      </AuthLayout>
    );
  }

  const title = t("Join {organization}", { organization: preview.organization.name });
  return (
    <AuthLayout
      title={title}
      footer={{ href: "/login", label: t("Not now") }}
      intro={t(INVITED_AS[preview.role], { organization: preview.organization.name, email: preview.email })}
    >
      {error !== null && <Alert tone="error">{describeError(error)}</Alert>}
      <form ref={form} class="form" onSubmit={onSubmit} noValidate aria-busy={submitting}>
        {preview.needsPassword ? (
          <>
            <p class="small">
              {t("Choose your password. Only you know it: nobody at {organization} ever sees it.", {
                organization: preview.organization.name,
              })}
            </p>
            <NewPasswordFields
              labels={[t("Choose a password"), t("Repeat the password")]}
              password={password}
              repeat={repeat}
              onPassword={setPassword}
              onRepeat={setRepeat}
              fields={fields}
            />
          </>
        ) : (
          <p class="small">{t("You already have an account: you keep your password and sign in as usual.")}</p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={submitting}>
          {submitting ? t("Joining…") : title}
        </button>
      </form>
    </AuthLayout>
  );
}
