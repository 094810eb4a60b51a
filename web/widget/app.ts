/**
 * The webchat widget app (rule G2), inside the frame page the loader shows on the widget's domain.
 * Plain DOM, budget 30 KB gzip. It keeps the visitor's signed token in this frame's storage and,
 * through the loader, in the site's (kept across reloads and tabs even where a browser refuses a
 * third-party frame its storage), starts the session (with the site's signed user, if any), shows the
 * conversation, sends the visitor's messages and files, and hears the replies live on a WebSocket to
 * the room (the token travels as a subprotocol, never in a URL). When nobody is online it says a
 * reply may take a while, and offers to leave an email.
 */
import type { VisitorEvent, VisitorMessage } from "../../worker/schemas/widget";
import { WIDGET_STYLE } from "./style";

interface Session {
  visitorToken: string;
  roomId: string | null;
  messages: VisitorMessage[];
  agentsOnline: boolean;
}
interface SiteUser {
  id: string;
  hash: string;
  name?: string;
}
type Local = VisitorMessage & { local?: boolean; failed?: boolean };

const { base = "", name = "Chat", domain = "" } = document.body.dataset;
const storageKey = `edge-inbox-visitor:${base}`;
const messages = new Map<string, Local>();
const fileUrls = new Map<string, string>();
let token: string | null = null;
let roomId: string | null = null;
let lastSeq = 0;
let socket: WebSocket | null = null;
let retry = 0;
let userName: string | null = null;
let lastTyping = 0;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...kids: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...kids);
  return node;
}

// ---- the frame's layout --------------------------------------------------------------------------
const style = el("style");
style.textContent = WIDGET_STYLE;
const close = el("button", { type: "button", className: "close", textContent: "×" });
close.setAttribute("aria-label", "Close chat");
const header = el("header", {}, el("h1", { textContent: name }), close);
const notice = el("p", { className: "notice", hidden: true });
const log = el("ol", { className: "log" });
log.setAttribute("role", "log");
log.setAttribute("aria-label", "Conversation");
log.setAttribute("aria-live", "polite");
const input = el("textarea", { rows: 1, maxLength: 4096, placeholder: "Write a message…" });
input.setAttribute("aria-label", "Message");
const file = el("input", { type: "file", hidden: true });
const attach = el("button", { type: "button", className: "attach", textContent: "+" });
attach.setAttribute("aria-label", "Attach a file");
const send = el("button", { type: "submit", className: "send", textContent: "Send" });
const error = el("p", { className: "error", hidden: true });
error.setAttribute("role", "alert");
// Until the session answers there is no visitor to send as: Send waits (typing does not).
send.disabled = true;
attach.disabled = true;
const form = el("form", { className: "composer" }, attach, file, input, send);
// Offline (G2): nobody is online; the visitor may leave an email for the reply.
const email = el("input", { type: "email", required: true, maxLength: 200, placeholder: "you@example.com" });
email.setAttribute("aria-label", "Your email");
const emailForm = el(
  "form",
  { className: "email", hidden: true },
  el("span", { textContent: "Leave your email in case you close this page:" }),
  email,
  el("button", { type: "submit", className: "send", textContent: "Save" }),
);
document.body.append(style, header, notice, log, error, emailForm, form);
let away = false;

const say = (text: string | null) => {
  error.hidden = !text;
  error.textContent = text ?? "";
};

// ---- the server ------------------------------------------------------------------------------------
async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (typeof init.body === "string") headers.set("Content-Type", "application/json");
  const response = await fetch(base + path, { ...init, headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.detail ?? "Something went wrong."), { code: body.code });
  return body as T;
}

function remember(value: string) {
  token = value;
  // The site keeps it too (first-party storage: a browser may refuse this frame's own).
  parent.postMessage({ type: "edge-inbox:token", token: value }, domain);
  try {
    localStorage.setItem(storageKey, value);
  } catch {
    // storage refused (a private window): the visitor is kept for this page only
  }
}

