import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { api, type QuickReply, type Room } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { fileSize, windowOf } from "../../format";
import { useNow } from "../../hooks";
import { navigate } from "../../router";
import { applyRoom } from "../../state/inbox";
import {
  loadQuickReplies,
  loadTemplates,
  quickReplies,
  type TemplateExtras,
  templateBody,
  templateParts,
  templates,
} from "../../state/library";
import { sendTyping } from "../../state/realtime";
import { addNote, replyTo, sendFile, sendTemplate, sendText, setBlocked } from "../../state/room";
import { me } from "../../state/session";
import { memberName } from "../../state/team";
import { snippet } from "./MessageList";
import { permissionsFor } from "./shared";

/** Unsent text per room, kept while the agent moves between conversations. */
const drafts = new Map<string, string>();

/**
 * The bottom of a room: a reply box inside the 24-hour window, a template picker outside it (I2),
 * a private note at any time, and the reasons nothing can be sent (resolved, blocked, someone else's).
 */
export function Composer({ room }: { room: Room }) {
  const now = useNow(1_000);
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const can = permissionsFor(room);
  const win = windowOf(room.windowExpiresAt, now);

  if (room.status === "resolved") return <ResolvedComposer room={room} />;

  const assignee = memberName(room.assigneeId, me.value?.user?.id ?? null);
  let replyArea = null;
  if (room.contactBlocked) {
    replyArea = <BlockedNotice />;
  } else if (!can.canAct) {
    replyArea = (
      <p class="composer-notice">
        <Icon name="lock" size={16} />
        This conversation is assigned to {assignee ?? "another agent"}. Only they, a supervisor or an admin can reply.
        You can still leave a private note.
      </p>
    );
  } else if (win.state === "open") {
    replyArea = <MessageComposer room={room} />;
  } else {
    replyArea = (
      <TemplatePicker
        channelId={room.channelId}
        intro={
          win.state === "expired"
            ? "The 24-hour window has closed. Only an approved template can be sent until the customer writes again."
            : "The customer has not written yet. Start with an approved template."
        }
        onSend={(name, language, variables, extras) => sendTemplate(name, language, variables, extras)}
      />
    );
  }

  return (
    <div class={`composer${mode === "note" ? " composer-note" : ""}`}>
      <fieldset class="composer-modes">
        <legend class="visually-hidden">Write</legend>
        <button
          type="button"
          class={`mode${mode === "reply" ? " selected" : ""}`}
          aria-pressed={mode === "reply"}
          onClick={() => setMode("reply")}
        >
          {win.state === "open" || room.contactBlocked || !can.canAct ? "Reply" : "Template"}
        </button>
        <button
          type="button"
          class={`mode${mode === "note" ? " selected" : ""}`}
          aria-pressed={mode === "note"}
          onClick={() => setMode("note")}
        >
          <Icon name="lock" size={14} />
          Private note
        </button>
      </fieldset>
      {mode === "note" ? <NoteComposer room={room} /> : replyArea}
    </div>
  );
}

function BlockedNotice() {
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

/** The quick reply being typed: "/tit" right before the caret. */
function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!match) return null;
  return { start: before.length - (match[2]?.length ?? 0) - 1, query: match[2] ?? "" };
}

