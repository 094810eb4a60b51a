/**
 * The customer simulator page (development only): plain HTML, CSS and JS, no framework, no CDN.
 * It plays a customer's phone against the sandbox provider: pick or create a customer, chat as them
 * (text, image or other file, location, reactions), and watch the business's replies arrive with
 * their ticks (polled every 400 ms). Every API path is relative to where the page is served.
 *
 * Message bubbles carry `data-direction` from the platform's side, as the sandbox API does:
 * `in` = the customer's message to the business, `out` = the business's message to the customer.
 *
 * Templates (rule T3): the page lists the templates the sandbox holds with their status and
 * quality, says how to get one rejected (the marker word TEMPLATE_REJECT_MARKER in its header, body
 * or footer), and has a "Lower quality" action per template: as customers' bad reactions would, it
 * sends Meta's quality webhook one step down (HIGH -> MEDIUM -> LOW); LOW pauses an approved
 * template, and LOW again on a paused one disables it.
 */
import { TEMPLATE_REJECT_MARKER, TEMPLATE_REJECT_REASON, TEMPLATE_REVIEW_MS } from "./config";

export const SIMULATOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp sandbox - customer simulator</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #111b21; background: #f0f2f5; }
  body { margin: 0; display: grid; grid-template-columns: 280px 1fr; height: 100vh; }
  aside { background: #fff; border-right: 1px solid #d1d7db; padding: 12px; overflow: auto; }
  main { display: grid; grid-template-rows: auto 1fr auto; min-height: 0; }
  h1 { font-size: 16px; margin: 0 0 8px; }
  h2 { font-size: 14px; margin: 16px 0 6px; }
  label { display: block; font-size: 12px; margin-top: 8px; color: #54656f; }
  input, button { font: inherit; }
  input[type=text], input[type=tel], input[type=number] { width: 100%; box-sizing: border-box; padding: 6px; border: 1px solid #d1d7db; border-radius: 6px; }
  button { margin-top: 8px; padding: 6px 10px; border: 0; border-radius: 6px; background: #008069; color: #fff; cursor: pointer; }
  button.secondary { background: #e9edef; color: #111b21; }
  button:disabled { opacity: .5; cursor: default; }
  #customers { list-style: none; padding: 0; margin: 0; }
  #customers button { width: 100%; text-align: left; background: #f7f8fa; color: #111b21; }
  #customers button[aria-current=true] { background: #d9fdd3; }
  header { background: #008069; color: #fff; padding: 10px 16px; min-height: 24px; }
  #sim-conversation { overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 6px; background: #efeae2; }
  .bubble { max-width: 70%; padding: 6px 8px 4px; border-radius: 8px; box-shadow: 0 1px 1px #0002; white-space: pre-wrap; word-wrap: break-word; }
  .bubble[data-direction=in] { align-self: flex-end; background: #d9fdd3; }
  .bubble[data-direction=out] { align-self: flex-start; background: #fff; }
  .bubble img { max-width: 240px; display: block; border-radius: 4px; }
  .meta { font-size: 11px; color: #667781; text-align: right; margin-top: 2px; }
  .meta .ticks[data-status=read] { color: #53bdeb; }
  .meta .ticks[data-status=failed] { color: #d00; }
  .options { display: grid; gap: 4px; margin-top: 6px; }
  .options button { background: #fff; color: #027eb5; border: 1px solid #d1d7db; border-radius: 6px; padding: 6px; }
  .react { background: none; color: #667781; padding: 0 4px; margin: 0; font-size: 12px; }
  form.compose { display: flex; gap: 8px; align-items: end; padding: 10px; background: #f0f2f5; flex-wrap: wrap; }
  form.compose .grow { flex: 1; min-width: 200px; }
  form.compose label { margin: 0; }
  #status { font-size: 12px; color: #54656f; min-height: 16px; margin-top: 8px; }
  fieldset { border: 1px solid #d1d7db; border-radius: 6px; margin-top: 12px; }
</style>
</head>
<body>
<aside aria-label="Customers">
  <h1>Customer simulator</h1>
  <p style="font-size:12px;color:#54656f;margin:0">Sandbox WhatsApp provider, development only. Business number <span id="business"></span>.</p>
  <form id="start-form">
    <label for="sim-phone">Customer phone number</label>
    <input id="sim-phone" data-testid="sim-phone" type="tel" placeholder="+62 812 3456 7890" required autocomplete="off">
    <label for="sim-name">Customer name</label>
    <input id="sim-name" data-testid="sim-name" type="text" placeholder="Budi" autocomplete="off">
    <button id="sim-start" data-testid="sim-start" type="submit">Start chat</button>
  </form>
  <h2 id="customers-title">Customers</h2>
  <ul id="customers" aria-labelledby="customers-title"></ul>
  <fieldset>
    <legend>Testing</legend>
    <button id="sim-redeliver" data-testid="sim-redeliver" class="secondary" type="button">Re-deliver last webhook</button>
  </fieldset>
  <fieldset aria-labelledby="templates-title">
    <legend id="templates-title">Message templates</legend>
    <p id="sim-templates-help" data-testid="sim-templates-help" style="font-size:12px;color:#54656f;margin:4px 0">Submitted templates are reviewed after ${TEMPLATE_REVIEW_MS / 1000} s: approved, or rejected (${TEMPLATE_REJECT_REASON}) when the header, body or footer contains the word <code>${TEMPLATE_REJECT_MARKER}</code> (any case). <strong>Lower quality</strong> plays customers' bad reactions: one step down (HIGH, MEDIUM, LOW); LOW pauses an approved template, LOW again disables it.</p>
    <ul id="sim-templates" data-testid="sim-templates" style="list-style:none;padding:0;margin:0;font-size:12px"></ul>
  </fieldset>
  <div id="status" role="status" aria-live="polite"></div>
</aside>
<main>
  <header id="chat-title" aria-live="polite">Pick or create a customer to start</header>
  <section id="sim-conversation" data-testid="sim-conversation" aria-label="Conversation" aria-live="polite"></section>
  <div>
    <form class="compose" id="text-form">
      <div class="grow">
        <label for="sim-text">Message</label>
        <input id="sim-text" data-testid="sim-text" type="text" placeholder="Type a message" autocomplete="off" disabled>
      </div>
      <button id="sim-send" data-testid="sim-send" type="submit" disabled>Send</button>
    </form>
    <form class="compose" id="file-form">
      <div>
        <label for="sim-file">Image or file</label>
        <input id="sim-file" data-testid="sim-file" type="file" accept="image/jpeg,image/png,image/webp,video/mp4,audio/*,application/pdf,text/plain" disabled>
      </div>
      <div class="grow">
        <label for="sim-caption">Caption</label>
        <input id="sim-caption" data-testid="sim-caption" type="text" autocomplete="off" disabled>
      </div>
      <button id="sim-send-file" data-testid="sim-send-file" type="submit" disabled>Send file</button>
    </form>
    <form class="compose" id="location-form">
      <div>
        <label for="sim-latitude">Latitude</label>
        <input id="sim-latitude" data-testid="sim-latitude" type="number" step="any" min="-90" max="90" value="-6.2088" disabled>
      </div>
      <div>
        <label for="sim-longitude">Longitude</label>
        <input id="sim-longitude" data-testid="sim-longitude" type="number" step="any" min="-180" max="180" value="106.8456" disabled>
      </div>
      <div class="grow">
        <label for="sim-place">Place name</label>
        <input id="sim-place" data-testid="sim-place" type="text" placeholder="Monas, Jakarta" autocomplete="off" disabled>
      </div>
      <button id="sim-send-location" data-testid="sim-send-location" type="submit" disabled>Send location</button>
    </form>
  </div>
</main>
<script>
(() => {
  "use strict";
  const BASE = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
  const $ = (id) => document.getElementById(id);
  const TICKS = { accepted: "\\u{1F551}", pending: "\\u{1F551}", sent: "\\u2713", delivered: "\\u2713\\u2713", read: "\\u2713\\u2713", failed: "!" };
  let current = null;
  let lastSignature = "";
  let busy = false;

  function say(text) { $("status").textContent = text; }

  async function api(path, options) {
    const res = await fetch(BASE + "api/" + path, options);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.detail || body.title || "HTTP " + res.status);
    return body;
  }
  const postJson = (path, body) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  function setEnabled(on) {
    for (const id of ["sim-text", "sim-send", "sim-file", "sim-caption", "sim-send-file", "sim-latitude", "sim-longitude", "sim-place", "sim-send-location"]) $(id).disabled = !on;
  }

  async function loadCustomers() {
    const { customers } = await api("customers");
    const list = $("customers");
    list.replaceChildren(...customers.map((c) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.dataset.testid = "sim-customer";
      b.dataset.waId = c.waId;
      b.setAttribute("aria-current", String(c.waId === current));
      b.textContent = (c.name || "(no name)") + " +" + c.waId;
      b.addEventListener("click", () => { $("sim-phone").value = "+" + c.waId; $("sim-name").value = c.name || ""; open(c.waId, c.name); });
      li.append(b);
      return li;
    }));
  }

  function open(waId, name) {
    current = waId;
    lastSignature = "";
    $("chat-title").textContent = (name || "Customer") + " +" + waId;
    setEnabled(true);
    refresh();
    loadCustomers().catch(() => {});
  }

  function bubble(m, byId) {
    const div = document.createElement("div");
    div.className = "bubble";
    div.dataset.testid = "sim-message";
    div.dataset.direction = m.direction;
    div.dataset.status = m.status;
    div.dataset.type = m.type;
    div.dataset.messageId = m.id;
    if (m.contextId && byId.has(m.contextId)) {
      const quote = document.createElement("div");
      quote.className = "meta";
      quote.style.textAlign = "left";
      quote.textContent = "\\u21AA " + (byId.get(m.contextId).text || byId.get(m.contextId).type);
      div.append(quote);
    }
    const mediaSrc = m.mediaId ? BASE + "api/media/" + encodeURIComponent(m.mediaId) : m.mediaLink;
    if (mediaSrc && (m.type === "image" || m.type === "sticker")) {
      const img = document.createElement("img");
      img.src = mediaSrc;
      img.alt = m.text || m.type;
      div.append(img);
    } else if (mediaSrc) {
      const a = document.createElement("a");
      a.href = mediaSrc;
      a.target = "_blank";
      a.textContent = "[" + m.type + "]";
      div.append(a, document.createTextNode(" "));
    }
    if (m.type === "reaction") {
      const target = byId.get(JSON.parse(m.content).message_id);
      div.append(document.createTextNode("Reacted " + (m.text || "(removed)") + (target ? " to \\u201C" + (target.text || target.type) + "\\u201D" : "")));
    } else if (m.type === "location") {
      div.append(document.createTextNode("\\u{1F4CD} " + m.text));
    } else if (m.text) {
      div.append(document.createTextNode(m.text));
    }
    if (m.type === "interactive" && m.direction === "out") {
      const part = JSON.parse(m.content);
      const options = part.type === "button"
        ? (part.action.buttons || []).map((b) => b.reply)
        : (part.action.sections || []).flatMap((s) => s.rows || []);
      const list = document.createElement("div");
      list.className = "options";
      for (const o of options) {
        const tap = document.createElement("button");
        tap.type = "button";
        tap.dataset.testid = "sim-option";
        tap.textContent = o.title;
        tap.addEventListener("click", () => send({ type: "tap", messageId: m.id, optionId: o.id }));
        list.append(tap);
      }
      div.append(list);
    }
    const meta = document.createElement("div");
    meta.className = "meta";
    const time = document.createElement("time");
    time.dateTime = new Date(m.createdAt).toISOString();
    time.textContent = new Date(m.createdAt).toLocaleTimeString();
    const ticks = document.createElement("span");
    ticks.className = "ticks";
    ticks.dataset.status = m.status;
    ticks.title = m.status + (m.error ? ": " + m.error.title + (m.error.details ? " - " + m.error.details : "") : "");
    ticks.setAttribute("aria-label", "status " + m.status);
    ticks.textContent = " " + (TICKS[m.status] || m.status);
    meta.append(time, ticks);
    if (m.direction === "out" && m.type !== "reaction") {
      const react = document.createElement("button");
      react.type = "button";
      react.className = "react";
      react.dataset.testid = "sim-react";
      react.setAttribute("aria-label", "React with thumbs up");
      react.textContent = "\\u{1F44D}";
      react.addEventListener("click", () => send({ type: "reaction", messageId: m.id, emoji: "\\u{1F44D}" }));
      meta.prepend(react);
    }
    div.append(meta);
    return div;
  }

  async function refresh() {
    if (!current || busy) return;
    busy = true;
    try {
      const waId = current;
      const { messages } = await api("customers/" + encodeURIComponent(waId) + "/messages");
      if (waId !== current) return;
      const signature = JSON.stringify(messages.map((m) => [m.id, m.status]));
      if (signature === lastSignature) return;
      lastSignature = signature;
      const box = $("sim-conversation");
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      const byId = new Map(messages.map((m) => [m.id, m]));
      box.replaceChildren(...messages.map((m) => bubble(m, byId)));
      if (atBottom) box.scrollTop = box.scrollHeight;
    } catch (err) {
      say(String(err.message || err));
    } finally {
      busy = false;
    }
  }

  async function send(body) {
    try {
      const { delivery } = await postJson("customers/" + encodeURIComponent(current) + "/messages", { name: $("sim-name").value || undefined, ...body });
      say(delivery && delivery.state === "delivered" ? "Delivered to the platform (HTTP " + delivery.lastStatus + ")" : "Platform did not accept it yet (HTTP " + (delivery && delivery.lastStatus) + "); retrying");
      lastSignature = "";
      refresh();
    } catch (err) {
      say(String(err.message || err));
    }
  }

  $("start-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const { customer } = await postJson("customers", { phone: $("sim-phone").value, name: $("sim-name").value || undefined });
      open(customer.waId, customer.name);
      say("Chatting as +" + customer.waId);
    } catch (err) {
      say(String(err.message || err));
    }
  });

  $("text-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("sim-text").value;
    if (!current || !text.trim()) return;
    $("sim-text").value = "";
    send({ type: "text", text });
  });

  $("file-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = $("sim-file").files[0];
    if (!current || !file) return;
    const form = new FormData();
    form.append("file", file);
    if ($("sim-caption").value) form.append("caption", $("sim-caption").value);
    if ($("sim-name").value) form.append("name", $("sim-name").value);
    try {
      await api("customers/" + encodeURIComponent(current) + "/messages", { method: "POST", body: form });
      $("sim-file").value = "";
      $("sim-caption").value = "";
      say("File sent");
      lastSignature = "";
      refresh();
    } catch (err) {
      say(String(err.message || err));
    }
  });

  $("location-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (!current) return;
    send({ type: "location", latitude: Number($("sim-latitude").value), longitude: Number($("sim-longitude").value), name: $("sim-place").value || undefined });
  });

  $("sim-redeliver").addEventListener("click", async () => {
    try {
      const { delivery } = await api("redeliver", { method: "POST" });
      say("Re-delivered webhook #" + delivery.id + " (HTTP " + delivery.lastStatus + ")");
    } catch (err) {
      say(String(err.message || err));
    }
  });

  const QUALITY = { GREEN: "HIGH", YELLOW: "MEDIUM", RED: "LOW", UNKNOWN: "NEUTRAL" };
  const LOWER = { HIGH: "MEDIUM", MEDIUM: "LOW", LOW: "LOW", NEUTRAL: "LOW" };
  async function loadTemplates() {
    const { templates } = await api("templates");
    $("sim-templates").replaceChildren(...templates.map((t) => {
      const li = document.createElement("li");
      const quality = QUALITY[(t.quality_score || {}).score] || "NEUTRAL";
      li.textContent = t.name + " (" + t.language + ") " + t.status + ", quality " + quality + " ";
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.dataset.testid = "sim-template-lower";
      b.dataset.templateId = t.id;
      b.textContent = "Lower quality";
      b.disabled = t.status !== "APPROVED" && t.status !== "PAUSED";
      b.setAttribute("aria-label", "Lower the quality of " + t.name + " (" + t.language + ")");
      b.addEventListener("click", async () => {
        try {
          await postJson("templates/" + encodeURIComponent(t.id) + "/quality", { quality: LOWER[quality] });
          say("Quality of " + t.name + " lowered to " + LOWER[quality]);
          loadTemplates().catch(() => {});
        } catch (err) {
          say(String(err.message || err));
        }
      });
      li.append(b);
      return li;
    }));
  }

  api("config").then((c) => { $("business").textContent = c.displayNumber; }).catch(() => {});
  loadTemplates().catch(() => {});
  setInterval(() => loadTemplates().catch(() => {}), 3000);
  loadCustomers().catch((err) => say(String(err.message || err)));
  setInterval(refresh, 400);
  setInterval(() => loadCustomers().catch(() => {}), 3000);
})();
</script>
</body>
</html>
`;
