/**
 * The customer simulator page's script (see page.ts): customers, the conversation polled every
 * 400 ms, sending text, files, locations and reactions, re-delivery, and the templates' controls.
 * The other kinds of message and the broadcasts received are in page-kinds.ts.
 */
export const SIMULATOR_SCRIPT = `(() => {
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
    send({ type: "location", latitude: Number($("sim-latitude").value), longitude: Number($("sim-longitude").value), place: $("sim-place").value || undefined });
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

  // For page-kinds.ts: the customer chatting now, and sending as them.
  window.simulator = { current: () => current, send, api };

  api("config").then((c) => { $("business").textContent = c.displayNumber; }).catch(() => {});
  loadTemplates().catch(() => {});
  setInterval(() => loadTemplates().catch(() => {}), 3000);
  loadCustomers().catch((err) => say(String(err.message || err)));
  setInterval(refresh, 400);
  setInterval(() => loadCustomers().catch(() => {}), 3000);
})();
`;
