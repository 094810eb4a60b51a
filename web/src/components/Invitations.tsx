import { useEffect, useState } from "preact/hooks";
import { api, type MyInvitation } from "../api";
import { describeError } from "../errors";
import { me } from "../state/session";
import { Alert } from "./Alert";

const ROLE_NAMES = { admin: "an admin", supervisor: "a supervisor", agent: "an agent" } as const;

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
    <section class="invitations" aria-label="Invitations">
      {error && <Alert tone="error">{error}</Alert>}
      {invitations.map((invitation) => (
        <div key={invitation.organizationId} class="alert alert-info invitation-row">
          <span>
            {invitation.organizationName} invited you to join as {ROLE_NAMES[invitation.role]}.
          </span>
          <button
            type="button"
            class="button button-small button-primary"
            disabled={busy !== null}
            onClick={() => void answer(invitation, true)}
          >
            Join {invitation.organizationName}
          </button>
          <button
            type="button"
            class="button button-small"
            disabled={busy !== null}
            onClick={() => void answer(invitation, false)}
          >
            Decline
          </button>
        </div>
      ))}
    </section>
  );
}
