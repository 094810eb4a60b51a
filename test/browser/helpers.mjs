// Shared helpers of the browser tests: one Chromium per test file, a fresh context (cookies,
// storage) per test, screenshots into test-artifacts/. Run through `npm run test:browser`,
// which starts the Worker and sets BASE_URL.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
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

let browser;

/** Call once at the top of a test file: launches Chromium before its tests and closes it after. */
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: LAUNCH_ARGS,
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
export async function withPage(t, fn, { viewport = VIEWPORTS.desktop } = {}) {
  if (!browser) throw new Error("Call useBrowser() at the top of the test file.");
  const context = await browser.newContext({ baseURL: BASE_URL, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  try {
    await fn(page, context);
    if (pageErrors.length > 0) {
      throw new Error(`Uncaught error in the page: ${pageErrors.map((e) => e.stack ?? e.message).join("\n")}`);
    }
  } catch (error) {
    await screenshot(page, `failed-${slug(t.name)}`).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the login form and waits for the app shell. */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** The newest development mail sent to `to`, from the Worker's outbox. */
export async function latestMail(to) {
  const response = await fetch(`${BASE_URL}/api/dev/outbox?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`GET /api/dev/outbox answered ${response.status}`);
  const { messages } = await response.json();
  return messages[0];
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
