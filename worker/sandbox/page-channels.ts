/**
 * The simulator page's "other channels" panel (issue 16; page.ts includes it): play a Telegram,
 * LINE, Messenger or Instagram customer against the fakes (telegram-fake.ts, line-fake.ts,
 * meta-messaging-fake.ts). "New sandbox account" plays BotFather / the LINE console / Meta's app
 * dashboard and shows the credentials to paste into Admin › Channels; "Send" posts the customer's
 * message to the platform signed (or secret-checked) the provider's way; the replies the business
 * sent are listed below, polled every second.
 */
export const CHANNELS_PANEL_HTML = `  <fieldset aria-labelledby="channels-title" data-testid="sim-channels">
    <legend id="channels-title">Other channels</legend>
    <label for="ch-kind">Channel</label>
    <select id="ch-kind" data-testid="ch-kind">
      <option value="telegram">Telegram</option>
      <option value="line">LINE</option>
      <option value="messenger">Messenger</option>
      <option value="instagram">Instagram</option>
    </select>
    <button id="ch-mint" data-testid="ch-mint" class="secondary" type="button">New sandbox account</button>
    <pre id="ch-credentials" data-testid="ch-credentials" style="white-space:pre-wrap;font-size:11px;margin:4px 0"></pre>
    <label for="ch-account">Bot or account id</label>
    <input id="ch-account" data-testid="ch-account" type="text" autocomplete="off">
    <label for="ch-customer">Customer id</label>
    <input id="ch-customer" data-testid="ch-customer" type="text" autocomplete="off">
    <label for="ch-name">Customer name</label>
    <input id="ch-name" data-testid="ch-name" type="text" autocomplete="off" placeholder="Sari">
    <label for="ch-text">Message</label>
    <input id="ch-text" data-testid="ch-text" type="text" autocomplete="off">
    <button id="ch-send" data-testid="ch-send" type="button">Send</button>
    <ul id="ch-replies" data-testid="ch-replies" aria-label="Replies received" style="list-style:none;padding:0;font-size:12px"></ul>
  </fieldset>
`;

export const CHANNELS_SCRIPT = `(() => {
  "use strict";
  const BASE = (location.pathname.endsWith("/") ? location.pathname : location.pathname + "/") + "api/channels/";
  const $ = (id) => document.getElementById(id);
  const kind = () => $("ch-kind").value;
  const provider = () => (kind() === "messenger" || kind() === "instagram" ? "meta" : kind());
  const randomDigits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
  const randomLineId = () => "U" + Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  async function call(path, body) {
    const res = await fetch(BASE + path, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.detail || json.title || "HTTP " + res.status);
    return json;
  }
  function resetCustomer() { $("ch-customer").value = kind() === "line" ? randomLineId() : randomDigits(kind() === "telegram" ? 9 : 16); }
  $("ch-kind").addEventListener("change", resetCustomer);
  resetCustomer();
  $("ch-mint").addEventListener("click", async () => {
    const path = { telegram: "telegram/bots", line: "line/channels", meta: "meta/accounts" }[provider()];
    const made = await call(path, { kind: kind() });
    $("ch-account").value = made.botId || made.botUserId || made.accountId;
    $("ch-credentials").textContent = Object.entries(made).map(([k, v]) => k + ": " + v).join("\\n");
  });
  $("ch-send").addEventListener("click", async () => {
    const account = $("ch-account").value.trim();
    const customer = $("ch-customer").value.trim();
    const name = $("ch-name").value.trim() || undefined;
    const text = $("ch-text").value;
    try {
      let out;
      if (provider() === "telegram") out = await call("telegram/updates", { botId: account, chatId: customer, firstName: name, text });
      else if (provider() === "line") out = await call("line/events", { botUserId: account, userId: customer, displayName: name, text });
      else out = await call("meta/messages", { accountId: account, userId: customer, name: kind() === "instagram" ? null : name, username: kind() === "instagram" ? name : undefined, text });
      $("status").textContent = "Delivered: HTTP " + out.status;
      $("ch-text").value = "";
    } catch (err) { $("status").textContent = String(err.message || err); }
  });
  async function poll() {
    const account = $("ch-account").value.trim();
    const customer = $("ch-customer").value.trim();
    if (account && customer) {
      const path = { telegram: "telegram/bots/" + account + "/sent?chat=", line: "line/channels/" + account + "/sent?to=", meta: "meta/accounts/" + account + "/sent?to=" }[provider()] + encodeURIComponent(customer);
      const { sent } = await call(path).catch(() => ({ sent: [] }));
      $("ch-replies").replaceChildren(...sent.map((s) => {
        const li = document.createElement("li");
        li.dataset.testid = "ch-reply";
        li.textContent = (s.text || (s.file ? s.file.name : "")) + (s.tag ? " [" + s.tag + "]" : "");
        return li;
      }));
    }
    setTimeout(poll, 1000);
  }
  poll();
})();`;
