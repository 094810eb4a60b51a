// What a browser test sets up and reads outside the browser: the customer's phone (the sandbox
// simulator and signed webhooks), mailed codes and links, API sessions, files to upload, polling.
// Re-exported by helpers.mjs, which the tests import.
import { deflateSync } from "node:zlib";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8788";
export const DEMO_PASSWORD = "demo-password-1";

/** The newest development mail sent to `to`, from the Worker's outbox. */
export async function latestMail(to) {
  const response = await fetch(`${BASE_URL}/api/dev/outbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`GET /api/dev/outbox answered ${response.status}`);
  const { messages } = await response.json();
  return messages[0];
}

/** The id of the newest development mail to `to` (0 when none): mail with a higher id came later. */
export async function newestMailId(to) {
  return (await latestMail(to))?.id ?? 0;
}

/** Waits for a one-time code (rule T4) mailed to `to` after mail `afterId`; returns its 6 digits. */
export async function codeMailedTo(to, afterId) {
  const mail = await eventually(async () => {
    const newest = await latestMail(to);
    return newest && newest.id > afterId && /verification code/i.test(newest.subject) ? newest : null;
  }, `a verification code mailed to ${to}`);
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error(`no 6-digit code in the mail: ${mail.text}`);
  return code;
}

let phoneCounter = 0;
/** A fresh Indonesian WhatsApp number per call (never the sandbox's undeliverable 62800 prefix). */
export function uniquePhone() {
  phoneCounter += 1;
  const tail = `${Date.now() % 1_000_000}`.padStart(6, "0") + `${phoneCounter % 100}`.padStart(2, "0");
  return `62857${tail}`;
}

/** A fresh word for names a test makes (labels, templates) so that runs never meet each other's. */
export const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A CSV file for an upload input (setInputFiles): `lines` joined with CRLF. */
export const csvFile = (lines, name = "contacts.csv") => ({
  name,
  mimeType: "text/csv",
  buffer: Buffer.from(lines.join("\r\n")),
});

/** The customer writes from their phone: the sandbox simulator API, which signs and posts the webhook. */
export async function customerSays(waId, text, name) {
  const response = await fetch(`${BASE_URL}/sandbox/api/customers/${waId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "text", text, ...(name ? { name } : {}) }),
  });
  if (response.status !== 201) throw new Error(`simulator answered ${response.status}: ${await response.text()}`);
  return (await response.json()).message;
}

/** What the customer's phone shows: every message of the conversation, both ways. */
export async function customerConversation(waId) {
  const response = await fetch(`${BASE_URL}/sandbox/api/customers/${waId}/messages`);
  if (response.status !== 200) throw new Error(`simulator answered ${response.status}`);
  return (await response.json()).messages;
}

const SANDBOX = {
  appSecret: "sandbox-app-secret",
  phoneNumberId: "100000000000001",
  displayPhoneNumber: "6281100000001",
  wabaId: "200000000000001",
};

/**
 * A customer message sent `hoursAgo` hours ago, delivered now as Meta's signed webhook (the
 * simulator always sends "now"): how a test gets a room whose 24-hour window has expired.
 */
export async function customerSaidLongAgo(waId, name, text, hoursAgo) {
  const timestamp = Math.floor((Date.now() - hoursAgo * 3_600_000) / 1000);
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: SANDBOX.wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: SANDBOX.displayPhoneNumber, phone_number_id: SANDBOX.phoneNumberId },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: `wamid.BROWSERTEST${Date.now()}${Math.floor(Math.random() * 1e6)}`,
                  timestamp: String(timestamp),
                  type: "text",
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  await postSignedWebhook(body);
}

/** Posts `body` (JSON text) to the platform's WhatsApp webhook, signed with the sandbox app secret as Meta does. */
async function postSignedWebhook(body) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(SANDBOX.appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  const signature = `sha256=${Buffer.from(mac).toString("hex")}`;
  const response = await fetch(`${BASE_URL}/webhooks/whatsapp`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Hub-Signature-256": signature },
    body,
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
}

/** Meta's status webhook for a sent message, with what Meta bills (`conversation`, `pricing`; issue 12). */
export async function providerStatus(waId, status) {
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: SANDBOX.displayPhoneNumber, phone_number_id: SANDBOX.phoneNumberId },
    statuses: [{ recipient_id: waId, timestamp: String(Math.floor(Date.now() / 1000)), ...status }],
  };
  const body = {
    object: "whatsapp_business_account",
    entry: [{ id: SANDBOX.wabaId, changes: [{ field: "messages", value }] }],
  };
  await postSignedWebhook(JSON.stringify(body));
}

/** A signed-in API session for setting up a test (not for what the test checks). */
export async function apiAs(email, password = DEMO_PASSWORD) {
  const login = await fetch(`${BASE_URL}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE_URL },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login as ${email} answered ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const call = async (method, path, body) => {
    const response = await fetch(`${BASE_URL}${path}`, {
      method,
      headers: { cookie, origin: BASE_URL, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    me: await call("GET", "/api/me"),
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    patch: (path, body) => call("PATCH", path, body),
    put: (path, body) => call("PUT", path, body),
    delete: (path) => call("DELETE", path),
  };
}

/** The link of the newest mail to `to` that holds `/<path>?token=` (invitation, confirm-email, reset-password). */
export async function mailedLink(to, path) {
  const mail = await eventually(async () => {
    const newest = await latestMail(to);
    return newest?.text.includes(`/${path}?token=`) ? newest : null;
  }, `a ${path} link mailed to ${to}`);
  return mail.text.match(new RegExp(`https?://\\S+/${path}\\?token=\\S+`))?.[0];
}

/**
 * Adds a person for a test's setup the only way there is (rules A1, A4): `admin` (an `apiAs`)
 * invites; the person accepts the mailed invitation and (someone new) chooses `password` there.
 */
export async function addUserAs(admin, user, password) {
  const added = await admin.post("/api/users", user);
  const link = await mailedLink(user.email, "invitation");
  const token = new URL(link).searchParams.get("token");
  const response = await fetch(`${BASE_URL}/api/auth/invitation/accept`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, newPassword: password }),
  });
  if (response.status !== 204) throw new Error(`accepting the invitation of ${user.email}: ${response.status}`);
  return added;
}

/** Polls `fn` until it returns something truthy; throws with `what` after `timeoutMs`. */
export async function eventually(fn, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A valid PNG of `size` × `size` pixels in one color: a real image for upload tests. */
export function tinyPng(size = 8, rgb = [79, 70, 229]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolor
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A call to the sandbox's own API (the simulator and the template reviewer); no session needed. */
export async function sandboxPost(path, body) {
  const response = await fetch(`${BASE_URL}/sandbox/api${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /sandbox/api${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The customer sends a file from their phone (the simulator's multipart API). */
export async function customerSendsFile(waId, { bytes, filename, mimeType, caption }) {
  const form = new FormData();
  form.set("file", new Blob([bytes], { type: mimeType }), filename);
  if (caption) form.set("caption", caption);
  const response = await fetch(`${BASE_URL}/sandbox/api/customers/${waId}/messages`, { method: "POST", body: form });
  if (response.status !== 201) throw new Error(`simulator answered ${response.status}: ${await response.text()}`);
  return (await response.json()).message;
}
