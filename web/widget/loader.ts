/**
 * The webchat loader (rule G2): the one script a site pastes before </body>. It adds a launcher
 * button and, on the first click, the chat's iframe (served by the platform, shown only inside the
 * widget's domain: frame-ancestors). It tells the frame the site's signed user, if the page gave one
 * in `window.edgeInboxSettings = { user: { id, hash, name } }` (HMAC identity), and keeps the
 * visitor token the frame hands it in the site's own storage. Budget: 3 KB gzip.
 */
interface WidgetUser {
  id: string;
  hash: string;
  name?: string;
}
type Host = Window & { edgeInboxSettings?: { user?: WidgetUser }; __edgeInbox?: boolean };

(() => {
  const host = window as Host;
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script || host.__edgeInbox) return;
  host.__edgeInbox = true;
  const base = script.src.replace(/loader\.js(?:[?#].*)?$/, "");
  const origin = new URL(base).origin;
  const css = (el: HTMLElement, rules: string) => el.setAttribute("style", rules);
  const button = document.createElement("button");
  let frame: HTMLIFrameElement | null = null;
  let open = false;

  button.type = "button";
  button.setAttribute("aria-label", "Chat with us");
  button.setAttribute("aria-expanded", "false");
  button.dataset.edgeInbox = "launcher";
  button.innerHTML =
    '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z"/></svg>';
  css(
    button,
    "position:fixed;right:16px;bottom:16px;width:56px;height:56px;border-radius:50%;border:0;background:#5b5bd6;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000;display:flex;align-items:center;justify-content:center",
  );

  const toggle = (next: boolean) => {
    open = next;
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.src = `${base}frame`;
      frame.title = "Chat";
      frame.setAttribute("referrerpolicy", "origin");
      css(
        frame,
        "position:fixed;right:16px;bottom:84px;width:min(380px,calc(100vw - 32px));height:min(560px,calc(100vh - 104px));border:0;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);background:#fff;z-index:2147483000",
      );
      document.body.appendChild(frame);
    }
    if (frame) frame.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", String(open));
    button.setAttribute("aria-label", open ? "Close chat" : "Chat with us");
    if (open) frame?.focus();
  };

  // The visitor token is kept here too (first-party storage of the site): a browser that blocks a
  // third-party frame's storage would otherwise make every page load a new visitor.
  const key = `edge-inbox:${base}`;
  const kept = () => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  const keep = (token: string) => {
    try {
      localStorage.setItem(key, token);
    } catch {
      // storage refused: the visitor is kept for this page only
    }
  };

  button.addEventListener("click", () => toggle(!open));
  window.addEventListener("message", (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    const type = (event.data as { type?: string } | null)?.type;
    if (type === "edge-inbox:ready") {
      const user = host.edgeInboxSettings?.user ?? null;
      frame.contentWindow?.postMessage({ type: "edge-inbox:hello", user, token: kept() }, origin);
    } else if (type === "edge-inbox:token") {
      keep(String((event.data as { token?: unknown }).token ?? ""));
    } else if (type === "edge-inbox:close") {
      toggle(false);
      button.focus();
    }
  });
  const start = () => document.body.appendChild(button);
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