function MessageComposer({ room }: { room: Room }) {
  const [text, setText] = useState(() => drafts.get(room.id) ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const lastTyping = useRef(0);
  const listId = useId();
  const reply = replyTo.value;

  useEffect(() => {
    drafts.set(room.id, text);
  }, [room.id, text]);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const slash = dismissed ? null : slashQuery(text, caret);
  useEffect(() => {
    if (slash) void loadQuickReplies();
  }, [slash !== null]);

  const matches = useMemo(() => {
    if (!slash) return [];
    const q = slash.query.toLowerCase();
    return quickReplies.value.items
      .filter((r) => r.title.toLowerCase().startsWith(q) || (q.length > 1 && r.title.toLowerCase().includes(q)))
      .slice(0, 8);
  }, [slash?.query, quickReplies.value]);
  const open = slash !== null;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  const insert = (quick: QuickReply) => {
    if (!slash) return;
    const next = `${text.slice(0, slash.start)}${quick.text}${text.slice(caret)}`;
    const position = slash.start + quick.text.length;
    setText(next);
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(position, position);
    });
  };

  const submit = () => {
    const value = text.trim();
    if (file) {
      sendFile(file, value);
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
    } else if (value) {
      sendText(value);
    } else {
      return;
    }
    setText("");
    setCaret(0);
    drafts.delete(room.id);
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (open && matches.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((activeIndex + step + matches.length) % matches.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        const chosen = matches[activeIndex];
        if (chosen) insert(chosen);
        return;
      }
    }
    if (open && event.key === "Escape") {
      event.preventDefault();
      setDismissed(true);
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onInput = (event: Event) => {
    const el = event.currentTarget as HTMLTextAreaElement;
    setText(el.value);
    setCaret(el.selectionStart ?? el.value.length);
    setDismissed(false);
    setActive(0);
    if (Date.now() - lastTyping.current > 2_500 && sendTyping(room.id)) lastTyping.current = Date.now();
  };

  const activeId = open && matches[activeIndex] ? `${listId}-${matches[activeIndex].id}` : undefined;
  const qrState = quickReplies.value;

  return (
    <form
      class="composer-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {open && (
        <div class="quick-replies" id={`${listId}-panel`}>
          <p class="quick-replies-head">
            Quick replies <span class="muted">· ↑↓ to choose, Enter to insert, Esc to close</span>
          </p>
          {qrState.status === "loading" && qrState.items.length === 0 ? (
            <p class="quick-replies-empty">Loading quick replies…</p>
          ) : qrState.status === "error" ? (
            <p class="quick-replies-empty">{qrState.error}</p>
          ) : matches.length === 0 ? (
            <p class="quick-replies-empty">
              {qrState.items.length === 0
                ? "No quick replies yet. An admin can add them under Admin › Quick replies."
                : `No quick reply starts with “/${slash?.query ?? ""}”.`}
            </p>
          ) : (
            <div role="listbox" id={listId} aria-label="Quick replies" class="quick-reply-list">
              {matches.map((quick, index) => (
                <div
                  key={quick.id}
                  id={`${listId}-${quick.id}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === activeIndex}
                  class={`quick-reply${index === activeIndex ? " active" : ""}`}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    insert(quick);
                  }}
                >
                  <span class="quick-reply-title">/{quick.title}</span>
                  <span class="quick-reply-text">{quick.text}</span>
                </div>
              ))}
            </div>
          )}
          <p class="visually-hidden" role="status">
            {matches.length > 0 ? `${matches.length} quick replies available.` : ""}
          </p>
        </div>
      )}
      {reply && (
        <div class="composer-chip">
          <Icon name="reply" size={16} />
          <span class="chip-text">
            Replying to{" "}
            <strong>
              {reply.direction === "in" ? (room.contactName ?? "customer") : (reply.authorName ?? "agent")}
            </strong>
            : {snippet(reply)}
          </span>
          <button
            type="button"
            class="icon-button icon-button-small"
            onClick={() => (replyTo.value = null)}
            aria-label="Cancel reply"
          >
            <Icon name="x" size={16} />
          </button>
        </div>
      )}
      {file && (
        <div class="composer-chip">
          <Icon name="file" size={16} />
          <span class="chip-text">
            <strong>{file.name}</strong> · {fileSize(file.size)}
            <span class="muted"> · the text below becomes its caption</span>
          </span>
          <button
            type="button"
            class="icon-button icon-button-small"
            onClick={() => {
              setFile(null);
              if (fileInput.current) fileInput.current.value = "";
            }}
            aria-label={`Remove attachment ${file.name}`}
          >
            <Icon name="x" size={16} />
          </button>
        </div>
      )}
      <div class="composer-row">
        <input
          ref={fileInput}
          id={`${listId}-file`}
          type="file"
          class="visually-hidden"
          accept="image/jpeg,image/png,video/mp4,video/3gpp,audio/*,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/plain"
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0] ?? null;
            setFile(chosen);
            input.current?.focus();
          }}
        />
        <label
          for={`${listId}-file`}
          class="icon-button attach-button"
          title="Attach a file (photo, video, audio, document)"
        >
          <Icon name="clip" />
          <span class="visually-hidden">Attach a file</span>
        </label>
        <textarea
          ref={input}
          id="composer-input"
          rows={1}
          value={text}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onClick={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
          onKeyUp={(event) => {
            if (event.key.startsWith("Arrow") && !open) setCaret(event.currentTarget.selectionStart ?? 0);
          }}
          placeholder={file ? "Add a caption (optional)" : "Reply… (/ for quick replies)"}
          aria-label="Message"
          aria-describedby={`${listId}-hint`}
          aria-controls={open ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
        />
        <button
          type="submit"
          class="send-button"
          aria-label="Send"
          title="Send (Enter)"
          disabled={!text.trim() && !file}
        >
          <Icon name="send" />
        </button>
      </div>
      <p id={`${listId}-hint`} class="composer-hint">
        Enter to send · Shift+Enter for a new line · / for quick replies
      </p>
    </form>
  );
}

function NoteComposer({ room }: { room: Room }) {
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
function ResolvedComposer({ room }: { room: Room }) {
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

/**
 * Choose an approved template, fill a field per variable (the body's, a text header's {{1}} and the
 * link suffix of each URL button that takes one, rule T3), see the message before it goes. A media
 * header goes out with the template's own sample.
 */
export function TemplatePicker({
  channelId,
  intro,
  onSend,
  onCancel,
}: {
  channelId: string;
  intro: string;
  onSend: (name: string, language: string, variables: string[], extras: TemplateExtras) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const state = templates.value;
  const usable = state.items.filter((t) => t.channelId === channelId && t.status === "APPROVED");
  const [chosenId, setChosenId] = useState<string>("");
  const [values, setValues] = useState<string[]>([]);
  const [headerValue, setHeaderValue] = useState("");
  const [buttonValues, setButtonValues] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    void loadTemplates();
  }, []);
  useEffect(() => {
    const first = usable[0];
    if (!chosenId && first) setChosenId(first.id);
  }, [usable.length]);

  const template = usable.find((t) => t.id === chosenId) ?? null;
  const body = template ? templateBody(template) : { text: "", variables: 0 };
  const fields = Array.from({ length: body.variables }, (_, i) => values[i] ?? "");
  const parts = template ? templateParts(template) : null;
  const header = parts?.header ?? { kind: "none" as const };
  const linkButtons = parts?.buttons.filter((b) => b.takesSuffix) ?? [];
  const suffixes = linkButtons.map((_, i) => buttonValues[i] ?? "");
  const complete =
    fields.every((v) => v.trim() !== "") &&
    (header.kind !== "text" || header.variables === 0 || headerValue.trim() !== "") &&
    suffixes.every((v) => v.trim() !== "");
  const reset = () => {
    setValues([]);
    setHeaderValue("");
    setButtonValues([]);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!template || !complete || busy) return;
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      const extras: TemplateExtras = {};
      if (header.kind === "text" && header.variables > 0) extras.headerVariables = [headerValue.trim()];
      if (suffixes.length > 0) extras.buttonVariables = suffixes.map((v) => v.trim());
      await onSend(
        template.name,
        template.language,
        fields.map((v) => v.trim()),
        extras,
      );
      reset();
      setSent(true);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  if (state.status === "loading" || state.status === "idle") {
    return <p class="composer-notice">Loading templates…</p>;
  }
  if (state.status === "error") {
    return (
      <div class="composer-notice" role="alert">
        <span>{state.error}</span>
        <button type="button" class="button button-small" onClick={() => void loadTemplates(true)}>
          Try again
        </button>
      </div>
    );
  }

  return (
    <form class="template-picker" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} class="template-intro">
        <Icon name="template" size={16} />
        {intro}
      </p>
      {usable.length === 0 ? (
        <p class="muted">
          This channel has no approved templates yet. An admin can submit one; it can be sent once WhatsApp approves it.
        </p>
      ) : (
        <div class="template-grid">
          <div class="template-fields">
            <div class="field">
              <label for={`${id}-template`}>Template</label>
              <select
                id={`${id}-template`}
                value={chosenId}
                onChange={(event) => {
                  setChosenId(event.currentTarget.value);
                  reset();
                }}
              >
                {usable.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.language}) · {t.category.toLowerCase()}
                  </option>
                ))}
              </select>
            </div>
            {header.kind === "text" && header.variables > 0 && (
              <div class="field" key={`${chosenId}-header`}>
                <label for={`${id}-header`}>{"Header {{1}}"}</label>
                <input
                  id={`${id}-header`}
                  type="text"
                  value={headerValue}
                  maxLength={60}
                  onInput={(event) => {
                    setHeaderValue(event.currentTarget.value);
                    setSent(false);
                  }}
                  required
                />
              </div>
            )}
            {fields.map((value, index) => (
              <div class="field" key={`${chosenId}-${index}`}>
                <label for={`${id}-var-${index}`}>{`Value for {{${index + 1}}}`}</label>
                <input
                  id={`${id}-var-${index}`}
                  type="text"
                  value={value}
                  maxLength={1024}
                  onInput={(event) => {
                    const next = [...fields];
                    next[index] = event.currentTarget.value;
                    setValues(next);
                    setSent(false);
                  }}
                  required
                />
              </div>
            ))}
            {linkButtons.map((button, index) => (
              <div class="field" key={`${chosenId}-button-${index}`}>
                <label for={`${id}-button-${index}`}>{`Link suffix for “${button.text}”`}</label>
                <input
                  id={`${id}-button-${index}`}
                  type="text"
                  value={suffixes[index]}
                  maxLength={2000}
                  aria-describedby={`${id}-button-${index}-hint`}
                  onInput={(event) => {
                    const next = [...suffixes];
                    next[index] = event.currentTarget.value;
                    setButtonValues(next);
                    setSent(false);
                  }}
                  required
                />
                <p id={`${id}-button-${index}-hint`} class="field-hint">
                  Replaces {"{{1}}"} at the end of {button.url}
                </p>
              </div>
            ))}
          </div>
          <div class="template-preview" aria-live="polite">
            <p class="preview-label" id={`${id}-preview-label`}>
              Preview
            </p>
            <div class="preview-bubble">
              {header.kind === "text" && (
                <p class="preview-header" data-testid="template-preview-header">
                  {renderPreview(header.text, [headerValue])}
                </p>
              )}
              {(header.kind === "image" || header.kind === "video" || header.kind === "document") && (
                <p class="preview-header preview-header-media" data-testid="template-preview-header">
                  <Icon name="file" size={16} />
                  {MEDIA_HEADER_WORDS[header.kind]}
                </p>
              )}
              <p class="preview-body" data-testid="template-preview">
                {renderPreview(body.text, fields)}
              </p>
              {parts?.footer && <p class="preview-footer">{parts.footer}</p>}
            </div>
            {parts && parts.buttons.length > 0 && (
              <ul class="preview-buttons" aria-label="Template buttons" data-testid="template-preview-buttons">
                {parts.buttons.map((button, index) => {
                  const suffixIndex = linkButtons.indexOf(button);
                  return (
                    <li key={index}>
                      <Icon
                        name={button.type === "URL" ? "external" : button.type === "PHONE_NUMBER" ? "phone" : "reply"}
                        size={14}
                      />
                      <span class="preview-button-text">{button.text}</span>
                      {button.url && (
                        <span class="preview-button-url">
                          {suffixIndex >= 0 ? renderPreview(button.url, [suffixes[suffixIndex] ?? ""]) : button.url}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {sent && !error && <Alert tone="success">Template sent.</Alert>}
      {usable.length > 0 && (
        <div class="template-actions">
          {onCancel && (
            <button type="button" class="button button-small" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" class="button button-small button-primary" disabled={!template || !complete || busy}>
            <Icon name="send" size={16} />
            <span>{busy ? "Sending…" : "Send template"}</span>
          </button>
        </div>
      )}
    </form>
  );
}

const MEDIA_HEADER_WORDS = {
  image: "Image header: the template's sample image is sent",
  video: "Video header: the template's sample video is sent",
  document: "Document header: the template's sample document is sent",
};

function renderPreview(text: string, values: string[]) {
  const parts = text.split(/(\{\{\d+\}\})/g);
  return parts.map((part, index) => {
    const match = /^\{\{(\d+)\}\}$/.exec(part);
    if (!match) return part;
    const value = values[Number(match[1]) - 1]?.trim();
    return value ? (
      <mark key={index} class="preview-value">
        {value}
      </mark>
    ) : (
      <mark key={index} class="preview-missing">
        {part}
      </mark>
    );
  });
}
