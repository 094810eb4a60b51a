import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import type { QuickReply, Room } from "../../api";
import { Icon } from "../../components/Icon";
import { fileSize, phone } from "../../format";
import { t } from "../../i18n";
import { discardDraft, readDraft, saveDraft } from "../../state/drafts";
import { loadQuickReplies, quickReplies } from "../../state/library";
import { sendTyping } from "../../state/realtime";
import { replyTo } from "../../state/room";
import { sendFile, sendText } from "../../state/room-send";
import { me } from "../../state/session";
import { snippet } from "./MessageRow";

/** Issue 17: a quick reply's placeholders, filled for this conversation as it is inserted. */
function fillPlaceholders(text: string, room: Room): string {
  const values: Record<string, string> = {
    "contact.name": room.contactName ?? phone(room.contactExternalId),
    "agent.name": me.value?.user?.name ?? "",
  };
  return text.replace(/\{\{\s*(contact\.name|agent\.name)\s*\}\}/g, (_, key: string) => values[key] ?? "");
}

/** The quick reply being typed: "/tit" right before the caret. */
function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!match) return null;
  return { start: before.length - (match[2]?.length ?? 0) - 1, query: match[2] ?? "" };
}

/** The reply box inside the window: text, a file, quick replies on "/", typing shown to others. */
export function MessageComposer({ room }: { room: Room }) {
  const [text, setText] = useState(() => readDraft(room.id));
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
    saveDraft(room.id, text);
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
    const filled = fillPlaceholders(quick.text, room);
    const next = `${text.slice(0, slash.start)}${filled}${text.slice(caret)}`;
    const position = slash.start + filled.length;
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
    discardDraft(room.id);
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
            {t("Quick replies")} <span class="muted">{t("· ↑↓ to choose, Enter to insert, Esc to close")}</span>
          </p>
          {qrState.status === "loading" && qrState.items.length === 0 ? (
            <p class="quick-replies-empty">{t("Loading quick replies…")}</p>
          ) : qrState.status === "error" ? (
            <p class="quick-replies-empty">{qrState.error}</p>
          ) : matches.length === 0 ? (
            <p class="quick-replies-empty">
              {qrState.items.length === 0
                ? t("No quick replies yet. An admin can add them under Admin › Quick replies.")
                : t("No quick reply starts with “/{query}”.", { query: slash?.query ?? "" })}
            </p>
          ) : (
            <div role="listbox" id={listId} aria-label={t("Quick replies")} class="quick-reply-list">
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
                  <span class="quick-reply-title">
                    /{quick.title}
                    {quick.scope === "personal" && <span class="tag">{t("Mine")}</span>}
                  </span>
                  <span class="quick-reply-text">{quick.text}</span>
                </div>
              ))}
            </div>
          )}
          <p class="visually-hidden" role="status">
            {matches.length > 0 ? t("{count} quick replies available.", { count: matches.length }) : ""}
          </p>
        </div>
      )}
      {reply && (
        <div class="composer-chip">
          <Icon name="reply" size={16} />
          <span class="chip-text">
            {t("Replying to")}{" "}
            <strong>
              {reply.direction === "in" ? (room.contactName ?? t("customer")) : (reply.authorName ?? t("agent"))}
            </strong>
            : {snippet(reply)}
          </span>
          <button
            type="button"
            class="icon-button icon-button-small"
            onClick={() => (replyTo.value = null)}
            aria-label={t("Cancel reply")}
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
            <span class="muted"> {t("· the text below becomes its caption")}</span>
          </span>
          <button
            type="button"
            class="icon-button icon-button-small"
            onClick={() => {
              setFile(null);
              if (fileInput.current) fileInput.current.value = "";
            }}
            aria-label={t("Remove attachment {name}", { name: file.name })}
          >
            <Icon name="x" size={16} />
          </button>
        </div>
      )}
      <div class="composer-row">
        {/* Rule I10: the types POST /api/media accepts (worker/domain/media.ts), Office and .txt included. */}
        <input
          ref={fileInput}
          id={`${listId}-file`}
          type="file"
          class="visually-hidden"
          accept="image/jpeg,image/png,video/mp4,video/3gpp,audio/*,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.presentationml.presentation,text/plain"
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0] ?? null;
            setFile(chosen);
            input.current?.focus();
          }}
        />
        <label
          for={`${listId}-file`}
          class="icon-button attach-button"
          title={t("Attach a file (photo, video, audio, document)")}
        >
          <Icon name="clip" />
          <span class="visually-hidden">{t("Attach a file")}</span>
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
          placeholder={file ? t("Add a caption (optional)") : t("Reply… (/ for quick replies)")}
          aria-label={t("Message")}
          aria-describedby={`${listId}-hint`}
          aria-controls={open ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
        />
        <button
          type="submit"
          class="send-button"
          aria-label={t("Send")}
          title={t("Send (Enter)")}
          disabled={!text.trim() && !file}
        >
          <Icon name="send" />
        </button>
      </div>
      <p id={`${listId}-hint`} class="composer-hint">
        {t("Enter to send · Shift+Enter for a new line · / for quick replies")}
      </p>
    </form>
  );
}
