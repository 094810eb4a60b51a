// Shared helpers of the browser tests: one Chromium per test file, a fresh context (cookies,
// storage) per test, screenshots into test-artifacts/, and lookups on the page. Run through
// `npm run test:browser`, which starts the Worker and sets BASE_URL.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { BASE_URL, DEMO_PASSWORD, eventually } from "./helpers-api.mjs";

// What a test sets up and reads outside the browser (the customer's phone, mail, the API): helpers-api.mjs.
export * from "./helpers-api.mjs";

export const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts");

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
  // The API's refusals with their problem+json (which code, which detail): told when the test fails.
  const refusals = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.status() < 400 || !url.pathname.startsWith("/api/")) return;
    const told = `${response.status()} ${response.request().method()} ${url.pathname}`;
    refusals.push(
      response.text().then(
        (body) => `${told}: ${body.slice(0, 500)}`,
        () => told,
      ),
    );
  });
  try {
    await fn(page, context);
    if (pageErrors.length > 0) {
      throw new Error(`Uncaught error in the page: ${pageErrors.map((e) => e.stack ?? e.message).join("\n")}`);
    }
  } catch (error) {
    await screenshot(page, `failed-${slug(t.name)}`).catch(() => {});
    // The app scrolls inside .page-scroll: the whole of it shows an error told above the fold.
    await screenshotWhole(page, `failed-${slug(t.name)}-whole`).catch(() => {});
    for (const text of consoleErrors.slice(-10)) t.diagnostic(`console error: ${text.slice(0, 2000)}`);
    for (const refusal of await Promise.all(refusals.slice(-10))) t.diagnostic(`API refused: ${refusal}`);
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

/** True when the page scrolls sideways, i.e. something does not fit the viewport's width. */
export function overflowsHorizontally(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/**
 * The tab's title once it is `expected` (a string, or a pattern it must match). A page sets its title
 * from an effect, after it has drawn: read at once, it may still be the previous page's.
 */
export function titleOf(page, expected) {
  const matches = (title) => (typeof expected === "string" ? title === expected : expected.test(title));
  return eventually(async () => {
    const title = await page.title();
    return matches(title) && title;
  }, `the page title ${expected}`);
}

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);
}

/** The room of a contact as the agent's list shows it. */
export function roomItem(page, name) {
  return page.locator(".room-list .room-item").filter({ hasText: name });
}

/**
 * The room of a contact in the open tab's list, showing older conversations until it is there: a room
 * whose customer wrote hours ago sorts below every newer one, past the first page once earlier tests
 * of the same server have opened enough rooms.
 */
export async function findRoomItem(page, name, timeoutMs = 20_000) {
  const item = roomItem(page, name);
  const older = page.getByRole("button", { name: "Show older conversations" });
  const deadline = Date.now() + timeoutMs;
  while ((await item.count()) === 0 && Date.now() < deadline) {
    if ((await older.isVisible()) && (await older.isEnabled())) await older.click();
    await page.waitForTimeout(200);
  }
  await item.first().waitFor({ timeout: Math.max(1, deadline - Date.now()) });
  return item;
}

/** The inbox tab called `name` (its accessible name may carry an unread badge). */
export function inboxTab(page, name) {
  return page.getByRole("tab", { name: new RegExp(`^${name}`) });
}

/**
 * Confirms an inline confirm (`group`) from the keyboard: once its `button` has the focus, which the
 * page moves there just after showing it (waited for, so a fast Enter does not race it), presses Enter.
 */
export async function confirmWithEnter(page, group, button) {
  await group.waitFor();
  const target = group.getByRole("button", { name: button, exact: true });
  await eventually(() => target.evaluate((el) => el === document.activeElement), `the focus on ${button}`);
  await page.keyboard.press("Enter");
}
