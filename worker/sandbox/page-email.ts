/**
 * The simulator page's email customer (issue 16; page.ts includes it): a customer writes a mail to
 * an email channel's inbound address (the sandbox builds the raw RFC 5322 message and hands it to
 * the Worker's email() handler, as Email Routing would), and reads the replies the business sent
 * (recorded by the sandbox's send_email fake), threaded: each shows its subject and the mail it
 * answers. "Reply in the thread" makes the customer's next mail an answer to the latest one.
 */
export const EMAIL_PANEL_HTML = `  <fieldset aria-labelledby="email-title" data-testid="sim-email">
    <legend id="email-title">Email customer</legend>
    <label for="em-to">Channel's inbound address</label>
    <input id="em-to" data-testid="em-to" type="email" autocomplete="off" placeholder="…@inbound.edge-inbox.local">
    <label for="em-support">Channel's support address (replies come from it)</label>
    <input id="em-support" data-testid="em-support" type="email" autocomplete="off" placeholder="support@shop.example">
    <label for="em-from">Customer's email</label>
    <input id="em-from" data-testid="em-from" type="email" autocomplete="off">
    <label for="em-name">Customer name</label>
    <input id="em-name" data-testid="em-name" type="text" autocomplete="off" placeholder="Rina">
    <label for="em-subject">Subject</label>
    <input id="em-subject" data-testid="em-subject" type="text" autocomplete="off">
    <label for="em-text">Message</label>
    <textarea id="em-text" data-testid="em-text" rows="3"></textarea>
    <label style="display:flex;gap:6px;align-items:center"><input id="em-thread" data-testid="em-thread" type="checkbox" checked> Reply in the thread</label>
    <button id="em-send" data-testid="em-send" type="button">Send email</button>
    <ul id="em-mails" data-testid="em-mails" aria-label="Email thread" style="list-style:none;padding:0;font-size:12px"></ul>
  </fieldset>
`;

export const EMAIL_SCRIPT = `(() => {
  "use strict";
  const BASE = (location.pathname.endsWith("/") ? location.pathname : location.pathname + "/") + "api/channels/email/";
  const $ = (id) => document.getElementById(id);
  const own = [];
  $("em-from").value = "customer" + Math.floor(Math.random() * 1e6) + "@mail.example";
  async function call(path, body) {
    const res = await fetch(BASE + path, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.detail || json.title || "HTTP " + res.status);
    return json;
  }
  let replies = [];
  function thread() {
    const all = own.concat(replies.map((r) => ({ at: r.at, id: r.messageId.replace(/^<|>$/g, ""), subject: r.subject })));
    return all.sort((a, b) => a.at - b.at);
  }
  $("em-send").addEventListener("click", async () => {
    const mails = thread();
    const last = $("em-thread").checked ? mails[mails.length - 1] : null;
    const subject = $("em-subject").value.trim() || (last ? (/^re:/i.test(last.subject) ? last.subject : "Re: " + last.subject) : "Hello");
    try {
      const out = await call("mail", {
        from: $("em-from").value.trim(), fromName: $("em-name").value.trim() || null, to: $("em-to").value.trim(),
        subject, text: $("em-text").value,
        inReplyTo: last ? last.id : null, references: last ? mails.map((m) => m.id) : [],
      });
      if (out.outcome === "rejected") { $("status").textContent = "Rejected: " + out.rejectReason; return; }
      own.push({ at: Date.now(), id: out.messageId, subject, text: $("em-text").value, mine: true });
      $("status").textContent = "Email delivered";
      $("em-text").value = "";
      $("em-subject").value = "";
      render();
    } catch (err) { $("status").textContent = String(err.message || err); }
  });
  function render() {
    const items = own.map((m) => ({ ...m, kind: "sent" })).concat(replies.map((r) => ({ at: r.at, subject: r.subject, text: r.text, inReplyTo: r.headers["In-Reply-To"] || "", kind: "reply" })));
    items.sort((a, b) => a.at - b.at);
    $("em-mails").replaceChildren(...items.map((m) => {
      const li = document.createElement("li");
      li.dataset.testid = m.kind === "reply" ? "em-reply" : "em-own";
      li.style.margin = "4px 0";
      li.style.paddingLeft = m.kind === "reply" ? "12px" : "0";
      li.textContent = (m.kind === "reply" ? "\\u21b3 " : "") + m.subject + " \\u2014 " + (m.text || "") + (m.inReplyTo ? " (in reply to " + m.inReplyTo + ")" : "");
      return li;
    }));
  }
  async function poll() {
    const support = $("em-support").value.trim();
    const from = $("em-from").value.trim();
    if (support && from) {
      const { sent } = await call("sent?from=" + encodeURIComponent(support) + "&to=" + encodeURIComponent(from)).catch(() => ({ sent: [] }));
      if (sent.length !== replies.length) { replies = sent; render(); }
    }
    setTimeout(poll, 1000);
  }
  poll();
})();`;
