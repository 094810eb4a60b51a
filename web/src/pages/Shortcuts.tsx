import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { navigate } from "../router";
import { roomHref } from "../state/filters";
import { visibleRooms } from "../state/inbox";

/** Issue 17: the inbox worked from the keyboard. One list: the sheet shows it, the handler obeys it. */
const SHORTCUTS = [
  { keys: ["j"], what: "Next conversation in the list" },
  { keys: ["k"], what: "Previous conversation in the list" },
  { keys: ["r"], what: "Write a reply (focus the message box)" },
  { keys: ["t"], what: "Choose a template" },
  { keys: ["a"], what: "Assign the conversation to me (Take)" },
  { keys: ["e"], what: "Resolve the conversation" },
  { keys: ["/"], what: "Search conversations" },
  { keys: ["?"], what: "Show these shortcuts" },
] as const;

/** Typing goes to what is being typed in: no shortcut there, nor with Ctrl, Alt or ⌘ held. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return true;
  if (!target) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

const find = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector);

/** Focuses what a click just asked for once it is there (a picker may still be loading its list). */
function focusWhenShown(selector: string, within = 3_000) {
  const until = Date.now() + within;
  const attempt = () => {
    const el = find(selector);
    if (el) el.focus();
    else if (Date.now() < until) setTimeout(attempt, 50);
  };
  attempt();
}

function moveBy(step: 1 | -1, selectedId: string | null) {
  const list = visibleRooms.value;
  if (list.length === 0) return;
  const at = list.findIndex((room) => room.id === selectedId);
  const next = at < 0 ? (step === 1 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
  const room = list[next];
  if (room && room.id !== selectedId) navigate(roomHref(room.id));
}

function focusReply() {
  const box = find<HTMLTextAreaElement>(".composer textarea");
  if (box) return box.focus();
  // In the note or template mode: back to the reply box first.
  find<HTMLButtonElement>(".composer-modes .mode")?.click();
  focusWhenShown(".composer textarea");
}

function chooseTemplate() {
  find<HTMLButtonElement>('.composer-modes [data-mode="template"]')?.click();
  focusWhenShown(".template-picker select");
}

/** The shortcut handler of the inbox, and the `?` sheet that lists the shortcuts. */
export function Shortcuts({ selectedId }: { selectedId: string | null }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event)) return;
      if (find("dialog[open]") && !open) return;
      const actions: Record<string, () => void> = {
        j: () => moveBy(1, selectedId),
        k: () => moveBy(-1, selectedId),
        r: focusReply,
        t: chooseTemplate,
        a: () => find<HTMLButtonElement>('[data-shortcut="take"]:not(:disabled)')?.click(),
        e: () => find<HTMLButtonElement>('[data-shortcut="resolve"]:not(:disabled)')?.click(),
        "/": () => find<HTMLInputElement>(".inbox-head input[type=search]")?.focus(),
        "?": () => setOpen(true),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [selectedId, open]);

  useEffect(() => {
    const el = dialog.current;
    if (open && el && !el.open) el.showModal();
  }, [open]);

  if (!open) return null;
  return (
    <dialog ref={dialog} class="shortcut-sheet" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)}>
      <h2 id="shortcuts-title">{t("Keyboard shortcuts")}</h2>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.keys.join()} class="shortcut">
            <dt>
              {s.keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{t(s.what)}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">{t("Shortcuts do nothing while you type in a field.")}</p>
      <form method="dialog">
        <button type="submit" class="button button-small">
          {t("Close")}
        </button>
      </form>
    </dialog>
  );
}
