/** The other bottoms of a room: a private note, a resolved room started again with a template (I3), a blocked contact (I6). */
import { useState } from "preact/hooks";
import { api, type Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { discardDraft, readDraft, saveDraft } from "../../state/drafts";
import { applyRoom } from "../../state/inbox";
import { setBlocked } from "../../state/room";
import { addNote } from "../../state/room-send";
import { TemplatePicker } from "./TemplatePicker";

export function BlockedNotice() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="composer-notice">
      <Icon name="ban" size={16} />
      <span>{t("This contact is blocked: their messages don't reach the inbox and you can't reply.")}</span>
      <button
        type="button"
        class="button button-small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await setBlocked(false);
          } catch (err) {
            setError(describeError(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? t("Unblocking…") : t("Unblock")}
      </button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}

export function NoteComposer({ room }: { room: Room }) {
  // Kept like a reply's draft (its own key): switching to Reply and back, or a reload, loses nothing.
  const draftKey = `note:${room.id}`;
  const [text, setText] = useState(() => readDraft(draftKey));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const value = text.trim();
    if (!value || busy) return;
    setBusy(true);
    setError(null);
    try {
      await addNote(value);
      setText("");
      discardDraft(draftKey);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="composer-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {error && <Alert tone="error">{error}</Alert>}
      <div class="composer-row">
        <textarea
          id="composer-input"
          rows={2}
          value={text}
          readOnly={busy}
          onInput={(event) => {
            setText(event.currentTarget.value);
            saveDraft(draftKey, event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void submit();
            }
          }}
          placeholder={t("A note for your team about {name}. The customer never sees it.", {
            name: room.contactName ?? t("this customer"),
          })}
          aria-label={t("Private note")}
        />
        <button type="submit" class="button button-small note-button" disabled={busy || !text.trim()}>
          {busy ? t("Adding…") : t("Add note")}
        </button>
      </div>
    </form>
  );
}

/** Rule I3: a resolved conversation starts again only with a template, which opens a new room. */
export function ResolvedComposer({ room }: { room: Room }) {
  const [starting, setStarting] = useState(false);
  if (!starting) {
    return (
      <div class="composer">
        <div class="composer-notice">
          <Icon name="resolve" size={16} />
          <span>{t("This conversation is resolved. The customer's next message opens a new one.")}</span>
          {!room.contactBlocked && (
            <button type="button" class="button button-small" onClick={() => setStarting(true)}>
              {t("Start a new conversation")}
            </button>
          )}
        </div>
      </div>
    );
  }
  return (
    <div class="composer">
      <TemplatePicker
        channelId={room.channelId}
        intro={t("A new conversation starts with an approved template.")}
        onCancel={() => setStarting(false)}
        onSend={async (templateName, language, variables, extras) => {
          const started = await api.startConversation(room.contactId, {
            channelId: room.channelId,
            templateName,
            language,
            variables,
            ...extras,
          });
          applyRoom(started.room);
          navigate(`/rooms/${encodeURIComponent(started.room.id)}`);
        }}
      />
    </div>
  );
}

/**
 * Issue 17: the reply an agent was typing when the window closed is kept (per room, across reloads),
 * shown with why it cannot go out now; it is back in the reply box when the customer writes again.
 */
export function KeptDraft({ roomId }: { roomId: string }) {
  const draft = readDraft(roomId);
  if (!draft) return null;
  return (
    <section class="kept-draft" aria-label={t("Your unsent reply")} data-testid="kept-draft">
      <p>
        <strong>{t("Your unsent reply is kept.")}</strong>{" "}
        {t(
          "It cannot be sent now: the 24-hour window has closed, so only a template can go out. It will be back in the reply box when the customer writes again.",
        )}
      </p>
      <blockquote>{draft}</blockquote>
      <button type="button" class="button button-small" onClick={() => discardDraft(roomId)}>
        {t("Discard draft")}
      </button>
    </section>
  );
}
