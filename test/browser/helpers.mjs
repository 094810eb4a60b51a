// Shared helpers of the browser tests: one Chromium per test file, a fresh context (cookies,
// storage) per test, screenshots into test-artifacts/. Run through `npm run test:browser`,
// which starts the Worker and sets BASE_URL.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { deflateSync } from "node:zlib";
import { chromium } from "playwright-core";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8788";
export const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts");
export const DEMO_PASSWORD = "demo-password-1";

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
  narrow: { width: 360, height: 740 },
};

const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Calls (issue 14): a fake microphone and camera, allowed without asking; and real host addresses in
 * ICE candidates instead of mDNS names, which only the browser context that made them can resolve
 * (the two parties of a call test are often two contexts; Meta's side always has public addresses).
 */
const MEDIA_ARGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

let browser;

/**
 * Call once at the top of a test file: launches Chromium before its tests and closes it after.
 * `media: true` gives the pages a fake microphone that needs no permission prompt (call tests).
 */
export function useBrowser({ media = false } = {}) {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: media ? [...LAUNCH_ARGS, ...MEDIA_ARGS] : LAUNCH_ARGS,
    });
  });
  after(async () => {
    await browser?.close();
  });
}

/**
 * Runs `fn(page, context)` in a fresh browser context. Uncaught page errors fail the test; on
 * failure a screenshot named after the test is saved to test-artifacts/.
 */
export async function withPage(t, fn, { viewport = VIEWPORTS.desktop, locale, timezoneId } = {}) {
  if (!browser) throw new Error("Call useBrowser() at the top of the test file.");
  // Rule I13: a test may give the browser's language and time zone (e.g. "id-ID" and "UTC").
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport,
    ...(locale ? { locale } : {}),
    ...(timezoneId ? { timezoneId } : {}),
  });
  const page = await context.newPage();
  // Waits, not budgets (budgets live in bench/): two shards share two cores with their Chromiums, so a
  // page may take longer than on a quiet machine to show what it will show.
  page.setDefaultTimeout(20_000);
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  // What the page logged as errors (the error boundary logs what it caught): told when the test fails.
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  try {
    await fn(page, context);
    if (pageErrors.length > 0) {
      throw new Error(`Uncaught error in the page: ${pageErrors.map((e) => e.stack ?? e.message).join("\n")}`);
    }
  } catch (error) {
    await screenshot(page, `failed-${slug(t.name)}`).catch(() => {});
    for (const text of consoleErrors.slice(-10)) t.diagnostic(`console error: ${text.slice(0, 2000)}`);
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * Saves a screenshot as test-artifacts/<name>.png and returns its path: the full page, or with
 * `fullPage: false` exactly the viewport (for pages that scroll inside the app, not the document).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * The whole of a page that scrolls inside the app (`scroller`), not only what the viewport shows:
 * the viewport is made as tall as the content for the shot, then put back.
 */
export async function screenshotWhole(page, name, scroller = ".page-scroll") {
  const size = page.viewportSize();
  const height = await page.evaluate((selector) => {
    const el = document.querySelector(selector);
    return el ? Math.ceil(el.scrollHeight + el.getBoundingClientRect().top) : 0;
  }, scroller);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 8000)) });
  try {
    return await screenshot(page, name, { fullPage: false });
  } finally {
    await page.setViewportSize(size);
  }
}

/** Signs in through the login form and waits for the app shell (in English or, rule I13, Indonesian). */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^(Sign out|Keluar)$/ }).waitFor();
}

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

/** True when the page scrolls sideways, i.e. something does not fit the viewport's width. */
export function overflowsHorizontally(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);
}

// ---- the inbox: customers, the simulator and the API -----------------------------------------------

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

/** The room of a contact as the agent's list shows it. */
export function roomItem(page, name) {
  return page.locator(".room-list .room-item").filter({ hasText: name });
}

/** The inbox tab called `name` (its accessible name may carry an unread badge). */
export function inboxTab(page, name) {
  return page.getByRole("tab", { name: new RegExp(`^${name}`) });
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
