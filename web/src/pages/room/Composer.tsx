import { useState } from "preact/hooks";
import type { Room } from "../../api";
import { canReplyFreely, roomWindow } from "../../channel-window";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { useClock } from "../../state/clock";
import { sendTemplate } from "../../state/room-send";
import { me } from "../../state/session";
import { memberName } from "../../state/team";
import { MessageComposer } from "./MessageComposer";
import { BlockedNotice, KeptDraft, NoteComposer, ResolvedComposer } from "./OtherComposers";
import { permissionsFor } from "./shared";
import { TemplatePicker } from "./TemplatePicker";

/**
 * The bottom of a room: a reply box inside the 24-hour window, a template picker outside it (I2),
 * a private note at any time, and the reasons nothing can be sent (resolved, blocked, someone else's).
 */
export function Composer({ room }: { room: Room }) {
  const now = useClock();
  // Issue 17: inside the window a template can be sent too ("template" mode).
  const [mode, setMode] = useState<"reply" | "template" | "note">("reply");
  const can = permissionsFor(room);
  const win = roomWindow(room, now);
  const free = canReplyFreely(win);

  if (room.status === "resolved") return <ResolvedComposer room={room} />;

  const assignee = memberName(room.assigneeId, me.value?.user?.id ?? null);
  let replyArea = null;
  if (room.contactBlocked) {
    replyArea = <BlockedNotice />;
  } else if (!can.canAct) {
    replyArea = (
      <p class="composer-notice">
        <Icon name="lock" size={16} />
        {t("This conversation is assigned to {name}. Only they, a supervisor or an admin can reply.", {
          name: assignee ?? t("another agent"),
        })}{" "}
        {t("You can still leave a private note.")}
      </p>
    );
  } else if (free && mode !== "template") {
    replyArea = (
      <>
        {win.state === "human_agent" && (
          <p class="composer-notice" data-testid="human-agent-notice">
            <Icon name="clock" size={16} />
            {t(
              "The 24-hour window has closed: your reply goes out with the HUMAN_AGENT tag, allowed for a person (not automation) until 7 days after the customer's last message.",
            )}
          </p>
        )}
        <MessageComposer room={room} />
      </>
    );
  } else if (free && win.state === "open") {
    replyArea = (
      <TemplatePicker
        channelId={room.channelId}
        contactName={room.contactName}
        intro={t("Send an approved template, e.g. an order update with its buttons.")}
        onSend={(name, language, variables, extras) => sendTemplate(name, language, variables, extras)}
        onSent={() => setMode("reply")}
        onCancel={() => setMode("reply")}
      />
    );
  } else if ((room.channelKind ?? "whatsapp") !== "whatsapp") {
    // Rule I2 (Messenger, Instagram): no templates here; past 7 days only the customer can reopen it.
    replyArea = (
      <p class="composer-notice" data-testid="window-closed-notice">
        <Icon name="lock" size={16} />
        {t("The reply window has closed. You can reply again as soon as the customer writes.")}{" "}
        {t("You can still leave a private note.")}
      </p>
    );
  } else {
    replyArea = (
      <>
        <KeptDraft roomId={room.id} />
        <TemplatePicker
          channelId={room.channelId}
          contactName={room.contactName}
          intro={
            win.state === "expired"
              ? t(
                  "The 24-hour window has closed. Only an approved template can be sent until the customer writes again.",
                )
              : t("The customer has not written yet. Start with an approved template.")
          }
          onSend={(name, language, variables, extras) => sendTemplate(name, language, variables, extras)}
        />
      </>
    );
  }

  return (
    <div class={`composer${mode === "note" ? " composer-note" : ""}`}>
      <fieldset class="composer-modes">
        <legend class="visually-hidden">{t("Write")}</legend>
        <button
          type="button"
          class={`mode${mode === "reply" ? " selected" : ""}`}
          aria-pressed={mode === "reply"}
          onClick={() => setMode("reply")}
        >
          {free || room.contactBlocked || !can.canAct ? t("Reply") : t("Template")}
        </button>
        {win.state === "open" &&
          (room.channelKind ?? "whatsapp") === "whatsapp" &&
          can.canAct &&
          !room.contactBlocked && (
            <button
              type="button"
              class={`mode${mode === "template" ? " selected" : ""}`}
              data-mode="template"
              aria-pressed={mode === "template"}
              onClick={() => setMode("template")}
            >
              <Icon name="template" size={14} />
              {t("Template")}
            </button>
          )}
        <button
          type="button"
          class={`mode${mode === "note" ? " selected" : ""}`}
          aria-pressed={mode === "note"}
          onClick={() => setMode("note")}
        >
          <Icon name="lock" size={14} />
          {t("Private note")}
        </button>
      </fieldset>
      {mode === "note" ? <NoteComposer room={room} /> : replyArea}
    </div>
  );
}
