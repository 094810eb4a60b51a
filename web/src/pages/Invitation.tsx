import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type InvitationPreview } from "../api";
import { Alert } from "../components/Alert";
import { AuthLayout } from "../components/AuthLayout";
import { NewPasswordFields, newPasswordProblems } from "../components/NewPasswordFields";
import { describeError } from "../errors";
import { useFormSubmit } from "../hooks";
import { navigate, queryParam } from "../router";
import { me, notice } from "../state/session";

const ROLE_NAMES = { admin: "an admin", supervisor: "a supervisor", agent: "an agent" } as const;

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
      notice.value = `You joined ${preview.organization.name}. Sign in${preview.needsPassword ? " with your new password" : ""} to continue.`;
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
      <AuthLayout title="Invitation" footer={{ href: "/login", label: "Go to sign in" }}>
        <Alert tone="error">
          {!token
            ? "This page needs the link from your invitation email."
            : expired
              ? "This invitation is invalid, already accepted, withdrawn or expired. Ask your admin to invite you again."
              : describeError(loadFailed)}
        </Alert>
      </AuthLayout>
    );
  }
  if (!preview) {
    return (
      <AuthLayout title="Invitation">
        <p role="status">Loading your invitation…</p>
      </AuthLayout>
    );
  }

  const title = `Join ${preview.organization.name}`;
  return (
    <AuthLayout
      title={title}
      footer={{ href: "/login", label: "Not now" }}
      intro={`You are invited to ${preview.organization.name} as ${ROLE_NAMES[preview.role]}, as ${preview.email}.`}
    >
      {error !== null && <Alert tone="error">{describeError(error)}</Alert>}
      <form ref={form} class="form" onSubmit={onSubmit} noValidate aria-busy={submitting}>
        {preview.needsPassword ? (
          <>
            <p class="small">
              Choose your password. Only you know it: nobody at {preview.organization.name} ever sees it.
            </p>
            <NewPasswordFields
              labels={["Choose a password", "Repeat the password"]}
              password={password}
              repeat={repeat}
              onPassword={setPassword}
              onRepeat={setRepeat}
              fields={fields}
            />
          </>
        ) : (
          <p class="small">You already have an account: you keep your password and sign in as usual.</p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={submitting}>
          {submitting ? "Joining…" : title}
        </button>
      </form>
    </AuthLayout>
  );
}
