/** The other bottoms of a room: a private note, a resolved room started again with a template (I3), a blocked contact (I6). */
import { useState } from "preact/hooks";
import { api, type Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { navigate } from "../../router";
import { applyRoom } from "../../state/inbox";
import { addNote, setBlocked } from "../../state/room";
import { TemplatePicker } from "./TemplatePicker";

export function BlockedNotice() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="composer-notice">
      <Icon name="ban" size={16} />
      <span>This contact is blocked: their messages don't reach the inbox and you can't reply.</span>
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
        {busy ? "Unblocking…" : "Unblock"}
      </button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}

export function NoteComposer({ room }: { room: Room }) {
  const [text, setText] = useState("");
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
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              void submit();
            }
          }}
          placeholder={`A note for your team about ${room.contactName ?? "this customer"}. The customer never sees it.`}
          aria-label="Private note"
        />
        <button type="submit" class="button button-small note-button" disabled={busy || !text.trim()}>
          {busy ? "Adding…" : "Add note"}
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
          <span>This conversation is resolved. The customer's next message opens a new one.</span>
          {!room.contactBlocked && (
            <button type="button" class="button button-small" onClick={() => setStarting(true)}>
              Start a new conversation
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
        intro="A new conversation starts with an approved template."
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