function stored(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

// ---- the conversation ------------------------------------------------------------------------------
function upsert(message: Local, replaces?: string) {
  if (replaces) messages.delete(replaces);
  // The visitor's pending bubble is this message (the server echoes the id the widget gave it).
  if (message.clientMessageId && message.clientMessageId !== message.id) messages.delete(message.clientMessageId);
  messages.set(message.id, message);
  if (!message.local) lastSeq = Math.max(lastSeq, message.seq);
  render();
}

function bubble(m: Local): HTMLLIElement {
  const item = el("li", { className: `bubble ${m.from}` });
  item.dataset.id = m.id;
  if (m.from === "agent" && m.authorName) item.append(el("span", { className: "who", textContent: m.authorName }));
  if (m.media) item.append(mediaOf(m));
  if (m.text) item.append(el("p", { textContent: m.text }));
  const when = new Date(m.sentAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const state = m.failed ? " · not sent" : m.local ? " · sending…" : "";
  item.append(el("span", { className: "meta", textContent: when + state }));
  return item;
}

function mediaOf(m: Local): HTMLElement {
  const label = m.media?.filename ?? "file";
  if (!m.media?.ready) return el("span", { className: "file", textContent: `${label} (on its way…)` });
  const url = fileUrls.get(m.id);
  if (!url) {
    void loadFile(m.id);
    return el("span", { className: "file", textContent: label });
  }
  if (m.media.mimeType?.startsWith("image/")) return el("img", { src: url, alt: label });
  return el("a", { href: url, download: label, textContent: label });
}

async function loadFile(id: string) {
  if (fileUrls.has(id)) return;
  fileUrls.set(id, "");
  const response = await fetch(`${base}media/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) return fileUrls.delete(id);
  fileUrls.set(id, URL.createObjectURL(await response.blob()));
  render();
}

function render() {
  const sorted = [...messages.values()].sort((a, b) => a.sentAt - b.sentAt || a.seq - b.seq);
  log.replaceChildren(...sorted.map((m) => bubble(m)));
  log.scrollTop = log.scrollHeight;
}

// ---- live ----------------------------------------------------------------------------------------
function connect() {
  if (!roomId || !token) return;
  socket?.close(1000);
  const url = new URL(`${base}live?after=${lastSeq}`, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url, ["edge-inbox-widget", token]);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
  };
  ws.onmessage = (event) => {
    const data = JSON.parse(String(event.data)) as VisitorEvent;
    if (data.type === "message") upsert(data.message);
  };
  ws.onclose = (event) => {
    if (socket !== ws || event.code === 1000) return;
    socket = null;
    retry = Math.min(retry + 1, 6);
    setTimeout(connect, 500 * 2 ** retry);
  };
}

function follow(next: string | null) {
  if (!next) return;
  if (next !== roomId || !socket || socket.readyState > WebSocket.OPEN) {
    roomId = next;
    connect();
  }
}

// ---- sending -------------------------------------------------------------------------------------
const newId = () => crypto.randomUUID().replace(/-/g, "");

async function post(body: { text?: string; fileId?: string }, shown: Local) {
  upsert(shown);
  try {
    const answer = await call<{ roomId: string | null; message: VisitorMessage | null }>("messages", {
      method: "POST",
      body: JSON.stringify({ clientMessageId: shown.id, ...body, ...(userName ? { name: userName } : {}) }),
    });
    // Without a message the server queued it (G6): the bubble stays until the live socket brings it.
    if (answer.message) upsert(answer.message, shown.id);
    follow(answer.roomId);
    if (away && !body.fileId && !emailForm.dataset.done) emailForm.hidden = false;
    say(null);
    render();
  } catch (err) {
    upsert({ ...shown, failed: true });
    say((err as Error).message);
  }
}

const localMessage = (id: string, text: string | null, media: Local["media"]): Local => ({
  id,
  seq: 0,
  from: "visitor",
  clientMessageId: id,
  kind: media ? "document" : "text",
  text,
  media,
  authorName: null,
  status: "pending",
  sentAt: Date.now(),
  local: true,
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || !token) return;
  input.value = "";
  void post({ text }, localMessage(newId(), text, null));
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
input.addEventListener("input", () => {
  const now = Date.now();
  if (socket?.readyState === WebSocket.OPEN && now - lastTyping > 3000) {
    lastTyping = now;
    socket.send('{"type":"typing"}');
  }
});
emailForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const address = email.value.trim();
  if (!address || !email.checkValidity()) return;
  emailForm.hidden = true;
  emailForm.dataset.done = "1";
  const text = `My email for the reply: ${address}`;
  void post({ text }, localMessage(newId(), text, null));
});
attach.addEventListener("click", () => file.click());
file.addEventListener("change", async () => {
  const chosen = file.files?.[0];
  file.value = "";
  if (!chosen || !token) return;
  const id = newId();
  const shown = localMessage(id, null, {
    mimeType: chosen.type,
    filename: chosen.name,
    size: chosen.size,
    ready: false,
  });
  upsert(shown);
  try {
    const { fileId } = await call<{ fileId: string }>("files", {
      method: "POST",
      body: chosen,
      headers: { "X-Filename": encodeURIComponent(chosen.name) },
    });
    await post({ fileId }, shown);
  } catch (err) {
    upsert({ ...shown, failed: true });
    say((err as Error).message);
  }
});
close.addEventListener("click", () => parent.postMessage({ type: "edge-inbox:close" }, domain));

// ---- start ----------------------------------------------------------------------------------------
interface Hello {
  user: SiteUser | null;
  token: string | null;
}

function hello(): Promise<Hello> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ user: null, token: null }), 1500);
    window.addEventListener("message", (event) => {
      if (event.source !== parent || event.origin !== domain) return;
      const data = event.data as { type?: string; user?: SiteUser | null; token?: string | null } | null;
      if (data?.type !== "edge-inbox:hello") return;
      clearTimeout(timer);
      resolve({ user: data.user ?? null, token: typeof data.token === "string" ? data.token : null });
    });
    parent.postMessage({ type: "edge-inbox:ready" }, domain);
  });
}

async function start() {
  if (parent === window) {
    say("This chat opens on the website it belongs to.");
    form.hidden = true;
    return;
  }
  const { user, token: siteToken } = await hello();
  userName = user?.name ?? null;
  try {
    const session = await call<Session>("session", {
      method: "POST",
      body: JSON.stringify({ visitorToken: stored() ?? siteToken ?? undefined, ...(user ? { user } : {}) }),
    });
    remember(session.visitorToken);
    for (const m of session.messages) upsert(m);
    if (!session.agentsOnline) {
      away = true;
      notice.hidden = false;
      notice.textContent = "We're away right now. Write anyway: a reply may take a while, and it will appear here.";
    }
    follow(session.roomId);
    send.disabled = false;
    attach.disabled = false;
    input.focus();
  } catch (err) {
    form.hidden = true;
    say((err as Error).message);
  }
}

void start();
