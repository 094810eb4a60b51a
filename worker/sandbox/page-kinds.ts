/**
 * Two parts of the customer simulator page (see page.ts):
 * - "More kinds" (issue 12, item 3): the customer sends an ad referral, an order, a flow reply, a
 *   button or list reply, a template quick-reply button, a contact card, an edit or a revoke of
 *   their last message, or a message WhatsApp cannot pass on; each a real signed webhook
 *   (`inbound-kinds.ts`). A reaction and its removal are the 👍 on a business message (tap again
 *   with "Remove reaction" chosen here); media and stickers (.webp) go through the file form.
 * - "Broadcasts received" (issue 13, item 8): the campaign messages the chosen customer received,
 *   with their campaign, template and status.
 */

const KIND_LABELS: [string, string][] = [
  ["ad_referral", "Message from a click-to-WhatsApp ad"],
  ["order", "Order from the catalog"],
  ["flow_reply", "Flow answers"],
  ["button_reply", "Reply button tapped"],
  ["list_reply", "List row chosen"],
  ["quick_reply_button", "Template quick-reply button"],
  ["contacts", "Contact card"],
  ["edit", "Edit my last message"],
  ["revoke", "Delete my last message"],
  ["unsupported", "A kind WhatsApp cannot pass on (poll)"],
  ["reaction_removal", "Remove my reaction to the last business message"],
];

export const KINDS_FORM_HTML = `    <form class="kinds" id="kinds-form" aria-label="More kinds of message">
      <div>
        <label for="sim-kind">More kinds</label>
        <select id="sim-kind" data-testid="sim-kind">
          ${KIND_LABELS.map(([value, label]) => `<option value="${value}">${label}</option>`).join("\n          ")}
        </select>
      </div>
      <div class="grow">
        <label for="sim-kind-text">Text (ad message, edit)</label>
        <input id="sim-kind-text" data-testid="sim-kind-text" type="text" autocomplete="off">
      </div>
      <button id="sim-send-kind" data-testid="sim-send-kind" type="submit">Send kind</button>
    </form>`;

export const BROADCASTS_HTML = `  <h2 id="broadcasts-title">Broadcasts received</h2>
  <p id="sim-broadcasts-empty" style="font-size:12px;color:#54656f;margin:0">Pick a customer to see the campaign messages they received.</p>
  <ul id="sim-broadcasts" data-testid="sim-broadcasts" aria-labelledby="broadcasts-title"></ul>`;

export const KINDS_SCRIPT = `(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const sim = () => window.simulator;
  async function messages() {
    const waId = sim().current();
    if (!waId) return [];
    return (await sim().api("customers/" + encodeURIComponent(waId) + "/messages")).messages;
  }
  $("kinds-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!sim().current()) { $("status").textContent = "Pick or create a customer first"; return; }
    const kind = $("sim-kind").value;
    const text = $("sim-kind-text").value || undefined;
    const all = await messages();
    if (kind === "reaction_removal") {
      const target = all.filter((m) => m.direction === "out" && m.type !== "reaction").pop();
      if (!target) { $("status").textContent = "No business message to un-react to"; return; }
      return sim().send({ type: "reaction", messageId: target.id, emoji: "" });
    }
    let targetId;
    if (kind === "edit" || kind === "revoke") {
      const own = all.filter((m) => m.direction === "in" && m.type === "text").pop();
      if (!own) { $("status").textContent = "Send a text first: edit and delete are about your last one"; return; }
      targetId = own.id;
    }
    $("sim-kind-text").value = "";
    sim().send({ type: "kind", kind, text, targetId });
  });

  let shown = "";
  async function loadBroadcasts() {
    if (!sim() || !sim().current()) return;
    const received = (await messages()).filter((m) => m.direction === "out" && (m.callbackData || "").startsWith("cmp:"));
    const signature = JSON.stringify(received.map((m) => [m.id, m.status]));
    if (signature === shown) return;
    shown = signature;
    $("sim-broadcasts-empty").textContent = received.length === 0 ? "No broadcasts received yet." : received.length + " received";
    $("sim-broadcasts").replaceChildren(...received.map((m) => {
      const li = document.createElement("li");
      li.dataset.testid = "sim-broadcast";
      li.dataset.campaignId = m.callbackData.split(":")[1];
      const name = (JSON.parse(m.content || "{}").name) || m.type;
      li.textContent = name + " \\u00B7 " + m.status + " \\u00B7 " + new Date(m.createdAt).toLocaleString() + " \\u00B7 campaign " + m.callbackData.split(":")[1];
      return li;
    }));
  }
  setInterval(() => loadBroadcasts().catch(() => {}), 1000);
})();`;
