import type { Role } from "../api";
import { Alert } from "../components/Alert";
import { Icon } from "../components/Icon";
import { Link } from "../components/Link";
import { t } from "../i18n";
import { connection, online } from "../state/realtime";
import { dismissSendNotice, sendNotices } from "../state/send-notices";

/** The signed-in frame's states: the live dot, the reconnecting / offline banner, a low balance (rule I13 words). */

/** A small dot in the top bar: live, or not. */
export function ConnectionPill() {
  const state = connection.value;
  if (state === "online" || state === "connecting") {
    return (
      <span class="live-dot" title={state === "online" ? t("Live: updates arrive as they happen") : t("Connecting…")}>
        <span class="visually-hidden">{state === "online" ? t("Live") : t("Connecting")}</span>
      </span>
    );
  }
  return null;
}

/** The visible "reconnecting" / "offline" state: updates are paused, and will catch up. */
export function ConnectionBanner() {
  const state = connection.value;
  const show = state === "reconnecting" || state === "offline";
  return (
    <div class={`connection-banner${show ? " visible" : ""}`} role="status" aria-live="polite">
      {show && (
        <>
          {state === "offline" ? (
            <Icon name="wifiOff" size={18} />
          ) : (
            <span class="spinner spinner-xs" aria-hidden="true" />
          )}
          <span>
            {!online.value || state === "offline"
              ? t("You are offline. New messages will appear as soon as the connection is back.")
              : t("Reconnecting… Messages that arrive meanwhile will appear once connected.")}
          </span>
        </>
      )}
    </div>
  );
}

/** Rule B7: the WhatsApp balance is low; an admin can top up in Finance, the others are told whom to ask. */
export function LowBalanceBanner({ role }: { role: Role }) {
  return (
    <div class="balance-banner" role="status" data-testid="low-balance">
      <Icon name="wallet" size={18} />
      <span>
        <strong>{t("The WhatsApp balance is running low.")}</strong>{" "}
        {role === "admin" ? (
          <>
            {t("Top up soon, or replies and template messages will stop going out.")}{" "}
            <Link href="/finance">{t("Top up in Finance")}</Link>
          </>
        ) : (
          t("Ask an admin to top up soon, or replies and template messages will stop going out.")
        )}
      </span>
    </div>
  );
}

/** A reply or file that failed after the agent left its room: which room, why, and where the words are now. */
export function SendNotices() {
  const list = sendNotices.value;
  if (list.length === 0) return null;
  return (
    <section class="shell-alert send-notices" aria-label={t("Messages that were not sent")} data-testid="send-notices">
      {list.map((notice) => (
        <Alert key={notice.id} tone="error">
          {notice.text}{" "}
          <Link href={`/rooms/${encodeURIComponent(notice.roomId)}`} onNavigate={() => dismissSendNotice(notice.id)}>
            {t("Open the conversation")}
          </Link>{" "}
          <button type="button" class="link-button" onClick={() => dismissSendNotice(notice.id)}>
            {t("Dismiss")}
          </button>
        </Alert>
      ))}
    </section>
  );
}
