/**
 * The customer simulator page (development only): plain HTML, CSS and JS, no framework, no CDN.
 * It plays a customer's phone against the sandbox provider: pick or create a customer, chat as them
 * (text, image or other file, location, reactions), and watch the business's replies arrive with
 * their ticks (polled every 400 ms). Every API path is relative to where the page is served.
 *
 * Message bubbles carry `data-direction` from the platform's side, as the sandbox API does:
 * `in` = the customer's message to the business, `out` = the business's message to the customer.
 *
 * The other kinds a customer sends (issue 12: ad referral, order, flow and button replies, contact
 * cards, edit, revoke, unsupported) and the broadcasts each customer received (issue 13) are in
 * page-kinds.ts; WhatsApp calls (issue 14: call the business, answer its calls, voicemail, call
 * permission) in page-calls.ts; the CSS in page-style.ts, the script in page-script.ts.
 *
 * Templates (rule T3): the page lists the templates the sandbox holds with their status and
 * quality, says how to get one rejected (the marker word TEMPLATE_REJECT_MARKER in its header, body
 * or footer), and has a "Lower quality" action per template: as customers' bad reactions would, it
 * sends Meta's quality webhook one step down (HIGH -> MEDIUM -> LOW); LOW pauses an approved
 * template, and LOW again on a paused one disables it.
 */
import { TEMPLATE_REJECT_MARKER, TEMPLATE_REJECT_REASON, TEMPLATE_REVIEW_MS } from "./config";
import { CALLS_HTML, CALLS_SCRIPT } from "./page-calls";
import { CHANNELS_PANEL_HTML, CHANNELS_SCRIPT } from "./page-channels";
import { EMAIL_PANEL_HTML, EMAIL_SCRIPT } from "./page-email";
import { BROADCASTS_HTML, KINDS_FORM_HTML, KINDS_SCRIPT } from "./page-kinds";
import { SIMULATOR_SCRIPT } from "./page-script";
import { SIMULATOR_STYLE } from "./page-style";

export const SIMULATOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp sandbox - customer simulator</title>
<style>
${SIMULATOR_STYLE}</style>
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
${CALLS_HTML}
${BROADCASTS_HTML}
${CHANNELS_PANEL_HTML}
${EMAIL_PANEL_HTML}
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
${KINDS_FORM_HTML}
  </div>
</main>
<script>
${SIMULATOR_SCRIPT}
${KINDS_SCRIPT}
${CHANNELS_SCRIPT}
${EMAIL_SCRIPT}
${CALLS_SCRIPT}</script>
</body>
</html>
`;
