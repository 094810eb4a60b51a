import { useEffect, useState } from "preact/hooks";
import { api, type MyInvitation } from "../api";
import { describeError } from "../errors";
import { t } from "../i18n";
import { me } from "../state/session";
import { Alert } from "./Alert";

/** The invitation's sentence per role (whole sentences, so each language orders its own words). */
const INVITED_AS = {
  admin: "{organization} invited you to join as an admin.",
  supervisor: "{organization} invited you to join as a supervisor.",
  agent: "{organization} invited you to join as an agent.",
} as const;

/**
 * Rule A4 (issue 11, finding 1): organizations that invited the signed-in person. None of them is in
 * the organization switcher until the person joins it here (or from the emailed link).
 */
export function PendingInvitations({ identityId }: { identityId: string }) {
  const [invitations, setInvitations] = useState<MyInvitation[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.myInvitations().then(
      (r) => setInvitations(r.invitations),
      () => setInvitations([]),
    );
  }, [identityId]);

  if (invitations.length === 0 && !error) return null;

  const answer = async (invitation: MyInvitation, accept: boolean) => {
    setBusy(invitation.organizationId);
    setError(null);
    try {
      if (accept) me.value = await api.acceptMyInvitation(invitation.organizationId);
      else await api.declineMyInvitation(invitation.organizationId);
      setInvitations((list) => list.filter((i) => i.organizationId !== invitation.organizationId));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="invitations" aria-label={t("Invitations")}>
      {error && <Alert tone="error">{error}</Alert>}
      {invitations.map((invitation) => (
        <div key={invitation.organizationId} class="alert alert-info invitation-row">
          <span>{t(INVITED_AS[invitation.role], { organization: invitation.organizationName })}</span>
          <button
            type="button"
            class="button button-small button-primary"
            disabled={busy !== null}
            onClick={() => void answer(invitation, true)}
          >
            {t("Join {organization}", { organization: invitation.organizationName })}
          </button>
          <button
            type="button"
            class="button button-small"
            disabled={busy !== null}
            onClick={() => void answer(invitation, false)}
          >
            {t("Decline")}
          </button>
        </div>
      ))}
    </section>
  );
}
